"""Which quotes are found and where they start and end: rules added from the error analysis on
PolNeAR train (issue #13), each in English, German, French, Spanish and Russian (text written for
the tests).

- a partial quote that starts with a lowercase word is no title, even when the one long word
  after its first is capitalised (`said she was "proud to be a Democrat."`); a quote whose words
  are capitalised from the first is still one (`likes "The Walking Dead"`);

Every quote is checked to be verbatim, part by part.
"""

from __future__ import annotations

import pytest

from summarizer.quotes import Quotation, extract_quotes, find_quotations
from summarizer.types import Quote


def found(text: str, language: str) -> list[Quotation]:
    quotations = find_quotations(text, language)
    assert_verbatim(text, extract_quotes(text, language))
    return quotations


def assert_verbatim(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        spans = q.spans or ((q.start, q.start + len(q.text)),)
        for start, end in spans:
            assert text[start:end].strip(), q
        if not q.spans:
            assert text[q.start : q.start + len(q.text)] == q.text


@pytest.mark.parametrize(
    ("language", "text", "quote", "speaker"),
    [
        (
            "en",
            "Clinton said that she was “proud to be a Democrat.”",
            "proud to be a Democrat.",
            "Clinton",
        ),
        ("de", "Merkel sagte, sie sei „stolz auf Europa“.", "stolz auf Europa", "Merkel"),
        ("fr", "Macron a dit qu'il était « fier de la France ».", "fier de la France", "Macron"),
        ("es", "Sánchez dijo que estaba «orgulloso de España».", "orgulloso de España", "Sánchez"),
        ("ru", "Иванов сказал, что он «горд за Россию».", "горд за Россию", "Иванов"),
    ],
)
def test_lowercase_partial_quote_with_one_capitalised_word_is_no_title(
    language: str, text: str, quote: str, speaker: str
) -> None:
    quotations = found(text, language)
    assert [(q.text, q.speaker, q.partial) for q in quotations] == [(quote, speaker, True)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The senator says she likes “The Walking Dead” on Sundays."),
        ("de", "Die Ministerin sagt, sie lese gern „Die Blechtrommel“ im Urlaub."),
        ("fr", "La ministre dit qu'elle aime « Les Misérables » le dimanche."),
        ("es", "La ministra dice que le gusta «La Casa Verde» los domingos."),
        ("ru", "Министр говорит, что любит «Война и Мир» по выходным."),
    ],
)
def test_capitalised_title_in_a_statement_is_still_a_title(language: str, text: str) -> None:
    assert found(text, language) == []
