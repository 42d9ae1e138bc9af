"""/search: a chat's history searched over titles, summaries, quotes and article text.

The repository (``storage/search.py``) ranks and pages; this service adds a snippet of each hit,
the passage where a query word appears, and the query's compact form (:func:`compact`), which a
"Next" button carries so that it needs no state: searching the compact form finds exactly what
the query found. A query too long for a button is kept in the database under a short key
(:meth:`SearchService.remember`, ``storage.search.SearchQueries``), so that its buttons work on
every replica and after a restart.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from services.articles import decode_data
from storage.search import SearchHit, SearchQueries, SearchRepository, Term, fold, query_terms

PAGE_SIZE = 5
SNIPPET_CHARS = 160

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Found:
    hit: SearchHit
    snippet: str  # plain text; empty when no passage holds a query word


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str  # the compact form (:func:`compact`)
    found: list[Found]
    offset: int
    total: int
    size: int

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.found) < self.total


def compact(query: str) -> str:
    """The query's terms as text that searches the same (folded, one space between terms)."""
    return " ".join("".join(term.parts) for term in query_terms(query))


def _matches(word: str, terms: list[Term]) -> bool:
    folded = fold(word)
    return any(
        folded.startswith(t.parts[0]) if t.prefix else "".join(t.parts) in folded for t in terms
    )


def snippet(passages: list[str], terms: list[Term], *, width: int = SNIPPET_CHARS) -> str:
    """A piece of the first passage holding a query word, about ``width`` characters around
    it, with "…" where it was cut."""
    for passage in passages:
        flat = " ".join(passage.split())
        for word in _WORD.finditer(flat):
            if not _matches(word.group(), terms):
                continue
            start = max(0, word.start() - width // 3)
            if start:
                space = flat.find(" ", start)
                start = space + 1 if 0 <= space < word.start() else start
            end = min(len(flat), start + width)
            if end < len(flat):
                space = flat.rfind(" ", word.end(), end)
                end = space if space > 0 else end
            piece = flat[start:end].strip()
            return ("…" if start else "") + piece + ("…" if end < len(flat) else "")
    return ""


def _passages(hit: SearchHit) -> list[str]:
    cached = decode_data(hit.data, url=hit.url, title=hit.title)
    return [
        *cached.first.summary,
        *(q.text for q in cached.all_quotes),
        *cached.article.paragraphs,
    ]


class SearchService:
    """Searches one chat's history, a page at a time."""

    def __init__(
        self, repository: SearchRepository, queries: SearchQueries, *, page_size: int = PAGE_SIZE
    ) -> None:
        self._repository = repository
        self._queries = queries
        self.page_size = page_size

    async def search(self, chat_id: int, query: str, *, offset: int = 0) -> SearchResults:
        """The page of hits from ``offset`` (0: the best); no hits for a query with no words."""
        offset = max(0, offset)
        terms = query_terms(query)
        page = await self._repository.search(chat_id, query, offset=offset, size=self.page_size)
        found = [Found(hit, snippet(_passages(hit), terms)) for hit in page.hits]
        return SearchResults(compact(query), found, offset, page.total, self.page_size)

    async def remember(self, chat_id: int, query: str) -> str:
        """A short key for a query too long for a button (found again with :meth:`recall`);
        the same query in the same chat always gets the same key."""
        key = hashlib.blake2s(f"{chat_id}\0{query}".encode(), digest_size=6).hexdigest()
        await self._queries.remember(chat_id, key, query)
        return key

    async def recall(self, chat_id: int, key: str) -> str | None:
        """The query remembered under ``key`` for this chat; None if unknown or forgotten."""
        return await self._queries.recall(chat_id, key)
