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
from dataclasses import dataclass, field, replace
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
from summarizer.summarizers.answers import Answer, best_sentences
from summarizer.summarizers.base import Summarizer
from summarizer.summarizers.llm import LLMSettings, LLMSummarizer, reduce_article
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
    llm: LLMSettings | None = None  # NEWSBOT_LLM_*: None for no model server
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
    """Summary and key quotes of one article (synchronous; CPU-bound). A short article
    (``Article.short``: too little text to summarise) is its own summary: its paragraphs, all of
    them, whatever ``sentences`` asks."""
    summary = article.paragraphs if article.short else summarizer.summarize(article, sentences)
    found = extract_quotes(article.text, article.language)
    return ArticleSummary(
        article=article,
        summary=tuple(summary),
        quotes=tuple(key_quotes(found, summary, quotes)),
        all_quotes=tuple(found),
        summarizer=summarizer.name,
    )


class Pipeline:
    """Owns the HTTP session, the worker threads and the loaded summariser."""

    def __init__(
        self, settings: PipelineSettings | None = None, *, summarizer: Summarizer | None = None
    ) -> None:
        self.settings = settings or PipelineSettings()
        self.fetcher = Fetcher(self.settings.fetch)
        self._summarizer = summarizer
        self._llm: LLMSummarizer | None = None
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
        if self.settings.llm is not None and self._llm is None:
            self._llm = LLMSummarizer(self.settings.llm, self._summarizer)
            await self._llm.start()
            logger.info("model server %s, model %s", self.settings.llm.url, self._llm.name)

    @property
    def writer(self) -> str:
        """What is expected to write summaries: the model when one is configured."""
        return self._llm.name if self._llm is not None else self.summarizer.name

    @property
    def translates(self) -> bool:
        """Whether a summary can be asked for in another language (only a model writes one)."""
        return self._llm is not None

    async def close(self) -> None:
        if self._llm is not None:
            await self._llm.close()
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

    @property
    def max_document_bytes(self) -> int:
        """The largest document :meth:`extract` reads: the PDF cap (documents sent to the bot
        are PDFs)."""
        return self.settings.pdf.max_bytes

    async def summarize(
        self, article: Article, *, sentences: int = 3, quotes: int = 3, language: str | None = None
    ) -> ArticleSummary:
        """Summary and key quotes. With a model server, the model writes the summary (in
        ``language``, None for the article's own) while the local summary is made beside it: the
        key quotes are always ranked against the local summary, so they are the same with and
        without the model, and the local summary answers when the model fails. A short
        article is never sent to the model: its text, in full, is its summary."""
        local_task = self.run_in_worker(
            summarize_article, self.summarizer, article, sentences=sentences, quotes=quotes
        )
        if self._llm is None or article.short:
            return await local_task
        llm = self._llm

        async def model() -> tuple[str, ...] | None:
            text = await self.run_in_worker(
                reduce_article, article, llm.budget(sentences), self.summarizer
            )
            written = await llm.summarize_async(
                article,
                sentences,
                fallback=(),
                fallback_writer=self.summarizer.name,
                language=language,
                text=text,
            )
            return written.sentences if written.from_model else None

        async def bounded() -> tuple[str, ...] | None:
            # The HTTP call has its own deadline; this one also covers reducing a long article
            # in a busy worker pool, so the reply never waits much past the timeout.
            try:
                async with asyncio.timeout(llm.settings.timeout + 0.5):
                    return await model()
            except TimeoutError:
                logger.warning(
                    "%s not used for %s (no summary within %g s); the local summary answers",
                    llm.name,
                    article.url or "an article",
                    llm.settings.timeout,
                )
                return None

        if language == article.language:
            language = None
        local, written = await asyncio.gather(local_task, bounded())
        if written is None:
            return local
        return replace(local, summary=written, summarizer=llm.name)

    async def answer(
        self, article: Article, question: str, *, language: str | None = None
    ) -> Answer:
        """An answer to ``question`` from the article: the model's (guarded, with supporting
        sentences) when one is configured and answers, else the best sentences as extracts."""
        if self._llm is None:
            found = await self.run_in_worker(best_sentences, article, question, 3)
            return Answer(question, tuple(found))
        text = await self.run_in_worker(
            reduce_article, article, self._llm.budget(3), self.summarizer
        )
        return await self._llm.answer_async(article, question, language=language, text=text)

    async def summarize_url(
        self, url: str, *, sentences: int = 3, quotes: int = 3
    ) -> ArticleSummary:
        article = await self.fetch_article(url)
        return await self.summarize(article, sentences=sentences, quotes=quotes)
