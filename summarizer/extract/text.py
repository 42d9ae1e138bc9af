"""Plain-text articles, and the small text and URL helpers every extraction stage shares."""

from __future__ import annotations

import re

from summarizer.errors import ExtractionError, NotAnArticleError
from summarizer.extract.page import _BAD_CHARS, repair_mojibake
from summarizer.language import detect_language
from summarizer.types import Article, count_words
from summarizer.urls import clean_url, site_of

# Words (CJK and Thai characters count half a word) that an article needs to be summarised: a
# page with less text is served as it is, in full, marked ``Article.short``.
MIN_ARTICLE_WORDS = 40
# Below this many words a page has no text to show, only a label: a heading, a button, "Page not
# found", "Loading…" (a headline has about ten words, the shortest sentence that says something
# three to five). Such a page is refused ("almost no text"), as are walls and index pages.
MIN_TEXT_WORDS = 5

_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[\W_]+")


def extract_text_article(text: str, url: str) -> Article:
    """Build an article from plain text: title = a short first line, paragraphs = blank-line blocks.

    Single line breaks inside a block are hard wrapping and become spaces, unless the text has no
    blank lines at all, in which case every line is a paragraph.
    """
    try:
        return _extract_text(text, url)
    except ExtractionError:
        raise
    except Exception as err:
        raise ExtractionError(f"could not read the text: {type(err).__name__}") from err


# --------------------------------------------------------------------------- plain text


def _extract_text(text: str, url: str) -> Article:
    text = _BAD_CHARS.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) == 1:
        blocks = [line for line in blocks[0].split("\n") if line.strip()] if blocks else []
    title = ""
    if len(blocks) > 1:
        first_lines = blocks[0].split("\n")
        candidate = _norm(first_lines[0])
        if 0 < len(candidate) <= 150 and not candidate.endswith((".", ",", ";")):
            title = repair_mojibake(candidate)
            rest = "\n".join(first_lines[1:]).strip()
            blocks = ([rest] if rest else []) + blocks[1:]
    paragraphs = tuple(p for p in (repair_mojibake(_norm(b)) for b in blocks) if p)
    body = "\n\n".join(paragraphs)
    words = count_words(body)
    if words < MIN_TEXT_WORDS:
        raise NotAnArticleError("no article found: the text is too short")
    if not title:
        title = _shorten(paragraphs[0], 100)
    canonical = clean_url(url)
    return Article(
        url=url,
        canonical_url=canonical,
        title=title,
        paragraphs=paragraphs,
        site=_safe_site(url),
        language=detect_language(body),
        short=words < MIN_ARTICLE_WORDS,
        document=True,
    )


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _alnum(text: str) -> str:
    """Letters and digits only, lower-cased: a key that ignores spacing and punctuation."""
    return _NON_ALNUM.sub("", text.lower())


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _safe_site(url: str) -> str | None:
    """The site of ``url``; None when it has no host."""
    return site_of(url) or None
