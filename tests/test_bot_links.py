"""Links end to end: the real Application, the fake Bot API, pages from a local site."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from handlers.failures import APOLOGY
from handlers.render import MAX_MESSAGE, utf16_len
from services.articles import Summarized
from summarizer.pipeline import Pipeline, PipelineSettings
from tests.bot_harness import Bot, Serve, shared_summarizer, start_bot
from tests.fake_bot_api import BOT_USERNAME, SentMessage

ANN, BO = 1001, 1002  # private chats: the chat id is the user's id


@pytest.fixture
async def bot(serve: Serve, tmp_path: Path) -> AsyncIterator[Bot]:
    async with start_bot(serve, tmp_path / "bot.sqlite3") as running:
        yield running


def only(messages: list[SentMessage]) -> SentMessage:
    assert len(messages) == 1, [m.text[:80] for m in messages]
    return messages[0]


async def test_a_link_gets_a_summary_reply_with_quotes_and_buttons(bot: Bot) -> None:
    update = bot.api.updates.message(ANN, f"look {bot.url('news/ferry.html')}")
    user_message_id = update["message"]["message_id"]
    reply = only(await bot.process(update))

    assert reply.reply_to == user_message_id
    assert reply.parse_mode == "HTML" and reply.link_preview_disabled
    lines = reply.text.splitlines()
    assert lines[0] == (
        f'<b><a href="{bot.url("news/ferry.html")}">'
        "Ferry workers end strike after pay deal &amp; safety pledge</a></b>"
    )
    assert lines[1].startswith("<i>The Coastal Courier · 27 February 2026")
    bullets = [line for line in lines if line.startswith("• ")]
    assert len(bullets) == 3
    assert "<b>Key quotes</b>" in reply.text
    assert any(line.startswith("“") and "” — <i>" in line for line in lines)
    assert [b["text"] for b in reply.buttons()] == ["All quotes", "Longer summary", "Source"]
    assert reply.button("Source")["url"] == bot.url("news/ferry.html")
    typing = bot.api.calls_of("sendChatAction")
    assert typing and typing[0].params["action"] == "typing"
    assert typing[0].at <= reply.at


async def test_up_to_three_links_from_entities_text_links_and_captions(bot: Bot) -> None:
    text = (
        f"{bot.url('news/ferry.html')} and {bot.url('news/library.html')} "
        f"and this and {bot.url('news/long.html')} and {bot.url('news/ferry-2.html')}"
    )
    replies = await bot.say(ANN, text, text_links={"this": bot.url("news/ferry-3.html")})

    titles = [m.text.splitlines()[0] for m in replies if m.text.startswith("<b>")]
    assert len(titles) == 3
    assert "Ferry workers" in titles[0] and "Old library" in titles[1] and "Ferry" in titles[2]
    assert replies[-1].text == ("I summarise up to 3 links per message; 2 more were left out.")

    caption = await bot.say(BO, f"photo of {bot.url('news/library.html')}", caption=True)
    assert "Old library" in only(caption).text


async def test_a_private_chat_is_remembered_with_its_users_language(bot: Bot) -> None:
    update = bot.api.updates.message(ANN, bot.url("news/library.html"))
    update["message"]["from"]["language_code"] = "de"
    await bot.process(update)

    chat = await bot.services.running.chats.get(ANN)
    assert chat is not None and (chat.type, chat.language) == ("private", "de")


async def test_forwarded_channel_posts_are_summarized(bot: Bot) -> None:
    channel = {"id": -100777, "type": "channel", "title": "Newsroom"}
    replies = await bot.say(ANN, f"Read: {bot.url('news/library.html')}", forward_from_chat=channel)
    assert "Old library reopens" in only(replies).text


async def test_a_message_without_links_in_private_gets_a_hint(bot: Bot) -> None:
    reply = only(await bot.say(ANN, "hello there"))
    assert "Send me a link" in reply.text


async def test_the_second_request_from_any_chat_is_answered_from_the_cache(bot: Bot) -> None:
    first = only(await bot.say(ANN, bot.url("news/ferry.html")))
    assert bot.site.hits["news/ferry.html"] == 1

    again = only(await bot.say(BO, bot.url("news/ferry.html") + "?utm_source=tg#top"))

    assert bot.site.hits["news/ferry.html"] == 1
    assert bot.services.running.summaries.fetches == 1
    assert again.text == first.text


async def test_the_same_link_at_once_from_many_chats_is_fetched_once(bot: Bot) -> None:
    await asyncio.gather(*(bot.say(2000 + n, bot.url("news/library.html")) for n in range(8)))

    assert bot.site.hits["news/library.html"] == 1
    assert len(bot.api.sent()) == 8


async def test_a_stale_cache_entry_is_fetched_again(serve: Serve, tmp_path: Path) -> None:
    async with start_bot(serve, tmp_path / "stale.sqlite3", cache_hours=0.0) as bot:
        await bot.say(ANN, bot.url("news/library.html"))
        await bot.say(ANN, bot.url("news/library.html"))
        assert bot.site.hits["news/library.html"] == 2


FRONT_PAGE = (
    "<html><head><title>The Coastal Courier</title></head><body><main>"
    + "".join(
        f'<h2><a href="/news/story-{n}.html">Harbour story number {n} of the day</a></h2>'
        f"<p>A short teaser for story {n}, with a few words about it.</p>"
        for n in range(12)
    )
    + "</main></body></html>"
)


SHORT_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Harbour ferry suspended on Sunday | The Coastal Courier</title>"
    '<meta property="og:site_name" content="The Coastal Courier"></head><body>'
    '<nav><a href="/">Home</a> <a href="/news">News</a></nav><article>'
    "<h1>Harbour ferry suspended on Sunday</h1>"
    "<p>The harbour ferry will not run on Sunday because of the storm warning.</p>"
    "<p>“Safety comes first,” said Marta Lindqvist, the harbour master.</p>"
    "</article></body></html>"
)
SHORT_TEXT = [
    "The harbour ferry will not run on Sunday because of the storm warning.",
    "“Safety comes first,” said Marta Lindqvist, the harbour master.",
]
# A "soft 404": an error page served with HTTP 200.
NOT_FOUND_PAGE = (
    "<html><head><title>Page not found</title></head><body><main><h1>Page not found</h1>"
    "<p>Sorry, the page you are looking for might have been removed or is temporarily "
    "unavailable.</p><p>Error 404</p></main></body></html>"
)


async def test_a_short_page_is_shown_in_full_with_its_quote_and_kept_in_history(
    bot: Bot,
) -> None:
    """A page with a little real text (under 40 words): no "summary" of a dozen words and no
    refusal, but its whole text, said to be short, with the quote and its speaker."""
    bot.site.extra["short.html"] = ("text/html", SHORT_PAGE.encode())
    url = bot.url("short.html")
    reply = only(await bot.say(ANN, url))

    lines = reply.text.splitlines()
    assert lines[0] == f'<b><a href="{url}">Harbour ferry suspended on Sunday</a></b>'
    assert lines[1] == "<i>The Coastal Courier</i>"
    assert lines[3] == "<i>The page has only a little text, so here it is in full.</i>"
    assert lines[4:6] == SHORT_TEXT
    assert not any(line.startswith("• ") for line in lines)
    assert lines[7] == "<b>Key quotes</b>"
    assert lines[8] == "“Safety comes first” — <i>Marta Lindqvist</i>"
    assert [b["text"] for b in reply.buttons()] == ["All quotes", "Source"]  # nothing to resize
    assert await bot.services.running.history.count(ANN) == 1

    again = only(await bot.say(ANN, "/summary 1"))  # from the history and the cache
    assert "<i>The page has only a little text, so here it is in full.</i>" in again.text
    assert all(line in again.text.splitlines() for line in SHORT_TEXT)
    quotes = only(await bot.say(ANN, "/quotes 1"))
    assert "Marta Lindqvist" in quotes.text
    assert bot.site.hits["short.html"] == 1


async def test_a_short_page_is_said_to_be_short_in_the_users_language(bot: Bot) -> None:
    bot.site.extra["short.html"] = ("text/html", SHORT_PAGE.encode())
    update = bot.api.updates.message(BO, bot.url("short.html"))
    update["message"]["from"]["language_code"] = "de"
    reply = only(await bot.process(update))
    assert "<i>Die Seite hat nur wenig Text, deshalb steht er hier vollständig.</i>" in reply.text
    assert SHORT_TEXT[0] in reply.text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("report.pdf", "This PDF is damaged or incomplete, so I can't read it."),
        ("photo.jpg", "That link leads to an image (image/jpeg), not a web page"),
        ("missing.html", "does not exist (HTTP 404)"),
        ("forbidden", "refused to show me that page (HTTP 403)"),
        ("broken", "The site had an error (HTTP 503)"),
        ("big.html", "That page is too large for me to read."),
        ("news/login.html", "That page asks for a login or a subscription"),
        ("front.html", "That looks like a front page or a list of stories, not one article."),
        ("empty.html", "That page has almost no text, so there is no article to summarise."),
        ("gone.html", "That page has almost no text, so there is no article to summarise."),
        ("hang", "The site took too long to answer."),
    ],
)
async def test_each_failure_gets_its_own_friendly_reply(bot: Bot, path: str, expected: str) -> None:
    bot.site.extra["front.html"] = ("text/html", FRONT_PAGE.encode())
    bot.site.extra["empty.html"] = ("text/html", b"<html><title>Hi</title><p>Hello.</p></html>")
    bot.site.extra["gone.html"] = ("text/html", NOT_FOUND_PAGE.encode())
    update = bot.api.updates.message(ANN, bot.url(path))
    reply = only(await bot.process(update))

    assert expected in reply.text
    assert reply.reply_to == update["message"]["message_id"]
    assert await bot.services.running.history.count(ANN) == 0


async def test_private_addresses_are_refused_by_the_deployed_guard(
    serve: Serve, tmp_path: Path
) -> None:
    guarded = Pipeline(PipelineSettings(), summarizer=shared_summarizer())  # as deployed
    async with start_bot(serve, tmp_path / "guard.sqlite3", pipeline=guarded) as bot:
        reply = only(await bot.say(ANN, bot.url("news/ferry.html")))

        assert "private or local network" in reply.text
        assert bot.site.total_hits() == 0


async def test_a_bug_gets_an_apology_and_other_links_still_answer(
    bot: Bot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    summaries = bot.services.running.summaries
    original = summaries.for_url

    async def explode_on_crash(url: str, **options: Any) -> Summarized:
        if "crash" in url:
            raise RuntimeError("a bug in a handler")  # an injected bug, not a site failure
        return await original(url, **options)

    monkeypatch.setattr(summaries, "for_url", explode_on_crash)
    replies = await bot.say(ANN, f"{bot.url('crash.html')} {bot.url('news/library.html')}")

    assert replies[0].text.endswith(APOLOGY)
    assert "Old library" in replies[1].text
    assert "a bug in a handler" in caplog.text and "Traceback" in caplog.text


async def test_twenty_links_per_user_per_ten_minutes(bot: Bot) -> None:
    for n in range(6):
        links = " ".join(bot.url(f"news/library-{n}-{k}.html") for k in range(3))
        await bot.say(ANN, links)
    assert await bot.services.running.history.count(ANN) == 18

    links = " ".join(bot.url(f"news/ferry-{k}.html") for k in "abc")
    update = bot.api.updates.message(ANN, links)
    replies = await bot.process(update)
    texts = [m.text for m in replies]
    assert len(texts) == 3  # the two links still allowed, then the notice
    assert all("Ferry workers" in t for t in texts[:2])
    assert texts[2] == (
        "You've reached my limit of 20 links per 10 minutes per person: I summarised the first "
        "2 of the 3 links here. Please send the rest again in about 10 minutes."
    )
    assert all(m.reply_to == update["message"]["message_id"] for m in replies)
    assert await bot.services.running.history.count(ANN) == 20

    # A private chat is never left without an answer, however often the limit is hit.
    for _ in range(2):
        refused = only(await bot.say(ANN, bot.url("news/ferry-d.html")))
        assert refused.text.endswith(
            "so I skipped this link. Please send it again in about 10 minutes."
        )
    assert await bot.services.running.history.count(ANN) == 20
    other = await bot.say(BO, bot.url("news/ferry-e.html"))
    assert "Ferry workers" in only(other).text


async def test_in_groups_the_link_limit_is_told_once_not_on_every_message(bot: Bot) -> None:
    group = -100201
    bot.api.add_chat(group, "supergroup", title="Readers")
    for n in range(7):
        links = " ".join(bot.url(f"news/library-{n}-{k}.html") for k in range(3))
        await bot.say(group, f"@{BOT_USERNAME} {links}", user=ANN)

    told = [m for m in bot.api.sent(group) if "limit of 20 links" in m.text]
    assert len(told) == 1 and "I summarised the first 2 of the 3 links here" in told[0].text
    quiet = await bot.say(group, f"@{BOT_USERNAME} {bot.url('news/ferry.html')}", user=ANN)
    assert quiet == []


async def test_a_429_from_the_bot_api_is_waited_out_and_the_reply_arrives(bot: Bot) -> None:
    bot.api.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    started = time.monotonic()

    reply = only(await bot.say(ANN, bot.url("news/library.html")))

    assert "Old library" in reply.text
    assert time.monotonic() - started >= 1.0
    attempts = bot.api.calls_of("sendMessage")
    assert len(attempts) == 2


async def test_a_reply_over_4096_characters_is_split_at_sentence_ends(bot: Bot) -> None:
    chat = bot.api.updates
    await bot.process(chat.message(ANN, "/settings"))
    settings_message = bot.api.sent(ANN)[-1]
    await bot.press(settings_message, "8 sentences")

    parts = await bot.say(ANN, bot.url("news/long.html"))

    assert len(parts) >= 2
    assert all(utf16_len(p.text) <= MAX_MESSAGE for p in parts)
    assert all(p.text.rstrip().endswith(".") for p in parts)
    assert parts[0].text.startswith("<b><a href=")
    assert not parts[0].buttons()
    # no "Longer summary": editing the last message in place would leave the first behind
    assert [b["text"] for b in parts[-1].buttons()] == ["All quotes", "Source"]
    bullets = sum(p.text.count("• ") for p in parts)
    assert bullets == 8


async def test_a_longer_summary_that_would_not_fit_one_message_is_cut_to_fit(bot: Bot) -> None:
    await bot.process(bot.api.updates.message(ANN, "/settings"))
    await bot.press(bot.api.sent(ANN)[-1], "5 sentences")
    summary = only(await bot.say(ANN, bot.url("news/long.html")))
    assert summary.text.count("• ") == 5

    longer = only(await bot.press(summary, "Longer summary"))  # ten sentences asked for

    assert longer.message_id == summary.message_id  # edited in place, nothing new sent
    assert bot.api.sent(ANN)[-1].message_id == summary.message_id
    assert utf16_len(longer.text) <= MAX_MESSAGE
    assert 5 < longer.text.count("• ") < 8  # eight do not fit one message
    assert [b["text"] for b in longer.buttons()] == ["All quotes", "Shorter summary", "Source"]


async def test_a_slow_site_does_not_delay_other_chats(serve: Serve, tmp_path: Path) -> None:
    async with start_bot(serve, tmp_path / "slow.sqlite3") as bot:
        bot.site.slow_seconds = 1.5
        await bot.app.update_queue.put(
            _update(bot, bot.api.updates.message(ANN, bot.url("slow/page.html")))
        )
        await asyncio.sleep(0.05)
        await bot.app.update_queue.put(
            _update(bot, bot.api.updates.message(BO, bot.url("news/ferry.html")))
        )

        first = await bot.api.wait_for_message(lambda m: m.text.startswith("<b>"), within=20)
        second = await bot.api.wait_for_message(
            lambda m: m.chat_id == ANN and m.text.startswith("<b>"), within=20
        )
        assert first.chat_id == BO
        assert second.at - first.at > 0.3


async def test_pages_worked_on_at_once_are_bounded(serve: Serve, tmp_path: Path) -> None:
    # NEWSBOT_CONCURRENT_ARTICLES: 8 chats at once, at most 3 pages fetched and summarised at a
    # time; the others wait their turn and are all answered.
    async with start_bot(serve, tmp_path / "bound.sqlite3", concurrent_articles=3) as bot:
        bot.site.slow_seconds = 0.4
        for n in range(8):
            url = bot.url(f"slow/page-{n}.html")
            await bot.app.update_queue.put(_update(bot, bot.api.updates.message(6000 + n, url)))

        replies = await bot.api.wait_for_messages(
            lambda m: m.text.startswith("<b><a href="), count=8, within=30
        )

        assert sorted(m.chat_id for m in replies) == list(range(6000, 6008))
        assert bot.site.slow_peak == 3


async def test_fifty_chats_sending_links_at_once_are_all_answered(
    serve: Serve, tmp_path: Path
) -> None:
    async with start_bot(serve, tmp_path / "fifty.sqlite3", polling=True) as bot:
        pages = ("ferry", "library")
        for n in range(50):
            url = bot.url(f"news/{pages[n % 2]}-{n}.html")
            await bot.api.push_update(bot.api.updates.message(5000 + n, f"news: {url}"))

        replies = await bot.api.wait_for_messages(
            lambda m: m.text.startswith("<b><a href="), count=50, within=90
        )

        assert sorted(m.chat_id for m in replies) == list(range(5000, 5050))
        assert bot.site.total_hits("news/") == 50


async def test_groups_answer_mentions_and_replies_to_the_bot_only(bot: Bot) -> None:
    group = -100200
    bot.api.add_chat(group, "supergroup", title="Readers")
    link = bot.url("news/library.html")

    assert await bot.say(group, f"just a link {link}", user=ANN) == []
    mentioned = await bot.say(group, f"@{BOT_USERNAME} {link}", user=ANN)
    summary = only(mentioned)
    assert "Old library" in summary.text

    reply_to_bot = bot.api.message_json(summary)
    answer = await bot.say(
        group, f"and {bot.url('news/ferry.html')}", user=BO, reply_to=reply_to_bot
    )
    assert "Ferry workers" in only(answer).text

    original = bot.api.updates.message_json(group, f"see {link}", user=BO)
    by_mention = await bot.say(group, f"@{BOT_USERNAME} summary?", user=ANN, reply_to=original)
    assert "Old library" in only(by_mention).text
    latest = await bot.services.running.history.latest(group)
    assert latest is not None and latest.shared_by_name == f"User{BO}"

    hint = await bot.say(group, f"hi @{BOT_USERNAME}", user=ANN)
    assert "Mention me in a message with a link" in only(hint).text


async def test_forum_topics_get_replies_and_typing_in_their_topic(bot: Bot) -> None:
    forum = -100300
    bot.api.add_chat(forum, "supergroup", title="Forum", is_forum=True)

    replies = await bot.say(
        forum, f"@{BOT_USERNAME} {bot.url('news/ferry.html')}", user=ANN, thread_id=42
    )

    assert only(replies).thread_id == 42
    actions = [c for c in bot.api.calls_of("sendChatAction") if c.chat_id == forum]
    assert actions and all(c.params.get("message_thread_id") == "42" for c in actions)
    entry = await bot.services.running.history.latest(forum)
    assert entry is not None and entry.thread_id == 42


async def test_a_bot_removed_from_the_chat_does_not_stop_the_bot(bot: Bot) -> None:
    bot.api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=ANN)
    assert await bot.say(ANN, bot.url("news/library.html")) == []

    reply = only(await bot.say(BO, bot.url("news/library.html")))
    assert "Old library" in reply.text


def _update(bot: Bot, update: dict[str, Any]) -> Update:
    return Update.de_json(update, bot.app.bot)


QUOTED_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour council votes to rebuild the old pier - The Coastal Courier</title>
<meta property="og:site_name" content="The Coastal Courier"></head><body><article>
<h1>Harbour council votes to rebuild the old pier</h1>
<p>The harbour council voted on Tuesday to rebuild the old pier, which was closed last winter
after a storm tore away part of its deck and left the fishing fleet without a safe berth.</p>
<p>“We call it “a disaster” and we mean it,” said Anna Berg, the head of the fishermen’s
association, who had asked the council for a decision before the spring season.</p>
<p>The work will cost about four million euros and should be finished before next winter,
according to the council’s plan, which still needs the approval of the regional government.</p>
<p>Mayor Tom Lind said, “It was ‘the worst,’” when he was asked about the storm, and added
that the town had learned how much it depended on the pier for its trade and its visitors.</p>
<p>Shop owners near the harbour welcomed the vote, saying that the closed pier had kept
day visitors away from the seafront for most of the year and cost them much of their trade.</p>
<p>The council will choose a builder in March, and the first piles should be driven in May.</p>
</article></body></html>"""


async def test_quotes_with_inner_quotes_get_single_inner_marks_and_no_dangling_comma(
    bot: Bot,
) -> None:
    bot.site.extra["pier.html"] = ("text/html", QUOTED_PAGE.encode())
    summary = only(await bot.say(ANN, bot.url("pier.html")))
    listing = only(await bot.press(summary, "All quotes"))

    for message in (summary, listing):
        assert "“We call it ‘a disaster’ and we mean it” — <i>Anna Berg</i>" in message.text
        assert "“It was ‘the worst’” — <i>Tom Lind</i>" in message.text
        quote_lines = [line for line in message.text.splitlines() if "” — <i>" in line]
        for line in quote_lines:  # one opening and one closing double mark on each line
            assert line.count("“") == 1 and line.count("”") == 1, line
