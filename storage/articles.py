"""The article cache: one row per canonical URL, found again by any URL it was seen under.

The article's content is opaque JSON here (``data``); storage does not know the pipeline's
types. Freshness is the caller's choice: :meth:`ArticleRepository.find` takes the oldest
``fetched_at`` it accepts.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from storage.database import Database, insert_for
from storage.schema import article_urls, articles, history
from storage.search import index_article
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


_COLUMNS = tuple(
    articles.c[name]
    for name in (
        "id", "canonical_url", "url", "title", "site", "language", "published", "data",
        "fetched_at",
    )
)  # fmt: skip


def _record(row: sa.Row[Any]) -> ArticleRecord:
    published = row.published
    return ArticleRecord(
        id=int(row.id),
        canonical_url=row.canonical_url,
        url=row.url,
        title=row.title,
        site=row.site,
        language=row.language,
        published=dt.date.fromisoformat(published) if published else None,
        data=row.data,
        fetched_at=from_db(row.fetched_at),
    )


a, u = articles.c, article_urls.c
_URL: sa.BindParameter[str] = sa.bindparam("url", type_=sa.Text())
_FIND = (
    sa.select(*_COLUMNS)
    .where(
        sa.or_(
            a.canonical_url == _URL,
            a.id == sa.select(u.article_id).where(u.url == _URL).scalar_subquery(),
        )
    )
    .order_by((a.canonical_url == _URL).desc())
    .limit(1)
)
_GET = sa.select(*_COLUMNS).where(a.id == sa.bindparam("id"))
_REPLACED = ("url", "title", "site", "language", "published", "data", "fetched_at")


@functools.cache
def _save(dialect: str) -> sa.Executable:
    insert = insert_for(dialect, articles)
    return insert.on_conflict_do_update(
        index_elements=[a.canonical_url], set_={name: insert.excluded[name] for name in _REPLACED}
    ).returning(a.id)


@functools.cache
def _alias(dialect: str) -> sa.Executable:
    insert = insert_for(dialect, article_urls)
    return insert.on_conflict_do_update(
        index_elements=[u.url], set_={"article_id": insert.excluded.article_id}
    )


class ArticleRepository:
    """Reads and writes ``articles`` and their URL aliases in ``article_urls``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def find(
        self, url: str, *, fetched_after: dt.datetime | None = None
    ) -> ArticleRecord | None:
        """The article seen under ``url`` (any alias), if fetched after ``fetched_after``."""
        row = await self._db.fetch_one(_FIND, {"url": url})
        if row is None:
            return None
        record = _record(row)
        if fetched_after is not None and record.fetched_at <= fetched_after:
            return None
        return record

    async def get(self, article_id: int) -> ArticleRecord | None:
        row = await self._db.fetch_one(_GET, {"id": article_id})
        return _record(row) if row is not None else None

    async def save(self, article: NewArticle, aliases: Iterable[str] = ()) -> ArticleRecord:
        """Insert the article, or replace the cached one with the same canonical URL; remember
        every alias (the canonical URL is always one)."""
        values = {
            "canonical_url": article.canonical_url,
            "url": article.url,
            "title": article.title,
            "site": article.site,
            "language": article.language,
            "published": article.published.isoformat() if article.published else None,
            "data": article.data,
            "fetched_at": to_db(article.fetched_at),
        }
        urls = sorted({u for u in (article.canonical_url, article.url, *aliases) if u})
        save, alias = _save(self._db.dialect), _alias(self._db.dialect)

        def work(conn: sa.Connection) -> sa.Row[Any]:
            article_id = conn.execute(save, values).scalar_one()
            conn.execute(alias, [{"url": url, "article_id": article_id} for url in urls])
            index_article(conn, article_id, article.title, article.data)
            return conn.execute(_GET, {"id": article_id}).one()

        return _record(await self._db.run(work))

    async def add_alias(self, url: str, article_id: int) -> None:
        await self._db.execute(
            _alias(self._db.dialect), {"url": url, "article_id": article_id}
        )

    async def update_data(self, article_id: int, data: str) -> None:
        """Replace the JSON without changing freshness (a new summary length was added)."""

        def work(conn: sa.Connection) -> None:
            title = conn.execute(
                sa.update(articles)
                .where(articles.c.id == article_id)
                .values(data=data)
                .returning(articles.c.title)
            ).scalar()
            if title is not None:
                index_article(conn, article_id, title, data)

        await self._db.run(work)

    async def prune(self, *, fetched_before: dt.datetime) -> int:
        """Drop stale articles no chat's history refers to; return how many."""
        shared = sa.select(history.c.id).where(history.c.article_id == articles.c.id)
        return await self._db.execute(
            sa.delete(articles).where(
                articles.c.fetched_at < to_db(fetched_before), ~shared.exists()
            )
        )
