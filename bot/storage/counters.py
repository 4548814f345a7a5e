"""Anonymous per-topic counters: how often each topic is asked, and whether its answers
helped, and nothing else.

Why it is built this way:

* Only catalogue topic ids are counted, never text and never a user; the strict topic pattern
  is a privacy guard, so a caller that passed the user's words by mistake gets an error, not a
  table of stored messages.
* Two tables: ``topic_counts``, the total per topic since the start (what ``stats`` has always
  shown), and ``topic_days``, per UTC day and topic, the questions and the "was this helpful?"
  votes. A day is the finest time kept: no row says when, within it, or who.
* Counting is on every message's path, and a database write there would add milliseconds to
  every answer. :class:`TopicCounter` keeps counts in memory and flushes them every few seconds
  (and at shutdown) in one transaction; each table takes a whole batch as one upsert.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date
from typing import Final, Literal, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock, system_clock
from bot.storage.engine import Database
from bot.storage.schema import topic_counts_table, topic_days_table

__all__ = ["CountSink", "CounterStore", "DayCount", "TopicCounter", "day_of"]

log = logging.getLogger(__name__)

# Topic ids are catalogue ids (``sciatica``, ``acupuncture_safety``...): see the module docstring.
_TOPIC_RE: Final = re.compile(r"[a-z0-9][a-z0-9_:.-]{0,63}")
_DAY_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_TOPICS = topic_counts_table.c
_DAYS = topic_days_table.c

_Field = Literal["questions", "helpful", "not_helpful"]


@dataclass(frozen=True, slots=True)
class DayCount:
    """One topic's counts on one UTC day: questions answered, and votes on its answers."""

    day: str  # 'YYYY-MM-DD', UTC
    topic: str
    questions: int = 0
    helpful: int = 0
    not_helpful: int = 0


def day_of(clock: Clock) -> str:
    """Today's UTC day by ``clock``, as the tables store it ('2025-10-06')."""
    return clock().astimezone(UTC).date().isoformat()


class CountSink(Protocol):
    """Where :class:`TopicCounter` writes its batches: the store, or a stand-in in tests."""

    async def count_questions(
        self, counts: Mapping[str, int], days: Iterable[DayCount] = ()
    ) -> None:
        """Add several topics' totals, and their per-day counts, in one go."""
        ...


def _check_topic(topic: object) -> str:
    if not isinstance(topic, str) or not _TOPIC_RE.fullmatch(topic):
        raise ValueError("topic must be a catalogue id such as 'sciatica', not message text")
    return topic


def _check_day(day: object) -> str:
    if not isinstance(day, str) or not _DAY_RE.fullmatch(day):
        raise ValueError(f"day must be a 'YYYY-MM-DD' date, not {day!r}")
    date.fromisoformat(day)  # a real date: raises ValueError for '2025-02-30'
    return day


def _check_count(n: object, what: str) -> int:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"count for {what} must be a non-negative integer")
    return n


def _day_rows(days: Iterable[DayCount]) -> list[dict[str, object]]:
    """Checked rows, one per (day, topic): a batch may name a pair twice, and one upsert
    statement must not touch a row twice (PostgreSQL refuses it)."""
    merged: dict[tuple[str, str], list[int]] = {}
    for d in days:
        key = (_check_day(d.day), _check_topic(d.topic))
        counts = [_check_count(getattr(d, f), f"{d.topic!r} on {d.day}")
                  for f in ("questions", "helpful", "not_helpful")]
        total = merged.setdefault(key, [0, 0, 0])
        for i, n in enumerate(counts):
            total[i] += n
    return [{"day": day, "topic": topic, "questions": q, "helpful": h, "not_helpful": n}
            for (day, topic), (q, h, n) in merged.items() if q or h or n]


class CounterStore(Database):
    """The ``topic_counts`` table (one row per topic ever asked about) and ``topic_days``
    (one row per UTC day and topic that was asked about or voted on)."""

    async def count_question(self, topic: str) -> None:
        """Add one to a topic's anonymous counter: a single upsert, as it runs on every message."""
        await self.count_questions({topic: 1})

    async def count_questions(
        self, counts: Mapping[str, int], days: Iterable[DayCount] = ()
    ) -> None:
        """Add several topics' totals, and per-day counts, in one transaction.

        For callers that tally in memory and flush every few seconds, so that answering a
        message never waits for a database write. Everything is checked before anything is
        written: a bad topic, day or count writes nothing at all.
        """
        rows = []
        for topic, n in counts.items():
            _check_topic(topic)
            if _check_count(n, f"topic {topic!r}"):
                rows.append({"topic": topic, "count": n})
        day_rows = _day_rows(days)
        if not rows and not day_rows:
            return
        async with self._transaction(write=True) as conn:
            if rows:
                insert = self._insert(topic_counts_table)
                statement = insert.on_conflict_do_update(
                    index_elements=[_TOPICS.topic],
                    set_={"count": _TOPICS.count + insert.excluded.count},
                )
                await conn.execute(statement, rows[0] if len(rows) == 1 else rows)
            if day_rows:
                await self._add_days(conn, day_rows)

    async def count_days(self, days: Iterable[DayCount]) -> None:
        """Add per-day counts (questions and votes) in one transaction; totals untouched."""
        await self.count_questions({}, days)

    async def _add_days(self, conn: AsyncConnection, rows: list[dict[str, object]]) -> None:
        insert = self._insert(topic_days_table)
        statement = insert.on_conflict_do_update(
            index_elements=[_DAYS.day, _DAYS.topic],
            set_={
                "questions": _DAYS.questions + insert.excluded.questions,
                "helpful": _DAYS.helpful + insert.excluded.helpful,
                "not_helpful": _DAYS.not_helpful + insert.excluded.not_helpful,
            },
        )
        await conn.execute(statement, rows[0] if len(rows) == 1 else rows)

    async def topic_counts(self) -> dict[str, int]:
        """Questions per topic, most asked first."""
        statement = select(_TOPICS.topic, _TOPICS.count).order_by(
            _TOPICS.count.desc(), _TOPICS.topic
        )
        async with self._transaction(write=False) as conn:
            return dict((await conn.execute(statement)).all())

    async def day_counts(self, since: str | None = None) -> list[DayCount]:
        """Per-day counts, by day then topic; from the day ``since`` ('YYYY-MM-DD', UTC) on,
        that day included, or all of them."""
        statement = select(
            _DAYS.day, _DAYS.topic, _DAYS.questions, _DAYS.helpful, _DAYS.not_helpful
        ).order_by(_DAYS.day, _DAYS.topic)
        if since is not None:
            statement = statement.where(_DAYS.day >= _check_day(since))
        async with self._transaction(write=False) as conn:
            result = await conn.execute(statement)
            return [DayCount(day, topic, int(q), int(h), int(n))
                    for day, topic, q, h, n in result.all()]


class TopicCounter:
    """Counts topics (and votes on them) in memory and writes them to a :class:`CountSink` in
    batches, each count under the UTC day it happened by ``clock``."""

    def __init__(self, store: CountSink | None, clock: Clock = system_clock) -> None:
        """Count into ``store``; with None (no database configured) counts are never written."""
        self.store = store
        self.clock = clock
        self.pending: Counter[str] = Counter()  # questions per topic, for the totals
        self.pending_days: Counter[tuple[str, str, _Field]] = Counter()

    def add(self, topic: str) -> None:
        """Count one question about ``topic``; nothing is written until :meth:`flush`."""
        self.pending[topic] += 1
        self.pending_days[(day_of(self.clock), topic, "questions")] += 1

    def vote(self, topic: str, helpful: bool) -> None:
        """Count one "was this helpful?" answer about ``topic`` (today's, no one's)."""
        answer: _Field = "helpful" if helpful else "not_helpful"
        self.pending_days[(day_of(self.clock), topic, answer)] += 1

    async def flush(self) -> None:
        """Write what has been counted, in one batch; on failure keep it for the next flush."""
        if (not self.pending and not self.pending_days) or self.store is None:
            return
        batch, days = self.pending, self.pending_days
        self.pending, self.pending_days = Counter(), Counter()
        rows: dict[tuple[str, str], dict[_Field, int]] = {}
        for (day, topic, field), n in days.items():
            rows.setdefault((day, topic), {})[field] = n
        try:
            await self.store.count_questions(
                dict(batch), [DayCount(day, topic, **fields) for (day, topic), fields in
                              sorted(rows.items())])
        except Exception:  # a flaky database must not lose counts or crash the bot
            log.exception("could not save topic counters; will retry")
            self.pending.update(batch)
            self.pending_days.update(days)
