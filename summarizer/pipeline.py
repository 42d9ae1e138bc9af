"""The news pipeline: link -> page -> article -> summary and key quotes.

Fetching is async; extraction, summarising and quote finding are CPU work and run in a small
thread pool, so the event loop (and every other chat) never waits on them. The summariser model is
loaded once, at start-up.

This is the package's public entry point: ``Pipeline`` (async: fetch, extract, summarize) and
``summarize_article`` (sync, for an article in hand), ``page_from_bytes`` (a document in hand,
HTML, plain text or PDF, as a ``Page``), with the typed results ``Article``,
``ArticleSummary`` and ``Quote``. The stages behind it are ``summarizer.fetch``,
``summarizer.extract``, ``summarizer.summarizers`` and ``summarizer.quotes``; the errors they raise
are in ``summarizer.errors``, under ``errors.NewsbotError``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from summarizer.extract import (
    PdfLimits,
    extract_article,
    extract_pdf_article,
    extract_text_article,
    is_pdf,
)
from summarizer.fetch import Fetcher, FetchSettings, Page, decode_body
from summarizer.quotes import extract_quotes, key_quotes
from summarizer.summarizers import build_summarizer
from summarizer.summarizers.base import Summarizer
from summarizer.types import Article, ArticleSummary, Quote

__all__ = [
    "Article",
    "ArticleSummary",
    "PdfLimits",
    "Pipeline",
    "PipelineSettings",
    "Quote",
    "Summarizer",
    "article_from_page",
    "build_summarizer",
    "page_from_bytes",
    "summarize_article",
]

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    fetch: FetchSettings = field(default_factory=FetchSettings)
    summarizer: str | None = None  # NEWSBOT_SUMMARIZER: None for the extractive default
    encoder: str | None = None  # NEWSBOT_ENCODER: None for the pinned MiniLM package
    workers: int = 2  # threads for extraction and summarising
    pdf: PdfLimits = field(default_factory=PdfLimits)  # size, page and text caps of PDFs


def article_from_page(page: Page, *, pdf_limits: PdfLimits | None = None) -> Article:
    """Extract the article from a fetched page: a PDF (by content type or signature) from its
    text layer, plain text as it is, anything else as HTML."""
    if is_pdf(page.content_type, page.body):
        return extract_pdf_article(page.body, page.final_url, limits=pdf_limits)
    if page.content_type == "text/plain":
        return extract_text_article(page.text, page.final_url)
    return extract_article(page.text, page.url, final_url=page.final_url)


def page_from_bytes(body: bytes, url: str, content_type: str | None = None) -> Page:
    """A document in hand (a file, stdin, a PDF sent to the bot) as a ``Page`` for
    :func:`article_from_page`. A PDF is recognised by ``content_type`` or its signature and is
    not decoded; other bytes are decoded as a fetched page would be (BOM, ``<meta>``,
    detection). ``content_type`` defaults to HTML."""
    if is_pdf(content_type, body):
        return Page(url, url, 200, "application/pdf", body, "", None)
    text, charset = decode_body(body, None)
    return Page(url, url, 200, content_type or "text/html", body, text, charset)


def summarize_article(
    summarizer: Summarizer, article: Article, *, sentences: int = 3, quotes: int = 3
) -> ArticleSummary:
    """Summary and key quotes of one article (synchronous; CPU-bound)."""
    summary = summarizer.summarize(article, sentences)
    found = extract_quotes(article.text, article.language)
    return ArticleSummary(
        article=article,
        summary=tuple(summary),
        quotes=tuple(key_quotes(found, summary, quotes)),
        all_quotes=tuple(found),
    )


class Pipeline:
    """Owns the HTTP session, the worker threads and the loaded summariser."""

    def __init__(
        self, settings: PipelineSettings | None = None, *, summarizer: Summarizer | None = None
    ) -> None:
        self.settings = settings or PipelineSettings()
        self.fetcher = Fetcher(self.settings.fetch)
        self._summarizer = summarizer
        self._executor = ThreadPoolExecutor(
            max_workers=max(1, self.settings.workers), thread_name_prefix="newsbot-pipeline"
        )

    @property
    def summarizer(self) -> Summarizer:
        if self._summarizer is None:
            raise RuntimeError("Pipeline.start() has not been awaited")
        return self._summarizer

    async def start(self) -> None:
        """Open the HTTP session and load the summariser (once, in a worker thread)."""
        await self.fetcher.start()
        if self._summarizer is None:
            self._summarizer = await self.run_in_worker(
                build_summarizer, self.settings.summarizer, encoder=self.settings.encoder
            )
            logger.info("summariser ready: %s", self._summarizer.name)

    async def close(self) -> None:
        await self.fetcher.close()
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def run_in_worker(self, func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run CPU-bound work in the pipeline's bounded thread pool."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: func(*args, **kwargs))

    async def fetch_article(self, url: str) -> Article:
        """Fetch a page and extract its article."""
        page = await self.fetcher.fetch(url)
        return await self.extract(page)

    async def extract(self, page: Page) -> Article:
        """The article of a page in hand (fetched, or a document sent to the bot: see
        :func:`page_from_bytes`), extracted in a worker thread."""
        return await self.run_in_worker(article_from_page, page, pdf_limits=self.settings.pdf)

    async def summarize(
        self, article: Article, *, sentences: int = 3, quotes: int = 3
    ) -> ArticleSummary:
        return await self.run_in_worker(
            summarize_article, self.summarizer, article, sentences=sentences, quotes=quotes
        )

    async def summarize_url(
        self, url: str, *, sentences: int = 3, quotes: int = 3
    ) -> ArticleSummary:
        article = await self.fetch_article(url)
        return await self.summarize(article, sentences=sentences, quotes=quotes)
