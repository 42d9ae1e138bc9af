"""``newsbot copy-db``: a SQLite database (here one made before Alembic) moves into a real
PostgreSQL with every row of every table, and the bot goes on writing there."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL

from storage.articles import ArticleRepository, NewArticle
from storage.database import Database, open_database
from storage.history import HistoryRepository, NewShare
from storage.link_limits import LinkLimits
from storage.schema import TABLES_IN_ORDER
from storage.search import SearchQueries
from tests.test_database import ANN, GROUP, make_legacy_database

T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


async def rows_of(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    found: dict[str, list[tuple[Any, ...]]] = {}
    for table in TABLES_IN_ORDER:
        rows = await db.fetch_all(sa.select(table).order_by(*table.primary_key.columns))
        found[table.name] = [tuple(r) for r in rows]
    return found


async def copy_db(source: str, target: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "copy-db", "--from", source, "--to", target,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_a_sqlite_database_moves_into_postgresql_with_every_row(
    tmp_path: Path, empty_postgres_url: URL
) -> None:
    path = tmp_path / "newsbot.sqlite3"
    make_legacy_database(path)
    source = await open_database(path)  # the legacy file, migrated: what copy-db reads
    await LinkLimits(source, clock=lambda: 1_000.0).take(ANN, 3)
    await SearchQueries(source, clock=lambda: 1_000.0).remember(ANN, "k1", "a long query")
    expected = await rows_of(source)
    await source.close()
    assert all(expected.values()), "a row in every table"
    url = empty_postgres_url.set(password="not-shown").render_as_string(hide_password=False)

    code, out, err = await copy_db(str(path), url)

    assert code == 0, err
    assert "chats: 4 rows" in out
    assert f"rows in {len(TABLES_IN_ORDER)} tables" in out
    assert "not-shown" not in out + err
    target = await open_database(empty_postgres_url)
    try:
        assert await rows_of(target) == expected
        history = HistoryRepository(target)
        latest = await history.latest(GROUP)
        assert latest is not None and latest.title == "“Quoted” headline"
        # New rows get new ids: the sequences were moved past the copied ones.
        saved = await ArticleRepository(target).save(
            NewArticle("https://news.example/new", "https://news.example/new", "New", "{}", T0)
        )
        assert saved.id == 3
        assert await history.add(NewShare(GROUP, saved.id, T0)) == 4
        limited = await LinkLimits(target, max_links=5, clock=lambda: 1_001.0).take(ANN, 5)
        assert limited.granted == 2  # the link limit moved too
    finally:
        await target.close()

    again, _, err = await copy_db(str(path), url)
    assert again == 1
    assert "already has rows in chats: copy into an empty database" in err


async def test_copy_db_refuses_unknown_urls_before_touching_anything(tmp_path: Path) -> None:
    code, _, err = await copy_db(str(tmp_path / "a.sqlite3"), "mysql://u:pw@h/db")

    assert code == 2
    assert "--to mysql:// databases are not supported" in err
    assert not (tmp_path / "a.sqlite3").exists()
