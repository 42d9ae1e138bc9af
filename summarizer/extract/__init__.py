"""Article extraction: a web page (or plain text) -> a clean, typed ``Article``."""

from __future__ import annotations

from summarizer.extract.body import (
    FALLBACK_BELOW_WORDS,
    MAX_LINK_SHARE,
    MIN_ARTICLE_WORDS,
    PROSE_COVERAGE,
    extract_article,
    extract_text_article,
)

__all__ = [
    "FALLBACK_BELOW_WORDS",
    "MAX_LINK_SHARE",
    "MIN_ARTICLE_WORDS",
    "PROSE_COVERAGE",
    "extract_article",
    "extract_text_article",
]
