"""Which partial quotes the quote finder keeps: ``python -m benchmarks.quotes_partial``.

    python -m benchmarks.quotes_partial [--data-dir DIR] [--l2 L2]

A partial quote is words quoted inside the writer's sentence (`Trump called the deal "a
disaster"`). The quote finder keeps one when ``attribution._keep_partial`` holds: at least
``_MIN_PARTIAL_CHAR_SHARE`` of the characters of the statement it reports are inside its marks
and it has ``_MIN_PARTIAL_WORDS`` words. This script:

1. runs the quote finder on both PolNeAR splits keeping *every* attributed partial quote, and
   labels each candidate by whether it matches a gold direct quote (``benchmarks.quotes``'s
   matching, on that keep-all run), with its features (``attribution.PARTIAL_FEATURES``);
2. scores a threshold grid (character share x fewest words, with or without a speaker required)
   on both splits: the cell best on **dev** is the shipped one; it is reported on train
   (which it never chose on), and leave one split out both ways, beside the rule it replaced
   (60% of the statement's words, three words) on every row;
3. fits an L2-regularised logistic regression on train (numpy, Newton steps) over all the
   features, threshold chosen on dev, as the learned alternative.

F1 here is computed from the keep-all run by filtering its predictions, which can differ
slightly from a fresh run (kept quotes feed name resolution); ``benchmarks.quotes`` gives the
figures to report.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from benchmarks.quotes import Gold, Prediction, body_of, gold_of, match, read_jsonl
from summarizer.quotes import attribution, find_quotations
from summarizer.quotes.attribution import PARTIAL_FEATURES, PartialCandidate

Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


@dataclass(slots=True)
class _Article:
    preds: list[Prediction]
    candidate: list[int]  # per prediction: index into the split's candidates, or -1
    golds: list[Gold]


@dataclass(slots=True)
class Split:
    articles: list[_Article]
    features: Array  # candidates x features
    labels: Array  # 1.0 where the candidate matched a gold quote in the keep-all run
    old_rule: Array  # 1.0 where the replaced rule kept it
    speaker: Array  # 1.0 where the candidate has a speaker
    texts: list[str]


def collect(articles: list[dict[str, Any]]) -> Split:
    """Every attributed partial quote of ``articles``, kept, with its features and label."""
    attribution._keep_all_partials = True
    out: list[_Article] = []
    feats: list[tuple[float, ...]] = []
    labels: list[float] = []
    speaker: list[float] = []
    texts: list[str] = []
    try:
        for article in articles:
            body = body_of(article)
            trace: list[PartialCandidate] = []
            quotations = find_quotations(body, "en", trace=trace)
            by_start = {c.start: c for c in trace}
            preds = [Prediction(q.text, q.speaker) for q in quotations]
            golds = gold_of(article)
            matched = {i for i, _ in match(preds, golds)}
            index: list[int] = []
            for i, q in enumerate(quotations):
                c = by_start.get(q.parts[0].start) if q.partial else None
                if c is None:
                    index.append(-1)
                    continue
                index.append(len(feats))
                feats.append(c.features)
                labels.append(float(i in matched))
                speaker.append(float(q.speaker is not None))
                texts.append(q.text)
            out.append(_Article(preds, index, golds))
    finally:
        attribution._keep_all_partials = False
    x = np.array(feats, dtype=np.float64).reshape(-1, len(PARTIAL_FEATURES))
    old = x[:, list(PARTIAL_FEATURES).index("old_rule")].copy()
    return Split(out, x, np.array(labels), old, np.array(speaker), texts)


def fit(x: Array, y: Array, l2: float = 1.0, steps: int = 25) -> tuple[Array, float, Array, Array]:
    """Logistic regression on standardised features: (weights, bias) in raw feature units, and
    the standardisation (mean, scale) used."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[0] = 0.0
    for _ in range(steps):  # Newton steps
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg)
        w -= np.linalg.solve(hess, grad)
    weights = w[1:] / scale
    bias = float(w[0] - (w[1:] * mean / scale).sum())
    return weights, bias, mean, scale


def f1_of(split: Split, keep: Mask, require_speaker: bool = False) -> tuple[float, int, int, int]:
    """F1 (and matched, predicted, gold) with only the kept candidates among the predictions."""
    matched = predicted = gold = 0
    for art in split.articles:
        preds = [
            p
            for p, c in zip(art.preds, art.candidate, strict=True)
            if c < 0 or (keep[c] and (not require_speaker or split.speaker[c]))
        ]
        matched += len(match(preds, art.golds))
        predicted += len(preds)
        gold += len(art.golds)
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), matched, predicted, gold


_GRID = tuple(round(-3.0 + 0.25 * i, 2) for i in range(21))  # log-odds thresholds


def best_threshold(split: Split, weights: Array, bias: float) -> tuple[float, float]:
    scores = split.features @ weights + bias
    results = [(f1_of(split, scores >= t, True)[0], t) for t in _GRID]
    f1, threshold = max(results, key=lambda r: (r[0], -abs(r[1])))
    return threshold, f1


def _column(split: Split, name: str) -> Array:
    return split.features[:, list(PARTIAL_FEATURES).index(name)]


def grid_rule(split: Split, share: float, words: int) -> Mask:
    quoted = np.rint(np.expm1(_column(split, "log_words")))
    return (_column(split, "char_share") >= share - 1e-9) & (quoted >= words)


_SHARES = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
_WORDS = (1, 2, 3, 4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quotes_partial")
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data/quotes"))
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args(argv)
    splits = {
        name: collect(read_jsonl(args.data_dir / f"polnear_{name}.jsonl"))
        for name in ("train", "dev")
    }
    old = {}
    for name, split in splits.items():
        n = len(split.labels)
        print(
            f"{name}: {n} partial candidates, {int(split.labels.sum())} match gold, "
            f"{int(split.old_rule.sum())} kept by the old rule "
            f"({int((split.old_rule * split.labels).sum())} of them match), "
            f"{int(split.speaker.sum())} with a speaker "
            f"({int((split.speaker * split.labels).sum())} of them match)"
        )
        old[name] = f1_of(split, split.old_rule > 0)[0]
        for rs in (False, True):
            f1, m, p, g = f1_of(split, np.ones(n, dtype=bool), rs)
            print(
                f"  every candidate{' with a speaker' if rs else ''}: F1 {f1:.4f} "
                f"({m}/{p}, gold {g})"
            )
            f1, m, p, g = f1_of(split, split.old_rule > 0, rs)
            print(f"  old rule{' + speaker' if rs else ''}: F1 {f1:.4f} ({m}/{p}, gold {g})")
    cells = [(s, w, rs) for s in _SHARES for w in _WORDS for rs in (False, True)]
    scores = {
        name: {c: f1_of(split, grid_rule(split, c[0], c[1]), c[2])[0] for c in cells}
        for name, split in splits.items()
    }
    print()
    print("| chosen on | cell (share, words, speaker required) | F1 there | F1 other split |")
    print("|---|---|---|---|")
    for chosen in ("dev", "train"):
        other = "train" if chosen == "dev" else "dev"
        best = max(cells, key=lambda c: (scores[chosen][c], -abs(c[0] - 0.6)))
        print(
            f"| {chosen} | {best} | {scores[chosen][best]:.4f} (old {old[chosen]:.4f}) | "
            f"{other} {scores[other][best]:.4f} (old {old[other]:.4f}) |"
        )
    weights, bias, _, _ = fit(splits["train"].features, splits["train"].labels, args.l2)
    t, _ = best_threshold(splits["dev"], weights, bias)
    f1s = {n: f1_of(s, s.features @ weights + bias >= t, True)[0] for n, s in splits.items()}
    print()
    print(
        f"logistic regression (fit on train, threshold {t:g} on dev, speaker required): "
        f"train {f1s['train']:.4f}, dev {f1s['dev']:.4f}"
    )
    for name, w in zip(PARTIAL_FEATURES, weights, strict=True):
        print(f"  {name:18s} {w:+.3f}")
    print(f"  {'bias':18s} {bias:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
