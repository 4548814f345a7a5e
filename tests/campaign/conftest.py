"""A private PostgreSQL server that campaign tests may kill and restart.

What a broadcast does when its database goes away can only be shown against a real server
that really goes away, and the shared one on 127.0.0.1:5432 must never be stopped by a test.
`pg_cluster` is a throw-away cluster of the session's own (bot/testing/pgcluster.py: initdb
once, about a second); `pg_url` gives each test an empty database in it, with the server
running, and puts the server back up afterwards whatever the test did to it.

Without PostgreSQL's server binaries the tests that need it are skipped with the reason,
except when CI is set: then they fail, so CI never silently skips them.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest
import telegram

from bot.testing.botapi import BotAPIStub
from bot.testing.pgcluster import PgCluster, PgClusterError
from bot.transport import AiohttpRequest
from tests.ci import in_ci


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgCluster]:
    """A running private cluster for the session; tests may kill it (pg_url restarts it)."""
    try:
        cluster = PgCluster.create(tmp_path_factory.mktemp("pg"))
    except PgClusterError as exc:
        if in_ci():
            pytest.fail(f"cannot make a private PostgreSQL cluster: {exc}; CI is set, so "
                        "tests that need one must not be skipped")
        pytest.skip(f"cannot make a private PostgreSQL cluster: {exc}")
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


async def _admin(cluster: PgCluster) -> asyncpg.Connection:
    return await asyncpg.connect(cluster.url, timeout=10)


@pytest.fixture
async def pg_url(pg_cluster: PgCluster) -> AsyncIterator[str]:
    """URL of an empty database in the private cluster, which is running at the start."""
    if not pg_cluster.running:
        await pg_cluster.astart()
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = await _admin(pg_cluster)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    try:
        yield pg_cluster.database_url(name)
    finally:
        if not pg_cluster.running:
            await pg_cluster.astart()
        admin = await _admin(pg_cluster)
        try:
            await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await admin.close()


@pytest.fixture
async def stub() -> AsyncIterator[BotAPIStub]:
    """A Bot API stand-in on 127.0.0.1 for the test."""
    async with BotAPIStub() as s:
        yield s


@pytest.fixture
async def bot(stub: BotAPIStub) -> AsyncIterator[telegram.Bot]:
    """A plain python-telegram-bot `Bot` talking to `stub` through the bot's transport."""
    async with telegram.Bot(stub.token, base_url=stub.base_url,
                            request=AiohttpRequest(pool_size=16)) as b:
        yield b
