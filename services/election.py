"""Which process runs the timed jobs: one elected scheduler per database.

The daily digests and feed polling (``services.jobs``) must run in exactly one process per
database: two schedulers would each take the other's half-sent digest for a crashed one and
resume it. :class:`Election` holds a :class:`SchedulerLock` and runs the jobs while, and only
while, it holds it:

- it tries to take the lock every ``retry`` seconds (5 by default), so when the holder dies
  another process takes over within seconds, not a minute;
- it checks a held lock as often, and stops the jobs the moment the lock is lost (the database
  connection that held it broke), so two schedulers never run side by side for longer than one
  check;
- a digest the dead holder had claimed but not finished stays ``sending`` in the digest log, and
  the new holder's first pass resumes it after its last acknowledged message.

Two locks, one per kind of database:

- :class:`FileSchedulerLock`, for SQLite: an exclusive ``flock`` on a file beside the database.
  The OS frees it the moment its process dies, however it dies.
- :class:`PostgresSchedulerLock`, for PostgreSQL: a session advisory lock held on a connection
  of its own (not one of the pool's: a pooled connection goes back to the pool, and the lock
  with it). PostgreSQL frees it when that connection ends: at once when the process is killed
  (its socket closes), and within about 20 s when its machine vanishes (the server's TCP
  keepalives, set on that connection).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import asyncpg

logger = logging.getLogger(__name__)

# The advisory lock's key: any constant that no other advisory lock of newsbot uses (the
# migration lock is 0x6E657773, "news").
SCHEDULER_LOCK_KEY = 0x6E627363  # "nbsc"
DEFAULT_RETRY = 5.0  # seconds between tries to take the lock, and between checks of a held one


class SchedulerLock(Protocol):
    """Held by one process per database at a time; taken without waiting."""

    @property
    def held(self) -> bool:
        """Whether this process holds the lock, as of the last :meth:`acquire`."""
        ...

    async def acquire(self) -> bool:
        """Take the lock if it is free, or check that a held one is still held; whether this
        process holds it now."""
        ...

    async def release(self) -> None:
        """Let the lock go (nothing when not held)."""
        ...


class Job(Protocol):
    """A timed job the elected process runs (``DigestScheduler``, ``FeedPoller``)."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class NoLock:
    """For a database no other process can open (SQLite in memory): always held."""

    held = True

    async def acquire(self) -> bool:
        return True

    async def release(self) -> None:
        return None


# --- SQLite: a file lock ------------------------------------------------------------------------


class FileSchedulerLock:
    """An exclusive ``flock`` on a file beside the database, taken without waiting.

    ``flock`` locks belong to the open file, so two schedulers conflict even inside one process
    (the tests), and the lock goes with the process however it ends.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.unavailable = False  # the file cannot be opened: run unlocked, as one process

    @classmethod
    def beside(cls, database: Path) -> FileSchedulerLock:
        return cls(database.with_name(database.name + ".scheduler-lock"))

    @property
    def held(self) -> bool:
        return self._fd is not None

    async def acquire(self) -> bool:
        return self.acquire_now()

    def acquire_now(self) -> bool:
        """:meth:`acquire` without a loop (the lock never waits)."""
        if self._fd is not None or self.unavailable:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            # A read-only folder, or a file another user left: digests must still go out.
            logger.warning(
                "cannot open the scheduler lock %s (%s); sending digests without it: run one "
                "newsbot per database",
                self.path,
                exc.strerror or exc,
            )
            self.unavailable = True
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    async def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the file drops the lock


# --- PostgreSQL: an advisory lock on a connection of its own -------------------------------------

# Server-side settings of the lock's connection: the server notices a vanished client within
# about 5 + 3 × 5 s (keepalives) or 15 s of unacknowledged data, ends its session, and frees the
# lock for the others.
_LOCK_CONNECTION_SETTINGS = {
    "application_name": "newsbot scheduler lock",
    "tcp_keepalives_idle": "5",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
    "tcp_user_timeout": "15000",
}


class PostgresSchedulerLock:
    """``pg_try_advisory_lock(key)`` on a connection of its own to ``dsn`` (a
    ``postgresql://`` URL that asyncpg accepts; it may hold a password, and is never logged)."""

    def __init__(
        self,
        dsn: str,
        *,
        key: int = SCHEDULER_LOCK_KEY,
        timeout: float = 5.0,
    ) -> None:
        self._dsn = dsn
        self.key = key
        self.timeout = timeout  # seconds for connecting, and for each check
        self._conn: asyncpg.Connection | None = None
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    async def acquire(self) -> bool:
        try:
            conn = await self._connection()
            if self._held:
                # The session lock lasts as long as the session: a live connection still has it.
                await conn.fetchval("SELECT 1", timeout=self.timeout)
                return True
            got = await conn.fetchval(
                "SELECT pg_try_advisory_lock($1)", self.key, timeout=self.timeout
            )
        except Exception as exc:  # any failure of the connection: the lock is not ours now
            if self._held:
                logger.warning("the scheduler lock's database connection broke: %s", exc)
            else:
                logger.debug("cannot try the scheduler lock: %s", exc)
            await self._drop()
            return False
        self._held = bool(got)
        return self._held

    async def release(self) -> None:
        await self._drop()  # ending the session frees its advisory locks

    async def _connection(self) -> asyncpg.Connection:
        if self._conn is not None and self._conn.is_closed():
            await self._drop()
        if self._conn is None:
            self._conn = await asyncpg.connect(
                self._dsn, timeout=self.timeout, server_settings=_LOCK_CONNECTION_SETTINGS
            )
        return self._conn

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        self._held = False
        if conn is None:
            return
        try:
            await asyncio.wait_for(conn.close(), self.timeout)
        except Exception:
            conn.terminate()


# --- the election -------------------------------------------------------------------------------


class Election:
    """Runs ``jobs`` while this process holds ``lock`` (see the module doc).

    ``on_change(held)`` is told each time this process wins or loses the lock (the metrics'
    gauge)."""

    def __init__(
        self,
        lock: SchedulerLock,
        jobs: Sequence[Job],
        *,
        retry: float = DEFAULT_RETRY,
        on_change: Callable[[bool], None] | None = None,
    ) -> None:
        self.lock = lock
        self.jobs = tuple(jobs)
        self.retry = retry
        self._on_change = on_change
        self.leading = False  # the jobs run here
        self._task: asyncio.Task[None] | None = None
        self._checking = asyncio.Lock()

    async def start(self) -> None:
        """One try now (so a lone process starts its jobs at once), then one every ``retry``."""
        await self.check()
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="scheduler-election")

    async def stop(self) -> None:
        """Stop trying, stop the jobs, let the lock go."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        async with self._checking:
            await self._stop_jobs()
            await self.lock.release()

    async def check(self) -> bool:
        """Take (or re-check) the lock; start the jobs on winning it, stop them on losing it.
        Whether this process leads now."""
        async with self._checking:
            try:
                held = await self.lock.acquire()
            except Exception:
                logger.exception("checking the scheduler lock failed")
                held = False
            if held and not self.leading:
                logger.info("this process now runs the scheduler (digests, feed polling)")
                self.leading = True
                self._changed(True)
                for job in self.jobs:
                    await job.start()
            elif not held and self.leading:
                logger.warning("lost the scheduler lock: stopping digests and feed polling here")
                await self._stop_jobs()
            return self.leading

    async def _stop_jobs(self) -> None:
        if not self.leading:
            return
        self.leading = False
        self._changed(False)
        for job in reversed(self.jobs):
            try:
                await job.stop()
            except Exception:
                logger.exception("stopping %r failed", job)

    def _changed(self, held: bool) -> None:
        if self._on_change is not None:
            self._on_change(held)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.retry)
            with contextlib.suppress(Exception):  # check() logs its own failures
                await self.check()
