"""Timed work: daily digests, exactly once, and feed polling in the background.

Digests (:class:`DigestScheduler`) are reconciled, not queued: each pass reads the active
subscriptions, works out each chat's latest slot in its own time zone
(:mod:`summarizer.schedule`) and compares it with the digest log. So the schedule is "rebuilt
at start-up" by construction, a restart before, during or after a due time needs no special
case, and a changed subscription takes effect on the next pass. The rules of one pass:

1. A slot is owed when it is due, not before the subscription started, and less than
   ``catch_up`` (6 h) late. A slot missed by more is skipped: a morning digest at dinner time
   helps nobody.
2. The slot is claimed in the log *before* anything is sent; a slot already claimed is never
   claimed again. That is what makes delivery exactly once.
3. A claimed digest left in ``sending`` (a crash, a network error, a 429) is resumed after the
   last message recorded as sent, with the same content, within the same ``catch_up`` window.
4. 403 Forbidden (the bot was removed, or may not post) pauses the subscription: never retried.
5. One scheduler per database: two processes on one database (replicas on PostgreSQL, an
   overlapping restart on SQLite) would each take the other's ``sending`` row for a crashed one
   and resume it. Both jobs run only in the process elected by a ``SchedulerLock``
   (``services.election``: a file lock for SQLite, an advisory lock for PostgreSQL), which the
   database or the OS frees the moment the holder dies; another process takes over within
   seconds, and its first pass resumes what the dead one had claimed but not finished.
   (``newsbot run`` also refuses to start a second process on one SQLite file, with its own
   lock, ``<database>.lock``, in ``bot.runner``.)

Deliveries run as tasks, a few at a time, and at most ``in_flight`` messages at once between a
send and its record in the log: what a crash can double (Telegram has no idempotency key).
Messages go out through a :class:`DigestSender` (``bot.digest_sender`` sends with Telegram,
paced *below* Telegram's global 30 messages/s, on top of PTB's ``AIORateLimiter``), which
reports failures as the exceptions below (:class:`ChatGone`, :class:`TopicGone`,
:class:`ChatMoved`, :class:`TryLater`). So a thousand digests due in the same minute go out at a
steady rate while link replies still find room in the global budget.

Feeds (:class:`FeedPoller`) are polled with conditional requests and backed off on failure;
new items are summarised ahead of time through the shared article cache, so digests are ready.

Nothing here knows Telegram; ``bot.services`` builds both jobs and starts them.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from errors import N_, NewsbotError
from services.metrics import Metrics
from storage.chats import ChatRepository
from storage.digest_log import DigestLog, DigestLogEntry, DigestState
from storage.feeds import FeedRecord, FeedRepository, ItemState, NewFeedItem
from storage.subscriptions import Subscription, SubscriptionRepository
from summarizer.feeds import FeedError, PageFetcher, poll_feed
from summarizer.schedule import Slot, latest_slot, next_slot, zone

logger = logging.getLogger(__name__)

# What a feed's poll stores for an error no rule raised (a bug): the log has the traceback.
UNEXPECTED_FEED_ERROR = N_("an unexpected error on my side")


# --- time ----------------------------------------------------------------------------------------


class Clock(Protocol):
    """Where jobs read the time and wait; tests pass a clock they move by hand."""

    def now(self) -> dt.datetime:
        """The current time, timezone-aware."""
        ...

    async def sleep_until(self, when: dt.datetime, wake: asyncio.Event) -> None:
        """Return at ``when``, when ``wake`` is set, or earlier; callers re-check the time."""
        ...


class SystemClock:
    """The real clock. Sleeps at most ``max_sleep`` so a jump of the wall clock (a suspended
    machine, an NTP step) is noticed within a minute."""

    def __init__(self, max_sleep: float = 60.0) -> None:
        self.max_sleep = max_sleep

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    async def sleep_until(self, when: dt.datetime, wake: asyncio.Event) -> None:
        delay = min(max((when - self.now()).total_seconds(), 0.0), self.max_sleep)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), delay)


# --- digests ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DigestJobSettings:
    catch_up: dt.timedelta = dt.timedelta(hours=6)  # later than this, a missed digest is skipped
    concurrency: int = 8  # digests being composed or sent at once
    # Messages sent and not yet recorded as sent, at once: what a crash can double (Telegram has
    # no idempotency key, so a send in flight at a crash is sent again at the restart).
    in_flight: int = 2
    messages_per_second: float = 25.0  # digest messages, out of Telegram's global 30/s
    max_attempts: int = 5
    retry_delay: dt.timedelta = dt.timedelta(seconds=30)  # doubled after each failed attempt
    first_period: dt.timedelta = dt.timedelta(days=1)  # what a chat's first digest covers
    max_period: dt.timedelta = dt.timedelta(days=7)  # after a long pause, no older than this
    keep_log: dt.timedelta = dt.timedelta(days=90)  # digest log rows kept (the latest always)


class DigestComposer(Protocol):
    """Builds a chat's digest messages; an empty list means "nothing to send today"."""

    async def compose(
        self,
        subscription: Subscription,
        *,
        local_date: dt.date,
        since: dt.datetime,
        until: dt.datetime,
    ) -> list[str]: ...


class DigestSender(Protocol):
    """Posts one digest message; its message id. Raises :class:`ChatGone`, :class:`TopicGone`,
    :class:`ChatMoved` or :class:`TryLater` when the message was not posted."""

    async def send(self, chat_id: int, thread_id: int | None, text: str) -> int: ...


class ChatGone(Exception):
    """The bot may not post in the chat any more (removed, no rights): pause, never retry."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class TopicGone(Exception):
    """The forum topic the digest goes to was deleted: post in the chat instead."""


class ChatMoved(Exception):
    """The group became a supergroup with another id."""

    def __init__(self, new_chat_id: int) -> None:
        self.new_chat_id = new_chat_id
        super().__init__(f"moved to {new_chat_id}")


class TryLater(Exception):
    """Not sent, for now (flood control, a network error): retry after ``after`` or later."""

    def __init__(self, reason: str, *, after: dt.timedelta | None = None) -> None:
        self.reason = reason
        self.after = after
        super().__init__(reason)


class DigestScheduler:
    """Sends each subscribed chat its daily digest, exactly once (see the module doc)."""

    def __init__(
        self,
        *,
        sender: DigestSender,
        subscriptions: SubscriptionRepository,
        log: DigestLog,
        composer: DigestComposer,
        chats: ChatRepository,
        clock: Clock | None = None,
        settings: DigestJobSettings | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._sender = sender
        self.metrics = metrics or Metrics()
        self._subscriptions = subscriptions
        self._chats = chats
        self._log = log
        self._composer = composer
        self.clock: Clock = clock or SystemClock()
        self.settings = settings or DigestJobSettings()
        self._slots = asyncio.Semaphore(self.settings.concurrency)
        # Messages sent and not yet recorded as sent: what a crash can double.
        self._sending = asyncio.Semaphore(self.settings.in_flight)
        self._pruned_at: dt.datetime | None = None
        self._in_flight: set[tuple[int, dt.date]] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None

    # lifecycle

    async def start(self) -> None:
        """Run passes in the background: one now (catch-up), then whenever a slot is due."""
        if self._loop_task is None:
            self._loop_task = asyncio.create_task(self._run(), name="digest-scheduler")

    async def stop(self) -> None:
        """Stop passes and cancel deliveries; an interrupted digest stays ``sending`` and is
        resumed at the next start."""
        tasks = [t for t in (self._loop_task, *self._tasks) if t is not None]
        self._loop_task = None
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        self._in_flight.clear()

    def wake(self) -> None:
        """Re-read the subscriptions now (after /subscribe or /unsubscribe)."""
        self._wake.set()

    async def drain(self) -> None:
        """Wait for every delivery started so far (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                wake_at = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("digest pass failed; trying again in a minute")
                wake_at = self.clock.now() + dt.timedelta(minutes=1)
            await self.clock.sleep_until(wake_at, self._wake)

    # one pass

    async def run_once(self) -> dt.datetime:
        """Start every delivery owed now; return when the next pass is needed."""
        now = self.clock.now()
        subscriptions = {s.chat_id: s for s in await self._subscriptions.active()}
        handled: set[tuple[int, dt.date]] = set()
        wake_at = now + dt.timedelta(days=1)  # nothing scheduled: look again tomorrow
        if self._pruned_at is None or now - self._pruned_at >= dt.timedelta(days=1):
            self._pruned_at = now
            gone = await self._log.prune(before=(now - self.settings.keep_log).date())
            if gone:
                logger.info("forgot %d digest log rows older than %s", gone, self.settings.keep_log)

        # Interrupted or retried digests first: they are the oldest debts.
        for entry in await self._log.unfinished():
            key = (entry.chat_id, entry.digest_date)
            handled.add(key)
            if key in self._in_flight:
                continue
            subscription = subscriptions.get(entry.chat_id)
            if subscription is None:
                await self._log.finish(*key, DigestState.FAILED, now=now, error="unsubscribed")
            elif now - entry.due_at >= self.settings.catch_up:
                await self._log.finish(*key, DigestState.FAILED, now=now, error="too late")
            elif entry.retry_at is not None and entry.retry_at > now:
                wake_at = min(wake_at, entry.retry_at)
            else:
                self._spawn(key, self._resume(subscription, entry))

        slots = {
            chat_id: latest_slot(s.local_time, zone(s.timezone), now)
            for chat_id, s in subscriptions.items()
        }
        logged = await self._log.on_dates({slot.local_date for slot in slots.values()})
        for chat_id, subscription in subscriptions.items():
            slot = slots[chat_id]
            key = (chat_id, slot.local_date)
            owed = (
                slot.due_at >= subscription.starts_at
                and now - slot.due_at < self.settings.catch_up
                and key not in handled
                and key not in logged
                and key not in self._in_flight
            )
            if owed:
                self._spawn(key, self._deliver(subscription, slot))
            upcoming = next_slot(subscription.local_time, zone(subscription.timezone), now)
            wake_at = min(wake_at, upcoming.due_at)
        return wake_at

    def _spawn(self, key: tuple[int, dt.date], work: Coroutine[Any, Any, None]) -> None:
        self._in_flight.add(key)

        async def guarded() -> None:
            try:
                async with self._slots:
                    await work
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("digest for chat %s on %s failed", *key)
            finally:
                self._in_flight.discard(key)

        task = asyncio.create_task(guarded(), name=f"digest-{key[0]}-{key[1]}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # delivery

    async def _deliver(self, subscription: Subscription, slot: Slot) -> None:
        now = self.clock.now()
        since = await self._log.last_period_end(subscription.chat_id, before=slot.local_date)
        oldest = slot.due_at - self.settings.max_period
        if since is None:
            since = slot.due_at - self.settings.first_period
        since = max(since, oldest)
        entry = await self._log.claim(
            subscription.chat_id,
            slot.local_date,
            due_at=slot.due_at,
            period_start=since,
            period_end=now,
            now=now,
        )
        if entry is None:  # claimed meanwhile (another process, or a pass that raced us)
            return
        await self._send(subscription, entry)

    async def _resume(self, subscription: Subscription, entry: DigestLogEntry) -> None:
        attempts = await self._log.start_attempt(entry.chat_id, entry.digest_date)
        logger.info(
            "resuming the digest for chat %s on %s (attempt %d, %d of %s parts sent)",
            entry.chat_id,
            entry.digest_date,
            attempts,
            entry.parts_sent,
            len(entry.parts) if entry.parts is not None else "?",
        )
        await self._send(subscription, entry)

    async def _send(self, subscription: Subscription, entry: DigestLogEntry) -> None:
        key = (entry.chat_id, entry.digest_date)
        parts = entry.parts
        if parts is None:
            composed = await self._composer.compose(
                subscription,
                local_date=entry.digest_date,
                since=entry.period_start,
                until=entry.period_end,
            )
            parts = tuple(composed)
            await self._log.set_parts(*key, parts)
        if not parts:
            await self._log.finish(*key, DigestState.EMPTY, now=self.clock.now())
            return
        thread_id = subscription.thread_id
        index = entry.parts_sent
        while index < len(parts):
            try:
                async with self._sending:  # a send and its record: what a crash may double
                    message_id = await self._sender.send(entry.chat_id, thread_id, parts[index])
                    await self._log.part_sent(*key, message_id)
            except TopicGone:
                logger.info(
                    "chat %s: topic %s is gone; posting in the chat", entry.chat_id, thread_id
                )
                thread_id = None
                continue
            except ChatMoved as moved:
                await self._follow_chat(entry, moved.new_chat_id)
                return
            except ChatGone as gone:
                logger.info("chat %s: %s; pausing its digest", entry.chat_id, gone.reason)
                now = self.clock.now()
                await self._subscriptions.pause(entry.chat_id, gone.reason, now=now)
                await self._log.finish(*key, DigestState.FAILED, now=now, error=gone.reason)
                return
            except TryLater as later:
                await self._retry_later(entry, later)
                return
            self.metrics.digest_messages_sent.inc()
            index += 1
        await self._log.finish(*key, DigestState.SENT, now=self.clock.now())
        self.metrics.digests_sent.inc()

    async def _follow_chat(self, entry: DigestLogEntry, new_chat_id: int) -> None:
        """The group became a supergroup: the subscription moves to the new id, and the next
        pass sends today's digest there (the new id has no log row for today yet)."""
        now = self.clock.now()
        key = (entry.chat_id, entry.digest_date)
        logger.info("chat %s is now %s; its digest follows", entry.chat_id, new_chat_id)
        await self._chats.remember(new_chat_id, "supergroup", now=now)
        await self._subscriptions.move_chat(entry.chat_id, new_chat_id)
        await self._log.finish(*key, DigestState.FAILED, now=now, error=f"moved to {new_chat_id}")
        self.wake()

    async def _retry_later(self, entry: DigestLogEntry, later: TryLater) -> None:
        key = (entry.chat_id, entry.digest_date)
        current = await self._log.get(*key)
        attempts = current.attempts if current else entry.attempts
        now = self.clock.now()
        if attempts >= self.settings.max_attempts:
            logger.warning("giving up the digest for chat %s on %s: %s", *key, later.reason)
            await self._log.finish(*key, DigestState.FAILED, now=now, error=later.reason)
            return
        delay = later.after or self.settings.retry_delay * (2 ** (attempts - 1))
        logger.info("digest for chat %s on %s: %s; retrying in %s", *key, later.reason, delay)
        await self._log.retry_later(*key, error=later.reason, retry_at=now + delay)
        self.wake()


# --- feeds --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedJobSettings:
    interval: dt.timedelta = dt.timedelta(minutes=15)
    max_backoff: dt.timedelta = dt.timedelta(hours=12)
    concurrency: int = 4  # feeds fetched at once
    per_pass: int = 50  # feeds polled per pass at most
    fresh_for: dt.timedelta = dt.timedelta(days=2)  # items published earlier are not news
    summarize_per_pass: int = 20
    summarize_concurrency: int = 2
    keep_items: dt.timedelta = dt.timedelta(days=30)  # then forgotten (old ones come back skipped)


Summarize = Callable[[str], Awaitable[object]]
"""Summarise one URL through the shared article cache (the bot's link handler uses the same)."""


@dataclass(frozen=True, slots=True)
class PollReport:
    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    new_items: int = 0
    summarized: int = 0


class FeedPoller:
    """Polls due feeds with conditional requests, stores new items, summarises them early."""

    def __init__(
        self,
        *,
        fetcher: PageFetcher,
        feeds: FeedRepository,
        summarize: Summarize | None = None,
        clock: Clock | None = None,
        settings: FeedJobSettings | None = None,
    ) -> None:
        self._fetcher = fetcher
        self._feeds = feeds
        self._summarize = summarize
        self.clock: Clock = clock or SystemClock()
        self.settings = settings or FeedJobSettings()
        self._wake = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None
        self._pruned_at: dt.datetime | None = None

    async def start(self) -> None:
        if self._loop_task is None:
            self._loop_task = asyncio.create_task(self._run(), name="feed-poller")

    async def stop(self) -> None:
        task, self._loop_task = self._loop_task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.run_once()
                next_at = await self._feeds.next_poll_at()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("feed pass failed")
                next_at = None
            now = self.clock.now()
            await self.clock.sleep_until(next_at or now + self.settings.interval, self._wake)

    async def run_once(self) -> PollReport:
        """Poll every due feed, then summarise some new items ahead of time."""
        now = self.clock.now()
        due = await self._feeds.due(now, self.settings.per_pass)
        gate = asyncio.Semaphore(self.settings.concurrency)

        async def one(feed: FeedRecord) -> tuple[str, int]:
            async with gate:
                return await self._poll(feed)

        results = await asyncio.gather(*(one(f) for f in due))
        summarized = await self._summarize_pending()
        if self._pruned_at is None or now - self._pruned_at >= dt.timedelta(days=1):
            self._pruned_at = now
            gone = await self._feeds.prune_items(older_than=now - self.settings.keep_items)
            if gone:
                logger.info("forgot %d feed items older than %s", gone, self.settings.keep_items)
        return PollReport(
            polled=len(results),
            not_modified=sum(1 for kind, _ in results if kind == "304"),
            failed=sum(1 for kind, _ in results if kind == "failed"),
            new_items=sum(n for _, n in results),
            summarized=summarized,
        )

    async def _poll(self, feed: FeedRecord) -> tuple[str, int]:
        now = self.clock.now()
        try:
            result = await poll_feed(
                self._fetcher, feed.url, etag=feed.etag, last_modified=feed.last_modified
            )
        except Exception as exc:  # one broken feed must not stop the others
            error = str(exc)  # a catalogue id or a worded error (handlers.feeds words it)
            if not isinstance(exc, NewsbotError | FeedError):
                logger.exception("feed %s: unexpected error", feed.url)
                error = UNEXPECTED_FEED_ERROR  # a bug's text is for the log, not the chat
            backoff = min(
                self.settings.interval * (2 ** min(feed.failures + 1, 10)),
                self.settings.max_backoff,
            )
            failures = await self._feeds.record_failure(
                feed.id, now=now, next_poll_at=now + backoff, error=error
            )
            logger.info("feed %s failed (%d in a row): %s", feed.url, failures, exc)
            return "failed", 0
        next_at = now + self.settings.interval
        if result.feed is None:
            await self._feeds.record_poll(
                feed.id,
                now=now,
                next_poll_at=next_at,
                etag=result.etag,
                last_modified=result.last_modified,
            )
            return "304", 0
        new = await self._feeds.add_items(
            feed.id,
            [
                NewFeedItem(e.guid, e.url, e.title, e.summary, e.published)
                for e in result.feed.entries
            ],
            now=now,
            skip_published_before=now - self.settings.fresh_for,
        )
        await self._feeds.record_poll(
            feed.id,
            now=now,
            next_poll_at=next_at,
            etag=result.etag,
            last_modified=result.last_modified,
            title=result.feed.title,
        )
        fresh = [i for i in new if i.state is ItemState.NEW]
        if fresh:
            logger.info("feed %s: %d new items", feed.url, len(fresh))
        return "200", len(fresh)

    async def _summarize_pending(self) -> int:
        if self._summarize is None:
            return 0
        items = await self._feeds.pending_items(self.settings.summarize_per_pass)
        gate = asyncio.Semaphore(self.settings.summarize_concurrency)
        summarize = self._summarize
        done = 0

        async def one(item_id: int, url: str) -> None:
            nonlocal done
            async with gate:
                try:
                    await summarize(url)
                except NewsbotError as exc:
                    logger.info("feed item %s not summarised: %s", url, exc)
                    await self._feeds.mark_item(item_id, ItemState.FAILED)
                    return
                except Exception:
                    logger.exception("feed item %s: summariser failed", url)
                    await self._feeds.mark_item(item_id, ItemState.FAILED)
                    return
                await self._feeds.mark_item(item_id, ItemState.SUMMARIZED)
                done += 1

        await asyncio.gather(*(one(i.id, i.url) for i in items))
        return done
