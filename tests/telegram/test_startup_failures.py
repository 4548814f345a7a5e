"""`python -m bot run` when it cannot start: one line, a status that says why, no token.

Each failure is run as a real process, as a deployer meets it, at LOG_LEVEL DEBUG, INFO and
WARNING at once (three processes in parallel), and everything each printed is checked: the
last line names the cause and the setting, no traceback (except in the log of an unexpected
error, where it belongs, redacted), and the token nowhere, in any spelling.

Waiting for Telegram or the database is bounded by `bot.telegram.startup.PATIENCE` (30 s);
the processes that must wait get a short bound by setting that constant before `main` runs,
so the tests stay quick. The back-off itself is tested on a fake clock, without waiting.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import asyncpg
import pytest

from bot.telegram import startup
from bot.testing.botapi import BotAPIStub
from tests.ci import in_ci
from tests.conftest import PG_ADMIN_URL, PG_HOST, PG_PORT
from tests.telegram.conftest import PATIENCE

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ("DEBUG", "INFO", "WARNING")
SETTINGS = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL", "DATABASE_URL", "WEBHOOK_URL",
            "WEBHOOK_SECRET", "PORT", "LOG_LEVEL", "ADMIN_IDS")
# The stand-in's token, distinctive enough that finding it in the output means a leak.
TOKEN = "777000111:Startup-Secret_tok"
# A token the stand-in does not know, with characters a URL encodes.
WRONG_TOKEN = "4242424242:Wrong-Token_zz9"
# Seconds the processes that must wait are given instead of 30: room for a retry or two
# even when the first try is slow on a busy machine.
SHORT = 2.0


@pytest.fixture
async def stub():
    """The Bot API stand-in, with this module's token."""
    async with BotAPIStub(token=TOKEN) as s:
        yield s


def closed_port() -> int:
    """A port nothing listens on (bound, then released: the kernel does not reuse it soon)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Ended:
    status: int
    out: str
    err: str

    @property
    def everything(self) -> str:
        return self.out + self.err

    @property
    def last_line(self) -> str:
        lines = self.err.strip().splitlines()
        return lines[-1] if lines else ""


def launcher(patience: float | None = None, before: str = "") -> list[str]:
    """`python -m bot run`, or the same `main` after a constant or a function is set."""
    if patience is None and not before:
        return [sys.executable, "-m", "bot", "run"]
    code = ["import sys", "import bot.telegram.startup as startup"]
    if patience is not None:
        code.append(f"startup.PATIENCE = {patience!r}")
    code += [before, "from bot.cli import main", "sys.exit(main(['run']))"]
    return [sys.executable, "-c", "\n".join(code)]


async def run_once(command: list[str], env: dict[str, str]) -> Ended:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    proc = await asyncio.create_subprocess_exec(
        *command, cwd=ROOT, env={**clean, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout=PATIENCE + 30)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    assert proc.returncode is not None
    return Ended(proc.returncode, out.decode(), err.decode())


async def at_every_level(command: list[str], env: dict[str, str]) -> dict[str, Ended]:
    ended = await asyncio.gather(*(run_once(command, {**env, "LOG_LEVEL": level})
                                   for level in LEVELS))
    return dict(zip(LEVELS, ended, strict=True))


def assert_one_line(ended: dict[str, Ended], status: int, starts: str, setting: str,
                    token: str) -> None:
    for level, end in ended.items():
        where = f"LOG_LEVEL={level}: {end.err[-2000:]}"
        assert end.status == status, where
        assert end.last_line.startswith(starts), where
        assert setting in end.last_line, where
        assert_no_token(end, token)
        assert "Traceback" not in end.everything, where


def assert_no_token(end: Ended, token: str) -> None:
    for spelling in (token, quote(token, safe=""), token.split(":")[1]):
        assert spelling not in end.everything


def sqlite_env(tmp_path: Path, stub: BotAPIStub, token: str = TOKEN) -> dict[str, str]:
    return {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_BASE_URL": stub.base_url,
            "DATABASE_URL": f"sqlite:///{tmp_path}/bot.sqlite3"}


# -- each failure, in a real process ----------------------------------------------------------

@pytest.mark.slow
async def test_telegram_unreachable_is_retried_then_one_line(tmp_path):
    env = {"TELEGRAM_BOT_TOKEN": TOKEN,
           "TELEGRAM_BASE_URL": f"http://127.0.0.1:{closed_port()}/bot",
           "DATABASE_URL": f"sqlite:///{tmp_path}/bot.sqlite3"}
    ended = await at_every_level(launcher(patience=SHORT), env)
    assert_one_line(ended, 7, "Telegram unreachable:", "TELEGRAM_BASE_URL", TOKEN)
    for end in ended.values():
        retries = [line for line in end.err.splitlines() if "WARNING" in line
                   and "Telegram: no answer" in line]
        assert retries, end.err  # a line per retry, at every level shown
    assert not (tmp_path / "bot.sqlite3").exists()  # the database was not reached for


@pytest.mark.slow
async def test_rejected_token_is_one_line_without_the_token(stub, tmp_path):
    ended = await at_every_level(launcher(), sqlite_env(tmp_path, stub, WRONG_TOKEN))
    assert_one_line(ended, 4, "token rejected:", "TELEGRAM_BOT_TOKEN", WRONG_TOKEN)
    assert "Unauthorized" in ended["INFO"].last_line


@pytest.mark.slow
async def test_database_unreachable_is_retried_then_one_line(stub, tmp_path):
    env = {**sqlite_env(tmp_path, stub),
           "DATABASE_URL": f"postgresql://bot:pa55word@127.0.0.1:{closed_port()}/campaign"}
    ended = await at_every_level(launcher(patience=SHORT), env)
    assert_one_line(ended, 5, "database unreachable:", "DATABASE_URL", TOKEN)
    for end in ended.values():
        assert "pa55word" not in end.everything
        assert "database: no answer" in end.err
    assert "127.0.0.1" in ended["INFO"].last_line


async def _postgres_or_skip() -> None:
    try:
        conn = await asyncpg.connect(PG_ADMIN_URL, timeout=5)
    except Exception as exc:  # not reachable, for whatever reason
        if in_ci():
            pytest.fail(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT} in CI: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}")
    await conn.close()


@pytest.mark.slow
@pytest.mark.postgres
async def test_database_refusal_is_one_line_at_once(stub, tmp_path):
    await _postgres_or_skip()
    env = {**sqlite_env(tmp_path, stub),
           "DATABASE_URL": f"postgresql://postgres@{PG_HOST}:{PG_PORT}/no_such_database_11"}
    # Full patience: a refusal is final, so it must not wait for it.
    ended = await at_every_level(launcher(), env)
    assert_one_line(ended, 5, "database refused:", "DATABASE_URL", TOKEN)
    for end in ended.values():
        assert "no_such_database_11" in end.last_line
        assert "no answer" not in end.err  # not retried


@pytest.mark.slow
async def test_an_sqlite_file_that_cannot_be_opened_is_one_line_naming_the_folder(
        stub, tmp_path):
    """SQLite cannot open its file (here a folder stands where the file should be; on a
    server, a working folder that is read-only to the service): the hint is about the
    folder, not a user and password SQLite does not have."""
    (tmp_path / "bot.sqlite3").mkdir()
    env = {**sqlite_env(tmp_path, stub), "DATABASE_URL": f"sqlite:///{tmp_path}/bot.sqlite3"}
    ended = await at_every_level(launcher(), env)
    assert_one_line(ended, 5, "database refused:", "DATABASE_URL", TOKEN)
    for end in ended.values():
        assert "folder" in end.last_line and "password" not in end.last_line


@pytest.mark.slow
async def test_migration_failure_is_one_line(stub, tmp_path):
    """A database written by a newer version of the bot: its schema is refused, not used."""
    env = sqlite_env(tmp_path, stub)
    path = tmp_path / "bot.sqlite3"
    db = sqlite3.connect(path)
    try:
        db.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                   "description TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)")
        db.execute("INSERT INTO schema_version VALUES (999, 'from the future', "
                   "'2030-01-01 00:00:00')")
        db.commit()
    finally:
        db.close()
    ended = await at_every_level(launcher(), env)
    assert_one_line(ended, 6, "database migration failed:", "DATABASE_URL", TOKEN)
    assert "999" in ended["INFO"].last_line


@pytest.mark.slow
async def test_unexpected_error_is_one_line_and_a_redacted_traceback_in_the_log(
        stub, tmp_path):
    # Fails after the checks, with the token in its text as python-telegram-bot's URLs have it.
    boom = ("def boom(*args, **kwargs):\n"
            f"    raise RuntimeError('GET {stub.base_url}{TOKEN}/getMe failed; '\n"
            f"                       'encoded {quote(TOKEN, safe='')}')\n"
            "import bot.telegram.app\n"
            "bot.telegram.app.build_application = boom")
    ended = await at_every_level(launcher(before=boom), sqlite_env(tmp_path, stub))
    for level, end in ended.items():
        assert end.status == 1, end.err
        assert end.last_line.startswith("unexpected error: RuntimeError: GET "), end.err
        assert "[redacted]" in end.last_line
        # The details are in the log, at ERROR, so shown at each of these levels, redacted.
        assert "Traceback" in end.err and "ERROR bot.cli" in end.err, level
        assert_no_token(end, TOKEN)


@pytest.mark.slow
async def test_sigterm_while_waiting_for_telegram_stops_cleanly(tmp_path):
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "LOG_LEVEL": "INFO",
           "TELEGRAM_BASE_URL": f"http://127.0.0.1:{closed_port()}/bot",
           "DATABASE_URL": f"sqlite:///{tmp_path}/bot.sqlite3"}
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    proc = await asyncio.create_subprocess_exec(
        *launcher(), cwd=ROOT, env={**clean, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    assert proc.stderr is not None
    try:
        async with asyncio.timeout(PATIENCE):
            seen = []
            while not any("Telegram: no answer" in line for line in seen):
                line = (await proc.stderr.readline()).decode()
                assert line, "".join(seen)  # the process must not end before retrying
                seen.append(line)
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=PATIENCE)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    assert "Traceback" not in err.decode()
    assert "Telegram unreachable" not in err.decode()


# -- the back-off, on a fake clock --------------------------------------------------------------


class FakeTime:
    """`now` and `sleep` for `startup.persist`: sleeping moves the clock, instantly."""

    def __init__(self) -> None:
        self.t = 0.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds


class Down(Exception):
    pass


async def test_backoff_doubles_up_to_its_cap_and_stops_at_the_bound():
    clock = FakeTime()
    tries = []

    async def attempt() -> None:
        tries.append(clock.t)
        raise Down()

    with pytest.raises(Down):
        await startup.persist(attempt, lambda exc: 0.0, "test", 30.0,
                              sleep=clock.sleep, now=clock.now)
    assert clock.slept[:5] == [0.5, 1.0, 2.0, 4.0, 8.0]
    assert max(clock.slept) == startup.MAX_WAIT
    assert sum(clock.slept) == pytest.approx(30.0)  # the last wait is cut to the bound
    assert tries[-1] == pytest.approx(30.0)  # one last try at the bound, then give up


async def test_backoff_returns_as_soon_as_a_try_succeeds():
    clock = FakeTime()
    outcomes: list[Exception | None] = [Down(), Down(), None]

    async def attempt() -> str:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome
        return "up"

    assert await startup.persist(attempt, lambda exc: 0.0, "test", 30.0,
                                 sleep=clock.sleep, now=clock.now) == "up"
    assert clock.slept == [0.5, 1.0]


async def test_a_refusal_is_not_retried_and_a_retry_after_is_respected():
    clock = FakeTime()
    calls = 0

    async def refused() -> None:
        nonlocal calls
        calls += 1
        raise Down()

    with pytest.raises(Down):
        await startup.persist(refused, lambda exc: None, "test", 30.0,
                              sleep=clock.sleep, now=clock.now)
    assert calls == 1 and clock.slept == []

    with pytest.raises(Down):
        await startup.persist(refused, lambda exc: 5.0, "test", 12.0,
                              sleep=clock.sleep, now=clock.now)
    assert clock.slept == [5.0, 5.0, 2.0]  # at least what Telegram asked, cut to the bound
