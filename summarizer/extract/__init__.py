"""Article extraction: a web page (or plain text) -> a clean, typed ``Article``.

``extract_article(html, url, final_url=...)`` is synchronous and CPU-bound; the pipeline runs it
in a thread. It raises ``NotAnArticleError`` for pages that are not articles (login and cookie
walls, index pages, pages with almost no text) and ``ExtractionError`` for anything else that
goes wrong: never another exception type, whatever the input.

The stages, in order (modules of this package: ``page`` parses, ``metadata`` reads what the page
says about itself, ``body`` finds and cleans the paragraphs with the rules in ``boilerplate``,
``text`` reads plain-text articles, ``pdf`` reads the text layer of PDF documents):

1. Parse once with lxml and read the page's own metadata: JSON-LD, OpenGraph, ``<meta>``,
   ``<link rel=canonical>``, ``<html lang>``.
2. Extract the body with trafilatura's default options: the same text ``trafilatura.extract``
   returns.
3. Apply only the corrections that held up leave-one-data-set-out (``body.DEFAULT_RULES``; the
   selection is ``python -m benchmarks.extraction --all``, figures in docs/benchmarks.md): drop
   trafilatura's comment section and a line that repeats the headline; take readability-lxml's
   text when trafilatura's is clearly incomplete (readability holds 80% of it and 1.5 times its
   words); when trafilatura finds almost nothing, the JSON-LD ``articleBody`` or readability.
   Other boilerplate rules (``boilerplate``) stay selectable but off: they lost on held-out sets.
4. Refuse junk: almost no text (under ``MIN_TEXT_WORDS`` words once placeholder lines such as
   "Page not found" are left out), a login or cookie wall, a list of links, an index page. A
   page with real but little text (under ``MIN_ARTICLE_WORDS`` words) is served, marked
   ``Article.short``: the bot shows such a text in full instead of summarising it.
5. Metadata: title (site suffix stripped), author (labels and roles stripped: "Analysis by X,
   CNN Editor-at-large" is X), date, site (``og:site_name``, ``application-name`` or the
   JSON-LD publisher, the one that names the host first; else the title's site suffix or the
   host), canonical URL, language; the page's own statements first, trafilatura's metadata
   search only for the author, date and title they leave open.
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
from summarizer.extract.text import MIN_ARTICLE_WORDS, MIN_TEXT_WORDS, extract_text_article

__all__ = [
    "FALLBACK_BELOW_WORDS",
    "MAX_LINK_SHARE",
    "MIN_ARTICLE_WORDS",
    "MIN_TEXT_WORDS",
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
