"""Cue forms added from the second error analysis on PolNeAR train (text written for the tests),
each in English, German, French, Spanish and Russian where the language has the form:

- more speech verbs after a quote (`"…," Bozell answered`, `"…," Trump barked`);
- two-word cues in English (`"…," she went on`, `"…," Hillary shot back`, `he points out`),
  whose first word alone is no cue (`the Senate went on recess`);
- a speaker phrase that is a clause names nobody, and `Trump issued a statement` names Trump.

Every quote is checked to be verbatim.
"""

from __future__ import annotations

import pytest

from summarizer.quotes import extract_quotes, find_quotations
from summarizer.quotes.speakers import Kind, Who, role_speaker


def speakers(text: str, language: str) -> list[str | None]:
    for q in extract_quotes(text, language):
        assert text[q.start : q.start + len(q.text)] == q.text or q.spans
    return [q.speaker for q in find_quotations(text, language)]


RETORTS = [
    (
        "en",
        "Linda Okafor chairs the committee. “The forecasts assume growth we have never seen,” "
        "Okafor retorted. “We will not sign this budget,” Marcus Hale barked.",
        ["Linda Okafor", "Marcus Hale"],
    ),
    (
        "de",
        "Linda Okafor leitet den Ausschuss. „Die Prognosen setzen ein Wachstum voraus, das es nie "
        "gab“, entgegnete Okafor. „Diesen Haushalt unterschreiben wir nicht“, "
        "polterte Marcus Hale.",
        ["Linda Okafor", "Marcus Hale"],
    ),
    (
        "fr",
        "Linda Okafor préside la commission. « Les prévisions supposent une croissance jamais "
        "vue », a rétorqué Okafor. « Nous ne signerons pas ce budget », a tonné Marcus Hale.",
        ["Linda Okafor", "Marcus Hale"],
    ),
    (
        "es",
        "Linda Okafor preside la comisión. «Las previsiones suponen un crecimiento nunca visto», "
        "replicó Okafor. «No firmaremos este presupuesto», espetó Marcus Hale.",
        ["Linda Okafor", "Marcus Hale"],
    ),
    (
        "ru",
        "Линда Окафор возглавляет комиссию. «Прогнозы предполагают рост, которого никогда не "
        "было», — парировала Окафор. «Мы не подпишем этот бюджет», — огрызнулся Маркус Хейл.",
        ["Линда Окафор", "Маркус Хейл"],
    ),
]


@pytest.mark.parametrize(("language", "text", "expected"), RETORTS)
def test_more_speech_verbs_after_a_quote(language: str, text: str, expected: list[str]) -> None:
    assert speakers(text, language) == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Linda Okafor spoke first. “The forecasts assume growth we never had,” she went on.",
            "Linda Okafor",
        ),
        (
            "Linda Okafor spoke first. “That is simply not true of this budget,” Okafor shot back.",
            "Linda Okafor",
        ),
        (
            "Marcus Hale is the treasurer. “Voters reject budgets like this one,” he points out.",
            "Marcus Hale",
        ),
        (
            "Marcus Hale is the treasurer. “We need a new plan by the spring,” Hale chimed in.",
            "Marcus Hale",
        ),
    ],
)
def test_two_word_cues(text: str, speaker: str) -> None:
    assert speakers(text, "en") == [speaker]


def test_the_first_word_of_a_two_word_cue_alone_is_no_cue() -> None:
    text = "Marcus Hale is the treasurer. “A budget built on hope,” the Senate went to recess."
    assert [q.cue for q in find_quotations(text, "en")] in ([], [None])


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("the candidate could be", None),  # an auxiliary: a clause
        ("Clinton's situation reminds him of the book", None),  # an object pronoun
        ("He fiercely protected the delegates", None),  # a pronoun and more words
        ("Another featured five vintage photos", None),  # a determiner, then a past tense
        ("a spokeswoman for the state treasury", "a spokeswoman for the state treasury"),
        ("Black Lives Matter issued a statement", "Black Lives Matter"),
        ("der Sprecher hatte", None),
        ("el portavoz había", None),
        ("представитель министерства мог", "представитель министерства мог"),
        ("представитель министерства был", None),
    ],
)
def test_a_role_that_is_a_clause_names_nobody(role: str, shown: str | None) -> None:
    who = role_speaker(role, Who(Kind.ROLE, role, 0))
    assert (who.text if who is not None else None) == shown


def test_a_name_before_a_past_tense_is_the_speaker() -> None:
    who = role_speaker("Trump issued a statement", Who(Kind.ROLE, "Trump issued a statement", 7))
    assert who is not None and who.kind is Kind.NAME and who.text == "Trump" and who.pos == 7


SENTENCE_END_CUES = [
    (
        "en",
        'Madeleine Kunin backs her. "This will be a real challenge" for Clinton, said Kunin.',
        "This will be a real challenge",
        "Madeleine Kunin",
    ),
    (
        "de",
        "Madeleine Kunin unterstützt sie. „Das wird eine echte Herausforderung“ für Clinton, "
        "sagte Kunin.",
        "Das wird eine echte Herausforderung",
        "Madeleine Kunin",
    ),
    (
        "fr",
        "Madeleine Kunin la soutient. « Ce sera un vrai défi à relever » pour Clinton, a "
        "déclaré Kunin.",
        "Ce sera un vrai défi à relever",
        "Madeleine Kunin",
    ),
    (
        "es",
        "Madeleine Kunin la apoya. «Será un verdadero desafío de verdad» para Clinton, dijo Kunin.",
        "Será un verdadero desafío de verdad",
        "Madeleine Kunin",
    ),
    (
        "ru",
        "Мадлен Кунин поддерживает её. «Это будет настоящее серьёзное испытание» для Клинтон, "
        "сказала Кунин.",
        "Это будет настоящее серьёзное испытание",
        "Мадлен Кунин",
    ),
]


@pytest.mark.parametrize(("language", "text", "quote", "speaker"), SENTENCE_END_CUES)
def test_a_cue_ending_the_sentence_the_quote_opens(
    language: str, text: str, quote: str, speaker: str
) -> None:
    quotes = extract_quotes(text, language)
    assert [(q.text, q.speaker) for q in quotes] == [(quote, speaker)]
    assert text[quotes[0].start : quotes[0].start + len(quote)] == quote


def test_a_short_quote_in_a_long_sentence_stays_out() -> None:
    text = (
        'Madeleine Kunin backs her. "A challenge" is how the campaign sees the long primary '
        "season in the South and the West, said Kunin."
    )
    assert extract_quotes(text, "en") == []
