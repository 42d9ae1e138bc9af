"""Whole-result queries on the shared connection.

Every coroutine of the bot shares one aiosqlite connection, used from aiosqlite's own thread.
Two ways to break it, both seen under load, both avoided by these helpers:

- a statement left half-read (a ``RETURNING`` row fetched with ``fetchone`` while its cursor
  stays open) makes another coroutine's ``COMMIT`` fail with "SQL statements in progress";
- a cursor dropped without ``close()`` is finalised by the garbage collector on the event loop's
  thread while aiosqlite's thread runs another statement: "bad parameter or other API misuse".

So every statement runs to completion in one call, and every cursor is closed in aiosqlite's
thread before the call returns.
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
    async with db.execute(sql, params) as cursor:
        return max(cursor.rowcount, 0)


async def execute_many(db: aiosqlite.Connection, sql: str, rows: Iterable[Params]) -> None:
    async with db.executemany(sql, rows):
        pass
