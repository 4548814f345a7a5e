"""`python -m bot run` as a real process: long polling, webhook, signals, bad settings."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from bot.testing.botapi import (
    text_update,
)
from tests.telegram.conftest import CONTENT, TOKEN, ask

ROOT = Path(__file__).resolve().parents[2]

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


async def stop_process(proc) -> float:
    loop = asyncio.get_running_loop()
    start = loop.time()
    proc.send_signal(signal.SIGTERM)
    await asyncio.wait_for(proc.wait(), timeout=10)
    return loop.time() - start


async def test_run_polling_process_answers_and_stops_on_sigterm(stub, tmp_path):
    proc, log = await start_process({"TELEGRAM_BOT_TOKEN": TOKEN, "LOG_LEVEL": "DEBUG",
                                     "TELEGRAM_BASE_URL": stub.base_url}, tmp_path)
    try:
        [reply] = await ask(stub, text_update("what is sciatica", chat_id=70, user_id=70))
        assert reply.text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])
    finally:
        took = await stop_process(proc)
    assert proc.returncode == 0
    assert took < 5
    text = log.read_text()
    assert "getUpdates" in text or "ready" in text
    assert TOKEN not in text


async def test_run_webhook_process_checks_secret_and_stops_on_sigterm(stub, tmp_path):
    port = free_port()
    secret = "s3cret-Value_1"
    proc, log = await start_process({
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": stub.base_url, "LOG_LEVEL": "DEBUG",
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/hook", "WEBHOOK_SECRET": secret,
        "PORT": str(port)}, tmp_path)
    try:
        await stub.wait_for(lambda: stub.webhook_url is not None, timeout=15)
        assert stub.webhook_url == f"http://127.0.0.1:{port}/telegram/hook"
        assert stub.webhook_secret == secret
        for _ in range(50):  # the listener may start a moment after setWebhook
            try:
                status = await stub.deliver_webhook(text_update("hello", chat_id=71, user_id=71),
                                                    secret=None)
                break
            except OSError:
                await asyncio.sleep(0.1)
        assert status == 403
        assert await stub.deliver_webhook(text_update("x", chat_id=71, user_id=71),
                                          secret="wrong") == 403
        assert await stub.deliver_webhook(
            text_update("what is sciatica", chat_id=72, user_id=72)) == 200
        await stub.wait_for_sent(1, chat_id=72, timeout=10)
        assert stub.sent_to(72)[0].text.startswith(
            CONTENT.topic("sciatica").answer.split("\n")[0])
        assert stub.sent_to(71) == []
    finally:
        took = await stop_process(proc)
    assert proc.returncode == 0
    assert took < 5
    assert TOKEN not in log.read_text()
    assert secret not in log.read_text()


@pytest.mark.parametrize("env,variable", [
    ({}, "TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": "nocolon"}, "TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://example.org/hook"}, "WEBHOOK_SECRET"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "PORT": "http"}, "PORT"),
])
async def test_bad_setting_stops_run_with_one_clear_line(env, variable, tmp_path):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "PORT")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, env={**clean, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=20)
    assert proc.returncode != 0
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and variable in lines[0], lines


