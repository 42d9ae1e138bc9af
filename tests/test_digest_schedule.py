"""Schedule arithmetic: local times, time zones and DST changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from summarizer.schedule import (
    Slot,
    due_at,
    latest_slot,
    next_slot,
    parse_local_time,
    parse_timezone,
    zone,
)

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8:00", dt.time(8)),
        ("08:00", dt.time(8)),
        ("7.30", dt.time(7, 30)),
        ("19h15", dt.time(19, 15)),
        ("23:59", dt.time(23, 59)),
        ("6", dt.time(6)),
        ("24:00", None),
        ("8:60", None),
        ("noon", None),
        ("Europe/Berlin", None),
    ],
)
def test_parse_local_time(text: str, expected: dt.time | None) -> None:
    assert parse_local_time(text) == expected


def test_parse_timezone_is_case_insensitive_and_strict() -> None:
    assert parse_timezone("europe/berlin") == "Europe/Berlin"
    assert parse_timezone("UTC") == "UTC"
    assert parse_timezone("Mars/Olympus") is None
    assert parse_timezone("../../etc/passwd") is None
    assert zone("No/Such_Zone") == ZoneInfo("UTC")


def test_due_time_follows_the_zone_offset_in_winter_and_summer() -> None:
    assert due_at(dt.date(2026, 1, 15), dt.time(8), BERLIN) == utc(2026, 1, 15, 7)
    assert due_at(dt.date(2026, 7, 15), dt.time(8), BERLIN) == utc(2026, 7, 15, 6)
    assert due_at(dt.date(2026, 7, 15), dt.time(8), NEW_YORK) == utc(2026, 7, 15, 12)


def test_spring_forward_keeps_local_wall_time_across_the_change() -> None:
    # Berlin moves to summer time on Sunday 29 March 2026 at 02:00 -> 03:00.
    before = due_at(dt.date(2026, 3, 28), dt.time(8), BERLIN)
    after = due_at(dt.date(2026, 3, 29), dt.time(8), BERLIN)

    assert before == utc(2026, 3, 28, 7)
    assert after == utc(2026, 3, 29, 6)
    assert after - before == dt.timedelta(hours=23)


def test_a_time_in_the_spring_gap_falls_an_hour_later() -> None:
    when = due_at(dt.date(2026, 3, 29), dt.time(2, 30), BERLIN)

    assert when == utc(2026, 3, 29, 1, 30)
    assert when.astimezone(BERLIN).strftime("%H:%M %Z") == "03:30 CEST"


def test_a_repeated_autumn_time_is_due_at_its_first_occurrence_only_once() -> None:
    # Berlin goes back on Sunday 25 October 2026 at 03:00 -> 02:00: 02:30 happens twice.
    day = dt.date(2026, 10, 25)
    first = due_at(day, dt.time(2, 30), BERLIN)
    assert first == utc(2026, 10, 25, 0, 30)

    # Both wall-clock 02:30s are in the same slot: the date's digest is owed once.
    second_occurrence = utc(2026, 10, 25, 1, 30)
    assert latest_slot(dt.time(2, 30), BERLIN, second_occurrence) == Slot(day, first)
    assert next_slot(dt.time(2, 30), BERLIN, first).local_date == day + dt.timedelta(days=1)


def test_slots_just_before_at_and_after_the_due_time() -> None:
    due = utc(2026, 3, 2, 7)
    at = dt.time(8)

    assert latest_slot(at, BERLIN, due - dt.timedelta(seconds=1)) == Slot(
        dt.date(2026, 3, 1), utc(2026, 3, 1, 7)
    )
    assert latest_slot(at, BERLIN, due) == Slot(dt.date(2026, 3, 2), due)
    assert next_slot(at, BERLIN, due - dt.timedelta(seconds=1)) == Slot(dt.date(2026, 3, 2), due)
    assert next_slot(at, BERLIN, due) == Slot(dt.date(2026, 3, 3), utc(2026, 3, 3, 7))


def test_local_date_not_utc_date_names_the_slot() -> None:
    # 00:30 in Tokyo on 3 March is still 2 March in UTC.
    tokyo = ZoneInfo("Asia/Tokyo")
    slot = latest_slot(dt.time(0, 30), tokyo, utc(2026, 3, 2, 15, 45))

    assert slot == Slot(dt.date(2026, 3, 3), utc(2026, 3, 2, 15, 30))


def test_consecutive_slots_over_a_dst_week_are_one_local_day_apart() -> None:
    now = utc(2026, 3, 25)
    slots = []
    for _ in range(8):
        slot = next_slot(dt.time(8), BERLIN, now)
        slots.append(slot)
        now = slot.due_at
    local = [s.due_at.astimezone(BERLIN) for s in slots]

    assert {t.strftime("%H:%M") for t in local} == {"08:00"}
    assert [s.local_date for s in slots] == [
        dt.date(2026, 3, 25) + dt.timedelta(days=n) for n in range(8)
    ]
