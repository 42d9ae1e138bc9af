"""The pipeline's own errors, under the project's root :class:`errors.NewsbotError`."""

from __future__ import annotations

from errors import NewsbotError

__all__ = [
    "BlockedAddressError",
    "ExtractionError",
    "FetchError",
    "FetchTimeoutError",
    "HTTPStatusError",
    "InvalidURLError",
    "NotAnArticleError",
    "NotTextError",
    "PDFDocumentError",
    "SummarizerError",
    "TooLargeError",
    "TooManyRedirectsError",
    "UnsupportedContentError",
]


class FetchError(NewsbotError):
    """The page could not be fetched."""


class InvalidURLError(FetchError):
    """The text is not an http(s) URL we can fetch.

    ``reason`` names what is wrong for those who word it themselves (the bot's translated
    replies): ``spaces``, ``not_web``, ``scheme``, ``port``, ``host``, ``no_host``,
    ``credentials`` or ``invalid``; ``link`` is the link as shown, ``scheme`` the scheme."""

    def __init__(
        self, message: str, *, reason: str = "invalid", link: str = "", scheme: str = ""
    ) -> None:
        super().__init__(message)
        self.reason, self.link, self.scheme = reason, link, scheme


class BlockedAddressError(FetchError):
    """The host is, or resolves to, a private, loopback or otherwise non-public address."""


class UnsupportedContentError(FetchError):
    """The server answered with a content type that is not a web page (PDF, image, video...)."""

    def __init__(self, content_type: str) -> None:
        self.content_type = content_type
        super().__init__(f"unsupported content type: {content_type or 'unknown'}")


class NotTextError(FetchError):
    """The body is not text although it was served (or saved) as a page: an image, an archive,
    random bytes. ``kind`` names what it is ("a PNG image"), or "binary data"."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"not a text page: {kind}")


class PDFDocumentError(NotTextError):
    """The body is a PDF document (whatever its content type said). Its own case: PDFs may be
    read one day, the other binary kinds never."""

    def __init__(self) -> None:
        super().__init__("a PDF document")


class TooLargeError(FetchError):
    """The body (after decompression) is larger than the cap."""


class FetchTimeoutError(FetchError):
    """The site took too long to answer."""


class HTTPStatusError(FetchError):
    """The site answered with an error status."""

    def __init__(self, status: int, reason: str = "") -> None:
        self.status = status
        super().__init__(f"the site answered HTTP {status}{(' ' + reason) if reason else ''}")


class TooManyRedirectsError(FetchError):
    """More redirects than allowed."""


class ExtractionError(NewsbotError):
    """No article could be extracted from the page."""


class NotAnArticleError(ExtractionError):
    """The page is not an article (login or cookie wall, index page, near-empty page)."""

    def __init__(self, reason: str = "no article found") -> None:
        super().__init__(reason)


class SummarizerError(NewsbotError):
    """A summariser failed (callers usually fall back to the extractive one)."""
