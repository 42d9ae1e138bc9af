"""Digest subscriptions: one daily schedule per chat."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from storage.database import Database
from storage.schema import chat_feeds, chat_filters, chat_managers, subscriptions
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


s = subscriptions.c
_SELECT = sa.select(
    s.chat_id, s.thread_id, s.local_time, s.timezone, s.max_stories, s.send_empty, s.active,
    s.paused_reason, s.created_by, s.starts_at, s.updated_at,
)  # fmt: skip


def _row(row: sa.Row[Any]) -> Subscription:
    return Subscription(
        chat_id=int(row.chat_id),
        thread_id=row.thread_id,
        local_time=dt.time.fromisoformat(row.local_time),
        timezone=row.timezone,
        max_stories=int(row.max_stories),
        send_empty=bool(row.send_empty),
        active=bool(row.active),
        paused_reason=row.paused_reason,
        created_by=row.created_by,
        starts_at=from_db(row.starts_at),
        updated_at=from_db(row.updated_at),
    )


# What follows a chat to its new id (a group that became a supergroup), with each table's key
# besides the chat.
_MOVED_WITH_CHAT: tuple[tuple[sa.Table, tuple[str, ...]], ...] = (
    (subscriptions, ()),
    (chat_feeds, ("feed_id",)),
    (chat_filters, ("kind", "folded")),
    (chat_managers, ("user_id",)),
)


class SubscriptionRepository:
    """Reads and writes ``subscriptions``. The chat's row in ``chats`` must exist."""

    def __init__(self, db: Database) -> None:
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
        insert = self._db.insert(subscriptions).values(
            chat_id=chat_id,
            thread_id=thread_id,
            local_time=local_time.strftime("%H:%M"),
            timezone=timezone,
            max_stories=max_stories,
            send_empty=int(send_empty),
            active=1,
            paused_reason=None,
            created_by=created_by,
            starts_at=stamp,
            updated_at=stamp,
        )
        replaced = (
            "thread_id", "local_time", "timezone", "max_stories", "send_empty", "active",
            "paused_reason", "created_by", "starts_at", "updated_at",
        )  # fmt: skip
        row = await self._db.write_one(
            insert.on_conflict_do_update(
                index_elements=[s.chat_id], set_={n: insert.excluded[n] for n in replaced}
            ).returning(*_SELECT.selected_columns)
        )
        assert row is not None
        return _row(row)

    async def get(self, chat_id: int) -> Subscription | None:
        row = await self._db.fetch_one(_SELECT.where(s.chat_id == chat_id))
        return _row(row) if row else None

    async def unsubscribe(self, chat_id: int) -> bool:
        """Delete the chat's schedule; whether there was one."""
        return await self._db.execute(sa.delete(subscriptions).where(s.chat_id == chat_id)) > 0

    async def pause(self, chat_id: int, reason: str, *, now: dt.datetime) -> bool:
        """Stop an active schedule (the bot was removed, or may no longer post); whether it was."""
        changed = await self._db.execute(
            sa.update(subscriptions)
            .where(s.chat_id == chat_id, s.active == 1)
            .values(active=0, paused_reason=reason, updated_at=to_db(now))
        )
        return changed > 0

    async def resume(self, chat_id: int, *, now: dt.datetime) -> bool:
        """Restart a schedule that was paused (the bot is back); whether there was one."""
        changed = await self._db.execute(
            sa.update(subscriptions)
            .where(s.chat_id == chat_id, s.active == 0, s.paused_reason.is_not(None))
            .values(active=1, paused_reason=None, updated_at=to_db(now))
        )
        return changed > 0

    async def active(self) -> list[Subscription]:
        """Every active schedule."""
        rows = await self._db.fetch_all(_SELECT.where(s.active == 1).order_by(s.chat_id))
        return [_row(r) for r in rows]

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup (a new id): its schedule, feeds, filters and known
        managers follow it.

        The new chat's row in ``chats`` must exist. What the new id already has is kept.
        """

        def move(conn: sa.Connection) -> None:
            for table, key in _MOVED_WITH_CHAT:
                theirs = table.alias("theirs")
                taken = sa.select(theirs.c.chat_id).where(
                    theirs.c.chat_id == new_chat_id,
                    *(theirs.c[name] == table.c[name] for name in key),
                )
                conn.execute(
                    sa.update(table)
                    .where(table.c.chat_id == old_chat_id, ~taken.exists())
                    .values(chat_id=new_chat_id)
                )
                conn.execute(sa.delete(table).where(table.c.chat_id == old_chat_id))

        await self._db.run(move)
