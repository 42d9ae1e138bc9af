"""Article extraction: a web page (or plain text) -> a clean, typed ``Article``.

``extract_article(html, url, final_url=...)`` is synchronous and CPU-bound; the pipeline runs it
in a thread. It raises ``NotAnArticleError`` for pages that are not articles (login and cookie
walls, index pages, near-empty pages) and ``ExtractionError`` for anything else that goes wrong:
never another exception type, whatever the input.

The stages, in order (modules of this package: ``page`` parses, ``metadata`` reads what the page
says about itself, ``body`` finds and cleans the paragraphs with the rules in ``boilerplate``,
``text`` reads plain-text articles, ``pdf`` reads the text layer of PDF documents):

1. Parse once with lxml and read the page's own metadata: JSON-LD, OpenGraph, ``<meta>``,
   ``<link rel=canonical>``, ``<html lang>``; remove inline pop-ups (hover cards, tooltips).
2. Extract the body with trafilatura (comments off, links kept so link density can be measured).
3. Turn trafilatura's XML body into paragraphs: list items, table rows and ``<br>``-separated
   lines split, link share recorded per paragraph.
4. Cut what leaks through: headings (except questions), captions and credits, bylines, time
   stamps, "read more" and related-link lines, newsletter and promo boxes, share and follow
   prompts, whole sections under furniture headings ("Related", "Comments", "About Acme"),
   repeated blocks and pull quotes.
5. When trafilatura finds too little, fall back to JSON-LD ``articleBody`` or readability-lxml.
6. Refuse junk: too little text, a login or cookie wall, a list of links, an index page.
7. Metadata: title (site suffix stripped), author, date, site, canonical URL, language; the
   page's own statements first, trafilatura's metadata search only for what they leave open.
"""

from __future__ import annotations

from summarizer.extract.body import (
    FALLBACK_BELOW_WORDS,
    MAX_LINK_SHARE,
    PROSE_COVERAGE,
    extract_article,
)
from summarizer.extract.pdf import (
    CorruptPdfError,
    EncryptedPdfError,
    NoTextLayerError,
    PdfError,
    PdfLimits,
    PdfTooLargeError,
    extract_pdf_article,
    is_pdf,
)
from summarizer.extract.text import MIN_ARTICLE_WORDS, extract_text_article

__all__ = [
    "FALLBACK_BELOW_WORDS",
    "MAX_LINK_SHARE",
    "MIN_ARTICLE_WORDS",
    "PROSE_COVERAGE",
    "CorruptPdfError",
    "EncryptedPdfError",
    "NoTextLayerError",
    "PdfError",
    "PdfLimits",
    "PdfTooLargeError",
    "extract_article",
    "extract_pdf_article",
    "extract_text_article",
    "is_pdf",
]
