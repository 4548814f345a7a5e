"""bot.storage.broadcasts: queueing a broadcast, taking what is owed, recording outcomes.

The promises under test are the ones a campaign depends on: a resumed broadcast sends exactly
what is still owed and never a different text under the same id; chats that left meanwhile
are skipped, not sent to; a blocked chat is never tried again; summaries count every queued
delivery once; a delivery that hit a temporary fault stays owed, is not taken twice in one
pass, and its reason shows; a database outage is told apart from a bug. Times come from the
store's clock, so "newest first" and "finished once" are checked against moments the test
chose.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from bot.storage.broadcasts import database_unavailable
from bot.storage.schema import deliveries_table
from bot.storage.store import BroadcastConflict, BroadcastNotFound, Store
from bot.testing.clock import FakeClock
from tests.storage.conftest import T0, raw_connection, raw_execute, subscribe_all


async def test_create_broadcast_is_idempotent(store: Store, clock: FakeClock) -> None:
    first = await store.create_broadcast(
        "week-1", "Back Care Awareness Week starts today", "topic:awareness_week", paid=True
    )
    assert (first.id, first.source, first.paid, first.created_at, first.finished_at) == (
        "week-1",
        "topic:awareness_week",
        True,
        T0,
        None,
    )
    clock.advance(timedelta(days=1))  # resumed the next day: still the broadcast of day one
    again = await store.create_broadcast(
        "week-1", "Back Care Awareness Week starts today", "topic:awareness_week", paid=True
    )
    assert again == first


async def test_create_broadcast_conflict(store: Store) -> None:
    await store.create_broadcast("week-1", "first text", "message")
    with pytest.raises(BroadcastConflict, match="different text") as caught:
        await store.create_broadcast("week-1", "second text", "message")
    assert isinstance(caught.value, ValueError)
    assert (await store.broadcast_summary("week-1")).text == "first text"


@pytest.mark.parametrize(
    ("bid", "body"), [("", "text"), ("  ", "text"), ("ok", ""), ("ok", " \n")]
)
async def test_create_broadcast_validates(store: Store, bid: str, body: str) -> None:
    with pytest.raises(ValueError):
        await store.create_broadcast(bid, body, "message")


async def test_unknown_broadcast(store: Store) -> None:
    with pytest.raises(BroadcastNotFound):
        await store.enqueue("nope")
    with pytest.raises(BroadcastNotFound):
        await store.broadcast_summary("nope")
    with pytest.raises(BroadcastNotFound):
        await store.finish_broadcast("nope")
    assert await store.pending("nope", 5) == []


async def test_enqueue_only_active_and_never_twice(store: Store) -> None:
    await subscribe_all(store, [1, 2, 3, 4, 5])
    await store.unsubscribe(2)
    await store.mark_blocked(4)
    await store.create_broadcast("b", "hello", "message")
    assert await store.enqueue("b") == 3
    assert await store.enqueue("b") == 0
    assert await store.pending("b", 100) == [1, 3, 5]
    await store.mark("b", 1, "sent")
    await subscribe_all(store, [6, 7])
    assert await store.subscribe(2)  # came back
    assert await store.enqueue("b") == 3
    assert await store.pending("b", 100) == [2, 3, 5, 6, 7]
    assert (await store.broadcast_summary("b")).total == 6


async def test_concurrent_enqueue_adds_each_chat_once(
    db_url: str, store: Store, clock: FakeClock
) -> None:
    await subscribe_all(store, list(range(1, 51)))
    await store.create_broadcast("b", "hello", "message")
    async with await Store.open(db_url, clock=clock) as other:
        added = await asyncio.gather(store.enqueue("b"), other.enqueue("b"))
    assert sum(added) == 50
    assert (await store.broadcast_summary("b")).counts["pending"] == 50


async def test_pending_excludes_sent_and_chats_gone_meanwhile(store: Store) -> None:
    await subscribe_all(store, list(range(1, 11)))
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    assert await store.pending("b", 3) == [1, 2, 3]
    await store.mark_many("b", [(1, "sent", None), (2, "failed", "Bad Request: chat not found")])
    await store.mark_blocked(4)  # blocked through another broadcast or a chat-member update
    await store.unsubscribe(5)
    await store.forget(6)
    assert await store.pending("b", 3) == [3, 7, 8]
    assert await store.pending("b", 100) == [3, 7, 8, 9, 10]
    summary = await store.broadcast_summary("b")
    assert summary.counts == {"pending": 5, "sent": 1, "blocked": 0, "failed": 1, "skipped": 2}


async def test_pending_needs_a_positive_limit(store: Store) -> None:
    with pytest.raises(ValueError):
        await store.pending("b", 0)


async def test_mark_blocked_marks_subscriber(store: Store) -> None:
    await subscribe_all(store, [1, 2])
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    await store.mark("b", 1, "blocked", "Forbidden: bot was blocked by the user")
    assert await store.status(1) == "blocked"
    assert await store.status(2) == "active"
    assert await store.pending("b", 10) == [2]
    # A later broadcast never includes the blocked chat.
    await store.create_broadcast("b2", "again", "message")
    assert await store.enqueue("b2") == 1
    assert await store.pending("b2", 10) == [2]


async def test_mark_many_in_one_go(store: Store) -> None:
    await subscribe_all(store, list(range(1, 7)))
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    await store.mark_many(
        "b",
        [
            (1, "sent", None),
            (2, "blocked", "Forbidden: bot was blocked by the user"),
            (3, "failed", "Bad Request: chat not found"),
            (4, "pending", "Timed out"),  # retryable: still owed
            (99, "sent", None),  # no such delivery (forgotten meanwhile): ignored
        ],
    )
    assert await store.pending("b", 10) == [4, 5, 6]
    assert await store.status(2) == "blocked"
    assert (await store.broadcast_summary("b")).counts == {
        "pending": 3,
        "sent": 1,
        "blocked": 1,
        "failed": 1,
        "skipped": 0,
    }
    await store.mark_many("b", [])


async def test_mark_refuses_unknown_status(store: Store) -> None:
    await store.subscribe(1)
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    with pytest.raises(ValueError, match="delivery status"):
        await store.mark("b", 1, "delivered")
    with pytest.raises(ValueError):
        await store.mark_many("b", [(1, "sent", None), (1, "oops", None)])
    assert await store.pending("b", 10) == [1]  # nothing half-applied


async def test_attempts_are_counted(store: Store, db_url: str) -> None:
    await store.subscribe(1)
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    await store.mark("b", 1, "pending", "Timed out")
    await store.mark("b", 1, "pending", "Timed out")
    await store.mark("b", 1, "sent", "ignored for sent")
    columns = deliveries_table.c
    async with raw_connection(db_url) as conn:
        row = (await conn.execute(select(columns.attempts, columns.error, columns.status))).one()
    assert tuple(row) == (3, None, "sent")


async def test_owed_counts_without_writing(store: Store) -> None:
    await subscribe_all(store, [1, 2, 3, 4])
    await store.unsubscribe(4)
    assert await store.owed("not-yet") == 3  # an id that does not exist yet: everyone active
    assert await store.broadcasts() == []  # ... and asking created nothing
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    assert await store.owed("b") == 3  # queued is still owed
    await store.mark_many("b", [(1, "sent", None), (2, "pending", "Timed out")])
    assert await store.owed("b") == 2  # a retryable attempt is still owed
    await store.mark("b", 3, "failed", "Bad Request: chat not found")
    assert await store.owed("b") == 1
    await store.subscribe(5)
    assert await store.owed("b") == 2  # a new subscriber would be reached on resume


async def test_resume_after_crash_sends_exactly_the_rest(db_url: str, clock: FakeClock) -> None:
    chats = list(range(100, 130))
    first = await Store.open(db_url, clock=clock)
    await subscribe_all(first, chats)
    await first.create_broadcast("week-2", "Day 2: lifting safely", "message")
    await first.enqueue("week-2")
    batch = await first.pending("week-2", 12)
    await first.mark_many("week-2", [(c, "sent", None) for c in batch[:10]])
    await first.close()  # the process dies here: two messages of the batch were in flight

    restarted = clock.advance(600)
    async with await Store.open(db_url, clock=clock) as second:
        resumed = await second.create_broadcast("week-2", "Day 2: lifting safely", "message")
        assert (resumed.created_at, resumed.finished_at) == (T0, None)
        assert await second.enqueue("week-2") == 0
        owed = await second.pending("week-2", 1000)
        assert owed == chats[10:]
        while batch := await second.pending("week-2", 7):
            await second.mark_many("week-2", [(c, "sent", None) for c in batch])
        await second.finish_broadcast("week-2")
        summary = await second.broadcast_summary("week-2")
    assert summary.counts["sent"] == 30 and summary.counts["pending"] == 0
    assert summary.finished_at == restarted


async def test_summary_counts_and_failure_reasons(store: Store, clock: FakeClock) -> None:
    await subscribe_all(store, list(range(1, 9)))
    await store.create_broadcast("b", "hello", "topic:sciatica", paid=True)
    await store.enqueue("b")
    await store.mark_many(
        "b",
        [
            (1, "sent", None),
            (2, "sent", None),
            (3, "blocked", "Forbidden: bot was blocked by the user"),
            (4, "failed", "Bad Request: chat not found"),
            (5, "failed", "Bad Request: chat not found"),
            (6, "failed", "Timed out"),
            (7, "failed", None),
        ],
    )
    summary = await store.broadcast_summary("b")
    assert (summary.id, summary.text, summary.source, summary.paid) == (
        "b",
        "hello",
        "topic:sciatica",
        True,
    )
    assert summary.counts == {"pending": 1, "sent": 2, "blocked": 1, "failed": 4, "skipped": 0}
    assert summary.failures == [
        ("Bad Request: chat not found", 2),
        ("Timed out", 1),
        ("unknown error", 1),
    ]
    assert summary.total == 8
    assert summary.finished_at is None
    finished = clock.advance(60)
    await store.finish_broadcast("b")
    assert (await store.broadcast_summary("b")).finished_at == finished
    clock.advance(60)
    await store.finish_broadcast("b")  # finishing twice keeps the first time
    assert (await store.broadcast_summary("b")).finished_at == finished


async def test_broadcasts_newest_first(store: Store, clock: FakeClock) -> None:
    assert await store.broadcasts() == []
    await store.subscribe(1)
    # Created in an order that is not the ids' order, so only created_at can explain the list.
    for bid in ("zeta", "alpha", "mid"):
        clock.advance(60)
        await store.create_broadcast(bid, f"text of {bid}", "message")
        await store.enqueue(bid)
    await store.mark("alpha", 1, "sent")
    listed = await store.broadcasts()
    assert [s.id for s in listed] == ["mid", "alpha", "zeta"]
    assert [s.counts["sent"] for s in listed] == [0, 1, 0]
    assert [s.created_at for s in listed] == [T0 + timedelta(minutes=m) for m in (3, 2, 1)]
    assert [s.id for s in await store.broadcasts(limit=2)] == ["mid", "alpha"]


async def test_broadcasts_created_together_are_listed_by_id(store: Store) -> None:
    for bid in ("b", "c", "a"):  # one moment by the store's clock
        await store.create_broadcast(bid, f"text of {bid}", "message")
    assert [s.id for s in await store.broadcasts()] == ["c", "b", "a"]


async def test_enqueue_twenty_thousand(store: Store, db_url: str) -> None:
    now = "2025-01-01 00:00:00" if "sqlite" in db_url else datetime(2025, 1, 1, tzinfo=UTC)
    statuses = ["active"] * 9 + ["unsubscribed"]
    rows = [{"c": chat_id, "s": statuses[chat_id % 10], "t": now} for chat_id in range(1, 20_001)]
    await raw_execute(
        db_url,
        "INSERT INTO subscribers (chat_id, status, created_at, updated_at)"
        " VALUES (:c, :s, :t, :t)",
        rows,
    )
    await store.create_broadcast("big", "hello everyone", "message")
    assert await store.enqueue("big") == 18_000
    assert await store.enqueue("big") == 0
    sent = 0
    while batch := await store.pending("big", 1000):
        await store.mark_many("big", [(c, "sent", None) for c in batch])
        sent += len(batch)
    assert sent == 18_000
    assert (await store.broadcast_summary("big")).counts["sent"] == 18_000


async def test_pending_after_a_chat_makes_one_pass(store: Store) -> None:
    await subscribe_all(store, list(range(1, 8)))
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    assert await store.pending("b", 3) == [1, 2, 3]
    # 2 hit a temporary fault: still owed, but the pass goes on from 3, not back to 2.
    await store.mark_many("b", [(1, "sent", None), (2, "pending", "Bad Gateway")])
    assert await store.pending("b", 3, after=3) == [4, 5, 6]
    assert await store.pending("b", 3, after=6) == [7]
    assert await store.pending("b", 3, after=7) == []
    assert await store.pending("b", 3) == [2, 3, 4]  # the next run starts again: 2 is retried


async def test_summary_says_what_is_owed_for_a_retry_and_why(store: Store) -> None:
    await subscribe_all(store, list(range(1, 8)))
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    await store.mark_many(
        "b",
        [
            (1, "sent", None),
            (2, "pending", "Bad Gateway"),
            (3, "pending", "Timed out (may have been delivered)"),
            (4, "pending", "Bad Gateway"),
            (5, "failed", "Bad Request: chat not found"),
            (6, "pending", "Bad Gateway"),
        ],
    )
    await store.unsubscribe(6)  # left meanwhile: skipped, so no longer to retry
    summary = await store.broadcast_summary("b")
    assert summary.counts == {"pending": 4, "sent": 1, "blocked": 0, "failed": 1, "skipped": 1}
    assert summary.retrying == [("Bad Gateway", 2), ("Timed out (may have been delivered)", 1)]
    assert summary.failures == [("Bad Request: chat not found", 1)]
    assert await store.owed("b") == 4  # to retry is still owed
    await store.mark_many("b", [(2, "sent", None)])
    assert (await store.broadcast_summary("b")).retrying == [
        ("Bad Gateway", 1),
        ("Timed out (may have been delivered)", 1),
    ]


class _FakeAsyncpgError(Exception):
    """Shaped like asyncpg's errors, which carry the server's SQLSTATE."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _wrapped(cause: BaseException) -> BaseException:
    """An error raised while handling `cause`, as SQLAlchemy's wrappers are."""
    try:
        raise cause
    except BaseException:
        try:
            raise RuntimeError("while talking to the database")
        except RuntimeError as outer:
            return outer


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (ConnectionRefusedError(111, "Connect call failed"), True),
        (ConnectionResetError(), True),
        (TimeoutError(), True),
        (OperationalError("SELECT 1", {}, Exception("database is locked")), True),
        (DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True), True),
        (_wrapped(_FakeAsyncpgError("57P03")), True),  # the database system is starting up
        (_wrapped(_FakeAsyncpgError("08006")), True),  # connection failure
        (_wrapped(ConnectionRefusedError()), True),
        (IntegrityError("INSERT", {}, Exception("duplicate key")), False),
        (_wrapped(_FakeAsyncpgError("23505")), False),  # unique violation: a bug, not an outage
        (ValueError("delivery status must be one of ..."), False),
        (BroadcastNotFound("no broadcast"), False),
    ],
)
def test_database_unavailable_tells_an_outage_from_a_bug(
    error: BaseException, unavailable: bool
) -> None:
    assert database_unavailable(error) is unavailable


async def test_slices_of_the_queue_end_where_the_count_says(store: Store) -> None:
    await subscribe_all(store, [2, 4, 6, 8, 10, 12, 14])
    await store.unsubscribe(6)  # only active subscribers are counted
    assert await store.slice_end(3) == 8
    assert await store.slice_end(2, above=8) == 12
    assert await store.slice_end(3, above=8) is None  # 10, 12, 14: no more than 3 left
    assert await store.slice_end(1, above=14) is None
    with pytest.raises(ValueError):
        await store.slice_end(0)


async def test_enqueue_and_pending_keep_to_a_range(store: Store) -> None:
    await subscribe_all(store, list(range(1, 11)))
    await store.create_broadcast("b", "hello", "message")
    assert await store.enqueue("b", upto=4) == 4
    assert await store.pending("b", 100) == [1, 2, 3, 4]
    assert await store.enqueue("b", above=4, upto=7) == 3
    assert await store.pending("b", 100, upto=5) == [1, 2, 3, 4, 5]
    assert await store.pending("b", 100, after=2, upto=6) == [3, 4, 5, 6]
    assert await store.enqueue("b", above=2) == 3  # 8, 9, 10: the rest, none twice
    assert await store.pending("b", 100, after=7) == [8, 9, 10]
