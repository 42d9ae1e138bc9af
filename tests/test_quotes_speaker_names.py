"""Where a speaker's name ends and how it is written (issue #13), each rule in English, German,
French, Spanish and Russian (text written for the tests):

- after an inverted cue the name ends before "and"/"with" and their equivalents when no second
  name follows (`said Maria Lopez with a smile`, `sagte Anna Schmidt und zwei Kollegen`); two
  names joined by a coordinator are two speakers, written with the article's own word
  ("Schmidt und Weber", not "Schmidt and Weber"); a name that holds a coordinator is one name
  ("José Ortega y Gasset");
- French and Spanish plural auxiliaries before the participle (`ont déclaré X`, `han dicho X`)
  are no speaker, and Spanish participles are cues (`ha afirmado X`, the perfect of Spain's news);
- the stray mark of a nested quote's close (`''…,''' he said`) is not part of the speaker;
- the writer's own words (`« … », ai-je écrit`) get no speaker;
- an aside set off by commas between the quote and an inverted cue is no speaker (`"…," like the
  recent volatility of markets, said X`), nor is a comma after a name's parenthesis
  (`Gov. John Kasich (R-OH), said`); "with" ends a name but not a role ("one person with
  knowledge of the talks").

Every quote is checked to be verbatim.
"""

from __future__ import annotations

import pytest

from summarizer.quotes import extract_quotes
from summarizer.types import Quote


def quotes(text: str, language: str) -> list[Quote]:
    found = extract_quotes(text, language)
    for q in found:
        spans = q.spans or ((q.start, q.start + len(q.text)),)
        for start, end in spans:
            assert text[start:end].strip() in q.text, q
    return found


def speakers(text: str, language: str) -> list[str | None]:
    return [q.speaker for q in quotes(text, language)]


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        ("en", "“We will not wait any longer,” said Maria Lopez with a smile.", "Maria Lopez"),
        ("en", "“We will not wait any longer,” said Maria Lopez and her lawyer.", "Maria Lopez"),
        (
            "de",
            "„Wir warten nicht länger“, sagte Anna Schmidt mit Blick auf die Wahl.",
            "Anna Schmidt",
        ),
        ("de", "„Wir warten nicht länger“, sagte Anna Schmidt und zwei Kollegen.", "Anna Schmidt"),
        ("de", "„Wir warten nicht länger“, sagte Anna Schmidt und die Anwältin.", "Anna Schmidt"),
        (
            "fr",
            "« Nous n'attendrons plus », a déclaré Marie Dupont avec un sourire.",
            "Marie Dupont",
        ),
        ("fr", "« Nous n'attendrons plus », a déclaré Marie Dupont et son avocat.", "Marie Dupont"),
        ("es", "“No esperaremos más”, dijo María López con una sonrisa.", "María López"),
        ("es", "“No esperaremos más”, dijo María López y su abogado.", "María López"),
        ("ru", "«Мы больше не будем ждать», сказал Иван Петров с улыбкой.", "Иван Петров"),
        ("ru", "«Мы больше не будем ждать», сказал Иван Петров и его адвокат.", "Иван Петров"),
    ],
)
def test_the_name_ends_before_and_or_with(language: str, text: str, speaker: str) -> None:
    assert speakers(text, language) == [speaker]


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        ("en", "“We will not wait,” said Lopez and Hale.", "Lopez and Hale"),
        ("de", "„Wir warten nicht“, sagten Schmidt und Weber.", "Schmidt und Weber"),
        ("fr", "« Nous n'attendrons pas », ont déclaré Dupont et Martin.", "Dupont et Martin"),
        (
            "fr",
            "« Nous n'attendrons pas », ont déclaré Marie Dupont et Paul Martin.",
            "Marie Dupont et Paul Martin",
        ),
        ("es", "“No esperaremos”, dijeron Ana López y Pedro García.", "Ana López y Pedro García"),
        ("ru", "«Мы не ждём», сказали Петров и Иванов.", "Петров и Иванов"),
    ],
)
def test_two_speakers_are_joined_by_the_articles_word(
    language: str, text: str, speaker: str
) -> None:
    assert speakers(text, language) == [speaker]


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        ("es", "“No esperaremos”, dijo José Ortega y Gasset.", "José Ortega y Gasset"),
        (
            "de",
            "„Wir warten nicht“, sagte Ursula von der Leyen in Brüssel.",
            "Ursula von der Leyen",
        ),
        (
            "fr",
            "« Nous n'attendrons plus », a déclaré Charles de Gaulle et son fils.",
            "Charles de Gaulle",
        ),
        ("en", "“We will not wait,” said Maria de la Cruz with a nod.", "Maria de la Cruz"),
        ("ru", "«Мы не ждём», сказал Иван Петров-Водкин в Москве.", "Иван Петров-Водкин"),
    ],
)
def test_a_name_keeps_its_particles(language: str, text: str, speaker: str) -> None:
    assert speakers(text, language) == [speaker]


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        ("fr", "« Nous n'attendrons pas », ont déclaré les syndicats.", "les syndicats"),
        ("es", "“No esperaremos más tiempo”, han dicho los sindicatos.", "los sindicatos"),
        ("es", "“No esperaremos más tiempo”, ha afirmado Pedro García.", "Pedro García"),
        ("en", "“We will not wait,” have said the unions.", "the unions"),
        ("de", "„Wir warten nicht“, hat Anna Schmidt gesagt.", "Anna Schmidt"),
        ("ru", "«Мы не ждём», заявили профсоюзы.", "профсоюзы"),
    ],
)
def test_an_auxiliary_is_no_speaker(language: str, text: str, speaker: str | None) -> None:
    found = speakers(text, language)
    assert found == [speaker]
    assert all(s is None or s.split()[0] not in {"ont", "han", "have", "hat"} for s in found)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Mayor John Smith spoke on Monday. ''We will rebuild the bridge,''' he said."),
        ("en", "Mayor John Smith spoke on Monday. ''We will rebuild the 'new' bridge,''' he said."),
        ("en", "Mayor John Smith spoke on Monday. “We say ‘no’ to this plan,” he said."),
        (
            "de",
            "Bürgermeister John Smith sprach am Montag. "
            "„Wir sagen zu diesem Plan ‚nein‘“, sagte er.",
        ),
        ("fr", "Le maire John Smith a parlé lundi. « Nous disons “non” à ce plan », a-t-il dit."),
        ("es", "El alcalde John Smith habló el lunes. «Decimos “no” a este plan», dijo."),
        (
            "ru",
            "Мэр Джон Смит выступил в понедельник. «Мы говорим „нет“ этому плану», — сказал он.",
        ),
    ],
)
def test_a_stray_or_nested_quote_mark_is_not_part_of_the_speaker(language: str, text: str) -> None:
    found = speakers(text, language)
    assert found and all(s is not None and s[0].isalpha() for s in found), found
    assert found[-1] in {"John Smith", "Джон Смит"}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "« Nous n'attendrons plus », ai-je écrit."),
        ("fr", "« Nous n'attendrons plus », avons-nous écrit."),
        ("fr", "« Nous n'attendrons plus », dis-je."),
        ("en", "“We will not wait any longer,” I wrote."),
        ("de", "„Wir warten nicht länger“, schrieb ich damals."),
        ("es", "“No esperaremos más”, escribí yo entonces."),
        ("ru", "«Мы больше не будем ждать», — написал я тогда."),
    ],
)
def test_the_writers_own_words_have_no_speaker(language: str, text: str) -> None:
    assert speakers(text, language) in ([None], [])


def test_a_third_persons_inversion_still_names_the_speaker() -> None:
    text = "Le maire Paul Martin a parlé lundi. « Nous n'attendrons plus », a-t-il dit."
    assert speakers(text, "fr") == ["Paul Martin"]


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        (
            "en",
            "“The figures are worrying,” especially for the young, said Maria Lopez.",
            "Maria Lopez",
        ),
        (
            "de",
            "„Die Zahlen sind besorgniserregend“, vor allem für junge Leute, sagte Anna Schmidt.",
            "Anna Schmidt",
        ),
        (
            "fr",
            "« Les chiffres sont inquiétants », surtout pour les jeunes, a déclaré Marie Dupont.",
            "Marie Dupont",
        ),
        (
            "es",
            "“Las cifras son preocupantes”, sobre todo para los jóvenes, dijo María López.",
            "María López",
        ),
        (
            "ru",
            "«Цифры вызывают тревогу», особенно для молодёжи, сказал Иван Петров.",
            "Иван Петров",
        ),
    ],
)
def test_an_aside_after_the_quote_then_an_inverted_cue(
    language: str, text: str, speaker: str
) -> None:
    """`"…," like the recent volatility of markets, said X`: the aside is not the speaker."""
    assert speakers(text, language) == [speaker]


def test_a_quote_in_an_aside_is_no_speaker() -> None:
    text = 'Its ad, "Playing Trump," in which children play, yelling "eminent domain!" ran on TV.'
    assert "eminent domain" not in speakers(text, "en")


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        (
            "en",
            "After the vote, Sen. Maria Lopez (D-NM), said: "
            "“The figures are worrying for the young.”",
            "Maria Lopez",
        ),
        (
            "de",
            "Nach der Wahl sagte Anna Schmidt (SPD), „die Zahlen sind besorgniserregend“.",
            "Anna Schmidt",
        ),
        (
            "fr",
            "Après le vote, le député Paul Martin (LR), a déclaré : "
            "« Les chiffres sont inquiétants. »",
            "Paul Martin",
        ),
        (
            "es",
            "Tras la votación, el diputado Pedro García (PP), dijo: "
            "«Las cifras son preocupantes para los jóvenes».",
            "Pedro García",
        ),
        (
            "ru",
            "После голосования депутат Иван Петров (КПРФ), заявил: «Цифры вызывают тревогу».",
            "Иван Петров",
        ),
    ],
)
def test_a_comma_after_the_names_parenthesis(language: str, text: str, speaker: str) -> None:
    """ "Gov. John Kasich (R-OH), said": not the parenthesis's "OH"."""
    assert speakers(text, language) == [speaker]


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        (
            "en",
            "“We will not wait any longer,” said one person with knowledge of the talks.",
            "one person with knowledge of the talks",
        ),
        (
            "fr",
            "« Nous n'attendrons plus », a déclaré une source avec connaissance du dossier.",
            "une source avec connaissance du dossier",
        ),
        (
            "es",
            "“No esperaremos más”, dijo una fuente con conocimiento de las conversaciones.",
            "una fuente con conocimiento de las conversaciones",
        ),
        (
            "ru",
            "«Мы больше не будем ждать», сказал источник с доступом к переговорам.",
            "источник с доступом к переговорам",
        ),
    ],
)
def test_a_role_keeps_its_with(language: str, text: str, speaker: str) -> None:
    """A role is read whole: "with" ends a name, not "one person with knowledge of …". (German
    capitalises its nouns, so `eine Person mit …` is cut like a name: a shorter role, no wrong
    name.)"""
    assert speakers(text, language) == [speaker]
