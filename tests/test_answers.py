"""/ask's answers: BM25 extracts without a model, the model's guarded answer with one."""

from __future__ import annotations

from summarizer.summarizers.answers import Answer, best_sentences
from summarizer.summarizers.extractive import ExtractiveSummarizer
from summarizer.summarizers.llm import LLMSettings, LLMSummarizer
from summarizer.types import Article
from tests.conftest import Serve
from tests.fake_llm_server import FakeLLM
from tests.llm_articles import BRIDGE

ARTICLE = BRIDGE


def test_best_sentences_rank_by_the_question() -> None:
    found = best_sentences(ARTICLE, "How much will the repairs cost?", 2)
    assert found[0].startswith("Repairs to the 90-year-old steel deck")
    assert best_sentences(ARTICLE, "Where will the buses go?", 1) == [ARTICLE.paragraphs[2]]
    assert best_sentences(ARTICLE, "zebra xylophone", 3) == []


def test_best_sentences_meet_other_forms_of_a_word() -> None:
    article = Article(
        url="u",
        canonical_url="u",
        title="Brücke",
        paragraphs=(
            "Die Stadt plant neue Radwege im Norden.",
            "Die Brücken über den Kanal werden ab März gesperrt.",
        ),
        language="de",
    )
    assert best_sentences(article, "Wann wird die Brücke gesperrt?", 1) == [article.paragraphs[1]]


async def ask(serve: Serve, fake: FakeLLM, question: str) -> Answer:
    llm = LLMSummarizer(
        LLMSettings(url=f"{await serve(fake.app())}/v1", model="m", timeout=2.0),
        ExtractiveSummarizer(),
    )
    try:
        return await llm.answer_async(ARTICLE, question)
    finally:
        await llm.close()


async def test_a_model_answer_is_guarded_and_supported(serve: Serve) -> None:
    fake = FakeLLM(answer="The repairs will cost £12.5m.\nThe mayor John Smith pays 50%.")
    answer = await ask(serve, fake, "How much will the repairs cost?")
    assert answer.from_model and answer.writer == "llm:m"
    assert answer.text == ("The repairs will cost £12.5m.",)
    assert answer.extracts[0] == ARTICLE.paragraphs[1]
    request = fake.requests[0].user
    assert "Question: How much will the repairs cost?" in request
    assert ARTICLE.paragraphs[3] in request


async def test_a_failing_model_leaves_the_extracts(serve: Serve) -> None:
    fake = FakeLLM(status=500)
    answer = await ask(serve, fake, "How much will the repairs cost?")
    assert not answer.from_model and answer.fallback_reason == "the model server answered HTTP 500"
    assert answer.extracts[0] == ARTICLE.paragraphs[1]
