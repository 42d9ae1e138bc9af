"""Numbers typed after a command (``/summary 3``, ``/feed remove 2``) or carried in buttons.

``str.isdigit`` accepts ``²`` and other digits that ``int`` refuses, and a number of 30 digits
fits no SQLite integer: both used to reach the user as an apology for an internal error.
"""

from __future__ import annotations

import re

__all__ = ["MAX_NUMBER", "looks_like_number", "number", "shown"]

MAX_NUMBER = 999_999_999  # more than any history, feed list or page count; fits SQLite
_DIGITS = re.compile(r"[0-9]{1,9}")


def number(text: str | None) -> int | None:
    """The non-negative number ``text`` spells in ASCII digits (at most 9 of them), else None."""
    if text is None or _DIGITS.fullmatch(text) is None:
        return None
    return int(text)


def looks_like_number(text: str) -> bool:
    """Whether ``text`` is meant as a number (any digits, any length): it deserves an answer
    about numbers rather than "I don't understand"."""
    return bool(text) and all(ch.isdigit() for ch in text)


def shown(arg: str, limit: int = 12) -> str:
    """A user's argument quoted back, cut short (a 4,000-digit number must not overflow)."""
    return arg if len(arg) <= limit else arg[:limit] + "…"
