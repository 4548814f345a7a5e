"""bot.storage.subscribers: a chat's subscription, and the chat leaving or moving as a whole.

The store keeps the least that works, so these tests check what is *not* stored as much as
what is: an unknown chat that unsubscribes gets no row, and `forget` leaves no delivery
behind. `migrate_chat` decides between two rows by which changed last, so those tests move
the store's clock between steps instead of relying on two calls getting different times.
"""

from __future__ import annotations

from sqlalchemy import func, select

from bot.storage.schema import deliveries_table, subscribers_table
from bot.storage.store import Store
from bot.testing.clock import FakeClock
from tests.storage.conftest import raw_connection, subscribe_all


async def test_subscription_transitions(store: Store) -> None:
    assert await store.status(7) is None
    assert await store.subscribe(7) is True
    assert await store.subscribe(7) is False
    assert await store.status(7) == "active"
    assert await store.unsubscribe(7) is True
    assert await store.unsubscribe(7) is False
    assert await store.status(7) == "unsubscribed"
    assert await store.subscribe(7) is True
    await store.mark_blocked(7)
    assert await store.status(7) == "blocked"
    assert await store.unsubscribe(7) is False
    assert await store.status(7) == "blocked"
    assert await store.subscribe(7) is True  # an explicit /subscribe after unblocking
    assert await store.status(7) == "active"


async def test_unknown_chats_are_not_stored(store: Store) -> None:
    assert await store.unsubscribe(8) is False
    await store.mark_blocked(8)
    assert await store.status(8) is None
    assert await store.subscriber_counts() == {"active": 0, "unsubscribed": 0, "blocked": 0}


async def test_subscriber_counts(store: Store) -> None:
    assert await store.subscriber_counts() == {"active": 0, "unsubscribed": 0, "blocked": 0}
    await subscribe_all(store, [1, 2, 3, 4, -1001234567890])
    await store.unsubscribe(2)
    await store.mark_blocked(3)
    assert await store.subscriber_counts() == {"active": 3, "unsubscribed": 1, "blocked": 1}


async def test_large_and_negative_chat_ids(store: Store) -> None:
    group = -1001234567890123
    assert await store.subscribe(group)
    assert await store.subscribe(2**52)
    await store.create_broadcast("b", "hi", "message")
    assert await store.enqueue("b") == 2
    assert await store.pending("b", 10) == [group, 2**52]


async def test_forget_erases_everything(store: Store, db_url: str) -> None:
    await subscribe_all(store, [1, 2])
    for bid in ("b1", "b2"):
        await store.create_broadcast(bid, f"text {bid}", "message")
        await store.enqueue(bid)
    await store.mark("b1", 1, "sent")
    await store.forget(1)
    assert await store.status(1) is None
    for bid in ("b1", "b2"):
        summary = await store.broadcast_summary(bid)
        assert summary.total == 1
        assert await store.pending(bid, 10) == [2]
    async with raw_connection(db_url) as conn:
        left = (
            await conn.execute(
                select(func.count())
                .select_from(deliveries_table)
                .where(deliveries_table.c.chat_id == 1)
            )
        ).scalar_one()
    assert left == 0
    # Forgetting someone unknown is fine (a second /forget).
    await store.forget(1)
    # And they can come back later as a new subscriber.
    assert await store.subscribe(1)


async def test_migrate_chat_to_new_id(store: Store) -> None:
    old, new = -100, -1001000000100
    await subscribe_all(store, [old, 5])
    await store.create_broadcast("done", "earlier", "message")
    await store.enqueue("done")
    await store.mark("done", old, "sent")
    await store.create_broadcast("now", "current", "message")
    await store.enqueue("now")

    await store.migrate_chat(old, new)

    assert await store.status(old) is None
    assert await store.status(new) == "active"
    assert await store.pending("now", 10) == [new, 5]
    # The group already got "done": a resumed run must not send it again under the new id.
    assert await store.enqueue("done") == 0
    assert (await store.broadcast_summary("done")).counts["sent"] == 1
    assert await store.subscriber_counts() == {"active": 2, "unsubscribed": 0, "blocked": 0}


async def test_migrate_chat_when_new_id_exists(store: Store) -> None:
    old, new = -200, -1001000000200
    await subscribe_all(store, [old])
    await store.create_broadcast("b1", "one", "message")
    await store.enqueue("b1")
    await store.mark("b1", old, "sent")
    await store.subscribe(new)  # the supergroup subscribed on its own too
    await store.enqueue("b1")  # ... and got queued under its own id
    await store.create_broadcast("b2", "two", "message")
    await store.enqueue("b2")  # both ids queued

    await store.migrate_chat(old, new)

    assert await store.status(old) is None
    assert await store.status(new) == "active"
    assert await store.pending("b1", 10) == []  # already sent under the old id
    assert await store.pending("b2", 10) == [new]  # once, not twice
    assert (await store.broadcast_summary("b1")).counts["sent"] == 1
    assert (await store.broadcast_summary("b2")).total == 1


async def test_migrate_chat_keeps_most_recent_choice(store: Store, clock: FakeClock) -> None:
    await store.subscribe(-1)
    await store.subscribe(-2)
    clock.advance(60)
    await store.unsubscribe(-1)  # the latest decision was made on -1, where the chat moves
    await store.migrate_chat(-2, -1)  # (ids reversed: "old" is -2, the newer row is -1)
    assert await store.status(-1) == "unsubscribed"
    await store.migrate_chat(-3, -1)  # unknown old id: nothing to do
    await store.migrate_chat(-1, -1)
    assert await store.status(-1) == "unsubscribed"


async def test_migrate_chat_takes_the_old_status_when_it_changed_last(
    store: Store, clock: FakeClock
) -> None:
    await store.subscribe(-1001000000300)  # the supergroup subscribed on its own
    clock.advance(60)
    await store.subscribe(-300)
    clock.advance(60)
    await store.unsubscribe(-300)  # ... then the group unsubscribed, just before moving
    clock.advance(60)
    await store.migrate_chat(-300, -1001000000300)
    assert await store.status(-300) is None
    assert await store.status(-1001000000300) == "unsubscribed"


async def test_migrate_chat_keeps_the_earliest_subscription_date(
    store: Store, db_url: str, clock: FakeClock
) -> None:
    first = clock()
    await store.subscribe(-400)
    clock.advance(3600)
    await store.subscribe(-1001000000400)
    moved = clock.advance(60)
    await store.migrate_chat(-400, -1001000000400)
    async with raw_connection(db_url) as conn:
        rows = (await conn.execute(select(subscribers_table))).all()
    assert [(r.chat_id, r.created_at, r.updated_at) for r in rows] == [
        (-1001000000400, first, moved)
    ]
