"""/feed add URL | list | remove N, and /filter include … | exclude … | list | remove … | clear.

Feeds and filters shape a chat's daily digest; in groups only administrators change them.
"""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram.ext import BaseHandler, CommandHandler, filters

from errors import NewsbotError
from handlers import render
from handlers.args import number as number_arg
from handlers.context import NewsbotContext
from handlers.digest import NOT_ADMIN, answer
from handlers.permissions import may_manage
from services.chats import ChatRef
from storage.feeds import MAX_FEEDS_PER_CHAT, FeedLimitError
from storage.filters import MAX_KEYWORDS_PER_CHAT, FilterKind, FilterLimitError
from summarizer.errors import BlockedAddressError
from summarizer.feeds import FeedError

logger = logging.getLogger(__name__)

MAX_KEYWORD_CHARS = 100

FEED_USAGE = (
    "Usage:\n"
    "<code>/feed add URL</code>: an RSS or Atom feed, or a site that links one\n"
    "<code>/feed list</code>: this chat's feeds\n"
    "<code>/feed remove N</code>: stop following feed number N"
)
FILTER_USAGE = (
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
    if action not in ("add", "remove", "rm", "delete", "del"):
        await answer(message, FEED_USAGE)
        return
    if not await may_manage(update, context):
        await answer(message, NOT_ADMIN)
        return
    if len(args) != 2:
        await answer(message, FEED_USAGE)
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
        await answer(message, "I can't read feeds at private or local addresses.")
        return
    except (NewsbotError, FeedError) as exc:
        await answer(message, f"I couldn't add that feed: {render.text(str(exc))}.")
        return
    title = render.text(added.title)
    if not added.added:
        await answer(message, f"This chat already follows “{title}”.")
        return
    hint = "" if added.subscribed else " Start the daily digest with /subscribe."
    await answer(
        message,
        f"Added “{title}” ({added.entries} items now). New items will be in "
        f"the daily digest.{hint}",
    )


def _too_many() -> str:
    return (
        f"This chat already follows {MAX_FEEDS_PER_CHAT} feeds, the most allowed. "
        "Remove one with /feed remove N."
    )


async def _list_feeds(update: Update, context: NewsbotContext) -> None:
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    feeds = await context.services.feeds.of_chat(chat.id)
    if not feeds:
        await answer(
            message,
            "This chat follows no feeds. Add one with /feed add URL.",
        )
        return
    lines = []
    for number, feed in enumerate(feeds, start=1):
        line = f'{number}. <a href="{render.attr(feed.url)}">{render.text(feed.title)}</a>'
        if feed.failures:
            line += f" — failing ({render.text(feed.last_error or 'error')})"
        lines.append(line)
    await answer(message, f"Feeds ({len(feeds)}/{MAX_FEEDS_PER_CHAT}):\n" + "\n".join(lines))


async def _remove_feed(update: Update, context: NewsbotContext, which: str) -> None:
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    index = number_arg(which)
    feed = await context.services.feeds.unfollow(chat.id, index) if index is not None else None
    if feed is None:
        feeds = await context.services.feeds.of_chat(chat.id)
        await answer(
            message,
            f"There is no feed number {render.text(which)}: see /feed list."
            if feeds
            else "This chat follows no feeds.",
        )
        return
    await answer(message, f"Removed “{render.text(feed.title)}”.")


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
                message, "No keyword filters: the digest has every story.\n\n" + FILTER_USAGE
            )
            return
        lines = []
        if current.include:
            lines.append("Only stories mentioning: " + render.text(", ".join(current.include)))
        if current.exclude:
            left_out = render.text(", ".join(current.exclude))
            lines.append("Leaving out stories mentioning: " + left_out)
        await answer(message, "\n".join(lines))
        return
    if action not in ("include", "exclude", "remove", "rm", "clear"):
        await answer(message, FILTER_USAGE)
        return
    if not await may_manage(update, context):
        await answer(message, NOT_ADMIN)
        return
    keywords = parse_keywords(_rest_of_command(message.text or "", 2))
    if action == "clear":
        which = keywords[0].lower() if keywords else ""
        kind = FilterKind(which) if which in ("include", "exclude") else None
        removed = await services.clear_keywords(chat.id, kind)
        await answer(message, f"Removed {removed} keyword filter(s).")
        return
    if not keywords:
        await answer(message, FILTER_USAGE)
        return
    too_long = [k for k in keywords if len(k) > MAX_KEYWORD_CHARS]
    if too_long:
        await answer(message, f"Keep keywords under {MAX_KEYWORD_CHARS} characters.")
        return
    if action in ("remove", "rm"):
        removed_any = await services.remove_keywords(chat.id, keywords)
        await answer(
            message,
            f"Removed: {render.text(', '.join(removed_any))}."
            if removed_any
            else "No such keyword filter.",
        )
        return
    adding = FilterKind(action)
    try:
        added = await services.add_keywords(_chat_ref(chat), adding, keywords)
    except FilterLimitError:
        await answer(
            message, f"A chat may have at most {MAX_KEYWORDS_PER_CHAT} keywords; remove some first."
        )
        return
    verb = "Only stories mentioning" if adding is FilterKind.INCLUDE else "Leaving out stories with"
    shown = render.text(", ".join(added)) if added else "(already there)"
    await answer(message, f"{verb}: {shown}.")


def feed_handlers() -> list[BaseHandler[Update, NewsbotContext, None]]:
    """/feed and /filter, in chats and as channel posts (edits ignored)."""
    posts = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    return [
        CommandHandler("feed", manage_feeds, filters=posts),
        CommandHandler(["filter", "filters"], manage_filters, filters=posts),
    ]
