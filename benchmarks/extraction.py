"""Article extraction benchmark: newsbot against trafilatura and readability-lxml, same run.

    python -m benchmarks.extraction --pages DIR --truth FILE [--json]

``DIR`` holds ``NAME.html`` files; ``FILE`` is JSON mapping ``NAME.html`` to either
``{"articleBody": ...}`` (scored with the Article Extraction Benchmark's shingle metric) or
``{"with": [...], "without": [...]}`` (whitespace-normalised substring matching, micro-summed).
Pages whose truth has both kinds are scored on ``articleBody``.

``--score-outputs DIR`` scores saved extractor outputs (the benchmark's ``system_outputs/*.json``)
instead of running extractors: a check that the metric reproduces the published figures.

    python -m benchmarks.extraction --all [--data ../shared/data/extraction] [--markdown]

runs every set (AEB, WCXB dev, Readability's test pages, and the pages in other languages of
``benchmarks/fixtures/extraction``) in one run and prints, per set, newsbot, trafilatura's
defaults and readability-lxml on the same pages; WCXB's with/without segment metric; the
leave-one-data-set-out selection of the body rules (``benchmarks.extraction_loo``); and the
metadata (title, author, date, site) against trafilatura's metadata.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import html_text
import trafilatura
from charset_normalizer import from_bytes
from readability import Document

from benchmarks.aeb_metric import Counts, Scores, aeb_scores, micro_scores, segment_counts
from benchmarks.aeb_metric import shingle_counts as aeb_counts
from summarizer.errors import ExtractionError
from summarizer.extract import extract_article

Extractor = Callable[[str, str], str]


def run_newsbot(html: str, url: str) -> str:
    try:
        return extract_article(html, url).text
    except ExtractionError:
        return ""


def run_trafilatura(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url or None) or ""


def run_readability(html: str, url: str) -> str:
    summary = Document(html, url=url or None).summary(html_partial=True)
    return str(html_text.extract_text(summary))


METHODS: dict[str, Extractor] = {
    "newsbot": run_newsbot,
    "trafilatura": run_trafilatura,
    "readability-lxml": run_readability,
}


@dataclass(frozen=True, slots=True)
class MethodResult:
    name: str
    scores: Scores
    n: int
    ms_per_page: float | None
    failures: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": round(self.scores.precision, 4),
            "recall": round(self.scores.recall, 4),
            "f1": round(self.scores.f1, 4),
            "n": self.n,
            "ms_per_page": None if self.ms_per_page is None else round(self.ms_per_page, 1),
        }


def read_page(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", "replace")


def _score(truth: Mapping[str, Mapping[str, Any]], outputs: Mapping[str, str]) -> Scores:
    """AEB scores over articleBody pages, micro scores over with/without pages, combined.

    A run with both kinds reports the AEB figure when any page has articleBody truth: the two
    metrics do not average meaningfully, so a mixed truth file is scored on its AEB part.
    """
    aeb: list[Counts] = []
    segments: list[Counts] = []
    for name, item in truth.items():
        pred = outputs.get(name, "")
        if "articleBody" in item:
            aeb.append(aeb_counts(str(item.get("articleBody") or ""), pred))
        else:
            segments.append(segment_counts(pred, item.get("with", []), item.get("without", [])))
    return aeb_scores(aeb) if aeb else micro_scores(segments)


def run_method(
    name: str, extractor: Extractor, pages: Mapping[str, str], urls: Mapping[str, str],
    truth: Mapping[str, Mapping[str, Any]],
) -> MethodResult:
    outputs: dict[str, str] = {}
    failures = 0
    elapsed = 0.0
    # One untimed call first: models and caches load once per process, not once per page.
    for page, html in list(pages.items())[:1]:
        with contextlib.suppress(Exception):
            extractor(html, urls.get(page, ""))
    for page, html in pages.items():
        start = time.perf_counter()
        try:
            outputs[page] = extractor(html, urls.get(page, ""))
        except Exception:  # a baseline crashing on a page scores as an empty output
            logging.getLogger(__name__).exception("%s failed on %s", name, page)
            outputs[page] = ""
            failures += 1
        elapsed += time.perf_counter() - start
    return MethodResult(
        name, _score(truth, outputs), len(pages), 1000 * elapsed / max(1, len(pages)), failures
    )


def score_saved_outputs(
    outputs_dir: Path, truth: Mapping[str, Mapping[str, Any]]
) -> list[MethodResult]:
    """Score ``NAME.json`` files of the form ``{"output": {id: {"articleBody": ...}}}``."""
    results = []
    for path in sorted(outputs_dir.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        by_id: Mapping[str, Any] = raw.get("output", raw)
        outputs = {}
        for name in truth:
            item = by_id.get(name) or by_id.get(name.removesuffix(".html")) or {}
            outputs[name] = str(item.get("articleBody") or "")
        results.append(MethodResult(path.stem, _score(truth, outputs), len(outputs), None))
    return results


def format_table(results: list[MethodResult]) -> str:
    lines = [
        "| method | F1 | precision | recall | pages | ms/page |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        ms = "" if r.ms_per_page is None else f"{r.ms_per_page:.1f}"
        lines.append(
            f"| {r.name} | {r.scores.f1:.3f} | {r.scores.precision:.3f} | "
            f"{r.scores.recall:.3f} | {r.n} | {ms} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extraction", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, help="folder of NAME.html files")
    parser.add_argument("--truth", type=Path, help="ground-truth JSON file")
    parser.add_argument("--all", action="store_true",
                        help="every data set, the leave-one-out selection and metadata")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/extraction"),
                        help="folder of the shared extraction sets (with --all)")
    parser.add_argument("--markdown", action="store_true", help="with --all: markdown only")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--methods", default=",".join(METHODS),
                        help="comma-separated subset of: " + ", ".join(METHODS))
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    parser.add_argument("--score-outputs", type=Path, metavar="DIR",
                        help="score saved system outputs (*.json) instead of running extractors")
    parser.add_argument("--dump", type=Path, metavar="DIR",
                        help="write newsbot's text for each page into DIR (for error analysis)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    if args.all:
        from benchmarks.extraction_loo import run_all

        print(run_all(args.data))
        return 0
    if args.truth is None:
        parser.error("--truth is required unless --all is given")

    truth: dict[str, dict[str, Any]] = json.loads(args.truth.read_text(encoding="utf-8"))
    if args.score_outputs:
        results = score_saved_outputs(args.score_outputs, truth)
    else:
        if args.pages is None:
            parser.error("--pages is required unless --score-outputs is given")
        names = sorted(truth)
        if args.limit:
            names = names[: args.limit]
        truth = {name: truth[name] for name in names}
        pages = {name: read_page(args.pages / name) for name in names}
        urls = {name: str(truth[name].get("url") or "") for name in names}
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            for name, html in pages.items():
                (args.dump / f"{name}.txt").write_text(run_newsbot(html, urls[name]), "utf-8")
        results = []
        for method in args.methods.split(","):
            if method not in METHODS:
                parser.error(f"unknown method {method!r}")
            results.append(run_method(method, METHODS[method], pages, urls, truth))

    if args.json:
        print(json.dumps({"methods": {r.name: r.to_json() for r in results}}, indent=2))
    else:
        print(format_table(results))
        for r in results:
            if r.failures:
                print(f"{r.name}: {r.failures} page(s) raised", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
