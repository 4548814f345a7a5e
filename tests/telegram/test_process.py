"""`python -m bot run` as a real process: long polling, webhook, signals, bad settings.

The process is another program, so the tests wait on what it does to the stand-in (its
requests) or on its exit, each with a timeout only a failure reaches. "Stops cleanly on
SIGTERM" is a promise about shutdown, so its time is checked, against a bound generous enough
for a loaded machine.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.testing.botapi import (
    text_update,
)
from tests.processes import stop_process
from tests.telegram.conftest import CONTENT, PATIENCE, TOKEN, ask

ROOT = Path(__file__).resolve().parents[2]
# Every test here starts `python -m bot run`.
pytestmark = pytest.mark.slow
# Seconds from SIGTERM to exit that count as "stops cleanly": python-telegram-bot finishes the
# current long poll or webhook request and the bot flushes its counters, well under a second
# on an idle machine; the bound only has to catch a shutdown that hangs.
STOP_WITHIN = 20.0

# -- the real process: polling, webhook, signals --------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def start_process(env: dict[str, str], tmp_path: Path):
    with open(tmp_path / "bot.log", "w") as log:  # the child keeps its own copy open
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, stdout=log, stderr=log,
            env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite3", **env})
    return proc, tmp_path / "bot.log"


async def until_listening(port: int, timeout: float = PATIENCE) -> None:
    """Return once something accepts connections on 127.0.0.1:`port`.

    python-telegram-bot calls setWebhook before its webhook server listens, so a delivery
    right after setWebhook can be refused; there is no event to wait for from outside the
    process but the port itself.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.05)  # retry a refused connection, not a wait before a check
        else:
            writer.close()
            await writer.wait_closed()
            return


async def test_run_polling_process_answers_and_stops_on_sigterm(stub, tmp_path):
    proc, log = await start_process({"TELEGRAM_BOT_TOKEN": TOKEN, "LOG_LEVEL": "DEBUG",
                                     "TELEGRAM_BASE_URL": stub.base_url}, tmp_path)
    try:
        [reply] = await ask(stub, text_update("what is sciatica", chat_id=70, user_id=70))
        assert reply.text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])
    finally:
        took = await stop_process(proc, PATIENCE)
    assert proc.returncode == 0
    assert took < STOP_WITHIN
    text = log.read_text()
    assert "getUpdates" in text or "ready" in text
    assert TOKEN not in text
    # Privacy at every log level: at DEBUG too, nobody's words reach the log.
    assert "what is sciatica" not in text


async def test_run_webhook_process_checks_secret_and_stops_on_sigterm(stub, tmp_path):
    port = free_port()
    secret = "s3cret-Value_1"
    proc, log = await start_process({
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": stub.base_url, "LOG_LEVEL": "DEBUG",
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/hook", "WEBHOOK_SECRET": secret,
        "PORT": str(port)}, tmp_path)
    try:
        await stub.wait_for(lambda: stub.webhook_url is not None, timeout=PATIENCE)
        assert stub.webhook_url == f"http://127.0.0.1:{port}/telegram/hook"
        assert stub.webhook_secret == secret
        await until_listening(port)
        assert await stub.deliver_webhook(text_update("hello", chat_id=71, user_id=71),
                                          secret=None) == 403
        assert await stub.deliver_webhook(text_update("x", chat_id=71, user_id=71),
                                          secret="wrong") == 403
        assert await stub.deliver_webhook(
            text_update("what is sciatica", chat_id=72, user_id=72)) == 200
        await stub.wait_for_sent(1, chat_id=72, timeout=PATIENCE)
        assert stub.sent_to(72)[0].text.startswith(
            CONTENT.topic("sciatica").answer.split("\n")[0])
        assert stub.sent_to(71) == []
    finally:
        took = await stop_process(proc, PATIENCE)
    assert proc.returncode == 0
    assert took < STOP_WITHIN
    assert TOKEN not in log.read_text()
    assert secret not in log.read_text()


@pytest.mark.parametrize("env,variable", [
    ({}, "TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": "nocolon"}, "TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://example.org/hook"}, "WEBHOOK_SECRET"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "PORT": "http"}, "PORT"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "PORT": "8080"}, "WEBHOOK_URL"),
])
async def test_bad_setting_stops_run_with_one_clear_line(env, variable, tmp_path):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "PORT")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, env={**clean, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode != 0
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and variable in lines[0], lines




@pytest.mark.parametrize(("method", "silenced"), [("sendMessage", True), ("sendPhoto", False)])
def test_only_the_raw_send_warning_is_silenced_in_the_running_bot(method: str,
                                                                  silenced: bool) -> None:
    """`context.send` calls do_api_request("sendMessage") on purpose, so the bot ignores
    python-telegram-bot's warning about that one call, and only that one (with -W error, any
    other warning still stops the process)."""
    code = ("import warnings, bot.telegram.context\n"
            "from telegram.warnings import PTBUserWarning\n"
            f"warnings.warn(\"Please use 'Bot.{method}' instead of 'Bot.do_api_request(...)'\", "
            "PTBUserWarning)\n")
    result = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode == 0) is silenced, result.stderr
