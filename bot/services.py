"""The one wiring point: every service the bot runs on, built from the settings, and their
lifecycle.

One of each, created at start and closed at stop: the database (SQLite or PostgreSQL, migrated),
the pipeline (HTTP session, worker threads, the loaded summariser), the repositories, the
services (``services/``) and, when asked, the timed jobs (daily digests and feed polling).
``start(app)`` also hands the services to the handlers (``handlers.context``); the jobs are
stopped first at shutdown.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL
from telegram import Bot
from telegram.ext import Application

from bot.bot_api import SendCounters
from bot.digest_sender import TelegramDigestSender
from bot.operations import OperationsServer
from bot.settings import Settings
from handlers.context import HandlerServices, install
from handlers.digest_render import render_chat_digest
from handlers.limits import LinkLimiter
from services.articles import ArticlePipeline, Summaries
from services.chats import ChatService
from services.digests import DigestBuilder, DigestService
from services.election import (
    Election,
    FileSchedulerLock,
    NoLock,
    PostgresSchedulerLock,
    SchedulerLock,
)
from services.feeds import FeedService
from services.history import HistoryService
from services.jobs import (
    Clock,
    DigestJobSettings,
    DigestScheduler,
    FeedJobSettings,
    FeedPoller,
    SystemClock,
)
from services.metrics import Metrics
from services.search import SearchService
from services.subscriptions import SubscriptionService
from storage.articles import ArticleRepository
from storage.chat_settings import ChatSettingsRepository
from storage.chats import ChatRepository
from storage.database import Database, describe, open_database
from storage.digest_log import DigestLog
from storage.digest_sources import DigestSources
from storage.feeds import FeedRepository
from storage.filters import FilterRepository
from storage.history import HistoryRepository
from storage.search import SearchQueries, SearchRepository
from storage.subscriptions import SubscriptionRepository
from summarizer.digest import StorySimilarity, default_similarity
from summarizer.feeds import PageFetcher
from summarizer.pipeline import Pipeline
from summarizer.summarizers.encoder import load_encoder

logger = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
KEEP_UNSHARED_ARTICLES = 7  # times the freshness limit: then articles no history names go
LINK_WINDOW = 600.0  # seconds: the per-user link limit counts links in this window


def story_similarity(encoder: str | None = None) -> StorySimilarity:
    """The similarity of the sentence encoder ``encoder`` names (``NEWSBOT_ENCODER``; None for
    the pinned MiniLM), or the lexical one when no encoder can be loaded."""
    return default_similarity(functools.partial(load_encoder, encoder))


@dataclass(frozen=True, slots=True)
class Running:
    """The services once built: the repositories, the handlers' services and the jobs."""

    settings: Settings
    db: Database
    articles: ArticleRepository
    history: HistoryRepository
    chats: ChatRepository
    chat_settings: ChatSettingsRepository
    summaries: Summaries
    handlers: HandlerServices
    scheduler: DigestScheduler
    poller: FeedPoller


def wire(
    settings: Settings,
    db: Database,
    *,
    pipeline: ArticlePipeline,
    fetcher: PageFetcher,
    bot: Bot,
    clock: Clock,
    similarity: Callable[[], StorySimilarity] | None = None,
    digest_settings: DigestJobSettings | None = None,
    feed_settings: FeedJobSettings | None = None,
    metrics: Metrics | None = None,
) -> Running:
    """Every repository and service on ``db``, the pipeline and the bot (nothing started)."""
    now = clock.now
    metrics = metrics or Metrics()
    articles = ArticleRepository(db)
    history = HistoryRepository(db, limit=settings.history_per_chat)
    chats = ChatRepository(db)
    chat_settings = ChatSettingsRepository(db)
    subscriptions = SubscriptionRepository(db)
    log = DigestLog(db)
    feeds = FeedRepository(db)
    filters = FilterRepository(db)
    sources = DigestSources(db)
    summaries = Summaries(
        pipeline,
        articles,
        fresh_for=dt.timedelta(hours=settings.cache_hours),
        concurrency=settings.concurrent_articles,
        now=now,
        metrics=metrics,
    )
    builder = DigestBuilder(
        sources=sources,
        feeds=feeds,
        filters=filters,
        render=render_chat_digest,
        similarity=similarity or functools.partial(story_similarity, settings.pipeline.encoder),
    )
    digest_settings = digest_settings or DigestJobSettings(
        in_flight=settings.digest_in_flight, messages_per_second=settings.digest_rate
    )
    scheduler = DigestScheduler(
        sender=TelegramDigestSender(bot, messages_per_second=digest_settings.messages_per_second),
        subscriptions=subscriptions,
        log=log,
        composer=builder,
        chats=chats,
        clock=clock,
        settings=digest_settings,
        metrics=metrics,
    )
    poller = FeedPoller(
        fetcher=fetcher,
        feeds=feeds,
        summarize=summaries.summarize,
        clock=clock,
        settings=feed_settings,
    )
    chat_service = ChatService(chats, chat_settings, now=now)
    handlers = HandlerServices(
        articles=summaries,
        history=HistoryService(history, chat_settings, summaries, now=now),
        chats=chat_service,
        subscriptions=SubscriptionService(
            subscriptions=subscriptions,
            sources=sources,
            chats=chat_service,
            now=now,
            schedule_changed=scheduler.wake,
        ),
        digests=DigestService(
            builder=builder, subscriptions=subscriptions, sources=sources, log=log, now=now
        ),
        feeds=FeedService(
            feeds=feeds,
            filters=filters,
            subscriptions=subscriptions,
            chats=chat_service,
            fetcher=fetcher,
            now=now,
            feeds_changed=poller.wake,
        ),
        search=SearchService(SearchRepository(db), SearchQueries(db)),
        limiter=LinkLimiter(db, settings.links_per_user, LINK_WINDOW),
        now=now,
    )
    return Running(
        settings, db, articles, history, chats, chat_settings, summaries, handlers, scheduler,
        poller,
    )  # fmt: skip


class Services:
    """Owns the bot's services: ``await start(app)`` in ``post_init``, ``await stop()`` in
    ``post_shutdown`` (``bot.app`` wires both). ``jobs``: run the daily digests and feed
    polling, in the process elected by the scheduler lock (``newsbot run`` does; most tests
    only answer updates)."""

    def __init__(
        self,
        settings: Settings,
        *,
        pipeline: Pipeline | None = None,
        jobs: bool = False,
        clock: Clock | None = None,
        similarity: Callable[[], StorySimilarity] | None = None,
        digest_settings: DigestJobSettings | None = None,
        feed_settings: FeedJobSettings | None = None,
    ) -> None:
        self.settings = settings
        self.pipeline = pipeline or Pipeline(settings.pipeline)
        self.jobs = jobs
        self.clock: Clock = clock or SystemClock()
        self.metrics = Metrics()
        self._similarity = similarity
        self._digest_settings = digest_settings
        self._feed_settings = feed_settings
        self._running: Running | None = None
        self._app: AnyApplication | None = None
        self.election: Election | None = None
        self._operations: OperationsServer | None = None
        self._started_jobs = False
        self._starting: asyncio.Task[Any] | None = None
        self.send_counters = SendCounters()  # what the Bot API could not be made to take

    @property
    def running(self) -> Running:
        if self._running is None:
            raise RuntimeError("Services.start() has not been awaited")
        return self._running

    async def start(self, app: AnyApplication) -> Running:
        """Open the database, serve the metrics, start the pipeline (loads the model), install
        the handlers' services in ``app``, then join the scheduler election."""
        settings = self.settings
        self._app = app
        self._starting = asyncio.current_task()
        db = await open_database(settings.database)
        try:
            lock = self._scheduler_lock(db) if self.jobs else None
            if settings.metrics_listen is not None:
                self._operations = OperationsServer(
                    *settings.metrics_listen, self.metrics, self.health_problem
                )
                await self._operations.start()
            await self.pipeline.start()
            running = wire(
                settings,
                db,
                pipeline=self.pipeline,
                fetcher=self.pipeline.fetcher,
                bot=app.bot,
                clock=self.clock,
                similarity=self._similarity,
                digest_settings=self._digest_settings,
                feed_settings=self._feed_settings,
                metrics=self.metrics,
            )
            install(app, running.handlers)
            self._running = running
            fresh_for = running.summaries.fresh_for
            pruned = await running.articles.prune(
                fetched_before=self.clock.now() - fresh_for * KEEP_UNSHARED_ARTICLES
            )
            if pruned:
                logger.info("dropped %d old cached articles", pruned)
            if lock is not None:
                self.election = Election(
                    lock,
                    (running.scheduler, running.poller),
                    retry=settings.scheduler_retry,
                    on_change=self.metrics.scheduler_leader.set,
                )
                await self.election.start()
        except BaseException:
            await self._close(db)
            self._running = None  # closed: a stop() after this has nothing left to close
            raise
        finally:
            self._starting = None
        logger.info("services started (database %s)", describe(settings.database))
        return running

    def _scheduler_lock(self, db: Database) -> SchedulerLock:
        """The lock the timed jobs run under: on PostgreSQL an advisory lock on a connection of
        its own, which the replicas take in turn; on SQLite a file lock beside the file
        (``newsbot run`` already is the only process on it: ``bot.runner``'s instance lock)."""
        if isinstance(db.target, URL):
            dsn = db.target.set(drivername="postgresql").render_as_string(hide_password=False)
            return PostgresSchedulerLock(dsn)
        database = db.file
        if database is None:  # in memory: nobody else can see it
            return NoLock()
        return FileSchedulerLock.beside(database)

    async def health_problem(self) -> str | None:
        """None while the bot runs and its database answers; else why not (``/healthz``)."""
        running, app = self._running, self._app
        if running is None or app is None or not app.running:
            return "the bot is not running"
        database = running.db.file
        if database is not None and not database.exists():
            return f"the database file {database} is gone"
        await running.db.run(lambda conn: conn.execute(sa.text("SELECT 1")).scalar())
        return None

    async def chat_gone(self, chat_id: int, reason: str) -> None:
        """Telegram says the bot cannot post in ``chat_id`` any more (blocked, kicked, not
        found): pause its digest, as the digest scheduler does when a digest meets the same."""
        if self._running is None:
            return
        if await self._running.handlers.subscriptions.chat_gone(chat_id, reason):
            logger.info("chat %s: %s; its digest is paused", chat_id, reason)

    async def stop(self) -> None:
        """Stop the jobs, then the pipeline and the database (a start in progress is
        cancelled first)."""
        starting, self._starting = self._starting, None
        if starting is not None and not starting.done() and starting is not asyncio.current_task():
            # Stopped while starting (a signal while the model loads): start() closes what it
            # opened when cancelled.
            starting.cancel()
            await asyncio.gather(starting, return_exceptions=True)
        running, self._running = self._running, None
        await self._close(running.db if running else None)

    async def _close(self, db: Database | None) -> None:
        election, self.election = self.election, None
        if election is not None:
            try:
                await election.stop()
            except Exception:
                logger.exception("stopping the scheduler failed")
        operations, self._operations = self._operations, None
        if operations is not None:
            await operations.stop()
        await self.pipeline.close()
        if db is not None:
            await db.close()
