"""``newsbot run`` as a new user would run it: a real process, settings from the environment,
the fake Bot API at TELEGRAM_API_BASE_URL (given as a server root, like a local Bot API
server), long polling or a webhook, and SIGTERM for a clean stop."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import aiohttp
import pytest

from storage.chats import ChatRepository
from storage.database import open_database
from storage.subscriptions import SubscriptionRepository
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


# --- hardening: malformed updates, stop signals, start-up failures, newsbot check --------------


async def wait_for_log(tmp_path: Path, text: str, process: asyncio.subprocess.Process) -> None:
    for _ in range(1200):
        if text in (tmp_path / "stderr.log").read_text(errors="replace"):
            return
        if process.returncode is not None:
            break
        await asyncio.sleep(0.05)
    raise AssertionError(f"never logged {text!r}: {(tmp_path / 'stderr.log').read_text()[-2000:]}")


async def stop_within(process: asyncio.subprocess.Process, seconds: float) -> tuple[int, float]:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(process.wait(), 30)
    return code, time.monotonic() - started


async def test_a_malformed_update_does_not_stop_a_running_bot(
    tmp_path: Path, serve: Serve
) -> None:
    api, site = FakeBotAPI(), Site()
    api_url, site_url = await serve(api.app()), await serve(site.app())
    process = await start(tmp_path, environment(tmp_path, api_url))
    try:
        good = api.updates.message(ANN, f"{site_url}/news/ferry.html")
        api._pending.append({"update_id": good["update_id"] - 1, "message": {}})
        await api.push_update(good)
        reply = await api.wait_for_message(lambda m: m.chat_id == ANN, within=120)
        await asyncio.sleep(1.0)
    finally:
        code = await stop(process)

    err = (tmp_path / "stderr.log").read_text()
    assert code == 0, err[-3000:]
    assert "Ferry workers" in reply.text
    assert err.count("skipped a malformed update") == 1
    assert "Traceback" not in err and len(err) < 200_000


@pytest.mark.parametrize("state", ["starting", "api down", "api hanging", "reply retrying"])
async def test_sigterm_stops_within_10_seconds_in_every_state(
    tmp_path: Path, serve: Serve, state: str
) -> None:
    api, site = FakeBotAPI(), Site()
    api_url, site_url = await serve(api.app()), await serve(site.app())
    process = await start(tmp_path, environment(tmp_path, api_url))
    try:
        if state == "starting":  # the model is loading
            await wait_for_log(tmp_path, "long polling", process)
        else:
            await wait_for_log(tmp_path, "services started", process)
            await asyncio.sleep(0.5)
        if state == "api down":
            api.outage(120, "getUpdates", "sendMessage")
            await asyncio.sleep(3)
        elif state == "api hanging":
            api.delay("getUpdates", 60)
            await api.push_update(api.updates.message(ANN, "hello"))
            await asyncio.sleep(2)
        elif state == "reply retrying":  # NEWSBOT_SEND_DEADLINE is 90 s
            api.outage(120, "sendMessage")
            await api.push_update(api.updates.message(ANN, f"{site_url}/news/ferry.html"))
            for _ in range(200):
                if len(api.calls_of("sendMessage")) >= 2:
                    break
                await asyncio.sleep(0.1)
            assert len(api.calls_of("sendMessage")) >= 2
        code, took = await stop_within(process, 10)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    err = (tmp_path / "stderr.log").read_text()
    print(f"{state}: stopped {took:.1f} s after SIGTERM")  # shown with -s
    assert took < 10, (state, took, err[-2000:])
    assert code == 0, err[-3000:]


def error_lines(tmp_path: Path) -> list[str]:
    return [
        line
        for line in (tmp_path / "stderr.log").read_text().splitlines()
        if line.startswith("error:")
    ]


async def failed_start(tmp_path: Path, env: dict[str, str]) -> tuple[int, str]:
    process = await start(tmp_path, env)
    code = await asyncio.wait_for(process.wait(), 120)
    return code, (tmp_path / "stderr.log").read_text()


async def test_an_unreachable_bot_api_is_one_line(tmp_path: Path) -> None:
    env = environment(tmp_path, f"http://127.0.0.1:{free_port()}", LOG_LEVEL="WARNING")
    code, err = await failed_start(tmp_path, env)

    assert code == 1, err
    (line,) = error_lines(tmp_path)
    assert "cannot reach the Bot API at http://127.0.0.1:" in line
    assert "Traceback" not in err and len(err.splitlines()) <= 3, err


async def test_a_refused_token_is_one_line(tmp_path: Path, serve: Serve) -> None:
    api = FakeBotAPI(token="999:other-token")
    env = environment(tmp_path, await serve(api.app()), LOG_LEVEL="WARNING")
    code, err = await failed_start(tmp_path, env)

    assert code == 2, err
    (line,) = error_lines(tmp_path)
    assert "did not accept TELEGRAM_BOT_TOKEN" in line
    assert "Traceback" not in err and len(err.splitlines()) <= 3, err


@pytest.mark.parametrize("problem", ["corrupt", "newer"])
async def test_an_unusable_database_is_one_line(tmp_path: Path, serve: Serve, problem: str) -> None:
    database = tmp_path / "data" / "bot.sqlite3"
    database.parent.mkdir()
    if problem == "corrupt":
        database.write_bytes(b"this is not a database " * 400)
    else:
        with sqlite3.connect(database) as db:
            db.execute("PRAGMA user_version = 99")
    before = database.read_bytes()
    api = FakeBotAPI()
    env = environment(tmp_path, await serve(api.app()), LOG_LEVEL="WARNING")
    code, err = await failed_start(tmp_path, env)

    assert code == 2, err
    (line,) = error_lines(tmp_path)
    said = "not an SQLite database or is damaged" if problem == "corrupt" else "a newer newsbot"
    assert said in line and str(database) in line
    assert "Traceback" not in err and len(err.splitlines()) <= 3, err
    assert database.read_bytes() == before  # nothing changed

    check = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "check", "--env-file", str(tmp_path / "absent.env"),
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, check_err = await check.communicate()
    assert check.returncode == 1 and said in check_err.decode()


async def test_a_second_bot_on_the_same_database_is_refused(tmp_path: Path, serve: Serve) -> None:
    api = FakeBotAPI()
    env = environment(tmp_path, await serve(api.app()))
    first = await start(tmp_path, env)
    try:
        await wait_for_log(tmp_path, "long polling", first)
        second_dir = tmp_path / "second"
        second_dir.mkdir()
        code, err = await failed_start(second_dir, {**env, "LOG_LEVEL": "WARNING"})
    finally:
        await stop(first)

    assert code == 1, err
    (line,) = error_lines(second_dir)
    assert "another newsbot is already running on" in line
    assert "Traceback" not in err


def test_check_passes_on_good_settings_and_database(tmp_path: Path) -> None:
    env = environment(tmp_path, "http://127.0.0.1:9")
    absent = str(tmp_path / "absent.env")
    fresh = subprocess.run(
        [sys.executable, "-m", "bot", "check", "--env-file", absent],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert fresh.returncode == 0, fresh.stderr
    assert "will be created" in fresh.stdout
    assert not (tmp_path / "data" / "bot.sqlite3").exists()  # check writes nothing

    (tmp_path / "data").mkdir()
    with sqlite3.connect(tmp_path / "data" / "bot.sqlite3") as db:
        db.execute("PRAGMA user_version = 1")
    quiet = subprocess.run(
        [sys.executable, "-m", "bot", "check", "--quiet", "--env-file", absent],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""

    bad = subprocess.run(
        [sys.executable, "-m", "bot", "check", "--env-file", absent],
        cwd=ROOT, env={**env, "NEWSBOT_SEND_DEADLINE": "soon"}, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert bad.returncode == 2 and "NEWSBOT_SEND_DEADLINE" in bad.stderr


async def subscribe_groups(database: Path, chats: list[int]) -> None:
    """Groups subscribed since yesterday to a digest due two minutes ago, sent even when
    there is no news (one message each)."""
    now = dt.datetime.now(dt.UTC)
    db = await open_database(database)
    try:
        subscriptions = SubscriptionRepository(db)
        for chat_id in chats:
            await ChatRepository(db).remember(chat_id, "supergroup", now=now)
            await subscriptions.subscribe(
                chat_id,
                local_time=(now - dt.timedelta(minutes=2)).time().replace(second=0),
                timezone="UTC",
                now=now - dt.timedelta(days=1),
                send_empty=True,
            )
    finally:
        await db.close()


async def test_a_crash_mid_digests_doubles_at_most_the_sends_in_flight(
    tmp_path: Path, serve: Serve
) -> None:
    """kill -9 while 20 digests go out, then a restart: every chat gets its digest, and at most
    NEWSBOT_DIGEST_IN_FLIGHT (2) get it twice: Telegram cannot say whether those arrived."""
    chats = [-100_900 - n for n in range(20)]
    await subscribe_groups(tmp_path / "data" / "bot.sqlite3", chats)
    api = FakeBotAPI()
    api.delay("sendMessage", 0.4)  # a slow Telegram: sends stay in flight a while
    env = environment(tmp_path, await serve(api.app()), NEWSBOT_DIGEST_IN_FLIGHT="2")

    def served() -> set[int]:
        return {m.chat_id for m in api.sent() if m.chat_id in chats}

    process = await start(tmp_path, env)
    try:
        for _ in range(1200):
            if len(served()) >= 6:
                break
            await asyncio.sleep(0.05)
        assert len(served()) >= 6
    finally:
        process.kill()  # SIGKILL: no clean stop
        await process.wait()
    await asyncio.sleep(0.6)  # the sends in flight at the crash arrive anyway
    crashed_with = len(api.sent())

    process = await start(tmp_path, env)
    try:
        for _ in range(1200):
            if len(served()) == len(chats):
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.5)  # anything still to come (a double) comes now
    finally:
        code = await stop(process)

    per_chat = Counter(m.chat_id for m in api.sent() if m.chat_id in chats)
    assert code == 0
    assert set(per_chat) == set(chats)  # none missing
    doubles = sum(n - 1 for n in per_chat.values())
    assert doubles <= 2, per_chat
    assert 6 <= crashed_with < len(chats)  # the crash did come in the middle
