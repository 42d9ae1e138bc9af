"""Links in messages: find them, summarise them through the cache, reply with HTML and buttons.

In private chats every message with links is answered. In groups a message is answered when it
mentions the bot, replies to the bot, or the chat has auto mode on. Each link gets its own reply
to the message (up to three per message); a failure gets a short reply saying what went wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from telegram import (
    Bot,
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop

from errors import NewsbotError
from handlers.args import number as number_arg
from handlers.context import HandlerServices, NewsbotContext
from handlers.failures import APOLOGY, BUTTON_EXPIRED, describe, message_gone
from handlers.i18n import N_, _, ngettext
from handlers.limits import Allowance
from handlers.render import is_web_url, render_quotes, render_summary, text
from services.articles import Summarized
from services.chats import ChatRef
from services.history import Numbered
from storage.chat_settings import ChatSettings
from summarizer.errors import InvalidURLError
from summarizer.urls import check_link, clean_url, find_urls, site_of

logger = logging.getLogger(__name__)

TYPING_EVERY = 4.5  # seconds; Telegram shows "typing…" for about 5 s
_LINK_TYPES: list[str | None] = [MessageEntity.URL, MessageEntity.TEXT_LINK]
PRIVATE_HINT = N_(
    "Send me a link to a news article and I'll reply with a summary and the key quotes, "
    "each with who said it. /help lists everything I can do."
)
NOT_TEXT_HINT = N_(
    "I read links in text messages and in captions. Send me a link to a news article and I'll "
    "reply with a summary and the key quotes. /help lists everything I can do."
)
GONE = N_("That article is no longer in my memory. Send the link again.")
GROUP_HINT = N_(
    "Mention me in a message with a link, or reply to a message with a link and mention me. "
    "/help lists everything I can do."
)


# --- reading messages ---------------------------------------------------------------------------


def _as_url(value: str) -> str | None:
    """An entity's text as a URL: bare ``example.org/path`` and ``www.…`` get https; another
    scheme (``ftp://``) is kept, for ``check_link`` to say it is not one the bot reads;
    Telegram's own ``tg:`` links and ``mailto:`` are not links to read at all."""
    value = value.strip()
    low = value.lower()
    if low.startswith(("mailto:", "tg:")):
        return None
    if "://" in low:
        return value
    if low.startswith("www.") or "/" in value:
        return "https://" + value
    return None


def links_in(message: Message) -> list[str]:
    """The message's links, in order, without duplicates: URL and text-link entities of the
    text or the caption (forwarded posts included), or links found in the text itself."""
    entities = message.parse_entities(_LINK_TYPES) or message.parse_caption_entities(_LINK_TYPES)
    found: list[str] = []
    for entity, value in entities.items():
        url = _as_url(entity.url or "") if entity.type == MessageEntity.TEXT_LINK else None
        if entity.type == MessageEntity.URL:
            url = _as_url(value)
        if url:
            found.append(url)
    if not entities:
        found = find_urls(message.text or message.caption or "")
    unique: dict[str, str] = {}
    for url in found:
        unique.setdefault(clean_url(url), url)
    return list(unique.values())


def mentions_bot(message: Message, bot: Bot) -> bool:
    username = f"@{bot.username}".lower() if bot.username else None
    kinds: list[str | None] = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    entities = {**message.parse_entities(kinds), **message.parse_caption_entities(kinds)}
    for entity, value in entities.items():
        if entity.type == MessageEntity.MENTION and username and value.lower() == username:
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            return True
    return False


def replies_to_bot(message: Message, bot: Bot) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot.id)


async def entry_behind(
    services: HandlerServices, bot: Bot, replied: Message | None
) -> Numbered | None:
    """The history entry a bot's own summary message answered, when ``replied`` is one: asking
    about it again shows that entry rather than recording the bot as a new sharer."""
    if replied is None or replied.from_user is None or replied.from_user.id != bot.id:
        return None
    return await services.history.behind(replied.chat_id, replied.message_id)


def history_note(found: Numbered) -> str:
    if found.entry.shared_by_name:
        return _("#{number} in this chat's history, shared by {name}").format(
            number=found.number, name=text(found.entry.shared_by_name)
        )
    return _("#{number} in this chat's history").format(number=found.number)


async def send_entry_summary(context: NewsbotContext, reply_to: Message, found: Numbered) -> None:
    """The summary of a history entry, from the cache, at this chat's length."""
    result = await context.services.history.summary(reply_to.chat_id, found.entry.article_id)
    if result is None:
        await reply_to.reply_text(_(GONE))
        return
    await send_summary(reply_to, result, note=history_note(found))


@dataclass(frozen=True, slots=True)
class Sharer:
    """Who shared a link: a user, or a chat posting as itself (anonymous admin, channel)."""

    id: int | None
    name: str | None

    @classmethod
    def of(cls, message: Message) -> Sharer:
        if message.sender_chat is not None:
            chat = message.sender_chat
            return cls(chat.id, chat.title or chat.username)
        user = message.from_user
        if user is None:
            return cls(None, None)
        return cls(user.id, user.full_name)


def thread_of(message: Message) -> int | None:
    """The forum topic of a message (replies and chat actions go there too)."""
    return message.message_thread_id if message.is_topic_message else None


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int, thread_id: int | None) -> AsyncIterator[None]:
    """Show "typing…" in the chat (or topic) until the block ends."""

    async def keep_typing() -> None:
        while True:
            try:
                await bot.send_chat_action(chat_id, ChatAction.TYPING, message_thread_id=thread_id)
            except TelegramError as exc:
                logger.debug("chat action failed in %s: %s", chat_id, exc)
            await asyncio.sleep(TYPING_EVERY)

    task = asyncio.create_task(keep_typing(), name=f"typing {chat_id}")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


# --- replying -----------------------------------------------------------------------------------


def summary_keyboard(
    result: Summarized, *, longer: bool = False, resizable: bool = True
) -> InlineKeyboardMarkup:
    """All quotes, a longer (or the usual) summary, and the source. A reply that took several
    messages gets no size button: editing the last message would leave the others behind; nor
    does a short article, shown in full."""
    article = result.summary.article
    article_id = result.article_id
    row = [InlineKeyboardButton(_("All quotes"), callback_data=f"quotes:{article_id}")]
    if resizable and not article.short:
        row.append(
            InlineKeyboardButton(_("Shorter summary"), callback_data=f"shorter:{article_id}")
            if longer
            else InlineKeyboardButton(_("Longer summary"), callback_data=f"longer:{article_id}")
        )
    source = article.canonical_url or article.url
    if is_web_url(source):  # a document sent to the bot has no address to open
        row.append(InlineKeyboardButton(_("Source"), url=source))
    return InlineKeyboardMarkup([row])


async def send_parts(
    reply_to: Message, parts: Sequence[str], markup: InlineKeyboardMarkup | None = None
) -> Message:
    """Reply with each part in turn, the keyboard under the last; return the first sent."""
    first: Message | None = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        sent = await reply_to.reply_text(part, reply_markup=markup if last else None)
        first = first or sent
    assert first is not None
    return first


async def send_summary(
    reply_to: Message, result: Summarized, *, note: str | None = None
) -> Message:
    parts = render_summary(result.summary, note=note)
    return await send_parts(reply_to, parts, summary_keyboard(result, resizable=len(parts) == 1))


async def reply_failure(reply_to: Message, url: str, error: BaseException, many: bool) -> None:
    """A short reply saying what went wrong with one link (an apology for a bug)."""
    if isinstance(error, NewsbotError):
        said = describe(error)
    else:
        logger.error("summarising %s failed", url, exc_info=error)
        said = _(APOLOGY)
    prefix = f"{site_of(url) or url}: " if many else ""
    await reply_to.reply_text(text(prefix + said))


def limit_message(services: HandlerServices, allowance: Allowance, wanted: int) -> str:
    """What a user over the per-person link limit is told (what was done, when to retry)."""
    minutes = allowance.retry_minutes
    values = {
        "links": services.limiter.max_links,
        "window": round(services.limiter.window / 60),
        "granted": allowance.granted,
        "wanted": wanted,
        "minutes": minutes,
    }
    if allowance.granted:
        said = ngettext(
            "You've reached my limit of {links} links per {window} minutes per person: I "
            "summarised the first {granted} of the {wanted} links here. Please send the rest "
            "again in about {minutes} minute.",
            "You've reached my limit of {links} links per {window} minutes per person: I "
            "summarised the first {granted} of the {wanted} links here. Please send the rest "
            "again in about {minutes} minutes.",
            minutes,
        )
    elif wanted == 1:
        said = ngettext(
            "You've reached my limit of {links} links per {window} minutes per person, so I "
            "skipped this link. Please send it again in about {minutes} minute.",
            "You've reached my limit of {links} links per {window} minutes per person, so I "
            "skipped this link. Please send it again in about {minutes} minutes.",
            minutes,
        )
    else:
        said = ngettext(
            "You've reached my limit of {links} links per {window} minutes per person, so I "
            "skipped these {wanted} links. Please send them again in about {minutes} minute.",
            "You've reached my limit of {links} links per {window} minutes per person, so I "
            "skipped these {wanted} links. Please send them again in about {minutes} minutes.",
            minutes,
        )
    return said.format(**values)


@dataclass(frozen=True, slots=True)
class Granted:
    """The links a user may have summarised now, and what to tell them about the others."""

    urls: list[str]
    notice: str | None


async def grant_links(
    services: HandlerServices, reply_to: Message, sharer: Sharer, urls: list[str]
) -> Granted:
    """Count ``urls`` against the sharer's limit. A private chat is told every time links are
    refused (silence would look broken); a group once per time the limit is reached."""
    user_id = sharer.id if sharer.id is not None else reply_to.chat_id
    allowance = await services.limiter.take(user_id, len(urls))
    tell = allowance.granted < len(urls) and (
        allowance.tell or reply_to.chat.type == ChatType.PRIVATE
    )
    notice = limit_message(services, allowance, len(urls)) if tell else None
    return Granted(urls[: allowance.granted], notice)


def chat_ref(chat: Chat, message: Message | None = None) -> ChatRef:
    """The chat as its row keeps it. A private chat's language is its user's (digests and
    dates use it); a group's is not guessed from one member."""
    language = None
    if chat.type == ChatType.PRIVATE and message is not None and message.from_user is not None:
        language = message.from_user.language_code
    return ChatRef(chat.id, chat.type, chat.title, chat.username, language)


async def remember_chat(
    services: HandlerServices, chat: Chat, message: Message | None = None
) -> ChatSettings:
    """Keep the chat's row current; return its settings."""
    return await services.chats.remember(chat_ref(chat, message))


async def answer_links(
    context: NewsbotContext,
    *,
    reply_to: Message,
    urls: list[str],
    sharer: Sharer,
    source_message_id: int | None,
    quiet: bool = False,
) -> None:
    """Summarise each link (concurrently) and reply to ``reply_to`` for each, in order.

    ``quiet``: nobody asked (auto mode in a channel, where every reply is a post that all its
    subscribers see), so failures and notices are logged instead of posted."""
    services = context.services
    urls = await _checked(reply_to, urls, quiet=quiet)
    wanted = urls[: services.max_links_per_message]
    skipped = len(urls) - len(wanted)
    granted = await grant_links(services, reply_to, sharer, wanted)
    notices = [granted.notice] if granted.notice else []
    if skipped:
        most = services.max_links_per_message
        notices.append(
            ngettext(
                "I summarise up to {most} links per message; {n} more was left out.",
                "I summarise up to {most} links per message; {n} more were left out.",
                skipped,
            ).format(most=most, n=skipped)
        )
    if granted.urls:
        await _summarize_each(
            context, reply_to, granted.urls, sharer, source_message_id, quiet=quiet
        )
    if notices and quiet:
        logger.info("chat %s: %s", reply_to.chat_id, " ".join(notices))
    elif notices:  # after the summaries: they are what was asked for
        await reply_to.reply_text("\n".join(notices))


async def _checked(reply_to: Message, urls: list[str], *, quiet: bool) -> list[str]:
    """The links that are well-formed http(s) links; each other one is answered with what is
    wrong with it (logged instead when ``quiet``)."""
    good: list[str] = []
    for url in urls:
        try:
            good.append(check_link(url))
        except InvalidURLError as exc:
            if quiet:
                logger.info("chat %s: not a link I read: %s", reply_to.chat_id, exc)
            else:
                await reply_to.reply_text(text(describe(exc)))
    return good


async def record_share(
    services: HandlerServices,
    reply_to: Message,
    result: Summarized,
    url: str,
    sharer: Sharer,
    source_message_id: int | None,
) -> int:
    """Add the article to the chat's history (who shared it, from which message); its id."""
    return await services.history.record(
        reply_to.chat_id,
        result.article_id,
        url,
        shared_by_id=sharer.id,
        shared_by_name=sharer.name,
        message_id=source_message_id,
        thread_id=thread_of(reply_to),
    )


async def _summarize_each(
    context: NewsbotContext,
    reply_to: Message,
    wanted: list[str],
    sharer: Sharer,
    source_message_id: int | None,
    *,
    quiet: bool = False,
) -> None:
    services = context.services
    settings = await remember_chat(services, reply_to.chat, reply_to)
    thread_id = thread_of(reply_to)
    many = len(wanted) > 1
    async with typing(context.bot, reply_to.chat_id, thread_id):
        jobs = [
            asyncio.create_task(
                services.articles.for_url(
                    url,
                    sentences=settings.sentences,
                    quotes=settings.quotes,
                    language=settings.summary_language,
                )
            )
            for url in wanted
        ]
        try:
            for url, job in zip(wanted, jobs, strict=True):
                try:
                    result = await job
                except Exception as exc:
                    if quiet and isinstance(exc, NewsbotError):
                        logger.info("not summarised: %s: %s", url, exc)
                    elif quiet:
                        logger.error("summarising %s failed", url, exc_info=exc)
                    else:
                        await reply_failure(reply_to, url, exc, many)
                    continue
                entry_id = await record_share(
                    services, reply_to, result, url, sharer, source_message_id
                )
                sent = await send_summary(reply_to, result)
                await services.history.set_reply(entry_id, sent.message_id)
        finally:
            for job in jobs:
                job.cancel()


# --- the handlers -------------------------------------------------------------------------------


async def summarize_links(update: Update, context: NewsbotContext) -> None:
    """A message with links: answer it in private chats, and in groups when addressed or in
    auto mode."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    urls = links_in(message)
    if chat.type == ChatType.PRIVATE:
        if not urls:
            await message.reply_text(_(PRIVATE_HINT))
            return
        await answer_links(
            context,
            reply_to=message,
            urls=urls,
            sharer=Sharer.of(message),
            source_message_id=message.message_id,
        )
        return

    mentioned = mentions_bot(message, context.bot)
    addressed = mentioned or replies_to_bot(message, context.bot)
    source = message
    if not urls and mentioned and message.reply_to_message is not None:
        found = await entry_behind(context.services, context.bot, message.reply_to_message)
        if found is not None:
            await send_entry_summary(context, message, found)
            return
        source = message.reply_to_message
        urls = links_in(source)
        if replies_to_bot(message, context.bot):
            source = message  # the bot's links are shared by whoever asks about them
    if not urls:
        if mentioned:
            await message.reply_text(_(GROUP_HINT))
        return
    if not addressed:
        settings = await context.services.chats.settings_of(chat.id)
        if not settings.auto_summary:
            return
    await answer_links(
        context,
        reply_to=message,
        urls=urls,
        sharer=Sharer.of(source),
        source_message_id=source.message_id,
        quiet=not addressed and chat.type == ChatType.CHANNEL,
    )


async def ignore_bots(update: Update, context: NewsbotContext) -> None:
    """A message another bot wrote is never answered: two bots would answer each other forever.
    (An anonymous admin or a channel posting in a group is sent "from" a bot account too, but
    with the chat it speaks for: those are people.)"""
    message = update.message or update.channel_post
    if message is None or not (message.text or message.caption):
        return
    sender = message.from_user
    if sender is not None and sender.is_bot and message.sender_chat is None:
        logger.debug("ignored a message from the bot %s in chat %s", sender.id, message.chat_id)
        raise ApplicationHandlerStop


async def hint_without_text(update: Update, context: NewsbotContext) -> None:
    """A private message with nothing to read (a sticker, a photo without a caption): say what
    the bot reads, rather than stay silent."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(_(NOT_TEXT_HINT))


def _article_id(data: str | None) -> int | None:
    number = (data or "").partition(":")[2]
    return number_arg(number)


async def pressed_article(update: Update, context: NewsbotContext) -> int | None:
    """The article a summary's button names, when the chat it was pressed in has it in its
    history; otherwise the button is answered as expired (forged, or from a forgotten history)
    and None returned. Article ids are global: the chat's history is what a button may reach."""
    query = update.callback_query
    if query is None:
        return None
    article_id = _article_id(query.data)
    message = query.message
    if (
        article_id is None
        or not isinstance(message, Message)
        or not await context.services.history.holds(message.chat_id, article_id)
    ):
        await query.answer(_(BUTTON_EXPIRED))
        return None
    return article_id


async def expired_button(update: Update, context: NewsbotContext) -> None:
    """A button no handler knows (forged, or from an older version of the bot)."""
    if update.callback_query is not None:
        await update.callback_query.answer(_(BUTTON_EXPIRED))


async def show_all_quotes(update: Update, context: NewsbotContext) -> None:
    """Button "All quotes": up to ten attributed quotes, as a reply to the summary."""
    query = update.callback_query
    article_id = await pressed_article(update, context)
    if query is None or article_id is None or not isinstance(query.message, Message):
        return
    services = context.services
    result = await services.articles.for_article(article_id)
    message = query.message
    if result is None:
        await query.answer(_(GONE))
        return
    await query.answer()
    await send_parts(message, render_quotes(result.summary))


async def change_length(update: Update, context: NewsbotContext) -> None:
    """Buttons "Longer summary" / "Shorter summary": edit the summary in place."""
    query = update.callback_query
    article_id = await pressed_article(update, context)
    if query is None or article_id is None or not isinstance(query.message, Message):
        return
    message = query.message
    longer = (query.data or "").startswith("longer:")
    services = context.services
    settings = await services.chats.settings_of(message.chat_id)
    result = await services.history.summary(message.chat_id, article_id, longer=longer)
    if result is None:
        await query.answer(_(GONE))
        return
    # The summary is edited in place, so it must stay one message: a longer one gives up its
    # last sentences until it fits.
    shown = result.summary
    parts = render_summary(shown)
    while len(parts) > 1 and len(shown.summary) > settings.sentences:
        shown = dataclasses.replace(shown, summary=shown.summary[:-1])
        parts = render_summary(shown)
    markup = summary_keyboard(result, longer=longer, resizable=len(parts) == 1)
    if not await edit_pressed(query, parts[0], markup if len(parts) == 1 else None):
        return
    if len(parts) > 1:
        await send_parts(message, parts[1:], markup)


async def edit_pressed(
    query: CallbackQuery, html: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """Edit the message a button is under and answer the press; a message that is not there
    any more answers "expired" (False), and a press that changes nothing is just answered."""
    try:
        await query.edit_message_text(html, reply_markup=markup)
    except BadRequest as exc:
        if message_gone(exc):
            await query.answer(_(BUTTON_EXPIRED))
            return False
        if "not modified" not in exc.message.lower():
            raise
    await query.answer()
    return True


async def summarize_for_quotes(
    context: NewsbotContext, reply_to: Message, url: str, sharer: Sharer
) -> Summarized | None:
    """One link summarised for /quotes (counted against the user's limit, with "typing")."""
    services = context.services
    granted = await grant_links(services, reply_to, sharer, [url])
    if granted.notice:
        await reply_to.reply_text(granted.notice)
    if not granted.urls:
        return None
    settings = await remember_chat(services, reply_to.chat, reply_to)
    async with typing(context.bot, reply_to.chat_id, thread_of(reply_to)):
        try:
            return await services.articles.for_url(
                url, sentences=settings.sentences, quotes=settings.quotes
            )
        except Exception as exc:
            await reply_failure(reply_to, url, exc, False)
            return None
