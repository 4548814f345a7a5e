"""The checks `run` makes before handing over to python-telegram-bot: Telegram accepts the
token, and the database answers and takes the current schema.

Why: left to python-telegram-bot and SQLAlchemy, each of these ends in a traceback of a
hundred lines or more, and a rejected token is printed in it (python-telegram-bot puts it in
the message). Checked here, each failure is one exception carrying one line that names the
cause and the setting to look at; the command line prints it and exits with a status that
says which (docs/deploying.md, "When it will not start"). Nothing here ever puts the token or
the database URL in a line.

Not being able to connect is retried with back-off for up to `PATIENCE` seconds, one log line
a retry, because at boot the network or the database is often a moment behind the bot (a
server's network coming up, a platform starting its database add-on). A refusal (a token
Telegram rejects, a database that does not exist, an unknown user, a wrong password) is final
at once: waiting would not change it.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlparse

from sqlalchemy import literal, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from telegram import Bot
from telegram.error import InvalidToken, NetworkError, RetryAfter

from bot.config import Settings
from bot.storage.engine import build_engine
from bot.storage.store import Store, database_url, sqlite_file
from bot.telegram.lifecycle import STOP_SIGNALS
from bot.transport import AiohttpRequest

log = logging.getLogger(__name__)

T = TypeVar("T")

# Seconds to keep trying to reach Telegram, and then the database, before giving up.
PATIENCE = 30.0
# The first wait between tries, doubled after each, up to MAX_WAIT.
FIRST_WAIT = 0.5
MAX_WAIT = 8.0
# Seconds one try at the database may take (asyncpg's own default is a minute).
DATABASE_TRY_TIMEOUT = 10.0
# PostgreSQL answers that mean "not now" rather than "no": starting up, too many connections.
RETRYABLE_SQLSTATES = frozenset({"57P03", "53300"})
TELEGRAM_HOST = "api.telegram.org"
TELEGRAM_API = f"https://{TELEGRAM_HOST}/bot"  # python-telegram-bot's default base_url


class StartupFailure(Exception):
    """Why `run` cannot start, as one line for whoever runs it: the cause and the setting."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


class TelegramUnreachable(StartupFailure):
    """No answer from the Bot API within `PATIENCE` seconds."""


class TokenRejected(StartupFailure):
    """Telegram refused TELEGRAM_BOT_TOKEN."""


class DatabaseUnreachable(StartupFailure):
    """The database did not answer in time, or refused the connection."""


class MigrationFailed(StartupFailure):
    """The database answered, but its schema could not be brought up to date."""


def check_before_run(settings: Settings) -> bool:
    """Run the checks; True when the bot may start, False when SIGTERM or SIGINT came during
    them (then the process should simply end, as it would have once running)."""
    return asyncio.run(_until_stopped(settings))


async def _until_stopped(settings: Settings) -> bool:
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    stopped = asyncio.Event()

    def stop() -> None:
        stopped.set()
        task.cancel()

    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop)
    try:
        await check_startup(settings)
    except asyncio.CancelledError:
        if not stopped.is_set():
            raise
        task.uncancel()
        log.info("stop signal received during the start-up checks; stopping")
        return False
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)
    return True


async def check_startup(settings: Settings, patience: float | None = None) -> None:
    """Telegram first (the token), then the database; raises a `StartupFailure`."""
    wait = PATIENCE if patience is None else patience
    await check_telegram(settings, wait)
    await check_database(settings, wait)


async def persist(attempt: Callable[[], Awaitable[T]],
                  retry_in: Callable[[BaseException], float | None], what: str,
                  patience: float, *, sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
                  now: Callable[[], float] = time.monotonic) -> T:
    """`attempt()`, tried again after each exception for which `retry_in` gives a wait (at
    least that long; None means final), with doubling waits, until `patience` seconds have
    passed; then the last exception is raised. `sleep` and `now` are for tests."""
    deadline = now() + patience
    wait = FIRST_WAIT
    tries = 0
    while True:
        tries += 1
        try:
            return await attempt()
        except Exception as exc:
            at_least = retry_in(exc)
            left = deadline - now()
            if at_least is None or left <= 0:
                raise
            pause = min(max(wait, at_least), left)
            log.warning("%s: no answer (%s); try %d in %.1f s", what,
                        _reason(exc), tries + 1, pause)
            await sleep(pause)
            wait = min(wait * 2, MAX_WAIT)


# -- Telegram ---------------------------------------------------------------------------------


async def check_telegram(settings: Settings, patience: float) -> None:
    """getMe with the token: proves both the network and the token."""
    where = f"{_telegram_host(settings)} (TELEGRAM_BASE_URL)" if settings.base_url \
        else f"{TELEGRAM_HOST} (TELEGRAM_BASE_URL unset)"
    bot = Bot(settings.require_token(), base_url=settings.base_url or TELEGRAM_API,
              request=AiohttpRequest(pool_size=1),
              get_updates_request=AiohttpRequest(pool_size=1))
    try:
        # `initialize` calls getMe; a second call after a failure tries getMe again.
        await persist(bot.initialize, _telegram_retry_in, "Telegram", patience)
    except InvalidToken as exc:
        # python-telegram-bot's message holds the token: only Telegram's own words are kept.
        said = _telegram_said(exc)
        hint = "copy it again from @BotFather, or revoke it there and set the new one"
        if settings.base_url and said != "Unauthorized":
            hint += "; or TELEGRAM_BASE_URL is not a Bot API server"
        raise TokenRejected(f"token rejected: Telegram refused TELEGRAM_BOT_TOKEN ({said}); "
                            f"{hint}") from None
    except (NetworkError, RetryAfter) as exc:
        raise TelegramUnreachable(
            f"Telegram unreachable: no answer from {where} in {patience:g} s "
            f"(last: {_reason(exc)}); check the network") from None
    finally:
        await bot.shutdown()
    log.info("Telegram accepts the token")


def _telegram_retry_in(exc: BaseException) -> float | None:
    if isinstance(exc, RetryAfter):
        after = exc.retry_after
        return after.total_seconds() if isinstance(after, timedelta) else float(after)
    if isinstance(exc, InvalidToken):
        return None
    return 0.0 if isinstance(exc, NetworkError) else None


def _telegram_host(settings: Settings) -> str:
    return urlparse(settings.base_url or "").netloc or TELEGRAM_HOST


def _telegram_said(exc: InvalidToken) -> str:
    """Telegram's description ("Unauthorized", "Not Found"), from the exception python-
    telegram-bot chained under its own message (which holds the token)."""
    inner = exc.__cause__ if isinstance(exc.__cause__, InvalidToken) else exc
    said = inner.message
    return said if said in ("Unauthorized", "Not Found") else "refused"


# -- the database -----------------------------------------------------------------------------


async def check_database(settings: Settings, patience: float) -> None:
    """Connect (retrying while there is no answer), then open the store, which migrates."""
    url = database_url(settings.database_url, Path.cwd())
    where = f"{_database_place(url)} (DATABASE_URL)"
    file = sqlite_file(url)
    if file is not None:
        # Opened first with the standard library: a file SQLite cannot open is then one
        # line, without the async driver's worker thread outliving the event loop.
        try:
            sqlite3.connect(file).close()
        except sqlite3.Error as exc:
            raise DatabaseUnreachable(f"database refused: {where} could not be opened: "
                                      f"{exc}; check that the folder exists and this user "
                                      "may write to it") from None
    engine = build_engine(url)

    async def ping() -> None:
        async with asyncio.timeout(DATABASE_TRY_TIMEOUT), engine.connect() as conn:
            await conn.execute(select(literal(1)))

    try:
        await persist(ping, _database_retry_in, "database", patience)
    except Exception as exc:
        if _database_retry_in(exc) is None:
            raise DatabaseUnreachable(f"database refused: {where} refused the connection: "
                                      f"{_reason(exc)}; check the user, password and database "
                                      "name") from None
        raise DatabaseUnreachable(f"database unreachable: no answer from {where} in "
                                  f"{patience:g} s (last: {_reason(exc)}); check that it is "
                                  "running, and the host and port") from None
    finally:
        await engine.dispose()
    try:
        store = await Store.open(url)
    except Exception as exc:
        if isinstance(exc, OSError):  # gone again since the ping
            raise DatabaseUnreachable(f"database unreachable: {where}: {_reason(exc)}") \
                from None
        raise MigrationFailed(f"database migration failed: {where}: {_reason(exc)}") from None
    await store.close()


def _database_retry_in(exc: BaseException) -> float | None:
    if isinstance(exc, OSError):  # refused, no route, name not found, timed out
        return 0.0
    if isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) \
            in RETRYABLE_SQLSTATES:
        return 0.0
    return None


def _database_place(url: str) -> str:
    """Where the database is, without the user name or password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite file {parsed.database}"
    return f"PostgreSQL at {parsed.host}:{parsed.port or 5432}, database {parsed.database}"


def _reason(exc: BaseException) -> str:
    """The exception in a few words on one line: its driver's message for a database error
    (SQLAlchemy's own adds the statement and its parameters)."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        text = str(exc.orig)
    else:
        text = str(exc)
        if isinstance(exc, OSError) or not text:
            text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
