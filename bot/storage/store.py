"""Persistent state of the back-care bot: subscriptions, broadcast deliveries, counters, schedule.

Why it is built this way:

* One module owns every SQL statement, so the privacy rule ("store the least that works": chat
  ids, statuses, timestamps, anonymous per-topic counters; never a user's message text) is
  enforced and reviewable in one place.
* SQLAlchemy Core rather than the ORM: the hot paths are set-based (queueing a broadcast for
  100,000 subscribers is one ``INSERT ... SELECT`` that never brings chat ids into Python), and
  plain rows are easier to reason about than an identity map when two processes share a database.
* Async, because the bot runs on python-telegram-bot's asyncio loop; a blocking query would stall
  every conversation.
* SQLite by default because it needs no setup; WAL, a busy timeout and ``BEGIN IMMEDIATE`` for
  writes let the running bot and a separate ``broadcast`` process share the file.  PostgreSQL when
  the platform provides ``DATABASE_URL``, because Procfile dynos have ephemeral disks.
* The schema migrates itself at ``Store.open()`` under a lock, so a deploy needs no manual step
  and two processes starting together cannot both apply a migration.
* Delivery state is one row per (broadcast, chat), written after each send, so a crashed or
  interrupted broadcast resumes by sending only what is still owed.
* Scheduled campaign items are claimed with a lease (owner, ``lease_until``) that the sender
  renews: one process at a time sends an item, and one that died mid-send leaves a claim that
  another takes over once the lease expires, so the item is finished rather than lost.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal, Self

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    Table,
    Text,
    bindparam,
    delete,
    event,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.types import TypeDecorator

__all__ = [
    "DELIVERY_STATUSES",
    "SCHEMA_VERSION",
    "SUBSCRIBER_STATUSES",
    "Broadcast",
    "BroadcastConflict",
    "BroadcastNotFound",
    "BroadcastSummary",
    "DeliveryStatus",
    "ScheduleClaim",
    "Store",
    "SubscriberStatus",
    "database_url",
]

log = logging.getLogger(__name__)

SubscriberStatus = Literal["active", "unsubscribed", "blocked"]
DeliveryStatus = Literal["pending", "sent", "blocked", "failed"]
SUBSCRIBER_STATUSES: Final[tuple[SubscriberStatus, ...]] = ("active", "unsubscribed", "blocked")
DELIVERY_STATUSES: Final[tuple[DeliveryStatus, ...]] = ("pending", "sent", "blocked", "failed")

DEFAULT_SQLITE_FILE: Final = "backcare.sqlite3"

# Topic ids are catalogue ids (``sciatica``, ``acupuncture_safety``...). The strict pattern is a
# privacy guard: a caller that passed the user's words by mistake gets an error, not a table of
# stored messages.
_TOPIC_RE: Final = re.compile(r"[a-z0-9][a-z0-9_:.-]{0,63}")
_MAX_ID_LEN: Final = 200
# Telegram error descriptions are short; the cap keeps an unexpected huge payload out of the db.
_MAX_ERROR_LEN: Final = 300

# Arbitrary constant ("backcare" in ASCII) naming this schema's migration lock in PostgreSQL.
_PG_MIGRATION_LOCK: Final = 0x6261636B63617265
# Execution option read by the SQLite "begin" hook to take the write lock at BEGIN.
_IMMEDIATE: Final = "backcare_sqlite_immediate"
_SQLITE_BUSY_TIMEOUT_MS: Final = 5000
# How long a schedule claim stays someone's without a renewal (see claim_schedule_item).
DEFAULT_LEASE_SECONDS: Final = 120.0


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

    ``counts`` always has the keys pending, sent, blocked, failed and skipped. ``pending`` counts
    only deliveries still owed (what :meth:`Store.pending` would return); ``skipped`` counts
    pending rows whose chat unsubscribed or blocked the bot before its turn, so that
    ``counts["pending"] == 0`` means there is nothing left to send. ``failures`` groups the
    reasons of failed deliveries, most frequent first.
    """

    id: str
    text: str
    source: str
    paid: bool
    created_at: datetime
    finished_at: datetime | None
    counts: dict[str, int]
    failures: list[tuple[str, int]]

    @property
    def total(self) -> int:
        """Every queued delivery, whatever became of it."""
        return sum(self.counts.values())


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


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both backends.

    PostgreSQL keeps the offset in ``timestamptz``; SQLite has no datetime type, so values are
    stored as naive UTC text and the zone is put back on read. Naive inputs are refused because
    their meaning depends on the server's clock settings.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Table descriptions used to build queries. The DDL that creates them lives in the migration
# steps below, so that old steps stay fixed when these descriptions evolve.
_metadata = MetaData()

subscribers_table: Final = Table(
    "subscribers",
    _metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("status", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
topic_counts_table: Final = Table(
    "topic_counts",
    _metadata,
    Column("topic", Text, primary_key=True),
    Column("count", BigInteger, nullable=False),
)
broadcasts_table: Final = Table(
    "broadcasts",
    _metadata,
    Column("id", Text, primary_key=True),
    Column("text", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("paid", Boolean, nullable=False),
)
deliveries_table: Final = Table(
    "deliveries",
    _metadata,
    Column("broadcast_id", Text, primary_key=True),
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("status", Text, nullable=False),
    Column("error", Text, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
schedule_sent_table: Final = Table(
    "schedule_sent",
    _metadata,
    Column("item_id", Text, primary_key=True),
    Column("claimed_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("recipients", Integer, nullable=True),
    # Added by migration 2: who is sending the item and until when (see claim_schedule_item).
    Column("owner", Text, nullable=True),
    Column("lease_until", UTCDateTime, nullable=True),
)
schema_version_table: Final = Table(
    "schema_version",
    _metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

_SUBSCRIBERS = subscribers_table.c
_TOPICS = topic_counts_table.c
_BROADCASTS = broadcasts_table.c
_DELIVERIES = deliveries_table.c
_SCHEDULE = schedule_sent_table.c
_VERSIONS = schema_version_table.c


def _ddl_types(dialect: str) -> dict[str, str]:
    """Column types per backend for hand-written DDL.

    SQLite's ``INTEGER PRIMARY KEY`` is the 64-bit rowid (fastest lookups) and its timestamps are
    ISO text written by :class:`UTCDateTime`.
    """
    if dialect == "postgresql":
        return {"chat_pk": "BIGINT", "chat": "BIGINT", "ts": "TIMESTAMP WITH TIME ZONE"}
    return {"chat_pk": "INTEGER", "chat": "INTEGER", "ts": "TEXT"}


def _schema_version_ddl(dialect: str) -> str:
    t = _ddl_types(dialect)
    return (
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER NOT NULL PRIMARY KEY,"
        " description TEXT NOT NULL,"
        f" applied_at {t['ts']} NOT NULL)"
    )


def _v1_initial(dialect: str) -> list[str]:
    t = _ddl_types(dialect)
    return [
        "CREATE TABLE subscribers ("
        f" chat_id {t['chat_pk']} NOT NULL PRIMARY KEY,"
        " status TEXT NOT NULL CHECK (status IN ('active', 'unsubscribed', 'blocked')),"
        f" created_at {t['ts']} NOT NULL,"
        f" updated_at {t['ts']} NOT NULL)",
        "CREATE TABLE topic_counts ("
        " topic TEXT NOT NULL PRIMARY KEY,"
        " count BIGINT NOT NULL DEFAULT 0 CHECK (count >= 0))",
        "CREATE TABLE broadcasts ("
        " id TEXT NOT NULL PRIMARY KEY,"
        " text TEXT NOT NULL,"
        " source TEXT NOT NULL,"
        f" created_at {t['ts']} NOT NULL,"
        f" finished_at {t['ts']} NULL,"
        " paid BOOLEAN NOT NULL DEFAULT FALSE)",
        # The chat_id foreign key cascades so that no delivery can outlive its subscriber, which
        # is what /forget promises.
        "CREATE TABLE deliveries ("
        " broadcast_id TEXT NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,"
        f" chat_id {t['chat']} NOT NULL REFERENCES subscribers (chat_id) ON DELETE CASCADE,"
        " status TEXT NOT NULL DEFAULT 'pending'"
        " CHECK (status IN ('pending', 'sent', 'blocked', 'failed')),"
        " error TEXT NULL,"
        " attempts INTEGER NOT NULL DEFAULT 0,"
        f" updated_at {t['ts']} NOT NULL,"
        " PRIMARY KEY (broadcast_id, chat_id))",
        # pending(): equality on (broadcast_id, status), rows already in chat_id order. A plain
        # index rather than a partial one, because PostgreSQL's generic plans for prepared
        # statements cannot use a partial index whose predicate is a bound parameter.
        "CREATE INDEX ix_deliveries_pending ON deliveries (broadcast_id, status, chat_id)",
        # forget(), migrate_chat() and the cascade from subscribers look deliveries up by chat.
        "CREATE INDEX ix_deliveries_chat ON deliveries (chat_id)",
        "CREATE TABLE schedule_sent ("
        " item_id TEXT NOT NULL PRIMARY KEY,"
        f" claimed_at {t['ts']} NOT NULL,"
        f" sent_at {t['ts']} NULL,"
        " recipients INTEGER NULL)",
    ]


def _v2_schedule_leases(dialect: str) -> list[str]:
    # Unfinished claims made before leases existed get lease_until NULL, which means "nobody
    # holds it": the item is resumable (only what is still owed goes out), never stuck.
    t = _ddl_types(dialect)
    return [
        "ALTER TABLE schedule_sent ADD COLUMN owner TEXT NULL",
        f"ALTER TABLE schedule_sent ADD COLUMN lease_until {t['ts']} NULL",
    ]


@dataclass(frozen=True, slots=True)
class _Migration:
    """One schema step; ``statements`` renders its DDL for a backend ("sqlite"/"postgresql")."""

    version: int
    description: str
    statements: Callable[[str], Sequence[str]]


# Append only: a released step must never change, because databases in the field already ran it.
_MIGRATIONS: tuple[_Migration, ...] = (
    _Migration(1, "initial schema", _v1_initial),
    _Migration(2, "leases on schedule claims", _v2_schedule_leases),
)
SCHEMA_VERSION: Final = len(_MIGRATIONS)

_SSLMODES: Final = frozenset({"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
_ASYNC_SCHEMES: Final = frozenset({"sqlite+aiosqlite", "postgresql+asyncpg"})
_SCHEME_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_URL_HELP: Final = (
    "use postgres://user:password@host:5432/dbname or sqlite:///path/to/file.sqlite3"
)


def database_url(raw: str | None, workdir: Path) -> str:
    """Turn ``DATABASE_URL`` as users and platforms write it into a URL for an async driver.

    Platforms hand out ``postgres://`` (a spelling SQLAlchemy no longer accepts) with libpq's
    ``sslmode``, which asyncpg calls ``ssl``; translating here keeps the platform's value usable
    unchanged. Errors name the problem but never echo the URL, which may carry a password.
    """
    if raw is None or not raw.strip():
        return f"sqlite+aiosqlite:///{workdir / DEFAULT_SQLITE_FILE}"
    raw = raw.strip()
    scheme, sep, _ = raw.partition("://")
    if not sep or not _SCHEME_RE.fullmatch(scheme):
        raise ValueError(f"DATABASE_URL is not a database URL: {_URL_HELP}")
    scheme = scheme.lower()
    if scheme == "sqlite":
        path = raw[len("sqlite://") :]
        if path in ("", "/") or ":memory:" in path or "mode=memory" in path:
            raise ValueError(
                "DATABASE_URL points at an in-memory SQLite database, which the bot and the "
                "broadcast command cannot share: use sqlite:///path/to/file.sqlite3"
            )
        return "sqlite+aiosqlite://" + path
    if scheme not in ("postgres", "postgresql", *_ASYNC_SCHEMES):
        raise ValueError(f"DATABASE_URL scheme {scheme!r} is not supported: {_URL_HELP}")
    try:
        url = make_url(raw)
    except Exception:
        # The parser's own message quotes the URL, password included: drop it (and its chain).
        raise ValueError(
            f"DATABASE_URL is not a valid {scheme}:// URL (check the port, and percent-encode "
            "special characters in the user name and password)"
        ) from None
    if scheme in _ASYNC_SCHEMES:
        return raw
    query: dict[str, str | tuple[str, ...]] = dict(url.query)
    sslmode = query.pop("sslmode", None)
    if sslmode is not None:
        if not isinstance(sslmode, str) or sslmode not in _SSLMODES:
            expected = ", ".join(sorted(_SSLMODES))
            raise ValueError(f"DATABASE_URL has an unknown sslmode; expected one of {expected}")
        query.setdefault("ssl", sslmode)
    return url.set(drivername="postgresql+asyncpg", query=query).render_as_string(
        hide_password=False
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _check_text_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    if len(value) > _MAX_ID_LEN:
        raise ValueError(f"{what} is longer than {_MAX_ID_LEN} characters")
    return value


def _check_delivery_status(status: str) -> None:
    if status not in DELIVERY_STATUSES:
        raise ValueError(
            f"delivery status must be one of {', '.join(DELIVERY_STATUSES)}, not {status!r}"
        )


def _clean_error(error: str | None) -> str | None:
    if error is None:
        return None
    error = error.strip()
    return error[:_MAX_ERROR_LEN] if error else None


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Prepare every SQLite connection for sharing the file with another process.

    The driver's own implicit BEGIN is turned off so that :func:`_sqlite_on_begin` decides how
    transactions start. WAL is not set here: it is a property of the file, and switching to it
    ignores the busy timeout, so :meth:`Store._enable_wal` does it once, with retries.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    """Take SQLite's write lock at BEGIN for write transactions.

    A deferred transaction that reads and then writes can fail at once with "database is
    locked" when another process writes meanwhile (the busy timeout does not apply to that
    upgrade); ``BEGIN IMMEDIATE`` waits for the lock up front instead. Reads stay deferred so
    that, in WAL mode, they never wait for a writer.
    """
    immediate = conn.get_execution_options().get(_IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _create_engine(url: str) -> AsyncEngine:
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_on_begin)
        return engine
    # A small pool: the bot is one process with modest concurrency, and hobby PostgreSQL plans
    # allow only a handful of connections shared by the bot and the broadcast command.
    # pre_ping and recycle survive the platform dropping idle connections.
    return create_async_engine(
        url, pool_size=5, max_overflow=2, pool_pre_ping=True, pool_recycle=1800
    )


class Store:
    """All persistent state of the bot behind async methods that each run one transaction.

    Create it with :meth:`open`, which also brings the schema up to date; use it as an async
    context manager or call :meth:`close`. Every method is safe to call from several tasks and
    from several processes sharing the database.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        """Wrap an engine; prefer :meth:`open`, which also migrates the schema."""
        self._engine = engine
        self._backend = engine.dialect.name
        self._writer = engine.execution_options(**{_IMMEDIATE: True})
        # SQLite has one writer at a time anyway; queueing this process's writers here instead
        # of in SQLite's busy handler (which sleeps and polls) keeps a burst of messages, each
        # counting its topic, from slowing one another down. Other processes still wait on
        # busy_timeout.
        self._write_lock: asyncio.Lock | None = (
            asyncio.Lock() if self._backend == "sqlite" else None
        )

    @classmethod
    async def open(cls, url: str) -> Self:
        """Connect and migrate, so callers never see a database without the current schema.

        ``url`` may be any form :func:`database_url` accepts (``postgres://``, ``sqlite:///``...).
        """
        if not url or not url.strip():
            raise ValueError("Store.open needs a database URL; see database_url()")
        engine = _create_engine(database_url(url, Path.cwd()))
        store = cls(engine)
        try:
            if store.backend == "sqlite":
                await store._enable_wal()
            version = await store._migrate()
        except BaseException:
            await engine.dispose()
            raise
        log.info("database ready: %s, schema version %d", store.backend, version)
        return store

    async def close(self) -> None:
        """Release pooled connections, so the process exits without dangling sockets or threads."""
        await self._engine.dispose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``: for logs and ``stats``, without exposing the URL."""
        return self._backend

    # -- plumbing -------------------------------------------------------------------------

    @asynccontextmanager
    async def _transaction(self, *, write: bool) -> AsyncIterator[AsyncConnection]:
        """One transaction; writers take SQLite's write lock at BEGIN (see _sqlite_on_begin)."""
        if not write:
            async with self._engine.begin() as conn:
                yield conn
        elif self._write_lock is None:
            async with self._writer.begin() as conn:
                yield conn
        else:
            async with self._write_lock, self._writer.begin() as conn:
                yield conn

    def _insert(self, table: Table) -> postgresql.Insert | sqlite.Insert:
        """INSERT with the backend's ON CONFLICT support (same API on both backends)."""
        if self._backend == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    async def _enable_wal(self) -> None:
        """Put the SQLite file in WAL mode, so the bot's reads never wait for a broadcast's writes.

        The mode persists in the file, so this costs one no-op pragma on later opens. Switching a
        new file needs a moment of exclusive access, for which SQLite does not wait (the busy
        timeout does not apply) when another process is opening the same new file, so this
        retries for as long as the busy timeout would have waited.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _SQLITE_BUSY_TIMEOUT_MS / 1000
        while True:
            async with self._engine.connect() as conn:
                # The driver connection, because a pragma that changes the journal mode must run
                # outside a transaction and SQLAlchemy would open one.
                driver = (await conn.get_raw_connection()).driver_connection
                assert driver is not None
                try:
                    cursor = await driver.execute("PRAGMA journal_mode = WAL")
                    row = await cursor.fetchone()
                    await cursor.close()
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or loop.time() > deadline:
                        raise
                    await asyncio.sleep(0.02)
                    continue
            mode = str(row[0]).lower() if row else "unknown"
            if mode != "wal":
                log.warning("SQLite refused WAL mode (%s): concurrent processes may block", mode)
            return

    async def _migrate(self) -> int:
        """Apply the missing migration steps in one transaction, serialised across processes."""
        async with self._transaction(write=True) as conn:
            if self._backend == "postgresql":
                await conn.execute(
                    select(func.pg_advisory_xact_lock(literal(_PG_MIGRATION_LOCK, BigInteger)))
                )
            await conn.exec_driver_sql(_schema_version_ddl(self._backend))
            current = (await conn.execute(select(func.max(_VERSIONS.version)))).scalar_one() or 0
            if current > SCHEMA_VERSION:
                raise RuntimeError(
                    f"the database schema is version {current} but this code knows only up to "
                    f"{SCHEMA_VERSION}: upgrade the bot before using this database"
                )
            for step in _MIGRATIONS[current:]:
                log.info("applying schema migration %d: %s", step.version, step.description)
                for statement in step.statements(self._backend):
                    await conn.exec_driver_sql(statement)
                await conn.execute(
                    schema_version_table.insert().values(
                        version=step.version, description=step.description, applied_at=_now()
                    )
                )
            return max(current, SCHEMA_VERSION)

    async def schema_version(self) -> int:
        """The highest migration step recorded in the database."""
        async with self._transaction(write=False) as conn:
            return (await conn.execute(select(func.max(_VERSIONS.version)))).scalar_one() or 0

    # -- subscribers ----------------------------------------------------------------------

    async def subscribe(self, chat_id: int) -> bool:
        """Make the chat active; True only if it was not active before.

        Re-activating an unsubscribed or blocked chat is allowed because this is only called when
        the user asks explicitly (and a user who unblocked the bot can write to it again).
        """
        now = _now()
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
            .values(status="unsubscribed", updated_at=_now())
        )
        async with self._transaction(write=True) as conn:
            return (await conn.execute(statement)).rowcount == 1

    async def mark_blocked(self, chat_id: int) -> None:
        """Record that the chat blocked the bot, so no broadcast retries it (Telegram's 403)."""
        statement = (
            update(subscribers_table)
            .where(_SUBSCRIBERS.chat_id == chat_id, _SUBSCRIBERS.status != "blocked")
            .values(status="blocked", updated_at=_now())
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
        now = _now()
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
        counts.update({status: count for status, count in rows})
        return counts

    async def owed(self, broadcast_id: str) -> int:
        """How many active subscribers a broadcast would still reach (for --dry-run).

        Counts without writing: active subscribers minus those whose delivery for this id
        already has an outcome. Works for an id that does not exist yet (everyone is owed).
        """
        done = (
            select(_DELIVERIES.chat_id)
            .where(_DELIVERIES.broadcast_id == broadcast_id, _DELIVERIES.status != "pending")
        )
        statement = select(func.count()).where(
            _SUBSCRIBERS.status == "active", _SUBSCRIBERS.chat_id.not_in(done))
        async with self._transaction(write=False) as conn:
            return int((await conn.execute(statement)).scalar_one())

    # -- anonymous counters ---------------------------------------------------------------

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
            return {topic: count for topic, count in (await conn.execute(statement)).all()}

    # -- broadcasts -----------------------------------------------------------------------

    async def create_broadcast(
        self, broadcast_id: str, text: str, source: str, paid: bool = False
    ) -> Broadcast:
        """Create a broadcast, or return the stored one when resuming with the same text.

        Raises :class:`BroadcastConflict` if the id exists with another text. The stored
        ``paid`` flag and source of an existing broadcast are returned unchanged.
        """
        _check_text_id(broadcast_id, "broadcast id")
        if not isinstance(text, str) or not text.strip():
            raise ValueError("broadcast text must not be empty")
        _check_text_id(source, "broadcast source")
        insert = (
            self._insert(broadcasts_table)
            .values(
                id=broadcast_id,
                text=text,
                source=source,
                created_at=_now(),
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

    async def enqueue(self, broadcast_id: str) -> int:
        """Owe the broadcast to every active subscriber not yet queued; returns rows added.

        One ``INSERT ... SELECT`` so that chat ids never travel through Python, whatever the
        audience size. Running it again (a resume) only adds people who subscribed meanwhile;
        ``ON CONFLICT DO NOTHING`` covers two processes enqueueing at once.
        """
        already = exists().where(
            _DELIVERIES.broadcast_id == broadcast_id,
            _DELIVERIES.chat_id == _SUBSCRIBERS.chat_id,
        )
        rows = select(
            literal(broadcast_id, Text),
            _SUBSCRIBERS.chat_id,
            literal("pending", Text),
            literal(0, Integer),
            literal(_now(), UTCDateTime),
        ).where(_SUBSCRIBERS.status == "active", ~already)
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

    async def pending(self, broadcast_id: str, limit: int) -> list[int]:
        """The next chat ids still owed this broadcast, lowest first, at most ``limit``.

        Chats that unsubscribed or blocked the bot since the broadcast was queued are left out.
        Meant for a loop: take a batch, send, mark each result, repeat until empty.
        """
        if limit < 1:
            raise ValueError("limit must be at least 1")
        statement = (
            select(_DELIVERIES.chat_id)
            .join(subscribers_table, _SUBSCRIBERS.chat_id == _DELIVERIES.chat_id)
            .where(
                _DELIVERIES.broadcast_id == broadcast_id,
                _DELIVERIES.status == "pending",
                _SUBSCRIBERS.status == "active",
            )
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

        Each delivery gets the status and one more attempt; ``"pending"`` records a retryable
        attempt and keeps the message owed. ``"blocked"`` also marks the subscriber blocked in
        the same transaction, so no later broadcast tries the chat again. A result for a
        delivery that no longer exists (the user used /forget meanwhile) is ignored.
        """
        if not results:
            return
        for _, status, _ in results:
            _check_delivery_status(status)
        now = _now()
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
                .values(finished_at=_now())
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
        failed = (
            await conn.execute(
                select(_DELIVERIES.broadcast_id, _DELIVERIES.error, func.count())
                .where(_DELIVERIES.broadcast_id.in_(ids), _DELIVERIES.status == "failed")
                .group_by(_DELIVERIES.broadcast_id, _DELIVERIES.error)
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
        failures: dict[str, list[tuple[str, int]]] = {bid: [] for bid in ids}
        for bid, error, n in failed:
            failures[bid].append((error or "unknown error", n))
        return [
            BroadcastSummary(
                id=row.id,
                text=row.text,
                source=row.source,
                paid=bool(row.paid),
                created_at=row.created_at,
                finished_at=row.finished_at,
                counts=counts[row.id],
                failures=sorted(failures[row.id], key=lambda item: (-item[1], item[0])),
            )
            for row in rows
        ]

    # -- scheduled campaign ---------------------------------------------------------------

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
        stop sending if it cannot. ``now`` (default: the current UTC time) is the lease clock.
        """
        _check_text_id(item_id, "schedule item id")
        _check_text_id(owner, "schedule owner")
        if not lease_seconds > 0:
            raise ValueError("lease_seconds must be positive")
        now = now or _now()
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
        until = (now or _now()) + timedelta(seconds=lease_seconds)
        statement = (
            update(schedule_sent_table)
            .where(
                _SCHEDULE.item_id == item_id,
                _SCHEDULE.owner == owner,
                _SCHEDULE.sent_at.is_(None),
            )
            .values(lease_until=until)
        )
        async with self._transaction(write=True) as conn:
            return (await conn.execute(statement)).rowcount == 1

    async def release_schedule_claim(self, item_id: str, owner: str) -> bool:
        """Give up ``owner``'s lease on an unfinished item (sending stopped cleanly), so another
        process may finish it at once instead of waiting for the lease to expire."""
        statement = (
            update(schedule_sent_table)
            .where(
                _SCHEDULE.item_id == item_id,
                _SCHEDULE.owner == owner,
                _SCHEDULE.sent_at.is_(None),
            )
            .values(lease_until=None)
        )
        async with self._transaction(write=True) as conn:
            return (await conn.execute(statement)).rowcount == 1

    async def complete_schedule_item(self, item_id: str, recipients: int) -> None:
        """Record that a claimed item went out and to how many chats."""
        statement = (
            update(schedule_sent_table)
            .where(_SCHEDULE.item_id == item_id)
            .values(sent_at=_now(), recipients=recipients)
        )
        async with self._transaction(write=True) as conn:
            if (await conn.execute(statement)).rowcount != 1:
                raise LookupError(f"schedule item {item_id!r} was never claimed")

    async def schedule_claims(self) -> dict[str, datetime]:
        """When each scheduled item was claimed, so the scheduler can skip those on start-up."""
        statement = select(_SCHEDULE.item_id, _SCHEDULE.claimed_at).order_by(_SCHEDULE.item_id)
        async with self._transaction(write=False) as conn:
            return {item: claimed for item, claimed in (await conn.execute(statement)).all()}

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
