"""/search latency over a large article cache: p50 and p95 milliseconds per search.

``--articles`` synthetic articles (default 100,000: a title and ~``--words`` words of body, from a
vocabulary of English, German, French and accented words, a few with Chinese text) are written with
``executemany`` straight into ``articles`` and ``article_search``, the search rows made by the same
Python code as the bot's (``storage.search.index_values``). Every article is in one chat's history,
``--per-chat`` of them a chat (200, the default history limit). Then a few dozen searches of kinds
that cost differently (a word in most articles, a rare one, a prefix, two words, a Chinese phrase,
no hit) run through ``SearchRepository.search`` on the chat holding the most recent shares and on
one whose shares are spread over the whole cache, as the bot runs them: the first page, 5 hits, with
the count. Each query runs ``--repeat`` times; the first run of each is a warm-up and not counted.

    .venv/bin/python -m benchmarks.search                  # SQLite
    .venv/bin/python -m benchmarks.search --postgres       # and a throwaway PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
T0 = "2026-01-01T00:00:00.000Z"

COMMON = ["the", "city", "council", "said", "year", "new", "people", "government"]
WORDS = [
    "bridge", "library", "ferry", "harbour", "election", "budget", "strike",
    "school", "hospital", "railway", "river", "storm", "brücke", "straße",
    "bürgermeister", "gewerkschaft", "hochwasser", "bahnhof", "schule", "regierung", "école",
    "élèves", "mairie", "député", "grève", "hôpital", "marché", "été",
    "société", "université", "museum", "concert", "festival", "airport", "tunnel",
    "energy", "water", "price", "market", "police", "court", "trial",
    "minister", "parliament", "vote", "company", "worker", "factory", "climate",
    "rain", "flood", "fire", "bank", "tax",
]
RARE = [f"zeta{n:05d}" for n in range(2000)]  # each in about 1 article of 2,000
CHINESE = ["高速铁路", "水库蓄水", "城市交通", "新闻发布会", "天气预报"]
QUERIES = [
    "the", "city council", "government", "bridge", "brucke", "BRÜCKE", "ecole", "eleves",
    "gre", "hosp", "strasse", "marche", "flood rain", "bridge river storm", "zeta00042",
    "zeta01999", "zeta0", "铁路", "高速铁路", "天气", "nothingatall", "police court trial",
    "univ", "société", "tax bank", "festival concert", "climate", "energy water", "wor",
    "parliament vote", "museum", "hochwasser",
]  # fmt: skip


def synthetic(n: int, words: int, rng: random.Random) -> tuple[str, str]:
    title = " ".join(rng.choice(WORDS).capitalize() for _ in range(6))
    body = [rng.choice(COMMON) if rng.random() < 0.4 else rng.choice(WORDS) for _ in range(words)]
    if n % 2000 < 1:
        body.append(RARE[(n // 2000) % len(RARE)])
    body.append(RARE[rng.randrange(len(RARE))])
    if n % 20 == 0:
        body.append(rng.choice(CHINESE) + "。")
    return title, " ".join(body)


def fill(conn: sa.Connection, articles: int, words: int, per_chat: int, seed: int) -> int:
    """Write the articles, their search rows and the history; the busiest chat's id."""
    import json

    from storage.search import index_values

    rng = random.Random(seed)
    chats = -(-articles // per_chat)
    conn.execute(
        sa.text(
            "INSERT INTO chats (chat_id, type, created_at, updated_at)"
            " VALUES (:c, 'group', :t, :t)"
        ),
        [{"c": c, "t": T0} for c in range(1, chats + 1)],
    )  # fmt: skip
    postgres = conn.dialect.name == "postgresql"
    index_sql = (
        "INSERT INTO article_search (article_id, vector)"
        " VALUES (:article_id, CAST(:vector AS tsvector))"
        if postgres
        else "INSERT INTO article_search (article_id, title, body)"
        " VALUES (:article_id, :title, :body)"
    )  # fmt: skip
    batch = 5000
    for start in range(1, articles + 1, batch):
        rows, search, shares = [], [], []
        for n in range(start, min(articles, start + batch - 1) + 1):
            title, body = synthetic(n, words, rng)
            data = json.dumps({"text": body, "summary": [body[:200]]}, ensure_ascii=False)
            url = f"https://news.example/{n}"
            at = f"2026-01-01T00:00:{n % 60:02d}.{n % 1000:03d}Z"
            rows.append({"id": n, "u": url, "t": title, "d": data, "f": T0})
            search.append(index_values(n, title, data))
            shares.append({"c": (n - 1) // per_chat + 1, "a": n, "s": at})
        conn.execute(
            sa.text(
                "INSERT INTO articles (id, canonical_url, url, title, data, fetched_at)"
                " VALUES (:id, :u, :u, :t, :d, :f)"
            ),
            rows,
        )  # fmt: skip
        conn.execute(sa.text(index_sql), search)
        conn.execute(
            sa.text("INSERT INTO history (chat_id, article_id, shared_at) VALUES (:c, :a, :s)"),
            shares,
        )
        print(f"  {min(articles, start + batch - 1)} articles", file=sys.stderr, end="\r")
    # One more chat whose articles are spread over the whole cache (old and new ones): the
    # worst case of the rowid range that bounded the FTS5 match before the search went by chat.
    spread = chats + 1
    conn.execute(
        sa.text(
            "INSERT INTO chats (chat_id, type, created_at, updated_at)"
            " VALUES (:c, 'group', :t, :t)"
        ),
        [{"c": spread, "t": T0}],
    )
    step = max(1, articles // per_chat)
    conn.execute(
        sa.text("INSERT INTO history (chat_id, article_id, shared_at) VALUES (:c, :a, :s)"),
        [{"c": spread, "a": a, "s": T0} for a in range(1, articles + 1, step)],
    )
    if postgres:
        conn.exec_driver_sql("SELECT setval('articles_id_seq', (SELECT max(id) FROM articles))")
        conn.exec_driver_sql("ANALYZE")
    else:
        conn.exec_driver_sql("ANALYZE")
    print(file=sys.stderr)
    return chats


async def measure(target: Any, args: argparse.Namespace) -> dict[str, Any]:
    from storage.database import open_database
    from storage.search import SearchRepository

    db = await open_database(target)
    try:
        started = time.perf_counter()
        chat = await db.run(lambda c: fill(c, args.articles, args.words, args.per_chat, 7))
        filled = time.perf_counter() - started
        repository = SearchRepository(db)
        found: dict[str, Any] = {"fill_s": filled}
        for kind, where in (("recent", chat), ("spread", chat + 1)):
            times, hits = [], {}
            for query in QUERIES:
                for run in range(args.repeat):
                    begin = time.perf_counter()
                    page = await repository.search(where, query, size=5)
                    if run:
                        times.append((time.perf_counter() - begin) * 1000)
                hits[query] = page.total
            found[kind] = {
                "p50": statistics.median(times),
                "p95": statistics.quantiles(times, n=20)[18],
                "max": max(times),
                "searches": len(times),
                "hits": hits,
            }
        return found
    finally:
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=300, help="body words an article")
    parser.add_argument("--per-chat", type=int, default=200, help="history entries a chat")
    parser.add_argument("--repeat", type=int, default=4, help="runs a query (first: warm-up)")
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL")
    args = parser.parse_args()
    results: dict[str, dict[str, Any]] = {}
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        sqlite = asyncio.run(measure(folder / "search.sqlite3", args))
        results["SQLite (bm25 over the chat's articles)"] = sqlite
        if args.postgres:
            sys.path.insert(0, str(ROOT))
            from tests.postgres import postgres_server

            server = stack.enter_context(postgres_server())
            url = server.url(server.create_database(template=None))
            postgres = asyncio.run(measure(url, args))
            results["PostgreSQL 15 (tsvector, ts_rank per chat article)"] = postgres
    print(
        f"{args.articles:,} articles, {args.per_chat} a chat, ~{args.words} words each; "
        f"{len(QUERIES)} queries"
    )
    print("| database | chat | fill s | searches | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|---|---|")
    for label, r in results.items():
        for kind in ("recent", "spread"):
            k = r[kind]
            print(
                f"| {label} | {kind} | {r['fill_s']:.0f} | {k['searches']} | {k['p50']:.1f} | "
                f"{k['p95']:.1f} | {k['max']:.1f} |"
            )
    first = next(iter(results.values()))["recent"]
    print("hits in the chat:", ", ".join(f"{q!r} {n}" for q, n in first["hits"].items()))


if __name__ == "__main__":
    main()
