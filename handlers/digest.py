"""Daily digests: /subscribe, /unsubscribe, /digest, /subscriptions, and the bot's membership.

Who may do what:
- in a group, only its administrators change the digest (an anonymous admin, posting as the
  group, counts); anyone may ask for a preview with /digest;
- in a channel, whoever can post there is an admin, so ``/subscribe`` posted in it is accepted;
- from a private chat, ``/subscribe @channel`` checks that the user is an admin of the channel
  and that the bot may post there, and says exactly what is missing.

Building, scheduling and the subscription rules are ``services.digests``, ``services.jobs`` and
``services.subscriptions``; this module reads updates, asks Telegram and words the answers.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import Bot, Chat, ChatFullInfo, ChatMember, LinkPreviewOptions, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    BaseHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers import render
from handlers.args import number
from handlers.context import NewsbotContext
from handlers.i18n import N_, _, ngettext
from handlers.permissions import ADMINS_ONLY, is_admin, may_manage
from services.chats import ChatRef
from services.permissions import Membership, PostingProblem, posting_problem
from services.subscriptions import ScheduleChoice
from storage.subscriptions import Subscription
from summarizer.schedule import (
    looks_like_time,
    looks_like_timezone,
    next_slot,
    parse_local_time,
    parse_timezone,
    zone,
)

logger = logging.getLogger(__name__)


async def answer(message: Message, html: str) -> None:
    """Reply in HTML (every web or user text in ``html`` already escaped), previews off."""
    await message.reply_text(
        html, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
    )


# --- the chat a command is about -----------------------------------------------------------------

NOT_ADMIN = ADMINS_ONLY


@dataclass(frozen=True, slots=True)
class Target:
    """The chat a command is about: where it was sent, or a channel named from a private chat."""

    chat_id: int
    chat_type: str
    name: str
    thread_id: int | None = None
    remote: bool = False  # named by @username from a private chat
    title: str | None = None
    username: str | None = None


def _chat_name(chat: Chat | ChatFullInfo) -> str:
    if chat.username:
        return f"@{chat.username}"
    return chat.title or chat.full_name or str(chat.id)


def _names_a_chat(arg: str) -> bool:
    return arg.startswith("@") or (
        arg.startswith("-100") and arg[1:].isascii() and arg[1:].isdigit()
    )


async def resolve_target(
    update: Update, context: NewsbotContext, args: list[str]
) -> tuple[Target | None, list[str], str | None]:
    """``(target, remaining args, None)``, or ``(None, args, why not)`` to tell the user."""
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    if args and _names_a_chat(args[0]):
        if chat.type != ChatType.PRIVATE:
            return None, args, _("Send that to me in a private chat.")
        return await _remote_target(update, context, args[0], args[1:])
    if not await may_manage(update, context):
        return None, args, _(NOT_ADMIN)
    thread_id = message.message_thread_id if message.is_topic_message else None
    target = Target(
        chat.id,
        chat.type,
        _chat_name(chat),
        thread_id,
        title=chat.title or chat.full_name,
        username=chat.username,
    )
    return target, args, None


async def _remote_target(
    update: Update, context: NewsbotContext, ref: str, rest: list[str]
) -> tuple[Target | None, list[str], str | None]:
    user = update.effective_user
    assert user is not None
    bot = context.bot
    digits = ref.removeprefix("-")
    chat_ref: int | str = int(ref) if digits.isascii() and digits.isdigit() else ref
    try:
        chat = await bot.get_chat(chat_ref)
    except (BadRequest, Forbidden):
        return (
            None,
            rest,
            _(
                "I can't see {chat}. Add me to it as an administrator that can post "
                "messages, then send this again."
            ).format(chat=render.text(ref)),
        )
    name = render.text(_chat_name(chat))
    if chat.type not in (ChatType.CHANNEL, ChatType.SUPERGROUP, ChatType.GROUP):
        return None, rest, _("{chat} is not a channel or a group.").format(chat=name)
    if not await is_admin(bot, chat.id, user.id):
        return None, rest, _("You are not an administrator of {chat}.").format(chat=name)
    missing = await missing_bot_rights(bot, chat)
    if missing:
        return None, rest, missing
    target = Target(
        chat.id,
        chat.type,
        _chat_name(chat),
        remote=True,
        title=chat.title,
        username=chat.username,
    )
    return target, rest, None


def membership(member: ChatMember) -> Membership:
    """A Telegram member as the permission rules read it."""
    return Membership(
        member.status,
        can_post_messages=bool(getattr(member, "can_post_messages", False)),
        can_send_messages=bool(getattr(member, "can_send_messages", True)),
    )


async def missing_bot_rights(bot: Bot, chat: Chat | ChatFullInfo) -> str | None:
    """What the bot lacks to post digests in ``chat``, in words; None when nothing."""
    name = render.text(_chat_name(chat))
    try:
        member: Membership | None = membership(await bot.get_chat_member(chat.id, bot.id))
    except (BadRequest, Forbidden):
        member = None
    problem = posting_problem(chat.type, member)
    if problem is None:
        return None
    said = {
        PostingProblem.NOT_A_MEMBER: N_(
            "I am not a member of {chat}: add me as an administrator that can post messages."
        ),
        PostingProblem.NOT_CHANNEL_ADMIN: N_(
            "I am not an administrator of {chat}: add me as an administrator with the "
            "right to post messages."
        ),
        PostingProblem.MAY_NOT_POST: N_(
            "I am an administrator of {chat} but may not post: allow me to post messages."
        ),
        PostingProblem.LEFT: N_("I am not a member of {chat}: add me to it first."),
        PostingProblem.RESTRICTED: N_(
            "I may not send messages in {chat}: lift my restriction first."
        ),
    }[problem]
    return _(said).format(chat=name)


# --- commands ------------------------------------------------------------------------------------

MAX_STORIES = 30
SUBSCRIBE_USAGE = N_(
    "Usage: <code>/subscribe [HH:MM] [Area/City] [always] [top N]</code>, e.g. "
    "<code>/subscribe 07:30 Europe/Berlin</code>. The default is 08:00 in the chat's time "
    "zone (UTC unless set), with the top 10 stories. Add <code>always</code> to get a message "
    "on days with nothing new. For a channel, send "
    "<code>/subscribe @channel 08:00 Area/City</code> to me privately."
)


ScheduleArgs = ScheduleChoice


def parse_schedule_args(args: Sequence[str]) -> ScheduleArgs | str:
    """The time, zone, ``always`` and ``top N`` of /subscribe, or what is wrong with them."""
    local_time: dt.time | None = None
    timezone: str | None = None
    always: bool | None = None
    max_stories: int | None = None
    words = list(args)
    given: dict[str, str] = {}  # option -> the word that gave it

    def twice(option: str, arg: str) -> str | None:
        """What to say when ``option`` is given a second time (None the first time)."""
        if option not in given:
            given[option] = arg
            return None
        first, second = render.text(given[option]), render.text(arg)
        if first.lower() == second.lower():
            said = _("You gave “{word}” twice; give each option once.").format(word=second)
        else:
            said = _("You gave the {option} twice, “{first}” and “{second}”; give it once.").format(
                option=_(option), first=first, second=second
            )
        return f"{said}\n{_(SUBSCRIBE_USAGE)}"

    while words:
        arg = words.pop(0)
        low = arg.lower()
        option = None
        if low == "top":
            option = N_("number of stories")
        elif parse_local_time(arg) is not None:
            option = N_("time")
        elif low in ("always", "empty", "quiet", "never"):
            option = N_("always/quiet choice")
        elif parse_timezone(arg) is not None:
            option = N_("time zone")
        if option is not None and (problem := twice(option, arg)) is not None:
            return problem
        if low == "top":
            count = words.pop(0) if words else ""
            stories = number(count)
            if stories is None or not 1 <= stories <= MAX_STORIES:
                return _(
                    "After <code>top</code>, give a number of stories from 1 to {most}."
                ).format(most=MAX_STORIES)
            max_stories = stories
        elif local_time is None and (parsed := parse_local_time(arg)) is not None:
            local_time = parsed
        elif low in ("always", "empty"):
            always = True
        elif low in ("quiet", "never"):
            always = False
        elif timezone is None and (zone_name := parse_timezone(arg)) is not None:
            timezone = zone_name
        elif looks_like_time(arg):
            return _(
                "“{word}” is not a time of day: use 24-hour <code>HH:MM</code>, from "
                "<code>00:00</code> to <code>23:59</code>."
            ).format(word=render.text(arg))
        elif looks_like_timezone(arg):
            return _(
                "I don't know the time zone “{word}”. Use an Area/City name such as "
                "<code>Europe/Berlin</code> or <code>America/New_York</code>."
            ).format(word=render.text(arg))
        else:
            said = _("I don't understand “{word}”.").format(word=render.text(arg))
            return f"{said}\n{_(SUBSCRIBE_USAGE)}"
    return ScheduleArgs(local_time, timezone, always, max_stories)


def _describe(subscription: Subscription, now: dt.datetime) -> str:
    upcoming = next_slot(subscription.local_time, zone(subscription.timezone), now)
    local = upcoming.due_at.astimezone(zone(subscription.timezone))
    return ngettext(
        "{time} ({zone}), top {n} story; next: {next}",
        "{time} ({zone}), top {n} stories; next: {next}",
        subscription.max_stories,
    ).format(
        time=subscription.local_time.strftime("%H:%M"),
        zone=render.text(subscription.timezone),
        n=subscription.max_stories,
        next=render.date_time_text(local),
    )


async def chat_managers(bot: Bot, target: Target, user_id: int | None) -> list[int]:
    """Who may find this chat in /subscriptions: the admin who subscribed it and its other
    human administrators (a channel subscribed by a post in it has no sender at all)."""
    if target.chat_type == ChatType.PRIVATE:
        return []
    managers = [user_id] if user_id is not None else []
    try:
        admins = await bot.get_chat_administrators(target.chat_id)
    except TelegramError as exc:
        logger.info("chat %s: cannot list its administrators: %s", target.chat_id, exc)
        admins = ()
    managers.extend(a.user.id for a in admins if not a.user.is_bot)
    return managers


async def subscribe(update: Update, context: NewsbotContext) -> None:
    """/subscribe [@channel] [HH:MM] [Area/City] [always]: a daily digest for this chat."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    services = context.services
    target, rest, problem = await resolve_target(update, context, list(context.args or []))
    if target is None:
        await answer(message, problem or _(NOT_ADMIN))
        return
    parsed = parse_schedule_args(rest)
    if isinstance(parsed, str):
        await answer(message, parsed)
        return
    if target.chat_type == ChatType.CHANNEL and not target.remote:
        missing = await missing_bot_rights(context.bot, chat)
        if missing:
            logger.info("channel %s: %s", chat.id, missing)
            return  # we could not post the answer either
    user = update.effective_user
    user_id = user.id if user is not None and not user.is_bot else None
    subscription = await services.subscriptions.subscribe(
        ChatRef(target.chat_id, target.chat_type, target.title, target.username),
        parsed,
        thread_id=target.thread_id,
        created_by=user.id if user else None,
        managers=await chat_managers(context.bot, target, user_id),
    )
    when = _describe(subscription, services.now())
    if target.remote:
        said = _("Daily digest for {chat} at {when}.").format(
            chat=render.text(target.name), when=when
        )
    elif target.thread_id is not None:
        said = _("Daily digest in this topic at {when}.").format(when=when)
    else:
        said = _("Daily digest at {when}.").format(when=when)
    await answer(message, said + "\n" + _("/digest shows one now; /unsubscribe stops it."))


async def unsubscribe(update: Update, context: NewsbotContext) -> None:
    """/unsubscribe [@channel]: stop the daily digest."""
    message = update.effective_message
    if message is None:
        return
    target, _rest, problem = await resolve_target(update, context, list(context.args or []))
    if target is None:
        await answer(message, problem or _(NOT_ADMIN))
        return
    if await context.services.subscriptions.unsubscribe(target.chat_id):
        await answer(message, _("Daily digest stopped. /subscribe starts it again."))
    else:
        await answer(message, _("There is no daily digest here. /subscribe starts one."))


async def preview_digest(update: Update, context: NewsbotContext) -> None:
    """/digest: this chat's digest now, as a preview; the schedule does not move."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    parts = await context.services.digests.preview(chat.id)
    if not parts:
        await answer(
            message,
            _("Nothing new since the last digest: share some links, or add a feed with /feed add."),
        )
        return
    for part in parts:
        await answer(message, part)


# Why a digest paused, as stored (services.permissions.pause_reason, or the text of Telegram's
# error when a send was refused: bot.bot_api.chat_gone_reason), in the reader's language. The
# first clue found in the stored text decides; a reason with none is shown as stored.
PAUSE_REASONS = (
    ("removed from the chat", N_("I was removed from the chat")),
    ("bot was kicked", N_("I was removed from the chat")),
    ("bot is not a member", N_("I am not a member of the chat")),
    ("may not post in the channel", N_("I may not post in the channel")),
    ("may not send messages", N_("I may not send messages there")),
    ("have no rights to send", N_("I may not send messages there")),
    ("not enough rights", N_("I may not send messages there")),
    ("need administrator rights", N_("I need administrator rights there")),
    ("chat_write_forbidden", N_("I may not send messages there")),
    ("chat_restricted", N_("I may not send messages there")),
    ("group chat was deactivated", N_("the group was deactivated")),
    ("chat not found", N_("the chat was not found")),
    ("bot was blocked", N_("the bot was blocked")),
    ("user is deactivated", N_("the account was deleted")),
)


def pause_reason_text(stored: str | None) -> str:
    """Why a digest paused, worded for the reader; "stopped" when no reason was kept."""
    if not stored:
        return _("stopped")
    low = stored.lower()
    for clue, said in PAUSE_REASONS:
        if clue in low:
            return _(said)
    return stored


async def list_subscriptions(update: Update, context: NewsbotContext) -> None:
    """/subscriptions (private chat): the chats you manage that have a digest."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    now = services.now()
    lines = []
    for managed in await services.subscriptions.managed_by(user.id):
        subscription = managed.subscription
        if not await is_admin(context.bot, managed.chat_id, user.id):
            continue
        profile = await services.subscriptions.profile(managed.chat_id)
        name = (f"@{profile.username}" if profile and profile.username else None) or (
            profile.title if profile and profile.title else str(managed.chat_id)
        )
        state = (
            _describe(subscription, now)
            if subscription.active
            else _("paused ({reason})").format(
                reason=render.text(pause_reason_text(subscription.paused_reason))
            )
        )
        lines.append(f"• {render.text(name)}: {state}")
    if not lines:
        await answer(
            message,
            _(
                "You manage no chats with a daily digest. Add me to a group and send /subscribe "
                "there, or send /subscribe @channel here."
            ),
        )
        return
    await answer(message, _("Daily digests in chats you manage:") + "\n" + "\n".join(lines))


async def track_bot_membership(update: Update, context: NewsbotContext) -> None:
    """The bot was removed from a chat, or may no longer post: pause its digest; resume it
    when the bot is back and may post again."""
    change = update.my_chat_member
    if change is None:
        return
    happened = await context.services.subscriptions.bot_membership_changed(
        change.chat.id, change.chat.type, membership(change.new_chat_member)
    )
    if happened:
        logger.info("chat %s: digest %s", change.chat.id, happened)


def digest_handlers() -> list[BaseHandler[Update, NewsbotContext, None]]:
    """The digest commands. Commands also work as channel posts (``/subscribe`` in a channel);
    edits are ignored so that correcting a message does not subscribe twice."""
    posts = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    return [
        CommandHandler("subscribe", subscribe, filters=posts),
        CommandHandler("unsubscribe", unsubscribe, filters=posts),
        CommandHandler("digest", preview_digest, filters=posts),
        CommandHandler(
            "subscriptions",
            list_subscriptions,
            filters=filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE,
        ),
    ]


async def follow_migration(update: Update, context: NewsbotContext) -> None:
    """A group became a supergroup: its digest, feeds and filters move to the new chat id."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or message.migrate_to_chat_id is None:
        return
    await context.services.subscriptions.chat_migrated(
        chat.id, message.migrate_to_chat_id, chat.title
    )


def bookkeeping_handlers() -> list[BaseHandler[Update, NewsbotContext, None]]:
    """Pause digests when the bot is removed; follow a group that became a supergroup.
    Registered in a group of their own, so that they run whatever else handles the update."""
    return [
        ChatMemberHandler(track_bot_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, follow_migration),
    ]
