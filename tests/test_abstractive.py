"""The abstractive backend on tiny, randomly initialised models built and saved by the tests.

No downloads: a word-level tokenizer is built with ``tokenizers`` from a fixed vocabulary, and
tiny BART and GPT-2 models are initialised from a seed, saved with ``save_pretrained`` and loaded
back through ``NEWSBOT_SUMMARIZER``'s path, exactly as a real model folder would be.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
from transformers import (
    BartConfig,
    BartForConditionalGeneration,
    GPT2Config,
    GPT2LMHeadModel,
    PreTrainedTokenizerFast,
)

from summarizer.errors import SummarizerError
from summarizer.summarizers import build_summarizer
from summarizer.summarizers.abstractive import (
    FallbackSummarizer,
    TransformersSummarizer,
    build_abstractive,
)
from summarizer.summarizers.extractive import ExtractiveSummarizer
from summarizer.types import Article

VOCABULARY = """
the a of to in and said police mayor harbour city council new plan on monday it will cost million
people were wall storm homes work june years station lifeboat walkway visitors town summer paid
government together two about start take should damaged badly waves flooded february
"""
WORDS = VOCABULARY.split()
SPECIALS = ["<pad>", "<s>", "</s>", "<unk>"]
CHAT_TEMPLATE = (
    "{% for message in messages %}<s> {{ message['content'] }} </s>{% endfor %}"
    "{% if add_generation_prompt %} summary {% endif %}"
)
ARTICLE = Article(
    url="https://example.com/harbour",
    canonical_url="https://example.com/harbour",
    title="Harbour wall plan",
    paragraphs=(
        "The city council said on Monday the new harbour wall will cost 40 million.",
        "The wall was badly damaged in the February storm and waves flooded 200 homes.",
        "Work will start in June and should take about two years.",
        "The plan also has a new lifeboat station and a walkway for visitors to the town.",
    ),
    language="en",
)


def tokenizer(model_max_length: int) -> PreTrainedTokenizerFast:
    vocab = {token: i for i, token in enumerate([*SPECIALS, *WORDS])}
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    backend.decoder = decoders.WordPiece(prefix="##")  # joins words with spaces
    backend.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", 1), ("</s>", 2)]
    )
    return PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=backend,
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        unk_token="<unk>",
        model_max_length=model_max_length,
    )


def save_bart(folder: Path, *, vocab_size: int | None = None) -> Path:
    torch.manual_seed(0)
    tok = tokenizer(64)
    config = BartConfig(
        vocab_size=vocab_size or len(tok),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=64,
        pad_token_id=0,
        bos_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_eos_token_id=2,
    )
    BartForConditionalGeneration(config).save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def save_gpt2(folder: Path, *, chat: bool) -> Path:
    torch.manual_seed(0)
    tok = tokenizer(256)
    if chat:
        tok.chat_template = CHAT_TEMPLATE
    config = GPT2Config(
        vocab_size=len(tok),
        n_embd=16,
        n_layer=1,
        n_head=2,
        n_positions=256,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=0,
    )
    GPT2LMHeadModel(config).save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def bart_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_bart(tmp_path_factory.mktemp("tiny-bart"))


@pytest.fixture(scope="module")
def bart(bart_path: Path) -> TransformersSummarizer:
    return TransformersSummarizer(str(bart_path))


def test_seq2seq_model_summarizes(bart: TransformersSummarizer) -> None:
    assert not bart.causal
    assert bart.name.startswith("transformers:")
    summary = bart.summarize(ARTICLE, 2)
    assert 1 <= len(summary) <= 2
    assert all(isinstance(s, str) and s.strip() for s in summary)
    assert set(" ".join(summary).split()) <= set(WORDS)  # decoded words, no special tokens


def test_generation_defaults_scale_with_the_sentences_asked(bart: TransformersSummarizer) -> None:
    three = bart.settings.for_sentences(3, causal=False)
    assert three["no_repeat_ngram_size"] == 3
    assert three["num_beams"] == 4
    assert 0 < three["min_new_tokens"] <= three["max_new_tokens"]
    assert bart.settings.for_sentences(1, causal=False)["max_new_tokens"] < three["max_new_tokens"]


def test_long_input_is_chunked_to_the_model_limit(bart: TransformersSummarizer) -> None:
    long_article = Article(
        url="",
        canonical_url="",
        title="",
        paragraphs=ARTICLE.paragraphs * 4,  # ~200 tokens for a 64-position model
        language="en",
    )
    limit = bart.input_limit(3)
    assert limit == 62
    sentences = [s for p in long_article.paragraphs for s in [p]]
    chunks = bart.chunks(sentences, limit)
    assert len(chunks) >= 3
    counted = [len(bart._tokenizer(c, add_special_tokens=False)["input_ids"]) for c in chunks]
    assert max(counted) <= limit
    assert " ".join(chunks).split() == " ".join(sentences).split()  # nothing lost or repeated
    summary = bart.summarize(long_article, 3)
    assert 1 <= len(summary) <= 3


def test_through_build_summarizer(bart_path: Path) -> None:
    chosen = build_summarizer(f"transformers:{bart_path}")
    assert isinstance(chosen, FallbackSummarizer)
    assert chosen.name == f"transformers:{bart_path}"
    assert 1 <= len(chosen.summarize(ARTICLE, 3)) <= 3


@pytest.mark.parametrize("chat", [False, True], ids=["plain-causal", "chat-template"])
def test_causal_model_summarizes(tmp_path: Path, chat: bool) -> None:
    model = TransformersSummarizer(str(save_gpt2(tmp_path, chat=chat)))
    assert model.causal
    prompt = model._prompt("the plan", 3)
    if chat:
        assert prompt.startswith("<s> Summarise the following news article in 3 short sentences")
        assert prompt.endswith(" summary ")
    else:
        assert prompt == "the plan\n\nTL;DR:"
    assert model.input_limit(3) < 256
    summary = model.summarize(ARTICLE, 3)
    assert 1 <= len(summary) <= 3
    assert all(s.strip() for s in summary)


def test_a_model_that_cannot_load_gives_the_fallback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fallback = ExtractiveSummarizer()
    with caplog.at_level(logging.WARNING, logger="summarizer.summarizers.abstractive"):
        chosen = build_abstractive(str(tmp_path / "missing"), fallback)
    assert chosen is fallback
    assert "cannot load" in caplog.text
    with pytest.raises(SummarizerError):
        TransformersSummarizer(str(tmp_path / "missing"))


def test_a_model_that_fails_at_run_time_falls_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The tokenizer's ids run past the model's embedding table: loading works, generating fails.
    broken = save_bart(tmp_path / "broken", vocab_size=8)
    chosen = build_abstractive(str(broken), ExtractiveSummarizer())
    assert isinstance(chosen, FallbackSummarizer)
    with caplog.at_level(logging.WARNING, logger="summarizer.summarizers.abstractive"):
        summary = chosen.summarize(ARTICLE, 2)
    assert summary == ExtractiveSummarizer().summarize(ARTICLE, 2)
    assert "failed on https://example.com/harbour" in caplog.text


def test_an_empty_article_gives_no_summary(bart: TransformersSummarizer) -> None:
    empty = Article(url="", canonical_url="", title="", paragraphs=())
    assert bart.summarize(empty, 3) == []
    assert bart.summarize(ARTICLE, 0) == []
