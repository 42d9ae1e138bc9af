"""A one-word answer is a quotation when punctuation sets it off, in English, German, French,
Spanish and Russian (text written for the tests): `"Denver," Okafor answered`, `„Dresden“,
antwortete Anna Schmidt`, `« Lyon », a répondu Pierre Dupont`, `«Sevilla», respondió Pedro
García`, `«Казань», — ответил Иван Петров`.

Before, an attributed quote of one word was dropped unless it ended in `?` or `!`. The
punctuation of the answer may be inside the marks (English) or right after them (the other
languages). A single word without its own punctuation (`"CNN" Okafor said`) stays out: that
is more often a name than an answer. Every quote is checked to be verbatim.
"""

from __future__ import annotations

import pytest

from summarizer.quotes import find_quotations
from tests.quote_checks import assert_one_quote

ANSWERS = [
    (
        "en",
        'Where would the convention be? "Denver," Okafor answered. The hall was full.',
        "Denver",
        "Okafor",
    ),
    (
        "en",
        'Would he run again? "Never." Okafor said it twice. The hall was full.',
        "Never.",
        "Okafor",
    ),
    (
        "de",
        "Wo soll der Parteitag sein? „Dresden“, antwortete Anna Schmidt. Der Saal war voll.",
        "Dresden",
        "Anna Schmidt",
    ),
    (
        "fr",
        "Où aura lieu le congrès ? « Lyon », a répondu Pierre Dupont. La salle était pleine.",
        "Lyon",
        "Pierre Dupont",
    ),
    (
        "es",
        "¿Dónde será la convención? «Sevilla», respondió Pedro García. La sala estaba llena.",
        "Sevilla",
        "Pedro García",
    ),
    (
        "ru",
        "Где пройдёт съезд? «Казань», — ответил Иван Петров. Зал был полон.",
        "Казань",
        "Иван Петров",
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "quote", "speaker"),
    ANSWERS,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(ANSWERS)],
)
def test_a_one_word_answer_set_off_by_punctuation_is_a_quotation(
    lang: str, text: str, quote: str, speaker: str
) -> None:
    assert_one_quote(text, lang, quote, speaker)


def test_a_single_word_without_its_punctuation_stays_out() -> None:
    assert find_quotations('Which network? "CNN" Okafor said without a pause.', "en") == []
