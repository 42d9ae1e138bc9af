"""Sentence splitting: the hard cases, in several languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.sentences import sentence_pieces, sentence_spans, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Mr. Smith met Dr. Jones at St. Mary's. They talked.",
            ["Mr. Smith met Dr. Jones at St. Mary's.", "They talked."],
            id="titles",
        ),
        pytest.param(
            "The U.S. Senate voted. He moved to the U.S. The next year he left.",
            ["The U.S. Senate voted.", "He moved to the U.S.", "The next year he left."],
            id="dotted-acronym-inside-and-at-the-end",
        ),
        pytest.param(
            "Shares rose 3.5% to $1.13bn at 10.30 a.m. on Jan. 5. Police said so.",
            ["Shares rose 3.5% to $1.13bn at 10.30 a.m. on Jan. 5.", "Police said so."],
            id="decimals-times-months",
        ),
        pytest.param(
            "It closed at 9 p.m. Monday. Then it rained.",
            ["It closed at 9 p.m. Monday.", "Then it rained."],
            id="time-before-weekday",
        ),
        pytest.param(
            "J. K. Rowling met George W. Bush. Then what?",
            ["J. K. Rowling met George W. Bush.", "Then what?"],
            id="initials",
        ),
        pytest.param(
            '"We will win," he said. "Nobody doubts it." She left.',
            ['"We will win," he said.', '"Nobody doubts it."', "She left."],
            id="quotes-ending-sentences",
        ),
        pytest.param(
            "“It is over…,” he said. Then he left.",
            ["“It is over…,” he said.", "Then he left."],
            id="ellipsis-comma-quote-he-said",
        ),
        pytest.param(
            '"Stop!" she cried. "Why?" he asked.',
            ['"Stop!" she cried.', '"Why?" he asked.'],
            id="exclamation-inside-quote-then-lower-case",
        ),
        pytest.param(
            "Wait... what? He paused… Then he went on.",
            ["Wait... what?", "He paused…", "Then he went on."],
            id="ellipses",
        ),
        pytest.param(
            "'Did you miss the coach? #RubberDub,' Merson wrote. Townsend replied.",
            ["'Did you miss the coach? #RubberDub,' Merson wrote.", "Townsend replied."],
            id="hashtag-after-question-mark",
        ),
        pytest.param(
            "See No. 5 and Fig. 3 on p. 12 for details. Visit example.com today.",
            ["See No. 5 and Fig. 3 on p. 12 for details.", "Visit example.com today."],
            id="abbreviations-before-numbers-and-domains",
        ),
        pytest.param(
            "He works at Apple Inc. The company agreed. Roe v. Wade stands.",
            ["He works at Apple Inc.", "The company agreed.", "Roe v. Wade stands."],
            id="inc-ends-a-sentence-v-does-not",
        ),
        pytest.param(
            "1. The first point. 2. The second point.",
            ["1. The first point.", "2. The second point."],
            id="list-numbers-stay-attached",
        ),
        pytest.param(
            "A headline without a stop\nThe body starts here. It goes on.",
            ["A headline without a stop", "The body starts here.", "It goes on."],
            id="line-breaks-are-boundaries",
        ),
    ],
)
def test_english(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


def test_an_elision_in_brackets_ends_a_sentence_only_before_a_capital() -> None:
    text = (
        'Nous avons fait environ (...) 950 PV", a déclaré le ministre. On aurait dit un '
        "tsunami (...). Il est parti [...] de Paris (...) Puis il est revenu."
    )
    assert split_sentences(text, "fr") == [
        'Nous avons fait environ (...) 950 PV", a déclaré le ministre.',
        "On aurait dit un tsunami (...).",
        "Il est parti [...] de Paris (...)",
        "Puis il est revenu.",
    ]


def test_german_abbreviations_and_ordinals() -> None:
    text = "Am 3. Oktober kam er z. B. nach Berlin. Die 2. Bundesliga spielt. Dann ging er."
    assert split_sentences(text, "de") == [
        "Am 3. Oktober kam er z. B. nach Berlin.",
        "Die 2. Bundesliga spielt.",
        "Dann ging er.",
    ]


def test_russian_initials_abbreviations_and_guillemets() -> None:
    text = (
        "Президент В. В. Путин заявил, что т. е. всё хорошо. Он уехал в 2020 г. в Москву! "
        "Почему? «Нет», — сказал он."
    )
    assert split_sentences(text, "ru") == [
        "Президент В. В. Путин заявил, что т. е. всё хорошо.",
        "Он уехал в 2020 г. в Москву!",
        "Почему?",
        "«Нет», — сказал он.",
    ]


def test_french_spaced_guillemets() -> None:
    text = "Il a dit : « C'est fini. » Puis il est parti. M. Dupont est resté."
    assert split_sentences(text, "fr") == [
        "Il a dit : « C'est fini. »",
        "Puis il est parti.",
        "M. Dupont est resté.",
    ]


def test_spanish_inverted_marks() -> None:
    text = "¿Dónde está? ¡Aquí! El Sr. García llegó ayer."
    assert split_sentences(text, "es") == ["¿Dónde está?", "¡Aquí!", "El Sr. García llegó ayer."]


def test_chinese_and_japanese_need_no_spaces() -> None:
    assert split_sentences("今天天气很好。我们去公园吧！你去吗？", "zh") == [
        "今天天气很好。",
        "我们去公园吧！",
        "你去吗？",
    ]
    assert split_sentences("東京は晴れです。明日は雨でしょう。", "ja") == [
        "東京は晴れです。",
        "明日は雨でしょう。",
    ]


def test_cjk_closing_quote_stays_with_its_sentence() -> None:
    assert split_sentences("他说：“好的。”然后走了。", "zh") == ["他说：“好的。”", "然后走了。"]


def test_hindi_and_arabic_stops() -> None:
    assert split_sentences("मैं घर जा रहा हूँ। वह स्कूल गया।", "hi") == [
        "मैं घर जा रहा हूँ।",
        "वह स्कूल गया।",
    ]
    assert split_sentences("هل أنت هنا؟ نعم أنا هنا.", "ar") == ["هل أنت هنا؟", "نعم أنا هنا."]


def test_language_is_optional() -> None:
    assert split_sentences("Mr. Brown left. Dr. Green stayed.") == [
        "Mr. Brown left.",
        "Dr. Green stayed.",
    ]


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


@given(st.text(max_size=300))
def test_never_loses_or_invents_text(text: str) -> None:
    sentences = split_sentences(text)
    assert all(s and s == s.strip() for s in sentences)
    assert "".join("".join(sentences).split()) == "".join(text.split())


def test_sentence_pieces_keep_their_text() -> None:
    value = "First one. Second! «Third?» Fourth… 第一。第二。End"
    assert sentence_pieces(value) == [
        "First one. ",
        "Second! ",
        "«Third?» ",
        "Fourth… ",
        "第一。",
        "第二。",
        "End",
    ]
    assert "".join(sentence_pieces(value)) == value


def test_sentence_spans_are_the_sentences_as_offsets() -> None:
    text = "  Mr. Smith came. then left.\n3 went! «Yes.» No  "
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Mr. Smith came. then left.",
        "3 went!",
        "«Yes.»",
        "No",
    ]
    # A window: only the sentences inside it, offsets still into the whole text.
    start = text.index("3 went")
    inside = sentence_spans(text, None, start, text.index(" No"))
    assert [text[a:b] for a, b in inside] == ["3 went!", "«Yes.»"]
    assert inside[0][0] == start


def test_sentence_pieces_never_cut_after_an_abbreviation() -> None:
    value = "Mr. Smith met Dr. Jones. They talked."
    assert sentence_pieces(value) == ["Mr. Smith met Dr. Jones. ", "They talked."]
