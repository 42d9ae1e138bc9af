"""Summaries and answers from an OpenAI-compatible model server, checked by the faithfulness guard.

``NEWSBOT_LLM_URL`` (with ``NEWSBOT_LLM_MODEL``) points at any server that speaks the chat
completions API: Ollama (``http://localhost:11434/v1``), vLLM, llama.cpp's server, LM Studio or a
hosted API. Requests go to ``{url}/chat/completions``.

How a summary is made (each step says why):

1. The model sees the extracted article, title and text, never the raw page. An article longer
   than the context (``NEWSBOT_LLM_CONTEXT`` tokens, less the prompt and the answer) is reduced by
   the extractive scorer: its most salient sentences are kept, in article order, until it fits.
   Nothing is cut off silently at the front or the back.
2. The prompt asks for N sentences in the target language (the article's own unless the chat
   asks for another) with no fact the article does not state. No JSON is asked for: small local
   models break JSON more often than they break a list.
3. The answer is read however it is laid out: one sentence per line, a paragraph, bullets or a
   numbered list; a preamble ("Here is a summary:") and Markdown emphasis are left out.
4. The faithfulness guard (``summarizer.faithfulness``) drops every sentence with a number or a
   name that is not in the article.
5. The local extractive summary is used instead, and the reason logged, when the server fails
   (an HTTP error, a timeout, no connection), when the answer is empty or unusable, or when the
   guard drops most of its sentences.

The HTTP client is aiohttp, not the ``openai`` package, by choice:

- one deadline for the whole call (``ClientTimeout(total=…)`` and an ``asyncio.timeout`` around
  the wait for a free slot and the request), which is what "the reply never waits longer than the
  timeout plus a second" needs; the ``openai`` client's timeouts are per phase and it retries by
  default;
- the settings module stays the one place that reads the environment: the ``openai`` client reads
  ``OPENAI_API_KEY``, ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``… by itself and would send them to
  the operator's server;
- the answer is read leniently (servers differ: content as a string or as a list of parts,
  missing ``usage``), and a garbage body is one clear error, not a validation traceback;
- aiohttp is already the bot's HTTP stack; the ``openai`` package would add pydantic, its own
  HTTP client and their pins for one POST request.

The model host is the operator's own server, so it may be on loopback or a private network with
no further setting: these requests never go through the article fetcher, whose private-address
guard still applies to every page.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from summarizer.errors import SummarizerError
from summarizer.faithfulness import GuardResult, SourceFacts, check
from summarizer.language import language_name
from summarizer.sentences import split_sentences
from summarizer.summarizers.answers import Answer, best_sentences, guarded_answer
from summarizer.summarizers.base import Summarizer, article_sentences, tokens
from summarizer.types import UNSPACED, Article

logger = logging.getLogger(__name__)

__all__ = [
    "LLMClient",
    "LLMError",
    "LLMSettings",
    "LLMSummarizer",
    "ModelText",
    "parse_answer",
    "reduce_article",
]

PROMPT_TOKENS = 300  # the instructions around the article, generously counted
ANSWER_TOKENS_PER_SENTENCE = 70


class LLMError(SummarizerError):
    """The model server failed or gave nothing usable; ``str(err)`` says how."""


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """``NEWSBOT_LLM_*``: where the model server is and how long to wait for it."""

    url: str  # the API's base URL, e.g. http://localhost:11434/v1
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 30.0  # seconds for one call, waiting for a free slot included
    context: int = 8192  # tokens the model reads at once (prompt, article and answer)
    concurrency: int = 2  # model calls at once

    @property
    def endpoint(self) -> str:
        return f"{self.url.rstrip('/')}/chat/completions"

    @property
    def writer(self) -> str:
        """What ``--json`` and the cache call a summary the model wrote."""
        return f"llm:{self.model}"


# --- the article the model reads ----------------------------------------------------------------


def estimate_tokens(text: str) -> int:
    """A generous token count: about three characters a token, a CJK or Thai character each."""
    unspaced = len(UNSPACED.findall(text))
    return unspaced + (len(text) - unspaced) // 3 + 1


def reduce_article(article: Article, budget: int, scorer: Summarizer) -> str:
    """The article text, or (when it does not fit ``budget`` tokens) its most salient sentences,
    chosen by the extractive scorer and kept in article order."""
    text = article.text
    if estimate_tokens(text) <= budget:
        return text
    sentences = article_sentences(article)
    low, high = 1, len(sentences)
    best: list[str] = []
    while low <= high:  # the most sentences whose selection fits
        middle = (low + high) // 2
        chosen = scorer.summarize(article, middle)
        if estimate_tokens(" ".join(chosen)) <= budget:
            best, low = chosen, middle + 1
        else:
            high = middle - 1
    if not best:  # not even the best sentence fits: its start, said in the log
        logger.warning("%s: the article's best sentence alone exceeds the context", article.url)
        first = scorer.summarize(article, 1) or sentences[:1]
        return first[0][: budget * 3] if first else ""
    return "\n".join(best)


# --- the answer ----------------------------------------------------------------------------------

_FENCE = re.compile(r"^```\w*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•·‣▪–—]|\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)])\s+")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)")
_HEADING = re.compile(r"^\s*#+\s+")
# Reasoning models (DeepSeek-R1, Qwen3 on Ollama...) put their thinking before the answer.
_THINKING = re.compile(r"<think(?:ing)?>.*?</think(?:ing)?>\s*", re.DOTALL | re.IGNORECASE)
_LABEL = re.compile(
    r"^(?:summary|answer|zusammenfassung|antwort|résumé|réponse|resumen|respuesta|riassunto|"
    r"resumo|краткое содержание|резюме|ответ)\s*:\s*",
    re.IGNORECASE,
)


def parse_answer(text: str, language: str | None = None) -> list[str]:
    """The sentences of a model's answer, however it is laid out (see the module doc)."""
    out: list[str] = []
    seen: set[str] = set()
    text = _THINKING.sub("", text)
    for raw in text.replace("\r", "").split("\n"):
        line = raw.strip()
        if not line or _FENCE.match(line) or _HEADING.match(line):
            continue
        line = _LABEL.sub("", _EMPHASIS.sub("", _BULLET.sub("", line)).strip())
        if not line or (line.endswith(":") and len(line) < 120):  # "Here is the summary:"
            continue
        for sentence in split_sentences(line, language):
            key = " ".join(tokens(sentence))
            if not key or key in seen or not any(ch.isalpha() for ch in sentence):
                continue
            seen.add(key)
            out.append(sentence)
    return out


def _usable(sentences: Sequence[str]) -> bool:
    return any(len(tokens(s)) >= 3 or UNSPACED.search(s) for s in sentences)


# --- the client ----------------------------------------------------------------------------------


class LLMClient:
    """One model server: its own HTTP session and its own concurrency limit, so a slow server
    holds up summaries only (page fetches, the database and the other replies never wait on it).
    """

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings
        self._session: aiohttp.ClientSession | None = None
        self._gate: asyncio.Semaphore | None = None

    async def start(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.settings.timeout)
            )
            self._gate = asyncio.Semaphore(max(1, self.settings.concurrency))

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    async def complete(self, messages: list[dict[str, str]], *, max_tokens: int) -> str:
        """The model's reply text; :class:`LLMError` on any failure, within the timeout."""
        await self.start()
        assert self._session is not None and self._gate is not None
        headers = {"Content-Type": "application/json"}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        body = {
            "model": self.settings.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": 0,
            "stream": False,
        }
        try:
            async with (
                asyncio.timeout(self.settings.timeout),
                self._gate,
                self._session.post(self.settings.endpoint, json=body, headers=headers) as response,
            ):
                raw = await response.read()
                status = response.status
        except TimeoutError as exc:
            raise LLMError(f"no answer within {self.settings.timeout:g} s") from exc
        except aiohttp.ClientError as exc:
            raise LLMError(f"cannot reach the model server: {exc or type(exc).__name__}") from exc
        if status != 200:
            raise LLMError(f"the model server answered HTTP {status}")
        return _content(raw)


def _content(raw: bytes) -> str:
    try:
        data: Any = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LLMError("the model server's answer is not JSON") from exc
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise LLMError("the model server's answer has no message") from exc
    if isinstance(content, list):  # content parts
        content = "".join(
            str(p.get("text", "")) for p in content if isinstance(p, dict) and "text" in p
        )
    if not isinstance(content, str) or not content.strip():
        raise LLMError("the model's answer is empty")
    return content


# --- the summariser ------------------------------------------------------------------------------

_SYSTEM = (
    "You summarise news articles for a chat. Use only facts the article states. Never add a "
    "number, date, name or quotation that is not in the article."
)


@dataclass(frozen=True, slots=True)
class ModelText:
    """What came of one model call: the sentences to show and who wrote them."""

    sentences: tuple[str, ...]
    writer: str  # "llm:<model>", or the local summariser's name after a fallback
    fallback_reason: str | None = None  # why the model's text was not used
    guard: GuardResult | None = None

    @property
    def from_model(self) -> bool:
        return self.fallback_reason is None


class LLMSummarizer:
    """The model behind the faithfulness guard, with the local summary as its fallback.

    ``await summarize_async(...)`` is what the pipeline calls (on the event loop, under the
    client's own limit). ``summarize(article, n)`` is the synchronous summariser protocol, for
    callers without an event loop (benchmarks): each call opens its own connection.
    """

    def __init__(self, settings: LLMSettings, local: Summarizer) -> None:
        self.settings = settings
        self.local = local
        self.name = settings.writer
        self.client = LLMClient(settings)

    async def start(self) -> None:
        await self.client.start()

    async def close(self) -> None:
        await self.client.close()

    def budget(self, sentences: int) -> int:
        """Tokens of article the model may read for a summary of ``sentences``."""
        return max(256, self.settings.context - PROMPT_TOKENS - self.max_tokens(sentences))

    @staticmethod
    def max_tokens(sentences: int) -> int:
        return ANSWER_TOKENS_PER_SENTENCE * max(1, sentences) + 60

    def messages(
        self, article: Article, text: str, sentences: int, language: str | None
    ) -> list[dict[str, str]]:
        target = language_name(language or article.language)
        written = f", written in {target}" if target else ""
        plural = "sentence" if sentences == 1 else "sentences"
        user = (
            f"Summarise this news article in {sentences} short {plural}{written}. Write only "
            "the summary, one sentence per line, with no heading and no introduction. Do not "
            "state any fact, number or name that the article does not state.\n\n"
            f"Title: {article.title}\n\n{text}"
        )
        return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": user}]

    async def summarize_async(
        self,
        article: Article,
        sentences: int,
        *,
        fallback: Sequence[str],
        fallback_writer: str,
        language: str | None = None,
        text: str | None = None,
        client: LLMClient | None = None,
    ) -> ModelText:
        """The model's guarded summary, or ``fallback`` with the reason (logged) when it fails.

        ``text`` is the article as the model should read it (``reduce_article``'s result); the
        pipeline computes it in a worker thread. ``language`` is the target language, None for
        the article's own.
        """
        started = time.monotonic()
        body = (
            text
            if text is not None
            else reduce_article(article, self.budget(sentences), self.local)
        )
        messages = self.messages(article, body, sentences, language)
        try:
            answer = await (client or self.client).complete(
                messages, max_tokens=self.max_tokens(sentences)
            )
        except LLMError as exc:
            return self._fallback(article, str(exc), fallback, fallback_writer)
        # Reading the article's facts is CPU work (0.6 s for a 1M-character PDF): not on the loop.
        result = await asyncio.to_thread(self.guarded, article, answer, sentences, language)
        if isinstance(result, str):
            return self._fallback(article, result, fallback, fallback_writer)
        logger.info(
            "%s summarised %s in %.1f s (%d kept, %d dropped by the guard)",
            self.name,
            article.url or "an article",
            time.monotonic() - started,
            len(result.kept),
            len(result.dropped),
        )
        return ModelText(result.kept[:sentences], self.name, None, result)

    def guarded(
        self, article: Article, answer: str, sentences: int, language: str | None
    ) -> GuardResult | str:
        """The answer's sentences through the guard, or why it cannot be used."""
        target = language or article.language
        parsed = parse_answer(answer, target)
        if not parsed or not _usable(parsed):
            return "the answer holds no usable sentence"
        # Only the first sentences asked for are checked: a model that wrote more is cut, not
        # punished for what it would never show.
        facts = SourceFacts.of(f"{article.title}\n\n{article.text}")
        result = check(parsed[: max(sentences, 1)], facts, target)
        for dropped in result.dropped:
            logger.info(
                "guard dropped a sentence of %s: not in the article: %s",
                self.name,
                ", ".join(dropped.missing),
            )
        if result.mostly_dropped:
            return f"the guard dropped {len(result.dropped)} of {len(parsed[:sentences])} sentences"
        return result

    def _fallback(
        self, article: Article, reason: str, fallback: Sequence[str], writer: str
    ) -> ModelText:
        logger.warning(
            "%s not used for %s (%s); the local summary (%s) answers",
            self.name,
            article.url or "an article",
            reason,
            writer,
        )
        return ModelText(tuple(fallback), writer, reason)

    async def answer_async(
        self,
        article: Article,
        question: str,
        *,
        language: str | None = None,
        text: str | None = None,
        extracts: int = 3,
    ) -> Answer:
        """The model's answer to ``question`` from the article alone (guarded), with the article
        sentences that support it; the extracts alone when the model fails (logged)."""
        # BM25 over every sentence and the guard are CPU work: in a thread, not on the loop.
        found = await asyncio.to_thread(best_sentences, article, question, extracts)
        target = language or article.language
        name = language_name(target)
        body = (
            text
            if text is not None
            else await asyncio.to_thread(reduce_article, article, self.budget(3), self.local)
        )
        user = (
            "Answer the question from the article below only, in at most three short "
            f"sentences{f', written in {name}' if name else ''}. If the article does not say, "
            "answer that it does not say. Do not state any fact, number or name that the "
            f"article does not state.\n\nQuestion: {question}\n\nTitle: {article.title}\n\n{body}"
        )
        messages = [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": user}]
        try:
            reply = await self.client.complete(messages, max_tokens=self.max_tokens(3))
        except LLMError as exc:
            return self._no_answer(article, question, found, str(exc))
        parsed = parse_answer(reply, target)
        if not parsed or not _usable(parsed):
            return self._no_answer(article, question, found, "the answer holds no usable sentence")
        kept = await asyncio.to_thread(guarded_answer, article, parsed[:3], target)
        if not kept:
            return self._no_answer(article, question, found, "the guard dropped the answer")
        support = await asyncio.to_thread(best_sentences, article, " ".join([question, *kept]), 2)
        return Answer(question, tuple(support), tuple(kept), self.name)

    def _no_answer(self, article: Article, question: str, found: list[str], reason: str) -> Answer:
        logger.warning(
            "%s did not answer about %s (%s); the extracts answer",
            self.name,
            article.url or "an article",
            reason,
        )
        return Answer(question, tuple(found), fallback_reason=reason)

    def summarize(self, article: Article, sentences: int = 3) -> list[str]:
        """The summariser protocol, synchronously (no event loop may run in this thread)."""
        local = self.local.summarize(article, sentences)

        async def once() -> ModelText:
            client = LLMClient(self.settings)  # this loop's own session and limit
            try:
                return await self.summarize_async(
                    article, sentences, fallback=local, fallback_writer=self.local.name,
                    client=client,
                )  # fmt: skip
            finally:
                await client.close()

        return list(asyncio.run(once()).sentences)
