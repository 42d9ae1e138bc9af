"""The per-user link limit: at most ``max_links`` links per ``window``, sliding."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Allowance:
    granted: int  # how many of the asked links may be summarised now
    retry_in: float  # seconds until one more link is allowed (0 when some were granted)
    tell: bool  # say so to the user (once per time the limit is reached)

    @property
    def retry_minutes(self) -> int:
        return max(1, math.ceil(self.retry_in / 60))


class LinkLimiter:
    """Counts links per user in a sliding window (in memory: a restart forgives everyone)."""

    def __init__(
        self,
        max_links: int = 20,
        window: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_links = max_links
        self.window = window
        self._clock = clock
        self._seen: dict[int, deque[float]] = {}
        self._told: dict[int, float] = {}  # user -> when the window that was reported ends

    def take(self, user_id: int, wanted: int) -> Allowance:
        """Ask for ``wanted`` links for ``user_id``; the granted ones are counted."""
        now = self._clock()
        seen = self._seen.setdefault(user_id, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        granted = max(0, min(wanted, self.max_links - len(seen)))
        seen.extend([now] * granted)
        if granted == wanted:
            return Allowance(granted, 0.0, False)
        retry_in = seen[0] + self.window - now if seen else 0.0
        told_until = self._told.get(user_id, -math.inf)
        tell = now >= told_until
        if tell:
            self._told[user_id] = now + retry_in
        if len(self._seen) > 10_000:  # forget users who went quiet
            self._forget_idle(now)
        return Allowance(granted, retry_in, tell)

    def _forget_idle(self, now: float) -> None:
        for user_id in [u for u, s in self._seen.items() if not s or s[-1] <= now - self.window]:
            del self._seen[user_id]
            self._told.pop(user_id, None)
