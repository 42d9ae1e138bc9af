"""Direct quotations with the people who said them, and the few that carry a story.

    extract_quotes(text, language) -> list[Quote]      every quotation, in text order
    key_quotes(quotes, summary, n) -> list[Quote]      the best few, best first
    find_quotations(text, language) -> list[Quotation] quotations with their parts grouped

The work is done in three stages, each in its own module:

1. ``quotes_marks``: which quotation marks open and close quotes ("…", “…”, «…», „…“, »…«, and
   ‘…’ where a language uses single quotes), telling apostrophes apart.
2. ``quotes_attribution``: which quotes are quotations and who said them (`"…," X said`,
   `X said: "…"`, split quotes, `«…», — заявил X`, quotes over several paragraphs), with speech
   verbs and cues for English, German, French, Spanish and Russian (``quotes_lexicon``).
3. ``quotes_speakers``: names read from the words beside the cue; surnames expanded to the full
   name the article gave; pronouns resolved to the person last named; roles kept as written.

A wrong speaker is worse than none: when the rules do not settle who spoke, the speaker is None.
Every quote's text is checked to appear verbatim at its offset. Pure and synchronous; linear in
the text (no backtracking regexes), so a long article takes milliseconds, not seconds.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.quotes_attribution import attribute
from summarizer.types import Quote

logger = logging.getLogger(__name__)

__all__ = ["Quotation", "extract_quotes", "find_quotations", "key_quotes"]

_MAX_CHARS = 2_000_000  # longer input is cut: no article is this long
_WORD_RE = re.compile(r"\w+")
_TRAILING = " \t\n\u00a0,;"


@dataclass(frozen=True, slots=True)
class Quotation:
    """One thing someone said: its quoted parts (a split quote has several), speaker and cue."""

    parts: tuple[Quote, ...]
    speaker: str | None
    cue: str | None

    @property
    def text(self) -> str:
        return " … ".join(p.text for p in self.parts)


def find_quotations(text: str, language: str | None = None) -> list[Quotation]:
    """Every direct quotation in ``text``, in text order, with split parts kept together.

    Never raises: on unexpected input it logs and returns what it can (nothing).
    """
    if not isinstance(text, str) or not text:  # callers are typed; this guards the untyped
        return []  # type: ignore[unreachable,unused-ignore]
    if language is not None and not isinstance(language, str):
        language = None  # type: ignore[unreachable,unused-ignore]
    body = text[:_MAX_CHARS]
    try:
        groups = attribute(body, language)
    except Exception:  # a quote finder must never take the summary down with it
        logger.exception("quote extraction failed on a %d-character text", len(body))
        return []
    quotations: list[Quotation] = []
    for group in groups:
        parts = []
        for span in group.parts:
            quote = _quote(body, span.start, span.end, group.speaker, group.cue)
            if quote is not None:
                parts.append(quote)
        if parts:
            quotations.append(Quotation(tuple(parts), group.speaker, group.cue))
    return quotations


def _quote(text: str, start: int, end: int, speaker: str | None, cue: str | None) -> Quote | None:
    words = text[start:end].rstrip(_TRAILING)
    if not _WORD_RE.search(words):
        return None
    quote = Quote(text=words, speaker=speaker, cue=cue, start=start)
    if text[quote.start : quote.start + len(quote.text)] != quote.text:  # verbatim, always
        logger.warning("dropped a quote that is not verbatim at %d", start)
        return None
    return quote


def extract_quotes(text: str, language: str | None = None) -> list[Quote]:
    """Every direct quotation in ``text`` in text order (a split quote gives one per part).

    ``text`` is an article body, paragraphs separated by blank lines or single newlines;
    ``language`` is an ISO 639-1 code, or None to try every language's cues. Each quote's
    ``start`` is the offset of its text in ``text``.
    """
    return [part for q in find_quotations(text, language) for part in q.parts]


# key_quotes weights: a named person beats a role, a role beats nobody; a quote of a sentence or
# two beats a fragment (a partial quote starts in lower case: `said the plan was "a disaster"`),
# so the reply lists fragments only when full quotes run out or the summary is about them;
# overlap with the summary shows the quote is about the story.
_NAMED = 2.0
_ROLE = 1.0
_LENGTH = 2.0
_RELEVANCE = 3.0
_SAME_SPEAKER = 2.5
_FRAGMENT = 2.5  # a partial quote (`called it "a mess"`) comes after the full quotes
_MIN_WORDS = 5
_LONG_WORDS = 80


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD_RE.findall(text.lower()) if len(w) > 3}


def _is_person(speaker: str) -> bool:
    return all(
        w[0].isupper() or w.lower() in {"de", "von", "van", "der", "bin", "al", "da", "la", "and"}
        for w in speaker.split()
    )


def _score(quote: Quote, summary_words: set[str]) -> float:
    words = _WORD_RE.findall(quote.text)
    score = 0.0
    if quote.speaker:
        score += _NAMED if _is_person(quote.speaker) else _ROLE
    score += _LENGTH * min(len(words), 25) / 25
    if len(words) < _MIN_WORDS:
        score -= 1.0
    if len(words) > _LONG_WORDS:
        score -= 0.5
    if quote.text[:1].islower():
        score -= _FRAGMENT
    if summary_words:
        mine = _content_words(quote.text)
        if mine:  # the share of the quote's words that the summary also uses
            score += _RELEVANCE * len(mine & summary_words) / len(mine)
    return score


def key_quotes(quotes: Sequence[Quote], summary: Sequence[str] = (), n: int = 3) -> list[Quote]:
    """The ``n`` quotes that best carry the story, best first.

    Prefers quotes with a named speaker, of a sentence or more, from different speakers, and
    sharing words with the summary; near-duplicates are skipped.
    """
    if n <= 0 or not quotes:
        return []
    summary_words = _content_words(" ".join(summary))
    scored = [(_score(q, summary_words), i, q) for i, q in enumerate(quotes)]
    chosen: list[Quote] = []
    speakers: dict[str, int] = {}
    remaining = scored
    while remaining and len(chosen) < n:
        best = max(
            remaining,
            key=lambda item: (
                item[0] - _SAME_SPEAKER * speakers.get((item[2].speaker or "").lower(), 0)
                if item[2].speaker
                else item[0],
                -item[1],
            ),
        )
        remaining = [item for item in remaining if item is not best]
        quote = best[2]
        if any(_near_duplicate(quote, other) for other in chosen):
            continue
        chosen.append(quote)
        if quote.speaker:
            key = quote.speaker.lower()
            speakers[key] = speakers.get(key, 0) + 1
    return chosen


def _near_duplicate(a: Quote, b: Quote) -> bool:
    wa, wb = _content_words(a.text), _content_words(b.text)
    if not wa or not wb:
        return a.text == b.text
    return len(wa & wb) / len(wa | wb) > 0.6
