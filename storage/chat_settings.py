"""Per-chat settings: summary length and language, number of key quotes, auto mode, time zone."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.rows import execute, fetch_one

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


class ChatSettingsRepository:
    """Reads and writes ``chat_settings``. The chat's row in ``chats`` must exist to write."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def get(self, chat_id: int) -> ChatSettings:
        row = await fetch_one(
            self._db,
            "SELECT sentences, quotes, auto_summary, timezone, summary_language FROM chat_settings "
            "WHERE chat_id = ?",
            (chat_id,),
        )
        if row is None:
            return ChatSettings()
        return ChatSettings(
            sentences=int(row["sentences"]),
            quotes=int(row["quotes"]),
            auto_summary=bool(row["auto_summary"]),
            timezone=row["timezone"],
            summary_language=row["summary_language"] or None,
        )

    async def update(
        self,
        chat_id: int,
        *,
        sentences: int | None = None,
        quotes: int | None = None,
        auto_summary: bool | None = None,
        summary_language: str | None = None,
    ) -> ChatSettings:
        """Change the given settings, keep the others; return the chat's settings after.
        ``summary_language=""`` goes back to each article's own language."""
        if sentences is not None and sentences < 1:
            raise ValueError("a summary needs at least one sentence")
        if quotes is not None and quotes < 0:
            raise ValueError("the number of quotes cannot be negative")
        await execute(
            self._db,
            """
            INSERT INTO chat_settings (chat_id, sentences, quotes, auto_summary, summary_language)
            VALUES (:chat_id, coalesce(:sentences, 3), coalesce(:quotes, 3), coalesce(:auto, 0),
                    nullif(:language, ''))
            ON CONFLICT (chat_id) DO UPDATE SET
                sentences = coalesce(:sentences, chat_settings.sentences),
                quotes = coalesce(:quotes, chat_settings.quotes),
                auto_summary = coalesce(:auto, chat_settings.auto_summary),
                summary_language = CASE WHEN :language IS NULL
                    THEN chat_settings.summary_language ELSE nullif(:language, '') END
            """,
            {
                "chat_id": chat_id,
                "sentences": sentences,
                "quotes": quotes,
                "auto": auto_summary,
                "language": summary_language,
            },
        )
        await self._db.commit()
        return await self.get(chat_id)

    async def set_timezone(self, chat_id: int, timezone: str) -> None:
        """Save the chat's time zone (the other settings keep their values or defaults)."""
        await execute(
            self._db,
            """
            INSERT INTO chat_settings (chat_id, timezone) VALUES (?, ?)
            ON CONFLICT (chat_id) DO UPDATE SET timezone = excluded.timezone
            """,
            (chat_id, timezone),
        )
        await self._db.commit()
