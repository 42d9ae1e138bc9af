"""Link-to-reply latency of the whole bot, and its resident memory.

    python -m benchmarks.bot [--data ../shared/data/extraction/aeb] [--json]

The real Application (``bot.app``) long-polls a fake Bot API on 127.0.0.1
(``tests/fake_bot_api.py``) through PTB's rate limiter, as in production; the article pages are
the 161 English pages of the Article Extraction Benchmark, real news pages with all their
boilerplate, served on loopback from ten ports (ten "sites", so the fetcher's per-host
connection limit applies as it would on the internet). The model is loaded and warmed up
before anything is timed.

Latency is measured from the moment an update is handed to getUpdates until the fake Bot API
receives the reply to that message (summary or failure message) — everything the bot does:
polling, parsing, cache look-up, fetch, extraction, summary, quotes, storage, rendering, rate
limiting, sending. Runs:

- ``1 chat``: links sent one after another by one chat (distinct pages);
- ``1 chat, cached``: the same links again from another chat (answered from the cache);
- ``10 chats``: 10 chats send a link each at the same moment, three rounds;
- ``50 chats``: 50 chats send a link each at the same moment.

``--page-delay S`` makes every page answer S seconds late, as real sites do (loopback answers at
once, which hides what concurrency is for). ``--one-at-a-time`` is the baseline: the same bot
with PTB's default of one update at a time.
``--summarizer extractive+encoder`` loads the MiniLM sentence encoder (the default summariser
needs no model).

Targets (issue 5): median under 1 s for one chat, every reply within 15 s at 50 chats.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.app import build_application, running_application
from bot.services import Services
from bot.settings import Secret, Settings
from summarizer.fetch import FetchSettings
from summarizer.pipeline import Pipeline, PipelineSettings
from tests.fake_bot_api import FakeBotAPI

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction" / "aeb"
SITES = 10


@dataclass
class Run:
    name: str
    links: int
    summaries: int  # replies that are summaries (the rest say why a page was refused)
    median_s: float
    p90_s: float
    max_s: float
    wall_s: float


def rss_mib() -> float:
    """Resident memory of this process (the bot and the fake servers, which are small)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def english_pages(data: Path) -> list[bytes]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    names = sorted(n for n, v in truth.items() if v.get("lang_guess") == "en")
    return [(data / "html" / n).read_bytes() for n in names]


async def serve_pages(pages: list[bytes], delay: float) -> tuple[list[str], web.AppRunner]:
    """Serve page i at ``/article/i.html`` on all ten ports, ``delay`` seconds late (a site's
    time to first byte); return each page's URL."""

    async def page(request: web.Request) -> web.Response:
        await asyncio.sleep(delay)
        index = int(request.match_info["n"])
        return web.Response(body=pages[index], content_type="text/html", charset="utf-8")

    app = web.Application()
    app.router.add_get("/article/{n:\\d+}.html", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    ports = []
    for _ in range(SITES):
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        ports.append(runner.addresses[-1][1])
    urls = [f"http://127.0.0.1:{ports[i % SITES]}/article/{i}.html" for i in range(len(pages))]
    return urls, runner


class Bench:
    def __init__(self, api: FakeBotAPI) -> None:
        self.api = api
        self.next_chat = 10_000

    async def send_together(self, urls: list[str], chats: list[int] | None = None) -> list[float]:
        """Each URL from its own chat at the same moment; latencies in seconds."""
        if chats is None:
            chats = list(range(self.next_chat, self.next_chat + len(urls)))
            self.next_chat += len(urls)
        updates = [
            self.api.updates.message(c, f"read this {u}") for c, u in zip(chats, urls, strict=True)
        ]
        wanted = {(u["message"]["chat"]["id"], u["message"]["message_id"]) for u in updates}
        before = len(self.api.messages)
        started = time.monotonic()
        for update in updates:
            await self.api.push_update(update)
        replies = await self.api.wait_for_messages(
            lambda m: (m.chat_id, m.reply_to) in wanted, count=len(updates), after=before,
            within=300,
        )  # fmt: skip
        self.last_summaries = sum(r.text.startswith("<b><a href=") for r in replies)
        return [r.at - started for r in replies]


def summarize(name: str, latencies: list[float], summaries: int, wall: float) -> Run:
    ordered = sorted(latencies)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return Run(
        name=name,
        links=len(latencies),
        summaries=summaries,
        median_s=round(statistics.median(ordered), 3),
        p90_s=round(p90, 3),
        max_s=round(ordered[-1], 3),
        wall_s=round(wall, 2),
    )


async def main_async(
    data: Path,
    sequential: int,
    summarizer: str | None,
    *,
    one_at_a_time: bool = False,
    page_delay: float = 0.0,
) -> dict[str, Any]:
    pages = english_pages(data)
    urls, site_runner = await serve_pages(pages, page_delay)
    api = FakeBotAPI()
    api_runner = web.AppRunner(api.app(), access_log=None)
    await api_runner.setup()
    api_site = web.TCPSite(api_runner, "127.0.0.1", 0)
    await api_site.start()
    api_url = f"http://127.0.0.1:{api_runner.addresses[0][1]}"
    rss_before = rss_mib()
    runs: list[Run] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                token=Secret(api.token),
                api_base_url=f"{api_url}/bot",
                database=Path(tmp) / "bench.sqlite3",
                allow_private_addresses=True,
                links_per_user=10_000,
            )
            pipeline = Pipeline(
                PipelineSettings(
                    fetch=FetchSettings(allow_private_addresses=True), summarizer=summarizer
                )
            )
            services = Services(settings, pipeline=pipeline)
            if one_at_a_time:
                app = build_application(settings, services, concurrent_updates=False)
            else:
                app = build_application(settings, services)
            async with running_application(app, polling=True):
                bench = Bench(api)
                loaded = time.monotonic()
                await bench.send_together([urls[-1]])  # warm-up: the model is loaded now
                warm_s = time.monotonic() - loaded
                rss_loaded = rss_mib()
                cursor = 0

                latencies: list[float] = []
                summaries = 0
                started = time.monotonic()
                one_chat = [bench.next_chat]
                for url in urls[cursor : cursor + sequential]:
                    latencies += await bench.send_together([url], one_chat)
                    summaries += bench.last_summaries
                runs.append(summarize("1 chat", latencies, summaries, time.monotonic() - started))

                latencies, summaries = [], 0
                started = time.monotonic()
                for url in urls[cursor : cursor + sequential]:
                    latencies += await bench.send_together([url], [one_chat[0] + 1])
                    summaries += bench.last_summaries
                runs.append(
                    summarize("1 chat, cached", latencies, summaries, time.monotonic() - started)
                )
                cursor += sequential

                latencies, summaries = [], 0
                started = time.monotonic()
                for _ in range(3):
                    latencies += await bench.send_together(urls[cursor : cursor + 10])
                    summaries += bench.last_summaries
                    cursor += 10
                runs.append(
                    summarize(
                        "10 chats x3 rounds", latencies, summaries, time.monotonic() - started
                    )
                )

                started = time.monotonic()
                latencies = await bench.send_together(urls[cursor : cursor + 50])
                runs.append(
                    summarize(
                        "50 chats", latencies, bench.last_summaries, time.monotonic() - started
                    )
                )
                cursor += 50
                rss_after = rss_mib()
                summarizer_name = pipeline.summarizer.name
    finally:
        await api_runner.cleanup()
        await site_runner.cleanup()
    return {
        "summarizer": summarizer_name,
        "updates": "one at a time" if one_at_a_time else "concurrent",
        "page_delay_s": page_delay,
        "pages": len(pages),
        "cpus": os.cpu_count(),
        "warm_up_s": round(warm_s, 2),
        "rss_mib": {
            "before_start": round(rss_before),
            "model_loaded": round(rss_loaded),
            "after_runs": round(rss_after),
        },
        "runs": [asdict(r) for r in runs],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the AEB folder")
    parser.add_argument("--sequential", type=int, default=20, help="links in the 1-chat run")
    parser.add_argument(
        "--summarizer", default=None, help="NEWSBOT_SUMMARIZER's value (default: the default)"
    )
    parser.add_argument(
        "--one-at-a-time",
        action="store_true",
        help="baseline: PTB's default of processing one update at a time",
    )
    parser.add_argument(
        "--page-delay", type=float, default=0.0, help="seconds each page takes to answer"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"error: no AEB data in {args.data} (see --data)", file=sys.stderr)
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    result = asyncio.run(
        main_async(
            args.data,
            args.sequential,
            args.summarizer,
            one_at_a_time=args.one_at_a_time,
            page_delay=args.page_delay,
        )
    )
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"summariser {result['summarizer']}, updates {result['updates']}, "
        f"pages answer after {result['page_delay_s']} s, "
        f"{result['pages']} pages, {result['cpus']} CPUs, "
        f"warm-up {result['warm_up_s']} s"
    )
    print("| run | links | summaries | median s | p90 s | max s | wall s |")
    print("|---|---|---|---|---|---|---|")
    for run in result["runs"]:
        print(
            f"| {run['name']} | {run['links']} | {run['summaries']} | {run['median_s']} | "
            f"{run['p90_s']} | {run['max_s']} | {run['wall_s']} |"
        )
    rss = result["rss_mib"]
    print(
        f"RSS: {rss['before_start']} MiB before start, {rss['model_loaded']} MiB with the model "
        f"loaded, {rss['after_runs']} MiB after the runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
