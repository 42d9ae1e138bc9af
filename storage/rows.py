"""Whole-result queries on the shared connection.

Every coroutine of the bot shares one aiosqlite connection. A statement left half-read (a
``RETURNING`` row fetched with ``fetchone`` while its cursor stays open) makes another
coroutine's ``COMMIT`` fail with "SQL statements in progress". These helpers run each statement
to completion in one call, so nothing is ever left in progress between awaits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import aiosqlite

Params = Iterable[Any] | Mapping[str, Any]


async def fetch_all(db: aiosqlite.Connection, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
    return list(await db.execute_fetchall(sql, params))


async def fetch_one(
    db: aiosqlite.Connection, sql: str, params: Params = ()
) -> aiosqlite.Row | None:
    rows = await db.execute_fetchall(sql, params)
    return next(iter(rows), None)


async def execute(db: aiosqlite.Connection, sql: str, params: Params = ()) -> int:
    """Run a write; return the number of rows it changed."""
    cursor = await db.execute(sql, params)
    try:
        return max(cursor.rowcount, 0)
    finally:
        await cursor.close()
