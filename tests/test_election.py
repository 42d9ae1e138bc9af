"""The scheduler election (``services.election``): the timed jobs run in the one process that
holds the scheduler lock, and move to another when it goes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from services.election import Election, FileSchedulerLock, PostgresSchedulerLock
from services.jobs import FeedPoller
from storage.database import Database
from storage.feeds import FeedRepository
from summarizer.fetch import Fetcher
from tests.conftest import Serve
from tests.digest_clock import FakeClock
from tests.postgres import PostgresServer
from tests.test_feeds_polling import START, ChangingFeed, db, fetcher, wait_for

__all__ = ["db", "fetcher"]  # the fixtures, shared with the feed polling tests


async def test_feeds_are_polled_only_by_the_elected_process(
    serve: Serve, db: Database, fetcher: Fetcher, tmp_path: Path
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


class Job:
    """A timed job that records whether it runs."""

    def __init__(self) -> None:
        self.running = False
        self.starts = 0

    async def start(self) -> None:
        self.running, self.starts = True, self.starts + 1

    async def stop(self) -> None:
        self.running = False


async def test_the_advisory_lock_moves_when_its_holders_connection_dies(
    postgres: PostgresServer,
) -> None:
    key = 4242  # this test's own lock (advisory locks are per database and key)
    first_job, second_job = Job(), Job()
    first = Election(PostgresSchedulerLock(postgres.dsn, key=key), [first_job])
    second = Election(PostgresSchedulerLock(postgres.dsn, key=key), [second_job])
    try:
        assert (await first.check(), first_job.running) == (True, True)
        assert (await second.check(), second_job.running) == (False, False)
        assert await first.check()  # a held lock stays held

        # The holder's session ends (its process was killed, its machine vanished): PostgreSQL
        # frees the lock; the holder stops its jobs at its next check, the other takes over.
        postgres.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_locks "
            f"WHERE locktype = 'advisory' AND objid = {key} AND granted"
        )
        assert (await second.check(), second_job.running) == (True, True)
        assert (await first.check(), first_job.running, first.lock.held) == (False, False, False)
    finally:
        await first.stop()
        await second.stop()
    # Letting go frees it at once: the first takes it back.
    again = Election(PostgresSchedulerLock(postgres.dsn, key=key), [first_job])
    try:
        assert await again.check() and first_job.starts == 2
    finally:
        await again.stop()
