"""``build_application(settings, services)``: the one place the PTB Application is wired.

- Bot API at ``settings.api_base_url``: Telegram's, a local Bot API server, or anything that
  speaks the Bot API (the tests' fake).
- Defaults: HTML parse mode (handlers escape every web text), link previews off, replies quote
  the message they answer and are still sent if it was deleted.
- The bot is :class:`bot.bot_api.NewsBot`: updates are parsed one by one, a malformed one is
  skipped.
- Rate limits: PTB's ``AIORateLimiter`` (30 messages/s overall, 20/min per group) retrying after
  a ``RetryAfter``; chat actions, callback answers and member look-ups are not messages and are
  not counted against a group's 20 per minute. Replies, edits and callback answers are retried
  through a Bot API outage until ``settings.send_deadline`` (:class:`PatientRateLimiter`); a chat
  that is gone (blocked, kicked, not found) has its digest paused.
- Updates are processed concurrently (a slow site never holds up another chat); the article
  cache bounds the pipeline work.
- Handlers get a typed context (``handlers.context.CONTEXT_TYPES``) through which they reach
  the services.
- ``post_init`` starts the services and sets the command menu; ``post_shutdown`` stops them.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import (
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, ApplicationBuilder, Defaults
from telegram.request import HTTPXRequest

import handlers
from bot.bot_api import NewsBot, PatientRateLimiter
from bot.services import AnyApplication, Services
from bot.settings import Settings
from handlers.context import CONTEXT_TYPES
from handlers.i18n import ENGLISH, LANGUAGES, using
from handlers.menu import commands

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

    bot = NewsBot(
        token=settings.require_token(),
        base_url=settings.api_base_url,
        base_file_url=settings.api_base_file_url,
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            do_quote=True,
            allow_sending_without_reply=True,
        ),
        # PTB's ApplicationBuilder defaults: one connection for getUpdates, 256 for the rest.
        request=HTTPXRequest(connection_pool_size=256),
        get_updates_request=HTTPXRequest(connection_pool_size=1),
        rate_limiter=rate_limiter
        or PatientRateLimiter(
            deadline=settings.send_deadline,
            max_retries=RETRIES_AFTER_FLOOD,
            not_messages=_NOT_MESSAGES,
            counters=services.send_counters,
            on_chat_gone=services.chat_gone,
            metrics=services.metrics,
        ),
    )
    app: AnyApplication = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(concurrent_updates)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    handlers.register(app)
    return app


async def set_command_menu(app: AnyApplication) -> None:
    """The menu Telegram shows beside the text field: one for private chats, one for groups,
    each in every interface language (``language_code``; English without one, for the rest)."""
    try:
        for language in LANGUAGES:
            code = None if language == ENGLISH else language
            with using(language):
                private, groups = commands(groups=False), commands(groups=True)
            await app.bot.set_my_commands(
                private, BotCommandScopeAllPrivateChats(), language_code=code
            )
            await app.bot.set_my_commands(
                groups, BotCommandScopeAllGroupChats(), language_code=code
            )
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
