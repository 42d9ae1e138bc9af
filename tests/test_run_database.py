"""``newsbot run`` on each database, as a real process with the fake Bot API: on PostgreSQL
(NEWSBOT_DATABASE a URL, its password never logged, even at DEBUG), and refusing a database
made by a newer newsbot with a clear message."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL

from storage.database import open_database
from tests.bot_harness import Serve, Site
from tests.fake_bot_api import FakeBotAPI
from tests.test_bot_runner import ANN, environment, start, stop


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
    assert code == 1, err[-3000:]
    assert "error: the database is at schema revision ffff" in err
    assert "upgraded by a newer newsbot" in err
    assert "Traceback" not in err
