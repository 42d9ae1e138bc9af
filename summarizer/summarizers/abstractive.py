"""The optional abstractive summariser: a transformers model run through ``generate``.

``NEWSBOT_SUMMARIZER=transformers:<model name or local path>`` selects it. Any seq2seq model
(DistilBART-CNN, BART-large-CNN, PEGASUS, T5...) or causal language model works; a causal model
with a chat template is prompted as a chat, one without as ``<article>\\n\\nTL;DR:``.
transformers 5 has no summarization pipeline, so this module does what it did:

1. Chunks: the article's sentences are packed, whole, into chunks that fit the model's input limit
   (the smaller of the tokenizer's ``model_max_length`` and the position embeddings; for a causal
   model, less the prompt and the tokens to generate). A single over-long sentence is truncated.
2. Each chunk is summarised with beam search, no repeated trigrams and a minimum length; when
   there are several chunks and their summaries together fit the input limit, they are
   summarised once more, so a long article still gets a summary of the asked length.
3. The text is split into sentences; sentences that repeat the title or each other are dropped,
   and the first ``sentences`` are returned.

``build_abstractive(model, fallback)`` returns the model wrapped in :class:`FallbackSummarizer`:
if the model cannot load, or fails or says nothing on an article, the extractive summariser
answers instead and a warning is logged, so a user never gets an error for a summary.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import SummarizerError
from summarizer.sentences import split_sentences
from summarizer.summarizers.base import Summarizer, article_sentences, repeats_title, tokens
from summarizer.types import Article

logger = logging.getLogger(__name__)

__all__ = [
    "FallbackSummarizer",
    "GenerationSettings",
    "TransformersSummarizer",
    "build_abstractive",
]

# tokenizers without a real limit report a huge sentinel as model_max_length
_NO_LIMIT = 1_000_000
_DEFAULT_LIMIT = 1024
_PROMPT = (
    "Summarise the following news article in {n} short sentences. Write only the summary.\n\n{text}"
)


@dataclass(frozen=True, slots=True)
class GenerationSettings:
    """``generate`` settings: the CNN/DailyMail defaults of BART, scaled to the sentences asked."""

    num_beams: int = 4
    no_repeat_ngram_size: int = 3
    length_penalty: float = 2.0
    tokens_per_sentence: int = 40  # max_new_tokens = tokens_per_sentence * sentences + 20
    min_tokens_per_sentence: int = 12  # min_new_tokens = this * sentences
    max_new_tokens_cap: int = 256

    def for_sentences(self, sentences: int, *, causal: bool) -> dict[str, Any]:
        max_new = min(self.max_new_tokens_cap, self.tokens_per_sentence * sentences + 20)
        kwargs: dict[str, Any] = {
            "max_new_tokens": max_new,
            "min_new_tokens": min(max_new, self.min_tokens_per_sentence * sentences),
            "no_repeat_ngram_size": self.no_repeat_ngram_size,
        }
        if causal:
            kwargs.update(do_sample=False, num_beams=1, repetition_penalty=1.1)
        else:
            kwargs.update(
                do_sample=False,
                num_beams=self.num_beams,
                length_penalty=self.length_penalty,
                early_stopping=True,
            )
        return kwargs


@dataclass
class TransformersSummarizer:
    """A seq2seq or causal LM loaded once; ``summarize`` is thread-safe (one call at a time)."""

    model_name: str
    settings: GenerationSettings = field(default_factory=GenerationSettings)
    name: str = field(init=False)
    causal: bool = field(init=False)
    _tokenizer: Any = field(init=False, repr=False)
    _model: Any = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        from transformers import (
            AutoConfig,
            AutoModelForCausalLM,
            AutoModelForSeq2SeqLM,
            AutoTokenizer,
        )
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        self.name = f"transformers:{self.model_name}"
        local = Path(self.model_name).is_dir()
        try:
            config = AutoConfig.from_pretrained(self.model_name, local_files_only=local)
            self.causal = not bool(getattr(config, "is_encoder_decoder", False))
            model_class = AutoModelForCausalLM if self.causal else AutoModelForSeq2SeqLM
            self._tokenizer = AutoTokenizer.from_pretrained(self.model_name, local_files_only=local)
            self._model = model_class.from_pretrained(self.model_name, local_files_only=local)
        except (OSError, ValueError, KeyError) as exc:
            raise SummarizerError(f"cannot load {self.model_name!r}: {exc}") from exc
        self._model.eval()
        if self.causal and self._tokenizer.pad_token_id is None:
            self._tokenizer.pad_token = self._tokenizer.eos_token

    # --- limits and chunks -----------------------------------------------------------------

    def _context_limit(self) -> int:
        config = self._model.config
        limits = [
            int(value)
            for value in (
                getattr(self._tokenizer, "model_max_length", None),
                getattr(config, "max_position_embeddings", None),
                getattr(config, "n_positions", None),
            )
            if isinstance(value, int) and 0 < value < _NO_LIMIT
        ]
        return min(limits) if limits else _DEFAULT_LIMIT

    def input_limit(self, sentences: int) -> int:
        """Tokens of article text one call may take."""
        limit = self._context_limit()
        if self.causal:
            prompt = self._count(self._prompt("", sentences))
            generated = self.settings.for_sentences(sentences, causal=True)["max_new_tokens"]
            limit -= prompt + generated
        else:
            limit -= 2  # room for special tokens
        if limit < 16:
            raise SummarizerError(f"{self.model_name}: context too small to summarise anything")
        return limit

    def _count(self, text: str) -> int:
        return len(self._tokenizer(text, add_special_tokens=False)["input_ids"])

    def chunks(self, sentences: list[str], limit: int) -> list[str]:
        """Whole sentences packed into chunks of at most ``limit`` tokens each."""
        out: list[str] = []
        current: list[str] = []
        size = 0
        for sentence in sentences:
            n = self._count(sentence) + 1
            if current and size + n > limit:
                out.append(" ".join(current))
                current, size = [], 0
            current.append(sentence)
            size += n
        if current:
            out.append(" ".join(current))
        return out

    # --- generation ------------------------------------------------------------------------

    def _prompt(self, text: str, sentences: int) -> str:
        if getattr(self._tokenizer, "chat_template", None):
            messages = [{"role": "user", "content": _PROMPT.format(n=sentences, text=text)}]
            prompt = self._tokenizer.apply_chat_template(
                messages, tokenize=False, add_generation_prompt=True
            )
            return str(prompt)
        return f"{text}\n\nTL;DR:"

    def generate(self, text: str, sentences: int, limit: int) -> str:
        """One ``generate`` call on ``text`` (truncated to ``limit`` article tokens)."""
        import torch

        kwargs = self.settings.for_sentences(sentences, causal=self.causal)
        if not self.causal:  # the decoder's positions bound what it can write
            kwargs["max_new_tokens"] = min(kwargs["max_new_tokens"], self._context_limit() - 2)
            kwargs["min_new_tokens"] = min(kwargs["min_new_tokens"], kwargs["max_new_tokens"])
        if self.causal:
            ids = self._tokenizer(text, add_special_tokens=False)["input_ids"][:limit]
            text = self._tokenizer.decode(ids)
            inputs = self._tokenizer(
                self._prompt(text, sentences), return_tensors="pt", add_special_tokens=False
            )
            kwargs["pad_token_id"] = self._tokenizer.pad_token_id
        else:
            inputs = self._tokenizer(
                text, return_tensors="pt", truncation=True, max_length=limit + 2
            )
        with self._lock, torch.inference_mode():
            output = self._model.generate(**inputs, **kwargs)
        if self.causal:
            output = output[:, inputs["input_ids"].shape[1] :]
        return str(self._tokenizer.decode(output[0], skip_special_tokens=True)).strip()

    def summarize(self, article: Article, sentences: int = 3) -> list[str]:
        if sentences <= 0:
            return []
        source = article_sentences(article)
        if not source:
            return []
        limit = self.input_limit(sentences)
        parts = [self.generate(chunk, sentences, limit) for chunk in self.chunks(source, limit)]
        text = " ".join(p for p in parts if p)
        if len(parts) > 1 and text and self._count(text) <= limit:
            text = self.generate(text, sentences, limit)
        out: list[str] = []
        seen: set[str] = set()
        for sentence in split_sentences(text, article.language):
            key = " ".join(tokens(sentence))
            if not key or key in seen:
                continue
            if article.title and repeats_title(sentence, article.title):
                continue
            seen.add(key)
            out.append(sentence)
            if len(out) == sentences:
                break
        if not out:
            raise SummarizerError(f"{self.model_name} generated no summary")
        return out


@dataclass
class FallbackSummarizer:
    """``primary``, or ``fallback`` (with a logged warning) when ``primary`` fails."""

    primary: Summarizer
    fallback: Summarizer
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or self.primary.name

    def summarize(self, article: Article, sentences: int = 3) -> list[str]:
        try:
            return self.primary.summarize(article, sentences)
        except Exception:  # any model failure: the user still gets a summary
            logger.warning(
                "%s failed on %s; using %s",
                self.primary.name,
                article.url or "an article",
                self.fallback.name,
                exc_info=True,
            )
            return self.fallback.summarize(article, sentences)


def build_abstractive(model_name: str, fallback: Summarizer) -> Summarizer:
    """The model behind a fallback, or ``fallback`` alone (logged) when the model cannot load."""
    if not model_name.strip():
        logger.warning("NEWSBOT_SUMMARIZER names no model; using %s", fallback.name)
        return fallback
    try:
        primary = TransformersSummarizer(model_name.strip())
    except Exception:  # a missing, offline or broken model must not stop the bot
        logger.warning("cannot load %s; using %s", model_name, fallback.name, exc_info=True)
        return fallback
    logger.info("abstractive summariser %s loaded", primary.name)
    return FallbackSummarizer(primary, fallback)
