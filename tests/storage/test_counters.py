"""bot.storage.counters: anonymous topic counts, in the tables and batched in memory.

The counters are the tables fed on every message, so the tests check the privacy guard
(anything that looks like message text is refused, and nothing is half-applied) and that the
in-memory batching never loses a count, even when a write fails. Per-day counts are filed
under the UTC day of a `FakeClock`, never the wall clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

import pytest

from bot.storage.counters import DayCount, TopicCounter
from bot.storage.store import Store
from bot.testing.clock import FakeClock


async def test_topic_counters(store: Store) -> None:
    assert await store.topic_counts() == {}
    for topic in ["sciatica", "sciatica", "pregnancy", "sciatica", "fallback"]:
        await store.count_question(topic)
    assert await store.topic_counts() == {"sciatica": 3, "fallback": 1, "pregnancy": 1}


async def test_counts_flushed_in_batches(store: Store) -> None:
    await store.count_question("sciatica")
    await store.count_questions({"sciatica": 4, "emergency": 2, "thanks": 0})
    await store.count_questions({})
    assert await store.topic_counts() == {"sciatica": 5, "emergency": 2}
    with pytest.raises(ValueError):
        await store.count_questions({"sciatica": 1, "my back hurts": 1})
    with pytest.raises(ValueError):
        await store.count_questions({"sciatica": -1})
    assert await store.topic_counts() == {"sciatica": 5, "emergency": 2}  # nothing half-applied


async def test_concurrent_counting_loses_nothing(store: Store) -> None:
    await asyncio.gather(*(store.count_question("self_care") for _ in range(25)))
    assert await store.topic_counts() == {"self_care": 25}


@pytest.mark.parametrize("topic", ["my back hurts", "", "Sciatica", "x" * 65, "a\nb"])
async def test_counter_refuses_message_text(store: Store, topic: str) -> None:
    with pytest.raises(ValueError, match="catalogue id"):
        await store.count_question(topic)
    assert await store.topic_counts() == {}


class FlakySink:
    """A `CountSink` that records each batch, failing the first `failures` writes."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.batches: list[dict[str, int]] = []
        self.day_batches: list[list[DayCount]] = []

    async def count_questions(self, counts: Mapping[str, int],
                              days: Iterable[DayCount] = ()) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database went away")
        self.batches.append(dict(counts))
        self.day_batches.append(list(days))


async def test_topic_counter_writes_one_batch_per_flush() -> None:
    sink = FlakySink()
    counter = TopicCounter(sink)
    await counter.flush()  # nothing counted: nothing written
    for topic in ["sciatica", "pregnancy", "sciatica"]:
        counter.add(topic)
    await counter.flush()
    await counter.flush()
    assert sink.batches == [{"sciatica": 2, "pregnancy": 1}]


async def test_topic_counter_keeps_counts_when_a_write_fails(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sink = FlakySink(failures=1)
    counter = TopicCounter(sink)
    counter.add("sciatica")
    with caplog.at_level(logging.ERROR, logger="bot.storage.counters"):
        await counter.flush()
    assert sink.batches == []
    assert any("will retry" in r.getMessage() for r in caplog.records)
    counter.add("sciatica")
    counter.add("emergency")
    await counter.flush()
    assert sink.batches == [{"sciatica": 2, "emergency": 1}]


async def test_topic_counter_without_a_database_keeps_counting() -> None:
    counter = TopicCounter(None)
    counter.add("sciatica")
    await counter.flush()
    assert counter.pending == {"sciatica": 1}


async def test_topic_counter_flushes_into_the_store(store: Store) -> None:
    counter = TopicCounter(store)
    for topic in ["self_care", "self_care", "sciatica"]:
        counter.add(topic)
    await counter.flush()
    counter.add("self_care")
    await counter.flush()
    assert await store.topic_counts() == {"self_care": 3, "sciatica": 1}


# -- per day: questions and "was this helpful?" votes ---------------------------------------

async def test_day_counts_are_upserted_and_read_by_day(store: Store) -> None:
    assert await store.day_counts() == []
    await store.count_days([DayCount("2025-10-06", "sciatica", questions=2, helpful=1),
                            DayCount("2025-10-06", "sciatica", not_helpful=1),  # merged
                            DayCount("2025-10-07", "self_care", questions=1),
                            DayCount("2025-10-07", "pregnancy")])  # all zero: no row
    await store.count_days([DayCount("2025-10-06", "sciatica", questions=3, helpful=2)])
    assert await store.day_counts() == [
        DayCount("2025-10-06", "sciatica", questions=5, helpful=3, not_helpful=1),
        DayCount("2025-10-07", "self_care", questions=1)]
    assert await store.day_counts(since="2025-10-07") == [
        DayCount("2025-10-07", "self_care", questions=1)]
    assert await store.day_counts(since="2025-10-08") == []
    assert await store.topic_counts() == {}  # per-day counts leave the totals alone


async def test_totals_and_days_are_written_in_one_batch(store: Store) -> None:
    await store.count_questions({"sciatica": 2},
                                [DayCount("2025-10-06", "sciatica", questions=2, helpful=1)])
    assert await store.topic_counts() == {"sciatica": 2}
    assert await store.day_counts() == [DayCount("2025-10-06", "sciatica", 2, 1, 0)]


@pytest.mark.parametrize("bad", [
    DayCount("2025-10-06", "my back hurts", questions=1),
    DayCount("06/10/2025", "sciatica", questions=1),
    DayCount("2025-02-30", "sciatica", questions=1),
    DayCount("2025-10-06T09:00", "sciatica", questions=1),
    DayCount("2025-10-06", "sciatica", helpful=-1),
])
async def test_bad_day_counts_are_refused_and_nothing_is_half_applied(
        store: Store, bad: DayCount) -> None:
    with pytest.raises(ValueError):
        await store.count_questions({"sciatica": 1},
                                    [DayCount("2025-10-06", "sciatica", questions=1), bad])
    assert await store.topic_counts() == {}
    assert await store.day_counts() == []
    with pytest.raises(ValueError):
        await store.day_counts(since="last week")


async def test_concurrent_day_counting_loses_nothing(store: Store) -> None:
    one = [DayCount("2025-10-06", "self_care", questions=1, helpful=1)]
    await asyncio.gather(*(store.count_days(one) for _ in range(25)))
    assert await store.day_counts() == [DayCount("2025-10-06", "self_care", 25, 25, 0)]


# Just before midnight UTC (and after it in London, where it is already the next day: the
# tables' day is UTC's).
LATE = datetime(2025, 10, 6, 23, 59, tzinfo=UTC)


async def test_topic_counter_counts_each_day_apart_in_the_same_batch() -> None:
    clock = FakeClock(LATE)
    sink = FlakySink()
    counter = TopicCounter(sink, clock=clock)
    counter.add("sciatica")
    counter.vote("sciatica", helpful=True)
    counter.vote("self_care", helpful=False)  # a vote alone makes a row too
    clock.advance(timedelta(minutes=2))  # 00:01 on the 7th
    counter.add("sciatica")
    counter.vote("sciatica", helpful=False)
    await counter.flush()
    assert sink.batches == [{"sciatica": 2}]  # votes are not questions
    assert sink.day_batches == [[
        DayCount("2025-10-06", "sciatica", questions=1, helpful=1),
        DayCount("2025-10-06", "self_care", not_helpful=1),
        DayCount("2025-10-07", "sciatica", questions=1, not_helpful=1)]]
    await counter.flush()
    assert len(sink.batches) == 1  # nothing new: nothing written


async def test_topic_counter_keeps_day_counts_when_a_write_fails() -> None:
    clock = FakeClock(LATE)
    sink = FlakySink(failures=1)
    counter = TopicCounter(sink, clock=clock)
    counter.vote("sciatica", helpful=True)
    await counter.flush()
    assert sink.day_batches == []
    counter.vote("sciatica", helpful=True)
    await counter.flush()
    assert sink.batches == [{}]
    assert sink.day_batches == [[DayCount("2025-10-06", "sciatica", helpful=2)]]


async def test_topic_counter_flushes_days_into_the_store(store: Store) -> None:
    clock = FakeClock(LATE)
    counter = TopicCounter(store, clock=clock)
    for topic in ["self_care", "self_care", "sciatica"]:
        counter.add(topic)
    counter.vote("self_care", helpful=True)
    await counter.flush()
    clock.advance(timedelta(hours=1))
    counter.add("self_care")
    counter.vote("self_care", helpful=False)
    await counter.flush()
    assert await store.topic_counts() == {"self_care": 3, "sciatica": 1}
    assert await store.day_counts() == [
        DayCount("2025-10-06", "sciatica", questions=1),
        DayCount("2025-10-06", "self_care", questions=2, helpful=1),
        DayCount("2025-10-07", "self_care", questions=1, not_helpful=1)]

