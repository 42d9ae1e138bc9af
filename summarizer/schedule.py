"""Daily digest schedule arithmetic in a chat's time zone: pure functions over ``zoneinfo``.

A digest is owed once per *local* date. Its due instant is that date's wall-clock time in the
zone, which makes DST changes come out right:

- spring forward, a time in the gap (02:30 on a day that jumps from 02:00 to 03:00) does not
  exist; it is read with the offset before the jump, so it falls one hour later (03:30);
- fall back, a time that happens twice (02:30 on a day that repeats 02:00–03:00) is due at its
  first occurrence (``fold=0``), and is still owed only once since the log is keyed by date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_TIME = dt.time(8, 0)
DEFAULT_TIMEZONE = "UTC"

_TIME = re.compile(r"^([01]?\d|2[0-3])(?:[:.h]([0-5]\d))?$")
_TIME_SHAPE = re.compile(r"^\d{1,2}[:.h]\d{1,2}$")  # what a time looks like, in range or not


@dataclass(frozen=True, slots=True)
class Slot:
    """One day's digest: the chat's local date and the instant it is due (UTC)."""

    local_date: dt.date
    due_at: dt.datetime


def parse_local_time(text: str) -> dt.time | None:
    """``"8:00"``, ``"08:00"``, ``"7.30"``, ``"19h15"`` or ``"8"``; None if not a time of day."""
    match = _TIME.match(text.strip())
    if match is None:
        return None
    return dt.time(int(match.group(1)), int(match.group(2) or 0))


def looks_like_time(text: str) -> bool:
    """Whether ``text`` is shaped like ``HH:MM`` (``25:00`` and ``8:61`` included)."""
    return _TIME_SHAPE.match(text.strip()) is not None


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


def parse_timezone(text: str) -> str | None:
    """The IANA name for ``text`` (``Europe/Berlin``, any case; ``UTC``); None if unknown."""
    name = _zone_names().get(text.strip().casefold())
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def looks_like_timezone(text: str) -> bool:
    """Whether ``text`` is shaped like a zone name, to tell a typo from some other argument."""
    return "/" in text or text.upper() in ("UTC", "GMT")


def zone(name: str) -> ZoneInfo:
    """The zone, falling back to UTC for a name this system does not know (any more)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def due_at(local_date: dt.date, local_time: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The UTC instant of ``local_time`` on ``local_date`` in ``tz`` (see module doc for DST)."""
    wall = dt.datetime.combine(local_date, local_time.replace(tzinfo=None), tzinfo=tz)
    return wall.replace(fold=0).astimezone(dt.UTC)


def latest_slot(local_time: dt.time, tz: ZoneInfo, now: dt.datetime) -> Slot:
    """The most recent slot due at or before ``now``."""
    today = now.astimezone(tz).date()
    for day in (today + dt.timedelta(days=1), today, today - dt.timedelta(days=1)):
        when = due_at(day, local_time, tz)
        if when <= now:
            return Slot(day, when)
    day = today - dt.timedelta(days=2)  # unreachable for real zones; keeps the type total
    return Slot(day, due_at(day, local_time, tz))


def next_slot(local_time: dt.time, tz: ZoneInfo, after: dt.datetime) -> Slot:
    """The first slot due strictly after ``after``."""
    today = after.astimezone(tz).date()
    for day in (today - dt.timedelta(days=1), today, today + dt.timedelta(days=1)):
        when = due_at(day, local_time, tz)
        if when > after:
            return Slot(day, when)
    day = today + dt.timedelta(days=2)
    return Slot(day, due_at(day, local_time, tz))
