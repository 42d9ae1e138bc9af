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

from errors import ByteSize, NewsbotError
from handlers.context import NewsbotContext
from handlers.i18n import N_, _, file_size, ngettext
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
from summarizer.extract.pdf import (
    EncryptedPdfError,
    NoTextLayerError,
    PdfError,
    PdfTooLargeError,
)

logger = logging.getLogger(__name__)

APOLOGY = N_("Sorry, something went wrong on my side. It has been logged; please try again later.")
BUTTON_EXPIRED = N_("This button has expired.")


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
    "application/pdf": N_("a PDF document"),
    "application/zip": N_("a ZIP archive"),
    "application/json": N_("JSON data"),
    "application/octet-stream": N_("a file download"),
    "application/msword": N_("a Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": N_(
        "a Word document"
    ),
    "application/vnd.ms-excel": N_("a spreadsheet"),
}
_FAMILIES = {
    "image": N_("an image ({media})"),
    "video": N_("a video ({media})"),
    "audio": N_("an audio file ({media})"),
    "font": N_("a font ({media})"),
}


def content_kind(content_type: str) -> str:
    """``application/pdf`` -> ``a PDF document``; unknown types are named as they are."""
    media = content_type.split(";")[0].strip().lower()
    if media in _KINDS:
        return _(_KINDS[media])
    family = media.split("/")[0]
    if family in _FAMILIES:
        return _(_FAMILIES[family]).format(media=media)
    if media:
        return _("a file of type {media}").format(media=media)
    return _("a file of unknown type")


def _status(exc: HTTPStatusError) -> str:
    code = exc.status
    if code == 404 or code == 410:
        return _("The site says that page does not exist (HTTP {code}). Check the link.").format(
            code=code
        )
    if code in (401, 403):
        return _(
            "The site refused to show me that page (HTTP {code}); it may need a login or "
            "block bots."
        ).format(code=code)
    if code == 429:
        return _(
            "The site is limiting requests right now (HTTP 429). Try again in a few minutes."
        )
    if code >= 500:
        return _("The site had an error (HTTP {code}). Try again later.").format(code=code)
    return _("The site answered with an error (HTTP {code}).").format(code=code)


_FRONT_PAGE = N_(
    "That looks like a front page or a list of stories, not one article. Send me the link to a "
    "single story."
)
# What the extractor says (summarizer/extract/: "no article found: the page asks to log in")
# -> what a reader can act on.
_NOT_AN_ARTICLE = (
    (
        "log in",
        N_("That page asks for a login or a subscription before it shows the article, so I can't "
        "read it."
        ),
    ),
    ("cookie", N_("That page only shows me a cookie consent wall, so I can't read the article.")),
    ("list of links", _FRONT_PAGE),
    ("index page", _FRONT_PAGE),
    ("almost no text", N_("That page has almost no text, so there is no article to summarise.")),
    ("PDF's text is too short", N_("That PDF has too little text to summarise.")),
    ("too short", N_("That page's text is too short to summarise.")),
    ("empty", N_("That page is empty, so there is no article to summarise.")),
    ("readable HTML", N_("I couldn't read that page: its HTML is broken.")),
)


def _not_an_article(reason: str) -> str:
    """Every reason the extractors give has its wording (tests/test_failures.py reads them
    all from the source); an unknown one gets the general line, never its English words."""
    for clue, said in _NOT_AN_ARTICLE:
        if clue in reason:
            return _(said)
    return _("That page doesn't look like a news article.")


def _invalid_url(exc: InvalidURLError) -> str:
    link = exc.link
    if exc.reason == "spaces":
        problem = _("the link {link} has control characters or spaces in it").format(link=link)
    elif exc.reason == "not_web":
        problem = _("{link} is not a web link: it does not start with http://").format(link=link)
    elif exc.reason == "scheme":
        problem = _("{link} is a URL with a scheme I don't read ({scheme})").format(
            link=link, scheme=exc.scheme
        )
    elif exc.reason == "port":
        problem = _("the link {link} has a malformed port").format(link=link)
    elif exc.reason == "host":
        problem = _("the link {link} has a malformed host").format(link=link)
    elif exc.reason == "no_host":
        problem = _("the link {link} has no host").format(link=link)
    elif exc.reason == "credentials":
        problem = _("links with a user name or password in them are not followed")
    else:
        problem = _("that is not a valid link")
    return _("I can't open that: {problem}. I read http:// and https:// links.").format(
        problem=problem
    )


def _pdf(exc: PdfError) -> str:
    if isinstance(exc, PdfTooLargeError) and exc.max_pages:
        return ngettext(
            "This PDF has {pages} pages; I read PDFs of up to {max_pages} page.",
            "This PDF has {pages} pages; I read PDFs of up to {max_pages} pages.",
            exc.max_pages,
        ).format(pages=exc.pages, max_pages=exc.max_pages)
    if isinstance(exc, PdfTooLargeError) and (exc.max_bytes or exc.max_size):
        return _("This PDF is larger than {size}, which is the most I read.").format(
            size=file_size(exc.max_bytes) if exc.max_bytes else exc.max_size
        )
    if isinstance(exc, EncryptedPdfError):
        return _("This PDF is protected with a password, so I can't read it.")
    if isinstance(exc, NoTextLayerError):
        return _(
            "This PDF has no text layer: its pages look like scanned images, and I can only "
            "read PDFs that contain text."
        )
    return _("This PDF is damaged or incomplete, so I can't read it.")


def worded(exc: NewsbotError) -> str:
    """An error's own message in the current language: its template (``NewsbotError.worded``)
    or its message, both catalogue ids marked where they are raised."""
    if exc.template is not None:
        values = {
            name: file_size(value) if isinstance(value, ByteSize) else value
            for name, value in exc.values.items()
        }
        return _(exc.template).format(**values)
    return _(str(exc))


def describe(exc: NewsbotError) -> str:
    """What to tell the user about a pipeline failure (plain text, no markup), in the current
    language: worded here from the error's type and fields, never from its English message."""
    if isinstance(exc, InvalidURLError):
        return _invalid_url(exc)
    if isinstance(exc, BlockedAddressError):
        return _(
            "I can't open that address: it points to a private or local network, which I never "
            "visit."
        )
    if isinstance(exc, UnsupportedContentError):
        return _(
            "That link leads to {kind}, not a web page, so there is no article to summarise."
        ).format(kind=content_kind(exc.content_type))
    if isinstance(exc, PDFDocumentError):  # where PDFs are not read: a feed's address
        return _("That link leads to a PDF document, not a web page or a feed.")
    if isinstance(exc, NotTextError):
        return _(
            "That is not a text page: it is {kind}, so there is no article to summarise."
        ).format(kind=_(exc.kind))
    if isinstance(exc, TooLargeError):
        return _("That page is too large for me to read.")
    if isinstance(exc, FetchTimeoutError):
        return _("The site took too long to answer. Try again later.")
    if isinstance(exc, HTTPStatusError):
        return _status(exc)
    if isinstance(exc, TooManyRedirectsError):
        return _("That link redirects too many times; I gave up following it.")
    if isinstance(exc, FetchError):
        return _("I couldn't reach that site. Check the link, or try again later.")
    if isinstance(exc, PdfError):
        return _pdf(exc)
    if isinstance(exc, NotAnArticleError):
        return _not_an_article(str(exc))
    if isinstance(exc, ExtractionError):
        return _("I couldn't find the article's text on that page.")
    if isinstance(exc, SummarizerError):
        return _("I read the article but couldn't summarise it. Try again later.")
    return _("I couldn't summarise that page.")


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
            await update.callback_query.answer(_(BUTTON_EXPIRED))
        except TelegramError:
            logger.debug("could not answer the callback query", exc_info=True)
        return
    logger.error("unhandled error while processing an update", exc_info=error)
    if not isinstance(update, Update):
        return
    message = update.effective_message
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(_(APOLOGY), show_alert=True)
        except TelegramError:
            logger.debug("could not answer the callback query", exc_info=True)
        return
    if message is None:
        return
    try:
        await message.reply_text(_(APOLOGY))
    except TelegramError:
        logger.warning("could not send the apology", exc_info=True)
