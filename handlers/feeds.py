"""/feed add URL | list | remove N | export | import, and /filter include … | exclude … | list |
remove … | clear.

Feeds and filters shape a chat's daily digest; in groups only administrators change them (and
export or import the feeds). ``/feed import`` reads an OPML file sent with that caption, or
the file that the command replies to.
"""

from __future__ import annotations

import logging
import re

from telegram import Chat, Document, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from errors import NewsbotError
from handlers import render
from handlers.args import number as number_arg
from handlers.context import NewsbotContext
from handlers.digest import NOT_ADMIN, answer
from handlers.documents import download_document
from handlers.failures import describe, worded
from handlers.i18n import N_, _, file_size, ngettext
from handlers.links import thread_of, typing
from handlers.permissions import may_manage
from handlers.render import MAX_MESSAGE, utf16_len
from services.chats import ChatRef
from services.feeds import FeedImport, FeedNotImported
from storage.feeds import MAX_FEEDS_PER_CHAT, FeedLimitError
from storage.filters import MAX_KEYWORDS_PER_CHAT, FilterKind, FilterLimitError
from summarizer.errors import BlockedAddressError
from summarizer.feeds import FeedError
from summarizer.opml import MAX_OPML_BYTES, OpmlError

logger = logging.getLogger(__name__)

MAX_KEYWORD_CHARS = 100

FEED_USAGE = N_(
    "Usage:\n"
    "<code>/feed add URL</code>: an RSS or Atom feed, or a site that links one\n"
    "<code>/feed list</code>: this chat's feeds\n"
    "<code>/feed remove N</code>: stop following feed number N\n"
    "<code>/feed export</code>: this chat's feeds as an OPML file\n"
    "<code>/feed import</code>: as the caption of an OPML file, or in reply to one"
)
IMPORT_HOW = N_(
    "Send me an OPML file (a subscription list that feed readers export) with the caption "
    "<code>/feed import</code>, or reply to the file with <code>/feed import</code>."
)
OPML_TOO_LARGE = N_("That file is larger than {size}, the most I read for a subscription list.")
NO_FEEDS_TO_EXPORT = N_("This chat follows no feeds, so there is nothing to export.")
OPML_FILE = "feeds.opml"
MAX_LISTED_TITLE = 80  # characters of a feed's title in the import report
_CAPTION_IMPORT = re.compile(r"^/feed(?:@(\w+))?\s+import\b", re.IGNORECASE)
FILTER_USAGE = N_(
    "Usage:\n"
    "<code>/filter include word, another phrase</code>: only stories that mention one\n"
    "<code>/filter exclude word</code>: leave out stories that mention it\n"
    "<code>/filter remove word</code>, <code>/filter clear</code>, <code>/filter list</code>\n"
    "Keywords are plain words or phrases, matched whole and ignoring case."
)


def _rest_of_command(text: str, words_before: int) -> str:
    """The raw text after the command and ``words_before - 1`` sub-command words."""
    parts = text.split(maxsplit=words_before)
    return parts[words_before] if len(parts) > words_before else ""


def _chat_ref(chat: Chat) -> ChatRef:
    return ChatRef(chat.id, chat.type, chat.title or chat.full_name, chat.username)


def _as_url(text: str) -> str:
    text = text.strip().strip("<>")
    return text if "://" in text else f"https://{text}"


async def manage_feeds(update: Update, context: NewsbotContext) -> None:
    """/feed add URL | list | remove N."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    args = list(context.args or [])
    action = args[0].lower() if args else "list"
    if action in ("list", "ls"):
        await _list_feeds(update, context)
        return
    if action not in ("add", "remove", "rm", "delete", "del", "export", "import"):
        await answer(message, _(FEED_USAGE))
        return
    if not await may_manage(update, context):
        await answer(message, _(NOT_ADMIN))
        return
    if action == "export":
        await _export_feeds(update, context)
        return
    if action == "import":
        replied = message.reply_to_message
        document = message.document or (replied.document if replied is not None else None)
        await _import_feeds(update, context, document)
        return
    if len(args) != 2:
        await answer(message, _(FEED_USAGE))
        return
    if action == "add":
        await _add_feed(update, context, _as_url(args[1]))
    else:
        await _remove_feed(update, context, args[1])


async def _add_feed(update: Update, context: NewsbotContext, url: str) -> None:
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    user = update.effective_user
    try:
        added = await context.services.feeds.follow(
            _chat_ref(chat), url, added_by=user.id if user else None
        )
    except FeedLimitError:
        await answer(message, _too_many())
        return
    except BlockedAddressError:
        await answer(message, _("I can't read feeds at private or local addresses."))
        return
    except (NewsbotError, FeedError) as exc:
        # A feed's own problem in its words ("not an RSS or Atom feed."); a fetch failure as
        # every link's ("The site says that page does not exist (HTTP 404). …").
        problem = worded(exc) + "." if isinstance(exc, FeedError) else describe(exc)
        said = _("I couldn't add that feed: {problem}").format(problem=render.text(problem))
        await answer(message, said)
        return
    title = render.text(added.title)
    if not added.added:
        await answer(message, _("This chat already follows “{title}”.").format(title=title))
        return
    said = ngettext(
        "Added “{title}” ({n} item now). New items will be in the daily digest.",
        "Added “{title}” ({n} items now). New items will be in the daily digest.",
        added.entries,
    ).format(title=title, n=added.entries)
    if not added.subscribed:
        said += " " + _("Start the daily digest with /subscribe.")
    await answer(message, said)


def _too_many() -> str:
    return _(
        "This chat already follows {most} feeds, the most allowed. Remove one with /feed remove N."
    ).format(most=MAX_FEEDS_PER_CHAT)


_HTTP_STATUS = re.compile(r"the site answered HTTP (\d{3})")
_LINKED_FEED = re.compile(r"the page links a feed, but it could not be read: (.+)", re.DOTALL)
# Fetch errors whose stored text carries a detail (summarizer/fetch.py), by how they begin.
_FEED_ERRORS = (
    (re.compile(r"the site could not be read \("), N_("the site could not be read")),
    (re.compile(r"more than \d+ redirects"), N_("too many redirects")),
    (re.compile(r".* (is not a public|resolves to a non-public) address$"),
     N_("the address is not public")),
    (re.compile(r"(unsupported content type|not a text page): "), N_("not a web page or a feed")),
    (re.compile(r"the page is larger than \d+ MB"), N_("the page is too large")),
)  # fmt: skip


def feed_error_text(stored: str | None) -> str:
    """A feed's last error (``str()`` of what its poll raised, as stored) in the reader's
    language: a catalogue id (the feed and fetch errors marked ``N_`` where they are raised) is
    translated, an HTTP status and the fetch errors with a detail are worded; anything else is
    shown as stored."""
    if not stored:
        return _("error")
    if linked := _LINKED_FEED.match(stored):  # the feed a page links could not be read
        return _("the page links a feed, but it could not be read: {error}").format(
            error=feed_error_text(linked[1])
        )
    if status := _HTTP_STATUS.match(stored):
        return _("the site answered HTTP {status}").format(status=status[1])
    for pattern, said in _FEED_ERRORS:
        if pattern.match(stored):
            return _(said)
    return _(stored)


async def _list_feeds(update: Update, context: NewsbotContext) -> None:
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    feeds = await context.services.feeds.of_chat(chat.id)
    if not feeds:
        await answer(
            message,
            _("This chat follows no feeds. Add one with /feed add URL."),
        )
        return
    lines = []
    for number, feed in enumerate(feeds, start=1):
        line = f'{number}. <a href="{render.attr(feed.url)}">{render.text(feed.title)}</a>'
        if feed.failures:
            line += " — " + _("failing ({error})").format(
                error=render.text(feed_error_text(feed.last_error))
            )
        lines.append(line)
    head = _("Feeds ({count}/{most}):").format(count=len(feeds), most=MAX_FEEDS_PER_CHAT)
    await answer(message, head + "\n" + "\n".join(lines))


async def _export_feeds(update: Update, context: NewsbotContext) -> None:
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    name = chat.title or chat.full_name or chat.username
    title = _("newsbot feeds of {chat}").format(chat=name) if name else _("newsbot feeds")
    data = await context.services.feeds.export_opml(chat.id, title=title)
    if data is None:
        await answer(message, _(NO_FEEDS_TO_EXPORT))
        return
    count = len(await context.services.feeds.of_chat(chat.id))
    await message.reply_document(
        data,
        filename=OPML_FILE,
        caption=ngettext(
            "This chat's {n} feed as OPML: import it into a feed reader, or into another "
            "chat with /feed import.",
            "This chat's {n} feeds as OPML: import them into a feed reader, or into another "
            "chat with /feed import.",
            count,
        ).format(n=count),
    )


async def import_from_caption(update: Update, context: NewsbotContext) -> None:
    """A document sent with the caption ``/feed import`` (Telegram's commands are only in
    texts, so the caption is read here)."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    match = _CAPTION_IMPORT.match(message.caption or "")
    addressed = match.group(1) if match else None
    if match is None or (addressed and addressed.lower() != (context.bot.username or "").lower()):
        return  # another bot's command
    if not await may_manage(update, context):
        await answer(message, _(NOT_ADMIN))
        return
    await _import_feeds(update, context, message.document)


async def _import_feeds(
    update: Update, context: NewsbotContext, document: Document | None
) -> None:
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    if document is None:
        await answer(message, _(IMPORT_HOW))
        return
    too_large = _(OPML_TOO_LARGE).format(size=file_size(MAX_OPML_BYTES))
    if document.file_size is not None and document.file_size > MAX_OPML_BYTES:
        await answer(message, too_large)  # refused before downloading
        return
    user = update.effective_user
    async with typing(context.bot, message.chat_id, thread_of(message)):
        data = await download_document(document, MAX_OPML_BYTES)
        if data is None:
            await answer(message, too_large)
            return
        try:
            done = await context.services.feeds.import_opml(
                _chat_ref(chat), data, added_by=user.id if user else None
            )
        except OpmlError as exc:
            said = _("I couldn't import that file: {problem}").format(
                problem=render.text(worded(exc))
            )
            await answer(message, said)
            return
    await answer(message, import_report(done))


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= MAX_LISTED_TITLE else title[: MAX_LISTED_TITLE - 1] + "…"


def _why(entry: FeedNotImported) -> str:
    """Why an entry was not added, in words."""
    if isinstance(entry.error, BlockedAddressError):
        return _("it is at a private or local address")
    if entry.error is not None:
        return _("its feed could not be read ({problem})").format(problem=worded(entry.error))
    return _(entry.reason.text) if entry.reason is not None else _("not added")


def _feed_line(title: str, url: str, why: str | None = None) -> str:
    shown = render.text(_short(title or url))
    return f"• {shown} — {render.text(why)}" if why else f"• {shown}"


def import_report(done: FeedImport) -> str:
    """The one message /feed import answers with: what was added, what was not and why."""
    count = len(done.added)
    if count:
        head = ngettext("Added {n} feed:", "Added {n} feeds:", count).format(n=count)
    else:
        head = _("No feeds were added.")
    added = [_feed_line(feed.title, "") for feed in done.added]
    refused = [_feed_line(e.title, e.url, _why(e)) for e in done.not_added]
    tail = []
    if done.added:
        tail.append(
            _("New items will be in the daily digest.")
            + ("" if done.subscribed else " " + _("Start it with /subscribe."))
        )
    shown = len(refused)
    while True:
        lines = [head, *added]
        if refused:
            lines += ["", _("Not added ({n}):").format(n=len(refused)), *refused[:shown]]
            if shown < len(refused):
                lines.append(_("…and {n} more.").format(n=len(refused) - shown))
        if tail:
            lines += ["", *tail]
        report = "\n".join(lines)
        if utf16_len(report) <= MAX_MESSAGE or shown == 0:
            return report
        shown = max(0, shown - 5)


async def _remove_feed(update: Update, context: NewsbotContext, which: str) -> None:
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    index = number_arg(which)
    feed = await context.services.feeds.unfollow(chat.id, index) if index is not None else None
    if feed is None:
        feeds = await context.services.feeds.of_chat(chat.id)
        await answer(
            message,
            _("There is no feed number {number}: see /feed list.").format(
                number=render.text(which)
            )
            if feeds
            else _("This chat follows no feeds."),
        )
        return
    await answer(message, _("Removed “{title}”.").format(title=render.text(feed.title)))


# --- keyword filters -----------------------------------------------------------------------------


def parse_keywords(text: str) -> list[str]:
    """Keywords from free text: comma-separated, or "quoted phrases", else one per word."""
    text = text.strip()
    if not text:
        return []
    if "," in text:
        found = [k.strip().strip("\"“”«»'") for k in text.split(",")]
    elif '"' in text or "“" in text:
        found = []
        current: list[str] = []
        quoted = False
        for ch in text:
            if ch in '"“”':
                if current:
                    found.append("".join(current))
                current, quoted = [], not quoted
            elif ch.isspace() and not quoted:
                if current:
                    found.append("".join(current))
                current = []
            else:
                current.append(ch)
        if current:
            found.append("".join(current))
    else:
        found = text.split()
    return [" ".join(k.split()) for k in found if k.strip()]


async def manage_filters(update: Update, context: NewsbotContext) -> None:
    """/filter include … | exclude … | remove … | clear [include|exclude] | list."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    services = context.services.feeds
    args = list(context.args or [])
    action = args[0].lower() if args else "list"
    if action in ("list", "ls"):
        current = await services.filters_of(chat.id)
        if current.empty:
            await answer(
                message,
                _("No keyword filters: the digest has every story.") + "\n\n" + _(FILTER_USAGE),
            )
            return
        lines = []
        if current.include:
            lines.append(
                _("Only stories mentioning: {words}").format(
                    words=render.text(", ".join(current.include))
                )
            )
        if current.exclude:
            left_out = render.text(", ".join(current.exclude))
            lines.append(_("Leaving out stories mentioning: {words}").format(words=left_out))
        await answer(message, "\n".join(lines))
        return
    if action not in ("include", "exclude", "remove", "rm", "clear"):
        await answer(message, _(FILTER_USAGE))
        return
    if not await may_manage(update, context):
        await answer(message, _(NOT_ADMIN))
        return
    keywords = parse_keywords(_rest_of_command(message.text or "", 2))
    if action == "clear":
        which = keywords[0].lower() if keywords else ""
        kind = FilterKind(which) if which in ("include", "exclude") else None
        removed = await services.clear_keywords(chat.id, kind)
        await answer(
            message,
            ngettext(
                "Removed {n} keyword filter.", "Removed {n} keyword filters.", removed
            ).format(n=removed),
        )
        return
    if not keywords:
        await answer(message, _(FILTER_USAGE))
        return
    too_long = [k for k in keywords if len(k) > MAX_KEYWORD_CHARS]
    if too_long:
        await answer(
            message,
            _("Keep keywords under {most} characters.").format(most=MAX_KEYWORD_CHARS),
        )
        return
    if action in ("remove", "rm"):
        removed_any = await services.remove_keywords(chat.id, keywords)
        await answer(
            message,
            _("Removed: {words}.").format(words=render.text(", ".join(removed_any)))
            if removed_any
            else _("No such keyword filter."),
        )
        return
    adding = FilterKind(action)
    try:
        added = await services.add_keywords(_chat_ref(chat), adding, keywords)
    except FilterLimitError:
        await answer(
            message,
            _("A chat may have at most {most} keywords; remove some first.").format(
                most=MAX_KEYWORDS_PER_CHAT
            ),
        )
        return
    shown = render.text(", ".join(added)) if added else _("(already there)")
    if adding is FilterKind.INCLUDE:
        said = _("Only stories mentioning: {words}.")
    else:
        said = _("Leaving out stories with: {words}.")
    await answer(message, said.format(words=shown))


def feed_handlers() -> list[BaseHandler[Update, NewsbotContext, None]]:
    """/feed and /filter, in chats and as channel posts (edits ignored)."""
    posts = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    return [
        CommandHandler("feed", manage_feeds, filters=posts),
        MessageHandler(
            posts & filters.Document.ALL & filters.CaptionRegex(_CAPTION_IMPORT),
            import_from_caption,
        ),
        CommandHandler(["filter", "filters"], manage_filters, filters=posts),
    ]
