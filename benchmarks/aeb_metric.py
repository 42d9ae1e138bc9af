"""Scoring for the extraction benchmark.

Two kinds of truth:

* ``{"articleBody": ...}``: the Article Extraction Benchmark's metric (Zyte/Scrapinghub
  ``evaluate.py``): 4-token shingles, per-document tp/fp/fn normalised to sum to 1, precision and
  recall averaged over documents, F1 the harmonic mean of the two averages.
* ``{"with": [...], "without": [...]}``: whitespace-normalised substring matching; a found
  ``with`` segment is a true positive, a missing one a false negative, a found ``without``
  segment a false positive; precision, recall and F1 are micro-summed.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE_SIZE = 4
# The benchmark's tokeniser, flags and all: any run of word characters, in any script.
_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives and false negatives of one document."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float


def _shingles(text: str, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text or "")
    # A text shorter than n tokens is one shingle of all its tokens (none when it has none).
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def shingle_counts(true: str, pred: str) -> Counts:
    """Shingle tp/fp/fn of one document, normalised so that tp + fp + fn = 1 (if any)."""
    true_sh, pred_sh = _shingles(true), _shingles(pred)
    tp = float(sum((true_sh & pred_sh).values()))
    fp = float(sum((pred_sh - true_sh).values()))
    fn = float(sum((true_sh - pred_sh).values()))
    total = tp + fp + fn
    if total > 0:
        return Counts(tp / total, fp / total, fn / total)
    return Counts(tp, fp, fn)


def _precision(c: Counts) -> float:
    if c.fp == c.fn == 0:
        return 1.0
    if c.tp == c.fp == 0:
        return 0.0
    return c.tp / (c.tp + c.fp)


def _recall(c: Counts) -> float:
    if c.fp == c.fn == 0:
        return 1.0
    if c.tp == c.fn == 0:
        return 0.0
    return c.tp / (c.tp + c.fn)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def aeb_scores(counts: Sequence[Counts]) -> Scores:
    """Mean precision over documents with tp+fp > 0, mean recall over those with tp+fn > 0."""
    precisions = [_precision(c) for c in counts if c.tp + c.fp > 0]
    recalls = [_recall(c) for c in counts if c.tp + c.fn > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    return Scores(precision, recall, _f1(precision, recall))


def normalize_space(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def segment_counts(pred: str, with_: Iterable[str], without: Iterable[str]) -> Counts:
    """Raw (not normalised) tp/fp/fn of one document under with/without truth."""
    text = normalize_space(pred)
    tp = fn = fp = 0
    for segment in with_:
        if normalize_space(segment) in text:
            tp += 1
        else:
            fn += 1
    for segment in without:
        if normalize_space(segment) in text:
            fp += 1
    return Counts(float(tp), float(fp), float(fn))


def micro_scores(counts: Sequence[Counts]) -> Scores:
    """Micro-summed precision, recall and F1."""
    tp = sum(c.tp for c in counts)
    fp = sum(c.fp for c in counts)
    fn = sum(c.fn for c in counts)
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return Scores(precision, recall, _f1(precision, recall))
