"""The extractive summariser's contract, and the choice of summariser."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
import pytest

from summarizer.errors import SummarizerError
from summarizer.summarizers import build_summarizer
from summarizer.summarizers.base import article_sentences, repeats_title
from summarizer.summarizers.encoder import SentenceEncoder, load_encoder
from summarizer.summarizers.extractive import (
    FEATURES,
    ExtractiveSummarizer,
    ScorerWeights,
    dependent_start,
    quote_share,
)
from summarizer.types import Article

HARBOUR = (
    "The city council approved a 40 million pound plan on Monday to rebuild the old harbour wall.",
    "The wall was badly damaged in the storms of February, when waves flooded 200 homes.",
    "But he added that nobody could promise the work would finish on time.",
    "Work on the new wall will start in June and should take about two years.",
    '"We have waited long enough," said Mary Okafor, who chairs the harbour trust.',
    "The plan also includes a new lifeboat station and a public walkway along the sea front.",
    "Scroll down for video.",
    "Local businesses said the walkway could bring more visitors to the town in summer.",
    "It will be paid for by the government and the council together.",
)


def article(paragraphs: Sequence[str], *, title: str = "", language: str | None = "en") -> Article:
    return Article(
        url="https://example.com/a",
        canonical_url="https://example.com/a",
        title=title,
        paragraphs=tuple(paragraphs),
        language=language,
    )


def positions(summary: Sequence[str], source: Article) -> list[int]:
    sentences = article_sentences(source)
    return [sentences.index(s) for s in summary]


@pytest.fixture(scope="module")
def summarizer() -> ExtractiveSummarizer:
    return ExtractiveSummarizer()


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_n_sentences_in_article_order(summarizer: ExtractiveSummarizer, n: int) -> None:
    source = article(HARBOUR, title="Harbour wall to be rebuilt")
    summary = summarizer.summarize(source, n)
    assert len(summary) == n
    found = positions(summary, source)
    assert found == sorted(found)
    assert len(set(summary)) == n


def test_default_is_three_sentences(summarizer: ExtractiveSummarizer) -> None:
    assert len(summarizer.summarize(article(HARBOUR))) == 3


def test_never_repeats_the_title(summarizer: ExtractiveSummarizer) -> None:
    title = "Council approves plan to rebuild the old harbour wall"
    source = article(
        ["Council approves plan to rebuild the old harbour wall.", *HARBOUR], title=title
    )
    summary = summarizer.summarize(source, 3)
    assert not any(repeats_title(s, title) for s in summary)
    assert "Council approves plan to rebuild the old harbour wall." not in summary


def test_prefers_sentences_that_stand_on_their_own(summarizer: ExtractiveSummarizer) -> None:
    summary = summarizer.summarize(article(HARBOUR), 3)
    assert "But he added that nobody could promise the work would finish on time." not in summary
    assert all(not s.startswith("It will be paid") for s in summary)


def test_leaves_out_quotes_and_boilerplate(summarizer: ExtractiveSummarizer) -> None:
    summary = summarizer.summarize(article(HARBOUR), 4)
    assert "Scroll down for video." not in summary
    assert summary[0].startswith("The city council approved")
    # One sentence: a quote (shown apart as a key quote) is not the summary. Longer summaries
    # follow the lead's order, quotes included: the held-out sets chose no quote penalty there.
    for k in (1, 4):
        weights = ScorerWeights.shipped().scorer(k).weights
        assert weights["quote_share"] < 0 if k == 1 else weights["quote_share"] <= 0
    assert not summarizer.summarize(article(HARBOUR[4:]), 1)[0].startswith('"We have waited')


def test_a_dateline_is_dropped(summarizer: ExtractiveSummarizer) -> None:
    source = article(
        ["WASHINGTON (AP) — The Senate passed the budget bill late on Friday.", *HARBOUR]
    )
    assert article_sentences(source)[0] == "The Senate passed the budget bill late on Friday."
    source = article(
        ["Rome (CNN)Italy is coping with a rising number of arrivals by sea.", *HARBOUR]
    )
    assert (
        article_sentences(source)[0] == "Italy is coping with a rising number of arrivals by sea."
    )


def test_short_articles_keep_what_they_have(summarizer: ExtractiveSummarizer) -> None:
    two = article(["The bridge reopened on Tuesday after repairs. Traffic is back to normal."])
    assert summarizer.summarize(two, 3) == [
        "The bridge reopened on Tuesday after repairs.",
        "Traffic is back to normal.",
    ]
    one = article(["The bridge reopened on Tuesday after six weeks of repairs."])
    assert summarizer.summarize(one, 3) == [
        "The bridge reopened on Tuesday after six weeks of repairs."
    ]
    tiny = article(["Bridge open."])
    assert summarizer.summarize(tiny, 3) == ["Bridge open."]


def test_empty_article_and_zero_sentences(summarizer: ExtractiveSummarizer) -> None:
    assert summarizer.summarize(article([]), 3) == []
    assert summarizer.summarize(article(HARBOUR), 0) == []


def test_an_article_that_is_only_its_title(summarizer: ExtractiveSummarizer) -> None:
    title = "Harbour wall to be rebuilt"
    assert summarizer.summarize(article(["Harbour wall to be rebuilt."], title=title), 3) == []


GERMAN = (
    "Der Stadtrat hat am Montag einen Plan für den Neubau der alten Hafenmauer beschlossen.",
    "Die Mauer war im Februar bei schweren Stürmen beschädigt worden, 200 Häuser liefen voll.",
    "Aber er fügte hinzu, dass niemand einen pünktlichen Abschluss versprechen könne.",
    "Die Arbeiten sollen im Juni beginnen und etwa zwei Jahre dauern.",
    "Der Plan sieht auch eine neue Rettungsstation und eine Promenade am Meer vor.",
)
RUSSIAN = (
    "Городской совет в понедельник утвердил план восстановления старой стены гавани.",
    "Стена сильно пострадала во время февральских штормов, когда вода затопила 200 домов.",
    "Но он добавил, что никто не может обещать окончания работ в срок.",
    "Работы начнутся в июне и займут около двух лет.",
    "План также включает новую спасательную станцию и набережную для прогулок.",
)
CHINESE = (
    "市议会周一批准了一项重建旧港口防波堤的计划，预计耗资四千万英镑。",
    "这道防波堤在二月的风暴中严重受损，海水淹没了两百户房屋。",
    "但他补充说，没有人能保证工程按时完工。",
    "工程将于六月开始，预计持续约两年时间。",
    "该计划还包括一个新的救生艇站和一条沿海步行道。",
)


@pytest.mark.parametrize(
    ("paragraphs", "language"),
    [(GERMAN, "de"), (RUSSIAN, "ru"), (CHINESE, "zh"), (GERMAN, None)],
    ids=["de", "ru", "zh", "de-undeclared"],
)
def test_non_english_articles(
    summarizer: ExtractiveSummarizer, paragraphs: Sequence[str], language: str | None
) -> None:
    source = article(paragraphs, language=language)
    summary = summarizer.summarize(source, 3)
    assert len(summary) == 3
    found = positions(summary, source)
    assert found == sorted(found)
    assert found[0] == 0
    # "But he added ..." in each language: only right after the sentence before it (German
    # "er", Russian "он" stand for masculine nouns too, so adjacency is the rule there).
    if paragraphs[2] in summary:
        assert paragraphs[1] in summary


def test_dependent_starts_in_several_languages() -> None:
    assert dependent_start("He added that the plan was sound.")
    assert dependent_start('"But not now," she said.')
    assert dependent_start("Aber er blieb.")
    assert dependent_start("Однако он остался.")
    assert dependent_start("但他补充说，没有人能保证。")
    assert not dependent_start("The council agreed.")
    assert not dependent_start("Hebrides ferries were cancelled.")


def test_quote_share() -> None:
    assert quote_share('"We have waited long enough," she said.') > 0.6
    assert quote_share("'It is over,' Merson said.") > 0.3
    assert quote_share("The council's plan isn't cheap.") == 0.0
    assert quote_share("«Нет», — сказал он.") > 0.1


def test_concurrent_summaries_agree(summarizer: ExtractiveSummarizer) -> None:
    source = article(HARBOUR, title="Harbour wall to be rebuilt")
    expected = summarizer.summarize(source, 3)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: summarizer.summarize(source, 3), range(8)))
    assert all(r == expected for r in results)


# --- the shipped weights ---------------------------------------------------------------------


def test_shipped_weights_name_every_feature() -> None:
    weights = ScorerWeights.shipped()
    for scorer in (weights.single, weights.several):
        assert set(scorer.weights) == set(FEATURES)
        assert scorer.weights["log_position"] < 0  # the lead matters
        assert scorer.weights["dependent_start"] <= 0
        assert scorer.window >= 3
    # One sentence: one that leans on the sentence before ranks below it. Longer summaries:
    # ``select`` takes it only after that sentence, and the held-out sets chose no penalty more.
    assert weights.single.weights["dependent_start"] < 0
    assert weights.single.weights["centrality_z"] > 0  # one sentence: the most central
    assert weights.keep_lead
    assert weights.trained_on


def test_weights_with_unknown_features_are_refused() -> None:
    scorer = {"features": {"log_position": -1.0}, "window": 6}
    with pytest.raises(SummarizerError, match="unknown features"):
        ScorerWeights.from_json(
            {"single": {"features": {"log_position": -1.0, "mystery": 2.0}}, "several": scorer}
        )
    with pytest.raises(SummarizerError, match="no 'features'"):
        ScorerWeights.from_json({"single": {"window": 6}, "several": scorer})
    with pytest.raises(SummarizerError, match="'single' and 'several'"):
        ScorerWeights.from_json({"features": {"log_position": -1.0}})
    round_trip = ScorerWeights.from_json(ScorerWeights.shipped().to_json())
    assert round_trip == ScorerWeights.shipped()


# --- choosing a summariser -------------------------------------------------------------------


@pytest.mark.parametrize("spec", [None, "", "extractive", "  extractive  "])
def test_default_spec_is_extractive(spec: str | None) -> None:
    chosen = build_summarizer(spec)
    assert isinstance(chosen, ExtractiveSummarizer)
    assert chosen.name == "extractive"


def test_unknown_spec_is_refused() -> None:
    with pytest.raises(SummarizerError, match="unknown summariser"):
        build_summarizer("gpt-9000")


def test_a_model_that_cannot_load_falls_back(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="summarizer.summarizers.abstractive"):
        chosen = build_summarizer("transformers:/nonexistent/model/folder")
    assert isinstance(chosen, ExtractiveSummarizer)
    assert "cannot load /nonexistent/model/folder" in caplog.text
    assert len(chosen.summarize(article(HARBOUR), 2)) == 2


# --- with the sentence encoder -----------------------------------------------------------------


class CountingEncoder:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, encoder: SentenceEncoder) -> None:
        self.encoder = encoder
        self.languages = encoder.languages
        self.texts = 0

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.texts += len(texts)
        return self.encoder.encode(texts)


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    return load_encoder()


def test_encoder_variant_keeps_the_contract(encoder: SentenceEncoder) -> None:
    chosen = build_summarizer("extractive+encoder")
    assert isinstance(chosen, ExtractiveSummarizer)
    assert chosen.name == "extractive+encoder"
    assert chosen.encoder is encoder
    source = article(HARBOUR, title="Harbour wall to be rebuilt")
    summary = chosen.summarize(source, 3)
    assert len(summary) == 3
    assert positions(summary, source) == sorted(positions(summary, source))
    assert "But he added that nobody could promise the work would finish on time." not in summary


def test_encoder_embeds_only_the_window_and_only_english(encoder: SentenceEncoder) -> None:
    counting = CountingEncoder(encoder)
    chosen = ExtractiveSummarizer(encoder=counting)  # type: ignore[arg-type]
    chosen.summarize(article(HARBOUR, title="Harbour wall to be rebuilt"), 3)
    assert counting.texts == chosen.weights.window + 1  # the first candidates and the title
    counting.texts = 0
    assert len(chosen.summarize(article(RUSSIAN, language="ru"), 3)) == 3
    assert counting.texts == 0  # English-first encoder: other languages stay lexical
