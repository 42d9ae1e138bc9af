"""Fixtures shared by the whole suite.

``serve`` starts a real aiohttp server on 127.0.0.1 for a test: pages, feeds, redirects and
misbehaving sites are served from it, so no test touches the network. ``database`` is a real
database on each backend: a SQLite file and a real PostgreSQL (``postgres``).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy.engine import URL

from storage.database import Database, DatabaseTarget, open_database
from tests.postgres import PostgresServer, ServerUnavailable, postgres_server

os.environ.setdefault("HF_HUB_OFFLINE", "1")

Serve = Callable[[web.Application], Awaitable[str]]


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    """``base_url = await serve(app)``: run ``app`` on a free port of 127.0.0.1."""
    runners: list[web.AppRunner] = []

    async def start(app: web.Application) -> str:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}"

    yield start
    for runner in runners:
        await runner.cleanup()


# --- databases ----------------------------------------------------------------------------------
# The storage tests run on both backends: a SQLite file, and a database of its own on the
# session's throwaway PostgreSQL server (tests/postgres.py). With CI=true the PostgreSQL tests
# must run: a server that cannot start fails them instead of skipping them.


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    try:
        with postgres_server() as server:
            yield server
    except ServerUnavailable as exc:
        reason = f"PostgreSQL tests need a local PostgreSQL 15 server: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: they may not be skipped)")
        pytest.skip(reason)


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> Iterator[URL]:
    """The URL of a fresh PostgreSQL database, migrated to the latest schema."""
    name = postgres.create_database()
    yield postgres.url(name)
    postgres.drop_database(name)


@pytest.fixture
def empty_postgres_url(postgres: PostgresServer) -> Iterator[URL]:
    """The URL of a fresh, empty PostgreSQL database (no tables)."""
    name = postgres.create_database(template=None)
    yield postgres.url(name)
    postgres.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_target(request: pytest.FixtureRequest, tmp_path: Path) -> DatabaseTarget:
    """Where ``database`` lives: a SQLite file, or a fresh migrated PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "newsbot.sqlite3"
    url: URL = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def database(database_target: DatabaseTarget) -> AsyncIterator[Database]:
    """An empty, migrated database on each backend."""
    db = await open_database(database_target)
    yield db
    await db.close()
