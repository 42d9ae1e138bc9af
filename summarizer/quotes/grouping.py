"""Quotations with their parts grouped: the quote finder's public output.

    find_quotations(text, language) -> list[Quotation] quotations with their parts grouped
    extract_quotes(text, language) -> list[Quote]      every quotation, in text order

The stages behind it (see the package's docstring) live in ``marks``, ``attribution``
(with ``lexicon``) and ``speakers``. Every quote's text is checked to appear verbatim at its
offset.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from summarizer.quotes.attribution import Group, PartialCandidate, attribute
from summarizer.types import Quote

logger = logging.getLogger(__name__)

__all__ = ["Quotation", "extract_quotes", "find_quotations", "join_parts"]

_MAX_CHARS = 2_000_000  # longer input is cut: no article is this long
_WORD_RE = re.compile(r"\w+")
_TRAILING = " \t\n\u00a0,;"


@dataclass(frozen=True, slots=True)
class Quotation:
    """One thing someone said: its quoted parts (a split quote has several), speaker and cue."""

    parts: tuple[Quote, ...]
    speaker: str | None
    cue: str | None
    partial: bool = False  # words quoted inside the writer's sentence: `called it "a mess"`

    @property
    def text(self) -> str:
        return join_parts([p.text for p in self.parts])

    def as_quote(self) -> Quote:
        """The quotation as one quote: a split quote's parts joined, their offsets kept."""
        if len(self.parts) == 1:
            return self.parts[0]
        first = self.parts[0]
        spans = tuple((p.start, p.start + len(p.text)) for p in self.parts)
        return Quote(self.text, self.speaker, self.cue, first.start, spans, self.partial)


def join_parts(parts: list[str]) -> str:
    """A split quote's parts as one text, joined by " … " (`The revenue forecasts … assume a
    growth rate …`): each part stays verbatim, and a reader can tell where words were left out."""
    return " … ".join(parts)


def find_quotations(
    text: str, language: str | None = None, *, trace: list[PartialCandidate] | None = None
) -> list[Quotation]:
    """Every direct quotation in ``text``, in text order, with split parts kept together.

    A partial quote (words quoted inside the writer's sentence, `Trump called the deal "a
    disaster"`) is returned only with its speaker, marked ``partial``. ``trace`` receives every
    partial-quote candidate as judged (for the benchmarks). Never raises: on unexpected input it
    logs and returns what it can (nothing).
    """
    if not isinstance(text, str) or not text:  # callers are typed; this guards the untyped
        return []  # type: ignore[unreachable,unused-ignore]
    if language is not None and not isinstance(language, str):
        language = None  # type: ignore[unreachable,unused-ignore]
    body = text[:_MAX_CHARS]
    try:
        groups = attribute(body, language, trace)
    except Exception:  # a quote finder must never take the summary down with it
        logger.exception("quote extraction failed on a %d-character text", len(body))
        return []
    quotations: list[Quotation] = []
    for group in groups:
        parts = []
        for span in group.parts:
            quote = _quote(body, span.start, span.end, group)
            if quote is not None:
                parts.append(quote)
        if parts:
            quotations.append(Quotation(tuple(parts), group.speaker, group.cue, group.partial))
    return quotations


def _quote(text: str, start: int, end: int, group: Group) -> Quote | None:
    words = text[start:end].rstrip(_TRAILING)
    if not _WORD_RE.search(words):
        return None
    quote = Quote(words, group.speaker, group.cue, start, partial=group.partial)
    if text[quote.start : quote.start + len(quote.text)] != quote.text:  # verbatim, always
        logger.warning("dropped a quote that is not verbatim at %d", start)
        return None
    return quote


def extract_quotes(text: str, language: str | None = None) -> list[Quote]:
    """Every direct quotation in ``text`` in text order, a split quote as one quote.

    ``text`` is an article body, paragraphs separated by blank lines or single newlines;
    ``language`` is an ISO 639-1 code, or None to try every language's cues. Each quote's
    ``start`` is the offset of its text in ``text`` (of its first part, for a split quote,
    whose ``spans`` give every part).
    """
    return [q.as_quote() for q in find_quotations(text, language)]
