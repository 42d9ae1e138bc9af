"""Every failure gets a short, specific, friendly reply; bugs get an apology and a traceback.

``describe`` maps the pipeline's error tree (``summarizer.errors``) to what a user can act on.
``report_error`` is the Application's error handler: anything a handler did not catch lands
there, is logged with its traceback, and the user sees an apology. The bot keeps running.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from errors import NewsbotError
from handlers.context import NewsbotContext
from summarizer.errors import (
    BlockedAddressError,
    ExtractionError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    NotAnArticleError,
    NotTextError,
    PDFDocumentError,
    SummarizerError,
    TooLargeError,
    TooManyRedirectsError,
    UnsupportedContentError,
)
from summarizer.extract.pdf import PdfError

logger = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again later."
BUTTON_EXPIRED = "This button has expired."


class SendGivenUp(NetworkError):
    """A reply the Bot API would not take until the send deadline (``bot.bot_api``)."""

# BadRequest texts of an edit whose message is not there to edit.
_MESSAGE_GONE = (
    "message to edit not found",
    "message can't be edited",
    "message_id_invalid",
    "message not found",
)


def message_gone(exc: BadRequest) -> bool:
    """Whether an edit failed because the message is not there (deleted, forged, too old)."""
    low = exc.message.lower()
    return any(clue in low for clue in _MESSAGE_GONE)


_KINDS = {
    "application/pdf": "a PDF document",
    "application/zip": "a ZIP archive",
    "application/json": "JSON data",
    "application/octet-stream": "a file download",
    "application/msword": "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word document",
    "application/vnd.ms-excel": "a spreadsheet",
}
_FAMILIES = {"image": "an image", "video": "a video", "audio": "an audio file", "font": "a font"}


def content_kind(content_type: str) -> str:
    """``application/pdf`` -> ``a PDF document``; unknown types are named as they are."""
    media = content_type.split(";")[0].strip().lower()
    if media in _KINDS:
        return _KINDS[media]
    family = media.split("/")[0]
    if family in _FAMILIES:
        return f"{_FAMILIES[family]} ({media})"
    return f"a file of type {media}" if media else "a file of unknown type"


def _status(exc: HTTPStatusError) -> str:
    code = exc.status
    if code == 404 or code == 410:
        return f"The site says that page does not exist (HTTP {code}). Check the link."
    if code in (401, 403):
        return (
            f"The site refused to show me that page (HTTP {code}); it may need a login or "
            "block bots."
        )
    if code == 429:
        return "The site is limiting requests right now (HTTP 429). Try again in a few minutes."
    if code >= 500:
        return f"The site had an error (HTTP {code}). Try again later."
    return f"The site answered with an error (HTTP {code})."


_FRONT_PAGE = (
    "That looks like a front page or a list of stories, not one article. Send me the link to a "
    "single story."
)
# What the extractor says (summarizer/extract/: "no article found: the page asks to log in")
# -> what a reader can act on.
_NOT_AN_ARTICLE = (
    (
        "log in",
        "That page asks for a login or a subscription before it shows the article, so I can't "
        "read it.",
    ),
    ("cookie", "That page only shows me a cookie consent wall, so I can't read the article."),
    ("list of links", _FRONT_PAGE),
    ("index page", _FRONT_PAGE),
    ("almost no text", "That page has almost no text, so there is no article to summarise."),
    ("PDF's text is too short", "That PDF has too little text to summarise."),
    ("too short", "That page's text is too short to summarise."),
    ("empty", "That page is empty, so there is no article to summarise."),
    ("readable HTML", "I couldn't read that page: its HTML is broken."),
)


def _not_an_article(reason: str) -> str:
    for clue, said in _NOT_AN_ARTICLE:
        if clue in reason:
            return said
    detail = reason.removeprefix("no article found").strip(" :")
    return "That page doesn't look like a news article" + (f" ({detail})." if detail else ".")


def describe(exc: NewsbotError) -> str:
    """What to tell the user about a pipeline failure (plain text, no markup)."""
    if isinstance(exc, InvalidURLError):
        return f"I can't open that: {exc}. I read http:// and https:// links."
    if isinstance(exc, BlockedAddressError):
        return (
            "I can't open that address: it points to a private or local network, which I never "
            "visit."
        )
    if isinstance(exc, UnsupportedContentError):
        return (
            f"That link leads to {content_kind(exc.content_type)}, not a web page, so there is "
            "no article to summarise."
        )
    if isinstance(exc, PDFDocumentError):  # where PDFs are not read: a feed's address
        return "That link leads to a PDF document, not a web page or a feed."
    if isinstance(exc, NotTextError):
        return (
            f"That is not a text page: it is {exc.kind}, so there is no article to summarise."
        )
    if isinstance(exc, TooLargeError):
        return "That page is too large for me to read."
    if isinstance(exc, FetchTimeoutError):
        return "The site took too long to answer. Try again later."
    if isinstance(exc, HTTPStatusError):
        return _status(exc)
    if isinstance(exc, TooManyRedirectsError):
        return "That link redirects too many times; I gave up following it."
    if isinstance(exc, FetchError):
        return "I couldn't reach that site. Check the link, or try again later."
    if isinstance(exc, PdfError):  # its own words: scanned, encrypted, damaged, too large
        return str(exc)
    if isinstance(exc, NotAnArticleError):
        return _not_an_article(str(exc))
    if isinstance(exc, ExtractionError):
        return "I couldn't find the article's text on that page."
    if isinstance(exc, SummarizerError):
        return "I read the article but couldn't summarise it. Try again later."
    return f"I couldn't summarise that page: {exc}."


async def report_error(update: object, context: NewsbotContext) -> None:
    """The Application's error handler: log, apologise when there is someone to tell."""
    error = context.error
    if isinstance(error, (NetworkError, RetryAfter)) and not isinstance(update, Update):
        # Polling hiccups: PTB retries by itself (1 s growing to 30 s); a traceback would only
        # be noise.
        logger.warning("Telegram connection problem: %s", error)
        return
    if isinstance(error, Conflict):
        logger.warning("another process is receiving this bot's updates: %s", error)
        return
    if isinstance(error, Forbidden):
        logger.info("not allowed to answer in a chat (blocked or removed): %s", error)
        return
    if isinstance(error, SendGivenUp):
        # The Bot API was down for longer than the send deadline (counted where it was given
        # up): an apology would not get through either.
        logger.warning("could not answer an update: %s", error)
        return
    if (
        isinstance(update, Update)
        and update.callback_query is not None
        and isinstance(error, BadRequest)
        and message_gone(error)
    ):
        # A button under a message that is not there (forged, deleted): not a bug of ours.
        logger.info("button pressed under a message that is gone: %s", error)
        try:
            await update.callback_query.answer(BUTTON_EXPIRED)
        except TelegramError:
            logger.debug("could not answer the callback query", exc_info=True)
        return
    logger.error("unhandled error while processing an update", exc_info=error)
    if not isinstance(update, Update):
        return
    message = update.effective_message
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(APOLOGY, show_alert=True)
        except TelegramError:
            logger.debug("could not answer the callback query", exc_info=True)
        return
    if message is None:
        return
    try:
        await message.reply_text(APOLOGY)
    except TelegramError:
        logger.warning("could not send the apology", exc_info=True)
