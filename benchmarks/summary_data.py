"""Summary records and ROUGE scoring shared by the summary benchmark and the scorer trainer.

A record is one JSONL line with ``article`` and ``summary`` (the reference); ``title`` and
``duplicate_of`` are used when present. Articles become :class:`summarizer.types.Article`
values with one paragraph per blank-line-separated block, as extraction would give them.

ROUGE is rouge-score's ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 ×100 with the Porter stemmer; for
ROUGE-Lsum each side's sentences are joined with newlines (the reference is split with newsbot's
splitter, the same one every method uses).
"""

from __future__ import annotations

import json
import re
import statistics
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
            out.append(Record(str(data.get("id", number)), article, str(data["summary"])))
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


def iter_pairs(
    records: Sequence[Record], summaries: Sequence[Sequence[str]]
) -> Iterator[tuple[str, Sequence[str]]]:
    return zip((r.reference for r in records), summaries, strict=True)
