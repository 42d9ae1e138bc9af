"""``newsbot run`` on each database, as a real process with the fake Bot API: on PostgreSQL
(NEWSBOT_DATABASE a URL, its password never logged, even at DEBUG), refusing a database made by
a newer newsbot with a clear message, an unreachable PostgreSQL server in one line, and
``newsbot check`` on both backends."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL

from storage.database import head_revision, open_database
from tests.bot_harness import Serve, Site
from tests.fake_bot_api import FakeBotAPI
from tests.test_bot_runner import (
    ANN,
    ROOT,
    environment,
    error_lines,
    failed_start,
    free_port,
    start,
    stop,
)
from tests.test_database import make_legacy_database


async def test_the_bot_runs_on_postgresql_and_never_logs_the_password(
    tmp_path: Path, serve: Serve, empty_postgres_url: URL
) -> None:
    api, site = FakeBotAPI(), Site()
    api_url, site_url = await serve(api.app()), await serve(site.app())
    url = empty_postgres_url.set(drivername="postgresql", password="pw-s3cret")
    env = environment(tmp_path, api_url, NEWSBOT_DATABASE=url.render_as_string(False))
    process = await start(tmp_path, env)
    try:
        await api.push_update(api.updates.message(ANN, f"{site_url}/news/ferry.html"))
        reply = await api.wait_for_message(lambda m: m.chat_id == ANN, within=120)
    finally:
        code = await stop(process)

    err = (tmp_path / "stderr.log").read_text()
    assert code == 0, err[-3000:]
    assert "Ferry workers end strike" in reply.text
    assert "pw-s3cret" not in err
    assert "postgresql://postgres:***@127.0.0.1" in err
    assert not (tmp_path / "data").exists()  # nothing on disk: it all went to PostgreSQL
    db = await open_database(empty_postgres_url)
    try:
        rows = await db.fetch_all(sa.text("SELECT chat_id, url FROM history"))
        limits = await db.fetch_all(sa.text("SELECT user_id FROM link_limits"))
    finally:
        await db.close()
    assert [tuple(r) for r in rows] == [(ANN, f"{site_url}/news/ferry.html")]
    assert [tuple(r) for r in limits] == [(ANN,)]


async def test_a_database_from_a_newer_newsbot_stops_the_bot_with_a_clear_error(
    tmp_path: Path, serve: Serve
) -> None:
    path = tmp_path / "data" / "bot.sqlite3"
    await (await open_database(path)).close()
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'ffff'")
        raw.commit()
    api = FakeBotAPI()
    process = await start(tmp_path, environment(tmp_path, await serve(api.app())))

    code = await asyncio.wait_for(process.wait(), 120)
    err = (tmp_path / "stderr.log").read_text()
    assert code == 2, err[-3000:]
    assert f"error: the database {path} was written by a newer newsbot" in err
    assert "(schema revision ffff; this one knows up to revision" in err
    assert "Traceback" not in err


# --- start-up failures and `newsbot check` on each backend --------------------------------------


def check(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "check", "--env-file", str(tmp_path / "absent.env")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


async def test_an_unreachable_postgresql_server_is_one_line_without_the_password(
    tmp_path: Path, serve: Serve
) -> None:
    api = FakeBotAPI()
    url = f"postgresql://bot:pw-s3cret@127.0.0.1:{free_port()}/newsbot"
    env = environment(tmp_path, await serve(api.app()), NEWSBOT_DATABASE=url, LOG_LEVEL="DEBUG")
    code, err = await failed_start(tmp_path, env)

    assert code == 1, err[-3000:]
    (line,) = error_lines(tmp_path)
    assert line.startswith("error: cannot connect to the database postgresql://bot:***@127.0.0.1:")
    assert "Traceback" not in err and "pw-s3cret" not in err
    assert not (tmp_path / "data").exists()  # no lock file, no folder: nothing was on disk

    checked = check(env, tmp_path)
    assert checked.returncode == 1, checked.stderr
    assert "error: database: cannot connect to the database postgresql://bot:***@" in (
        checked.stderr
    )
    assert "pw-s3cret" not in checked.stderr + checked.stdout


async def test_check_on_postgresql_reads_the_revision_and_writes_nothing(
    tmp_path: Path, empty_postgres_url: URL
) -> None:
    text = empty_postgres_url.set(drivername="postgresql").render_as_string(hide_password=False)
    env = environment(tmp_path, "http://127.0.0.1:9", NEWSBOT_DATABASE=text)

    empty = check(env, tmp_path)
    assert empty.returncode == 0, empty.stderr
    assert "no schema yet, 6 migrations to apply at the next start" in empty.stdout

    db = await open_database(empty_postgres_url)
    try:
        tables = await db.fetch_all(sa.text("SELECT 1 FROM pg_tables WHERE tablename = 'chats'"))
        assert tables  # open_database migrated it; check (above) had not
        current = check(env, tmp_path)
        assert current.returncode == 0, current.stderr
        assert f"schema revision {head_revision()}\n" in current.stdout
        assert "migrations to apply" not in current.stdout
        await db.execute(sa.text("UPDATE alembic_version SET version_num = 'ffff'"))
    finally:
        await db.close()

    newer = check(env, tmp_path)
    assert newer.returncode == 1
    assert "was written by a newer newsbot (schema revision ffff;" in newer.stderr


async def test_check_knows_alembic_revisions_and_legacy_files(tmp_path: Path) -> None:
    env = environment(tmp_path, "http://127.0.0.1:9")
    path = tmp_path / "data" / "bot.sqlite3"
    path.parent.mkdir()
    make_legacy_database(path, version=3)
    before = path.read_bytes()

    legacy = check(env, tmp_path)
    assert legacy.returncode == 0, legacy.stderr
    assert "schema version 3 of before Alembic, upgraded to revision" in legacy.stdout
    assert path.read_bytes() == before  # read-only: not even WAL turned on

    await (await open_database(path)).close()
    current = check(env, tmp_path)
    assert current.returncode == 0, current.stderr
    assert f"schema revision {head_revision()}, integrity ok" in current.stdout

    with closing(sqlite3.connect(path)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0002'")
        raw.commit()
    behind = check(env, tmp_path)
    assert behind.returncode == 0, behind.stderr
    assert "schema revision 0002, 4 migrations to apply at the next start" in behind.stdout
