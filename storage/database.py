"""Open the SQLite database and bring its schema up to date.

Migrations are plain SQL files in ``storage/migrations`` named ``NNN_description.sql``. The
number of the last one applied is kept in ``PRAGMA user_version``; each file runs once, in its
own transaction, in order.
"""

from __future__ import annotations

import logging
import re
from importlib import resources
from pathlib import Path

import aiosqlite

logger = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{3})_[\w-]+\.sql$")


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
    db = await aiosqlite.connect(path)
    try:
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA foreign_keys=ON")
        await db.execute("PRAGMA busy_timeout=5000")
        await migrate(db)
    except BaseException:
        await db.close()
        raise
    return db


async def migrate(db: aiosqlite.Connection) -> int:
    """Apply the migrations not yet applied; return the schema version."""
    async with db.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    current = int(row[0]) if row else 0
    for version, name, sql in migrations():
        if version <= current:
            continue
        logger.info("applying migration %s", name)
        # executescript commits first; wrap the file and the version bump in one transaction.
        await db.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
        current = version
    return current
