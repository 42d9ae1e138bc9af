"""Per-chat history: every article shared in a chat, who shared it, and the bot's reply.

Entries are numbered per chat, newest first: 1 is the latest (``/summary 1``). The history of
a chat is bounded: adding an entry beyond ``limit`` drops the oldest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import aiosqlite

from storage.rows import execute, fetch_all, fetch_one
from storage.timestamps import from_db, to_db

DEFAULT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One share, joined with the cached article's headline facts."""

    id: int
    chat_id: int
    article_id: int
    title: str
    site: str | None
    canonical_url: str
    url: str  # as shared (or the article's URL when the share had none)
    published: dt.date | None
    shared_by_id: int | None
    shared_by_name: str | None
    message_id: int | None
    reply_message_id: int | None
    thread_id: int | None
    shared_at: dt.datetime


@dataclass(frozen=True, slots=True)
class NewShare:
    chat_id: int
    article_id: int
    shared_at: dt.datetime
    url: str | None = None
    shared_by_id: int | None = None
    shared_by_name: str | None = None
    message_id: int | None = None
    thread_id: int | None = None


@dataclass(frozen=True, slots=True)
class HistoryPage:
    entries: list[HistoryEntry]
    first_number: int  # the number of entries[0] (1 for the newest)
    total: int


_SELECT = """
    SELECT h.id, h.chat_id, h.article_id, a.title, a.site, a.canonical_url,
           coalesce(h.url, a.url) AS url, a.published, h.shared_by_id, h.shared_by_name,
           h.message_id, h.reply_message_id, h.thread_id, h.shared_at
    FROM history h JOIN articles a ON a.id = h.article_id
"""
_NEWEST_FIRST = "ORDER BY h.shared_at DESC, h.id DESC"


def _entry(row: aiosqlite.Row) -> HistoryEntry:
    published = row["published"]
    return HistoryEntry(
        id=int(row["id"]),
        chat_id=int(row["chat_id"]),
        article_id=int(row["article_id"]),
        title=row["title"],
        site=row["site"],
        canonical_url=row["canonical_url"],
        url=row["url"],
        published=dt.date.fromisoformat(published) if published else None,
        shared_by_id=row["shared_by_id"],
        shared_by_name=row["shared_by_name"],
        message_id=row["message_id"],
        reply_message_id=row["reply_message_id"],
        thread_id=row["thread_id"],
        shared_at=from_db(row["shared_at"]),
    )


class HistoryRepository:
    """Reads and writes ``history``. The chat's row in ``chats`` must exist to add."""

    def __init__(self, db: aiosqlite.Connection, *, limit: int = DEFAULT_LIMIT) -> None:
        self._db = db
        self.limit = limit

    async def add(self, share: NewShare) -> int:
        """Record a share; drop the chat's oldest entries beyond the limit. Returns its id.

        The same article asked for again from the same message (a mention, then ``/summary`` as
        a reply to it) is one share: its entry moves to the top instead of appearing twice."""
        if share.message_id is not None:
            again = await fetch_one(
                self._db,
                """
                UPDATE history SET shared_at = ?
                WHERE id = (SELECT id FROM history
                            WHERE chat_id = ? AND article_id = ? AND message_id = ?
                            ORDER BY id DESC LIMIT 1)
                RETURNING id
                """,
                (to_db(share.shared_at), share.chat_id, share.article_id, share.message_id),
            )
            if again is not None:
                await self._db.commit()
                return int(again[0])
        row = await fetch_one(
            self._db,
            """
            INSERT INTO history (chat_id, article_id, url, shared_by_id, shared_by_name,
                                 message_id, thread_id, shared_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """,
            (
                share.chat_id,
                share.article_id,
                share.url,
                share.shared_by_id,
                share.shared_by_name,
                share.message_id,
                share.thread_id,
                to_db(share.shared_at),
            ),
        )
        assert row is not None
        await execute(
            self._db,
            f"""
            DELETE FROM history WHERE chat_id = ? AND id NOT IN (
                SELECT h.id FROM history h WHERE h.chat_id = ? {_NEWEST_FIRST} LIMIT ?)
            """,
            (share.chat_id, share.chat_id, self.limit),
        )
        await self._db.commit()
        return int(row[0])

    async def set_reply(self, entry_id: int, reply_message_id: int) -> None:
        """The bot's summary message for this share (so replies to it find the article)."""
        await execute(
            self._db,
            "UPDATE history SET reply_message_id = ? WHERE id = ?",
            (reply_message_id, entry_id),
        )
        await self._db.commit()

    async def count(self, chat_id: int) -> int:
        row = await fetch_one(
            self._db, "SELECT count(*) FROM history WHERE chat_id = ?", (chat_id,)
        )
        return int(row[0]) if row else 0

    async def page(self, chat_id: int, *, offset: int = 0, size: int = 10) -> HistoryPage:
        """Entries ``offset+1 .. offset+size`` counting from the newest."""
        rows = await fetch_all(
            self._db,
            f"{_SELECT} WHERE h.chat_id = ? {_NEWEST_FIRST} LIMIT ? OFFSET ?",
            (chat_id, size, offset),
        )
        return HistoryPage(
            entries=[_entry(r) for r in rows],
            first_number=offset + 1,
            total=await self.count(chat_id),
        )

    async def nth(self, chat_id: int, number: int) -> HistoryEntry | None:
        """Entry ``number`` (1 = the newest), or None."""
        if number < 1:
            return None
        page = await self.page(chat_id, offset=number - 1, size=1)
        return page.entries[0] if page.entries else None

    async def number_of(self, entry: HistoryEntry) -> int:
        """The entry's number in its chat's history (1 = the newest)."""
        row = await fetch_one(
            self._db,
            """
            SELECT count(*) FROM history
            WHERE chat_id = ? AND (shared_at > ? OR (shared_at = ? AND id > ?))
            """,
            (entry.chat_id, to_db(entry.shared_at), to_db(entry.shared_at), entry.id),
        )
        return (int(row[0]) if row else 0) + 1

    async def holds(self, chat_id: int, article_id: int) -> bool:
        """Whether the chat's history has the article: what its buttons may reach."""
        row = await fetch_one(
            self._db,
            "SELECT 1 FROM history WHERE chat_id = ? AND article_id = ? LIMIT 1",
            (chat_id, article_id),
        )
        return row is not None

    async def latest(self, chat_id: int) -> HistoryEntry | None:
        return await self.nth(chat_id, 1)

    async def by_message(self, chat_id: int, message_id: int) -> HistoryEntry | None:
        """The share made by this message, or answered by this bot message."""
        row = await fetch_one(
            self._db,
            f"{_SELECT} WHERE h.chat_id = ? AND (h.reply_message_id = ? OR h.message_id = ?) "
            f"{_NEWEST_FIRST} LIMIT 1",
            (chat_id, message_id, message_id),
        )
        return _entry(row) if row is not None else None

    async def forget(self, chat_id: int) -> int:
        """Delete the chat's whole history; return how many entries."""
        removed = await execute(self._db, "DELETE FROM history WHERE chat_id = ?", (chat_id,))
        await self._db.commit()
        return removed
