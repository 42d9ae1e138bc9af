"""Rendering: everything from the web escaped, messages split under 4,096 at sentence ends."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.render import (
    MAX_MESSAGE,
    Block,
    attr,
    pack,
    render_history,
    render_quotes,
    render_summary,
    text,
    utf16_len,
)
from storage.history import HistoryEntry, HistoryPage
from summarizer.quotes import display_text as quote_text
from summarizer.types import Article, ArticleSummary, Quote
from summarizer.urls import strip_controls

NASTY = 'Tom & Jerry <script>alert("x")</script>'


def summary_of(
    *,
    title: str = "Harbour reopens",
    sentences_: tuple[str, ...] = ("The harbour reopened on Monday.", "Ships queued."),
    quotes: tuple[Quote, ...] = (),
    all_quotes: tuple[Quote, ...] = (),
    url: str = "https://news.example/harbour?a=1&b=2",
) -> ArticleSummary:
    article = Article(
        url=url,
        canonical_url=url,
        title=title,
        paragraphs=("x",),
        site="News Example",
        published=dt.date(2026, 3, 2),
    )
    return ArticleSummary(article, sentences_, quotes, all_quotes)


def visible(html_text: str) -> str:
    """What a reader sees: tags dropped, entities decoded."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def test_summary_has_title_link_site_date_bullets_and_attributed_quotes() -> None:
    (message,) = render_summary(
        summary_of(quotes=(Quote("We are open again", "Anna Berg"), Quote("Unsigned", None)))
    )

    assert message.startswith(
        '<b><a href="https://news.example/harbour?a=1&amp;b=2">Harbour reopens</a></b>\n'
        "<i>News Example · 2 March 2026</i>"
    )
    assert "• The harbour reopened on Monday.\n• Ships queued." in message
    assert "<b>Key quotes</b>\n“We are open again” — <i>Anna Berg</i>\n“Unsigned”" in message


def test_web_text_is_escaped_everywhere() -> None:
    summary = summary_of(
        title=NASTY,
        sentences_=(NASTY,),
        quotes=(Quote(NASTY, NASTY),),
        url='https://x.example/"><b>',
    )

    for message in (*render_summary(summary), *render_quotes(summary)):
        assert "<script>" not in message
        assert '"><b>' not in message
        assert "Tom &amp; Jerry &lt;script&gt;" in message
        tags = re.findall(r"</?([a-z]+)", message)
        assert set(tags) <= {"a", "b", "i"}


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("We call it “a disaster” and we mean it", "We call it ‘a disaster’ and we mean it"),
        ('It was, frankly, "the worst,"', "It was, frankly, ‘the worst’"),
        ("It was ‘the worst,’", "It was ‘the worst’"),
        ('"Hello there."', "Hello there."),
        ("“a “b” c”", "a ‘b’ c"),
        ("Wir sagen „nein“ dazu", "Wir sagen ‘nein’ dazu"),
        ("«Мы открыты»", "Мы открыты"),
        ("“the worst” and “the best”", "‘the worst’ and ‘the best’"),
        ('A 5" screen', 'A 5" screen'),  # a stray mark is not a quotation
        ("We won;", "We won"),
        ("Are we done?", "Are we done?"),
    ],
)
def test_quote_text_has_no_doubled_marks_nor_a_dangling_comma(raw: str, shown: str) -> None:
    assert quote_text(raw) == shown


def test_an_empty_quote_is_never_shown() -> None:
    summary = summary_of(quotes=(Quote('""', "Anna Berg"),), all_quotes=(Quote("“”", None),))
    (message,) = render_summary(summary)
    (listing,) = render_quotes(summary)

    assert "Key quotes" not in message and "“”" not in message
    assert "No direct quotes in this article." in listing


def test_quotes_list_named_first_up_to_ten_or_says_there_are_none() -> None:
    many = tuple(Quote(f"Quote {n}", None if n % 2 else f"Speaker {n}") for n in range(14))
    (message,) = render_quotes(summary_of(all_quotes=many))

    numbered = re.findall(r"^(\d+)\. “(Quote \d+)”", message, re.MULTILINE)
    assert [n for n, _ in numbered] == [str(i) for i in range(1, 11)]
    assert [q for _, q in numbered][:7] == [f"Quote {n}" for n in range(0, 14, 2)]
    assert "Quotes (10 of 14)" in message

    (empty,) = render_quotes(summary_of())
    assert "No direct quotes in this article." in empty


def test_a_long_summary_is_split_between_sentences_under_the_limit() -> None:
    bullets = tuple(f"Sentence number {n} says something about the harbour." for n in range(300))
    messages = render_summary(summary_of(sentences_=bullets))

    assert len(messages) > 1
    assert all(utf16_len(m) <= MAX_MESSAGE for m in messages)
    assert all(m.rstrip().endswith("harbour.") for m in messages)
    joined = "\n".join(visible(m) for m in messages)
    assert all(b in joined for b in bullets)


def test_one_giant_paragraph_is_cut_at_sentence_ends_keeping_its_markup() -> None:
    paragraph = " ".join(f"Sentence {n} is here & there." for n in range(600))
    messages = pack([Block(paragraph, before="<i>", after="</i>")])

    assert len(messages) > 1
    for message in messages:
        assert utf16_len(message) <= MAX_MESSAGE
        assert message.startswith("<i>Sentence ") and message.endswith("there.</i>")
        assert "&amp;" in message
    assert " ".join(visible(m) for m in messages) == paragraph


def test_a_sentence_without_ends_is_cut_at_spaces_and_a_word_anywhere() -> None:
    words = " ".join(["word"] * 3000)
    messages = pack([Block(words)])
    assert all(utf16_len(m) <= MAX_MESSAGE for m in messages)
    assert " ".join(visible(m) for m in messages).split() == words.split()

    blob = "x" * 9000
    cut = pack([Block(blob)])
    assert [len(m) for m in cut] == [4096, 4096, 808]


def test_emoji_count_twice_toward_the_limit() -> None:
    messages = pack([Block("😀" * 3000)])
    assert [utf16_len(m) for m in messages] == [4096, 1904]


@given(st.lists(st.text(min_size=0, max_size=3000), min_size=1, max_size=6))
def test_pack_never_exceeds_the_limit_nor_loses_text(paragraphs: list[str]) -> None:
    messages = pack([Block(p, before="• ") for p in paragraphs])

    assert all(utf16_len(m) <= MAX_MESSAGE for m in messages)
    seen = "".join(visible(m) for m in messages)
    for p in paragraphs:  # all of it but control characters, which are never echoed
        assert "".join(strip_controls(p).split()) in "".join(seen.split())


def test_control_characters_are_never_echoed() -> None:
    assert text("a\x00b\x1b[31mc\u202ed\n") == "ab[31mcd\n"
    assert attr('https://x.test/\x00"') == "https://x.test/&quot;"


def test_history_page_lists_number_title_site_date_and_sharer() -> None:
    entry = HistoryEntry(
        id=1,
        chat_id=5,
        article_id=9,
        title="A <b> title",
        site="news.example",
        canonical_url="https://news.example/a",
        url="https://news.example/a",
        published=None,
        shared_by_id=3,
        shared_by_name="Ann & Bo",
        message_id=None,
        reply_message_id=None,
        thread_id=None,
        shared_at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
    )
    message = render_history(HistoryPage([entry], first_number=11, total=12))

    assert "(11 of 12, newest first)" in message
    assert (
        '11. <a href="https://news.example/a">A &lt;b&gt; title</a> — news.example, '
        "2 March 2026, shared by Ann &amp; Bo"
    ) in message
    assert "No articles" in render_history(HistoryPage([], 1, 0))
