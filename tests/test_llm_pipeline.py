"""The model server through the pipeline, the article cache and ``newsbot summarize``.

Every model answer comes from the fake OpenAI-compatible server (tests/fake_llm_server.py) on
127.0.0.1; the CLI runs its own event loop, so for the CLI the fake runs in a thread of its own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main
from services.articles import Summaries, decode_data, encode
from storage.articles import ArticleRepository
from storage.database import open_database
from summarizer.fetch import FetchSettings
from summarizer.pipeline import Pipeline, PipelineSettings
from summarizer.summarizers.llm import LLMSettings
from summarizer.types import Article
from tests.bot_harness import shared_summarizer
from tests.conftest import Serve
from tests.fake_llm_server import FakeLLM, LLMRequest
from tests.llm_articles import BRIDGE
from tests.threaded_server import serve_in_thread

RESOURCES = Path(__file__).parent / "resources"
HARBOUR = RESOURCES / "cli" / "harbour.html"
BRUECKE = RESOURCES / "llm" / "bruecke.html"
HARBOUR_ANSWER = (
    "The city council approved a flood wall along the old harbour by seven votes to four.\n"
    "The wall will cost about 86 million euros and should be finished in 2029."
)


@dataclass
class ModelCLI:
    """``newsbot summarize --json`` with the fake model server (in its own thread: the CLI runs
    its own event loop)."""

    fake: FakeLLM
    url: str
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def use_model(self, **extra: str) -> None:
        settings = {"NEWSBOT_LLM_URL": self.url, "NEWSBOT_LLM_MODEL": "tiny-news"}
        for name, value in {**settings, "NEWSBOT_LLM_TIMEOUT": "2", **extra}.items():
            self.monkeypatch.setenv(name, value)

    def run(self, path: Path) -> dict[str, Any]:
        code = main(["summarize", str(path), "--json"])
        out, err = self.capsys.readouterr()
        assert code == 0, err
        data: dict[str, Any] = json.loads(out)
        return data


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[ModelCLI]:
    fake = FakeLLM(answer=HARBOUR_ANSWER)
    with serve_in_thread(fake.app()) as base:
        yield ModelCLI(fake, f"{base}/v1", monkeypatch, capsys)


def test_cli_uses_the_model_and_keeps_the_local_quotes(cli: ModelCLI) -> None:
    local = cli.run(HARBOUR)
    assert local["summarizer"] == "extractive"
    cli.use_model(NEWSBOT_LLM_API_KEY="sk-operator")
    data = cli.run(HARBOUR)
    assert data["summarizer"] == "llm:tiny-news"
    assert data["summary"] == HARBOUR_ANSWER.split("\n")
    assert data["quotes"] == local["quotes"]  # ranked against the local summary, as without
    (request,) = cli.fake.requests
    assert request.body["model"] == "tiny-news"
    assert request.headers["Authorization"] == "Bearer sk-operator"
    assert "City council approves harbour flood wall after tense vote" in request.user
    assert str(local["text"]).split("\n\n")[0] in request.user  # the extracted text...
    assert "<nav>" not in request.prompt and "reader42" not in request.prompt  # ...not the page
    assert "written in English" in request.user


def test_cli_asks_for_german_for_a_german_article(cli: ModelCLI) -> None:
    cli.fake.answer = (
        "Die Hafenbrücke in Kiel wird ab dem 3. März für sechs Wochen gesperrt.\n"
        "Die Sanierung kostet rund 12,5 Millionen Euro, sagte Anna Weber."
    )
    cli.use_model()
    data = cli.run(BRUECKE)
    assert "written in German" in cli.fake.requests[0].user
    assert data["language"] == "de" and data["summarizer"] == "llm:tiny-news"
    assert len(data["summary"]) == 2


def test_cli_drops_invented_facts_and_falls_back_when_the_model_fails(cli: ModelCLI) -> None:
    local = cli.run(HARBOUR)
    cli.use_model()
    cli.fake.answer = (
        HARBOUR_ANSWER + "\nThe wall was designed by Peter Jansen for 91 million euros."
    )
    data = cli.run(HARBOUR)
    assert data["summarizer"] == "llm:tiny-news"
    assert data["summary"] == HARBOUR_ANSWER.split("\n")  # the invented sentence is gone
    cli.fake.status = 500
    data = cli.run(HARBOUR)
    assert data["summarizer"] == "extractive"
    assert data["summary"] == local["summary"] and data["quotes"] == local["quotes"]
    cli.fake.status, cli.fake.delay = 200, 3.5
    started = time.monotonic()
    data = cli.run(HARBOUR)
    assert data["summarizer"] == "extractive" and data["summary"] == local["summary"]
    # The 2 s timeout plus a second, and the CLI's own start-up (the summariser loads).
    assert time.monotonic() - started < 2.0 + 1.0 + 2.0


def test_cli_a_url_without_a_model_is_a_settings_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSBOT_LLM_URL", "http://127.0.0.1:9/v1")
    code = main(["summarize", str(HARBOUR), "--json"])
    err = capsys.readouterr().err
    assert code == 2
    assert "NEWSBOT_LLM_MODEL" in err


# --- the pipeline and the article cache ----------------------------------------------------------


def model_pipeline(url: str, *, timeout: float = 2.0) -> Pipeline:
    settings = PipelineSettings(
        fetch=FetchSettings(allow_private_addresses=True, total_timeout=2.0),
        llm=LLMSettings(url=url, model="tiny-news", timeout=timeout),
    )
    return Pipeline(settings, summarizer=shared_summarizer())


ARTICLE = BRIDGE
ANSWER = "The Harbour Bridge in Kingston will close for six weeks.\nRepairs will cost £12.5m."


async def test_pipeline_reply_within_the_timeout_and_a_slow_model_delays_only_summaries(
    serve: Serve,
) -> None:
    fake = FakeLLM(answer=ANSWER, delay=5.0)
    pipeline = model_pipeline(f"{await serve(fake.app())}/v1", timeout=1.0)
    await pipeline.start()
    try:
        started = time.monotonic()
        slow = asyncio.create_task(pipeline.summarize(ARTICLE))
        await asyncio.sleep(0.1)
        # Meanwhile the worker threads are free: other CPU work does not wait for the model.
        quick = await pipeline.run_in_worker(lambda: "done")
        assert quick == "done" and time.monotonic() - started < 0.5
        result = await slow
        assert time.monotonic() - started < 1.0 + 1.0
        assert result.summarizer == "extractive"
    finally:
        await pipeline.close()


async def test_cache_keys_summaries_by_writer_and_a_fallback_is_not_the_models(
    serve: Serve, tmp_path: Path
) -> None:
    fake = FakeLLM(answer=ANSWER, status=500)
    pipeline = model_pipeline(f"{await serve(fake.app())}/v1")
    await pipeline.start()
    db = await open_database(tmp_path / "cache.sqlite3")
    try:
        articles = ArticleRepository(db)
        from storage.articles import NewArticle

        record = await articles.save(
            NewArticle(
                canonical_url=ARTICLE.canonical_url,
                url=ARTICLE.url,
                title=ARTICLE.title,
                data=json.dumps({"text": ARTICLE.text, "title": ARTICLE.title, "language": "en"}),
                fetched_at=dt.datetime.now(dt.UTC),
            ),
            aliases={ARTICLE.url},
        )
        summaries = Summaries(pipeline, articles)
        failed = await summaries.for_article(record.id)
        assert failed is not None and failed.summary.summarizer == "extractive"
        assert len(fake.requests) == 1
        fake.status = 200  # the model is back: the fallback was not cached as its summary
        done = await summaries.for_article(record.id)
        assert done is not None and done.summary.summarizer == "llm:tiny-news"
        assert done.summary.summary == tuple(ANSWER.split("\n"))
        assert done.summary.quotes == failed.summary.quotes
        again = await summaries.for_article(record.id)
        assert again is not None and again.summary.summary == done.summary.summary
        assert len(fake.requests) == 2  # from the cache
        other = await summaries.for_article(record.id, sentences=2)  # another length
        assert other is not None and len(fake.requests) == 3
        french = await summaries.for_article(record.id, language="fr")  # another language
        assert french is not None and len(fake.requests) == 4
        assert "written in French" in fake.requests[-1].user
    finally:
        await db.close()
        await pipeline.close()


SHORT = Article(
    url="https://harbour.test/ferry",
    canonical_url="https://harbour.test/ferry",
    title="Harbour ferry suspended on Sunday",
    paragraphs=(
        "The harbour ferry will not run on Sunday because of the storm warning.",
        "“Safety comes first,” said Marta Lindqvist, the harbour master. It sails on Monday.",
    ),
    site="harbour.test",
    language="en",
    short=True,
)


async def test_a_short_article_is_its_whole_text_and_never_goes_to_the_model(
    serve: Serve, tmp_path: Path
) -> None:
    """Too little text to summarise: its summary is all of it (whatever the length asked), the
    model is not asked to rewrite a dozen words, and the cache keeps the mark."""
    fake = FakeLLM(answer=ANSWER)
    pipeline = model_pipeline(f"{await serve(fake.app())}/v1")
    await pipeline.start()
    db = await open_database(tmp_path / "short.sqlite3")
    try:
        made = await pipeline.summarize(SHORT, sentences=1, language="fr")
        assert made.summary == SHORT.paragraphs
        assert made.summarizer == "extractive"
        assert [q.speaker for q in made.quotes] == ["Marta Lindqvist"]
        articles = ArticleRepository(db)
        from storage.articles import NewArticle

        record = await articles.save(
            NewArticle(
                canonical_url=SHORT.canonical_url,
                url=SHORT.url,
                title=SHORT.title,
                data=encode(made, sentences=1, quotes=3),
                fetched_at=dt.datetime.now(dt.UTC),
            ),
            aliases={SHORT.url},
        )
        summaries = Summaries(pipeline, articles)
        for options in ({}, {"sentences": 1}, {"language": "fr"}, {"sentences": 9}):
            found = await summaries.for_article(record.id, **options)
            assert found is not None and found.summary.article.short
            assert found.summary.summary == SHORT.paragraphs
        assert fake.requests == []
        unmarked = decode_data(encode(made, sentences=1, quotes=3).replace('"short"', '"x"'),
                               url=SHORT.url)
        assert not unmarked.article.short
    finally:
        await db.close()
        await pipeline.close()


async def test_pipeline_answers_with_and_without_a_model(serve: Serve) -> None:
    def answer(request: LLMRequest) -> str:
        assert "Question: What will the repairs cost?" in request.user
        return "The repairs will cost £12.5m."

    fake = FakeLLM(answer=answer)
    pipeline = model_pipeline(f"{await serve(fake.app())}/v1")
    local = Pipeline(PipelineSettings(), summarizer=shared_summarizer())
    await pipeline.start()
    await local.start()
    try:
        with_model = await pipeline.answer(ARTICLE, "What will the repairs cost?")
        without = await local.answer(ARTICLE, "What will the repairs cost?")
    finally:
        await pipeline.close()
        await local.close()
    assert with_model.text == ("The repairs will cost £12.5m.",)
    assert with_model.writer == "llm:tiny-news"
    assert not without.from_model and without.writer == "extracts"
    assert "£12.5m" in without.extracts[0]
    assert 1 <= len(without.extracts) <= 3
