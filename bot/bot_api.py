"""The bot's side of the Bot API, hardened: updates parsed one by one, sends that outlast an outage.

:class:`NewsBot` is PTB's ``ExtBot`` with one change to ``get_updates``: each update of a batch
is parsed on its own. One that cannot be parsed (``{"update_id": 4, "message": {}}``) is logged
once and skipped, the others are handled, and the next request's offset moves past it, so
Telegram stops sending it. (PTB parses the whole batch at once: one bad update failed the batch,
which was then asked for again, forever.) An answer that is not a list of updates is a
``NetworkError``, which PTB's polling loop backs off from (1 s growing to 30 s).

:class:`PatientRateLimiter` is the rate limiter (``AIORateLimiter``, counting only messages
against the limits, see ``bot.app``) with a deadline instead of a number of tries for every
request that shows the user something (:data:`PATIENT_METHODS`): a 5xx, a timeout, a lost
connection or a 429 is retried, with a growing pause (a 429's ``retry_after`` honoured), until
``deadline`` seconds have passed since the first try (the last try may run a little past it).
It gives up early only when Telegram says the chat is gone (blocked, kicked, chat not found);
then ``on_chat_gone`` marks the chat. What was given up is counted in :class:`SendCounters` and
each give-up is logged with the running count.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import JSONDict, ODVInput, TimePeriod
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, ExtBot

from handlers.failures import SendGivenUp
from services.metrics import Metrics

logger = logging.getLogger(__name__)

ChatGone = Callable[[int, str], Awaitable[None]]

# Requests whose failure a user would notice: a reply, an edit, the answer to a button.
PATIENT_METHODS = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "deleteMessage",
        "answerCallbackQuery",
        "sendDocument",
    }
)
NO_RETRY = -1  # rate_limit_args for a send that must be tried once (PTB drops a 0)
DEFAULT_DEADLINE = 90.0  # seconds: comfortably more than a 30 s outage
FIRST_PAUSE = 0.5  # seconds before the first retry; doubled after each failure...
MAX_PAUSE = 8.0  # ...up to this
_FOREVER = 1_000_000  # "retries" after a RetryAfter: the deadline decides, not a count

# BadRequest texts that mean the bot cannot post in this chat any more: the one list, for
# replies (here) and digests (bot.digest_sender).
CHAT_GONE_MESSAGES = (
    "chat not found",
    "bot was kicked",
    "bot is not a member",
    "group chat was deactivated",
    "have no rights to send",
    "not enough rights",
    "need administrator rights",
    "chat_write_forbidden",
    "chat_restricted",
)


def chat_gone_reason(exc: Exception) -> str | None:
    """Why the bot can no longer post in the chat this error came from, or None."""
    if isinstance(exc, Forbidden):
        return f"forbidden: {exc.message}"
    if isinstance(exc, BadRequest):
        low = exc.message.lower()
        if any(clue in low for clue in CHAT_GONE_MESSAGES):
            return exc.message
    return None


class NewsBot(ExtBot[Any]):
    """``ExtBot`` whose ``get_updates`` parses updates one by one (see the module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._next_offset = 0  # past the newest update seen, parsed or not

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: TimePeriod | None = None,  # noqa: ASYNC109 (the Bot API's parameter)
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        if self._next_offset and (offset is None or offset < self._next_offset):
            offset = self._next_offset  # confirm the updates skipped as malformed
        data: JSONDict = {
            "timeout": timeout,
            "offset": offset,
            "limit": limit,
            "allowed_updates": allowed_updates,
        }
        # As PTB's own get_updates: the read timeout is the long poll's timeout plus the
        # request's own.
        if isinstance(read_timeout, float | int):
            base = float(read_timeout)
        else:
            base = self._request[0].read_timeout or 0.0
        wait = timeout.total_seconds() if isinstance(timeout, dt.timedelta) else (timeout or 0)
        result = await self._post(
            "getUpdates",
            data,
            read_timeout=base + wait,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        if not isinstance(result, list):
            raise NetworkError(f"getUpdates answered {type(result).__name__}, not a list")
        return tuple(self.parse_updates(result))

    def parse_updates(self, result: list[Any]) -> list[Update]:
        """The updates of one getUpdates answer that parse; each other one is logged once."""
        updates: list[Update] = []
        for item in result:
            update_id = item.get("update_id") if isinstance(item, dict) else None
            if isinstance(update_id, int) and not isinstance(update_id, bool):
                self._next_offset = max(self._next_offset, update_id + 1)
            try:
                if not isinstance(item, dict):
                    raise TypeError(f"an update must be an object, not {type(item).__name__}")
                update = Update.de_json(item, self)
            except Exception as exc:
                keys = sorted(item)[:8] if isinstance(item, dict) else []
                logger.warning(
                    "skipped a malformed update (update_id %s, keys %s): %s: %s",
                    update_id,
                    keys,
                    type(exc).__name__,
                    exc,
                )
                continue
            self.insert_callback_data(update)
            updates.append(update)
        return updates


@dataclasses.dataclass
class SendCounters:
    """What the bot could not deliver, for the log now and ``/metrics`` later."""

    given_up: Counter[str] = dataclasses.field(default_factory=Counter)  # by method
    chats_gone: int = 0
    retried: int = 0  # retries made (each failed try that was tried again)

    @property
    def total_given_up(self) -> int:
        return sum(self.given_up.values())

    def as_dict(self) -> dict[str, int]:
        """Flat counters: ``given_up_total``, ``given_up_<method>``, ``chats_gone``, ``retried``."""
        flat = {f"given_up_{method}": n for method, n in sorted(self.given_up.items())}
        return {
            "given_up_total": self.total_given_up,
            **flat,
            "chats_gone": self.chats_gone,
            "retried": self.retried,
        }


_Callback = Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]]


class PatientRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` with a deadline for the requests users see (see the module doc)."""

    def __init__(
        self,
        *,
        deadline: float = DEFAULT_DEADLINE,
        first_pause: float = FIRST_PAUSE,
        max_pause: float = MAX_PAUSE,
        max_retries: int = 3,
        not_messages: frozenset[str] = frozenset(),
        counters: SendCounters | None = None,
        on_chat_gone: ChatGone | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        super().__init__(max_retries=max_retries)
        self.metrics = metrics or Metrics()  # each failed try, by method and error; the 429s
        self.deadline = deadline
        # A try started before the deadline may run this long past it (a slow answer, the
        # rest of a 429's retry_after) before it is cut short.
        self.last_try = min(5.0, deadline / 4)
        self.first_pause = first_pause
        self.max_pause = max_pause
        self.not_messages = not_messages
        self.counters = counters or SendCounters()
        self.on_chat_gone = on_chat_gone
        self._abandon = asyncio.Event()

    def abandon(self) -> None:
        """Stop retrying (shutting down): every request waiting to be retried gives up now."""
        self._abandon.set()

    async def process_request(
        self,
        callback: _Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        callback = self._counted(callback, endpoint)
        limited = data
        if endpoint in self.not_messages:  # not counted against a chat's message limits
            limited = {k: v for k, v in data.items() if k != "chat_id"}
        if rate_limit_args == NO_RETRY:
            # The caller retries itself: digests, since a retried send that timed out may post
            # twice, and the scheduler owns their retries and the bound on sends in flight.
            return await super().process_request(callback, args, kwargs, endpoint, limited, 0)
        if endpoint not in PATIENT_METHODS:
            return await super().process_request(
                callback, args, kwargs, endpoint, limited, rate_limit_args
            )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.deadline
        pause = self.first_pause
        tries = 0
        while True:
            tries += 1
            try:
                async with asyncio.timeout_at(deadline + self.last_try):
                    # A RetryAfter is waited out inside (pausing every request, as Telegram
                    # wants) and tried again until the deadline cuts it short.
                    return await super().process_request(
                        callback, args, kwargs, endpoint, limited, _FOREVER
                    )
            except TimeoutError as exc:
                raise self._give_up(endpoint, data, tries, "flood control or no answer") from exc
            except (Forbidden, BadRequest) as exc:
                if tries > 1 and _done_already(endpoint, exc):
                    return True  # an earlier try arrived although its answer did not
                if endpoint == "answerCallbackQuery" and _query_expired(exc):
                    return True  # an answer to a button nobody waits for any more
                reason = chat_gone_reason(exc)
                if reason is not None:
                    await self._chat_gone(data, reason)
                raise
            except NetworkError as exc:  # 5xx, timeouts, refused connections
                left = deadline - loop.time()
                if left <= 0 or self._abandon.is_set():
                    raise self._give_up(endpoint, data, tries, _describe(exc)) from exc
                self.counters.retried += 1
                log = logger.info if tries == 1 else logger.debug
                log("%s to chat %s failed (%s); retrying for up to %.0f s",
                    endpoint, data.get("chat_id"), _describe(exc), left)  # fmt: skip
                with contextlib.suppress(TimeoutError):  # the last try at the deadline
                    await asyncio.wait_for(self._abandon.wait(), min(pause, left))
                pause = min(pause * 2, self.max_pause)

    def _counted(self, callback: _Callback, endpoint: str) -> _Callback:
        metrics = self.metrics

        async def counted(*args: Any, **kwargs: Any) -> bool | JSONDict | list[JSONDict]:
            try:
                return await callback(*args, **kwargs)
            except TelegramError as exc:
                if isinstance(exc, RetryAfter):
                    metrics.telegram_retry_after.inc()
                metrics.telegram_error(endpoint, type(exc).__name__)
                raise

        return counted

    def _give_up(self, endpoint: str, data: dict[str, Any], tries: int, why: str) -> NetworkError:
        self.counters.given_up[endpoint] += 1
        logger.warning(
            "gave up %s to chat %s after %d tries in up to %.0f s: %s (%d given up so far)",
            endpoint,
            data.get("chat_id"),
            tries,
            self.deadline,
            why,
            self.counters.total_given_up,
        )
        return GaveUp(f"{endpoint} given up after {tries} tries: {why}")

    async def _chat_gone(self, data: dict[str, Any], reason: str) -> None:
        self.counters.chats_gone += 1
        chat_id = data.get("chat_id")
        try:
            chat = int(str(chat_id))
        except ValueError:
            return
        if self.on_chat_gone is not None:
            try:
                await self.on_chat_gone(chat, reason)
            except Exception:
                logger.exception("could not mark chat %s as gone", chat)


GaveUp = SendGivenUp  # a request that kept failing until the deadline (or shutdown)


def _describe(exc: NetworkError) -> str:
    return f"{type(exc).__name__}: {exc.message}"


def _done_already(endpoint: str, exc: Exception) -> bool:
    low = str(exc).lower()
    if endpoint.startswith("edit"):
        return "not modified" in low
    if endpoint == "deleteMessage":
        return "message to delete not found" in low
    return False


def _query_expired(exc: Exception) -> bool:
    low = str(exc).lower()
    return "query is too old" in low or "query id is invalid" in low
