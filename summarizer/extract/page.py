"""Parsing a page: lxml, with the characters it cannot take removed."""

from __future__ import annotations

import re
from typing import Any

import ftfy
from lxml import etree
from lxml import html as lxml_html

from summarizer.errors import ExtractionError, NotAnArticleError

# Characters that lxml cannot take, and a leading XML declaration (a str with one is refused).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Mojibake: UTF-8 read as Latin-1 or windows-1252 before the page reached us ("Investorâ€™s",
# "Ã©tÃ©"). Its sign is a lead byte's character (Â to ô) before a continuation byte's (U+0080 to
# U+00BF, or what windows-1252 puts there: ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ €).
_MOJIBAKE_SIGN = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac"
    "\u2122]"
)


_MOJIBAKE_CONTEXT = 64  # characters each side of a sign, up to the word's ends, given to ftfy
_WORD_ENDS = frozenset(" \t\r\n<>\"'")


def repair_mojibake(text: str) -> str:
    """``text`` with mojibake undone ("Investorâ€™s" -> "Investor’s"), in time linear in its
    length (a page's whole HTML). Only the words with its sign go to ftfy, and only to ftfy's
    encoding repair: quotation marks, widths and ligatures stay as written, and words that are
    right as they are ("allé»", "«ÉTÉ»") come back unchanged."""
    pieces: list[str] = []
    done = 0
    for sign in _MOJIBAKE_SIGN.finditer(text):
        if sign.start() < done:
            continue  # inside a word already repaired
        start, end = sign.start(), sign.end()
        floor = max(done, start - _MOJIBAKE_CONTEXT)
        ceiling = min(len(text), end + _MOJIBAKE_CONTEXT)
        while start > floor and text[start - 1] not in _WORD_ENDS:
            start -= 1
        while end < ceiling and text[end] not in _WORD_ENDS:
            end += 1
        pieces += (text[done:start], ftfy.fix_encoding(text[start:end]))
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _parse(html: str) -> Any:
    if not isinstance(html, str):
        raise ExtractionError("the page is not text")
    text = _XML_DECL.sub("", _BAD_CHARS.sub("", html), count=1)
    if not text.strip():
        raise NotAnArticleError("no article found: the page is empty")
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        tree = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise NotAnArticleError("no article found: the page has no readable HTML") from err
    if tree is None:
        raise NotAnArticleError("no article found: the page has no readable HTML")
    return tree
