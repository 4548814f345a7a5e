"""bot.storage.engine: the database URL, opening and closing, SQLite settings, the clock.

`database_url` is pure and tested without a database; its error messages must never carry
the password a platform put in the URL. The rest runs on both backends (see conftest.py),
including the deployment shape: two OS processes opening one fresh database at once.
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.storage.schedule import DEFAULT_LEASE_SECONDS
from bot.storage.schema import (
    deliveries_table,
    schema_version_table,
    subscribers_table,
)
from bot.storage.store import Store, database_url
from bot.testing.clock import FakeClock
from tests.storage.conftest import T0, raw_connection

REPO_ROOT = Path(__file__).resolve().parents[2]


# -- database_url ---------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_default_url_is_sqlite_file_in_workdir(raw: str | None, tmp_path: Path) -> None:
    assert database_url(raw, tmp_path) == f"sqlite+aiosqlite:///{tmp_path}/backcare.sqlite3"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sqlite:///x", "sqlite+aiosqlite:///x"),
        ("sqlite:///data/bot.sqlite3", "sqlite+aiosqlite:///data/bot.sqlite3"),
        ("sqlite:////srv/bot.sqlite3", "sqlite+aiosqlite:////srv/bot.sqlite3"),
        (
            "postgres://u:pw@db.example.com:5433/campaign",
            "postgresql+asyncpg://u:pw@db.example.com:5433/campaign",
        ),
        (
            "postgresql://u:pw@db.example.com/campaign",
            "postgresql+asyncpg://u:pw@db.example.com/campaign",
        ),
        (
            "postgres://u:pw@h:5432/db?sslmode=require",
            "postgresql+asyncpg://u:pw@h:5432/db?ssl=require",
        ),
        (
            "postgres://postgres@127.0.0.1:5432/test",
            "postgresql+asyncpg://postgres@127.0.0.1:5432/test",
        ),
        ("postgresql+asyncpg://u:pw@h/db", "postgresql+asyncpg://u:pw@h/db"),
        ("sqlite+aiosqlite:///already.sqlite3", "sqlite+aiosqlite:///already.sqlite3"),
    ],
)
def test_url_translation(raw: str, expected: str, tmp_path: Path) -> None:
    assert database_url(raw, tmp_path) == expected


def test_postgres_url_keeps_every_part() -> None:
    url = make_url(
        database_url(
            "postgres://bob:s3cr%40t%2Fx@db.example.com:6543/back?sslmode=require", Path()
        )
    )
    assert url.drivername == "postgresql+asyncpg"
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "bob",
        "s3cr@t/x",
        "db.example.com",
        6543,
        "back",
    )
    assert dict(url.query) == {"ssl": "require"}


_password = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=8, max_size=30
)


@given(
    user=st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True),
    password=_password,
    port=st.integers(1, 65535),
    database=st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True),
    scheme=st.sampled_from(["postgres", "postgresql"]),
)
def test_postgres_url_round_trips_any_password(
    user: str, password: str, port: int, database: str, scheme: str
) -> None:
    raw = f"{scheme}://{user}:{quote(password, safe='')}@db.internal:{port}/{database}"
    url = make_url(database_url(raw, Path()))
    assert url.drivername == "postgresql+asyncpg"
    assert (url.username, url.password, url.host, url.port, url.database) == (
        user,
        password,
        "db.internal",
        port,
        database,
    )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("mysql://admin:hunter2secret@db/x", "scheme 'mysql' is not supported"),
        ("postgresql+psycopg2://admin:hunter2secret@db/x", "not supported"),
        ("admin:hunter2secret@db/x", "not a database URL"),
        ("postgres:admin:hunter2secret@db://x", "not a database URL"),
        ("postgres://admin:hunter2secret@db:notaport/x", "not a valid postgres:// URL"),
        ("postgres://admin:hunter2secret@db/x?sslmode=sometimes", "unknown sslmode"),
        ("sqlite://", "in-memory"),
        ("sqlite:///:memory:", "in-memory"),
        ("sqlite:///file::memory:?cache=shared&uri=true", "in-memory"),
        ("postgresql+asyncpg://admin:hunter2secret@db:notaport/x", "not a valid"),
    ],
)
def test_bad_url_explains_without_password(raw: str, reason: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=reason) as caught:
        database_url(raw, tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert "hunter2secret" not in message
    # A chained parser error would print the URL in the traceback.
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ or caught.value.__context__ is None


@given(password=_password, scheme=st.sampled_from(["mysql", "mssql", "oracle", "redis"]))
def test_unsupported_scheme_never_leaks_password(password: str, scheme: str) -> None:
    # "Not in the message" is too weak (a password may be a word of the help text): the
    # message must not depend on the password at all.
    def message(secret: str) -> str:
        with pytest.raises(ValueError) as caught:
            database_url(f"{scheme}://user:{secret}@host/db", Path())
        return str(caught.value)

    assert message(password) == message("placeholder")


# -- opening and closing --------------------------------------------------------------------


@pytest.mark.parametrize("url", ["", "   "])
async def test_open_rejects_empty_url(url: str) -> None:
    with pytest.raises(ValueError, match="database URL"):
        await Store.open(url)


async def test_backend_names_the_dialect(store: Store, db_url: str) -> None:
    assert store.backend == ("sqlite" if db_url.startswith("sqlite") else "postgresql")


async def test_sqlite_connection_settings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    async with await Store.open(url) as s, s._engine.connect() as conn:
        assert (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
        assert (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar() == 5000
        assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.slow
async def test_two_processes_open_and_claim(db_url: str, tmp_path: Path) -> None:
    """The real deployment shape: separate OS processes on one fresh database."""
    script = tmp_path / "claimer.py"
    script.write_text(
        "import asyncio, sys\n"
        "from datetime import datetime\n"
        "from bot.storage.store import Store\n"
        "NOW = datetime.fromisoformat(sys.argv[2])\n"
        "async def main():\n"
        "    async with await Store.open(sys.argv[1], clock=lambda: NOW) as s:\n"
        "        won = [i for i in range(20) if await s.claim_schedule_item(f'day-{i}')]\n"
        "    print(','.join(map(str, won)))\n"
        "asyncio.run(main())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}

    async def run() -> set[int]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(script),
            db_url,
            T0.isoformat(),
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()
        line = out.decode().strip()
        return {int(x) for x in line.split(",")} if line else set()

    first, second = await asyncio.gather(run(), run())
    assert first.isdisjoint(second)
    assert first | second == set(range(20))


# -- the clock ------------------------------------------------------------------------------


async def test_timestamps_are_utc_aware(store: Store) -> None:
    broadcast = await store.create_broadcast("b", "hello", "message")
    assert broadcast.created_at == T0
    assert broadcast.created_at.tzinfo is not None
    assert broadcast.created_at.utcoffset() == timedelta(0)
    assert await store.claim_schedule_item("x")
    claimed = (await store.schedule_claims())["x"]
    assert claimed == T0
    assert claimed.utcoffset() == timedelta(0)


async def test_store_stamps_every_time_from_its_clock(
    store: Store, db_url: str, clock: FakeClock
) -> None:
    """Each timestamp the store writes without being told is the clock's time at that call."""
    subscribed = clock()
    await store.subscribe(1)
    await store.subscribe(2)
    created = clock.advance(60)
    await store.create_broadcast("b", "hello", "message")
    queued = clock.advance(60)
    await store.enqueue("b")
    marked = clock.advance(60)
    await store.mark("b", 1, "sent")
    unsubscribed = clock.advance(60)
    await store.unsubscribe(2)
    finished = clock.advance(60)
    await store.finish_broadcast("b")
    claimed = clock.advance(60)
    assert await store.claim_schedule_item("item")
    renewed = clock.advance(30)
    assert await store.renew_schedule_claim("item", "unnamed")
    completed = clock.advance(60)
    await store.complete_schedule_item("item", recipients=1)
    clock.advance(3600)  # anything read from here on must come from the rows, not the clock

    summary = await store.broadcast_summary("b")
    assert (summary.created_at, summary.finished_at) == (created, finished)
    item = (await store.schedule_state())["item"]
    lease = timedelta(seconds=DEFAULT_LEASE_SECONDS)
    assert (item.claimed_at, item.lease_until, item.sent_at) == (
        claimed,
        renewed + lease,
        completed,
    )
    async with raw_connection(db_url) as conn:
        subscribers = (
            await conn.execute(select(subscribers_table).order_by(subscribers_table.c.chat_id))
        ).all()
        deliveries = (
            await conn.execute(select(deliveries_table).order_by(deliveries_table.c.chat_id))
        ).all()
        applied = (await conn.execute(select(schema_version_table.c.applied_at))).scalars().all()
    assert [(r.chat_id, r.created_at, r.updated_at) for r in subscribers] == [
        (1, subscribed, subscribed),
        (2, subscribed, unsubscribed),
    ]
    assert [(r.chat_id, r.updated_at) for r in deliveries] == [(1, marked), (2, queued)]
    assert set(applied) == {T0}  # the migrations ran when the fixture opened the store


async def test_explicit_now_wins_over_the_clock(store: Store) -> None:
    told = T0 - timedelta(days=3)
    assert await store.claim_schedule_item("item", "me", 60, now=told)
    item = (await store.schedule_state())["item"]
    assert (item.claimed_at, item.lease_until) == (told, told + timedelta(seconds=60))
    assert await store.renew_schedule_claim("item", "me", 60, now=told + timedelta(seconds=30))
    item = (await store.schedule_state())["item"]
    assert item.lease_until == told + timedelta(seconds=90)


async def test_a_clock_in_another_zone_is_stored_as_utc(db_url: str) -> None:
    london = datetime(2025, 10, 6, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # 09:00 UTC
    async with await Store.open(db_url, clock=lambda: london) as store:
        created = (await store.create_broadcast("b", "hello", "message")).created_at
    assert created == london == T0
    assert created.utcoffset() == timedelta(0)
    assert created.tzinfo is UTC


async def test_a_naive_clock_is_refused(store: Store, db_url: str) -> None:
    async with await Store.open(db_url, clock=lambda: datetime(2025, 10, 6, 9, 0)) as naive:
        with pytest.raises(ValueError, match="clock returned a naive datetime"):
            await naive.subscribe(1)
    assert await store.status(1) is None
