"""What the bot counts, in Prometheus form: one :class:`Metrics` per running bot.

Every metric lives in the instance's own ``registry`` (never prometheus-client's global one), so
two bots in one process (the tests) count apart, and ``bot.metrics_server`` serves exactly these
at ``/metrics``. Every name starts with ``newsbot_``. The services count where things happen:

- ``Summaries.for_url`` (``services.articles``): links summarised, failed by reason, cache hits,
  the pipeline's seconds;
- the digest scheduler (``services.jobs``): digests sent, whether this replica holds the
  scheduler lock;
- the Bot API requests (``bot.app``'s rate limiter): errors by method and code, 429s.

Nothing here knows Telegram: the bot layer reports its errors as plain names and numbers.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

PREFIX = "newsbot_"
# Seconds: a cached page takes milliseconds, a slow site up to the fetch timeout.
PIPELINE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 40.0)


def failure_reason(exc: BaseException) -> str:
    """A short, bounded label for why a link failed: the exception's class name (``FetchError``,
    ``HTTPStatusError``, ``NotAnArticleError``...)."""
    return type(exc).__name__


class Metrics:
    """The counters, histogram and gauge of one bot (see the module doc)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.links_summarized = Counter(
            f"{PREFIX}links_summarized", "Links answered with a summary.", registry=r
        )
        self.links_failed = Counter(
            f"{PREFIX}links_failed",
            "Links that could not be summarised, by reason (the error's kind).",
            ["reason"],
            registry=r,
        )
        self.cache_hits = Counter(
            f"{PREFIX}cache_hits", "Links answered from the article cache.", registry=r
        )
        self.pipeline_seconds = Histogram(
            f"{PREFIX}pipeline_seconds",
            "Seconds to fetch, extract and summarise one page (cache misses, failures included).",
            buckets=PIPELINE_BUCKETS,
            registry=r,
        )
        self.digests_sent = Counter(
            f"{PREFIX}digests_sent", "Daily digests delivered in full.", registry=r
        )
        self.digest_messages_sent = Counter(
            f"{PREFIX}digest_messages_sent", "Messages of daily digests posted.", registry=r
        )
        self.telegram_errors = Counter(
            f"{PREFIX}telegram_api_errors",
            "Bot API requests that failed, by method and error kind.",
            ["method", "error"],
            registry=r,
        )
        self.telegram_retry_after = Counter(
            f"{PREFIX}telegram_api_429",
            "Bot API answers 429 Too Many Requests (flood control).",
            registry=r,
        )
        self.scheduler_leader = Gauge(
            f"{PREFIX}scheduler_leader",
            "1 while this replica holds the scheduler lock (sends digests, polls feeds).",
            registry=r,
        )

    def link_failed(self, exc: BaseException) -> None:
        self.links_failed.labels(reason=failure_reason(exc)).inc()

    def telegram_error(self, method: str, error: str) -> None:
        self.telegram_errors.labels(method=method, error=error).inc()
