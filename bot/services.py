"""The services the bot runs on, and their lifecycle.

One of each, created at start and closed at stop: the SQLite connection (migrated), the
pipeline (HTTP session, worker threads, the loaded summariser), the repositories, and the
article cache in front of the pipeline. ``start(app)`` also makes them reachable from the
handlers (``handlers.context``) and starts the extensions (daily digests and feed polling), which
are stopped first at shutdown.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import aiosqlite
from telegram.ext import Application

from bot.bot_api import SendCounters
from bot.settings import Settings
from handlers.context import HandlerServices, install
from handlers.limits import LinkLimiter
from handlers.summaries import Summaries
from storage.articles import ArticleRepository
from storage.chat_settings import ChatSettingsRepository
from storage.chats import ChatRepository
from storage.database import open_database
from storage.history import HistoryRepository
from storage.subscriptions import SubscriptionRepository
from summarizer.pipeline import Pipeline

logger = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
KEEP_UNSHARED_ARTICLES = 7  # times the freshness limit: then articles no history names go


class Component(Protocol):
    """Something that runs beside the handlers (a scheduler, a poller)."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


ComponentFactory = Callable[["Running", AnyApplication], Component]
"""Builds a component once the services run (it may install its own services in the app)."""


@dataclass(frozen=True, slots=True)
class Running:
    """The services once started: what handlers and components are built from."""

    settings: Settings
    db: aiosqlite.Connection
    pipeline: Pipeline
    articles: ArticleRepository
    history: HistoryRepository
    chats: ChatRepository
    chat_settings: ChatSettingsRepository
    summaries: Summaries
    handlers: HandlerServices


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Services:
    """Owns the bot's services: ``await start(app)`` in ``post_init``, ``await stop()`` in
    ``post_shutdown`` (``bot.app`` wires both)."""

    def __init__(
        self,
        settings: Settings,
        *,
        pipeline: Pipeline | None = None,
        extensions: list[ComponentFactory] | None = None,
        now: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        self.settings = settings
        self.pipeline = pipeline or Pipeline(settings.pipeline)
        self.extensions: list[ComponentFactory] = list(extensions or [])
        self.now = now
        self._running: Running | None = None
        self._components: list[Component] = []
        self._starting: asyncio.Task[Any] | None = None
        self.send_counters = SendCounters()  # what the Bot API could not be made to take

    @property
    def running(self) -> Running:
        if self._running is None:
            raise RuntimeError("Services.start() has not been awaited")
        return self._running

    async def start(self, app: AnyApplication) -> Running:
        """Open the database, start the pipeline (loads the model), install the handlers'
        services in ``app``, then start the extensions."""
        settings = self.settings
        self._starting = asyncio.current_task()
        db = await open_database(settings.database)
        try:
            await self.pipeline.start()
            articles = ArticleRepository(db)
            history = HistoryRepository(db, limit=settings.history_per_chat)
            chats = ChatRepository(db)
            chat_settings = ChatSettingsRepository(db)
            fresh_for = dt.timedelta(hours=settings.cache_hours)
            summaries = Summaries(
                self.pipeline,
                articles,
                fresh_for=fresh_for,
                concurrency=settings.concurrent_articles,
                now=self.now,
            )
            handlers = HandlerServices(
                summaries=summaries,
                history=history,
                chats=chats,
                chat_settings=chat_settings,
                limiter=LinkLimiter(settings.links_per_user, 600.0),
                now=self.now,
            )
            install(app, handlers)
            self._running = Running(
                settings, db, self.pipeline, articles, history, chats, chat_settings, summaries,
                handlers,
            )  # fmt: skip
            pruned = await articles.prune(
                fetched_before=self.now() - fresh_for * KEEP_UNSHARED_ARTICLES
            )
            if pruned:
                logger.info("dropped %d old cached articles", pruned)
            for factory in self.extensions:
                component = factory(self._running, app)
                await component.start()
                self._components.append(component)
        except BaseException:
            await self._close(db)
            raise
        finally:
            self._starting = None
        logger.info("services started (database %s)", settings.database)
        return self._running

    async def chat_gone(self, chat_id: int, reason: str) -> None:
        """Telegram says the bot cannot post in ``chat_id`` any more (blocked, kicked, not
        found): pause its digest, as the digest scheduler does when a digest meets the same."""
        if self._running is None:
            return
        subscriptions = SubscriptionRepository(self._running.db)
        if await subscriptions.pause(chat_id, reason, now=self.now()):
            logger.info("chat %s: %s; its digest is paused", chat_id, reason)

    async def stop(self) -> None:
        """Stop the extensions (newest first), then the pipeline and the database."""
        starting, self._starting = self._starting, None
        if starting is not None and not starting.done() and starting is not asyncio.current_task():
            # Stopped while starting (a signal while the model loads): start() closes what it
            # opened when cancelled.
            starting.cancel()
            await asyncio.gather(starting, return_exceptions=True)
        running, self._running = self._running, None
        await self._close(running.db if running else None)

    async def _close(self, db: aiosqlite.Connection | None) -> None:
        while self._components:
            component = self._components.pop()
            try:
                await component.stop()
            except Exception:
                logger.exception("stopping %r failed", component)
        await self.pipeline.close()
        if db is not None:
            await db.close()
