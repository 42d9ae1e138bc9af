"""A throwaway PostgreSQL server for the test session.

``initdb`` and ``pg_ctl`` (PostgreSQL 15 on this project's machines) run as the ``postgres``
user when the tests run as root (``initdb`` refuses root), in a temporary folder that user owns,
on a free port of 127.0.0.1, with the server's unix socket in that folder. Durability is off:
the data dies with the session.

Each test gets a database of its own, copied from a template that is migrated once
(``CREATE DATABASE ... TEMPLATE``), so tests start from the latest schema without paying for
the migrations every time.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import URL

TEMPLATE = "newsbot_template"
_names = itertools.count(1)


class ServerUnavailable(Exception):
    """PostgreSQL cannot be started here; the message says why."""


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        raise ServerUnavailable("running as root, and runuser (to become postgres) is missing")
    return ["runuser", "-u", "postgres", "--", *command]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    folder: Path
    port: int

    def url(self, database: str = "postgres") -> URL:
        return URL.create(
            "postgresql+asyncpg", username="postgres", host="127.0.0.1", port=self.port,
            database=database,
        )  # fmt: skip

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def create_database(self, *, template: str | None = TEMPLATE) -> str:
        """A new database, a copy of the migrated template (or empty); its name."""
        name = f"test_{os.getpid()}_{next(_names)}"
        source = f'TEMPLATE "{template}"' if template else "TEMPLATE template0"
        self.admin(f'CREATE DATABASE "{name}" {source}')
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def admin(self, sql: str) -> None:
        """Run one statement as the superuser (from sync code, even inside a running loop)."""

        async def run() -> None:
            connection = await asyncpg.connect(self.dsn)
            try:
                await connection.execute(sql)
            finally:
                await connection.close()

        _in_thread(run)


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()[-2000:]
        raise ServerUnavailable(f"{what} failed ({done.returncode}): {output}")


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start the server, make the migrated template; stop and delete everything at the end."""
    for tool in ("initdb", "pg_ctl"):
        if shutil.which(tool) is None:
            raise ServerUnavailable(f"{tool} is not on PATH (install PostgreSQL 15)")
    folder = Path(tempfile.mkdtemp(prefix="newsbot-pg-"))
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        data = folder / "data"
        _run(
            _as_postgres(
                ["initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync",
                 "-E", "UTF8", "--locale=C"]
            ),
            "initdb",
        )  # fmt: skip
        port = _free_port()
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        _run(
            _as_postgres(
                ["pg_ctl", "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60",
                 "-o", options, "start"]
            ),
            "pg_ctl start",
        )  # fmt: skip
        try:
            server = PostgresServer(folder, port)
            _in_thread(lambda: _make_template(server))
            yield server
        finally:
            subprocess.run(
                _as_postgres(["pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
                timeout=60,
                check=False,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _in_thread(work: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a coroutine to the end in a thread of its own: fixtures may be set up while a test's
    event loop runs, where ``asyncio.run`` is refused."""
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(lambda: asyncio.run(work())).result()


async def _make_template(server: PostgresServer) -> None:
    from storage.database import open_database

    server.admin(f'CREATE DATABASE "{TEMPLATE}"')
    db = await open_database(server.url(TEMPLATE))
    await db.close()
