"""Digest messages are paced under Telegram's 30 a second: a real PTB ``Bot`` through
``TelegramDigestSender`` at the default 25/s against a fake Bot API that answers 429 beyond
Telegram's limits."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram import Bot

from bot.digest_sender import PACE_BURST, TelegramDigestSender
from services.jobs import DigestJobSettings
from tests.conftest import Serve
from tests.telegram_limits import TelegramLimits


@pytest.mark.timeout(60)
async def test_digests_go_out_at_the_rate_never_above_it(serve: Serve) -> None:
    api = TelegramLimits()
    bot = Bot(api.token, base_url=f"{await serve(api.app())}/bot")
    await bot.initialize()
    rate = DigestJobSettings().messages_per_second
    sender = TelegramDigestSender(bot, messages_per_second=rate)
    chats = [-100 - n for n in range(75)]  # many senders at once, as the scheduler's deliveries
    try:
        started = time.monotonic()
        await asyncio.gather(*(sender.send(chat, None, "digest") for chat in chats))
        seconds = time.monotonic() - started
    finally:
        await bot.shutdown()

    assert rate == 25
    assert api.too_many == 0
    assert len(api.sent()) == len(chats)
    assert api.busiest_second <= rate + PACE_BURST  # 27: room for link replies under 30
    assert seconds >= (len(chats) - PACE_BURST) / rate - 0.05  # paced, not a burst
