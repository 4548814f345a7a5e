"""Tests of `python -m bot.testing.botapi` (bot/testing/botapi/__main__.py): the stand-in as a
process of its own with its control API, the way bench/broadcast_load.py runs it."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import pytest
from aiohttp import ClientSession
from telegram import Bot
from telegram.error import RetryAfter
from telegram.request import HTTPXRequest

from bot.testing.botapi import DEFAULT_TOKEN, BotAPIStub, text_update
from bot.testing.botapi.__main__ import control_routes
from tests.processes import stop_process

ROOT = Path(__file__).resolve().parents[2]
CHAT = 4242
# Seconds any wait may take before the test fails (only a failure waits this long).
PATIENCE = 30.0

# Every test here starts the stand-in's server, in this process or in another.
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_control_api_pushes_updates_and_reports_what_was_sent():
    stub = BotAPIStub()
    await stub.start(routes=control_routes(stub))
    try:
        async with ClientSession() as http, Bot(stub.token, base_url=stub.base_url) as bot:
            async with http.post(f"{stub.url}/_stub/updates",
                                 json=[text_update("one"), text_update("two")]) as resp:
                assert await resp.json() == {"ok": True, "update_ids": [1, 2]}
            updates = await bot.get_updates(timeout=0)
            assert [u.message.text for u in updates] == ["one", "two"]
            await bot.send_message(CHAT, "first")
            await bot.send_message(CHAT, "second")
            async with http.get(f"{stub.url}/_stub/stats") as resp:
                stats = await resp.json()
            assert (stats["sent"], stats["rejected_429"], stats["duplicates"]) == (2, 0, 0)
            assert stats["methods"]["sendMessage"] == 2
            async with http.get(f"{stub.url}/_stub/sent", params={"since": "1"}) as resp:
                [sent] = (await resp.json())["sent"]
            assert (sent["chat_id"], sent["text"], sent["message_id"]) == (CHAT, "second", 2)
            assert "params" not in sent
            async with http.post(f"{stub.url}/_stub/reset") as resp:
                assert await resp.json() == {"ok": True}
            assert stub.sent == [] and stub.requests == []
    finally:
        await stub.stop()


async def test_plain_stub_has_no_control_api():
    async with BotAPIStub() as stub, ClientSession() as http, \
            http.get(f"{stub.url}/_stub/stats") as resp:
        assert resp.status == 404


async def test_command_line_serves_rate_limited_api_and_stops_on_sigterm(tmp_path, monkeypatch):
    # RetryAfter warns about its future type unless PTB_TIMEDELTA is set (warnings are errors).
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    port = free_port()
    with open(tmp_path / "stub.log", "w") as log:  # the child keeps its own copy open
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.testing.botapi", "--host", "127.0.0.1",
            "--port", str(port), "--rate-limit", "2", "--paid-rate-limit", "1000",
            "--log-level", "INFO", cwd=ROOT, stdout=log, stderr=log, env=dict(os.environ))
    try:
        base = f"http://127.0.0.1:{port}"
        async with ClientSession() as http:
            await until_answering(http, f"{base}/_stub/stats")
            # A limit of 2 a second against a burst of 6: some are refused unless the burst
            # takes over two seconds to arrive.
            request = HTTPXRequest(connection_pool_size=8, pool_timeout=PATIENCE)
            async with Bot(DEFAULT_TOKEN, base_url=f"{base}/bot", request=request) as bot:
                results = await asyncio.gather(
                    *(bot.send_message(CHAT, f"m{i}") for i in range(6)),
                    return_exceptions=True)
            async with http.get(f"{base}/_stub/stats") as resp:
                stats = await resp.json()
        refused = [r for r in results if isinstance(r, Exception)]
        assert refused and all(isinstance(r, RetryAfter) for r in refused), refused
        assert stats["rejected_429"] == len(refused)
        assert stats["sent"] == 6 - len(refused)
    finally:
        await stop_process(proc, PATIENCE)
    assert proc.returncode == 0
    text = (tmp_path / "stub.log").read_text()
    assert f"listening on http://127.0.0.1:{port}/bot{DEFAULT_TOKEN}/" in text
    assert "stopping: 7 requests" in text


async def until_answering(http: ClientSession, url: str) -> None:
    """Return once the child process answers `url` (it is starting up meanwhile)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while True:
        try:
            async with http.get(url) as resp:
                resp.raise_for_status()
                return
        except OSError:  # refused (aiohttp's connection errors are OSErrors too)
            if loop.time() > deadline:
                raise
        await asyncio.sleep(0.05)  # retry a refused connection, not a wait before a check
