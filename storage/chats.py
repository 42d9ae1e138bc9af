"""Chats the bot has seen: type, title and username, kept up to date on every message."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import sqlalchemy as sa

from storage.database import Database, insert_for
from storage.schema import chats
from storage.timestamps import from_db, to_db


@dataclass(frozen=True, slots=True)
class ChatRecord:
    chat_id: int
    type: str  # private, group, supergroup, channel
    title: str | None = None
    username: str | None = None
    language: str | None = None
    created_at: dt.datetime | None = None


c = chats.c
_GET = sa.select(c.chat_id, c.type, c.title, c.username, c.language, c.created_at).where(
    c.chat_id == sa.bindparam("chat_id")
)


@functools.cache
def _remember(dialect: str) -> sa.Executable:
    insert = insert_for(dialect, chats)
    new = insert.excluded
    return insert.on_conflict_do_update(
        index_elements=[c.chat_id],
        set_={
            "type": new.type,
            "title": sa.func.coalesce(new.title, c.title),
            "username": sa.func.coalesce(new.username, c.username),
            "language": sa.func.coalesce(new.language, c.language),
            "updated_at": new.updated_at,
        },
    )


class ChatRepository:
    """Reads and writes ``chats``; other tables refer to a chat's row."""

    def __init__(self, db: Database) -> None:
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
        await self._db.execute(
            _remember(self._db.dialect),
            {
                "chat_id": chat_id,
                "type": chat_type,
                "title": title,
                "username": username,
                "language": language,
                "created_at": to_db(now),
                "updated_at": to_db(now),
            },
        )

    async def get(self, chat_id: int) -> ChatRecord | None:
        row = await self._db.fetch_one(_GET, {"chat_id": chat_id})
        if row is None:
            return None
        return ChatRecord(
            chat_id=int(row.chat_id),
            type=row.type,
            title=row.title,
            username=row.username,
            language=row.language,
            created_at=from_db(row.created_at),
        )
