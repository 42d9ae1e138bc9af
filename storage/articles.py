"""The article cache: one row per canonical URL, found again by any URL it was seen under.

The article's content is opaque JSON here (``data``); storage does not know the pipeline's
types. Freshness is the caller's choice: :meth:`ArticleRepository.find` takes the oldest
``fetched_at`` it accepts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from storage.rows import execute, execute_many, fetch_one
from storage.timestamps import from_db, to_db


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    id: int
    canonical_url: str
    url: str
    title: str
    site: str | None
    language: str | None
    published: dt.date | None
    data: str  # JSON, written and read by the bot's summaries service
    fetched_at: dt.datetime


@dataclass(frozen=True, slots=True)
class NewArticle:
    """What :meth:`ArticleRepository.save` stores."""

    canonical_url: str
    url: str
    title: str
    data: str
    fetched_at: dt.datetime
    site: str | None = None
    language: str | None = None
    published: dt.date | None = None


_COLUMNS = (
    "a.id, a.canonical_url, a.url, a.title, a.site, a.language, a.published, a.data, a.fetched_at"
)


def _record(row: aiosqlite.Row) -> ArticleRecord:
    published = row["published"]
    return ArticleRecord(
        id=int(row["id"]),
        canonical_url=row["canonical_url"],
        url=row["url"],
        title=row["title"],
        site=row["site"],
        language=row["language"],
        published=dt.date.fromisoformat(published) if published else None,
        data=row["data"],
        fetched_at=from_db(row["fetched_at"]),
    )


class ArticleRepository:
    """Reads and writes ``articles`` and their URL aliases in ``article_urls``."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def find(
        self, url: str, *, fetched_after: dt.datetime | None = None
    ) -> ArticleRecord | None:
        """The article seen under ``url`` (any alias), if fetched after ``fetched_after``."""
        row = await fetch_one(
            self._db,
            f"""
            SELECT {_COLUMNS} FROM articles a
            WHERE a.canonical_url = ?
               OR a.id = (SELECT article_id FROM article_urls WHERE url = ?)
            ORDER BY a.canonical_url = ? DESC
            LIMIT 1
            """,
            (url, url, url),
        )
        if row is None:
            return None
        record = _record(row)
        if fetched_after is not None and record.fetched_at <= fetched_after:
            return None
        return record

    async def get(self, article_id: int) -> ArticleRecord | None:
        row = await fetch_one(
            self._db, f"SELECT {_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)
        )
        return _record(row) if row is not None else None

    async def save(self, article: NewArticle, aliases: Iterable[str] = ()) -> ArticleRecord:
        """Insert the article, or replace the cached one with the same canonical URL; remember
        every alias (the canonical URL is always one)."""
        published = article.published.isoformat() if article.published else None
        row = await fetch_one(
            self._db,
            """
            INSERT INTO articles (canonical_url, url, title, site, language, published, data,
                                  fetched_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (canonical_url) DO UPDATE SET
                url = excluded.url, title = excluded.title, site = excluded.site,
                language = excluded.language, published = excluded.published,
                data = excluded.data, fetched_at = excluded.fetched_at
            RETURNING id
            """,
            (
                article.canonical_url,
                article.url,
                article.title,
                article.site,
                article.language,
                published,
                article.data,
                to_db(article.fetched_at),
            ),
        )
        assert row is not None
        article_id = int(row[0])
        urls = {article.canonical_url, article.url, *aliases}
        await execute_many(
            self._db,
            "INSERT INTO article_urls (url, article_id) VALUES (?, ?) "
            "ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id",
            [(u, article_id) for u in sorted(urls) if u],
        )
        await self._db.commit()
        record = await self.get(article_id)
        assert record is not None
        return record

    async def add_alias(self, url: str, article_id: int) -> None:
        await execute(
            self._db,
            "INSERT INTO article_urls (url, article_id) VALUES (?, ?) "
            "ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id",
            (url, article_id),
        )
        await self._db.commit()

    async def update_data(self, article_id: int, data: str) -> None:
        """Replace the JSON without changing freshness (a new summary length was added)."""
        await execute(self._db, "UPDATE articles SET data = ? WHERE id = ?", (data, article_id))
        await self._db.commit()

    async def prune(self, *, fetched_before: dt.datetime) -> int:
        """Drop stale articles no chat's history refers to; return how many."""
        removed = await execute(
            self._db,
            """
            DELETE FROM articles
            WHERE fetched_at < ? AND NOT EXISTS (
                SELECT 1 FROM history h WHERE h.article_id = articles.id)
            """,
            (to_db(fetched_before),),
        )
        await self._db.commit()
        return removed
