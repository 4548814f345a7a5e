"""The one object the rest of the bot holds for all its persistent state.

Why it is built this way:

* Callers (the chat handlers, the campaign scheduler, the ``broadcast`` and ``stats``
  commands) open one :class:`Store` and pass it around, so a process has one engine, one
  connection pool, one SQLite write lock and one clock, whichever areas it uses.
* The SQL itself lives in one module per area (:mod:`~bot.storage.subscribers`,
  :mod:`~bot.storage.broadcasts`, :mod:`~bot.storage.schedule`,
  :mod:`~bot.storage.counters`, :mod:`~bot.storage.words`), each small enough to review on
  its own; this module only combines them and re-exports their public names, so importers
  of ``bot.storage.store`` did not have to change when the areas were split out.
* Each area also names, as a :class:`typing.Protocol`, the part of the store its consumers
  use, so a layer can be typed (and faked in tests) by what it needs rather than by the whole
  store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.storage.broadcasts import (
    Broadcast,
    BroadcastConflict,
    BroadcastNotFound,
    Broadcasts,
    BroadcastStore,
    BroadcastSummary,
    Deliveries,
)
from bot.storage.counters import CounterStore, CountSink, DayCount
from bot.storage.engine import DEFAULT_SQLITE_FILE, Database, database_url, sqlite_file
from bot.storage.reports import QuestionDay, ReportStore, SubscriberDay, TopicTotal
from bot.storage.schedule import (
    DEFAULT_LEASE_SECONDS,
    ScheduleClaim,
    ScheduleLeases,
    ScheduleStore,
)
from bot.storage.schema import (
    DELIVERY_STATUSES,
    SCHEMA_VERSION,
    SUBSCRIBER_STATUSES,
    DeliveryStatus,
    SubscriberStatus,
)
from bot.storage.subscribers import ChatMigrations, SubscriberStore, Subscriptions
from bot.storage.words import MissingWord, WordSink, WordStore

__all__ = [
    "DEFAULT_LEASE_SECONDS",
    "DEFAULT_SQLITE_FILE",
    "DELIVERY_STATUSES",
    "SCHEMA_VERSION",
    "SUBSCRIBER_STATUSES",
    "Broadcast",
    "BroadcastConflict",
    "BroadcastNotFound",
    "BroadcastSummary",
    "Broadcasts",
    "ChatMigrations",
    "CountSink",
    "Database",
    "DayCount",
    "Deliveries",
    "DeliveryStatus",
    "MissingWord",
    "QuestionDay",
    "ScheduleClaim",
    "ScheduleLeases",
    "Store",
    "SubscriberDay",
    "SubscriberStatus",
    "Subscriptions",
    "TopicTotal",
    "WordSink",
    "database_url",
    "sqlite_file",
]


class Store(SubscriberStore, BroadcastStore, ScheduleStore, CounterStore, WordStore,
            ReportStore):
    """All persistent state of the bot behind async methods that each run one transaction.

    Create it with :meth:`open` (``Store.open(url, clock=...)``), which also brings the schema
    up to date; use it as an async context manager or call :meth:`close`. Every method is safe
    to call from several tasks and from several processes sharing the database.
    """


if TYPE_CHECKING:
    # mypy checks that the store really offers what each area's Protocol promises.
    def _offers_every_protocol(
        store: Store,
    ) -> tuple[Subscriptions, ChatMigrations, Broadcasts, Deliveries, ScheduleLeases, CountSink,
               WordSink]:
        return store, store, store, store, store, store, store
