"""The fake Bot API with Telegram's message limits: 429 beyond 30 messages in any second, or 20
a minute in one group; it records the busiest second it saw (benchmarks and pacing tests)."""

from __future__ import annotations

from collections import deque

from aiohttp import web

from tests.fake_bot_api import Call, Failure, FakeBotAPI


class TelegramLimits(FakeBotAPI):
    """The tests' fake Bot API, answering 429 like Telegram beyond 30 messages/s or 20/min per
    group."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.window: deque[float] = deque()
        self.per_group: dict[int, deque[float]] = {}
        self.too_many = 0
        self.busiest_second = 0
        self.digest_sends = 0  # digest messages being answered now...
        self.peak_digest_sends = 0  # ...and the most at once

    async def _answer(self, method: str, call: Call) -> web.Response:
        digest = method == "sendMessage" and (call.chat_id or 0) < 0
        self.digest_sends += digest
        self.peak_digest_sends = max(self.peak_digest_sends, self.digest_sends)
        try:
            return await super()._answer(method, call)
        finally:
            self.digest_sends -= digest

    def _take_failure(self, call: Call) -> Failure | None:
        if call.method != "sendMessage" or call.chat_id is None:
            return super()._take_failure(call)
        now = call.at
        while self.window and now - self.window[0] >= 1.0:
            self.window.popleft()
        group = self.per_group.setdefault(call.chat_id, deque()) if call.chat_id < 0 else None
        if group is not None:
            while group and now - group[0] >= 60.0:
                group.popleft()
        if len(self.window) >= 30 or (group is not None and len(group) >= 20):
            self.too_many += 1
            return Failure("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        self.window.append(now)
        if group is not None:
            group.append(now)
        self.busiest_second = max(self.busiest_second, len(self.window))
        return super()._take_failure(call)
