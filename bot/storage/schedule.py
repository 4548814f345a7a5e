"""Scheduled campaign items: which process sends each one, so each goes out exactly once.

Why it is built this way:

* An item is claimed by inserting its row, so the primary key decides between two bot
  processes (an overlapping deploy) without any lock held across the send.
* A claim is a lease (owner, ``lease_until``) that the sender renews while it sends: one
  process at a time sends an item, and one that died mid-send leaves a claim that another
  takes over once the lease expires, so the item is finished rather than lost.
* Rows hold item ids, process names and times, never a chat id, so ``/forget`` has nothing
  to erase here.
* Every method that reasons about the lease takes an explicit ``now`` (default: the store's
  clock), so the scheduler and its tests decide what time it is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Protocol

from sqlalchemy import Update, or_, select, update

from bot.storage.engine import Database
from bot.storage.schema import check_text_id, schedule_sent_table

__all__ = ["DEFAULT_LEASE_SECONDS", "ScheduleClaim", "ScheduleLeases", "ScheduleStore"]

log = logging.getLogger(__name__)

# How long a schedule claim stays someone's without a renewal (see claim_schedule_item).
DEFAULT_LEASE_SECONDS: Final = 120.0

_SCHEDULE = schedule_sent_table.c


@dataclass(frozen=True, slots=True)
class ScheduleClaim:
    """One scheduled item's row: who claimed it, until when, and whether it went out.

    ``sent_at`` is set once the item's broadcast has nothing left to send. While it is None,
    ``owner`` is sending it until ``lease_until``; a None or past ``lease_until`` means nobody
    is (the owner stopped or died) and the item may be taken over and finished.
    """

    item_id: str
    claimed_at: datetime
    owner: str | None
    lease_until: datetime | None
    sent_at: datetime | None
    recipients: int | None

    def free(self, now: datetime) -> bool:
        """Unfinished and nobody's lease is running at ``now``: resumable."""
        return self.sent_at is None and (self.lease_until is None or self.lease_until < now)


class ScheduleLeases(Protocol):
    """What the campaign scheduler needs: claim an item, keep the claim, record the result."""

    async def claim_schedule_item(
        self,
        item_id: str,
        owner: str = "unnamed",
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        *,
        now: datetime | None = None,
    ) -> bool:
        """Claim a scheduled item before sending it; True if this caller now holds it."""
        ...

    async def renew_schedule_claim(
        self,
        item_id: str,
        owner: str,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        *,
        now: datetime | None = None,
    ) -> bool:
        """Extend ``owner``'s lease on an unfinished item; False if it is no longer theirs."""
        ...

    async def release_schedule_claim(self, item_id: str, owner: str) -> bool:
        """Give up ``owner``'s lease on an unfinished item."""
        ...

    async def complete_schedule_item(self, item_id: str, recipients: int) -> None:
        """Record that a claimed item went out and to how many chats."""
        ...

    async def schedule_state(self) -> dict[str, ScheduleClaim]:
        """Every scheduled item's row (claim, lease, completion), by item id."""
        ...


class ScheduleStore(Database):
    """The ``schedule_sent`` table: one row per scheduled item ever claimed."""

    async def claim_schedule_item(
        self,
        item_id: str,
        owner: str = "unnamed",
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        *,
        now: datetime | None = None,
    ) -> bool:
        """Claim a scheduled item before sending it; True if this caller now holds it.

        A new item is claimed by inserting its row (the primary key decides between two bot
        processes, as in an overlapping deploy). An item claimed earlier but not finished is
        taken over only when its lease has expired (its owner died, or stopped and released
        it), with one ``UPDATE ... WHERE lease_until < now`` whose row count says who won, so
        two processes can never both hold it. A finished item is never claimed again.

        The holder keeps the lease with :meth:`renew_schedule_claim` while it sends and should
        stop sending if it cannot. ``now`` (default: the store's clock) is the lease clock.
        """
        check_text_id(item_id, "schedule item id")
        check_text_id(owner, "schedule owner")
        if not lease_seconds > 0:
            raise ValueError("lease_seconds must be positive")
        now = now if now is not None else self._now()
        until = now + timedelta(seconds=lease_seconds)
        insert = (
            self._insert(schedule_sent_table)
            .values(
                item_id=item_id,
                claimed_at=now,
                sent_at=None,
                recipients=None,
                owner=owner,
                lease_until=until,
            )
            .on_conflict_do_nothing(index_elements=[_SCHEDULE.item_id])
        )
        take_over = (
            update(schedule_sent_table)
            .where(
                _SCHEDULE.item_id == item_id,
                _SCHEDULE.sent_at.is_(None),
                or_(_SCHEDULE.lease_until.is_(None), _SCHEDULE.lease_until < now),
            )
            .values(owner=owner, lease_until=until)
        )
        async with self._transaction(write=True) as conn:
            if (await conn.execute(insert)).rowcount == 1:
                return True
            taken = (await conn.execute(take_over)).rowcount == 1
        if taken:
            log.info("schedule item %s: unfinished and its lease expired; taken over", item_id)
        return taken

    async def renew_schedule_claim(
        self,
        item_id: str,
        owner: str,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        *,
        now: datetime | None = None,
    ) -> bool:
        """Extend ``owner``'s lease on an unfinished item; False if it is no longer theirs.

        Safe even after the lease ran out: a takeover changes the owner in the same row, so
        either the takeover or the renewal happened first, never both.
        """
        if not lease_seconds > 0:
            raise ValueError("lease_seconds must be positive")
        until = (now if now is not None else self._now()) + timedelta(seconds=lease_seconds)
        statement = _held_by(item_id, owner).values(lease_until=until)
        async with self._transaction(write=True) as conn:
            return (await conn.execute(statement)).rowcount == 1

    async def release_schedule_claim(self, item_id: str, owner: str) -> bool:
        """Give up ``owner``'s lease on an unfinished item (sending stopped cleanly), so another
        process may finish it at once instead of waiting for the lease to expire."""
        statement = _held_by(item_id, owner).values(lease_until=None)
        async with self._transaction(write=True) as conn:
            return (await conn.execute(statement)).rowcount == 1

    async def complete_schedule_item(self, item_id: str, recipients: int) -> None:
        """Record that a claimed item went out and to how many chats."""
        statement = (
            update(schedule_sent_table)
            .where(_SCHEDULE.item_id == item_id)
            .values(sent_at=self._now(), recipients=recipients)
        )
        async with self._transaction(write=True) as conn:
            if (await conn.execute(statement)).rowcount != 1:
                raise LookupError(f"schedule item {item_id!r} was never claimed")

    async def schedule_claims(self) -> dict[str, datetime]:
        """When each scheduled item was claimed, so the scheduler can skip those on start-up."""
        statement = select(_SCHEDULE.item_id, _SCHEDULE.claimed_at).order_by(_SCHEDULE.item_id)
        async with self._transaction(write=False) as conn:
            return dict((await conn.execute(statement)).all())

    async def schedule_state(self) -> dict[str, ScheduleClaim]:
        """Every scheduled item's row (claim, lease, completion), by item id."""
        statement = select(schedule_sent_table).order_by(_SCHEDULE.item_id)
        async with self._transaction(write=False) as conn:
            rows = (await conn.execute(statement)).all()
        return {
            row.item_id: ScheduleClaim(
                item_id=row.item_id,
                claimed_at=row.claimed_at,
                owner=row.owner,
                lease_until=row.lease_until,
                sent_at=row.sent_at,
                recipients=row.recipients,
            )
            for row in rows
        }


def _held_by(item_id: str, owner: str) -> Update:
    """An UPDATE of `owner`'s claim on an unfinished item: it changes nothing once another
    process has taken the item over or it was completed, which is how the caller finds out."""
    return update(schedule_sent_table).where(
        _SCHEDULE.item_id == item_id,
        _SCHEDULE.owner == owner,
        _SCHEDULE.sent_at.is_(None),
    )
