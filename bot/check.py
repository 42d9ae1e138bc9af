"""``newsbot check``: are the settings valid and the database usable? (The container's health
check, and a first step when something is wrong.)

Each check prints one line, ``ok`` or ``error``; the exit status is 0 when all pass, 2 for bad
settings, 1 for a database problem. Nothing is written:

- a SQLite file is opened read-only (the running bot may hold it): its schema must be one this
  newsbot knows (an Alembic revision, or a plain-SQL ``user_version`` it can upgrade) and it must
  pass SQLite's ``quick_check``; a file that does not exist yet only needs a folder the bot can
  create it in;
- a PostgreSQL database is connected to in read-only transactions: the server must answer and
  the schema revision must be one this newsbot knows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from sqlalchemy.engine import URL

from bot.settings import Settings, SettingsError
from storage.database import (
    Database,
    DatabaseTarget,
    DatabaseUnreachable,
    DatabaseUnusable,
    create_engine,
    current_revision,
    describe,
    head_revision,
    inspect_sqlite_file,
    known_revision,
    newer_schema,
    pending_revisions,
)


def _schema(revision: str | None, legacy_version: int = 0) -> str:
    """The schema found, and what the next start will do to it."""
    if revision is None and legacy_version:
        return (
            f"schema version {legacy_version} of before Alembic, upgraded to revision "
            f"{head_revision()} at the next start"
        )
    pending = pending_revisions(revision)
    found = f"schema revision {revision}" if revision else "no schema yet"
    if pending:
        count = "1 migration" if len(pending) == 1 else f"{len(pending)} migrations"
        return f"{found}, {count} to apply at the next start"
    return found


def check_sqlite(path: Path) -> tuple[bool, str]:
    """``(usable, what was found)`` for the SQLite file at ``path``."""
    if not path.exists():
        folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), Path("/"))
        if os.access(folder, os.W_OK | os.X_OK):
            return True, f"{path} does not exist yet; it will be created at the first start"
        return False, f"{path} does not exist and {folder} is not writable, so it cannot be created"
    try:
        state = inspect_sqlite_file(path, quick_check=True)
    except DatabaseUnusable as exc:
        return False, str(exc)
    assert state is not None
    return True, f"{path}: {_schema(state.revision, state.legacy_version)}, integrity ok"


async def check_postgresql(url: URL) -> tuple[bool, str]:
    """``(usable, what was found)`` for the PostgreSQL database at ``url``: it answers, and its
    schema revision is one this newsbot knows."""
    read_only = {"server_settings": {"default_transaction_read_only": "on"}}
    db = Database(create_engine(url, connect_args=read_only), url)
    where = describe(url)
    try:
        await db.probe()
        revision = await current_revision(db)
    except DatabaseUnreachable as exc:
        return False, str(exc)
    finally:
        await db.close()
    if revision is not None and not known_revision(revision):
        return False, newer_schema(where, f"revision {revision}", f"revision {head_revision()}")
    return True, f"{where}: {_schema(revision)}"


def check_database(target: DatabaseTarget) -> tuple[bool, str]:
    """``(usable, what was found)`` for the database ``NEWSBOT_DATABASE`` names."""
    if isinstance(target, URL):
        return asyncio.run(check_postgresql(target))
    return check_sqlite(target)


def check_command(args: argparse.Namespace) -> int:
    quiet = bool(getattr(args, "quiet", False))

    def say(line: str) -> None:
        if not quiet:
            print(line)

    try:
        settings = Settings.from_env(os.environ, env_file=getattr(args, "env_file", ".env"))
    except SettingsError as exc:
        print(f"error: settings: {exc}", file=sys.stderr)
        return 2
    mode = f"webhook {settings.webhook.url}" if settings.webhook else "long polling"
    say(f"ok: settings ({mode})")
    usable, found = check_database(settings.database)
    if not usable:
        print(f"error: database: {found}", file=sys.stderr)
        return 1
    say(f"ok: database {found}")
    return 0

