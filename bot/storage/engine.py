"""Connecting to the database and running transactions on it, shared by every area of the store.

Why it is built this way:

* SQLite by default because it needs no setup; WAL, a busy timeout and ``BEGIN IMMEDIATE`` for
  writes let the running bot and a separate ``broadcast`` process share the file.  PostgreSQL
  when the platform provides ``DATABASE_URL``, because Procfile dynos have ephemeral disks.
* The schema migrates itself at :meth:`Database.open` under a lock, so a deploy needs no manual
  step and two processes starting together cannot both apply a migration.
* The current time comes from a :data:`~bot.clock.Clock` the database is given, not from the
  system, so every stamp it writes (creation, update, finish, lease) can be fixed by a test.
* The area classes (subscribers, broadcasts, schedule, counters) share one engine, one write
  lock and one clock by subclassing :class:`Database`, so the facade that combines them still
  runs each method as a single transaction on a single pool.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Final, Self

from sqlalchemy import BigInteger, Table, event, func, literal, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.clock import Clock, system_clock
from bot.storage.schema import (
    MIGRATIONS,
    Migration,
    schema_version_ddl,
    schema_version_table,
)

if TYPE_CHECKING:
    # Only the backend in use is imported at run time (`_insert`): each dialect package
    # costs a few MB of memory, and a bot on SQLite has no use for PostgreSQL's.
    from sqlalchemy.dialects import postgresql, sqlite

__all__ = ["DEFAULT_SQLITE_FILE", "Database", "build_engine", "database_url"]

log = logging.getLogger(__name__)

DEFAULT_SQLITE_FILE: Final = "backcare.sqlite3"

# Arbitrary constant ("backcare" in ASCII) naming this schema's migration lock in PostgreSQL.
_PG_MIGRATION_LOCK: Final = 0x6261636B63617265
# Execution option read by the SQLite "begin" hook to take the write lock at BEGIN.
_IMMEDIATE: Final = "backcare_sqlite_immediate"
_SQLITE_BUSY_TIMEOUT_MS: Final = 5000

_VERSIONS = schema_version_table.c

_SSLMODES: Final = frozenset({"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
_ASYNC_SCHEMES: Final = frozenset({"sqlite+aiosqlite", "postgresql+asyncpg"})
_SCHEME_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_URL_HELP: Final = (
    "use postgres://user:password@host:5432/dbname or sqlite:///path/to/file.sqlite3"
)


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL as `database_url` returns it (query left out); None for
    PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    return Path(parsed.database or "").expanduser()


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


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Prepare every SQLite connection for sharing the file with another process.

    The driver's own implicit BEGIN is turned off so that :func:`_sqlite_on_begin` decides how
    transactions start. WAL is not set here: it is a property of the file, and switching to it
    ignores the busy timeout, so :meth:`Database._enable_wal` does it once, with retries.
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


def build_engine(url: str) -> AsyncEngine:
    """An engine for an async-driver URL (see :func:`database_url`), tuned for its backend."""
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


class Database:
    """An open database with the current schema: the engine, the write lock and the clock.

    Create it with :meth:`open`, which also brings the schema up to date; use it as an async
    context manager or call :meth:`close`. Subclasses add methods that each run one transaction
    through :meth:`_transaction` and take the current time from :meth:`_now`; every such method
    is safe to call from several tasks and from several processes sharing the database.
    """

    # The steps :meth:`open` applies; a class attribute so a test can add a step.
    _migrations: ClassVar[tuple[Migration, ...]] = MIGRATIONS

    def __init__(self, engine: AsyncEngine, *, clock: Clock = system_clock) -> None:
        """Wrap an engine; prefer :meth:`open`, which also migrates the schema."""
        self._engine = engine
        self._backend = engine.dialect.name
        self._clock = clock
        self._writer = engine.execution_options(**{_IMMEDIATE: True})
        # SQLite has one writer at a time anyway; queueing this process's writers here instead
        # of in SQLite's busy handler (which sleeps and polls) keeps a burst of messages, each
        # counting its topic, from slowing one another down. Other processes still wait on
        # busy_timeout.
        self._write_lock: asyncio.Lock | None = (
            asyncio.Lock() if self._backend == "sqlite" else None
        )

    @classmethod
    async def open(cls, url: str, *, clock: Clock = system_clock) -> Self:
        """Connect and migrate, so callers never see a database without the current schema.

        ``url`` may be any form :func:`database_url` accepts (``postgres://``, ``sqlite:///``...).
        ``clock`` gives every time the store writes itself (default: the system clock, in UTC).
        """
        if not url or not url.strip():
            raise ValueError("Store.open needs a database URL; see database_url()")
        engine = build_engine(database_url(url, Path.cwd()))
        store = cls(engine, clock=clock)
        try:
            if store.backend == "sqlite":
                await store._enable_wal()
            version = await store._migrate()
        except BaseException:
            await engine.dispose()
            raise
        log.info("database ready: %s, schema version %d", store.backend, version)
        return store

    async def ping(self, timeout: float = 2.0) -> bool:
        """Whether the database answers now, within `timeout` seconds: for a health check,
        which must say "not ready" rather than fail or hang when it is down."""
        try:
            async with asyncio.timeout(timeout), self._transaction(write=False) as conn:
                await conn.execute(select(literal(1)))
        except Exception as exc:  # any failure means "not ready"; the reason goes to the log
            log.warning("database health check failed: %s", type(exc).__name__)
            return False
        return True

    async def close(self) -> None:
        """Release pooled connections, so the process exits without dangling sockets or threads."""
        await self._engine.dispose()

    async def __aenter__(self) -> Self:
        """The open database itself; leaving the block closes it."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close on the way out, whether or not the block raised."""
        await self.close()

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``: for logs and ``stats``, without exposing the URL."""
        return self._backend

    async def schema_version(self) -> int:
        """The highest migration step recorded in the database."""
        async with self._transaction(write=False) as conn:
            return (await conn.execute(select(func.max(_VERSIONS.version)))).scalar_one() or 0

    # -- plumbing for the area classes ----------------------------------------------------

    def _now(self) -> datetime:
        """The current time by the store's clock, for every timestamp the store writes."""
        now = self._clock()
        # Checked here as well as when binding, so the error names the clock, not a statement.
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"the store's clock returned a naive datetime ({now!r})")
        return now

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
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert(table)
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)

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
        migrations = self._migrations
        latest = len(migrations)
        async with self._transaction(write=True) as conn:
            if self._backend == "postgresql":
                await conn.execute(
                    select(func.pg_advisory_xact_lock(literal(_PG_MIGRATION_LOCK, BigInteger)))
                )
            await conn.exec_driver_sql(schema_version_ddl(self._backend))
            current = (await conn.execute(select(func.max(_VERSIONS.version)))).scalar_one() or 0
            if current > latest:
                raise RuntimeError(
                    f"the database schema is version {current} but this code knows only up to "
                    f"{latest}: upgrade the bot before using this database"
                )
            for step in migrations[current:]:
                log.info("applying schema migration %d: %s", step.version, step.description)
                for statement in step.statements(self._backend):
                    await conn.exec_driver_sql(statement)
                await conn.execute(
                    schema_version_table.insert().values(
                        version=step.version, description=step.description, applied_at=self._now()
                    )
                )
            return max(current, latest)
