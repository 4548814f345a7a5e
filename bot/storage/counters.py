"""Anonymous per-topic question counters, written in batches.

Counting is on every message's path; a database write there would add milliseconds
to every answer. Counts are kept in memory and flushed every few seconds (and at
shutdown) in one transaction. Only topic ids are counted: no text, no user.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Protocol

log = logging.getLogger(__name__)


class _CountStore(Protocol):
    async def count_questions(self, counts: dict[str, int]) -> None: ...


class TopicCounter:
    def __init__(self, store: _CountStore | None) -> None:
        self.store = store
        self.pending: Counter[str] = Counter()

    def add(self, topic: str) -> None:
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
