"""What handlers reach: the services installed in ``bot_data`` by ``bot.services``.

Handlers import only this module's types, never ``bot``: imports go one way
(bot -> handlers -> summarizer, storage).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, ContextTypes

from handlers.limits import LinkLimiter
from services.articles import Summaries
from storage.chat_settings import ChatSettingsRepository
from storage.chats import ChatRepository
from storage.history import HistoryRepository

SERVICES_KEY = "newsbot.handler_services"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class HandlerServices:
    """The link and command handlers' view of the running bot."""

    summaries: Summaries
    history: HistoryRepository
    chats: ChatRepository
    chat_settings: ChatSettingsRepository
    limiter: LinkLimiter = field(default_factory=LinkLimiter)
    now: Callable[[], dt.datetime] = _utcnow
    max_links_per_message: int = 3


def install(
    application: Application[Any, Any, Any, Any, Any, Any], services: HandlerServices
) -> None:
    """Make ``services`` reachable from every handler of ``application``."""
    application.bot_data[SERVICES_KEY] = services


def services_of(context: ContextTypes.DEFAULT_TYPE) -> HandlerServices:
    found = context.application.bot_data.get(SERVICES_KEY)
    if not isinstance(found, HandlerServices):
        raise RuntimeError("handler services are not installed (handlers.context.install)")
    return found
