"""A clock that tests move by hand, for the digest scheduler and the feed poller."""

from __future__ import annotations

import asyncio
import datetime as dt


class FakeClock:
    """``now()`` stands still until :meth:`set` or :meth:`advance`; sleepers wake when their
    time is reached (or their wake event is set)."""

    def __init__(self, start: dt.datetime) -> None:
        self._now = start
        self._sleepers: list[tuple[dt.datetime, asyncio.Future[object]]] = []

    def now(self) -> dt.datetime:
        return self._now

    def set(self, when: dt.datetime) -> None:
        self._now = when
        for due, future in self._sleepers:
            if due <= when and not future.done():
                future.set_result(None)

    def advance(self, delta: dt.timedelta) -> None:
        self.set(self._now + delta)

    @property
    def sleepers(self) -> list[dt.datetime]:
        """When each current sleeper wants to wake."""
        return sorted(due for due, future in self._sleepers if not future.done())

    async def sleep_until(self, when: dt.datetime, wake: asyncio.Event) -> None:
        if when <= self._now or wake.is_set():
            await asyncio.sleep(0)
            return
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        entry = (when, future)
        self._sleepers.append(entry)
        waiter: asyncio.Future[object] = asyncio.ensure_future(wake.wait())
        try:
            await asyncio.wait({future, waiter}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
            self._sleepers.remove(entry)
