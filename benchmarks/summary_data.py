"""Summary records and ROUGE scoring shared by the summary benchmark and the scorer trainer.

A record is one JSONL line with ``article`` and ``summary`` (the reference); ``title`` and
``duplicate_of`` are used when present. Articles become :class:`summarizer.types.Article`
values with one paragraph per blank-line-separated block, as extraction would give them.

ROUGE is rouge-score's ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 ×100 with the Porter stemmer; for
ROUGE-Lsum each side's sentences are joined with newlines (the reference is split with newsbot's
splitter, the same one every method uses). :class:`NgramRouge` gives the same ROUGE-1/2 figures
from sentences tokenised once, for training (it tries thousands of selections per article).

``references_all`` (SummEval: the original highlight and ten crowd-written summaries) is kept as
:attr:`Record.references` for training; the benchmark scores against ``summary`` only.
"""

from __future__ import annotations

import itertools
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from summarizer.sentences import split_sentences
from summarizer.types import Article

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
_BLOCKS = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    article: Article
    reference: str
    references: tuple[str, ...] = ()  # every reference (``references_all``), else ``reference``

    def all_references(self) -> tuple[str, ...]:
        return self.references or (self.reference,)


def read_records(path: Path, *, limit: int | None = None, language: str = "en") -> list[Record]:
    """The records of a JSONL file, skipping marked duplicates."""
    out: list[Record] = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f):
            if not line.strip():
                continue
            data = json.loads(line)
            if data.get("duplicate_of"):
                continue
            paragraphs = tuple(p.strip() for p in _BLOCKS.split(data["article"]) if p.strip())
            article = Article(
                url="",
                canonical_url="",
                title=str(data.get("title") or ""),
                paragraphs=paragraphs,
                language=language,
            )
            references = tuple(str(r) for r in data.get("references_all") or ())
            out.append(
                Record(str(data.get("id", number)), article, str(data["summary"]), references)
            )
            if limit is not None and len(out) >= limit:
                break
    return out


@dataclass(frozen=True, slots=True)
class RougeScores:
    rouge1: float
    rouge2: float
    rougeLsum: float  # rouge-score's name
    n: int

    def to_json(self) -> dict[str, float | int]:
        return {
            "rouge1": round(self.rouge1, 2),
            "rouge2": round(self.rouge2, 2),
            "rougeLsum": round(self.rougeLsum, 2),
            "n": self.n,
        }


class Rouge:
    """rouge-score with the stemmer; references are split once and cached."""

    def __init__(self) -> None:
        from rouge_score import rouge_scorer  # here: the speed benchmark's memory leaves it out

        self._scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
        self._refs: dict[str, str] = {}

    def pair(self, reference: str, summary: Sequence[str]) -> dict[str, float]:
        ref = self._refs.get(reference)
        if ref is None:
            ref = self._refs[reference] = "\n".join(split_sentences(reference))
        scores = self._scorer.score(ref, "\n".join(summary))
        return {name: scores[name].fmeasure * 100 for name in ROUGE_TYPES}

    def mean(self, pairs: Iterable[tuple[str, Sequence[str]]]) -> RougeScores:
        rows = [self.pair(ref, summary) for ref, summary in pairs]
        if not rows:
            return RougeScores(0.0, 0.0, 0.0, 0)
        mean = {name: statistics.fmean(row[name] for row in rows) for name in ROUGE_TYPES}
        return RougeScores(mean["rouge1"], mean["rouge2"], mean["rougeLsum"], n=len(rows))


Ngrams = tuple[Counter[str], Counter[tuple[str, str]]]


def _f1(reference: Counter[str] | Counter[tuple[str, str]], summary: Counter[object]) -> float:
    overlap = sum((reference & summary).values())  # type: ignore[operator]
    if overlap == 0:
        return 0.0
    precision = overlap / sum(summary.values())
    recall = overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


class NgramRouge:
    """rouge-score's ROUGE-1/2 F1 ×100 (same tokenizer and stemmer) from pre-tokenised text.

    A summary's tokens are its sentences' tokens in order (rouge-score tokenises the
    newline-joined text word by word), so sentences are tokenised once and selections are scored
    by counting n-grams: the figures equal :meth:`Rouge.pair`'s rouge1 and rouge2.
    """

    def __init__(self) -> None:
        from rouge_score import tokenizers

        self._tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)

    def tokens(self, text: str) -> list[str]:
        return list(self._tokenizer.tokenize(text))

    def reference(self, text: str) -> Ngrams:
        words = self.tokens("\n".join(split_sentences(text)))
        return Counter(words), Counter(itertools.pairwise(words))

    @staticmethod
    def score(reference: Ngrams, words: Sequence[str]) -> tuple[float, float]:
        """(ROUGE-1, ROUGE-2) F1 ×100 of a summary whose tokens are ``words``."""
        unigrams: Counter[object] = Counter(words)
        bigrams: Counter[object] = Counter(itertools.pairwise(words))
        return _f1(reference[0], unigrams) * 100, _f1(reference[1], bigrams) * 100


def iter_pairs(
    records: Sequence[Record], summaries: Sequence[Sequence[str]]
) -> Iterator[tuple[str, Sequence[str]]]:
    return zip((r.reference for r in records), summaries, strict=True)
