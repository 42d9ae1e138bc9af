"""The faithfulness guard: numbers and names a summary may state."""

from __future__ import annotations

import pytest

from summarizer.faithfulness import SourceFacts, check, names, unsupported

ARTICLE = (
    "Paul Merson has restarted his row with Andros Townsend after the Tottenham midfielder was "
    "brought on with only seven minutes remaining in his team's 0-0 draw with Burnley on Sunday. "
    "The club paid £1.5m for him in 2013, and 1,200 fans watched. Angela Merkel met Putin in "
    "Moscow. The Syrian President Bashar al-Assad did not comment."
)
FACTS = SourceFacts.of(ARTICLE)


@pytest.mark.parametrize(
    "sentence",
    [
        "Merson criticised Townsend after 7 minutes.",  # a number word in the article
        "Tottenham paid 1,500,000 pounds in 2013.",  # the same value, other notation
        "Tottenham paid 1.5 million pounds.",
        "1200 fans watched the 0-0 draw.",  # no thousands separator
        "Merkel's meeting with Putin took place in Moscow.",  # possessive
        "Merkels meeting with Putin.",  # an inflected ending
        "Assad did not comment.",  # a part of a hyphenated name
        "The MERSON row goes on.",  # case
        "However, the draw was on Sunday.",  # a capitalised sentence opener is no name
    ],
)
def test_supported_sentences_are_kept(sentence: str) -> None:
    assert unsupported(sentence, FACTS) == []


@pytest.mark.parametrize(
    ("sentence", "missing"),
    [
        ("Tottenham paid 2.5 million pounds.", ["2.5 million"]),
        ("Tottenham paid £1.5bn for him.", ["1.5bn"]),  # a scale the article does not give
        ("Merson was brought on after 12 minutes.", ["12"]),
        ("The game was in 2014.", ["2014"]),
        ("John Smith said so in Berlin.", ["John", "Smith", "Berlin"]),
        ("Merson spoke to Austria.", ["Austria"]),
    ],
)
def test_invented_numbers_and_names_are_found(sentence: str, missing: list[str]) -> None:
    assert unsupported(sentence, FACTS) == missing


def test_thousands_and_decimal_separators_of_other_languages() -> None:
    facts = SourceFacts.of("Die Regierung stellt 3,5 Milliarden Euro und 1.200 Stellen bereit.")
    assert unsupported("Es geht um 3.5 Mrd. Euro.", facts, "de") == []
    assert unsupported("Es gibt 1200 neue Stellen.", facts, "de") == []
    assert unsupported("Es geht um 3,5 Millionen Euro.", facts, "de") == ["3,5 Millionen"]
    french = SourceFacts.of("Le projet coûte 12\u202f500 euros.")
    assert unsupported("Il coûte 12500 euros.", french, "fr") == []


def test_inflected_names_in_russian() -> None:
    facts = SourceFacts.of("Владимир Путин прибыл в Москву.")
    assert unsupported("Путина встретили в Москве.", facts, "ru") == []
    assert unsupported("Путин прибыл в Казань.", facts, "ru") == ["Казань"]


def test_german_common_nouns_are_not_names() -> None:
    assert names("Die Bundesregierung plant eine Änderung der Rente mit der NATO.", "de") == [
        "NATO"
    ]
    assert names("Die Fährleute streiken, sagte Anna Weber in Kiel.", "de") == ["Anna", "Weber"]
    assert names("Die Fährleute streiken, sagte Anna Weber in Kiel.", "en") == [
        "Fährleute", "Anna", "Weber", "Kiel",
    ]  # fmt: skip


def test_check_keeps_order_and_says_what_was_missing() -> None:
    result = check(
        [
            "Merson criticised Townsend.",
            "John Smith paid £3m.",
            "The draw with Burnley was on Sunday.",
        ],
        ARTICLE,
    )
    assert result.kept == ("Merson criticised Townsend.", "The draw with Burnley was on Sunday.")
    assert [d.missing for d in result.dropped] == [("£3m".removeprefix("£"), "John", "Smith")]
    assert not result.mostly_dropped


def test_mostly_dropped() -> None:
    result = check(["John Smith left.", "Jane Doe stayed.", "Merson left."], ARTICLE)
    assert result.mostly_dropped
    assert check([], ARTICLE).mostly_dropped
