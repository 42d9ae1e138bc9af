"""Compose a daily digest: one entry per story, ranked, filtered by keywords.

Pure functions over typed inputs, no I/O and no Telegram. The caller (``services/digests.py``)
gathers the candidates — articles shared in a chat since its previous digest, and new items of
the chat's feeds — as :class:`DigestItem` values; :func:`compose_digest` turns them into a
:class:`Digest`.

Stages, in order (each one says why):

1. Same page, one source: items with the same canonical URL are one source, whose shares add up
   (a link posted three times counts three times but is listed once).
2. Same story, one entry: sources whose title and lede are close enough are one story. The
   similarity is injectable: the sentence encoder when loaded (:class:`EncoderSimilarity`),
   else a lexical cosine over content words (:class:`LexicalSimilarity`), so a digest can always
   be built, and tests need no model.
3. Keyword filters, on the whole story (every source's title and summary), as plain
   case-insensitive words and phrases — user text is never a regular expression.
4. Ranking: by sources plus shares, then recency; the first ``limit`` stories are kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from summarizer.language import dominant_script
from summarizer.types import UNSPACED, Quote
from summarizer.urls import clean_url, site_of

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 10
FloatMatrix = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class DigestItem:
    """A candidate for a digest: one shared link, or one new feed item."""

    url: str
    title: str
    seen_at: dt.datetime  # when it was shared, or when the feed item appeared (aware)
    canonical_url: str = ""  # defaults to ``clean_url(url)``
    site: str | None = None  # defaults to the URL's host
    summary: tuple[str, ...] = ()  # summary sentences, best first
    quotes: tuple[Quote, ...] = ()  # key quotes, best first
    shares: int = 0  # times shared in the chat (0 for a feed item nobody shared)
    feed_title: str | None = None  # the feed it came from, if any
    language: str | None = None

    @property
    def key(self) -> str:
        return self.canonical_url or clean_url(self.url)

    @property
    def site_name(self) -> str:
        return self.site or site_of(self.url) or self.url


@dataclass(frozen=True, slots=True)
class DigestSource:
    """One page of a story (several shares of the same page are one source)."""

    url: str
    site: str
    title: str
    shares: int
    seen_at: dt.datetime


@dataclass(frozen=True, slots=True)
class DigestStory:
    """One entry of a digest: a story with every source that covered it."""

    title: str
    url: str  # the lead source's URL
    sources: tuple[DigestSource, ...]  # lead source first
    summary: tuple[str, ...]  # one or two sentences of the lead source
    quote: Quote | None  # the best quote with a speaker, from any source
    shares: int  # total shares in the chat
    latest: dt.datetime  # the most recent share or appearance
    language: str | None = None

    @property
    def sites(self) -> tuple[str, ...]:
        """The distinct sites, lead source's first."""
        return tuple(dict.fromkeys(s.site for s in self.sources))

    @property
    def weight(self) -> int:
        """What ranking counts: how many sources and how many shares."""
        return len(self.sources) + self.shares


@dataclass(frozen=True, slots=True)
class Digest:
    """A composed digest. ``stories`` is empty on a day with nothing new (or all filtered)."""

    stories: tuple[DigestStory, ...]
    candidates: int = 0  # items given
    filtered_out: int = 0  # stories removed by keyword filters
    left_out: int = 0  # stories beyond the limit

    @property
    def empty(self) -> bool:
        return not self.stories


# --- keyword filters ---------------------------------------------------------------------------


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc")


def _words(text: str) -> list[str]:
    """Case-folded words of ``text``: runs of letters, digits and combining marks."""
    out: list[str] = []
    current: list[str] = []
    for ch in unicodedata.normalize("NFC", text).casefold():
        if _is_word_char(ch):
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def _unspaced_script(text: str) -> bool:
    """Whether ``text`` is in a script written without spaces between words (CJK, Thai...)."""
    for ch in text:
        code = ord(ch)
        if (
            0x3040 <= code <= 0x30FF  # kana
            or 0x3400 <= code <= 0x9FFF  # CJK ideographs
            or 0xAC00 <= code <= 0xD7AF  # hangul
            or 0x0E00 <= code <= 0x0EFF  # thai, lao
            or 0xF900 <= code <= 0xFAFF
        ):
            return True
    return False


def _fold(text: str) -> str:
    """Case-folded, NFC-normalised text with every run of whitespace as one space."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def keyword_found(keyword: str, folded_text: str) -> bool:
    """Whether ``keyword`` occurs in ``folded_text`` (from :func:`_fold`) as whole words.

    Plain text, never a pattern: ``c++`` matches "C++" and ``ai`` does not match "said". Where
    a keyword starts (ends) with a letter or digit, the text before (after) it must not be one.
    Scripts written without spaces (CJK, Thai) match as plain substrings.
    """
    needle = _fold(keyword)
    if not needle:
        return False
    if _unspaced_script(needle):
        return needle in folded_text
    check_start, check_end = _is_word_char(needle[0]), _is_word_char(needle[-1])
    start = folded_text.find(needle)
    while start >= 0:
        end = start + len(needle)
        before_ok = not check_start or start == 0 or not _is_word_char(folded_text[start - 1])
        after_ok = not check_end or end == len(folded_text) or not _is_word_char(folded_text[end])
        if before_ok and after_ok:
            return True
        start = folded_text.find(needle, start + 1)
    return False


@dataclass(frozen=True, slots=True)
class KeywordFilter:
    """A chat's filters: with includes, a story must match one; it must match no exclude."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.include or self.exclude)

    def allows(self, text: str) -> bool:
        """Whether a story whose text is ``text`` passes the filters."""
        if not self.active:
            return True
        folded = _fold(text)
        if any(keyword_found(k, folded) for k in self.exclude):
            return False
        if self.include:
            return any(keyword_found(k, folded) for k in self.include)
        return True


def story_text(story: DigestStory) -> str:
    """Everything keyword filters look at: every source's title, the summary and the quote."""
    parts = [s.title for s in story.sources] + list(story.summary)
    if story.quote is not None:
        parts.append(story.quote.text)
    return "\n".join(parts)


# --- similarity --------------------------------------------------------------------------------


class StorySimilarity(Protocol):
    """Scores how alike texts are; two sources are one story when the score >= ``threshold``."""

    @property
    def threshold(self) -> float: ...

    def matrix(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> FloatMatrix:
        """The symmetric similarity matrix of ``texts`` (1.0 on the diagonal); ``languages``,
        when given, holds each text's ISO 639-1 code (None when unknown)."""
        ...


# Words that say nothing about which story it is (English only; other languages simply keep
# theirs, which makes the lexical fallback a little stricter there).
# fmt: off
_STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "he",
    "her", "his", "in", "into", "is", "it", "its", "of", "on", "or", "our", "says", "said", "she",
    "than", "that", "the", "their", "them", "they", "this", "to", "was", "were", "what", "when",
    "which", "who", "will", "with", "would", "after", "over", "new", "news", "live", "update",
    "updates", "latest", "how", "why", "more", "about",
})
# fmt: on


def _content_words(text: str) -> set[str]:
    """Content words; a run of Chinese, Japanese or Thai (no spaces) gives its character
    bigrams."""
    out: set[str] = set()
    for word in _words(text):
        if UNSPACED.search(word):
            out.update(word[i : i + 2] for i in range(len(word) - 1))
        elif len(word) > 2 and word not in _STOPWORDS:
            out.add(word)
    return out


@dataclass(frozen=True, slots=True)
class LexicalSimilarity:
    """Cosine over sets of content words: the fallback when no encoder is loaded."""

    threshold: float = 0.35

    def matrix(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> FloatMatrix:
        sets = [_content_words(t) for t in texts]
        n = len(sets)
        out = np.eye(n, dtype=np.float32)
        for i in range(n):
            for j in range(i + 1, n):
                a, b = sets[i], sets[j]
                if a and b:
                    score = len(a & b) / math.sqrt(len(a) * len(b))
                    out[i, j] = out[j, i] = score
        return out


class TextEncoder(Protocol):
    """What :class:`EncoderSimilarity` needs of a sentence encoder (``summarizers.encoder``)."""

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.floating[Any]]: ...


# all-MiniLM-L6-v2 has an English WordPiece vocabulary: other scripts fall apart into characters
# and [UNK], so unrelated Russian or Chinese stories score above the threshold (measured: an
# unrelated Chinese pair 0.72, Russian 0.57, against 0.6). Those pairs are compared lexically.
# An encoder says what it reads in its ``languages`` attribute (None: every language; the pinned
# MiniLM says English); one that says nothing is taken for English only.
ENCODER_LANGUAGES = frozenset({"en"})


def _rescale(lexical: FloatMatrix, lexical_threshold: float, threshold: float) -> FloatMatrix:
    """Lexical scores on the encoder's scale: 0 -> 0, the lexical threshold -> the encoder's,
    1 -> 1, linear in between (so no score passes 1 and outweighs the rest of a group)."""
    low = lexical * (threshold / lexical_threshold)
    high = threshold + (lexical - lexical_threshold) * (1 - threshold) / (1 - lexical_threshold)
    return np.where(lexical <= lexical_threshold, low, high).astype(np.float32)


class EncoderSimilarity:
    """Cosine of sentence embeddings (rows L2-normalised by the encoder).

    Embeddings are cached by text: a feed item followed by many chats is encoded once, which
    matters when a thousand digests are due in the same minute. A pair where either text is in a
    language the encoder does not read is scored by :class:`LexicalSimilarity` instead, rescaled
    so that its threshold lands on this one. A text of unknown language counts as readable when
    it is written in the Latin alphabet.
    """

    def __init__(
        self, encoder: TextEncoder, *, threshold: float = 0.6, cache_size: int = 20_000
    ) -> None:
        self._encoder = encoder
        self._threshold = threshold
        self._languages: frozenset[str] | None = getattr(encoder, "languages", ENCODER_LANGUAGES)
        self._lexical = LexicalSimilarity()
        self._cache: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()  # compose_digest may run in several threads

    @property
    def threshold(self) -> float:
        return self._threshold

    def with_threshold(self, threshold: float) -> EncoderSimilarity:
        """The same encoder and cache, another threshold."""
        other = EncoderSimilarity(self._encoder, threshold=threshold, cache_size=self._cache_size)
        other._cache, other._lock = self._cache, self._lock
        return other

    def embed(self, texts: Sequence[str]) -> FloatMatrix:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = np.asarray(self._encoder.encode(missing), dtype=np.float32)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        with self._lock:
            rows = []
            for t in texts:
                vector = self._cache.get(t)
                if vector is None:  # evicted meanwhile by another thread: encode again
                    vector = np.asarray(self._encoder.encode([t]), dtype=np.float32)[0]
                rows.append(vector)
        return np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)

    def matrix(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> FloatMatrix:
        n = len(texts)
        if not n:
            return np.zeros((0, 0), dtype=np.float32)
        foreign = np.array(
            [self._foreign(texts[i], languages[i] if languages else None) for i in range(n)],
            dtype=bool,
        )
        scores = np.zeros((n, n), dtype=np.float32)
        readable = np.flatnonzero(~foreign)
        if readable.size:  # only the texts the encoder reads are embedded
            vectors = self.embed([texts[int(i)] for i in readable])
            scores[np.ix_(readable, readable)] = vectors @ vectors.T
        if foreign.any():
            lexical = _rescale(
                self._lexical.matrix(texts), self._lexical.threshold, self._threshold
            )
            pairs = foreign[:, None] | foreign[None, :]
            scores = np.where(pairs, lexical, scores).astype(np.float32)
        np.fill_diagonal(scores, 1.0)
        return scores

    def _foreign(self, text: str, language: str | None) -> bool:
        """Whether the encoder cannot read ``text`` (in ``language``, None when unknown)."""
        if self._languages is None:
            return False
        if language is not None:
            return language not in self._languages
        script = dominant_script(text)  # a feed item not yet summarised has no language
        return script is not None and script != "latin"


def similarity_text(title: str, summary: Sequence[str]) -> str:
    """What similarity compares: the title and the lede, which name the story."""
    lede = summary[0] if summary else ""
    return f"{title.strip()}. {lede.strip()}".strip(". ") if lede else title.strip()


# --- grouping ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Source:
    """Mutable accumulator for one canonical URL."""

    key: str
    items: list[DigestItem]

    @property
    def shares(self) -> int:
        return sum(i.shares for i in self.items)

    @property
    def seen_at(self) -> dt.datetime:
        return max(i.seen_at for i in self.items)

    @property
    def best(self) -> DigestItem:
        """The item with the richest content (a summary beats a feed blurb)."""
        return max(self.items, key=lambda i: (len(i.summary) > 0, len(i.quotes) > 0, i.seen_at))


def _merge_by_url(items: Iterable[DigestItem]) -> list[_Source]:
    by_key: dict[str, _Source] = {}
    for item in items:
        source = by_key.get(item.key)
        if source is None:
            by_key[item.key] = _Source(item.key, [item])
        else:
            source.items.append(item)
    return list(by_key.values())


def _group(sources: list[_Source], similarity: StorySimilarity | None) -> list[list[_Source]]:
    """Greedy average-link clustering: a source joins the story it is closest to on average.

    Single-link would chain loosely related pages into one blob (A~B, B~C, A≁C); averaging keeps
    a story tight. Sources are visited most-shared and newest first, so a story's seed is strong.
    """
    order = sorted(sources, key=lambda s: (s.shares, s.seen_at), reverse=True)
    if similarity is None or len(order) < 2:
        return [[s] for s in order]
    texts = [similarity_text(s.best.title, s.best.summary) for s in order]
    scores = similarity.matrix(texts, [s.best.language for s in order])
    groups: list[list[int]] = []
    for i in range(len(order)):
        best_group, best_score = -1, similarity.threshold
        for g, members in enumerate(groups):
            score = float(np.mean([scores[i, j] for j in members]))
            if score >= best_score:
                best_group, best_score = g, score
        if best_group >= 0:
            groups[best_group].append(i)
        else:
            groups.append([i])
    return [[order[i] for i in members] for members in groups]


def _best_quote(sources: Sequence[_Source]) -> Quote | None:
    """The first key quote with a speaker, lead source first; else the first quote at all."""
    quotes = [q for s in sources for q in s.best.quotes]
    for quote in quotes:
        if quote.speaker:
            return quote
    return quotes[0] if quotes else None


def _story(group: list[_Source], summary_sentences: int) -> DigestStory:
    # Lead source: the most shared, then one with a summary and a quote, then the first seen.
    ordered = sorted(
        group,
        key=lambda s: (
            -s.shares,
            not s.best.summary,
            not s.best.quotes,
            min(i.seen_at for i in s.items),
        ),
    )
    lead = ordered[0].best
    return DigestStory(
        title=lead.title.strip() or lead.site_name,
        url=lead.url,
        sources=tuple(
            DigestSource(
                url=s.best.url,
                site=s.best.site_name,
                title=s.best.title,
                shares=s.shares,
                seen_at=s.seen_at,
            )
            for s in ordered
        ),
        summary=tuple(lead.summary[:summary_sentences]),
        quote=_best_quote(ordered),
        shares=sum(s.shares for s in ordered),
        latest=max(s.seen_at for s in ordered),
        language=lead.language,
    )


def rank_key(story: DigestStory) -> tuple[int, int, dt.datetime]:
    """Sort key, highest first: sources plus shares, then sources, then recency."""
    return (story.weight, len(story.sources), story.latest)


def compose_digest(
    items: Sequence[DigestItem],
    *,
    limit: int = DEFAULT_LIMIT,
    keywords: KeywordFilter | None = None,
    similarity: StorySimilarity | None = None,
    summary_sentences: int = 2,
) -> Digest:
    """Group ``items`` into stories, filter, rank and keep the first ``limit``.

    ``similarity=None`` groups by canonical URL only; pass :class:`EncoderSimilarity` (or
    :class:`LexicalSimilarity` when no encoder is loaded) to merge the same story across sites.
    """
    sources = _merge_by_url(items)
    stories = [_story(group, summary_sentences) for group in _group(sources, similarity)]
    filtered_out = 0
    if keywords is not None and keywords.active:
        kept = [s for s in stories if keywords.allows(story_text(s))]
        filtered_out = len(stories) - len(kept)
        stories = kept
    stories.sort(key=rank_key, reverse=True)
    return Digest(
        stories=tuple(stories[: max(limit, 0)]),
        candidates=len(items),
        filtered_out=filtered_out,
        left_out=max(len(stories) - max(limit, 0), 0),
    )


def default_similarity(
    load: Callable[[], TextEncoder] | None = None, *, threshold: float = 0.6
) -> StorySimilarity:
    """The encoder similarity when ``load`` gives an encoder, else the lexical fallback."""
    if load is not None:
        try:
            return EncoderSimilarity(load(), threshold=threshold)
        except Exception:  # a missing or broken model must not stop digests
            logger.warning("no sentence encoder; grouping stories lexically", exc_info=True)
    return LexicalSimilarity()
