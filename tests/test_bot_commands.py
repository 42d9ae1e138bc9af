"""Every command and button end to end, in private chats, groups and forum topics."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from handlers.permissions import ADMINS_ONLY
from handlers.render import MAX_MESSAGE, utf16_len
from tests.bot_harness import Bot, Serve, start_bot
from tests.fake_bot_api import BOT_ID, BOT_USERNAME, SentMessage

ANN, BO = 1001, 1002
GROUP, FORUM = -100500, -100600
CHANNEL = -100700


@pytest.fixture
async def bot(serve: Serve, tmp_path: Path) -> AsyncIterator[Bot]:
    async with start_bot(serve, tmp_path / "bot.sqlite3") as running:
        running.api.add_chat(GROUP, "supergroup", title="Readers")
        running.api.add_chat(FORUM, "supergroup", title="Forum", is_forum=True)
        running.api.add_chat(CHANNEL, "channel", title="Harbour News", username="harbournews")
        running.api.set_member(CHANNEL, BOT_ID, "administrator", can_post_messages=True)
        for chat in (GROUP, FORUM):
            running.api.set_member(chat, ANN, "administrator")
            running.api.set_member(chat, BO, "member")
        yield running


def only(messages: list[SentMessage]) -> SentMessage:
    assert len(messages) == 1, [m.text[:80] for m in messages]
    return messages[0]


async def share(bot: Bot, chat: int, *names: str, user: int = ANN) -> None:
    """``user`` shares each page ``news/<name>.html`` in ``chat`` (by /summary, any chat)."""
    for name in names:
        await bot.say(chat, f"/summary {bot.url(f'news/{name}.html')}", user=user)


# --- start-up, /start, /help --------------------------------------------------------------------


async def test_the_command_menu_is_set_at_start_up(bot: Bot) -> None:
    private = [c["command"] for c in bot.api.commands["all_private_chats"]]
    groups = [c["command"] for c in bot.api.commands["all_group_chats"]]

    # The bot's own commands first, in this order; features (digests) add theirs after.
    assert private[:6] == ["summary", "quotes", "history", "settings", "forget", "help"]
    assert groups[:7] == ["summary", "quotes", "history", "settings", "auto", "forget", "help"]
    assert "auto" not in private
    assert all(3 <= len(c["description"]) <= 256 for c in bot.api.commands["all_group_chats"])


@pytest.mark.parametrize("command", ["/start", "/help"])
async def test_start_and_help_explain_and_list_commands(bot: Bot, command: str) -> None:
    private = only(await bot.say(ANN, command)).text
    group = only(await bot.say(GROUP, f"{command}@newsbot_test_bot", user=BO)).text

    assert "key quotes, each with the person who said it" in private
    assert "Send me a link" in private and "/auto" not in private
    assert "/summary [link | N]" in private and "/history" in private
    assert "mention me" in group and "/auto on|off" in group


async def test_unknown_commands_are_answered_in_private_and_when_naming_the_bot(bot: Bot) -> None:
    unknown = only(await bot.say(ANN, "/frobnicate now"))
    assert unknown.text == "I don't know /frobnicate. /help lists what I can do."
    elsewhere = only(await bot.say(ANN, "/auto on"))
    assert elsewhere.text.startswith("Auto mode is for groups")  # its own handler answers

    assert await bot.say(GROUP, "/frobnicate", user=BO) == []  # may be another bot's
    assert await bot.say(GROUP, "/frobnicate@other_bot", user=BO) == []
    named = only(await bot.say(GROUP, "/frobnicate@newsbot_test_bot", user=BO))
    assert named.text == "I don't know /frobnicate. /help lists what I can do."
    private_only = only(await bot.say(GROUP, "/subscriptions@newsbot_test_bot", user=BO))
    assert private_only.text.startswith("/subscriptions works in a private chat with me.")


async def test_a_private_message_without_text_gets_a_hint(bot: Bot) -> None:
    update = bot.api.updates.message(ANN, "")
    message = update["message"]
    del message["text"]
    message["sticker"] = {
        "file_id": "s", "file_unique_id": "s", "type": "regular",
        "width": 512, "height": 512, "is_animated": False, "is_video": False,
    }  # fmt: skip

    reply = only(await bot.process(update))

    assert reply.text.startswith("I read links in text messages and in captions.")
    assert reply.reply_to == message["message_id"]
    group_sticker = bot.api.updates.message(GROUP, "", user=BO)
    del group_sticker["message"]["text"]
    group_sticker["message"]["sticker"] = message["sticker"]
    assert await bot.process(group_sticker) == []


# --- /summary -----------------------------------------------------------------------------------


async def test_summary_with_a_url_replies_and_records_who_shared_it(bot: Bot) -> None:
    reply = only(await bot.say(GROUP, f"/summary {bot.url('news/ferry.html')}", user=BO))

    assert "Ferry workers end strike" in reply.text
    entry = await bot.services.running.history.latest(GROUP)
    assert entry is not None and entry.shared_by_id == BO


async def test_summary_as_a_reply_to_a_message_with_a_link(bot: Bot) -> None:
    original = bot.api.updates.message_json(GROUP, f"see {bot.url('news/library.html')}", user=BO)

    reply = only(await bot.say(GROUP, "/summary", user=ANN, reply_to=original))

    assert "Old library reopens" in reply.text
    entry = await bot.services.running.history.latest(GROUP)
    assert entry is not None and (entry.shared_by_id, entry.message_id) == (
        BO,
        original["message_id"],
    )


async def test_summary_n_and_alone_come_from_history_without_fetching(bot: Bot) -> None:
    await share(bot, GROUP, "ferry", "library")
    hits = bot.site.total_hits()

    second = only(await bot.say(GROUP, "/summary 2", user=BO))
    latest = only(await bot.say(GROUP, "/summary", user=BO))

    assert "Ferry workers" in second.text
    assert "#2 in this chat's history, shared by User1001" in second.text
    assert "Old library" in latest.text and "#1 in this chat's history" in latest.text
    assert bot.site.total_hits() == hits
    assert await bot.services.running.history.count(GROUP) == 2  # looking is not sharing


async def test_summary_problems_are_explained(bot: Bot) -> None:
    empty = only(await bot.say(ANN, "/summary")).text
    await share(bot, ANN, "library")
    missing = only(await bot.say(ANN, "/summary 7")).text
    nonsense = only(await bot.say(ANN, "/summary please")).text

    assert "history is empty" in empty
    assert "There is no entry 7 in this chat's history; it has 1." in missing
    assert "Use /summary with a link, a number from /history" in nonsense


# --- /quotes ------------------------------------------------------------------------------------


async def test_quotes_lists_attributed_quotes(bot: Bot) -> None:
    reply = only(await bot.say(ANN, f"/quotes {bot.url('news/ferry.html')}"))

    numbered = re.findall(r"^\d+\. “(.+?)” — <i>(.+?)</i>$", reply.text, re.MULTILINE)
    assert len(numbered) >= 3
    # A split quote (`"…," Lind said. "…"`) is one quote, its parts joined.
    assert any(" … " in text for text, _ in numbered)
    speakers = {speaker for _, speaker in numbered}
    assert {"Carla Jensen", "Peter Holm", "Sofia Lind"} <= speakers

    # The link joins the history: /summary alone, or replying to the quotes, follows it up.
    assert await bot.services.running.history.count(ANN) == 1
    latest = only(await bot.say(ANN, "/summary")).text
    by_reply = only(await bot.say(ANN, "/summary", reply_to=bot.api.message_json(reply))).text
    assert "Ferry" in latest and latest == by_reply
    assert bot.site.total_hits() == 1


async def test_quotes_by_number_reply_and_latest_and_none_found(bot: Bot) -> None:
    await share(bot, ANN, "ferry", "library")

    none = only(await bot.say(ANN, "/quotes")).text
    by_number = only(await bot.say(ANN, "/quotes 2")).text
    summary = bot.api.sent(ANN)[0]
    by_reply = only(
        await bot.say(ANN, "/quotes", reply_to=bot.api.message_json(summary))
    ).text  # a reply to the bot's own summary: its title link names the article

    assert "Old library" in none and "No direct quotes in this article." in none
    assert "Carla Jensen" in by_number
    assert "Carla Jensen" in by_reply


# --- buttons under a summary --------------------------------------------------------------------


async def test_all_quotes_button_replies_with_the_quotes(bot: Bot) -> None:
    summary = only(await bot.say(ANN, bot.url("news/ferry.html")))

    quotes = only(await bot.press(summary, "All quotes"))

    assert quotes.reply_to == summary.message_id
    assert "Peter Holm" in quotes.text and "Quotes" in quotes.text


async def test_longer_and_shorter_summary_edit_the_message_in_place(bot: Bot) -> None:
    summary = only(await bot.say(ANN, bot.url("news/ferry.html")))
    assert summary.text.count("• ") == 3

    longer = only(await bot.press(summary, "Longer summary"))
    assert longer.message_id == summary.message_id and longer.edits == 1
    assert longer.text.count("• ") == 6
    assert [b["text"] for b in longer.buttons()] == ["All quotes", "Shorter summary", "Source"]

    shorter = only(await bot.press(longer, "Shorter summary"))
    assert shorter.text.count("• ") == 3
    assert bot.site.total_hits() == 1  # other lengths come from the cached text


# --- /history -----------------------------------------------------------------------------------


async def test_history_is_newest_first_and_paged_with_buttons(bot: Bot) -> None:
    names = [f"library-{n}" for n in range(12)]
    await share(bot, ANN, *names)

    first = only(await bot.say(ANN, "/history"))
    lines = [line for line in first.text.splitlines() if re.match(r"^\d+\. ", line)]
    assert len(lines) == 10
    assert lines[0].startswith(f'1. <a href="{bot.url("news/library-11.html")}">')
    assert "— Northfield Gazette, 1 March 2026, shared by User1001" in lines[0]
    assert "(1–10 of 12, newest first)" in first.text
    assert [b["text"] for b in first.buttons()] == ["Older »"]

    older = only(await bot.press(first, "Older »"))
    assert "(11–12 of 12, newest first)" in older.text
    assert "12. " in older.text and "library-0.html" in older.text
    assert [b["text"] for b in older.buttons()] == ["« Newer"]
    newer = only(await bot.press(older, "« Newer"))
    assert "(1–10 of 12" in newer.text

    page_two = only(await bot.say(ANN, "/history 2"))
    assert "(11–12 of 12" in page_two.text

    # Past the end, or a number too large for any history: the last page, and why.
    for past, said in (("99", "99"), ("9" * 4000, "999999999999…"), ("²", "²")):
        last = only(await bot.say(ANN, f"/history {past}")).text
        assert last.startswith(f"<i>There is no page {said}: the history has 2 pages. Here is")
        assert "(11–12 of 12" in last
    for bad in ("0", "two"):
        usage = only(await bot.say(ANN, f"/history {bad}")).text
        assert usage == "Use /history, or /history N for page N (1 is the newest)."


async def test_numbers_that_are_not_plain_digits_get_a_clear_answer(bot: Bot) -> None:
    await share(bot, ANN, "library")
    # "²" passes str.isdigit but not int(); a 23-digit number fits no SQLite integer. Both used
    # to end in an apology for an internal error.
    for odd, said in (("²", "²"), ("99999999999999999999999", "999999999999…")):
        reply = only(await bot.say(ANN, f"/summary {odd}")).text
        assert reply == (
            f"There is no entry {said} in this chat's history; it has 1. /history lists them."
        )
        reply = only(await bot.say(ANN, f"/quotes {odd}")).text
        assert reply.startswith(f"There is no entry {said}")


async def test_a_history_page_of_very_long_links_still_fits_one_message(bot: Bot) -> None:
    slug = "x" * 600  # real sites have long slugs; ten of them overflow 4,096 characters
    names = [f"ferry-{n}-{slug}" for n in range(10)]
    await share(bot, ANN, *names)

    page = only(await bot.say(ANN, "/history"))

    assert utf16_len(page.text) <= MAX_MESSAGE
    lines = [line for line in page.text.splitlines() if re.match(r"^\d+\. ", line)]
    assert len(lines) == 10
    assert all("Ferry workers end strike" in line for line in lines)
    assert sum("<a href=" in line for line in lines) >= 3  # as many links as fit
    assert "(1–10 of 10, newest first)" in page.text


async def test_one_message_asked_about_twice_is_one_history_entry(bot: Bot) -> None:
    original = bot.api.updates.message_json(GROUP, f"see {bot.url('news/ferry.html')}", user=BO)
    await bot.say(GROUP, f"@{BOT_USERNAME} summary?", user=ANN, reply_to=original)
    await bot.say(GROUP, "/summary", user=ANN, reply_to=original)
    await bot.say(GROUP, f"again {bot.url('news/ferry.html')} @{BOT_USERNAME}", user=ANN)

    page = only(await bot.say(GROUP, "/history", user=ANN)).text
    assert "(1–2 of 2, newest first)" in page  # the message asked about twice, and a new share
    assert "shared by User1001" in page.splitlines()[1]
    assert "shared by User1002" in page.splitlines()[2]


async def test_asking_about_the_bots_own_summary_shows_its_history_entry(bot: Bot) -> None:
    summary = only(await bot.say(GROUP, f"@{BOT_USERNAME} {bot.url('news/ferry.html')}", user=BO))
    await share(bot, GROUP, "library")  # now the ferry is entry 2
    reply_to_summary = bot.api.message_json(summary)

    again = only(await bot.say(GROUP, "/summary", user=ANN, reply_to=reply_to_summary))
    quotes = only(await bot.say(GROUP, "/quotes", user=ANN, reply_to=reply_to_summary))
    mention = await bot.say(GROUP, f"@{BOT_USERNAME} this?", user=ANN, reply_to=reply_to_summary)

    for message in (again, only(mention)):
        assert "Ferry workers" in message.text
        assert "#2 in this chat's history, shared by User1002" in message.text
    assert "Carla Jensen" in quotes.text
    assert await bot.services.running.history.count(GROUP) == 2  # nobody shared anything new
    listing = only(await bot.say(GROUP, "/history", user=ANN)).text
    assert "shared by News" not in listing


async def test_history_is_per_chat(bot: Bot) -> None:
    await share(bot, ANN, "ferry")
    assert "No articles in this chat's history yet" in only(await bot.say(BO, "/history")).text


# --- /forget ------------------------------------------------------------------------------------


async def test_forget_asks_then_deletes_this_chats_history(bot: Bot) -> None:
    await share(bot, ANN, "ferry", "library")
    await share(bot, BO, "ferry", user=BO)

    question = only(await bot.say(ANN, "/forget"))
    assert "Delete this chat's history (2 articles)?" in question.text
    kept = only(await bot.press(question, "Cancel"))
    assert kept.text == "Kept the history."
    assert await bot.services.running.history.count(ANN) == 2

    question = only(await bot.say(ANN, "/forget"))
    done = only(await bot.press(question, "Yes, forget it"))
    assert done.text == "Forgot this chat's history (2 articles)."
    assert await bot.services.running.history.count(ANN) == 0
    assert await bot.services.running.history.count(BO) == 1
    assert "already empty" in only(await bot.say(ANN, "/forget")).text


async def test_forget_in_groups_is_for_admins_only(bot: Bot) -> None:
    await share(bot, GROUP, "ferry")

    refused = only(await bot.say(GROUP, "/forget", user=BO))
    assert refused.text == ADMINS_ONLY

    question = only(await bot.say(GROUP, "/forget", user=ANN))
    pressed_by_member = await bot.press(question, "Yes, forget it", user=BO)
    assert pressed_by_member == []  # an alert to the member, nothing in the chat
    answer = bot.api.calls_of("answerCallbackQuery")[-1].params
    assert answer["text"] == ADMINS_ONLY and answer["show_alert"] is True
    assert await bot.services.running.history.count(GROUP) == 1

    await bot.press(question, "Yes, forget it", user=ANN)
    assert await bot.services.running.history.count(GROUP) == 0


async def test_an_anonymous_admin_counts_as_an_admin(bot: Bot) -> None:
    await share(bot, GROUP, "ferry")
    as_group = {"id": GROUP, "type": "supergroup", "title": "Readers"}

    question = await bot.say(GROUP, "/forget", user=1087968824, sender_chat=as_group)

    assert "Delete this chat's history" in only(question).text


# --- /settings and /auto ------------------------------------------------------------------------


async def test_settings_buttons_change_length_and_quotes(bot: Bot) -> None:
    menu = only(await bot.say(ANN, "/settings"))
    assert "Summary length: 3 sentences" in menu.text and "Key quotes: 3" in menu.text
    assert "Auto mode" not in menu.text  # groups only
    assert "✓ 3 sentences" in [b["text"] for b in menu.buttons()]

    menu = only(await bot.press(menu, "5 sentences"))
    menu = only(await bot.press(menu, "1 quote"))
    assert "Summary length: 5 sentences" in menu.text and "Key quotes: 1" in menu.text

    summary = only(await bot.say(ANN, bot.url("news/ferry.html")))
    assert summary.text.count("• ") == 5
    assert summary.text.count("” — <i>") == 1


async def test_settings_in_groups_are_changed_by_admins_only(bot: Bot) -> None:
    menu = only(await bot.say(GROUP, "/settings", user=BO))
    assert "Auto mode: off (only when asked)\n\n<i>Admins can tap to change.</i>" in menu.text

    assert await bot.press(menu, "Auto mode on", user=BO) == []
    assert (await bot.services.running.chat_settings.get(GROUP)).auto_summary is False

    changed = only(await bot.press(menu, "Auto mode on", user=ANN))
    assert "Auto mode: on (every link is summarised)" in changed.text
    assert (await bot.services.running.chat_settings.get(GROUP)).auto_summary is True


async def test_auto_mode_summarizes_every_link_and_is_for_admins(bot: Bot) -> None:
    link = bot.url("news/library.html")
    assert await bot.say(GROUP, f"read {link}", user=BO) == []

    refused = only(await bot.say(GROUP, "/auto on", user=BO))
    assert refused.text == ADMINS_ONLY

    bot.api.set_member(GROUP, BOT_ID, "member")
    on = only(await bot.say(GROUP, "/auto on", user=ANN))
    assert "Auto mode is on" in on.text and "privacy mode" in on.text

    assert "Old library" in only(await bot.say(GROUP, f"read {link}", user=BO)).text

    state = only(await bot.say(GROUP, "/auto", user=BO))
    assert "Auto mode is on" in state.text
    off = only(await bot.say(GROUP, "/auto off", user=ANN))
    assert "Auto mode is off" in off.text
    assert await bot.say(GROUP, f"again {link}", user=BO) == []

    private = only(await bot.say(ANN, "/auto on"))
    assert "Auto mode is for groups" in private.text


# --- forum topics -------------------------------------------------------------------------------


async def test_commands_and_buttons_answer_inside_their_forum_topic(bot: Bot) -> None:
    summary = only(
        await bot.say(FORUM, f"/summary {bot.url('news/ferry.html')}", user=BO, thread_id=7)
    )
    assert summary.thread_id == 7

    quotes = only(await bot.press(summary, "All quotes", user=BO))
    history = only(await bot.say(FORUM, "/history", user=BO, thread_id=7))
    settings = only(await bot.say(FORUM, "/settings", user=ANN, thread_id=9))

    assert (quotes.thread_id, history.thread_id, settings.thread_id) == (7, 7, 9)
    entry = await bot.services.running.history.latest(FORUM)
    assert entry is not None and entry.thread_id == 7


# --- persistence --------------------------------------------------------------------------------


async def test_history_settings_and_cache_survive_a_restart(serve: Serve, tmp_path: Path) -> None:
    database = tmp_path / "persist.sqlite3"
    async with start_bot(serve, database) as first:
        await first.say(ANN, first.url("news/ferry.html"))
        menu = only(await first.say(ANN, "/settings"))
        await first.press(menu, "5 sentences")
        api, site, site_url = first.api, first.site, first.site_url
    api_url = str(first.settings.api_base_url).removesuffix("/bot")

    async with start_bot(
        serve, database, api=api, site=site, site_url=site_url, api_url=api_url
    ) as second:
        assert second.services is not first.services
        listing = only(await second.say(ANN, "/history")).text
        assert "1. " in listing and "Ferry workers" in listing

        again = only(await second.say(ANN, "/summary 1"))
        assert again.text.count("• ") == 5
        assert site.hits["news/ferry.html"] == 1  # the cache survived: no second fetch
        await second.say(BO, second.url("news/ferry.html"))
        assert site.hits["news/ferry.html"] == 1


# --- robustness ---------------------------------------------------------------------------------


async def test_a_bad_update_gets_an_apology_and_the_bot_goes_on(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.api.fail("getChatMember", 500, "Internal Server Error: boom")

    apology = only(await bot.say(GROUP, "/forget", user=BO))

    assert apology.text.startswith("Sorry, something went wrong on my side.")
    assert "Traceback" in caplog.text and "boom" in caplog.text
    assert "Ferry workers" in only(await bot.say(ANN, bot.url("news/ferry.html"))).text


# --- channels -----------------------------------------------------------------------------------


async def post(bot: Bot, text: str) -> list[SentMessage]:
    """An admin posts ``text`` in the channel (channel posts come from the channel itself)."""
    channel = {"id": CHANNEL, "type": "channel", "title": "Harbour News"}
    return await bot.say(CHANNEL, text, sender_chat=channel)


async def test_a_channel_can_have_its_links_summarized_and_ask_about_them(bot: Bot) -> None:
    # Without auto mode a link post is the channel's own business.
    assert await post(bot, f"Today: {bot.url('news/ferry.html')}") == []
    assert "In this channel I answer /summary" in only(await post(bot, "/help")).text

    on = only(await post(bot, "/auto on")).text
    assert on == "Auto mode is on: I'll summarise every link shared in this channel."
    link_post = bot.api.updates.message(
        CHANNEL,
        f"Today: {bot.url('news/library.html')}",
        sender_chat={"id": CHANNEL, "type": "channel", "title": "Harbour News"},
    )
    summary = only(await bot.process(link_post))
    assert summary.text.startswith("<b><a href=")
    assert summary.reply_to == link_post["channel_post"]["message_id"]

    latest = only(await post(bot, "/summary")).text
    history = only(await post(bot, "/history")).text
    quotes = only(await post(bot, f"/quotes {bot.url('news/ferry.html')}")).text

    assert "Old library" in latest
    assert "shared by Harbour News" in history
    assert "Carla Jensen" in quotes
    # A page that cannot be read is not announced to every subscriber of the channel.
    assert await post(bot, f"Also: {bot.url('broken')}") == []
