"""Daily digests: building a chat's digest, and /subscribe, /unsubscribe, /digest, /subscriptions.

Who may do what:
- in a group, only its administrators change the digest (an anonymous admin, posting as the
  group, counts); anyone may ask for a preview with /digest;
- in a channel, whoever can post there is an admin, so ``/subscribe`` posted in it is accepted;
- from a private chat, ``/subscribe @channel`` checks that the user is an admin of the channel
  and that the bot may post there, and says exactly what is missing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from telegram import Bot, Chat, ChatFullInfo, LinkPreviewOptions, Message, Update, User
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    BaseHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from handlers.args import number
from handlers.digest_render import news_language, render_digest
from handlers.permissions import ADMINS_ONLY, is_chat_admin
from storage.chats import ChatRepository
from storage.digest_log import DigestLog
from storage.digest_sources import DigestSources, SharedArticle
from storage.feeds import ChatFeedItem, FeedRepository
from storage.filters import FilterRepository
from storage.subscriptions import Subscription, SubscriptionRepository
from summarizer.digest import (
    DEFAULT_LIMIT,
    Digest,
    DigestItem,
    KeywordFilter,
    LexicalSimilarity,
    StorySimilarity,
    compose_digest,
)
from summarizer.feeds import PageFetcher
from summarizer.schedule import (
    DEFAULT_TIME,
    DEFAULT_TIMEZONE,
    looks_like_time,
    looks_like_timezone,
    next_slot,
    parse_local_time,
    parse_timezone,
    zone,
)
from summarizer.types import Quote
from summarizer.urls import clean_url, site_of

logger = logging.getLogger(__name__)

FEED_BLURB_CHARS = 300


# --- building ------------------------------------------------------------------------------------


def _quotes(raw: Any) -> tuple[Quote, ...]:
    if not isinstance(raw, list):
        return ()
    quotes = []
    for q in raw:
        if isinstance(q, dict) and isinstance(q.get("text"), str) and q["text"].strip():
            speaker = q.get("speaker")
            quotes.append(Quote(q["text"], speaker if isinstance(speaker, str) else None))
    return tuple(quotes)


def _sentences(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(s for s in raw if isinstance(s, str) and s.strip())


def item_from_article(
    data: str,
    *,
    url: str,
    seen_at: dt.datetime,
    shares: int,
    canonical_url: str = "",
    title: str = "",
    site: str | None = None,
    language: str | None = None,
    feed_title: str | None = None,
) -> DigestItem:
    """A digest candidate from a cached article's JSON (``ArticleSummary.to_json()`` shape)."""
    try:
        parsed = json.loads(data)
    except (TypeError, json.JSONDecodeError):
        parsed = {}
    obj: dict[str, Any] = parsed if isinstance(parsed, dict) else {}
    # Some stores nest the summary under "summary": {"sentences": [...], "quotes": [...]}.
    summary_obj = obj.get("summary")
    if isinstance(summary_obj, dict):
        sentences = _sentences(summary_obj.get("sentences") or summary_obj.get("summary"))
        quotes = _quotes(summary_obj.get("quotes"))
    else:
        sentences = _sentences(summary_obj)
        quotes = _quotes(obj.get("quotes"))
    article = obj.get("article") if isinstance(obj.get("article"), dict) else obj
    assert isinstance(article, dict)
    return DigestItem(
        url=url,
        title=str(article.get("title") or title or url),
        seen_at=seen_at,
        canonical_url=str(article.get("canonical_url") or canonical_url or clean_url(url)),
        site=str(article.get("site") or site or site_of(url)) or None,
        summary=sentences,
        quotes=quotes,
        shares=shares,
        feed_title=feed_title,
        language=article.get("language") or language,
    )


def _blurb(text: str) -> tuple[str, ...]:
    """A feed's own description as one summary sentence, when the page was not summarised."""
    text = " ".join(text.split())
    if not text:
        return ()
    if len(text) > FEED_BLURB_CHARS:
        cut = text[:FEED_BLURB_CHARS]
        end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
        text = cut[: end + 1] if end > 60 else cut.rsplit(" ", 1)[0] + "…"
    return (text,)


def shared_item(share: SharedArticle) -> DigestItem:
    return item_from_article(
        share.data,
        url=share.url,
        seen_at=share.shared_at,
        shares=1,
        canonical_url=share.canonical_url,
        title=share.title,
        site=share.site,
        language=share.language,
    )


def feed_item(entry: ChatFeedItem) -> DigestItem:
    item = entry.item
    seen = item.first_seen_at
    if entry.article_data is not None:
        return item_from_article(
            entry.article_data,
            url=item.url,
            seen_at=seen,
            shares=0,
            title=item.title,
            feed_title=entry.feed_title,
        )
    return DigestItem(
        url=item.url,
        title=item.title,
        seen_at=seen,
        summary=_blurb(item.summary),
        shares=0,
        feed_title=entry.feed_title,
    )


SimilarityFactory = Callable[[], StorySimilarity]


class DigestBuilder:
    """Gathers a chat's candidates (shares + new feed items), composes and renders a digest."""

    def __init__(
        self,
        *,
        sources: DigestSources,
        feeds: FeedRepository,
        filters: FilterRepository,
        similarity: SimilarityFactory = LexicalSimilarity,
    ) -> None:
        self._sources = sources
        self._feeds = feeds
        self._filters = filters
        self._similarity_factory = similarity
        self._similarity: StorySimilarity | None = None
        self._similarity_lock = asyncio.Lock()

    async def similarity(self) -> StorySimilarity:
        """The story similarity, made once (loading an encoder happens in a thread)."""
        async with self._similarity_lock:
            if self._similarity is None:
                self._similarity = await asyncio.to_thread(self._similarity_factory)
            return self._similarity

    async def candidates(
        self, chat_id: int, *, since: dt.datetime, until: dt.datetime
    ) -> list[DigestItem]:
        shares = await self._sources.shared_in_chat(chat_id, since=since, until=until)
        feed_items = await self._feeds.items_for_chat(chat_id, since=since, until=until)
        return [shared_item(s) for s in shares] + [feed_item(f) for f in feed_items]

    async def build(
        self,
        chat_id: int,
        *,
        since: dt.datetime,
        until: dt.datetime,
        max_stories: int = 10,
    ) -> Digest:
        items = await self.candidates(chat_id, since=since, until=until)
        chosen = await self._filters.get(chat_id)
        keywords = KeywordFilter(include=chosen.include, exclude=chosen.exclude)
        similarity = await self.similarity() if len(items) > 1 else None
        return await asyncio.to_thread(
            compose_digest, items, limit=max_stories, keywords=keywords, similarity=similarity
        )

    async def language(self, chat_id: int) -> str | None:
        profile = await self._sources.chat(chat_id)
        return profile.language if profile else None

    async def render(
        self,
        chat_id: int,
        *,
        local_date: dt.date,
        since: dt.datetime,
        until: dt.datetime,
        max_stories: int = 10,
        send_empty: bool = False,
    ) -> list[str]:
        digest = await self.build(chat_id, since=since, until=until, max_stories=max_stories)
        language = await self.language(chat_id) or news_language(digest)
        return render_digest(digest, day=local_date, language=language, send_empty=send_empty)

    async def compose(
        self,
        subscription: Subscription,
        *,
        local_date: dt.date,
        since: dt.datetime,
        until: dt.datetime,
    ) -> list[str]:
        """The scheduled digest's messages (``bot.jobs.DigestComposer``)."""
        return await self.render(
            subscription.chat_id,
            local_date=local_date,
            since=since,
            until=until,
            max_stories=subscription.max_stories,
            send_empty=subscription.send_empty,
        )


# --- services ------------------------------------------------------------------------------------

DIGEST_SERVICES = "digest_services"  # key in application.bot_data


def _nothing() -> None:
    return None


@dataclass
class DigestServices:
    """What the digest and feed commands reach (installed in ``bot_data`` by ``bot.jobs``)."""

    subscriptions: SubscriptionRepository
    chats: ChatRepository
    log: DigestLog
    feeds: FeedRepository
    filters: FilterRepository
    sources: DigestSources
    builder: DigestBuilder
    fetcher: PageFetcher
    now: Callable[[], dt.datetime]
    schedule_changed: Callable[[], None] = _nothing  # wakes the scheduler
    feeds_changed: Callable[[], None] = _nothing  # wakes the feed poller


def services_of(context: ContextTypes.DEFAULT_TYPE) -> DigestServices:
    found = context.application.bot_data.get(DIGEST_SERVICES)
    if not isinstance(found, DigestServices):
        raise RuntimeError("digest services are not installed (bot.jobs.DigestJobs.install)")
    return found


async def answer(message: Message, html: str) -> None:
    """Reply in HTML (every web or user text in ``html`` already escaped), previews off."""
    await message.reply_text(
        html, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
    )


# --- permissions ---------------------------------------------------------------------------------

_ADMINS = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})
NOT_ADMIN = ADMINS_ONLY


async def is_admin(bot: Bot, chat_id: int | str, user_id: int) -> bool:
    """Whether the user administers a chat other than the one the update came from."""
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except BadRequest:
        return False
    return member.status in _ADMINS


async def may_manage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender may change this chat's digest, feeds and filters: its admins (an
    anonymous admin or a channel posting as the chat counts), or the user in a private chat."""
    try:
        return await is_chat_admin(update, context)
    except BadRequest:
        return False


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
    update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]
) -> tuple[Target | None, list[str], str | None]:
    """``(target, remaining args, None)``, or ``(None, args, why not)`` to tell the user."""
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    if args and _names_a_chat(args[0]):
        if chat.type != ChatType.PRIVATE:
            return None, args, "Send that to me in a private chat."
        return await _remote_target(update, context, args[0], args[1:])
    if not await may_manage(update, context):
        return None, args, NOT_ADMIN
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
    update: Update, context: ContextTypes.DEFAULT_TYPE, ref: str, rest: list[str]
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
            f"I can't see {escape(ref)}. Add me to it as an administrator that can post "
            "messages, then send this again.",
        )
    name = escape(_chat_name(chat))
    if chat.type not in (ChatType.CHANNEL, ChatType.SUPERGROUP, ChatType.GROUP):
        return None, rest, f"{name} is not a channel or a group."
    if not await is_admin(bot, chat.id, user.id):
        return None, rest, f"You are not an administrator of {name}."
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


async def missing_bot_rights(bot: Bot, chat: Chat | ChatFullInfo) -> str | None:
    """What the bot lacks to post digests in ``chat``, in words; None when nothing."""
    name = escape(_chat_name(chat))
    try:
        member = await bot.get_chat_member(chat.id, bot.id)
    except (BadRequest, Forbidden):
        return f"I am not a member of {name}: add me as an administrator that can post messages."
    if chat.type == ChatType.CHANNEL:
        if member.status != ChatMemberStatus.ADMINISTRATOR:
            return (
                f"I am not an administrator of {name}: add me as an administrator with the "
                "right to post messages."
            )
        if not getattr(member, "can_post_messages", False):
            return f"I am an administrator of {name} but may not post: allow me to post messages."
        return None
    if member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        return f"I am not a member of {name}: add me to it first."
    if member.status == ChatMemberStatus.RESTRICTED and not getattr(
        member, "can_send_messages", True
    ):
        return f"I may not send messages in {name}: lift my restriction first."
    return None


async def remember_target(services: DigestServices, target: Target, now: dt.datetime) -> None:
    """Make sure the chat has its row (digests, feeds and filters refer to it)."""
    await services.chats.remember(
        target.chat_id, target.chat_type, title=target.title, username=target.username, now=now
    )


# --- commands ------------------------------------------------------------------------------------

MAX_STORIES = 30
SUBSCRIBE_USAGE = (
    "Usage: <code>/subscribe [HH:MM] [Area/City] [always] [top N]</code>, e.g. "
    "<code>/subscribe 07:30 Europe/Berlin</code>. The default is 08:00 in the chat's time "
    "zone (UTC unless set), with the top 10 stories. Add <code>always</code> to get a message "
    "on days with nothing new. For a channel, send "
    "<code>/subscribe @channel 08:00 Area/City</code> to me privately."
)


@dataclass(frozen=True, slots=True)
class ScheduleArgs:
    local_time: dt.time | None = None
    timezone: str | None = None
    always: bool | None = None
    max_stories: int | None = None


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
        first, second = escape(given[option]), escape(arg)
        if first.lower() == second.lower():
            said = f"You gave “{second}” twice; give each option once."
        else:
            said = f"You gave the {option} twice, “{first}” and “{second}”; give it once."
        return f"{said}\n{SUBSCRIBE_USAGE}"

    while words:
        arg = words.pop(0)
        low = arg.lower()
        option = None
        if low == "top":
            option = "number of stories"
        elif parse_local_time(arg) is not None:
            option = "time"
        elif low in ("always", "empty", "quiet", "never"):
            option = "always/quiet choice"
        elif parse_timezone(arg) is not None:
            option = "time zone"
        if option is not None and (problem := twice(option, arg)) is not None:
            return problem
        if low == "top":
            count = words.pop(0) if words else ""
            stories = number(count)
            if stories is None or not 1 <= stories <= MAX_STORIES:
                return f"After <code>top</code>, give a number of stories from 1 to {MAX_STORIES}."
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
            return (
                f"“{escape(arg)}” is not a time of day: use 24-hour <code>HH:MM</code>, from "
                "<code>00:00</code> to <code>23:59</code>."
            )
        elif looks_like_timezone(arg):
            return (
                f"I don't know the time zone “{escape(arg)}”. Use an Area/City name such as "
                "<code>Europe/Berlin</code> or <code>America/New_York</code>."
            )
        else:
            return f"I don't understand “{escape(arg)}”.\n{SUBSCRIBE_USAGE}"
    return ScheduleArgs(local_time, timezone, always, max_stories)


def _describe(subscription: Subscription, now: dt.datetime) -> str:
    upcoming = next_slot(subscription.local_time, zone(subscription.timezone), now)
    local = upcoming.due_at.astimezone(zone(subscription.timezone))
    return (
        f"{subscription.local_time.strftime('%H:%M')} ({escape(subscription.timezone)}), "
        f"top {subscription.max_stories} stories; next: {local.strftime('%a %d %b, %H:%M')}"
    )


async def remember_managers(
    bot: Bot, services: DigestServices, target: Target, user: User | None, now: dt.datetime
) -> None:
    """Who may find this chat in /subscriptions: the admin who subscribed it and its other
    human administrators (a channel subscribed by a post in it has no sender at all)."""
    if target.chat_type == ChatType.PRIVATE:
        return
    managers = [user.id] if user is not None and not user.is_bot else []
    try:
        admins = await bot.get_chat_administrators(target.chat_id)
    except TelegramError as exc:
        logger.info("chat %s: cannot list its administrators: %s", target.chat_id, exc)
        admins = ()
    managers.extend(a.user.id for a in admins if not a.user.is_bot)
    await services.sources.add_managers(target.chat_id, managers, now=now)


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe [@channel] [HH:MM] [Area/City] [always]: a daily digest for this chat."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    services = services_of(context)
    target, rest, problem = await resolve_target(update, context, list(context.args or []))
    if target is None:
        await answer(message, problem or NOT_ADMIN)
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
    now = services.now()
    await remember_target(services, target, now)
    current = await services.subscriptions.get(target.chat_id)
    profile = await services.sources.chat(target.chat_id)
    timezone = (
        parsed.timezone
        or (current.timezone if current else None)
        or (profile.timezone if profile else None)
        or DEFAULT_TIMEZONE
    )
    local_time = parsed.local_time or (current.local_time if current else DEFAULT_TIME)
    always = parsed.always if parsed.always is not None else bool(current and current.send_empty)
    max_stories = parsed.max_stories or (current.max_stories if current else DEFAULT_LIMIT)
    user = update.effective_user
    subscription = await services.subscriptions.subscribe(
        target.chat_id,
        local_time=local_time,
        timezone=timezone,
        now=now,
        thread_id=target.thread_id,
        created_by=user.id if user else None,
        send_empty=always,
        max_stories=max_stories,
    )
    if parsed.timezone:
        await services.sources.save_timezone(target.chat_id, parsed.timezone)
    await remember_managers(context.bot, services, target, user, now)
    services.schedule_changed()
    where = " in this topic" if target.thread_id is not None else ""
    who = f" for {escape(target.name)}" if target.remote else ""
    await answer(
        message,
        f"Daily digest{who}{where} at {_describe(subscription, now)}.\n"
        "/digest shows one now; /unsubscribe stops it.",
    )


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unsubscribe [@channel]: stop the daily digest."""
    message = update.effective_message
    if message is None:
        return
    services = services_of(context)
    target, _, problem = await resolve_target(update, context, list(context.args or []))
    if target is None:
        await answer(message, problem or NOT_ADMIN)
        return
    if await services.subscriptions.unsubscribe(target.chat_id):
        services.schedule_changed()
        await answer(message, "Daily digest stopped. /subscribe starts it again.")
    else:
        await answer(message, "There is no daily digest here. /subscribe starts one.")


async def preview_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest: this chat's digest now, as a preview; the schedule does not move."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    services = services_of(context)
    now = services.now()
    subscription = await services.subscriptions.get(chat.id)
    profile = await services.sources.chat(chat.id)
    timezone = (
        (subscription.timezone if subscription else None)
        or (profile.timezone if profile else None)
        or DEFAULT_TIMEZONE
    )
    local_today = now.astimezone(zone(timezone)).date()
    since = await services.log.last_period_end(chat.id, before=local_today + dt.timedelta(days=1))
    since = since or now - dt.timedelta(days=1)
    parts = await services.builder.render(
        chat.id,
        local_date=local_today,
        since=since,
        until=now,
        max_stories=subscription.max_stories if subscription else DEFAULT_LIMIT,
    )
    if not parts:
        await answer(
            message,
            "Nothing new since the last digest: share some links, or add a feed with /feed add.",
        )
        return
    for part in parts:
        await answer(message, part)


async def list_subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscriptions (private chat): the chats you manage that have a digest."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = services_of(context)
    now = services.now()
    lines = []
    for chat_id in await services.sources.chats_of_user(user.id):
        subscription = await services.subscriptions.get(chat_id)
        if subscription is None or not await is_admin(context.bot, chat_id, user.id):
            continue
        profile = await services.sources.chat(chat_id)
        name = (f"@{profile.username}" if profile and profile.username else None) or (
            profile.title if profile and profile.title else str(chat_id)
        )
        state = (
            _describe(subscription, now)
            if subscription.active
            else f"paused ({escape(subscription.paused_reason or 'stopped')})"
        )
        lines.append(f"• {escape(name)}: {state}")
    if not lines:
        await answer(
            message,
            "You manage no chats with a daily digest. Add me to a group and send /subscribe "
            "there, or send /subscribe @channel here.",
        )
        return
    await answer(message, "Daily digests in chats you manage:\n" + "\n".join(lines))


async def track_bot_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was removed from a chat, or may no longer post: pause its digest; resume it
    when the bot is back and may post again."""
    change = update.my_chat_member
    if change is None:
        return
    member = change.new_chat_member
    reason: str | None = None
    if member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        reason = "removed from the chat"
    elif change.chat.type == ChatType.CHANNEL and member.status == ChatMemberStatus.ADMINISTRATOR:
        if not getattr(member, "can_post_messages", False):
            reason = "may not post in the channel"
    elif member.status == ChatMemberStatus.RESTRICTED and not getattr(
        member, "can_send_messages", True
    ):
        reason = "may not send messages"
    services = services_of(context)
    if reason is None:
        # Back in the chat with the right to post: a digest paused for its absence restarts.
        if member.status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR) and (
            await services.subscriptions.resume(change.chat.id, now=services.now())
        ):
            logger.info("chat %s: digest resumed", change.chat.id)
            services.schedule_changed()
        return
    if await services.subscriptions.pause(change.chat.id, reason, now=services.now()):
        logger.info("chat %s: digest paused (%s)", change.chat.id, reason)
        services.schedule_changed()


def digest_handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, None]]:
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


async def follow_migration(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: its digest, feeds and filters move to the new chat id."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or message.migrate_to_chat_id is None:
        return
    services = services_of(context)
    new_id = message.migrate_to_chat_id
    await services.chats.remember(new_id, ChatType.SUPERGROUP, title=chat.title, now=services.now())
    await services.subscriptions.move_chat(chat.id, new_id)
    services.schedule_changed()


def bookkeeping_handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, None]]:
    """Pause digests when the bot is removed; follow a group that became a supergroup.
    Registered in a group of their own, so that they run whatever else handles the update."""
    return [
        ChatMemberHandler(track_bot_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, follow_migration),
    ]
