"""Digest composition: one entry per story, ranking, keyword filters (no model, no I/O)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from summarizer.digest import (
    DigestItem,
    EncoderSimilarity,
    KeywordFilter,
    LexicalSimilarity,
    _rescale,
    compose_digest,
    default_similarity,
)
from summarizer.summarizers.encoder import load_encoder
from summarizer.types import Quote

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def item(
    url: str,
    title: str,
    *,
    minutes: int = 0,
    shares: int = 1,
    summary: Sequence[str] = (),
    quotes: Sequence[Quote] = (),
    language: str | None = None,
) -> DigestItem:
    return DigestItem(
        url=url,
        title=title,
        seen_at=T0 + dt.timedelta(minutes=minutes),
        summary=tuple(summary),
        quotes=tuple(quotes),
        shares=shares,
        language=language,
    )


STORM_A = item(
    "https://www.example-news.com/world/storm?utm_source=tg",
    "Storm Ciara floods northern England as rivers burst banks",
    summary=("Storm Ciara brought floods to northern England on Sunday.", "Rivers burst."),
    quotes=(Quote("We have never seen water this high", speaker="Jane Porter"),),
)
STORM_B = item(
    "https://daily.example.org/storm-ciara-floods",
    "Rivers burst banks as Storm Ciara floods northern England towns",
    minutes=30,
    summary=("Towns in northern England were flooded by Storm Ciara.",),
)
STORM_C = item(
    "https://wire.example.net/a/123",
    "Northern England floods: Storm Ciara rivers burst their banks",
    minutes=45,
    shares=0,  # a feed item
)
BUDGET = item(
    "https://example-news.com/politics/budget",
    "Finance minister unveils budget with tax cuts for small firms",
    minutes=10,
    summary=("The budget cuts taxes for small firms.",),
)


def test_same_url_shared_twice_is_one_source_with_two_shares() -> None:
    again = item("https://www.example-news.com/world/storm#comments", STORM_A.title, minutes=5)

    digest = compose_digest([STORM_A, again])

    assert len(digest.stories) == 1
    story = digest.stories[0]
    assert len(story.sources) == 1
    assert story.shares == 2


def test_one_story_from_three_sites_is_one_entry_listing_every_site() -> None:
    digest = compose_digest([STORM_A, BUDGET, STORM_B, STORM_C], similarity=LexicalSimilarity())

    assert len(digest.stories) == 2
    storm = digest.stories[0]
    assert storm.sites == ("example-news.com", "daily.example.org", "wire.example.net")
    assert storm.title == STORM_A.title  # the lead is the page with a summary and a quote
    assert storm.summary == STORM_A.summary
    assert storm.quote is not None
    assert storm.quote.speaker == "Jane Porter"
    assert digest.stories[1].title == BUDGET.title


def test_without_similarity_different_pages_stay_apart() -> None:
    digest = compose_digest([STORM_A, STORM_B])

    assert len(digest.stories) == 2


def test_unrelated_stories_on_the_same_site_are_not_merged() -> None:
    other = item("https://example-news.com/sport/cup", "Local team wins the cup after penalties")

    digest = compose_digest([STORM_A, BUDGET, other], similarity=LexicalSimilarity())

    assert len(digest.stories) == 3


def test_ranking_by_sources_and_shares_then_recency() -> None:
    old = item("https://a.example/1", "Harbour bridge reopens after repairs", minutes=0)
    new = item("https://b.example/2", "Museum opens new dinosaur wing", minutes=50)
    popular = item("https://c.example/3", "Council approves cycle lanes", minutes=1, shares=3)

    digest = compose_digest([old, new, popular])

    assert [s.title for s in digest.stories] == [popular.title, new.title, old.title]


def test_many_sources_outrank_a_single_share() -> None:
    single = item("https://a.example/x", "Museum opens new dinosaur wing", minutes=59, shares=2)

    digest = compose_digest([single, STORM_A, STORM_B, STORM_C], similarity=LexicalSimilarity())

    assert digest.stories[0].title == STORM_A.title  # 3 sources + 2 shares beats 1 + 2


def test_limit_keeps_the_best_and_counts_the_rest() -> None:
    items = [
        item(f"https://s{i}.example/", f"Story number {i} unique{i}", shares=i) for i in range(15)
    ]

    digest = compose_digest(items, limit=10)

    assert len(digest.stories) == 10
    assert digest.left_out == 5
    assert digest.stories[0].title == "Story number 14 unique14"


def test_summary_keeps_one_or_two_sentences() -> None:
    long = item("https://a.example/x", "T", summary=("One.", "Two.", "Three."))

    assert compose_digest([long]).stories[0].summary == ("One.", "Two.")
    assert compose_digest([long], summary_sentences=1).stories[0].summary == ("One.",)


def test_best_quote_prefers_one_with_a_speaker_from_any_source() -> None:
    anonymous = Quote("It was chaos", speaker=None)
    named = Quote("We will rebuild", speaker="Mayor Ann Lee")
    a = item("https://a.example/s", "Storm Ciara floods northern England", quotes=(anonymous,))
    b = item("https://b.example/s", "Storm Ciara floods northern England", quotes=(named,))

    story = compose_digest([a, b], similarity=LexicalSimilarity()).stories[0]

    assert story.quote == named


def test_include_keeps_only_matching_stories() -> None:
    digest = compose_digest([STORM_A, BUDGET], keywords=KeywordFilter(include=("budget",)))

    assert [s.title for s in digest.stories] == [BUDGET.title]
    assert digest.filtered_out == 1


def test_exclude_removes_matching_stories_case_insensitively() -> None:
    digest = compose_digest([STORM_A, BUDGET], keywords=KeywordFilter(exclude=("STORM CIARA",)))

    assert [s.title for s in digest.stories] == [BUDGET.title]


def test_exclude_wins_over_include() -> None:
    keywords = KeywordFilter(include=("england", "budget"), exclude=("floods",))

    digest = compose_digest([STORM_A, BUDGET], keywords=keywords)

    assert [s.title for s in digest.stories] == [BUDGET.title]


def test_keywords_match_whole_words_not_parts_of_words() -> None:
    said = item("https://a.example/x", "Minister said nothing new", summary=("He said it.",))

    assert compose_digest([said], keywords=KeywordFilter(include=("ai",))).empty
    assert not compose_digest([said], keywords=KeywordFilter(include=("Said",))).empty


def test_keywords_are_plain_text_never_patterns() -> None:
    cpp = item("https://a.example/x", "What is new in C++ 26", summary=("Templates.",))
    plain = item("https://b.example/y", "Cats and dogs", summary=("Pets.",))

    for pattern in ("c.*", "[a-z]+", ".*", "(", "dogs|cats"):
        digest = compose_digest([cpp, plain], keywords=KeywordFilter(include=(pattern,)))
        assert digest.empty, pattern
    assert len(compose_digest([cpp], keywords=KeywordFilter(include=("c++ 26",))).stories) == 1


def test_keywords_match_inside_summary_and_other_sources() -> None:
    keywords = KeywordFilter(include=("towns",))  # only in STORM_B's title and summary

    digest = compose_digest([STORM_A, STORM_B], keywords=keywords, similarity=LexicalSimilarity())

    assert len(digest.stories) == 1
    assert digest.stories[0].title == STORM_A.title


def test_keywords_in_scripts_without_spaces() -> None:
    jp = item("https://a.example/jp", "東京で大雨、川が氾濫", summary=("東京で大雨が降った。",))

    assert len(compose_digest([jp], keywords=KeywordFilter(include=("大雨",))).stories) == 1
    assert compose_digest([jp], keywords=KeywordFilter(exclude=("大雨",))).empty


def test_cyrillic_keywords_are_case_insensitive() -> None:
    ru = item("https://a.example/ru", "Шторм затопил северную Англию")

    assert len(compose_digest([ru], keywords=KeywordFilter(include=("шторм",))).stories) == 1


def test_empty_input_gives_an_empty_digest() -> None:
    digest = compose_digest([], similarity=LexicalSimilarity())

    assert digest.empty
    assert digest.candidates == 0


class WordEncoder:
    """A tiny deterministic encoder: bag of words hashed into 64 dims, L2-normalised."""

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.calls += 1
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, sum(map(ord, word.strip(".,:"))) % 64] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.asarray(out / np.where(norms == 0, 1, norms), dtype=np.float32)


def test_encoder_similarity_groups_and_caches_embeddings() -> None:
    encoder = WordEncoder()
    similarity = EncoderSimilarity(encoder, threshold=0.5)

    first = compose_digest([STORM_A, STORM_B, BUDGET], similarity=similarity)
    second = compose_digest([STORM_A, STORM_B, BUDGET], similarity=similarity)

    assert len(first.stories) == 2
    assert first == second
    assert encoder.calls == 1  # the second digest reused every embedding


def test_default_similarity_falls_back_to_lexical_when_the_encoder_fails() -> None:
    def broken() -> WordEncoder:
        raise OSError("model files missing")

    assert isinstance(default_similarity(broken), LexicalSimilarity)
    assert isinstance(default_similarity(WordEncoder), EncoderSimilarity)


@pytest.fixture(scope="session")
def minilm() -> EncoderSimilarity:
    """The real sentence encoder (load_encoder caches it for the whole test session)."""
    return EncoderSimilarity(load_encoder())


def test_the_encoder_groups_one_story_told_in_different_words(minilm: EncoderSimilarity) -> None:
    fed_a = item(
        "https://markets.example/fed",
        "Fed raises interest rates by a quarter point",
        summary=("The Federal Reserve lifted its benchmark rate on Wednesday.",),
    )
    fed_b = item(
        "https://wire.example/us-rates",
        "Federal Reserve hikes rates 25 basis points",
        summary=("The US central bank increased borrowing costs again.",),
        minutes=20,
    )
    boe = item(
        "https://uk.example/boe",
        "Bank of England holds rates steady",
        summary=("The Monetary Policy Committee kept its rate at 5.25%.",),
    )

    with_encoder = compose_digest([fed_a, fed_b, boe], similarity=minilm)
    lexical = compose_digest([fed_a, fed_b, boe], similarity=LexicalSimilarity())

    assert [s.sites for s in with_encoder.stories] == [
        ("markets.example", "wire.example"),
        ("uk.example",),
    ]
    assert len(lexical.stories) == 3  # no shared words: the fallback cannot see it


# Chinese and Russian: the same story from two sites, and an unrelated story.
RATE_CUT_ZH = ("央行宣布降息", "中国人民银行周一宣布下调贷款市场报价利率十个基点。")
RATE_CUT_ZH_2 = ("中国人民银行下调利率", "央行周一将贷款市场报价利率下调十个基点。")
SNOW_ZH = ("北京迎来今冬首场降雪", "气象台发布道路结冰预警，提醒市民注意出行安全。")
RATE_RU = (
    "Центробанк повысил ключевую ставку до 18 процентов",
    "Банк России неожиданно поднял ключевую ставку на два пункта, до 18 процентов годовых.",
)
RATE_RU_2 = (
    "Банк России поднял ключевую ставку до 18%",
    "Центральный банк повысил ставку на два процентных пункта, сообщил регулятор в пятницу.",
)
METRO_RU = (
    "В Москве открылась новая станция метро",
    "Станция «Речная» стала сотой на карте метрополитена, сообщил мэр города.",
)


def stories_of(language: str, *texts: tuple[str, str]) -> list[DigestItem]:
    return [
        item(f"https://site{i}.example/{language}", title, summary=(lede,), language=language)
        for i, (title, lede) in enumerate(texts)
    ]


def test_the_encoder_is_not_trusted_outside_english(minilm: EncoderSimilarity) -> None:
    zh = stories_of("zh", RATE_CUT_ZH, SNOW_ZH)
    texts = [f"{i.title}. {i.summary[0]}" for i in zh]
    # MiniLM's English vocabulary makes two unrelated Chinese stories look alike...
    snow, rates = minilm.embed(texts)
    assert float(snow @ rates) >= minilm.threshold
    # ...so Chinese pairs are compared by their words (character bigrams) instead, also when
    # the language is unknown (a feed item not summarised yet): the script gives it away.
    assert minilm.matrix(texts, ["zh", "zh"])[0, 1] < minilm.threshold
    assert minilm.matrix(texts, [None, None])[0, 1] < minilm.threshold
    assert len(compose_digest(zh, similarity=minilm).stories) == 2
    unknown = [dataclasses.replace(i, language=None) for i in zh]
    assert len(compose_digest(unknown, similarity=minilm).stories) == 2


def test_rescaled_lexical_scores_keep_the_encoders_scale() -> None:
    lexical = np.array([[1.0, 0.0], [0.35, 1.0]], dtype=np.float32)
    np.testing.assert_allclose(_rescale(lexical, 0.35, 0.6), [[1.0, 0.0], [0.6, 1.0]], atol=1e-6)
    # never above 1: one near-copy must not outweigh the rest of a story's sources
    assert float(_rescale(np.array([0.9], dtype=np.float32), 0.35, 0.6)[0]) < 1.0


@pytest.mark.parametrize(
    ("language", "same", "other"),
    [("zh", (RATE_CUT_ZH, RATE_CUT_ZH_2), SNOW_ZH), ("ru", (RATE_RU, RATE_RU_2), METRO_RU)],
)
def test_one_story_in_another_language_is_still_merged(
    minilm: EncoderSimilarity,
    language: str,
    same: tuple[tuple[str, str], tuple[str, str]],
    other: tuple[str, str],
) -> None:
    items = stories_of(language, *same, other)
    for similarity in (minilm, LexicalSimilarity()):
        digest = compose_digest(items, similarity=similarity)
        assert sorted(len(s.sources) for s in digest.stories) == [1, 2], similarity


def test_english_and_unknown_languages_keep_the_encoder(minilm: EncoderSimilarity) -> None:
    texts = ["Fed raises interest rates by a quarter point", "Federal Reserve hikes rates"]
    plain = minilm.matrix(texts)
    np.testing.assert_allclose(minilm.matrix(texts, ["en", None]), plain)
    assert plain[0, 1] >= minilm.threshold
