"""Daily-digest subscriptions: start, change and stop them; pause and resume them when the bot
loses or regains the right to post; follow a group that became a supergroup.

Whoever asks has been checked already (``handlers.permissions``); these are the rules of what
happens next. A change wakes the scheduler (``schedule_changed``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from services.chats import ChatRef, ChatService
from services.digests import chat_timezone
from services.permissions import PRIVATE, SUPERGROUP, Membership, may_resume, pause_reason
from storage.digest_sources import ChatProfile, DigestSources
from storage.subscriptions import Subscription, SubscriptionRepository
from summarizer.digest import DEFAULT_LIMIT
from summarizer.schedule import DEFAULT_TIME


def _nothing() -> None:
    return None


@dataclass(frozen=True, slots=True)
class ScheduleChoice:
    """What /subscribe was told; None keeps the current value (or the default)."""

    local_time: dt.time | None = None
    timezone: str | None = None
    always: bool | None = None
    max_stories: int | None = None


@dataclass(frozen=True, slots=True)
class Managed:
    """A subscribed chat that a user may manage, for /subscriptions."""

    chat_id: int
    subscription: Subscription


class SubscriptionService:
    def __init__(
        self,
        *,
        subscriptions: SubscriptionRepository,
        sources: DigestSources,
        chats: ChatService,
        now: Callable[[], dt.datetime],
        schedule_changed: Callable[[], None] = _nothing,
    ) -> None:
        self.subscriptions = subscriptions
        self._sources = sources
        self._chats = chats
        self._now = now
        self.schedule_changed = schedule_changed

    async def get(self, chat_id: int) -> Subscription | None:
        return await self.subscriptions.get(chat_id)

    async def subscribe(
        self,
        chat: ChatRef,
        choice: ScheduleChoice,
        *,
        thread_id: int | None = None,
        created_by: int | None = None,
        managers: Iterable[int] = (),
    ) -> Subscription:
        """Start or change the chat's digest; unset choices keep their current values."""
        now = self._now()
        chat_id = chat.id
        await self._chats.remember(chat)
        current = await self.subscriptions.get(chat_id)
        timezone = await chat_timezone(
            self._sources, chat_id, given=choice.timezone, subscription=current
        )
        local_time = choice.local_time or (current.local_time if current else DEFAULT_TIME)
        always = (
            choice.always if choice.always is not None else bool(current and current.send_empty)
        )
        max_stories = choice.max_stories or (current.max_stories if current else DEFAULT_LIMIT)
        subscription = await self.subscriptions.subscribe(
            chat_id,
            local_time=local_time,
            timezone=timezone,
            now=now,
            thread_id=thread_id,
            created_by=created_by,
            send_empty=always,
            max_stories=max_stories,
        )
        if choice.timezone:
            await self._chats.save_timezone(chat_id, choice.timezone)
        if chat.type != PRIVATE:
            await self._sources.add_managers(chat_id, managers, now=now)
        self.schedule_changed()
        return subscription

    async def unsubscribe(self, chat_id: int) -> bool:
        """Stop the chat's digest; False when it had none."""
        if not await self.subscriptions.unsubscribe(chat_id):
            return False
        self.schedule_changed()
        return True

    async def managed_by(self, user_id: int) -> list[Managed]:
        """Subscribed chats the user set up, manages, or shared links in (still to be checked
        with Telegram: is the user an administrator there now?)."""
        found = []
        for chat_id in await self._sources.chats_of_user(user_id):
            subscription = await self.subscriptions.get(chat_id)
            if subscription is not None:
                found.append(Managed(chat_id, subscription))
        return found

    async def profile(self, chat_id: int) -> ChatProfile | None:
        return await self._sources.chat(chat_id)

    async def bot_membership_changed(self, chat_id: int, chat_type: str, member: Membership) -> str:
        """Pause the digest when the bot may no longer post, resume it when it may again.
        What happened: "paused: <reason>", "resumed", or "" (nothing changed)."""
        reason = pause_reason(chat_type, member)
        if reason is None:
            if may_resume(member) and await self.subscriptions.resume(chat_id, now=self._now()):
                self.schedule_changed()
                return "resumed"
            return ""
        if await self.subscriptions.pause(chat_id, reason, now=self._now()):
            self.schedule_changed()
            return f"paused ({reason})"
        return ""

    async def chat_gone(self, chat_id: int, reason: str) -> bool:
        """Telegram said the bot cannot post in ``chat_id`` any more (blocked, kicked, not
        found) when it sent something else: pause the digest, as the scheduler does when a
        digest meets the same. Whether a subscription was paused."""
        if await self.subscriptions.pause(chat_id, reason, now=self._now()):
            self.schedule_changed()
            return True
        return False

    async def chat_migrated(self, old_chat_id: int, new_chat_id: int, title: str | None) -> None:
        """A group became a supergroup: its digest, feeds and filters move to the new id."""
        await self._chats.remember(ChatRef(new_chat_id, SUPERGROUP, title=title))
        await self.subscriptions.move_chat(old_chat_id, new_chat_id)
        self.schedule_changed()
