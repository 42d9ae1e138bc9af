"""The thread that owns a SQLite file's connection, and commits for several callers at once.

Every transaction of a process on a SQLite file runs here, one after another, on one
connection: SQLite has one writer at a time anyway, and a transaction costs one trip to this
thread instead of one per statement (aiosqlite under SQLAlchemy's async engine).

Group commit: the work that queued up while a transaction ran is done in the next transaction
together, with one COMMIT, so one flush to disk, for all of them. Nobody is told "done" before
that COMMIT. If one piece fails, the whole group is rolled back and each piece runs again in a
transaction of its own, so the failure is its own alone (a piece of work is a function of the
database only: running it again after a rollback is running it once). A lone piece of work gets
a transaction of its own, as it would without grouping.

Transactions begin with ``BEGIN IMMEDIATE``: the file's write lock is taken at once, waiting
for another process's writer (the busy timeout) instead of failing when a reader turns writer.
The driver's own transaction handling is switched off (``isolation_level = None``), as
SQLAlchemy's documentation advises for pysqlite: SQLAlchemy says where transactions begin.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

T = TypeVar("T")
Work = Callable[[Connection], Any]
MAX_GROUP = 64  # pieces of work in one transaction at most


def prepare_engine(engine: Engine, on_connect: Callable[[Any, Any], None]) -> None:
    """SQLAlchemy, not the driver, decides where transactions begin: with ``BEGIN IMMEDIATE``."""

    def connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        on_connect(dbapi_connection, record)

    def begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    sa.event.listen(engine, "connect", connect)
    sa.event.listen(engine, "begin", begin)


class _Job:
    __slots__ = ("future", "loop", "result", "work")

    def __init__(self, work: Work, loop: asyncio.AbstractEventLoop) -> None:
        self.work = work
        self.loop = loop
        self.future: asyncio.Future[Any] = loop.create_future()
        self.result: tuple[bool, Any] = (False, None)

    def settle(self) -> None:
        ok, value = self.result
        self.loop.call_soon_threadsafe(_settle, self.future, ok, value)


def _settle(future: asyncio.Future[Any], ok: bool, value: Any) -> None:
    if future.cancelled():
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


class SqliteWorker:
    """``await worker.run(work)``: ``work(connection)`` in a committed transaction."""

    def __init__(self, engine: Engine, name: str = "newsbot-sqlite") -> None:
        self._engine = engine
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._stopped = False
        self._thread.start()

    async def run(self, work: Callable[[Connection], T]) -> T:
        if self._stopped:
            raise RuntimeError("the database is closed")
        job = _Job(work, asyncio.get_running_loop())
        self._jobs.put(job)
        result: T = await job.future
        return result

    async def stop(self) -> None:
        """Finish the work queued so far, close the connection, end the thread."""
        if self._stopped:
            return
        self._stopped = True
        self._jobs.put(None)
        await asyncio.get_running_loop().run_in_executor(None, self._thread.join)

    def _serve(self) -> None:
        conn: Connection | None = None
        try:
            while True:
                first = self._jobs.get()
                if first is None:
                    return
                group = [first]
                stop = False
                while len(group) < MAX_GROUP:
                    try:
                        more = self._jobs.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:
                        stop = True
                        break
                    group.append(more)
                if conn is None or conn.closed:
                    try:
                        conn = self._engine.connect()
                    except Exception as exc:
                        for job in group:
                            job.result = (False, exc)
                            job.settle()
                        continue
                self._transaction(conn, group)
                for job in group:
                    job.settle()
                if stop:
                    return
        finally:
            if conn is not None:
                conn.close()
            self._engine.dispose()

    @staticmethod
    def _transaction(conn: Connection, group: list[_Job]) -> None:
        if len(group) > 1:
            try:
                with conn.begin():
                    results = [job.work(conn) for job in group]
            except BaseException:  # rolled back, all of it: each piece again, on its own
                pass
            else:
                for job, result in zip(group, results, strict=True):
                    job.result = (True, result)
                return
        for job in group:
            try:
                with conn.begin():
                    job.result = (True, job.work(conn))
            except BaseException as exc:
                job.result = (False, exc)
