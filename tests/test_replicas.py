"""Two real ``newsbot run`` replicas on one real PostgreSQL, in webhook mode, with the fake Bot
API: Telegram's updates reach either, everything one stored the other serves, and the daily
digests go out once per chat, through the scheduler's ``kill -9`` and the other's take-over.

With ``CI=true`` these tests fail rather than skip when PostgreSQL cannot start (the
``postgres`` fixture, tests/conftest.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from services.jobs import DigestJobSettings
from tests.bot_harness import Serve, Site
from tests.fake_bot_api import FakeBotAPI, SentMessage
from tests.postgres import PostgresServer
from tests.replicas_harness import (
    WEBHOOK_URL,
    Replica,
    seed_due_digests,
    start_replica,
    until_leader,
)
from tests.telegram_limits import TelegramLimits

ANN = 1001
TAKE_OVER = 30.0  # seconds: the bound for another replica to take the scheduler over


@pytest.fixture
def dsn(postgres: PostgresServer) -> Iterator[str]:
    """A fresh, migrated database on the session's PostgreSQL server, as a plain URL."""
    name = postgres.create_database()
    yield f"postgresql://postgres@127.0.0.1:{postgres.port}/{name}"
    postgres.drop_database(name)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def ask(api: FakeBotAPI, replica: Replica, chat_id: int, text: str) -> SentMessage:
    """Post a message to ``replica``; the bot's answer in that chat."""
    before = len(api.messages)
    await replica.post(api.updates.message(chat_id, text))
    (answer,) = await api.wait_for_messages(
        lambda m: m.chat_id == chat_id, count=1, after=before, within=90
    )
    return answer


@pytest.mark.timeout(400)
async def test_two_replicas_share_history_cache_limits_and_settings(
    tmp_path: Path, serve: Serve, dsn: str, http: aiohttp.ClientSession
) -> None:
    api, site = FakeBotAPI(), Site()
    api_url, site_url = await serve(api.app()), await serve(site.app())
    settings = {"NEWSBOT_LINKS_PER_USER": "3"}
    a, b = [
        await start_replica(n, tmp_path, api_url=api_url, database=dsn, http=http, **settings)
        for n in ("a", "b")
    ]
    try:
        await asyncio.gather(a.wait_healthy(), b.wait_healthy())
        assert api.webhook["url"] == WEBHOOK_URL  # each calls setWebhook at start
        assert len(api.calls_of("setWebhook")) == 2
        assert [await a.leads(), await b.leads()].count(True) == 1  # one scheduler

        ferry = f"{site_url}/news/ferry.html"
        first = await ask(api, a, ANN, ferry)
        assert "Ferry workers end strike" in first.text
        # History: what a stored, b serves.
        nth = await ask(api, b, ANN, "/summary 1")
        assert "Ferry workers end strike" in nth.text
        # The cache: b answers the same link without fetching it again.
        again = await ask(api, b, ANN, ferry)
        assert "Ferry workers end strike" in again.text
        assert site.hits["news/ferry.html"] == 1
        assert await b.sample("newsbot_cache_hits_total") == 1
        # Settings: chosen on a, shown by b.
        menu = await ask(api, a, ANN, "/settings")
        await a.post(api.updates.callback(menu, "settings:s:5", user=ANN))
        for _ in range(300):  # a edits its menu once the choice is stored
            if menu.edits:
                break
            await asyncio.sleep(0.1)
        shown = await ask(api, b, ANN, "/settings")
        assert shown.button("5 sentences")["text"].startswith("✓")
        # The per-user limit (3 links per 10 minutes) counts on both: 2 so far, one more on a,
        # then b refuses the fourth.
        assert (
            "Old library reopens" in (await ask(api, a, ANN, f"{site_url}/news/library.html")).text
        )
        refused = await ask(api, b, ANN, f"{site_url}/news/long.html")
        assert "limit of 3 links" in refused.text
        assert site.hits["news/long.html"] == 0
    finally:
        codes = [await r.stop() for r in (a, b)]
    assert codes == [0, 0], a.log[-2000:] + b.log[-2000:]


@pytest.mark.timeout(400)
async def test_digests_go_out_once_through_the_schedulers_kill_9(
    tmp_path: Path, serve: Serve, dsn: str, http: aiohttp.ClientSession
) -> None:
    api = TelegramLimits()
    api_url = await serve(api.app())
    chats = [-1_000_000 - n for n in range(160)]
    await seed_due_digests(dsn, chats, now=dt.datetime.now(dt.UTC))
    # 8 digests a second: the batch lasts 20 s, long enough to kill its sender half-way.
    settings = {"NEWSBOT_DIGEST_RATE": "8", "NEWSBOT_SCHEDULER_RETRY": "2"}
    a, b = [
        await start_replica(n, tmp_path, api_url=api_url, database=dsn, http=http, **settings)
        for n in ("a", "b")
    ]
    survivor: Replica | None = None
    try:
        await asyncio.gather(a.wait_healthy(), b.wait_healthy())
        await api.wait_for_messages(lambda m: m.chat_id in chats, count=30, within=120)
        leader = await until_leader([a, b], 10)
        survivor = b if leader is a else a
        assert not await survivor.leads()  # one scheduler at a time
        sent_at_kill = len(api.sent())
        leader.kill()
        killed = time.monotonic()
        await leader.process.wait()
        assert await until_leader([survivor], TAKE_OVER) is survivor
        took_over = time.monotonic() - killed

        await api.wait_for_messages(lambda m: m.chat_id in chats, count=len(chats), within=120)
        await asyncio.sleep(2.0)  # any late doubles would show by now
    finally:
        for replica in (a, b):
            if replica.process.returncode is None:
                await replica.stop()

    per_chat = Counter(m.chat_id for m in api.sent() if m.chat_id in chats)
    assert set(per_chat) == set(chats)  # none missed
    doubled = [c for c, n in per_chat.items() if n > 1]
    # Only the digests in flight at the kill can arrive twice (at most one message each).
    assert len(doubled) <= DigestJobSettings().in_flight, doubled
    assert max(per_chat.values()) <= 2
    assert sent_at_kill < len(chats)  # it really was killed mid-batch
    assert took_over < TAKE_OVER
    assert api.too_many == 0  # no 429s: one scheduler, paced
    assert survivor is not None and "this process now runs the scheduler" in survivor.log


@pytest.mark.timeout(200)
async def test_healthz_answers_503_when_postgresql_is_gone(
    tmp_path: Path, serve: Serve, postgres: PostgresServer, http: aiohttp.ClientSession
) -> None:
    api = FakeBotAPI()
    name = postgres.create_database()
    replica = await start_replica(
        "a",
        tmp_path,
        api_url=await serve(api.app()),
        database=f"postgresql://postgres@127.0.0.1:{postgres.port}/{name}",
        http=http,
    )
    try:
        await replica.wait_healthy()
        postgres.drop_database(name)  # its connections are ended, the database is no more
        assert not await replica.healthy()
        url = f"http://127.0.0.1:{replica.ops_port}/healthz"
        async with http.get(url) as response:
            assert response.status == 503
            assert (await response.text()).startswith("unhealthy:")
    finally:
        await replica.stop()
        postgres.drop_database(name)
