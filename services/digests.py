"""Building a chat's digest: its candidates (shares and new feed items), composed and rendered.

Candidates are read from the article cache's JSON with the cache's own decoder
(:func:`services.articles.decode_data`). Rendering is the handlers' (Telegram HTML): the wiring
hands a :class:`DigestRenderer` in.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Protocol

from services.articles import decode_data
from storage.digest_log import DigestLog
from storage.digest_sources import DigestSources, SharedArticle
from storage.feeds import ChatFeedItem, FeedRepository
from storage.filters import FilterRepository
from storage.subscriptions import Subscription, SubscriptionRepository
from summarizer.digest import (
    DEFAULT_LIMIT,
    Digest,
    DigestItem,
    KeywordFilter,
    LexicalSimilarity,
    StorySimilarity,
    compose_digest,
)
from summarizer.schedule import DEFAULT_TIMEZONE, zone
from summarizer.types import Quote
from summarizer.urls import clean_url, site_of

FEED_BLURB_CHARS = 300


class DigestRenderer(Protocol):
    """A digest as messages; ``language`` None: the language of the news itself."""

    def __call__(
        self, digest: Digest, *, day: dt.date, language: str | None, send_empty: bool
    ) -> list[str]: ...


# --- candidates ----------------------------------------------------------------------------------


def item_from_article(
    data: str,
    *,
    url: str,
    seen_at: dt.datetime,
    shares: int,
    canonical_url: str = "",
    title: str = "",
    site: str | None = None,
    language: str | None = None,
    feed_title: str | None = None,
) -> DigestItem:
    """A digest candidate from a cached article's JSON (the article cache's format)."""
    cached = decode_data(
        data, url=url, canonical_url=canonical_url, title=title, site=site, language=language
    )
    article, first = cached.article, cached.first
    return DigestItem(
        url=url,
        title=article.title or url,
        seen_at=seen_at,
        canonical_url=article.canonical_url or clean_url(url),
        site=article.site or site_of(url) or None,
        summary=tuple(s for s in first.summary if s.strip()),
        quotes=tuple(
            Quote(q.text, q.speaker, partial=q.partial) for q in first.quotes if q.text.strip()
        ),
        shares=shares,
        feed_title=feed_title,
        language=article.language,
    )


def _blurb(text: str) -> tuple[str, ...]:
    """A feed's own description as one summary sentence, when the page was not summarised."""
    text = " ".join(text.split())
    if not text:
        return ()
    if len(text) > FEED_BLURB_CHARS:
        cut = text[:FEED_BLURB_CHARS]
        end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
        text = cut[: end + 1] if end > 60 else cut.rsplit(" ", 1)[0] + "…"
    return (text,)


def shared_item(share: SharedArticle) -> DigestItem:
    return item_from_article(
        share.data,
        url=share.url,
        seen_at=share.shared_at,
        shares=1,
        canonical_url=share.canonical_url,
        title=share.title,
        site=share.site,
        language=share.language,
    )


def feed_item(entry: ChatFeedItem) -> DigestItem:
    item = entry.item
    seen = item.first_seen_at
    if entry.article_data is not None:
        return item_from_article(
            entry.article_data,
            url=item.url,
            seen_at=seen,
            shares=0,
            title=item.title,
            feed_title=entry.feed_title,
        )
    return DigestItem(
        url=item.url,
        title=item.title,
        seen_at=seen,
        summary=_blurb(item.summary),
        shares=0,
        feed_title=entry.feed_title,
    )


SimilarityFactory = Callable[[], StorySimilarity]


class DigestBuilder:
    """Gathers a chat's candidates (shares + new feed items), composes and renders a digest."""

    def __init__(
        self,
        *,
        sources: DigestSources,
        feeds: FeedRepository,
        filters: FilterRepository,
        render: DigestRenderer,
        similarity: SimilarityFactory = LexicalSimilarity,
    ) -> None:
        self._sources = sources
        self._feeds = feeds
        self._filters = filters
        self._render = render
        self._similarity_factory = similarity
        self._similarity: StorySimilarity | None = None
        self._similarity_lock = asyncio.Lock()

    async def similarity(self) -> StorySimilarity:
        """The story similarity, made once (loading an encoder happens in a thread)."""
        async with self._similarity_lock:
            if self._similarity is None:
                self._similarity = await asyncio.to_thread(self._similarity_factory)
            return self._similarity

    async def candidates(
        self, chat_id: int, *, since: dt.datetime, until: dt.datetime
    ) -> list[DigestItem]:
        shares = await self._sources.shared_in_chat(chat_id, since=since, until=until)
        feed_items = await self._feeds.items_for_chat(chat_id, since=since, until=until)
        return [shared_item(s) for s in shares] + [feed_item(f) for f in feed_items]

    async def build(
        self,
        chat_id: int,
        *,
        since: dt.datetime,
        until: dt.datetime,
        max_stories: int = 10,
    ) -> Digest:
        items = await self.candidates(chat_id, since=since, until=until)
        chosen = await self._filters.get(chat_id)
        keywords = KeywordFilter(include=chosen.include, exclude=chosen.exclude)
        similarity = await self.similarity() if len(items) > 1 else None
        return await asyncio.to_thread(
            compose_digest, items, limit=max_stories, keywords=keywords, similarity=similarity
        )

    async def language(self, chat_id: int) -> str | None:
        profile = await self._sources.chat(chat_id)
        return profile.language if profile else None

    async def render(
        self,
        chat_id: int,
        *,
        local_date: dt.date,
        since: dt.datetime,
        until: dt.datetime,
        max_stories: int = 10,
        send_empty: bool = False,
    ) -> list[str]:
        digest = await self.build(chat_id, since=since, until=until, max_stories=max_stories)
        language = await self.language(chat_id)
        return self._render(digest, day=local_date, language=language, send_empty=send_empty)

    async def compose(
        self,
        subscription: Subscription,
        *,
        local_date: dt.date,
        since: dt.datetime,
        until: dt.datetime,
    ) -> list[str]:
        """The scheduled digest's messages (``services.jobs.DigestComposer``)."""
        return await self.render(
            subscription.chat_id,
            local_date=local_date,
            since=since,
            until=until,
            max_stories=subscription.max_stories,
            send_empty=subscription.send_empty,
        )


async def chat_timezone(
    sources: DigestSources,
    chat_id: int,
    *,
    given: str | None = None,
    subscription: Subscription | None = None,
) -> str:
    """The one time-zone rule: the zone given now, else the digest's, else the chat's saved
    one, else UTC."""
    if given:
        return given
    if subscription is not None and subscription.timezone:
        return subscription.timezone
    profile = await sources.chat(chat_id)
    return (profile.timezone if profile else None) or DEFAULT_TIMEZONE


class DigestService:
    """The digest of a chat now (/digest): what the next scheduled one would say so far."""

    def __init__(
        self,
        *,
        builder: DigestBuilder,
        subscriptions: SubscriptionRepository,
        sources: DigestSources,
        log: DigestLog,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.builder = builder
        self._subscriptions = subscriptions
        self._sources = sources
        self._log = log
        self._now = now

    async def preview(self, chat_id: int) -> list[str]:
        """The chat's digest since its last one (or the last day); the schedule does not move.
        An empty list when there is nothing new."""
        now = self._now()
        subscription = await self._subscriptions.get(chat_id)
        timezone = await chat_timezone(self._sources, chat_id, subscription=subscription)
        local_today = now.astimezone(zone(timezone)).date()
        since = await self._log.last_period_end(chat_id, before=local_today + dt.timedelta(days=1))
        since = since or now - dt.timedelta(days=1)
        return await self.builder.render(
            chat_id,
            local_date=local_today,
            since=since,
            until=now,
            max_stories=subscription.max_stories if subscription else DEFAULT_LIMIT,
        )
