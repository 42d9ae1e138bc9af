"""What a digest is made of, read from the bot's own tables (chats, history, articles), and
who manages the chats that get one (``chat_managers``, migration 003).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from storage.rows import fetch_all, fetch_one
from storage.timestamps import from_db, to_db


@dataclass(frozen=True, slots=True)
class SharedArticle:
    """One share of an article in a chat, with the cached article's JSON."""

    url: str
    canonical_url: str
    title: str
    site: str | None
    language: str | None
    data: str  # ``articles.data``
    shared_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ChatProfile:
    chat_id: int
    type: str
    title: str | None = None
    username: str | None = None
    language: str | None = None
    timezone: str | None = None  # from chat_settings, when the chat has settings


class DigestSources:
    """Queries for digest candidates and the chat facts a digest's header needs."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def shared_in_chat(
        self, chat_id: int, *, since: dt.datetime, until: dt.datetime, limit: int = 500
    ) -> list[SharedArticle]:
        """Articles shared in the chat in ``(since, until]``, newest first (one row per share)."""
        rows = await fetch_all(
            self._db,
            """
            SELECT a.url, a.canonical_url, a.title, a.site, a.language, a.data, h.shared_at
            FROM history h JOIN articles a ON a.id = h.article_id
            WHERE h.chat_id = ? AND h.shared_at > ? AND h.shared_at <= ?
            ORDER BY h.shared_at DESC, h.id DESC
            LIMIT ?
            """,
            (chat_id, to_db(since), to_db(until), limit),
        )
        return [
            SharedArticle(
                url=r["url"],
                canonical_url=r["canonical_url"],
                title=r["title"],
                site=r["site"],
                language=r["language"],
                data=r["data"],
                shared_at=from_db(r["shared_at"]),
            )
            for r in rows
        ]

    async def chat(self, chat_id: int) -> ChatProfile | None:
        row = await fetch_one(
            self._db,
            """
            SELECT c.chat_id, c.type, c.title, c.username, c.language, s.timezone
            FROM chats c LEFT JOIN chat_settings s ON s.chat_id = c.chat_id
            WHERE c.chat_id = ?
            """,
            (chat_id,),
        )
        if row is None:
            return None
        return ChatProfile(
            chat_id=int(row["chat_id"]),
            type=row["type"],
            title=row["title"],
            username=row["username"],
            language=row["language"],
            timezone=row["timezone"],
        )

    async def chats_of_user(self, user_id: int, limit: int = 50) -> list[int]:
        """Subscribed chats this user set up, is known to manage, or shared links in: the
        chats /subscriptions asks Telegram about."""
        rows = await fetch_all(
            self._db,
            """
            SELECT chat_id FROM subscriptions WHERE created_by = ?
            UNION
            SELECT m.chat_id FROM chat_managers m JOIN subscriptions s ON s.chat_id = m.chat_id
            WHERE m.user_id = ?
            UNION
            SELECT DISTINCT h.chat_id FROM history h JOIN subscriptions s ON s.chat_id = h.chat_id
            WHERE h.shared_by_id = ?
            LIMIT ?
            """,
            (user_id, user_id, user_id, limit),
        )
        return [int(r[0]) for r in rows]

    async def add_managers(
        self, chat_id: int, user_ids: Iterable[int], *, now: dt.datetime
    ) -> None:
        """Remember that these users administer the chat (see ``chats_of_user``)."""
        await self._db.executemany(
            "INSERT INTO chat_managers (chat_id, user_id, seen_at) VALUES (?, ?, ?) "
            "ON CONFLICT (chat_id, user_id) DO UPDATE SET seen_at = excluded.seen_at",
            [(chat_id, user_id, to_db(now)) for user_id in dict.fromkeys(user_ids)],
        )
        await self._db.commit()
