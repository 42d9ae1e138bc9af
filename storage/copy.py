"""Copy a whole database into another: how a SQLite database moves into PostgreSQL.

The source is a SQLite file. Both are migrated to the latest revision first (so the source may
be a file of any age); the target must have no rows. Tables are copied parents first, in chunks,
in one transaction on the target, then counted on both sides. On PostgreSQL the id sequences are
moved past the copied ids, so new rows do not collide with them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from storage.database import Database, DatabaseUnusable, create_engine, describe
from storage.schema import TABLES_IN_ORDER
from storage.search import index_article

logger = logging.getLogger(__name__)

CHUNK = 1000


def _count(conn: sa.Connection, table: sa.Table) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


async def copy_database(
    source: Path,
    target: Database,
    *,
    chunk: int = CHUNK,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Copy every row of every table of the SQLite file ``source`` (migrated to the latest
    revision: open it with ``open_database`` first) into ``target``; the rows per table."""
    reader = create_engine(source)
    assert isinstance(reader, sa.Engine)

    def copy(conn: sa.Connection) -> dict[str, int]:
        try:
            with reader.connect() as src:
                return _copy_tables(src, conn, chunk, progress, target)
        finally:
            reader.dispose()  # in the thread that made its connection

    return await target.run(copy)


def _copy_tables(
    src: sa.Connection,
    dst: sa.Connection,
    chunk: int,
    progress: Callable[[str, int], None] | None,
    target: Database,
) -> dict[str, int]:
    for table in TABLES_IN_ORDER:
        if _count(dst, table):
            raise DatabaseUnusable(
                f"the target database {describe(target.target)} already has rows in "
                f"{table.name}: copy into an empty database"
            )
    copied: dict[str, int] = {}
    for table in TABLES_IN_ORDER:
        order = list(table.primary_key.columns)
        result = src.execution_options(yield_per=chunk).execute(sa.select(table).order_by(*order))
        count = 0
        for rows in result.partitions():
            dst.execute(sa.insert(table), [dict(row._mapping) for row in rows])
            if table.name == "articles":  # the search index is made again, not copied
                for row in rows:
                    index_article(dst, int(row.id), row.title, row.data)
            count += len(rows)
        copied[table.name] = count
        if progress is not None:
            progress(table.name, count)
    if dst.dialect.name == "postgresql":
        for table in TABLES_IN_ORDER:
            _advance_sequence(dst, table)
    for table in TABLES_IN_ORDER:
        have, want = _count(dst, table), _count(src, table)
        if have != want:
            raise DatabaseUnusable(f"{table.name}: {have} rows copied of {want}")
    return copied


def _advance_sequence(conn: sa.Connection, table: sa.Table) -> None:
    """Move a serial id's sequence past the largest copied id."""
    column = table.autoincrement_column
    if column is None:
        return
    conn.execute(
        sa.text(
            f"SELECT setval(pg_get_serial_sequence(:table, :column), "
            f"coalesce((SELECT max({column.name}) FROM {table.name}), 0) + 1, false)"
        ),
        {"table": table.name, "column": column.name},
    )
