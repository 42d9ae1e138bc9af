"""Feeds followed by chats, their polling state, and the items seen in them.

A feed is stored once whatever number of chats follow it, and polled once; it is deleted when
the last chat stops following it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from errors import NewsbotError
from storage.database import Database
from storage.schema import article_urls, articles, chat_feeds, feed_items, feeds
from storage.timestamps import from_db, maybe_from_db, to_db

MAX_FEEDS_PER_CHAT = 20


class FeedLimitError(NewsbotError):
    """The chat already follows the most feeds allowed."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"a chat may follow at most {limit} feeds")


class ItemState(StrEnum):
    NEW = "new"  # waiting to be summarised ahead of time
    SUMMARIZED = "summarised"  # in the article cache
    FAILED = "failed"  # could not be summarised: the digest uses the feed's own blurb
    SKIPPED = "skipped"  # already old when the feed was added: never in a digest


@dataclass(frozen=True, slots=True)
class FeedRecord:
    id: int
    url: str
    title: str
    site_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    next_poll_at: dt.datetime | None = None
    last_polled_at: dt.datetime | None = None
    failures: int = 0
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class NewFeedItem:
    """An entry as read from the feed, to be stored if not seen before."""

    guid: str
    url: str
    title: str
    summary: str = ""
    published: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class FeedItem:
    id: int
    feed_id: int
    guid: str
    url: str
    title: str
    summary: str
    published: dt.datetime | None
    first_seen_at: dt.datetime
    state: ItemState


@dataclass(frozen=True, slots=True)
class ChatFeedItem:
    """A feed item for a chat's digest, with the cached article's JSON when summarised."""

    item: FeedItem
    feed_title: str
    article_data: str | None  # ``articles.data`` of the page, when in the cache


@dataclass(frozen=True, slots=True)
class AddedFeed:
    feed: FeedRecord
    added: bool  # False when the chat already followed it


f, i, cf = feeds.c, feed_items.c, chat_feeds.c
_FEEDS = sa.select(
    f.id, f.url, f.title, f.site_url, f.etag, f.last_modified, f.next_poll_at, f.last_polled_at,
    f.failures, f.last_error,
)  # fmt: skip
_ITEM_COLUMNS = (
    i.id, i.feed_id, i.guid, i.url, i.title, i.summary, i.published, i.first_seen_at, i.state
)  # fmt: skip


def _feed(row: sa.Row[Any]) -> FeedRecord:
    return FeedRecord(
        id=int(row.id),
        url=row.url,
        title=row.title,
        site_url=row.site_url,
        etag=row.etag,
        last_modified=row.last_modified,
        next_poll_at=maybe_from_db(row.next_poll_at),
        last_polled_at=maybe_from_db(row.last_polled_at),
        failures=int(row.failures),
        last_error=row.last_error,
    )


def _item(row: sa.Row[Any]) -> FeedItem:
    return FeedItem(
        id=int(row.id),
        feed_id=int(row.feed_id),
        guid=row.guid,
        url=row.url,
        title=row.title,
        summary=row.summary,
        published=maybe_from_db(row.published),
        first_seen_at=from_db(row.first_seen_at),
        state=ItemState(row.state),
    )


class FeedRepository:
    """Reads and writes ``feeds``, ``chat_feeds`` and ``feed_items``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # --- following ---------------------------------------------------------------------------

    async def follow(
        self,
        chat_id: int,
        *,
        url: str,
        title: str,
        now: dt.datetime,
        site_url: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        added_by: int | None = None,
        limit: int = MAX_FEEDS_PER_CHAT,
    ) -> AddedFeed:
        """Make the chat follow the feed at ``url`` (stored once for every chat).

        Raises :class:`FeedLimitError` when the chat already follows ``limit`` feeds.
        """
        stamp = to_db(now)
        existing = await self._feed_by_url(url)
        if existing is not None and await self._follows(chat_id, existing.id):
            return AddedFeed(existing, added=False)
        if await self.count_for_chat(chat_id) >= limit:
            raise FeedLimitError(limit)
        new_feed = (
            self._db.insert(feeds)
            .values(
                url=url,
                title=title,
                site_url=site_url,
                etag=etag,
                last_modified=last_modified,
                next_poll_at=stamp,
                last_polled_at=stamp,
                created_at=stamp,
            )
            .on_conflict_do_nothing(index_elements=[f.url])
        )
        known = existing

        def follow(conn: sa.Connection) -> FeedRecord:
            feed = known
            if feed is None:
                conn.execute(new_feed)
                feed = _feed(conn.execute(_FEEDS.where(f.url == url)).one())
            conn.execute(
                self._db.insert(chat_feeds)
                .values(chat_id=chat_id, feed_id=feed.id, added_by=added_by, added_at=stamp)
                .on_conflict_do_nothing()
            )
            return feed

        return AddedFeed(await self._db.run(follow), added=True)

    async def unfollow(self, chat_id: int, feed_id: int) -> bool:
        """Stop following; a feed nobody follows any more is deleted with its items."""
        followed = sa.select(cf.chat_id).where(cf.feed_id == feed_id)

        def unfollow(conn: sa.Connection) -> int:
            changed = conn.execute(
                sa.delete(chat_feeds).where(cf.chat_id == chat_id, cf.feed_id == feed_id)
            ).rowcount
            conn.execute(sa.delete(feeds).where(f.id == feed_id, ~followed.exists()))
            return changed

        return await self._db.run(unfollow) > 0

    async def for_chat(self, chat_id: int) -> list[FeedRecord]:
        """The chat's feeds in the order they were added (``/feed list`` numbers them so)."""
        rows = await self._db.fetch_all(
            _FEEDS.join_from(feeds, chat_feeds, cf.feed_id == f.id)
            .where(cf.chat_id == chat_id)
            .order_by(cf.added_at, f.id)
        )
        return [_feed(r) for r in rows]

    async def count_for_chat(self, chat_id: int) -> int:
        found = await self._db.scalar(
            sa.select(sa.func.count()).select_from(chat_feeds).where(cf.chat_id == chat_id)
        )
        return int(found or 0)

    async def get(self, feed_id: int) -> FeedRecord | None:
        row = await self._db.fetch_one(_FEEDS.where(f.id == feed_id))
        return _feed(row) if row else None

    async def _feed_by_url(self, url: str) -> FeedRecord | None:
        row = await self._db.fetch_one(_FEEDS.where(f.url == url))
        return _feed(row) if row else None

    async def _follows(self, chat_id: int, feed_id: int) -> bool:
        found = await self._db.fetch_one(
            sa.select(cf.chat_id).where(cf.chat_id == chat_id, cf.feed_id == feed_id)
        )
        return found is not None

    # --- polling -----------------------------------------------------------------------------

    async def due(self, now: dt.datetime, limit: int = 50) -> list[FeedRecord]:
        """Feeds whose next poll is due, most overdue first."""
        rows = await self._db.fetch_all(
            _FEEDS.where(f.next_poll_at <= to_db(now)).order_by(f.next_poll_at).limit(limit)
        )
        return [_feed(r) for r in rows]

    async def next_poll_at(self) -> dt.datetime | None:
        return maybe_from_db(await self._db.scalar(sa.select(sa.func.min(f.next_poll_at))))

    async def record_poll(
        self,
        feed_id: int,
        *,
        now: dt.datetime,
        next_poll_at: dt.datetime,
        etag: str | None,
        last_modified: str | None,
        title: str | None = None,
    ) -> None:
        """A successful poll (200 or 304): keep the validators, reset the failure count."""
        await self._db.execute(
            sa.update(feeds)
            .where(f.id == feed_id)
            .values(
                etag=etag,
                last_modified=last_modified,
                title=sa.func.coalesce(title, f.title),
                last_polled_at=to_db(now),
                next_poll_at=to_db(next_poll_at),
                failures=0,
                last_error=None,
            )
        )

    async def record_failure(
        self, feed_id: int, *, now: dt.datetime, next_poll_at: dt.datetime, error: str
    ) -> int:
        """A failed poll; the number of failures in a row."""
        row = await self._db.write_one(
            sa.update(feeds)
            .where(f.id == feed_id)
            .values(
                failures=f.failures + 1,
                last_error=error[:500],
                last_polled_at=to_db(now),
                next_poll_at=to_db(next_poll_at),
            )
            .returning(f.failures)
        )
        return int(row.failures) if row else 0

    # --- items -------------------------------------------------------------------------------

    async def add_items(
        self,
        feed_id: int,
        items: Sequence[NewFeedItem],
        *,
        now: dt.datetime,
        skip_published_before: dt.datetime | None = None,
        skip_undated: bool = False,
    ) -> list[FeedItem]:
        """Store the items not seen before; return those (they are new).

        Items published before ``skip_published_before`` (and, with ``skip_undated``, items
        without a date) are stored as ``skipped``: a feed's back catalogue, read when the feed
        is added, must not flood the next digest.
        """
        stamp = to_db(now)
        statements = []
        for entry in items:
            state = ItemState.NEW
            if entry.published is None:
                if skip_undated:
                    state = ItemState.SKIPPED
            elif skip_published_before is not None and entry.published < skip_published_before:
                state = ItemState.SKIPPED
            statements.append(
                self._db.insert(feed_items)
                .values(
                    feed_id=feed_id,
                    guid=entry.guid,
                    url=entry.url,
                    title=entry.title,
                    summary=entry.summary,
                    published=to_db(entry.published) if entry.published else None,
                    first_seen_at=stamp,
                    state=state.value,
                )
                .on_conflict_do_nothing(index_elements=[i.feed_id, i.guid])
                .returning(*_ITEM_COLUMNS)
            )

        def add(conn: sa.Connection) -> list[sa.Row[Any]]:
            found = (conn.execute(statement).first() for statement in statements)
            return [row for row in found if row is not None]

        return sorted((_item(row) for row in await self._db.run(add)), key=lambda it: it.id)

    async def pending_items(self, limit: int = 20) -> list[FeedItem]:
        """Items waiting to be summarised ahead of time, newest first."""
        rows = await self._db.fetch_all(
            sa.select(*_ITEM_COLUMNS)
            .where(i.state == ItemState.NEW.value)
            .order_by(i.first_seen_at.desc(), i.id.desc())
            .limit(limit)
        )
        return [_item(r) for r in rows]

    async def mark_item(self, item_id: int, state: ItemState) -> None:
        await self._db.execute(
            sa.update(feed_items).where(i.id == item_id).values(state=state.value)
        )

    async def items_for_chat(
        self, chat_id: int, *, since: dt.datetime, until: dt.datetime
    ) -> list[ChatFeedItem]:
        """Items first seen in ``(since, until]`` in the chat's feeds, with cached articles."""
        u, a = article_urls.c, articles.c
        cached = (
            sa.select(a.data)
            .join_from(article_urls, articles, a.id == u.article_id)
            .where(u.url == i.url)
            .scalar_subquery()
            .label("article_data")
        )
        rows = await self._db.fetch_all(
            sa.select(*_ITEM_COLUMNS, f.title.label("feed_title"), cached)
            .select_from(chat_feeds)
            .join(feeds, f.id == cf.feed_id)
            .join(feed_items, i.feed_id == cf.feed_id)
            .where(
                cf.chat_id == chat_id,
                i.state != ItemState.SKIPPED.value,
                i.first_seen_at > to_db(since),
                i.first_seen_at <= to_db(until),
            )
            .order_by(i.first_seen_at.desc(), i.id.desc())
        )
        return [
            ChatFeedItem(item=_item(r), feed_title=r.feed_title, article_data=r.article_data)
            for r in rows
        ]

    async def prune_items(self, *, older_than: dt.datetime) -> int:
        """Forget items first seen before ``older_than``; how many went.

        A dated item that a feed still lists comes back as ``skipped`` (polls skip items
        published long ago), so pruning cannot put an old story into a digest.
        """
        return await self._db.execute(
            sa.delete(feed_items).where(i.first_seen_at < to_db(older_than))
        )
