"""Search over a chat's history (storage/search.py), on both backends: folding, prefixes,
unspaced scripts, ranking, ties, chat isolation, and the index kept current."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from storage.articles import ArticleRepository, NewArticle
from storage.chats import ChatRepository
from storage.database import Database, alembic_config, head_revision, migrate, open_database
from storage.history import HistoryRepository, NewShare
from storage.search import QUERY_DAYS, SearchQueries, SearchRepository, fold, query_terms, tokens

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
CHAT, OTHER = -1001, 42


def data(text: str, summary: tuple[str, ...] = (), quotes: tuple[str, ...] = ()) -> str:
    return json.dumps(
        {
            "url": "https://news.example/zzzurl",
            "text": text,
            "summary": list(summary),
            "all_quotes": [{"text": q, "speaker": "Marie Curie", "cue": "said"} for q in quotes],
        },
        ensure_ascii=False,
    )


class World:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.articles = ArticleRepository(db)
        self.history = HistoryRepository(db)
        self.search = SearchRepository(db)
        self.n = 0

    async def share(
        self, title: str, body: str = "", *, chat: int = CHAT, minutes: int | None = None,
        summary: tuple[str, ...] = (), quotes: tuple[str, ...] = (), url: str | None = None,
    ) -> int:  # fmt: skip
        self.n += 1
        at = T0 + dt.timedelta(minutes=self.n if minutes is None else minutes)
        record = await self.articles.save(
            NewArticle(
                canonical_url=url or f"https://news.example/{self.n}",
                url=url or f"https://news.example/{self.n}",
                title=title,
                data=data(body, summary, quotes),
                fetched_at=at,
            )
        )
        await self.history.add(NewShare(chat_id=chat, article_id=record.id, shared_at=at))
        return record.id

    async def titles(self, query: str, chat: int = CHAT) -> list[str]:
        page = await self.search.search(chat, query, size=50)
        return [hit.title for hit in page.hits]


@pytest.fixture
async def world(database: Database) -> World:
    chats = ChatRepository(database)
    await chats.remember(CHAT, "supergroup", title="News", now=T0)
    await chats.remember(OTHER, "private", username="ann", now=T0)
    return World(database)


def test_folding_and_tokens() -> None:
    assert fold("Élan ZÜRICH Straße") == "elan zurich strasse"
    assert tokens("Ça va, 北京大学!") == ["ca", "va", "北", "京", "大", "学"]
    assert tokens("ข่าววันนี้")[0] == "ข"  # Thai: one token per character
    terms = query_terms("Zür 北京 zür")
    assert [(t.parts, t.prefix) for t in terms] == [(("zur",), True), (("北", "京"), False)]
    assert query_terms("  ,;!  ") == []


async def test_accents_case_and_prefixes(world: World) -> None:
    await world.share("Le pont de Zürich rouvre", "Les ingénieurs ont réparé l'ouvrage.")
    await world.share("Élection à Genève", "Les électeurs ont voté.")
    await world.share("Bahnstreik", "Die Gewerkschaft streikt erneut.")
    assert await world.titles("zurich") == ["Le pont de Zürich rouvre"]
    assert await world.titles("ZÜRICH") == ["Le pont de Zürich rouvre"]
    assert await world.titles("ingenieur") == ["Le pont de Zürich rouvre"]
    assert await world.titles("ELECT") == ["Élection à Genève"]
    assert await world.titles("gewerk streik") == ["Bahnstreik"]  # all words must match
    assert await world.titles("gewerk genève") == []
    assert await world.titles("nothingatall") == []
    assert await world.titles("!!!") == []


async def test_summary_quotes_and_text_are_searched_but_not_urls(world: World) -> None:
    await world.share("One", summary=("Floods hit the valley.",))
    await world.share("Two", quotes=("Radioactivity is a property of atoms",))
    await world.share("Three", "Deep in the article text lies a platypus.")
    assert await world.titles("flood") == ["One"]
    assert await world.titles("radioactiv") == ["Two"]
    assert await world.titles("curie") == ["Two"]  # the speaker
    assert await world.titles("platypus") == ["Three"]
    assert await world.titles("zzzurl") == []


async def test_unspaced_scripts_by_substring(world: World) -> None:
    await world.share("高速铁路新线开通", "新的高速铁路连接两座城市。")
    await world.share("水库蓄水", "水库今年蓄水量创新高。")
    await world.share("東京の天気", "明日は雨が降るでしょう。")
    await world.share("ข่าววันนี้", "ฝนตกหนักในกรุงเทพ")
    assert await world.titles("铁路") == ["高速铁路新线开通"]
    assert await world.titles("蓄水") == ["水库蓄水"]
    assert await world.titles("新") == ["高速铁路新线开通", "水库蓄水"]  # 创新高 has it too
    assert await world.titles("路铁") == []  # characters in order, side by side
    assert await world.titles("天気") == ["東京の天気"]
    assert await world.titles("กรุงเทพ") == ["ข่าววันนี้"]


async def test_ranked_then_newest_first(world: World) -> None:
    await world.share("Weather report", "Some rain.")
    await world.share("Bridge closed", "The bridge is closed. The bridge will reopen.")
    await world.share("City news", "A bridge mentioned once, among many other words " * 5)
    assert (await world.titles("bridge"))[0] == "Bridge closed"  # in the title: first
    # Equal documents rank equal: the newest first.
    await world.share("Tie", "same words here", url="https://news.example/tie-old", minutes=100)
    await world.share("Tie", "same words here", url="https://news.example/tie-new", minutes=200)
    page = await world.search.search(CHAT, "same words", size=10)
    assert [h.url for h in page.hits] == [
        "https://news.example/tie-new", "https://news.example/tie-old",
    ]  # fmt: skip
    assert [h.number for h in page.hits] == [1, 2]


async def test_only_this_chat_and_a_shared_article_once(world: World) -> None:
    mine = await world.share("Harbour strike", "Dockers stop work.")
    await world.share("Harbour festival", "Boats and music.", chat=OTHER)
    assert await world.titles("harbour") == ["Harbour strike"]
    assert await world.titles("harbour", chat=OTHER) == ["Harbour festival"]
    # The same article in both chats: found in each, once, at its newest share.
    await world.history.add(NewShare(chat_id=OTHER, article_id=mine, shared_at=T0))
    await world.history.add(
        NewShare(chat_id=CHAT, article_id=mine, shared_at=T0 + dt.timedelta(hours=5))
    )
    assert await world.titles("harbour", chat=OTHER) == ["Harbour festival", "Harbour strike"]
    page = await world.search.search(CHAT, "harbour")
    assert page.total == 1
    assert [(h.title, h.number) for h in page.hits] == [("Harbour strike", 1)]


async def test_pages(world: World) -> None:
    for n in range(12):
        await world.share(f"Budget {n}", "The budget vote.")
    first = await world.search.search(CHAT, "budget", size=5)
    third = await world.search.search(CHAT, "budget", offset=10, size=5)
    beyond = await world.search.search(CHAT, "budget", offset=20, size=5)
    assert (first.total, len(first.hits), len(third.hits), beyond.hits) == (12, 5, 2, [])
    assert [h.title for h in first.hits] == [f"Budget {n}" for n in range(11, 6, -1)]
    assert [h.number for h in third.hits] == [11, 12]


async def test_index_follows_saves_updates_and_deletes(world: World) -> None:
    article_id = await world.share("Old title", "old words", url="https://news.example/x")
    await world.articles.save(
        NewArticle(
            canonical_url="https://news.example/x", url="https://news.example/x",
            title="New title", data=data("fresh words"), fetched_at=T0,
        )
    )  # fmt: skip
    assert await world.titles("fresh") == ["New title"]
    assert await world.titles("old") == []
    await world.articles.update_data(article_id, data("updated text"))
    assert await world.titles("updated") == ["New title"]
    assert await world.titles("fresh") == []
    await world.history.forget(CHAT)
    assert await world.articles.prune(fetched_before=T0 + dt.timedelta(days=1)) == 1

    def rows(conn: sa.Connection) -> int:
        return int(conn.execute(sa.text("SELECT count(*) FROM article_search")).scalar_one())

    assert await world.db.run(rows) == 0


async def test_migration_indexes_existing_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = await open_database(path)

    def downgrade(conn: sa.Connection) -> None:
        for statement in (
            "DROP TRIGGER articles_search_bd",
            "DROP TABLE article_search", "DROP TABLE search_queries",
            "UPDATE alembic_version SET version_num = '0003'",
            "INSERT INTO chats (chat_id, type, created_at, updated_at)"
            " VALUES (1, 'private', 'x', 'x')",
            "INSERT INTO articles (id, canonical_url, url, title, data, fetched_at)"
            " VALUES (7, 'https://a.example/', 'https://a.example/', 'Café crème',"
            " '{\"text\": \"Ein Würstchen\"}', '2026-03-02T09:00:00.000Z')",
            "INSERT INTO history (chat_id, article_id, shared_at)"
            " VALUES (1, 7, '2026-03-02T09:00:00.000Z')",
        ):  # fmt: skip
            conn.exec_driver_sql(statement)

    await db.run(downgrade)
    await db.close()
    db = await open_database(path)
    try:
        page = await SearchRepository(db).search(1, "CAFE wurst")
        assert [h.title for h in page.hits] == ["Café crème"]
    finally:
        await db.close()


async def test_revision_0006_drops_the_unread_fts5_index_and_its_downgrade_rebuilds_it(
    world: World,
) -> None:
    if world.db.dialect != "sqlite":
        return  # PostgreSQL never had the FTS5 table; the same test runs on SQLite
    await world.share("Café crème", "Ein Würstchen")

    def tables(conn: sa.Connection) -> set[str]:
        rows = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
        )
        return {str(r[0]) for r in rows}

    assert "article_fts" not in await world.db.run(tables)
    assert "articles_search_bd" in await world.db.run(tables)  # still deletes with the article

    def down_and_read(conn: sa.Connection) -> list[int]:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
        return [int(r[0]) for r in conn.exec_driver_sql(
            "SELECT rowid FROM article_fts WHERE article_fts MATCH 'wurstchen'"
        )]  # fmt: skip

    assert await world.db.run(down_and_read) == [1]  # rebuilt from article_search
    assert await migrate(world.db) == head_revision()
    assert "article_fts" not in await world.db.run(tables)
    assert [h.title for h in (await world.search.search(CHAT, "wurst")).hits] == ["Café crème"]


async def test_a_chat_interleaved_with_many_others(world: World) -> None:
    """The chat's articles are scattered among many other chats' (old and new ids alike): only
    its own are found, ranked, newest first among equals, counted and paged."""
    chats = ChatRepository(world.db)
    others = list(range(100, 112))
    for other in others:
        await chats.remember(other, "group", title=f"G{other}", now=T0)
    mine: list[str] = []
    for n in range(30):
        for other in others:  # twelve other chats' "budget" articles between each of mine
            await world.share(f"Budget elsewhere {n}", "budget budget budget", chat=other)
        if n % 3 == 0:
            title = f"Budget vote {n}"  # in the title: ranks above the body-only ones
            await world.share(title, "The council met.")
        else:
            title = f"Council {n}"
            await world.share(title, "The budget vote.")
        mine.append(title)
    page = await world.search.search(CHAT, "budget", size=4)
    assert page.total == 30
    in_title = [t for t in reversed(mine) if t.startswith("Budget vote")]
    in_body = [t for t in reversed(mine) if t.startswith("Council")]
    expected = in_title + in_body  # each group: equal documents, so the newest first
    assert [h.title for h in page.hits] == expected[:4]
    pages = [await world.search.search(CHAT, "budget", offset=o, size=4) for o in range(0, 32, 4)]
    assert [h.title for p in pages for h in p.hits] == expected
    assert [p.total for p in pages] == [30] * 8
    assert len(pages[-1].hits) == 2
    beyond = await world.search.search(CHAT, "budget", offset=32, size=4)
    assert (beyond.hits, beyond.total) == ([], 30)
    numbers = {t: 30 - i for i, t in enumerate(mine)}  # 1 = the chat's newest share
    assert all(h.number == numbers[h.title] for p in pages for h in p.hits)
    assert await world.titles("elsewhere") == []
    assert len(await world.titles("elsewhere", chat=others[0])) == 30
    both = await world.search.search(CHAT, "vote council", size=50)
    assert both.total == 30  # every one of mine has both words, in the title or the body


def test_sqlite_rank_weighs_rarer_words_and_shorter_texts() -> None:
    """The bm25 of the SQLite path (PostgreSQL's ts_rank has no document frequency)."""
    from storage.search import Candidate, rank_hits

    def chat(*bodies: tuple[str, str]) -> list[Candidate]:
        return [
            Candidate(n, n, len(bodies) - n, f"2026-03-02T09:{n:02d}:00.000Z", title, body)
            for n, (title, body) in enumerate(bodies)
        ]

    stories = [(f"story {n}", "common words about the river") for n in range(8)]
    # "rare" is in 2 of the chat's 10 articles, "river" in all: three of "rare" outrank three
    # of "river" (alike but for that, the newer "often" would come first).
    candidates = chat(
        *stories, ("seldom", "river rare rare rare"), ("often", "river river river rare")
    )
    ranked = rank_hits(query_terms("river rare"), candidates)
    assert [c.title for _, c in ranked] == ["seldom", "often"]
    assert ranked[0][0] < ranked[1][0] < 0  # lower is better
    # The same count in a longer text weighs less, even in a newer one.
    candidates = chat(*stories, ("short", "rare filler"), ("long", "rare " + "filler " * 60))
    assert [c.title for _, c in rank_hits(query_terms("rare"), candidates)] == ["short", "long"]
    # In the title it weighs more: a short body beats the title only with many more hits.
    candidates = chat(*stories, ("rare", "nothing here"), ("other", "rare words"))
    assert [c.title for _, c in rank_hits(query_terms("rare"), candidates)] == ["rare", "other"]
    # Equal texts: the newest share first.
    candidates = chat(*stories, ("tie", "rare"), ("tie", "rare"))
    assert [c.entry_id for _, c in rank_hits(query_terms("rare"), candidates)] == [9, 8]


def test_hits_of_prefixes_and_phrases() -> None:
    from storage.search import Term, _hits_of

    words = "the bridge bridges abridged 北 京 大 学 北 京 北 北 北"
    assert _hits_of(Term(("bridg",), prefix=True), words) == 2  # not "abridged"
    assert _hits_of(Term(("北", "京"), prefix=False), words) == 2
    assert _hits_of(Term(("京", "北"), prefix=False), words) == 1
    assert _hits_of(Term(("学", "京"), prefix=False), words) == 0  # not side by side
    assert _hits_of(Term(("大", "学"), prefix=False), words) == 1
    assert _hits_of(Term(("学", "北", "京"), prefix=False), words) == 1
    assert _hits_of(Term(("京", "大", "x"), prefix=False), words) == 0
    assert _hits_of(Term(("北", "北"), prefix=False), words) == 2  # overlapping
    assert _hits_of(Term(("学", "北"), prefix=False), words) == 1
    assert _hits_of(Term(("大", "学", "北", "北"), prefix=False), words) == 0


async def test_long_queries_are_kept_per_chat_and_forgotten_after_their_days(
    database: Database,
) -> None:
    now = [1_000_000.0]
    queries = SearchQueries(database, clock=lambda: now[0])
    other_process = SearchQueries(database, clock=lambda: now[0])  # another replica
    await queries.remember(CHAT, "k1", "science centre children library reopens")
    assert await other_process.recall(CHAT, "k1") == "science centre children library reopens"
    assert await other_process.recall(OTHER, "k1") is None  # another chat's key
    assert await other_process.recall(CHAT, "k2") is None
    # Remembered again: the same key, its time renewed.
    now[0] += (QUERY_DAYS - 1) * 86400
    await other_process.remember(CHAT, "k1", "science centre children library reopens")
    now[0] += (QUERY_DAYS - 1) * 86400
    assert await queries.recall(CHAT, "k1") == "science centre children library reopens"
    now[0] += 2 * 86400
    assert await queries.recall(CHAT, "k1") is None  # unused for longer than QUERY_DAYS
    # The next sweep deletes it.
    await SearchQueries(database, clock=lambda: now[0]).remember(OTHER, "k9", "a query")
    rows = await database.fetch_all(sa.text("SELECT chat_id, key FROM search_queries"))
    assert [tuple(row) for row in rows] == [(OTHER, "k9")]
