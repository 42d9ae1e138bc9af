"""Rendering digests and building them from a chat's stored shares and feed items."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from handlers.digest_render import news_language, render_chat_digest, render_digest, render_header
from handlers.render import MAX_MESSAGE, utf16_len
from services.digests import DigestBuilder, item_from_article
from storage.database import Database, open_database
from storage.digest_sources import DigestSources
from storage.feeds import FeedRepository, NewFeedItem
from storage.filters import FilterKind, FilterRepository
from storage.timestamps import to_db
from summarizer.digest import Digest, DigestItem, LexicalSimilarity, compose_digest
from summarizer.types import Quote
from tests.sql import sql

DAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)


def test_header_is_dated_in_the_chat_language() -> None:
    assert render_header(DAY, "en") == "📰 <b>Daily digest</b> · Monday, 2 March 2026"
    assert render_header(DAY, "ru-RU") == "📰 <b>Дайджест дня</b> · понедельник, 2 марта 2026"
    assert render_header(DAY, "de") == "📰 <b>Tagesübersicht</b> · Montag, 2. März 2026"
    assert render_header(DAY, "pt-BR").endswith("segunda-feira, 2 de março de 2026")
    assert render_header(DAY, "xx").endswith("Monday, 2 March 2026")  # unknown: English
    assert render_header(DAY, None).startswith("📰 <b>Daily digest</b>")


def story_digest() -> Digest:
    items = [
        DigestItem(
            url="https://a.example/storm?x=<1>",
            title="Storm <Ciara> & floods",
            seen_at=NOW,
            summary=("Rivers burst <their> banks.", "Towns were flooded."),
            quotes=(Quote("“We have never seen this”", speaker="Jane & Co"),),
            shares=2,
        ),
        DigestItem(
            url="https://b.example/ciara",
            title="Storm Ciara floods",
            seen_at=NOW,
            shares=0,
        ),
    ]
    return compose_digest(items, similarity=LexicalSimilarity(threshold=0.3))


def test_entry_has_title_link_sites_summary_and_quote_all_escaped() -> None:
    (message,) = render_digest(story_digest(), day=DAY, language="en")

    assert (
        '<b>1.</b> <a href="https://a.example/storm?x=&lt;1&gt;">'
        "Storm &lt;Ciara&gt; &amp; floods</a>" in message
    )
    assert '<i><a href="https://a.example/storm?x=&lt;1&gt;">a.example</a> · ' in message
    assert '<a href="https://b.example/ciara">b.example</a></i>' in message
    assert "Rivers burst &lt;their&gt; banks. Towns were flooded." in message
    assert "“We have never seen this” — <i>Jane &amp; Co</i>" in message


def test_empty_day_sends_nothing_unless_asked() -> None:
    empty = Digest(stories=())

    assert render_digest(empty, day=DAY, language="en") == []
    (message,) = render_digest(empty, day=DAY, language="fr", send_empty=True)
    assert "Rien de nouveau" in message


def test_long_digests_split_between_entries_under_the_limit() -> None:
    items = [
        DigestItem(
            url=f"https://s{n}.example/{n}",
            title=f"Story {n} " + "word " * 40,
            seen_at=NOW,
            summary=("A sentence that is long enough. " * 12, "Another one here. " * 12),
            shares=1,
        )
        for n in range(30)
    ]
    digest = compose_digest(items, limit=30)

    messages = render_digest(digest, day=DAY, language="en")

    assert len(messages) > 1
    assert all(utf16_len(m) <= MAX_MESSAGE for m in messages)
    assert messages[0].startswith("📰")
    joined = "\n\n".join(messages)
    assert all(f"<b>{n}.</b>" in joined for n in range(1, 31))
    for message in messages[1:]:
        assert message.startswith("<b>")  # every message starts with a whole entry


def test_long_urls_lose_their_link_not_the_story() -> None:
    long_url = "https://a.example/" + "x" * 2000
    item = DigestItem(url=long_url, title="Long", seen_at=NOW, summary=("Fine.",), shares=1)

    (message,) = render_digest(compose_digest([item]), day=DAY, language="en")

    assert "<b>1.</b> Long\n<i>a.example</i>\nFine." in message
    assert utf16_len(message) < 200


def test_article_json_in_the_pipeline_shape() -> None:
    data = json.dumps(
        {
            "url": "https://a.example/x",
            "canonical_url": "https://a.example/x",
            "title": "Title",
            "site": "A Example",
            "language": "en",
            "summary": ["One.", "Two."],
            "quotes": [{"text": "Hi", "speaker": "Ann", "cue": "said"}, {"bad": 1}],
        }
    )

    item = item_from_article(data, url="https://a.example/x?utm_source=t", seen_at=NOW, shares=1)

    assert (item.title, item.site, item.summary) == ("Title", "A Example", ("One.", "Two."))
    assert item.quotes == (Quote("Hi", "Ann"),)
    assert item.key == "https://a.example/x"
    broken = item_from_article(
        "not json", url="https://b.example/", seen_at=NOW, shares=1, title="T"
    )
    assert (broken.title, broken.summary) == ("T", ())


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    connection = await open_database(tmp_path / "d.sqlite3")
    await sql(connection, "INSERT INTO chats (chat_id, type, language) VALUES (-1, 'group', 'en')")
    yield connection
    await connection.close()


async def share(
    db: Database,
    url: str,
    title: str,
    summary: list[str],
    at: dt.datetime,
    *,
    chat_id: int = -1,
    language: str | None = None,
) -> None:
    data = json.dumps(
        {
            "url": url,
            "canonical_url": url,
            "title": title,
            "summary": summary,
            "quotes": [],
            "language": language,
        }
    )
    found = await sql(db, "SELECT id FROM articles WHERE canonical_url = ?", (url,))
    if not found:
        ((article_id,),) = await sql(
            db,
            "INSERT INTO articles (canonical_url, url, title, data, fetched_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (url, url, title, data, to_db(at)),
        )
        await sql(db, "INSERT INTO article_urls (url, article_id) VALUES (?, ?)", (url, article_id))
    else:
        article_id = found[0][0]
    await sql(
        db,
        "INSERT INTO history (chat_id, article_id, shared_at) VALUES (?, ?, ?)",
        (chat_id, article_id, to_db(at)),
    )


async def test_builder_merges_shares_and_feed_items_of_the_period(db: Database) -> None:
    since = NOW - dt.timedelta(days=1)
    await share(
        db,
        "https://a.example/storm",
        "Storm Ciara floods northern England",
        ["Floods."],
        NOW - dt.timedelta(hours=3),
    )
    await share(
        db,
        "https://a.example/storm",
        "Storm Ciara floods northern England",
        ["Floods."],
        NOW - dt.timedelta(hours=2),
    )
    await share(
        db,
        "https://c.example/old",
        "Old news from last week",
        ["Old."],
        since - dt.timedelta(hours=1),
    )
    feeds = FeedRepository(db)
    feed = (await feeds.follow(-1, url="https://b.example/rss", title="B", now=since)).feed
    await feeds.add_items(
        feed.id,
        [
            NewFeedItem(
                "b1",
                "https://b.example/ciara",
                "Northern England floods as Storm Ciara hits",
                "Rivers burst.",
            ),
            NewFeedItem(
                "b2", "https://b.example/budget", "Budget cuts taxes for small firms", "x" * 500
            ),
        ],
        now=NOW - dt.timedelta(hours=1),
    )
    builder = DigestBuilder(
        sources=DigestSources(db),
        feeds=feeds,
        filters=FilterRepository(db),
        render=render_chat_digest,
    )

    digest = await builder.build(-1, since=since, until=NOW)

    assert [s.title for s in digest.stories] == [
        "Storm Ciara floods northern England",
        "Budget cuts taxes for small firms",
    ]
    storm, budget = digest.stories
    assert storm.sites == ("a.example", "b.example")
    assert storm.shares == 2
    assert budget.summary[0].endswith("…")
    assert len(budget.summary[0]) <= 301

    await FilterRepository(db).add(-1, FilterKind.EXCLUDE, ["storm"], now=NOW)
    filtered = await builder.build(-1, since=since, until=NOW)
    assert [s.title for s in filtered.stories] == ["Budget cuts taxes for small firms"]
    messages = await builder.render(-1, local_date=DAY, since=since, until=NOW)
    assert messages[0].startswith("📰 <b>Daily digest</b> · Monday, 2 March 2026")


async def test_a_group_gets_its_digest_in_the_language_of_its_news(
    db: Database,
) -> None:
    # Telegram gives groups and channels no language; private chats take the user's.
    await sql(db, "INSERT INTO chats (chat_id, type) VALUES (-2, 'supergroup')")
    stories = [
        ("https://ru.example/a", "Центробанк повысил ключевую ставку", "ru"),
        ("https://ru.example/b", "В Москве открылась новая станция метро", "ru"),
        ("https://en.example/c", "Storm Ciara floods northern England", "en"),
    ]
    for url, title, language in stories:
        await share(
            db, url, title, ["…"], NOW - dt.timedelta(hours=1), chat_id=-2, language=language
        )
        await share(db, url, title, ["…"], NOW - dt.timedelta(hours=1), language=language)
    builder = DigestBuilder(
        sources=DigestSources(db),
        feeds=FeedRepository(db),
        filters=FilterRepository(db),
        render=render_chat_digest,
    )
    since = NOW - dt.timedelta(days=1)

    (group,) = await builder.render(-2, local_date=NOW.date(), since=since, until=NOW)
    # a chat with a language of its own keeps it
    (english_chat,) = await builder.render(-1, local_date=NOW.date(), since=since, until=NOW)

    assert group.startswith("📰 <b>Дайджест дня</b>")
    assert english_chat.startswith("📰 <b>Daily digest</b>")
    assert news_language(await builder.build(-2, since=since, until=NOW)) == "ru"


def test_the_news_language_is_one_the_digest_has_words_for() -> None:
    def story(language: str | None) -> DigestItem:
        return DigestItem(
            url=f"https://x.example/{language}", title="T", seen_at=NOW, language=language
        )

    digest = compose_digest([story("zh-CN"), story("zh"), story("ja"), story("ru"), story(None)])
    # zh, zh and ja are stories apart (different URLs) but have no digest words: ru wins
    assert news_language(digest) == "ru"
    assert news_language(compose_digest([story("zh")])) is None
