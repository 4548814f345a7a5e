"""Opt-outs during a database outage are kept and applied when it returns, never lost.

The outage is played by a proxy in front of a real store that raises the error SQLAlchemy
raises for a lost server (`OperationalError`) while `down` is set; what is finally stored is
read from the real database.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import OperationalError

from bot.storage.optouts import OptOutQueue
from bot.storage.store import Store


class Outage:
    """The store, unless `down`: then every call fails as a lost connection does."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.down = False
        self.calls = 0

    def _check(self) -> None:
        self.calls += 1
        if self.down:
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    async def subscribe(self, chat_id: int) -> bool:
        self._check()
        return await self.store.subscribe(chat_id)

    async def unsubscribe(self, chat_id: int) -> bool:
        self._check()
        return await self.store.unsubscribe(chat_id)

    async def forget(self, chat_id: int) -> None:
        self._check()
        await self.store.forget(chat_id)


class Gate:
    """A sleep that returns only when the test opens it, so retries happen on cue."""

    def __init__(self) -> None:
        self.waiting = asyncio.Event()
        self._open = asyncio.Event()
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        self.waiting.set()
        await self._open.wait()
        self._open.clear()
        self.waiting.clear()

    def release(self) -> None:
        self._open.set()


async def test_working_database_applies_at_once(store: Store, tmp_path: Path) -> None:
    queue = OptOutQueue(store, tmp_path / "journal")
    assert await queue.subscribe(1) is True
    assert await queue.unsubscribe(1) is True
    assert await store.status(1) == "unsubscribed"
    assert await queue.forget(1) is True
    assert await store.status(1) is None
    assert not (tmp_path / "journal").exists()


async def test_stop_during_outage_is_applied_when_it_returns(store: Store,
                                                            tmp_path: Path) -> None:
    await store.subscribe(7)
    await store.subscribe(8)
    outage = Outage(store)
    gate = Gate()
    queue = OptOutQueue(outage, tmp_path / "journal", sleep=gate)
    queue.start()
    outage.down = True
    assert await queue.unsubscribe(7) is None  # kept, not failed
    assert await queue.forget(8) is False
    assert await queue.subscribe(9) is None  # joining is not queued: try again later
    await gate.waiting.wait()  # the first retry failed and it is backing off
    assert await store.status(7) == "active"
    outage.down = False
    gate.release()
    await queue.applied.wait()
    assert await store.status(7) == "unsubscribed"
    assert await store.status(8) is None
    assert await store.status(9) is None
    assert not (tmp_path / "journal").exists()
    await queue.stop()


async def test_backoff_doubles_up_to_a_cap(store: Store, tmp_path: Path) -> None:
    await store.subscribe(3)
    outage = Outage(store)
    gate = Gate()
    queue = OptOutQueue(outage, sleep=gate)
    queue.start()
    outage.down = True
    assert await queue.unsubscribe(3) is None
    for _ in range(8):
        await gate.waiting.wait()
        gate.release()
        await asyncio.sleep(0)
    await gate.waiting.wait()
    assert gate.delays[:3] == [1.0, 2.0, 4.0]
    assert max(gate.delays) == 30.0
    outage.down = False
    gate.release()
    await queue.applied.wait()
    assert await store.status(3) == "unsubscribed"
    await queue.stop()


async def test_kept_opt_outs_survive_a_restart(store: Store, tmp_path: Path) -> None:
    await store.subscribe(11)
    await store.subscribe(12)
    outage = Outage(store)
    journal = tmp_path / "journal"
    first = OptOutQueue(outage, journal, sleep=Gate())
    outage.down = True
    assert await first.unsubscribe(11) is None
    assert await first.forget(12) is False
    # The process dies here; a new one starts after the database is back.
    outage.down = False
    second = OptOutQueue(outage, journal)
    assert second.pending == {11: "unsubscribe", 12: "forget"}
    second.start()
    await second.applied.wait()
    assert await store.status(11) == "unsubscribed"
    assert await store.status(12) is None
    assert not journal.exists()
    await second.stop()


async def test_own_kept_request_goes_before_a_newer_one(store: Store, tmp_path: Path) -> None:
    """STOP in the outage, then /subscribe once it is back: they end subscribed, in order."""
    await store.subscribe(5)
    outage = Outage(store)
    queue = OptOutQueue(outage, sleep=Gate())
    outage.down = True
    assert await queue.unsubscribe(5) is None
    outage.down = False
    assert await queue.subscribe(5) is True
    assert await store.status(5) == "active"
    assert queue.pending == {}


def test_damaged_journal_lines_are_skipped(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    journal.write_text('{"chat_id": 1, "action": "forget"}\nnot json\n{"chat_id": "x"}\n'
                       '{"chat_id": 2, "action": "drop tables"}\n'
                       '{"chat_id": 3, "action": "unsubscribe"}\n', encoding="utf-8")

    class Never:
        async def subscribe(self, chat_id: int) -> bool:
            raise AssertionError

        async def unsubscribe(self, chat_id: int) -> bool:
            raise AssertionError

        async def forget(self, chat_id: int) -> None:
            raise AssertionError

    assert OptOutQueue(Never(), journal).pending == {1: "forget", 3: "unsubscribe"}


class Recorder:
    """A store in memory that can be down: what the hypothesis property runs against."""

    def __init__(self, active: set[int]) -> None:
        self.active = set(active)
        self.known = set(active)
        self.down = False

    def _check(self) -> None:
        if self.down:
            raise OperationalError("SELECT 1", {}, OSError("gone"))

    async def subscribe(self, chat_id: int) -> bool:
        self._check()
        self.known.add(chat_id)
        joined = chat_id not in self.active
        self.active.add(chat_id)
        return joined

    async def unsubscribe(self, chat_id: int) -> bool:
        self._check()
        left = chat_id in self.active
        self.active.discard(chat_id)
        return left

    async def forget(self, chat_id: int) -> None:
        self._check()
        self.active.discard(chat_id)
        self.known.discard(chat_id)


steps = st.lists(st.tuples(st.sampled_from(["subscribe", "unsubscribe", "forget", "down", "up"]),
                           st.integers(1, 4)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(steps)
def test_the_last_word_of_each_person_wins(plan: list[tuple[str, int]]) -> None:
    """Whatever the outages, once the database is back and the queue flushed, every person's
    last successful or kept request decides their state: no opt-out is ever lost."""
    async def run() -> None:
        store = Recorder({1, 2, 3, 4})
        queue = OptOutQueue(store)
        last: dict[int, str] = {}
        for action, chat in plan:
            if action == "down":
                store.down = True
            elif action == "up":
                store.down = False
            elif action == "subscribe":
                if await queue.subscribe(chat) is not None:
                    last[chat] = "subscribe"
            elif action == "unsubscribe":
                await queue.unsubscribe(chat)
                last[chat] = "unsubscribe"
            else:
                await queue.forget(chat)
                last[chat] = "forget"
        store.down = False
        assert await queue.flush()
        for chat, what in last.items():
            assert (chat in store.active) == (what == "subscribe"), (chat, what)
            if what == "forget":
                assert chat not in store.known
    asyncio.run(run())


@pytest.mark.parametrize("action", ["unsubscribe", "forget"])
async def test_unwritable_journal_still_keeps_in_memory(store: Store, tmp_path: Path,
                                                        action: str) -> None:
    await store.subscribe(21)
    outage = Outage(store)
    queue = OptOutQueue(outage, tmp_path / "no such folder" / "journal", sleep=Gate())
    outage.down = True
    await getattr(queue, action)(21)
    assert queue.pending == {21: action}
    outage.down = False
    assert await queue.flush()
    assert await store.status(21) == ("unsubscribed" if action == "unsubscribe" else None)
