"""Keyword filters of a chat's digest: words or phrases to include or exclude."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from errors import NewsbotError
from storage.rows import execute, fetch_all
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


class FilterRepository:
    """Reads and writes ``chat_filters``."""

    def __init__(self, db: aiosqlite.Connection) -> None:
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
        rows = await fetch_all(
            self._db, "SELECT kind, folded FROM chat_filters WHERE chat_id = ?", (chat_id,)
        )
        have = {(r["kind"], r["folded"]) for r in rows}
        fresh = {f: k for f, k in wanted.items() if (kind.value, f) not in have}
        if len(have) + len(fresh) > limit:
            raise FilterLimitError(limit)
        await self._db.executemany(
            "INSERT INTO chat_filters (chat_id, kind, keyword, folded, added_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(chat_id, kind.value, k, f, to_db(now)) for f, k in fresh.items()],
        )
        await self._db.commit()
        return list(fresh.values())

    async def remove(self, chat_id: int, kind: FilterKind, keyword: str) -> bool:
        changed = await execute(
            self._db,
            "DELETE FROM chat_filters WHERE chat_id = ? AND kind = ? AND folded = ?",
            (chat_id, kind.value, fold_keyword(keyword)),
        )
        await self._db.commit()
        return changed > 0

    async def clear(self, chat_id: int, kind: FilterKind | None = None) -> int:
        """Remove every keyword (of one kind, or both); how many went."""
        if kind is None:
            changed = await execute(
                self._db, "DELETE FROM chat_filters WHERE chat_id = ?", (chat_id,)
            )
        else:
            changed = await execute(
                self._db,
                "DELETE FROM chat_filters WHERE chat_id = ? AND kind = ?",
                (chat_id, kind.value),
            )
        await self._db.commit()
        return changed

    async def get(self, chat_id: int) -> ChatFilters:
        rows = await fetch_all(
            self._db,
            "SELECT kind, keyword FROM chat_filters WHERE chat_id = ? ORDER BY added_at, rowid",
            (chat_id,),
        )
        return ChatFilters(
            include=tuple(r["keyword"] for r in rows if r["kind"] == FilterKind.INCLUDE.value),
            exclude=tuple(r["keyword"] for r in rows if r["kind"] == FilterKind.EXCLUDE.value),
        )
