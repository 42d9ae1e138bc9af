"""Answers to a question about one article: the sentences that answer it best, and (with a model
server) the model's answer from the article's text only, behind the faithfulness guard.

Without a model, :func:`best_sentences` ranks the article's sentences by Okapi BM25 against the
question: words are the summariser's tokens (CJK as character bigrams) of three letters or more, cut
to their first six letters so "closing" meets "closed" and "Brücke" meets "Brücken" in any
language without a stemmer per language. The two or three best are shown verbatim, marked as
extracts. BM25 rather than the encoder: it reads every language, needs no model in memory and
answers in a millisecond; the pinned encoder reads English only.

With a model, :func:`answer` asks it to answer from the article alone, checks every sentence of
the answer with the guard, and quotes the best-matching article sentences under it as support.
A model that fails, or whose answer the guard mostly drops, leaves the extracts alone, and the
reason is logged.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass

from summarizer.faithfulness import SourceFacts, check
from summarizer.summarizers.base import article_sentences, tokens
from summarizer.types import Article

logger = logging.getLogger(__name__)

__all__ = ["Answer", "best_sentences", "stems"]

EXTRACTS = "extracts"
_STEM = 6
_K1 = 1.5
_B = 0.75


def stems(text: str) -> list[str]:
    return [t[:_STEM] for t in tokens(text) if len(t) > 2 or t.isdigit()]


def best_sentences(article: Article, question: str, n: int = 3) -> list[str]:
    """Up to ``n`` article sentences that answer ``question`` best (BM25), best first; none when
    no sentence shares a word with the question."""
    sentences = article_sentences(article)
    query = set(stems(question))
    if not sentences or not query:
        return []
    bags = [Counter(stems(s)) for s in sentences]
    df = Counter(word for bag in bags for word in bag)
    average = sum(sum(bag.values()) for bag in bags) / len(bags) or 1.0
    total = len(sentences)
    scored: list[tuple[float, int]] = []
    for i, bag in enumerate(bags):
        length = sum(bag.values())
        score = 0.0
        for word in query:
            tf = bag.get(word, 0)
            if not tf:
                continue
            idf = math.log(1 + (total - df[word] + 0.5) / (df[word] + 0.5))
            score += idf * tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * length / average))
        if score > 0:
            scored.append((score, i))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [sentences[i] for _, i in scored[:n]]


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer to a question about an article."""

    question: str
    extracts: tuple[str, ...]  # article sentences, verbatim, best first
    text: tuple[str, ...] = ()  # the model's answer (guarded); empty without a model
    writer: str = EXTRACTS  # "llm:<model>" when ``text`` is the model's
    fallback_reason: str | None = None  # why a configured model's answer is not shown

    @property
    def from_model(self) -> bool:
        return bool(self.text)


def guarded_answer(article: Article, sentences: list[str], language: str | None) -> list[str]:
    """The answer's sentences that state only the article's numbers and names."""
    facts = SourceFacts.of(f"{article.title}\n\n{article.text}")
    result = check(sentences, facts, language)
    for dropped in result.dropped:
        logger.info("guard dropped a sentence of an answer: %s", ", ".join(dropped.missing))
    return [] if result.mostly_dropped else list(result.kept)
