"""Anonymous per-topic question counters: how often each topic is asked, and nothing else.

Why it is built this way:

* Only catalogue topic ids are counted, never text and never a user; the strict topic pattern
  is a privacy guard, so a caller that passed the user's words by mistake gets an error, not a
  table of stored messages.
* Counting is on every message's path, and a database write there would add milliseconds to
  every answer. :class:`TopicCounter` keeps counts in memory and flushes them every few seconds
  (and at shutdown) in one transaction; the table takes a whole batch as one upsert.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Mapping
from typing import Final, Protocol

from sqlalchemy import select

from bot.storage.engine import Database
from bot.storage.schema import topic_counts_table

__all__ = ["CountSink", "CounterStore", "TopicCounter"]

log = logging.getLogger(__name__)

# Topic ids are catalogue ids (``sciatica``, ``acupuncture_safety``...): see the module docstring.
_TOPIC_RE: Final = re.compile(r"[a-z0-9][a-z0-9_:.-]{0,63}")

_TOPICS = topic_counts_table.c


class CountSink(Protocol):
    """Where :class:`TopicCounter` writes its batches: the store, or a stand-in in tests."""

    async def count_questions(self, counts: Mapping[str, int]) -> None:
        """Add several topics' counts in one go."""
        ...


class CounterStore(Database):
    """The ``topic_counts`` table: one row per topic ever asked about."""

    async def count_question(self, topic: str) -> None:
        """Add one to a topic's anonymous counter: a single upsert, as it runs on every message."""
        await self.count_questions({topic: 1})

    async def count_questions(self, counts: Mapping[str, int]) -> None:
        """Add several topics' counts in one transaction.

        For callers that tally in memory and flush every few seconds, so that answering a
        message never waits for a database write.
        """
        rows = []
        for topic, n in counts.items():
            if not isinstance(topic, str) or not _TOPIC_RE.fullmatch(topic):
                raise ValueError(
                    "topic must be a catalogue id such as 'sciatica', not message text"
                )
            if not isinstance(n, int) or n < 0:
                raise ValueError(f"count for topic {topic!r} must be a non-negative integer")
            if n:
                rows.append({"topic": topic, "count": n})
        if not rows:
            return
        insert = self._insert(topic_counts_table)
        statement = insert.on_conflict_do_update(
            index_elements=[_TOPICS.topic], set_={"count": _TOPICS.count + insert.excluded.count}
        )
        async with self._transaction(write=True) as conn:
            await conn.execute(statement, rows[0] if len(rows) == 1 else rows)

    async def topic_counts(self) -> dict[str, int]:
        """Questions per topic, most asked first."""
        statement = select(_TOPICS.topic, _TOPICS.count).order_by(
            _TOPICS.count.desc(), _TOPICS.topic
        )
        async with self._transaction(write=False) as conn:
            return dict((await conn.execute(statement)).all())


class TopicCounter:
    """Counts topics in memory and writes them to a :class:`CountSink` in batches."""

    def __init__(self, store: CountSink | None) -> None:
        """Count into ``store``; with None (no database configured) counts are never written."""
        self.store = store
        self.pending: Counter[str] = Counter()

    def add(self, topic: str) -> None:
        """Count one question about ``topic``; nothing is written until :meth:`flush`."""
        self.pending[topic] += 1

    async def flush(self) -> None:
        """Write what has been counted; on failure keep it for the next flush."""
        if not self.pending or self.store is None:
            return
        batch, self.pending = self.pending, Counter()
        try:
            await self.store.count_questions(dict(batch))
        except Exception:  # a flaky database must not lose counts or crash the bot
            log.exception("could not save topic counters; will retry")
            self.pending.update(batch)
