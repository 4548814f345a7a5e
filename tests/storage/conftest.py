"""The store under test, its clock, and ways to look at the database behind its back.

Every database test runs on SQLite and on PostgreSQL (the `db_url` fixture) because production
uses PostgreSQL while development and the default deploy use SQLite, and their locking and SQL
dialects differ exactly where the store's promises lie (resume, exactly-once claims, concurrent
start-up). Each PostgreSQL test gets its own login role and schema, so tests are independent,
can run repeatedly and can run while someone else uses the same server.

The store is given a `FakeClock` standing at `T0`: every time it writes is known in advance,
so tests compare timestamps for equality and order events by moving the clock, never by
reading the wall clock or hoping two calls land on different microseconds.

Helpers that read or write the database directly use their own plain engine and the schema's
Core tables, so what they see is what is stored, not what the store chooses to return.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from bot.storage.store import Store, database_url
from bot.testing.clock import FakeClock

# Where the store's clock stands when a test starts: a Monday morning of the campaign.
T0 = datetime(2025, 10, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    """The store's clock, at `T0` until a test moves it."""
    return FakeClock(T0)


@pytest_asyncio.fixture
async def store(db_url: str, clock: FakeClock) -> AsyncIterator[Store]:
    """An open, migrated store on an empty database of each backend, reading `clock`."""
    s = await Store.open(db_url, clock=clock)
    try:
        yield s
    finally:
        await s.close()


@asynccontextmanager
async def raw_connection(url: str) -> AsyncIterator[AsyncConnection]:
    """A connection that bypasses the store (its own engine, no hooks), in one transaction."""
    engine = create_async_engine(database_url(url, Path.cwd()))
    try:
        async with engine.begin() as conn:
            yield conn
    finally:
        await engine.dispose()


async def raw_execute(url: str, sql: str, params: Sequence[Mapping[str, Any]]) -> None:
    """Write to the database behind the store's back (bulk fixtures, simulated old schemas)."""
    async with raw_connection(url) as conn:
        await conn.execute(text(sql), list(params))


def column_names(sync_conn: Connection, table: str) -> set[str]:
    """The columns the database really has for `table`."""
    return {column["name"] for column in inspect(sync_conn).get_columns(table)}


async def table_names(url: str) -> set[str]:
    """The tables the database really has."""
    async with raw_connection(url) as conn:
        return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


async def subscribe_all(store: Store, chat_ids: list[int]) -> None:
    """Subscribe each chat, checking that each was new."""
    for chat_id in chat_ids:
        assert await store.subscribe(chat_id)
