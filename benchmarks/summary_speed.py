"""Speed and memory of one summariser, measured in a fresh process.

    python -m benchmarks.summary_speed --data FILE.jsonl [--spec SPEC] [--words 1000] [--runs 30]

Builds ~1,000-word articles from consecutive records of ``FILE`` (whole paragraphs, real text),
loads the summariser that ``SPEC`` names (as ``NEWSBOT_SUMMARIZER`` would), warms it up, and
times ``summarize(article, 3)``. Prints one JSON object: load seconds, median and p90 ms per
article, the articles' mean word count, and resident memory (current and peak) after the runs.
A fresh process keeps other methods' libraries (sumy, rouge-score) out of the memory figure.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.summary_data import read_records
from summarizer.sentences import split_sentences
from summarizer.summarizers import build_summarizer
from summarizer.types import Article


def articles_of_length(path: Path, words: int, count: int) -> list[Article]:
    """``count`` articles of ``words`` words or just over, of consecutive records' sentences.

    Paragraphs are kept where the records have them, and cut every five sentences where they do
    not (SummEval's articles are one block each), as an extracted page would be.
    """
    out: list[Article] = []
    paragraphs: list[str] = []
    total = 0
    for record in read_records(path):
        for block in record.article.paragraphs:
            sentences = split_sentences(block)
            for start in range(0, len(sentences), 5):
                part = sentences[start : start + 5]
                take = []
                for sentence in part:
                    take.append(sentence)
                    total += len(sentence.split())
                    if total >= words:
                        break
                paragraphs.append(" ".join(take))
                if total >= words:
                    out.append(
                        Article(url="", canonical_url="", title="", paragraphs=tuple(paragraphs))
                    )
                    paragraphs, total = [], 0
                    if len(out) == count:
                        return out
    return out


def rss_mb() -> float:
    """Current resident set size in MiB (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_rss_mb() -> float:
    """Peak resident set size in MiB since this program started (Linux ``VmHWM``).

    Not ``getrusage``: its ``ru_maxrss`` survives ``exec`` and would report the parent's peak.
    """
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--spec", default="")
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)

    articles = articles_of_length(args.data, args.words, args.runs)
    if not articles:
        print("no articles", file=sys.stderr)
        return 1
    started = time.perf_counter()
    summarizer = build_summarizer(args.spec or None)
    load_s = time.perf_counter() - started
    summarizer.summarize(articles[0], 3)  # warm-up
    times = []
    for article in articles:
        t = time.perf_counter()
        summarizer.summarize(article, 3)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    result = {
        "spec": args.spec or "extractive",
        "name": summarizer.name,
        "articles": len(articles),
        "mean_words": round(statistics.fmean(a.word_count for a in articles)),
        "load_s": round(load_s, 2),
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
        "rss_mb": round(rss_mb()),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
