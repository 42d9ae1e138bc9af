"""OPML subscription lists: read an uploaded one (``/feed import``), write one (``/feed export``).

Pure functions, no I/O. :func:`parse_opml` reads the bytes of an upload with ``listparser`` and
returns the feeds in it (title, URL, folder), duplicates collapsed, with every entry it cannot
use reported with a reason. :func:`plan_import` then decides, for one chat, which of them to
follow given the feeds it already follows and its limit. :func:`write_opml` writes OPML 2.0
that feed readers (and :func:`parse_opml`) read back.

Hostile files: the upload is capped (:data:`MAX_OPML_BYTES`) before it is parsed, and a file
that declares XML entities (the "billion laughs" and XXE attacks) is refused outright.
``listparser`` parses with lxml's HTML parser, which expands no declared entities and loads no
external DTD; refusing them anyway keeps that true whatever the parser, and the user gets a
reason instead of feeds named "&lol9;". The bytes are decoded here (BOM, XML declaration,
detection) and handed over as UTF-8, since the HTML parser would read undeclared UTF-8 as
Latin-1. They are always handed over as bytes: ``listparser.parse`` given a ``str`` that starts
with ``http`` fetches it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import listparser

from errors import N_, ByteSize, NewsbotError
from summarizer.fetch import decode_body
from summarizer.urls import clean_url

__all__ = [
    "MAX_OPML_BYTES",
    "MAX_URL_LENGTH",
    "ImportPlan",
    "OpmlError",
    "OpmlFeed",
    "OpmlImport",
    "RefusalReason",
    "RefusedEntry",
    "feed_key",
    "parse_opml",
    "plan_import",
    "write_opml",
]

MAX_OPML_BYTES = 1024 * 1024  # an OPML file of a thousand feeds is about 200 KB
MAX_URL_LENGTH = 2048
MAX_TITLE_LENGTH = 200

_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


class OpmlError(NewsbotError):
    """The upload as a whole cannot be read as OPML; ``str(err)`` says why, for the user."""


class RefusalReason(StrEnum):
    """Why an entry of an OPML file is not followed (the handler words it for the user)."""

    NOT_HTTP = "not_http"  # feed URL with another scheme (javascript:, ftp:, file:)
    INVALID_URL = "invalid_url"  # no host, too long, or unparsable
    CREDENTIALS = "credentials"  # a user name or password in the URL
    NO_FEED_URL = "no_feed_url"  # a web site (htmlUrl) without its feed (xmlUrl)
    SUBSCRIPTION_LIST = "subscription_list"  # a link to another OPML file, not a feed
    ALREADY_FOLLOWED = "already_followed"  # the chat follows it already
    OVER_LIMIT = "over_limit"  # the chat's feed limit is reached

    @property
    def text(self) -> str:
        """The reason in English (a catalogue message id: the handlers translate it)."""
        return _REASON_TEXT[self]


_REASON_TEXT = {
    RefusalReason.NOT_HTTP: N_("not an http(s) address"),
    RefusalReason.INVALID_URL: N_("not a valid address"),
    RefusalReason.CREDENTIALS: N_("the address has a user name or password in it"),
    RefusalReason.NO_FEED_URL: N_("a web site without a feed address"),
    RefusalReason.SUBSCRIPTION_LIST: N_("a link to another subscription list, not a feed"),
    RefusalReason.ALREADY_FOLLOWED: N_("already followed"),
    RefusalReason.OVER_LIMIT: N_("over the chat's feed limit"),
}


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """A feed of a subscription list."""

    url: str  # the feed's address (xmlUrl), as written (spaces trimmed)
    title: str  # its name (text or title), or the host when it has none
    site_url: str | None = None  # the web site (htmlUrl): written, not read (listparser drops it)
    folder: tuple[str, ...] = ()  # the outline folders it sits in, outermost first


@dataclass(frozen=True, slots=True)
class RefusedEntry:
    """An entry that is not followed, and why."""

    title: str
    url: str
    reason: RefusalReason


@dataclass(frozen=True, slots=True)
class OpmlImport:
    """What an OPML file holds: its title, the usable feeds (in file order, no duplicates) and
    the entries refused."""

    title: str | None
    feeds: tuple[OpmlFeed, ...]
    refused: tuple[RefusedEntry, ...]


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """For one chat: the feeds to follow, in order, and every entry refused (from the file or
    by the chat's state)."""

    add: tuple[OpmlFeed, ...]
    refused: tuple[RefusedEntry, ...]


def feed_key(url: str) -> str:
    """The form in which two feed URLs are the same feed (scheme and host case, default port,
    fragment and tracking parameters ignored)."""
    try:
        return clean_url(url)
    except ValueError:
        return url.strip()


# --------------------------------------------------------------------------- reading


def parse_opml(data: bytes, *, max_bytes: int = MAX_OPML_BYTES) -> OpmlImport:
    """The feeds in an OPML upload. Raises :class:`OpmlError` for a file that is too large,
    empty, declares entities, or is not OPML at all."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise OpmlError(N_("The file could not be read."))
    data = bytes(data)
    if len(data) > max_bytes:
        raise OpmlError.worded(
            N_("The file is larger than {size}, which is the most I read."),
            size=ByteSize(max_bytes),
        )
    if not data.strip():
        raise OpmlError(N_("The file is empty."))
    text, _ = decode_body(data, None)
    if _ENTITY_DECLARATION.search(text):
        raise OpmlError(
            N_("The file declares XML entities, which I don't accept in an OPML file.")
        )
    body = '<?xml version="1.0" encoding="utf-8"?>' + _XML_DECLARATION.sub("", text, count=1)
    parsed = listparser.parse(_BAD_CHARS.sub("", body).encode("utf-8"))
    if not str(parsed.get("version", "")).startswith("opml"):
        raise OpmlError(
            N_("That is not an OPML file (a subscription list exported by a reader).")
        )
    feeds: list[OpmlFeed] = []
    refused: list[RefusedEntry] = []
    seen: set[str] = set()
    for raw in parsed.get("feeds", []):
        title, url = _title(raw), str(raw.get("url", "")).strip()
        reason, url = _check_url(url)
        if reason is not None:
            refused.append(RefusedEntry(title or url, url, reason))
            continue
        key = feed_key(url)
        if key in seen:
            continue
        seen.add(key)
        feeds.append(OpmlFeed(url, title or _host(url), None, _folder(raw)))
    for raw in parsed.get("lists", []):
        title, url = _title(raw), str(raw.get("url", "")).strip()
        refused.append(RefusedEntry(title or url, url, RefusalReason.SUBSCRIPTION_LIST))
    for raw in parsed.get("opportunities", []):
        title, url = _title(raw), str(raw.get("url", "")).strip()
        refused.append(RefusedEntry(title or url, url, RefusalReason.NO_FEED_URL))
    meta = parsed.get("meta") or {}
    head_title = _clean_text(str(meta.get("title", ""))) or None
    return OpmlImport(head_title, tuple(feeds), tuple(refused))


def _clean_text(text: str) -> str:
    text = " ".join(_BAD_CHARS.sub("", text).split())
    return text if len(text) <= MAX_TITLE_LENGTH else text[: MAX_TITLE_LENGTH - 1] + "…"


def _title(raw: Any) -> str:
    return _clean_text(str(raw.get("title", "") or ""))


def _check_url(url: str) -> tuple[RefusalReason | None, str]:
    """The reason to refuse a feed URL (None: fine), and the URL to follow."""
    low = url.lower()
    if low.startswith("feed:"):  # feed://host/x and feed:https://host/x mean the same feed
        rest = url[5:]
        url = rest if rest.lower().startswith(("http://", "https://")) else "http:" + rest
    if not url or len(url) > MAX_URL_LENGTH:
        return RefusalReason.INVALID_URL, url
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return RefusalReason.INVALID_URL, url
    if parts.scheme.lower() not in ("http", "https"):
        return RefusalReason.NOT_HTTP, url
    if not parts.hostname or any(c.isspace() for c in url):
        return RefusalReason.INVALID_URL, url
    if parts.username or parts.password:
        return RefusalReason.CREDENTIALS, url
    return None, url


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def _folder(raw: Any) -> tuple[str, ...]:
    for path in raw.get("categories") or []:
        if isinstance(path, list) and path:
            return tuple(_clean_text(str(part)) for part in path if str(part).strip())
    return ()


# --------------------------------------------------------------------------- one chat's import


def plan_import(parsed: OpmlImport, followed: Iterable[str], limit: int) -> ImportPlan:
    """Which feeds of ``parsed`` a chat that follows ``followed`` (URLs) adds, in file order,
    without going over ``limit`` feeds; the others are refused with a reason."""
    have = {feed_key(url) for url in followed}
    room = max(0, limit - len(have))
    add: list[OpmlFeed] = []
    refused = list(parsed.refused)
    for feed in parsed.feeds:
        if feed_key(feed.url) in have:
            refused.append(RefusedEntry(feed.title, feed.url, RefusalReason.ALREADY_FOLLOWED))
        elif len(add) >= room:
            refused.append(RefusedEntry(feed.title, feed.url, RefusalReason.OVER_LIMIT))
        else:
            add.append(feed)
    return ImportPlan(tuple(add), tuple(refused))


# --------------------------------------------------------------------------- writing


def write_opml(
    feeds: Sequence[OpmlFeed], *, title: str, created: dt.datetime | None = None
) -> bytes:
    """An OPML 2.0 document (UTF-8 bytes) listing ``feeds``; feeds with a folder are nested in
    an outline of that name, in the order the folders first appear."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _xml_text(title)
    if created is not None:
        ET.SubElement(head, "dateCreated").text = email.utils.format_datetime(
            created if created.tzinfo else created.replace(tzinfo=dt.UTC)
        )
    ET.SubElement(head, "docs").text = "https://opml.org/spec2.opml"
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {}
    for feed in feeds:
        parent = body
        for depth in range(1, len(feed.folder) + 1):
            path = feed.folder[:depth]
            if path not in folders:
                name = _xml_text(path[-1])
                folders[path] = ET.SubElement(parent, "outline", text=name, title=name)
            parent = folders[path]
        name = _xml_text(feed.title) or _host(feed.url)
        attributes = {"type": "rss", "text": name, "title": name, "xmlUrl": _xml_text(feed.url)}
        if feed.site_url:
            attributes["htmlUrl"] = _xml_text(feed.site_url)
        ET.SubElement(parent, "outline", attributes)
    ET.indent(root)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written + b"\n"


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold (control characters cannot be escaped, only left out)."""
    return " ".join(_BAD_CHARS.sub("", text).split())
