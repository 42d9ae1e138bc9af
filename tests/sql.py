"""Plain SQL in tests, as the tests on a SQLite file write it (``?`` marks, or ``:name``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.engine import Connection

from storage.database import Database


async def sql(
    db: Database, statement: str, params: Sequence[Any] | Mapping[str, Any] = ()
) -> list[Any]:
    """Run one statement and commit it; the rows it returned (``RETURNING`` included)."""

    def run(conn: Connection) -> list[Any]:
        result = conn.exec_driver_sql(statement, params)
        return list(result.all()) if result.returns_rows else []

    return await db.run(run)


async def sql_many(db: Database, statement: str, rows: Sequence[Sequence[Any]]) -> None:
    """Run one statement for each parameter row, in one transaction."""
    await db.run(lambda conn: conn.exec_driver_sql(statement, list(rows)))
