"""Digest subscriptions: one daily schedule per chat."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import aiosqlite

from storage.rows import execute, fetch_all, fetch_one
from storage.timestamps import from_db, to_db


@dataclass(frozen=True, slots=True)
class Subscription:
    """A chat's daily digest schedule (times are wall-clock in ``timezone``)."""

    chat_id: int
    local_time: dt.time
    timezone: str
    thread_id: int | None = None
    max_stories: int = 10
    send_empty: bool = False
    active: bool = True
    paused_reason: str | None = None
    created_by: int | None = None
    starts_at: dt.datetime = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # slots before are not owed
    updated_at: dt.datetime = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


_COLUMNS = (
    "chat_id, thread_id, local_time, timezone, max_stories, send_empty, active, paused_reason, "
    "created_by, starts_at, updated_at"
)


def _row(row: aiosqlite.Row) -> Subscription:
    return Subscription(
        chat_id=int(row["chat_id"]),
        thread_id=row["thread_id"],
        local_time=dt.time.fromisoformat(row["local_time"]),
        timezone=row["timezone"],
        max_stories=int(row["max_stories"]),
        send_empty=bool(row["send_empty"]),
        active=bool(row["active"]),
        paused_reason=row["paused_reason"],
        created_by=row["created_by"],
        starts_at=from_db(row["starts_at"]),
        updated_at=from_db(row["updated_at"]),
    )


class SubscriptionRepository:
    """Reads and writes ``subscriptions``. The chat's row in ``chats`` must exist."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def subscribe(
        self,
        chat_id: int,
        *,
        local_time: dt.time,
        timezone: str,
        now: dt.datetime,
        thread_id: int | None = None,
        created_by: int | None = None,
        max_stories: int = 10,
        send_empty: bool = False,
    ) -> Subscription:
        """Create or replace the chat's schedule and make it active from ``now`` on.

        A slot already past when subscribing is not owed: ``starts_at`` is ``now``.
        """
        stamp = to_db(now)
        await execute(
            self._db,
            """
            INSERT INTO subscriptions (chat_id, thread_id, local_time, timezone, max_stories,
                                       send_empty, active, paused_reason, created_by, starts_at,
                                       updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 1, NULL, ?, ?, ?)
            ON CONFLICT (chat_id) DO UPDATE SET
                thread_id = excluded.thread_id, local_time = excluded.local_time,
                timezone = excluded.timezone, max_stories = excluded.max_stories,
                send_empty = excluded.send_empty, active = 1, paused_reason = NULL,
                created_by = excluded.created_by, starts_at = excluded.starts_at,
                updated_at = excluded.updated_at
            """,
            (
                chat_id,
                thread_id,
                local_time.strftime("%H:%M"),
                timezone,
                max_stories,
                int(send_empty),
                created_by,
                stamp,
                stamp,
            ),
        )
        await self._db.commit()
        subscription = await self.get(chat_id)
        assert subscription is not None
        return subscription

    async def get(self, chat_id: int) -> Subscription | None:
        row = await fetch_one(
            self._db, f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ?", (chat_id,)
        )
        return _row(row) if row else None

    async def unsubscribe(self, chat_id: int) -> bool:
        """Delete the chat's schedule; whether there was one."""
        changed = await execute(self._db, "DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
        await self._db.commit()
        return changed > 0

    async def pause(self, chat_id: int, reason: str, *, now: dt.datetime) -> bool:
        """Stop an active schedule (the bot was removed, or may no longer post); whether it was."""
        changed = await execute(
            self._db,
            "UPDATE subscriptions SET active = 0, paused_reason = ?, updated_at = ? "
            "WHERE chat_id = ? AND active = 1",
            (reason, to_db(now), chat_id),
        )
        await self._db.commit()
        return changed > 0

    async def resume(self, chat_id: int, *, now: dt.datetime) -> bool:
        """Restart a schedule that was paused (the bot is back); whether there was one."""
        changed = await execute(
            self._db,
            "UPDATE subscriptions SET active = 1, paused_reason = NULL, updated_at = ? "
            "WHERE chat_id = ? AND active = 0 AND paused_reason IS NOT NULL",
            (to_db(now), chat_id),
        )
        await self._db.commit()
        return changed > 0

    async def active(self) -> list[Subscription]:
        """Every active schedule."""
        rows = await fetch_all(
            self._db, f"SELECT {_COLUMNS} FROM subscriptions WHERE active = 1 ORDER BY chat_id"
        )
        return [_row(r) for r in rows]

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup (a new id): its schedule, feeds, filters and known
        managers follow it.

        The new chat's row in ``chats`` must exist. What the new id already has is kept.
        """
        for table in ("subscriptions", "chat_feeds", "chat_filters", "chat_managers"):
            await execute(
                self._db,
                f"UPDATE OR IGNORE {table} SET chat_id = ? WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            await execute(self._db, f"DELETE FROM {table} WHERE chat_id = ?", (old_chat_id,))
        await self._db.commit()
