"""The interface languages end to end: the real Application against the fake Bot API.

The expected texts are the catalogues' own (``handlers.i18n.using``), and each is checked to be
really translated (not the English msgid), so a missing or broken translation fails here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from errors import N_, ByteSize
from handlers.commands import help_text
from handlers.failures import worded
from handlers.i18n import NATIVE_NAMES, _, ngettext, using
from handlers.menu import commands
from handlers.permissions import ADMINS_ONLY
from services.jobs import UNEXPECTED_FEED_ERROR
from storage.feeds import FeedRepository
from storage.subscriptions import SubscriptionRepository
from summarizer.opml import MAX_OPML_BYTES, OpmlError
from tests.bot_harness import Bot, Serve, start_bot
from tests.fake_bot_api import SentMessage

ANN, BO = 1001, 1002  # an admin and a member of the group
GROUP = -100500
CHANNEL = -100700
SHIPPED = ["de", "fr", "es", "ru"]


@pytest.fixture
async def bot(serve: Serve, tmp_path: Path) -> AsyncIterator[Bot]:
    async with start_bot(serve, tmp_path / "bot.sqlite3") as running:
        running.api.add_chat(GROUP, "supergroup", title="Readers")
        running.api.set_member(GROUP, ANN, "administrator")
        running.api.set_member(GROUP, BO, "member")
        yield running


def only(messages: list[SentMessage]) -> SentMessage:
    assert len(messages) == 1, [m.text[:80] for m in messages]
    return messages[0]


# A test awaits the Application's handling of each update in its own task: the language the last
# update was handled in stays current here, so every expected text names its language.


def translated(language: str, message: str) -> str:
    with using(language):
        said = _(message)
    assert said != message, f"{message!r} is not translated into {language}"
    return said


@pytest.mark.parametrize("language", SHIPPED)
async def test_help_is_in_the_users_telegram_language(bot: Bot, language: str) -> None:
    bot.api.user_languages[ANN] = language
    reply = only(await bot.say(ANN, "/help"))
    with using(language):
        expected = help_text(group=False)
    assert reply.text == expected
    with using("en"):
        assert reply.text != help_text(group=False)  # not English
    intro = "I summarise news articles and list their key quotes, each with the person who said it."
    assert reply.text.startswith(translated(language, intro))
    with using(language):
        language_line = _("The language I write in here")
    assert f"/language [de | fr | es | ru | en | auto] – {language_line}" in reply.text


@pytest.mark.parametrize(("code", "language"), [("de-AT", "de"), ("pt-BR", "en"), ("", "en")])
async def test_regional_and_unknown_user_languages(bot: Bot, code: str, language: str) -> None:
    if code:
        bot.api.user_languages[ANN] = code
    reply = only(await bot.say(ANN, "/help"))
    with using(language):
        assert reply.text == help_text(group=False)


async def test_language_es_switches_a_private_chat_and_auto_goes_back(bot: Bot) -> None:
    bot.api.user_languages[ANN] = "de"
    saved = only(await bot.say(ANN, "/language es"))
    with using("es"):
        assert saved.text == _("From now on I write in {language} here.").format(language="Español")
        spanish_help = help_text(group=False)
    assert only(await bot.say(ANN, "/help")).text == spanish_help
    settings = await bot.services.running.chat_settings.get(ANN)
    assert settings.interface_language == "es"

    back = only(await bot.say(ANN, "/language auto"))
    with using("de"):
        assert back.text == _("From now on I write in each person's Telegram language here.")
        assert only(await bot.say(ANN, "/help")).text == help_text(group=False)
    assert (await bot.services.running.chat_settings.get(ANN)).interface_language is None


async def test_language_alone_shows_the_choice_and_buttons_change_it(bot: Bot) -> None:
    shown = only(await bot.say(ANN, "/language"))
    assert "No language is chosen here" in shown.text and "de, fr, es, ru" in shown.text
    labels = [b["text"] for b in shown.buttons()]
    assert [NATIVE_NAMES[c] for c in ("en", "de", "fr")] == labels[:3]

    edited = only(await bot.press(shown, "Français"))
    with using("fr"):
        assert edited.text.startswith(_("Here I write in {language}.").format(language="Français"))
    again = only(await bot.say(ANN, "/language"))
    assert "✓ Français" in [b["text"] for b in again.buttons()]


async def test_unknown_language_code_is_explained(bot: Bot) -> None:
    reply = only(await bot.say(ANN, "/language tlh"))
    assert "I don't speak tlh" in reply.text and "de, fr, es, ru" in reply.text
    assert (await bot.services.running.chat_settings.get(ANN)).interface_language is None


async def test_in_a_group_only_admins_choose_and_members_are_told_in_their_language(
    bot: Bot,
) -> None:
    bot.api.user_languages[BO] = "ru"
    bot.api.user_languages[ANN] = "de"
    refused = only(await bot.say(GROUP, "/language es", user=BO))
    assert refused.text == translated("ru", ADMINS_ONLY)
    assert (await bot.services.running.chat_settings.get(GROUP)).interface_language is None

    shown = only(await bot.say(GROUP, "/language", user=ANN))
    assert await bot.press(shown, "Español", user=BO) == []  # an alert, in Russian
    alert = bot.api.calls_of("answerCallbackQuery")[-1].params
    assert alert["text"] == translated("ru", ADMINS_ONLY) and alert["show_alert"] is True

    only(await bot.say(GROUP, "/language es", user=ANN))
    # The chat's choice comes before each member's own language.
    with using("es"):
        assert only(await bot.say(GROUP, "/help", user=BO)).text == help_text(group=True)


async def test_plural_forms_in_russian_and_german(bot: Bot) -> None:
    """/settings buttons hold counts 0, 1, 2, 3, 5, 8: Russian needs its three forms."""
    for language, user in (("ru", ANN), ("de", BO)):
        bot.api.user_languages[user] = language
        shown = only(await bot.say(user, "/settings"))
        assert shown.reply_markup is not None
        rows = shown.reply_markup["inline_keyboard"]
        sentences = [b["text"].removeprefix("✓ ") for b in rows[0]]
        quotes = [b["text"].removeprefix("✓ ") for b in rows[1]]
        with using(language):
            assert sentences == [
                ngettext("{count} sentence", "{count} sentences", n).format(count=n)
                for n in (2, 3, 5, 8)
            ]
            assert quotes == [
                ngettext("{count} quote", "{count} quotes", n).format(count=n) for n in (0, 1, 3, 5)
            ]
        with using("en"):
            assert quotes[1] != ngettext("{count} quote", "{count} quotes", 1).format(count=1)
    with using("ru"):
        one, two, five = (
            ngettext("{count} quote", "{count} quotes", n).format(count=n) for n in (1, 2, 5)
        )
    # Three different words: 1 цитата, 2 цитаты, 5 цитат (whatever the translator's wording).
    assert len({one.split()[-1], two.split()[-1], five.split()[-1]}) == 3, (one, two, five)


@pytest.mark.parametrize("language", ["de", "fr"])
async def test_a_failure_is_explained_in_the_users_language(bot: Bot, language: str) -> None:
    bot.api.user_languages[ANN] = language
    reply = only(await bot.say(ANN, bot.url("missing.html")))
    message = "The site says that page does not exist (HTTP {code}). Check the link."
    assert translated(language, message).format(code=404) in reply.text


@pytest.mark.parametrize("language", ["de", "ru"])
async def test_the_digest_frame_follows_the_chats_language(bot: Bot, language: str) -> None:
    await bot.say(GROUP, f"/summary {bot.url('news/ferry.html')}", user=ANN)
    only(await bot.say(GROUP, f"/language {language}", user=ANN))
    parts = await bot.say(GROUP, "/digest", user=BO)
    assert parts
    assert translated(language, "Daily digest") in parts[0].text
    assert "Daily digest" not in parts[0].text


async def test_the_digest_of_a_chat_without_a_choice_keeps_the_news_language(bot: Bot) -> None:
    bot.api.user_languages[BO] = "ru"
    await bot.say(GROUP, f"/summary {bot.url('news/ferry.html')}", user=ANN)
    parts = await bot.say(GROUP, "/digest", user=BO)
    assert "Daily digest" in parts[0].text  # an English article: an English frame


async def test_the_command_menu_is_registered_per_language(bot: Bot) -> None:
    menus = bot.api.menus
    for scope, groups in (("all_private_chats", False), ("all_group_chats", True)):
        english = menus[scope, ""]
        with using("en"):
            assert english == [c.to_dict() for c in commands(groups=groups)]
        assert bot.api.commands[scope] == english
        assert "language" in [c["command"] for c in english]
        for language in SHIPPED:
            menu = menus[scope, language]
            with using(language):
                assert menu == [c.to_dict() for c in commands(groups=groups)]
            assert [c["command"] for c in menu] == [c["command"] for c in english]
            assert [c["description"] for c in menu] != [c["description"] for c in english]
            assert all(3 <= len(c["description"]) <= 256 for c in menu)
    assert {language for _scope, language in menus} == {"", *SHIPPED}
    calls = bot.api.calls_of("setMyCommands")
    assert {c.params.get("language_code") for c in calls} == {None, *SHIPPED}


@pytest.mark.parametrize(
    ("stored", "worded"),
    [
        ("forbidden: bot was kicked from the supergroup chat", "I was removed from the chat"),
        ("Bad Request: have no rights to send a message", "I may not send messages there"),
        ("removed from the chat", "I was removed from the chat"),
    ],
)
async def test_why_a_digest_paused_is_said_in_the_readers_language(
    bot: Bot, stored: str, worded: str
) -> None:
    assert "Daily digest" in only(await bot.say(GROUP, "/subscribe", user=ANN)).text
    await SubscriptionRepository(bot.services.running.db).pause(
        GROUP, stored, now=dt.datetime.now(dt.UTC)
    )
    bot.api.user_languages[ANN] = "de"
    listed = only(await bot.say(ANN, "/subscriptions")).text
    with using("de"):
        expected = _("paused ({reason})").format(reason=translated("de", worded))
    assert expected in listed, listed
    # A reason the bot does not know is shown as Telegram said it.
    repository = SubscriptionRepository(bot.services.running.db)
    assert await repository.resume(GROUP, now=dt.datetime.now(dt.UTC))
    await repository.pause(GROUP, "Forbidden: something new", now=dt.datetime.now(dt.UTC))
    assert "something new" in only(await bot.say(ANN, "/subscriptions")).text


async def test_why_a_feed_fails_is_said_in_the_readers_language(bot: Bot) -> None:
    now = dt.datetime.now(dt.UTC)
    await bot.services.running.chats.remember(ANN, "private", now=now)
    feeds = FeedRepository(bot.services.running.db)
    for url, error in (
        ("https://gone.example/rss", "the site answered HTTP 404 Not Found"),
        ("https://page.example/", "not an RSS or Atom feed"),
        ("https://slow.example/rss", "the site took too long to answer"),
        ("https://odd.example/rss", "something nobody wrote down"),
        ("https://drop.example/rss", "the site could not be read (ServerDisconnectedError)"),
        ("https://loop.example/rss", "more than 5 redirects"),
        ("https://bug.example/rss", UNEXPECTED_FEED_ERROR),
        ("https://links.example/", LINKED.format(error="the site answered HTTP 410 Gone")),
    ):
        added = await feeds.follow(ANN, url=url, title=url, now=now)
        await feeds.record_failure(added.feed.id, now=now, next_poll_at=now, error=error)
    bot.api.user_languages[ANN] = "fr"
    listed = only(await bot.say(ANN, "/feed list")).text
    with using("fr"):
        for said in (
            _("the site answered HTTP {status}").format(status=404),
            translated("fr", "not an RSS or Atom feed"),
            translated("fr", "the site took too long to answer"),
            translated("fr", "the site could not be read"),
            translated("fr", "too many redirects"),
            translated("fr", UNEXPECTED_FEED_ERROR),
            translated("fr", LINKED).format(
                error=_("the site answered HTTP {status}").format(status=410)
            ),
        ):
            assert _("failing ({error})").format(error=said) in listed, listed
    assert "something nobody wrote down" in listed  # an unknown error: shown as stored
    assert "Not Found" not in listed and "ServerDisconnected" not in listed
    assert "Gone" not in listed


LINKED = "the page links a feed, but it could not be read: {error}"


def test_every_reason_a_digest_pauses_for_has_a_wording() -> None:
    """The clues of ``PAUSE_REASONS`` cover every text ``bot.bot_api`` pauses a digest for and
    every reason ``services.permissions`` stores, so none is shown untranslated."""
    from bot.bot_api import CHAT_GONE_MESSAGES
    from handlers.digest import PAUSE_REASONS
    from services.permissions import Membership, pause_reason

    clues = {clue for clue, _said in PAUSE_REASONS}
    stored = [
        pause_reason("group", Membership("left")),
        pause_reason("channel", Membership("administrator")),
        pause_reason("group", Membership("restricted", can_send_messages=False)),
    ]
    for reason in [*CHAT_GONE_MESSAGES, *stored]:
        assert reason is not None and any(clue in reason.lower() for clue in clues), reason


@pytest.mark.parametrize(
    ("language", "size"), [("fr", "1\u202fMo"), ("ru", "1 МБ"), ("en", "1 MB")]
)
def test_a_size_inside_an_error_is_written_in_the_readers_units(language: str, size: str) -> None:
    error = OpmlError.worded(
        N_("The file is larger than {size}, which is the most I read."),
        size=ByteSize(MAX_OPML_BYTES),
    )
    assert str(error) == "The file is larger than 1 MB, which is the most I read."
    with using(language):
        said = worded(error)
        assert said == _("The file is larger than {size}, which is the most I read.").format(
            size=size
        )
    assert size in said
