"""Operations on a real ``newsbot run`` process: ``/metrics`` and ``/healthz`` on
``NEWSBOT_METRICS_LISTEN``, and JSON log lines with ``NEWSBOT_LOG_FORMAT=json``."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import aiohttp
import pytest

from tests.bot_harness import Serve, Site
from tests.fake_bot_api import FakeBotAPI
from tests.replicas_harness import sample
from tests.test_bot_runner import ANN, environment, free_port, start, stop


async def get(http: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with http.get(url) as response:
        return response.status, await response.text()


async def until_up(
    http: aiohttp.ClientSession, url: str, process: asyncio.subprocess.Process
) -> int:
    """The first answer of ``url`` once the process serves it (the model loads first)."""
    for _ in range(1200):
        if process.returncode is not None:
            raise AssertionError(f"newsbot exited with {process.returncode}")
        try:
            status, _ = await get(http, url)
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.1)
            continue
        if status == 200:
            return status
        await asyncio.sleep(0.1)
    raise AssertionError(f"{url} never answered 200")


@pytest.mark.timeout(240)
async def test_metrics_health_and_json_logs_of_a_running_bot(tmp_path: Path, serve: Serve) -> None:
    api, site = FakeBotAPI(), Site()
    api_url, site_url = await serve(api.app()), await serve(site.app())
    port = free_port()
    env = environment(
        tmp_path, api_url, NEWSBOT_METRICS_LISTEN=f"127.0.0.1:{port}", NEWSBOT_LOG_FORMAT="json"
    )
    ops = f"http://127.0.0.1:{port}"
    process = await start(tmp_path, env)
    try:
        async with aiohttp.ClientSession() as http:
            assert await until_up(http, f"{ops}/healthz", process) == 200
            ferry = f"{site_url}/news/ferry.html"
            # Telegram's flood control on the first reply: waited out, sent again, counted.
            api.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
            for text in (ferry, ferry, f"{site_url}/news/missing.html"):  # new, cached, 404
                await api.push_update(api.updates.message(ANN, text))
                await api.wait_for_messages(
                    lambda m: m.chat_id == ANN, count=1, after=len(api.messages)
                )
            status, metrics = await get(http, f"{ops}/metrics")
            assert status == 200

            # Gone from under the bot: the load balancer must take this replica out.
            database = tmp_path / "data" / "bot.sqlite3"
            for path in database.parent.glob("bot.sqlite3*"):
                if not path.name.endswith("scheduler-lock"):
                    path.unlink()
            gone, why = await get(http, f"{ops}/healthz")
    finally:
        code = await stop(process)

    log = (tmp_path / "stderr.log").read_text()
    assert code == 0, log[-3000:]
    assert sample(metrics, "newsbot_links_summarized_total") == 2
    assert sample(metrics, "newsbot_cache_hits_total") == 1
    assert sample(metrics, "newsbot_links_failed_total", reason="HTTPStatusError") == 1
    assert sample(metrics, "newsbot_pipeline_seconds_count") == 2  # the 404 too
    assert 0 < sample(metrics, "newsbot_pipeline_seconds_sum") < 60
    assert sample(metrics, "newsbot_scheduler_leader") == 1  # the only process: it schedules
    assert sample(metrics, "newsbot_digests_sent_total") == 0
    names = set(re.findall(r"^# TYPE (\S+)", metrics, re.MULTILINE))
    assert names and all(name.startswith("newsbot_") for name in names), names
    assert sample(metrics, "newsbot_telegram_api_429_total") == 1
    errors = {"method": "sendMessage", "error": "RetryAfter"}
    assert sample(metrics, "newsbot_telegram_api_errors_total", **errors) == 1

    assert (gone, why.startswith("unhealthy: the database file")) == (503, True)

    lines = log.splitlines()
    assert len(lines) > 10
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    assert any(r["message"].startswith("metrics and health on") for r in records)
    assert api.token not in log
