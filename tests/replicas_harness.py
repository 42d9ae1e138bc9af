"""Real ``newsbot run`` replicas for the multi-replica test and ``benchmarks/replicas.py``.

Each replica is a process of its own in webhook mode, in an empty working directory of its own
(as on separate machines), with the settings a deployment gives it: the shared database (a
``postgresql://`` URL, or a SQLite file for the one-process baseline), the webhook URL, secret and
listening port, and ``/metrics`` + ``/healthz`` on a port of its own. The test posts Telegram's
updates straight to a replica's webhook port, as the reverse proxy would.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from prometheus_client.parser import text_string_to_metric_families

from storage.timestamps import to_db
from tests.test_bot_runner import environment, free_port

WEBHOOK_URL = "https://bot.example.test/tg/hook"
WEBHOOK_SECRET = "replica-Secret_1"


@dataclass
class Replica:
    """One ``newsbot run`` process and the ports it serves."""

    name: str
    folder: Path
    process: asyncio.subprocess.Process
    port: int  # the webhook's
    ops_port: int  # /metrics and /healthz
    http: aiohttp.ClientSession = field(repr=False)

    @property
    def log(self) -> str:
        return (self.folder / "newsbot.log").read_text(errors="replace")

    async def post(self, update: dict[str, Any]) -> None:
        """Deliver ``update`` as Telegram would (through the proxy)."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        url = f"http://127.0.0.1:{self.port}/tg/hook"
        async with self.http.post(url, json=update, headers=headers) as response:
            assert response.status == 200, f"{self.name}: {response.status}"

    async def metrics(self) -> str:
        async with self.http.get(f"http://127.0.0.1:{self.ops_port}/metrics") as response:
            return await response.text()

    async def sample(self, name: str, **labels: str) -> float:
        return sample(await self.metrics(), name, **labels)

    async def healthy(self) -> bool:
        try:
            url = f"http://127.0.0.1:{self.ops_port}/healthz"
            async with self.http.get(url, timeout=aiohttp.ClientTimeout(total=5)) as response:
                return response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False

    async def leads(self) -> bool:
        """Whether this replica runs the scheduler (``newsbot_scheduler_leader``)."""
        try:
            return await self.sample("newsbot_scheduler_leader") == 1
        except (aiohttp.ClientError, TimeoutError):
            return False

    async def wait_healthy(self, within: float = 180.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not await self.healthy():
            if self.process.returncode is not None:
                raise AssertionError(
                    f"{self.name} exited {self.process.returncode}:\n{self.log[-3000:]}"
                )
            if loop.time() > deadline:
                raise AssertionError(f"{self.name} not healthy in {within}s:\n{self.log[-3000:]}")
            await asyncio.sleep(0.2)

    def kill(self) -> None:
        """``kill -9``: no clean-up of any kind."""
        self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), 60)


async def until_leader(replicas: list[Replica], within: float) -> Replica:
    """The replica that runs the scheduler, once one does (``within`` seconds at most)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        for replica in replicas:
            if replica.process.returncode is None and await replica.leads():
                return replica
        await asyncio.sleep(0.1)
    raise AssertionError(f"no replica took the scheduler over within {within:g} s")


def sample(metrics: str, name: str, **labels: str) -> float:
    """One sample's value on a Prometheus text page (0 when absent)."""
    for family in text_string_to_metric_families(metrics):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return float(found.value)
    return 0.0


async def start_replica(
    name: str,
    root: Path,
    *,
    api_url: str,
    database: str,
    http: aiohttp.ClientSession,
    **settings: str,
) -> Replica:
    """``newsbot run`` in ``root/name`` (empty), on ``database``, in webhook mode."""
    folder = root / name
    folder.mkdir(parents=True)
    port, ops_port = free_port(), free_port()
    env = environment(
        folder,
        api_url,
        NEWSBOT_DATABASE=database,
        NEWSBOT_WEBHOOK_URL=WEBHOOK_URL,
        NEWSBOT_WEBHOOK_SECRET=WEBHOOK_SECRET,
        NEWSBOT_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        NEWSBOT_METRICS_LISTEN=f"127.0.0.1:{ops_port}",
        LOG_LEVEL="INFO",
        **settings,
    )
    with (folder / "newsbot.log").open("wb") as log:  # the child keeps its own copy
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--env-file",
            str(folder / "absent.env"),
            cwd=folder,
            env=env,
            stdout=log,
            stderr=log,
        )
    return Replica(name, folder, process, port, ops_port, http)


async def seed_due_digests(dsn: str, chats: list[int], *, now: dt.datetime) -> None:
    """Supergroups subscribed to a digest due a few minutes ago (so it is owed at once), each
    sending a digest even when empty: one message per chat per day."""
    due = (now - dt.timedelta(minutes=3)).astimezone(dt.UTC)
    started = to_db(now - dt.timedelta(days=2))
    conn = await asyncpg.connect(dsn)
    try:
        await conn.executemany(
            "INSERT INTO chats (chat_id, type, language) VALUES ($1, 'supergroup', 'en')",
            [(c,) for c in chats],
        )
        await conn.executemany(
            "INSERT INTO subscriptions (chat_id, local_time, timezone, send_empty, starts_at, "
            "updated_at) VALUES ($1, $2, 'UTC', 1, $3, $3)",
            [(c, due.strftime("%H:%M"), started) for c in chats],
        )
    finally:
        await conn.close()
