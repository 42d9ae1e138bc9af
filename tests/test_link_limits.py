"""The per-user link limit, counted in the database on both backends: the same sliding window
and the same "tell once" rule as the in-memory limiter it replaces, kept across restarts and
shared by processes."""

from __future__ import annotations

import asyncio

import pytest

from storage.database import Database, DatabaseTarget, open_database
from storage.link_limits import Allowance, LinkLimits

USER, OTHER = 7_123_456_789, 42


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def test_a_sliding_window_per_user_told_once_per_time_the_limit_is_reached(
    database: Database,
) -> None:
    clock = Clock()
    limits = LinkLimits(database, max_links=3, window=600.0, clock=clock)

    assert await limits.take(USER, 2) == Allowance(2, 0.0, False)
    clock.now += 100
    assert await limits.take(USER, 3) == Allowance(1, 500.0, True)  # one left; told
    clock.now += 50
    assert await limits.take(USER, 1) == Allowance(0, 450.0, False)  # already told
    assert await limits.take(OTHER, 3) == Allowance(3, 0.0, False)  # users are counted apart
    clock.now += 460  # the first two links left the window
    assert await limits.take(USER, 3) == Allowance(2, 90.0, True)
    assert (await limits.take(USER, 1)).retry_minutes == 2


async def test_the_count_survives_a_restart(database_target: DatabaseTarget) -> None:
    clock = Clock()
    first = await open_database(database_target)
    try:
        assert (await LinkLimits(first, max_links=5, clock=clock).take(USER, 4)).granted == 4
    finally:
        await first.close()

    second = await open_database(database_target)
    try:
        again = await LinkLimits(second, max_links=5, clock=clock).take(USER, 3)
    finally:
        await second.close()
    assert (again.granted, again.tell) == (1, True)


async def test_two_processes_cannot_both_take_the_last_links(
    database_target: DatabaseTarget,
) -> None:
    clock = Clock()
    replicas = [await open_database(database_target) for _ in range(2)]
    try:
        limiters = [LinkLimits(db, max_links=20, clock=clock) for db in replicas]
        results = await asyncio.gather(*(limiters[n % 2].take(USER, 1) for n in range(40)))
    finally:
        for db in replicas:
            await db.close()

    assert sum(r.granted for r in results) == 20
    assert sum(r.tell for r in results) == 1  # told once, whichever process refused first


async def test_quiet_users_are_forgotten(database: Database) -> None:
    clock = Clock()
    limits = LinkLimits(database, max_links=2, window=600.0, clock=clock)
    await limits.take(USER, 2)
    clock.now += 300
    await limits.take(OTHER, 1)
    clock.now += 301

    assert await limits.forget_idle() == 1
    assert (await limits.take(OTHER, 2)).granted == 1  # still counted
    assert (await limits.take(USER, 2)).granted == 2


@pytest.mark.parametrize("wanted", [0, 1])
async def test_asking_for_nothing_or_little_is_never_told(database: Database, wanted: int) -> None:
    limits = LinkLimits(database, max_links=1, clock=Clock())
    assert await limits.take(USER, wanted) == Allowance(wanted, 0.0, False)
