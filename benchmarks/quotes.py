"""Quote benchmark: newsbot's attributed quotes against a regex baseline, same run, per split.

    python -m benchmarks.quotes [--data-dir DIR] [--splits train,dev] [--data FILE.jsonl ...]
                                [--textacy FILE.json] [--sweep] [--json] [--errors N]

With no ``--data``, every split named in ``--splits`` that exists as ``DIR/polnear_<split>.jsonl``
is scored (``DIR`` is ``../shared/data/quotes``), plus textacy's toy cases
(``DIR/textacy_direct_quotation_cases.json``): one table per split, every method on the same
articles. ``--data`` scores the given files instead (each its own table, named by its stem).

``FILE.jsonl`` is in the PolNeAR format of ``../shared/data/README.md``: one article a line with
``text``, ``title`` and ``attributions`` (``content``, ``source``, ``direct_quote``). Gold quotes
are the attributions with ``direct_quote: true``.

- A quote's tokens are its lowercase ``\\w+`` words, as a multiset.
- A predicted quote matches a gold one when their common tokens are at least half of each side's
  tokens. Pairs are matched one to one, greedily, the largest overlap first (ties: text order).
  Precision, recall and F1 count every quote of every article.
- Speaker accuracy is over matched pairs whose gold source is given and is not a bare pronoun
  ("he", "she": the corpus does not resolve pronouns, newsbot does): a prediction is correct when
  its speaker shares a word of three or more letters, not a stopword, with the gold source. A
  missing predicted speaker is wrong.

``--two-apostrophes`` corrects one flaw of older copies of the corpus's ``direct_quote`` flag:
NYT articles write quotes as ''…'' (two apostrophes), which the old flag never counted. With the
option, an attribution is also gold when the corpus's own rule holds with ''…'' read as
quotation marks. (The files staged now already count them: the option changes nothing there.)

Each method sees the article body the way the bot does: the article's title (the text's first
paragraph, when it repeats the ``title`` field) is not part of it. A split quote counts as one
prediction (its parts joined), as the corpus joins them into one attribution.

textacy's cases (``--textacy``): toy sentences with the quotes and speaker tokens textacy's own
tests expect. Quotes are matched as above; a speaker is right when it shares a word with the
expected speaker tokens (expected pronouns are left out, as for PolNeAR).

``--sweep`` is the leave-one-split-out check of the quote finder's tuned thresholds (the share of
the characters of its statement a partial quote must hold, and its fewest words): each value of
a small grid is run on every split; the value that scores best on one split is reported with its
F1 on the *other* split, beside the shipped value's F1 there. A threshold is worth its value only
where the other split agrees.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.quotes import attribution, find_quotations

_TOKEN_RE = re.compile(r"\w+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PRONOUNS = _words("he she they it i we you him her them me us his hers their its this that who")
# Function words that cannot identify a speaker (a plain English list; names are never on it).
STOPWORDS = _words(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself also said says told according one another former new its
    """
)


@dataclass(frozen=True, slots=True)
class Prediction:
    text: str
    speaker: str | None


@dataclass(frozen=True, slots=True)
class Gold:
    text: str
    source: str | None


Method = Callable[[str], list[Prediction]]


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN_RE.findall(text.lower()))


def overlap(a: Counter[str], b: Counter[str]) -> int:
    return sum((a & b).values())


def match(preds: Sequence[Prediction], golds: Sequence[Gold]) -> list[tuple[int, int]]:
    """One-to-one pairs (prediction index, gold index), greedily by overlap."""
    pt = [tokens(p.text) for p in preds]
    gt = [tokens(g.text) for g in golds]
    candidates: list[tuple[int, int, int]] = []
    for i, a in enumerate(pt):
        na = sum(a.values())
        for j, b in enumerate(gt):
            common = overlap(a, b)
            if common and 2 * common >= na and 2 * common >= sum(b.values()):
                candidates.append((common, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


def speaker_words(text: str) -> set[str]:
    return {
        w
        for w in _TOKEN_RE.findall(text.lower())
        if len(w) >= 3 and w.isalpha() and w not in STOPWORDS
    }


def bare_pronoun(source: str | None) -> bool:
    words = _TOKEN_RE.findall((source or "").lower())
    return len(words) == 1 and words[0] in PRONOUNS


def speaker_correct(predicted: str | None, source: str) -> bool:
    if not predicted:
        return False
    return bool(speaker_words(predicted) & speaker_words(source))


@dataclass(slots=True)
class Tally:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    speaker_pairs: int = 0
    speaker_right: int = 0
    speaker_missing: int = 0  # of the wrong ones: no speaker predicted (not a wrong name)
    articles: int = 0
    seconds: float = 0.0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.speaker_right / self.speaker_pairs if self.speaker_pairs else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "speaker_accuracy": round(acc, 4),
            "n_gold": self.gold,
            "n_predicted": self.predicted,
            "n_speaker_pairs": self.speaker_pairs,
            "speaker_missing": self.speaker_missing,
            "speaker_wrong": self.speaker_pairs - self.speaker_right - self.speaker_missing,
            "ms_per_article": round(1000 * self.seconds / max(1, self.articles), 2),
        }


# --- methods -------------------------------------------------------------------------------


def run_newsbot(text: str) -> list[Prediction]:
    return [Prediction(q.text, q.speaker) for q in find_quotations(text, "en")]


_BASE_QUOTE = re.compile(r'"([^"\n]+)"|“([^”\n]+)”|«([^»\n]+)»|„([^“\n]+)“')
_BASE_NAME = r"((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,3})"
_BASE_VERB = (
    r"(?:said|says|told|tells|added|adds|asked|asks|wrote|writes|explained|noted|argued"
    r"|continued|tweeted|according to)"
)
_BASE_AFTER = re.compile(
    r"[\s,—–-]*(?:"
    + _BASE_NAME
    + r"\s+"
    + _BASE_VERB
    + r"|"
    + _BASE_VERB
    + r"\s+"
    + _BASE_NAME
    + r")\b"
)
_BASE_BEFORE = re.compile(_BASE_NAME + r"\s+" + _BASE_VERB + r"\W{0,3}\s*$")


def run_regex_baseline(text: str) -> list[Prediction]:
    """Quote marks of one line, three words or more; the capitalised name beside a speech verb
    right after the quote, else right before it."""
    preds = []
    for m in _BASE_QUOTE.finditer(text):
        quoted = next(g for g in m.groups() if g is not None)
        if len(_TOKEN_RE.findall(quoted)) < 3:
            continue
        speaker = None
        after = _BASE_AFTER.match(text, m.end(), min(len(text), m.end() + 80))
        if after:
            speaker = after.group(1) or after.group(2)
        else:
            before = _BASE_BEFORE.search(text, max(0, m.start() - 80), m.start())
            if before:
                speaker = before.group(1)
        preds.append(Prediction(quoted, speaker))
    return preds


METHODS: dict[str, Method] = {"newsbot": run_newsbot, "regex-baseline": run_regex_baseline}


# --- data ----------------------------------------------------------------------------------


def body_of(article: dict[str, Any]) -> str:
    """The article text without its title paragraph (the bot gets the title separately)."""
    text = str(article.get("text") or "")
    title = str(article.get("title") or "")
    first, sep, rest = text.partition("\n\n")
    if sep and title and _similar(first, title):
        return rest
    return text


def _similar(a: str, b: str) -> bool:
    ta, tb = tokens(a), tokens(b)
    return bool(ta) and overlap(ta, tb) >= 0.6 * max(sum(ta.values()), sum(tb.values()))


_TWO_APOSTROPHES = re.compile(r"''.*?(?:''|$)", re.S)


def direct_with_two_apostrophes(content: str) -> bool:
    """The corpus's own rule (starts with a quote mark, or 60% of its characters inside quotes)
    with ''…'' counted as quotation marks, which the corpus's flag does not do."""
    if content.startswith("''"):
        return True
    inside = sum(len(m.group()) for m in _TWO_APOSTROPHES.finditer(content))
    return bool(content) and inside / len(content) >= 0.6


def gold_of(article: dict[str, Any], two_apostrophes: bool = False) -> list[Gold]:
    return [
        Gold(str(a["content"]), a.get("source") or None)
        for a in article.get("attributions", [])
        if a.get("direct_quote")
        or (two_apostrophes and direct_with_two_apostrophes(str(a.get("content") or "")))
    ]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(
    articles: Iterable[dict[str, Any]],
    method: Method,
    keep_errors: int = 0,
    two_apostrophes: bool = False,
) -> Tally:
    tally = Tally()
    for article in articles:
        body = body_of(article)
        start = time.perf_counter()
        preds = method(body)
        tally.seconds += time.perf_counter() - start
        golds = gold_of(article, two_apostrophes)
        pairs = match(preds, golds)
        tally.articles += 1
        tally.predicted += len(preds)
        tally.gold += len(golds)
        tally.matched += len(pairs)
        for i, j in pairs:
            source = golds[j].source
            if source is None or bare_pronoun(source):
                continue
            tally.speaker_pairs += 1
            right = speaker_correct(preds[i].speaker, source)
            tally.speaker_right += right
            tally.speaker_missing += not preds[i].speaker
            if not right and len(tally.errors) < keep_errors:
                tally.errors.append(
                    {
                        "kind": "speaker",
                        "id": article.get("id"),
                        "quote": preds[i].text[:120],
                        "predicted": preds[i].speaker,
                        "gold": source,
                    }
                )
        if keep_errors:
            matched_p = {i for i, _ in pairs}
            matched_g = {j for _, j in pairs}
            for i, p in enumerate(preds):
                if i not in matched_p and len(tally.errors) < keep_errors:
                    tally.errors.append(
                        {
                            "kind": "false positive",
                            "id": article.get("id"),
                            "quote": p.text[:160],
                            "predicted": p.speaker,
                        }
                    )
            for j, g in enumerate(golds):
                if j not in matched_g and len(tally.errors) < keep_errors:
                    tally.errors.append(
                        {
                            "kind": "missed",
                            "id": article.get("id"),
                            "quote": g.text[:160],
                            "gold": g.source,
                        }
                    )
    return tally


def format_table(results: dict[str, Tally]) -> str:
    lines = [
        "| method | F1 | precision | recall | speaker accuracy | wrong name | no name "
        "| gold | predicted | ms/article |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, tally in results.items():
        j = tally.to_json()
        lines.append(
            f"| {name} | {j['f1']:.3f} | {j['precision']:.3f} | {j['recall']:.3f} | "
            f"{j['speaker_accuracy']:.3f} ({tally.speaker_right}/{tally.speaker_pairs}) | "
            f"{j['speaker_wrong']} | {j['speaker_missing']} | "
            f"{j['n_gold']} | {j['n_predicted']} | {j['ms_per_article']:.1f} |"
        )
    return "\n".join(lines)


# --- textacy's toy cases -----------------------------------------------------------------


@dataclass(slots=True)
class ToyTally:
    cases: int = 0
    expected: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_cases: int = 0
    speaker_right: int = 0
    failed: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "expected_quotes": self.expected,
            "predicted_quotes": self.predicted,
            "matched_quotes": self.matched,
            "speaker_cases": self.speaker_cases,
            "speaker_right": self.speaker_right,
            "failed": self.failed,
        }


def evaluate_toy_cases(cases: dict[str, Any], method: Method) -> ToyTally:
    """textacy's direct-quotation cases (quotes and speakers) and speaker-token cases."""
    tally = ToyTally()
    for n, case in enumerate(cases.get("direct_quotation_cases", [])):
        tally.cases += 1
        preds = method(str(case["text"]))
        golds = [
            Gold(str(e["content"]).strip("\"'“”"), " ".join(e["speaker_tokens"]))
            for e in case["expected"]
        ]
        pairs = match(preds, golds)
        tally.expected += len(golds)
        tally.predicted += len(preds)
        tally.matched += len(pairs)
        ok = len(pairs) == len(golds) == len(preds)
        for i, j in pairs:
            source = golds[j].source
            if source is None or bare_pronoun(source):
                continue
            tally.speaker_cases += 1
            right = speaker_correct(preds[i].speaker, source)
            tally.speaker_right += right
            ok = ok and right
        if not ok:
            tally.failed.append(f"direct {n + 1}")
    for n, case in enumerate(cases.get("speaker_token_cases", [])):
        tally.cases += 1
        expected = " ".join(case["expected_speaker_tokens"])
        if bare_pronoun(expected):
            continue
        tally.speaker_cases += 1
        preds = method(str(case["text"]))
        right = any(speaker_correct(p.speaker, expected) for p in preds)
        tally.speaker_right += right
        if not right:
            tally.failed.append(f"speaker {n + 1}")
    return tally


def format_toy_table(results: dict[str, ToyTally]) -> str:
    lines = [
        "| method | quotes matched / expected | predicted | speakers right | failed cases |",
        "|---|---|---|---|---|",
    ]
    for name, t in results.items():
        lines.append(
            f"| {name} | {t.matched}/{t.expected} | {t.predicted} | "
            f"{t.speaker_right}/{t.speaker_cases} | {', '.join(t.failed) or '-'} |"
        )
    return "\n".join(lines)


# --- leave-one-split-out check of the tuned thresholds -------------------------------------
# The quote finder's tuned thresholds (module attributes of its attribution stage) and the grid
# each is swept over. They were chosen on the dev split (benchmarks.quotes_partial).
SWEEP: dict[str, tuple[float, ...]] = {
    "_MIN_PARTIAL_CHAR_SHARE": (0.4, 0.5, 0.6, 0.7, 0.8),
    "_MIN_PARTIAL_WORDS": (2, 3, 4, 5),
}


@dataclass(frozen=True, slots=True)
class SweepRow:
    name: str
    shipped: float
    f1: dict[str, dict[float, float]]  # split -> value -> F1

    def best(self, split: str) -> float:
        scores = self.f1[split]
        return max(scores, key=lambda v: (scores[v], v == self.shipped))


def sweep(splits: dict[str, list[dict[str, Any]]], two_apostrophes: bool) -> list[SweepRow]:
    module = attribution
    rows = []
    for name, grid in SWEEP.items():
        shipped = getattr(module, name)
        f1: dict[str, dict[float, float]] = {split: {} for split in splits}
        try:
            for value in grid:
                setattr(module, name, type(shipped)(value))
                for split, articles in splits.items():
                    tally = evaluate(articles, run_newsbot, 0, two_apostrophes)
                    f1[split][value] = tally.to_json()["f1"]
        finally:
            setattr(module, name, shipped)
        rows.append(SweepRow(name, shipped, f1))
    return rows


def format_sweep(rows: list[SweepRow]) -> str:
    lines = [
        "| threshold | shipped | tuned on | best there | F1 elsewhere: best there | "
        "F1 elsewhere: shipped |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        for tuned in row.f1:
            for other in row.f1:
                if other == tuned:
                    continue
                best = row.best(tuned)
                lines.append(
                    f"| {row.name.strip('_').lower()} | {row.shipped:g} | {tuned} | {best:g} "
                    f"(F1 {row.f1[tuned][best]:.3f}) | {other} {row.f1[other][best]:.3f} | "
                    f"{other} {row.f1[other][row.shipped]:.3f} |"
                )
    return "\n".join(lines)


# --- command line --------------------------------------------------------------------------


def _splits(args: argparse.Namespace) -> dict[str, Path]:
    if args.data:
        return {path.stem: path for path in args.data}
    found = {}
    for split in args.splits.split(","):
        path = args.data_dir / f"polnear_{split}.jsonl"
        if path.exists():
            found[split] = path
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.quotes",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--data", type=Path, action="append", help="a PolNeAR-format JSONL file (repeatable)"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path("../shared/data/quotes"),
        help="where polnear_<split>.jsonl and textacy's cases are (default: %(default)s)",
    )
    parser.add_argument(
        "--splits", default="train,dev", help="splits read from --data-dir (default: %(default)s)"
    )
    parser.add_argument(
        "--textacy", type=Path, help="textacy's cases (default: in --data-dir, without --data)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--methods",
        default=",".join(METHODS),
        help="comma-separated subset of: " + ", ".join(METHODS),
    )
    parser.add_argument(
        "--two-apostrophes",
        action="store_true",
        help="also count gold quotes marked ''like this'' (see the module docstring)",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="leave-one-split-out check of the tuned thresholds (needs two splits)",
    )
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="also print up to N of newsbot's errors per split (for error analysis)",
    )
    args = parser.parse_args(argv)
    names = args.methods.split(",")
    for name in names:
        if name not in METHODS:
            parser.error(f"unknown method {name!r}")
    paths = _splits(args)
    if not paths:
        parser.error(f"no data: give --data, or put polnear_<split>.jsonl in {args.data_dir}")
    textacy = args.textacy
    if textacy is None and not args.data:
        default = args.data_dir / "textacy_direct_quotation_cases.json"
        textacy = default if default.exists() else None

    splits = {split: read_jsonl(path) for split, path in paths.items()}
    results: dict[str, dict[str, Tally]] = {}
    for split, articles in splits.items():
        results[split] = {}
        for name in names:
            keep = args.errors if name == "newsbot" else 0
            results[split][name] = evaluate(articles, METHODS[name], keep, args.two_apostrophes)
    toy: dict[str, ToyTally] = {}
    if textacy is not None:
        cases = json.loads(textacy.read_text(encoding="utf-8"))
        toy = {name: evaluate_toy_cases(cases, METHODS[name]) for name in names}
    swept = sweep(splits, args.two_apostrophes) if args.sweep and len(splits) > 1 else []

    if args.json:
        out: dict[str, Any] = {
            "splits": {
                split: {
                    "file": str(paths[split]),
                    "articles": len(splits[split]),
                    "methods": {name: t.to_json() for name, t in results[split].items()},
                }
                for split in splits
            },
            "two_apostrophes": args.two_apostrophes,
        }
        if toy:
            out["textacy"] = {name: t.to_json() for name, t in toy.items()}
        if swept:
            out["sweep"] = {
                row.name: {
                    "shipped": row.shipped,
                    "f1": {s: {str(v): f for v, f in fs.items()} for s, fs in row.f1.items()},
                }
                for row in swept
            }
        json.dump(out, sys.stdout, indent=2)
        print()
    else:
        for split in splits:
            print(f"{split}: {len(splits[split])} articles from {paths[split]}")
            print(format_table(results[split]))
            print()
        if toy:
            print(f"textacy's cases ({textacy})")
            print(format_toy_table(toy))
            print()
        if swept:
            print("Tuned thresholds, leave one split out")
            print(format_sweep(swept))
    for split in splits:
        for name, tally in results[split].items():
            for err in tally.errors:
                print(split, name, json.dumps(err, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
