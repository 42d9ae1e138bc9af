"""Daily digests: building a chat's digest, and the /subscribe, /unsubscribe, /digest commands."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from typing import Any

from handlers.digest_render import render_digest
from storage.digest_sources import DigestSources, SharedArticle
from storage.feeds import ChatFeedItem, FeedRepository
from storage.filters import FilterRepository
from storage.subscriptions import Subscription
from summarizer.digest import (
    Digest,
    DigestItem,
    KeywordFilter,
    LexicalSimilarity,
    StorySimilarity,
    compose_digest,
)
from summarizer.types import Quote
from summarizer.urls import clean_url, site_of

logger = logging.getLogger(__name__)

FEED_BLURB_CHARS = 300


# --- building ------------------------------------------------------------------------------------


def _quotes(raw: Any) -> tuple[Quote, ...]:
    if not isinstance(raw, list):
        return ()
    quotes = []
    for q in raw:
        if isinstance(q, dict) and isinstance(q.get("text"), str) and q["text"].strip():
            speaker = q.get("speaker")
            quotes.append(Quote(q["text"], speaker if isinstance(speaker, str) else None))
    return tuple(quotes)


def _sentences(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(s for s in raw if isinstance(s, str) and s.strip())


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
    """A digest candidate from a cached article's JSON (``ArticleSummary.to_json()`` shape)."""
    try:
        parsed = json.loads(data)
    except (TypeError, json.JSONDecodeError):
        parsed = {}
    obj: dict[str, Any] = parsed if isinstance(parsed, dict) else {}
    # Some stores nest the summary under "summary": {"sentences": [...], "quotes": [...]}.
    summary_obj = obj.get("summary")
    if isinstance(summary_obj, dict):
        sentences = _sentences(summary_obj.get("sentences") or summary_obj.get("summary"))
        quotes = _quotes(summary_obj.get("quotes"))
    else:
        sentences = _sentences(summary_obj)
        quotes = _quotes(obj.get("quotes"))
    article = obj.get("article") if isinstance(obj.get("article"), dict) else obj
    assert isinstance(article, dict)
    return DigestItem(
        url=url,
        title=str(article.get("title") or title or url),
        seen_at=seen_at,
        canonical_url=str(article.get("canonical_url") or canonical_url or clean_url(url)),
        site=str(article.get("site") or site or site_of(url)) or None,
        summary=sentences,
        quotes=quotes,
        shares=shares,
        feed_title=feed_title,
        language=article.get("language") or language,
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
        similarity: SimilarityFactory = LexicalSimilarity,
    ) -> None:
        self._sources = sources
        self._feeds = feeds
        self._filters = filters
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
        return render_digest(digest, day=local_date, language=language, send_empty=send_empty)

    async def compose(
        self,
        subscription: Subscription,
        *,
        local_date: dt.date,
        since: dt.datetime,
        until: dt.datetime,
    ) -> list[str]:
        """The scheduled digest's messages (``bot.jobs.DigestComposer``)."""
        return await self.render(
            subscription.chat_id,
            local_date=local_date,
            since=since,
            until=until,
            max_stories=subscription.max_stories,
            send_empty=subscription.send_empty,
        )


def describe_keywords(include: Sequence[str], exclude: Sequence[str]) -> str:
    """Plain text list of a chat's filters (for /filter list)."""
    parts = []
    if include:
        parts.append("include: " + ", ".join(include))
    if exclude:
        parts.append("exclude: " + ", ".join(exclude))
    return "; ".join(parts) or "no filters"
