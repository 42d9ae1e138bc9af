"""A chat's feeds and keyword filters: what its daily digest reads, and what it leaves out.

Whoever asks has been checked already (``handlers.permissions``). A new feed wakes the poller
(``feeds_changed``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

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
from summarizer.feeds import PageFetcher, resolve_feed

BACK_CATALOGUE = dt.timedelta(hours=24)  # a new feed's items older than this are not news


def _nothing() -> None:
    return None


@dataclass(frozen=True, slots=True)
class FeedAdded:
    """A feed that /feed add resolved: whether it is new to the chat, and its items now."""

    title: str
    entries: int
    added: bool  # False: the chat followed it already
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
        chat_id = chat.id
        if await self.feeds.count_for_chat(chat_id) >= MAX_FEEDS_PER_CHAT:
            raise FeedLimitError(MAX_FEEDS_PER_CHAT)
        resolved = await resolve_feed(self.fetcher, url)
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
