"""Quote benchmark: newsbot's attributed quotes against a regex baseline, same run.

    python -m benchmarks.quotes --data FILE.jsonl [--json] [--errors N]

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

``--two-apostrophes`` corrects one flaw of the corpus's ``direct_quote`` flag: seven NYT
articles write quotes as ''…'' (two apostrophes), which the flag never counts, so every quote in
them is missing from the gold. With the option, an attribution is also gold when the corpus's own
rule holds with ''…'' read as quotation marks.

Each method sees the article body the way the bot does: the article's title (the text's first
paragraph, when it repeats the ``title`` field) is not part of it. A split quote counts as one
prediction (its parts joined), as the corpus joins them into one attribution.
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

from summarizer.quotes import find_quotations

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.quotes",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR-format JSONL file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--methods",
        default=",".join(METHODS),
        help="comma-separated subset of: " + ", ".join(METHODS),
    )
    parser.add_argument(
        "--two-apostrophes",
        action="store_true",
        help="also count gold quotes marked ''like this'' (the corpus's flag "
        "misses them: see the module docstring)",
    )
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="also print up to N of newsbot's errors (for error analysis)",
    )
    args = parser.parse_args(argv)

    articles = read_jsonl(args.data)
    results: dict[str, Tally] = {}
    for name in args.methods.split(","):
        if name not in METHODS:
            parser.error(f"unknown method {name!r}")
        keep = args.errors if name == "newsbot" else 0
        results[name] = evaluate(articles, METHODS[name], keep, args.two_apostrophes)

    if args.json:
        out = {
            "methods": {name: t.to_json() for name, t in results.items()},
            "articles": len(articles),
            "two_apostrophes": args.two_apostrophes,
        }
        json.dump(out, sys.stdout, indent=2)
        print()
    else:
        print(f"{len(articles)} articles from {args.data}")
        print(format_table(results))
    for name, tally in results.items():
        for err in tally.errors:
            print(name, json.dumps(err, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
