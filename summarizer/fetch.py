"""Safe fetching of web pages and feeds.

One aiohttp session per process. Every request is bounded: a total and a connect timeout, at
most ``max_redirects`` redirects (each hop checked again), a body cap counted after
decompression while streaming, and an allow-list of content types.

The private-address guard works at two points:
1. before a request, the URL's host is checked when it is an IP literal in any spelling that a
   resolver would accept (``127.1``, ``0x7f000001``, ``2130706433``, ``[::ffff:127.0.0.1]``);
2. every name is resolved by :class:`GuardedResolver`, which refuses the whole answer if any
   address is not public. aiohttp then connects to exactly the addresses that were checked, so a
   DNS rebinding trick has no window between check and connect.
"""

from __future__ import annotations

import asyncio
import codecs
import ipaddress
import logging
import re
import socket
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from charset_normalizer import from_bytes

from errors import N_
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
from summarizer.extract.pdf import MAX_PDF_BYTES, PDF_CONTENT_TYPES, PdfTooLargeError, is_pdf
from summarizer.urls import check_link

logger = logging.getLogger(__name__)

# Pages: web pages, plain text and PDFs. A PDF is also recognised by its signature whatever it
# is served as (``application/octet-stream`` is let through only when it turns out to be one).
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", *PDF_CONTENT_TYPES})
_DOWNLOAD = "application/octet-stream"
_SNIFF_BYTES = 1024  # a PDF's signature lies within its first KiB
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
        # A site's home page, so that its feed can be discovered from <link rel="alternate">.
        "text/html",
        "application/xhtml+xml",
        # Some servers send feeds as plain text or as a download.
        "text/plain",
        "application/octet-stream",
    }
)

DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


@dataclass(frozen=True, slots=True)
class FetchSettings:
    total_timeout: float = 20.0
    connect_timeout: float = 8.0
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024
    max_pdf_bytes: int = MAX_PDF_BYTES  # a PDF's own cap (PDF reports are larger than pages)
    allow_private_addresses: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    max_connections: int = 100
    max_connections_per_host: int = 6
    # Networks let through although they are not public (an operator's internal mirror, tests).
    allowed_networks: tuple[str, ...] = ()

    def is_allowed(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        """Whether newsbot may connect to ``address`` under these settings."""
        if self.allow_private_addresses or is_public_address(address):
            return True
        return any(
            address in ipaddress.ip_network(net, strict=False) for net in self.allowed_networks
        )


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched document."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int  # 200-299, or 304 for a conditional request that matched
    content_type: str  # the media type without parameters, e.g. "text/html"; a PDF's is
    # "application/pdf" whatever it was served as
    body: bytes  # decompressed
    text: str  # decoded: header charset, then <meta>, then detection ("" for a PDF)
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None


# --- the private-address guard ---------------------------------------------------------------


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is a public unicast one that newsbot may connect to."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return is_public_address(mapped)
        if address.teredo is not None:
            return False
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def parse_ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host name stands for if it is an IP literal in any accepted spelling.

    Besides dotted quads and IPv6 this takes the legacy forms that ``inet_aton`` (and so most
    resolvers) accept: ``127.1``, ``0x7f.1``, ``017700000001``, ``2130706433``.
    """
    host = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if not host or not re.fullmatch(r"[0-9a-fA-FxX.]+", host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def check_url(url: str, settings: FetchSettings | None = None) -> str:
    """Validate a URL before fetching: http(s) only, a host, and no private IP literal.

    Returns the URL; raises :class:`InvalidURLError` or :class:`BlockedAddressError`.
    """
    url = check_link(url)
    host = urlsplit(url).hostname or ""
    settings = settings or FetchSettings()
    if settings.allow_private_addresses:
        return url
    address = parse_ip_literal(host)
    if address is not None and not settings.is_allowed(address):
        raise BlockedAddressError(f"{host} is not a public address")
    name = host.rstrip(".").lower()
    if name == "localhost" or name.endswith((".localhost", ".localdomain")):
        raise BlockedAddressError(f"{host} is not a public address")
    return url


class GuardedResolver(AbstractResolver):
    """Resolves names, refusing any answer that contains a non-public address."""

    def __init__(
        self, settings: FetchSettings | None = None, inner: AbstractResolver | None = None
    ) -> None:
        self._settings = settings or FetchSettings()
        self._inner = inner or aiohttp.ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        for result in results:
            address = ipaddress.ip_address(result["host"].split("%", 1)[0])
            if not self._settings.is_allowed(address):
                raise BlockedAddressError(f"{host} resolves to a non-public address")
        return results

    async def close(self) -> None:
        await self._inner.close()


# --- decoding ---------------------------------------------------------------------------------


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


# Labels that browsers read as windows-1252 (the WHATWG Encoding Standard): a page saying
# "ISO-8859-1" uses its C1 bytes for curly quotes and dashes, as windows-1252 does.
_WINDOWS_1252_LABELS = frozenset(_codec(n) for n in ("iso-8859-1", "us-ascii", "cp819"))
# Single-byte Latin code pages a detector confuses with one another on short texts: French
# "très déçus" reads as windows-1250 "trčs déçus" or windows-1257 "trčs déįus" as cleanly.
_LATIN_SINGLE_BYTE = frozenset(
    _codec(name)
    for name in (
        "cp1250", "cp1252", "cp1254", "cp1257", "cp775", "cp850", "cp852", "mac_latin2",
        "mac_roman", "mac_iceland", "mac_turkish",
        *(f"iso8859_{n}" for n in (1, 2, 3, 4, 9, 10, 13, 14, 15, 16)),
    )
)  # fmt: skip
# What browsers fall back to for a page in this language with no declared charset.
_LEGACY_BY_LANGUAGE = {
    **dict.fromkeys(("cs", "hu", "pl", "ro", "sk", "sl", "hr", "bs", "sq"), "cp1250"),
    **dict.fromkeys(("lt", "lv", "et"), "cp1257"),
    "tr": "cp1254",
    "az": "cp1254",
}
# Letters of a windows-1252 reading that betray another code page (Turkish ğ ş ı read as ð þ ý).
_UNLIKELY_IN_1252 = frozenset("ðþýÐÞÝ")
_HTML_LANG = re.compile(rb"""<html[^>]*\blang\s*=\s*["']?\s*([A-Za-z]{2,3})""", re.IGNORECASE)


def decode_body(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode a document as browsers do: a byte-order mark, then the HTTP header's charset,
    then ``<meta charset>``/``<meta http-equiv>`` (or an XML declaration), then UTF-8 if the
    bytes are valid UTF-8, then detection (charset-normalizer). Among the detector's equally
    clean readings in single-byte Latin code pages, the page's language decides, and else
    windows-1252, the web's legacy default. Returns ``(text, charset)``."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", errors="replace"), "utf-16"
    charset = _codec(header_charset)
    if charset is None:
        head = body[:4096]
        match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
        if match:
            charset = _codec(match.group(1).decode("ascii", errors="ignore"))
    if charset is None:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            results = from_bytes(body[:200_000])
            best = results.best()
            charset = _codec(best.encoding) if best is not None else None
            if best is not None and charset in _LATIN_SINGLE_BYTE:
                lang = _HTML_LANG.search(body[:4096])
                code = lang.group(1).decode("ascii").lower() if lang else ""
                wanted = _LEGACY_BY_LANGUAGE.get(code, "cp1252")
                clean = {_codec(m.encoding) for m in results if m.chaos <= best.chaos + 0.01}
                if wanted in clean and (
                    code or not _UNLIKELY_IN_1252.intersection(body.decode("cp1252", "replace"))
                ):
                    charset = wanted
    if charset in _WINDOWS_1252_LABELS:
        charset = "cp1252"
    charset = charset or "utf-8"
    return body.decode(charset, errors="replace"), charset


# --- text or not ------------------------------------------------------------------------------

# Leading bytes of formats that are never a text page, whatever they are served as.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", N_("a PNG image")),
    (b"GIF87a", N_("a GIF image")),
    (b"GIF89a", N_("a GIF image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"RIFF", N_("a RIFF file (WebP image, WAV or AVI)")),
    (b"PK\x03\x04", N_("a ZIP archive (or a Word, Excel or EPUB file)")),
    (b"PK\x05\x06", N_("a ZIP archive")),
    (b"\x1f\x8b", N_("gzip-compressed data")),
    (b"BZh", N_("bzip2-compressed data")),
    (b"\xfd7zXZ\x00", N_("xz-compressed data")),
    (b"7z\xbc\xaf\x27\x1c", N_("a 7-Zip archive")),
    (b"Rar!\x1a\x07", N_("a RAR archive")),
    (b"\x28\xb5\x2f\xfd", N_("zstd-compressed data")),
    (b"\x7fELF", N_("a program (ELF)")),
    (b"\x00\x00\x01\x00", N_("an icon")),
    (b"OggS", N_("an Ogg audio or video file")),
    (b"ID3", N_("an MP3 audio file")),
    (b"\x1aE\xdf\xa3", N_("a WebM or Matroska video")),
    (b"wOFF", N_("a web font")),
    (b"wOF2", N_("a web font")),
    (b"SQLite format 3\x00", N_("an SQLite database")),
)
_MP4 = re.compile(rb"^....ftyp", re.DOTALL)
# In decoded text: C0 controls other than tab, newline, form feed and carriage return; DEL and
# C1 controls; U+FFFD, what undecodable bytes became.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
NOT_TEXT_SHARE = 0.05  # more than this share of such characters: not a text page
_SAMPLE = 100_000  # characters looked at (the start of the document)


def binary_kind(body: bytes, text: str) -> str | None:
    """What a body is when it is not a text page, or None for text. Decided by magic numbers
    (a PDF, an image, an archive, served as ``text/html`` or saved as ``x.html``), then by the
    share of control and replacement characters in the decoded text."""
    head = body[:16].lstrip(b"\xef\xbb\xbf")
    if head.lstrip()[:5] == b"%PDF-":
        return N_("a PDF document")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if _MP4.match(head):
        return N_("an MP4 or QuickTime video")
    sample = text[:_SAMPLE]
    if not sample:
        return None
    odd = len(_NOT_TEXT.findall(sample))
    if odd > NOT_TEXT_SHARE * len(sample):
        return N_("binary data")
    return None


def check_text(body: bytes, text: str) -> None:
    """Raise :class:`PDFDocumentError` or :class:`NotTextError` when the body is not text (a
    PDF where PDFs are not accepted, such as a feed, is refused here too)."""
    kind = binary_kind(body, text)
    if kind == "a PDF document":
        raise PDFDocumentError()
    if kind is not None:
        raise NotTextError(kind)


# --- the fetcher ------------------------------------------------------------------------------


class Fetcher:
    """Owns the process's aiohttp session. Use ``async with Fetcher(settings) as fetcher``."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        if self._session is not None:
            return
        s = self.settings
        connector = aiohttp.TCPConnector(
            limit=s.max_connections,
            limit_per_host=s.max_connections_per_host,
            resolver=None if s.allow_private_addresses else GuardedResolver(s),
            ttl_dns_cache=60,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=aiohttp.ClientTimeout(
                total=s.total_timeout, connect=s.connect_timeout, sock_read=s.total_timeout
            ),
            headers={
                "User-Agent": s.user_agent,
                "Accept-Language": "en;q=0.9, *;q=0.5",
            },
            trust_env=False,
            auto_decompress=True,
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> Fetcher:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def fetch(
        self,
        url: str,
        *,
        accept: frozenset[str] = PAGE_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Page:
        """Fetch ``url``, following up to ``max_redirects`` redirects, each one checked."""
        if self._session is None:
            await self.start()
        try:
            async with asyncio.timeout(self.settings.total_timeout):
                return await self._fetch(url, accept, etag, last_modified)
        except TimeoutError as exc:
            raise FetchTimeoutError(N_("the site took too long to answer")) from exc

    async def _fetch(
        self, url: str, accept: frozenset[str], etag: str | None, last_modified: str | None
    ) -> Page:
        assert self._session is not None
        headers: dict[str, str] = {"Accept": _accept_header(accept)}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = check_url(url, self.settings)
        for _hop in range(self.settings.max_redirects + 1):
            try:
                async with self._session.get(
                    current, headers=headers, allow_redirects=False
                ) as response:
                    if response.status in _REDIRECT_STATUSES:
                        location = response.headers.get("Location")
                        if not location:
                            raise HTTPStatusError(response.status, "redirect without a location")
                        current = check_url(urljoin(current, location), self.settings)
                        continue
                    return await self._read(url, current, response, accept)
            except FetchError:
                raise
            except (aiohttp.ClientConnectorDNSError, socket.gaierror) as exc:
                raise FetchError(N_("the site's address could not be found")) from exc
            except aiohttp.ClientConnectorError as exc:
                raise FetchError(N_("the site could not be reached")) from exc
            except aiohttp.InvalidURL as exc:
                raise InvalidURLError(f"not a valid URL: {current[:200]}") from exc
            except aiohttp.ClientPayloadError as exc:
                raise FetchError(N_("the site sent a broken response")) from exc
            except aiohttp.ClientError as exc:
                raise FetchError(f"the site could not be read ({type(exc).__name__})") from exc
        raise TooManyRedirectsError(f"more than {self.settings.max_redirects} redirects")

    async def _read(
        self, url: str, final_url: str, response: aiohttp.ClientResponse, accept: frozenset[str]
    ) -> Page:
        etag = response.headers.get("ETag")
        last_modified = response.headers.get("Last-Modified")
        if response.status == 304:
            return Page(url, final_url, 304, "", b"", "", None, etag, last_modified)
        if response.status >= 400 or response.status < 200:
            raise HTTPStatusError(response.status, response.reason or "")
        content_type = (response.content_type or "").lower()
        pdf_ok = not accept.isdisjoint(PDF_CONTENT_TYPES)
        if content_type not in accept and not (pdf_ok and content_type == _DOWNLOAD):
            raise UnsupportedContentError(content_type)
        data, pdf = await self._read_body(response, content_type, accept)
        if pdf:  # read from its text layer later, never decoded as text
            return Page(
                url, final_url, response.status, "application/pdf", data, "", None,
                etag, last_modified,
            )  # fmt: skip
        text, charset = decode_body(data, response.charset)
        check_text(data, text)
        return Page(
            url=url,
            final_url=final_url,
            status=response.status,
            content_type=content_type,
            body=data,
            text=text,
            charset=charset,
            etag=etag,
            last_modified=last_modified,
        )

    async def _read_body(
        self, response: aiohttp.ClientResponse, content_type: str, accept: frozenset[str]
    ) -> tuple[bytes, bool]:
        """The body, under the cap of what it is, and whether it is a PDF. Whether it is one is
        known from the content type, or else from the first KiB (its signature), when PDFs are
        accepted at all; until then the page cap applies."""
        pdf_ok = not accept.isdisjoint(PDF_CONTENT_TYPES)
        pdf: bool | None = None  # not known yet
        if not pdf_ok:
            pdf = False
        elif content_type in PDF_CONTENT_TYPES:
            pdf = True
        declared = response.content_length
        if "Content-Encoding" in response.headers:
            declared = None  # the size on the wire, not the size once inflated
        if declared is not None and pdf is not None:
            self._check_size(declared, pdf)
        body = bytearray()
        # Counted after decompression (aiohttp inflates as it streams), so a gzip bomb stops here.
        async for chunk in response.content.iter_chunked(_CHUNK):
            body += chunk
            if pdf is None and len(body) >= _SNIFF_BYTES:
                pdf = self._sniff(body, content_type, accept)
                if declared is not None:
                    self._check_size(declared, pdf)
            self._check_size(len(body), bool(pdf))
        if pdf is None:
            pdf = self._sniff(body, content_type, accept)
        return bytes(body), pdf

    @staticmethod
    def _sniff(body: bytearray, content_type: str, accept: frozenset[str]) -> bool:
        """Whether a body whose type did not say is a PDF; a download that is none is refused."""
        if is_pdf(None, bytes(body[:_SNIFF_BYTES])):
            return True
        if content_type not in accept:
            raise UnsupportedContentError(content_type)
        return False

    def _check_size(self, size: int, pdf: bool) -> None:
        if pdf and size > self.settings.max_pdf_bytes:
            raise PdfTooLargeError.over(self.settings.max_pdf_bytes)
        if not pdf and size > self.settings.max_bytes:
            raise TooLargeError(_too_large(self.settings.max_bytes))


def _too_large(limit: int) -> str:
    return f"the page is larger than {limit // (1024 * 1024) or 1} MB"


def _accept_header(accept: frozenset[str]) -> str:
    if "application/rss+xml" in accept:
        return (
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
            "text/xml;q=0.9, text/html;q=0.5, */*;q=0.1"
        )
    header = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
    if not accept.isdisjoint(PDF_CONTENT_TYPES):
        header += ",application/pdf;q=0.8"
    return header
