"""Feeds: parsing RSS/Atom/JSON, discovery from a page, conditional polling on a local server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from aiohttp import web

from summarizer.errors import BlockedAddressError
from summarizer.feeds import (
    NotAFeedError,
    discover_feed_links,
    parse_feed,
    poll_feed,
    resolve_feed,
)
from summarizer.fetch import Fetcher, FetchSettings
from tests.conftest import Serve

RESOURCES = Path(__file__).parent / "resources" / "digest"
OPEN = FetchSettings(allow_private_addresses=True)


def resource(name: str) -> bytes:
    return (RESOURCES / name).read_bytes()


def test_rss_entries_with_relative_links_and_html_summaries() -> None:
    feed = parse_feed(
        resource("rss.xml"), "https://daily.example.org/rss.xml", "application/rss+xml"
    )

    assert feed.title == "Example Daily & Co"
    assert feed.site_url == "https://daily.example.org/"
    assert [e.url for e in feed.entries] == [
        "https://daily.example.org/storm-ciara-floods",
        "https://daily.example.org/budget",
    ]
    first = feed.entries[0]
    assert first.guid == "daily-1001"
    assert first.summary.startswith("Towns in northern England were flooded")
    assert "<" not in first.summary
    assert first.published == dt.datetime(2026, 3, 2, 6, 30, tzinfo=dt.UTC)


def test_atom_entry_uses_the_alternate_link_and_utc_dates() -> None:
    feed = parse_feed(resource("atom.xml"), "https://wire.example.net/atom.xml", "")

    (entry,) = feed.entries
    assert entry.url == "https://wire.example.net/a/123"
    assert entry.title == "Northern England floods: Storm Ciara"
    assert entry.guid == "urn:wire:123"
    assert entry.published == dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)


def test_json_feed_keeps_only_web_links() -> None:
    feed = parse_feed(resource("feed.json"), "https://json.example.com/feed.json")

    assert feed.title == "JSON Example"
    assert [e.url for e in feed.entries] == ["https://json.example.com/j1"]


def test_an_html_page_is_not_a_feed() -> None:
    with pytest.raises(NotAFeedError):
        parse_feed(resource("no-feed.html"), "https://example.org/", "text/html")
    with pytest.raises(NotAFeedError):
        parse_feed(b"just some text", "https://example.org/x.txt", "text/plain")


def test_a_file_path_or_url_as_body_is_never_opened() -> None:
    # feedparser opens paths and fetches URLs given as strings; we only ever hand it bytes.
    with pytest.raises(NotAFeedError):
        parse_feed(str(RESOURCES / "rss.xml").encode(), "https://example.org/", "text/xml")


def test_discovery_prefers_the_main_feed_over_comments() -> None:
    html = resource("site.html").decode()

    links = discover_feed_links(html, "https://daily.example.org/")

    assert links == [
        "https://daily.example.org/rss.xml",
        "https://daily.example.org/comments/feed.xml",
    ]


def test_discovery_falls_back_to_feed_looking_anchors() -> None:
    html = '<html><body><a href="/about">About</a> <a href="/news/rss">RSS</a></body></html>'

    assert discover_feed_links(html, "https://e.example/") == ["https://e.example/news/rss"]
    assert discover_feed_links(resource("no-feed.html").decode(), "https://e.example/") == []


class FeedSite:
    """A site with a home page linking its RSS feed, which honours conditional requests."""

    ETAG = '"v1"'
    LAST_MODIFIED = "Mon, 02 Mar 2026 07:00:00 GMT"

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.app = web.Application()
        self.app.router.add_get("/", self.home)
        self.app.router.add_get("/rss.xml", self.rss)
        self.app.router.add_get("/comments/feed.xml", self.rss)
        self.app.router.add_get("/plain", self.plain)
        self.app.router.add_get("/broken-link", self.broken_link)

    async def home(self, _: web.Request) -> web.Response:
        return web.Response(body=resource("site.html"), content_type="text/html")

    async def plain(self, _: web.Request) -> web.Response:
        return web.Response(body=resource("no-feed.html"), content_type="text/html")

    async def broken_link(self, _: web.Request) -> web.Response:
        html = '<html><head><link rel="alternate" type="application/rss+xml" href="/gone.xml">'
        return web.Response(text=html + "</head><body>x</body></html>", content_type="text/html")

    async def rss(self, request: web.Request) -> web.Response:
        self.requests.append(
            {
                "If-None-Match": request.headers.get("If-None-Match", ""),
                "If-Modified-Since": request.headers.get("If-Modified-Since", ""),
            }
        )
        if request.headers.get("If-None-Match") == self.ETAG or (
            request.headers.get("If-Modified-Since") == self.LAST_MODIFIED
        ):
            return web.Response(status=304)
        return web.Response(
            body=resource("rss.xml"),
            content_type="application/rss+xml",
            headers={"ETag": self.ETAG, "Last-Modified": self.LAST_MODIFIED},
        )


async def test_site_url_resolves_to_its_linked_feed(serve: Serve) -> None:
    site = FeedSite()
    base = await serve(site.app)

    async with Fetcher(OPEN) as fetcher:
        resolved = await resolve_feed(fetcher, base + "/")

    assert resolved.url == base + "/rss.xml"
    assert resolved.etag == FeedSite.ETAG
    assert len(resolved.feed.entries) == 2


async def test_a_page_without_feed_is_refused(serve: Serve) -> None:
    base = await serve(FeedSite().app)

    async with Fetcher(OPEN) as fetcher:
        with pytest.raises(NotAFeedError, match="no RSS or Atom feed"):
            await resolve_feed(fetcher, base + "/plain")
        with pytest.raises(NotAFeedError, match="could not be read"):
            await resolve_feed(fetcher, base + "/broken-link")


async def test_polling_sends_validators_and_understands_304(serve: Serve) -> None:
    site = FeedSite()
    base = await serve(site.app)

    async with Fetcher(OPEN) as fetcher:
        first = await poll_feed(fetcher, base + "/rss.xml")
        second = await poll_feed(
            fetcher, base + "/rss.xml", etag=first.etag, last_modified=first.last_modified
        )
        by_date = await poll_feed(fetcher, base + "/rss.xml", last_modified=first.last_modified)

    assert first.modified
    assert first.feed is not None
    assert len(first.feed.entries) == 2
    assert not second.modified
    assert (second.etag, second.last_modified) == (FeedSite.ETAG, FeedSite.LAST_MODIFIED)
    assert not by_date.modified
    assert site.requests[0] == {"If-None-Match": "", "If-Modified-Since": ""}
    assert site.requests[1] == {
        "If-None-Match": FeedSite.ETAG,
        "If-Modified-Since": FeedSite.LAST_MODIFIED,
    }


async def test_private_addresses_are_refused_for_feeds(serve: Serve) -> None:
    base = await serve(FeedSite().app)

    async with Fetcher(FetchSettings()) as fetcher:
        with pytest.raises(BlockedAddressError):
            await resolve_feed(fetcher, base + "/rss.xml")
        with pytest.raises(BlockedAddressError):
            await poll_feed(fetcher, base + "/rss.xml")
