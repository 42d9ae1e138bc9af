"""Full-text search over the articles of a chat's history.

Text is folded here, in Python, the same way for both databases and for the query: NFKD, the
combining marks dropped, ``casefold`` (so "Élan", "elan" and "ÉLAN" are one word). Words are runs
of ``\\w``; a script written without spaces (Chinese, Japanese, Korean, Thai, Lao, Khmer,
Myanmar) is indexed one character per token, and its query is the phrase of its characters, so
any substring of such a text is found. Other words match by prefix (``bridg`` finds "bridges").

``article_search`` holds each article's folded title and body (the summary, quotes and text of
its cached JSON), written by :func:`index_article` from the article repository's save path in the
same transaction. On SQLite the FTS5 table ``article_fts`` indexes it as external content (kept
current by triggers, revision 0004) and ranks with ``bm25``; on PostgreSQL its ``vector`` column
(a ``tsvector`` written from the folded tokens, GIN-indexed) is ranked with ``ts_rank``. The
title counts more than the body on both.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from storage.database import Database
from storage.timestamps import from_db

MAX_QUERY_TERMS = 12
TITLE_WEIGHT = 5.0  # FTS5 bm25 column weight of the title (the body's is 1)
MAX_POSITION = 16383  # PostgreSQL's largest tsvector position

_WORD = re.compile(r"\w+")
# Scripts written without spaces between words: one token per character.
_UNSPACED = re.compile(
    "["
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\U00020000-\U0003134f"  # CJK extensions
    "]"
)
# Keys of the cached JSON that hold no prose (addresses, settings, names of writers).
_NOT_PROSE = {"url", "canonical_url", "format", "language", "published", "summarizer", "site",
              "author", "cue"}  # fmt: skip


def fold(text: str) -> str:
    """``text`` without accents and case: NFKD, combining marks dropped, casefolded."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.casefold())


def tokens(text: str) -> list[str]:
    """The folded tokens of ``text``: words, and single characters of unspaced scripts."""
    found: list[str] = []
    for word in _WORD.findall(fold(text)):
        if not _UNSPACED.search(word):
            found.append(word)
            continue
        run = ""
        for char in word:
            if _UNSPACED.match(char):
                if run:
                    found.append(run)
                    run = ""
                found.append(char)
            else:
                run += char
        if run:
            found.append(run)
    return found


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a query: a word matched by prefix, or a phrase of unspaced characters."""

    parts: tuple[str, ...]
    prefix: bool


def query_terms(query: str) -> list[Term]:
    """The terms of a user's query (all must match), at most :data:`MAX_QUERY_TERMS`."""
    terms: list[Term] = []
    for word in _WORD.findall(fold(query)):
        chars: list[str] = []
        for token in tokens(word):
            if _UNSPACED.fullmatch(token):
                chars.append(token)
                continue
            if chars:
                terms.append(Term(tuple(chars), prefix=False))
                chars = []
            terms.append(Term((token,), prefix=True))
        if chars:
            terms.append(Term(tuple(chars), prefix=False))
    unique = list(dict.fromkeys(terms))
    return unique[:MAX_QUERY_TERMS]


def fts5_query(terms: list[Term]) -> str:
    """The FTS5 MATCH expression: ``"word"*`` for prefixes, ``"a b"`` for phrases, ANDed."""
    return " AND ".join(
        '"' + " ".join(t.parts) + '"' + ("*" if t.prefix else "") for t in terms
    )


def tsquery(terms: list[Term]) -> str:
    """The ``tsquery`` text: ``'word':*`` for prefixes, ``'a' <-> 'b'`` for phrases, ANDed.

    Tokens are ``\\w`` runs, so they hold no quote or backslash to escape."""
    parts = []
    for term in terms:
        if term.prefix:
            parts.append(f"'{term.parts[0]}':*")
        else:
            parts.append("(" + " <-> ".join(f"'{p}'" for p in term.parts) + ")")
    return " & ".join(parts)


def prose(data: str) -> str:
    """The searchable text of an article's cached JSON: every distinct string in it but
    addresses and settings (summary, quotes and their speakers, text), one per line."""
    try:
        loaded = json.loads(data)
    except (TypeError, ValueError):
        return data if isinstance(data, str) else ""

    def walk(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in _NOT_PROSE and key != "title":
                    yield from walk(item)

    return "\n".join(dict.fromkeys(s for s in walk(loaded) if s.strip()))


def tsvector(title: list[str], body: list[str]) -> str:
    """The ``tsvector`` text of folded tokens: positions in order, the title's weighted A."""
    lexemes: dict[str, list[str]] = {}
    position = 0
    for weight, words in (("A", title), ("D", body)):
        for word in words:
            position = min(position + 1, MAX_POSITION)
            places = lexemes.setdefault(word[:500], [])
            if len(places) < 256:  # PostgreSQL keeps at most 256 positions a lexeme
                places.append(f"{position}{'A' if weight == 'A' else ''}")
    return " ".join(f"'{word}':{','.join(places)}" for word, places in lexemes.items())


article_search = sa.table(
    "article_search",
    sa.column("article_id", sa.Integer),
    sa.column("title", sa.Text),
    sa.column("body", sa.Text),
)


def index_values(article_id: int, title: str, data: str) -> dict[str, Any]:
    """The ``article_search`` row of an article (``vector``: PostgreSQL's tsvector text)."""
    title_tokens, body_tokens = tokens(title), tokens(prose(data))
    return {
        "article_id": article_id,
        "title": " ".join(title_tokens),
        "body": " ".join(body_tokens),
        "vector": tsvector(title_tokens, body_tokens),
    }


_INDEX_SQLITE = sa.text(
    "INSERT INTO article_search (article_id, title, body) VALUES (:article_id, :title, :body) "
    "ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, body = excluded.body"
)
_INDEX_POSTGRES = sa.text(
    "INSERT INTO article_search (article_id, vector) "
    "VALUES (:article_id, CAST(:vector AS tsvector)) "
    "ON CONFLICT (article_id) DO UPDATE SET vector = excluded.vector"
)


def index_article(conn: sa.Connection, article_id: int, title: str, data: str) -> None:
    """Write the article's search row, in the caller's transaction."""
    values = index_values(article_id, title, data)
    if conn.dialect.name == "postgresql":
        conn.execute(_INDEX_POSTGRES, {"article_id": article_id, "vector": values["vector"]})
    else:
        conn.execute(_INDEX_SQLITE, values)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article of the chat's history that matched, at its newest share."""

    article_id: int
    entry_id: int
    number: int  # its number in the chat's history (1 = the newest)
    title: str
    url: str
    site: str | None
    data: str  # the cached JSON, for a snippet
    shared_at: dt.datetime


@dataclass(frozen=True, slots=True)
class SearchPage:
    hits: list[SearchHit]
    offset: int
    total: int


def _sql(dialect: str) -> tuple[str, str, str]:
    """The match table, its condition and its rank (lower is better) for ``dialect``."""
    if dialect == "postgresql":
        return (
            "article_search s",
            "s.vector @@ CAST(:query AS tsquery)",
            "-ts_rank(s.vector, CAST(:query AS tsquery))",
        )
    return (
        "article_fts s",
        "article_fts MATCH :query",
        f"bm25(article_fts, {TITLE_WEIGHT}, 1.0)",
    )


def _statements(dialect: str) -> tuple[sa.TextClause, sa.TextClause]:
    table, match, rank = _sql(dialect)
    key = "s.article_id" if dialect == "postgresql" else "s.rowid"
    # The chat's shares of each article (the newest one), then the matching ones among them.
    shares = (
        "WITH shared AS MATERIALIZED ("
        " SELECT h.article_id, h.id, h.shared_at,"
        " ROW_NUMBER() OVER (ORDER BY h.shared_at DESC, h.id DESC) AS number,"
        " ROW_NUMBER() OVER (PARTITION BY h.article_id ORDER BY h.shared_at DESC, h.id DESC)"
        " AS newest"
        " FROM history h WHERE h.chat_id = :chat_id"
        "), found AS MATERIALIZED ("
        f" SELECT {key} AS article_id, {rank} AS rank FROM {table}"
        # The rowid range of the chat's articles bounds the doclists FTS5 reads.
        f" WHERE {match} AND {key} BETWEEN :low AND :high"
        ")"
    )
    page = sa.text(
        shares + " SELECT a.id AS article_id, sh.id AS entry_id, sh.number, a.title, a.url,"
        " a.site, a.data, sh.shared_at, count(*) OVER () AS total"
        " FROM found f JOIN shared sh ON sh.article_id = f.article_id AND sh.newest = 1"
        " JOIN articles a ON a.id = f.article_id"
        " ORDER BY f.rank, sh.shared_at DESC, sh.id DESC LIMIT :size OFFSET :offset"
    )
    count = sa.text(
        shares + " SELECT count(*) FROM found f"
        " JOIN shared sh ON sh.article_id = f.article_id AND sh.newest = 1"
    )
    return page, count


_RANGE = sa.text(
    "SELECT min(article_id), max(article_id) FROM history WHERE chat_id = :chat_id"
)
_BY_DIALECT = {d: _statements(d) for d in ("sqlite", "postgresql")}


class SearchRepository:
    """Searches the articles of one chat's history."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def search(
        self, chat_id: int, query: str, *, offset: int = 0, size: int = 5
    ) -> SearchPage:
        """Hits ``offset+1 .. offset+size`` for ``query``: best rank first, newest first among
        equals; an empty page for a query with no words."""
        terms = query_terms(query)
        if not terms:
            return SearchPage([], offset, 0)
        dialect = self._db.dialect
        text = tsquery(terms) if dialect == "postgresql" else fts5_query(terms)
        page, count = _BY_DIALECT[dialect]
        params = {"chat_id": chat_id, "query": text, "size": size, "offset": offset}

        def work(conn: sa.Connection) -> SearchPage:
            low, high = conn.execute(_RANGE, {"chat_id": chat_id}).one()
            if low is None:
                return SearchPage([], offset, 0)
            params.update(low=low, high=high)
            rows = conn.execute(page, params).all()
            # Past the last hit (or none), the hits are counted alone.
            total = int(rows[0].total if rows else conn.execute(count, params).scalar() or 0)
            return SearchPage([_hit(row) for row in rows], offset, total)

        return await self._db.run(work)


def _hit(row: sa.Row[Any]) -> SearchHit:
    return SearchHit(
        article_id=int(row.article_id),
        entry_id=int(row.entry_id),
        number=int(row.number),
        title=row.title,
        url=row.url,
        site=row.site,
        data=row.data,
        shared_at=from_db(row.shared_at),
    )

