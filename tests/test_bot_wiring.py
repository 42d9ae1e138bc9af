"""The bot as ``newsbot run`` wires it: link handling plus the digest extension, in one
Application with the production defaults (HTML parse mode, previews off, the rate limiter)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.bot_harness import Bot, Serve, start_bot

GROUP, ADMIN = -100700, 11
RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Harbour News &amp; Views</title><link>https://harbour.example/</link>
<description>News</description>
<item><title>Ferry strike ends</title><link>https://harbour.example/ferry</link>
<guid>h-1</guid></item>
</channel></rss>
"""


@pytest.fixture
async def bot(serve: Serve, tmp_path: Path) -> AsyncIterator[Bot]:
    async with start_bot(serve, tmp_path / "wired.sqlite3", jobs=True) as running:
        running.api.add_chat(GROUP, "supergroup", title="Harbour <Readers>")
        running.api.set_member(GROUP, ADMIN, "administrator")
        running.site.extra["feed.xml"] = ("application/rss+xml", RSS)
        yield running


async def test_digest_commands_answer_through_the_bots_application(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    subscribed = await bot.say(GROUP, "/subscribe 07:30 Europe/Berlin", user=ADMIN)
    added = await bot.say(GROUP, f"/feed add {bot.url('feed.xml')}", user=ADMIN)
    again = await bot.say(GROUP, f"/feed add {bot.url('feed.xml')}", user=ADMIN)
    listed = await bot.say(GROUP, "/feed list", user=ADMIN)

    assert "07:30" in subscribed[0].text
    assert "Harbour News &amp; Views" in added[0].text or "Harbour News & Views" in added[0].text
    assert "already follows" in again[0].text
    assert "Harbour News" in listed[0].text
    assert "unhandled error" not in caplog.text


async def test_a_shared_link_reaches_the_digest_preview(bot: Bot) -> None:
    await bot.say(GROUP, f"/summary {bot.url('news/ferry.html')}", user=ADMIN)

    preview = await bot.say(GROUP, "/digest", user=ADMIN)

    assert any("Ferry workers end strike" in m.text for m in preview)
    assert bot.site.hits["news/ferry.html"] == 1
