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

from summarizer.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    TooLargeError,
    TooManyRedirectsError,
    UnsupportedContentError,
)

logger = logging.getLogger(__name__)

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
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
    content_type: str  # the media type without parameters, e.g. "text/html"
    body: bytes  # decompressed
    text: str  # decoded: header charset, then <meta>, then detection
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
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        _ = parts.port  # raises on a malformed port
    except ValueError as exc:
        raise InvalidURLError(f"not a valid URL: {url[:200]}") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidURLError(f"only http and https links can be read, not {parts.scheme or '?'}:")
    if not host:
        raise InvalidURLError(f"the link has no host: {url[:200]}")
    if parts.username or parts.password:
        raise InvalidURLError("links with a user name or password are not followed")
    settings = settings or FetchSettings()
    if settings.allow_private_addresses:
        return url.strip()
    address = parse_ip_literal(host)
    if address is not None and not settings.is_allowed(address):
        raise BlockedAddressError(f"{host} is not a public address")
    name = host.rstrip(".").lower()
    if name == "localhost" or name.endswith((".localhost", ".localdomain")):
        raise BlockedAddressError(f"{host} is not a public address")
    return url.strip()


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


def decode_body(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode a document: the header's charset, then a ``<meta>``/XML declaration, then
    detection. Returns ``(text, charset)``."""
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
            best = from_bytes(body[:200_000]).best()
            charset = _codec(best.encoding) if best is not None else None
    charset = charset or "utf-8"
    return body.decode(charset, errors="replace"), charset


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
            raise FetchTimeoutError("the site took too long to answer") from exc

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
                raise FetchError("the site's address could not be found") from exc
            except aiohttp.ClientConnectorError as exc:
                raise FetchError("the site could not be reached") from exc
            except aiohttp.InvalidURL as exc:
                raise InvalidURLError(f"not a valid URL: {current[:200]}") from exc
            except aiohttp.ClientPayloadError as exc:
                raise FetchError("the site sent a broken response") from exc
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
        if content_type not in accept:
            raise UnsupportedContentError(content_type)
        declared = response.content_length
        limit = self.settings.max_bytes
        if declared is not None and declared > limit and "Content-Encoding" not in response.headers:
            raise TooLargeError(_too_large(limit))
        body = bytearray()
        # Counted after decompression (aiohttp inflates as it streams), so a gzip bomb stops here.
        async for chunk in response.content.iter_chunked(_CHUNK):
            body += chunk
            if len(body) > limit:
                raise TooLargeError(_too_large(limit))
        data = bytes(body)
        text, charset = decode_body(data, response.charset)
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


def _too_large(limit: int) -> str:
    return f"the page is larger than {limit // (1024 * 1024) or 1} MB"


def _accept_header(accept: frozenset[str]) -> str:
    if "application/rss+xml" in accept:
        return (
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
            "text/xml;q=0.9, text/html;q=0.5, */*;q=0.1"
        )
    return "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
