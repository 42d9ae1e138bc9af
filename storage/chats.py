"""Chats the bot has seen: type, title and username, kept up to date on every message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import aiosqlite

from storage.rows import execute, fetch_one
from storage.timestamps import from_db, to_db


@dataclass(frozen=True, slots=True)
class ChatRecord:
    chat_id: int
    type: str  # private, group, supergroup, channel
    title: str | None = None
    username: str | None = None
    language: str | None = None
    created_at: dt.datetime | None = None


class ChatRepository:
    """Reads and writes ``chats``; other tables refer to a chat's row."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def remember(
        self,
        chat_id: int,
        chat_type: str,
        *,
        title: str | None = None,
        username: str | None = None,
        language: str | None = None,
        now: dt.datetime,
    ) -> None:
        """Create or refresh the chat's row (known values are never wiped by unknown ones)."""
        await execute(
            self._db,
            """
            INSERT INTO chats (chat_id, type, title, username, language, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (chat_id) DO UPDATE SET
                type = excluded.type,
                title = coalesce(excluded.title, chats.title),
                username = coalesce(excluded.username, chats.username),
                language = coalesce(excluded.language, chats.language),
                updated_at = excluded.updated_at
            """,
            (chat_id, chat_type, title, username, language, to_db(now), to_db(now)),
        )
        await self._db.commit()

    async def get(self, chat_id: int) -> ChatRecord | None:
        row = await fetch_one(
            self._db,
            "SELECT chat_id, type, title, username, language, created_at FROM chats "
            "WHERE chat_id = ?",
            (chat_id,),
        )
        if row is None:
            return None
        return ChatRecord(
            chat_id=int(row["chat_id"]),
            type=row["type"],
            title=row["title"],
            username=row["username"],
            language=row["language"],
            created_at=from_db(row["created_at"]),
        )
