"""Tests for bot.storage.store on SQLite and on PostgreSQL.

Every database test runs on both backends because production uses PostgreSQL while
development and the default deploy use SQLite, and their locking and SQL dialects differ
exactly where the store's promises lie (resume, exactly-once claims, concurrent start-up).
Each PostgreSQL test gets its own login role and schema (PostgreSQL's default search_path
puts a role's same-named schema first), so tests are independent, can run repeatedly and
can run while someone else uses the same server.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import pytest_asyncio
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage import store as store_module
from bot.storage.store import (
    SCHEMA_VERSION,
    BroadcastConflict,
    BroadcastNotFound,
    Store,
    database_url,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest_asyncio.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    s = await Store.open(db_url)
    try:
        yield s
    finally:
        await s.close()


async def _raw_execute(url: str, sql: str, params: Sequence[Mapping[str, Any]]) -> None:
    """Write to the database behind the store's back (bulk fixtures, simulated old schemas)."""
    engine = create_async_engine(database_url(url, Path.cwd()))
    try:
        async with engine.begin() as conn:
            await conn.execute(text(sql), list(params))
    finally:
        await engine.dispose()


def _column_names(sync_conn: Connection, table: str) -> set[str]:
    return {column["name"] for column in inspect(sync_conn).get_columns(table)}


async def _table_names(url: str) -> set[str]:
    engine = create_async_engine(database_url(url, Path.cwd()))
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
    finally:
        await engine.dispose()


async def _subscribe_all(store: Store, chat_ids: list[int]) -> None:
    for chat_id in chat_ids:
        assert await store.subscribe(chat_id)


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


async def test_open_rejects_empty_url() -> None:
    with pytest.raises(ValueError):
        await Store.open("")


# -- schema ---------------------------------------------------------------------------------


async def test_open_creates_schema(store: Store, db_url: str) -> None:
    assert await store.schema_version() == SCHEMA_VERSION
    assert {
        "schema_version",
        "subscribers",
        "topic_counts",
        "broadcasts",
        "deliveries",
        "schedule_sent",
    } <= await _table_names(db_url)


async def test_created_columns_match_the_query_metadata(store: Store, db_url: str) -> None:
    """The hand-written migration DDL and the Core table descriptions must not drift apart."""
    engine = create_async_engine(database_url(db_url, Path.cwd()))
    try:
        async with engine.connect() as conn:
            for table in store_module._metadata.sorted_tables:
                names = await conn.run_sync(_column_names, table.name)
                assert names == set(table.columns.keys()), table.name
    finally:
        await engine.dispose()


async def test_reopen_is_a_no_op_and_keeps_data(db_url: str) -> None:
    async with await Store.open(db_url) as first:
        await first.subscribe(42)
    async with await Store.open(db_url) as second:
        assert await second.schema_version() == SCHEMA_VERSION
        assert await second.status(42) == "active"
    engine = create_async_engine(database_url(db_url, Path.cwd()))
    try:
        async with engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version FROM schema_version"))).all()
    finally:
        await engine.dispose()
    assert [v for (v,) in versions] == list(range(1, SCHEMA_VERSION + 1))


async def test_concurrent_opens_migrate_once(db_url: str) -> None:
    stores = await asyncio.gather(*(Store.open(db_url) for _ in range(3)))
    try:
        for s in stores:
            assert await s.schema_version() == SCHEMA_VERSION
        assert await stores[0].subscribe(1)
        assert await stores[1].status(1) == "active"
    finally:
        for s in stores:
            await s.close()


async def test_new_migration_step_is_applied_once(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with await Store.open(db_url):
        pass
    applied: list[str] = []

    def step(dialect: str) -> list[str]:
        applied.append(dialect)
        return ["CREATE TABLE migration_probe (id INTEGER PRIMARY KEY)"]

    extra = store_module._Migration(SCHEMA_VERSION + 1, "probe", step)
    monkeypatch.setattr(store_module, "_MIGRATIONS", (*store_module._MIGRATIONS, extra))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    for _ in range(2):
        async with await Store.open(db_url) as upgraded:
            assert await upgraded.schema_version() == SCHEMA_VERSION + 1
    assert len(applied) == 1
    assert "migration_probe" in await _table_names(db_url)


async def test_database_newer_than_code_is_refused(db_url: str) -> None:
    async with await Store.open(db_url):
        pass
    await _raw_execute(
        db_url,
        "INSERT INTO schema_version (version, description, applied_at) "
        "VALUES (:v, 'from the future', :t)",
        [{"v": SCHEMA_VERSION + 1, "t": "2030-01-01 00:00:00"}]
        if "sqlite" in db_url
        else [{"v": SCHEMA_VERSION + 1, "t": datetime(2030, 1, 1, tzinfo=UTC)}],
    )
    with pytest.raises(RuntimeError, match="upgrade the bot"):
        await Store.open(db_url)


async def test_sqlite_connection_settings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    async with await Store.open(url) as s, s._engine.connect() as conn:
        assert (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
        assert (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar() == 5000
        assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1


async def test_two_processes_open_and_claim(db_url: str, tmp_path: Path) -> None:
    """The real deployment shape: separate OS processes on one fresh database."""
    script = tmp_path / "claimer.py"
    script.write_text(
        "import asyncio, sys\n"
        "from bot.storage.store import Store\n"
        "async def main():\n"
        "    async with await Store.open(sys.argv[1]) as s:\n"
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


async def test_timestamps_are_utc_aware(store: Store) -> None:
    before = datetime.now(UTC)
    broadcast = await store.create_broadcast("b", "hello", "message")
    assert broadcast.created_at.tzinfo is not None
    assert broadcast.created_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert before <= broadcast.created_at <= datetime.now(UTC)
    assert await store.claim_schedule_item("x")
    claimed = (await store.schedule_claims())["x"]
    assert claimed.tzinfo is not None and before <= claimed


# -- subscribers ----------------------------------------------------------------------------


async def test_subscription_transitions(store: Store) -> None:
    assert await store.status(7) is None
    assert await store.subscribe(7) is True
    assert await store.subscribe(7) is False
    assert await store.status(7) == "active"
    assert await store.unsubscribe(7) is True
    assert await store.unsubscribe(7) is False
    assert await store.status(7) == "unsubscribed"
    assert await store.subscribe(7) is True
    await store.mark_blocked(7)
    assert await store.status(7) == "blocked"
    assert await store.unsubscribe(7) is False
    assert await store.status(7) == "blocked"
    assert await store.subscribe(7) is True  # an explicit /subscribe after unblocking
    assert await store.status(7) == "active"


async def test_unknown_chats_are_not_stored(store: Store) -> None:
    assert await store.unsubscribe(8) is False
    await store.mark_blocked(8)
    assert await store.status(8) is None
    assert await store.subscriber_counts() == {"active": 0, "unsubscribed": 0, "blocked": 0}


async def test_subscriber_counts(store: Store) -> None:
    assert await store.subscriber_counts() == {"active": 0, "unsubscribed": 0, "blocked": 0}
    await _subscribe_all(store, [1, 2, 3, 4, -1001234567890])
    await store.unsubscribe(2)
    await store.mark_blocked(3)
    assert await store.subscriber_counts() == {"active": 3, "unsubscribed": 1, "blocked": 1}


async def test_large_and_negative_chat_ids(store: Store) -> None:
    group = -1001234567890123
    assert await store.subscribe(group)
    assert await store.subscribe(2**52)
    await store.create_broadcast("b", "hi", "message")
    assert await store.enqueue("b") == 2
    assert await store.pending("b", 10) == [group, 2**52]


async def test_forget_erases_everything(store: Store, db_url: str) -> None:
    await _subscribe_all(store, [1, 2])
    for bid in ("b1", "b2"):
        await store.create_broadcast(bid, f"text {bid}", "message")
        await store.enqueue(bid)
    await store.mark("b1", 1, "sent")
    await store.forget(1)
    assert await store.status(1) is None
    for bid in ("b1", "b2"):
        summary = await store.broadcast_summary(bid)
        assert summary.total == 1
        assert await store.pending(bid, 10) == [2]
    engine = create_async_engine(database_url(db_url, Path.cwd()))
    try:
        async with engine.connect() as conn:
            left = (
                await conn.execute(text("SELECT count(*) FROM deliveries WHERE chat_id = 1"))
            ).scalar_one()
    finally:
        await engine.dispose()
    assert left == 0
    # Forgetting someone unknown is fine (a second /forget).
    await store.forget(1)
    # And they can come back later as a new subscriber.
    assert await store.subscribe(1)


# -- counters -------------------------------------------------------------------------------


async def test_topic_counters(store: Store) -> None:
    assert await store.topic_counts() == {}
    for topic in ["sciatica", "sciatica", "pregnancy", "sciatica", "fallback"]:
        await store.count_question(topic)
    assert await store.topic_counts() == {"sciatica": 3, "fallback": 1, "pregnancy": 1}


async def test_counts_flushed_in_batches(store: Store) -> None:
    await store.count_question("sciatica")
    await store.count_questions({"sciatica": 4, "emergency": 2, "thanks": 0})
    await store.count_questions({})
    assert await store.topic_counts() == {"sciatica": 5, "emergency": 2}
    with pytest.raises(ValueError):
        await store.count_questions({"sciatica": 1, "my back hurts": 1})
    with pytest.raises(ValueError):
        await store.count_questions({"sciatica": -1})
    assert await store.topic_counts() == {"sciatica": 5, "emergency": 2}  # nothing half-applied


async def test_concurrent_counting_loses_nothing(store: Store) -> None:
    await asyncio.gather(*(store.count_question("self_care") for _ in range(25)))
    assert await store.topic_counts() == {"self_care": 25}


@pytest.mark.parametrize("topic", ["my back hurts", "", "Sciatica", "x" * 65, "a\nb"])
async def test_counter_refuses_message_text(store: Store, topic: str) -> None:
    with pytest.raises(ValueError, match="catalogue id"):
        await store.count_question(topic)
    assert await store.topic_counts() == {}


# -- broadcasts -----------------------------------------------------------------------------


async def test_create_broadcast_is_idempotent(store: Store) -> None:
    first = await store.create_broadcast(
        "week-1", "Back Care Awareness Week starts today", "topic:awareness_week", paid=True
    )
    assert (first.id, first.source, first.paid, first.finished_at) == (
        "week-1",
        "topic:awareness_week",
        True,
        None,
    )
    again = await store.create_broadcast(
        "week-1", "Back Care Awareness Week starts today", "topic:awareness_week", paid=True
    )
    assert again == first


async def test_create_broadcast_conflict(store: Store) -> None:
    await store.create_broadcast("week-1", "first text", "message")
    with pytest.raises(BroadcastConflict, match="different text") as caught:
        await store.create_broadcast("week-1", "second text", "message")
    assert isinstance(caught.value, ValueError)
    assert (await store.broadcast_summary("week-1")).text == "first text"


@pytest.mark.parametrize(
    ("bid", "body"), [("", "text"), ("  ", "text"), ("ok", ""), ("ok", " \n")]
)
async def test_create_broadcast_validates(store: Store, bid: str, body: str) -> None:
    with pytest.raises(ValueError):
        await store.create_broadcast(bid, body, "message")


async def test_unknown_broadcast(store: Store) -> None:
    with pytest.raises(BroadcastNotFound):
        await store.enqueue("nope")
    with pytest.raises(BroadcastNotFound):
        await store.broadcast_summary("nope")
    with pytest.raises(BroadcastNotFound):
        await store.finish_broadcast("nope")
    assert await store.pending("nope", 5) == []


async def test_enqueue_only_active_and_never_twice(store: Store) -> None:
    await _subscribe_all(store, [1, 2, 3, 4, 5])
    await store.unsubscribe(2)
    await store.mark_blocked(4)
    await store.create_broadcast("b", "hello", "message")
    assert await store.enqueue("b") == 3
    assert await store.enqueue("b") == 0
    assert await store.pending("b", 100) == [1, 3, 5]
    await store.mark("b", 1, "sent")
    await _subscribe_all(store, [6, 7])
    assert await store.subscribe(2)  # came back
    assert await store.enqueue("b") == 3
    assert await store.pending("b", 100) == [2, 3, 5, 6, 7]
    assert (await store.broadcast_summary("b")).total == 6


async def test_concurrent_enqueue_adds_each_chat_once(db_url: str, store: Store) -> None:
    await _subscribe_all(store, list(range(1, 51)))
    await store.create_broadcast("b", "hello", "message")
    async with await Store.open(db_url) as other:
        added = await asyncio.gather(store.enqueue("b"), other.enqueue("b"))
    assert sum(added) == 50
    assert (await store.broadcast_summary("b")).counts["pending"] == 50


async def test_pending_excludes_sent_and_chats_gone_meanwhile(store: Store) -> None:
    await _subscribe_all(store, list(range(1, 11)))
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    assert await store.pending("b", 3) == [1, 2, 3]
    await store.mark_many("b", [(1, "sent", None), (2, "failed", "Bad Request: chat not found")])
    await store.mark_blocked(4)  # blocked through another broadcast or a chat-member update
    await store.unsubscribe(5)
    await store.forget(6)
    assert await store.pending("b", 3) == [3, 7, 8]
    assert await store.pending("b", 100) == [3, 7, 8, 9, 10]
    summary = await store.broadcast_summary("b")
    assert summary.counts == {"pending": 5, "sent": 1, "blocked": 0, "failed": 1, "skipped": 2}


async def test_pending_needs_a_positive_limit(store: Store) -> None:
    with pytest.raises(ValueError):
        await store.pending("b", 0)


async def test_mark_blocked_marks_subscriber(store: Store) -> None:
    await _subscribe_all(store, [1, 2])
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    await store.mark("b", 1, "blocked", "Forbidden: bot was blocked by the user")
    assert await store.status(1) == "blocked"
    assert await store.status(2) == "active"
    assert await store.pending("b", 10) == [2]
    # A later broadcast never includes the blocked chat.
    await store.create_broadcast("b2", "again", "message")
    assert await store.enqueue("b2") == 1
    assert await store.pending("b2", 10) == [2]


async def test_mark_many_in_one_go(store: Store) -> None:
    await _subscribe_all(store, list(range(1, 7)))
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    await store.mark_many(
        "b",
        [
            (1, "sent", None),
            (2, "blocked", "Forbidden: bot was blocked by the user"),
            (3, "failed", "Bad Request: chat not found"),
            (4, "pending", "Timed out"),  # retryable: still owed
            (99, "sent", None),  # no such delivery (forgotten meanwhile): ignored
        ],
    )
    assert await store.pending("b", 10) == [4, 5, 6]
    assert await store.status(2) == "blocked"
    assert (await store.broadcast_summary("b")).counts == {
        "pending": 3,
        "sent": 1,
        "blocked": 1,
        "failed": 1,
        "skipped": 0,
    }
    await store.mark_many("b", [])


async def test_mark_refuses_unknown_status(store: Store) -> None:
    await store.subscribe(1)
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    with pytest.raises(ValueError, match="delivery status"):
        await store.mark("b", 1, "delivered")
    with pytest.raises(ValueError):
        await store.mark_many("b", [(1, "sent", None), (1, "oops", None)])
    assert await store.pending("b", 10) == [1]  # nothing half-applied


async def test_attempts_are_counted(store: Store, db_url: str) -> None:
    await store.subscribe(1)
    await store.create_broadcast("b", "hello", "message")
    await store.enqueue("b")
    await store.mark("b", 1, "pending", "Timed out")
    await store.mark("b", 1, "pending", "Timed out")
    await store.mark("b", 1, "sent", "ignored for sent")
    engine = create_async_engine(database_url(db_url, Path.cwd()))
    try:
        async with engine.connect() as conn:
            row = (
                await conn.execute(text("SELECT attempts, error, status FROM deliveries"))
            ).one()
    finally:
        await engine.dispose()
    assert tuple(row) == (3, None, "sent")


async def test_resume_after_crash_sends_exactly_the_rest(db_url: str) -> None:
    chats = list(range(100, 130))
    first = await Store.open(db_url)
    await _subscribe_all(first, chats)
    await first.create_broadcast("week-2", "Day 2: lifting safely", "message")
    await first.enqueue("week-2")
    batch = await first.pending("week-2", 12)
    await first.mark_many("week-2", [(c, "sent", None) for c in batch[:10]])
    await first.close()  # the process dies here: two messages of the batch were in flight

    async with await Store.open(db_url) as second:
        resumed = await second.create_broadcast("week-2", "Day 2: lifting safely", "message")
        assert resumed.finished_at is None
        assert await second.enqueue("week-2") == 0
        owed = await second.pending("week-2", 1000)
        assert owed == chats[10:]
        while batch := await second.pending("week-2", 7):
            await second.mark_many("week-2", [(c, "sent", None) for c in batch])
        await second.finish_broadcast("week-2")
        summary = await second.broadcast_summary("week-2")
    assert summary.counts["sent"] == 30 and summary.counts["pending"] == 0
    assert summary.finished_at is not None


async def test_migrate_chat_to_new_id(store: Store) -> None:
    old, new = -100, -1001000000100
    await _subscribe_all(store, [old, 5])
    await store.create_broadcast("done", "earlier", "message")
    await store.enqueue("done")
    await store.mark("done", old, "sent")
    await store.create_broadcast("now", "current", "message")
    await store.enqueue("now")

    await store.migrate_chat(old, new)

    assert await store.status(old) is None
    assert await store.status(new) == "active"
    assert await store.pending("now", 10) == [new, 5]
    # The group already got "done": a resumed run must not send it again under the new id.
    assert await store.enqueue("done") == 0
    assert (await store.broadcast_summary("done")).counts["sent"] == 1
    assert await store.subscriber_counts() == {"active": 2, "unsubscribed": 0, "blocked": 0}


async def test_migrate_chat_when_new_id_exists(store: Store) -> None:
    old, new = -200, -1001000000200
    await _subscribe_all(store, [old])
    await store.create_broadcast("b1", "one", "message")
    await store.enqueue("b1")
    await store.mark("b1", old, "sent")
    await store.subscribe(new)  # the supergroup subscribed on its own too
    await store.enqueue("b1")  # ... and got queued under its own id
    await store.create_broadcast("b2", "two", "message")
    await store.enqueue("b2")  # both ids queued

    await store.migrate_chat(old, new)

    assert await store.status(old) is None
    assert await store.status(new) == "active"
    assert await store.pending("b1", 10) == []  # already sent under the old id
    assert await store.pending("b2", 10) == [new]  # once, not twice
    assert (await store.broadcast_summary("b1")).counts["sent"] == 1
    assert (await store.broadcast_summary("b2")).total == 1


async def test_migrate_chat_keeps_most_recent_choice(store: Store) -> None:
    await store.subscribe(-1)
    await store.subscribe(-2)
    await store.unsubscribe(-1)  # the latest decision was made on the old id
    await store.migrate_chat(-2, -1)  # (ids reversed: "old" is -2, the newer row is -1)
    assert await store.status(-1) == "unsubscribed"
    await store.migrate_chat(-3, -1)  # unknown old id: nothing to do
    await store.migrate_chat(-1, -1)
    assert await store.status(-1) == "unsubscribed"


async def test_summary_counts_and_failure_reasons(store: Store) -> None:
    await _subscribe_all(store, list(range(1, 9)))
    await store.create_broadcast("b", "hello", "topic:sciatica", paid=True)
    await store.enqueue("b")
    await store.mark_many(
        "b",
        [
            (1, "sent", None),
            (2, "sent", None),
            (3, "blocked", "Forbidden: bot was blocked by the user"),
            (4, "failed", "Bad Request: chat not found"),
            (5, "failed", "Bad Request: chat not found"),
            (6, "failed", "Timed out"),
            (7, "failed", None),
        ],
    )
    summary = await store.broadcast_summary("b")
    assert (summary.id, summary.text, summary.source, summary.paid) == (
        "b",
        "hello",
        "topic:sciatica",
        True,
    )
    assert summary.counts == {"pending": 1, "sent": 2, "blocked": 1, "failed": 4, "skipped": 0}
    assert summary.failures == [
        ("Bad Request: chat not found", 2),
        ("Timed out", 1),
        ("unknown error", 1),
    ]
    assert summary.total == 8
    assert summary.finished_at is None
    await store.finish_broadcast("b")
    finished = (await store.broadcast_summary("b")).finished_at
    assert finished is not None
    await store.finish_broadcast("b")  # finishing twice keeps the first time
    assert (await store.broadcast_summary("b")).finished_at == finished


async def test_broadcasts_newest_first(store: Store) -> None:
    assert await store.broadcasts() == []
    await store.subscribe(1)
    for bid in ("first", "second", "third"):
        await store.create_broadcast(bid, f"text of {bid}", "message")
        await store.enqueue(bid)
    await store.mark("second", 1, "sent")
    listed = await store.broadcasts()
    assert [s.id for s in listed] == ["third", "second", "first"]
    assert [s.counts["sent"] for s in listed] == [0, 1, 0]
    assert [s.id for s in await store.broadcasts(limit=2)] == ["third", "second"]


async def test_enqueue_twenty_thousand(store: Store, db_url: str) -> None:
    now = "2025-01-01 00:00:00" if "sqlite" in db_url else datetime(2025, 1, 1, tzinfo=UTC)
    statuses = ["active"] * 9 + ["unsubscribed"]
    rows = [{"c": chat_id, "s": statuses[chat_id % 10], "t": now} for chat_id in range(1, 20_001)]
    await _raw_execute(
        db_url,
        "INSERT INTO subscribers (chat_id, status, created_at, updated_at)"
        " VALUES (:c, :s, :t, :t)",
        rows,
    )
    await store.create_broadcast("big", "hello everyone", "message")
    assert await store.enqueue("big") == 18_000
    assert await store.enqueue("big") == 0
    sent = 0
    while batch := await store.pending("big", 1000):
        await store.mark_many("big", [(c, "sent", None) for c in batch])
        sent += len(batch)
    assert sent == 18_000
    assert (await store.broadcast_summary("big")).counts["sent"] == 18_000


# -- scheduled campaign ---------------------------------------------------------------------


async def test_claim_schedule_item_once(store: Store) -> None:
    assert await store.claim_schedule_item("2025-10-06-intro") is True
    assert await store.claim_schedule_item("2025-10-06-intro") is False
    await store.complete_schedule_item("2025-10-06-intro", recipients=42)
    assert list(await store.schedule_claims()) == ["2025-10-06-intro"]
    with pytest.raises(LookupError):
        await store.complete_schedule_item("never-claimed", recipients=1)


async def test_two_stores_claim_concurrently(db_url: str) -> None:
    first, second = await asyncio.gather(Store.open(db_url), Store.open(db_url))
    try:
        items = [f"day-{i}" for i in range(15)]
        results = await asyncio.gather(
            *(s.claim_schedule_item(item) for item in items for s in (first, second))
        )
        for i in range(len(items)):
            assert sorted(results[2 * i : 2 * i + 2]) == [False, True], items[i]
        assert set(await first.schedule_claims()) == set(items)
    finally:
        await first.close()
        await second.close()
