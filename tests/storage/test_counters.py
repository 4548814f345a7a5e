"""bot.storage.counters: anonymous topic counts, in the table and batched in memory.

The counters are the one table fed on every message, so the tests check the privacy guard
(anything that looks like message text is refused, and nothing is half-applied) and that the
in-memory batching never loses a count, even when a write fails.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

import pytest

from bot.storage.counters import TopicCounter
from bot.storage.store import Store


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

    async def count_questions(self, counts: Mapping[str, int]) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database went away")
        self.batches.append(dict(counts))


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
