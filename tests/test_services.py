"""The services' own rules, on a real database (each backend) and without Telegram: one
time-zone rule, the settings on offer, the posting rights a digest needs, a subscription's
life."""

from __future__ import annotations

import datetime as dt

import pytest

from services.chats import ChatRef, ChatService
from services.digests import chat_timezone
from services.permissions import (
    Membership,
    PostingProblem,
    is_admin_status,
    pause_reason,
    posting_problem,
)
from services.subscriptions import ScheduleChoice, SubscriptionService
from storage.chat_settings import ChatSettingsRepository
from storage.chats import ChatRepository
from storage.database import Database
from storage.digest_sources import DigestSources
from storage.subscriptions import SubscriptionRepository

NOW = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
GROUP = -100


@pytest.fixture
def db(database: Database) -> Database:
    """A real database on each backend (conftest's ``database``)."""
    return database


def chat_service(db: Database) -> ChatService:
    return ChatService(ChatRepository(db), ChatSettingsRepository(db), now=lambda: NOW)


def subscription_service(db: Database, wakes: list[str]) -> SubscriptionService:
    return SubscriptionService(
        subscriptions=SubscriptionRepository(db),
        sources=DigestSources(db),
        chats=chat_service(db),
        now=lambda: NOW,
        schedule_changed=lambda: wakes.append("wake"),
    )


async def test_one_time_zone_rule_given_then_digest_then_saved_then_utc(
    db: Database,
) -> None:
    sources = DigestSources(db)
    chats = chat_service(db)
    await chats.remember(ChatRef(GROUP, "supergroup", "Readers"))
    assert await chat_timezone(sources, GROUP) == "UTC"

    await chats.save_timezone(GROUP, "Asia/Tokyo")
    assert await chat_timezone(sources, GROUP) == "Asia/Tokyo"
    subscription = await SubscriptionRepository(db).subscribe(
        GROUP, local_time=dt.time(8), timezone="Europe/Berlin", now=NOW
    )
    assert await chat_timezone(sources, GROUP, subscription=subscription) == "Europe/Berlin"
    assert (
        await chat_timezone(sources, GROUP, given="America/Lima", subscription=subscription)
        == "America/Lima"
    )


async def test_subscribe_keeps_what_was_not_given_and_saves_a_given_zone(
    db: Database,
) -> None:
    wakes: list[str] = []
    service = subscription_service(db, wakes)
    group = ChatRef(GROUP, "supergroup", "Readers")

    first = await service.subscribe(
        group, ScheduleChoice(dt.time(7, 30), "Europe/Berlin", True, 5), managers=[7]
    )
    again = await service.subscribe(group, ScheduleChoice(local_time=dt.time(9)))

    assert (first.local_time, first.timezone, first.send_empty, first.max_stories) == (
        dt.time(7, 30),
        "Europe/Berlin",
        True,
        5,
    )
    assert (again.local_time, again.timezone, again.send_empty, again.max_stories) == (
        dt.time(9),
        "Europe/Berlin",
        True,
        5,
    )
    settings = await ChatSettingsRepository(db).get(GROUP)
    assert settings.timezone == "Europe/Berlin"  # written by the chat settings, not the digest
    assert await DigestSources(db).chats_of_user(7) == [GROUP]
    assert wakes == ["wake", "wake"]
    assert await service.unsubscribe(GROUP)
    assert not await service.unsubscribe(GROUP)
    assert wakes == ["wake", "wake", "wake"]


async def test_the_bot_losing_and_regaining_its_rights_pauses_and_resumes(
    db: Database,
) -> None:
    wakes: list[str] = []
    service = subscription_service(db, wakes)
    await service.subscribe(ChatRef(GROUP, "supergroup"), ScheduleChoice())

    removed = await service.bot_membership_changed(GROUP, "supergroup", Membership("kicked"))
    unchanged = await service.bot_membership_changed(GROUP, "supergroup", Membership("kicked"))
    back = await service.bot_membership_changed(GROUP, "supergroup", Membership("member"))

    assert (removed, unchanged, back) == ("paused (removed from the chat)", "", "resumed")
    subscription = await service.get(GROUP)
    assert subscription is not None and subscription.active


async def test_only_the_settings_on_offer_are_chosen(db: Database) -> None:
    chats = chat_service(db)
    group, private = ChatRef(GROUP, "supergroup"), ChatRef(7, "private")

    five = await chats.choose(group, "sentences", 5)
    assert five is not None and five.sentences == 5
    assert await chats.choose(group, "sentences", 4) is None
    assert await chats.choose(group, "quotes", 9) is None
    auto = await chats.choose(group, "auto", 1)
    assert auto is not None and auto.auto_summary
    assert await chats.choose(private, "auto", 1) is None  # private chats answer every link
    assert await chats.choose(group, "colour", 1) is None
    assert (await chats.settings_of(GROUP)).sentences == 5


def test_admins_are_owners_and_administrators() -> None:
    assert [is_admin_status(s) for s in ("creator", "administrator", "member", "left")] == [
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("chat_type", "member", "problem"),
    [
        ("channel", None, PostingProblem.NOT_A_MEMBER),
        ("channel", Membership("member"), PostingProblem.NOT_CHANNEL_ADMIN),
        ("channel", Membership("administrator"), PostingProblem.MAY_NOT_POST),
        ("channel", Membership("administrator", can_post_messages=True), None),
        ("supergroup", Membership("left"), PostingProblem.LEFT),
        (
            "supergroup",
            Membership("restricted", can_send_messages=False),
            PostingProblem.RESTRICTED,
        ),
        ("supergroup", Membership("restricted"), None),
        ("supergroup", Membership("member"), None),
    ],
)
def test_what_keeps_the_bot_from_posting_a_digest(
    chat_type: str, member: Membership | None, problem: PostingProblem | None
) -> None:
    assert posting_problem(chat_type, member) is problem


def test_why_a_digest_pauses() -> None:
    assert pause_reason("channel", Membership("administrator")) == "may not post in the channel"
    assert pause_reason("channel", Membership("administrator", can_post_messages=True)) is None
    assert pause_reason("group", Membership("restricted", can_send_messages=False)) == (
        "may not send messages"
    )
    assert pause_reason("group", Membership("member")) is None


def test_a_short_article_is_exported_whole_and_its_digest_item_keeps_its_text() -> None:
    """A short article's summary is its whole text: an export or a digest item made from the
    cache does not cut it to the chat's summary length. (The digest then shows each story's
    usual number of lines, ``compose_digest``'s ``summary_sentences``, short ones too.)"""
    from services.articles import decode_data, encode
    from services.digests import item_from_article
    from services.history import _exported
    from summarizer.types import Article, ArticleSummary

    article = Article(
        url="https://w.test/walk",
        canonical_url="https://w.test/walk",
        title="Saturday walk",
        paragraphs=("Bring water.", "Meet at the gate.", "Wear boots.", "Back by noon."),
        short=True,
    )
    data = encode(ArticleSummary(article, article.paragraphs), sentences=3, quotes=3)
    exported = _exported(decode_data(data, url=article.url), 2, 3)
    assert exported is not None and exported.summary == article.paragraphs
    item = item_from_article(data, url=article.url, seen_at=dt.datetime.now(dt.UTC), shares=1)
    assert item.summary == article.paragraphs
