"""Fixtures shared by the whole suite.

``serve`` starts a real aiohttp server on 127.0.0.1 for a test: pages, feeds, redirects and
misbehaving sites are served from it, so no test touches the network.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web

os.environ.setdefault("HF_HUB_OFFLINE", "1")

Serve = Callable[[web.Application], Awaitable[str]]


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    """``base_url = await serve(app)``: run ``app`` on a free port of 127.0.0.1."""
    runners: list[web.AppRunner] = []

    async def start(app: web.Application) -> str:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}"

    yield start
    for runner in runners:
        await runner.cleanup()
