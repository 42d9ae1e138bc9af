"""A minimal fake Telegram Bot API for the digest tests: sendMessage, getChat, getChatMember.

A real PTB ``Bot`` talks HTTP to it on 127.0.0.1, so requests, responses and errors (403, 429,
400) go through PTB's own parsing exactly as with Telegram.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 123456


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
    chats: dict[int, dict[str, Any]] = field(default_factory=dict)  # getChat answers, by id
    members: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # getChatMember
    hold_after: int | None = None  # sendMessage hangs once this many messages were sent...
    release: asyncio.Event = field(default_factory=asyncio.Event)  # ...until this is set
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
            if self.hold_after is not None and len(self.sent) >= self.hold_after:
                await self.release.wait()
            return self.send_message(params)
        if method == "getChat":
            return self.get_chat(params)
        if method == "getChatMember":
            chat = self.find_chat(params["chat_id"])
            if chat is None:
                return _error(400, "Bad Request: chat not found")
            member = self.members.get((chat["id"], int(params["user_id"])))
            return _ok(member or member_json(int(params["user_id"]), "left"))
        return _error(404, f"Not Found: method {method} not in this fake")

    def add_chat(
        self, chat_id: int, chat_type: str, title: str, username: str | None = None
    ) -> None:
        self.chats[chat_id] = {
            "id": chat_id,
            "type": chat_type,
            "title": title,
            **({"username": username} if username else {}),
        }

    def set_member(self, chat_id: int, user_id: int, status: str, **rights: bool) -> None:
        self.members[(chat_id, user_id)] = member_json(user_id, status, **rights)

    def find_chat(self, ref: object) -> dict[str, Any] | None:
        text = str(ref)
        for chat in self.chats.values():
            if text in (str(chat["id"]), "@" + str(chat.get("username"))):
                return chat
        return None

    def get_chat(self, params: dict[str, Any]) -> web.Response:
        chat = self.find_chat(params["chat_id"])
        if chat is None:
            return _error(400, "Bad Request: chat not found")
        return _ok(
            {
                **chat,
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": {
                    "unlimited_gifts": False,
                    "limited_gifts": False,
                    "unique_gifts": False,
                    "premium_subscription": False,
                    "gifts_from_channels": False,
                },
            }
        )

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


_ADMIN_RIGHTS = (
    "can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
    "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
    "can_post_stories", "can_edit_stories", "can_delete_stories", "can_post_messages",
    "can_edit_messages", "can_pin_messages", "can_manage_topics",
)  # fmt: skip
_RESTRICTED_RIGHTS = (
    "can_change_info", "can_invite_users", "can_pin_messages", "can_send_messages",
    "can_send_polls", "can_send_other_messages", "can_add_web_page_previews",
    "can_manage_topics", "can_send_audios", "can_send_documents", "can_send_photos",
    "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_edit_tag",
)  # fmt: skip


def member_json(user_id: int, status: str, **rights: bool) -> dict[str, Any]:
    """A ChatMember as the Bot API sends it (status: creator, administrator, member, ...)."""
    user = {"id": user_id, "is_bot": user_id == BOT_ID, "first_name": f"User{user_id}"}
    body: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        body["is_anonymous"] = False
    elif status == "administrator":
        body.update({"is_anonymous": False, **{r: rights.get(r, True) for r in _ADMIN_RIGHTS}})
    elif status == "restricted":
        body.update(
            {
                "is_member": True,
                "until_date": 0,
                **{r: rights.get(r, True) for r in _RESTRICTED_RIGHTS},
            }
        )
    elif status == "kicked":
        body["until_date"] = 0
    return body


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
