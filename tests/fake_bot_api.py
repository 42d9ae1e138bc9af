"""A small fake Telegram Bot API for end-to-end tests and benchmarks.

It is an aiohttp server on 127.0.0.1 that answers ``POST /bot<token>/<method>`` the way Telegram
does, so a real PTB ``Application`` (pointed at it with ``base_url``) runs unchanged: requests,
responses and errors (400, 403, 429 with ``retry_after``) go through PTB's own parsing.

What it offers a test::

    api = FakeBotAPI()
    base = await serve(api.app())                  # tests/conftest.py's ``serve`` fixture
    app = ApplicationBuilder().token(api.token).base_url(f"{base}/bot")...build()

    api.add_chat(-100, "supergroup", title="Forum", is_forum=True)
    api.set_member(-100, 7, "administrator")       # getChatMember / getChatAdministrators
    update = api.updates.message(-100, "hello https://x.test/a", user=7, thread_id=3)
    await api.push_update(update)                     # delivered by getUpdates (long polling) ...
    await app.process_update(Update.de_json(update, app.bot))   # ... or processed directly
    reply = await api.wait_for_message(lambda m: m.chat_id == -100)
    api.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)

* every call is recorded in :attr:`FakeBotAPI.calls` (method, parameters, time), and every
  message the bot sent or edited in :attr:`FakeBotAPI.messages` (:class:`SentMessage`);
* :meth:`FakeBotAPI.fail` makes the next calls of a method (optionally for one chat) fail with
  any error code, e.g. a 429 with ``retry_after``, or a 403 "bot was kicked";
  :meth:`FakeBotAPI.outage` makes every call of some methods fail (500, or 429 with
  ``retry_after``) for a number of seconds; :meth:`FakeBotAPI.delay` makes a method answer late
  (longer than the client waits, it is a timeout); :meth:`FakeBotAPI.push_update` queues any
  JSON, a malformed update included;
* chats, members and administrators answer ``getChat``, ``getChatMember`` and
  ``getChatAdministrators``; forum topics are plain ``message_thread_id`` values;
* :class:`UpdateFactory` (``api.updates``) builds update JSON: messages with the entities
  Telegram would add (commands, URLs, mentions, text links; offsets in UTF-16 units), captions,
  forwards, replies, callback queries and ``my_chat_member`` changes;
* files: ``sendDocument`` uploads (multipart) are kept in :attr:`FakeBotAPI.documents`
  (:class:`SentDocument`, with the bytes and file name); ``api.updates.document(...)`` is a
  user sending a file; ``getFile`` and ``GET /file/bot<token>/<path>`` let the bot download
  any known file (PTB's ``base_file_url`` is ``f"{base}/file/bot"``). Telegram's limits hold:
  50 MB per upload, 20 MB per download.

Methods not implemented answer 404 "method not found", so a test notices what is missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

BOT_ID = 777000111
BOT_USERNAME = "newsbot_test_bot"
DEFAULT_TOKEN = "777000111:TEST-token-for-the-fake-bot-api"
EPOCH = 1_772_438_400  # 2026-03-02 08:00 UTC: the date of every fake message


# --- what was sent ------------------------------------------------------------------------------


@dataclass
class Call:
    """One Bot API request as the fake received it."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() on arrival

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None


@dataclass
class SentMessage:
    """A message the bot sent (or its latest edit)."""

    message_id: int
    chat_id: int
    text: str
    parse_mode: str | None = None
    thread_id: int | None = None
    reply_to: int | None = None  # the message it replies to
    reply_markup: dict[str, Any] | None = None
    link_preview_disabled: bool = False
    at: float = 0.0  # time.monotonic() when sent (or last edited)
    edits: int = 0

    def buttons(self) -> list[dict[str, Any]]:
        """The inline keyboard's buttons, row after row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    def button(self, text_part: str) -> dict[str, Any]:
        """The first button whose label contains ``text_part`` (AssertionError if none)."""
        for button in self.buttons():
            if text_part.lower() in str(button.get("text", "")).lower():
                return button
        labels = [b.get("text") for b in self.buttons()]
        raise AssertionError(f"no button with {text_part!r}; buttons: {labels}")


@dataclass
class Failure:
    """An injected error: the next ``times`` calls of ``method`` (for ``chat_id``) fail."""

    method: str
    error_code: int
    description: str
    retry_after: int | None = None
    times: int | None = 1  # None: until removed (or until ``until``)
    chat_id: int | None = None
    until: float | None = None  # time.monotonic() after which it no longer applies
    methods: frozenset[str] = frozenset()  # more methods it applies to (an outage)

    def applies(self, call: Call) -> bool:
        if call.method != self.method and call.method not in self.methods:
            return False
        if self.until is not None and call.at >= self.until:
            return False
        return self.chat_id is None or self.chat_id == call.chat_id


# --- building updates ---------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"']+")
_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: what Telegram's entity offsets count."""
    return len(text.encode("utf-16-le")) // 2


def _entity(kind: str, text: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "offset": utf16_len(text[:start]),
        "length": utf16_len(text[start:end]),
        **extra,
    }


def entities_for(text: str, text_links: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The entities Telegram would attach: a leading bot command, bare URLs, @mentions, and a
    ``text_link`` for each ``label -> url`` in ``text_links`` (the label must occur in text)."""
    found: list[dict[str, Any]] = []
    command = _COMMAND.match(text)
    if command:
        found.append(_entity("bot_command", text, 0, command.end()))
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in ".,;:!?)":
            end -= 1
        found.append(_entity("url", text, match.start(), end))
    for match in _MENTION.finditer(text):
        found.append(_entity("mention", text, match.start(), match.end()))
    for label, url in (text_links or {}).items():
        start = text.index(label)
        found.append(_entity("text_link", text, start, start + len(label), url=url))
    found.sort(key=lambda e: e["offset"])
    return found


def user_json(
    user_id: int,
    name: str | None = None,
    username: str | None = None,
    language_code: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": name or f"User{user_id}"}
    if username:
        body["username"] = username
    if language_code:
        body["language_code"] = language_code
    return body


BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "News", "username": BOT_USERNAME}


class UpdateFactory:
    """Builds update JSON with increasing update and message ids."""

    def __init__(self, api: FakeBotAPI) -> None:
        self._api = api
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    def next_message_id(self) -> int:
        return next(self._message_ids)

    def message(
        self,
        chat_id: int,
        text: str = "",
        *,
        user: int | None = None,
        user_name: str | None = None,
        username: str | None = None,
        thread_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
        caption: bool = False,
        text_links: Mapping[str, str] | None = None,
        forward_from_chat: dict[str, Any] | None = None,
        sender_chat: dict[str, Any] | None = None,
        entities: list[dict[str, Any]] | None = None,
        message_id: int | None = None,
        date: int = EPOCH,
    ) -> dict[str, Any]:
        """An update holding one message. ``user`` defaults to ``chat_id`` in private chats.

        ``caption=True`` puts the text in a photo's caption; ``forward_from_chat`` makes it a
        forwarded channel post; ``reply_to`` is another message's JSON (e.g. a bot message from
        :meth:`FakeBotAPI.message_json`)."""
        message = self.message_json(
            chat_id,
            text,
            user=user,
            user_name=user_name,
            username=username,
            thread_id=thread_id,
            reply_to=reply_to,
            caption=caption,
            text_links=text_links,
            forward_from_chat=forward_from_chat,
            sender_chat=sender_chat,
            entities=entities,
            message_id=message_id,
            date=date,
        )
        kind = "channel_post" if message["chat"]["type"] == "channel" else "message"
        return {"update_id": next(self._update_ids), kind: message}

    def message_json(
        self,
        chat_id: int,
        text: str = "",
        *,
        user: int | None = None,
        user_name: str | None = None,
        username: str | None = None,
        thread_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
        caption: bool = False,
        text_links: Mapping[str, str] | None = None,
        forward_from_chat: dict[str, Any] | None = None,
        sender_chat: dict[str, Any] | None = None,
        entities: list[dict[str, Any]] | None = None,
        message_id: int | None = None,
        date: int = EPOCH,
    ) -> dict[str, Any]:
        chat = self._api.chat_json(chat_id)
        message: dict[str, Any] = {
            "message_id": message_id if message_id is not None else self.next_message_id(),
            "date": date,
            "chat": chat,
        }
        if user is None and chat["type"] == "private":
            user = chat_id
        if user is not None:
            message["from"] = user_json(
                user, user_name, username, self._api.user_languages.get(user)
            )
        if sender_chat is not None:
            message["sender_chat"] = sender_chat
        found = entities if entities is not None else entities_for(text, text_links)
        if caption:
            message["photo"] = [
                {"file_id": "photo", "file_unique_id": "p", "width": 90, "height": 90}
            ]
            message["caption"] = text
            if found:
                message["caption_entities"] = found
        else:
            message["text"] = text
            if found:
                message["entities"] = found
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if forward_from_chat is not None:
            message["forward_origin"] = {
                "type": "channel",
                "chat": forward_from_chat,
                "message_id": 1,
                "date": date,
            }
        return message

    def callback(
        self,
        message: SentMessage,
        data: str,
        *,
        user: int,
        user_name: str | None = None,
    ) -> dict[str, Any]:
        """A press of an inline button under a message the bot sent."""
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": f"cb{next(self._update_ids)}",
                "from": user_json(user, user_name, None, self._api.user_languages.get(user)),
                "chat_instance": "instance",
                "data": data,
                "message": self._api.message_json(message),
            },
        }

    def my_chat_member(
        self, chat_id: int, old: str, new: str, *, by: int, **rights: bool
    ) -> dict[str, Any]:
        """The bot's own membership changed (added, promoted, removed)."""
        return {
            "update_id": next(self._update_ids),
            "my_chat_member": {
                "chat": self._api.chat_json(chat_id),
                "from": user_json(by),
                "date": EPOCH,
                "old_chat_member": member_json(BOT_ID, old),
                "new_chat_member": member_json(BOT_ID, new, **rights),
            },
        }

    def document(
        self,
        chat_id: int,
        data: bytes,
        *,
        filename: str | None = "document.pdf",
        mime_type: str | None = "application/pdf",
        caption: str = "",
        user: int | None = None,
        user_name: str | None = None,
        thread_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """An update holding a message with a file (``data``), stored so the bot can download
        it with ``getFile``; ``caption`` gets the entities Telegram would add."""
        stored = self._api.add_file(data, filename=filename, mime_type=mime_type)
        update = self.message(
            chat_id,
            caption,
            user=user,
            user_name=user_name,
            thread_id=thread_id,
            reply_to=reply_to,
        )
        message = update.get("message") or update["channel_post"]
        message.pop("text", None)
        entities = message.pop("entities", None)
        message["document"] = stored.document_json()
        if caption:
            message["caption"] = caption
            if entities:
                message["caption_entities"] = entities
        return update


# --- chat members -------------------------------------------------------------------------------

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
    "can_send_videos", "can_send_video_notes", "can_send_voice_notes",
)  # fmt: skip


def member_json(user_id: int, status: str, **rights: bool) -> dict[str, Any]:
    """A ChatMember as the Bot API sends it (status: creator, administrator, member,
    restricted, left, kicked); rights default to True for administrators."""
    user = dict(BOT_USER) if user_id == BOT_ID else user_json(user_id)
    body: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        body["is_anonymous"] = False
    elif status == "administrator":
        body.update({"is_anonymous": False, **{r: rights.get(r, True) for r in _ADMIN_RIGHTS}})
    elif status == "restricted":
        body.update(
            {"is_member": True, "until_date": 0}
            | {r: rights.get(r, True) for r in _RESTRICTED_RIGHTS}
        )
    elif status == "kicked":
        body["until_date"] = 0
    return body


# --- files --------------------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # the most a bot may send (sendDocument)
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # the most a bot may download (getFile)


@dataclass
class Upload:
    """A file part of a multipart request, as :func:`_params` reads it."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class StoredFile:
    """A file the fake knows: uploaded by the bot, or sent by a user (``api.add_file``)."""

    file_id: str
    file_unique_id: str
    file_path: str  # what getFile answers; downloaded from /file/bot<token>/<file_path>
    data: bytes
    filename: str | None = None
    mime_type: str | None = None

    def document_json(self) -> dict[str, Any]:
        """The file as a message's ``document``."""
        body: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.filename:
            body["file_name"] = self.filename
        if self.mime_type:
            body["mime_type"] = self.mime_type
        return body


@dataclass
class SentDocument:
    """A document the bot sent: the bytes and file name, as uploaded."""

    message_id: int
    chat_id: int
    file: StoredFile
    caption: str = ""
    parse_mode: str | None = None
    thread_id: int | None = None
    reply_to: int | None = None
    reply_markup: dict[str, Any] | None = None
    at: float = 0.0  # time.monotonic() when sent

    @property
    def data(self) -> bytes:
        return self.file.data

    @property
    def filename(self) -> str | None:
        return self.file.filename

    @property
    def mime_type(self) -> str | None:
        return self.file.mime_type


class _Files:
    """``sendDocument``, ``getFile`` and file downloads: the part of :class:`FakeBotAPI` that
    handles files (kept apart so the rest of the fake reads as before)."""

    token: str
    files: dict[str, StoredFile]
    documents: list[SentDocument]
    downloads: list[str]
    _changed: asyncio.Condition
    _sent_ids: Iterator[int]

    def chat_json(self, chat_id: int) -> dict[str, Any]:
        raise NotImplementedError

    def message_json(self, message: SentMessage) -> dict[str, Any]:
        raise NotImplementedError

    def add_file(
        self, data: bytes, *, filename: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        """Remember a file (as if a user had sent it); returns it with its ``file_id``."""
        number = len(self.files) + 1
        suffix = ""
        if filename and "." in filename:
            suffix = "." + re.sub(r"[^A-Za-z0-9]", "", filename.rsplit(".", 1)[1])[:8]
        stored = StoredFile(
            file_id=f"BQACAgIAAxkBAAI{number:06d}",
            file_unique_id=f"AgAD{number:06d}",
            file_path=f"documents/file_{number}{suffix}",
            data=bytes(data),
            filename=filename,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def documents_to(self, chat_id: int | None = None) -> list[SentDocument]:
        """Documents the bot sent (in order), all or to one chat."""
        return [d for d in self.documents if chat_id is None or d.chat_id == chat_id]

    async def wait_for_documents(
        self,
        predicate: Callable[[SentDocument], bool] = lambda _: True,
        *,
        count: int = 1,
        within: float = 30.0,
    ) -> list[SentDocument]:
        """Wait until ``count`` sent documents match."""

        def matching() -> list[SentDocument]:
            return [d for d in self.documents if predicate(d)]

        try:
            async with asyncio.timeout(within), self._changed:
                await self._changed.wait_for(lambda: len(matching()) >= count)
        except TimeoutError:
            got = [d.filename for d in matching()]
            raise AssertionError(f"waited {within}s for {count} documents; got {got}") from None
        return matching()[:count]

    def _upload(self, params: dict[str, Any], name: str) -> StoredFile:
        value = params.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))
        if isinstance(value, Upload):
            if not value.data:
                raise _APIError(400, "Bad Request: file must be non-empty")
            if len(value.data) > MAX_UPLOAD_BYTES:
                raise _APIError(413, "Request Entity Too Large")
            return self.add_file(value.data, filename=value.filename, mime_type=value.content_type)
        if isinstance(value, str) and value in self.files:
            return self.files[value]  # sent again by file_id
        raise _APIError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = _int(params.get("chat_id"))
        stored = self._upload(params, "document")
        caption = str(params.get("caption") or "")
        if utf16_len(caption) > 1024:
            raise _APIError(400, "Bad Request: message caption is too long")
        if caption and params.get("parse_mode") == "HTML":
            _check_html(caption)
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id") if isinstance(reply, dict) else None
        thread = params.get("message_thread_id")
        sent = SentDocument(
            message_id=next(self._sent_ids),
            chat_id=chat_id,
            file=stored,
            caption=caption,
            parse_mode=params.get("parse_mode"),
            thread_id=_int(thread) if thread not in (None, "") else None,
            reply_to=_int(reply_to) if reply_to is not None else None,
            reply_markup=params.get("reply_markup") or None,
            at=time.monotonic(),
        )
        self.documents.append(sent)
        # The message as for a text message, with the caption where the text would be.
        as_text = SentMessage(
            sent.message_id, chat_id, caption, sent.parse_mode, sent.thread_id, sent.reply_to
        )
        as_text.reply_markup = sent.reply_markup
        body = self.message_json(as_text)
        text, entities = body.pop("text"), body.pop("entities", None)
        if text:
            body["caption"] = text
        if entities:
            body["caption_entities"] = entities
        body["document"] = stored.document_json()
        return body

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self.files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise _APIError(400, "Bad Request: invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise _APIError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    async def _download(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        found = [f for f in self.files.values() if f.file_path == path]
        if request.match_info["token"] != self.token or not found:
            return _error(404, "Not Found")
        self.downloads.append(path)
        stored = found[0]
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )


# --- the server ---------------------------------------------------------------------------------


@dataclass
class FakeBotAPI(_Files):
    """The fake Bot API's state; ``app()`` is the aiohttp application serving it."""

    token: str = DEFAULT_TOKEN
    calls: list[Call] = field(default_factory=list)
    polls: list[Call] = field(default_factory=list)  # getUpdates calls (not in ``calls``)
    messages: dict[tuple[int, int], SentMessage] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    members: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    commands: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # by scope type
    # Each user's Telegram app language (``language_code`` in the updates they send).
    user_languages: dict[int, str] = field(default_factory=dict)
    # Every menu set, by (scope type, language_code; "" for the menu without one).
    menus: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=dict)  # setWebhook's parameters
    latency: float = 0.0  # seconds added to every answer (a slow network)
    delays: dict[str, float] = field(default_factory=dict)  # method -> seconds added
    raw_results: dict[str, Any] = field(default_factory=dict)  # method -> "result" answered
    in_flight: Counter[str] = field(default_factory=Counter)  # requests being answered now...
    peak_in_flight: Counter[str] = field(default_factory=Counter)  # ...and the most at once
    files: dict[str, StoredFile] = field(default_factory=dict)  # by file_id
    documents: list[SentDocument] = field(default_factory=list)  # sent by the bot
    downloads: list[str] = field(default_factory=list)  # file paths downloaded

    def __post_init__(self) -> None:
        self.updates = UpdateFactory(self)
        self._pending: list[dict[str, Any]] = []
        self._changed = asyncio.Condition()
        self._closing = False
        self._sent_ids = itertools.count(100_000)
        self._delay_times: dict[str, int] = {}

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        app.on_shutdown.append(self._on_shutdown)
        return app

    async def close(self) -> None:
        """Answer pending long polls now (call before stopping the server)."""
        self._closing = True
        async with self._changed:
            self._changed.notify_all()

    async def _on_shutdown(self, _: web.Application) -> None:
        await self.close()

    # chats and members

    def add_chat(
        self,
        chat_id: int,
        chat_type: str,
        *,
        title: str | None = None,
        username: str | None = None,
        is_forum: bool = False,
    ) -> None:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = title or f"User{chat_id}"
        else:
            chat["title"] = title or f"Chat {chat_id}"
        if username:
            chat["username"] = username
        if is_forum:
            chat["is_forum"] = True
        self.chats[chat_id] = chat

    def chat_json(self, chat_id: int) -> dict[str, Any]:
        """The chat as it appears inside messages (private when unknown and positive)."""
        known = self.chats.get(chat_id)
        if known is not None:
            return dict(known)
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
        return {"id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}"}

    def set_member(self, chat_id: int, user_id: int, status: str, **rights: bool) -> None:
        self.members[(chat_id, user_id)] = member_json(user_id, status, **rights)

    # updates

    async def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (long polling)."""
        self._pending.append(update)
        async with self._changed:
            self._changed.notify_all()

    # failures

    def fail(
        self,
        method: str,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int | None = 1,
        chat_id: int | None = None,
    ) -> Failure:
        """Make the next ``times`` calls of ``method`` (for ``chat_id``, or any) fail."""
        failure = Failure(method, error_code, description, retry_after, times, chat_id)
        self.failures.append(failure)
        return failure

    def outage(
        self,
        seconds: float,
        *methods: str,
        error_code: int = 500,
        description: str = "Internal Server Error",
        retry_after: int | None = None,
    ) -> Failure:
        """Every call of ``methods`` (all but getUpdates when none are named) fails for the next
        ``seconds``: a 500 by default, or e.g. ``error_code=429, retry_after=2``."""
        names = frozenset(methods or (m for m in _ALL_METHODS if m != "getUpdates"))
        first = sorted(names)[0]
        failure = Failure(
            first, error_code, description, retry_after, times=None,
            until=time.monotonic() + seconds, methods=names,
        )  # fmt: skip
        self.failures.append(failure)
        return failure

    def delay(self, method: str, seconds: float, *, times: int | None = None) -> None:
        """Answer ``method`` ``seconds`` late (0 to stop), the next ``times`` calls or all;
        past the client's read timeout the client sees a timeout, although the call is still
        carried out."""
        self._delay_times.pop(method, None)
        if seconds:
            self.delays[method] = seconds
            if times is not None:
                self._delay_times[method] = times
        else:
            self.delays.pop(method, None)

    def _take_failure(self, call: Call) -> Failure | None:
        now = time.monotonic()
        self.failures = [f for f in self.failures if f.until is None or now < f.until]
        for failure in self.failures:
            if not failure.applies(call):
                continue
            if failure.times is not None:
                failure.times -= 1
                if failure.times <= 0:
                    self.failures.remove(failure)
            return failure
        return None

    # queries for tests

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def sent(self, chat_id: int | None = None) -> list[SentMessage]:
        """Messages the bot sent (in order), all or in one chat."""
        return [m for m in self.messages.values() if chat_id is None or m.chat_id == chat_id]

    async def wait_for_message(
        self,
        predicate: Callable[[SentMessage], bool] = lambda _: True,
        *,
        after: int = 0,
        within: float = 30.0,
    ) -> SentMessage:
        """The first sent message from index ``after`` on that matches (waits for it)."""
        found = await self.wait_for_messages(predicate, count=1, after=after, within=within)
        return found[0]

    async def wait_for_messages(
        self,
        predicate: Callable[[SentMessage], bool] = lambda _: True,
        *,
        count: int,
        after: int = 0,
        within: float = 30.0,
    ) -> list[SentMessage]:
        """Wait until ``count`` sent messages from index ``after`` on match."""

        def matching() -> list[SentMessage]:
            return [m for m in list(self.messages.values())[after:] if predicate(m)]

        async def wait() -> list[SentMessage]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(matching()) >= count)
            return matching()[:count]

        try:
            return await asyncio.wait_for(wait(), within)
        except TimeoutError:
            got = [m.text[:60] for m in matching()]
            raise AssertionError(f"waited {within}s for {count} messages; got {got}") from None

    def message_json(self, message: SentMessage) -> dict[str, Any]:
        """A sent message as Telegram returns it (and as it appears in replies/callbacks):
        HTML is parsed into plain text and entities, as Telegram does."""
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "date": EPOCH,
            "chat": self.chat_json(message.chat_id),
            "from": dict(BOT_USER),
            "text": message.text,
        }
        if message.parse_mode == "HTML":
            body["text"], entities = html_to_entities(message.text)
            if entities:
                body["entities"] = entities
        if message.thread_id is not None:
            body["message_thread_id"] = message.thread_id
            body["is_topic_message"] = True
        if message.reply_markup:
            body["reply_markup"] = message.reply_markup
        if message.edits:
            body["edit_date"] = EPOCH + message.edits
        return body

    # the HTTP side

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        call = Call(method, await _params(request), time.monotonic())
        if method != "getUpdates":
            self.calls.append(call)
        else:
            self.polls.append(call)
        self.in_flight[method] += 1
        self.peak_in_flight[method] = max(self.peak_in_flight[method], self.in_flight[method])
        try:
            return await self._answer(method, call)
        finally:
            self.in_flight[method] -= 1

    async def _answer(self, method: str, call: Call) -> web.Response:
        if self.latency:
            await asyncio.sleep(self.latency)
        delay = self.delays.get(method)
        if delay and method in self._delay_times:
            self._delay_times[method] -= 1
            if self._delay_times[method] <= 0:
                self.delay(method, 0)
        if delay:
            await asyncio.sleep(delay)
        if method in self.raw_results:  # an answer that is not what the method returns
            return web.json_response({"ok": True, "result": self.raw_results[method]})
        failure = self._take_failure(call)
        if failure is not None:
            return _error(failure.error_code, failure.description, failure.retry_after)
        handler = self._methods().get(method.lower())
        if handler is None:
            return _error(404, "Not Found: method not found")
        try:
            result = await handler(call.params)
        except _APIError as exc:
            return _error(exc.code, exc.description)
        async with self._changed:
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    def _methods(self) -> dict[str, Callable[[dict[str, Any]], Any]]:
        return {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_reply_markup,
            "deletemessage": self._delete_message,
            "sendchataction": self._true,
            "answercallbackquery": self._true,
            "getchat": self._get_chat,
            "getchatmember": self._get_chat_member,
            "getchatadministrators": self._get_chat_administrators,
            "senddocument": self._send_document,
            "getfile": self._get_file,
            "close": self._true,
            "logout": self._true,
        }

    async def _true(self, _: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, _: dict[str, Any]) -> dict[str, Any]:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        # A malformed update without an id stays until a later one is confirmed.
        self._pending = [u for u in self._pending if _update_id(u, offset) >= offset]

        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: bool(self._pending) or self._closing),
                    timeout,
                )
        return self._pending[:limit]

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = dict(params)
        return True

    async def _delete_webhook(self, _: dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    async def _get_webhook_info(self, _: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }

    @staticmethod
    def _menu_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        language = str(params.get("language_code") or "")
        if language and not (len(language) == 2 and language.isalpha() and language.islower()):
            raise _APIError(400, "Bad Request: invalid language code specified")
        return str(scope.get("type")), language

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        scope, language = self._menu_key(params)
        self.menus[scope, language] = list(params["commands"])
        if not language:  # ``commands``: the menus without a language, as before
            self.commands[scope] = list(params["commands"])
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        return self.menus.get(self._menu_key(params), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        scope, language = self._menu_key(params)
        self.menus.pop((scope, language), None)
        if not language:
            self.commands.pop(scope, None)
        return True

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = _int(params.get("chat_id"))
        text = str(params.get("text", ""))
        if not text.strip():
            raise _APIError(400, "Bad Request: message text is empty")
        if utf16_len(text) > 4096:
            raise _APIError(400, "Bad Request: message is too long")
        if params.get("parse_mode") == "HTML":
            _check_html(text)
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id") if isinstance(reply, dict) else None
        thread = params.get("message_thread_id")
        preview = params.get("link_preview_options") or {}
        message = SentMessage(
            message_id=next(self._sent_ids),
            chat_id=chat_id,
            text=text,
            parse_mode=params.get("parse_mode"),
            thread_id=_int(thread) if thread not in (None, "") else None,
            reply_to=_int(reply_to) if reply_to is not None else None,
            reply_markup=params.get("reply_markup") or None,
            link_preview_disabled=bool(preview.get("is_disabled"))
            or _truthy(params.get("disable_web_page_preview")),
            at=time.monotonic(),
        )
        self.messages[(chat_id, message.message_id)] = message
        return self.message_json(message)

    def _find(self, params: dict[str, Any]) -> SentMessage:
        key = (_int(params.get("chat_id")), _int(params.get("message_id")))
        message = self.messages.get(key)
        if message is None:
            raise _APIError(400, "Bad Request: message to edit not found")
        return message

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._find(params)
        text = str(params.get("text", ""))
        if utf16_len(text) > 4096:
            raise _APIError(400, "Bad Request: message is too long")
        if params.get("parse_mode") == "HTML":
            _check_html(text)
        markup = params.get("reply_markup") or None
        if text == message.text and markup == message.reply_markup:
            raise _APIError(400, "Bad Request: message is not modified")
        message.text, message.reply_markup = text, markup
        message.parse_mode = params.get("parse_mode")
        message.edits += 1
        message.at = time.monotonic()
        return self.message_json(message)

    async def _edit_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._find(params)
        message.reply_markup = params.get("reply_markup") or None
        message.edits += 1
        return self.message_json(message)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        message = self._find(params)
        del self.messages[(message.chat_id, message.message_id)]
        return True

    async def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_ref(params.get("chat_id"))
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                        "unique_gifts": False, "premium_subscription": False,
                                        "gifts_from_channels": False}}  # fmt: skip

    def _chat_ref(self, ref: object) -> dict[str, Any]:
        text = str(ref)
        for chat in self.chats.values():
            if text in (str(chat["id"]), "@" + str(chat.get("username"))):
                return dict(chat)
        try:
            return self.chat_json(int(text))
        except ValueError:
            raise _APIError(400, "Bad Request: chat not found") from None

    async def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_ref(params.get("chat_id"))
        user_id = _int(params.get("user_id"))
        member = self.members.get((chat["id"], user_id))
        if member is None:
            status = "member" if chat["type"] == "private" else "left"
            return member_json(user_id, status)
        return member

    async def _get_chat_administrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._chat_ref(params.get("chat_id"))
        return [
            m
            for (chat_id, _), m in self.members.items()
            if chat_id == chat["id"] and m["status"] in ("creator", "administrator")
        ]


_ALL_METHODS = (
    "getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "setMyCommands",
    "getMyCommands", "deleteMyCommands", "sendMessage", "editMessageText",
    "editMessageReplyMarkup", "deleteMessage", "sendChatAction", "answerCallbackQuery",
    "getChat", "getChatMember", "getChatAdministrators",
)  # fmt: skip


class _APIError(Exception):
    def __init__(self, code: int, description: str) -> None:
        self.code, self.description = code, description
        super().__init__(description)


_ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
     "tg-spoiler", "span", "blockquote", "tg-emoji"}
)  # fmt: skip
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)([^>]*)>")
_ENTITY = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


def _check_html(text: str) -> None:
    """Refuse what Telegram refuses: unknown tags, unbalanced tags, a bare ``&`` or ``<``."""
    stack: list[str] = []
    for match in _TAG.finditer(text):
        closing, name = match.group(1), match.group(2).lower()
        if name not in _ALLOWED_TAGS:
            raise _APIError(400, f"Bad Request: can't parse entities: unsupported tag {name}")
        if closing:
            if not stack or stack.pop() != name:
                raise _APIError(400, f"Bad Request: can't parse entities: unexpected </{name}>")
        else:
            stack.append(name)
    if stack:
        raise _APIError(400, f"Bad Request: can't parse entities: unclosed <{stack[-1]}>")
    outside = _TAG.sub("", text)
    if "<" in outside or ">" in outside or _ENTITY.search(outside):
        raise _APIError(400, "Bad Request: can't parse entities: unescaped character")


_ENTITY_OF_TAG = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "code": "code", "pre": "pre", "tg-spoiler": "spoiler", "blockquote": "blockquote",
    "a": "text_link",
}  # fmt: skip


class _EntityParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[tuple[str, dict[str, str | None], int]] = []
        self.entities: list[dict[str, Any]] = []

    def _offset(self) -> int:
        return utf16_len("".join(self.parts))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append((tag, dict(attrs), self._offset()))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, attrs, start = self.open.pop()
            if name == tag:
                break
        else:
            return
        length = self._offset() - start
        kind = _ENTITY_OF_TAG.get(tag)
        if kind is None or length == 0:
            return
        entity: dict[str, Any] = {"type": kind, "offset": start, "length": length}
        if kind == "text_link":
            entity["url"] = attrs.get("href") or ""
        self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_entities(markup: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's reading of an HTML message: its plain text and entities (UTF-16 offsets)."""
    parser = _EntityParser()
    parser.feed(markup)
    parser.close()
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return "".join(parser.parts), entities


def _update_id(update: object, default: int) -> int:
    value = update.get("update_id") if isinstance(update, dict) else None
    return value if isinstance(value, int) else default


def _int(value: object) -> int:
    return int(str(value))


def _truthy(value: object) -> bool:
    return str(value).lower() in ("1", "true")


async def _params(request: web.Request) -> dict[str, Any]:
    """Parameters as PTB sends them: a form whose nested values are JSON text (or JSON)."""
    if request.content_type == "application/json":
        data = await request.json()
        return dict(data) if isinstance(data, dict) else {}
    form = await request.post()
    out: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):  # an uploaded file (sendDocument)
            out[key] = Upload(value.filename, value.content_type, value.file.read())
            continue
        text = str(value)
        if text[:1] in "{[" or text in ("true", "false"):
            try:
                out[key] = json.loads(text)
                continue
            except json.JSONDecodeError:
                pass
        out[key] = text
    return out


def _error(code: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=code)


def bot_messages(messages: Iterable[SentMessage]) -> list[str]:
    """The texts of some sent messages (for short asserts)."""
    return [m.text for m in messages]
