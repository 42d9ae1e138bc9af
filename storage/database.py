"""Open the SQLite database and bring its schema up to date.

Migrations are plain SQL files in ``storage/migrations`` named ``NNN_description.sql``. The
number of the last one applied is kept in ``PRAGMA user_version``; each file runs once, in its
own transaction, in order.

A file that is not an SQLite database (or is damaged), and a database written by a newer
newsbot (a ``user_version`` beyond the last migration known here), raise
:class:`DatabaseUnusable` with a message fit for the operator, before anything is changed.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from importlib import resources
from pathlib import Path

import aiosqlite

logger = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{3})_[\w-]+\.sql$")


class DatabaseUnusable(Exception):
    """The database cannot be used as it is; ``str(err)`` says why and what to do."""


def migrations() -> list[tuple[int, str, str]]:
    """Every migration as ``(version, name, sql)``, sorted by version."""
    found: list[tuple[int, str, str]] = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 001, 002, ... without gaps: {versions}")
    return found


async def open_database(path: str | Path) -> aiosqlite.Connection:
    """Open (creating if needed) the database at ``path``, in WAL mode, fully migrated."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        db = await aiosqlite.connect(path)
    except sqlite3.Error as exc:
        raise DatabaseUnusable(f"cannot open the database {path}: {exc}") from exc
    try:
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA busy_timeout=5000")
        async with db.execute("PRAGMA user_version") as cur:  # before WAL changes the file
            row = await cur.fetchone()
        problem = newer_schema(path, int(row[0]) if row else 0)
        if problem:
            raise DatabaseUnusable(problem)
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA foreign_keys=ON")
        await migrate(db)
    except sqlite3.OperationalError as exc:
        await db.close()
        raise DatabaseUnusable(f"cannot use the database {path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        await db.close()
        raise DatabaseUnusable(damaged(path, exc)) from exc
    except BaseException:
        await db.close()
        raise
    return db


def damaged(path: str | Path, exc: Exception) -> str:
    return (
        f"the database {path} is not an SQLite database or is damaged ({exc}); restore it "
        "from a backup, or move it away to start with an empty one"
    )


def newer_schema(path: str | Path, version: int) -> str | None:
    """What is wrong with a database at schema ``version``, if newer than this code knows."""
    latest = len(migrations())
    if version <= latest:
        return None
    return (
        f"the database {path} was written by a newer newsbot (schema version {version}; this "
        f"one knows up to {latest}); run that newer newsbot, or restore a backup made for this one"
    )


async def migrate(db: aiosqlite.Connection) -> int:
    """Apply the migrations not yet applied; return the schema version. A database newer than
    the migrations known here raises :class:`DatabaseUnusable` (nothing is changed)."""
    async with db.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    current = int(row[0]) if row else 0
    problem = newer_schema(await _file_of(db), current)
    if problem:
        raise DatabaseUnusable(problem)
    for version, name, sql in migrations():
        if version <= current:
            continue
        logger.info("applying migration %s", name)
        # executescript commits first; wrap the file and the version bump in one transaction.
        await db.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
        current = version
    return current


async def _file_of(db: aiosqlite.Connection) -> str:
    async with db.execute("PRAGMA database_list") as cursor:
        for row in await cursor.fetchall():
            if row[1] == "main":
                return str(row[2] or ":memory:")
    return ":memory:"
