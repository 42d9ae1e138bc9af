"""Quote marks typed wrong, in English, German, French, Spanish and Russian (text written for
the tests):

- a doubled opening mark (`"“You…,” Rubio said`, `„„Das…“`, `« « C’est… »`, `««Es…»`,
  `««Это…»`) is one opening mark: before, the second one opened a nested quote that never
  closed, and the quote ran on to the end of its paragraph and was dropped;
- nested quotes stay part of their quote (`„Er sagte „Nein“ und ging“`).

An opening mark written where a closing one belongs (`“It’s unusual,“ said Larry Noble`) is
handled on the branch `quotes-marks-backward` only, with its tests (docs/benchmarks.md,
"Round 4").

Every quote is checked to be verbatim.
"""

from __future__ import annotations

import pytest

from summarizer.quotes import find_quotations
from tests.quote_checks import assert_one_quote

DOUBLED = [
    (
        "en",
        'The count went on. "“You don’t win the nomination by how many states you win,” '
        "Rubio said on Wednesday. The polls close at eight.",
        "You don’t win the nomination by how many states you win",
        "Rubio",
    ),
    (
        "de",
        "Die Zählung lief weiter. „„Man gewinnt die Nominierung nicht mit der Zahl der "
        "Staaten“, sagte Anna Schmidt. Die Wahllokale schließen um acht.",
        "Man gewinnt die Nominierung nicht mit der Zahl der Staaten",
        "Anna Schmidt",
    ),
    (
        "fr",
        "Le dépouillement continuait. « « On ne gagne pas l’investiture au nombre d’États », "
        "a déclaré Pierre Dupont. Les bureaux ferment à huit heures.",
        "On ne gagne pas l’investiture au nombre d’États",
        "Pierre Dupont",
    ),
    (
        "es",
        "El recuento seguía. ««No se gana la nominación por el número de estados», dijo "
        "Pedro García. Los colegios cierran a las ocho.",
        "No se gana la nominación por el número de estados",
        "Pedro García",
    ),
    (
        "ru",
        "Подсчёт продолжался. ««Номинацию не выигрывают числом штатов», — сказал Иван "
        "Петров. Участки закрываются в восемь.",
        "Номинацию не выигрывают числом штатов",
        "Иван Петров",
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "quote", "speaker"), DOUBLED, ids=[case[0] for case in DOUBLED]
)
def test_a_doubled_opening_mark_is_one_mark(lang: str, text: str, quote: str, speaker: str) -> None:
    assert_one_quote(text, lang, quote, speaker)


NESTED = [
    ("de", "„Er sagte „Nein“ und ging“, sagte Anna Schmidt.", "Er sagte „Nein“ und ging"),
    (
        "fr",
        "« Il a dit « non » et il est parti », a déclaré Pierre Dupont.",
        "Il a dit « non » et il est parti",
    ),
    ("ru", "«Он сказал „нет“ и ушёл», — сказал Иван Петров.", "Он сказал „нет“ и ушёл"),
    # A quote that opens with a quote inside it: two openers of different styles, not doubled.
    (
        "fr",
        "« “Je ne sais pas”, m’a-t-il répondu sans hésiter », raconte Marie Dupont.",
        "“Je ne sais pas”, m’a-t-il répondu sans hésiter",
    ),
    (
        "ru",
        "«„Когда ты уедешь?“ — спросил он меня», — рассказала Анна Петрова.",
        "„Когда ты уедешь?“ — спросил он меня",
    ),
]


@pytest.mark.parametrize(("lang", "text", "quote"), NESTED, ids=[case[0] for case in NESTED])
def test_a_nested_quote_is_still_part_of_its_quote(lang: str, text: str, quote: str) -> None:
    assert [q.text for q in find_quotations(text, lang)] == [quote]
