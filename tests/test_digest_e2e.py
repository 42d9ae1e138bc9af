"""Digests end to end: the real bot (``bot.app``, services, handlers, pipeline, article cache)
against the fake Bot API, pages and a feed from a local server, and a hand-moved clock.

A day of news in a group — two sites telling the same story, another story, a feed — becomes
one digest at the chat's local time; a restart after the due time catches up exactly once; a
removed bot pauses the subscription.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from services.election import Election, FileSchedulerLock
from storage.subscriptions import Subscription
from summarizer.urls import clean_url
from tests.bot_harness import Bot, Serve, Site, start_bot
from tests.digest_clock import FakeClock
from tests.fake_bot_api import FakeBotAPI, SentMessage

RESOURCES = Path(__file__).parent / "resources" / "digest"
ADMIN, READER = 2001, 2002
GROUP, CHANNEL = -100700, -100800
BERLIN = ZoneInfo("Europe/Berlin")


@dataclass
class World:
    """What outlives one run of the bot: the clock, the fake Telegram, the news site."""

    clock: FakeClock
    api: FakeBotAPI
    site: Site
    api_url: str
    site_url: str
    database: Path

    def bot(self) -> contextlib.AbstractAsyncContextManager[Bot]:
        """Start the bot, with its digests and feed polling on this world's clock, on this
        world (again: a restart)."""
        return start_bot(
            _serve_unused,
            self.database,
            api=self.api,
            site=self.site,
            site_url=self.site_url,
            api_url=self.api_url,
            jobs=True,
            clock=self.clock,
        )

    def url(self, name: str) -> str:
        return f"{self.site_url}/digest/{name}"

    def digests(self, chat_id: int = GROUP) -> list[SentMessage]:
        return [m for m in self.api.sent(chat_id) if m.text.startswith("📰")]


async def _serve_unused(_: object) -> str:
    raise AssertionError("the world's servers are already running")


@pytest.fixture
async def world(serve: Serve, tmp_path: Path) -> World:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    site = Site()
    for name in ("bridge-herald.html", "bridge-post.html", "orchestra.html"):
        site.extra[f"digest/{name}"] = ("text/html", (RESOURCES / name).read_bytes())
    api = FakeBotAPI()
    api.add_chat(GROUP, "supergroup", title="Millford neighbours")
    api.set_member(GROUP, ADMIN, "administrator")
    api.set_member(GROUP, READER, "member")
    world = World(
        FakeClock(now),
        api,
        site,
        await serve(api.app()),
        await serve(site.app()),
        tmp_path / "b.db",
    )
    feed = (RESOURCES / "local-feed.xml").read_text()
    feed = feed.replace("BASE", f"{world.site_url}/digest").replace(
        "PUBDATE", format_datetime(now - dt.timedelta(hours=1))
    )
    site.extra["digest/feed.xml"] = ("application/rss+xml", feed.encode())
    return world


def due_in(world: World, minutes: int) -> tuple[dt.datetime, str]:
    """A due time ``minutes`` from the clock's now, and how /subscribe says it in Berlin."""
    due = (world.clock.now() + dt.timedelta(minutes=minutes)).replace(second=0)
    return due, due.astimezone(BERLIN).strftime("%H:%M")


async def until(condition: Callable[[], object], what: str, within: float = 30.0) -> None:
    for _ in range(int(within * 20)):
        if await condition() if asyncio.iscoroutinefunction(condition) else condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def subscription(bot: Bot, chat_id: int = GROUP) -> Subscription | None:
    return await bot.services.running.handlers.subscriptions.get(chat_id)


async def test_a_day_of_news_becomes_one_digest_at_local_time(world: World) -> None:
    due, local = due_in(world, 30)
    async with world.bot() as bot:
        (answer,) = await bot.say(GROUP, f"/subscribe {local} Europe/Berlin", user=ADMIN)
        assert f"at {local} (Europe/Berlin)" in answer.text
        await bot.say(GROUP, f"/summary {world.url('bridge-herald.html')}", user=READER)
        await bot.say(GROUP, f"/summary {world.url('orchestra.html')}", user=READER)
        (added,) = await bot.say(GROUP, f"/feed add {world.url('feed.xml')}", user=ADMIN)
        assert added.text.startswith("Added “Millford Post” (1 item now).")

        # The feed's new item is summarised ahead of time, into the shared article cache.
        item_url = clean_url(world.url("bridge-post.html?utm_source=rss"))
        articles = bot.services.running.articles

        async def cached() -> bool:
            return await articles.find(item_url) is not None

        await until(cached, "the feed item in the article cache")

        world.clock.set(due - dt.timedelta(seconds=1))
        await asyncio.sleep(0.2)
        assert world.digests() == []
        world.clock.set(due)
        digest = await bot.api.wait_for_message(lambda m: m.text.startswith("📰"))
        election = bot.services.election

    day = due.astimezone(BERLIN)
    header, bridge, orchestra = digest.text.split("\n\n")
    assert header == (
        f"📰 <b>Daily digest</b> · {day.strftime('%A')}, {day.day} {day.strftime('%B %Y')}"
    )
    # Two sites, one story: one entry that lists both, first because it has the most sources.
    assert bridge.startswith("<b>1.</b> <a href=")
    assert "The Valley Herald</a> · <a" in bridge
    assert "Millford Post</a></i>" in bridge
    assert "Hannah Price" in bridge  # the best quote, with its speaker
    assert orchestra.startswith("<b>2.</b>")
    assert "orchestra" in orchestra.lower()
    assert digest.link_preview_disabled
    assert len(world.digests()) == 1
    # The running bot's scheduler held the lock beside its database, and let it go on stopping.
    assert isinstance(election, Election) and isinstance(election.lock, FileSchedulerLock)
    assert election.lock.path.name == f"{world.database.name}.scheduler-lock"
    assert not election.lock.held and not election.leading
    assert await election.lock.acquire()
    await election.lock.release()


async def test_a_restart_after_the_due_time_catches_up_exactly_once(world: World) -> None:
    due, local = due_in(world, 10)
    async with world.bot() as bot:
        await bot.say(GROUP, f"/subscribe {local} Europe/Berlin always", user=ADMIN)
        await bot.say(GROUP, f"/summary {world.url('orchestra.html')}", user=READER)
    # Down over the due time; back two hours later.
    world.clock.set(due + dt.timedelta(hours=2))
    async with world.bot() as bot:
        digest = await bot.api.wait_for_message(lambda m: m.text.startswith("📰"))
        assert "orchestra" in digest.text.lower()
    async with world.bot():  # and once more: nothing is sent twice
        await asyncio.sleep(0.3)
    world.clock.set(due + dt.timedelta(hours=3))
    await asyncio.sleep(0.1)
    assert len(world.digests()) == 1


async def test_a_restart_before_the_due_time_delivers_on_time(world: World) -> None:
    due, local = due_in(world, 10)
    async with world.bot() as bot:
        await bot.say(GROUP, f"/subscribe {local} Europe/Berlin always", user=ADMIN)
    async with world.bot() as bot:
        await asyncio.sleep(0.2)
        assert world.digests() == []
        world.clock.set(due)
        await bot.api.wait_for_message(lambda m: m.text.startswith("📰"))
    assert len(world.digests()) == 1


async def test_removed_from_the_group_pauses_the_digest(world: World) -> None:
    other = -100701
    world.api.add_chat(other, "supergroup", title="Other group")
    world.api.set_member(other, ADMIN, "administrator")
    due, local = due_in(world, 10)
    async with world.bot() as bot:
        for chat in (GROUP, other):
            await bot.say(chat, f"/subscribe {local} Europe/Berlin always", user=ADMIN)
        await bot.process(bot.api.updates.my_chat_member(GROUP, "member", "kicked", by=ADMIN))
        sub = await subscription(bot)
        assert sub is not None
        assert (sub.active, sub.paused_reason) == (False, "removed from the chat")
        world.clock.set(due)
        await bot.api.wait_for_message(lambda m: m.chat_id == other and m.text.startswith("📰"))
    assert world.digests() == []


async def test_a_403_when_sending_pauses_and_is_not_retried(world: World) -> None:
    due, local = due_in(world, 10)
    async with world.bot() as bot:
        await bot.say(GROUP, f"/subscribe {local} Europe/Berlin always", user=ADMIN)
        bot.api.fail(
            "sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat", times=None,
            chat_id=GROUP,
        )  # fmt: skip
        world.clock.set(due)

        async def paused() -> bool:
            sub = await subscription(bot)
            return sub is not None and not sub.active

        await until(paused, "the subscription to pause")
        sends = len(bot.api.calls_of("sendMessage"))
        world.clock.set(due + dt.timedelta(days=1))
        await asyncio.sleep(0.3)
        assert len(bot.api.calls_of("sendMessage")) == sends  # never tried again


async def test_a_channel_subscribed_from_a_private_chat(world: World) -> None:
    due, local = due_in(world, 10)
    world.api.add_chat(CHANNEL, "channel", title="Millford Daily", username="millforddaily")
    world.api.set_member(CHANNEL, ADMIN, "creator")
    async with world.bot() as bot:
        (missing,) = await bot.say(ADMIN, f"/subscribe @millforddaily {local} Europe/Berlin")
        assert "I am not an administrator of @millforddaily" in missing.text
        world.api.set_member(CHANNEL, bot.app.bot.id, "administrator")
        (done,) = await bot.say(ADMIN, f"/subscribe @millforddaily {local} Europe/Berlin always")
        assert done.text.startswith("Daily digest for @millforddaily")
        world.clock.set(due)
        digest = await bot.api.wait_for_message(lambda m: m.chat_id == CHANNEL)
    assert "Nothing new was shared today." in digest.text
