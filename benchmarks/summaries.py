"""Summary benchmark: newsbot's summarizer against named baselines, per data set, same run.

    python -m benchmarks.summaries [--data FILE.jsonl ...] [--sample N] [--sentences 1,3]
        [--methods a,b,...] [--tokenizer auto|rouge|unicode|both] [--loo] [--oracle]
        [--json] [--no-speed]

Without ``--data`` it runs the dev sets of ``benchmarks.train_scorer.DEV_SETS``: all of
``summeval_cnndm97`` and ``newsroom60_bartscore``, and seeded samples of 500 of
``bbc_news_summary`` and ``orangesum_dev`` (``random.Random(2026)``; ``--sample N`` draws N of
each given file instead). Each record has ``article`` and ``summary`` (the reference); its
language is its ``language`` field, else detected (``benchmarks.summary_data``), and the article
is built with it, so French articles get French sentence rules and stop words.

Every method picks K sentences from the same sentence split (``summarizer.sentences``) and
returns them in article order:

- ``newsbot``: the default summarizer (``build_summarizer(None)``) with its shipped weights.
- ``newsbot-loo`` (``--loo``): the same summarizer with the weights ``benchmarks.train_scorer``
  chooses on all the *other* data sets (leave one data set out): the figure that predicts
  unseen data. The shipped weights were chosen on every dev set, so ``newsbot`` is in-sample.
- ``newsbot-encoder``: the same scorer with the MiniLM encoder (``extractive+encoder``).
- ``lead``: the first K sentences (Lead-K), the baseline of every row.
- ``centroid``: the K sentences with the highest TF-IDF cosine to the article's centroid (the
  plain salience baseline; strong where the lead is weak).
- ``textrank``, ``lexrank``: sumy's summarizers, fed newsbot's sentences and word tokens, with
  the set's language's stemmer and stop words.
- ``pacsum``: position-augmented centrality (Zheng & Lapata 2019) over TF-IDF cosine
  (lambda1=-2, lambda2=1, beta=0.6).
- ``oracle`` (``--oracle``): greedy ROUGE-1+2 selection against the reference, an upper bound.

Scores: rouge-score ROUGE-1/2/Lsum F1 x100, stemmer on, sentences newline-joined for Lsum.
``--tokenizer``: ``rouge`` is rouge-score's own (only ``[a-z0-9]`` survive: accented words are
cut, "pyrénées" -> "pyr n es"); ``unicode`` keeps accented words and stems them for the set's
language (``benchmarks.summary_data``); ``auto`` (default) reports English sets with ``rouge``
and every other language both ways. Timing: each method's median ms per 1,000 words; and,
unless ``--no-speed``, ``benchmarks.summary_speed`` in a fresh process for newsbot's summarizers
on ~1,000-word articles.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from benchmarks.summary_data import Record, Rouge, iter_pairs, read_records
from summarizer.sentences import split_sentences
from summarizer.summarizers import build_summarizer
from summarizer.summarizers.base import Summarizer, article_sentences, tokens
from summarizer.summarizers.extractive import ExtractiveSummarizer, ScorerWeights
from summarizer.summarizers.extractive import tfidf_vectors as tfidf
from summarizer.types import Article

Method = Callable[[Article, int], list[str]]
DEFAULT_METHODS = "newsbot,newsbot-encoder,lead,centroid,textrank,lexrank,pacsum"
SUMY_LANGUAGES = {
    "en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian",
    "pt": "portuguese", "ru": "russian", "nl": "dutch", "cs": "czech", "sk": "slovak",
    "uk": "ukrainian", "el": "greek", "hu": "hungarian",
}  # fmt: skip


class NewsbotTokenizer:
    """sumy's tokenizer interface over newsbot's splitter and word tokens (no NLTK data)."""

    def __init__(self, language: str = "en") -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self.language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(tokens(sentence))


def sumy_method(summarizer_class: Any, language: str = "en") -> Method:
    name = SUMY_LANGUAGES.get(language, "english")
    tokenizer = NewsbotTokenizer(language)
    summarizer = summarizer_class(Stemmer(name))
    summarizer.stop_words = get_stop_words(name)

    def run(article: Article, k: int) -> list[str]:
        sentences = article_sentences(article)
        document = ObjectDocumentModel(
            [Paragraph([Sentence(s, tokenizer) for s in sentences])] if sentences else []
        )
        return [str(s) for s in summarizer(document, k)]

    return run


def lead(article: Article, k: int) -> list[str]:
    return article_sentences(article)[:k]


def centroid(article: Article, k: int) -> list[str]:
    """The K sentences closest (TF-IDF cosine) to the article's centroid, in article order."""
    sentences = article_sentences(article)
    if len(sentences) <= k:
        return sentences
    vectors = tfidf(sentences)
    center = vectors.sum(axis=0)
    norm = float(np.linalg.norm(center))
    scores = vectors @ (center / norm) if norm else np.zeros(len(sentences))
    chosen = sorted(np.argsort(-scores, kind="stable")[:k])
    return [sentences[i] for i in chosen]


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


def build_methods(names: Sequence[str], language: str = "en") -> dict[str, Method]:
    methods: dict[str, Method] = {}
    for name in names:
        if name == "newsbot":
            methods[name] = summarizer_method(build_summarizer(None))
        elif name == "newsbot-encoder":
            methods[name] = summarizer_method(build_summarizer("extractive+encoder"))
        elif name == "lead":
            methods[name] = lead
        elif name == "centroid":
            methods[name] = centroid
        elif name == "textrank":
            methods[name] = sumy_method(TextRankSummarizer, language)
        elif name == "lexrank":
            methods[name] = sumy_method(LexRankSummarizer, language)
        elif name == "pacsum":
            methods[name] = pacsum
        elif name not in ("oracle", "newsbot-loo"):
            raise SystemExit(f"unknown method {name!r}")
    return methods


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


def set_language(records: Sequence[Record]) -> str:
    """The data set's language: its records' most common one."""
    counts = Counter(r.article.language or "en" for r in records)
    return counts.most_common(1)[0][0] if counts else "en"


def loo_weights(sets: dict[str, tuple[Path, int | None]]) -> dict[str, ScorerWeights]:
    """For each set, the scorer weights chosen on all the others (``benchmarks.train_scorer``)."""
    from benchmarks import train_scorer

    prepared = {name: train_scorer.load_set(path, size) for name, (path, size) in sets.items()}
    table = train_scorer.score_grid(prepared)
    return train_scorer.loo_weights(table, list(prepared))


def run_set(
    name: str,
    records: Sequence[Record],
    names: Sequence[str],
    sizes: Sequence[int],
    tokenizers: Sequence[str],
    held_out: ScorerWeights | None,
) -> dict[str, Any]:
    """One data set: every method at every K, scored with every tokenizer."""
    language = set_language(records)
    methods = build_methods(names, language)
    if held_out is not None:
        methods = {"newsbot-loo": summarizer_method(ExtractiveSummarizer(held_out)), **methods}
    rouges = {t: Rouge(t, language) for t in tokenizers}
    if "oracle" in names:
        methods["oracle"] = oracle_method(
            rouges["rouge"] if "rouge" in rouges else Rouge("rouge", language),
            {id(r.article): r.reference for r in records},
        )
    scores: dict[str, dict[str, dict[str, dict[str, float | int]]]] = {t: {} for t in tokenizers}
    timing: dict[str, float] = {}
    for method_name, method in methods.items():
        per_kword: list[float] = []
        for k in sizes:
            summaries: list[list[str]] = []
            for record in records:
                started = time.perf_counter()
                summary = method(record.article, k)
                elapsed = (time.perf_counter() - started) * 1000
                summaries.append(summary)
                per_kword.append(elapsed * 1000 / max(1, record.article.word_count))
            for tokenizer, rouge in rouges.items():
                result = rouge.mean(iter_pairs(records, summaries)).to_json()
                scores[tokenizer].setdefault(str(k), {})[method_name] = result
        timing[method_name] = round(statistics.median(per_kword), 2)
        print(f"{name}: {method_name} done", file=sys.stderr)
    return {
        "data": name,
        "language": language,
        "articles": len(records),
        "scores": scores,
        "ms_per_1000_words": timing,
    }


def print_tables(results: Sequence[dict[str, Any]], sizes: Sequence[int]) -> None:
    for result in results:
        for tokenizer, by_k in result["scores"].items():
            print(
                f"\n{result['data']} ({result['language']}, {result['articles']} articles, "
                f"tokenizer {tokenizer})\n"
            )
            head = " | ".join(f"K={k} R-1 | R-2 | R-Lsum" for k in sizes)
            print(f"| method | {head} | ms / 1,000 words |")
            print("|---|" + "---|" * (3 * len(sizes) + 1))
            for method in by_k[str(sizes[0])]:
                cells = " | ".join(
                    f"{by_k[str(k)][method]['rouge1']:.2f} | {by_k[str(k)][method]['rouge2']:.2f}"
                    f" | {by_k[str(k)][method]['rougeLsum']:.2f}"
                    for k in sizes
                )
                print(f"| {method} | {cells} | {result['ms_per_1000_words'][method]} |")


def print_loo(results: Sequence[dict[str, Any]], sizes: Sequence[int]) -> None:
    print("\nLeave one data set out (rouge tokenizer): newsbot-loo minus Lead-K, R-1 / R-2\n")
    print("| data set | K | lead | centroid | newsbot-loo | gain over lead | newsbot (in-sample) |")
    print("|---|---|---|---|---|---|---|")
    for result in results:
        by_k = result["scores"].get("rouge") or next(iter(result["scores"].values()))
        for k in sizes:
            row = by_k[str(k)]
            if "newsbot-loo" not in row or "lead" not in row:
                continue

            def cell(method: str, row: dict[str, Any] = row) -> str:
                if method not in row:
                    return "—"
                return f"{row[method]['rouge1']:.2f} / {row[method]['rouge2']:.2f}"

            gain = (
                f"{row['newsbot-loo']['rouge1'] - row['lead']['rouge1']:+.2f} / "
                f"{row['newsbot-loo']['rouge2'] - row['lead']['rouge2']:+.2f}"
            )
            print(
                f"| {result['data']} | {k} | {cell('lead')} | {cell('centroid')} | "
                f"{cell('newsbot-loo')} | {gain} | {cell('newsbot')} |"
            )


def main(argv: Sequence[str] | None = None) -> int:
    from benchmarks.train_scorer import dev_paths

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, nargs="*", help="JSONL files (default: dev sets)")
    parser.add_argument("--sample", type=int, default=None, help="seeded sample of each file")
    parser.add_argument("--limit", type=int, default=None, help="first N records of each file")
    parser.add_argument("--sentences", default="1,3", help="summary sizes, e.g. 1,3")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--methods", default=DEFAULT_METHODS)
    parser.add_argument("--tokenizer", default="auto", choices=("auto", "rouge", "unicode", "both"))
    parser.add_argument("--loo", action="store_true", help="add newsbot-loo (needs 2+ sets)")
    parser.add_argument("--oracle", action="store_true", help="add the greedy ROUGE oracle")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    sizes = [int(k) for k in str(args.sentences).split(",") if k.strip()]
    names = [n.strip() for n in args.methods.split(",") if n.strip()]
    if args.oracle and "oracle" not in names:
        names.append("oracle")
    paths = dev_paths(args.data)
    if args.data and args.sample is not None:
        paths = {name: (path, args.sample) for name, (path, _) in paths.items()}
    held_out: dict[str, ScorerWeights] = {}
    if args.loo:
        if len(paths) < 2:
            raise SystemExit("--loo needs at least two data sets")
        held_out = loo_weights(paths)

    results = []
    for name, (path, size) in paths.items():
        records = read_records(path, sample=size, limit=args.limit)
        language = set_language(records)
        if args.tokenizer == "auto":
            tokenizers = ["rouge"] if language == "en" else ["rouge", "unicode"]
        elif args.tokenizer == "both":
            tokenizers = ["rouge", "unicode"]
        else:
            tokenizers = [args.tokenizer]
        results.append(run_set(name, records, names, sizes, tokenizers, held_out.get(name)))

    speeds = []
    if not args.no_speed:
        first = next(iter(paths.values()))[0]
        for spec, name in (("", "newsbot"), ("extractive+encoder", "newsbot-encoder")):
            if name in names:
                speeds.append(speed(first, spec))

    if args.json:
        print(json.dumps({"sets": results, "sentences": sizes, "speed": speeds}, indent=2))
        return 0
    print_tables(results, sizes)
    if args.loo:
        print_loo(results, sizes)
    for row in speeds:
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
