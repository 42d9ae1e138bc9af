"""The bot with a model server, end to end: the real Application, the fake Bot API, pages from a
local site and answers from the fake OpenAI-compatible server, all on 127.0.0.1."""

from __future__ import annotations

import html
from pathlib import Path

from handlers.chat_settings import NEEDS_MODEL
from summarizer.fetch import FetchSettings
from summarizer.pipeline import Pipeline, PipelineSettings
from summarizer.summarizers.llm import LLMSettings
from tests.bot_harness import Serve, shared_summarizer, start_bot
from tests.fake_bot_api import SentMessage
from tests.fake_llm_server import FakeLLM, LLMRequest

ANN = 1001
FERRY_SUMMARY = (
    "Ferry crews on the island routes went back to work on Friday after a nine-day strike.\n"
    "Their union accepted a pay rise of 6.5 percent and new safety inspections.\n"
    "Island Link said the full timetable would run from Saturday."
)


def model_pipeline(url: str) -> Pipeline:
    fetch = FetchSettings(allow_private_addresses=True, total_timeout=2.0)
    llm = LLMSettings(url=url, model="tiny-news", timeout=2.0)
    return Pipeline(PipelineSettings(fetch=fetch, llm=llm), summarizer=shared_summarizer())


def only(messages: list[SentMessage]) -> SentMessage:
    assert len(messages) == 1, [m.text[:80] for m in messages]
    return messages[0]


def answer(request: LLMRequest) -> str:
    if "Question:" in request.user:
        return "The union accepted a pay rise of 6.5 percent.\nThe mayor, Bob Crane, was pleased."
    return FERRY_SUMMARY


async def test_the_bot_replies_with_the_models_summary_and_answers_with_it(
    serve: Serve, tmp_path: Path
) -> None:
    fake = FakeLLM(answer=answer)
    pipeline = model_pipeline(f"{await serve(fake.app())}/v1")
    async with start_bot(serve, tmp_path / "bot.sqlite3", pipeline=pipeline) as bot:
        reply = only(await bot.say(ANN, bot.url("news/ferry.html")))
        bullets = [line for line in reply.text.splitlines() if line.startswith("• ")]
        assert [html.unescape(b[2:]) for b in bullets] == FERRY_SUMMARY.split("\n")
        assert "<b>Key quotes</b>" in reply.text and "Carla Jensen" in reply.text
        assert "Ferry workers end strike" in fake.requests[0].user

        asked = only(
            await bot.say(
                ANN, "/ask How big is the pay rise?", reply_to=bot.api.message_json(reply)
            )
        )
        text = html.unescape(asked.text)
        assert "How big is the pay rise?" in text
        assert "The union accepted a pay rise of 6.5 percent." in text
        assert "Bob Crane" not in text  # the guard dropped the invented name
        assert "What the article says:" in text and "6.5 percent" in text.split("says:")[1]
        assert len(fake.requests) == 2 and "Question: How big" in fake.requests[1].user


async def test_a_failing_model_still_gets_a_summary(serve: Serve, tmp_path: Path) -> None:
    fake = FakeLLM(status=500)
    pipeline = model_pipeline(f"{await serve(fake.app())}/v1")
    async with start_bot(serve, tmp_path / "bot.sqlite3", pipeline=pipeline) as bot:
        reply = only(await bot.say(ANN, bot.url("news/ferry.html")))
        bullets = [line for line in reply.text.splitlines() if line.startswith("• ")]
        assert len(bullets) == 3 and "Ferry crews on the island routes returned" in bullets[0]
        asked = only(await bot.say(ANN, "/ask Who is the union's general secretary?"))
        assert "Extracts from the article" in asked.text and "Carla Jensen" in asked.text


async def test_ask_without_a_model_quotes_the_best_sentences(serve: Serve, tmp_path: Path) -> None:
    async with start_bot(serve, tmp_path / "bot.sqlite3") as bot:
        nothing = only(await bot.say(ANN, "/ask What happened?"))
        assert "no article in this chat yet" in nothing.text
        await bot.say(ANN, bot.url("news/ferry.html"))
        usage = only(await bot.say(ANN, "/ask"))
        assert "/ask QUESTION" in usage.text
        asked = only(await bot.say(ANN, "/ask When will the vessels be inspected?"))
        text = html.unescape(asked.text)
        assert "Extracts from the article (not a written answer):" in text
        quoted = [line for line in text.splitlines() if line.startswith("“")]
        assert 1 <= len(quoted) <= 3
        assert "inspect the four oldest vessels before the summer season" in quoted[0]


# --- the summary language -----------------------------------------------------------------------


async def test_another_summary_language_needs_a_model(serve: Serve, tmp_path: Path) -> None:
    async with start_bot(serve, tmp_path / "bot.sqlite3") as bot:
        menu = only(await bot.say(ANN, "/settings"))
        assert "Summary language: each article's own" in menu.text
        await bot.press(menu, "de")
        answer = bot.api.calls_of("answerCallbackQuery")[-1].params
        assert answer["text"] == NEEDS_MODEL and answer["show_alert"] is True
        assert (await bot.services.running.chat_settings.get(ANN)).summary_language is None


async def test_a_chat_gets_its_summaries_in_the_language_it_chose(
    serve: Serve, tmp_path: Path
) -> None:
    def german(request: LLMRequest) -> str:
        if "written in German" in request.user:
            return "Die Fährleute kehrten am Freitag an die Arbeit zurück."
        return FERRY_SUMMARY

    fake = FakeLLM(answer=german)
    pipeline = model_pipeline(f"{await serve(fake.app())}/v1")
    async with start_bot(serve, tmp_path / "bot.sqlite3", pipeline=pipeline) as bot:
        english = only(await bot.say(ANN, bot.url("news/ferry.html")))
        assert "Ferry crews on the island routes went back" in english.text
        menu = only(await bot.say(ANN, "/settings"))
        edited = only(await bot.press(menu, "de"))
        assert "Summary language: German" in edited.text
        assert (await bot.services.running.chat_settings.get(ANN)).summary_language == "de"
        again = only(await bot.say(ANN, "/summary"))  # the cached article, in German now
        assert "Die Fährleute kehrten am Freitag an die Arbeit zurück." in html.unescape(again.text)
        assert "written in German" in fake.requests[-1].user
        assert bot.site.total_hits() == 1
        back = only(await bot.press(edited, "Own"))
        assert "Summary language: each article's own" in back.text
        assert (await bot.services.running.chat_settings.get(ANN)).summary_language is None


async def test_the_digest_line_is_the_models_checked_summary(serve: Serve, tmp_path: Path) -> None:
    fake = FakeLLM(answer=answer)
    pipeline = model_pipeline(f"{await serve(fake.app())}/v1")
    async with start_bot(serve, tmp_path / "bot.sqlite3", pipeline=pipeline, jobs=True) as bot:
        await bot.say(ANN, bot.url("news/ferry.html"))
        preview = html.unescape(" ".join(m.text for m in await bot.say(ANN, "/digest")))
        assert "Ferry crews on the island routes went back to work on Friday" in preview
