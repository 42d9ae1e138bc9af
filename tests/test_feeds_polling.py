"""Feed polling in the background: conditional requests, new items, back-off, summarising early."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiohttp import web

from services.jobs import UNEXPECTED_FEED_ERROR, FeedJobSettings, FeedPoller
from storage.database import Database, open_database
from storage.feeds import FeedRepository, ItemState
from summarizer.errors import NotAnArticleError
from summarizer.fetch import Fetcher, FetchSettings, Page
from tests.conftest import Serve
from tests.digest_clock import FakeClock
from tests.sql import sql

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Local News</title><link>http://local/</link>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>{base}/{slug}</link><guid>{slug}</guid>
<pubDate>{date}</pubDate><description>{title}.</description></item>"""


class ChangingFeed:
    """An RSS feed on 127.0.0.1 whose items and ETag change when the test says so."""

    def __init__(self) -> None:
        self.base = ""
        self.version = 1
        self.items: list[tuple[str, str, dt.datetime]] = []
        self.status = 200
        self.conditional: list[bool] = []  # whether each request carried a validator
        self.app = web.Application()
        self.app.router.add_get("/feed.xml", self.feed)
        self.app.router.add_get("/{slug}", self.page)

    def add(self, slug: str, title: str, published: dt.datetime) -> None:
        self.items.insert(0, (slug, title, published))
        self.version += 1

    async def feed(self, request: web.Request) -> web.Response:
        self.conditional.append("If-None-Match" in request.headers)
        if self.status != 200:
            return web.Response(status=self.status)
        etag = f'"v{self.version}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        body = RSS.format(
            items="\n".join(
                ITEM.format(
                    title=t,
                    base=self.base,
                    slug=s,
                    date=d.strftime("%a, %d %b %Y %H:%M:%S +0000"),
                )
                for s, t, d in self.items
            )
        )
        return web.Response(text=body, content_type="application/rss+xml", headers={"ETag": etag})

    async def page(self, request: web.Request) -> web.Response:
        return web.Response(text=f"<html><body><p>{request.match_info['slug']}</p></body></html>")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    connection = await open_database(tmp_path / "feeds.sqlite3")
    await sql(connection, "INSERT INTO chats (chat_id, type) VALUES (-1, 'group')")
    yield connection
    await connection.close()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(FetchSettings(allow_private_addresses=True)) as f:
        yield f


class Summaries:
    """Stands in for the article cache's summarise-by-URL: fetches the page for real."""

    def __init__(self, fetcher: Fetcher, failing: set[str] | None = None) -> None:
        self.fetcher = fetcher
        self.urls: list[str] = []
        self.failing = failing or set()

    async def __call__(self, url: str) -> object:
        self.urls.append(url)
        if url.rsplit("/", 1)[-1] in self.failing:
            raise NotAnArticleError("a gallery")
        return await self.fetcher.fetch(url)


async def test_new_items_are_stored_once_and_summarized_ahead(
    serve: Serve, db: Database, fetcher: Fetcher
) -> None:
    site = ChangingFeed()
    site.base = await serve(site.app)
    site.add("old", "Last week's story", START - dt.timedelta(days=6))
    site.add("one", "First story", START - dt.timedelta(hours=2))
    site.add("gallery", "Photo gallery", START - dt.timedelta(hours=1))
    feeds = FeedRepository(db)
    feed = (await feeds.follow(-1, url=site.base + "/feed.xml", title="?", now=START)).feed
    clock = FakeClock(START)
    summaries = Summaries(fetcher, failing={"gallery"})
    poller = FeedPoller(fetcher=fetcher, feeds=feeds, summarize=summaries, clock=clock)

    first = await poller.run_once()

    assert (first.polled, first.new_items, first.summarized) == (1, 2, 1)
    assert sorted(summaries.urls) == [site.base + "/gallery", site.base + "/one"]
    items = await feeds.items_for_chat(-1, since=START - dt.timedelta(days=7), until=START)
    assert {i.item.url.rsplit("/", 1)[1]: i.item.state for i in items} == {
        "one": ItemState.SUMMARIZED,
        "gallery": ItemState.FAILED,
    }  # "old" is stored as skipped: never in a digest
    stored = await feeds.get(feed.id)
    assert stored is not None
    assert stored.title == "Local News"
    assert stored.etag == f'"v{site.version}"'

    # Not due again before the interval.
    assert (await poller.run_once()).polled == 0

    # Due: a conditional request, answered 304.
    clock.advance(dt.timedelta(minutes=15))
    second = await poller.run_once()
    assert (second.polled, second.not_modified, second.new_items) == (1, 1, 0)
    assert site.conditional == [False, True]

    # The feed changes: only the new item is new.
    site.add("two", "Second story", START + dt.timedelta(minutes=20))
    clock.advance(dt.timedelta(minutes=15))
    third = await poller.run_once()
    assert (third.polled, third.new_items, third.summarized) == (1, 1, 1)
    assert summaries.urls[-1] == site.base + "/two"


async def test_a_failing_feed_backs_off_and_recovers(
    serve: Serve, db: Database, fetcher: Fetcher
) -> None:
    site = ChangingFeed()
    site.base = await serve(site.app)
    site.status = 503
    feeds = FeedRepository(db)
    feed = (await feeds.follow(-1, url=site.base + "/feed.xml", title="F", now=START)).feed
    clock = FakeClock(START)
    settings = FeedJobSettings(interval=dt.timedelta(minutes=10))
    poller = FeedPoller(fetcher=fetcher, feeds=feeds, clock=clock, settings=settings)

    assert (await poller.run_once()).failed == 1
    after_one = await feeds.get(feed.id)
    assert after_one is not None
    assert after_one.next_poll_at == START + dt.timedelta(minutes=20)
    clock.set(START + dt.timedelta(minutes=20))
    assert (await poller.run_once()).failed == 1
    after_two = await feeds.get(feed.id)
    assert after_two is not None
    assert after_two.failures == 2
    assert after_two.next_poll_at == clock.now() + dt.timedelta(minutes=40)
    assert after_two.last_error is not None
    assert "503" in after_two.last_error

    site.status = 200
    clock.advance(dt.timedelta(minutes=40))
    assert (await poller.run_once()).failed == 0
    recovered = await feeds.get(feed.id)
    assert recovered is not None
    assert (recovered.failures, recovered.last_error) == (0, None)


class BuggyFetcher:
    """A fetcher with a bug in it: what a poll stores then is not the bug's own text."""

    async def fetch(self, url: str, **_options: object) -> Page:
        raise KeyError("internal: /srv/newsbot/cache.py line 12")


async def test_a_bug_in_a_poll_is_stored_as_an_unexpected_error_not_its_text(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    feeds = FeedRepository(db)
    feed = (await feeds.follow(-1, url="https://news.example/rss", title="F", now=START)).feed
    poller = FeedPoller(fetcher=BuggyFetcher(), feeds=feeds, clock=FakeClock(START))

    assert (await poller.run_once()).failed == 1
    stored = await feeds.get(feed.id)
    assert stored is not None and stored.failures == 1
    assert stored.last_error == UNEXPECTED_FEED_ERROR
    assert "internal: /srv/newsbot" in caplog.text  # the log keeps the traceback


async def test_the_background_loop_polls_when_due(
    serve: Serve, db: Database, fetcher: Fetcher
) -> None:
    site = ChangingFeed()
    site.base = await serve(site.app)
    site.add("one", "First story", START)
    feeds = FeedRepository(db)
    await feeds.follow(-1, url=site.base + "/feed.xml", title="F", now=START)
    clock = FakeClock(START)
    poller = FeedPoller(fetcher=fetcher, feeds=feeds, clock=clock)

    await poller.start()
    try:
        await wait_for(lambda: len(site.conditional) == 1 and bool(clock.sleepers))
        assert clock.sleepers == [START + dt.timedelta(minutes=15)]
        clock.advance(dt.timedelta(minutes=15))
        await wait_for(lambda: len(site.conditional) == 2)
    finally:
        await poller.stop()
    assert site.conditional == [False, True]


async def wait_for(condition: Callable[[], bool]) -> None:
    """Let the background task run until ``condition`` holds (5 s at most)."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached in 5 s")


async def test_old_items_are_forgotten_and_never_come_back_as_news(
    serve: Serve, db: Database, fetcher: Fetcher
) -> None:
    site = ChangingFeed()
    site.base = await serve(site.app)
    site.add("one", "First story", START - dt.timedelta(hours=2))
    feeds = FeedRepository(db)
    await feeds.follow(-1, url=site.base + "/feed.xml", title="F", now=START)
    clock = FakeClock(START)
    poller = FeedPoller(fetcher=fetcher, feeds=feeds, clock=clock)
    assert (await poller.run_once()).new_items == 1

    clock.advance(dt.timedelta(days=31))
    site.version += 1  # the feed changed (another item edited), so it is fetched in full
    await poller.run_once()  # still listed, known: nothing new; then pruned
    assert await sql(db, "SELECT count(*) FROM feed_items") == [(0,)]

    clock.advance(dt.timedelta(minutes=15))
    site.version += 1
    again = await poller.run_once()

    assert again.new_items == 0
    rows = [tuple(r) for r in await sql(db, "SELECT guid, state FROM feed_items")]
    assert rows == [(site.base + "/one", "skipped")]
