"""Full-text search over the articles of a chat's history.

Text is folded here, in Python, the same way for both databases and for the query: NFKD, the
combining marks dropped, ``casefold`` (so "Élan", "elan" and "ÉLAN" are one word). Words are runs
of ``\\w``; a script written without spaces (Chinese, Japanese, Korean, Thai, Lao, Khmer,
Myanmar) is indexed one character per token, and its query is the phrase of its characters, so
any substring of such a text is found. Other words match by prefix (``bridg`` finds "bridges").

``article_search`` holds each article's folded title and body (the summary, quotes and text of its
cached JSON), written by :func:`index_article` from the article repository's save path in the same
transaction. On PostgreSQL its ``vector`` column (a ``tsvector`` written from the folded tokens,
GIN-indexed) is matched and ranked with ``ts_rank``, article by article of the chat's history. On
SQLite the folded text of the chat's articles is matched and ranked here (:func:`rank_hits`, FTS5's
``bm25`` formula over the chat's own articles): FTS5's ``bm25`` cannot be limited to a chat, and
over a chat whose articles span the whole cache it cost ~650 ms (docs/benchmarks.md, Search);
revision 0006 dropped revision 0004's FTS5 table, which nothing read. Both costs follow the chat's
history (at most its limit, 200 by default), not the cache. The title counts more than the body on
both."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from storage.database import Database
from storage.schema import search_queries
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


# The chat's shares of each article, numbered (1 = the newest), its newest share marked.
_SHARED = (
    "WITH shared AS MATERIALIZED ("
    " SELECT h.article_id, h.id, h.shared_at,"
    " ROW_NUMBER() OVER (ORDER BY h.shared_at DESC, h.id DESC) AS number,"
    " ROW_NUMBER() OVER (PARTITION BY h.article_id ORDER BY h.shared_at DESC, h.id DESC)"
    " AS newest"
    " FROM history h WHERE h.chat_id = :chat_id"
    ")"
)
# PostgreSQL: the chat's articles first (at most its history limit), each looked up by its key
# and matched on its own vector (``OFFSET 0`` keeps the lateral subquery a per-row lookup, not a
# GIN scan of the whole cache); ``ts_rank`` is computed for the chat's hits only.
_FOUND_POSTGRES = (
    ", found AS MATERIALIZED ("
    " SELECT sh.article_id, sh.id, sh.shared_at, sh.number, m.rank FROM shared sh"
    " CROSS JOIN LATERAL (SELECT -ts_rank(s.vector, CAST(:query AS tsquery)) AS rank"
    " FROM article_search s WHERE s.article_id = sh.article_id"
    " AND s.vector @@ CAST(:query AS tsquery) OFFSET 0) m"
    " WHERE sh.newest = 1"
    ")"
)
_PAGE_POSTGRES = sa.text(
    _SHARED + _FOUND_POSTGRES + " SELECT a.id AS article_id, f.id AS entry_id, f.number,"
    " a.title, a.url, a.site, a.data, f.shared_at, count(*) OVER () AS total"
    " FROM found f JOIN articles a ON a.id = f.article_id"
    " ORDER BY f.rank, f.shared_at DESC, f.id DESC LIMIT :size OFFSET :offset"
)
_COUNT_POSTGRES = sa.text(_SHARED + _FOUND_POSTGRES + " SELECT count(*) FROM found")
# SQLite: the folded text of the chat's articles (at most its history limit), matched and
# ranked here (:func:`rank_hits`), so the cost follows the chat's history, not the cache.
_CANDIDATES_SQLITE = sa.text(
    _SHARED + " SELECT sh.article_id, sh.id, sh.shared_at, sh.number, s.title, s.body"
    " FROM shared sh JOIN article_search s ON s.article_id = sh.article_id"
    " WHERE sh.newest = 1"
)
_ARTICLES = sa.text("SELECT id, title, url, site, data FROM articles WHERE id IN :ids").bindparams(
    sa.bindparam("ids", expanding=True)
)

BM25_K1 = 1.2  # FTS5's bm25 constants
BM25_B = 0.75


def _pattern(term: Term) -> re.Pattern[str]:
    """Where ``term`` starts in folded text (tokens joined by single spaces): a token's prefix,
    or the phrase's tokens side by side (zero-width, so overlapping phrases all count)."""
    if term.prefix:
        return re.compile("(?<![^ ])" + re.escape(term.parts[0]))
    return re.compile("(?<![^ ])(?=" + re.escape(" ".join(term.parts)) + "(?![^ ]))")


def _hits_of(term: Term, text: str) -> int:
    """How often ``term`` occurs in the folded text ``text``."""
    return sum(1 for _ in _pattern(term).finditer(text))


def _length(text: str) -> int:
    """The number of tokens of folded text."""
    return text.count(" ") + 1 if text else 0


@dataclass(frozen=True, slots=True)
class Candidate:
    """One article of the chat's history (at its newest share) with its folded text."""

    article_id: int
    entry_id: int
    number: int
    shared_at: Any
    title: str
    body: str


def rank_hits(terms: list[Term], candidates: list[Candidate]) -> list[tuple[float, Candidate]]:
    """The candidates holding every term, best first (newest first among equals), with their
    rank (lower is better): FTS5's ``bm25`` formula, the title weighted :data:`TITLE_WEIGHT`,
    over the chat's own articles (its document count, lengths and document frequencies)."""
    if not terms or not candidates:
        return []
    lengths = [_length(c.title) + _length(c.body) for c in candidates]
    average = max(sum(lengths) / len(lengths), 1.0)
    # Each term's weighted count in every candidate: its document frequency is over all of the
    # chat's articles, as FTS5's is over all of its rows, not over the hits alone.
    patterns = [_pattern(term) for term in terms]
    counts = [
        [
            TITLE_WEIGHT * len(pattern.findall(c.title)) + len(pattern.findall(c.body))
            for pattern in patterns
        ]
        for c in candidates
    ]
    documents = len(candidates)
    idf = []
    for i in range(len(terms)):
        having = sum(1 for weighted in counts if weighted[i] > 0)
        value = math.log((documents - having + 0.5) / (having + 0.5))
        idf.append(value if value > 0 else 1e-6)
    found = [(c, lengths[n], counts[n]) for n, c in enumerate(candidates) if all(counts[n])]
    ranked: list[tuple[float, Candidate]] = []
    for candidate, length, weighted in found:
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / average)
        score = sum(
            idf[i] * (freq * (BM25_K1 + 1)) / (freq + norm) for i, freq in enumerate(weighted)
        )
        ranked.append((-score, candidate))
    # Newest first, then (a stable sort) by rank.
    ranked.sort(key=lambda r: (r[1].shared_at, r[1].entry_id), reverse=True)
    ranked.sort(key=lambda r: r[0])
    return ranked


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
        work = _search_postgres if self._db.dialect == "postgresql" else _search_sqlite
        return await self._db.run(lambda conn: work(conn, chat_id, terms, offset, size))


def _search_postgres(
    conn: sa.Connection, chat_id: int, terms: list[Term], offset: int, size: int
) -> SearchPage:
    params = {"chat_id": chat_id, "query": tsquery(terms), "size": size, "offset": offset}
    rows = conn.execute(_PAGE_POSTGRES, params).all()
    # Past the last hit (or none), the hits are counted alone.
    total = int(rows[0].total if rows else conn.execute(_COUNT_POSTGRES, params).scalar() or 0)
    return SearchPage([_hit(row) for row in rows], offset, total)


def _search_sqlite(
    conn: sa.Connection, chat_id: int, terms: list[Term], offset: int, size: int
) -> SearchPage:
    candidates = [
        Candidate(int(r.article_id), int(r.id), int(r.number), r.shared_at, r.title, r.body)
        for r in conn.execute(_CANDIDATES_SQLITE, {"chat_id": chat_id})
    ]
    ranked = rank_hits(terms, candidates)
    chosen = [candidate for _, candidate in ranked[offset : offset + max(size, 0)]]
    articles = {}
    if chosen:
        ids = [c.article_id for c in chosen]
        articles = {int(r.id): r for r in conn.execute(_ARTICLES, {"ids": ids})}
    hits = [
        SearchHit(
            article_id=c.article_id,
            entry_id=c.entry_id,
            number=c.number,
            title=articles[c.article_id].title,
            url=articles[c.article_id].url,
            site=articles[c.article_id].site,
            data=articles[c.article_id].data,
            shared_at=from_db(c.shared_at),
        )
        for c in chosen
        if c.article_id in articles
    ]
    return SearchPage(hits, offset, len(ranked))


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


# --------------------------------------------------------------------------- long queries

QUERY_DAYS = 30  # a long query's button works this long after its last use
_PRUNE_EVERY = 500  # remembers between two sweeps of queries unused for QUERY_DAYS


class SearchQueries:
    """Queries too long for a button, under the key the button carries (``search_queries``).

    In the database, so that a button works on every replica and after a restart. A key
    unused for :data:`QUERY_DAYS` days is forgotten (its button then "has expired").
    """

    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock
        self._remembered = 0

    async def remember(self, chat_id: int, key: str, query: str) -> None:
        """Keep ``query`` under ``key`` for this chat (again: its time is renewed)."""
        now = self._clock()
        insert = self._db.insert(search_queries)
        upsert = insert.values(chat_id=chat_id, key=key, query=query, used_at=now)
        upsert = upsert.on_conflict_do_update(
            index_elements=[search_queries.c.chat_id, search_queries.c.key],
            set_={"query": upsert.excluded.query, "used_at": upsert.excluded.used_at},
        )
        await self._db.execute(upsert)
        self._remembered += 1
        if self._remembered % _PRUNE_EVERY == 1:
            await self._db.execute(
                sa.delete(search_queries).where(search_queries.c.used_at < now - QUERY_DAYS * 86400)
            )

    async def recall(self, chat_id: int, key: str) -> str | None:
        """The query kept under ``key`` for this chat; None if unknown or forgotten."""
        c = search_queries.c
        row = await self._db.fetch_one(
            sa.select(c.query).where(
                c.chat_id == chat_id,
                c.key == key,
                c.used_at >= self._clock() - QUERY_DAYS * 86400,
            )
        )
        return None if row is None else str(row.query)
