"""``newsbot run`` as a new user would run it: a real process, settings from the environment,
the fake Bot API at TELEGRAM_API_BASE_URL (given as a server root, like a local Bot API
server), long polling or a webhook, and SIGTERM for a clean stop."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
from pathlib import Path

import aiohttp

from tests.bot_harness import Serve, Site
from tests.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
ANN = 1001
SHORT_TOKEN = "123:abc"


def environment(tmp_path: Path, api_url: str, **extra: str) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        {
            "HF_HUB_OFFLINE": "1",
            "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
            "TELEGRAM_API_BASE_URL": api_url,
            "NEWSBOT_DATABASE": str(tmp_path / "data" / "bot.sqlite3"),
            "NEWSBOT_ALLOW_PRIVATE_ADDRESSES": "1",
            "LOG_LEVEL": "DEBUG",
            **extra,
        }
    )
    return env


async def start(tmp_path: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    with (tmp_path / "stderr.log").open("wb") as log:  # the child keeps its own copy
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--env-file",
            str(tmp_path / "absent.env"),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )


async def stop(process: asyncio.subprocess.Process) -> int:
    process.send_signal(signal.SIGTERM)
    return await asyncio.wait_for(process.wait(), 60)


def history_rows(tmp_path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(tmp_path / "data" / "bot.sqlite3") as db:
        return list(db.execute("SELECT chat_id, url FROM history"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_missing_token_says_how_to_get_one(tmp_path: Path) -> None:
    env = environment(tmp_path, "http://127.0.0.1:9")
    del env["TELEGRAM_BOT_TOKEN"]
    process = await start(tmp_path, env)

    assert await asyncio.wait_for(process.wait(), 60) == 2
    err = (tmp_path / "stderr.log").read_text()
    assert "TELEGRAM_BOT_TOKEN is not set" in err and "@BotFather" in err


async def test_long_polling_answers_and_sigterm_stops_cleanly(tmp_path: Path, serve: Serve) -> None:
    # A short token, as people use with a local Bot API server or a test double: the server
    # decides whether a token is valid, not a length rule of ours.
    api, site = FakeBotAPI(token=SHORT_TOKEN), Site()
    api_url, site_url = await serve(api.app()), await serve(site.app())
    env = environment(tmp_path, api_url, TELEGRAM_BOT_TOKEN=SHORT_TOKEN)
    process = await start(tmp_path, env)
    try:
        await api.push_update(api.updates.message(ANN, f"{site_url}/news/ferry.html"))
        reply = await api.wait_for_message(lambda m: m.chat_id == ANN, within=120)
    finally:
        code = await stop(process)

    err = (tmp_path / "stderr.log").read_text()
    assert code == 0, err[-3000:]
    assert "Ferry workers end strike" in reply.text
    assert api.commands["all_private_chats"][0]["command"] == "summary"
    assert history_rows(tmp_path) == [(ANN, f"{site_url}/news/ferry.html")]
    assert SHORT_TOKEN not in err  # not even at DEBUG
    assert "[redacted]" in err


async def test_webhook_mode_checks_the_secret_and_answers(tmp_path: Path, serve: Serve) -> None:
    api, site = FakeBotAPI(), Site()
    api_url, site_url = await serve(api.app()), await serve(site.app())
    port = free_port()
    env = environment(
        tmp_path,
        api_url,
        NEWSBOT_WEBHOOK_URL="https://bot.example.test/tg/hook",
        NEWSBOT_WEBHOOK_SECRET="s3cret-Token_1",
        NEWSBOT_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
    )
    process = await start(tmp_path, env)
    try:
        for _ in range(1200):  # the model loads before the webhook is set
            if api.webhook or process.returncode is not None:
                break
            await asyncio.sleep(0.1)
        assert api.webhook["url"] == "https://bot.example.test/tg/hook"
        assert api.webhook["secret_token"] == "s3cret-Token_1"

        update = api.updates.message(ANN, f"{site_url}/news/library.html")
        hook = f"http://127.0.0.1:{port}/tg/hook"
        async with aiohttp.ClientSession() as http:
            async with http.post(
                hook, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            ) as refused:
                assert refused.status == 403
            async with http.post(
                hook, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"}
            ) as accepted:
                assert accepted.status == 200
        reply = await api.wait_for_message(lambda m: m.chat_id == ANN, within=60)
    finally:
        code = await stop(process)

    err = (tmp_path / "stderr.log").read_text()
    assert code == 0, err[-3000:]
    assert "Old library reopens" in reply.text
    assert "s3cret-Token_1" not in err
