"""Safe fetching, against a real aiohttp server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import socket
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from charset_normalizer import from_bytes

from summarizer.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    NotTextError,
    PDFDocumentError,
    TooLargeError,
    TooManyRedirectsError,
    UnsupportedContentError,
)
from summarizer.extract import extract_article
from summarizer.extract.pdf import PdfTooLargeError
from summarizer.fetch import (
    FEED_TYPES,
    Fetcher,
    FetchSettings,
    GuardedResolver,
    binary_kind,
    check_url,
    decode_body,
    is_public_address,
    parse_ip_literal,
)
from summarizer.urls import check_link, clean_url, site_of
from tests.conftest import Serve

LATIN1_FR = Path(__file__).parent / "resources" / "extract" / "news_fr_latin1.html"
HTML = "<html><head><title>Hi</title></head><body><p>Hello, world.</p></body></html>"
RU_TEXT = "Привет, мир. Новости дня: правительство приняло бюджет на следующий год."
# The test server is on 127.0.0.1: let exactly that address through, keep the rest guarded.
LOOPBACK_ONLY = FetchSettings(allowed_networks=("127.0.0.1/32",))
OPEN = FetchSettings(allow_private_addresses=True)
PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8  # a signature, binary after


def site() -> web.Application:
    app = web.Application()

    async def page(_: web.Request) -> web.Response:
        return web.Response(text=HTML, content_type="text/html")

    async def redirect(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        raise web.HTTPFound("/page" if n == 0 else f"/redirect/{n - 1}")

    async def to_private(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    async def slow(_: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.Response(text=HTML, content_type="text/html")

    async def big(_: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(_)
        for _i in range(64):
            await response.write(b"<p>" + b"x" * 65536 + b"</p>")
        return response

    async def declared_big(_: web.Request) -> web.Response:
        return web.Response(body=b"x" * (3 * 1024 * 1024), content_type="text/html")

    async def bomb(_: web.Request) -> web.Response:
        body = gzip.compress(b"<p>" + b"0" * (20 * 1024 * 1024) + b"</p>")
        return web.Response(
            body=body, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
        )

    async def small_gzip(_: web.Request) -> web.Response:
        return web.Response(
            body=gzip.compress(HTML.encode()),
            headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        )

    async def pdf(_: web.Request) -> web.Response:
        return web.Response(body=PDF_BYTES, content_type="application/pdf")

    async def pdf_download(_: web.Request) -> web.Response:
        return web.Response(body=PDF_BYTES, content_type="application/octet-stream")

    async def zip_download(_: web.Request) -> web.Response:
        return web.Response(
            body=b"PK\x03\x04" + bytes(3000), content_type="application/octet-stream"
        )

    async def pdf_as_html(_: web.Request) -> web.Response:
        return web.Response(body=PDF_BYTES, content_type="text/html")

    async def big_pdf(request: web.Request) -> web.StreamResponse:
        kind = request.match_info["kind"]
        response = web.StreamResponse(headers={"Content-Type": f"application/{kind}"})
        await response.prepare(request)
        await response.write(PDF_BYTES)
        for _i in range(40):
            await response.write(b"%" + b"x" * 65535)
        return response

    async def declared_big_pdf(_: web.Request) -> web.Response:
        return web.Response(body=PDF_BYTES + bytes(3 * 1024 * 1024), content_type="application/pdf")

    async def image(_: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")

    async def accept(request: web.Request) -> web.Response:
        return web.Response(text=request.headers.get("Accept", ""), content_type="text/plain")

    async def cp1251_header(_: web.Request) -> web.Response:
        body = f"<html><body><p>{RU_TEXT}</p></body></html>".encode("cp1251")
        return web.Response(body=body, headers={"Content-Type": "text/html; charset=windows-1251"})

    async def cp1251_meta(_: web.Request) -> web.Response:
        body = (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            f"</head><body><p>{RU_TEXT}</p></body></html>"
        ).encode("cp1251")
        return web.Response(body=body, headers={"Content-Type": "text/html"})

    async def cp1251_bare(_: web.Request) -> web.Response:
        body = f"<html><body><p>{RU_TEXT} {RU_TEXT}</p></body></html>".encode("cp1251")
        return web.Response(body=body, headers={"Content-Type": "text/html"})

    async def latin1_bare(_: web.Request) -> web.Response:
        # A Latin-1 French page that declares no charset, in the header or in the page.
        return web.Response(body=LATIN1_FR.read_bytes(), headers={"Content-Type": "text/html"})

    async def missing(_: web.Request) -> web.Response:
        raise web.HTTPNotFound()

    async def feed(request: web.Request) -> web.Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"ETag": '"v1"'})
        return web.Response(
            text="<rss version='2.0'><channel><title>T</title></channel></rss>",
            headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'},
        )

    async def user_agent(request: web.Request) -> web.Response:
        return web.Response(text=request.headers.get("User-Agent", ""), content_type="text/plain")

    app.router.add_get("/page", page)
    app.router.add_get("/redirect/{n}", redirect)
    app.router.add_get("/to-private", to_private)
    app.router.add_get("/slow", slow)
    app.router.add_get("/big", big)
    app.router.add_get("/declared-big", declared_big)
    app.router.add_get("/bomb", bomb)
    app.router.add_get("/small-gzip", small_gzip)
    app.router.add_get("/pdf", pdf)
    app.router.add_get("/pdf-download", pdf_download)
    app.router.add_get("/zip-download", zip_download)
    app.router.add_get("/pdf-as-html", pdf_as_html)
    app.router.add_get("/big-pdf/{kind}", big_pdf)
    app.router.add_get("/declared-big-pdf", declared_big_pdf)
    app.router.add_get("/image", image)
    app.router.add_get("/accept", accept)
    app.router.add_get("/cp1251-header", cp1251_header)
    app.router.add_get("/cp1251-meta", cp1251_meta)
    app.router.add_get("/cp1251-bare", cp1251_bare)
    app.router.add_get("/latin1-bare", latin1_bare)
    app.router.add_get("/missing", missing)
    app.router.add_get("/feed", feed)
    app.router.add_get("/ua", user_agent)
    return app


async def fetch(serve: Serve, path: str, settings: FetchSettings = OPEN, **kw: object) -> object:
    base = await serve(site())
    async with Fetcher(settings) as fetcher:
        return await fetcher.fetch(base + path, **kw)  # type: ignore[arg-type]


async def test_fetches_a_page_and_records_the_final_url(serve: Serve) -> None:
    base = await serve(site())
    async with Fetcher(OPEN) as fetcher:
        page = await fetcher.fetch(base + "/redirect/3")
    assert page.status == 200
    assert page.final_url == base + "/page"
    assert page.url == base + "/redirect/3"
    assert page.content_type == "text/html"
    assert "Hello, world." in page.text


async def test_sends_a_browser_like_user_agent(serve: Serve) -> None:
    base = await serve(site())
    async with Fetcher(FetchSettings(allow_private_addresses=True)) as fetcher:
        page = await fetcher.fetch(base + "/ua")
    assert page.text.startswith("Mozilla/5.0")


async def test_five_redirects_are_followed_and_six_are_refused(serve: Serve) -> None:
    base = await serve(site())
    async with Fetcher(OPEN) as fetcher:
        assert (await fetcher.fetch(base + "/redirect/4")).status == 200
        with pytest.raises(TooManyRedirectsError):
            await fetcher.fetch(base + "/redirect/5")


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost/",
        "http://2130706433/",
        "ftp://example.com/file",
    ],
)
async def test_a_redirect_to_a_private_address_is_refused(serve: Serve, target: str) -> None:
    base = await serve(site())
    async with Fetcher(LOOPBACK_ONLY) as fetcher:
        assert (await fetcher.fetch(base + "/page")).status == 200  # the guard lets 127.0.0.1 by
        with pytest.raises((BlockedAddressError, InvalidURLError)):
            await fetcher.fetch(f"{base}/to-private?to={target}")


async def test_the_guard_refuses_the_test_server_itself_when_on(serve: Serve) -> None:
    base = await serve(site())
    async with Fetcher(FetchSettings()) as fetcher:
        with pytest.raises(BlockedAddressError):
            await fetcher.fetch(base + "/page")
        port = base.rsplit(":", 1)[1]
        with pytest.raises(BlockedAddressError):
            await fetcher.fetch(f"http://localhost:{port}/page")


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://LOCALHOST./",
        "http://foo.localhost/",
        "http://127.0.0.1/",
        "http://127.1/",
        "http://0x7f000001/",
        "http://0x7f.1/",
        "http://017700000001/",
        "http://2130706433/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://0.0.0.0/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[ff02::1]/",
        "http://[2002:7f00:1::]/",
    ],
)
def test_private_addresses_are_refused_before_any_request(url: str) -> None:
    with pytest.raises(BlockedAddressError):
        check_url(url)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "javascript:alert(1)", "gopher://x/", "http://", "not a url"]
)
def test_only_http_urls_are_accepted(url: str) -> None:
    with pytest.raises(InvalidURLError):
        check_url(url)


def test_public_addresses_pass() -> None:
    assert check_url("https://example.com/a") == "https://example.com/a"
    assert check_url("http://93.184.216.34/") == "http://93.184.216.34/"
    assert is_public_address(ipaddress.ip_address("2606:4700::1111"))
    assert parse_ip_literal("example.com") is None
    assert parse_ip_literal("127.1") == ipaddress.ip_address("127.0.0.1")


def test_the_guard_can_be_lifted() -> None:
    assert check_url("http://127.0.0.1/", OPEN) == "http://127.0.0.1/"


class _RebindingResolver(AbstractResolver):
    """Answers like a hostile DNS server: a public name that points at loopback."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            ResolveResult(
                hostname=host, host="8.8.8.8", port=port, family=socket.AF_INET, proto=0, flags=0
            ),
            ResolveResult(
                hostname=host, host="127.0.0.1", port=port, family=socket.AF_INET, proto=0, flags=0
            ),
        ]

    async def close(self) -> None:
        return None


async def test_a_name_resolving_to_any_private_address_is_refused() -> None:
    resolver = GuardedResolver(FetchSettings(), inner=_RebindingResolver())
    with pytest.raises(BlockedAddressError):
        await resolver.resolve("news.example", 80)
    with pytest.raises(BlockedAddressError):
        await GuardedResolver().resolve("localhost", 80)


async def test_a_slow_site_times_out(serve: Serve) -> None:
    settings = FetchSettings(allow_private_addresses=True, total_timeout=0.5)
    with pytest.raises(FetchTimeoutError):
        await fetch(serve, "/slow", settings)


async def test_a_streamed_body_over_the_cap_is_refused(serve: Serve) -> None:
    settings = FetchSettings(allow_private_addresses=True, max_bytes=1024 * 1024)
    with pytest.raises(TooLargeError):
        await fetch(serve, "/big", settings)
    with pytest.raises(TooLargeError):
        await fetch(serve, "/declared-big", settings)


async def test_a_gzip_bomb_is_refused_after_decompression(serve: Serve) -> None:
    settings = FetchSettings(allow_private_addresses=True, max_bytes=1024 * 1024)
    with pytest.raises(TooLargeError):
        await fetch(serve, "/bomb", settings)
    page = await fetch(serve, "/small-gzip", settings)
    assert "Hello, world." in page.text  # type: ignore[attr-defined]


async def test_other_content_types_are_refused_by_name(serve: Serve) -> None:
    with pytest.raises(UnsupportedContentError, match="image/png"):
        await fetch(serve, "/image")
    # A download is a page only when it is a PDF.
    with pytest.raises(UnsupportedContentError, match="application/octet-stream"):
        await fetch(serve, "/zip-download")


@pytest.mark.parametrize("path", ["/pdf", "/pdf-download", "/pdf-as-html"])
async def test_pdfs_are_fetched_undecoded_by_type_or_signature(serve: Serve, path: str) -> None:
    page = await fetch(serve, path)
    assert page.content_type == "application/pdf"  # type: ignore[attr-defined]
    assert page.body == PDF_BYTES  # type: ignore[attr-defined]
    assert page.text == "" and page.charset is None  # type: ignore[attr-defined]


async def test_pdfs_have_their_own_cap(serve: Serve) -> None:
    small = FetchSettings(allow_private_addresses=True, max_bytes=1024, max_pdf_bytes=1024 * 1024)
    assert (await fetch(serve, "/pdf", small)).body == PDF_BYTES  # type: ignore[attr-defined]
    for path in ("/big-pdf/pdf", "/big-pdf/octet-stream", "/declared-big-pdf"):
        with pytest.raises(PdfTooLargeError, match="larger than 1 MB"):
            await fetch(serve, path, small)
    with pytest.raises(TooLargeError):  # a page that is no PDF keeps the page cap
        await fetch(serve, "/big", small)


async def test_feeds_still_refuse_pdfs(serve: Serve) -> None:
    base = await serve(site())
    async with Fetcher(OPEN) as fetcher:
        with pytest.raises(UnsupportedContentError, match="application/pdf"):
            await fetcher.fetch(base + "/pdf", accept=FEED_TYPES)
        with pytest.raises(PDFDocumentError):  # a download is a feed's type, a PDF is not
            await fetcher.fetch(base + "/pdf-download", accept=FEED_TYPES)


async def test_pages_accept_pdfs_and_feeds_do_not(serve: Serve) -> None:
    base = await serve(site())
    async with Fetcher(OPEN) as fetcher:
        page = await fetcher.fetch(base + "/accept")
        feed = await fetcher.fetch(base + "/accept", accept=FEED_TYPES)
    assert "application/pdf" in page.text
    assert "application/pdf" not in feed.text


async def test_error_statuses_are_reported(serve: Serve) -> None:
    with pytest.raises(HTTPStatusError) as info:
        await fetch(serve, "/missing")
    assert info.value.status == 404


async def test_an_unreachable_port_is_a_fetch_error() -> None:
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with Fetcher(OPEN) as fetcher:
        with pytest.raises(FetchError):
            await fetcher.fetch(f"http://127.0.0.1:{port}/")


@pytest.mark.parametrize("path", ["/cp1251-header", "/cp1251-meta", "/cp1251-bare"])
async def test_windows_1251_pages_decode(serve: Serve, path: str) -> None:
    page = await fetch(serve, path)
    assert RU_TEXT in page.text  # type: ignore[attr-defined]


async def test_a_latin1_page_without_a_charset_decodes_as_browsers_do(serve: Serve) -> None:
    """Detection alone reads this page as windows-1257 ("trčs déįus"): among its equally clean
    readings, windows-1252 wins, as in a browser."""
    best = from_bytes(LATIN1_FR.read_bytes()).best()
    assert best is not None and best.encoding != "cp1252"  # the trap is real
    page = await fetch(serve, "/latin1-bare")
    text = page.text  # type: ignore[attr-defined]
    assert page.charset == "cp1252"  # type: ignore[attr-defined]
    assert "très déçus" in text and "trčs" not in text
    assert "« On travaille sept jours sur sept et, à ce prix-là" in text
    article = extract_article(text, "http://127.0.0.1/latin1-bare")
    assert article.title == "Les producteurs de lait très déçus par le prix d'été"


@pytest.mark.parametrize(
    ("text", "encoding", "lang", "expected"),
    [
        ("Ils sont très déçus après la défaite, a déclaré le maître.", "latin-1", "", "cp1252"),
        ("Los vecinos están muy decepcionados. ¿Qué pasará mañana?", "latin-1", "", "cp1252"),
        # a declared language picks its own legacy code page among the clean readings
        ("Zażółć gęślą jaźń, powiedział minister w środę.", "cp1250", "pl", "cp1250"),
        (RU_TEXT, "cp1251", "", "cp1251"),
    ],
)
def test_undeclared_legacy_pages(text: str, encoding: str, lang: str, expected: str) -> None:
    html = f'<html lang="{lang}"><body><p>{text}</p></body></html>' if lang else f"<p>{text}</p>"
    decoded, charset = decode_body(html.encode(encoding), None)
    assert text in decoded
    assert charset == expected


def test_decoding_order_bom_header_meta() -> None:
    body = "<meta charset='utf-8'><p>très</p>".encode("cp1252")
    assert decode_body(b"\xef\xbb\xbf" + "très".encode(), "latin-1") == ("très", "utf-8")  # BOM
    assert decode_body(body, "windows-1252")[0] == "<meta charset='utf-8'><p>très</p>"  # header
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>très ’'
    # ISO-8859-1 is read as windows-1252, as browsers do: 0x92 is a curly apostrophe
    assert decode_body(meta.encode("cp1252"), None) == (meta, "cp1252")


def test_decoding_prefers_header_then_meta_then_detection() -> None:
    body = '<meta charset="koi8-r"><p>Привет</p>'.encode("koi8_r")
    assert decode_body(body, None) == ('<meta charset="koi8-r"><p>Привет</p>', "koi8-r")
    assert decode_body("Grüße".encode("latin-1"), "ISO-8859-1")[0] == "Grüße"
    assert decode_body("\ufeffhello".encode(), None)[0] == "hello"
    assert decode_body(b"caf\xc3\xa9", "no-such-charset")[0] == "café"


async def test_conditional_requests_get_304(serve: Serve) -> None:
    base = await serve(site())
    async with Fetcher(OPEN) as fetcher:
        first = await fetcher.fetch(base + "/feed", accept=FEED_TYPES)
        assert first.status == 200
        assert first.etag == '"v1"'
        second = await fetcher.fetch(base + "/feed", accept=FEED_TYPES, etag=first.etag)
    assert second.status == 304
    assert second.body == b""


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://[::1", "malformed host"),
        ("http://[::1/a", "malformed host"),
        ("https://a..b/", "malformed host"),
        ("http://x.test:99999/", "malformed port"),
        ("ftp://x", "a URL with a scheme I don't read (ftp)"),
        ("file:///etc/passwd", "a scheme I don't read (file)"),
        ("example.org/news", "not a web link"),
        ("https://", "has no host"),
        ("https://user:pw@x.test/", "user name or password"),
        ("https://x.test/a\x00b", "control characters"),
    ],
)
def test_check_link_says_what_is_wrong(url: str, said: str) -> None:
    with pytest.raises(InvalidURLError) as caught:
        check_link(url)
    assert said in str(caught.value)
    assert "\x00" not in str(caught.value)
    assert clean_url(url)  # never raises: a bad link is its own cache key
    site_of(url)


def test_check_link_accepts_web_links() -> None:
    good = ("https://www.bbc.co.uk/news/x?a=1#f", "http://[2001:db8::1]:8080/a", "HTTP://X.TEST")
    for url in good:
        assert check_link(f"  {url} ") == url


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "a PNG image"),
        (b"GIF89a" + bytes(100), "a GIF image"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "a JPEG image"),
        (b"PK\x03\x04" + bytes(100), "a ZIP archive (or a Word, Excel or EPUB file)"),
        (b"\x1f\x8b\x08" + bytes(100), "gzip-compressed data"),
        (bytes(range(256)) * 8, "binary data"),
    ],
)
async def test_binary_bodies_are_not_text_pages(serve: Serve, body: bytes, kind: str) -> None:
    async def page(_: web.Request) -> web.Response:
        return web.Response(body=body, content_type="text/html")

    app = web.Application()
    app.router.add_get("/x.html", page)
    base = await serve(app)
    async with Fetcher(FetchSettings(allow_private_addresses=True)) as fetcher:
        with pytest.raises(NotTextError) as caught:
            await fetcher.fetch(f"{base}/x.html")
    assert caught.value.kind == kind
    assert not isinstance(caught.value, PDFDocumentError)  # PDFs are pages: see above


@pytest.mark.parametrize(
    "text",
    [
        "<html><body><p>Ordinary English news, with a – dash and “quotes”.</p></body></html>",
        "<p>Новости дня: в городе открылась библиотека.</p>",
        "<p>今日のニュース：図書館が再開しました。</p>",
        "Plain text\twith tabs\r\nand CRLF line ends\f",
    ],
)
def test_text_in_any_script_is_text(text: str) -> None:
    body = text.encode("utf-8")
    assert binary_kind(body, text) is None
