"""Parsing a page: lxml, with the characters it cannot take removed."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from summarizer.errors import ExtractionError, NotAnArticleError

# Characters that lxml cannot take, and a leading XML declaration (a str with one is refused).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


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
