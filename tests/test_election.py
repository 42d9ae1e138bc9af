"""The scheduler election (``services.election``): the timed jobs run in the one process that
holds the scheduler lock, and move to another when it goes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import aiosqlite

from services.election import Election, FileSchedulerLock
from services.jobs import FeedPoller
from storage.feeds import FeedRepository
from summarizer.fetch import Fetcher
from tests.conftest import Serve
from tests.digest_clock import FakeClock
from tests.test_feeds_polling import START, ChangingFeed, db, fetcher, wait_for

__all__ = ["db", "fetcher"]  # the fixtures, shared with the feed polling tests


async def test_feeds_are_polled_only_by_the_elected_process(
    serve: Serve, db: aiosqlite.Connection, fetcher: Fetcher, tmp_path: Path
) -> None:
    site = ChangingFeed()
    site.base = await serve(site.app)
    site.add("one", "First story", START)
    feeds = FeedRepository(db)
    await feeds.follow(-1, url=site.base + "/feed.xml", title="F", now=START)
    clock = FakeClock(START)
    lock_path = tmp_path / "feeds.sqlite3.scheduler-lock"
    first, second = (
        Election(
            FileSchedulerLock(lock_path), [FeedPoller(fetcher=fetcher, feeds=feeds, clock=clock)]
        )
        for _ in range(2)
    )
    try:
        assert await first.check()
        await wait_for(lambda: len(site.conditional) == 1 and bool(clock.sleepers))
        for _ in range(3):
            assert not await second.check()
        clock.advance(dt.timedelta(minutes=15))  # due again: only the elected one polls
        await wait_for(lambda: len(site.conditional) == 2 and len(clock.sleepers) == 1)

        await first.stop()  # its process ends: the other takes over, and polls when due
        assert await second.check() and second.leading
        clock.advance(dt.timedelta(minutes=15))
        await wait_for(lambda: len(site.conditional) == 3)
    finally:
        await first.stop()
        await second.stop()
    assert len(site.conditional) == 3  # one poll per interval, never two
