"""The SQLite worker: transactions queued together commit together; when one of them fails,
it fails alone and the others keep their writes."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage.chats import ChatRepository
from storage.database import Database, create_engine, migrate, open_database
from tests.sql import sql

NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


class Refused(Exception):
    pass


@pytest.fixture
async def counted(tmp_path: Path) -> AsyncIterator[tuple[Database, list[str]]]:
    """A database, and the COMMITs its engine made."""
    path = tmp_path / "bot.sqlite3"
    engine = create_engine(path)
    assert isinstance(engine, sa.Engine)
    commits: list[str] = []
    sa.event.listen(engine, "commit", lambda conn: commits.append("commit"))
    db = Database(engine, path)
    await migrate(db)
    yield db, commits
    await db.close()


def insert(chat_id: int, *, fail: bool = False) -> Callable[[sa.Connection], None]:
    def work(conn: sa.Connection) -> None:
        conn.exec_driver_sql("INSERT INTO chats (chat_id, type) VALUES (?, 'g')", (chat_id,))
        if fail:
            raise Refused(chat_id)

    return work


async def queued_behind_a_busy_worker(
    db: Database, works: list[Callable[[sa.Connection], None]]
) -> list[BaseException | None]:
    busy = asyncio.ensure_future(db.run(lambda conn: time.sleep(0.3)))  # the others queue up
    await asyncio.sleep(0.05)
    results = await asyncio.gather(*(db.run(w) for w in works), return_exceptions=True)
    await busy
    return results


async def test_work_queued_together_is_committed_once(
    counted: tuple[Database, list[str]],
) -> None:
    db, commits = counted
    before = len(commits)

    results = await queued_behind_a_busy_worker(db, [insert(n) for n in range(1, 6)])

    assert results == [None] * 5
    assert len(commits) - before == 2  # the busy one, and one for the five together
    rows = await sql(db, "SELECT chat_id FROM chats ORDER BY chat_id")
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]


async def test_a_failing_piece_of_a_group_fails_alone(
    counted: tuple[Database, list[str]],
) -> None:
    db, _ = counted

    results = await queued_behind_a_busy_worker(
        db, [insert(n, fail=n == 3) for n in range(1, 6)]
    )

    assert [type(r).__name__ for r in results] == ["NoneType"] * 2 + ["Refused"] + ["NoneType"] * 2
    rows = await sql(db, "SELECT chat_id FROM chats ORDER BY chat_id")
    assert [r[0] for r in rows] == [1, 2, 4, 5]


async def test_work_goes_on_after_an_error_and_the_file_is_closed_cleanly(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "bot.sqlite3")
    chats = ChatRepository(db)
    with pytest.raises(sa.exc.IntegrityError):
        await sql(db, "INSERT INTO chats (chat_id, type) VALUES (1, NULL)")
    await chats.remember(1, "group", now=NOW)
    await db.close()
    with pytest.raises(RuntimeError, match="closed"):
        await chats.get(1)

    again = await open_database(tmp_path / "bot.sqlite3")
    try:
        assert (await ChatRepository(again).get(1)) is not None
    finally:
        await again.close()
