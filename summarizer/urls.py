"""URL helpers: find links in text, and the canonical form used as the article cache key."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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


def is_tracking_param(name: str) -> bool:
    low = name.lower()
    return low in _TRACKING_PARAMS or low.startswith(_TRACKING_PREFIXES)


def clean_url(url: str) -> str:
    """The URL without fragment, tracking parameters, default port or a trailing ``?``.

    The scheme and host are lower-cased; the path and the order of the remaining query
    parameters are kept, since sites may depend on them.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
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
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
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
