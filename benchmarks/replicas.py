"""Two replicas on PostgreSQL against one process on SQLite, with real ``newsbot run`` processes.

    python -m benchmarks.replicas [--links 200] [--digests 1000] [--only links|digests]

Every process is a real ``newsbot run`` in webhook mode (tests/replicas_harness.py), in its own
empty folder, talking to the fake Bot API on 127.0.0.1; PostgreSQL is a throwaway server started
for the run (tests/postgres.py).

- ``links``: ``--links`` different links (the same article under different addresses, so each is
  fetched, extracted and summarised) posted at once from as many private chats, split evenly
  between the replicas, all in flight together. Links per second from the first post to the last
  reply, and each link's latency (post to reply): p50 and p95.
- ``digests``: ``--digests`` chats with a digest due, sent by the elected scheduler at its default
  pace (25 messages/s) through a fake Bot API that answers 429 beyond Telegram's limits; the
  scheduler is killed (``kill -9``) with about 40 % sent. On PostgreSQL the other replica takes
  over; on SQLite, with one process per file, the only take-over is a restart (a new process on
  the same file, as systemd or compose would start). Time from the first digest to the last,
  take-over time, sends per chat (how many chats got 0, 1 or 2 copies) and the most messages
  the fake Bot API saw in any one second.

``--repeat N`` runs each setup N times, alternating, and prints every run: the processes share
the machine's cores with whatever else runs, so one run alone says little.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from aiohttp import web

from storage.database import open_database
from storage.timestamps import to_db
from tests.bot_harness import Site
from tests.fake_bot_api import FakeBotAPI
from tests.postgres import PostgresServer, postgres_server
from tests.replicas_harness import Replica, seed_due_digests, start_replica, until_leader
from tests.telegram_limits import TelegramLimits

KILL_AT = 0.4  # the share of digests sent when the scheduler is killed


async def serve(app: web.Application, stack: AsyncExitStack) -> str:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    stack.push_async_callback(runner.cleanup)
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return f"http://127.0.0.1:{runner.addresses[0][1]}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Backend:
    """Where the replicas keep their data: ``database(folder)`` gives a fresh one."""

    name: str
    replicas: int
    database: Callable[[Path], Awaitable[str]]
    seed: Callable[[str, list[int]], Awaitable[None]]


def postgres_backend(server: PostgresServer, replicas: int) -> Backend:
    async def database(_: Path) -> str:
        name = server.create_database()
        return f"postgresql://postgres@127.0.0.1:{server.port}/{name}"

    async def seed(dsn: str, chats: list[int]) -> None:
        await seed_due_digests(dsn, chats, now=dt.datetime.now(dt.UTC))

    return Backend(f"{replicas} replica{'s' if replicas > 1 else ''}, PostgreSQL", replicas,
                   database, seed)  # fmt: skip


def sqlite_backend() -> Backend:
    async def database(folder: Path) -> str:
        path = folder / "shared.sqlite3"
        db = await open_database(path)  # the schema
        await db.close()
        return str(path)

    async def seed(path: str, chats: list[int]) -> None:
        now = dt.datetime.now(dt.UTC)
        due = (now - dt.timedelta(minutes=3)).strftime("%H:%M")
        started = to_db(now - dt.timedelta(days=2))
        with sqlite3.connect(path) as db:
            db.executemany(
                "INSERT INTO chats (chat_id, type, language) VALUES (?, 'supergroup', 'en')",
                [(c,) for c in chats],
            )
            db.executemany(
                "INSERT INTO subscriptions (chat_id, local_time, timezone, send_empty, "
                "starts_at, updated_at) VALUES (?, ?, 'UTC', 1, ?, ?)",
                [(c, due, started, started) for c in chats],
            )

    return Backend("1 process, SQLite", 1, database, seed)


async def start_all(
    backend: Backend, folder: Path, database: str, api_url: str, http: aiohttp.ClientSession,
    **settings: str,
) -> list[Replica]:  # fmt: skip
    replicas = [
        await start_replica(f"r{n}", folder, api_url=api_url, database=database, http=http,
                            **settings)
        for n in range(backend.replicas)
    ]  # fmt: skip
    await asyncio.gather(*(r.wait_healthy() for r in replicas))
    return replicas


async def links_run(backend: Backend, count: int) -> str:
    api, site = FakeBotAPI(), Site()
    async with AsyncExitStack() as stack, aiohttp.ClientSession() as http:
        api_url, site_url = await serve(api.app(), stack), await serve(site.app(), stack)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            database = await backend.database(folder)
            replicas = await start_all(
                backend, folder, database, api_url, http, NEWSBOT_LINKS_PER_USER="1000"
            )
            try:
                chats = [20_000 + n for n in range(count)]
                updates = [api.updates.message(c, f"{site_url}/news/ferry-{c}.html") for c in chats]
                posted: dict[int, float] = {}

                async def post(n: int) -> None:
                    posted[chats[n]] = time.monotonic()
                    await replicas[n % len(replicas)].post(updates[n])

                started = time.monotonic()
                await asyncio.gather(*(post(n) for n in range(count)))
                await api.wait_for_messages(lambda m: m.chat_id in posted, count=count, within=900)
            finally:
                for replica in replicas:
                    await replica.stop()
    answered = {m.chat_id: m.at for m in api.sent() if m.chat_id in posted}
    latencies = [answered[c] - posted[c] for c in chats]
    seconds = max(answered.values()) - started
    ok = sum("Ferry workers end strike" in m.text for m in api.sent())
    return (
        f"| {backend.name} | {count} | {ok} | {seconds:.1f} | {count / seconds:.1f} | "
        f"{statistics.median(latencies):.1f} | {percentile(latencies, 0.95):.1f} |"
    )


async def digests_run(backend: Backend, count: int) -> str:
    api = TelegramLimits()
    async with AsyncExitStack() as stack, aiohttp.ClientSession() as http:
        api_url = await serve(api.app(), stack)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            database = await backend.database(folder)
            chats = [-1_000_000 - n for n in range(count)]
            await backend.seed(database, chats)
            group = set(chats)
            replicas = await start_all(backend, folder, database, api_url, http)
            try:
                await api.wait_for_messages(
                    lambda m: m.chat_id in group, count=int(count * KILL_AT), within=600
                )
                leader = await until_leader(replicas, 10)
                leader.kill()
                killed = time.monotonic()
                await leader.process.wait()
                others = [r for r in replicas if r is not leader]
                if not others:  # SQLite: a restart on the same file is the take-over
                    others = [
                        await start_replica("restarted", folder, api_url=api_url,
                                            database=database, http=http)
                    ]  # fmt: skip
                    replicas.append(others[0])
                await until_leader(others, 120)
                take_over = time.monotonic() - killed
                await api.wait_for_messages(lambda m: m.chat_id in group, count=count, within=600)
                await asyncio.sleep(3.0)  # late doubles
            finally:
                for replica in replicas:
                    if replica.process.returncode is None:
                        await replica.stop()
    times = sorted(m.at for m in api.sent() if m.chat_id in group)
    per_chat = Counter(m.chat_id for m in api.sent() if m.chat_id in group)
    copies = Counter(per_chat.get(c, 0) for c in chats)
    return (
        f"| {backend.name} | {count} | {times[-1] - times[0]:.1f} | {take_over:.1f} | "
        f"{copies.get(0, 0)} / {copies.get(1, 0)} / {copies.get(2, 0)} | "
        f"{api.busiest_second} | {api.too_many} |"
    )


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replicas")
    parser.add_argument("--links", type=int, default=200)
    parser.add_argument("--digests", type=int, default=1000)
    parser.add_argument("--only", choices=("links", "digests"))
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, alternating")
    args = parser.parse_args(argv)
    with postgres_server() as server:
        backends = [postgres_backend(server, 2), sqlite_backend()]
        if args.only != "digests":
            print("| setup | links in flight | answered | seconds | links/s | p50 s | p95 s |")
            print("|---|---|---|---|---|---|---|")
            for _ in range(args.repeat):
                for backend in backends:
                    print(await links_run(backend, args.links), flush=True)
        if args.only != "links":
            print()
            print(
                "| setup | digests | first to last, s | take-over, s | chats with 0 / 1 / 2 "
                "copies | busiest second | 429s |"
            )
            print("|---|---|---|---|---|---|---|")
            for _ in range(args.repeat):
                for backend in backends:
                    print(await digests_run(backend, args.digests), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
