"""Chats and their settings: the row every feature refers to, and the choices made in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from storage.chat_settings import ChatSettings, ChatSettingsRepository
from storage.chats import ChatRepository


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

    async def remember(
        self,
        chat_id: int,
        chat_type: str,
        *,
        title: str | None = None,
        username: str | None = None,
        language: str | None = None,
    ) -> None:
        """Make sure the chat has its row (history, digests, feeds and filters refer to it)."""
        await self.chats.remember(
            chat_id, chat_type, title=title, username=username, language=language, now=self._now()
        )

    async def remember_with_settings(
        self,
        chat_id: int,
        chat_type: str,
        *,
        title: str | None = None,
        username: str | None = None,
        language: str | None = None,
    ) -> ChatSettings:
        """Keep the chat's row current; return its settings."""
        await self.remember(chat_id, chat_type, title=title, username=username, language=language)
        return await self.settings.get(chat_id)

    async def settings_of(self, chat_id: int) -> ChatSettings:
        return await self.settings.get(chat_id)

    async def update(
        self,
        chat_id: int,
        *,
        sentences: int | None = None,
        quotes: int | None = None,
        auto_summary: bool | None = None,
    ) -> ChatSettings:
        return await self.settings.update(
            chat_id, sentences=sentences, quotes=quotes, auto_summary=auto_summary
        )

    async def save_timezone(self, chat_id: int, timezone: str) -> None:
        """A time zone given to /subscribe becomes the chat's saved one."""
        await self.settings.set_timezone(chat_id, timezone)
