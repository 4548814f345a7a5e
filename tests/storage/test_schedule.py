"""bot.storage.schedule: claims and leases, so each scheduled item goes out exactly once.

A claim is decided by the database (a primary key, or an UPDATE whose row count says who won),
so the concurrency tests run real stores side by side on both backends. Lease expiry is
tested by moving the store's clock, never by waiting for a lease to run out.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.storage.store import DEFAULT_LEASE_SECONDS, ScheduleClaim, Store
from bot.testing.clock import FakeClock
from tests.storage.conftest import T0

LEASE = timedelta(seconds=DEFAULT_LEASE_SECONDS)


async def test_claim_schedule_item_once(store: Store) -> None:
    assert await store.claim_schedule_item("2025-10-06-intro") is True
    assert await store.claim_schedule_item("2025-10-06-intro") is False
    await store.complete_schedule_item("2025-10-06-intro", recipients=42)
    assert list(await store.schedule_claims()) == ["2025-10-06-intro"]
    with pytest.raises(LookupError):
        await store.complete_schedule_item("never-claimed", recipients=1)


async def test_two_stores_claim_concurrently(db_url: str, clock: FakeClock) -> None:
    first, second = await asyncio.gather(
        Store.open(db_url, clock=clock), Store.open(db_url, clock=clock)
    )
    try:
        items = [f"day-{i}" for i in range(15)]
        results = await asyncio.gather(
            *(s.claim_schedule_item(item) for item in items for s in (first, second))
        )
        for i in range(len(items)):
            assert sorted(results[2 * i : 2 * i + 2]) == [False, True], items[i]
        assert set(await first.schedule_claims()) == set(items)
    finally:
        await first.close()
        await second.close()


async def test_lease_runs_on_the_store_clock(store: Store, clock: FakeClock) -> None:
    assert await store.claim_schedule_item("item", "a")
    assert (await store.schedule_state())["item"] == ScheduleClaim(
        item_id="item",
        claimed_at=T0,
        owner="a",
        lease_until=T0 + LEASE,
        sent_at=None,
        recipients=None,
    )
    clock.set(T0 + LEASE)  # the last moment of the lease: still a's
    assert not await store.claim_schedule_item("item", "b")
    assert await store.renew_schedule_claim("item", "a")
    renewed = clock()
    assert (await store.schedule_state())["item"].lease_until == renewed + LEASE
    clock.advance(LEASE + timedelta(seconds=1))  # a stopped renewing: the lease ran out
    assert await store.claim_schedule_item("item", "b")
    assert not await store.renew_schedule_claim("item", "a")
    state = (await store.schedule_state())["item"]
    assert (state.owner, state.claimed_at, state.lease_until) == ("b", T0, clock() + LEASE)
    done = clock.advance(30)
    await store.complete_schedule_item("item", recipients=7)
    state = (await store.schedule_state())["item"]
    assert (state.sent_at, state.recipients) == (done, 7)
    assert not state.free(done + timedelta(days=1))
    clock.advance(timedelta(days=30))
    assert not await store.claim_schedule_item("item", "c")  # finished: never again


async def test_released_claim_is_free_at_once(store: Store) -> None:
    assert await store.claim_schedule_item("item", "a")
    assert not await store.release_schedule_claim("item", "b")  # not b's to release
    assert await store.release_schedule_claim("item", "a")
    state = (await store.schedule_state())["item"]
    assert state.lease_until is None and state.free(T0)
    assert await store.claim_schedule_item("item", "b")  # no wait for the lease to expire


def test_claim_is_free_only_when_unfinished_and_unleased() -> None:
    held = ScheduleClaim("i", T0, "a", T0 + LEASE, None, None)
    assert not held.free(T0)
    assert not held.free(T0 + LEASE)
    assert held.free(T0 + LEASE + timedelta(microseconds=1))
    assert ScheduleClaim("i", T0, None, None, None, None).free(T0)
    assert not ScheduleClaim("i", T0, None, None, T0, 3).free(T0 + LEASE * 2)


@pytest.mark.parametrize(
    ("item", "owner", "seconds"), [("", "a", 60), ("i", " ", 60), ("i", "a", 0), ("i", "a", -1)]
)
async def test_claim_validates(store: Store, item: str, owner: str, seconds: float) -> None:
    with pytest.raises(ValueError):
        await store.claim_schedule_item(item, owner, seconds)
    assert await store.schedule_state() == {}


async def test_renew_needs_a_positive_lease(store: Store) -> None:
    assert await store.claim_schedule_item("item", "a")
    with pytest.raises(ValueError):
        await store.renew_schedule_claim("item", "a", 0)
