"""``build_application(settings, services)``: the one place the PTB Application is wired.

- Bot API at ``settings.api_base_url``: Telegram's, a local Bot API server, or anything that
  speaks the Bot API (the tests' fake).
- Defaults: HTML parse mode (handlers escape every web text), link previews off, replies quote
  the message they answer and are still sent if it was deleted.
- Rate limits: PTB's ``AIORateLimiter`` (30 messages/s overall, 20/min per group) retrying after
  a ``RetryAfter``; chat actions, callback answers and member look-ups are not messages and are
  not counted against a group's 20 per minute.
- Updates are processed concurrently (a slow site never holds up another chat); the article
  cache bounds the pipeline work.
- Handlers get a typed context (``handlers.context.CONTEXT_TYPES``) through which they reach
  the services.
- ``post_init`` starts the services and sets the command menu; ``post_shutdown`` stops them.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from telegram import (
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode
from telegram.error import RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, ApplicationBuilder, Defaults

import handlers
from bot.services import AnyApplication, Services
from bot.settings import Settings
from handlers.context import CONTEXT_TYPES
from handlers.menu import commands
from services.metrics import Metrics

logger = logging.getLogger(__name__)

CONCURRENT_UPDATES = 256
RETRIES_AFTER_FLOOD = 3  # RetryAfter is waited out and the request sent again this many times

# Bot API methods that send nothing to a chat: Telegram's message limits do not apply to them.
_NOT_MESSAGES = frozenset(
    {
        "sendChatAction",
        "answerCallbackQuery",
        "getChat",
        "getChatMember",
        "getChatAdministrators",
        "getMe",
        "setMyCommands",
        "deleteMyCommands",
        "getMyCommands",
    }
)


class BotRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` that counts only messages against a chat's and the global limits.

    Every request still waits while a ``RetryAfter`` is being honoured. Each failed request
    (each try, 429s included) is counted in ``metrics``."""

    def __init__(self, *args: Any, metrics: Metrics | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metrics = metrics or Metrics()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint in _NOT_MESSAGES:
            data = {k: v for k, v in data.items() if k != "chat_id"}
        metrics = self.metrics

        async def counted(*a: Any, **kw: Any) -> bool | dict[str, Any] | list[dict[str, Any]]:
            try:
                return await callback(*a, **kw)
            except TelegramError as exc:
                if isinstance(exc, RetryAfter):
                    metrics.telegram_retry_after.inc()
                metrics.telegram_error(endpoint, type(exc).__name__)
                raise

        return await super().process_request(counted, args, kwargs, endpoint, data, rate_limit_args)


def build_application(
    settings: Settings,
    services: Services,
    *,
    rate_limiter: AIORateLimiter | None = None,
    concurrent_updates: int | bool = CONCURRENT_UPDATES,
) -> AnyApplication:
    """The Application for ``settings``, with every handler registered. (``concurrent_updates``
    is there for the benchmark's baseline: ``False`` is PTB's default, one update at a time.)"""

    async def post_init(app: AnyApplication) -> None:
        await services.start(app)
        await set_command_menu(app)

    async def post_shutdown(_: AnyApplication) -> None:
        await services.stop()

    app: AnyApplication = (
        ApplicationBuilder()
        .token(settings.require_token())
        .context_types(CONTEXT_TYPES)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                do_quote=True,
                allow_sending_without_reply=True,
            )
        )
        .rate_limiter(
            rate_limiter
            or BotRateLimiter(max_retries=RETRIES_AFTER_FLOOD, metrics=services.metrics)
        )
        .concurrent_updates(concurrent_updates)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    handlers.register(app)
    return app


async def set_command_menu(app: AnyApplication) -> None:
    """The menu Telegram shows beside the text field: one for private chats, one for groups."""
    try:
        await app.bot.set_my_commands(commands(groups=False), BotCommandScopeAllPrivateChats())
        await app.bot.set_my_commands(commands(groups=True), BotCommandScopeAllGroupChats())
    except TelegramError as exc:  # a menu is a nicety: never a reason not to start
        logger.warning("could not set the command menu: %s", exc)


@contextlib.asynccontextmanager
async def running_application(app: AnyApplication, *, polling: bool = False) -> AsyncIterator[None]:
    """Run ``app`` inside the current event loop (tests, benchmarks): initialise, ``post_init``,
    start processing updates (and long polling when asked); undo all of it on exit."""
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        if polling:
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield
        finally:
            if polling and app.updater is not None and app.updater.running:
                await app.updater.stop()
            await app.stop()
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
