"""Hostile input and a flaky Bot API, end to end: the real Application against the fake Bot API
(failing on command), pages from a local site. Long polling where updates' parsing matters.

- a malformed update in a getUpdates batch is logged once and skipped; later ones are answered;
- replies outlast a Bot API outage (500s, 429 with retry_after) up to the send deadline, and
  what is given up is counted; a chat that is gone has its digest paused;
- a forged or stale button gets "This button has expired." and no error in the log;
- bad links, control characters, binary pages and other bots get a clear answer (or none).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import logging
import random
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.bot_api import GaveUp
from handlers.failures import APOLOGY, BUTTON_EXPIRED
from storage.subscriptions import SubscriptionRepository
from tests.bot_harness import Bot, Serve, start_bot
from tests.fake_bot_api import BOT_ID, SentMessage

ANN, BO = 1001, 1002  # private chats
GROUP = -100500


@pytest.fixture
async def bot(serve: Serve, tmp_path: Path) -> AsyncIterator[Bot]:
    # A short send deadline (the default is 90 s): a 3 s outage is outlasted, a 5 s one is not.
    async with start_bot(serve, tmp_path / "bot.sqlite3", send_deadline=4.0) as running:
        yield running


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def answers(bot: Bot) -> list[dict[str, Any]]:
    return [c.params for c in bot.api.calls_of("answerCallbackQuery")]


# --- updates ------------------------------------------------------------------------------------


async def test_a_malformed_update_is_logged_once_and_skipped(
    serve: Serve, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with start_bot(serve, tmp_path / "bot.sqlite3", polling=True) as bot:
        api = bot.api
        good = api.updates.message(ANN, bot.url("news/ferry.html"))
        bad = {"update_id": good["update_id"] - 1, "message": {}}  # PTB: KeyError 'date'
        api._pending.extend([bad, good])  # one batch
        await api.push_update({"update_id": good["update_id"] + 1, "message": {"chat": 5}})
        reply = await api.wait_for_message(lambda m: m.chat_id == ANN, within=30)
        polls_then = len(api.polls)
        await asyncio.sleep(1.5)  # the bad updates are confirmed: no tight loop asking again

    assert "Ferry workers" in reply.text
    skipped = [r.getMessage() for r in caplog.records if "malformed update" in r.getMessage()]
    assert len(skipped) == 2, skipped
    assert f"update_id {bad['update_id']}" in skipped[0]
    assert len(api.polls) - polls_then <= 4  # long polls of 1 s, not hundreds
    assert int(api.polls[-1].params["offset"]) > good["update_id"] + 1
    assert not errors(caplog)


@pytest.mark.parametrize("failure", ["502 from a proxy", "not a list of updates"])
async def test_a_failing_get_updates_is_backed_off(
    serve: Serve, tmp_path: Path, caplog: pytest.LogCaptureFixture, failure: str
) -> None:
    """getUpdates failing, or answering something that is not a list of updates, is retried
    with a growing pause and a bounded number of log lines; updates are answered after."""
    caplog.set_level(logging.WARNING)
    async with start_bot(serve, tmp_path / "bot.sqlite3", polling=True) as bot:
        api = bot.api
        if failure == "502 from a proxy":
            api.outage(3.0, "getUpdates", error_code=502, description="Bad Gateway")
        else:
            api.raw_results["getUpdates"] = {"update_id": 1}
        started = len(api.polls)
        await asyncio.sleep(3.0)
        api.raw_results.clear()
        during = len(api.polls) - started
        await api.push_update(api.updates.message(ANN, bot.url("news/library.html")))
        reply = await api.wait_for_message(lambda m: m.chat_id == ANN, within=30)

    assert "Old library" in reply.text
    assert during <= 5  # 1 s, 1.5 s, 2.25 s... not a tight loop
    assert len(caplog.records) <= 8


# --- sending ------------------------------------------------------------------------------------


async def test_a_reply_outlasts_an_outage_of_500s(bot: Bot) -> None:
    bot.api.outage(2.5, "sendMessage")
    started = time.monotonic()
    replies = await bot.say(ANN, bot.url("news/ferry.html"))

    assert len(replies) == 1 and "Ferry workers" in replies[0].text
    assert time.monotonic() - started >= 2.5
    assert len(bot.api.calls_of("sendMessage")) >= 3  # tried again and again
    assert bot.services.send_counters.total_given_up == 0
    assert bot.services.send_counters.retried >= 2


async def test_a_reply_waits_out_flood_control(bot: Bot) -> None:
    bot.api.outage(
        2.5, "sendMessage", error_code=429, description="Too Many Requests: retry after 1",
        retry_after=1,
    )  # fmt: skip
    replies = await bot.say(ANN, bot.url("news/library.html"))

    assert len(replies) == 1 and "Old library" in replies[0].text
    tries = bot.api.calls_of("sendMessage")
    assert len(tries) >= 3
    gaps = [b.at - a.at for a, b in itertools.pairwise(tries)]
    assert min(gaps) >= 0.95  # retry_after honoured every time


async def test_a_reply_is_sent_again_after_a_timeout(serve: Serve, tmp_path: Path) -> None:
    """Telegram takes longer than PTB waits (5 s): the reply is tried again, not lost. (The
    first try may still arrive: Telegram cannot say, so a timeout can cost a double.)"""
    async with start_bot(serve, tmp_path / "bot.sqlite3", send_deadline=12.0) as bot:
        bot.api.delay("sendMessage", 7.0, times=1)
        replies = await bot.say(ANN, bot.url("news/ferry.html"))

        assert replies and "Ferry workers" in replies[0].text
        assert len(bot.api.calls_of("sendMessage")) == 2
        assert bot.services.send_counters.retried == 1


async def test_an_outage_past_the_deadline_is_given_up_and_counted(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bot.api.outage(6.0, "sendMessage")
    started = time.monotonic()
    replies = await bot.say(ANN, bot.url("news/ferry.html"))

    assert replies == []
    assert 4.0 <= time.monotonic() - started < 6.0  # the deadline, not the outage, decided
    counters = bot.services.send_counters
    assert counters.given_up["sendMessage"] == 1
    assert counters.as_dict()["given_up_total"] == 1
    gave_up = [r.getMessage() for r in caplog.records if r.getMessage().startswith("gave up")]
    assert gave_up and "(1 given up so far)" in gave_up[0]
    assert not errors(caplog)  # an outage is not a bug: no traceback, no apology attempted


async def test_a_blocked_chat_is_not_retried_and_its_digest_is_paused(bot: Bot) -> None:
    running = bot.services.running
    await running.chats.remember(ANN, "private", now=dt.datetime.now(dt.UTC))
    subscriptions = SubscriptionRepository(running.db)
    await subscriptions.subscribe(
        ANN, local_time=dt.time(8), timezone="UTC", now=dt.datetime.now(dt.UTC)
    )
    bot.api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=ANN)

    assert await bot.say(ANN, bot.url("news/ferry.html")) == []

    assert len(bot.api.calls_of("sendMessage")) == 1
    subscription = await subscriptions.get(ANN)
    assert subscription is not None and not subscription.active
    assert "blocked" in (subscription.paused_reason or "")
    assert bot.services.send_counters.chats_gone == 1


# --- buttons ------------------------------------------------------------------------------------


async def test_a_forged_button_reaches_nothing_outside_its_chat(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    (summary,) = await bot.say(ANN, bot.url("news/ferry.html"))  # article 1, in Ann's chat
    article = summary.button("All quotes")["callback_data"].split(":")[1]
    (help_reply,) = await bot.say(GROUP, "/help", user=BO)  # a real message in another chat

    for data in (f"quotes:{article}", f"longer:{article}", f"shorter:{article}"):
        before = len(bot.api.messages)
        sent = await bot.process(bot.api.updates.callback(help_reply, data, user=BO))
        assert sent == [] and len(bot.api.messages) == before, data
        assert answers(bot)[-1].get("text") == BUTTON_EXPIRED, data
    assert "Ferry" not in help_reply.text
    assert not errors(caplog)


async def test_buttons_under_messages_that_do_not_exist_expire_quietly(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    (summary,) = await bot.say(ANN, bot.url("news/ferry.html"))
    article = summary.button("All quotes")["callback_data"].split(":")[1]
    ghost = SentMessage(message_id=424242, chat_id=ANN, text="gone")  # never sent

    ghosts = (f"longer:{article}", "history:0", "history:999999999", "longer:", "what:1",
              "settings:s:5", "forget:no")  # fmt: skip
    for data in ghosts:
        await bot.process(bot.api.updates.callback(ghost, data, user=ANN))
        assert answers(bot)[-1].get("text") == BUTTON_EXPIRED, data
    assert not errors(caplog)
    # the real buttons still work
    longer = await bot.press(summary, "Longer summary")
    assert longer and longer[0].edits == 1


# --- input --------------------------------------------------------------------------------------


async def test_a_feed_with_a_bad_link_is_told_what_is_wrong(serve: Serve, tmp_path: Path) -> None:
    async with start_bot(serve, tmp_path / "bot.sqlite3", jobs=True) as bot:
        (reply,) = await bot.say(ANN, "/feed add http://[::1")
    assert "malformed host" in reply.text and APOLOGY not in reply.text


@pytest.mark.parametrize(
    ("link", "said"),
    [
        ("http://[::1", "malformed host"),
        ("ftp://x", "a URL with a scheme I don't read (ftp)"),
        ("http://x.test:99999/a", "malformed port"),
    ],
)
async def test_a_bad_link_is_told_what_is_wrong(bot: Bot, link: str, said: str) -> None:
    entities = [{"type": "url", "offset": 0, "length": len(link)}]
    (reply,) = await bot.say(ANN, link, entities=entities)

    assert said in reply.text
    assert APOLOGY not in reply.text


async def test_control_characters_in_a_link_are_not_echoed(bot: Bot) -> None:
    link = bot.url("news/ferry.html") + "\x00\x1b[2J"
    (reply,) = await bot.say(ANN, f"see {link}")

    assert "control characters" in reply.text
    assert "\x00" not in reply.text and "\x1b" not in reply.text


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (random.Random(7).randbytes(30_000), "not a text page: it is binary data"),
        (b"\x89PNG\r\n\x1a\n" + bytes(2000), "a PNG image"),
        (b"PK\x03\x04" + bytes(2000), "a ZIP archive"),
        (b"%PDF-1.7\n" + random.Random(8).randbytes(4000), "This PDF is damaged or incomplete"),
    ],
)
async def test_binary_served_as_html_is_not_a_text_page(bot: Bot, body: bytes, said: str) -> None:
    bot.site.extra["news/x.html"] = ("text/html", body)
    (reply,) = await bot.say(ANN, bot.url("news/x.html"))

    assert said in reply.text
    assert await bot.services.running.history.count(ANN) == 0


async def test_messages_from_other_bots_are_ignored(bot: Bot) -> None:
    link = bot.url("news/ferry.html")
    update = bot.api.updates.message(GROUP, f"@newsbot_test_bot {link}", user=666)
    update["message"]["from"]["is_bot"] = True
    assert await bot.process(update) == []
    private = bot.api.updates.message(ANN, link)  # (Telegram never delivers these; still)
    private["message"]["from"]["is_bot"] = True
    assert await bot.process(private) == []
    assert bot.site.hits["news/ferry.html"] == 0
    # an anonymous admin writes "from" a bot account, as the group: still answered
    anonymous = bot.api.updates.message(
        GROUP,
        f"@newsbot_test_bot {bot.url('news/ferry.html')}",
        user=1087968824,
        sender_chat=bot.api.chat_json(GROUP),
    )
    anonymous["message"]["from"]["is_bot"] = True
    assert len(await bot.process(anonymous)) == 1


async def test_control_characters_in_commands_are_not_echoed(bot: Bot) -> None:
    bot.api.set_member(GROUP, 1, "administrator")
    bot.api.set_member(GROUP, BOT_ID, "administrator")
    commands = ("/subscribe \x00\x1b[2Jnoon", "/filter include a\x07b", "/filter exclude a\x07b")
    for command in commands:
        for reply in await bot.process(bot.api.updates.message(GROUP, command, user=1)):
            assert "2J" in reply.text or "ab" in reply.text  # the argument is quoted back...
            assert not any(ord(c) < 32 and c != "\n" for c in reply.text), reply.text  # ...clean


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ("always always 00:00 00:00", "You gave “always” twice"),
        ("08:00 09:30", "You gave the time twice, “08:00” and “09:30”"),
        ("UTC Europe/Berlin", "You gave the time zone twice"),
    ],
)
async def test_subscribe_says_which_option_was_repeated(
    serve: Serve, tmp_path: Path, args: str, said: str
) -> None:
    async with start_bot(serve, tmp_path / "bot.sqlite3", jobs=True) as bot:
        (reply,) = await bot.say(ANN, f"/subscribe {args}")

    assert said in reply.text
    assert "is not a time of day" not in reply.text


def test_gave_up_is_a_network_error() -> None:
    """Handlers and the error handler treat a give-up like any other network failure."""
    from telegram.error import NetworkError

    assert issubclass(GaveUp, NetworkError)
