"""Running the real bot in a test: the PTB Application from ``bot.app`` against the fake Bot API
(``tests/fake_bot_api.py``), with article pages from a local aiohttp server on 127.0.0.1.

The summariser model is loaded once per test process (:func:`shared_summarizer`) and handed to
each test's own Pipeline, so tests stay fast while every other part is real and fresh.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from telegram import Update

from bot.app import build_application, running_application
from bot.services import AnyApplication, Services
from bot.settings import Secret, Settings
from services.jobs import Clock
from summarizer.fetch import FetchSettings
from summarizer.pipeline import Pipeline, PipelineSettings
from summarizer.summarizers import build_summarizer
from summarizer.summarizers.base import Summarizer
from tests.fake_bot_api import FakeBotAPI, SentMessage

RESOURCES = Path(__file__).parent / "resources" / "bot"

# PTB 22 warns (an error under pytest) whenever it reads a 429's ``retry_after`` as a number;
# newsbot reads it as a timedelta, which is what this opts into (``newsbot run`` does the same).
os.environ.setdefault("PTB_TIMEDELTA", "1")
Serve = Callable[[web.Application], Awaitable[str]]


@functools.cache
def shared_summarizer() -> Summarizer:
    """The default summariser, loaded once per process (the model takes seconds to load)."""
    return build_summarizer(None)


@dataclass
class Site:
    """A local news site: article pages, and pages that fail in each way a site can."""

    hits: Counter[str] = field(default_factory=Counter)
    slow_seconds: float = 3.0
    slow_in_flight: int = 0  # slow pages being answered right now...
    slow_peak: int = 0  # ...and the most at once
    extra: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (type, body)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/{name:.*}", self.page)
        return app

    async def page(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        self.hits[name] += 1
        if name in self.extra:
            content_type, body = self.extra[name]
            return web.Response(body=body, content_type=content_type)
        if name.startswith("news/"):  # news/<resource>[-anything].html
            stem = name.removeprefix("news/").removesuffix(".html").split("-")[0]
            path = RESOURCES / f"{stem}.html"
            if path.is_file():
                return web.Response(body=path.read_bytes(), content_type="text/html")
        if name.startswith("slow/"):
            self.slow_in_flight += 1
            self.slow_peak = max(self.slow_peak, self.slow_in_flight)
            try:
                await asyncio.sleep(self.slow_seconds)
            finally:
                self.slow_in_flight -= 1
            body = (RESOURCES / "library.html").read_bytes()
            return web.Response(body=body, content_type="text/html")
        if name == "hang":  # longer than the tests' 2 s fetch timeout
            await asyncio.sleep(3.0)
        if name == "report.pdf":
            return web.Response(body=b"%PDF-1.4 fake", content_type="application/pdf")
        if name == "photo.jpg":
            return web.Response(body=b"\xff\xd8\xff", content_type="image/jpeg")
        if name == "big.html":
            return web.Response(body=b"<p>" + b"a" * 400_000 + b"</p>", content_type="text/html")
        if name == "broken":
            return web.Response(status=503, text="down")
        if name == "forbidden":
            return web.Response(status=403, text="no")
        return web.Response(status=404, text="not found")

    def total_hits(self, prefix: str = "") -> int:
        return sum(n for name, n in self.hits.items() if name.startswith(prefix))


@dataclass
class Bot:
    """One running bot: its fake Bot API, Application, services and the news site."""

    api: FakeBotAPI
    app: AnyApplication
    services: Services
    site: Site
    site_url: str
    settings: Settings

    def url(self, path: str) -> str:
        return f"{self.site_url}/{path}"

    async def process(self, update: dict[str, Any]) -> list[SentMessage]:
        """Process one update to the end; return the messages sent (or edited) meanwhile."""
        before = {key: (m.text, m.edits) for key, m in self.api.messages.items()}
        await self.app.process_update(Update.de_json(update, self.app.bot))
        return [
            m
            for key, m in self.api.messages.items()
            if key not in before or before[key] != (m.text, m.edits)
        ]

    async def say(self, chat_id: int, text: str, **options: Any) -> list[SentMessage]:
        """A user writes ``text`` in ``chat_id``; the bot's answers."""
        return await self.process(self.api.updates.message(chat_id, text, **options))

    async def press(
        self, message: SentMessage, button: str, *, user: int | None = None
    ) -> list[SentMessage]:
        """A user presses the button labelled ``button`` under ``message``."""
        data = message.button(button)["callback_data"]
        presser = user if user is not None else message.chat_id
        return await self.process(self.api.updates.callback(message, data, user=presser))


def bot_settings(api: FakeBotAPI, api_url: str, database: Path, **changes: Any) -> Settings:
    return Settings(
        token=Secret(api.token),
        api_base_url=f"{api_url}/bot",
        database=database,
        allow_private_addresses=True,
        **changes,
    )


def local_pipeline(*, total_timeout: float = 2.0, max_bytes: int = 200_000) -> Pipeline:
    """A pipeline allowed to read 127.0.0.1, with short limits, and the shared model."""
    fetch = FetchSettings(
        allow_private_addresses=True, total_timeout=total_timeout, max_bytes=max_bytes
    )
    return Pipeline(PipelineSettings(fetch=fetch), summarizer=shared_summarizer())


@contextlib.asynccontextmanager
async def start_bot(
    serve: Serve,
    database: Path,
    *,
    api: FakeBotAPI | None = None,
    site: Site | None = None,
    site_url: str | None = None,
    api_url: str | None = None,
    jobs: bool = False,
    clock: Clock | None = None,
    pipeline: Pipeline | None = None,
    polling: bool = False,
    **settings_changes: Any,
) -> AsyncIterator[Bot]:
    """Start the bot on ``database`` (reuse ``api``/``site`` and their URLs to restart it);
    ``jobs``: with the daily digests and feed polling running, on ``clock``."""
    api = api or FakeBotAPI()
    site = site or Site()
    api_url = api_url or await serve(api.app())
    site_url = site_url or await serve(site.app())
    settings = bot_settings(api, api_url, database, **settings_changes)
    services = Services(settings, pipeline=pipeline or local_pipeline(), jobs=jobs, clock=clock)
    app = build_application(settings, services)
    async with running_application(app, polling=polling):
        yield Bot(api, app, services, site, site_url, settings)
