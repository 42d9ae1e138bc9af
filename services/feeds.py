"""A chat's feeds and keyword filters: what its daily digest reads, and what it leaves out;
and its feeds as an OPML subscription list, written out or read in.

Whoever asks has been checked already (``handlers.permissions``). A new feed wakes the poller
(``feeds_changed``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from errors import NewsbotError
from services.chats import ChatRef, ChatService
from storage.feeds import (
    MAX_FEEDS_PER_CHAT,
    FeedLimitError,
    FeedRecord,
    FeedRepository,
    NewFeedItem,
)
from storage.filters import ChatFilters, FilterKind, FilterRepository
from storage.subscriptions import SubscriptionRepository
from summarizer.feeds import PageFetcher, ResolvedFeed, resolve_feed
from summarizer.opml import (
    OpmlFeed,
    RefusalReason,
    RefusedEntry,
    parse_opml,
    plan_import,
    write_opml,
)

BACK_CATALOGUE = dt.timedelta(hours=24)  # a new feed's items older than this are not news
IMPORT_CONCURRENCY = 4  # feeds of an OPML import resolved at once


def _nothing() -> None:
    return None


def _refused(entry: RefusedEntry) -> FeedNotImported:
    return FeedNotImported(entry.title, entry.url, entry.reason)


@dataclass(frozen=True, slots=True)
class FeedAdded:
    """A feed that /feed add resolved: whether it is new to the chat, and its items now."""

    title: str
    entries: int
    added: bool  # False: the chat followed it already
    subscribed: bool  # the chat has a daily digest


@dataclass(frozen=True, slots=True)
class FeedNotImported:
    """An entry of an OPML file that was not followed: refused for a ``reason`` (the file's
    entry is unusable, already followed, over the limit) or because its feed could not be
    read (``error``, the pipeline's, whose text says why)."""

    title: str
    url: str
    reason: RefusalReason | None = None
    error: NewsbotError | None = None


@dataclass(frozen=True, slots=True)
class FeedImport:
    """What ``/feed import`` did: the feeds now followed (in file order) and those not."""

    added: tuple[FeedAdded, ...]
    not_added: tuple[FeedNotImported, ...]
    subscribed: bool  # the chat has a daily digest


class FeedService:
    """Follows, lists and drops a chat's feeds; keeps its keyword filters."""

    def __init__(
        self,
        *,
        feeds: FeedRepository,
        filters: FilterRepository,
        subscriptions: SubscriptionRepository,
        chats: ChatService,
        fetcher: PageFetcher,
        now: Callable[[], dt.datetime],
        feeds_changed: Callable[[], None] = _nothing,
    ) -> None:
        self.feeds = feeds
        self.filters = filters
        self._subscriptions = subscriptions
        self._chats = chats
        self.fetcher = fetcher
        self._now = now
        self.feeds_changed = feeds_changed

    async def follow(self, chat: ChatRef, url: str, *, added_by: int | None = None) -> FeedAdded:
        """Follow the feed at ``url`` (or the one the page there links). Raises
        :class:`FeedLimitError` when the chat follows the most feeds allowed, and the
        pipeline's errors (``NewsbotError``) when no feed can be read there."""
        if await self.feeds.count_for_chat(chat.id) >= MAX_FEEDS_PER_CHAT:
            raise FeedLimitError(MAX_FEEDS_PER_CHAT)
        resolved = await resolve_feed(self.fetcher, url)
        return await self._store(chat, resolved, added_by)

    async def _store(
        self, chat: ChatRef, resolved: ResolvedFeed, added_by: int | None
    ) -> FeedAdded:
        """Follow a resolved feed (raises :class:`FeedLimitError`) with its recent items."""
        chat_id = chat.id
        now = self._now()
        await self._chats.remember(chat)
        added = await self.feeds.follow(
            chat_id,
            url=resolved.url,
            title=resolved.feed.title,
            site_url=resolved.feed.site_url,
            etag=resolved.etag,
            last_modified=resolved.last_modified,
            added_by=added_by,
            now=now,
        )
        entries = len(resolved.feed.entries)
        if not added.added:
            return FeedAdded(resolved.feed.title, entries, added=False, subscribed=False)
        # What the feed holds today: only the last day's items are news for the next digest.
        await self.feeds.add_items(
            added.feed.id,
            [
                NewFeedItem(e.guid, e.url, e.title, e.summary, e.published)
                for e in resolved.feed.entries
            ],
            now=now,
            skip_published_before=now - BACK_CATALOGUE,
            skip_undated=True,
        )
        self.feeds_changed()
        subscribed = await self._subscriptions.get(chat_id) is not None
        return FeedAdded(resolved.feed.title, entries, added=True, subscribed=subscribed)

    async def of_chat(self, chat_id: int) -> list[FeedRecord]:
        return await self.feeds.for_chat(chat_id)

    # OPML

    async def export_opml(self, chat_id: int, *, title: str) -> bytes | None:
        """The chat's feeds as an OPML 2.0 file named ``title``; None when it follows none."""
        feeds = await self.feeds.for_chat(chat_id)
        if not feeds:
            return None
        listed = [OpmlFeed(f.url, f.title, f.site_url) for f in feeds]
        return write_opml(listed, title=title, created=self._now())

    async def import_opml(
        self, chat: ChatRef, data: bytes, *, added_by: int | None = None
    ) -> FeedImport:
        """Follow the feeds of an OPML file, up to the chat's limit: each is resolved as
        ``/feed add`` resolves one (a few at once), then followed in file order. Raises
        ``summarizer.opml.OpmlError`` when the file as a whole cannot be read."""
        parsed = parse_opml(data)
        followed = [feed.url for feed in await self.feeds.for_chat(chat.id)]
        plan = plan_import(parsed, followed, MAX_FEEDS_PER_CHAT)
        gate = asyncio.Semaphore(IMPORT_CONCURRENCY)

        async def resolve(feed: OpmlFeed) -> ResolvedFeed | NewsbotError:
            async with gate:
                try:
                    return await resolve_feed(self.fetcher, feed.url)
                except NewsbotError as exc:  # FeedError among them
                    return exc

        resolved = await asyncio.gather(*(resolve(feed) for feed in plan.add))
        added: list[FeedAdded] = []
        not_added = [_refused(entry) for entry in plan.refused]
        for feed, outcome in zip(plan.add, resolved, strict=True):
            if isinstance(outcome, NewsbotError):
                not_added.append(FeedNotImported(feed.title, feed.url, error=outcome))
                continue
            try:
                stored = await self._store(chat, outcome, added_by)
            except FeedLimitError:  # another /feed add came first
                not_added.append(
                    FeedNotImported(feed.title, feed.url, RefusalReason.OVER_LIMIT)
                )
                continue
            if stored.added:
                added.append(stored)
            else:  # the file's address led to a feed the chat follows under another one
                not_added.append(
                    FeedNotImported(feed.title, feed.url, RefusalReason.ALREADY_FOLLOWED)
                )
        subscribed = await self._subscriptions.get(chat.id) is not None
        return FeedImport(tuple(added), tuple(not_added), subscribed)

    async def unfollow(self, chat_id: int, number: int) -> FeedRecord | None:
        """Stop following the chat's feed number ``number`` (from 1, as listed); None when
        there is no such feed."""
        feeds = await self.feeds.for_chat(chat_id)
        if not 1 <= number <= len(feeds):
            return None
        feed = feeds[number - 1]
        await self.feeds.unfollow(chat_id, feed.id)
        return feed

    # keyword filters

    async def filters_of(self, chat_id: int) -> ChatFilters:
        return await self.filters.get(chat_id)

    async def add_keywords(self, chat: ChatRef, kind: FilterKind, keywords: list[str]) -> list[str]:
        """Add keywords; the ones that were new. Raises :class:`FilterLimitError`."""
        await self._chats.remember(chat)
        return await self.filters.add(chat.id, kind, keywords, now=self._now())

    async def remove_keywords(self, chat_id: int, keywords: list[str]) -> list[str]:
        """Remove keywords from both lists; the ones that were there."""
        removed = []
        for keyword in keywords:
            dropped = await self.filters.remove(chat_id, FilterKind.INCLUDE, keyword)
            if await self.filters.remove(chat_id, FilterKind.EXCLUDE, keyword) or dropped:
                removed.append(keyword)
        return removed

    async def clear_keywords(self, chat_id: int, kind: FilterKind | None) -> int:
        return await self.filters.clear(chat_id, kind)
