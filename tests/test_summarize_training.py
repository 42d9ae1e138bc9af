"""The scorer's training tools: the n-gram ROUGE used for training, the grid choice across data
sets (best worst gain over Lead-K, leave one set out), and the features it weighs."""

from __future__ import annotations

import pytest

from benchmarks.summary_data import NgramRouge, Record, Rouge
from benchmarks.train_scorer import (
    BASELINE,
    MARGIN,
    SEVERAL_GRID,
    SINGLE_GRID,
    Prepared,
    build,
    choose,
    grid_points,
    lead_rouge,
    loo_weights,
    prepare,
    score_grid,
)
from summarizer.summarizers.extractive import FEATURES, featurize
from summarizer.types import Article

REFERENCE = (
    "The council approved a plan to rebuild the harbour wall. Work starts in June. "
    "The plan includes a lifeboat station."
)
SENTENCES = [
    "The city council approved a 40 million pound plan on Monday to rebuild the old harbour wall.",
    "The wall was badly damaged in the storms of February, when waves flooded 200 homes.",
    "Work on the new wall will start in June and should take about two years.",
    "The plan also includes a new lifeboat station and a public walkway along the sea front.",
    "Local businesses said the walkway could bring more visitors to the town in summer.",
]


def record(reference: str = REFERENCE, references: tuple[str, ...] = ()) -> Record:
    source = Article(
        url="",
        canonical_url="",
        title="",
        paragraphs=(" ".join(SENTENCES),),
        language="en",
    )
    return Record("x", source, reference, references)


@pytest.mark.parametrize("chosen", [[0], [0, 2], [1, 3, 4], [2, 3]])
def test_ngram_rouge_equals_rouge_score(chosen: list[int]) -> None:
    rouge, fast = Rouge(), NgramRouge()
    summary = [SENTENCES[i] for i in chosen]
    expected = rouge.pair(REFERENCE, summary)
    words = [w for s in summary for w in fast.tokens(s)]
    r1, r2 = fast.score(fast.reference(REFERENCE), words)
    assert r1 == pytest.approx(expected["rouge1"], abs=1e-9)
    assert r2 == pytest.approx(expected["rouge2"], abs=1e-9)


def test_words_feature_is_length_in_tens_of_words() -> None:
    column = FEATURES.index("words")
    feats = featurize(
        ["One two three four five six seven eight nine ten eleven.", "这是一个测试句子"]
    )
    assert feats.features[0, column] == pytest.approx(1.1)
    assert feats.features[1, column] == pytest.approx(0.4)  # CJK: characters / 2


def test_a_cjk_name_inside_an_english_sentence_does_not_change_its_length() -> None:
    english = "The foreign minister said the talks in Beijing had gone well for both sides."
    with_name = english.replace("minister", "minister (王毅)")
    thai = "รัฐบาลประกาศมาตรการใหม่"  # 23 characters, no spaces: about 11 words
    feats = featurize([english, with_name, thai])
    words, excess = FEATURES.index("words"), FEATURES.index("excess_length")
    assert feats.features[1, words] == pytest.approx(feats.features[0, words] + 0.1)
    assert feats.features[1, excess] == feats.features[0, excess] == 0.0
    assert feats.features[2, words] == pytest.approx(1.1)


def prepared_set(reference: str = REFERENCE) -> list[Prepared]:
    return prepare([record(reference)])


def test_grid_gains_are_measured_against_lead() -> None:
    # The reference is the article's first sentence: Lead-1 is perfect, nothing beats it.
    sets = {"lead-set": prepared_set(SENTENCES[0])}
    table = score_grid(sets, verbose=False)
    assert lead_rouge(sets["lead-set"], 1) == pytest.approx((100.0, 100.0))
    gains = [row["lead-set"] for (part, _), row in table.items() if part == "single"]
    assert max(g[0] for g in gains) == pytest.approx(0.0)
    assert min(g[0] for g in gains) < 0  # some points pick another sentence and lose


def test_choice_maximises_the_worst_set() -> None:
    points = grid_points(SINGLE_GRID)
    table = {("single", i): {"a": (1.0, 1.0), "b": (1.0, 1.0)} for i in range(len(points))}
    table.update(
        {
            ("several", i): {"a": (0.0, 0.0), "b": (0.0, 0.0)}
            for i in range(len(grid_points(SEVERAL_GRID)))
        }
    )
    table[("single", 3)] = {"a": (5.0, 5.0), "b": (-0.1, 2.0)}  # best on average, loses on b
    table[("single", 7)] = {"a": (1.5, 1.2), "b": (1.1, 1.3)}  # best worst case
    single, _ = choose(table, ["a", "b"])
    assert single == points[7]
    # Leave-one-out: chosen on "a" alone, the average winner comes back.
    assert choose(table, ["a"])[0] == points[3]
    assert set(loo_weights(table, ["a", "b"])) == {"a", "b"}


def test_choice_shrinks_to_position_unless_a_point_wins_every_set() -> None:
    points = grid_points(SEVERAL_GRID)
    base = points.index(BASELINE["several"])
    assert points[base]["quote_share"] == 0.0 and points[base]["dependent_start"] == 0.0
    table = {
        ("single", i): {"a": (1.0, 1.0), "b": (1.0, 1.0), "c": (1.0, 1.0)}
        for i in range(len(grid_points(SINGLE_GRID)))
    }
    table.update(
        {("several", i): {"a": (0.0, 0.0), "b": (0.0, 0.0), "c": (0.0, 0.0)} for i in range(8)}
    )
    other = next(i for i in range(len(points)) if i != base)
    # Best worst case, but within MARGIN of position alone on "c": position alone ships.
    table[("several", other)] = {"a": (0.5, 0.5), "b": (0.4, 0.6), "c": (MARGIN / 2, 0.3)}
    assert choose(table, ["a", "b", "c"])[1] == points[base]
    # Clear of the margin on every set: the point ships.
    table[("several", other)]["c"] = (2 * MARGIN, 0.3)
    assert choose(table, ["a", "b", "c"])[1] == points[other]
    # Held out, "c" does not count: chosen on "a" and "b" alone it ships either way.
    table[("several", other)]["c"] = (-1.0, -1.0)
    assert choose(table, ["a", "b"])[1] == points[other]


def test_built_weights_keep_the_product_rules() -> None:
    weights = build({"log_position": -0.5, "window": 6}, {"log_position": -1.0, "keep_lead": 0.0})
    assert weights.single.weights["dependent_start"] == -1.0
    assert weights.several.weights["dependent_start"] == -1.0
    assert weights.keep_lead is False
    assert weights.redundancy == 0.7
    assert set(weights.single.weights) == set(FEATURES)


def test_centrality_z_is_standardised_within_the_article() -> None:
    column = FEATURES.index("centrality_z")
    feats = featurize(SENTENCES)
    values = feats.features[:, column]
    assert values.mean() == pytest.approx(0.0, abs=1e-9)
    assert values.std() == pytest.approx(1.0)
    assert featurize(SENTENCES[:1]).features[0, column] == 0.0
