"""Summaries through the article cache: the one way handlers (and feed polling) summarise a URL.

1. Look the URL up in the cache (cleaned of tracking parameters, under any alias it was seen
   under). A fresh hit is answered without fetching, whichever chat asked first.
2. Otherwise fetch it once: concurrent requests for the same URL share one fetch, and at most
   ``concurrency`` pages are worked on at once (CPU work is bounded again by the pipeline's
   thread pool). A page whose canonical URL is already cached and fresh is not summarised again.
3. Summaries of other lengths are computed from the cached text, never by fetching again, and
   kept in the cached JSON beside the first one.
4. A summary is kept under what wrote it: its length, the writer (``llm:<model>`` or the local
   summariser's name) and, for a model, the language asked for. With a model server, the model's
   summary is looked for; a local summary made because the model failed is kept under the local
   summariser's name, so the next request asks the model again.

The cached JSON (``articles.data``) holds the keys of ``ArticleSummary.to_json()`` for the first
summary made, plus ``all_quotes``, ``variants`` (``"sentences:quotes:writer[:language]" ->
summary, quotes, summarizer``) and, for a short article (too little text to summarise: its
summary is its whole text, never the model's), ``"short": true``; for text read from a file (a PDF,
plain text), ``"document": true``.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from services.metrics import Metrics
from storage.articles import ArticleRecord, ArticleRepository, NewArticle
from summarizer.errors import ExtractionError
from summarizer.fetch import Page
from summarizer.summarizers.answers import Answer
from summarizer.types import Article, ArticleSummary, Quote
from summarizer.urls import clean_url

logger = logging.getLogger(__name__)

CACHE_FORMAT = 1
MAX_VARIANTS = 8  # summary lengths kept per article


class ArticlePipeline(Protocol):
    """What the cache needs of :class:`summarizer.pipeline.Pipeline`."""

    async def fetch_article(self, url: str) -> Article: ...

    async def extract(self, page: Page) -> Article: ...

    @property
    def max_document_bytes(self) -> int: ...

    @property
    def writer(self) -> str: ...

    @property
    def translates(self) -> bool: ...

    async def summarize(
        self, article: Article, *, sentences: int = 3, quotes: int = 3, language: str | None = None
    ) -> ArticleSummary: ...

    async def answer(
        self, article: Article, question: str, *, language: str | None = None
    ) -> Answer: ...


@dataclass(frozen=True, slots=True)
class Summarized:
    """A summary with the id of its cached article (buttons and history refer to it)."""

    article_id: int
    summary: ArticleSummary
    from_cache: bool  # answered without fetching


@dataclass(frozen=True, slots=True)
class _Fetched:
    """A fetch's outcome: the cached row, and the summary it made (None: already cached)."""

    record: ArticleRecord
    summary: ArticleSummary | None = None
    lengths: tuple[int, int] = (0, 0)  # the summary's (sentences, quotes)
    language: str | None = None  # the language it was asked in (None: the article's own)
    article_language: str | None = None


@dataclass(frozen=True, slots=True)
class _Wanted:
    """A summary asked for: the cache key, how to get the article when it is not cached (fetch
    the page, or extract a document in hand), and the summary's length and language."""

    key: str
    load: Callable[[], Awaitable[Article]]
    sentences: int
    quotes: int
    language: str | None


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- the cached JSON ----------------------------------------------------------------------------


def _quote_json(quote: Quote) -> dict[str, str | bool | None]:
    return quote.to_json()


def _quote(raw: object) -> Quote | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        return None
    speaker, cue = raw.get("speaker"), raw.get("cue")
    return Quote(
        raw["text"],
        speaker if isinstance(speaker, str) else None,
        cue if isinstance(cue, str) else None,
        partial=raw.get("partial") is True,
    )


def _quotes(raw: object) -> tuple[Quote, ...]:
    found = [_quote(q) for q in raw] if isinstance(raw, list) else []
    return tuple(q for q in found if q is not None)


def _strings(raw: object) -> tuple[str, ...]:
    return tuple(s for s in raw if isinstance(s, str)) if isinstance(raw, list) else ()


def _key(sentences: int, quotes: int, writer: str, language: str | None = None) -> str:
    """A variant's key: its length and what wrote it (a model's in the language asked for)."""
    key = f"{sentences}:{quotes}:{writer}"
    return f"{key}:{language}" if language and writer.startswith("llm:") else key


def _written_key(summary: ArticleSummary, sentences: int, quotes: int, language: str | None) -> str:
    return _key(sentences, quotes, summary.summarizer, language)


def _variant_json(summary: ArticleSummary) -> dict[str, Any]:
    return {
        "summary": list(summary.summary),
        "quotes": [_quote_json(q) for q in summary.quotes],
        "summarizer": summary.summarizer,
    }


def encode(
    summary: ArticleSummary, *, sentences: int, quotes: int, language: str | None = None
) -> str:
    """The cache JSON for a freshly made summary."""
    data: dict[str, Any] = dict(summary.to_json())
    data["format"] = CACHE_FORMAT
    if summary.article.short:
        data["short"] = True
    if summary.article.document:
        data["document"] = True
    data["all_quotes"] = [_quote_json(q) for q in summary.all_quotes]
    data["variants"] = {_written_key(summary, sentences, quotes, language): _variant_json(summary)}
    return json.dumps(data, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class CachedArticle:
    """The cache JSON decoded."""

    article: Article
    all_quotes: tuple[Quote, ...]
    variants: dict[str, dict[str, Any]]
    first: ArticleSummary  # the top-level summary and quotes
    data: dict[str, Any]

    def variant(self, key: str) -> ArticleSummary | None:
        found = self.variants.get(key)
        if found is None:
            return None
        writer = found.get("summarizer")
        return ArticleSummary(
            self.article,
            _strings(found.get("summary")),
            _quotes(found.get("quotes")),
            self.all_quotes,
            summarizer=writer if isinstance(writer, str) else "",
        )

    def any_variant(self, sentences: int, quotes: int) -> ArticleSummary | None:
        """A summary of that length, whatever wrote it."""
        prefix = f"{sentences}:{quotes}:"
        return next((self.variant(k) for k in self.variants if k.startswith(prefix)), None)

    def with_variant(self, summary: ArticleSummary, key: str) -> str:
        variants = dict(self.variants)
        variants.pop(key, None)  # the newest last: the oldest goes first
        variants[key] = _variant_json(summary)
        while len(variants) > MAX_VARIANTS:
            variants.pop(next(iter(variants)))
        return json.dumps({**self.data, "variants": variants}, ensure_ascii=False)


def decode(record: ArticleRecord) -> CachedArticle:
    """The cached JSON of an ``articles`` row as typed values."""
    return decode_data(
        record.data,
        url=record.url,
        canonical_url=record.canonical_url,
        title=record.title,
        site=record.site,
        language=record.language,
        published=record.published,
    )


def decode_data(
    raw: str | None,
    *,
    url: str,
    canonical_url: str = "",
    title: str = "",
    site: str | None = None,
    language: str | None = None,
    published: dt.date | None = None,
) -> CachedArticle:
    """The cached JSON as typed values; missing keys (rows written by others) become empty,
    or the row's own columns given here."""
    try:
        loaded = json.loads(raw) if raw is not None else {}
    except (TypeError, ValueError):
        loaded = {}
    data: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
    body = data.get("text")
    if isinstance(data.get("published"), str):
        with contextlib.suppress(ValueError):
            published = dt.date.fromisoformat(data["published"])
    article = Article(
        url=str(data.get("url") or url),
        canonical_url=str(data.get("canonical_url") or canonical_url),
        title=str(data.get("title") or title),
        paragraphs=tuple(p for p in body.split("\n\n") if p) if isinstance(body, str) else (),
        author=data["author"] if isinstance(data.get("author"), str) else None,
        published=published,
        site=str(data.get("site") or site or "") or None,
        language=str(data.get("language") or language or "") or None,
        short=data.get("short") is True,
        document=data.get("document") is True,
    )
    all_quotes = _quotes(data.get("all_quotes")) or _quotes(data.get("quotes"))
    variants_raw = data.get("variants")
    variants = (
        {k: v for k, v in variants_raw.items() if isinstance(v, dict)}
        if isinstance(variants_raw, dict)
        else {}
    )
    first = ArticleSummary(
        article, _strings(data.get("summary")), _quotes(data.get("quotes")), all_quotes
    )
    return CachedArticle(article, all_quotes, variants, first, data)


# --- the service --------------------------------------------------------------------------------


class Summaries:
    """The article cache in front of the pipeline (see the module doc)."""

    def __init__(
        self,
        pipeline: ArticlePipeline,
        articles: ArticleRepository,
        *,
        fresh_for: dt.timedelta = dt.timedelta(hours=24),
        concurrency: int = 16,
        now: Callable[[], dt.datetime] = _utcnow,
        metrics: Metrics | None = None,
    ) -> None:
        self._pipeline = pipeline
        self._articles = articles
        self.metrics = metrics or Metrics()
        self.fresh_for = fresh_for
        self._gate = asyncio.Semaphore(concurrency)
        self._now = now
        self._in_flight: dict[str, asyncio.Task[_Fetched]] = {}
        self.fetches = 0  # pages fetched (for tests and benchmarks)

    async def for_url(
        self, url: str, *, sentences: int = 3, quotes: int = 3, language: str | None = None
    ) -> Summarized:
        """The summary of the page at ``url`` (in ``language`` when a model writes it, None for
        the article's own); raises the pipeline's errors. Counted in :attr:`metrics` as a link
        summarised (a cache hit or not) or failed, by reason."""
        return await self._counted(self._lookup(url, sentences, quotes, language))

    async def _counted(self, work: Awaitable[Summarized]) -> Summarized:
        """``work``'s summary, counted in :attr:`metrics` (a link, or a document sent)."""
        try:
            found = await work
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.metrics.link_failed(exc)
            raise
        self.metrics.links_summarized.inc()
        if found.from_cache:
            self.metrics.cache_hits.inc()
        return found

    async def _lookup(
        self, url: str, sentences: int, quotes: int, language: str | None
    ) -> Summarized:
        key = clean_url(url)
        load = functools.partial(self._pipeline.fetch_article, key)
        return await self._summarized(_Wanted(key, load, sentences, quotes, language))

    async def for_page(
        self, page: Page, *, sentences: int = 3, quotes: int = 3, language: str | None = None
    ) -> Summarized:
        """The summary of a document in hand (a PDF sent to the bot: see
        ``summarizer.pipeline.page_from_bytes``), cached under ``page.url`` like a fetched page,
        so the same file sent again is not read again; raises the pipeline's errors."""
        load = functools.partial(self._pipeline.extract, page)
        return await self._counted(
            self._summarized(_Wanted(page.url, load, sentences, quotes, language))
        )

    @property
    def max_document_bytes(self) -> int:
        """The largest document :meth:`for_page` reads (a larger one is refused unread)."""
        return self._pipeline.max_document_bytes

    async def cached(self, article_id: int) -> CachedArticle | None:
        """A cached article as it is, without summarising anything; None if gone."""
        record = await self._articles.get(article_id)
        return decode(record) if record is not None else None

    async def _summarized(self, wanted: _Wanted) -> Summarized:
        record = await self._articles.find(wanted.key, fetched_after=self._fresh_after())
        from_cache = record is not None
        if record is None:
            fetched = await self._fetch_once(wanted)
            record = fetched.record
            asked = None if wanted.language == fetched.article_language else wanted.language
            if (
                fetched.summary is not None
                and fetched.lengths == (wanted.sentences, wanted.quotes)
                and fetched.language == asked  # a waiter of another chat may want another one
            ):
                return Summarized(record.id, fetched.summary, False)  # as made, not re-read
        # Just made: whatever wrote it answers (a fallback is not asked of the model twice).
        summary = await self._variant(
            record, wanted.sentences, wanted.quotes, wanted.language, any_writer=not from_cache
        )
        return Summarized(record.id, summary, from_cache)

    async def for_article(
        self, article_id: int, *, sentences: int = 3, quotes: int = 3, language: str | None = None
    ) -> Summarized | None:
        """The summary of a cached article (however old), without fetching; None if gone."""
        record = await self._articles.get(article_id)
        if record is None:
            return None
        summary = await self._variant(record, sentences, quotes, language)
        return Summarized(record.id, summary, True)

    async def answer(
        self, article_id: int, question: str, *, language: str | None = None
    ) -> tuple[Article, Answer] | None:
        """An answer to ``question`` from a cached article's text; None if it is gone."""
        record = await self._articles.get(article_id)
        if record is None:
            return None
        article = decode(record).article
        if not article.paragraphs:
            return article, Answer(question, ())
        return article, await self._pipeline.answer(article, question, language=language)

    @property
    def translates(self) -> bool:
        """Whether summaries can be written in another language (a model server is set)."""
        return self._pipeline.translates

    async def summarize(self, url: str) -> Summarized:
        """Default-length summary of ``url`` (feed polling prepares digests with this; not
        counted as a link)."""
        return await self._lookup(url, 3, 3, None)

    def _fresh_after(self) -> dt.datetime:
        return self._now() - self.fresh_for

    async def _fetch_once(self, wanted: _Wanted) -> _Fetched:
        key = wanted.key
        task = self._in_flight.get(key)
        if task is None:
            task = asyncio.create_task(self._fetch(wanted), name=f"fetch {key}")
            self._in_flight[key] = task
            task.add_done_callback(lambda done: self._done(key, done))
        # A waiter that gives up (its update was cancelled) must not cancel the others' fetch.
        return await asyncio.shield(task)

    def _done(self, key: str, task: asyncio.Task[_Fetched]) -> None:
        if self._in_flight.get(key) is task:
            del self._in_flight[key]
        if not task.cancelled():
            task.exception()  # retrieved: no "never retrieved" noise when every waiter left

    @contextlib.asynccontextmanager
    async def _working(self) -> AsyncIterator[None]:
        """A turn of the ``concurrency`` gate, timed in :attr:`metrics` once it is granted."""
        async with self._gate:
            self.fetches += 1
            with self.metrics.pipeline_seconds.time():
                yield

    async def _fetch(self, wanted: _Wanted) -> _Fetched:
        key, sentences, quotes, language = (
            wanted.key, wanted.sentences, wanted.quotes, wanted.language
        )  # fmt: skip
        async with self._working():
            article = await wanted.load()
            aliases = {key, clean_url(article.url), clean_url(article.canonical_url)}
            canonical = clean_url(article.canonical_url)
            known = await self._articles.find(canonical, fetched_after=self._fresh_after())
            if known is not None:  # the same article, cached under another address
                for alias in aliases:
                    await self._articles.add_alias(alias, known.id)
                return _Fetched(known)
            if not article.paragraphs:
                raise ExtractionError("the page has no article text")
            if language == article.language:
                language = None
            summary = await self._pipeline.summarize(
                article, sentences=sentences, quotes=quotes, language=language
            )
            record = await self._articles.save(
                NewArticle(
                    canonical_url=canonical,
                    url=article.url,
                    title=article.title,
                    data=encode(summary, sentences=sentences, quotes=quotes, language=language),
                    fetched_at=self._now(),
                    site=article.site,
                    language=article.language,
                    published=article.published,
                ),
                aliases=aliases,
            )
            return _Fetched(record, summary, (sentences, quotes), language, article.language)

    async def _variant(
        self,
        record: ArticleRecord,
        sentences: int,
        quotes: int,
        language: str | None,
        *,
        any_writer: bool = False,
    ) -> ArticleSummary:
        cached = decode(record)
        if language == cached.article.language:  # the article's own: the default summary
            language = None
        found = cached.variant(_key(sentences, quotes, self._pipeline.writer, language))
        if found is None and (any_writer or cached.article.short):  # a short one: its text
            found = cached.any_variant(sentences, quotes)
        if found is not None:
            return found
        if not cached.article.paragraphs:  # written without its text: what it has is all
            return replace(
                cached.first,
                summary=cached.first.summary[:sentences],
                quotes=cached.first.quotes[:quotes],
            )
        summary = await self._pipeline.summarize(
            cached.article, sentences=sentences, quotes=quotes, language=language
        )
        summary = replace(summary, all_quotes=summary.all_quotes or cached.all_quotes)
        key = _written_key(summary, sentences, quotes, language)
        await self._articles.update_data(record.id, cached.with_variant(summary, key))
        return summary
