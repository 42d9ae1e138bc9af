"""Per-chat history: every article shared in a chat, who shared it, and the bot's reply.

Entries are numbered per chat, newest first: 1 is the latest (``/summary 1``). The history of
a chat is bounded: adding an entry beyond ``limit`` drops the oldest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from storage.database import Database
from storage.schema import articles, history, search_queries
from storage.timestamps import from_db, to_db

DEFAULT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One share, joined with the cached article's headline facts."""

    id: int
    chat_id: int
    article_id: int
    title: str
    site: str | None
    canonical_url: str
    url: str  # as shared (or the article's URL when the share had none)
    published: dt.date | None
    shared_by_id: int | None
    shared_by_name: str | None
    message_id: int | None
    reply_message_id: int | None
    thread_id: int | None
    shared_at: dt.datetime


@dataclass(frozen=True, slots=True)
class NewShare:
    chat_id: int
    article_id: int
    shared_at: dt.datetime
    url: str | None = None
    shared_by_id: int | None = None
    shared_by_name: str | None = None
    message_id: int | None = None
    thread_id: int | None = None


@dataclass(frozen=True, slots=True)
class HistoryPage:
    entries: list[HistoryEntry]
    first_number: int  # the number of entries[0] (1 for the newest)
    total: int


h, a = history.c, articles.c
_SELECT = sa.select(
    h.id, h.chat_id, h.article_id, a.title, a.site, a.canonical_url,
    sa.func.coalesce(h.url, a.url).label("url"), a.published, h.shared_by_id, h.shared_by_name,
    h.message_id, h.reply_message_id, h.thread_id, h.shared_at,
).join_from(history, articles, a.id == h.article_id)  # fmt: skip
_NEWEST_FIRST = (h.shared_at.desc(), h.id.desc())
_CHAT: sa.BindParameter[int] = sa.bindparam("chat_id", type_=sa.BigInteger())
_SAME_MESSAGE = (
    sa.update(history)
    .where(
        h.id
        == sa.select(h.id)
        .where(
            h.chat_id == sa.bindparam("b_chat"),
            h.article_id == sa.bindparam("b_article"),
            h.message_id == sa.bindparam("b_message"),
        )
        .order_by(h.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    .values(shared_at=sa.bindparam("b_shared_at"))
    .returning(h.id)
)
_ADD = sa.insert(history).returning(h.id)
_KEEP_NEWEST = sa.delete(history).where(
    h.chat_id == _CHAT,
    h.id.not_in(
        sa.select(h.id)
        .where(h.chat_id == _CHAT)
        .order_by(*_NEWEST_FIRST)
        .limit(sa.bindparam("keep"))
    ),
)
_SET_REPLY = (
    sa.update(history)
    .where(h.id == sa.bindparam("b_entry"))
    .values(reply_message_id=sa.bindparam("b_reply"))
)
_COUNT = sa.select(sa.func.count()).select_from(history).where(h.chat_id == _CHAT)
_PAGE = (
    _SELECT.where(h.chat_id == _CHAT)
    .order_by(*_NEWEST_FIRST)
    .limit(sa.bindparam("size"))
    .offset(sa.bindparam("offset"))
)
_BY_MESSAGE = (
    _SELECT.where(
        h.chat_id == _CHAT,
        sa.or_(
            h.reply_message_id == sa.bindparam("message_id"),
            h.message_id == sa.bindparam("message_id"),
        ),
    )
    .order_by(*_NEWEST_FIRST)
    .limit(1)
)
_HOLDS = (
    sa.select(sa.literal(1))
    .select_from(history)
    .where(h.chat_id == _CHAT, h.article_id == sa.bindparam("article_id", type_=sa.BigInteger()))
    .limit(1)
)


def _entry(row: sa.Row[Any]) -> HistoryEntry:
    published = row.published
    return HistoryEntry(
        id=int(row.id),
        chat_id=int(row.chat_id),
        article_id=int(row.article_id),
        title=row.title,
        site=row.site,
        canonical_url=row.canonical_url,
        url=row.url,
        published=dt.date.fromisoformat(published) if published else None,
        shared_by_id=row.shared_by_id,
        shared_by_name=row.shared_by_name,
        message_id=row.message_id,
        reply_message_id=row.reply_message_id,
        thread_id=row.thread_id,
        shared_at=from_db(row.shared_at),
    )


class HistoryRepository:
    """Reads and writes ``history``. The chat's row in ``chats`` must exist to add."""

    def __init__(self, db: Database, *, limit: int = DEFAULT_LIMIT) -> None:
        self._db = db
        self.limit = limit

    async def add(self, share: NewShare) -> int:
        """Record a share; drop the chat's oldest entries beyond the limit. Returns its id.

        The same article asked for again from the same message (a mention, then ``/summary`` as
        a reply to it) is one share: its entry moves to the top instead of appearing twice."""
        values = {
            "chat_id": share.chat_id,
            "article_id": share.article_id,
            "url": share.url,
            "shared_by_id": share.shared_by_id,
            "shared_by_name": share.shared_by_name,
            "message_id": share.message_id,
            "thread_id": share.thread_id,
            "shared_at": to_db(share.shared_at),
        }

        same = {
            "b_chat": share.chat_id,
            "b_article": share.article_id,
            "b_message": share.message_id,
            "b_shared_at": values["shared_at"],
        }

        def add(conn: sa.Connection) -> int:
            if share.message_id is not None:
                again = conn.execute(_SAME_MESSAGE, same).scalar()
                if again is not None:
                    return int(again)
            entry_id = conn.execute(_ADD, values).scalar_one()
            conn.execute(_KEEP_NEWEST, {"chat_id": share.chat_id, "keep": self.limit})
            return int(entry_id)

        return await self._db.run(add)

    async def set_reply(self, entry_id: int, reply_message_id: int) -> None:
        """The bot's summary message for this share (so replies to it find the article)."""
        await self._db.execute(
            _SET_REPLY, {"b_entry": entry_id, "b_reply": reply_message_id}
        )

    async def count(self, chat_id: int) -> int:
        return int(await self._db.scalar(_COUNT, {"chat_id": chat_id}) or 0)

    async def page(self, chat_id: int, *, offset: int = 0, size: int = 10) -> HistoryPage:
        """Entries ``offset+1 .. offset+size`` counting from the newest."""
        where = {"chat_id": chat_id, "size": size, "offset": offset}

        def page(conn: sa.Connection) -> tuple[Sequence[sa.Row[Any]], int]:
            rows = conn.execute(_PAGE, where).all()
            return rows, int(conn.execute(_COUNT, where).scalar_one())

        rows, total = await self._db.run(page)
        return HistoryPage(entries=[_entry(r) for r in rows], first_number=offset + 1, total=total)

    async def nth(self, chat_id: int, number: int) -> HistoryEntry | None:
        """Entry ``number`` (1 = the newest), or None."""
        if number < 1:
            return None
        page = await self.page(chat_id, offset=number - 1, size=1)
        return page.entries[0] if page.entries else None

    async def number_of(self, entry: HistoryEntry) -> int:
        """The entry's number in its chat's history (1 = the newest)."""
        at = to_db(entry.shared_at)
        newer = await self._db.scalar(
            sa.select(sa.func.count())
            .select_from(history)
            .where(
                h.chat_id == entry.chat_id,
                sa.or_(h.shared_at > at, sa.and_(h.shared_at == at, h.id > entry.id)),
            )
        )
        return int(newer or 0) + 1

    async def holds(self, chat_id: int, article_id: int) -> bool:
        """Whether the chat's history has the article: what its buttons may reach."""
        row = await self._db.fetch_one(_HOLDS, {"chat_id": chat_id, "article_id": article_id})
        return row is not None

    async def latest(self, chat_id: int) -> HistoryEntry | None:
        return await self.nth(chat_id, 1)

    async def by_message(self, chat_id: int, message_id: int) -> HistoryEntry | None:
        """The share made by this message, or answered by this bot message."""
        row = await self._db.fetch_one(_BY_MESSAGE, {"chat_id": chat_id, "message_id": message_id})
        return _entry(row) if row is not None else None

    async def forget(self, chat_id: int) -> int:
        """Delete the chat's whole history, and the /search queries kept for its buttons;
        return how many entries."""

        def forget(conn: sa.Connection) -> int:
            conn.execute(sa.delete(search_queries).where(search_queries.c.chat_id == chat_id))
            return max(conn.execute(sa.delete(history).where(h.chat_id == chat_id)).rowcount, 0)

        return await self._db.run(forget)
