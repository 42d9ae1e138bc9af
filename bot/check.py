"""``newsbot check``: are the settings valid and the database usable? (The container's health
check, and a first step when something is wrong.)

Each check prints one line, ``ok`` or ``error``; the exit status is 0 when all pass, 2 for bad
settings, 1 for a database problem. Nothing is written: the database is opened read-only (the
running bot may hold it), and a database that does not exist yet only needs a folder the bot can
create it in.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from bot.settings import Settings, SettingsError
from storage.database import damaged, migrations, newer_schema


def check_database(path: Path) -> tuple[bool, str]:
    """``(usable, what was found)`` for the database file at ``path``."""
    if not path.exists():
        folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), Path("/"))
        if os.access(folder, os.W_OK | os.X_OK):
            return True, f"{path} does not exist yet; it will be created at the first start"
        return False, f"{path} does not exist and {folder} is not writable, so it cannot be created"
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error as exc:
        return False, f"cannot open the database {path}: {exc}"
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        problem = newer_schema(path, version)
        if problem:
            return False, problem
        result = db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            return False, damaged(path, Exception(str(result)))
    except sqlite3.OperationalError as exc:
        return False, f"cannot use the database {path}: {exc}"
    except sqlite3.DatabaseError as exc:
        return False, damaged(path, exc)
    finally:
        db.close()
    latest = len(migrations())
    pending = (
        f", {latest - version} migrations to apply at the next start" if version < latest else ""
    )
    return True, f"{path}: schema version {version}{pending}, integrity ok"


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
