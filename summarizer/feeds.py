"""RSS, Atom and JSON feeds: parse, discover from a site's page, poll with conditional requests.

Fetching goes through :class:`summarizer.fetch.Fetcher`, so the private-address guard, the size
cap and the timeouts apply to feeds exactly as to pages. Parsing never lets feedparser touch
the network or the file system: it is only ever given bytes in a stream.
"""

from __future__ import annotations

import asyncio
import calendar
import datetime as dt
import hashlib
import io
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html

from errors import N_, NewsbotError
from summarizer.errors import FetchError
from summarizer.fetch import FEED_TYPES, Page
from summarizer.urls import clean_url

logger = logging.getLogger(__name__)

MAX_ENTRIES = 100  # a feed with thousands of entries is cut, newest (feed order) first
MAX_SUMMARY_CHARS = 600
MAX_CANDIDATES = 3  # discovered feed links tried for one page

# <link rel="alternate" type=...> values that name a feed, best first.
_FEED_LINK_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
    "application/json",
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_JSON_TYPES = frozenset({"application/feed+json", "application/json"})
# <a href> endings that usually lead to a feed, when a page has no <link rel="alternate">.
_FEEDISH_PATH_ENDINGS = (
    ".rss",
    ".atom",
    "/rss",
    "/feed",
    "/atom",
    "rss.xml",
    "atom.xml",
    "feed.xml",
)


class FeedError(NewsbotError):
    """A feed could not be read."""


class NotAFeedError(FeedError):
    """The document is neither a feed nor a page that links one."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed."""

    guid: str  # the entry's id, else its link: stable across polls
    url: str  # cleaned (``summarizer.urls.clean_url``), as the article cache keys pages
    title: str
    summary: str = ""  # plain text, trimmed
    published: dt.datetime | None = None  # aware, UTC


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed document."""

    url: str  # where it was read (after redirects)
    title: str
    site_url: str | None
    entries: tuple[FeedEntry, ...]


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """The result of polling a feed: ``feed`` is None when the server said 304 Not Modified."""

    url: str
    feed: ParsedFeed | None
    etag: str | None
    last_modified: str | None

    @property
    def modified(self) -> bool:
        return self.feed is not None


class PageFetcher(Protocol):
    """The part of :class:`summarizer.fetch.Fetcher` this module uses."""

    async def fetch(
        self,
        url: str,
        *,
        accept: frozenset[str] = ...,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Page: ...


# --- parsing -----------------------------------------------------------------------------------


def _plain_text(html: str) -> str:
    """Text of an HTML fragment (feed summaries are often HTML), whitespace collapsed."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    try:
        text = lxml.html.fromstring(f"<div>{html}</div>").text_content()
    except (ValueError, lxml.etree.ParserError):
        text = html
    return " ".join(str(text).split())


def _trim(text: str, limit: int = MAX_SUMMARY_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end > limit // 3:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0] + "…"


def _struct_to_datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _iso_to_datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _is_web_url(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def _fallback_guid(url: str, title: str) -> str:
    return "sha1:" + hashlib.sha1(f"{url}\n{title}".encode(), usedforsecurity=False).hexdigest()


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        b"<html" in head and b"<rss" not in head and b"<feed" not in head
    )


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Parse an RSS, Atom or JSON feed read from ``url``.

    Raises :class:`NotAFeedError` when the document is not a feed.
    """
    stripped = body.lstrip()
    if content_type in _JSON_TYPES or stripped.startswith(b"{"):
        return _parse_json_feed(body, url)
    if content_type in _HTML_TYPES and _looks_like_html(body):
        raise NotAFeedError(N_("this is a web page, not a feed"))
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-location": url, "content-type": content_type or "text/xml"},
        sanitize_html=False,
    )
    if not parsed.get("version") and not parsed.get("entries"):
        raise NotAFeedError(N_("not an RSS or Atom feed"))
    meta: Mapping[str, Any] = parsed.get("feed", {})
    entries: list[FeedEntry] = []
    for raw in parsed.get("entries", [])[:MAX_ENTRIES]:
        entry = _entry(raw, url)
        if entry is not None:
            entries.append(entry)
    site_url = meta.get("link")
    return ParsedFeed(
        url=url,
        title=_plain_text(str(meta.get("title") or "")) or urlsplit(url).netloc,
        site_url=str(site_url) if isinstance(site_url, str) and _is_web_url(site_url) else None,
        entries=tuple(entries),
    )


def _entry(raw: Mapping[str, Any], feed_url: str) -> FeedEntry | None:
    link = raw.get("link")
    if not isinstance(link, str) or not link.strip():
        # Atom entries may carry several links; take the first alternate one.
        links = [
            lk.get("href")
            for lk in raw.get("links", [])
            if lk.get("rel", "alternate") == "alternate" and lk.get("href")
        ]
        link = links[0] if links else None
    if not isinstance(link, str):
        return None
    url = urljoin(feed_url, link.strip())
    if not _is_web_url(url):
        return None
    url = clean_url(url)  # the article cache's key: no tracking parameters, no fragment
    title = _plain_text(str(raw.get("title") or ""))
    summary = _trim(_plain_text(str(raw.get("summary") or raw.get("description") or "")))
    guid = raw.get("id") or raw.get("guid")
    published = _struct_to_datetime(raw.get("published_parsed")) or _struct_to_datetime(
        raw.get("updated_parsed")
    )
    return FeedEntry(
        guid=str(guid).strip() if guid else url or _fallback_guid(url, title),
        url=url,
        title=title or url,
        summary=summary,
        published=published,
    )


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    """JSON Feed 1.x (https://jsonfeed.org/version/1.1), which feedparser does not read."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotAFeedError(N_("not a JSON feed")) from exc
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise NotAFeedError(N_("not a JSON feed"))
    items = data.get("items")
    entries: list[FeedEntry] = []
    for raw in items[:MAX_ENTRIES] if isinstance(items, list) else []:
        if not isinstance(raw, dict):
            continue
        link = raw.get("url") or raw.get("external_url")
        if not isinstance(link, str):
            continue
        entry_url = urljoin(url, link)
        if not _is_web_url(entry_url):
            continue
        entry_url = clean_url(entry_url)
        title = _plain_text(str(raw.get("title") or ""))
        text = raw.get("summary") or raw.get("content_text") or raw.get("content_html") or ""
        entries.append(
            FeedEntry(
                guid=str(raw.get("id") or entry_url),
                url=entry_url,
                title=title or entry_url,
                summary=_trim(_plain_text(str(text))),
                published=_iso_to_datetime(raw.get("date_published"))
                or _iso_to_datetime(raw.get("date_modified")),
            )
        )
    home = data.get("home_page_url")
    return ParsedFeed(
        url=url,
        title=_plain_text(str(data.get("title") or "")) or urlsplit(url).netloc,
        site_url=home if isinstance(home, str) and _is_web_url(home) else None,
        entries=tuple(entries),
    )


# --- discovery ---------------------------------------------------------------------------------


def discover_feed_links(html: str, base_url: str) -> list[str]:
    """Feed URLs a page links: ``<link rel="alternate">`` first, then feed-looking ``<a>`` links."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    base = base_url
    for href in doc.xpath("//base/@href")[:1]:
        base = urljoin(base_url, str(href).strip())
    found: list[tuple[int, str]] = []
    for link in doc.iter("link"):
        rel = str(link.get("rel") or "").lower().split()
        kind = str(link.get("type") or "").lower().split(";")[0].strip()
        href = str(link.get("href") or "").strip()
        if "alternate" in rel and kind in _FEED_LINK_TYPES and href:
            found.append((_FEED_LINK_TYPES.index(kind), urljoin(base, href)))
    # Keep document order within a type, but a comments feed goes after the others.
    found.sort(key=lambda pair: (pair[0], "comment" in pair[1].lower()))
    urls = [u for _, u in found]
    if not urls:
        for anchor in doc.iter("a"):
            href = str(anchor.get("href") or "").strip()
            path = urlsplit(href).path.lower().rstrip("/")
            if href and path.endswith(_FEEDISH_PATH_ENDINGS):
                urls.append(urljoin(base, href))
    return [u for u in dict.fromkeys(urls) if _is_web_url(u)]


# --- fetching ----------------------------------------------------------------------------------


async def poll_feed(
    fetcher: PageFetcher,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FeedPoll:
    """Fetch a known feed with a conditional request; ``feed`` is None on 304 Not Modified.

    Raises :class:`~summarizer.errors.FetchError` subclasses, or :class:`NotAFeedError`.
    """
    page = await fetcher.fetch(url, accept=FEED_TYPES, etag=etag, last_modified=last_modified)
    if page.status == 304:
        # Some servers omit the validators on a 304: keep the ones we sent.
        return FeedPoll(url, None, page.etag or etag, page.last_modified or last_modified)
    # feedparser and lxml are CPU work (a big feed takes a while): off the event loop.
    feed = await asyncio.to_thread(parse_feed, page.body, page.final_url, page.content_type)
    return FeedPoll(url, feed, page.etag, page.last_modified)


@dataclass(frozen=True, slots=True)
class ResolvedFeed:
    """What ``/feed add`` stores: the feed's own URL (not the page it was found on)."""

    url: str
    feed: ParsedFeed
    etag: str | None
    last_modified: str | None


async def resolve_feed(fetcher: PageFetcher, url: str) -> ResolvedFeed:
    """The feed at ``url``, or the first working feed that the page at ``url`` links."""
    page = await fetcher.fetch(url, accept=FEED_TYPES)
    if not _looks_like_html(page.body):
        feed = await asyncio.to_thread(parse_feed, page.body, page.final_url, page.content_type)
        return ResolvedFeed(page.final_url, feed, page.etag, page.last_modified)
    candidates = await asyncio.to_thread(discover_feed_links, page.text, page.final_url)
    last_error: NewsbotError | None = None
    for candidate in candidates[:MAX_CANDIDATES]:
        try:
            linked = await fetcher.fetch(candidate, accept=FEED_TYPES)
            feed = await asyncio.to_thread(
                parse_feed, linked.body, linked.final_url, linked.content_type
            )
        except (FetchError, FeedError) as exc:
            logger.info("discovered feed %s unusable: %s", candidate, exc)
            last_error = exc
            continue
        return ResolvedFeed(linked.final_url, feed, linked.etag, linked.last_modified)
    if last_error is not None:
        raise NotAFeedError.worded(
            N_("the page links a feed, but it could not be read: {error}"), error=last_error
        )
    raise NotAFeedError(N_("no RSS or Atom feed found on this page"))
