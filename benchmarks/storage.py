"""Per-operation latency of the repositories on the link path, old storage against new.

The old storage is the plain-SQL aiosqlite code of a git revision (``--old``, default 7fc8603,
the last one before SQLAlchemy), taken with ``git archive`` into a temporary folder and run in
a process of its own; the new one is this checkout's, on SQLite and (``--postgres``) on a
throwaway PostgreSQL server (tests/postgres.py). Both run the same calls through the same public
interfaces:

- one at a time: median and p95 microseconds per call;
- ``--concurrent`` link paths at once (remember the chat, read its settings, find the article,
  save it on a miss, add the share, set the reply): link paths per second.

Each is run ``--repeat`` times, alternating, and the best figure of each is kept: on a shared
machine the worst ones measure the neighbours.

    .venv/bin/python -m benchmarks.storage                 # old SQLite vs new SQLite
    .venv/bin/python -m benchmarks.storage --postgres      # and new on PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
CHAT = -1001234567890


async def measure(target: str, calls: int, concurrent: int) -> dict[str, Any]:
    """Run the calls on ``target`` with whichever ``storage`` package is importable."""
    from storage.articles import ArticleRepository, NewArticle
    from storage.chat_settings import ChatSettingsRepository
    from storage.chats import ChatRepository
    from storage.database import open_database
    from storage.history import HistoryRepository, NewShare

    db: Any = await open_database(target)
    chats, settings = ChatRepository(db), ChatSettingsRepository(db)
    articles, history = ArticleRepository(db), HistoryRepository(db)

    def new_article(n: int) -> NewArticle:
        url = f"https://news.example/{n}"
        return NewArticle(url, f"{url}?utm_source=x", f"Story {n}", json.dumps({"n": n}), T0)

    await chats.remember(CHAT, "supergroup", title="News", now=T0)
    saved = await articles.save(new_article(0))
    numbers = iter(range(1, 10**9))

    async def add_share() -> None:
        await history.add(NewShare(CHAT, saved.id, T0, message_id=next(numbers), shared_by_id=7))

    async def save_article() -> None:
        await articles.save(new_article(next(numbers)))

    operations: dict[str, Callable[[], Awaitable[Any]]] = {
        "chats.remember": lambda: chats.remember(CHAT, "supergroup", title="News", now=T0),
        "chat_settings.get": lambda: settings.get(CHAT),
        "articles.find (hit)": lambda: articles.find("https://news.example/0?utm_source=x"),
        "articles.find (miss)": lambda: articles.find("https://elsewhere.example/"),
        "articles.save": save_article,
        "history.add": add_share,
        "history.page (10)": lambda: history.page(CHAT),
        "history.by_message": lambda: history.by_message(CHAT, 5),
    }
    latencies: dict[str, list[float]] = {}
    for name, call in operations.items():
        for _ in range(calls // 10):  # warm up
            await call()
        samples = []
        for _ in range(calls):
            start = time.perf_counter()
            await call()
            samples.append((time.perf_counter() - start) * 1e6)
        latencies[name] = samples

    async def link_path(n: int) -> None:
        chat = -2_000_000 - n % 50
        await chats.remember(chat, "group", now=T0)
        await settings.get(chat)
        url = f"https://concurrent.example/{n}"
        found = await articles.find(url)
        stored = found or await articles.save(NewArticle(url, url, "T", "{}", T0))
        entry = await history.add(NewShare(chat, stored.id, T0, message_id=n))
        await history.set_reply(entry, n + 1)

    paths = concurrent * 10
    start = time.perf_counter()
    pending = set(range(paths))
    while pending:
        batch = [pending.pop() for _ in range(min(concurrent, len(pending)))]
        await asyncio.gather(*(link_path(n) for n in batch))
    throughput = paths / (time.perf_counter() - start)
    await db.close()
    import storage

    return {
        "code": str(storage.__path__[0]),
        "latency": {
            name: (statistics.median(s), sorted(s)[int(0.95 * len(s))])
            for name, s in latencies.items()
        },
        "paths_per_second": throughput,
    }


def run_child(code_root: Path, target: str, calls: int, concurrent: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.storage", "--child", target, "--calls", str(calls),
         "--concurrent", str(concurrent)],
        cwd=code_root, capture_output=True, text=True, check=True, timeout=1800,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if Path(result["code"]).resolve() != (code_root / "storage").resolve():
        raise RuntimeError(f"measured {result['code']}, not {code_root / 'storage'}")
    return result


def old_code(revision: str, into: Path) -> Path:
    """The ``storage`` package of ``revision``, with this benchmark beside it."""
    archive = subprocess.run(
        ["git", "archive", revision, "storage"], cwd=ROOT, capture_output=True, check=True
    )
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    (into / "benchmarks").mkdir()
    (into / "benchmarks" / "__init__.py").write_text("")
    (into / "benchmarks" / "storage.py").write_text(Path(__file__).read_text())
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="7fc8603", help="the revision to compare with")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--concurrent", type=int, default=50)
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each, alternated; the best is kept"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(measure(args.child, args.calls, args.concurrent))))
        return

    runs: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as scratch, contextlib.ExitStack() as stack:
        folder = Path(scratch)
        old = old_code(args.old, folder / "old")
        targets: dict[str, tuple[Path, Callable[[int], str]]] = {
            f"SQLite, {args.old} (aiosqlite, plain SQL)": (
                old, lambda n: str(folder / f"old{n}.sqlite3")
            ),
            "SQLite, new (SQLAlchemy Core)": (ROOT, lambda n: str(folder / f"new{n}.sqlite3")),
        }  # fmt: skip
        if args.postgres:
            sys.path.insert(0, str(ROOT))
            from tests.postgres import postgres_server

            server = stack.enter_context(postgres_server())

            def postgres_url(n: int) -> str:
                name = server.create_database(template=None)
                url = server.url(name).set(drivername="postgresql")
                return url.render_as_string(hide_password=False)

            targets["PostgreSQL 15, new (asyncpg)"] = (ROOT, postgres_url)
        for n in range(args.repeat):  # alternated, so a busy minute hits every column
            for label, (code, target) in targets.items():
                runs.setdefault(label, []).append(
                    run_child(code, target(n), args.calls, args.concurrent)
                )
    results = {
        label: {
            "latency": {
                call: tuple(min(r["latency"][call][k] for r in found) for k in (0, 1))
                for call in found[0]["latency"]
            },
            "paths_per_second": max(r["paths_per_second"] for r in found),
        }
        for label, found in runs.items()
    }
    names = list(results)
    print("| call | " + " | ".join(f"{n}: median / p95 µs" for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for call in results[names[0]]["latency"]:
        cells = [
            "{:.0f} / {:.0f}".format(*results[n]["latency"][call]) for n in names
        ]
        print(f"| {call} | " + " | ".join(cells) + " |")
    cells = [f"{results[n]['paths_per_second']:.0f}" for n in names]
    print(f"| link paths/s, {args.concurrent} at once | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
