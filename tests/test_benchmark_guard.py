"""``benchmarks.guard``: the AUC and the flag figures on a two-article file made by hand."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.guard import auc, main, report, score_file


def test_auc_counts_ties_as_half() -> None:
    assert auc([0.9, 0.5, 0.1], [True, False, False]) == 1.0
    assert auc([0.5, 0.5], [True, False]) == 0.5
    assert auc([0.1, 0.9], [True, False]) == 0.0
    assert auc([1.0], [True]) is None


def _output(summary: str, consistency: float) -> dict[str, object]:
    return {"summary": summary, "expert_scores_mean": {"consistency": consistency}}


def test_report_on_a_small_file(tmp_path: Path) -> None:
    record = {
        "article": "Maria Okafor said the bridge will close for six weeks from 3 March.",
        "system_outputs": {
            "faithful": _output("The bridge will close for 6 weeks, Maria Okafor said.", 5.0),
            "invented": _output("John Smith said the bridge closes for 9 weeks.", 1.0),
            "wrong_verb": _output("The bridge will open for six weeks.", 2.0),
        },
    }
    path = tmp_path / "tiny.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    rows = score_file(path)
    figures = report(rows, 4.0)
    assert figures["summaries"] == 3 and figures["low"] == 2 and figures["flagged"] == 1
    assert figures["precision_at_flag"] == 1.0 and figures["recall_at_flag"] == 0.5
    assert figures["auc_guard"] == 0.75  # invented > faithful (1), wrong_verb = faithful (0.5)
    assert main(["--data", str(path), "--json"]) == 0
