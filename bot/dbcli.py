"""``newsbot migrate`` and ``newsbot copy-db``: the database's schema and moving it.

``migrate`` brings the database of ``NEWSBOT_DATABASE`` (or ``--database``) to the latest
schema, under the same lock as ``newsbot run`` takes at start. ``copy-db --from A --to B``
copies every table of one database into an empty other one: a SQLite file into PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from bot.settings import Settings, SettingsError, cli_log_level, configure_logging
from storage.copy import copy_database
from storage.database import (
    DatabaseTarget,
    DatabaseUnreachable,
    DatabaseUnusable,
    current_revision,
    database_target,
    describe,
    head_revision,
    open_database,
)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run_migrate = commands.add_parser(
        "migrate", help="bring the database (NEWSBOT_DATABASE) to the latest schema"
    )
    run_migrate.add_argument("--env-file", default=".env", help="read settings from this file")
    run_migrate.add_argument(
        "--database", metavar="PATH_OR_URL", help="this database instead of NEWSBOT_DATABASE"
    )
    copy = commands.add_parser(
        "copy-db", help="copy every table of one database into an empty one (SQLite to PostgreSQL)"
    )
    copy.add_argument("--from", dest="source", required=True, metavar="PATH_OR_URL")
    copy.add_argument("--to", dest="target", required=True, metavar="PATH_OR_URL")


def _target(text: str, what: str) -> DatabaseTarget:
    try:
        return database_target(text)
    except ValueError as exc:
        raise SettingsError([f"{what} {exc}"]) from None


async def _migrate(target: DatabaseTarget) -> str:
    db = await open_database(target)  # migrated under the lock, as at start
    try:
        revision = await current_revision(db)
    finally:
        await db.close()
    assert revision is not None
    return revision


async def _copy(source: Path, target: DatabaseTarget) -> dict[str, int]:
    await (await open_database(source)).close()  # migrated: an old file is read as a new one
    target_db = await open_database(target)
    try:
        return await copy_database(
            source, target_db, progress=lambda t, n: print(f"{t}: {n} rows", flush=True)
        )
    finally:
        await target_db.close()


def migrate_command(args: argparse.Namespace) -> int:
    try:
        if args.database:
            target = _target(args.database, "--database")
        else:
            target = Settings.from_env(
                os.environ, env_file=args.env_file, require_token=False
            ).database
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    configure_logging(cli_log_level(os.environ))
    try:
        revision = asyncio.run(_migrate(target))
    except DatabaseUnusable as exc:  # damaged, or newer than this code: trying again won't help
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (DatabaseUnreachable, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{describe(target)}: schema at revision {revision} (the latest, {head_revision()})")
    return 0


def copy_command(args: argparse.Namespace) -> int:
    try:
        source = _target(args.source, "--from")
        target = _target(args.target, "--to")
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not isinstance(source, Path):
        print("error: --from must be a SQLite file (copy-db moves it into another database)",
              file=sys.stderr)  # fmt: skip
        return 2
    if not source.is_file():
        print(f"error: --from {source}: no such file", file=sys.stderr)
        return 2
    if describe(source) == describe(target):
        print("error: --from and --to are the same database", file=sys.stderr)
        return 2
    configure_logging(cli_log_level(os.environ))
    try:
        copied = asyncio.run(_copy(source, target))
    except (DatabaseUnusable, DatabaseUnreachable, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"copied {sum(copied.values())} rows in {len(copied)} tables from {describe(source)} "
        f"to {describe(target)}"
    )
    return 0
