"""Open the database, a SQLite file or PostgreSQL, and bring its schema up to date.

``NEWSBOT_DATABASE`` is a SQLite path or a ``postgresql://user:password@host:port/dbname`` URL
(:func:`database_target`). Both are reached through SQLAlchemy's async engine (aiosqlite,
asyncpg); :class:`Database` owns the engine and is what every repository is given.

The schema is kept by Alembic (``storage/alembic``). :func:`migrate` runs at start and from
``newsbot migrate``, under a lock, so that processes starting together migrate once:
``pg_advisory_xact_lock`` on PostgreSQL, ``BEGIN IMMEDIATE`` (SQLite's write lock) on SQLite.
A SQLite database made before Alembic (the plain SQL files in ``storage/legacy``, counted in
``PRAGMA user_version``) is finished with those files and marked as at the baseline revision.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

logger = logging.getLogger(__name__)

ALEMBIC_DIR = Path(__file__).parent / "alembic"
LEGACY_DIR = Path(__file__).parent / "legacy"
BASELINE = "0001"  # the revision that equals the legacy schema (legacy version 3)
LEGACY_VERSION = 3
# pg_advisory_xact_lock key of the migration lock: any constant that other locks do not use.
MIGRATION_LOCK_KEY = 0x6E657773  # "news"
BUSY_TIMEOUT_MS = 5000

DatabaseTarget = Path | URL

_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_LEGACY_NAME = re.compile(r"^(\d{3})_[\w-]+\.sql$")
POSTGRES_FORM = "postgresql://user:password@host:port/dbname"


class DatabaseError(Exception):
    """The database cannot be used as it is; ``str(err)`` says why and what to do."""


class SchemaTooNewError(DatabaseError):
    """The database was migrated by a newer newsbot than this one."""


def database_target(text: str) -> DatabaseTarget:
    """A SQLite path, or the asyncpg URL of a ``postgresql://`` (or ``postgres://``) URL.

    Anything else that looks like a URL (``scheme://``) is refused: it is never taken as a
    file name. Error messages never repeat the value (it may hold a password)."""
    if not _URL_LIKE.match(text):
        return Path(text)
    scheme = text.split("://", 1)[0].lower()
    dialect, _, driver = scheme.partition("+")
    if dialect not in ("postgresql", "postgres") or driver not in ("", "asyncpg"):
        raise ValueError(
            f"{scheme}:// databases are not supported: give a SQLite file path or a "
            f"{POSTGRES_FORM} URL"
        )
    try:
        url = make_url("postgresql" + text[len(scheme) :])
        url.port  # noqa: B018  (a port that is not a number raises here)
    except (ArgumentError, ValueError):
        raise ValueError(
            f"is not a valid {POSTGRES_FORM} URL (special characters in the password must be "
            "percent-encoded, e.g. @ as %40)"
        ) from None
    if not url.database:
        raise ValueError(f"names no database: expected {POSTGRES_FORM}")
    return url.set(drivername="postgresql+asyncpg")


def describe(target: DatabaseTarget) -> str:
    """The target for logs and messages: the password is never shown."""
    if isinstance(target, URL):
        return target.set(drivername="postgresql").render_as_string(hide_password=True)
    return str(target)


def _sqlite_url(path: Path | str) -> URL:
    return URL.create("sqlite+aiosqlite", database=str(path))


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def create_engine(target: DatabaseTarget | str, **options: Any) -> AsyncEngine:
    """The async engine for ``target``. SQLite connections get WAL, foreign keys and a busy
    timeout; PostgreSQL ones are checked before use (a replica outlives a database restart).

    Components that need a connection of their own (an advisory lock held for as long as a
    replica runs the scheduler) take it from this engine's pool with ``engine.connect()``."""
    if isinstance(target, str):
        target = database_target(target)
    if isinstance(target, URL):
        return create_async_engine(target, pool_pre_ping=True, **options)
    if str(target) != ":memory:":
        target.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(_sqlite_url(target), **options)
    sa.event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    return engine


class Database:
    """The engine every repository shares, with the few helpers they all use.

    Each helper runs one statement on a connection from the pool, to completion; ``begin()``
    gives a transaction for several (committed when the block ends)."""

    def __init__(self, engine: AsyncEngine, target: DatabaseTarget) -> None:
        self.engine = engine
        self.target = target

    def __repr__(self) -> str:
        return f"Database({describe(self.target)!r})"

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def file(self) -> Path | None:
        """The SQLite file; None for PostgreSQL or an in-memory database."""
        if isinstance(self.target, Path) and str(self.target) != ":memory:":
            return self.target
        return None

    def begin(self) -> AbstractAsyncContextManager[AsyncConnection]:
        return self.engine.begin()

    def insert(self, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
        """``INSERT`` with ``on_conflict_do_nothing`` / ``on_conflict_do_update`` (and
        ``.excluded``) in this database's dialect: the same upsert on both."""
        return insert_for(self.dialect, table)

    async def fetch_all(self, statement: sa.Executable) -> Sequence[sa.Row[Any]]:
        async with self.engine.connect() as conn:
            return (await conn.execute(statement)).all()

    async def fetch_one(self, statement: sa.Executable) -> sa.Row[Any] | None:
        async with self.engine.connect() as conn:
            return (await conn.execute(statement)).first()

    async def scalar(self, statement: sa.Executable) -> Any:
        async with self.engine.connect() as conn:
            return (await conn.execute(statement)).scalar()

    async def execute(self, statement: sa.Executable) -> int:
        """Run one write and commit it; the number of rows it changed."""
        async with self.engine.begin() as conn:
            return max((await conn.execute(statement)).rowcount, 0)

    async def write_one(self, statement: sa.Executable) -> sa.Row[Any] | None:
        """Run one write with ``RETURNING`` and commit it; the row it returned, if any."""
        async with self.engine.begin() as conn:
            return (await conn.execute(statement)).first()

    async def close(self) -> None:
        await self.engine.dispose()


def insert_for(dialect: str, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    if dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


async def open_database(target: DatabaseTarget | str, *, upgrade: bool = True) -> Database:
    """Open (creating a SQLite file if needed) the database and migrate it to the latest
    revision (with ``upgrade=False``, refuse one that is not at it)."""
    if isinstance(target, str):
        target = database_target(target)
    db = Database(create_engine(target), target)
    try:
        if upgrade:
            await migrate(db)
        else:
            await check_revision(db)
    except BaseException:
        await db.close()
        raise
    return db


# --- migrations ---------------------------------------------------------------------------------


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def migrate(db: Database) -> str:
    """Apply the migrations not yet applied, under the migration lock; the revision after."""
    async with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            await conn.exec_driver_sql("BEGIN IMMEDIATE")  # waits for another migrating process
        else:
            await conn.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        revision: str = await conn.run_sync(_upgrade)
        await conn.commit()
    return revision


async def check_revision(db: Database) -> str:
    """The database's revision; :class:`DatabaseError` unless it is this code's latest."""
    async with db.engine.connect() as conn:
        current = await conn.run_sync(_current_revision)
    head = head_revision()
    _refuse_unknown(current)
    if current != head:
        raise DatabaseError(
            f"the database {describe(db.target)} is at revision {current or 'none'}, not "
            f"{head}: run `newsbot migrate` first"
        )
    return head


def _current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _refuse_unknown(revision: str | None) -> None:
    if revision is None:
        return
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        raise SchemaTooNewError(
            f"the database is at schema revision {revision}, which this newsbot does not know "
            f"(its newest is {head_revision()}): it was upgraded by a newer newsbot. Run that "
            "version, or restore a backup made before the upgrade."
        ) from None


def _upgrade(conn: Connection) -> str:
    config = alembic_config()
    config.attributes["connection"] = conn
    current = _current_revision(conn)
    _refuse_unknown(current)
    if current is None and conn.dialect.name == "sqlite" and _finish_legacy(conn):
        command.stamp(config, BASELINE)
    command.upgrade(config, "head")
    revision = _current_revision(conn)
    assert revision is not None
    if revision != current:
        logger.info("database schema at revision %s (was %s)", revision, current or "empty")
    return revision


def legacy_migrations() -> list[tuple[int, str]]:
    """The plain SQL migrations of newsbot before Alembic, as ``(version, sql)``."""
    found = sorted(
        (int(m.group(1)), entry.read_text(encoding="utf-8"))
        for entry in LEGACY_DIR.iterdir()
        if (m := _LEGACY_NAME.match(entry.name))
    )
    assert [v for v, _ in found] == list(range(1, LEGACY_VERSION + 1))
    return found


def _finish_legacy(conn: Connection) -> bool:
    """For a SQLite database of the plain-SQL era: apply the legacy files it lacks (they made
    the baseline schema); whether it was one."""
    version = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    if version == 0:
        return False
    if version > LEGACY_VERSION:
        raise SchemaTooNewError(
            f"the database has schema version {version} (PRAGMA user_version), newer than this "
            f"newsbot knows ({LEGACY_VERSION}): it was made by another newsbot."
        )
    for number, sql in legacy_migrations():
        if number > version:
            logger.info("applying legacy migration %03d", number)
            for statement in _statements(sql):
                conn.exec_driver_sql(statement)
    conn.exec_driver_sql(f"PRAGMA user_version = {LEGACY_VERSION}")
    return True


def _statements(script: str) -> list[str]:
    """A SQL script's statements, one by one (``executescript`` would commit first)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        raise ValueError("a legacy migration ends in an unfinished statement")
    return statements
