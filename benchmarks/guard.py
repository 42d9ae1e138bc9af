"""How well the faithfulness guard's flags separate unfaithful summaries (SummEval consistency).

SummEval gives 16 systems' summaries of 97 CNN/DailyMail articles, each rated for consistency
(1-5, the mean of three experts: does the summary state only what the article states). A summary
is *low* when its mean consistency is below ``--low`` (default 4). For each summary the guard
(``summarizer.faithfulness``, applied to the summary's sentences against the article) flags the
sentences with a number or name the article lacks. Reported, over all summaries and per system:

- AUC: the chance that a low summary has a larger share of flagged sentences than a faithful one
  (ties count half); 0.5 is chance;
- precision and recall of "at least one sentence flagged" for low summaries, and how many
  summaries are flagged;
- the same AUC for the plain baseline, the share of the summary's content words that do not
  occur in the article (novel words), and the baseline's precision when it flags as many
  summaries as the guard (its highest shares), so the guard is compared with the obvious check
  on every row.

Nothing here is learned: the guard has no parameter fitted to this data, so the figures are
held-out figures. Caveat: several systems write lower-cased text ("paul merson"), where the
guard sees no names, only numbers.

    .venv/bin/python -m benchmarks.guard [--data PATH] [--low 4] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from summarizer.faithfulness import SourceFacts, check
from summarizer.sentences import split_sentences
from summarizer.summarizers.extractive import content_tokens

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "summaries"
DEFAULT = DATA / "summeval_cnndm97.jsonl"
if not DEFAULT.exists():
    DEFAULT = Path("/work/shared/data/summaries/summeval_cnndm97.jsonl")


@dataclass(frozen=True, slots=True)
class Scored:
    system: str
    consistency: float
    flagged: int  # sentences the guard drops
    sentences: int
    novel: float  # share of content words not in the article

    @property
    def flag_share(self) -> float:
        return self.flagged / max(1, self.sentences)


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Mann-Whitney AUC of ``scores`` for the positive ``labels`` (ties count half)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return None
    wins = 0.0
    for p in pos:
        for n in neg:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(pos) * len(neg))


def _precision_of_top(scores: Sequence[float], labels: Sequence[bool], count: int) -> float | None:
    """The share of low summaries among the ``count`` highest ``scores`` (the baseline flagging
    as many summaries as the guard does)."""
    if count == 0:
        return None
    ranked = sorted(zip(scores, labels, strict=True), key=lambda pair: -pair[0])[:count]
    return sum(label for _, label in ranked) / count


def score_file(path: Path) -> list[Scored]:
    out: list[Scored] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            article = str(record["article"])
            facts = SourceFacts.of(article)
            words = set(content_tokens(article))
            for system, output in sorted(record["system_outputs"].items()):
                summary = str(output["summary"])
                sentences = split_sentences(summary, "en")
                result = check(sentences, facts, "en")
                summary_words = content_tokens(summary)
                novel = sum(w not in words for w in summary_words) / max(1, len(summary_words))
                consistency = float(output["expert_scores_mean"]["consistency"])
                out.append(Scored(system, consistency, len(result.dropped), len(sentences), novel))
    return out


def report(rows: Sequence[Scored], low: float) -> dict[str, object]:
    labels = [r.consistency < low for r in rows]
    flagged = [r.flagged > 0 for r in rows]
    tp = sum(f and y for f, y in zip(flagged, labels, strict=True))
    return {
        "summaries": len(rows),
        "low": sum(labels),
        "flagged": sum(flagged),
        "auc_guard": auc([r.flag_share for r in rows], labels),
        "auc_novel_words": auc([r.novel for r in rows], labels),
        "precision_at_flag": tp / sum(flagged) if any(flagged) else None,
        "recall_at_flag": tp / sum(labels) if any(labels) else None,
        "novel_precision_same_count": _precision_of_top(
            [r.novel for r in rows], labels, sum(flagged)
        ),
        "low_share_unflagged": (
            sum(y and not f for f, y in zip(flagged, labels, strict=True))
            / max(1, sum(not f for f in flagged))
        ),
        "mean_flag_share": statistics.fmean(r.flag_share for r in rows) if rows else 0.0,
    }


def _fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--low", type=float, default=4.0, help="consistency below this is low")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = score_file(args.data)
    overall = report(rows, args.low)
    systems = {
        s: report([r for r in rows if r.system == s], args.low)
        for s in sorted({r.system for r in rows})
    }
    if args.json:
        print(json.dumps({"overall": overall, "systems": systems}, indent=2))
        return 0
    columns = (
        "summaries", "low", "flagged", "auc_guard", "auc_novel_words", "precision_at_flag",
        "recall_at_flag", "novel_precision_same_count", "low_share_unflagged",
    )  # fmt: skip
    print("| system | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name, figures in [("all", overall), *systems.items()]:
        print(f"| {name} | " + " | ".join(_fmt(figures[c]) for c in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
