"""How times are stored: UTC text in the shape of SQLite's ``strftime('%Y-%m-%dT%H:%M:%fZ')``.

One fixed width and one offset, so stored times sort and compare correctly as strings.
"""

from __future__ import annotations

import datetime as dt


def to_db(when: dt.datetime) -> str:
    """``2026-03-02T07:00:00.000Z`` for an aware datetime (naive ones are refused)."""
    if when.tzinfo is None:
        raise ValueError("stored times must be timezone-aware")
    utc = when.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def from_db(text: str) -> dt.datetime:
    """The aware UTC datetime of a stored time (any ISO 8601 form is accepted)."""
    parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def maybe_from_db(text: str | None) -> dt.datetime | None:
    return from_db(text) if text else None
