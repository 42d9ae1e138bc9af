"""Open the database, a SQLite file or PostgreSQL, and bring its schema up to date.

``NEWSBOT_DATABASE`` is a SQLite path or a ``postgresql://user:password@host:port/dbname`` URL
(:func:`database_target`). Both are reached through SQLAlchemy Core, with the same statements:
PostgreSQL through asyncpg, SQLite through the standard library's driver in a worker thread.
:class:`Database` owns the engine and is what every repository is given.

The schema is kept by Alembic (``storage/alembic``). :func:`migrate` runs at start and from
``newsbot migrate``, under a lock, so that processes starting together migrate once:
``pg_advisory_xact_lock`` on PostgreSQL, ``BEGIN IMMEDIATE`` (SQLite's write lock) on SQLite.
A SQLite database made before Alembic (the plain SQL files in ``storage/legacy``, counted in
``PRAGMA user_version``) is finished with those files and marked as at the baseline revision.
Legacy versions 1 to 3 made the baseline's schema; legacy version 4 added
``chat_settings.summary_language``, which revision 0003 adds where it is missing, so a legacy file
at version 4 is revision 0001 with one column of 0003 already there.

A file that is not an SQLite database (or is damaged), and a database written by a newer newsbot
(an Alembic revision unknown here, or a ``user_version`` beyond the last legacy file), raise
:class:`DatabaseUnusable` with a message fit for the operator, before anything is changed: a
SQLite file is looked at read-only (:func:`inspect_sqlite_file`) before it is opened for writing,
which turns on WAL. A PostgreSQL server that cannot be reached raises
:class:`DatabaseUnreachable`.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from storage.sqlite_worker import SqliteWorker, prepare_engine

logger = logging.getLogger(__name__)

ALEMBIC_DIR = Path(__file__).parent / "alembic"
LEGACY_DIR = Path(__file__).parent / "legacy"
BASELINE = "0001"  # the revision that equals the legacy schema of legacy version 3
LEGACY_VERSION = 4  # the last plain SQL file (004_summary_language.sql); 0003 copes with it
# pg_advisory_xact_lock key of the migration lock: any constant that other locks do not use.
MIGRATION_LOCK_KEY = 0x6E657773  # "news"
BUSY_TIMEOUT_MS = 5000

DatabaseTarget = Path | URL
T = TypeVar("T")

_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_LEGACY_NAME = re.compile(r"^(\d{3})_[\w-]+\.sql$")
POSTGRES_FORM = "postgresql://user:password@host:port/dbname"
_LEGACY_KNOWN = f"version {LEGACY_VERSION}, then Alembic revisions"  # for "this one knows up to"


class DatabaseUnusable(Exception):
    """The database cannot be used as it is; ``str(err)`` says why and what to do (starting
    again will not help)."""


class SchemaTooNewError(DatabaseUnusable):
    """The database was migrated by a newer newsbot than this one."""


class DatabaseUnreachable(Exception):
    """The database server cannot be reached or refused the connection (it may be down, or the
    URL wrong); ``str(err)`` says why, never with the password."""


def damaged(where: str | Path, exc: Exception) -> str:
    return (
        f"the database {where} is not an SQLite database or is damaged ({exc}); restore it "
        "from a backup, or move it away to start with an empty one"
    )


def newer_schema(where: str | Path, found: str, knows: str) -> str:
    """The message for a database at schema ``found`` (e.g. "revision 9999"), newer than this
    code's newest, ``knows``."""
    return (
        f"the database {where} was written by a newer newsbot (schema {found}; this one knows "
        f"up to {knows}); run that newer newsbot, or restore a backup made for this one"
    )


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


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def create_engine(target: DatabaseTarget | str, **options: Any) -> Engine | AsyncEngine:
    """The engine for ``target``: asyncpg's async engine for PostgreSQL; for SQLite the standard
    library's driver (its connections get WAL, foreign keys and a busy timeout), used from one
    worker thread (:class:`Database`)."""
    if isinstance(target, str):
        target = database_target(target)
    if isinstance(target, URL):
        return create_async_engine(target, **options)
    memory = str(target) == ":memory:"
    if not memory:
        target.parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        URL.create("sqlite+pysqlite", database=str(target)),
        poolclass=StaticPool if memory else sa.pool.QueuePool,
        **({} if memory else {"pool_size": 1, "max_overflow": 0}),
        **options,
    )
    prepare_engine(engine, _on_sqlite_connect)
    return engine


Work = Callable[[Connection], T]
Params = dict[str, Any] | None
Row = sa.Row[Any]
Rows = Sequence[sa.Row[Any]]


class Database:
    """The database every repository shares: ``await db.run(work)`` runs ``work(connection)``
    in one transaction, committed when it returns (rolled back if it raises).

    ``work`` is plain synchronous SQLAlchemy Core, the same for both databases, and should only
    talk to the database:

    - PostgreSQL: it runs in ``AsyncConnection.run_sync`` on a connection of asyncpg's pool, so
      transactions of different coroutines run side by side;
    - SQLite: it runs in a worker thread of its own with the one connection of the file, so the
      whole transaction costs one trip to the thread (aiosqlite under SQLAlchemy's async engine
      takes several per statement: measured ten times slower, benchmarks/storage.py), the
      transactions of one process never wait on each other's locks, and those queued together
      are committed together (``storage/sqlite_worker.py``).
    """

    def __init__(self, engine: Engine | AsyncEngine, target: DatabaseTarget) -> None:
        self.target = target
        self._async: AsyncEngine | None = engine if isinstance(engine, AsyncEngine) else None
        self._sync: Engine | None = engine if isinstance(engine, Engine) else None
        self._worker = SqliteWorker(self._sync) if self._sync is not None else None
        # One statement needs no BEGIN and COMMIT around it: two round trips fewer.
        self._autocommit = (
            self._async.execution_options(isolation_level="AUTOCOMMIT") if self._async else None
        )

    def __repr__(self) -> str:
        return f"Database({describe(self.target)!r})"

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        engine = self._async or self._sync
        assert engine is not None
        return engine.dialect.name

    @property
    def file(self) -> Path | None:
        """The SQLite file; None for PostgreSQL or an in-memory database."""
        if isinstance(self.target, Path) and str(self.target) != ":memory:":
            return self.target
        return None

    async def run(self, work: Work[T]) -> T:
        """``work(connection)`` in one transaction; what it returns."""
        if self._async is not None:
            async with self._async.begin() as conn:
                return await conn.run_sync(work)
        assert self._worker is not None
        return await self._worker.run(work)

    async def run_locked(self, work: Work[T]) -> T:
        """Like :meth:`run`, under the migration lock: ``pg_advisory_xact_lock`` on PostgreSQL;
        on SQLite every transaction holds the file's write lock (``BEGIN IMMEDIATE``)."""
        if self._async is not None:
            async with self._async.begin() as conn:
                await conn.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
                return await conn.run_sync(work)
        return await self.run(work)

    def insert(self, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
        """``INSERT`` with ``on_conflict_do_nothing`` / ``on_conflict_do_update`` (and
        ``.excluded``) in this database's dialect: the same upsert on both."""
        return insert_for(self.dialect, table)

    # One statement each, in a transaction of its own. ``params`` fill a statement's
    # ``bindparam()``s: a statement built once, at import, costs less than one built per call.

    async def fetch_all(self, statement: sa.Executable, params: Params = None) -> Rows:
        return await self._one(lambda conn: conn.execute(statement, params).all())

    async def fetch_one(self, statement: sa.Executable, params: Params = None) -> Row | None:
        return await self._one(lambda conn: conn.execute(statement, params).first())

    async def scalar(self, statement: sa.Executable, params: Params = None) -> Any:
        return await self._one(lambda conn: conn.execute(statement, params).scalar())

    async def execute(self, statement: sa.Executable, params: Params = None) -> int:
        """Run one write; the number of rows it changed."""
        return await self._one(lambda conn: max(conn.execute(statement, params).rowcount, 0))

    async def write_one(self, statement: sa.Executable, params: Params = None) -> Row | None:
        """Run one write with ``RETURNING``; the row it returned, if any."""
        return await self._one(lambda conn: conn.execute(statement, params).first())

    async def _one(self, work: Work[T]) -> T:
        """One statement: a transaction by itself (PostgreSQL's autocommit)."""
        if self._autocommit is not None:
            async with self._autocommit.connect() as conn:
                return await conn.run_sync(work)
        return await self.run(work)

    async def probe(self) -> None:
        """Connect once: :class:`DatabaseUnreachable` if the server cannot be reached or
        refuses the connection (a wrong password, a database that does not exist)."""
        if self._async is None:
            return
        try:
            async with self._async.connect() as conn:
                await conn.execute(sa.text("SELECT 1"))
        except (OSError, TimeoutError, sa.exc.DBAPIError) as exc:
            reason = getattr(exc, "orig", None) or exc
            raise DatabaseUnreachable(
                f"cannot connect to the database {describe(self.target)}: "
                f"{type(reason).__name__}: {reason}"
            ) from exc

    async def close(self) -> None:
        if self._async is not None:
            await self._async.dispose()
        if self._worker is not None:
            await self._worker.stop()  # closes the connection in its own thread


def insert_for(dialect: str, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    if dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


async def open_database(target: DatabaseTarget | str, *, upgrade: bool = True) -> Database:
    """Open (creating a SQLite file if needed) the database and migrate it to the latest
    revision (with ``upgrade=False``, refuse one that is not at it)."""
    if isinstance(target, str):
        target = database_target(target)
    if isinstance(target, Path):
        inspect_sqlite_file(target)  # nothing is written to a file that cannot be used
    db = Database(create_engine(target), target)
    try:
        if isinstance(target, URL):
            await db.probe()
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
    return await db.run_locked(_upgrade)


async def check_revision(db: Database) -> str:
    """The database's revision; :class:`DatabaseUnusable` unless it is this code's latest."""
    current = await db.run(_current_revision)
    head = head_revision()
    _refuse_unknown(current, describe(db.target))
    if current != head:
        raise DatabaseUnusable(
            f"the database {describe(db.target)} is at revision {current or 'none'}, not "
            f"{head}: run `newsbot migrate` first"
        )
    return head


async def current_revision(db: Database) -> str | None:
    """The database's Alembic revision; None for an empty or a legacy database."""
    return await db.run(_current_revision)


def _current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def known_revision(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def pending_revisions(revision: str | None) -> list[str]:
    """The revisions an upgrade from ``revision`` (None: an empty database) would apply."""
    script = ScriptDirectory.from_config(alembic_config())
    newest_first = script.walk_revisions(base=revision or "base", head="heads")
    return [r.revision for r in reversed(list(newest_first)) if r.revision != revision]


def _refuse_unknown(revision: str | None, where: str | Path) -> None:
    if revision is not None and not known_revision(revision):
        raise SchemaTooNewError(
            newer_schema(where, f"revision {revision}", f"revision {head_revision()}")
        )


def _where(conn: Connection) -> str:
    """The database of ``conn`` for messages (no password)."""
    url = conn.engine.url
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return describe(url)


@dataclass(frozen=True, slots=True)
class SqliteFileState:
    """What a read-only look at a SQLite file found (:func:`inspect_sqlite_file`)."""

    revision: str | None  # its Alembic revision; None before Alembic or when empty
    legacy_version: int  # PRAGMA user_version: the last legacy file applied (0: none)
    integrity: str | None = None  # PRAGMA quick_check's answer, when asked for


def inspect_sqlite_file(path: Path, *, quick_check: bool = False) -> SqliteFileState | None:
    """Look at the SQLite file at ``path`` read-only, changing nothing; None if it does not
    exist yet. :class:`DatabaseUnusable` if it cannot be opened, is not an SQLite database, is
    damaged (with ``quick_check``) or was written by a newer newsbot."""
    if str(path) == ":memory:" or not path.exists():
        return None
    try:
        raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error as exc:
        raise DatabaseUnusable(f"cannot open the database {path}: {exc}") from exc
    try:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        version = int(raw.execute("PRAGMA user_version").fetchone()[0])
        has_alembic = raw.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        revision = None
        if has_alembic:
            row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None
        integrity = str(raw.execute("PRAGMA quick_check").fetchone()[0]) if quick_check else None
    except sqlite3.OperationalError as exc:
        raise DatabaseUnusable(f"cannot use the database {path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnusable(damaged(path, exc)) from exc
    finally:
        raw.close()
    if revision is not None:
        _refuse_unknown(revision, path)
    elif version > LEGACY_VERSION:
        raise SchemaTooNewError(
            newer_schema(path, f"version {version}", _LEGACY_KNOWN)
        )
    if integrity is not None and integrity != "ok":
        raise DatabaseUnusable(damaged(path, Exception(integrity)))
    return SqliteFileState(revision, version, integrity)


def _upgrade(conn: Connection) -> str:
    config = alembic_config()
    config.attributes["connection"] = conn
    current = _current_revision(conn)
    _refuse_unknown(current, _where(conn))
    if current is None and conn.dialect.name == "sqlite" and _finish_legacy(conn):
        logger.info("a SQLite file from before Alembic: its schema is revision %s", BASELINE)
        command.stamp(config, BASELINE)
        current = BASELINE
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
            newer_schema(_where(conn), f"version {version}", _LEGACY_KNOWN)
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
