"""What a document, sign or message reads, in English, German, French, Spanish and Russian (text
written for the tests): `"…," read the email`, `"…," it read`, `„…“, heißt es in der
Mitteilung`, `« … », pouvait-on lire dans le courriel`, `«…», reza el comunicado`, `«…», —
говорится в письме`.

Before, these quotes were dropped: the verb is no speech verb (`read` is also a noun's plural
and only a cue after its subject: `the letter reads`), so the quote had no attribution, and
the writer's words after it meant it was no stand-alone sentence either. Now the quote is kept;
its speaker is the document where one is named after the cue (`the email`, `el comunicado`),
and none where only the place of the words follows (`in der Mitteilung`, `в письме`); `it read`
takes the body the sentence before opens with, as `it added` does, else none: nobody is
guessed. Every quote is checked to be verbatim.
"""

from __future__ import annotations

import pytest

from summarizer.quotes import find_quotations
from tests.quote_checks import assert_one_quote

NAMED = [
    (
        "en",
        'The campaign wrote to its donors on Monday. "Our movement has already changed the '
        'debate on trade," read the email. The vote is in June.',
        "Our movement has already changed the debate on trade",
        "the email",
    ),
    (
        "es",
        "El partido escribió a sus donantes el lunes. «Nuestro movimiento ya ha cambiado el "
        "debate sobre el comercio», reza el comunicado. La votación es en junio.",
        "Nuestro movimiento ya ha cambiado el debate sobre el comercio",
        "el comunicado",
    ),
    (  # `it` is the body the sentence before opens with, as for `"…," it added`
        "en",
        'The campaign wrote to its donors on Monday. "Our movement has already changed the '
        'debate on trade," it read. The vote is in June.',
        "Our movement has already changed the debate on trade",
        "The campaign",
    ),
    (
        "ru",
        "Партия написала спонсорам в понедельник. «Наше движение уже изменило спор о "
        "торговле», — гласит заявление. Голосование пройдёт в июне.",
        "Наше движение уже изменило спор о торговле",
        "заявление",
    ),
]

UNNAMED = [
    (
        "en",
        'A letter came on Monday. "Our movement has already changed the debate on trade," it '
        "read. The vote is in June.",
        "Our movement has already changed the debate on trade",
    ),
    (
        "de",
        "Die Partei schrieb am Montag an ihre Spender. „Unsere Bewegung hat die Debatte über "
        "den Handel schon verändert“, heißt es in der Mitteilung. Gewählt wird im Juni.",
        "Unsere Bewegung hat die Debatte über den Handel schon verändert",
    ),
    (
        "fr",
        "Le parti a écrit à ses donateurs lundi. « Notre mouvement a déjà changé le débat sur "
        "le commerce », pouvait-on lire dans le courriel. Le vote a lieu en juin.",
        "Notre mouvement a déjà changé le débat sur le commerce",
    ),
    (
        "es",
        "El partido escribió a sus donantes el lunes. «Nuestro movimiento ya ha cambiado el "
        "debate sobre el comercio», se lee en el correo. La votación es en junio.",
        "Nuestro movimiento ya ha cambiado el debate sobre el comercio",
    ),
    (
        "ru",
        "Партия написала спонсорам в понедельник. «Наше движение уже изменило спор о "
        "торговле», — говорилось в письме. Голосование пройдёт в июне.",
        "Наше движение уже изменило спор о торговле",
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "quote", "speaker"), NAMED, ids=[case[0] for case in NAMED]
)
def test_a_document_named_after_the_cue_is_the_speaker(
    lang: str, text: str, quote: str, speaker: str
) -> None:
    assert_one_quote(text, lang, quote, speaker)


@pytest.mark.parametrize(("lang", "text", "quote"), UNNAMED, ids=[case[0] for case in UNNAMED])
def test_a_document_read_without_its_name_keeps_the_quote_with_no_speaker(
    lang: str, text: str, quote: str
) -> None:
    assert_one_quote(text, lang, quote, None)
    assert [(q.text, q.speaker) for q in find_quotations(text)] == [(quote, None)]


def test_the_previous_speaker_does_not_take_a_documents_words() -> None:
    """`it read` is the body the sentence before opens with (`Her campaign`), not Okafor."""
    text = (
        'Okafor spoke first. "We will win this state by ten points," Okafor said. Her campaign '
        'wrote to donors later. "Our movement has already changed the debate on trade," it '
        "read."
    )
    found = find_quotations(text, "en")
    assert [(q.text, q.speaker) for q in found] == [
        ("We will win this state by ten points", "Okafor"),
        ("Our movement has already changed the debate on trade", "Her campaign"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'He paused. "Our movement has already changed the debate on trade," read Smith aloud, '
        "and sat down.",
        'He paused. "Our movement has already changed the debate on trade," read on.',
    ],
)
def test_an_english_read_takes_no_name_and_no_bare_verb(text: str) -> None:
    assert [q.speaker for q in find_quotations(text, "en")] == []


def test_a_german_stand_before_a_name_is_no_document() -> None:
    """`stand Müller auf`: Müller stood up; nothing is read from a document."""
    text = (
        "Die Sitzung lief. „Unsere Bewegung hat die Debatte über den Handel schon verändert“, "
        "stand Müller auf und ging. Gewählt wird im Juni."
    )
    assert [q.speaker for q in find_quotations(text, "de")] == []
