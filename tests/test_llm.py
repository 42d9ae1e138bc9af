"""The model server backend against the fake OpenAI-compatible server (tests/fake_llm_server.py)."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from summarizer.summarizers.extractive import ExtractiveSummarizer
from summarizer.summarizers.llm import (
    LLMSettings,
    LLMSummarizer,
    ModelText,
    parse_answer,
    reduce_article,
)
from summarizer.types import Article
from tests.conftest import Serve
from tests.fake_llm_server import FakeLLM, LLMRequest
from tests.llm_articles import BRIDGE

ARTICLE = BRIDGE
LOCAL = ["The local summary, sentence one.", "The local summary, sentence two."]
GOOD = (
    "The Harbour Bridge in Kingston will close for six weeks from 3 March.\n"
    "Repairs to the steel deck will cost £12.5 million, Maria Okafor said.\n"
    "About 40000 vehicles a day will be diverted over Mill Road."
)


def settings(base: str, **kwargs: object) -> LLMSettings:
    values: dict[str, object] = {"url": f"{base}/v1", "model": "tiny-news", "timeout": 2.0}
    values.update(kwargs)
    return LLMSettings(**values)  # type: ignore[arg-type]


async def summarize(llm: LLMSummarizer, article: Article = ARTICLE, **kwargs: object) -> ModelText:
    try:
        return await llm.summarize_async(
            article,
            3,
            fallback=LOCAL,
            fallback_writer="extractive",
            **kwargs,  # type: ignore[arg-type]
        )
    finally:
        await llm.close()


async def test_good_answer_is_used_and_the_request_carries_model_key_and_article(
    serve: Serve,
) -> None:
    fake = FakeLLM(answer=GOOD)
    llm = LLMSummarizer(
        settings(await serve(fake.app()), api_key="sk-local"), ExtractiveSummarizer()
    )
    result = await summarize(llm)
    assert result.from_model and result.writer == "llm:tiny-news"
    assert result.sentences == tuple(GOOD.split("\n"))
    (request,) = fake.requests
    assert request.body["model"] == "tiny-news"
    assert request.headers["Authorization"] == "Bearer sk-local"
    assert ARTICLE.title in request.user and ARTICLE.paragraphs[1] in request.user
    assert "3 short sentences" in request.user and "written in English" in request.user


async def test_no_key_sends_no_authorization(serve: Serve) -> None:
    fake = FakeLLM(answer=GOOD)
    await summarize(LLMSummarizer(settings(await serve(fake.app())), ExtractiveSummarizer()))
    assert "Authorization" not in fake.requests[0].headers


@pytest.mark.parametrize(
    ("configure", "reason"),
    [
        ({"status": 500}, "HTTP 500"),
        ({"raw": b"<html><body>Bad gateway</body></html>"}, "not JSON"),
        ({"answer": "   "}, "empty"),
        ({"answer": "{}\n---\n:)"}, "no usable sentence"),
    ],
)
async def test_failures_fall_back_to_the_local_summary(
    serve: Serve,
    caplog: pytest.LogCaptureFixture,
    configure: dict[str, object],
    reason: str,
) -> None:
    fake = FakeLLM()
    for key, value in configure.items():
        setattr(fake, key, value)
    llm = LLMSummarizer(settings(await serve(fake.app())), ExtractiveSummarizer())
    with caplog.at_level(logging.WARNING, logger="summarizer.summarizers.llm"):
        result = await summarize(llm)
    assert not result.from_model
    assert result.sentences == tuple(LOCAL)
    assert result.writer == "extractive"
    assert reason in (result.fallback_reason or "")
    assert reason in caplog.text and ARTICLE.url in caplog.text


async def test_a_hanging_server_falls_back_within_the_timeout(serve: Serve) -> None:
    fake = FakeLLM(answer=GOOD, delay=2.5)
    llm = LLMSummarizer(settings(await serve(fake.app()), timeout=1.0), ExtractiveSummarizer())
    started = time.monotonic()
    result = await summarize(llm)
    assert time.monotonic() - started < 2.0
    assert "within 1 s" in (result.fallback_reason or "")


async def test_the_wait_for_a_free_slot_counts_in_the_timeout(serve: Serve) -> None:
    # One call at a time, 0.6 s each, 1.5 s allowed: the first answers, the third cannot (it
    # would end after 1.8 s, its wait for the slot included) and falls back in time.
    fake = FakeLLM(answer=GOOD, delay=0.6)
    llm = LLMSummarizer(
        settings(await serve(fake.app()), timeout=1.5, concurrency=1), ExtractiveSummarizer()
    )
    started = time.monotonic()
    try:
        results = await asyncio.gather(
            *(llm.summarize_async(ARTICLE, 3, fallback=LOCAL, fallback_writer="x") for _ in "abc")
        )
    finally:
        await llm.close()
    assert time.monotonic() - started < 1.5 + 1.0
    assert results[0].from_model and not results[2].from_model
    assert "within 1.5 s" in (results[2].fallback_reason or "")
    assert fake.peak == 1  # the model's own limit


async def test_an_unreachable_server_falls_back(serve: Serve) -> None:
    llm = LLMSummarizer(
        LLMSettings(url="http://127.0.0.1:9/v1", model="m", timeout=2.0), ExtractiveSummarizer()
    )
    result = await summarize(llm)
    assert "cannot reach" in (result.fallback_reason or "")


async def test_invented_numbers_and_names_are_dropped(serve: Serve) -> None:
    invented = GOOD + "\nThe mayor, John Smith, said 250 jobs were at risk."
    fake = FakeLLM(answer=invented.replace("Mill Road", "Mill Road, costing £14m"))
    llm = LLMSummarizer(settings(await serve(fake.app())), ExtractiveSummarizer())
    result = await llm.summarize_async(ARTICLE, 4, fallback=LOCAL, fallback_writer="extractive")
    await llm.close()
    assert result.from_model
    assert result.sentences == tuple(GOOD.split("\n")[:2])
    assert result.guard is not None
    assert [d.missing for d in result.guard.dropped] == [("14m",), ("250", "John", "Smith")]


async def test_most_sentences_dropped_falls_back(serve: Serve) -> None:
    fake = FakeLLM(
        answer="John Smith opened the bridge in 1990.\nIt cost £3bn.\nThe bridge will close."
    )
    llm = LLMSummarizer(settings(await serve(fake.app())), ExtractiveSummarizer())
    result = await summarize(llm)
    assert result.sentences == tuple(LOCAL)
    assert "guard dropped 2 of 3" in (result.fallback_reason or "")


def _long_article() -> Article:
    filler = [
        f"Paragraph {i} is about the weather in the valley, which was mild on day {i}."
        for i in range(1, 400)
    ]
    return Article(
        url="https://news.example/long",
        canonical_url="https://news.example/long",
        title="Flood barrier opens in the valley",
        paragraphs=(
            "The new flood barrier in the valley opened on Tuesday after a decade of work.",
            *filler[:200],
            "Engineers said the flood barrier will protect the valley for a century.",
            *filler[200:],
            "The flood barrier closing ceremony ends the story of the valley.",
        ),
        language="en",
    )


async def test_a_long_article_is_reduced_to_salient_passages_in_order(serve: Serve) -> None:
    article = _long_article()
    fake = FakeLLM(answer="The new flood barrier in the valley opened on Tuesday.")
    llm = LLMSummarizer(settings(await serve(fake.app()), context=2000), ExtractiveSummarizer())
    await summarize(llm, article)
    prompt = fake.requests[0].user
    assert len(prompt) < 2000 * 3.2  # within the context (about three characters a token)
    assert prompt.index("opened on Tuesday") < prompt.index("Paragraph")  # the lede first
    kept = [p for p in article.paragraphs if p in prompt]
    assert kept == sorted(kept, key=article.paragraphs.index)  # article order
    assert 10 < len(kept) < len(article.paragraphs)


def test_reduce_article_keeps_a_short_article_whole() -> None:
    assert reduce_article(ARTICLE, 10_000, ExtractiveSummarizer()) == ARTICLE.text


async def test_a_german_article_asks_for_german(serve: Serve) -> None:
    article = Article(
        url="https://nachrichten.example/bruecke",
        canonical_url="https://nachrichten.example/bruecke",
        title="Brücke wird saniert",
        paragraphs=(
            "Die Hafenbrücke in Kiel wird ab dem 3. März für sechs Wochen gesperrt, teilte die "
            "Stadt am Montag mit.",
            "Die Sanierung kostet 12,5 Millionen Euro, sagte Bürgermeisterin Anna Weber.",
        ),
        language="de",
    )
    fake = FakeLLM(
        answer="Die Hafenbrücke in Kiel wird für sechs Wochen gesperrt.\n"
        "Die Sanierung kostet 12,5 Millionen Euro, sagte Anna Weber."
    )
    llm = LLMSummarizer(settings(await serve(fake.app())), ExtractiveSummarizer())
    result = await summarize(llm, article)
    assert "written in German" in fake.requests[0].user
    assert result.from_model and len(result.sentences) == 2


async def test_another_target_language_is_named(serve: Serve) -> None:
    def answer(request: LLMRequest) -> str:
        return "Le pont Harbour de Kingston fermera pendant six semaines à partir du 3 mars."

    fake = FakeLLM(answer=answer)
    llm = LLMSummarizer(settings(await serve(fake.app())), ExtractiveSummarizer())
    result = await summarize(llm, language="fr")
    assert "written in French" in fake.requests[0].user
    assert result.from_model


@pytest.mark.parametrize(
    "answer",
    [
        "One sentence here. Two sentence here. Three sentence here.",
        "- One sentence here.\n- Two sentence here.\n- Three sentence here.",
        "1. One sentence here.\n2. Two sentence here.\n3) Three sentence here.",
        "Here is a summary:\n\n* **One** sentence here.\n* Two sentence here.\n"
        "* Three sentence here.",
        "```\nOne sentence here.\nTwo sentence here.\nThree sentence here.\n```",
        "<think>The user wants three sentences. Okay.\nLet me see.</think>\n\n"
        "Summary: One sentence here. Two sentence here.\n**Three sentence here.**",
    ],
)
def test_any_layout_of_the_answer_is_read(answer: str) -> None:
    assert parse_answer(answer, "en") == [
        "One sentence here.",
        "Two sentence here.",
        "Three sentence here.",
    ]


def test_the_synchronous_protocol(serve: Serve) -> None:
    # No event loop in this thread: summarize() runs its own.
    del serve
    llm = LLMSummarizer(
        LLMSettings(url="http://127.0.0.1:9/v1", model="m", timeout=1.0), ExtractiveSummarizer()
    )
    assert llm.summarize(ARTICLE, 2) == ExtractiveSummarizer().summarize(ARTICLE, 2)
    assert llm.name == "llm:m"


def test_a_sentence_longer_than_the_context_is_cut_not_lost() -> None:
    article = Article(
        url="u", canonical_url="u", title="T", paragraphs=("word " * 3000 + "end.",), language="en"
    )
    reduced = reduce_article(article, 300, ExtractiveSummarizer())
    assert reduced.startswith("word word") and len(reduced) <= 900
