"""A fake OpenAI-compatible model server for tests: ``POST /v1/chat/completions`` on 127.0.0.1.

It answers the way Ollama, vLLM or llama.cpp's server do (the chat completions JSON), or fails
the way they can::

    llm = FakeLLM(answer="One. Two. Three.")
    base = await serve(llm.app())            # tests/conftest.py's ``serve`` fixture
    url = f"{base}/v1"                       # NEWSBOT_LLM_URL
    llm.status = 500                         # the next answers are HTTP 500
    llm.delay = 10.0                         # ... or hang for ten seconds
    llm.raw = b"<html>oops</html>"           # ... or a body that is no JSON at all
    llm.answer = lambda request: "..."       # an answer made from the request

Every request is recorded in :attr:`FakeLLM.requests` (its JSON and headers).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

Answer = str | Callable[["LLMRequest"], str]


@dataclass(frozen=True)
class LLMRequest:
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def messages(self) -> list[dict[str, Any]]:
        messages = self.body.get("messages")
        return messages if isinstance(messages, list) else []

    @property
    def prompt(self) -> str:
        """Every message's text, joined (what the model was shown)."""
        return "\n".join(str(m.get("content", "")) for m in self.messages)

    @property
    def user(self) -> str:
        """The last user message."""
        users = [str(m.get("content", "")) for m in self.messages if m.get("role") == "user"]
        return users[-1] if users else ""


@dataclass
class FakeLLM:
    answer: Answer = "The model's summary."
    status: int = 200
    delay: float = 0.0
    raw: bytes | None = None  # a body sent as it is (with status), instead of the JSON answer
    requests: list[LLMRequest] = field(default_factory=list)
    in_flight: int = 0
    peak: int = 0  # the most requests answered at once

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self.completions)
        return app

    async def completions(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return web.json_response({"error": {"message": "invalid JSON"}}, status=400)
        record = LLMRequest(body if isinstance(body, dict) else {}, dict(request.headers))
        self.requests.append(record)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            if self.raw is not None:
                return web.Response(body=self.raw, status=self.status, content_type="text/html")
            if self.status != 200:
                return web.json_response(
                    {"error": {"message": "model crashed", "type": "server_error"}},
                    status=self.status,
                )
            text = self.answer(record) if callable(self.answer) else self.answer
            return web.json_response(
                {
                    "id": f"chatcmpl-{len(self.requests)}",
                    "object": "chat.completion",
                    "created": 1_772_438_400,
                    "model": record.body.get("model", ""),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
            )
        finally:
            self.in_flight -= 1
