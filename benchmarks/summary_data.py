r"""Summary records and ROUGE scoring shared by the summary benchmark and the scorer trainer.

A record is one JSONL line with ``article`` and ``summary`` (the reference); ``title`` and
``duplicate_of`` are used when present. Articles become :class:`summarizer.types.Article`
values with one paragraph per blank-line-separated block, as extraction would give them.

ROUGE is rouge-score's ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 ×100 with the Porter stemmer; for
ROUGE-Lsum each side's sentences are joined with newlines (the reference is split with newsbot's
splitter, the same one every method uses). :class:`NgramRouge` gives the same ROUGE-1/2 figures
from sentences tokenised once, for training (it tries thousands of selections per article).

``references_all`` (SummEval: the original highlight and ten crowd-written summaries) is kept as
:attr:`Record.references`; the benchmark scores against ``summary`` only.

Language: a record's ``language`` field when it has one (OrangeSum: ``fr``), else the language
detected from its article text (``summarizer.language``), else English. Articles carry it, so
French articles get French sentence rules, stop words and dependent-start words.

Tokenisers (``tokenizer=``):

- ``"rouge"`` (the default, the published figures' one): rouge-score's own. It lower-cases,
  replaces every character outside ``[a-z0-9]`` with a space and Porter-stems tokens of more than
  three letters. An accented word falls apart: "pyrénées" becomes "pyr", "n", "es", "é" is
  dropped, and non-Latin scripts score nothing at all. Every method is cut the same way, so
  comparisons on one table hold, but absolute French figures are not comparable with English.
- ``"unicode"``: words are ``\w+`` runs of the lower-cased, NFC-normalised text (accents kept)
  and are stemmed with NLTK's Snowball stemmer for the record's language (Porter for English,
  as rouge-score, on tokens of more than three characters); a language Snowball lacks is not
  stemmed.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from summarizer.language import detect_language
from summarizer.sentences import split_sentences
from summarizer.types import Article

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
SAMPLE_SEED = 2026
_BLOCKS = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    article: Article
    reference: str
    references: tuple[str, ...] = ()  # every reference (``references_all``), else ``reference``

    def all_references(self) -> tuple[str, ...]:
        return self.references or (self.reference,)


def record_language(data: dict[str, object], article: str) -> str:
    """The record's ``language`` field, else the language detected from ``article``, else en."""
    declared = data.get("language")
    if isinstance(declared, str) and declared.strip():
        return declared.strip().lower()[:2]
    return detect_language(article[:3000]) or "en"


def read_records(
    path: Path,
    *,
    limit: int | None = None,
    language: str | None = None,
    sample: int | None = None,
    seed: int = SAMPLE_SEED,
) -> list[Record]:
    """The records of a JSONL file, skipping marked duplicates.

    ``language`` overrides every record's (see the module docstring); ``sample`` keeps that many
    records drawn with ``random.Random(seed)``, in file order; ``limit`` keeps the first ones.
    """
    out: list[Record] = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f):
            if not line.strip():
                continue
            data = json.loads(line)
            if data.get("duplicate_of"):
                continue
            text = str(data["article"])
            paragraphs = tuple(p.strip() for p in _BLOCKS.split(text) if p.strip())
            article = Article(
                url="",
                canonical_url="",
                title=str(data.get("title") or ""),
                paragraphs=paragraphs,
                language=language or record_language(data, text),
            )
            references = tuple(str(r) for r in data.get("references_all") or ())
            out.append(
                Record(str(data.get("id", number)), article, str(data["summary"]), references)
            )
            if limit is not None and sample is None and len(out) >= limit:
                break
    if sample is not None and sample < len(out):
        keep = sorted(random.Random(seed).sample(range(len(out)), sample))
        out = [out[i] for i in keep]
    return out


TOKENIZERS = ("rouge", "unicode")
_SNOWBALL = {
    "ar": "arabic", "da": "danish", "de": "german", "en": "porter", "es": "spanish",
    "fi": "finnish", "fr": "french", "hu": "hungarian", "it": "italian", "nl": "dutch",
    "no": "norwegian", "nb": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sv": "swedish",
}  # fmt: skip
_UNICODE_WORD = re.compile(r"\w+")


class UnicodeTokenizer:
    """Words (runs of word characters), accents kept, Snowball-stemmed for ``language``."""

    def __init__(self, language: str = "en") -> None:
        from nltk.stem import PorterStemmer  # type: ignore[import-untyped]
        from nltk.stem.snowball import SnowballStemmer  # type: ignore[import-untyped]

        name = _SNOWBALL.get(language)
        self._stem: object | None = (
            PorterStemmer() if name == "porter" else SnowballStemmer(name) if name else None
        )
        self._cache: dict[str, str] = {}

    def _stemmed(self, word: str) -> str:
        found = self._cache.get(word)
        if found is None:
            stem = getattr(self._stem, "stem", None)
            found = stem(word) if stem is not None and len(word) > 3 else word
            self._cache[word] = found
        return found

    def tokenize(self, text: str) -> list[str]:
        words = _UNICODE_WORD.findall(unicodedata.normalize("NFC", text).lower())
        return [self._stemmed(w) for w in words]


def make_tokenizer(tokenizer: str = "rouge", language: str = "en") -> object:
    """rouge-score's tokenizer (``"rouge"``) or :class:`UnicodeTokenizer` for ``language``."""
    if tokenizer == "unicode":
        return UnicodeTokenizer(language)
    if tokenizer != "rouge":
        raise ValueError(f"unknown tokenizer {tokenizer!r}: use one of {TOKENIZERS}")
    from rouge_score import tokenizers

    return tokenizers.DefaultTokenizer(use_stemmer=True)


@dataclass(frozen=True, slots=True)
class RougeScores:
    rouge1: float
    rouge2: float
    rougeLsum: float  # rouge-score's name
    n: int

    def to_json(self) -> dict[str, float | int]:
        return {
            "rouge1": round(self.rouge1, 2),
            "rouge2": round(self.rouge2, 2),
            "rougeLsum": round(self.rougeLsum, 2),
            "n": self.n,
        }


class Rouge:
    """rouge-score with the stemmer; references are split once and cached.

    ``tokenizer`` and ``language``: see the module docstring (``language`` also picks the
    sentence rules used to split the reference for ROUGE-Lsum).
    """

    def __init__(self, tokenizer: str = "rouge", language: str = "en") -> None:
        from rouge_score import rouge_scorer  # here: the speed benchmark's memory leaves it out

        self.tokenizer = tokenizer
        self.language = language
        self._scorer = rouge_scorer.RougeScorer(
            list(ROUGE_TYPES), use_stemmer=True, tokenizer=make_tokenizer(tokenizer, language)
        )
        self._refs: dict[str, str] = {}

    def pair(self, reference: str, summary: Sequence[str]) -> dict[str, float]:
        ref = self._refs.get(reference)
        if ref is None:
            ref = self._refs[reference] = "\n".join(split_sentences(reference, self.language))
        scores = self._scorer.score(ref, "\n".join(summary))
        return {name: scores[name].fmeasure * 100 for name in ROUGE_TYPES}

    def mean(self, pairs: Iterable[tuple[str, Sequence[str]]]) -> RougeScores:
        rows = [self.pair(ref, summary) for ref, summary in pairs]
        if not rows:
            return RougeScores(0.0, 0.0, 0.0, 0)
        mean = {name: statistics.fmean(row[name] for row in rows) for name in ROUGE_TYPES}
        return RougeScores(mean["rouge1"], mean["rouge2"], mean["rougeLsum"], n=len(rows))


Ngrams = tuple[Counter[str], Counter[tuple[str, str]]]


def _f1(reference: Counter[str] | Counter[tuple[str, str]], summary: Counter[object]) -> float:
    overlap = sum((reference & summary).values())  # type: ignore[operator]
    if overlap == 0:
        return 0.0
    precision = overlap / sum(summary.values())
    recall = overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


class NgramRouge:
    """rouge-score's ROUGE-1/2 F1 ×100 (same tokenizer and stemmer) from pre-tokenised text.

    A summary's tokens are its sentences' tokens in order (rouge-score tokenises the
    newline-joined text word by word), so sentences are tokenised once and selections are scored
    by counting n-grams: the figures equal :meth:`Rouge.pair`'s rouge1 and rouge2.
    """

    def __init__(self, tokenizer: str = "rouge", language: str = "en") -> None:
        self.language = language
        self._tokenizer = make_tokenizer(tokenizer, language)

    def tokens(self, text: str) -> list[str]:
        return list(self._tokenizer.tokenize(text))  # type: ignore[attr-defined]

    def reference(self, text: str) -> Ngrams:
        words = self.tokens("\n".join(split_sentences(text, self.language)))
        return Counter(words), Counter(itertools.pairwise(words))

    @staticmethod
    def score(reference: Ngrams, words: Sequence[str]) -> tuple[float, float]:
        """(ROUGE-1, ROUGE-2) F1 ×100 of a summary whose tokens are ``words``."""
        unigrams: Counter[object] = Counter(words)
        bigrams: Counter[object] = Counter(itertools.pairwise(words))
        return _f1(reference[0], unigrams) * 100, _f1(reference[1], bigrams) * 100


def iter_pairs(
    records: Sequence[Record], summaries: Sequence[Sequence[str]]
) -> Iterator[tuple[str, Sequence[str]]]:
    return zip((r.reference for r in records), summaries, strict=True)
