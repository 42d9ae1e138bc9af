"""The SQLite worker: transactions queued together commit together, each in its own savepoint,
so one that fails is rolled back alone and the others keep their writes."""

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


async def test_a_failing_piece_of_a_group_is_rolled_back_alone(
    counted: tuple[Database, list[str]],
) -> None:
    db, commits = counted
    busy = asyncio.ensure_future(db.run(lambda conn: time.sleep(0.3)))  # the others queue up
    await asyncio.sleep(0.05)
    before = len(commits)

    results = await asyncio.gather(
        *(db.run(insert(n, fail=n == 3)) for n in range(1, 6)), return_exceptions=True
    )
    await busy

    assert [type(r).__name__ for r in results] == ["NoneType"] * 2 + ["Refused"] + ["NoneType"] * 2
    assert len(commits) - before <= 2  # the busy one, and one for the five together
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
