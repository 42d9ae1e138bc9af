"""Opening and migrating the database: what NEWSBOT_DATABASE accepts, legacy SQLite files made
before Alembic, databases newer than the code, and processes that start together."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from bot.settings import Settings, SettingsError
from storage.articles import ArticleRepository
from storage.chat_settings import ChatSettings, ChatSettingsRepository
from storage.database import (
    LEGACY_VERSION,
    Database,
    DatabaseTarget,
    SchemaTooNewError,
    create_engine,
    database_target,
    describe,
    head_revision,
    legacy_migrations,
    open_database,
)
from storage.digest_log import DigestLog, DigestState
from storage.feeds import FeedRepository
from storage.filters import FilterRepository
from storage.history import HistoryRepository
from storage.subscriptions import SubscriptionRepository

ROWS = Path(__file__).parent / "resources" / "legacy" / "rows.sql"
LEGACY_TABLES = (
    "chats", "articles", "article_urls", "history", "chat_settings", "subscriptions",
    "digest_log", "feeds", "chat_feeds", "feed_items", "chat_filters", "chat_managers",
)  # fmt: skip
GROUP, ANN = -1001234567890, 7123456789


def make_legacy_database(path: Path, *, version: int = LEGACY_VERSION, rows: bool = True) -> None:
    """A database exactly as newsbot made it before Alembic (storage/database.py at 7fc8603)."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        for number, script in legacy_migrations():
            if number <= version:
                db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        if rows:
            db.executescript(ROWS.read_text(encoding="utf-8"))


# Columns that Alembic revisions added (0002, 0003, 0005): not in every legacy file.
NEWER_COLUMNS = ("position", "summary_language", "interface_language")


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every legacy table, in the columns of legacy version 3."""
    tables: dict[str, list[tuple[object, ...]]] = {}
    with closing(sqlite3.connect(path)) as db:
        for table in LEGACY_TABLES:
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
            legacy = ", ".join(c for c in columns if c not in NEWER_COLUMNS)
            tables[table] = list(db.execute(f"SELECT {legacy} FROM {table} ORDER BY rowid"))
    return tables


def schema(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Columns (name, type, not null, primary key) and indexes of every table. Primary keys are
    NOT NULL whether declared so (Alembic) or not (the legacy SQL left it implicit)."""
    found: dict[str, list[tuple[object, ...]]] = {}
    with closing(sqlite3.connect(path)) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in names:
            info = db.execute(f"PRAGMA table_info({table})")
            columns = [(r[1], r[2], r[3] or r[5] > 0, r[5]) for r in info]
            indexes = [(r[1],) for r in db.execute(f"PRAGMA index_list({table})")]
            found[table] = [*sorted(columns), *sorted(indexes)]
    return found


# --- NEWSBOT_DATABASE ---------------------------------------------------------------------------


def test_a_path_is_a_sqlite_file_and_a_postgresql_url_is_used_as_one() -> None:
    assert database_target("data/newsbot.sqlite3") == Path("data/newsbot.sqlite3")
    for text in (
        "postgresql://bot:s3cret@db.internal:6432/newsbot",
        "postgres://bot:s3cret@db.internal:6432/newsbot",
        "postgresql+asyncpg://bot:s3cret@db.internal:6432/newsbot",
    ):
        url = database_target(text)
        assert isinstance(url, URL)
        assert (url.drivername, url.host, url.port, url.database) == (
            "postgresql+asyncpg", "db.internal", 6432, "newsbot",
        )  # fmt: skip
        assert url.password == "s3cret"
        assert describe(url) == "postgresql://bot:***@db.internal:6432/newsbot"


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("mysql://bot:s3cret@db/newsbot", "mysql:// databases are not supported"),
        ("sqlite:///s3cret/file.db", "sqlite:// databases are not supported"),
        ("postgresql+psycopg://bot:s3cret@db/newsbot", "not supported"),
        ("postgresql://bot:s3cret@db:port/newsbot", "is not a valid"),
        ("postgresql://bot:s3cret@db:5432", "names no database"),
        ("postgresql://bot:s3cret@db:5432/", "names no database"),
    ],
)
def test_any_other_url_is_refused_naming_the_variable_never_the_password(
    value: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError) as error:
        Settings.from_env({"NEWSBOT_DATABASE": value}, require_token=False)

    (problem,) = error.value.problems
    assert problem.startswith("NEWSBOT_DATABASE ")
    assert says in problem
    assert "s3cret" not in str(error.value)
    assert list(tmp_path.iterdir()) == []  # no folder named after the URL


def test_the_password_is_in_no_repr_and_no_log(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings.from_env(
        {"NEWSBOT_DATABASE": "postgresql://bot:s3cret@db.internal/newsbot"}, require_token=False
    )
    assert isinstance(settings.database, URL)
    assert settings.database.password == "s3cret"
    assert "s3cret" not in repr(settings)
    assert "s3cret" not in str(settings.database)
    db = Database(create_engine(settings.database), settings.database)
    assert "s3cret" not in repr(db)


# --- legacy SQLite databases --------------------------------------------------------------------


@pytest.mark.parametrize("version", [3, LEGACY_VERSION])
async def test_a_legacy_sqlite_database_upgrades_in_place_with_nothing_lost(
    tmp_path: Path, version: int
) -> None:
    """Version 3 was the last before the summary language, 4 (its plain-SQL migration) the
    last of all."""
    path = tmp_path / "newsbot.sqlite3"
    make_legacy_database(path, version=version)
    before = snapshot(path)
    assert all(before.values()), "every legacy table has rows"

    db = await open_database(path)
    try:
        assert snapshot(path) == before
        history = HistoryRepository(db)
        page = await history.page(GROUP)
        assert [(e.title, e.shared_by_id, e.thread_id) for e in page.entries] == [
            ("“Quoted” headline", None, None),
            ("Über den Fluss", ANN, 5),
        ]
        by_reply = await history.by_message(ANN, 8)
        assert by_reply is not None and by_reply.url == "https://amp.news.example/a"
        found = await ArticleRepository(db).find("https://amp.news.example/a")
        assert found is not None and found.published == dt.date(2026, 1, 31)
        settings = await ChatSettingsRepository(db).get(GROUP)
        assert settings == ChatSettings(5, 1, True, "Europe/Berlin")
        changed = await ChatSettingsRepository(db).update(GROUP, summary_language="de")
        assert changed == ChatSettings(5, 1, True, "Europe/Berlin", "de")
        subscription = await SubscriptionRepository(db).get(-42)
        assert subscription is not None
        assert (subscription.active, subscription.paused_reason) == (False, "removed")
        log = DigestLog(db)
        sent = await log.get(GROUP, dt.date(2026, 2, 1))
        assert sent is not None
        assert (sent.state, sent.parts, sent.message_ids) == (
            DigestState.SENT, ("Part one", "Part two"), (501, 502),
        )  # fmt: skip
        assert [e.digest_date for e in await log.unfinished()] == [dt.date(2026, 2, 2)]
        feeds = await FeedRepository(db).for_chat(GROUP)
        assert [(f.title, f.failures) for f in feeds] == [("News", 0), ("Broken", 3)]
        filters = await FilterRepository(db).get(GROUP)
        assert (filters.include, filters.exclude) == (("Zebra", "Apple Pie"), ("Sport",))
        # Writing works on the upgraded file: the ids go on from the legacy ones.
        await log.part_sent(GROUP, dt.date(2026, 2, 2), 777)
        resumed = await log.get(GROUP, dt.date(2026, 2, 2))
        assert resumed is not None and resumed.message_ids == (777,)
    finally:
        await db.close()
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)
        ]


async def test_an_older_legacy_database_gets_the_legacy_steps_it_missed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_legacy_database(path, version=1, rows=False)
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("INSERT INTO chats (chat_id, type) VALUES (-5, 'group')")
        raw.commit()

    db = await open_database(path)
    await SubscriptionRepository(db).subscribe(
        -5, local_time=dt.time(8), timezone="UTC", now=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )
    await db.close()

    fresh = tmp_path / "fresh.sqlite3"
    await (await open_database(fresh)).close()
    assert schema(path) == schema(fresh)


async def test_a_summary_language_saved_by_the_last_legacy_migration_is_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v4.sqlite3"
    make_legacy_database(path, version=4)
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("UPDATE chat_settings SET summary_language = 'uk' WHERE chat_id = ?", (GROUP,))
        raw.commit()

    db = await open_database(path)
    try:
        settings = await ChatSettingsRepository(db).get(GROUP)
        assert settings.summary_language == "uk"
        # "" goes back to each article's own language; None keeps what is there.
        assert (await ChatSettingsRepository(db).update(GROUP, quotes=0)).summary_language == "uk"
        cleared = await ChatSettingsRepository(db).update(GROUP, summary_language="")
        assert cleared.summary_language is None
    finally:
        await db.close()


@pytest.mark.parametrize("version", [3, LEGACY_VERSION])
async def test_fresh_and_upgraded_sqlite_files_have_the_same_schema(
    tmp_path: Path, version: int
) -> None:
    legacy, fresh = tmp_path / "legacy.sqlite3", tmp_path / "fresh.sqlite3"
    make_legacy_database(legacy, version=version, rows=False)
    for path in (legacy, fresh):
        await (await open_database(path)).close()

    assert schema(legacy) == schema(fresh)


# --- newer than the code ------------------------------------------------------------------------


async def test_a_database_newer_than_the_code_is_refused(database: Database) -> None:
    await database.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    await database.close()

    with pytest.raises(SchemaTooNewError, match=r"newer newsbot \(schema revision 9999;"):
        await open_database(database.target)


async def test_a_legacy_file_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    make_legacy_database(path, rows=False)
    with closing(sqlite3.connect(path)) as raw:
        raw.execute(f"PRAGMA user_version = {LEGACY_VERSION + 1}")

    with pytest.raises(SchemaTooNewError, match=f"schema version {LEGACY_VERSION + 1}"):
        await open_database(path)


# --- several processes at once ------------------------------------------------------------------


def _cli_target(target: DatabaseTarget) -> str:
    if isinstance(target, URL):
        return target.render_as_string(hide_password=False)
    return str(target)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_processes_starting_together_migrate_once(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    target: DatabaseTarget = (
        tmp_path / "data" / "shared.sqlite3"
        if backend == "sqlite"
        else request.getfixturevalue("empty_postgres_url")
    )
    env = {**os.environ, "LOG_LEVEL": "INFO"}
    command = [sys.executable, "-m", "bot", "migrate", "--database", _cli_target(target)]
    pipe = asyncio.subprocess.PIPE
    processes = [
        await asyncio.create_subprocess_exec(*command, stdout=pipe, stderr=pipe, env=env)
        for _ in range(4)
    ]
    outputs = [await asyncio.wait_for(p.communicate(), 120) for p in processes]

    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err.decode()
        assert f"schema at revision {head_revision()}" in out.decode()
    migrated = f"database schema at revision {head_revision()} (was empty)"
    upgrades = sum(err.decode().count(migrated) for _, err in outputs)
    assert upgrades == 1  # one process migrated; the others found it done
    db = await open_database(target)
    try:
        versions = await db.fetch_all(sa.text("SELECT version_num FROM alembic_version"))
        assert [tuple(v) for v in versions] == [(head_revision(),)]
    finally:
        await db.close()


async def test_migrate_command_says_when_the_database_is_too_new(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    await (await open_database(path)).close()
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'abcd'")
        raw.commit()

    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "migrate", "--database", str(path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(process.communicate(), 120)

    assert process.returncode == 2
    assert f"the database {path} was written by a newer newsbot (schema revision abcd;" in (
        err.decode()
    )
    assert "Traceback" not in err.decode()
