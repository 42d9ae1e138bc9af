"""The few quotes that carry a story: ``key_quotes(quotes, summary, n)``, best first."""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.types import Quote

__all__ = ["key_quotes"]

_WORD_RE = re.compile(r"\w+")

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
    if quote.partial or quote.text[:1].islower():
        score -= _FRAGMENT
    if summary_words:
        mine = _content_words(quote.text)
        if mine:  # the share of the quote's words that the summary also uses
            score += _RELEVANCE * len(mine & summary_words) / len(mine)
    return score


def key_quotes(quotes: Sequence[Quote], summary: Sequence[str] = (), n: int = 3) -> list[Quote]:
    """The ``n`` quotes that best carry the story, best first.

    Prefers quotes with a named speaker, of a sentence or more, from different speakers, and
    sharing words with the summary; near-duplicates are skipped. A partial quote (``partial``:
    `called the deal "a disaster"`) is chosen only when no full quote is left.
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
                not item[2].partial,
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
