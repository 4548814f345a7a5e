"""Who asked for campaign messages, kept to the least that works.

Why it is built this way:

* A chat gets a row only when it subscribes: unsubscribing or blocking an unknown chat stores
  nothing, because keeping people who never opted in would be keeping more than works.
* A row holds a chat id, a status and two timestamps; nothing a user wrote.
* ``forget`` and ``migrate_chat`` also touch the chat's deliveries, because a chat's data must
  leave (or move) as a whole: no delivery may outlive its subscriber, and a group that became a
  supergroup must not be sent again what it already received.
"""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy import delete, func, select, update

from bot.storage.engine import Database
from bot.storage.schema import SUBSCRIBER_STATUSES, deliveries_table, subscribers_table

__all__ = ["ChatMigrations", "SubscriberStore", "Subscriptions"]

log = logging.getLogger(__name__)

_SUBSCRIBERS = subscribers_table.c
_DELIVERIES = deliveries_table.c


class Subscriptions(Protocol):
    """What the chat handlers need: a chat's own subscription, as the user controls it."""

    async def subscribe(self, chat_id: int) -> bool:
        """Make the chat active; True only if it was not active before."""
        ...

    async def unsubscribe(self, chat_id: int) -> bool:
        """Stop campaign messages; True if the chat was active."""
        ...

    async def mark_blocked(self, chat_id: int) -> None:
        """Record that the chat blocked the bot."""
        ...

    async def status(self, chat_id: int) -> str | None:
        """The chat's subscription status, or None if nothing is stored about it."""
        ...

    async def forget(self, chat_id: int) -> None:
        """Erase everything stored about the chat."""
        ...


class ChatMigrations(Protocol):
    """What a sender needs when Telegram reports that a group moved to a new chat id."""

    async def migrate_chat(self, old_id: int, new_id: int) -> None:
        """Move the chat's subscription and deliveries to its new id."""
        ...


class SubscriberStore(Database):
    """The ``subscribers`` table: one row per chat that ever subscribed."""

    async def subscribe(self, chat_id: int) -> bool:
        """Make the chat active; True only if it was not active before.

        Re-activating an unsubscribed or blocked chat is allowed because this is only called when
        the user asks explicitly (and a user who unblocked the bot can write to it again).
        """
        now = self._now()
        statement = (
            self._insert(subscribers_table)
            .values(chat_id=chat_id, status="active", created_at=now, updated_at=now)
            .on_conflict_do_update(
                index_elements=[_SUBSCRIBERS.chat_id],
                set_={"status": "active", "updated_at": now},
                where=_SUBSCRIBERS.status != "active",
            )
            .returning(_SUBSCRIBERS.chat_id)
        )
        async with self._transaction(write=True) as conn:
            return (await conn.execute(statement)).first() is not None

    async def unsubscribe(self, chat_id: int) -> bool:
        """Stop campaign messages; True if the chat was active.

        An unknown chat gets no row: storing people who never opted in would be storing more
        than works.
        """
        statement = (
            update(subscribers_table)
            .where(_SUBSCRIBERS.chat_id == chat_id, _SUBSCRIBERS.status == "active")
            .values(status="unsubscribed", updated_at=self._now())
        )
        async with self._transaction(write=True) as conn:
            return (await conn.execute(statement)).rowcount == 1

    async def mark_blocked(self, chat_id: int) -> None:
        """Record that the chat blocked the bot, so no broadcast retries it (Telegram's 403)."""
        statement = (
            update(subscribers_table)
            .where(_SUBSCRIBERS.chat_id == chat_id, _SUBSCRIBERS.status != "blocked")
            .values(status="blocked", updated_at=self._now())
        )
        async with self._transaction(write=True) as conn:
            await conn.execute(statement)

    async def status(self, chat_id: int) -> str | None:
        """The chat's subscription status, or None if nothing is stored about it."""
        statement = select(_SUBSCRIBERS.status).where(_SUBSCRIBERS.chat_id == chat_id)
        async with self._transaction(write=False) as conn:
            return (await conn.execute(statement)).scalar_one_or_none()

    async def migrate_chat(self, old_id: int, new_id: int) -> None:
        """Follow a group that Telegram turned into a supergroup (it gets a new chat id).

        Every delivery moves with the chat, sent ones included: dropping the sent history would
        make a resumed broadcast send to the new id a message the group already received. If the
        new id is already known, the more recently changed subscription status wins, and for a
        broadcast both ids have a row for, a recorded outcome (sent, blocked, failed) wins over
        a pending row, so the group is neither sent the message twice nor counted twice.
        """
        if old_id == new_id:
            return
        now = self._now()
        async with self._transaction(write=True) as conn:
            rows = (
                await conn.execute(
                    select(
                        _SUBSCRIBERS.chat_id,
                        _SUBSCRIBERS.status,
                        _SUBSCRIBERS.created_at,
                        _SUBSCRIBERS.updated_at,
                    ).where(_SUBSCRIBERS.chat_id.in_([old_id, new_id]))
                )
            ).all()
            by_id = {row.chat_id: row for row in rows}
            old = by_id.get(old_id)
            if old is None:
                log.debug("migrate_chat: nothing stored for the old chat id")
                return
            new = by_id.get(new_id)
            if new is None:
                await conn.execute(
                    subscribers_table.insert().values(
                        chat_id=new_id,
                        status=old.status,
                        created_at=old.created_at,
                        updated_at=now,
                    )
                )
            else:
                status = old.status if old.updated_at > new.updated_at else new.status
                await conn.execute(
                    update(subscribers_table)
                    .where(_SUBSCRIBERS.chat_id == new_id)
                    .values(
                        status=status,
                        created_at=min(old.created_at, new.created_at),
                        updated_at=now,
                    )
                )

            delivery_rows = (
                await conn.execute(
                    select(
                        _DELIVERIES.broadcast_id,
                        _DELIVERIES.chat_id,
                        _DELIVERIES.status,
                        _DELIVERIES.error,
                        _DELIVERIES.attempts,
                    ).where(_DELIVERIES.chat_id.in_([old_id, new_id]))
                )
            ).all()
            new_status = {r.broadcast_id: r.status for r in delivery_rows if r.chat_id == new_id}
            for row in (r for r in delivery_rows if r.chat_id == old_id):
                key = _DELIVERIES.broadcast_id == row.broadcast_id
                if row.broadcast_id not in new_status:
                    await conn.execute(
                        update(deliveries_table)
                        .where(key, _DELIVERIES.chat_id == old_id)
                        .values(chat_id=new_id, updated_at=now)
                    )
                    continue
                if new_status[row.broadcast_id] == "pending" and row.status != "pending":
                    await conn.execute(
                        update(deliveries_table)
                        .where(key, _DELIVERIES.chat_id == new_id)
                        .values(
                            status=row.status,
                            error=row.error,
                            attempts=row.attempts,
                            updated_at=now,
                        )
                    )
                await conn.execute(
                    delete(deliveries_table).where(key, _DELIVERIES.chat_id == old_id)
                )
            await conn.execute(delete(subscribers_table).where(_SUBSCRIBERS.chat_id == old_id))

    async def forget(self, chat_id: int) -> None:
        """Erase everything stored about a chat (``/forget``): its subscription and deliveries.

        Topic counters are anonymous and schedule claims hold no chat id, so nothing else refers
        to the chat.
        """
        async with self._transaction(write=True) as conn:
            await conn.execute(delete(deliveries_table).where(_DELIVERIES.chat_id == chat_id))
            await conn.execute(delete(subscribers_table).where(_SUBSCRIBERS.chat_id == chat_id))

    async def subscriber_counts(self) -> dict[str, int]:
        """Subscribers per status, every status present (zeros included) for steady output."""
        statement = select(_SUBSCRIBERS.status, func.count()).group_by(_SUBSCRIBERS.status)
        async with self._transaction(write=False) as conn:
            rows = (await conn.execute(statement)).all()
        counts: dict[str, int] = dict.fromkeys(SUBSCRIBER_STATUSES, 0)
        counts.update(rows)
        return counts
