"""bot.storage.schema: the tables the migrations create, and how the migrations are applied.

The DDL is hand-written while queries are built from Core table descriptions, so one test
checks the two agree. Migrations must run exactly once however many processes open the
database together, and a database newer than the code must be refused, not misread.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from bot.storage import schema
from bot.storage.engine import Database
from bot.storage.store import SCHEMA_VERSION, Store
from bot.testing.clock import FakeClock
from tests.storage.conftest import column_names, raw_connection, raw_execute, table_names


async def test_open_creates_schema(store: Store, db_url: str) -> None:
    assert await store.schema_version() == SCHEMA_VERSION
    assert {
        "schema_version",
        "subscribers",
        "topic_counts",
        "topic_days",
        "broadcasts",
        "deliveries",
        "schedule_sent",
    } <= await table_names(db_url)


async def test_created_columns_match_the_query_metadata(store: Store, db_url: str) -> None:
    """The hand-written migration DDL and the Core table descriptions must not drift apart."""
    async with raw_connection(db_url) as conn:
        for table in schema.metadata.sorted_tables:
            names = await conn.run_sync(column_names, table.name)
            assert names == set(table.columns.keys()), table.name


async def test_reopen_is_a_no_op_and_keeps_data(db_url: str, clock: FakeClock) -> None:
    async with await Store.open(db_url, clock=clock) as first:
        await first.subscribe(42)
    async with await Store.open(db_url, clock=clock) as second:
        assert await second.schema_version() == SCHEMA_VERSION
        assert await second.status(42) == "active"
    async with raw_connection(db_url) as conn:
        versions = (await conn.execute(text("SELECT version FROM schema_version"))).all()
    assert [v for (v,) in versions] == list(range(1, SCHEMA_VERSION + 1))


async def test_concurrent_opens_migrate_once(db_url: str, clock: FakeClock) -> None:
    stores = await asyncio.gather(*(Store.open(db_url, clock=clock) for _ in range(3)))
    try:
        for s in stores:
            assert await s.schema_version() == SCHEMA_VERSION
        assert await stores[0].subscribe(1)
        assert await stores[1].status(1) == "active"
    finally:
        for s in stores:
            await s.close()


async def test_new_migration_step_is_applied_once(
    db_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with await Store.open(db_url, clock=clock):
        pass
    applied: list[str] = []

    def step(dialect: str) -> list[str]:
        applied.append(dialect)
        return ["CREATE TABLE migration_probe (id INTEGER PRIMARY KEY)"]

    extra = schema.Migration(SCHEMA_VERSION + 1, "probe", step)
    monkeypatch.setattr(Database, "_migrations", (*schema.MIGRATIONS, extra))
    for _ in range(2):
        async with await Store.open(db_url, clock=clock) as upgraded:
            assert await upgraded.schema_version() == SCHEMA_VERSION + 1
    assert len(applied) == 1
    assert "migration_probe" in await table_names(db_url)


async def test_database_newer_than_code_is_refused(db_url: str, clock: FakeClock) -> None:
    async with await Store.open(db_url, clock=clock):
        pass
    await raw_execute(
        db_url,
        "INSERT INTO schema_version (version, description, applied_at) "
        "VALUES (:v, 'from the future', :t)",
        [{"v": SCHEMA_VERSION + 1, "t": "2030-01-01 00:00:00"}]
        if "sqlite" in db_url
        else [{"v": SCHEMA_VERSION + 1, "t": datetime(2030, 1, 1, tzinfo=UTC)}],
    )
    with pytest.raises(RuntimeError, match="upgrade the bot"):
        await Store.open(db_url, clock=clock)


def test_schema_version_counts_the_steps() -> None:
    assert len(schema.MIGRATIONS) == SCHEMA_VERSION
    assert [m.version for m in schema.MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("bad", ["", "   ", "x" * 201])
def test_text_ids_must_be_short_and_not_blank(bad: str) -> None:
    with pytest.raises(ValueError):
        schema.check_text_id(bad, "label")
    assert schema.check_text_id("x" * 200, "label") == "x" * 200


async def test_the_day_must_look_like_a_day_even_written_by_hand(store: Store,
                                                                 db_url: str) -> None:
    with pytest.raises(Exception, match="(?i)check"):
        await raw_execute(db_url, "INSERT INTO topic_days (day, topic) VALUES (:d, :t)",
                          [{"d": "yesterday!", "t": "sciatica"}])
    await raw_execute(db_url, "INSERT INTO topic_days (day, topic) VALUES (:d, :t)",
                      [{"d": "2025-10-06", "t": "sciatica"}])
    assert [(d.questions, d.helpful, d.not_helpful) for d in await store.day_counts()] == [
        (0, 0, 0)]


async def test_an_older_database_gains_the_day_table_and_keeps_its_counts(
        db_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Database, "_migrations", schema.MIGRATIONS[:2])
    async with await Store.open(db_url, clock=clock) as old:
        await old.count_question("sciatica")
    assert "topic_days" not in await table_names(db_url)
    monkeypatch.setattr(Database, "_migrations", schema.MIGRATIONS)
    async with await Store.open(db_url, clock=clock) as upgraded:
        assert await upgraded.schema_version() == SCHEMA_VERSION
        assert await upgraded.topic_counts() == {"sciatica": 1}
        assert await upgraded.day_counts() == []
