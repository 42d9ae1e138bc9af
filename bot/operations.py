"""``NEWSBOT_METRICS_LISTEN=HOST:PORT``: ``/metrics`` and ``/healthz`` for operators.

A small aiohttp server in the bot's own event loop, on its own port (never the webhook's: the
reverse proxy publishes the webhook path only, and metrics stay on the private network):

- ``GET /metrics``: the bot's counters in Prometheus' text format (``services.metrics``; the
  bot's own registry, so nothing but ``newsbot_*`` and what it is asked to add);
- ``GET /healthz``: 200 ``ok`` while the bot runs and its database answers a trivial query
  within a few seconds, otherwise 503 with the reason (a load balancer takes the replica out).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from services.metrics import Metrics

logger = logging.getLogger(__name__)

HEALTH_TIMEOUT = 3.0  # seconds the database may take to answer /healthz

Health = Callable[[], Awaitable[str | None]]
"""None when healthy, else why not (shown in the 503's body)."""


def operations_app(metrics: Metrics, health: Health) -> web.Application:
    async def scrape(_: web.Request) -> web.Response:
        body = generate_latest(metrics.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def healthz(_: web.Request) -> web.Response:
        try:
            problem = await asyncio.wait_for(health(), HEALTH_TIMEOUT)
        except TimeoutError:
            problem = f"the database did not answer within {HEALTH_TIMEOUT:g} s"
        except Exception as exc:  # the check itself failed: unhealthy, and say why
            problem = f"health check failed: {type(exc).__name__}: {exc}"
        if problem is not None:
            return web.Response(status=503, text=f"unhealthy: {problem}\n")
        return web.Response(text="ok\n")

    app = web.Application()
    app.router.add_get("/metrics", scrape)
    app.router.add_get("/healthz", healthz)
    return app


class OperationsServer:
    """Serves :func:`operations_app` on ``host:port`` between :meth:`start` and :meth:`stop`."""

    def __init__(self, host: str, port: int, metrics: Metrics, health: Health) -> None:
        self.host, self.port = host, port
        self._runner = web.AppRunner(operations_app(metrics, health), access_log=None)
        self._started = False

    async def start(self) -> None:
        await self._runner.setup()
        self._started = True
        await web.TCPSite(self._runner, self.host, self.port).start()
        logger.info("metrics and health on http://%s:%d/metrics, /healthz", self.host, self.port)

    async def stop(self) -> None:
        if self._started:
            self._started = False
            await self._runner.cleanup()
