"""The bot's tables on both backends (a SQLite file, a real PostgreSQL): chats, the article
cache, history and settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage.articles import ArticleRepository, NewArticle
from storage.chat_settings import ChatSettings, ChatSettingsRepository
from storage.chats import ChatRepository
from storage.database import Database, open_database
from storage.history import HistoryRepository, NewShare
from storage.search import SearchQueries

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
CHAT, OTHER = -1001, 42


@pytest.fixture
async def db(database: Database) -> Database:
    chats = ChatRepository(database)
    await chats.remember(CHAT, "supergroup", title="News", now=T0)
    await chats.remember(OTHER, "private", username="ann", now=T0)
    return database


def article(n: int, *, at: dt.datetime = T0) -> NewArticle:
    return NewArticle(
        canonical_url=f"https://news.example/{n}",
        url=f"https://news.example/{n}?utm_source=x",
        title=f"Story {n}",
        data=f'{{"n": {n}}}',
        fetched_at=at,
        site="news.example",
        language="en",
        published=dt.date(2026, 3, 1),
    )


async def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "bot.sqlite3")
    try:
        pragmas = [
            await db.scalar(sa.text(f"PRAGMA {name}"))
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
        assert pragmas == ["wal", 1, 5000]
    finally:
        await db.close()


async def test_indices(db: Database) -> None:
    def index_names(conn: sa.Connection) -> set[str]:
        inspector = sa.inspect(conn)
        return {i["name"] or "" for t in ("history", "articles", "article_urls")
                for i in inspector.get_indexes(t)}  # fmt: skip

    names = await db.run(index_names)
    assert {"history_chat_time", "article_urls_article", "articles_fetched_at"} <= names


async def test_telegram_ids_beyond_32_bits_are_kept(db: Database) -> None:
    supergroup, user = -1002345678901, 7_123_456_789
    await ChatRepository(db).remember(supergroup, "supergroup", now=T0)
    saved = await ArticleRepository(db).save(article(1))
    await HistoryRepository(db).add(
        NewShare(supergroup, saved.id, T0, shared_by_id=user, message_id=2**31 + 5)
    )
    latest = await HistoryRepository(db).latest(supergroup)
    assert latest is not None
    assert (latest.chat_id, latest.shared_by_id, latest.message_id) == (
        supergroup, user, 2**31 + 5,
    )  # fmt: skip


async def test_chats_keep_known_values(db: Database) -> None:
    chats = ChatRepository(db)
    await chats.remember(CHAT, "supergroup", title=None, now=T0 + dt.timedelta(hours=1))

    record = await chats.get(CHAT)
    assert record is not None
    assert (record.type, record.title) == ("supergroup", "News")
    assert await chats.get(999) is None


async def test_an_article_is_found_by_every_alias_and_only_while_fresh(
    db: Database,
) -> None:
    articles = ArticleRepository(db)
    saved = await articles.save(article(1), aliases=["https://amp.news.example/1"])

    for url in (
        "https://news.example/1",
        "https://news.example/1?utm_source=x",
        "https://amp.news.example/1",
    ):
        found = await articles.find(url)
        assert found is not None and found.id == saved.id, url
    assert saved.published == dt.date(2026, 3, 1)
    assert await articles.find("https://news.example/2") is None
    assert (
        await articles.find("https://news.example/1", fetched_after=T0 - dt.timedelta(hours=1))
        == saved
    )
    assert await articles.find("https://news.example/1", fetched_after=T0) is None


async def test_saving_the_same_canonical_url_replaces_the_cached_copy(
    db: Database,
) -> None:
    articles = ArticleRepository(db)
    first = await articles.save(article(1))
    later = T0 + dt.timedelta(days=2)
    second = await articles.save(
        NewArticle("https://news.example/1", "https://m.news.example/1", "New title", "{}", later)
    )

    assert second.id == first.id
    assert (second.title, second.fetched_at) == ("New title", later)
    found = await articles.find("https://news.example/1?utm_source=x")
    assert found is not None and found.title == "New title"
    await articles.update_data(first.id, '{"more": 1}')
    updated = await articles.get(first.id)
    assert updated is not None and (updated.data, updated.fetched_at) == ('{"more": 1}', later)


async def test_history_is_newest_first_numbered_and_paged(db: Database) -> None:
    articles, history = ArticleRepository(db), HistoryRepository(db)
    for n in range(1, 6):
        saved = await articles.save(article(n))
        await history.add(
            NewShare(
                CHAT,
                saved.id,
                T0 + dt.timedelta(minutes=n),
                url=f"https://news.example/{n}?ref=chat",
                shared_by_id=7,
                shared_by_name="Ann",
                message_id=100 + n,
                thread_id=5,
            )
        )

    page = await history.page(CHAT, offset=2, size=2)
    assert [e.title for e in page.entries] == ["Story 3", "Story 2"]
    assert (page.first_number, page.total) == (3, 5)
    latest = await history.latest(CHAT)
    assert latest is not None
    assert (latest.title, latest.shared_by_name, latest.thread_id) == ("Story 5", "Ann", 5)
    assert latest.url == "https://news.example/5?ref=chat"
    nth = await history.nth(CHAT, 5)
    assert nth is not None and nth.title == "Story 1"
    assert await history.nth(CHAT, 6) is None
    assert await history.nth(CHAT, 0) is None
    assert await history.latest(OTHER) is None


async def test_replies_and_messages_find_their_share(db: Database) -> None:
    articles, history = ArticleRepository(db), HistoryRepository(db)
    saved = await articles.save(article(1))
    entry_id = await history.add(NewShare(CHAT, saved.id, T0, message_id=10))
    await history.set_reply(entry_id, 11)

    by_reply = await history.by_message(CHAT, 11)
    by_message = await history.by_message(CHAT, 10)
    assert by_reply is not None and by_message is not None
    assert by_reply.id == by_message.id == entry_id
    assert by_reply.url == "https://news.example/1?utm_source=x"  # no URL shared: the article's
    assert await history.by_message(OTHER, 11) is None


async def test_history_is_bounded_per_chat(db: Database) -> None:
    articles = ArticleRepository(db)
    history = HistoryRepository(db, limit=3)
    saved = await articles.save(article(1))
    for n in range(5):
        await history.add(NewShare(CHAT, saved.id, T0 + dt.timedelta(minutes=n), message_id=n))
    await history.add(NewShare(OTHER, saved.id, T0))

    page = await history.page(CHAT, size=10)
    assert [e.message_id for e in page.entries] == [4, 3, 2]
    assert await history.count(OTHER) == 1


async def test_forget_deletes_one_chats_history_only(db: Database) -> None:
    articles, history = ArticleRepository(db), HistoryRepository(db)
    saved = await articles.save(article(1))
    await history.add(NewShare(CHAT, saved.id, T0))
    await history.add(NewShare(CHAT, saved.id, T0))
    await history.add(NewShare(OTHER, saved.id, T0))
    queries = SearchQueries(db)
    await queries.remember(CHAT, "k1", "a query too long for a button")
    await queries.remember(OTHER, "k1", "another chat's query")

    assert await history.forget(CHAT) == 2
    assert (await history.count(CHAT), await history.count(OTHER)) == (0, 1)
    # The chat's /search queries go with its history; the other chat's stay.
    assert await queries.recall(CHAT, "k1") is None
    assert await queries.recall(OTHER, "k1") == "another chat's query"


async def test_prune_keeps_articles_in_some_history(db: Database) -> None:
    articles, history = ArticleRepository(db), HistoryRepository(db)
    kept = await articles.save(article(1))
    await articles.save(article(2))
    await articles.save(article(3, at=T0 + dt.timedelta(days=2)))
    await history.add(NewShare(CHAT, kept.id, T0))

    assert await articles.prune(fetched_before=T0 + dt.timedelta(days=1)) == 1
    assert await articles.find("https://news.example/2") is None
    assert await articles.find("https://news.example/2?utm_source=x") is None  # aliases go too
    assert await articles.find("https://news.example/1") is not None


async def test_holds_is_whether_the_chat_shared_the_article(db: Database) -> None:
    articles, history = ArticleRepository(db), HistoryRepository(db)
    shared = await articles.save(article(1))
    elsewhere = await articles.save(article(2))
    await history.add(NewShare(CHAT, shared.id, T0))
    await history.add(NewShare(OTHER, elsewhere.id, T0))

    assert await history.holds(CHAT, shared.id)
    assert not await history.holds(CHAT, elsewhere.id)  # another chat's article
    assert not await history.holds(CHAT, 10**12)  # no such article
    await history.forget(CHAT)
    assert not await history.holds(CHAT, shared.id)


async def test_settings_have_defaults_and_change_one_at_a_time(db: Database) -> None:
    settings = ChatSettingsRepository(db)
    assert await settings.get(CHAT) == ChatSettings()

    await settings.update(CHAT, auto_summary=True)
    changed = await settings.update(CHAT, sentences=5)
    assert changed == ChatSettings(sentences=5, quotes=3, auto_summary=True)
    assert await settings.update(CHAT, quotes=0) == ChatSettings(5, 0, True)
    with pytest.raises(ValueError, match="sentence"):
        await settings.update(CHAT, sentences=0)

    # The summary language: None keeps it, "" goes back to each article's own.
    assert (await settings.update(CHAT, summary_language="de")).summary_language == "de"
    assert (await settings.update(CHAT, sentences=3)).summary_language == "de"
    assert await settings.update(CHAT, summary_language="") == ChatSettings(3, 0, True)
    # The time zone is set apart (from /subscribe), keeping the rest.
    await settings.set_timezone(CHAT, "Asia/Tokyo")
    assert await settings.get(CHAT) == ChatSettings(3, 0, True, "Asia/Tokyo")
    await settings.set_timezone(OTHER, "Europe/Kyiv")  # a chat without settings gets defaults
    assert await settings.get(OTHER) == ChatSettings(timezone="Europe/Kyiv")


async def test_everything_survives_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "persist.sqlite3"
    first = await open_database(path)
    await ChatRepository(first).remember(CHAT, "group", now=T0)
    saved = await ArticleRepository(first).save(article(1))
    await HistoryRepository(first).add(NewShare(CHAT, saved.id, T0, shared_by_name="Bo"))
    await ChatSettingsRepository(first).update(CHAT, sentences=8)
    await first.close()

    second = await open_database(path)
    try:
        latest = await HistoryRepository(second).latest(CHAT)
        assert latest is not None and (latest.title, latest.shared_by_name) == ("Story 1", "Bo")
        assert (await ChatSettingsRepository(second).get(CHAT)).sentences == 8
    finally:
        await second.close()


async def test_deleting_a_chat_takes_its_rows_along(db: Database) -> None:
    saved = await ArticleRepository(db).save(article(1))
    await HistoryRepository(db).add(NewShare(CHAT, saved.id, T0))
    await ChatSettingsRepository(db).update(CHAT, quotes=1)

    await db.execute(sa.text("DELETE FROM chats WHERE chat_id = :chat").bindparams(chat=CHAT))

    assert await HistoryRepository(db).count(CHAT) == 0
    assert await ChatSettingsRepository(db).get(CHAT) == ChatSettings()
