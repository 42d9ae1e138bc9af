"""What every summarizer shares: the :class:`Summarizer` protocol, the article's sentences and
word tokens (so the extractive and abstractive summarizers read an article the same way).
"""

from __future__ import annotations

import itertools
import re
from typing import Protocol

from summarizer.sentences import split_sentences
from summarizer.types import Article

__all__ = ["Summarizer", "article_sentences", "lead_sentences", "repeats_title", "tokens"]


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


def article_sentences(article: Article) -> list[str]:
    """The article's sentences, paragraph by paragraph, the leading dateline removed."""
    out: list[str] = []
    for paragraph in article.paragraphs:
        out.extend(split_sentences(paragraph, article.language))
    if out:
        first = _DATELINE.sub("", out[0], count=1).strip()
        if first and first[0].isalpha() and first != out[0]:
            out[0] = first[0].upper() + first[1:]
    return out


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
