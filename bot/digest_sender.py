"""Digest messages posted with Telegram: :class:`services.jobs.DigestSender` for the Bot API.

Messages are paced by their own limiter *below* Telegram's global 30 messages/s, on top of
PTB's ``AIORateLimiter``: a burst on top of link replies would earn a 429 that pauses every
request of the bot. Telegram's answers become the scheduler's exceptions; which of them mean the
chat is gone is :func:`bot.bot_api.chat_gone_reason`, the one rule for every send.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.bot_api import NO_RETRY, chat_gone_reason
from services.jobs import ChatGone, ChatMoved, TopicGone, TryLater

PACE_BURST = 2


def _as_delta(value: float | dt.timedelta) -> dt.timedelta:
    return value if isinstance(value, dt.timedelta) else dt.timedelta(seconds=float(value))


class TelegramDigestSender:
    """Sends digest messages in HTML, previews off, at most ``messages_per_second``."""

    def __init__(self, bot: Bot, *, messages_per_second: float = 25.0) -> None:
        self._bot = bot
        # Tried once through a rate limiter: the scheduler retries (see bot.bot_api.NO_RETRY).
        limited = isinstance(bot, ExtBot) and bot.rate_limiter is not None
        self._once: dict[str, Any] = {"rate_limit_args": NO_RETRY} if limited else {}
        # A leaky bucket of PACE_BURST messages draining at the rate: any one second holds at
        # most rate + PACE_BURST messages (27 at 25/s, under Telegram's 30), and the small
        # bucket absorbs the event loop's late wake-ups, which a bucket of one turns into lost
        # time (24.2 msg/s measured for 25/s).
        self._pace = AsyncLimiter(PACE_BURST, PACE_BURST / messages_per_second)

    async def send(self, chat_id: int, thread_id: int | None, text: str) -> int:
        async with self._pace:
            try:
                message = await self._bot.send_message(
                    chat_id,
                    text,
                    parse_mode=ParseMode.HTML,
                    message_thread_id=thread_id,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                    **self._once,
                )
            except ChatMigrated as exc:
                raise ChatMoved(exc.new_chat_id) from exc
            except (Forbidden, BadRequest) as exc:
                if thread_id is not None and "thread not found" in exc.message.lower():
                    raise TopicGone from exc
                # The same rule as for every other send (bot.bot_api.CHAT_GONE_MESSAGES).
                if (reason := chat_gone_reason(exc)) is not None:
                    raise ChatGone(reason) from exc
                raise TryLater(f"bad request: {exc.message}") from exc
            except RetryAfter as exc:
                raise TryLater("flood control", after=_as_delta(exc.retry_after)) from exc
            except TelegramError as exc:  # TimedOut, NetworkError: may or may not have arrived
                raise TryLater(f"{type(exc).__name__}: {exc.message}") from exc
        return message.message_id
