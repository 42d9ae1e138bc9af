"""/search end to end through the fake Bot API: English, German and French articles, folding,
the messages for no query and no hits, pages with buttons, forged and stale buttons."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from handlers.failures import BUTTON_EXPIRED
from handlers.render import MAX_MESSAGE, utf16_len
from handlers.search import STRINGS
from tests.bot_harness import Bot, Serve, start_bot
from tests.fake_bot_api import SentMessage

ANN, BO = 1001, 1002
RESOURCES = Path(__file__).parent / "resources" / "search"


@pytest.fixture
async def bot(serve: Serve, tmp_path: Path) -> AsyncIterator[Bot]:
    async with start_bot(serve, tmp_path / "bot.sqlite3") as running:
        for page in RESOURCES.glob("*.html"):
            running.site.extra[f"search/{page.name}"] = ("text/html", page.read_bytes())
        yield running


def only(messages: list[SentMessage]) -> SentMessage:
    assert len(messages) == 1, [m.text[:80] for m in messages]
    return messages[0]


def last_answer(bot: Bot) -> str | None:
    text = bot.api.calls_of("answerCallbackQuery")[-1].params.get("text")
    return text if isinstance(text, str) else None


async def share(bot: Bot, chat: int, *paths: str) -> None:
    for path in paths:
        reply = only(await bot.say(chat, f"/summary {bot.url(path)}", user=chat))
        assert "<a href=" in reply.text, reply.text


async def test_search_in_german_french_and_english_with_accents_and_case_folded(
    bot: Bot,
) -> None:
    await share(
        bot, ANN, "search/de-bruecke.html", "search/fr-ecole.html", "news/library.html",
        "news/ferry.html",
    )  # fmt: skip

    for query in ("brucke", "BRÜCKE", "Brück", "elbe"):
        found = only(await bot.say(ANN, f"/search {query}")).text
        assert "(1 of 1, best first)" in found, (query, found)
        assert "Neue Brücke über die Elbe" in found
        assert found.startswith("<b>Search</b> “")
        assert "4. <a href=" in found  # its number in the history: the oldest of four
    snippet = only(await bot.say(ANN, "/search bürgermeisterin")).text
    assert "<i>" in snippet and "Möller" in snippet  # the quote, shown where it matched

    for query in ("ecole", "ÉCOLE", "eleves lumineuses", "Dubois"):
        found = only(await bot.say(ANN, f"/search {query}")).text
        assert "Une école rénovée rouvre ses portes à Lyon" in found, (query, found)
        assert "3. <a href=" in found
    english = only(await bot.say(ANN, "/search Library")).text
    assert "Old library reopens" in english and "2. <a href=" in english
    assert "Brücke" not in english

    both = only(await bot.say(ANN, "/search millionen")).text  # German only
    assert "(1 of 1" in both


async def test_usage_no_hits_escaping_and_other_chats(bot: Bot) -> None:
    assert only(await bot.say(ANN, "/search")).text == STRINGS["usage"]
    assert only(await bot.say(ANN, "/search brücke")).text == STRINGS["empty_history"]
    await share(bot, ANN, "search/de-bruecke.html")

    none = only(await bot.say(ANN, "/search <b>zebra</b> & co")).text
    assert none == "Nothing in this chat's history matches “&lt;b&gt;zebra&lt;/b&gt; &amp; co”."
    symbols = only(await bot.say(ANN, "/search ?!…")).text
    assert symbols.startswith("There are no words to search for in “?!…”")
    too_long = only(await bot.say(ANN, "/search " + "a" * 300)).text
    assert too_long == "That search is too long: use at most 200 characters."

    # Bo's own chat has its own history: Ann's articles are not found there.
    await share(bot, BO, "news/library.html")
    assert "Nothing in this chat's history" in only(await bot.say(BO, "/search brücke")).text


async def test_pages_with_buttons_and_forged_or_stale_ones(bot: Bot) -> None:
    await share(bot, ANN, *(f"news/library-{n}.html" for n in range(8)))

    first = only(await bot.say(ANN, "/search SCIENCE centre"))
    assert "(1–5 of 8, best first)" in first.text
    assert utf16_len(first.text) <= MAX_MESSAGE
    assert [b["text"] for b in first.buttons()] == ["Next »"]
    assert first.button("Next »")["callback_data"] == "search:5:science centre"
    # Equal articles: the newest first, so numbers 1..5 on the first page.
    assert [f"{n}. <a href" in first.text for n in range(1, 6)] == [True] * 5

    second = only(await bot.press(first, "Next »"))
    assert second.message_id == first.message_id
    assert "(6–8 of 8, best first)" in second.text
    assert "library-0.html" in second.text
    assert [b["text"] for b in second.buttons()] == ["« Previous"]
    back = only(await bot.press(second, "« Previous"))
    assert "(1–5 of 8" in back.text

    # A long query is kept by the service (in the database); its key works in this chat only.
    long_query = "science centre children library reopens market street"
    long_first = only(await bot.say(ANN, f"/search {long_query}"))
    data = long_first.button("Next »")["callback_data"]
    assert data.startswith("search:5:#") and len(data.encode()) <= 64
    assert "(6–8 of 8" in only(await bot.press(long_first, "Next »")).text

    forged = [
        "search:x:science", "search:5", "search:5:", "search:-5:science", "search:5:#beef",
        "search:99999999:science", "search:0:zebra", "search:0:?!",
    ]  # fmt: skip
    for data in forged:
        edited = await bot.process(bot.api.updates.callback(first, data, user=ANN))
        assert edited == [], data
        assert last_answer(bot) == BUTTON_EXPIRED, data

    # A button from another chat's message searches the chat it was pressed in.
    await share(bot, BO, "search/fr-ecole.html")
    bo_search = only(await bot.say(BO, "/search ecole"))
    stray = await bot.process(bot.api.updates.callback(bo_search, data_of(first), user=BO))
    assert stray == [] and last_answer(bot) == BUTTON_EXPIRED  # Bo's chat has no "science"


def data_of(message: SentMessage) -> str:
    value = message.button("Next »")["callback_data"]
    assert isinstance(value, str)
    return value


async def test_a_long_querys_button_works_on_another_replica_and_after_a_restart(
    serve: Serve, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    long_query = "science centre children library reopens market street"
    async with start_bot(serve, database) as first:
        await share(first, ANN, *(f"news/library-{n}.html" for n in range(8)))
        found = only(await first.say(ANN, f"/search {long_query}"))
        data = data_of(found)
        assert data.startswith("search:5:#")
        # A second replica on the same database and Bot API: the press reaches it.
        async with start_bot(
            serve, database, api=first.api, site=first.site, site_url=first.site_url
        ) as second:
            assert "(6–8 of 8" in only(await second.press(found, "Next »")).text
        # A long query whose hits fit on one page has no button, so nothing is kept for it.
        await share(first, BO, "news/library-0.html", "news/library-1.html")
        one_page = only(await first.say(BO, f"/search {long_query}"))
        assert "(1–2 of 2" in one_page.text and one_page.buttons() == []
        rows = await first.services.running.db.fetch_all(
            sa.text("SELECT query FROM search_queries")
        )
        assert [row.query for row in rows] == [long_query]
    # Both stopped, one started again: the key is still there.
    async with start_bot(serve, database, api=first.api, site=first.site) as restarted:
        assert found.button("« Previous")["callback_data"] == data.replace(":5:", ":0:")
        assert "(1–5 of 8" in only(await restarted.press(found, "« Previous")).text
