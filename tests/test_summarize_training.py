"""The scorer's training tools: the n-gram ROUGE used for training, stage 2, and the length
feature it learns a weight for."""

from __future__ import annotations

import pytest

from benchmarks.summary_data import NgramRouge, Record, Rouge
from benchmarks.train_scorer import (
    STAGE1,
    SUMMEVAL_GRID,
    label,
    load_weights,
    multi_reference_objective,
    train_summeval,
)
from summarizer.summarizers.extractive import FEATURES, ScorerWeights, featurize
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


def test_every_reference_counts_in_stage_two() -> None:
    only_highlight = label([record()])
    with_more = label([record(references=(REFERENCE, "Storms flooded 200 homes in February."))])
    assert len(only_highlight[0].references) == 1
    assert len(with_more[0].references) == 2
    weights = ScorerWeights.shipped()
    assert multi_reference_objective(with_more, weights) != multi_reference_objective(
        only_highlight, weights
    )


def test_stage_two_moves_only_its_grid() -> None:
    start = load_weights(STAGE1)
    data = label([record(), record(references=("Work on the wall starts in June.",))])
    trained, score = train_summeval(data, start)
    assert score >= multi_reference_objective(data, start)
    for name in FEATURES:
        if name not in SUMMEVAL_GRID:
            assert trained.weights[name] == start.weights[name]
    assert (trained.window, trained.redundancy, trained.long_words) == (
        start.window,
        start.redundancy,
        start.long_words,
    )


def test_stage_one_weights_never_saw_summeval() -> None:
    start = load_weights(STAGE1)
    assert "summeval_cnndm97 not used" in start.trained_on
    assert start.weights["words"] == 0.0
