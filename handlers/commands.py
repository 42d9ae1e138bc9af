"""/start, /help, /summary, /quotes, /auto and /forget.

/summary and /quotes address an article four ways: a link in the command, a reply to a message
with a link, a number N (entry N of this chat's history, newest first), or nothing (the latest).
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from handlers.args import looks_like_number, number, shown
from handlers.context import NewsbotContext
from handlers.i18n import _, ngettext
from handlers.links import (
    Sharer,
    answer_links,
    chat_ref,
    entry_behind,
    links_in,
    record_share,
    send_entry_summary,
    send_parts,
    summarize_for_quotes,
)
from handlers.menu import MENU, help_lines
from handlers.permissions import ADMINS_ONLY, admin_button, is_chat_admin
from handlers.render import render_quotes, text
from services.history import Numbered

# --- /start and /help ---------------------------------------------------------------------------


def help_text(*, group: bool, channel: bool = False) -> str:
    lines = [
        _("I summarise news articles and list their key quotes, each with the person who said it."),
        "",
    ]
    if channel:
        lines.append(
            _(
                "In this channel I answer /summary, /quotes and /history; /auto on makes me reply "
                "to every post with a link with its summary, and /subscribe posts a daily digest."
            )
        )
    elif group:
        lines.append(
            _(
                "In this group I answer a link when you mention me, reply to me, or use "
                "/summary; an admin can turn on /auto to have every link summarised."
            )
        )
    else:
        lines.append(
            ngettext(
                "Send me a link (up to {count} per message) or a PDF, and I reply with a summary "
                "and the key quotes.",
                "Send me a link (up to {count} per message) or a PDF, and I reply with a summary "
                "and the key quotes.",
                3,
            ).format(count=3)
        )
    lines.append("")
    lines.extend(text(line) for line in help_lines(groups=group))
    return "\n".join(lines)


async def show_help(update: Update, context: NewsbotContext) -> None:
    """/start and /help: what the bot does and its commands."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    await message.reply_text(
        help_text(group=chat.type != ChatType.PRIVATE, channel=chat.type == ChatType.CHANNEL)
    )


async def answer_unknown_command(update: Update, context: NewsbotContext) -> None:
    """A command no handler took: say so in private chats, and in groups when it names this bot
    (a bare ``/foo`` in a group may be another bot's)."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not message.text:
        return
    name, _at, target = message.text.split()[0].removeprefix("/").partition("@")
    private = chat.type == ChatType.PRIVATE
    if target and target.lower() != (context.bot.username or "").lower():
        return  # another bot's command
    if not private and not target:
        return
    entry = next((e for e in MENU if e.command == name.lower()), None)
    if entry is not None and not (entry.private if private else entry.groups):
        if private:
            said = _("/{command} works in groups. /help lists what works here.")
        else:
            said = _("/{command} works in a private chat with me. /help lists what works here.")
    else:
        said = _("I don't know /{command}. /help lists what I can do.")
    said = said.format(command=name)
    await message.reply_text(text(said))


# --- addressing an article ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Addressed:
    """What a /summary or /quotes command is about: links, a history entry, or a problem."""

    urls: list[str]
    source: Message | None = None  # the message the links came from
    found: Numbered | None = None  # a history entry
    problem: str | None = None


async def address(update: Update, context: NewsbotContext, command: str) -> Addressed:
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    history = context.services.history
    urls = links_in(message)  # the command itself is not a link
    if urls:
        return Addressed(urls, source=message)
    args = context.args or []
    if args and looks_like_number(args[0]):
        wanted = number(args[0])
        numbered = await history.nth(chat.id, wanted) if wanted is not None else None
        if numbered is None:
            count = await history.count(chat.id)
            return Addressed(
                [],
                problem=ngettext(
                    "There is no entry {number} in this chat's history; it has {count}. "
                    "/history lists them.",
                    "There is no entry {number} in this chat's history; it has {count}. "
                    "/history lists them.",
                    count,
                ).format(number=shown(args[0]), count=count),
            )
        return Addressed([], found=numbered)
    if args:
        return Addressed(
            [],
            problem=_(
                "Use /{command} with a link, a number from /history, or as a reply to a "
                "message with a link."
            ).format(command=command),
        )
    replied = message.reply_to_message
    found = await entry_behind(context.services, context.bot, replied)
    if found is not None:  # a reply to one of the bot's summaries
        return Addressed([], found=found)
    if replied is not None:
        urls = links_in(replied)
        if urls:
            # Links in the bot's own messages are shared by whoever asks about them.
            mine = replied.from_user is not None and replied.from_user.id == context.bot.id
            return Addressed(urls, source=message if mine else replied)
    latest = await history.latest(chat.id)
    if latest is None:
        return Addressed(
            [],
            problem=_(
                "This chat's history is empty. Send /{command} with a link, or reply "
                "/{command} to a message with a link."
            ).format(command=command),
        )
    return Addressed([], found=latest)


# --- /summary and /quotes -----------------------------------------------------------------------


async def summary_command(update: Update, context: NewsbotContext) -> None:
    """/summary [link | N], or as a reply to a message with a link."""
    message = update.effective_message
    if message is None:
        return
    addressed = await address(update, context, "summary")
    if addressed.problem:
        await message.reply_text(text(addressed.problem))
        return
    if addressed.urls:
        source = addressed.source or message
        await answer_links(
            context,
            reply_to=message,
            urls=addressed.urls,
            sharer=Sharer.of(source),
            source_message_id=source.message_id,
        )
        return
    assert addressed.found is not None
    await send_entry_summary(context, message, addressed.found)


async def quotes_command(update: Update, context: NewsbotContext) -> None:
    """/quotes [link | N]: up to ten attributed quotes, or "no direct quotes"."""
    message = update.effective_message
    if message is None:
        return
    addressed = await address(update, context, "quotes")
    if addressed.problem:
        await message.reply_text(text(addressed.problem))
        return
    services = context.services
    if addressed.urls:
        # A new link asked about with /quotes joins the history like one sent for a summary.
        source = addressed.source or message
        url, sharer = addressed.urls[0], Sharer.of(source)
        result = await summarize_for_quotes(context, message, url, sharer)
        if result is None:
            return
        entry_id = await record_share(services, message, result, url, sharer, source.message_id)
        sent = await send_parts(message, render_quotes(result.summary))
        await services.history.set_reply(entry_id, sent.message_id)
        return
    assert addressed.found is not None
    found = await services.articles.for_article(addressed.found.entry.article_id)
    if found is not None:
        await send_parts(message, render_quotes(found.summary))


# --- /auto --------------------------------------------------------------------------------------


async def _bot_sees_every_message(context: NewsbotContext, chat_id: int) -> bool:
    """Bots in privacy mode only see commands, mentions and replies, unless they are admins."""
    if context.bot.can_read_all_group_messages:
        return True
    try:
        member = await context.bot.get_chat_member(chat_id, context.bot.id)
    except TelegramError:
        return True  # unknown: do not warn on a guess
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def auto_command(update: Update, context: NewsbotContext) -> None:
    """/auto on|off (groups, admins): summarise every link shared in the group."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    if chat.type == ChatType.PRIVATE:
        await message.reply_text(
            _("Auto mode is for groups. Here I already summarise every link you send.")
        )
        return
    services = context.services
    choice = (context.args or [""])[0].lower()
    if choice not in ("on", "off"):
        current = await services.chats.settings_of(chat.id)
        if current.auto_summary:
            said = _("Auto mode is on. Admins can change it with /auto on or /auto off.")
        else:
            said = _("Auto mode is off. Admins can change it with /auto on or /auto off.")
        await message.reply_text(said)
        return
    if not await is_chat_admin(update, context):
        await message.reply_text(_(ADMINS_ONLY))
        return
    await services.chats.choose(chat_ref(chat), "auto", choice == "on")
    if choice == "off":
        await message.reply_text(
            _(
                "Auto mode is off: I summarise links when mentioned, replied to, or asked with "
                "/summary."
            )
        )
        return
    if chat.type == ChatType.CHANNEL:
        reply = _("Auto mode is on: I'll summarise every link shared in this channel.")
    else:
        reply = _("Auto mode is on: I'll summarise every link shared in this group.")
    if not await _bot_sees_every_message(context, chat.id):
        reply += "\n" + _(
            "Note: I can only see every message if I am an admin here, or if my privacy mode "
            "is turned off in @BotFather (/setprivacy)."
        )
    await message.reply_text(reply)


# --- /forget ------------------------------------------------------------------------------------


def forget_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("Yes, forget it"), callback_data="forget:yes"),
                InlineKeyboardButton(_("Cancel"), callback_data="forget:no"),
            ]
        ]
    )


async def forget_command(update: Update, context: NewsbotContext) -> None:
    """/forget: delete this chat's history, after a confirmation (admins only in groups)."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    if not await is_chat_admin(update, context):
        await message.reply_text(_(ADMINS_ONLY))
        return
    count = await context.services.history.count(chat.id)
    if count == 0:
        await message.reply_text(_("This chat's history is already empty."))
        return
    await message.reply_text(
        ngettext(
            "Delete this chat's history ({count} article)? This cannot be undone.",
            "Delete this chat's history ({count} articles)? This cannot be undone.",
            count,
        ).format(count=count),
        reply_markup=forget_keyboard(),
    )


async def confirm_forget(update: Update, context: NewsbotContext) -> None:
    """The /forget buttons (checked again: whoever presses must be allowed too)."""
    pressed = await admin_button(update, context)
    if pressed is None:
        return
    query, message = pressed
    await query.answer()
    if query.data != "forget:yes":
        await query.edit_message_text(_("Kept the history."))
        return
    removed = await context.services.history.forget(message.chat_id)
    await query.edit_message_text(
        ngettext(
            "Forgot this chat's history ({count} article).",
            "Forgot this chat's history ({count} articles).",
            removed,
        ).format(count=removed)
    )
