"""Digest repositories on both backends (a SQLite file, a real PostgreSQL): subscriptions, the
digest log, feeds, filters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from storage.articles import ArticleRepository, NewArticle
from storage.chats import ChatRepository
from storage.database import Database, open_database
from storage.digest_log import DigestLog, DigestState
from storage.digest_sources import DigestSources
from storage.feeds import FeedLimitError, FeedRepository, ItemState, NewFeedItem
from storage.filters import FilterKind, FilterLimitError, FilterRepository
from storage.subscriptions import SubscriptionRepository
from storage.timestamps import from_db, to_db

NOW = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 3, 2)


async def add_chat(db: Database, chat_id: int, kind: str = "supergroup") -> None:
    await ChatRepository(db).remember(chat_id, kind, now=NOW)


@pytest.fixture
async def db(database: Database) -> Database:
    await add_chat(database, -100)
    await add_chat(database, -200)
    return database


def test_stored_times_sort_as_text() -> None:
    early = dt.datetime(2026, 3, 2, 7, 0, 0, 5000, tzinfo=dt.UTC)
    berlin = dt.datetime(2026, 3, 2, 8, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))

    assert to_db(early) == "2026-03-02T07:00:00.005Z"
    assert to_db(early) < to_db(berlin)
    assert from_db(to_db(berlin)) == berlin
    with pytest.raises(ValueError, match="timezone-aware"):
        to_db(dt.datetime(2026, 3, 2))


async def test_subscribe_replace_pause_and_unsubscribe(db: Database) -> None:
    repo = SubscriptionRepository(db)

    first = await repo.subscribe(-100, local_time=dt.time(8), timezone="UTC", now=NOW)
    moved = await repo.subscribe(
        -100,
        local_time=dt.time(7, 30),
        timezone="Europe/Berlin",
        now=NOW + dt.timedelta(hours=1),
        thread_id=42,
        created_by=7,
    )

    assert first.local_time == dt.time(8)
    assert (moved.local_time, moved.timezone, moved.thread_id) == (
        dt.time(7, 30),
        "Europe/Berlin",
        42,
    )
    assert moved.starts_at == NOW + dt.timedelta(hours=1)
    assert await repo.pause(-100, "removed", now=NOW)
    assert not await repo.pause(-100, "removed", now=NOW)  # already paused
    assert await repo.active() == []
    paused = await repo.get(-100)
    assert paused is not None
    assert (paused.active, paused.paused_reason) == (False, "removed")
    again = await repo.subscribe(-100, local_time=dt.time(9), timezone="UTC", now=NOW)
    assert again.active
    assert again.paused_reason is None
    assert await repo.unsubscribe(-100)
    assert await repo.get(-100) is None
    assert not await repo.unsubscribe(-100)


async def test_subscriptions_survive_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    db = await open_database(path)
    await add_chat(db, -5)
    await SubscriptionRepository(db).subscribe(
        -5, local_time=dt.time(6, 15), timezone="Asia/Tokyo", now=NOW
    )
    await db.close()

    db = await open_database(path)
    try:
        (sub,) = await SubscriptionRepository(db).active()
    finally:
        await db.close()
    assert (sub.chat_id, sub.local_time, sub.timezone) == (-5, dt.time(6, 15), "Asia/Tokyo")


async def test_a_slot_is_claimed_once(db: Database) -> None:
    log = DigestLog(db)
    args = {"due_at": NOW, "period_start": NOW - dt.timedelta(days=1), "period_end": NOW}

    first = await log.claim(-100, DAY, now=NOW, **args)
    second = await log.claim(-100, DAY, now=NOW, **args)
    other_chat = await log.claim(-200, DAY, now=NOW, **args)

    assert first is not None
    assert first.state is DigestState.SENDING
    assert second is None
    assert other_chat is not None


async def test_parts_are_resumed_after_the_last_one_sent(db: Database) -> None:
    log = DigestLog(db)
    await log.claim(-100, DAY, due_at=NOW, period_start=NOW, period_end=NOW, now=NOW)

    await log.set_parts(-100, DAY, ["part one", "part two «ü»", "part three"])
    await log.part_sent(-100, DAY, 501)
    entry = await log.get(-100, DAY)

    assert entry is not None
    assert entry.remaining_parts == ("part two «ü»", "part three")
    assert entry.message_ids == (501,)
    assert [e.chat_id for e in await log.unfinished()] == [-100]

    await log.part_sent(-100, DAY, 502)
    await log.part_sent(-100, DAY, 503)
    await log.finish(-100, DAY, DigestState.SENT, now=NOW)
    done = await log.get(-100, DAY)
    assert done is not None
    assert (done.state, done.message_ids, done.remaining_parts) == (
        DigestState.SENT,
        (501, 502, 503),
        (),
    )
    assert await log.unfinished() == []


async def test_next_period_starts_where_the_last_delivered_one_ended(
    db: Database,
) -> None:
    log = DigestLog(db)
    yesterday = DAY - dt.timedelta(days=1)
    end = NOW - dt.timedelta(days=1, minutes=-3)
    await log.claim(-100, yesterday, due_at=end, period_start=end, period_end=end, now=end)
    assert await log.last_period_end(-100, before=DAY) is None  # still sending

    await log.finish(-100, yesterday, DigestState.EMPTY, now=end)

    assert await log.last_period_end(-100, before=DAY) == end
    assert await log.last_period_end(-100, before=yesterday) is None
    assert await log.last_period_end(-200, before=DAY) is None


async def test_known_managers_follow_a_group_that_became_a_supergroup(
    db: Database,
) -> None:
    sources, subscriptions = DigestSources(db), SubscriptionRepository(db)
    await subscriptions.subscribe(-100, local_time=dt.time(8), timezone="UTC", now=NOW)
    await sources.add_managers(-100, [7, 8, 7], now=NOW)
    assert await sources.chats_of_user(8) == [-100]

    await subscriptions.move_chat(-100, -200)

    assert await sources.chats_of_user(8) == [-200]
    assert await sources.chats_of_user(7) == [-200]


async def test_old_log_rows_are_pruned_but_each_chats_latest_delivery_stays(
    db: Database,
) -> None:
    log = DigestLog(db)

    async def row(chat_id: int, days_ago: int, state: DigestState | None) -> None:
        day, at = DAY - dt.timedelta(days=days_ago), NOW - dt.timedelta(days=days_ago)
        await log.claim(chat_id, day, due_at=at, period_start=at, period_end=at, now=at)
        if state is not None:
            await log.finish(chat_id, day, state, now=at)

    for days_ago in (200, 150, 100):
        await row(-100, days_ago, DigestState.SENT)
    await row(-100, 120, DigestState.FAILED)
    await row(-100, 5, DigestState.EMPTY)
    await row(-200, 300, DigestState.SENT)  # a chat paused since: its only delivery
    await row(-200, 250, DigestState.FAILED)
    await row(-200, 180, None)  # still sending (a crash): never dropped

    gone = await log.prune(before=DAY - dt.timedelta(days=90))

    assert gone == 5
    kept = {
        (e.chat_id, (DAY - e.digest_date).days) for c in (-100, -200) for e in await log.history(c)
    }
    assert kept == {(-100, 5), (-200, 300), (-200, 180)}
    # where the paused chat's next digest starts is still known
    assert await log.last_period_end(-200, before=DAY) == NOW - dt.timedelta(days=300)
    assert await log.prune(before=DAY - dt.timedelta(days=90)) == 0


async def test_retry_bookkeeping(db: Database) -> None:
    log = DigestLog(db)
    await log.claim(-100, DAY, due_at=NOW, period_start=NOW, period_end=NOW, now=NOW)

    await log.retry_later(-100, DAY, error="timeout", retry_at=NOW + dt.timedelta(minutes=1))
    entry = await log.get(-100, DAY)
    assert entry is not None
    assert (entry.error, entry.retry_at, entry.attempts) == (
        "timeout",
        NOW + dt.timedelta(minutes=1),
        1,
    )
    assert await log.start_attempt(-100, DAY) == 2
    by_date = await log.on_dates([DAY, DAY + dt.timedelta(days=1)])
    assert list(by_date) == [(-100, DAY)]


def feed_item(guid: str, *, hours_ago: float | None = 1) -> NewFeedItem:
    published = None if hours_ago is None else NOW - dt.timedelta(hours=hours_ago)
    return NewFeedItem(guid=guid, url=f"https://e.example/{guid}", title=guid, published=published)


async def test_a_feed_is_stored_once_for_every_chat(db: Database) -> None:
    feeds = FeedRepository(db)

    a = await feeds.follow(-100, url="https://e.example/rss", title="E", now=NOW, etag='"1"')
    again = await feeds.follow(-100, url="https://e.example/rss", title="E", now=NOW)
    b = await feeds.follow(-200, url="https://e.example/rss", title="E", now=NOW)

    assert a.added
    assert not again.added
    assert b.added
    assert a.feed.id == b.feed.id
    assert a.feed.etag == '"1"'
    assert await feeds.unfollow(-100, a.feed.id)
    assert await feeds.get(a.feed.id) is not None  # -200 still follows it
    assert await feeds.unfollow(-200, a.feed.id)
    assert await feeds.get(a.feed.id) is None


async def test_at_most_twenty_feeds_per_chat(db: Database) -> None:
    feeds = FeedRepository(db)
    for n in range(20):
        await feeds.follow(-100, url=f"https://e.example/{n}.xml", title=str(n), now=NOW)

    with pytest.raises(FeedLimitError):
        await feeds.follow(-100, url="https://e.example/21.xml", title="21", now=NOW)
    # Following one it already follows is not refused.
    assert not (await feeds.follow(-100, url="https://e.example/3.xml", title="3", now=NOW)).added
    assert [f.title for f in await feeds.for_chat(-100)] == [str(n) for n in range(20)]


async def test_new_items_once_and_back_catalogue_skipped(db: Database) -> None:
    feeds = FeedRepository(db)
    feed = (await feeds.follow(-100, url="https://e.example/rss", title="E", now=NOW)).feed

    baseline = await feeds.add_items(
        feed.id,
        [feed_item("fresh"), feed_item("old", hours_ago=72), feed_item("undated", hours_ago=None)],
        now=NOW,
        skip_published_before=NOW - dt.timedelta(hours=24),
        skip_undated=True,
    )
    later = NOW + dt.timedelta(hours=1)
    second = await feeds.add_items(feed.id, [feed_item("fresh"), feed_item("next")], now=later)

    assert {i.guid: i.state for i in baseline} == {
        "fresh": ItemState.NEW,
        "old": ItemState.SKIPPED,
        "undated": ItemState.SKIPPED,
    }
    assert [i.guid for i in second] == ["next"]
    assert [i.guid for i in await feeds.pending_items()] == ["next", "fresh"]

    window = await feeds.items_for_chat(-100, since=NOW - dt.timedelta(days=1), until=later)
    assert [c.item.guid for c in window] == ["next", "fresh"]
    assert {c.feed_title for c in window} == {"E"}
    assert await feeds.items_for_chat(-200, since=NOW - dt.timedelta(days=1), until=later) == []
    only_first = await feeds.items_for_chat(-100, since=NOW - dt.timedelta(days=1), until=NOW)
    assert [c.item.guid for c in only_first] == ["fresh"]


async def test_feed_items_carry_the_cached_article(db: Database) -> None:
    feeds = FeedRepository(db)
    feed = (await feeds.follow(-100, url="https://e.example/rss", title="E", now=NOW)).feed
    (item,) = await feeds.add_items(feed.id, [feed_item("a")], now=NOW)
    data = json.dumps({"title": "A", "summary": ["One."], "quotes": []})
    await ArticleRepository(db).save(NewArticle("https://e.example/a", item.url, "A", data, NOW))
    await feeds.mark_item(item.id, ItemState.SUMMARIZED)

    (found,) = await feeds.items_for_chat(-100, since=NOW - dt.timedelta(hours=1), until=NOW)

    assert found.article_data == data
    assert found.item.state is ItemState.SUMMARIZED
    assert await feeds.pending_items() == []


async def test_polling_state_and_backoff(db: Database) -> None:
    feeds = FeedRepository(db)
    feed = (await feeds.follow(-100, url="https://e.example/rss", title="E", now=NOW)).feed
    assert [f.id for f in await feeds.due(NOW)] == [feed.id]

    soon = NOW + dt.timedelta(minutes=15)
    await feeds.record_poll(feed.id, now=NOW, next_poll_at=soon, etag='"2"', last_modified="x")
    assert await feeds.due(NOW) == []
    assert await feeds.next_poll_at() == soon
    assert await feeds.record_failure(feed.id, now=soon, next_poll_at=soon, error="503") == 1
    assert await feeds.record_failure(feed.id, now=soon, next_poll_at=soon, error="503") == 2
    stored = await feeds.get(feed.id)
    assert stored is not None
    assert (stored.etag, stored.last_modified, stored.failures) == ('"2"', "x", 2)


async def test_filters_fold_case_and_are_limited(db: Database) -> None:
    filters = FilterRepository(db)

    added = await filters.add(
        -100, FilterKind.INCLUDE, ["Brexit", "brexit", "  climate   change "], now=NOW
    )
    await filters.add(-100, FilterKind.EXCLUDE, ["football"], now=NOW)
    assert added == ["Brexit", "climate change"]
    assert await filters.add(-100, FilterKind.INCLUDE, ["BREXIT"], now=NOW) == []
    got = await filters.get(-100)
    assert (got.include, got.exclude) == (("Brexit", "climate change"), ("football",))
    assert await filters.remove(-100, FilterKind.INCLUDE, "CLIMATE CHANGE")
    assert await filters.clear(-100) == 2
    assert (await filters.get(-100)).empty
    with pytest.raises(FilterLimitError):
        await filters.add(-100, FilterKind.EXCLUDE, [f"w{n}" for n in range(51)], now=NOW)
