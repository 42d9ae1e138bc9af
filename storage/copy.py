"""Copy a whole database into another: how a SQLite database moves into PostgreSQL.

Both are migrated to the latest revision first (so the source may be a SQLite file of any age);
the target must have no rows. Tables are copied parents first, in one transaction on the target,
in chunks, then counted on both sides. On PostgreSQL the id sequences are moved past the copied
ids, so new rows do not collide with them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.database import Database, DatabaseError, describe
from storage.schema import TABLES_IN_ORDER

logger = logging.getLogger(__name__)

CHUNK = 1000


async def _count(conn: AsyncConnection, table: sa.Table) -> int:
    return int((await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


async def copy_database(
    source: Database,
    target: Database,
    *,
    chunk: int = CHUNK,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Copy every row of every table; the number of rows per table."""
    async with target.engine.connect() as conn:
        for table in TABLES_IN_ORDER:
            if await _count(conn, table):
                raise DatabaseError(
                    f"the target database {describe(target.target)} already has rows in "
                    f"{table.name}: copy into an empty database"
                )
    copied: dict[str, int] = {}
    async with source.engine.connect() as src, target.begin() as dst:
        for table in TABLES_IN_ORDER:
            order = list(table.primary_key.columns)
            result = await src.stream(sa.select(table).order_by(*order))
            count = 0
            async for rows in result.partitions(chunk):
                await dst.execute(sa.insert(table), [dict(row._mapping) for row in rows])
                count += len(rows)
            copied[table.name] = count
            if progress is not None:
                progress(table.name, count)
        if target.dialect == "postgresql":
            for table in TABLES_IN_ORDER:
                await _advance_sequence(dst, table)
    async with source.engine.connect() as src, target.engine.connect() as dst:
        for table in TABLES_IN_ORDER:
            have, want = await _count(dst, table), await _count(src, table)
            if have != want:
                raise DatabaseError(f"{table.name}: {have} rows copied of {want}")
    return copied


async def _advance_sequence(conn: AsyncConnection, table: sa.Table) -> None:
    """Move a serial id's sequence past the largest copied id."""
    column = table.autoincrement_column
    if column is None:
        return
    await conn.execute(
        sa.text(
            f"SELECT setval(pg_get_serial_sequence(:table, :column), "
            f"coalesce((SELECT max({column.name}) FROM {table.name}), 0) + 1, false)"
        ),
        {"table": table.name, "column": column.name},
    )
