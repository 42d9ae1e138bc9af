"""The digest log: each chat gets each local day's digest exactly once, across restarts.

The life of one row:

1. :meth:`DigestLog.claim` inserts ``(chat, local date)`` in state ``sending`` — or finds it
   taken and says so. Nothing is sent before the claim is committed.
2. :meth:`DigestLog.set_parts` fixes the rendered messages, so a retry sends the same digest.
3. :meth:`DigestLog.part_sent` advances ``parts_sent`` after each message Telegram accepted.
4. :meth:`DigestLog.finish` sets ``sent`` (or ``empty``/``failed``).

A crash between 1 and 4 leaves the row in ``sending``; at start-up it is picked up again and
resumes after the last message recorded. The one window left is a crash after Telegram
accepted a message and before step 3 committed: that message may then be sent twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from storage.database import Database
from storage.schema import digest_log
from storage.timestamps import from_db, maybe_from_db, to_db


class DigestState(StrEnum):
    SENDING = "sending"
    SENT = "sent"
    EMPTY = "empty"  # nothing new that day, and the chat did not ask for a message
    FAILED = "failed"  # gave up (bot removed, or too many attempts)

    @property
    def done(self) -> bool:
        return self is not DigestState.SENDING


@dataclass(frozen=True, slots=True)
class DigestLogEntry:
    chat_id: int
    digest_date: dt.date
    state: DigestState
    due_at: dt.datetime
    period_start: dt.datetime
    period_end: dt.datetime
    claimed_at: dt.datetime
    parts: tuple[str, ...] | None = None  # None until composed
    parts_sent: int = 0
    message_ids: tuple[int, ...] = ()
    attempts: int = 0
    retry_at: dt.datetime | None = None
    error: str | None = None
    finished_at: dt.datetime | None = None

    @property
    def remaining_parts(self) -> tuple[str, ...]:
        return (self.parts or ())[self.parts_sent :]


d = digest_log.c
_COLUMNS = (
    d.chat_id, d.digest_date, d.state, d.due_at, d.period_start, d.period_end, d.parts,
    d.parts_sent, d.message_ids, d.attempts, d.retry_at, d.error, d.claimed_at, d.finished_at,
)  # fmt: skip
_SELECT = sa.select(*_COLUMNS)


def _row(row: sa.Row[Any]) -> DigestLogEntry:
    parts = json.loads(row.parts) if row.parts is not None else None
    return DigestLogEntry(
        chat_id=int(row.chat_id),
        digest_date=dt.date.fromisoformat(row.digest_date),
        state=DigestState(row.state),
        due_at=from_db(row.due_at),
        period_start=from_db(row.period_start),
        period_end=from_db(row.period_end),
        parts=tuple(str(p) for p in parts) if parts is not None else None,
        parts_sent=int(row.parts_sent),
        message_ids=tuple(int(m) for m in json.loads(row.message_ids)),
        attempts=int(row.attempts),
        retry_at=maybe_from_db(row.retry_at),
        error=row.error,
        claimed_at=from_db(row.claimed_at),
        finished_at=maybe_from_db(row.finished_at),
    )


def _slot(chat_id: int, digest_date: dt.date) -> sa.ColumnElement[bool]:
    return sa.and_(d.chat_id == chat_id, d.digest_date == digest_date.isoformat())


class DigestLog:
    """Reads and writes ``digest_log``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(
        self,
        chat_id: int,
        digest_date: dt.date,
        *,
        due_at: dt.datetime,
        period_start: dt.datetime,
        period_end: dt.datetime,
        now: dt.datetime,
    ) -> DigestLogEntry | None:
        """Take the ``(chat, date)`` slot; None when it was already taken."""
        taken = await self._db.write_one(
            self._db.insert(digest_log)
            .values(
                chat_id=chat_id,
                digest_date=digest_date.isoformat(),
                state=DigestState.SENDING.value,
                due_at=to_db(due_at),
                period_start=to_db(period_start),
                period_end=to_db(period_end),
                attempts=1,
                claimed_at=to_db(now),
            )
            .on_conflict_do_nothing(index_elements=[d.chat_id, d.digest_date])
            .returning(*_COLUMNS)
        )
        return _row(taken) if taken is not None else None

    async def get(self, chat_id: int, digest_date: dt.date) -> DigestLogEntry | None:
        row = await self._db.fetch_one(_SELECT.where(_slot(chat_id, digest_date)))
        return _row(row) if row else None

    async def set_parts(self, chat_id: int, digest_date: dt.date, parts: Iterable[str]) -> None:
        await self._db.execute(
            sa.update(digest_log)
            .where(_slot(chat_id, digest_date))
            .values(parts=json.dumps(list(parts), ensure_ascii=False))
        )

    async def part_sent(self, chat_id: int, digest_date: dt.date, message_id: int) -> None:
        """One more message went out."""
        # Appended to the JSON list in place, with text functions both databases have:
        # '[]' becomes '[7]', '[7]' becomes '[7,8]'.
        ids = d.message_ids
        appended = sa.case(
            (ids == "[]", f"[{int(message_id)}]"),
            else_=sa.func.substr(ids, 1, sa.func.length(ids) - 1) + f",{int(message_id)}]",
        )
        await self._db.execute(
            sa.update(digest_log)
            .where(_slot(chat_id, digest_date))
            .values(parts_sent=d.parts_sent + 1, message_ids=appended)
        )

    async def finish(
        self,
        chat_id: int,
        digest_date: dt.date,
        state: DigestState,
        *,
        now: dt.datetime,
        error: str | None = None,
    ) -> None:
        await self._db.execute(
            sa.update(digest_log)
            .where(_slot(chat_id, digest_date))
            .values(state=state.value, finished_at=to_db(now), retry_at=None, error=error)
        )

    async def retry_later(
        self, chat_id: int, digest_date: dt.date, *, error: str, retry_at: dt.datetime
    ) -> None:
        """Keep the row in ``sending`` and say when to try again."""
        await self._db.execute(
            sa.update(digest_log)
            .where(_slot(chat_id, digest_date))
            .values(retry_at=to_db(retry_at), error=error)
        )

    async def start_attempt(self, chat_id: int, digest_date: dt.date) -> int:
        """Count one more attempt at a ``sending`` row; the number of attempts so far."""
        row = await self._db.write_one(
            sa.update(digest_log)
            .where(_slot(chat_id, digest_date))
            .values(attempts=d.attempts + 1, retry_at=None)
            .returning(d.attempts)
        )
        return int(row.attempts) if row else 0

    async def unfinished(self) -> list[DigestLogEntry]:
        """Rows still ``sending``: interrupted by a crash, or waiting for a retry."""
        rows = await self._db.fetch_all(
            _SELECT.where(d.state == DigestState.SENDING.value).order_by(d.due_at)
        )
        return [_row(r) for r in rows]

    async def on_dates(self, dates: Iterable[dt.date]) -> dict[tuple[int, dt.date], DigestLogEntry]:
        """Every row for these local dates, by ``(chat_id, date)``."""
        wanted = sorted({day.isoformat() for day in dates})
        if not wanted:
            return {}
        rows = await self._db.fetch_all(_SELECT.where(d.digest_date.in_(wanted)))
        entries = (_row(r) for r in rows)
        return {(e.chat_id, e.digest_date): e for e in entries}

    async def last_period_end(self, chat_id: int, *, before: dt.date) -> dt.datetime | None:
        """Where the chat's previous delivered digest stopped (the next one starts there)."""
        end = await self._db.scalar(
            sa.select(d.period_end)
            .where(
                d.chat_id == chat_id,
                d.digest_date < before.isoformat(),
                d.state.in_(_DELIVERED),
            )
            .order_by(d.digest_date.desc())
            .limit(1)
        )
        return from_db(end) if end else None

    async def prune(self, *, before: dt.date) -> int:
        """Forget finished rows for dates before ``before``, except each chat's latest delivered
        one (where its next digest starts). Rows still ``sending`` are never dropped."""
        latest = (
            sa.select(d.chat_id, sa.func.max(d.digest_date))
            .where(d.state.in_(_DELIVERED))
            .group_by(d.chat_id)
        )
        return await self._db.execute(
            sa.delete(digest_log).where(
                d.digest_date < before.isoformat(),
                d.state != DigestState.SENDING.value,
                sa.tuple_(d.chat_id, d.digest_date).not_in(latest),
            )
        )

    async def history(self, chat_id: int, limit: int = 30) -> list[DigestLogEntry]:
        """The chat's latest rows, newest first."""
        rows = await self._db.fetch_all(
            _SELECT.where(d.chat_id == chat_id).order_by(d.digest_date.desc()).limit(limit)
        )
        return [_row(r) for r in rows]


_DELIVERED = (DigestState.SENT.value, DigestState.EMPTY.value)
