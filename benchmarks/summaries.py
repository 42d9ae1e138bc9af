"""Summary benchmark: newsbot's summariser against named baselines, same run, same splitter.

    python -m benchmarks.summaries --data FILE.jsonl [--sentences K] [--limit N] [--json]
        [--methods a,b,...] [--oracle] [--cross-fit K] [--no-speed]

Each record has ``article`` and ``summary`` (the reference). Every method picks K sentences from
the same sentence split (``summarizer.sentences``) and returns them in article order:

- ``newsbot``: the default summariser (``build_summarizer(None)``: the learned extractive scorer).
- ``newsbot-encoder``: the same scorer with the MiniLM encoder (``extractive+encoder``).
- ``lead``: the first K sentences.
- ``textrank``, ``lexrank``: sumy's summarisers, fed a document built with newsbot's splitter and
  word tokens (sumy's own tokenizer needs NLTK data), English stemmer and stop words.
- ``pacsum``: position-augmented centrality (Zheng & Lapata 2019, "Sentence Centrality
  Revisited") over TF-IDF cosine: a sentence scores for resembling later sentences and loses for
  resembling earlier ones (lambda1=-2, lambda2=1, beta=0.6) — the strong unsupervised baseline on
  news.
- ``newsbot-crossfit`` (with ``--cross-fit K``): the default summariser's scorer retrained
  without the article being summarised: the records are split into K folds (record ``i`` in fold
  ``i % K``; K at least the number of records: leave-one-out), and each fold is summarised with
  weights from ``benchmarks.train_scorer``'s stage 2 run on the other folds (from the stage 1
  weights in ``summarizer/data/scorer_newsroom.json``, which never saw SummEval). The records
  need ``references_all`` or use ``summary``. This is the honest figure for weights trained on the
  test set itself.
- ``oracle`` (with ``--oracle``): greedy ROUGE-1+2 selection against the reference, an upper
  bound, not a method.

Scores: rouge-score ROUGE-1/2/Lsum F1 ×100, stemmer on, sentences newline-joined for Lsum.
Timing: each method's median milliseconds per 1,000 words over the run's articles; and, unless
``--no-speed``, ``benchmarks.summary_speed`` in a fresh process for newsbot's summarisers on
~1,000-word articles (median ms and resident memory with the model loaded).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from benchmarks.summary_data import Record, Rouge, RougeScores, iter_pairs, read_records
from summarizer.sentences import split_sentences
from summarizer.summarizers import build_summarizer
from summarizer.summarizers.base import Summarizer, article_sentences, tokens
from summarizer.summarizers.extractive import ExtractiveSummarizer
from summarizer.summarizers.extractive import tfidf_vectors as tfidf
from summarizer.types import Article

Method = Callable[[Article, int], list[str]]


class NewsbotTokenizer:
    """sumy's tokenizer interface over newsbot's splitter and word tokens (no NLTK data)."""

    def __init__(self, language: str = "english") -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(tokens(sentence))


def sumy_method(summarizer_class: Any) -> Method:
    tokenizer = NewsbotTokenizer()
    summarizer = summarizer_class(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def run(article: Article, k: int) -> list[str]:
        sentences = article_sentences(article)
        document = ObjectDocumentModel(
            [Paragraph([Sentence(s, tokenizer) for s in sentences])] if sentences else []
        )
        return [str(s) for s in summarizer(document, k)]

    return run


def lead(article: Article, k: int) -> list[str]:
    return article_sentences(article)[:k]


def pacsum(article: Article, k: int, *, lambda1: float = -2.0, lambda2: float = 1.0) -> list[str]:
    """PacSum over TF-IDF: directed centrality with a threshold at beta of the similarity range."""
    beta = 0.6
    sentences = article_sentences(article)
    n = len(sentences)
    if n <= k:
        return sentences
    vectors = tfidf(sentences)
    sims = np.asarray(vectors @ vectors.T, dtype=np.float64)
    off = sims[~np.eye(n, dtype=bool)]
    threshold = off.min() + beta * (off.max() - off.min())
    edges = np.maximum(sims - threshold, 0.0)
    np.fill_diagonal(edges, 0.0)
    before = np.tril(edges, -1).sum(axis=1)  # similarity to earlier sentences
    after = np.triu(edges, 1).sum(axis=1)  # similarity to later sentences
    scores = lambda1 * before + lambda2 * after
    chosen = sorted(np.argsort(-scores, kind="stable")[:k])
    return [sentences[i] for i in chosen]


def summarizer_method(summarizer: Summarizer) -> Method:
    return lambda article, k: summarizer.summarize(article, k)


def oracle_method(rouge: Rouge, references: dict[int, str]) -> Method:
    def run(article: Article, k: int) -> list[str]:
        reference = references[id(article)]
        sentences = article_sentences(article)
        chosen: list[int] = []
        best = 0.0
        for _ in range(k):
            pick = None
            for i in range(len(sentences)):
                if i in chosen:
                    continue
                trial = [sentences[j] for j in sorted([*chosen, i])]
                scores = rouge.pair(reference, trial)
                value = scores["rouge1"] + scores["rouge2"]
                if value > best:
                    best, pick = value, i
            if pick is None:
                break
            chosen.append(pick)
        return [sentences[j] for j in sorted(chosen)]

    return run


def build_methods(names: Sequence[str]) -> dict[str, Method]:
    methods: dict[str, Method] = {}
    for name in names:
        if name == "newsbot":
            methods[name] = summarizer_method(build_summarizer(None))
        elif name == "newsbot-encoder":
            methods[name] = summarizer_method(build_summarizer("extractive+encoder"))
        elif name == "lead":
            methods[name] = lead
        elif name == "textrank":
            methods[name] = sumy_method(TextRankSummarizer)
        elif name == "lexrank":
            methods[name] = sumy_method(LexRankSummarizer)
        elif name == "pacsum":
            methods[name] = pacsum
        elif name != "oracle":
            raise SystemExit(f"unknown method {name!r}")
    return methods


def cross_fit(records: Sequence[Record], folds: int, sentences: int) -> Method:
    """``newsbot-crossfit``: each record summarised by weights trained on the other folds."""
    from benchmarks.train_scorer import STAGE1, label, load_weights, train_summeval

    start = load_weights(STAGE1)
    data = label(records)
    k = max(2, min(folds, len(records)))
    by_article: dict[int, ExtractiveSummarizer] = {}
    for fold in range(k):
        train = [item for i, item in enumerate(data) if i % k != fold]
        weights, _ = train_summeval(train, start, size=sentences)
        summarizer = ExtractiveSummarizer(weights)
        for i in range(fold, len(records), k):
            by_article[id(records[i].article)] = summarizer
        print(f"cross-fit: fold {fold + 1} of {k}", file=sys.stderr)
    return lambda article, n: by_article[id(article)].summarize(article, n)


def speed(data: Path, spec: str) -> dict[str, Any]:
    """``benchmarks.summary_speed`` for ``spec`` in a fresh process."""
    command = [sys.executable, "-m", "benchmarks.summary_speed", "--data", str(data)]
    if spec:
        command += ["--spec", spec]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        return {"spec": spec, "error": done.stderr.strip()[-500:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--methods", default="newsbot,newsbot-encoder,lead,textrank,lexrank,pacsum")
    parser.add_argument("--oracle", action="store_true", help="add the greedy ROUGE oracle")
    parser.add_argument(
        "--cross-fit",
        type=int,
        default=0,
        metavar="K",
        help="add newsbot-crossfit: the scorer retrained in K folds (K >= records: leave-one-out)",
    )
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    records: list[Record] = read_records(args.data, limit=args.limit)
    names = [n.strip() for n in args.methods.split(",") if n.strip()]
    if args.oracle and "oracle" not in names:
        names.append("oracle")
    rouge = Rouge()
    methods = build_methods(names)
    if args.cross_fit:
        crossfit = cross_fit(records, args.cross_fit, args.sentences)
        at = names.index("newsbot") + 1 if "newsbot" in names else 0
        methods = dict(
            [
                *list(methods.items())[:at],
                ("newsbot-crossfit", crossfit),
                *list(methods.items())[at:],
            ]
        )
    if "oracle" in names:
        methods["oracle"] = oracle_method(rouge, {id(r.article): r.reference for r in records})

    scores: dict[str, RougeScores] = {}
    timing: dict[str, float] = {}
    for name, method in methods.items():
        summaries: list[list[str]] = []
        per_kword: list[float] = []
        for record in records:
            started = time.perf_counter()
            summary = method(record.article, args.sentences)
            elapsed = (time.perf_counter() - started) * 1000
            summaries.append(summary)
            per_kword.append(elapsed * 1000 / max(1, record.article.word_count))
        scores[name] = rouge.mean(iter_pairs(records, summaries))
        timing[name] = round(statistics.median(per_kword), 2)
        print(f"{name}: done", file=sys.stderr)

    speeds = []
    if not args.no_speed:
        for spec, name in (("", "newsbot"), ("extractive+encoder", "newsbot-encoder")):
            if name in names:
                speeds.append(speed(args.data, spec))

    if args.json:
        out = {
            "methods": {name: s.to_json() for name, s in scores.items()},
            "ms_per_1000_words": timing,
            "speed": speeds,
            "data": args.data.name,
            "sentences": args.sentences,
            "cross_fit_folds": max(2, min(args.cross_fit, len(records)))
            if args.cross_fit
            else None,
        }
        print(json.dumps(out, indent=2))
        return 0
    print(f"{args.data.name}: {len(records)} articles, K={args.sentences}")
    print("| method | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | ms / 1,000 words |")
    print("|---|---|---|---|---|")
    for name, s in scores.items():
        print(f"| {name} | {s.rouge1:.2f} | {s.rouge2:.2f} | {s.rougeLsum:.2f} | {timing[name]} |")
    for row in speeds:
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
