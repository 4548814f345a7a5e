"""Fixtures shared across the suite: the bundled content, and a database of each backend.

The loaded content objects are frozen and the matcher is a pure function of its text, so
they are built once per session. A test that needs broken content takes `content_copy`,
edits one file in it and calls `load_content(path)`, leaving the bundled folder alone.

`db_url` gives an empty SQLite file and an empty PostgreSQL schema (the server on
127.0.0.1:5432). Without a reachable server the PostgreSQL half is skipped with a clear
reason, except when CI is set: then it fails, so CI never skips it.

A test that talks to a server (the local Bot API stand-in, PostgreSQL) is marked `slow`
here, whatever file it is in, so `pytest -m "not slow"` is the quick loop of plain
functions and SQLite; tests that start the Application or a process mark themselves.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio

from bot.answers.content import BUNDLED, Content, load_content
from bot.answers.conversation import Conversation
from bot.answers.matching import Matcher
from tests.ci import in_ci


@pytest.fixture(scope="session")
def content() -> Content:
    """The bundled `responses/` folder, loaded and validated."""
    return load_content(BUNDLED)


@pytest.fixture(scope="session")
def matcher(content: Content) -> Matcher:
    """The matcher built from the bundled content."""
    return Matcher(content)


@pytest.fixture(scope="session")
def conversation(content: Content) -> Conversation:
    """Text in, `Reply` out, over the bundled content."""
    return Conversation(content)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled content at `tmp_path/"responses"`, free to break."""
    folder = tmp_path / "responses"
    shutil.copytree(BUNDLED, folder)
    return folder


PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_ADMIN_URL = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/test"
PG_UNREACHABLE = f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}"


_pg_problem: list[str | None] = []  # filled once per session: [None] if reachable


async def _pg_admin() -> asyncpg.Connection:
    return await asyncpg.connect(PG_ADMIN_URL, timeout=5)


async def _require_postgres() -> None:
    """Skip when PostgreSQL is absent, except in CI, which must run these tests."""
    if not _pg_problem:
        try:
            conn = await _pg_admin()
        except Exception as exc:  # any failure to connect means "not reachable" here
            _pg_problem.append(f"{PG_UNREACHABLE} ({type(exc).__name__}: {exc})")
        else:
            await conn.close()
            _pg_problem.append(None)
    problem = _pg_problem[0]
    if problem is not None:
        if in_ci():
            pytest.fail(f"{problem}; CI=true, so PostgreSQL tests must not be skipped")
        pytest.skip(problem)


@pytest_asyncio.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """URL of an empty database of the requested backend, cleaned up afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    await _require_postgres()
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = await _pg_admin()
    try:
        await admin.execute(f"CREATE ROLE {name} LOGIN")
        await admin.execute(f"CREATE SCHEMA {name} AUTHORIZATION {name}")
    finally:
        await admin.close()
    try:
        # The platform spelling, so database_url's translation is exercised on every test.
        yield f"postgres://{name}@{PG_HOST}:{PG_PORT}/test"
    finally:
        admin = await _pg_admin()
        try:
            await admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            await admin.execute(f"DROP ROLE IF EXISTS {name}")
        finally:
            await admin.close()


# Fixtures that start a server: a test using one (directly or through another fixture) is slow.
SERVER_FIXTURES = frozenset({"stub"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that need a server `slow`, so the quick loop stays quick."""
    for item in items:
        uses_server = SERVER_FIXTURES & set(getattr(item, "fixturenames", ()))
        if uses_server or item.get_closest_marker("postgres") is not None:
            item.add_marker(pytest.mark.slow)
