"""A chat's history and the follow-ups that refer to it: ``/summary 3``, ``/quotes``, a reply
to one of the bot's summaries, the buttons under a summary; and ``/export``, the whole history
as JSON Lines and CSV files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from services.articles import CachedArticle, Summaries, Summarized
from storage.chat_settings import ChatSettingsRepository
from storage.export import ExportQuote, ExportRow, export_row, to_csv, to_jsonl
from storage.history import HistoryEntry, HistoryPage, HistoryRepository, NewShare
from summarizer.quotes import display_text
from summarizer.types import ArticleSummary

LONGER_MAX = 15  # sentences in a "Longer summary" at most


@dataclass(frozen=True, slots=True)
class Numbered:
    """A history entry with its number in the chat's history (1 = the newest)."""

    entry: HistoryEntry
    number: int


@dataclass(frozen=True, slots=True)
class HistoryExport:
    """A chat's whole history as files, newest first (numbered as ``/summary N`` counts)."""

    count: int  # entries
    jsonl: bytes  # one JSON object per entry (``storage.export.to_jsonl``)
    csv: bytes  # a spreadsheet of the same (``storage.export.to_csv``)


def _exported(cached: CachedArticle | None, sentences: int, quotes: int) -> ArticleSummary | None:
    """The summary an entry is exported with: the one at the chat's length when it was made,
    else the first one made, cut to that length (nothing is summarised for an export)."""
    if cached is None:
        return None
    found = cached.any_variant(sentences, quotes)
    if found is not None:
        return found
    first = cached.first
    shown = first.summary if first.article.short else first.summary[:sentences]  # all its text
    return ArticleSummary(first.article, shown, first.quotes[:quotes])


def longer_length(sentences: int) -> int:
    """The length of a "Longer summary" for a chat whose summaries have ``sentences``."""
    return min(LONGER_MAX, max(sentences * 2, sentences + 3))


class HistoryService:
    """Records shares, finds entries by number or by the bot's reply, and summarises them
    again from the cache at the chat's length."""

    def __init__(
        self,
        history: HistoryRepository,
        settings: ChatSettingsRepository,
        articles: Summaries,
        *,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.history = history
        self._settings = settings
        self._articles = articles
        self._now = now

    async def record(
        self,
        chat_id: int,
        article_id: int,
        url: str,
        *,
        shared_by_id: int | None,
        shared_by_name: str | None,
        message_id: int | None,
        thread_id: int | None,
    ) -> int:
        """Add the article to the chat's history (who shared it, from which message); its id."""
        return await self.history.add(
            NewShare(
                chat_id=chat_id,
                article_id=article_id,
                shared_at=self._now(),
                url=url,
                shared_by_id=shared_by_id,
                shared_by_name=shared_by_name,
                message_id=message_id,
                thread_id=thread_id,
            )
        )

    async def set_reply(self, entry_id: int, reply_message_id: int) -> None:
        await self.history.set_reply(entry_id, reply_message_id)

    async def count(self, chat_id: int) -> int:
        return await self.history.count(chat_id)

    async def page(self, chat_id: int, *, offset: int, size: int) -> HistoryPage:
        return await self.history.page(chat_id, offset=offset, size=size)

    async def nth(self, chat_id: int, number: int) -> Numbered | None:
        entry = await self.history.nth(chat_id, number)
        return Numbered(entry, number) if entry is not None else None

    async def latest(self, chat_id: int) -> Numbered | None:
        entry = await self.history.latest(chat_id)
        return Numbered(entry, 1) if entry is not None else None

    async def behind(self, chat_id: int, reply_message_id: int) -> Numbered | None:
        """The entry that the bot's message ``reply_message_id`` answered, if it was one."""
        entry = await self.history.by_message(chat_id, reply_message_id)
        if entry is None:
            return None
        return Numbered(entry, await self.history.number_of(entry))

    async def holds(self, chat_id: int, article_id: int) -> bool:
        """Whether the chat's history has the article: all that its buttons may reach (article
        ids are global, so a forged button could otherwise name another chat's article)."""
        return await self.history.holds(chat_id, article_id)

    async def forget(self, chat_id: int) -> int:
        return await self.history.forget(chat_id)

    async def export(self, chat_id: int) -> HistoryExport | None:
        """The chat's history with each article's summary and key quotes, as JSON Lines and
        CSV; None when the history is empty."""
        total = await self.history.count(chat_id)
        if total == 0:
            return None
        settings = await self._settings.get(chat_id)
        page = await self.history.page(chat_id, offset=0, size=total)
        rows: list[ExportRow] = []
        for entry in page.entries:
            cached = await self._articles.cached(entry.article_id)
            summary = _exported(cached, settings.sentences, settings.quotes)
            if summary is None:
                rows.append(export_row(entry))
            else:
                quotes = [
                    ExportQuote(q.text, q.speaker, q.partial, display_text(q.text, q.partial))
                    for q in summary.quotes
                ]
                rows.append(export_row(entry, summary=summary.summary, quotes=quotes))
        return HistoryExport(len(rows), to_jsonl(rows), to_csv(rows))

    async def summary(
        self, chat_id: int, article_id: int, *, longer: bool = False
    ) -> Summarized | None:
        """A cached article summarised at the chat's length (or a longer one), without
        fetching; None when it is gone from the cache."""
        settings = await self._settings.get(chat_id)
        sentences = longer_length(settings.sentences) if longer else settings.sentences
        return await self._articles.for_article(
            article_id,
            sentences=sentences,
            quotes=settings.quotes,
            language=settings.summary_language,
        )
