"""Digest, feed and filter commands through a real PTB Application and a fake Bot API.

Updates are fed with ``Application.process_update``; the bot's requests (replies, getChat,
getChatMember) go over HTTP to the fake on 127.0.0.1; feeds come from a local aiohttp server.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot.services import Running, wire
from bot.settings import Settings
from handlers.context import CONTEXT_TYPES, install
from handlers.digest import bookkeeping_handlers, digest_handlers
from handlers.feeds import feed_handlers
from storage.database import Database, open_database
from storage.digest_log import DigestLog
from storage.subscriptions import SubscriptionRepository
from storage.timestamps import to_db
from summarizer.digest import LexicalSimilarity
from summarizer.fetch import Fetcher, FetchSettings
from summarizer.pipeline import Pipeline
from tests.conftest import Serve
from tests.digest_clock import FakeClock
from tests.fake_bot_api import BOT_ID, FakeBotAPI
from tests.sql import sql

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
GROUP = -100500
ADMIN, MEMBER = 11, 22
CHANNEL = -100900
RESOURCES = Path(__file__).parent / "resources" / "digest"


@dataclass
class Harness:
    app: Application[Any, Any, Any, Any, Any, Any]
    api: FakeBotAPI
    running: Running  # the bot's services (``bot.services.wire``), not started
    db: Database
    clock: FakeClock
    site: str  # base URL of the local web server
    _ids: itertools.count[int]

    async def send(
        self,
        text: str,
        *,
        chat_id: int = GROUP,
        chat_type: str = "supergroup",
        user_id: int | None = ADMIN,
        thread_id: int | None = None,
        sender_chat: dict[str, Any] | None = None,
    ) -> list[str]:
        """Process one message; return the texts the bot sent in answer."""
        before = len(self.api.sent())
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = f"Chat {chat_id}"
        command = text.split()[0]
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(self.clock.now().timestamp()),
            "chat": chat,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        }
        if user_id is not None:
            message["from"] = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
        if thread_id is not None:
            message.update({"message_thread_id": thread_id, "is_topic_message": True})
        if sender_chat is not None:
            message["sender_chat"] = sender_chat
        kind = "channel_post" if chat_type == "channel" else "message"
        update = Update.de_json({"update_id": message["message_id"], kind: message}, self.app.bot)
        await self.app.process_update(update)
        return [m.text for m in self.api.sent()[before:]]

    async def bot_status(self, chat_id: int, chat_type: str, old: str, new: str) -> None:
        user = {"id": BOT_ID, "is_bot": True, "first_name": "News"}
        change = {
            "chat": {"id": chat_id, "type": chat_type, "title": "C"},
            "from": {"id": ADMIN, "is_bot": False, "first_name": "A"},
            "date": int(self.clock.now().timestamp()),
            "old_chat_member": {"status": old, "user": user},
            "new_chat_member": {"status": new, "user": user}
            | ({"until_date": 0} if new == "kicked" else {}),
        }
        update = Update.de_json(
            {"update_id": next(self._ids), "my_chat_member": change}, self.app.bot
        )
        await self.app.process_update(update)

    async def share(self, url: str, title: str, summary: list[str], at: dt.datetime) -> None:
        """What the link handler leaves behind: a cached article and a history row."""
        data = json.dumps({"url": url, "canonical_url": url, "title": title, "summary": summary})
        ((article_id,),) = await sql(
            self.db,
            "INSERT INTO articles (canonical_url, url, title, data, fetched_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (url, url, title, data, to_db(at)),
        )
        await sql(
            self.db,
            "INSERT INTO history (chat_id, article_id, shared_at) VALUES (?, ?, ?)",
            (GROUP, article_id, to_db(at)),
        )

    async def subscription(self, chat_id: int = GROUP) -> Any:
        return await self.running.handlers.subscriptions.get(chat_id)


def web_site() -> web.Application:
    app = web.Application()

    async def home(_: web.Request) -> web.Response:
        return web.Response(body=(RESOURCES / "site.html").read_bytes(), content_type="text/html")

    async def rss(_: web.Request) -> web.Response:
        return web.Response(
            body=(RESOURCES / "rss.xml").read_bytes(), content_type="application/rss+xml"
        )

    async def numbered(request: web.Request) -> web.Response:
        body = (
            (RESOURCES / "rss.xml")
            .read_bytes()
            .replace(b"Example Daily &amp; Co", f"Feed {request.match_info['n']}".encode())
        )
        return web.Response(body=body, content_type="application/rss+xml")

    app.router.add_get("/", home)
    app.router.add_get("/rss.xml", rss)
    app.router.add_get("/comments/feed.xml", rss)
    app.router.add_get("/feeds/{n}.xml", numbered)
    return app


@pytest.fixture
async def harness(tmp_path: Path, serve: Serve) -> AsyncIterator[Harness]:
    api = FakeBotAPI()
    api.add_chat(GROUP, "supergroup", title="The Group")
    api.set_member(GROUP, ADMIN, "administrator")
    api.set_member(GROUP, MEMBER, "member")
    api.set_member(GROUP, BOT_ID, "member")
    base = await serve(api.app())
    site = await serve(web_site())
    app = (  # the defaults of bot.app.build_application: HTML unless a reply says otherwise
        ApplicationBuilder()
        .token(api.token)
        .context_types(CONTEXT_TYPES)
        .base_url(f"{base}/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .updater(None)
        .build()
    )
    await app.initialize()
    db = await open_database(tmp_path / "bot.sqlite3")
    for chat_id, kind in ((GROUP, "supergroup"), (ADMIN, "private")):
        await sql(
            db, "INSERT INTO chats (chat_id, type, language) VALUES (?, ?, 'en')", (chat_id, kind)
        )
    clock = FakeClock(NOW)
    settings = Settings(database=tmp_path / "bot.sqlite3", allow_private_addresses=True)
    pipeline = Pipeline(settings.pipeline)  # never started: these commands summarise nothing
    async with Fetcher(FetchSettings(allow_private_addresses=True)) as fetcher:
        running = wire(
            settings,
            db,
            pipeline=pipeline,
            fetcher=fetcher,
            bot=app.bot,
            clock=clock,
            similarity=LexicalSimilarity,
        )
        install(app, running.handlers)
        app.add_handlers([*digest_handlers(), *feed_handlers()])
        app.add_handlers(bookkeeping_handlers(), group=1)
        yield Harness(app, api, running, db, clock, site, itertools.count(1))
        await running.scheduler.stop()
    await pipeline.close()
    await app.shutdown()
    await db.close()


Send = Callable[..., Awaitable[list[str]]]


async def test_subscribe_defaults_to_eight_utc(harness: Harness) -> None:
    (reply,) = await harness.send("/subscribe")

    sub = await harness.subscription()
    assert (sub.local_time, sub.timezone, sub.created_by, sub.thread_id) == (
        dt.time(8),
        "UTC",
        ADMIN,
        None,
    )
    assert "08:00 (UTC)" in reply
    assert "next: Tue 03 Mar, 08:00" in reply


async def test_subscribe_with_time_and_zone_saves_the_zone(harness: Harness) -> None:
    (reply,) = await harness.send("/subscribe 7:30 europe/berlin")
    assert "07:30 (Europe/Berlin)" in reply
    (row,) = await sql(harness.db, "SELECT timezone FROM chat_settings WHERE chat_id = ?", (GROUP,))
    assert tuple(row) == ("Europe/Berlin",)

    # Subscribing again without arguments keeps what was set; a time alone keeps the zone.
    await harness.send("/subscribe")
    sub = await harness.subscription()
    assert (sub.local_time, sub.timezone) == (dt.time(7, 30), "Europe/Berlin")
    await harness.send("/subscribe 18:00")
    sub = await harness.subscription()
    assert (sub.local_time, sub.timezone) == (dt.time(18), "Europe/Berlin")


async def test_top_n_stories(harness: Harness) -> None:
    (reply,) = await harness.send("/subscribe 06:00 top 3")
    (bad,) = await harness.send("/subscribe top many")

    assert "06:00 (UTC), top 3 stories" in reply
    assert (await harness.subscription()).max_stories == 3
    assert bad == "After <code>top</code>, give a number of stories from 1 to 30."
    (odd,) = await harness.send("/subscribe top ²")
    assert odd == bad
    await harness.send("/subscribe 07:00")  # what is not given is kept
    assert (await harness.subscription()).max_stories == 3


@pytest.mark.parametrize("time", ["25:00", "8:61", "24.00"])
async def test_a_time_that_does_not_exist_is_named(harness: Harness, time: str) -> None:
    (reply,) = await harness.send(f"/subscribe {time} Europe/Berlin")
    assert reply == (
        f"“{time}” is not a time of day: use 24-hour <code>HH:MM</code>, from <code>00:00</code>"
        " to <code>23:59</code>."
    )


async def test_the_chats_saved_zone_is_the_default(harness: Harness) -> None:
    await sql(
        harness.db,
        "INSERT INTO chat_settings (chat_id, timezone) VALUES (?, 'Asia/Tokyo')",
        (GROUP,),
    )

    await harness.send("/subscribe 06:00")

    assert (await harness.subscription()).timezone == "Asia/Tokyo"


async def test_bad_arguments_are_explained(harness: Harness) -> None:
    (zone_reply,) = await harness.send("/subscribe 08:00 Europe/Berln")
    (word_reply,) = await harness.send("/subscribe tomorrow")

    assert "I don't know the time zone “Europe/Berln”" in zone_reply
    assert "I don't understand “tomorrow”" in word_reply
    assert await harness.subscription() is None


async def test_only_admins_change_the_digest(harness: Harness) -> None:
    replies = [
        *await harness.send("/subscribe", user_id=MEMBER),
        *await harness.send("/feed add example.org", user_id=MEMBER),
        *await harness.send("/filter include sport", user_id=MEMBER),
    ]
    await harness.send("/subscribe")
    replies += await harness.send("/unsubscribe", user_id=MEMBER)

    assert replies == ["Only this chat's administrators can do that."] * 4
    assert await harness.subscription() is not None


async def test_an_anonymous_admin_posting_as_the_group_may_subscribe(harness: Harness) -> None:
    group = {"id": GROUP, "type": "supergroup", "title": "The Group"}

    await harness.send("/subscribe", user_id=1087968824, sender_chat=group)

    assert await harness.subscription() is not None


async def test_a_subscription_made_in_a_topic_posts_there(harness: Harness) -> None:
    await harness.send("/subscribe 10:00", thread_id=42)

    sub = await harness.subscription()
    assert sub.thread_id == 42
    assert harness.api.sent()[-1].thread_id == 42  # the answer went to the topic too
    harness.clock.set(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC))
    await harness.share("https://a.example/x", "A story", ["One."], NOW)
    await harness.running.scheduler.run_once()
    await harness.running.scheduler.drain()
    digest = harness.api.sent()[-1]
    assert (digest.thread_id, "A story" in digest.text) == (42, True)


async def test_unsubscribe(harness: Harness) -> None:
    await harness.send("/subscribe")

    (stopped,) = await harness.send("/unsubscribe")
    (none,) = await harness.send("/unsubscribe")

    assert stopped.startswith("Daily digest stopped")
    assert none.startswith("There is no daily digest here")
    assert await harness.subscription() is None


async def test_channel_from_a_private_chat_says_what_is_missing(harness: Harness) -> None:
    api = harness.api

    async def subscribe() -> str:
        (reply,) = await harness.send(
            "/subscribe @newsroom 07:00 Europe/Paris", chat_id=ADMIN, chat_type="private"
        )
        return reply

    assert "I can't see @newsroom" in await subscribe()
    api.add_chat(CHANNEL, "channel", title="Newsroom", username="newsroom")
    assert await subscribe() == "You are not an administrator of @newsroom."
    api.set_member(CHANNEL, ADMIN, "administrator")
    assert "I am not an administrator of @newsroom" in await subscribe()
    api.set_member(CHANNEL, BOT_ID, "administrator", can_post_messages=False)
    assert "may not post: allow me to post messages" in await subscribe()
    assert await harness.subscription(CHANNEL) is None

    api.set_member(CHANNEL, BOT_ID, "administrator", can_post_messages=True)
    reply = await subscribe()

    assert reply.startswith("Daily digest for @newsroom at 07:00 (Europe/Paris)")
    sub = await harness.subscription(CHANNEL)
    assert (sub.local_time, sub.timezone) == (dt.time(7), "Europe/Paris")
    (row,) = await sql(
        harness.db, "SELECT type, title, username FROM chats WHERE chat_id = ?", (CHANNEL,)
    )
    assert tuple(row) == ("channel", "Newsroom", "newsroom")
    (listed,) = await harness.send("/subscriptions", chat_id=ADMIN, chat_type="private")
    assert "• @newsroom: 07:00 (Europe/Paris)" in listed
    # Not an admin any more: no longer listed.
    api.set_member(CHANNEL, ADMIN, "member")
    (after,) = await harness.send("/subscriptions", chat_id=ADMIN, chat_type="private")
    assert after.startswith("You manage no chats with a daily digest")


async def test_channel_names_are_refused_outside_private_chats(harness: Harness) -> None:
    (reply,) = await harness.send("/subscribe @newsroom")

    assert reply == "Send that to me in a private chat."


async def test_subscribe_posted_in_the_channel_itself(harness: Harness) -> None:
    harness.api.add_chat(CHANNEL, "channel", title="Newsroom", username="newsroom")
    harness.api.set_member(CHANNEL, BOT_ID, "administrator")
    await sql(harness.db, "INSERT INTO chats (chat_id, type) VALUES (?, 'channel')", (CHANNEL,))
    channel = {"id": CHANNEL, "type": "channel", "title": "Newsroom"}

    (reply,) = await harness.send(
        "/subscribe 06:30", chat_id=CHANNEL, chat_type="channel", user_id=None, sender_chat=channel
    )

    assert reply.startswith("Daily digest at 06:30 (UTC)")
    assert (await harness.subscription(CHANNEL)).local_time == dt.time(6, 30)


async def test_subscriptions_lists_chats_other_admins_set_up(harness: Harness) -> None:
    """A channel subscribed by a post in it has no sender; a group subscribed by one admin is
    managed by the others too. Both show in each admin's /subscriptions, while they are admins."""
    second_admin = 3003
    harness.api.set_member(GROUP, second_admin, "administrator")
    harness.api.add_chat(CHANNEL, "channel", title="Newsroom", username="newsroom")
    harness.api.set_member(CHANNEL, BOT_ID, "administrator")
    harness.api.set_member(CHANNEL, second_admin, "creator")
    channel = {"id": CHANNEL, "type": "channel", "title": "Newsroom"}
    await harness.send("/subscribe 07:00")  # ADMIN, in the group
    await harness.send(
        "/subscribe 06:30", chat_id=CHANNEL, chat_type="channel", user_id=None, sender_chat=channel
    )

    (listed,) = await harness.send(
        "/subscriptions", chat_id=second_admin, chat_type="private", user_id=second_admin
    )
    assert "• Chat -100900: 06:30 (UTC)" in listed  # the channel (its title in the test)
    assert "• Chat -100500: 07:00 (UTC)" in listed  # the group
    (member,) = await harness.send(
        "/subscriptions", chat_id=MEMBER, chat_type="private", user_id=MEMBER
    )
    assert member.startswith("You manage no chats with a daily digest")

    harness.api.set_member(GROUP, second_admin, "member")  # demoted: checked again each time
    (after,) = await harness.send(
        "/subscriptions", chat_id=second_admin, chat_type="private", user_id=second_admin
    )
    assert "Chat -100900" in after and "Chat -100500" not in after


async def test_removed_bot_pauses_and_subscribe_resumes(harness: Harness) -> None:
    await harness.send("/subscribe")

    await harness.bot_status(GROUP, "supergroup", "member", "kicked")

    sub = await harness.subscription()
    assert (sub.active, sub.paused_reason) == (False, "removed from the chat")
    await harness.send("/subscribe")
    assert (await harness.subscription()).active


async def test_adding_the_bot_back_resumes_a_paused_digest(harness: Harness) -> None:
    await harness.send("/subscribe")
    await harness.bot_status(GROUP, "supergroup", "member", "left")
    assert not (await harness.subscription()).active

    await harness.bot_status(GROUP, "supergroup", "left", "member")

    sub = await harness.subscription()
    assert (sub.active, sub.paused_reason) == (True, None)


async def test_channel_admin_without_post_right_pauses(harness: Harness) -> None:
    await sql(harness.db, "INSERT INTO chats (chat_id, type) VALUES (?, 'channel')", (CHANNEL,))
    await SubscriptionRepository(harness.db).subscribe(
        CHANNEL, local_time=dt.time(8), timezone="UTC", now=NOW
    )
    user = {"id": BOT_ID, "is_bot": True, "first_name": "News"}
    update = Update.de_json(
        {
            "update_id": 999,
            "my_chat_member": {
                "chat": {"id": CHANNEL, "type": "channel", "title": "C"},
                "from": {"id": ADMIN, "is_bot": False, "first_name": "A"},
                "date": int(NOW.timestamp()),
                "old_chat_member": {"status": "left", "user": user},
                "new_chat_member": {
                    "status": "administrator",
                    "user": user,
                    "can_be_edited": False,
                    "is_anonymous": False,
                    "can_manage_chat": True,
                    "can_delete_messages": False,
                    "can_manage_video_chats": False,
                    "can_restrict_members": False,
                    "can_promote_members": False,
                    "can_change_info": False,
                    "can_invite_users": False,
                    "can_post_stories": False,
                    "can_edit_stories": False,
                    "can_delete_stories": False,
                    "can_post_messages": False,
                },
            },
        },
        harness.app.bot,
    )
    await harness.app.process_update(update)

    assert (await harness.subscription(CHANNEL)).paused_reason == "may not post in the channel"


async def test_digest_preview_does_not_move_the_schedule(harness: Harness) -> None:
    await harness.send("/subscribe")
    await harness.share(
        "https://a.example/storm", "Storm Ciara floods northern England", ["Floods."], NOW
    )
    await harness.share(
        "https://b.example/ciara", "Northern England floods: Storm Ciara", ["Rivers."], NOW
    )

    (preview,) = await harness.send("/digest", user_id=MEMBER)

    assert preview.startswith("📰 <b>Daily digest</b> · Monday, 2 March 2026")
    assert preview.count("<b>1.</b>") == 1  # two sites, one story
    assert "<b>2.</b>" not in preview
    assert '">a.example</a>' in preview
    assert '">b.example</a>' in preview
    assert await DigestLog(harness.db).history(GROUP) == []  # nothing logged


async def test_digest_preview_on_an_empty_day(harness: Harness) -> None:
    (reply,) = await harness.send("/digest")

    assert reply.startswith("Nothing new since the last digest")


async def test_feed_add_list_remove(harness: Harness) -> None:
    (added,) = await harness.send(f"/feed add {harness.site}/")
    (again,) = await harness.send(f"/feed add {harness.site}/rss.xml")
    (listed,) = await harness.send("/feed list")

    assert added.startswith("Added “Example Daily &amp; Co” (2 items now).")
    assert "Start the daily digest with /subscribe." in added
    assert again == "This chat already follows “Example Daily &amp; Co”."
    assert (
        listed == f'Feeds (1/20):\n1. <a href="{harness.site}/rss.xml">Example Daily &amp; Co</a>'
    )
    assert (await harness.send("/feed remove 2")) == ["There is no feed number 2: see /feed list."]
    assert (await harness.send("/feed remove ²")) == ["There is no feed number ²: see /feed list."]
    assert (await harness.send("/feed remove 1")) == ["Removed “Example Daily &amp; Co”."]
    assert (await harness.send("/feed")) == [
        "This chat follows no feeds. Add one with /feed add URL."
    ]


async def test_user_text_is_escaped_in_answers(harness: Harness) -> None:
    # The fake Bot API refuses bad HTML as Telegram does, so an unescaped "<" would fail here.
    (added,) = await harness.send("/filter exclude <b>, AT&T")
    (listed,) = await harness.send("/filter list")

    assert added == "Leaving out stories with: &lt;b&gt;, AT&amp;T."
    assert listed == "Leaving out stories mentioning: &lt;b&gt;, AT&amp;T"


async def test_at_most_twenty_feeds(harness: Harness) -> None:
    for n in range(20):
        (reply,) = await harness.send(f"/feed add {harness.site}/feeds/{n}.xml")
        assert reply.startswith(f"Added “Feed {n}”")

    (refused,) = await harness.send(f"/feed add {harness.site}/feeds/20.xml")

    assert refused.startswith("This chat already follows 20 feeds")


async def test_feed_errors_are_explained(harness: Harness) -> None:
    (not_feed,) = await harness.send(f"/feed add {harness.site}/nothing-here")
    (usage,) = await harness.send("/feed add")

    assert not_feed == (
        "I couldn't add that feed: The site says that page does not exist (HTTP 404). "
        "Check the link."
    )
    assert usage.startswith("Usage:")


async def test_private_addresses_are_refused(harness: Harness) -> None:
    async with Fetcher(FetchSettings()) as guarded:
        harness.running.handlers.feeds.fetcher = guarded
        (reply,) = await harness.send(f"/feed add {harness.site}/rss.xml")

    assert reply == "I can't read feeds at private or local addresses."


async def test_filters_from_commands_shape_the_digest(harness: Harness) -> None:
    await harness.share("https://a.example/1", "Storm floods the north", ["Rain."], NOW)
    await harness.share("https://b.example/2", "Budget cuts taxes", ["Money."], NOW)
    await harness.share("https://c.example/3", "Cup final tonight", ["Football."], NOW)

    (included,) = await harness.send('/filter include "storm", budget')
    (excluded,) = await harness.send("/filter exclude budget")
    (listed,) = await harness.send("/filter list")
    (preview,) = await harness.send("/digest")

    assert included == "Only stories mentioning: storm, budget."
    assert excluded == "Leaving out stories with: budget."
    assert listed == (
        "Only stories mentioning: storm, budget\nLeaving out stories mentioning: budget"
    )
    assert "Storm floods the north" in preview
    assert "Budget" not in preview
    assert "Cup final" not in preview

    assert (await harness.send("/filter remove STORM")) == ["Removed: STORM."]
    assert (await harness.send("/filter clear")) == ["Removed 2 keyword filters."]
    (everything,) = await harness.send("/digest")
    assert all(t in everything for t in ("Storm", "Budget", "Cup final"))


async def test_a_scheduled_digest_groups_shares_and_feed_items(harness: Harness) -> None:
    await harness.send("/subscribe 10:00 UTC")
    await harness.send(f"/feed add {harness.site}/rss.xml")
    await harness.share(
        "https://news.example/storm",
        "Storm Ciara floods northern England towns",
        ["Storm Ciara flooded towns across northern England."],
        NOW,
    )

    harness.clock.set(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC))
    await harness.running.scheduler.run_once()
    await harness.running.scheduler.drain()

    digest = harness.api.sent()[-1]
    assert digest.chat_id == GROUP
    header, storm, budget = digest.text.split("\n\n")
    assert header == "📰 <b>Daily digest</b> · Monday, 2 March 2026"
    # The shared page and the feed's page on the same story: one entry, both sites.
    assert storm.startswith('<b>1.</b> <a href="https://news.example/storm">Storm Ciara floods')
    assert f'">news.example</a> · <a href="{harness.site}/storm-ciara-floods">' in storm
    assert budget.startswith("<b>2.</b>")
    assert "Budget cuts taxes for small firms" in budget


async def test_a_group_upgraded_to_a_supergroup_keeps_its_digest(harness: Harness) -> None:
    await harness.send("/subscribe 09:15 Europe/Berlin")
    await harness.send("/feed add " + harness.site + "/rss.xml")
    new_id = -1009999
    message = {
        "message_id": 999,
        "date": int(NOW.timestamp()),
        "chat": {"id": GROUP, "type": "group", "title": "The Group"},
        "from": {"id": ADMIN, "is_bot": False, "first_name": "A"},
        "migrate_to_chat_id": new_id,
    }
    await harness.app.process_update(
        Update.de_json({"update_id": 999, "message": message}, harness.app.bot)
    )

    assert await harness.subscription() is None
    moved = await harness.subscription(new_id)
    assert (moved.local_time, moved.timezone) == (dt.time(9, 15), "Europe/Berlin")
    assert len(await harness.running.handlers.feeds.of_chat(new_id)) == 1
