"""Chats and their settings: the row every feature refers to, and the choices made in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from storage.chat_settings import (
    LANGUAGE_CHOICES,
    QUOTE_CHOICES,
    SENTENCE_CHOICES,
    ChatSettings,
    ChatSettingsRepository,
)
from storage.chats import ChatRepository


@dataclass(frozen=True, slots=True)
class ChatRef:
    """A chat as Telegram names it: what its row in ``chats`` keeps."""

    id: int
    type: str  # "private", "group", "supergroup" or "channel"
    title: str | None = None
    username: str | None = None
    language: str | None = None  # a private chat's: its user's language


class ChatService:
    """Keeps each chat's row current and reads or changes its settings."""

    def __init__(
        self,
        chats: ChatRepository,
        settings: ChatSettingsRepository,
        *,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.chats = chats
        self.settings = settings
        self._now = now

    async def remember(self, chat: ChatRef) -> ChatSettings:
        """Keep the chat's row current (history, digests, feeds and filters refer to it);
        return its settings."""
        await self.chats.remember(
            chat.id,
            chat.type,
            title=chat.title,
            username=chat.username,
            language=chat.language,
            now=self._now(),
        )
        return await self.settings.get(chat.id)

    async def settings_of(self, chat_id: int) -> ChatSettings:
        return await self.settings.get(chat_id)

    async def choose(self, chat: ChatRef, setting: str, value: int) -> ChatSettings | None:
        """A choice from /settings: ``sentences`` or ``quotes`` among those offered, or
        ``auto`` (0 or 1, groups only). The settings after; None for a choice not on offer."""
        await self.remember(chat)
        if setting == "sentences" and value in SENTENCE_CHOICES:
            return await self.settings.update(chat.id, sentences=value)
        if setting == "quotes" and value in QUOTE_CHOICES:
            return await self.settings.update(chat.id, quotes=value)
        if setting == "auto" and chat.type != "private":
            return await self.settings.update(chat.id, auto_summary=bool(value))
        return None

    async def choose_language(self, chat: ChatRef, language: str) -> ChatSettings | None:
        """The summaries' language from /settings: a code on offer, or "" for the article's own.
        The settings after; None for a language not on offer."""
        if language not in LANGUAGE_CHOICES:
            return None
        await self.remember(chat)
        return await self.settings.update(chat.id, summary_language=language)

    async def choose_interface_language(self, chat: ChatRef, language: str) -> ChatSettings:
        """The language the bot writes in here (/language): a code, or "" for each user's own.
        Which codes exist is the handlers' (their catalogues)."""
        await self.remember(chat)
        return await self.settings.update(chat.id, interface_language=language)

    async def save_timezone(self, chat_id: int, timezone: str) -> None:
        """A time zone given to /subscribe becomes the chat's saved one."""
        await self.settings.set_timezone(chat_id, timezone)
