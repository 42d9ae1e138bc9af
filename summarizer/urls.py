"""URL helpers: check a link, find links in text, and the canonical form used as the article
cache key.

:func:`check_link` is the one validation of a link's form, done where a link enters (a message,
a command, the CLI): it says what is wrong with a bad one (:class:`InvalidURLError`) rather
than letting a bare ``ValueError`` out of ``urllib``. :func:`clean_url` never raises.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from summarizer.errors import InvalidURLError

# Query parameters that only track where a click came from; they never change the page.
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_", "__hs", "_hs", "vero_")
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "ysclid",
        "twclid",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "smid",
        "sr_share",
        "xtor",
        "at_medium",
        "at_campaign",
        "s_cid",
        "sharesource",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}

# A link in free text: scheme, then anything up to whitespace or a closing bracket/quote.
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'«»“”]+", re.IGNORECASE)
_TRAILING_PUNCT = ".,;:!?)]}'\"»”’…"


SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Control characters (C0, DEL, C1) and the invisible format characters that hide in links.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def strip_controls(text: str, *, keep: str = "\n\t") -> str:
    """``text`` without control and invisible format characters (except those in ``keep``):
    what is echoed back to a user or a terminal never carries a NUL or an escape sequence."""
    return _CONTROL.sub(lambda m: m.group(0) if m.group(0) in keep else "", text)


def check_link(url: str) -> str:
    """``url`` (stripped) when it is an http(s) link with a well-formed host; otherwise an
    :class:`InvalidURLError` whose message says what is wrong, fit to show (controls removed).
    The address guard (private and local hosts) is the fetcher's, not this."""
    text = url.strip()
    shown = strip_controls(text, keep="")[:200]
    if _CONTROL.search(text) or any(unicodedata.category(c) == "Zs" for c in text):
        raise InvalidURLError(
            f"the link {shown} has control characters or spaces in it", reason="spaces", link=shown
        )
    scheme = _SCHEME.match(text)
    if scheme is None or not text[scheme.end() :].startswith("//"):
        raise InvalidURLError(
            f"{shown} is not a web link: it does not start with http://",
            reason="not_web",
            link=shown,
        )
    name = scheme.group(1).lower()
    if name not in SCHEMES:
        raise InvalidURLError(
            f"{shown} is a URL with a scheme I don't read ({name})",
            reason="scheme",
            link=shown,
            scheme=name,
        )
    try:
        parts = urlsplit(text)
        host = parts.hostname
        _ = parts.port
    except ValueError as exc:
        detail = "malformed port" if "port" in str(exc).lower() else "malformed host"
        raise InvalidURLError(
            f"the link {shown} has a {detail}", reason=detail.split()[-1], link=shown
        ) from None
    if not host:
        raise InvalidURLError(f"the link {shown} has no host", reason="no_host", link=shown)
    if parts.username is not None or parts.password is not None:
        raise InvalidURLError(
            "links with a user name or password in them are not followed", reason="credentials"
        )
    if not _host_is_well_formed(host):
        raise InvalidURLError(f"the link {shown} has a malformed host", reason="host", link=shown)
    return text


def _host_is_well_formed(host: str) -> bool:
    if ":" in host:  # an IPv6 literal, which urlsplit has already checked
        return True
    if len(host) > 253 or ".." in host or host.startswith((".", "-")):
        return False
    return all(label and len(label) <= 63 for label in host.rstrip(".").split("."))


def is_tracking_param(name: str) -> bool:
    low = name.lower()
    return low in _TRACKING_PARAMS or low.startswith(_TRACKING_PREFIXES)


def clean_url(url: str) -> str:
    """The URL without fragment, tracking parameters, default port or a trailing ``?``.

    The scheme and host are lower-cased; the path and the order of the remaining query
    parameters are kept, since sites may depend on them.
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:  # a malformed link is its own key; check_link says what is wrong
        return url.strip()
    scheme = parts.scheme.lower()
    if not host:
        return url.strip()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    params = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode([(k, v) for k, v in params if not is_tracking_param(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def site_of(url: str) -> str:
    """The host without a leading ``www.`` (``https://www.bbc.co.uk/x`` -> ``bbc.co.uk``)."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host.removeprefix("www.")


def same_site(a: str, b: str) -> bool:
    """Whether two URLs are on the same site: equal hosts, or one a subdomain of the other."""
    ha, hb = site_of(a), site_of(b)
    if not ha or not hb:
        return False
    return ha == hb or ha.endswith("." + hb) or hb.endswith("." + ha)


def find_urls(text: str) -> list[str]:
    """The http(s) links in free text, in order, without duplicates or trailing punctuation."""
    found: list[str] = []
    for match in _URL_IN_TEXT.finditer(text):
        url = match.group(0).rstrip(_TRAILING_PUNCT)
        # Keep a closing parenthesis that belongs to the URL (Wikipedia style).
        if url.count("(") > url.count(")") and match.group(0)[len(url) : len(url) + 1] == ")":
            url += ")"
        if url not in found:
            found.append(url)
    return found
