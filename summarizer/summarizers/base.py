"""What every summarizer shares: the :class:`Summarizer` protocol, the article's sentences and
word tokens (so the extractive and abstractive summarizers read an article the same way).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Protocol

from summarizer.sentences import split_sentences
from summarizer.types import Article

__all__ = [
    "ArticleSentence",
    "Summarizer",
    "article_sentences",
    "lead_sentences",
    "repeats_title",
    "split_article",
    "tokens",
]


class Summarizer(Protocol):
    """Anything that turns an article into ``sentences`` summary sentences (synchronous)."""

    name: str

    def summarize(self, article: Article, sentences: int = 3) -> list[str]: ...


# --- sentences ---------------------------------------------------------------------------------

_AGENCIES = (
    r"CNN|AP|AFP|Reuters|UPI|dpa|DPA|ANSA|EFE|Xinhua|Bloomberg|TASS|Interfax|РИА Новости|ТАСС"
)
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.,'’ -]{0,48}?\s*)?\((?:" + _AGENCIES + r")\)\s*(?:--|—|–|-|:)?\s*"
    r"|^[A-Z][A-Z.,' -]{2,40}\s(?:--|—|–)\s+"
)


# A reporter's tag at the start of a paragraph: "[엔터미디어=정덕현의 이슈공감]", "[서울=뉴시스]",
# "[홍길동 기자]", "【北京=共同】": a byline, not part of the sentence.
_BYLINE_TAG = re.compile(
    r"^\s*[\[【〔](?=[^\]】〕]{1,40}[\]】〕])[^\]】〕]*(?:=|기자|記者|특파원)[^\]】〕]*[\]】〕]\s*"
)


@dataclass(frozen=True, slots=True)
class ArticleSentence:
    """One sentence of an article, with where it stands (stage 1)."""

    text: str
    paragraph: int  # index of its paragraph
    alone: bool  # the whole paragraph (a heading or subtitle when it has no final mark)


def split_article(article: Article) -> list[ArticleSentence]:
    """The article's sentences paragraph by paragraph, datelines and byline tags removed."""
    out: list[ArticleSentence] = []
    for number, paragraph in enumerate(article.paragraphs):
        parts = split_sentences(paragraph, article.language)
        if parts:
            tagged = _BYLINE_TAG.sub("", parts[0], count=1).strip()
            if tagged and tagged != parts[0]:
                parts[0] = tagged
        if not out and parts:
            first = _DATELINE.sub("", parts[0], count=1).strip()
            if first and first[0].isalpha() and first != parts[0]:
                parts[0] = first[0].upper() + first[1:]
        out.extend(ArticleSentence(p, number, len(parts) == 1) for p in parts if p)
    return out


def article_sentences(article: Article) -> list[str]:
    """The article's sentences, paragraph by paragraph, the leading dateline removed."""
    return [s.text for s in split_article(article)]


def lead_sentences(article: Article, sentences: int = 3) -> list[str]:
    """The Lead-N baseline: the first ``sentences`` sentences, with the same splitter."""
    return article_sentences(article)[: max(0, sentences)]


# --- tokens --------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; runs of CJK characters become character bigrams."""
    out: list[str] = []
    for word in _WORD.findall(text.lower()):
        if _CJK.search(word):
            chars = [c for c in word if not c.isdigit()]
            out.extend(a + b for a, b in itertools.pairwise(chars))
            if len(chars) == 1:
                out.append(chars[0])
        else:
            out.append(word)
    return out


def repeats_title(sentence: str, title: str) -> bool:
    """True when ``sentence`` says the title again (same words, give or take one or two)."""
    a, b = set(tokens(sentence)), set(tokens(title))
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / len(a) >= 0.8 and shared / len(b) >= 0.8
