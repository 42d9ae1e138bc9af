"""A minimal fake Telegram Bot API for the digest scheduler's tests (sendMessage and errors).

A real PTB ``Bot`` talks HTTP to it on 127.0.0.1, so requests, responses and errors (403, 429,
400) go through PTB's own parsing exactly as with Telegram.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class SentMessage:
    chat_id: int
    text: str
    message_thread_id: int | None
    parse_mode: str | None
    message_id: int


@dataclass
class Failure:
    error_code: int
    description: str
    retry_after: int | None = None
    times: int | None = None  # None: for ever


@dataclass
class DigestBotAPI:
    token: str = "123456:TEST"
    sent: list[SentMessage] = field(default_factory=list)
    failures: dict[int, Failure] = field(default_factory=dict)  # by chat id
    missing_threads: set[int] = field(default_factory=set)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)
        return app

    def to(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.sent if m.chat_id == chat_id]

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        if method == "getMe":
            return _ok({"id": 123456, "is_bot": True, "first_name": "News", "username": "newsbot"})
        if method == "sendMessage":
            return self.send_message(params)
        return _error(404, f"Not Found: method {method} not in this fake")

    def send_message(self, params: dict[str, Any]) -> web.Response:
        chat_id = int(params["chat_id"])
        failure = self.failures.get(chat_id)
        if failure is not None:
            if failure.times is not None:
                failure.times -= 1
                if failure.times <= 0:
                    del self.failures[chat_id]
            return _error(failure.error_code, failure.description, failure.retry_after)
        thread = params.get("message_thread_id")
        thread_id = int(thread) if thread not in (None, "") else None
        if thread_id is not None and thread_id in self.missing_threads:
            return _error(400, "Bad Request: message thread not found")
        message = SentMessage(
            chat_id, str(params["text"]), thread_id, params.get("parse_mode"), next(self._ids)
        )
        self.sent.append(message)
        return _ok(
            {
                "message_id": message.message_id,
                "date": 1772438400,
                "chat": {"id": chat_id, "type": "supergroup", "title": "Chat"},
                "text": message.text,
                **({"message_thread_id": thread_id} if thread_id is not None else {}),
            }
        )


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        data = await request.json()
        return dict(data) if isinstance(data, dict) else {}
    form = await request.post()
    out: dict[str, Any] = {}
    for key, value in form.items():
        text = str(value)
        try:
            out[key] = json.loads(text) if text[:1] in "{[" else text
        except json.JSONDecodeError:
            out[key] = text
    return out


def _ok(result: object) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=code)
