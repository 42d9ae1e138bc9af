"""OPML: reading uploads (listparser) with hostile and odd input, one chat's import, writing."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import listparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from errors import NewsbotError
from summarizer.opml import (
    MAX_OPML_BYTES,
    OpmlError,
    OpmlFeed,
    OpmlImport,
    RefusalReason,
    RefusedEntry,
    feed_key,
    parse_opml,
    plan_import,
    write_opml,
)


def opml(body: str, *, head: str = "<title>My feeds</title>", version: str = "2.0") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="{version}"><head>{head}</head>'
        f"<body>{body}</body></opml>"
    ).encode()


def outline(text: str, url: str, **extra: str) -> str:
    attributes = "".join(f' {k}="{v}"' for k, v in extra.items())
    return f'<outline type="rss" text="{text}" xmlUrl="{url}"{attributes}/>'


READER_EXPORT = opml(
    '<outline text="News" title="News">'
    + outline("Tagesschau", "https://www.tagesschau.de/xml/rss2/")
    + '<outline text="Europe">'
    + outline("Le Monde &amp; Co", "https://www.lemonde.fr/rss/une.xml", htmlUrl="https://x/")
    + "</outline></outline>"
    + outline("El País", "https://feeds.elpais.com/mrss-s/pages/ep/site/elpais.com/portada")
    + '<outline title="Only a title attribute" xmlUrl="https://example.org/feed.xml"/>'
)


def urls(parsed: OpmlImport) -> list[str]:
    return [feed.url for feed in parsed.feeds]


# ----------------------------------------------------------------- reading


def test_feeds_with_titles_urls_and_folders() -> None:
    parsed = parse_opml(READER_EXPORT)
    assert parsed.title == "My feeds"
    assert parsed.feeds == (
        OpmlFeed("https://www.tagesschau.de/xml/rss2/", "Tagesschau", folder=("News",)),
        OpmlFeed("https://www.lemonde.fr/rss/une.xml", "Le Monde & Co", folder=("News", "Europe")),
        OpmlFeed("https://feeds.elpais.com/mrss-s/pages/ep/site/elpais.com/portada", "El País"),
        OpmlFeed("https://example.org/feed.xml", "Only a title attribute"),
    )
    assert parsed.refused == ()


def test_opml_1_and_attribute_case_are_read() -> None:
    body = '<outline text="A" xmlURL=" https://a.example/feed "/><outline text="B" XMLURL="https://b.example/rss"/>'
    assert urls(parse_opml(opml(body, version="1.0"))) == [
        "https://a.example/feed",
        "https://b.example/rss",
    ]


def test_duplicates_are_collapsed_first_one_kept() -> None:
    body = (
        outline("First", "https://news.example/feed")
        + outline("Same URL", "https://news.example/feed")
        + outline("Same feed", "HTTPS://News.Example:443/feed#top")
        + outline("Tracking", "https://news.example/feed?utm_source=opml")
        + outline("Other", "https://news.example/feed?lang=de")
    )
    parsed = parse_opml(opml(body))
    assert [f.title for f in parsed.feeds] == ["First", "Other"]
    assert feed_key("HTTPS://News.Example:443/feed#top") == feed_key("https://news.example/feed")


def test_bad_entries_are_reported_with_reasons() -> None:
    body = (
        outline("Script", "javascript:alert(1)")
        + outline("FTP", "ftp://files.example/feed.xml")
        + outline("No host", "https:///feed")
        + outline("Spaces", "https://a b.example/feed")
        + outline("Secret", "https://user:pw@private.example/feed")
        + outline("Too long", "https://long.example/" + "a" * 3000)
        + '<outline text="Another list" type="include" url="https://lists.example/more.opml"/>'
        + '<outline htmlUrl="https://site-only.example/"/>'
        + outline("Good", "https://good.example/rss")
    )
    parsed = parse_opml(opml(body))
    assert urls(parsed) == ["https://good.example/rss"]
    reasons = {entry.title[:12]: entry.reason for entry in parsed.refused}
    assert reasons == {
        "Script": RefusalReason.NOT_HTTP,
        "FTP": RefusalReason.NOT_HTTP,
        "No host": RefusalReason.INVALID_URL,
        "Spaces": RefusalReason.INVALID_URL,
        "Secret": RefusalReason.CREDENTIALS,
        "Too long": RefusalReason.INVALID_URL,
        "Another list": RefusalReason.SUBSCRIPTION_LIST,
        "https://site": RefusalReason.NO_FEED_URL,
    }
    assert all(entry.reason.text for entry in parsed.refused)


def test_feed_scheme_and_missing_titles() -> None:
    body = (
        '<outline xmlUrl="feed://blog.example/atom"/>'
        '<outline text="" xmlUrl="feed:https://www.secure.example/rss"/>'
        '<outline text="Bell\x07 and\n  tab\t" xmlUrl="https://bell.example/rss"/>'
    )
    parsed = parse_opml(opml(body))
    assert [(f.title, f.url) for f in parsed.feeds] == [
        ("blog.example", "http://blog.example/atom"),
        ("secure.example", "https://www.secure.example/rss"),
        ("Bell and tab", "https://bell.example/rss"),
    ]


@pytest.mark.parametrize(
    ("data", "title"),
    [
        # Latin-1, as its declaration says.
        (
            '<?xml version="1.0" encoding="ISO-8859-1"?><opml version="2.0"><body>'
            '<outline text="Süddeutsche Zeitung" xmlUrl="https://sz.example/rss"/>'
            "</body></opml>".encode("latin-1"),
            "Süddeutsche Zeitung",
        ),
        # UTF-8 without a declaration.
        (
            '<opml version="2.0"><body><outline text="東京新聞 Новости" '
            'xmlUrl="https://tokyo.example/rss"/></body></opml>'.encode(),
            "東京新聞 Новости",
        ),
        # UTF-16 with its BOM.
        (
            '<?xml version="1.0" encoding="UTF-16"?><opml version="2.0"><body>'
            '<outline text="Ελληνικά νέα" xmlUrl="https://gr.example/rss"/>'
            "</body></opml>".encode("utf-16"),
            "Ελληνικά νέα",
        ),
        # Windows-1251 without a declaration: detected.
        (
            '<opml version="2.0"><head><title>Подписки на новости</title></head><body>'
            '<outline text="Российская газета: главные новости дня" '
            'xmlUrl="https://rg.example/rss"/></body></opml>'.encode("cp1251"),
            "Российская газета: главные новости дня",
        ),
    ],
)
def test_encodings(data: bytes, title: str) -> None:
    (feed,) = parse_opml(data).feeds
    assert feed.title == title


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"<!doctype html><html><body><p>Hello</p></body></html>", "not an OPML file"),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
            "not an OPML file",
        ),
        (b'{"feeds": ["https://x.example/rss"]}', "not an OPML file"),
        (b"PK\x03\x04\x00\x00\xff\xfe\x00garbage", "not an OPML file"),
    ],
)
def test_files_that_are_not_opml(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError, match=message) as caught:
        parse_opml(data)
    assert isinstance(caught.value, NewsbotError)


def test_size_cap() -> None:
    big = opml(outline("x", "https://x.example/rss") + "<!-- " + "x" * MAX_OPML_BYTES + " -->")
    with pytest.raises(OpmlError, match="larger than 1 MB"):
        parse_opml(big)
    with pytest.raises(OpmlError, match="larger than 1 KB"):
        parse_opml(READER_EXPORT, max_bytes=len(READER_EXPORT) - 1)
    assert parse_opml(READER_EXPORT, max_bytes=len(READER_EXPORT)).feeds


# ----------------------------------------------------------------- hostile files

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE opml [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<opml version="2.0"><body><outline text="&lol9;" xmlUrl="https://x.example/&lol9;"/></body></opml>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&secret;" xmlUrl="https://x.example/rss"/></body></opml>
"""


@pytest.mark.parametrize(
    "data", [BILLION_LAUGHS, XXE, BILLION_LAUGHS.replace(b"ENTITY", b"entity")]
)
def test_entity_declarations_are_refused(data: bytes) -> None:
    with pytest.raises(OpmlError, match="entities"):
        parse_opml(data)


def test_listparser_itself_expands_no_entities() -> None:
    # The refusal above is a second wall: listparser (lxml's HTML parser) leaves them as text.
    started = time.monotonic()
    for data in (BILLION_LAUGHS, XXE):
        result = listparser.parse(data)
        for feed in result.feeds:
            assert "lollol" not in feed.title and "root:" not in feed.title
            assert len(feed.title) < 20
    assert time.monotonic() - started < 5


class _Counting(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # the name http.server calls
        type(self).hits += 1
        body = b'<!ENTITY evil "EVIL">'
        self.send_response(200)
        self.send_header("Content-Type", "application/xml-dtd")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def dtd_server() -> Iterator[str]:
    """A DTD on 127.0.0.1 in a thread (the parser would fetch it synchronously)."""
    _Counting.hits = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/evil.dtd"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_an_external_dtd_is_never_fetched(dtd_server: str) -> None:
    data = (
        f'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "{dtd_server}">'
        '<opml version="2.0"><body><outline text="&evil;" xmlUrl="https://x.example/rss"/>'
        "</body></opml>"
    ).encode()
    parsed = parse_opml(data)
    assert urls(parsed) == ["https://x.example/rss"]
    assert "EVIL" not in parsed.feeds[0].title
    assert _Counting.hits == 0


def test_a_url_given_as_text_is_not_fetched(dtd_server: str) -> None:
    # listparser fetches a str that starts with http; parse_opml only ever hands it bytes.
    with pytest.raises(OpmlError, match="not an OPML file"):
        parse_opml(dtd_server.encode())
    assert _Counting.hits == 0


# ----------------------------------------------------------------- one chat's import


def test_plan_import_enforces_the_limit_and_skips_what_is_followed() -> None:
    body = "".join(outline(f"Feed {i}", f"https://f{i}.example/rss") for i in range(6))
    body += outline("Bad", "ftp://x.example/rss")
    parsed = parse_opml(opml(body))
    followed = ["https://F1.example/rss#x", "https://other.example/rss"]
    plan = plan_import(parsed, followed, limit=5)
    assert [f.title for f in plan.add] == ["Feed 0", "Feed 2", "Feed 3"]
    assert [(r.title, r.reason) for r in plan.refused] == [
        ("Bad", RefusalReason.NOT_HTTP),
        ("Feed 1", RefusalReason.ALREADY_FOLLOWED),
        ("Feed 4", RefusalReason.OVER_LIMIT),
        ("Feed 5", RefusalReason.OVER_LIMIT),
    ]


def test_plan_import_when_the_chat_is_full() -> None:
    parsed = OpmlImport(None, (OpmlFeed("https://a.example/rss", "A"),), ())
    plan = plan_import(parsed, [f"https://{i}.example/rss" for i in range(20)], limit=20)
    assert plan.add == ()
    assert plan.refused == (RefusedEntry("A", "https://a.example/rss", RefusalReason.OVER_LIMIT),)


# ----------------------------------------------------------------- writing

FEEDS = (
    OpmlFeed("https://www.tagesschau.de/xml/rss2/", "Tagesschau", "https://www.tagesschau.de/"),
    OpmlFeed("https://news.example/feed?a=1&b=2", 'Tom & Jerry\'s <"News">', folder=("Fun",)),
    OpmlFeed("https://rg.example/rss", "Российская газета", folder=("World", "Russia")),
    OpmlFeed("https://bell.example/rss", "bell\x07\x00 title\u2028"),
)


def test_written_opml_is_valid_opml_2() -> None:
    created = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    data = write_opml(FEEDS, title="newsbot: <Chat> & friends", created=created)
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "newsbot: <Chat> & friends"
    assert root.findtext("head/dateCreated") == "Mon, 02 Mar 2026 08:00:00 +0000"
    for element in root.iter("outline"):
        assert element.get("text")  # OPML 2.0: every outline has text
    feeds = [e for e in root.iter("outline") if e.get("type") == "rss"]
    assert [e.get("xmlUrl") for e in feeds] == [f.url for f in FEEDS]
    assert feeds[0].get("htmlUrl") == "https://www.tagesschau.de/"
    assert data.startswith(b"<?xml") and b"&amp;b=2" in data
    assert b"\x07" not in data and b"\x00" not in data


def test_written_opml_round_trips() -> None:
    parsed = parse_opml(write_opml(FEEDS, title="Mine"))
    assert parsed.title == "Mine"
    assert [(f.url, f.title, f.folder) for f in parsed.feeds] == [
        ("https://www.tagesschau.de/xml/rss2/", "Tagesschau", ()),
        ("https://news.example/feed?a=1&b=2", 'Tom & Jerry\'s <"News">', ("Fun",)),
        ("https://rg.example/rss", "Российская газета", ("World", "Russia")),
        ("https://bell.example/rss", "bell title", ()),
    ]
    assert parsed.refused == ()


_TITLES = st.text(
    st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"], exclude_characters="\ufffe\uffff"),
    max_size=80,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_TITLES, st.sampled_from(["", "Folder", "Ordner & Co"])), max_size=8))
def test_any_titles_round_trip(entries: list[tuple[str, str]]) -> None:
    feeds = [
        OpmlFeed(f"https://f{i}.example/rss?x={i}&y=<>", title, folder=(folder,) if folder else ())
        for i, (title, folder) in enumerate(entries)
    ]
    parsed = parse_opml(write_opml(feeds, title="t"))
    # Feeds of one folder come together, in the order the folders first appear.
    assert sorted(f.url for f in parsed.feeds) == sorted(f.url for f in feeds)
    back = {f.url: f for f in parsed.feeds}
    for i, feed in enumerate(feeds):
        assert back[feed.url].title == (" ".join(feed.title.split()) or f"f{i}.example")
        assert back[feed.url].folder == feed.folder


def test_an_empty_list_is_written_and_read() -> None:
    parsed = parse_opml(write_opml([], title="Nothing yet"))
    assert parsed == OpmlImport("Nothing yet", (), ())
