"""What a digest is made of, read from the bot's own tables (chats, history, articles), and
who manages the chats that get one (``chat_managers``, migration 003).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from storage.database import Database
from storage.schema import articles, chat_managers, chat_settings, chats, history, subscriptions
from storage.timestamps import from_db, to_db


@dataclass(frozen=True, slots=True)
class SharedArticle:
    """One share of an article in a chat, with the cached article's JSON."""

    url: str
    canonical_url: str
    title: str
    site: str | None
    language: str | None
    data: str  # ``articles.data``
    shared_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ChatProfile:
    chat_id: int
    type: str
    title: str | None = None
    username: str | None = None
    language: str | None = None  # the chat's /language, else a private chat's user's
    timezone: str | None = None  # from chat_settings, when the chat has settings


h, a = history.c, articles.c


class DigestSources:
    """Queries for digest candidates and the chat facts a digest's header needs."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def shared_in_chat(
        self, chat_id: int, *, since: dt.datetime, until: dt.datetime, limit: int = 500
    ) -> list[SharedArticle]:
        """Articles shared in the chat in ``(since, until]``, newest first (one row per share)."""
        rows = await self._db.fetch_all(
            sa.select(a.url, a.canonical_url, a.title, a.site, a.language, a.data, h.shared_at)
            .join_from(history, articles, a.id == h.article_id)
            .where(h.chat_id == chat_id, h.shared_at > to_db(since), h.shared_at <= to_db(until))
            .order_by(h.shared_at.desc(), h.id.desc())
            .limit(limit)
        )
        return [
            SharedArticle(
                url=r.url,
                canonical_url=r.canonical_url,
                title=r.title,
                site=r.site,
                language=r.language,
                data=r.data,
                shared_at=from_db(r.shared_at),
            )
            for r in rows
        ]

    async def chat(self, chat_id: int) -> ChatProfile | None:
        c, s = chats.c, chat_settings.c
        row = await self._db.fetch_one(
            sa.select(
                c.chat_id,
                c.type,
                c.title,
                c.username,
                # The chat's /language first, else (a private chat) its user's language.
                sa.func.coalesce(s.interface_language, c.language).label("language"),
                s.timezone,
            )
            .join_from(chats, chat_settings, s.chat_id == c.chat_id, isouter=True)
            .where(c.chat_id == chat_id)
        )
        if row is None:
            return None
        return ChatProfile(
            chat_id=int(row.chat_id),
            type=row.type,
            title=row.title,
            username=row.username,
            language=row.language,
            timezone=row.timezone,
        )

    async def chats_of_user(self, user_id: int, limit: int = 50) -> list[int]:
        """Subscribed chats this user set up, is known to manage, or shared links in: the
        chats /subscriptions asks Telegram about."""
        s, m = subscriptions.c, chat_managers.c
        rows = await self._db.fetch_all(
            sa.union(
                sa.select(s.chat_id).where(s.created_by == user_id),
                sa.select(m.chat_id)
                .join_from(chat_managers, subscriptions, s.chat_id == m.chat_id)
                .where(m.user_id == user_id),
                sa.select(h.chat_id)
                .distinct()
                .join_from(history, subscriptions, s.chat_id == h.chat_id)
                .where(h.shared_by_id == user_id),
            ).limit(limit)
        )
        return [int(r[0]) for r in rows]

    async def add_managers(
        self, chat_id: int, user_ids: Iterable[int], *, now: dt.datetime
    ) -> None:
        """Remember that these users administer the chat (see ``chats_of_user``)."""
        statements = []
        for user_id in dict.fromkeys(user_ids):
            insert = self._db.insert(chat_managers).values(
                chat_id=chat_id, user_id=user_id, seen_at=to_db(now)
            )
            statements.append(
                insert.on_conflict_do_update(
                    index_elements=[chat_managers.c.chat_id, chat_managers.c.user_id],
                    set_={"seen_at": insert.excluded.seen_at},
                )
            )

        def add(conn: sa.Connection) -> None:
            for statement in statements:
                conn.execute(statement)

        await self._db.run(add)
