"""1,000 daily digests due in the same minute, while link replies keep flowing.

    python -m benchmarks.digests [--chats 1000] [--shares 6]

A fake Bot API on 127.0.0.1 enforces Telegram's limits (30 messages/s overall, 20 per minute per
group) and answers 429 beyond them. The bot talks to it through PTB's ``AIORateLimiter``, as in
production. Every chat is subscribed at the same minute and holds a few shared articles (some the
same story from two sites) plus items of shared feeds, so each digest is really composed:
database reads, grouping, rendering.

While the digests go out, a "link reply" (a message to a private chat, through the same bot and
limiter) is sent every 250 ms and its latency measured — the part of a link reply that digests
could delay. Runs:

- ``paced``: the scheduler's defaults (8 digests at once, 25 digest messages/s, leaving a sixth of
  Telegram's budget to replies);
- ``unpaced``: the naive baseline — every digest started at once, paced only by PTB's limiter.

``--in-flight 1,2,4,8`` measures the crash trade-off instead: Telegram has no idempotency key,
so a digest message sent but not yet recorded when the process dies is sent again at the
restart. ``NEWSBOT_DIGEST_IN_FLIGHT`` bounds those messages (``DigestJobSettings.in_flight``);
each run reports the most digest sends the fake Bot API saw at once (the doubles a crash could
cause at worst) and the throughput, with ``--latency`` seconds added to every Bot API answer
(Telegram's own round trip; 0.1 s is typical from Europe).

``--grouping`` measures instead how well "same story, one entry" works on a small hand-written
set: 12 stories told by 2–3 outlets in different words, next to stories on the same topics that
are *not* the same story. Pairwise precision and recall of the entries compose_digest makes,
for the sentence encoder and the lexical fallback.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import itertools
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from sqlalchemy.engine import Connection

from bot.app import build_application, running_application
from bot.services import Services, story_similarity
from bot.settings import Secret, Settings
from services.jobs import DigestJobSettings
from storage.database import open_database
from storage.timestamps import to_db
from summarizer.digest import (
    DigestItem,
    EncoderSimilarity,
    LexicalSimilarity,
    StorySimilarity,
    compose_digest,
)
from summarizer.fetch import FetchSettings
from summarizer.pipeline import Pipeline, PipelineSettings
from tests.fake_bot_api import FakeBotAPI, SentMessage
from tests.telegram_limits import TelegramLimits

DUE = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
PROBE_CHAT = 4242  # a private chat: link replies go there
ARTICLE_PAGE = Path(__file__).resolve().parents[1] / "tests" / "resources" / "bot" / "ferry.html"
TOPICS = [
    ("Storm floods northern towns", "Rivers burst their banks after heavy rain in the north."),
    ("Central bank raises interest rates", "The bank raised its main rate by a quarter point."),
    ("Election campaign enters final week", "Candidates crossed the country for last rallies."),
    ("New vaccine approved by regulators", "Regulators approved the vaccine for adults."),
    ("Tech company unveils new phone", "The phone has a larger screen and a longer battery."),
    ("City council approves cycle lanes", "Forty kilometres of lanes will be built next year."),
    ("Football club sacks its manager", "The club dismissed the manager after five defeats."),
    ("Museum opens dinosaur wing", "The new wing shows fossils found last summer."),
    ("Strike halts trains across the country", "Rail workers walked out over pay."),
    ("Scientists map deep ocean floor", "A survey charted a trench never seen before."),
]


class RunningClock:
    """Real time, shifted so that the run starts at the due minute."""

    def __init__(self, start: dt.datetime) -> None:
        self._offset = start - dt.datetime.now(dt.UTC)

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self._offset

    def until(self, when: dt.datetime) -> float:
        return (when - self.now()).total_seconds()

    async def sleep_until(self, when: dt.datetime, wake: asyncio.Event) -> None:
        delay = max((when - self.now()).total_seconds(), 0.0)
        try:
            await asyncio.wait_for(wake.wait(), min(delay, 60.0))
        except TimeoutError:
            return


@dataclass
class RunResult:
    name: str
    chats: int
    messages: int
    seconds: float
    too_many: int
    busiest_second: int
    probe_ms: list[float]
    idle_probe_ms: list[float]
    peak_sends: int = 0  # sendMessage requests being answered at once, at most

    def row(self) -> str:
        p = sorted(self.probe_ms)
        p95 = p[min(len(p) - 1, int(0.95 * len(p)))] if p else float("nan")
        return (
            f"| {self.name} | {self.chats} | {self.messages} | {self.seconds:.1f} | "
            f"{self.messages / self.seconds:.1f} | {self.busiest_second} | {self.too_many} | "
            f"{statistics.median(self.idle_probe_ms):.0f} | {statistics.median(p):.0f} | "
            f"{p95:.0f} | {max(p):.0f} |"
        )


async def seed(db_path: Path, chats: int, shares: int) -> None:
    db = await open_database(db_path)
    try:
        await db.run(lambda conn: _seed(conn, chats, shares))
    finally:
        await db.close()


def _seed(conn: Connection, chats: int, shares: int) -> None:
    feed_ids = []
    for n in range(3):
        cur = conn.exec_driver_sql(
            "INSERT INTO feeds (url, title, next_poll_at, created_at) VALUES (?, ?, ?, ?)",
            (f"https://feed{n}.example/rss", f"Feed {n}", to_db(DUE), to_db(DUE)),
        )
        feed_ids.append(int(cur.lastrowid or 0))
    article_ids = []
    for n, (title, lede) in enumerate(TOPICS * 4):
        site = f"site{n % 7}.example"
        url = f"https://{site}/story/{n}"
        data = json.dumps(
            {
                "url": url,
                "canonical_url": url,
                "title": title if n < 10 else f"{title} ({site})",
                "site": site,
                "summary": [lede, "More details are expected later today."],
                "quotes": [{"text": "We did not expect this", "speaker": "A. Spokesperson"}],
            }
        )
        cur = conn.exec_driver_sql(
            "INSERT INTO articles (canonical_url, url, title, data, fetched_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (url, url, title, data, to_db(DUE)),
        )
        article_ids.append(int(cur.lastrowid or 0))
    for feed_id in feed_ids:
        conn.exec_driver_sql(
            "INSERT INTO feed_items (feed_id, guid, url, title, summary, first_seen_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    feed_id,
                    f"{feed_id}-{k}",
                    f"https://feed{feed_id}.example/item/{k}",
                    TOPICS[(k + feed_id) % len(TOPICS)][0],
                    TOPICS[(k + feed_id) % len(TOPICS)][1],
                    to_db(DUE - dt.timedelta(hours=k + 1)),
                )
                for k in range(8)
            ],
        )
    for c in range(chats):
        chat_id = -1_000_000 - c
        conn.exec_driver_sql(
            "INSERT INTO chats (chat_id, type, language) VALUES (?, 'supergroup', 'en')",
            (chat_id,),
        )
        conn.exec_driver_sql(
            "INSERT INTO history (chat_id, article_id, shared_at) VALUES (?, ?, ?)",
            [
                (
                    chat_id,
                    article_ids[(c * 7 + k * 3) % len(article_ids)],
                    to_db(DUE - dt.timedelta(minutes=30 * k + 5)),
                )
                for k in range(shares)
            ],
        )
        conn.exec_driver_sql(
            "INSERT INTO chat_feeds (chat_id, feed_id, added_at) VALUES (?, ?, ?)",
            (chat_id, feed_ids[c % 3], to_db(DUE - dt.timedelta(days=2))),
        )
        conn.exec_driver_sql(
            "INSERT INTO subscriptions (chat_id, local_time, timezone, starts_at, updated_at) "
            "VALUES (?, '08:00', 'UTC', ?, ?)",
            (chat_id, to_db(DUE - dt.timedelta(days=1)), to_db(DUE - dt.timedelta(days=1))),
        )


def site_app() -> web.Application:
    """A news site: the same article under any number of addresses, so each link is new."""
    body = (ARTICLE_PAGE).read_bytes()
    app = web.Application()

    async def page(_: web.Request) -> web.Response:
        return web.Response(body=body, content_type="text/html")

    app.router.add_get("/news/{n}.html", page)
    return app


def _replies_to(wanted: tuple[int, int], message: SentMessage) -> bool:
    return (message.chat_id, message.reply_to) == wanted


class LinkProbe:
    """A user in a private chat sends a link every ``every`` seconds; each reply's latency."""

    def __init__(self, api: FakeBotAPI, site_url: str, every: float) -> None:
        self.api = api
        self.site_url = site_url
        self.every = every
        self.sent = 0
        self.idle: list[float] = []
        self.busy: list[float] = []
        self.busy_phase = False

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sent += 1
            update = self.api.updates.message(
                PROBE_CHAT, f"read this {self.site_url}/news/{self.sent}.html"
            )
            wanted = (PROBE_CHAT, update["message"]["message_id"])
            before = len(self.api.messages)
            busy = self.busy_phase
            started = time.monotonic()
            await self.api.push_update(update)
            reply = await self.api.wait_for_message(
                functools.partial(_replies_to, wanted), after=before, within=120
            )
            (self.busy if busy else self.idle).append((reply.at - started) * 1000)
            try:
                await asyncio.wait_for(stop.wait(), self.every)
            except TimeoutError:
                continue


async def serve(app: web.Application, runners: list[web.AppRunner]) -> str:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    runners.append(runner)
    return f"http://127.0.0.1:{runner.addresses[0][1]}"


async def run(
    name: str,
    chats: int,
    shares: int,
    settings: DigestJobSettings,
    similarity: StorySimilarity,
    lead: float = 8.0,
    latency: float = 0.0,
) -> RunResult:
    """The real bot (``bot.app``, long polling) with 1,000 digests due ``lead`` s after start."""
    api = TelegramLimits(latency=latency)
    runners: list[web.AppRunner] = []
    api_url = await serve(api.app(), runners)
    site_url = await serve(site_app(), runners)
    clock = RunningClock(DUE - dt.timedelta(seconds=lead))

    try:
        with tempfile.TemporaryDirectory() as tmp:
            database = Path(tmp) / "bench.sqlite3"
            await seed(database, chats, shares)
            bot_settings = Settings(
                token=Secret(api.token),
                api_base_url=f"{api_url}/bot",
                database=database,
                allow_private_addresses=True,
                links_per_user=100_000,
            )
            pipeline = Pipeline(PipelineSettings(fetch=FetchSettings(allow_private_addresses=True)))
            services = Services(
                bot_settings,
                pipeline=pipeline,
                jobs=True,
                clock=clock,
                similarity=lambda: similarity,
                digest_settings=settings,
            )
            app = build_application(bot_settings, services)
            async with running_application(app, polling=True):
                probe = LinkProbe(api, site_url, every=0.5)
                stop = asyncio.Event()
                probing = asyncio.create_task(probe.run(stop))
                await asyncio.sleep(max(clock.until(DUE) - 0.5, 0.0))
                probe.busy_phase = True
                started = time.perf_counter()
                while len({m.chat_id for m in api.sent() if m.chat_id < 0}) < chats:
                    if time.perf_counter() - started > 600:
                        break
                    await asyncio.sleep(0.1)
                await services.running.scheduler.drain()
                seconds = time.perf_counter() - started - 0.5
                stop.set()
                await probing
                digests = [m for m in api.sent() if m.chat_id < 0]
    finally:
        for runner in runners:
            await runner.cleanup()
    delivered = {m.chat_id for m in digests}
    if len(delivered) != chats:
        print(f"{name}: only {len(delivered)} of {chats} chats got their digest", file=sys.stderr)
    return RunResult(
        name, len(delivered), len(digests), seconds, api.too_many, api.busiest_second,
        probe.busy, probe.idle, api.peak_digest_sends,
    )  # fmt: skip


# (story id, title, lede): same id = same story; written for this benchmark.
STORIES = [
    (1, "Fed raises interest rates by a quarter point", "The Federal Reserve lifted its rate."),
    (1, "Federal Reserve hikes rates 25 basis points", "US central bank raises borrowing costs."),
    (1, "US rates go up again as Fed acts on inflation", "Policymakers voted for a rise."),
    (2, "Bank of England holds rates steady", "The committee kept the rate at 5.25%."),
    (3, "Storm Ciara floods northern England towns", "Rivers burst their banks on Sunday."),
    (3, "Northern England hit by flooding as Storm Ciara sweeps in", "Residents evacuated."),
    (4, "Heatwave brings record temperatures to southern England", "Forecasters warn of 40C."),
    (5, "Apple unveils iPhone 16 with new camera button", "Apple showed its new phones."),
    (5, "iPhone 16 launched: Apple adds a dedicated camera control", "Four new models."),
    (6, "Samsung launches Galaxy S24 with AI features", "The phones go on sale next month."),
    (7, "Earthquake of magnitude 7.8 strikes Turkey and Syria", "Thousands of buildings fell."),
    (7, "Thousands killed as powerful quake hits southern Turkey", "Rescuers search rubble."),
    (7, "Turkey-Syria earthquake: death toll rises", "Aid is arriving in the region."),
    (8, "Volcano erupts in Iceland forcing evacuation of Grindavik", "Lava flowed to the town."),
    (9, "UK Prime Minister resigns after party revolt", "The PM said she would step down."),
    (9, "British PM quits following rebellion in her party", "She stays until a successor."),
    (10, "UK Chancellor presents budget with tax cuts", "The plan was set out in parliament."),
    (11, "Manchester City win the Champions League final", "City beat Inter 1-0 in Istanbul."),
    (11, "Rodri goal gives Man City first Champions League title", "Guardiola's side won."),
    (12, "Arsenal beat Chelsea in Premier League derby", "Saka scored twice."),
    (13, "Twitter rebrands as X, Musk says", "The blue bird logo is being replaced."),
    (13, "Elon Musk replaces Twitter bird logo with X", "The new name takes effect."),
    (14, "Meta launches Threads to rival Twitter", "The app gained millions of users."),
    (15, "WHO declares end to mpox global emergency", "The agency said cases had fallen."),
    (15, "Mpox no longer a global health emergency, WHO says", "Cases have declined."),
    (16, "WHO warns of rising measles cases in Europe", "Vaccination rates have dropped."),
    (17, "Wildfires force thousands to flee in Greece", "Firefighters battle blazes."),
    (17, "Greek wildfires: tourists evacuated from Rhodes", "Thousands left hotels."),
    (18, "Canada wildfire smoke blankets New York", "Air quality fell to hazardous levels."),
    (19, "Nasa's Artemis rocket launches towards the Moon", "The uncrewed mission lifted off."),
    (19, "Artemis I lifts off on Moon mission after delays", "Nasa's giant rocket launched."),
    (20, "SpaceX Starship explodes minutes after launch", "The rocket broke apart."),
]


def grouping_scores(similarity: StorySimilarity) -> tuple[float, float, int]:
    """Pairwise precision and recall of compose_digest's entries, and the number of entries."""
    now = DUE
    items = [
        DigestItem(
            url=f"https://outlet{n % 5}.example/{n}",
            title=title,
            seen_at=now,
            summary=(lede,),
            shares=1,
        )
        for n, (_, title, lede) in enumerate(STORIES)
    ]
    story_of = {item.url: sid for item, (sid, _, _) in zip(items, STORIES, strict=True)}
    digest = compose_digest(items, limit=len(items), similarity=similarity)
    predicted = {
        frozenset((a.url, b.url))
        for entry in digest.stories
        for a, b in itertools.combinations(entry.sources, 2)
    }
    truth = {
        frozenset((a.url, b.url))
        for a, b in itertools.combinations(items, 2)
        if story_of[a.url] == story_of[b.url]
    }
    right = len(predicted & truth)
    precision = right / len(predicted) if predicted else 1.0
    return precision, right / len(truth), len(digest.stories)


def grouping_report(encoder: StorySimilarity) -> None:
    stories = len({sid for sid, _, _ in STORIES})
    print(f"{len(STORIES)} items, {stories} stories")
    print("| similarity | threshold | entries | pair precision | pair recall |")
    print("|---|---|---|---|---|")
    candidates: list[tuple[str, StorySimilarity]] = []
    if isinstance(encoder, EncoderSimilarity):
        for threshold in (0.5, 0.6, 0.7):
            candidates.append(("encoder", encoder.with_threshold(threshold)))
    for threshold in (0.25, 0.35, 0.5):
        candidates.append(("lexical", LexicalSimilarity(threshold)))
    for name, similarity in candidates:
        precision, recall, entries = grouping_scores(similarity)
        print(f"| {name} | {similarity.threshold} | {entries} | {precision:.2f} | {recall:.2f} |")


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.digests")
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--shares", type=int, default=6, help="shared articles per chat")
    parser.add_argument("--lexical", action="store_true", help="group without the encoder")
    parser.add_argument("--only", choices=("paced", "unpaced"), help="one run only")
    parser.add_argument("--grouping", action="store_true", help="grouping quality only")
    parser.add_argument(
        "--in-flight", metavar="N,N,...", help="the crash trade-off: one paced run per value"
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added to every Bot API answer"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    similarity = LexicalSimilarity() if args.lexical else await asyncio.to_thread(story_similarity)
    print(f"similarity: {type(similarity).__name__} ({time.perf_counter() - started:.1f} s)")
    if args.grouping:
        grouping_report(similarity)
        return 0
    runs = {
        "paced": DigestJobSettings(),
        "unpaced": DigestJobSettings(concurrency=args.chats, messages_per_second=10_000),
    }
    if args.in_flight:
        runs = {
            f"in flight {n}": DigestJobSettings(in_flight=int(n))
            for n in args.in_flight.split(",")
        }
    results = []
    for name, settings in runs.items():
        if args.only and name != args.only:
            continue
        results.append(
            await run(name, args.chats, args.shares, settings, similarity, latency=args.latency)
        )
    if args.in_flight:
        print(f"Bot API latency {args.latency * 1000:.0f} ms")
        print("| NEWSBOT_DIGEST_IN_FLIGHT | chats served | seconds | messages/s | "
              "most sends at once (= worst doubles at a crash) | reply ms (median) |")  # fmt: skip
        print("|---|---|---|---|---|---|")
        for r in results:
            print(
                f"| {r.name.split()[-1]} | {r.chats} | {r.seconds:.1f} | "
                f"{r.messages / r.seconds:.1f} | {r.peak_sends} | "
                f"{statistics.median(r.probe_ms):.0f} |"
            )
        return 0
    print(
        "| run | chats served | messages | seconds | messages/s | busiest second | 429s | "
        "reply ms idle (median) | reply ms (median) | p95 | max |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for result in results:
        print(result.row())
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
