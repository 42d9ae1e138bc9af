"""Summarisers: the extractive default, and the choice between it and a transformers model.

``build_summarizer(spec)`` reads ``NEWSBOT_SUMMARIZER``'s value:

- ``None``, ``""`` or ``"extractive"``: :class:`ExtractiveSummarizer`, lexical features only (no
  model: fast, small, any language);
- ``"extractive+encoder"``: the same scorer with the sentence encoder for title
  similarity (English only; other languages keep the lexical features);
- ``"transformers:<model name or local path>"``: an abstractive model through ``generate``
  (``abstractive``), falling back to the extractive one, with a logged warning, when
  it cannot load or fails on an article.

The summarizers share one protocol, :class:`Summarizer` (``base``); ``extractive``, ``encoder``
(the sentence encoder behind ``extractive+encoder`` and the digest's story grouping) and
``abstractive`` each hold one of them, and none imports another's module but ``base``.

``llm`` is one more: a model server (``NEWSBOT_LLM_URL``), not chosen here but by the pipeline
when the URL is set, since it is async and falls back on the summariser chosen here.
"""

from __future__ import annotations

from summarizer.errors import SummarizerError
from summarizer.summarizers.base import Summarizer
from summarizer.summarizers.extractive import ExtractiveSummarizer

__all__ = ["ExtractiveSummarizer", "Summarizer", "build_summarizer"]


def build_summarizer(spec: str | None = None, *, encoder: str | None = None) -> Summarizer:
    """The summariser that ``spec`` (``NEWSBOT_SUMMARIZER``) names; see the module docstring.

    ``encoder`` (``NEWSBOT_ENCODER``) names the sentence encoder for ``extractive+encoder``: a
    local folder or an offline hub name; None for the pinned MiniLM package.
    """
    value = (spec or "").strip()
    if value in ("", "extractive"):
        return ExtractiveSummarizer()
    if value == "extractive+encoder":
        from summarizer.summarizers.encoder import load_encoder

        return ExtractiveSummarizer(encoder=load_encoder(encoder))
    if value.startswith("transformers:"):
        from summarizer.summarizers.abstractive import build_abstractive

        return build_abstractive(value.removeprefix("transformers:"), ExtractiveSummarizer())
    raise SummarizerError(
        f"unknown summariser {value!r}: use 'extractive', 'extractive+encoder' or "
        "'transformers:<model name or path>'"
    )
