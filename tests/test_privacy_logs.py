"""What reaches the log: never the token, never what people write or who they are.

`bot.logs` is checked three ways: in this process (which loggers LOG_LEVEL=DEBUG reaches, and
that a traceback is redacted); in a small process of its own for what Python prints by itself
(an uncaught exception, one in a thread, one it can only ignore, a warning); and as the real
bot, `python -m bot run` at LOG_LEVEL=DEBUG, answering a message whose text and sender are
distinctive, none of which may appear in what it printed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.logs import REDACTED, setup_logging
from bot.testing.botapi import BotAPIStub, edited_text_update, text_update
from tests.processes import stop_process

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:Secret-Token_Value"
# Seconds any wait here may take: reached only by a failing test.
PATIENCE = 30.0


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """`setup_logging` changes process-wide state: put it back after the test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    hooks = (sys.excepthook, threading.excepthook, sys.unraisablehook)
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name in logging.root.manager.loggerDict:
            logging.getLogger(name).setLevel(levels.get(name, logging.NOTSET))
        sys.excepthook, threading.excepthook, sys.unraisablehook = hooks
        logging.captureWarnings(False)


# -- in this process ----------------------------------------------------------------------------


@pytest.mark.usefixtures("restore_logging")
def test_debug_reaches_the_bots_own_loggers_only() -> None:
    setup_logging("DEBUG")
    assert logging.getLogger("bot.telegram.handlers").isEnabledFor(logging.DEBUG)
    # python-telegram-bot logs whole updates (text, names) at DEBUG; the clients log URLs
    # with the token and SQL with its parameters; a library nobody thought of is held too.
    for name in ("telegram.ext.Application", "telegram.Bot", "telegram.ext.Updater",
                 "httpx", "aiohttp.client", "sqlalchemy.engine.Engine", "aiosqlite",
                 "some.library.not.yet.written"):
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name
    assert logging.getLogger("telegram.ext.Application").isEnabledFor(logging.INFO)
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)


@pytest.mark.usefixtures("restore_logging")
def test_warning_level_holds_every_logger_at_warning() -> None:
    setup_logging("WARNING")
    for name in ("bot.cli", "telegram.ext.Application", "some.library"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
        assert logging.getLogger(name).isEnabledFor(logging.WARNING), name


@pytest.mark.usefixtures("restore_logging")
def test_tracebacks_and_exception_text_are_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    redact = setup_logging("INFO", [TOKEN, None, "hook-secret"])
    try:
        raise RuntimeError(f"GET https://api.telegram.org/bot{TOKEN}/getMe: "
                           f"{quote(TOKEN, safe='')} hook-secret")
    except RuntimeError:
        logging.getLogger("bot.somewhere").exception("failed with %s", TOKEN)
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError" in err
    assert TOKEN not in err and quote(TOKEN, safe="") not in err and "hook-secret" not in err
    assert err.count(REDACTED) == 4  # the message, the URL, its encoded copy, the secret
    assert redact(f"x{TOKEN}y") == f"x{REDACTED}y"


@pytest.mark.usefixtures("restore_logging")
def test_an_answer_that_is_not_json_is_one_line_without_its_body(
        capsys: pytest.CaptureFixture[str]) -> None:
    """python-telegram-bot logs such an answer whole, with a traceback; it may hold a message's
    text (a sendMessage answer echoes it), so it is told by size, on one line."""
    from telegram.error import TelegramError
    from telegram.request import BaseRequest

    setup_logging("DEBUG", [TOKEN])
    body = b"<html>my legs have gone numb, from Priya Example</html>"
    with pytest.raises(TelegramError):
        BaseRequest.parse_json_payload(body)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "WARNING" in err and f"{len(body)} characters that are not JSON" in err
    assert "numb" not in err and "Priya" not in err


# -- what Python prints by itself, in a process of its own --------------------------------------


LEAKS = f"""
import gc, sys, threading, warnings
from bot.logs import setup_logging
setup_logging("DEBUG", [{TOKEN!r}])
token = {TOKEN!r}

def in_thread():
    raise RuntimeError("thread " + token)
t = threading.Thread(target=in_thread)
t.start(); t.join()

class Leaky:
    def __del__(self):
        raise RuntimeError("del " + token)
Leaky(); gc.collect()

warnings.warn("warning " + token)
raise RuntimeError("uncaught " + token)
"""


@pytest.mark.slow
def test_what_python_prints_itself_goes_through_the_filter() -> None:
    done = subprocess.run([sys.executable, "-c", LEAKS], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    output = done.stdout + done.stderr
    assert TOKEN not in output
    for what in ("thread", "del", "warning", "uncaught"):
        assert f"{what} {REDACTED}" in output, output


# -- the real bot at DEBUG ----------------------------------------------------------------------

TEXT = "my Zanzibar-quokka backache since the marathon"
FIRST, LAST, USERNAME = "Ophelia-Xq", "Thistlewood-Zz", "ophelia_xq_private"


@pytest.mark.slow
async def test_debug_log_of_a_running_bot_holds_no_words_and_no_names(tmp_path: Path) -> None:
    log_file = tmp_path / "bot.log"
    async with BotAPIStub(token=TOKEN) as stub:
        env = {**{k: v for k, v in os.environ.items() if not k.startswith(("WEBHOOK", "PORT"))},
               "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": stub.base_url,
               "LOG_LEVEL": "DEBUG", "DATABASE_URL": f"sqlite:///{tmp_path}/bot.sqlite3"}
        with open(log_file, "w") as out:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=ROOT, env=env, stdout=out, stderr=out)
        try:
            who = {"first_name": FIRST, "last_name": LAST, "username": USERNAME}
            stub.push_update(text_update(TEXT, chat_id=501, user_id=501, **who))
            stub.push_update(edited_text_update(TEXT + " again", chat_id=501, user_id=501,
                                                first_name=FIRST))
            stub.push_update(text_update(f"/start {TEXT}", chat_id=501, user_id=501, **who))
            await stub.wait_for_sent(3, chat_id=501, timeout=PATIENCE)
        finally:
            await stop_process(proc, PATIENCE)
    assert proc.returncode == 0
    printed = log_file.read_text()
    assert "DEBUG" in printed or "INFO" in printed  # it did log, at the level asked
    for secret in (TEXT, "Zanzibar", FIRST, LAST, USERNAME, TOKEN):
        assert secret not in printed, secret
