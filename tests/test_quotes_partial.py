"""Partial quotes: words quoted inside the writer's sentence, with the speaker the rules find
(`Senator Maria Lopez said it was a "catastrophically irresponsible administration."`), in
English, German, French, Spanish and Russian (text written for the tests).

- kept when most of the *characters* of the statement they report are inside the marks (60%,
  with three words or more), however few words of it are quoted: the rule before counted words,
  and dropped these (three quoted words of six);
- marked ``partial`` on the quotation and on its ``Quote``; full quotes are not;
- a quote that opens its sentence, the writer's words after it, and the attribution after any
  of the sentence's commas, not only its last (`"…" in this race, says Dante Scala, a political
  scientist at …`): the rule before read only the clause after the last comma (the apposition);
- chosen as key quotes only after every full quote, shown as the fragment they are ("…"), listed
  after the full quotes by /quotes, and kept through the article cache.

Every quote is checked to be verbatim.
"""

from __future__ import annotations

import pytest

from handlers.render import quote_line, quotes_for_listing, render_quotes
from services.articles import decode_data, encode
from summarizer.quotes import display_text, extract_quotes, find_quotations, key_quotes
from summarizer.types import Article, ArticleSummary, Quote

PARTIAL = [
    (
        "en",
        "The hearing ran late. Senator Maria Lopez said it was a “catastrophically "
        "irresponsible administration.” The vote is on Friday.",
        "catastrophically irresponsible administration.",
        "Maria Lopez",
    ),
    (
        "de",
        "Die Anhörung dauerte lange. Senatorin Maria Lopez sagte, es sei eine „katastrophal "
        "verantwortungslose Regierungspolitik“. Abgestimmt wird am Freitag.",
        "katastrophal verantwortungslose Regierungspolitik",
        "Maria Lopez",
    ),
    (
        "fr",
        "L'audition a duré longtemps. La sénatrice Maria Lopez a dit que c'était une "
        "« politique catastrophiquement irresponsable ». Le vote a lieu vendredi.",
        "politique catastrophiquement irresponsable",
        "Maria Lopez",
    ),
    (
        "es",
        "La audiencia fue larga. La senadora María López dijo que era, en su opinión, una "
        "«administración catastróficamente irresponsable y antidemocrática». La votación es el "
        "viernes.",
        "administración catastróficamente irresponsable y antidemocrática",
        "María López",
    ),
    (
        "ru",
        "Слушания затянулись. Сенатор Мария Лопес заявила, что это была бы «катастрофически "
        "безответственная администрация». Голосование в пятницу.",
        "катастрофически безответственная администрация",
        "Мария Лопес",
    ),
]

FULL = {
    "en": "“We will not give up,” Lopez said.",
    "de": "„Wir geben nicht auf“, sagte Lopez.",
    "fr": "« Nous n'abandonnerons pas », a déclaré Lopez.",
    "es": "«No nos rendiremos», dijo López.",
    "ru": "«Мы не сдадимся», — заявила Лопес.",
}


END_CUE = [
    (
        "en",
        'Turnout was high. "These super PACs have been setting the table for the voters of New '
        'Hampshire for months" in this race, says Dante Scala, a political scientist at the '
        "University of New Hampshire.",
        "These super PACs have been setting the table for the voters of New Hampshire for months",
        "Dante Scala",
    ),
    (
        "de",
        "Die Beteiligung war hoch. „Diese Super-PACs bereiten den Wählern in New Hampshire seit "
        "Monaten den Tisch“ in diesem Rennen, sagt Dante Scala, Politologe an der Universität "
        "von New Hampshire.",
        "Diese Super-PACs bereiten den Wählern in New Hampshire seit Monaten den Tisch",
        "Dante Scala",
    ),
    (
        "fr",
        "La participation était forte. « Ces super PAC préparent le terrain pour les électeurs "
        "du New Hampshire depuis des mois » dans cette course, estime Dante Scala, politologue "
        "à l'université du New Hampshire.",
        "Ces super PAC préparent le terrain pour les électeurs du New Hampshire depuis des mois",
        "Dante Scala",
    ),
    (
        "es",
        "La participación fue alta. «Estos súper PAC llevan meses preparando el terreno a los "
        "votantes de New Hampshire» en esta carrera, dice Dante Scala, politólogo de la "
        "Universidad de New Hampshire.",
        "Estos súper PAC llevan meses preparando el terreno a los votantes de New Hampshire",
        "Dante Scala",
    ),
    (
        "ru",
        "Явка была высокой. «Эти суперкомитеты уже несколько месяцев готовят почву для "
        "избирателей Нью-Гэмпшира» в этой гонке, говорит Данте Скала, политолог из "
        "Университета Нью-Гэмпшира.",
        "Эти суперкомитеты уже несколько месяцев готовят почву для избирателей Нью-Гэмпшира",
        "Данте Скала",
    ),
]


def assert_verbatim(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert text[q.start : q.start + len(q.text)] == q.text


@pytest.mark.parametrize(
    ("language", "text", "quoted", "speaker"), PARTIAL, ids=[c[0] for c in PARTIAL]
)
def test_a_partial_quote_holding_most_of_its_statement_is_kept_with_its_speaker(
    language: str, text: str, quoted: str, speaker: str
) -> None:
    (quotation,) = find_quotations(text, language)
    assert quotation.text == quoted
    assert quotation.speaker == speaker
    assert quotation.partial
    (quote,) = extract_quotes(text, language)
    assert quote.partial and quote.speaker == speaker
    assert_verbatim(text, [quote])


@pytest.mark.parametrize(
    ("language", "text", "quoted", "speaker"), PARTIAL, ids=[c[0] for c in PARTIAL]
)
def test_a_full_quote_beside_it_is_not_partial_and_comes_first_as_a_key_quote(
    language: str, text: str, quoted: str, speaker: str
) -> None:
    article = text + "\n\n" + FULL[language]
    quotes = extract_quotes(article, language)
    assert_verbatim(article, quotes)
    assert (quotes[0].text, quotes[0].partial) == (quoted, True)
    full = [q for q in quotes if not q.partial]
    assert len(full) == 1 and full[0].speaker is not None
    # the fragment names its speaker in full and the full quote only by surname: still second
    assert key_quotes(quotes, n=2)[0] is full[0]
    assert key_quotes(quotes, n=1) == full


@pytest.mark.parametrize(
    ("language", "text", "quoted", "speaker"), END_CUE, ids=[c[0] for c in END_CUE]
)
def test_an_attribution_after_a_comma_of_the_sentence_before_an_apposition(
    language: str, text: str, quoted: str, speaker: str
) -> None:
    (quote,) = extract_quotes(text, language)
    assert (quote.text, quote.speaker, quote.partial) == (quoted, speaker, True)
    assert_verbatim(text, [quote])


def test_a_partial_quote_is_a_key_quote_only_when_no_full_quote_is_left() -> None:
    words = "Katastrophal verantwortungslose Regierungspolitik"
    fragment = Quote(words, "Maria Lopez", partial=True)
    plain = Quote("Wir gewinnen.", None)
    assert key_quotes([fragment, plain], n=1) == [plain]
    assert key_quotes([fragment, plain], n=3) == [plain, fragment]
    assert key_quotes([fragment], n=3) == [fragment]


def test_a_partial_quote_is_shown_as_a_fragment() -> None:
    assert display_text("a disaster", partial=True) == "…a disaster…"
    assert display_text("an attack on our country.", partial=True) == "…an attack on our country."
    assert display_text("“a disaster,”", partial=True) == "…a disaster…"
    assert display_text("a disaster") == "a disaster"
    line = quote_line(Quote("a disaster", "Donald Trump", partial=True))
    assert line.before + line.plain + line.after == "“…a disaster…” — <i>Donald Trump</i>"


def summary_with(quotes: tuple[Quote, ...]) -> ArticleSummary:
    article = Article(
        url="https://example.com/a",
        canonical_url="https://example.com/a",
        title="Hearing",
        paragraphs=("Text.",),
    )
    return ArticleSummary(article, ("Text.",), quotes[:1], quotes)


def test_quotes_lists_full_quotes_before_partial_ones_and_the_cache_keeps_the_mark() -> None:
    quotes = (
        Quote("a disaster", "Donald Trump", partial=True),
        Quote("Nobody saw it coming.", None),
        Quote("We will win.", "Donald Trump"),
        Quote("a total mess", None, partial=True),
    )
    listed = quotes_for_listing(summary_with(quotes))
    assert [q.text for q in listed] == [
        "We will win.",
        "a disaster",
        "Nobody saw it coming.",
        "a total mess",
    ]
    (message,) = render_quotes(summary_with(quotes))
    assert "2. “…a disaster…” — <i>Donald Trump</i>" in message

    cached = decode_data(
        encode(summary_with(quotes), sentences=1, quotes=1), url="https://example.com/a"
    )
    assert [q.partial for q in cached.all_quotes] == [True, False, False, True]
    assert [q.partial for q in cached.first.quotes] == [True]
