"""Per-chat settings: summary length and language, number of key quotes, auto mode, time zone."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from storage.database import Database
from storage.schema import chat_settings

SENTENCE_CHOICES = (2, 3, 5, 8)
QUOTE_CHOICES = (0, 1, 3, 5)
# Languages a chat may ask its summaries in ("" = each article's own language).
LANGUAGE_CHOICES = ("", "en", "de", "fr", "es", "it", "pt", "ru", "uk")


@dataclass(frozen=True, slots=True)
class ChatSettings:
    """A chat's settings; a chat without a row has these defaults."""

    sentences: int = 3
    quotes: int = 3
    auto_summary: bool = False  # groups: summarise every link, not only when asked
    timezone: str = "UTC"
    summary_language: str | None = None  # ISO 639-1; None for each article's own language
    interface_language: str | None = None  # the bot's texts (/language); None: each user's


c = chat_settings.c
_GET = sa.select(
    c.sentences, c.quotes, c.auto_summary, c.timezone, c.summary_language, c.interface_language
).where(c.chat_id == sa.bindparam("chat_id"))


class ChatSettingsRepository:
    """Reads and writes ``chat_settings``. The chat's row in ``chats`` must exist to write."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, chat_id: int) -> ChatSettings:
        row = await self._db.fetch_one(_GET, {"chat_id": chat_id})
        if row is None:
            return ChatSettings()
        return ChatSettings(
            sentences=int(row.sentences),
            quotes=int(row.quotes),
            auto_summary=bool(row.auto_summary),
            timezone=row.timezone,
            summary_language=row.summary_language or None,
            interface_language=row.interface_language or None,
        )

    async def update(
        self,
        chat_id: int,
        *,
        sentences: int | None = None,
        quotes: int | None = None,
        auto_summary: bool | None = None,
        summary_language: str | None = None,
        interface_language: str | None = None,
    ) -> ChatSettings:
        """Change the given settings, keep the others; return the chat's settings after.
        ``summary_language=""`` goes back to each article's own language,
        ``interface_language=""`` to each user's."""
        if sentences is not None and sentences < 1:
            raise ValueError("a summary needs at least one sentence")
        if quotes is not None and quotes < 0:
            raise ValueError("the number of quotes cannot be negative")
        defaults = ChatSettings()
        given: dict[str, object] = {
            "sentences": sentences,
            "quotes": quotes,
            "auto_summary": None if auto_summary is None else int(auto_summary),
        }
        language = summary_language or None  # "" is stored as NULL: each article's own
        insert = self._db.insert(chat_settings).values(
            chat_id=chat_id,
            sentences=defaults.sentences if sentences is None else sentences,
            quotes=defaults.quotes if quotes is None else quotes,
            auto_summary=int(defaults.auto_summary if auto_summary is None else auto_summary),
            summary_language=language,
            interface_language=interface_language or None,
        )
        changes = {name: value for name, value in given.items() if value is not None}
        if summary_language is not None:  # None keeps the chat's language, "" clears it
            changes["summary_language"] = language
        if interface_language is not None:
            changes["interface_language"] = interface_language or None
        upsert = (
            insert.on_conflict_do_update(index_elements=[chat_settings.c.chat_id], set_=changes)
            if changes
            else insert.on_conflict_do_nothing()
        )
        await self._db.execute(upsert)
        return await self.get(chat_id)

    async def set_timezone(self, chat_id: int, timezone: str) -> None:
        """Save the chat's time zone (the other settings keep their values or defaults)."""
        insert = self._db.insert(chat_settings).values(chat_id=chat_id, timezone=timezone)
        await self._db.execute(
            insert.on_conflict_do_update(
                index_elements=[chat_settings.c.chat_id],
                set_={"timezone": insert.excluded.timezone},
            )
        )
