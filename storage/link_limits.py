"""The per-user link limit: at most ``max_links`` links per ``window`` seconds, sliding.

Counted in the database (``link_limits``, one row per user), so a restart or another process on
the same database does not forgive anyone. :meth:`LinkLimits.take` checks and counts in one
transaction that holds the user's row: on PostgreSQL the upsert locks it, on SQLite the upsert
takes the database's write lock. Two messages of one user, on two replicas, cannot both get
the last link.
"""

from __future__ import annotations

import functools
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from storage.database import Database, insert_for
from storage.schema import link_limits

PRUNE_EVERY = 1000  # takes between two sweeps of users idle for a whole window


@dataclass(frozen=True, slots=True)
class Allowance:
    granted: int  # how many of the asked links may be summarised now
    retry_in: float  # seconds until one more link is allowed (0 when some were granted)
    tell: bool  # say so to the user (once per time the limit is reached)

    @property
    def retry_minutes(self) -> int:
        return max(1, math.ceil(self.retry_in / 60))


c = link_limits.c
_SAVE = (
    sa.update(link_limits)
    .where(c.user_id == sa.bindparam("b_user"))
    .values(stamps=sa.bindparam("b_stamps"), told_until=sa.bindparam("b_told_until"))
)


@functools.cache
def _hold(dialect: str) -> sa.Executable:
    """Insert the user's row or take the one there (PostgreSQL locks it until the commit; on
    SQLite the write takes the file's lock)."""
    insert = insert_for(dialect, link_limits)
    return insert.on_conflict_do_update(
        index_elements=[c.user_id], set_={"updated_at": insert.excluded.updated_at}
    ).returning(c.stamps, c.told_until)


class LinkLimits:
    """Counts links per user in a sliding window; times come from ``clock`` (Unix seconds)."""

    def __init__(
        self,
        db: Database,
        max_links: int = 20,
        window: float = 600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = db
        self.max_links = max_links
        self.window = window
        self._clock = clock
        self._takes = 0

    async def take(self, user_id: int, wanted: int) -> Allowance:
        """Ask for ``wanted`` links for ``user_id``; the granted ones are counted."""
        now = self._clock()
        hold = _hold(self._db.dialect)

        def take(conn: sa.Connection) -> Allowance:
            row = conn.execute(hold, {"user_id": user_id, "stamps": "[]", "updated_at": now}).one()
            seen = [float(t) for t in json.loads(row.stamps) if float(t) > now - self.window]
            granted = max(0, min(wanted, self.max_links - len(seen)))
            seen.extend([now] * granted)
            told_until = row.told_until
            if granted == wanted:
                allowance = Allowance(granted, 0.0, False)
            else:
                retry_in = seen[0] + self.window - now if seen else 0.0
                tell = told_until is None or now >= told_until
                if tell:
                    told_until = now + retry_in
                allowance = Allowance(granted, retry_in, tell)
            conn.execute(
                _SAVE, {"b_user": user_id, "b_stamps": json.dumps(seen), "b_told_until": told_until}
            )
            return allowance

        allowance = await self._db.run(take)
        self._takes += 1
        if self._takes % PRUNE_EVERY == 0:
            await self.forget_idle()
        return allowance

    async def forget_idle(self) -> int:
        """Drop the rows of users quiet for a whole window (nothing in them counts any more)."""
        before = self._clock() - self.window
        return await self._db.execute(
            sa.delete(link_limits).where(link_limits.c.updated_at < before)
        )
