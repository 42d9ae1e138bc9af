"""A check the quote tests share: one quotation found, with its speaker, and verbatim."""

from __future__ import annotations

from summarizer.quotes import extract_quotes, find_quotations


def assert_one_quote(text: str, lang: str, quote: str, speaker: str | None) -> None:
    """``text`` holds one quotation, ``quote`` said by ``speaker`` (None: nobody named), and
    the quote found is the article's own text at its offset."""
    found = find_quotations(text, lang)
    assert [(q.text, q.speaker) for q in found] == [(quote, speaker)]
    (extracted,) = extract_quotes(text, lang)
    assert extracted.text == quote
    assert text[extracted.start : extracted.start + len(quote)] == quote  # verbatim
