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

import aiosqlite

from storage.rows import execute, fetch_all, fetch_one
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


_COLUMNS = (
    "chat_id, digest_date, state, due_at, period_start, period_end, parts, parts_sent, "
    "message_ids, attempts, retry_at, error, claimed_at, finished_at"
)


def _row(row: aiosqlite.Row) -> DigestLogEntry:
    parts = json.loads(row["parts"]) if row["parts"] is not None else None
    return DigestLogEntry(
        chat_id=int(row["chat_id"]),
        digest_date=dt.date.fromisoformat(row["digest_date"]),
        state=DigestState(row["state"]),
        due_at=from_db(row["due_at"]),
        period_start=from_db(row["period_start"]),
        period_end=from_db(row["period_end"]),
        parts=tuple(str(p) for p in parts) if parts is not None else None,
        parts_sent=int(row["parts_sent"]),
        message_ids=tuple(int(m) for m in json.loads(row["message_ids"])),
        attempts=int(row["attempts"]),
        retry_at=maybe_from_db(row["retry_at"]),
        error=row["error"],
        claimed_at=from_db(row["claimed_at"]),
        finished_at=maybe_from_db(row["finished_at"]),
    )


class DigestLog:
    """Reads and writes ``digest_log``."""

    def __init__(self, db: aiosqlite.Connection) -> None:
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
        changed = await execute(
            self._db,
            """
            INSERT INTO digest_log (chat_id, digest_date, state, due_at, period_start,
                                    period_end, attempts, claimed_at)
            VALUES (?, ?, 'sending', ?, ?, ?, 1, ?)
            ON CONFLICT (chat_id, digest_date) DO NOTHING
            """,
            (
                chat_id,
                digest_date.isoformat(),
                to_db(due_at),
                to_db(period_start),
                to_db(period_end),
                to_db(now),
            ),
        )
        await self._db.commit()
        if changed == 0:
            return None
        return await self.get(chat_id, digest_date)

    async def get(self, chat_id: int, digest_date: dt.date) -> DigestLogEntry | None:
        row = await fetch_one(
            self._db,
            f"SELECT {_COLUMNS} FROM digest_log WHERE chat_id = ? AND digest_date = ?",
            (chat_id, digest_date.isoformat()),
        )
        return _row(row) if row else None

    async def set_parts(self, chat_id: int, digest_date: dt.date, parts: Iterable[str]) -> None:
        await execute(
            self._db,
            "UPDATE digest_log SET parts = ? WHERE chat_id = ? AND digest_date = ?",
            (json.dumps(list(parts), ensure_ascii=False), chat_id, digest_date.isoformat()),
        )
        await self._db.commit()

    async def part_sent(self, chat_id: int, digest_date: dt.date, message_id: int) -> None:
        """One more message went out."""
        await execute(
            self._db,
            """
            UPDATE digest_log SET parts_sent = parts_sent + 1,
                   message_ids = json_insert(message_ids, '$[#]', ?)
            WHERE chat_id = ? AND digest_date = ?
            """,
            (message_id, chat_id, digest_date.isoformat()),
        )
        await self._db.commit()

    async def finish(
        self,
        chat_id: int,
        digest_date: dt.date,
        state: DigestState,
        *,
        now: dt.datetime,
        error: str | None = None,
    ) -> None:
        await execute(
            self._db,
            "UPDATE digest_log SET state = ?, finished_at = ?, retry_at = NULL, error = ? "
            "WHERE chat_id = ? AND digest_date = ?",
            (state.value, to_db(now), error, chat_id, digest_date.isoformat()),
        )
        await self._db.commit()

    async def retry_later(
        self, chat_id: int, digest_date: dt.date, *, error: str, retry_at: dt.datetime
    ) -> None:
        """Keep the row in ``sending`` and say when to try again."""
        await execute(
            self._db,
            "UPDATE digest_log SET retry_at = ?, error = ? WHERE chat_id = ? AND digest_date = ?",
            (to_db(retry_at), error, chat_id, digest_date.isoformat()),
        )
        await self._db.commit()

    async def start_attempt(self, chat_id: int, digest_date: dt.date) -> int:
        """Count one more attempt at a ``sending`` row; the number of attempts so far."""
        await execute(
            self._db,
            "UPDATE digest_log SET attempts = attempts + 1, retry_at = NULL "
            "WHERE chat_id = ? AND digest_date = ?",
            (chat_id, digest_date.isoformat()),
        )
        await self._db.commit()
        entry = await self.get(chat_id, digest_date)
        return entry.attempts if entry else 0

    async def unfinished(self) -> list[DigestLogEntry]:
        """Rows still ``sending``: interrupted by a crash, or waiting for a retry."""
        rows = await fetch_all(
            self._db, f"SELECT {_COLUMNS} FROM digest_log WHERE state = 'sending' ORDER BY due_at"
        )
        return [_row(r) for r in rows]

    async def on_dates(self, dates: Iterable[dt.date]) -> dict[tuple[int, dt.date], DigestLogEntry]:
        """Every row for these local dates, by ``(chat_id, date)``."""
        wanted = sorted({d.isoformat() for d in dates})
        if not wanted:
            return {}
        marks = ", ".join("?" for _ in wanted)
        rows = await fetch_all(
            self._db, f"SELECT {_COLUMNS} FROM digest_log WHERE digest_date IN ({marks})", wanted
        )
        entries = (_row(r) for r in rows)
        return {(e.chat_id, e.digest_date): e for e in entries}

    async def last_period_end(self, chat_id: int, *, before: dt.date) -> dt.datetime | None:
        """Where the chat's previous delivered digest stopped (the next one starts there)."""
        row = await fetch_one(
            self._db,
            """
            SELECT period_end FROM digest_log
            WHERE chat_id = ? AND digest_date < ? AND state IN ('sent', 'empty')
            ORDER BY digest_date DESC LIMIT 1
            """,
            (chat_id, before.isoformat()),
        )
        return from_db(row[0]) if row else None

    async def prune(self, *, before: dt.date) -> int:
        """Forget finished rows for dates before ``before``, except each chat's latest delivered
        one (where its next digest starts). Rows still ``sending`` are never dropped."""
        cursor = await self._db.execute(
            """
            DELETE FROM digest_log
            WHERE digest_date < ? AND state != 'sending'
              AND (chat_id, digest_date) NOT IN (
                  SELECT chat_id, MAX(digest_date) FROM digest_log
                  WHERE state IN ('sent', 'empty') GROUP BY chat_id
              )
            """,
            (before.isoformat(),),
        )
        await self._db.commit()
        return cursor.rowcount

    async def history(self, chat_id: int, limit: int = 30) -> list[DigestLogEntry]:
        """The chat's latest rows, newest first."""
        rows = await fetch_all(
            self._db,
            f"SELECT {_COLUMNS} FROM digest_log WHERE chat_id = ? "
            "ORDER BY digest_date DESC LIMIT ?",
            (chat_id, limit),
        )
        return [_row(r) for r in rows]
