"""What handlers reach: the services ``bot.services`` built, through a typed PTB context.

``CONTEXT_TYPES`` makes every handler's ``context`` a :class:`NewsbotContext`, whose
``bot_data`` is a :class:`BotData`; ``context.services`` is the one way to the services.
Handlers import only this module's types, never ``bot``: imports go one way
(bot -> handlers -> services -> summarizer, storage).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from handlers.limits import LinkLimiter
from services.articles import Summaries
from services.chats import ChatService
from services.digests import DigestService
from services.feeds import FeedService
from services.history import HistoryService
from services.search import SearchService
from services.subscriptions import SubscriptionService


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class HandlerServices:
    """The handlers' view of the running bot: one of each service."""

    articles: Summaries
    history: HistoryService
    chats: ChatService
    subscriptions: SubscriptionService
    digests: DigestService
    feeds: FeedService
    search: SearchService
    limiter: LinkLimiter  # counted in the database (storage/link_limits.py)
    now: Callable[[], dt.datetime] = _utcnow
    max_links_per_message: int = 3


class BotData:
    """``application.bot_data``: the services, once the bot has started them."""

    def __init__(self) -> None:
        self._services: HandlerServices | None = None

    @property
    def services(self) -> HandlerServices:
        if self._services is None:
            raise RuntimeError("handler services are not installed (handlers.context.install)")
        return self._services

    def install(self, services: HandlerServices) -> None:
        self._services = services


class NewsbotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The ``context`` of every newsbot handler."""

    @property
    def services(self) -> HandlerServices:
        return self.bot_data.services


CONTEXT_TYPES = ContextTypes(context=NewsbotContext, bot_data=BotData)

def install(
    application: Application[Any, Any, Any, Any, Any, Any], services: HandlerServices
) -> None:
    """Make ``services`` reachable from every handler of ``application`` (built with
    ``CONTEXT_TYPES``)."""
    bot_data = application.bot_data
    if not isinstance(bot_data, BotData):
        raise TypeError("the application was not built with handlers.context.CONTEXT_TYPES")
    bot_data.install(services)
