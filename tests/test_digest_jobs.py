"""The digest scheduler on a hand-moved clock: time zones, DST, restarts, exactly once, errors.

A real PTB ``Bot`` sends through a fake Bot API on 127.0.0.1; the database is a real SQLite file,
opened again to play a restarted process.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot

from bot.digest_sender import TelegramDigestSender
from handlers.digest_render import render_chat_digest
from services.digests import DigestBuilder
from services.election import Election, FileSchedulerLock
from services.jobs import DigestJobSettings, DigestScheduler
from storage.chats import ChatRepository
from storage.database import Database, open_database
from storage.digest_log import DigestLog, DigestState
from storage.digest_sources import DigestSources
from storage.feeds import FeedRepository
from storage.filters import FilterRepository
from storage.subscriptions import SubscriptionRepository
from tests.conftest import Serve
from tests.digest_clock import FakeClock
from tests.fake_bot_api import FakeBotAPI
from tests.sql import sql, sql_many

BERLIN = "Europe/Berlin"
CHAT = -1001
# Monday 2 March 2026: Berlin is UTC+1, so 08:00 local is 07:00 UTC.
DUE = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 3, 2)


@dataclass
class Process:
    """One run of the bot: its own database connection and scheduler."""

    db: Database
    scheduler: DigestScheduler
    subscriptions: SubscriptionRepository
    log: DigestLog
    election: Election  # runs the scheduler while it holds the lock beside the database

    async def tick(self) -> None:
        await self.scheduler.run_once()
        await self.scheduler.drain()


Start = Callable[..., Awaitable[Process]]


@pytest.fixture(autouse=True)
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns on every ``RetryAfter`` unless it may hand out ``timedelta`` already."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


class DigestAPI(FakeBotAPI):
    """The bots' fake Bot API, whose sendMessage can be made to hang: a message in flight when
    the process dies."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.hold_after: int | None = None  # sendMessage hangs once this many were sent...
        self.release = asyncio.Event()  # ...until this is set

        self.upgraded: dict[int, int] = {}  # group -> the supergroup it became

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            await self.release.wait()
        return await super()._send_message(params)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "sendMessage":
            chat_id = int(str((await request.post())["chat_id"]))
            if chat_id in self.upgraded:  # what Telegram answers for a group that moved
                body = {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: group chat was upgraded to a supergroup chat",
                    "parameters": {"migrate_to_chat_id": self.upgraded[chat_id]},
                }
                return web.json_response(body, status=400)
        return await super()._handle(request)


@pytest.fixture
def api() -> DigestAPI:
    return DigestAPI()


@pytest.fixture
async def start(tmp_path: Path, serve: Serve, api: DigestAPI) -> AsyncIterator[Start]:
    base = await serve(api.app())
    bot = Bot(api.token, base_url=f"{base}/bot")
    await bot.initialize()
    processes: list[Process] = []
    path = tmp_path / "bot.sqlite3"

    async def start_process(clock: FakeClock, **settings: object) -> Process:
        db = await open_database(path)
        for chat_id in (CHAT, -1002, -1003):
            await sql(
                db,
                "INSERT INTO chats (chat_id, type, language) VALUES (?, 'supergroup', 'en') "
                "ON CONFLICT DO NOTHING",
                (chat_id,),
            )
        builder = DigestBuilder(
            sources=DigestSources(db),
            feeds=FeedRepository(db),
            filters=FilterRepository(db),
            render=render_chat_digest,
        )
        job_settings = DigestJobSettings(**settings)  # type: ignore[arg-type]
        scheduler = DigestScheduler(
            sender=TelegramDigestSender(bot, messages_per_second=job_settings.messages_per_second),
            subscriptions=SubscriptionRepository(db),
            log=DigestLog(db),
            composer=builder,
            chats=ChatRepository(db),
            clock=clock,
            settings=job_settings,
        )
        election = Election(FileSchedulerLock.beside(path), [scheduler])
        process = Process(db, scheduler, SubscriptionRepository(db), DigestLog(db), election)
        processes.append(process)
        return process

    yield start_process
    for process in processes:
        await process.election.stop()
        await process.scheduler.stop()
        await process.db.close()
    await bot.shutdown()


async def subscribe(
    process: Process,
    chat_id: int = CHAT,
    *,
    at: dt.time = dt.time(8),
    tz: str = BERLIN,
    now: dt.datetime = DUE - dt.timedelta(days=1),
    thread_id: int | None = None,
    send_empty: bool = True,
) -> None:
    # send_empty: every slot makes exactly one message, which makes deliveries easy to count.
    await process.subscriptions.subscribe(
        chat_id, local_time=at, timezone=tz, now=now, thread_id=thread_id, send_empty=send_empty
    )


async def test_sent_at_the_local_time_not_before(start: Start, api: DigestAPI) -> None:
    clock = FakeClock(DUE - dt.timedelta(minutes=1))
    bot = await start(clock)
    await subscribe(bot)

    await bot.tick()
    assert api.sent() == []

    clock.set(DUE)
    await bot.tick()
    (message,) = api.sent()
    assert message.chat_id == CHAT
    assert message.parse_mode == "HTML"
    assert "Monday, 2 March 2026" in message.text
    entry = await bot.log.get(CHAT, DAY)
    assert entry is not None
    assert (entry.state, entry.message_ids) == (DigestState.SENT, (message.message_id,))


async def test_once_a_day_however_often_the_scheduler_looks(start: Start, api: DigestAPI) -> None:
    clock = FakeClock(DUE)
    bot = await start(clock)
    await subscribe(bot)

    for _ in range(3):
        await bot.tick()
        clock.advance(dt.timedelta(hours=5))
    clock.set(DUE + dt.timedelta(days=1))
    await bot.tick()
    await bot.tick()

    assert [m.text.split(" · ")[1].split("\n")[0] for m in api.sent()] == [
        "Monday, 2 March 2026",
        "Tuesday, 3 March 2026",
    ]


async def test_two_processes_on_one_database_send_once(start: Start, api: DigestAPI) -> None:
    clock = FakeClock(DUE)
    first, second = await start(clock), await start(clock)
    await subscribe(first)

    # Only the elected one runs its scheduler. Without the lock, one would take the other's
    # half-sent digest for a crashed one.
    assert await first.election.check()
    await api.wait_for_message(lambda m: m.chat_id == CHAT)
    for _ in range(3):
        assert not await second.election.check()
    await first.scheduler.drain()
    assert len(api.sent()) == 1
    assert first.election.lock.held and not second.election.lock.held

    # The one that serves dies (its lock goes with it): the other takes over, and sends the
    # next day's digest.
    await first.election.stop()
    assert await second.election.check()
    clock.set(DUE + dt.timedelta(days=1))
    await api.wait_for_messages(count=2)
    await second.scheduler.drain()
    assert len(api.sent()) == 2
    assert not first.election.leading and second.election.leading


async def test_the_elected_scheduler_stops_when_its_lock_is_lost(
    start: Start, api: DigestAPI, tmp_path: Path
) -> None:
    clock = FakeClock(DUE)
    bot = await start(clock)
    await subscribe(bot)
    assert await bot.election.check()
    await api.wait_for_message(lambda m: m.chat_id == CHAT)

    await bot.election.lock.release()  # what a broken database connection does to the lock
    stolen = FileSchedulerLock.beside(tmp_path / "bot.sqlite3")
    assert await stolen.acquire()
    assert not await bot.election.check()
    clock.set(DUE + dt.timedelta(days=1))
    await asyncio.sleep(0.2)

    assert len(api.sent()) == 1  # its scheduler is stopped: no second day from here
    await stolen.release()


async def test_dst_change_keeps_the_local_time(start: Start, api: DigestAPI) -> None:
    # Berlin springs forward on Sunday 29 March 2026: 08:00 local is 07:00 UTC on Saturday
    # and 06:00 UTC on Sunday.
    saturday = dt.datetime(2026, 3, 28, 7, 0, tzinfo=dt.UTC)
    clock = FakeClock(saturday)
    bot = await start(clock)
    await subscribe(bot, now=saturday - dt.timedelta(days=1))
    await bot.tick()

    clock.set(dt.datetime(2026, 3, 29, 5, 59, tzinfo=dt.UTC))
    await bot.tick()
    assert len(api.sent()) == 1
    clock.set(dt.datetime(2026, 3, 29, 6, 0, tzinfo=dt.UTC))
    await bot.tick()

    assert len(api.sent()) == 2
    assert "Sunday, 29 March 2026" in api.sent()[1].text


async def test_the_next_wake_up_is_the_next_local_slot(start: Start) -> None:
    clock = FakeClock(DUE + dt.timedelta(minutes=1))
    bot = await start(clock)
    await subscribe(bot)
    await subscribe(bot, -1002, at=dt.time(9, 30), tz="America/New_York")

    wake_at = await bot.scheduler.run_once()
    await bot.scheduler.drain()

    assert wake_at == dt.datetime(2026, 3, 2, 14, 30, tzinfo=dt.UTC)  # 09:30 EST


async def test_background_loop_sleeps_until_due_and_wakes_on_subscribe(
    start: Start, api: DigestAPI
) -> None:
    clock = FakeClock(DUE - dt.timedelta(hours=1))
    bot = await start(clock)
    await bot.scheduler.start()
    await until(lambda: bool(clock.sleepers))

    await subscribe(bot)
    bot.scheduler.wake()
    await until(lambda: DUE in clock.sleepers)
    clock.set(DUE)
    await until(lambda: len(api.sent()) == 1)


async def test_restart_before_the_due_time(start: Start, api: DigestAPI) -> None:
    clock = FakeClock(DUE - dt.timedelta(hours=2))
    before = await start(clock)
    await subscribe(before)
    await before.tick()
    await before.scheduler.stop()

    clock.set(DUE + dt.timedelta(seconds=30))
    after = await start(clock)
    await after.tick()

    assert len(api.sent()) == 1


async def test_restart_after_the_due_time_catches_up_within_six_hours(
    start: Start, api: DigestAPI
) -> None:
    clock = FakeClock(DUE - dt.timedelta(hours=1))
    bot = await start(clock)
    await subscribe(bot)  # due 07:00 UTC
    await subscribe(bot, -1002, at=dt.time(1, 30))  # due 00:30 UTC: 6.5 h late at 07:00
    await bot.scheduler.stop()

    clock.set(DUE + dt.timedelta(hours=5, minutes=59))
    restarted = await start(clock)
    await restarted.tick()

    assert [m.chat_id for m in api.sent()] == [CHAT]
    assert await restarted.log.get(-1002, DAY) is None  # skipped, not owed any more


async def test_restart_after_the_due_time_too_late(start: Start, api: DigestAPI) -> None:
    clock = FakeClock(DUE - dt.timedelta(hours=1))
    bot = await start(clock)
    await subscribe(bot)

    clock.set(DUE + dt.timedelta(hours=6))
    await (await start(clock)).tick()

    assert api.sent() == []


async def test_restart_during_sending_resumes_after_the_last_part(
    start: Start, api: DigestAPI
) -> None:
    clock = FakeClock(DUE)
    crashed = await start(clock)
    await subscribe(crashed)
    # What a process that crashed after the first of three messages leaves behind:
    await crashed.log.claim(
        CHAT, DAY, due_at=DUE, period_start=DUE - dt.timedelta(days=1), period_end=DUE, now=DUE
    )
    await crashed.log.set_parts(CHAT, DAY, ["part 1", "part 2", "part 3"])
    await crashed.log.part_sent(CHAT, DAY, 1)

    clock.advance(dt.timedelta(minutes=3))
    restarted = await start(clock)
    await restarted.tick()
    await restarted.tick()

    assert [m.text for m in api.sent()] == ["part 2", "part 3"]
    entry = await restarted.log.get(CHAT, DAY)
    assert entry is not None
    assert entry.state is DigestState.SENT
    assert entry.message_ids[0] == 1
    assert entry.attempts == 2


async def test_restart_after_claim_before_composing(start: Start, api: DigestAPI) -> None:
    clock = FakeClock(DUE)
    crashed = await start(clock)
    await subscribe(crashed)
    await crashed.log.claim(
        CHAT, DAY, due_at=DUE, period_start=DUE - dt.timedelta(days=1), period_end=DUE, now=DUE
    )

    restarted = await start(clock)
    await restarted.tick()

    assert len(api.sent()) == 1
    assert "Monday, 2 March 2026" in api.sent()[0].text


async def test_an_interrupted_digest_too_old_is_given_up(start: Start, api: DigestAPI) -> None:
    clock = FakeClock(DUE)
    crashed = await start(clock)
    await subscribe(crashed)
    await crashed.log.claim(CHAT, DAY, due_at=DUE, period_start=DUE, period_end=DUE, now=DUE)

    clock.advance(dt.timedelta(hours=7))
    restarted = await start(clock)
    await restarted.tick()

    entry = await restarted.log.get(CHAT, DAY)
    assert entry is not None
    assert (entry.state, entry.error) == (DigestState.FAILED, "too late")
    assert api.sent() == []


async def test_subscribing_after_todays_time_starts_tomorrow(start: Start, api: DigestAPI) -> None:
    clock = FakeClock(DUE + dt.timedelta(hours=1))
    bot = await start(clock)
    await subscribe(bot, now=clock.now())

    await bot.tick()
    assert api.sent() == []
    clock.set(DUE + dt.timedelta(days=1))
    await bot.tick()
    assert len(api.sent()) == 1


async def test_an_empty_day_sends_nothing_but_is_logged(start: Start, api: DigestAPI) -> None:
    clock = FakeClock(DUE)
    bot = await start(clock)
    await subscribe(bot, send_empty=False)

    await bot.tick()

    entry = await bot.log.get(CHAT, DAY)
    assert entry is not None
    assert entry.state is DigestState.EMPTY
    assert api.sent() == []


async def test_a_removed_bot_pauses_the_subscription(start: Start, api: DigestAPI) -> None:
    clock = FakeClock(DUE)
    bot = await start(clock)
    await subscribe(bot)
    await subscribe(bot, -1002)
    api.fail(
        "sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat", times=None,
        chat_id=CHAT,
    )  # fmt: skip

    await bot.tick()

    assert [m.chat_id for m in api.sent()] == [-1002]
    subscription = await bot.subscriptions.get(CHAT)
    assert subscription is not None
    assert not subscription.active
    assert subscription.paused_reason is not None
    assert "kicked" in subscription.paused_reason
    entry = await bot.log.get(CHAT, DAY)
    assert entry is not None
    assert entry.state is DigestState.FAILED
    # Never retried: not today, not tomorrow.
    api.failures.clear()
    clock.set(DUE + dt.timedelta(days=1))
    await bot.tick()
    assert [m.chat_id for m in api.sent()] == [-1002, -1002]


async def test_flood_control_is_honoured_then_delivered_once(start: Start, api: DigestAPI) -> None:
    clock = FakeClock(DUE)
    bot = await start(clock)
    await subscribe(bot)
    api.fail("sendMessage", 429, "Too Many Requests: retry after 40", retry_after=40, chat_id=CHAT)

    await bot.tick()
    assert api.sent() == []
    entry = await bot.log.get(CHAT, DAY)
    assert entry is not None
    assert entry.retry_at == DUE + dt.timedelta(seconds=40)

    clock.advance(dt.timedelta(seconds=39))
    await bot.tick()
    assert api.sent() == []
    clock.advance(dt.timedelta(seconds=1))
    await bot.tick()
    await bot.tick()
    assert len(api.sent()) == 1


async def test_server_errors_are_retried_with_backoff_then_given_up(
    start: Start, api: DigestAPI
) -> None:
    clock = FakeClock(DUE)
    bot = await start(clock, max_attempts=3, retry_delay=dt.timedelta(seconds=10))
    await subscribe(bot)
    api.fail("sendMessage", 502, "Bad Gateway", times=None, chat_id=CHAT)

    retry_times = []
    for _ in range(3):
        await bot.tick()
        entry = await bot.log.get(CHAT, DAY)
        assert entry is not None
        if entry.retry_at is not None:
            retry_times.append(entry.retry_at - clock.now())
            clock.set(entry.retry_at)

    entry = await bot.log.get(CHAT, DAY)
    assert entry is not None
    assert retry_times == [dt.timedelta(seconds=10), dt.timedelta(seconds=20)]
    assert (entry.state, entry.attempts) == (DigestState.FAILED, 3)
    assert api.sent() == []


async def test_posts_into_the_forum_topic_and_falls_back_when_it_is_gone(
    start: Start, api: DigestAPI
) -> None:
    clock = FakeClock(DUE)
    bot = await start(clock)
    await subscribe(bot, thread_id=77)
    await subscribe(bot, -1002, thread_id=88)
    api.fail("sendMessage", 400, "Bad Request: message thread not found", chat_id=-1002)

    await bot.tick()

    assert {(m.chat_id, m.thread_id) for m in api.sent()} == {(CHAT, 77), (-1002, None)}


async def test_many_chats_due_in_the_same_minute_are_all_served(
    start: Start, api: DigestAPI
) -> None:
    clock = FakeClock(DUE)
    bot = await start(clock, concurrency=4, messages_per_second=1000)
    chats = list(range(-2000, -2120, -1))
    await sql_many(
        bot.db, "INSERT INTO chats (chat_id, type) VALUES (?, 'group')", [(c,) for c in chats]
    )
    for chat_id in chats:
        await subscribe(bot, chat_id, at=dt.time(7), tz="UTC")

    await bot.tick()

    assert sorted(m.chat_id for m in api.sent()) == sorted(chats)


async def until(condition: Callable[[], bool]) -> None:
    """Let background tasks run until ``condition`` holds (5 s at most)."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached in 5 s")


async def test_a_crash_while_a_message_is_in_flight_resends_only_the_rest(
    start: Start, api: DigestAPI
) -> None:
    clock = FakeClock(DUE)
    crashed = await start(clock)
    await subscribe(crashed, send_empty=False)
    for n in range(12):  # long entries: the digest needs several messages
        url = f"https://s{n}.example/{n}"
        title = " ".join(f"t{n}w{k}" for k in range(20))  # distinct stories, long entries
        data = {"url": url, "title": title, "summary": [" ".join(f"s{n}w{k}" for k in range(150))]}
        ((article_id,),) = await sql(
            crashed.db,
            "INSERT INTO articles (canonical_url, url, title, data, fetched_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (url, url, data["title"], json.dumps(data), "2026-03-02T06:00:00.000Z"),
        )
        await sql(
            crashed.db,
            "INSERT INTO history (chat_id, article_id, shared_at) VALUES (?, ?, ?)",
            (CHAT, article_id, "2026-03-02T06:00:00.000Z"),
        )
    api.hold_after = 1  # the second message never gets an answer: the process dies meanwhile

    await crashed.scheduler.run_once()
    await until(lambda: len(api.sent()) == 1)
    await asyncio.sleep(0.05)
    await crashed.scheduler.stop()  # the crash: the delivery task is cancelled mid-request

    entry = await crashed.log.get(CHAT, DAY)
    assert entry is not None
    assert entry.parts is not None
    total = len(entry.parts)
    assert total >= 2
    assert (entry.state, entry.parts_sent) == (DigestState.SENDING, 1)

    api.hold_after = None
    restarted = await start(clock)
    await restarted.tick()
    api.release.set()  # let the dead process's request end, so the server can stop

    assert [m.text for m in api.sent()] == list(entry.parts)  # each part once, in order
    done = await restarted.log.get(CHAT, DAY)
    assert done is not None
    assert (done.state, len(done.message_ids)) == (DigestState.SENT, total)


async def test_a_group_that_became_a_supergroup_gets_its_digest_there_once(
    start: Start, api: DigestAPI
) -> None:
    clock = FakeClock(DUE)
    bot = await start(clock)
    await subscribe(bot, -1002)
    await sql(
        bot.db,
        "INSERT INTO chat_filters (chat_id, kind, keyword, folded, added_at) "
        "VALUES (-1002, 'include', 'x', 'x', '2026-03-01T00:00:00.000Z')",
    )
    api.upgraded[-1002] = -1009

    await bot.tick()
    await bot.tick()

    assert [m.chat_id for m in api.sent()] == [-1009]
    assert await bot.subscriptions.get(-1002) is None
    moved = await bot.subscriptions.get(-1009)
    assert moved is not None
    assert (moved.local_time, moved.timezone) == (dt.time(8), BERLIN)
    assert [r[0] for r in await sql(bot.db, "SELECT chat_id FROM chat_filters")] == [-1009]


async def test_a_lock_file_that_cannot_be_opened_does_not_stop_digests(
    start: Start, api: DigestAPI, tmp_path: Path
) -> None:
    clock = FakeClock(DUE)
    bot = await start(clock)
    lock = FileSchedulerLock(tmp_path / "no-such-folder" / "x.scheduler-lock")
    bot.election = Election(lock, [bot.scheduler])
    await subscribe(bot)

    assert await bot.election.check()
    await api.wait_for_message(lambda m: m.chat_id == CHAT)
    await bot.scheduler.drain()

    assert len(api.sent()) == 1
    assert lock.unavailable and not lock.held
