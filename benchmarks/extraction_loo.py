"""Every extraction set in one run, and the leave-one-data-set-out selection of the body rules.

Run through ``python -m benchmarks.extraction --all``. For each page the expensive parts run
once: newsbot's ``extract_article`` as served (refusals and timing), ``page_sources``
(trafilatura's default extraction, JSON-LD, readability-lxml), and the two baselines,
``trafilatura.extract`` with its defaults and readability-lxml through html-text. The body rules
(``summarizer.extract.body``) are then cheap to try in any combination.

Selection (``select``): greedy, from trafilatura's default output with no rule. At each step
every candidate (a rule of ``CANDIDATE_RULES``, or a readability fallback threshold pair, or the
rescue of pages where trafilatura finds almost nothing) is tried on the selection sets; the one
with the largest mean F1 gain over them is added if that gain is at least ``MIN_GAIN``, until
none is left. Leave-one-out: select on all sets but one, score that one. A rule ships only if
the selection on all sets takes it and every held-out score is at least trafilatura's. The
report also gives each selected rule's own gain on the held-out set.
"""

from __future__ import annotations

import contextlib
import json
import re
import statistics
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import trafilatura
from trafilatura import metadata as trafilatura_metadata

from benchmarks.aeb_metric import aeb_scores, micro_scores, segment_counts
from benchmarks.aeb_metric import shingle_counts as aeb_counts
from benchmarks.extraction import read_page, run_readability
from summarizer.errors import ExtractionError
from summarizer.extract import extract_article
from summarizer.extract.body import (
    CANDIDATE_RULES,
    DEFAULT_RULES,
    FALLBACK_BELOW_WORDS,
    BodyRules,
    PageSources,
    choose_body,
    page_sources,
)
from summarizer.extract.text import MIN_ARTICLE_WORDS
from summarizer.types import count_words

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
SETS = ("aeb", "wcxb_dev", "readability", "fixtures")
# A candidate is taken when it gains at least this much F1 on the mean of the selection sets
# (below it, a rule is noise: one page's worth on a set of a hundred).
MIN_GAIN = 0.0005
READABILITY_GRID = tuple((c, r) for c in (0.8, 0.9, 0.95) for r in (1.3, 1.5, 2.0))
# Readability's metadata fields, WCXB's and the fixtures', mapped to newsbot's names.
# Where selection starts: trafilatura's default output, with the JSON-LD paragraph breaks (a
# layout fix that keeps the same words; its effect is reported on its own).
START = BodyRules(ld_paragraphs=True, readability_gate=DEFAULT_RULES.readability_gate)
META_FIELDS = {
    "readability": {"title": "title", "author": "byline", "date": "publishedTime",
                    "site": "siteName"},
    "wcxb_dev": {"title": "title", "author": "author", "date": "date"},
    "fixtures": {"title": "title", "author": "author", "date": "date", "site": "siteName"},
}


@dataclass(slots=True)
class Page:
    name: str
    truth: Mapping[str, Any]
    sources: PageSources | None
    served: str  # extract_article(...).text, "" when refused
    refused: str | None
    baselines: dict[str, str]
    meta: dict[str, str | None]
    trafilatura_meta: dict[str, str | None]
    ms: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class DataSet:
    name: str
    pages: list[Page]
    _memo: dict[BodyRules, float] = field(default_factory=dict)

    def f1(self, rules: BodyRules) -> float:
        if rules not in self._memo:
            self._memo[rules] = score_texts(self.pages, [body_text(p, rules) for p in self.pages])
        return self._memo[rules]


def body_text(page: Page, rules: BodyRules) -> str:
    if page.sources is None:
        return ""
    return "\n".join(p.text for p in choose_body(page.sources, rules)[0])


def score_texts(pages: list[Page], texts: Iterable[str]) -> float:
    counts = [aeb_counts(str(p.truth.get("articleBody") or ""), t)
              for p, t in zip(pages, texts, strict=True)]
    return aeb_scores(counts).f1


def _url(item: Mapping[str, Any]) -> str:
    url = str(item.get("url") or "")
    return "" if url == "None" else url


def load_set(name: str, folder: Path, truth_file: Path) -> DataSet:
    truth: dict[str, dict[str, Any]] = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for page_name in sorted(truth):
        item = truth[page_name]
        html = read_page(folder / page_name)
        url = _url(item)
        ms: dict[str, float] = {}
        start = time.perf_counter()
        try:
            article = extract_article(html, url)
            served, refused = article.text, None
            meta = {"title": article.title, "author": article.author,
                    "date": article.published.isoformat() if article.published else None,
                    "site": article.site}
        except ExtractionError as err:
            served, refused, meta = "", str(err), {}
        ms["newsbot"] = 1000 * (time.perf_counter() - start)
        try:
            sources: PageSources | None = page_sources(html, url)
            if sources is not None:
                sources.readability()  # computed here, so selection runs do not time it
        except ExtractionError:
            sources = None
        start = time.perf_counter()
        traf = trafilatura.extract(html, url=url or None) or ""
        ms["trafilatura"] = 1000 * (time.perf_counter() - start)
        start = time.perf_counter()
        try:
            read = run_readability(html, url)
        except Exception:  # a baseline crashing scores as an empty output
            read = ""
        ms["readability-lxml"] = 1000 * (time.perf_counter() - start)
        traf_meta: dict[str, str | None] = {}
        with contextlib.suppress(Exception):
            found = trafilatura_metadata.extract_metadata(html, default_url=url or None)
            traf_meta = {"title": found.title, "author": found.author, "date": found.date,
                         "site": found.sitename}
        pages.append(Page(page_name, item, sources, served, refused,
                          {"trafilatura": traf, "readability-lxml": read}, meta, traf_meta, ms))
    return DataSet(name, pages)


def load_all(data: Path) -> list[DataSet]:
    sets = []
    for name in SETS:
        if name == "fixtures":
            folder, truth = FIXTURES, FIXTURES / "ground-truth.json"
        else:
            folder, truth = data / name / "html", data / name / "ground-truth.json"
        sets.append(load_set(name, folder, truth))
    return sets


# --------------------------------------------------------------------------- selection


def candidates(rules: BodyRules) -> list[tuple[str, BodyRules]]:
    out = [(name, replace(rules, drop=rules.drop | {name}))
           for name in CANDIDATE_RULES if name not in rules.drop]
    for coverage, ratio in READABILITY_GRID:
        if (rules.readability_coverage, rules.readability_ratio) != (coverage, ratio):
            out.append((f"readability≥{coverage:g}cov,{ratio:g}x",
                        replace(rules, readability_coverage=coverage, readability_ratio=ratio)))
    if rules.rescue_below == 0:
        out.append(("rescue", replace(rules, rescue_below=MIN_ARTICLE_WORDS)))
    return out


def select(sets: list[DataSet]) -> tuple[BodyRules, list[tuple[str, dict[str, float]]]]:
    rules = START
    steps: list[tuple[str, dict[str, float]]] = []
    while True:
        current = {d.name: d.f1(rules) for d in sets}
        best: tuple[float, str, BodyRules, dict[str, float]] | None = None
        for label, option in candidates(rules):
            delta = {d.name: d.f1(option) - current[d.name] for d in sets}
            gain = statistics.mean(delta.values())
            if gain >= MIN_GAIN and (best is None or gain > best[0]):
                best = (gain, label, option, delta)
        if best is None:
            return rules, steps
        _, label, rules, delta = best
        steps.append((label, delta))


def _gate_open(sources: PageSources) -> bool:
    paragraphs = choose_body(sources, replace(DEFAULT_RULES, readability_coverage=None))[0]
    words = sum(count_words(p.text) for p in paragraphs)
    chars = sum(len(p.text) for p in paragraphs)
    gate = DEFAULT_RULES.readability_gate
    return words < FALLBACK_BELOW_WORDS or chars < gate * sources.prose_chars


def describe(rules: BodyRules) -> str:
    parts = sorted(rules.drop)
    if rules.readability_coverage is not None:
        parts.append(f"readability≥{rules.readability_coverage:g}cov,{rules.readability_ratio:g}x")
    if rules.rescue_below:
        parts.append("rescue")
    return ", ".join(parts) or "(none: trafilatura's output)"


def _without(rules: BodyRules, label: str) -> BodyRules:
    if label in rules.drop:
        return replace(rules, drop=rules.drop - {label})
    if label == "rescue":
        return replace(rules, rescue_below=0)
    return replace(rules, readability_coverage=None)


def _labels(rules: BodyRules) -> list[str]:
    labels = sorted(rules.drop)
    if rules.readability_coverage is not None:
        labels.append("readability")
    if rules.rescue_below:
        labels.append("rescue")
    return labels


# --------------------------------------------------------------------------- metadata


def _norm_meta(value: Any) -> str:
    return re.sub(r"[\W_]+", " ", str(value or "").casefold()).strip()


def _date(value: Any) -> str:
    match = re.search(r"\d{4}-\d{2}-\d{2}", str(value or ""))
    return match.group(0) if match else ""


def meta_accuracy(pages: list[Page], field_map: Mapping[str, str], who: str) -> dict[str, str]:
    out = {}
    for ours, theirs in field_map.items():
        golds = [(p, p.truth.get(theirs)) for p in pages]
        golds = [(p, g) for p, g in golds if g not in (None, "", "None")]
        hits = 0
        for p, gold in golds:
            got = (p.meta if who == "newsbot" else p.trafilatura_meta).get(ours)
            if ours == "date":
                hits += bool(_date(got)) and _date(got) == _date(gold)
            else:
                hits += bool(got) and _norm_meta(got) == _norm_meta(gold)
        out[ours] = f"{hits / len(golds):.2f} ({hits}/{len(golds)})" if golds else "–"
    return out


# --------------------------------------------------------------------------- report


def _segments(pages: list[Page], texts: list[str]) -> tuple[float, float, float]:
    s = micro_scores([segment_counts(t, p.truth.get("with", []), p.truth.get("without", []))
                      for p, t in zip(pages, texts, strict=True)])
    return s.precision, s.recall, s.f1


def run_all(data: Path) -> str:
    sets = load_all(data)
    lines: list[str] = []
    add = lines.append
    add("### Per data set (AEB shingle F1; newsbot = `extract_article` with its default rules)")
    add("")
    add("| set | pages | newsbot | P | R | trafilatura | P | R | readability-lxml | P | R "
        "| newsbot as served | refused | ms/page newsbot | trafilatura | readability |")
    add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for d in sets:
        ours = [body_text(p, DEFAULT_RULES) for p in d.pages]
        row = [d.name, str(len(d.pages))]
        for texts in (ours, [p.baselines["trafilatura"] for p in d.pages],
                      [p.baselines["readability-lxml"] for p in d.pages]):
            s = aeb_scores([aeb_counts(str(p.truth.get("articleBody") or ""), t)
                            for p, t in zip(d.pages, texts, strict=True)])
            row += [f"{s.f1:.3f}", f"{s.precision:.3f}", f"{s.recall:.3f}"]
        row.append(f"{score_texts(d.pages, [p.served for p in d.pages]):.3f}")
        row.append(str(sum(p.refused is not None for p in d.pages)))
        for method in ("newsbot", "trafilatura", "readability-lxml"):
            row.append(f"{statistics.mean(p.ms[method] for p in d.pages):.0f}")
        add("| " + " | ".join(row) + " |")
    add("")
    add("\"newsbot\" scores the body that `extract_article` builds; \"as served\" scores what "
        "it returns, a refused page (`NotAnArticleError`: almost no text, a wall, an index "
        "page) counting as empty.")
    add("")
    wcxb = next(d for d in sets if d.name == "wcxb_dev")
    add("### WCXB dev: with/without segments (micro P/R/F1)")
    add("")
    add("| method | F1 | P | R |")
    add("|---|---|---|---|")
    for label, texts in (("newsbot", [body_text(p, DEFAULT_RULES) for p in wcxb.pages]),
                         ("trafilatura", [p.baselines["trafilatura"] for p in wcxb.pages]),
                         ("readability-lxml", [p.baselines["readability-lxml"]
                                               for p in wcxb.pages])):
        precision, recall, f1 = _segments(wcxb.pages, texts)
        add(f"| {label} | {f1:.3f} | {precision:.3f} | {recall:.3f} |")
    add("")

    add("### Leave one data set out")
    add("")
    add("Rules selected on the other three sets, scored on the held-out one:")
    add("")
    add("| held out | rules selected on the others | held-out F1 | trafilatura | readability-lxml "
        "| each selected rule's held-out gain |")
    add("|---|---|---|---|---|---|")
    folds = {}
    for held in sets:
        train = [d for d in sets if d is not held]
        rules, _ = select(train)
        folds[held.name] = rules
        gains = ", ".join(f"{label} {held.f1(rules) - held.f1(_without(rules, label)):+.4f}"
                          for label in _labels(rules))
        traf = score_texts(held.pages, [p.baselines["trafilatura"] for p in held.pages])
        read = score_texts(held.pages, [p.baselines["readability-lxml"] for p in held.pages])
        add(f"| {held.name} | {describe(rules)} | {held.f1(rules):.4f} | {traf:.4f} | "
            f"{read:.4f} | {gains} |")
    chosen, steps = select(sets)
    add("")
    add(f"Selected on all four sets: **{describe(chosen)}** (the shipped `DEFAULT_RULES`: "
        f"{describe(DEFAULT_RULES)}{'' if chosen == DEFAULT_RULES else ' — DIFFERENT'}).")
    add("")
    add("| step | rule | gain per set |")
    add("|---|---|---|")
    for i, (label, delta) in enumerate(steps, 1):
        add(f"| {i} | {label} | " + ", ".join(f"{k} {v:+.4f}" for k, v in delta.items()) + " |")
    add("")
    add("Every candidate alone, on trafilatura's default output (F1 change per set):")
    add("")
    add("| candidate | " + " | ".join(d.name for d in sets) + " | selected on all |")
    add("|---|" + "---|" * len(sets) + "---|")
    base = START
    for label, option in candidates(base):
        cells = [f"{d.f1(option) - d.f1(base):+.4f}" for d in sets]
        taken = label in chosen.drop or (label == "rescue" and chosen.rescue_below > 0) or (
            label.startswith("readability") and describe(option).endswith(
                f"readability≥{chosen.readability_coverage:g}cov,{chosen.readability_ratio:g}x"))
        add(f"| {label} | " + " | ".join(cells) + f" | {'yes' if taken else ''} |")
    add("")
    ungated = replace(DEFAULT_RULES, readability_gate=float("inf"))
    runs = {d.name: sum(1 for p in d.pages if p.sources is not None and _gate_open(p.sources))
            for d in sets}
    add(f"Readability gate (tried only when trafilatura found under {FALLBACK_BELOW_WORDS} words "
        f"or less text than the page's <p> prose; not selected, a speed setting): readability "
        "runs on " + ", ".join(f"{d.name} {runs[d.name]}/{len(d.pages)}" for d in sets)
        + " pages; F1 change against trying it on every page: "
        + ", ".join(f"{d.name} {d.f1(DEFAULT_RULES) - d.f1(ungated):+.4f}" for d in sets) + ".")
    add("")
    flat = replace(DEFAULT_RULES, ld_paragraphs=False)
    add("JSON-LD paragraph breaks (`ld_paragraphs`, not selected: the same words), F1 change: "
        + ", ".join(f"{d.name} {d.f1(DEFAULT_RULES) - d.f1(flat):+.4f}" for d in sets) + ".")
    add("")

    add("### Metadata (share of pages with a gold value where the value matches)")
    add("")
    add("Titles, authors and sites match after case-folding and dropping punctuation; dates on "
        "the day. trafilatura = `trafilatura.metadata.extract_metadata` (title, author, date, "
        "sitename).")
    add("")
    add("| set | method | title | author | date | site |")
    add("|---|---|---|---|---|---|")
    for d in sets:
        if d.name not in META_FIELDS:
            continue
        for who in ("newsbot", "trafilatura"):
            acc = meta_accuracy(d.pages, META_FIELDS[d.name], who)
            add(f"| {d.name} | {who} | " + " | ".join(acc.get(k, "–") for k in
                                                      ("title", "author", "date", "site")) + " |")
    return "\n".join(lines)
