"""The campaign report's figures, counted by the database: per day and per topic, never per row.

Why it is built this way:

* Every query here groups in SQL (``GROUP BY``), so the report costs one scan of each table
  however many subscribers and questions there are, and no chat id or row reaches Python:
  the report needs 100,000 subscribers and a million counted questions in under five seconds.
* Subscribers have one row each, with their current status and when it last changed, not a
  history. Per day this gives who first subscribed (``created_at``) and, for those who are
  now unsubscribed or blocked, the day of that change (``updated_at``); what it cannot give
  (people who left and came back, chats erased by ``/forget``) the report says in words.
* A day is a UTC day written 'YYYY-MM-DD', as ``topic_days`` stores it. The day of a
  timestamp is an expression with no bound parameters, because PostgreSQL refuses to group
  by an expression with parameters (they could differ between SELECT and GROUP BY).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import case, func, literal_column, select

from bot.storage.engine import Database
from bot.storage.schema import subscribers_table, topic_days_table

__all__ = ["QuestionDay", "ReportStore", "SubscriberDay", "TopicTotal"]

_SUBSCRIBERS = subscribers_table.c
_DAYS = topic_days_table.c
_DAY_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _since(since: str | None) -> str | None:
    """A checked 'YYYY-MM-DD' day (a real date), or None."""
    if since is not None:
        if not isinstance(since, str) or not _DAY_RE.fullmatch(since):
            raise ValueError(f"since must be a 'YYYY-MM-DD' date, not {since!r}")
        date.fromisoformat(since)
    return since


@dataclass(frozen=True, slots=True)
class SubscriberDay:
    """On one UTC day: chats that first subscribed, and chats whose last change (to
    unsubscribed or blocked) was that day."""

    day: str  # 'YYYY-MM-DD', UTC
    joined: int = 0
    left: int = 0
    blocked: int = 0


@dataclass(frozen=True, slots=True)
class QuestionDay:
    """On one UTC day: questions answered in all, and how many of them fell back."""

    day: str
    questions: int
    fallback: int


@dataclass(frozen=True, slots=True)
class TopicTotal:
    """One topic over a span of days: questions, and the votes on its answers."""

    topic: str
    questions: int
    helpful: int
    not_helpful: int


class ReportStore(Database):
    """Grouped reads over ``subscribers`` and ``topic_days`` for the campaign report."""

    def _day_of(self, column: Any) -> Any:
        """The UTC day of a timestamp column as 'YYYY-MM-DD', with no bound parameter."""
        if self.backend == "postgresql":
            utc = func.timezone(literal_column("'UTC'"), column)
            return func.to_char(utc, literal_column("'YYYY-MM-DD'"))
        # SQLite keeps UTC timestamps as 'YYYY-MM-DD HH:MM:SS...' text (UTCDateTime).
        return func.substr(column, literal_column("1"), literal_column("10"))

    async def subscriber_days(self) -> list[SubscriberDay]:
        """Joined, left and blocked per UTC day, oldest first, only days with any; all days,
        because the running total before a report's first day needs them too (one row a day,
        so this stays small)."""
        joined_day = self._day_of(_SUBSCRIBERS.created_at).label("day")
        changed_day = self._day_of(_SUBSCRIBERS.updated_at).label("day")
        joined = select(joined_day, func.count()).group_by(joined_day)
        changed = (
            select(changed_day, _SUBSCRIBERS.status, func.count())
            .where(_SUBSCRIBERS.status != "active")
            .group_by(changed_day, _SUBSCRIBERS.status)
        )
        days: dict[str, dict[str, int]] = {}
        async with self._transaction(write=False) as conn:
            for day, n in (await conn.execute(joined)).all():
                days.setdefault(day, {})["joined"] = int(n)
            for day, status, n in (await conn.execute(changed)).all():
                key = "left" if status == "unsubscribed" else "blocked"
                days.setdefault(day, {})[key] = int(n)
        return [SubscriberDay(day, **counts) for day, counts in sorted(days.items())]

    async def question_days(self, since: str | None = None) -> list[QuestionDay]:
        """Questions and fallbacks per UTC day, oldest first, from ``since`` on if given."""
        fallback = func.sum(case((_DAYS.topic == "fallback", _DAYS.questions), else_=0))
        statement = (
            select(_DAYS.day, func.sum(_DAYS.questions), fallback)
            .group_by(_DAYS.day)
            .order_by(_DAYS.day)
        )
        if _since(since) is not None:
            statement = statement.where(_DAYS.day >= since)
        async with self._transaction(write=False) as conn:
            rows = (await conn.execute(statement)).all()
        return [QuestionDay(day, int(q or 0), int(f or 0)) for day, q, f in rows]

    async def topic_totals(self, since: str | None = None) -> list[TopicTotal]:
        """Per topic, summed over the days (from ``since`` on if given): most asked first."""
        questions = func.sum(_DAYS.questions)
        statement = (
            select(_DAYS.topic, questions, func.sum(_DAYS.helpful), func.sum(_DAYS.not_helpful))
            .group_by(_DAYS.topic)
            .order_by(questions.desc(), _DAYS.topic)
        )
        if _since(since) is not None:
            statement = statement.where(_DAYS.day >= since)
        async with self._transaction(write=False) as conn:
            rows = (await conn.execute(statement)).all()
        return [TopicTotal(topic, int(q or 0), int(h or 0), int(n or 0))
                for topic, q, h, n in rows]

    async def topic_question_days(
        self, topics: Sequence[str], since: str | None = None
    ) -> list[tuple[str, str, int]]:
        """(day, topic, questions) for the given topics, by day then topic."""
        if not topics:
            return []
        statement = (
            select(_DAYS.day, _DAYS.topic, _DAYS.questions)
            .where(_DAYS.topic.in_(list(topics)), _DAYS.questions > 0)
            .order_by(_DAYS.day, _DAYS.topic)
        )
        if _since(since) is not None:
            statement = statement.where(_DAYS.day >= since)
        async with self._transaction(write=False) as conn:
            rows = (await conn.execute(statement)).all()
        return [(day, topic, int(n)) for day, topic, n in rows]
