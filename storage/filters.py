"""Keyword filters of a chat's digest: words or phrases to include or exclude."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from errors import NewsbotError
from storage.database import Database
from storage.schema import chat_filters
from storage.timestamps import to_db

MAX_KEYWORDS_PER_CHAT = 50


class FilterKind(StrEnum):
    INCLUDE = "include"
    EXCLUDE = "exclude"


@dataclass(frozen=True, slots=True)
class ChatFilters:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.include or self.exclude)


def fold_keyword(keyword: str) -> str:
    """The form two keywords are compared in: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", keyword).casefold().split())


class FilterLimitError(NewsbotError):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"a chat may have at most {limit} keywords")


f = chat_filters.c


class FilterRepository:
    """Reads and writes ``chat_filters``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        chat_id: int,
        kind: FilterKind,
        keywords: Iterable[str],
        *,
        now: dt.datetime,
        limit: int = MAX_KEYWORDS_PER_CHAT,
    ) -> list[str]:
        """Add keywords (duplicates, in any case, are ignored); the ones actually added.

        Raises :class:`FilterLimitError` if the chat would have more than ``limit`` keywords.
        """
        wanted: dict[str, str] = {}
        for keyword in keywords:
            if fold_keyword(keyword):  # the first spelling of a keyword is the one kept
                wanted.setdefault(fold_keyword(keyword), " ".join(keyword.split()))
        insert = self._db.insert(chat_filters)

        def add(conn: sa.Connection) -> list[str]:
            rows = conn.execute(
                sa.select(f.kind, f.folded, f.position).where(f.chat_id == chat_id)
            ).all()
            have = {(r.kind, r.folded) for r in rows}
            fresh = {folded: k for folded, k in wanted.items() if (kind.value, folded) not in have}
            if len(have) + len(fresh) > limit:
                raise FilterLimitError(limit)
            position = max((int(r.position) for r in rows), default=0)
            for number, (folded, keyword) in enumerate(fresh.items(), start=position + 1):
                conn.execute(
                    insert.values(
                        chat_id=chat_id,
                        kind=kind.value,
                        keyword=keyword,
                        folded=folded,
                        added_at=to_db(now),
                        position=number,
                    ).on_conflict_do_nothing()
                )
            return list(fresh.values())

        return await self._db.run(add)

    async def remove(self, chat_id: int, kind: FilterKind, keyword: str) -> bool:
        changed = await self._db.execute(
            sa.delete(chat_filters).where(
                f.chat_id == chat_id, f.kind == kind.value, f.folded == fold_keyword(keyword)
            )
        )
        return changed > 0

    async def clear(self, chat_id: int, kind: FilterKind | None = None) -> int:
        """Remove every keyword (of one kind, or both); how many went."""
        which = sa.delete(chat_filters).where(f.chat_id == chat_id)
        if kind is not None:
            which = which.where(f.kind == kind.value)
        return await self._db.execute(which)

    async def get(self, chat_id: int) -> ChatFilters:
        rows = await self._db.fetch_all(
            sa.select(f.kind, f.keyword)
            .where(f.chat_id == chat_id)
            .order_by(f.added_at, f.position, f.folded)
        )
        return ChatFilters(
            include=tuple(r.keyword for r in rows if r.kind == FilterKind.INCLUDE.value),
            exclude=tuple(r.keyword for r in rows if r.kind == FilterKind.EXCLUDE.value),
        )
