"""Broadcasts and their deliveries: who is owed which message, and what became of each send.

Why it is built this way:

* Delivery state is one row per (broadcast, chat), written after each send, so a crashed or
  interrupted broadcast resumes by sending only what is still owed, and a resumed run can
  never send a different text under the same id (:class:`BroadcastConflict`).
* Queueing is one ``INSERT ... SELECT``, so queueing a broadcast for 100,000 subscribers never
  brings chat ids into Python; outcomes are written in batches, one commit per batch, which
  keeps SQLite at thousands of marks a second.
* A send that Telegram refuses because the user blocked the bot marks the subscriber blocked in
  the same transaction, so no later broadcast tries the chat again.
* Summaries count with three grouped queries however many broadcasts there are, so ``/stats``
  stays cheap as the campaign goes on.
* A send that hit a temporary fault (Telegram timing out, a 5xx, a garbled answer) stays
  ``pending`` with its reason in ``error``: still owed, so the next run retries it, but the
  reason is kept, so a summary can say how many wait for a retry and why. No new status is
  needed, and nothing that counts what is owed has to learn one.
* :func:`database_unavailable` says which errors mean "the database cannot be reached right
  now" (down, restarting, a connection cut), so a sender can pause and retry instead of
  failing, and never confuse an outage with a bug.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Protocol

from sqlalchemy import (
    BigInteger,
    Integer,
    Text,
    and_,
    bindparam,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.engine import Database
from bot.storage.schema import (
    DELIVERY_STATUSES,
    UTCDateTime,
    broadcasts_table,
    check_text_id,
    deliveries_table,
    subscribers_table,
)

__all__ = [
    "Broadcast",
    "BroadcastConflict",
    "BroadcastNotFound",
    "BroadcastStore",
    "BroadcastSummary",
    "Broadcasts",
    "Deliveries",
    "database_unavailable",
]

log = logging.getLogger(__name__)

# Telegram error descriptions are short; the cap keeps an unexpected huge payload out of the db.
_MAX_ERROR_LEN: Final = 300

_SUBSCRIBERS = subscribers_table.c
_BROADCASTS = broadcasts_table.c
_DELIVERIES = deliveries_table.c

# SQLSTATEs that mean the server is unreachable for now, not that the statement is wrong:
# class 08 (connection exceptions), shutdown or crash in progress, still starting up, and no
# free connection slots.
_UNAVAILABLE_SQLSTATES: Final = ("08", "57P01", "57P02", "57P03", "53300")


def database_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` (from any store method) means the database cannot be reached now.

    True for a refused or reset connection, a connection cut mid-statement, a server shutting
    down or starting up, a pool or lock timeout, SQLite busy: faults that pass, so waiting and
    retrying the same call is right. False for everything else (a constraint, a bad value, a
    bug), which retrying would only repeat. The drivers raise these in several shapes (a bare
    ``ConnectionRefusedError`` while connecting, SQLAlchemy's wrappers around asyncpg's
    errors afterwards), so the whole chain of causes is examined.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, (sa_exc.OperationalError, sa_exc.InterfaceError,
                                sa_exc.DisconnectionError, sa_exc.TimeoutError,
                                OSError, TimeoutError)):
            return True
        sqlstate = getattr(current, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate.startswith(_UNAVAILABLE_SQLSTATES):
            return True
        current = current.__cause__ or current.__context__
    return False


class BroadcastConflict(ValueError):
    """Raised when a broadcast id is reused with a different text.

    A resumed broadcast must never send a different message under an id whose earlier
    recipients got the first one, so the organiser has to pick a new id instead.
    """


class BroadcastNotFound(LookupError):
    """Raised for a broadcast id that was never created (usually a typo in ``--id``)."""


@dataclass(frozen=True, slots=True)
class Broadcast:
    """A broadcast as stored; ``finished_at`` is None while it may still be resumed."""

    id: str
    text: str
    source: str
    paid: bool
    created_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class BroadcastSummary:
    """Where a broadcast stands, for progress lines, ``/stats`` and the end-of-run summary.

    ``counts`` always has the keys pending, sent, blocked, failed and skipped. ``pending``
    counts only deliveries still owed (what :meth:`BroadcastStore.pending` would return);
    ``skipped`` counts pending rows whose chat unsubscribed or blocked the bot before its turn,
    so that ``counts["pending"] == 0`` means there is nothing left to send. ``failures``
    groups the reasons of failed deliveries, most frequent first. ``retrying`` groups the
    reasons of owed deliveries that were tried and hit a temporary fault (a part of
    ``counts["pending"]``, which the next run retries), most frequent first.
    """

    id: str
    text: str
    source: str
    paid: bool
    created_at: datetime
    finished_at: datetime | None
    counts: dict[str, int]
    failures: list[tuple[str, int]]
    retrying: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Every queued delivery, whatever became of it."""
        return sum(self.counts.values())


class Broadcasts(Protocol):
    """What an organiser's command needs: create a broadcast, preview it, read where it stands."""

    async def create_broadcast(
        self, broadcast_id: str, text: str, source: str, paid: bool = False
    ) -> Broadcast:
        """Create a broadcast, or return the stored one when resuming with the same text."""
        ...

    async def owed(self, broadcast_id: str) -> int:
        """How many active subscribers the broadcast would still reach."""
        ...

    async def broadcast_summary(self, broadcast_id: str) -> BroadcastSummary:
        """Counts by status and grouped failure reasons of one broadcast."""
        ...

    async def broadcasts(self, limit: int | None = None) -> list[BroadcastSummary]:
        """Summaries of all broadcasts (or the ``limit`` latest), newest first."""
        ...


class Deliveries(Protocol):
    """What a sender needs: queue a broadcast, take what is owed, record each outcome."""

    async def enqueue(self, broadcast_id: str, above: int | None = None,
                      upto: int | None = None) -> int:
        """Owe the broadcast to every active subscriber not yet queued (with a chat id above
        ``above`` and up to ``upto``, when given); returns rows added."""
        ...

    async def slice_end(self, size: int, above: int | None = None) -> int | None:
        """The chat id that ends the next ``size`` active subscribers above ``above`` (lowest
        first), or None when no more than that are left."""
        ...

    async def pending(
        self, broadcast_id: str, limit: int, after: int | None = None,
        upto: int | None = None
    ) -> list[int]:
        """The next chat ids still owed this broadcast, lowest first, at most ``limit``,
        all above ``after`` and up to ``upto`` when given."""
        ...

    async def mark_many(
        self, broadcast_id: str, results: Sequence[tuple[int, str, str | None]]
    ) -> None:
        """Record a batch of send outcomes in one transaction."""
        ...

    async def finish_broadcast(self, broadcast_id: str) -> None:
        """Stamp the broadcast finished (first time only)."""
        ...

    async def broadcast_summary(self, broadcast_id: str) -> BroadcastSummary:
        """Counts by status and grouped failure reasons of one broadcast."""
        ...


def _check_delivery_status(status: str) -> None:
    """Refuse a status the deliveries table would reject, before anything is written."""
    if status not in DELIVERY_STATUSES:
        raise ValueError(
            f"delivery status must be one of {', '.join(DELIVERY_STATUSES)}, not {status!r}"
        )


def _clean_error(error: str | None) -> str | None:
    """A failure reason worth storing: trimmed, capped, and None when there is nothing."""
    if error is None:
        return None
    error = error.strip()
    return error[:_MAX_ERROR_LEN] if error else None


class BroadcastStore(Database):
    """The ``broadcasts`` and ``deliveries`` tables."""

    async def create_broadcast(
        self, broadcast_id: str, text: str, source: str, paid: bool = False
    ) -> Broadcast:
        """Create a broadcast, or return the stored one when resuming with the same text.

        Raises :class:`BroadcastConflict` if the id exists with another text. The stored
        ``paid`` flag and source of an existing broadcast are returned unchanged.
        """
        check_text_id(broadcast_id, "broadcast id")
        if not isinstance(text, str) or not text.strip():
            raise ValueError("broadcast text must not be empty")
        check_text_id(source, "broadcast source")
        insert = (
            self._insert(broadcasts_table)
            .values(
                id=broadcast_id,
                text=text,
                source=source,
                created_at=self._now(),
                finished_at=None,
                paid=paid,
            )
            .on_conflict_do_nothing(index_elements=[_BROADCASTS.id])
        )
        async with self._transaction(write=True) as conn:
            await conn.execute(insert)
            row = (
                await conn.execute(select(broadcasts_table).where(_BROADCASTS.id == broadcast_id))
            ).one()
        if row.text != text:
            raise BroadcastConflict(
                f"broadcast {broadcast_id!r} already exists with a different text; "
                "choose a new id for a new message"
            )
        return Broadcast(
            id=row.id,
            text=row.text,
            source=row.source,
            paid=bool(row.paid),
            created_at=row.created_at,
            finished_at=row.finished_at,
        )

    async def enqueue(self, broadcast_id: str, above: int | None = None,
                      upto: int | None = None) -> int:
        """Owe the broadcast to every active subscriber not yet queued, or to those with a
        chat id above ``above`` and up to ``upto`` when given; returns rows added.

        One ``INSERT ... SELECT`` so that chat ids never travel through Python, whatever the
        audience size. Running it again (a resume) only adds people who subscribed meanwhile
        (or, after a stop, those the run had not queued yet); ``ON CONFLICT DO NOTHING``
        covers two processes enqueueing at once. A sender queues a slice at a time
        (`slice_end`), so its first message need not wait for the whole queue.
        """
        already = exists().where(
            _DELIVERIES.broadcast_id == broadcast_id,
            _DELIVERIES.chat_id == _SUBSCRIBERS.chat_id,
        )
        conditions = [_SUBSCRIBERS.status == "active", ~already]
        if above is not None:
            conditions.append(_SUBSCRIBERS.chat_id > above)
        if upto is not None:
            conditions.append(_SUBSCRIBERS.chat_id <= upto)
        rows = select(
            literal(broadcast_id, Text),
            _SUBSCRIBERS.chat_id,
            literal("pending", Text),
            literal(0, Integer),
            literal(self._now(), UTCDateTime),
        ).where(*conditions)
        statement = (
            self._insert(deliveries_table)
            .from_select(["broadcast_id", "chat_id", "status", "attempts", "updated_at"], rows)
            .on_conflict_do_nothing(index_elements=[_DELIVERIES.broadcast_id, _DELIVERIES.chat_id])
        )
        async with self._transaction(write=True) as conn:
            await self._require_broadcast(conn, broadcast_id)
            added = (await conn.execute(statement)).rowcount
        log.debug("broadcast %s: %d deliveries queued", broadcast_id, added)
        return added

    async def slice_end(self, size: int, above: int | None = None) -> int | None:
        """The chat id that ends the next ``size`` active subscribers above ``above`` (lowest
        first), or None when no more than ``size`` are left: where the next slice of a
        broadcast's queue ends (`enqueue` with ``upto``). One index walk of ``size`` rows."""
        if size < 1:
            raise ValueError("size must be at least 1")
        statement = select(_SUBSCRIBERS.chat_id).where(_SUBSCRIBERS.status == "active")
        if above is not None:
            statement = statement.where(_SUBSCRIBERS.chat_id > above)
        # The slice's last chat and the one after it: without the second, none is left over.
        statement = statement.order_by(_SUBSCRIBERS.chat_id).offset(size - 1).limit(2)
        async with self._transaction(write=False) as conn:
            ends = list((await conn.execute(statement)).scalars())
        return int(ends[0]) if len(ends) == 2 else None

    async def pending(
        self, broadcast_id: str, limit: int, after: int | None = None,
        upto: int | None = None
    ) -> list[int]:
        """The next chat ids still owed this broadcast, lowest first, at most ``limit``.

        Chats that unsubscribed or blocked the bot since the broadcast was queued are left out.
        Meant for a loop: take a batch, send, mark each result, repeat until empty. ``after``
        (the last chat id of the previous batch) makes one pass over what is owed: a delivery
        recorded as still pending after a temporary fault is not taken again in the same pass,
        so a run never spins on a chat that keeps failing, and the next run retries it.
        ``upto`` keeps the reading behind a queue that is still being written (`enqueue`):
        past it, a chat queued later would be passed over.
        """
        if limit < 1:
            raise ValueError("limit must be at least 1")
        conditions = [
            _DELIVERIES.broadcast_id == broadcast_id,
            _DELIVERIES.status == "pending",
            _SUBSCRIBERS.status == "active",
        ]
        if after is not None:
            conditions.append(_DELIVERIES.chat_id > after)
        if upto is not None:
            conditions.append(_DELIVERIES.chat_id <= upto)
        statement = (
            select(_DELIVERIES.chat_id)
            .join(subscribers_table, _SUBSCRIBERS.chat_id == _DELIVERIES.chat_id)
            .where(*conditions)
            .order_by(_DELIVERIES.chat_id)
            .limit(limit)
        )
        async with self._transaction(write=False) as conn:
            return list((await conn.execute(statement)).scalars())

    async def mark(
        self, broadcast_id: str, chat_id: int, status: str, error: str | None = None
    ) -> None:
        """Record the outcome of one send attempt; see :meth:`mark_many`."""
        await self.mark_many(broadcast_id, [(chat_id, status, error)])

    async def mark_many(
        self, broadcast_id: str, results: Sequence[tuple[int, str, str | None]]
    ) -> None:
        """Record a batch of send outcomes in one transaction (one commit per batch keeps
        SQLite at thousands of marks a second).

        Each delivery gets the status and one more attempt; ``"pending"`` with a reason records
        an attempt that hit a temporary fault: the message stays owed and the next run retries
        it, and the reason shows in the summary's ``retrying``. ``"blocked"`` also marks the
        subscriber blocked in the same transaction, so no later broadcast tries the chat again.
        A result for a delivery that no longer exists (the user used /forget meanwhile) is
        ignored.
        """
        if not results:
            return
        for _, status, _ in results:
            _check_delivery_status(status)
        now = self._now()
        statement = (
            update(deliveries_table)
            .where(
                _DELIVERIES.broadcast_id == bindparam("b_broadcast", type_=Text),
                _DELIVERIES.chat_id == bindparam("b_chat", type_=BigInteger),
            )
            .values(
                status=bindparam("b_status", type_=Text),
                error=bindparam("b_error", type_=Text),
                attempts=_DELIVERIES.attempts + 1,
                updated_at=bindparam("b_now", type_=UTCDateTime),
            )
        )
        parameters = [
            {
                "b_broadcast": broadcast_id,
                "b_chat": chat_id,
                "b_status": status,
                "b_error": None if status == "sent" else _clean_error(error),
                "b_now": now,
            }
            for chat_id, status, error in results
        ]
        blocked = sorted({chat_id for chat_id, status, _ in results if status == "blocked"})
        async with self._transaction(write=True) as conn:
            await conn.execute(statement, parameters[0] if len(parameters) == 1 else parameters)
            if blocked:
                await conn.execute(
                    update(subscribers_table)
                    .where(_SUBSCRIBERS.chat_id.in_(blocked), _SUBSCRIBERS.status != "blocked")
                    .values(status="blocked", updated_at=now)
                )

    async def finish_broadcast(self, broadcast_id: str) -> None:
        """Stamp the broadcast finished (first time only), for summaries and ``stats``."""
        async with self._transaction(write=True) as conn:
            await self._require_broadcast(conn, broadcast_id)
            await conn.execute(
                update(broadcasts_table)
                .where(_BROADCASTS.id == broadcast_id, _BROADCASTS.finished_at.is_(None))
                .values(finished_at=self._now())
            )

    async def broadcast_summary(self, broadcast_id: str) -> BroadcastSummary:
        """Counts by status and grouped failure reasons of one broadcast."""
        async with self._transaction(write=False) as conn:
            summaries = await self._summaries(conn, _BROADCASTS.id == broadcast_id, None)
        if not summaries:
            raise BroadcastNotFound(f"no broadcast with id {broadcast_id!r}")
        return summaries[0]

    async def broadcasts(self, limit: int | None = None) -> list[BroadcastSummary]:
        """Summaries of all broadcasts (or the ``limit`` latest), newest first."""
        async with self._transaction(write=False) as conn:
            return await self._summaries(conn, None, limit)

    async def owed(self, broadcast_id: str) -> int:
        """How many active subscribers a broadcast would still reach (for --dry-run).

        Counts without writing: active subscribers minus those whose delivery for this id
        already has an outcome. Works for an id that does not exist yet (everyone is owed).
        """
        done = select(_DELIVERIES.chat_id).where(
            _DELIVERIES.broadcast_id == broadcast_id, _DELIVERIES.status != "pending"
        )
        statement = select(func.count()).where(
            _SUBSCRIBERS.status == "active", _SUBSCRIBERS.chat_id.not_in(done)
        )
        async with self._transaction(write=False) as conn:
            return int((await conn.execute(statement)).scalar_one())

    async def _require_broadcast(self, conn: AsyncConnection, broadcast_id: str) -> None:
        found = (
            await conn.execute(select(_BROADCASTS.id).where(_BROADCASTS.id == broadcast_id))
        ).first()
        if found is None:
            raise BroadcastNotFound(f"no broadcast with id {broadcast_id!r}")

    async def _summaries(
        self, conn: AsyncConnection, where: Any, limit: int | None
    ) -> list[BroadcastSummary]:
        """Build summaries with three grouped queries, however many broadcasts there are."""
        query = select(broadcasts_table).order_by(
            _BROADCASTS.created_at.desc(), _BROADCASTS.id.desc()
        )
        if where is not None:
            query = query.where(where)
        if limit is not None:
            query = query.limit(limit)
        rows = (await conn.execute(query)).all()
        if not rows:
            return []
        ids = [row.id for row in rows]
        # Group by plain columns and classify "skipped" here: grouping by an expression with
        # bound parameters is rejected by PostgreSQL.
        counted = (
            await conn.execute(
                select(
                    _DELIVERIES.broadcast_id, _DELIVERIES.status, _SUBSCRIBERS.status, func.count()
                )
                .select_from(
                    deliveries_table.outerjoin(
                        subscribers_table, _SUBSCRIBERS.chat_id == _DELIVERIES.chat_id
                    )
                )
                .where(_DELIVERIES.broadcast_id.in_(ids))
                .group_by(_DELIVERIES.broadcast_id, _DELIVERIES.status, _SUBSCRIBERS.status)
            )
        ).all()
        # Reasons: of failed deliveries, and of owed ones that were tried (pending with an error).
        reasons = (
            await conn.execute(
                select(
                    _DELIVERIES.broadcast_id,
                    _DELIVERIES.status,
                    _DELIVERIES.error,
                    _SUBSCRIBERS.status,
                    func.count(),
                )
                .select_from(
                    deliveries_table.outerjoin(
                        subscribers_table, _SUBSCRIBERS.chat_id == _DELIVERIES.chat_id
                    )
                )
                .where(
                    _DELIVERIES.broadcast_id.in_(ids),
                    or_(
                        _DELIVERIES.status == "failed",
                        and_(_DELIVERIES.status == "pending", _DELIVERIES.error.is_not(None)),
                    ),
                )
                .group_by(
                    _DELIVERIES.broadcast_id,
                    _DELIVERIES.status,
                    _DELIVERIES.error,
                    _SUBSCRIBERS.status,
                )
            )
        ).all()
        counts: dict[str, dict[str, int]] = {
            bid: dict.fromkeys((*DELIVERY_STATUSES, "skipped"), 0) for bid in ids
        }
        for bid, delivery_status, subscriber_status, n in counted:
            key = delivery_status
            if delivery_status == "pending" and subscriber_status != "active":
                key = "skipped"
            counts[bid][key] += n
        failures: dict[str, dict[str, int]] = {bid: {} for bid in ids}
        retrying: dict[str, dict[str, int]] = {bid: {} for bid in ids}
        for bid, delivery_status, error, subscriber_status, n in reasons:
            if delivery_status == "failed":
                reason = error or "unknown error"
                failures[bid][reason] = failures[bid].get(reason, 0) + n
            elif subscriber_status == "active":  # owed, tried, to retry (skipped ones are not)
                retrying[bid][error] = retrying[bid].get(error, 0) + n
        return [
            BroadcastSummary(
                id=row.id,
                text=row.text,
                source=row.source,
                paid=bool(row.paid),
                created_at=row.created_at,
                finished_at=row.finished_at,
                counts=counts[row.id],
                failures=_most_frequent_first(failures[row.id]),
                retrying=_most_frequent_first(retrying[row.id]),
            )
            for row in rows
        ]


def _most_frequent_first(reasons: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
