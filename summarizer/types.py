"""Typed results of the news pipeline. Plain frozen dataclasses: no Telegram, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Scripts written without spaces between words: Thai, kana, CJK ideographs.
# Scripts written without spaces between words: Thai, kana, CJK ideographs (with extensions).
UNSPACED = re.compile(
    r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
)


def count_words(text: str) -> int:
    """Words in ``text``; a character of a script without spaces counts as half a word."""
    if not UNSPACED.search(text):
        return len(text.split())
    # What is left once those characters are taken out: words, and the brackets or punctuation
    # that stood next to them ("(王毅)" leaves "( )"), which are no words.
    spaced = [w for w in UNSPACED.sub(" ", text).split() if any(c.isalnum() for c in w)]
    return len(spaced) + len(UNSPACED.findall(text)) // 2


@dataclass(frozen=True, slots=True)
class Article:
    """A clean article: what extraction returns and what the cache stores."""

    url: str
    canonical_url: str
    title: str
    paragraphs: tuple[str, ...]
    author: str | None = None
    published: dt.date | None = None
    site: str | None = None
    language: str | None = None  # ISO 639-1, declared or detected
    # Real text, but under ``summarizer.extract.MIN_ARTICLE_WORDS`` words: too little to
    # summarise, so it is shown in full (extraction marks it; the cache keeps the mark).
    short: bool = False
    # Read from a file (a PDF, a plain-text file), not an HTML page: replies call it a document.
    document: bool = False

    @property
    def text(self) -> str:
        """The article body, paragraphs joined by blank lines (quote offsets refer to this)."""
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(count_words(p) for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation. ``text`` appears verbatim in the article text; a split quote
    (`"The forecasts," she said, "assume growth."`) is one quote whose ``spans`` are its parts,
    each verbatim there, and whose ``text`` joins them with " … "."""

    text: str
    speaker: str | None = None  # a full name, or a role as written; None when unknown
    cue: str | None = None  # the speech verb or cue ("said", "заявил", ":")
    start: int = -1  # character offset of ``text`` in the text it was found in (-1: unknown)
    spans: tuple[tuple[int, int], ...] = ()  # a split quote's parts, [start, end) offsets
    # words quoted inside the writer's sentence (`Trump called the deal "a disaster"`), not a
    # statement of their own: shown after full quotes, and marked as a fragment
    partial: bool = False

    def to_json(self) -> dict[str, str | bool | None]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "cue": self.cue,
            "partial": self.partial,
        }


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """An article with its summary and quotes: what the pipeline hands to handlers and the CLI."""

    article: Article
    summary: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()  # the key quotes, best first
    all_quotes: tuple[Quote, ...] = field(default=(), repr=False)  # every quote, in text order
    summarizer: str = ""  # what wrote the summary: "llm:<model>" or the local summariser's name

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape of ``newsbot summarize --json`` (other tools read these keys)."""
        a = self.article
        return {
            "url": a.url,
            "canonical_url": a.canonical_url,
            "title": a.title,
            "author": a.author,
            "published": a.published.isoformat() if a.published else None,
            "site": a.site,
            "language": a.language,
            "text": a.text,
            "word_count": a.word_count,
            "summary": list(self.summary),
            "quotes": [q.to_json() for q in self.quotes],
            "summarizer": self.summarizer or None,
        }
