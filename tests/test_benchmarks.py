"""The benchmarks' metrics on tiny hand-made inputs whose scores are worked out by hand.

- ``benchmarks.aeb_metric``: the AEB 4-token shingle metric (per-document normalised counts,
  precision and recall averaged over documents) and the with/without substring metric
  (micro-summed), also through ``benchmarks.extraction.run_method``.
- ``benchmarks.quotes``: quote matching (token multisets, half of each side, greedy one to one,
  largest overlap first) and speaker accuracy (a shared non-stopword of three letters or more;
  no speaker is wrong; gold sources that are bare pronouns or missing are left out), on
  PolNeAR-format records.
- ``benchmarks.summaries``: the JSON report of a whole run on three records.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from benchmarks import quotes, quotes_partial, summaries
from benchmarks.aeb_metric import (
    Counts,
    aeb_scores,
    micro_scores,
    segment_counts,
    shingle_counts,
)
from benchmarks.extraction import run_method
from benchmarks.extraction_loo import START, DataSet, select
from benchmarks.quotes import Gold, Prediction
from benchmarks.summary_data import Rouge
from summarizer.extract.body import BodyRules
from summarizer.quotes import attribution as quote_attribution
from summarizer.quotes.attribution import PARTIAL_FEATURES


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# ------------------------------------------------------------------ AEB shingle metric

SIX = "one two three four five six"  # shingles: 1234, 2345, 3456
FIVE = "one two three four five"  # shingles: 1234, 2345
SEVEN = "one two three four five six seven"  # shingles: 1234, 2345, 3456, 4567


def test_shingle_counts_are_normalised_per_document() -> None:
    # Everything found: two shingles, both true positives.
    assert shingle_counts(FIVE, FIVE) == Counts(1.0, 0.0, 0.0)
    # Prediction misses the last word: tp 2, fn 1 (3456), out of 3.
    assert shingle_counts(SIX, FIVE) == pytest.approx(Counts(2 / 3, 0.0, 1 / 3))
    # Prediction adds two words: tp 2, fp 2 (3456, 4567), out of 4.
    assert shingle_counts(FIVE, SEVEN) == pytest.approx(Counts(0.5, 0.5, 0.0))
    # Punctuation and spacing are not tokens; case is kept.
    assert shingle_counts(FIVE, "One, two; three -- four\nfive!") == pytest.approx(
        Counts(1 / 3, 1 / 3, 1 / 3)  # 2345 shared; 1234 differs only by "One"
    )
    # A text under four tokens is one shingle of all of them.
    assert shingle_counts("breaking news", "breaking news") == Counts(1.0, 0.0, 0.0)
    assert shingle_counts("breaking news", "") == Counts(0.0, 0.0, 1.0)
    assert shingle_counts("", "") == Counts(0.0, 0.0, 0.0)


def test_aeb_scores_average_precision_and_recall_over_documents() -> None:
    full_recall_half_precision = shingle_counts(FIVE, SEVEN)  # P 1/2, R 1
    full_precision = shingle_counts(SIX, FIVE)  # P 1, R 2/3
    scores = aeb_scores([full_recall_half_precision, full_precision])
    assert scores.precision == pytest.approx(0.75)
    assert scores.recall == pytest.approx(5 / 6)
    assert scores.f1 == pytest.approx(2 * 0.75 * (5 / 6) / (0.75 + 5 / 6))

    # An empty prediction has no precision to average, and recall 0.
    empty = shingle_counts(SIX, "")
    scores = aeb_scores([full_recall_half_precision, full_precision, empty])
    assert scores.precision == pytest.approx(0.75)
    assert scores.recall == pytest.approx((1 + 2 / 3 + 0) / 3)

    # Junk on a page with no truth: precision 0, no recall to average.
    junk = shingle_counts("", SIX)
    assert aeb_scores([junk]).precision == 0.0
    assert aeb_scores([junk, full_precision]).recall == pytest.approx(2 / 3)
    assert aeb_scores([]) == aeb_scores([shingle_counts("", "")])
    assert aeb_scores([]).f1 == 0.0


def test_segment_metric_is_micro_summed_substring_matching() -> None:
    pred = "The mayor  said\nyes on Monday.\n\nBook now\n and save! The wall will be rebuilt."
    counts = segment_counts(
        pred,
        ["mayor said yes on Monday.", "The wall will be rebuilt.", "It will take two years."],
        ["Book now and save!", "Subscribe to our newsletter"],
    )
    assert counts == Counts(tp=2.0, fp=1.0, fn=1.0)
    other = segment_counts("Nothing useful here.", ["The harbour is closed."], [])
    assert other == Counts(tp=0.0, fp=0.0, fn=1.0)
    scores = micro_scores([counts, other])  # tp 2, fp 1, fn 2
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 4)
    assert scores.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_extraction_run_method_scores_outputs_and_counts_crashes() -> None:
    outputs = {"a.html": FIVE, "b.html": SEVEN}

    def fake_extractor(html: str, url: str) -> str:
        if html == "crash":
            raise RuntimeError("boom")
        return outputs[html]

    pages = {"a.html": "a.html", "b.html": "b.html", "c.html": "crash"}
    aeb_truth: Mapping[str, Mapping[str, Any]] = {
        "a.html": {"articleBody": SIX},  # P 1, R 2/3
        "b.html": {"articleBody": FIVE},  # P 1/2, R 1
        "c.html": {"articleBody": SIX},  # crashed: empty output, R 0
    }
    result = run_method("fake", fake_extractor, pages, {}, aeb_truth)
    assert result.failures == 1
    assert result.n == 3
    assert result.scores.precision == pytest.approx(0.75)
    assert result.scores.recall == pytest.approx((2 / 3 + 1 + 0) / 3)

    segment_truth: Mapping[str, Mapping[str, Any]] = {
        "a.html": {"with": ["three four"], "without": ["five"]},  # tp 1, fp 1
        "b.html": {"with": ["six seven", "eight"]},  # tp 1, fn 1
    }  # tp 2, fp 1, fn 1
    result = run_method("fake", fake_extractor, {k: pages[k] for k in segment_truth}, {},
                        segment_truth)
    assert result.failures == 0
    assert (result.scores.precision, result.scores.recall) == pytest.approx((2 / 3, 2 / 3))
    # A mixed truth file is scored on its articleBody pages only.
    mixed = {**segment_truth, "c.html": {"articleBody": SIX}}
    result = run_method("fake", fake_extractor, pages, {}, mixed)
    assert (result.scores.precision, result.scores.recall) == (0.0, 0.0)


# ------------------------------------------------------------------ extraction rule selection


class ScriptedSet(DataSet):
    """A data set whose F1 for each rule set is given: gains of each rule, added up."""

    def __init__(self, name: str, gains: Mapping[str, float]) -> None:
        super().__init__(name, [])
        self.gains = gains

    def f1(self, rules: BodyRules) -> float:
        total = 0.5 + sum(self.gains.get(rule, 0.0) for rule in rules.drop)
        if rules.readability_coverage is not None:
            total += self.gains.get(f"readability {rules.readability_coverage:g}", 0.0)
        return total


def test_rule_selection_takes_mean_gains_above_the_noise_floor() -> None:
    sets = [
        ScriptedSet("a", {"comments": 0.006, "headings": 0.002, "byline": 0.0003,
                          "readability 0.8": 0.004}),
        ScriptedSet("b", {"comments": -0.002, "headings": -0.02, "byline": 0.0003,
                          "readability 0.8": 0.001}),
    ]
    rules, steps = select(sets)  # type: ignore[arg-type]
    assert rules.drop == START.drop | {"comments"}  # mean +0.002; headings' mean is a loss
    assert rules.readability_coverage == 0.8  # the best of the readability grid
    assert "byline" not in rules.drop  # +0.0003: below MIN_GAIN, noise
    assert steps[0][0].startswith("readability≥0.8")  # the largest gain first
    # held out: chosen on the other set alone
    rules_b, _ = select([sets[1]])
    assert "comments" not in rules_b.drop and rules_b.readability_coverage == 0.8


# ------------------------------------------------------------------ quote matching


def test_match_needs_half_of_each_side_counting_repeated_tokens() -> None:
    gold = [Gold("We will rebuild the wall this year", None)]  # 7 tokens
    # 4 of the gold's 7 tokens, all of the prediction's: a match.
    assert quotes.match([Prediction("rebuild the wall, this", None)], gold) == [(0, 0)]
    # 3 of 7: too little of the gold.
    assert quotes.match([Prediction("rebuild the wall", None)], gold) == []
    # All 7, but fewer than half of the prediction's 15 tokens.
    long = "We will rebuild the wall this year and then the pier and the road and more"
    assert quotes.match([Prediction(long, None)], gold) == []
    # Case and punctuation do not matter.
    assert quotes.match([Prediction("WE WILL REBUILD THE WALL!", None)], gold) == [(0, 0)]
    # Tokens are a multiset: a word repeated on both sides counts as often as both repeat it.
    assert quotes.overlap(quotes.tokens("the the wall"), quotes.tokens("The the the")) == 2
    assert quotes.overlap(quotes.tokens("the the the wall"), quotes.tokens("the wall")) == 2
    chant = [Gold("No, no, no, no, please", None)]  # 5 tokens
    assert quotes.match([Prediction("no no no no", None)], chant) == [(0, 0)]  # 4 in common
    assert quotes.match([Prediction("no please", None)], chant) == []  # 2 of 5
    repeated = Prediction("the the the the the wall", None)  # 2 of 6 in common
    assert quotes.match([repeated], [Gold("the wall", None)]) == []


def test_match_is_one_to_one_and_greedy_largest_overlap_first() -> None:
    preds = [
        Prediction("the council will vote on the budget next week", None),  # 9 tokens
        Prediction("the council will vote on the budget", None),  # 7 tokens
    ]
    golds = [
        Gold("the council will vote on the budget", None),  # 7 with either prediction
        Gold("the council will vote on the budget next week", None),  # 9 with the first
    ]
    # In text order the first prediction would take the first gold; the largest overlap (9)
    # pairs it with the second gold, and the second prediction gets the first.
    assert sorted(quotes.match(preds, golds)) == [(0, 1), (1, 0)]
    # One to one: two identical predictions of one gold quote make one match.
    same = [Prediction("the wall kept this town dry", None)] * 2
    assert quotes.match(same, [Gold("the wall kept this town dry", None)]) == [(0, 0)]
    # Ties go to text order.
    assert quotes.match(same, [Gold("the wall kept this town dry", None)] * 2) == [
        (0, 0),
        (1, 1),
    ]


def test_speaker_rules() -> None:
    assert quotes.speaker_correct("Mayor Gwen Tallis", "Tallis")
    assert quotes.speaker_correct("the council", "The council's chief engineer")
    assert not quotes.speaker_correct("the mayor", "Gwen Tallis")
    assert not quotes.speaker_correct(None, "Gwen Tallis")
    assert not quotes.speaker_correct("", "Gwen Tallis")
    # Words under three letters and stopwords identify no one.
    assert not quotes.speaker_correct("Dr. Li", "Li Wei")
    assert not quotes.speaker_correct("one of them", "the one who said it")
    assert quotes.bare_pronoun("She")
    assert quotes.bare_pronoun(" he ")
    assert not quotes.bare_pronoun("he and his wife")
    assert not quotes.bare_pronoun("Tallis")
    assert not quotes.bare_pronoun(None)


TITLE = "Harbour town votes to rebuild its sea wall"
BODY_1 = (
    '"We have been told for two years that there was no money, and now there is," said Mayor '
    'Gwen Tallis. "The wall kept this town dry for a hundred and forty years," she added. '
    "Opponents said the plan would cost too much. "
    '"Work will begin in the autumn," said the harbour master, Tom Reed.'
)
BODY_2 = (
    '"Managed retreat would cost far less in the long run," engineers wrote in a report. '
    'A notice on the door read: "Closed until further notice, by order."'
)
BODY_3 = "Holiday cottages are on sale. Book now and save on a week by the sea."


def attribution(content: str, source: str | None, direct: bool) -> dict[str, Any]:
    return {
        "content": content,
        "content_spans": [[0, len(content)]],
        "source": source,
        "source_spans": [] if source is None else [[0, len(source)]],
        "cue": "said",
        "direct_quote": direct,
    }


QUOTE_RECORDS: list[dict[str, Any]] = [
    {
        "id": "ledger-1",
        "publisher": "ledger",
        "title": TITLE,
        "text": TITLE + "\n\n" + BODY_1,  # the title paragraph is not part of the body
        "attributions": [
            attribution(
                "We have been told for two years that there was no money", "Gwen Tallis", True
            ),
            attribution("The wall kept this town dry", "she", True),  # bare pronoun
            attribution("the plan would cost too much", "Opponents", False),  # not direct
            attribution("Work will begin in the autumn", "the harbour master, Tom Reed", True),
        ],
    },
    {
        "id": "ledger-2",
        "publisher": "ledger",
        "title": "Engineers back managed retreat",
        "text": BODY_2,
        "attributions": [
            attribution(
                "Managed retreat would cost far less in the long run", "the engineers", True
            ),
            attribution("Closed until further notice, by order.", None, True),  # no source
        ],
    },
    {"id": "ledger-3", "publisher": "ledger", "title": "Advert", "text": BODY_3,
     "attributions": []},
]

# A fixed "method": its predictions for each body (a KeyError if the title were left in).
FAKE_PREDICTIONS: dict[str, list[Prediction]] = {
    BODY_1: [
        Prediction(
            "We have been told for two years that there was no money, and now there is",
            "Mayor Gwen Tallis",  # right
        ),
        Prediction("The wall kept this town dry for a hundred and forty years", None),  # she
        Prediction("Work will begin in the autumn", "Gwen Tallis"),  # wrong name
    ],
    BODY_2: [
        Prediction("Managed retreat would cost far less in the long run", None),  # missing
        Prediction("Closed until further notice, by order.", "Tallis"),  # no gold source
    ],
    BODY_3: [Prediction("Book now and save on a week by the sea", "Ledger")],  # no gold
}


def test_quote_evaluation_on_polnear_records(tmp_path: Path) -> None:
    articles = quotes.read_jsonl(write_jsonl(tmp_path / "polnear.jsonl", QUOTE_RECORDS))
    tally = quotes.evaluate(articles, lambda body: FAKE_PREDICTIONS[body], keep_errors=10)
    assert (tally.articles, tally.predicted, tally.gold, tally.matched) == (3, 6, 5, 5)
    # Speaker pairs: Tallis (right), Tom Reed (wrong name), the engineers (no name); the
    # pronoun "she" and the quote without a source are left out.
    assert (tally.speaker_pairs, tally.speaker_right, tally.speaker_missing) == (3, 1, 1)
    report = tally.to_json()
    assert report["precision"] == round(5 / 6, 4)
    assert report["recall"] == 1.0
    assert report["f1"] == round(2 * (5 / 6) / (5 / 6 + 1), 4)
    assert report["speaker_accuracy"] == round(1 / 3, 4)
    assert (report["speaker_wrong"], report["speaker_missing"]) == (1, 1)
    kinds = sorted((e["kind"], e["id"]) for e in tally.errors)
    assert kinds == [
        ("false positive", "ledger-3"),
        ("speaker", "ledger-1"),
        ("speaker", "ledger-2"),
    ]


def test_quote_benchmark_main_reports_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_jsonl(tmp_path / "polnear.jsonl", QUOTE_RECORDS)
    assert quotes.main(["--data", str(data), "--json", "--methods", "regex-baseline"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out["splits"]) == ["polnear"]  # one table per file, named by its stem
    assert out["splits"]["polnear"]["articles"] == 3
    assert "textacy" not in out  # textacy's cases are read only with no --data, or --textacy
    baseline = out["splits"]["polnear"]["methods"]["regex-baseline"]
    assert baseline["n_gold"] == 5
    # The baseline finds the quotes in marks with a name beside a speech verb.
    assert 0 < baseline["n_predicted"] <= 6
    assert 0.0 < baseline["f1"] <= 1.0


PARTIAL_BODY = (
    "Mayor Gwen Tallis said the plan was a “catastrophically irresponsible gamble.” "
    "Her rival Tom Reed called the plan that the council passed in a hurry last week "
    "“a mess.”"
)


def test_partial_quote_candidates_are_labelled_and_the_shipped_grid_cell_keeps_one(
    tmp_path: Path,
) -> None:
    records = [
        {
            "id": "partial-1",
            "title": "Harbour plan",
            "text": PARTIAL_BODY,
            "attributions": [
                attribution("a “catastrophically irresponsible gamble.”", "Gwen Tallis", True)
            ],
        }
    ]
    split = quotes_partial.collect(quotes.read_jsonl(write_jsonl(tmp_path / "p.jsonl", records)))
    assert quote_attribution._keep_all_partials is False  # the keep-all run is undone
    assert split.features.shape == (2, len(PARTIAL_FEATURES))
    assert split.labels.tolist() == [1.0, 0.0]  # the gamble matches gold; "a mess" does not
    assert split.speaker.tolist() == [1.0, 1.0]
    kept = quotes_partial.grid_rule(split, 0.6, 3)
    assert kept.tolist() == [True, False]  # "a mess": two words, a small share of its statement
    assert quotes_partial.f1_of(split, kept)[1:] == (1, 1, 1)
    assert quotes_partial.f1_of(split, kept | True)[1:] == (1, 2, 1)


# ------------------------------------------------------------------ summary benchmark

SUMMARY_RECORDS = [
    {
        "id": "s1",
        "article": (
            "The council voted to rebuild the sea wall on Monday. The work will cost nine "
            "million pounds.\n\nFishermen welcomed the decision. The slipway has been closed "
            "since January. Work starts in the autumn."
        ),
        "summary": "The council voted to rebuild the sea wall on Monday. The work will cost "
        "nine million pounds.",
    },
    {
        "id": "s2",
        "article": (
            "A new library opened in the old town hall. It holds forty thousand books.\n\n"
            "Children can borrow up to ten books at a time. The cafe on the ground floor opens "
            "next month. Parking is free on Sundays."
        ),
        "summary": "A new library opened in the old town hall. It holds forty thousand books.",
    },
    {
        "id": "s3",
        "article": (
            "Heavy rain flooded the main road through the valley. Drivers were told to avoid "
            "the area.\n\nThe river rose by two metres overnight. Sandbags were handed out at "
            "the fire station. The rain should stop by Friday."
        ),
        "summary": "Heavy rain flooded the main road through the valley. Drivers were told to "
        "avoid the area.",
    },
]


def test_summary_benchmark_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_jsonl(tmp_path / "summaries.jsonl", SUMMARY_RECORDS)
    argv = ["--data", str(data), "--sentences", "1,2", "--json", "--no-speed",
            "--methods", "newsbot,lead,centroid,textrank,lexrank,pacsum"]
    assert summaries.main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sentences"] == [1, 2]
    assert out["speed"] == []
    (result,) = out["sets"]
    assert result["language"] == "en"  # detected: the records have no language field
    assert set(result["scores"]) == {"rouge"}  # English: rouge-score's tokenizer only
    for k in ("1", "2"):
        methods = result["scores"]["rouge"][k]
        assert set(methods) == {"newsbot", "lead", "centroid", "textrank", "lexrank", "pacsum"}
        for scores in methods.values():
            assert set(scores) == {"rouge1", "rouge2", "rougeLsum", "n"}
            assert scores["n"] == 3
            for name in ("rouge1", "rouge2", "rougeLsum"):
                assert 0.0 <= scores[name] <= 100.0
    # Every reference is its article's first two sentences.
    lead2 = result["scores"]["rouge"]["2"]["lead"]
    assert lead2 == {"rouge1": 100.0, "rouge2": 100.0, "rougeLsum": 100.0, "n": 3}
    assert result["scores"]["rouge"]["1"]["lead"]["rouge1"] < 100.0


FRENCH_RECORDS = [
    {
        "id": f"f{i}",
        "language": "fr",
        "article": (
            f"Le conseil a voté la reconstruction de la digue numéro {i} lundi. Les travaux "
            "coûteront neuf millions d'euros.\n\nLes pêcheurs ont salué la décision. La cale "
            "est fermée depuis janvier. Les travaux commencent à l'automne."
        ),
        "summary": f"Le conseil a voté la reconstruction de la digue numéro {i}, à l'été.",
    }
    for i in range(3)
]


def test_summary_benchmark_french_both_tokenizers_and_loo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks import train_scorer

    monkeypatch.setattr(train_scorer, "CACHE", tmp_path / "cache")
    english = write_jsonl(tmp_path / "english.jsonl", SUMMARY_RECORDS)
    french = write_jsonl(tmp_path / "french.jsonl", FRENCH_RECORDS)
    argv = ["--data", str(english), str(french), "--sentences", "1", "--json", "--no-speed",
            "--methods", "newsbot,lead,centroid", "--loo"]
    assert summaries.main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    by_name = {s["data"]: s for s in out["sets"]}
    fr = by_name["french"]
    assert fr["language"] == "fr"
    assert set(fr["scores"]) == {"rouge", "unicode"}
    rouge_lead = fr["scores"]["rouge"]["1"]["lead"]["rouge1"]
    unicode_lead = fr["scores"]["unicode"]["1"]["lead"]["rouge1"]
    assert rouge_lead != unicode_lead  # "été", "à", "pêcheurs": tokenised differently
    for result in out["sets"]:
        assert "newsbot-loo" in result["scores"]["rouge"]["1"]  # weights chosen on the other set
    assert list((tmp_path / "cache").glob("*.pkl"))  # prepared articles cached


def test_summary_rouge_is_not_constant() -> None:
    rouge = Rouge()
    reference = "The council voted to rebuild the sea wall. The work will cost nine million."
    assert rouge.pair(reference, [reference])["rouge1"] == pytest.approx(100.0)
    assert rouge.pair(reference, ["Parking is free on Sundays."])["rouge1"] == 0.0
    partial = rouge.pair(reference, ["The council voted to rebuild the sea wall."])
    # 8 of the reference's 14 tokens, all of the summary's: F1 = 2 * 1 * 8/14 / (1 + 8/14).
    assert partial["rouge1"] == pytest.approx(100 * 2 * (8 / 14) / (1 + 8 / 14))
