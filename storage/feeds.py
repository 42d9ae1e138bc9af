"""Feeds followed by chats, their polling state, and the items seen in them.

A feed is stored once whatever number of chats follow it, and polled once; it is deleted when
the last chat stops following it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from errors import NewsbotError
from storage.rows import execute, fetch_all, fetch_one
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


_FEED_COLUMNS = (
    "f.id, f.url, f.title, f.site_url, f.etag, f.last_modified, f.next_poll_at, "
    "f.last_polled_at, f.failures, f.last_error"
)
_ITEM_COLUMNS = (
    "i.id, i.feed_id, i.guid, i.url, i.title, i.summary, i.published, i.first_seen_at, i.state"
)


def _feed(row: aiosqlite.Row) -> FeedRecord:
    return FeedRecord(
        id=int(row["id"]),
        url=row["url"],
        title=row["title"],
        site_url=row["site_url"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        next_poll_at=maybe_from_db(row["next_poll_at"]),
        last_polled_at=maybe_from_db(row["last_polled_at"]),
        failures=int(row["failures"]),
        last_error=row["last_error"],
    )


def _item(row: aiosqlite.Row) -> FeedItem:
    return FeedItem(
        id=int(row["id"]),
        feed_id=int(row["feed_id"]),
        guid=row["guid"],
        url=row["url"],
        title=row["title"],
        summary=row["summary"],
        published=maybe_from_db(row["published"]),
        first_seen_at=from_db(row["first_seen_at"]),
        state=ItemState(row["state"]),
    )


class FeedRepository:
    """Reads and writes ``feeds``, ``chat_feeds`` and ``feed_items``."""

    def __init__(self, db: aiosqlite.Connection) -> None:
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
        if existing is None:
            await execute(
                self._db,
                """
                INSERT INTO feeds (url, title, site_url, etag, last_modified, next_poll_at,
                                   last_polled_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (url) DO NOTHING
                """,
                (url, title, site_url, etag, last_modified, stamp, stamp, stamp),
            )
            existing = await self._feed_by_url(url)
            assert existing is not None
        await execute(
            self._db,
            "INSERT INTO chat_feeds (chat_id, feed_id, added_by, added_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (chat_id, existing.id, added_by, stamp),
        )
        await self._db.commit()
        return AddedFeed(existing, added=True)

    async def unfollow(self, chat_id: int, feed_id: int) -> bool:
        """Stop following; a feed nobody follows any more is deleted with its items."""
        changed = await execute(
            self._db, "DELETE FROM chat_feeds WHERE chat_id = ? AND feed_id = ?", (chat_id, feed_id)
        )
        await execute(
            self._db,
            "DELETE FROM feeds WHERE id = ? AND NOT EXISTS "
            "(SELECT 1 FROM chat_feeds WHERE feed_id = ?)",
            (feed_id, feed_id),
        )
        await self._db.commit()
        return changed > 0

    async def for_chat(self, chat_id: int) -> list[FeedRecord]:
        """The chat's feeds in the order they were added (``/feed list`` numbers them so)."""
        rows = await fetch_all(
            self._db,
            f"""
            SELECT {_FEED_COLUMNS} FROM feeds f JOIN chat_feeds c ON c.feed_id = f.id
            WHERE c.chat_id = ? ORDER BY c.added_at, f.id
            """,
            (chat_id,),
        )
        return [_feed(r) for r in rows]

    async def count_for_chat(self, chat_id: int) -> int:
        row = await fetch_one(
            self._db, "SELECT count(*) FROM chat_feeds WHERE chat_id = ?", (chat_id,)
        )
        return int(row[0]) if row else 0

    async def get(self, feed_id: int) -> FeedRecord | None:
        row = await fetch_one(
            self._db, f"SELECT {_FEED_COLUMNS} FROM feeds f WHERE f.id = ?", (feed_id,)
        )
        return _feed(row) if row else None

    async def _feed_by_url(self, url: str) -> FeedRecord | None:
        row = await fetch_one(
            self._db, f"SELECT {_FEED_COLUMNS} FROM feeds f WHERE f.url = ?", (url,)
        )
        return _feed(row) if row else None

    async def _follows(self, chat_id: int, feed_id: int) -> bool:
        return (
            await fetch_one(
                self._db,
                "SELECT 1 FROM chat_feeds WHERE chat_id = ? AND feed_id = ?",
                (chat_id, feed_id),
            )
            is not None
        )

    # --- polling -----------------------------------------------------------------------------

    async def due(self, now: dt.datetime, limit: int = 50) -> list[FeedRecord]:
        """Feeds whose next poll is due, most overdue first."""
        rows = await fetch_all(
            self._db,
            f"SELECT {_FEED_COLUMNS} FROM feeds f WHERE f.next_poll_at <= ? "
            "ORDER BY f.next_poll_at LIMIT ?",
            (to_db(now), limit),
        )
        return [_feed(r) for r in rows]

    async def next_poll_at(self) -> dt.datetime | None:
        row = await fetch_one(self._db, "SELECT min(next_poll_at) FROM feeds")
        return maybe_from_db(row[0]) if row else None

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
        await execute(
            self._db,
            """
            UPDATE feeds SET etag = ?, last_modified = ?, title = coalesce(?, title),
                   last_polled_at = ?, next_poll_at = ?, failures = 0, last_error = NULL
            WHERE id = ?
            """,
            (etag, last_modified, title, to_db(now), to_db(next_poll_at), feed_id),
        )
        await self._db.commit()

    async def record_failure(
        self, feed_id: int, *, now: dt.datetime, next_poll_at: dt.datetime, error: str
    ) -> int:
        """A failed poll; the number of failures in a row."""
        await execute(
            self._db,
            """
            UPDATE feeds SET failures = failures + 1, last_error = ?, last_polled_at = ?,
                   next_poll_at = ?
            WHERE id = ?
            """,
            (error[:500], to_db(now), to_db(next_poll_at), feed_id),
        )
        await self._db.commit()
        feed = await self.get(feed_id)
        return feed.failures if feed else 0

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
        new_ids: list[int] = []
        for entry in items:
            state = ItemState.NEW
            if entry.published is None:
                if skip_undated:
                    state = ItemState.SKIPPED
            elif skip_published_before is not None and entry.published < skip_published_before:
                state = ItemState.SKIPPED
            row = await fetch_one(
                self._db,
                """
                INSERT INTO feed_items (feed_id, guid, url, title, summary, published,
                                        first_seen_at, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (feed_id, guid) DO NOTHING
                RETURNING id
                """,
                (
                    feed_id,
                    entry.guid,
                    entry.url,
                    entry.title,
                    entry.summary,
                    to_db(entry.published) if entry.published else None,
                    stamp,
                    state.value,
                ),
            )
            if row is not None:
                new_ids.append(int(row[0]))
        await self._db.commit()
        return await self._items(new_ids)

    async def _items(self, ids: Sequence[int]) -> list[FeedItem]:
        found: list[FeedItem] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ", ".join("?" for _ in chunk)
            rows = await fetch_all(
                self._db,
                f"SELECT {_ITEM_COLUMNS} FROM feed_items i WHERE i.id IN ({marks}) ORDER BY i.id",
                chunk,
            )
            found.extend(_item(r) for r in rows)
        return found

    async def pending_items(self, limit: int = 20) -> list[FeedItem]:
        """Items waiting to be summarised ahead of time, newest first."""
        rows = await fetch_all(
            self._db,
            f"SELECT {_ITEM_COLUMNS} FROM feed_items i WHERE i.state = 'new' "
            "ORDER BY i.first_seen_at DESC, i.id DESC LIMIT ?",
            (limit,),
        )
        return [_item(r) for r in rows]

    async def mark_item(self, item_id: int, state: ItemState) -> None:
        await execute(
            self._db, "UPDATE feed_items SET state = ? WHERE id = ?", (state.value, item_id)
        )
        await self._db.commit()

    async def items_for_chat(
        self, chat_id: int, *, since: dt.datetime, until: dt.datetime
    ) -> list[ChatFeedItem]:
        """Items first seen in ``(since, until]`` in the chat's feeds, with cached articles."""
        rows = await fetch_all(
            self._db,
            f"""
            SELECT {_ITEM_COLUMNS}, f.title AS feed_title,
                   (SELECT a.data FROM article_urls u JOIN articles a ON a.id = u.article_id
                    WHERE u.url = i.url) AS article_data
            FROM chat_feeds c
            JOIN feeds f ON f.id = c.feed_id
            JOIN feed_items i ON i.feed_id = c.feed_id
            WHERE c.chat_id = ? AND i.state != 'skipped'
              AND i.first_seen_at > ? AND i.first_seen_at <= ?
            ORDER BY i.first_seen_at DESC, i.id DESC
            """,
            (chat_id, to_db(since), to_db(until)),
        )
        return [
            ChatFeedItem(item=_item(r), feed_title=r["feed_title"], article_data=r["article_data"])
            for r in rows
        ]

    async def prune_items(self, *, older_than: dt.datetime) -> int:
        """Forget items first seen before ``older_than``; how many went.

        A dated item that a feed still lists comes back as ``skipped`` (polls skip items
        published long ago), so pruning cannot put an old story into a digest.
        """
        changed = await execute(
            self._db, "DELETE FROM feed_items WHERE first_seen_at < ?", (to_db(older_than),)
        )
        await self._db.commit()
        return changed
