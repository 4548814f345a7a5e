"""Broadcasts on a bad day: the database goes away, Telegram times out, answers 502 or garbage,
or asks for a long 429 pause just as the organiser stops the run.

The promise under test (docs/campaign.md, "Pace and errors"): after any fault nobody is lost,
and only the messages in flight at the fault can go twice. Copies are counted where Telegram
would count them, in the Bot API stand-in; the database side is a real PostgreSQL server of
the test's own (tests/campaign/conftest.py) that the test kills and restarts.

Nothing waits a fixed time. When something must happen mid-send, the remaining sends are held
until it has happened (`hold_sends_until`), so a fast machine and a busy one see the same
order of events; "promptly" is checked as "long before the wait that was interrupted would
have ended". Waits are bounded by PATIENCE, which only a failing test reaches.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import telegram
from telegram.request import RequestData

from bot.answers.content import load_content
from bot.answers.replies import broadcast_text
from bot.campaign import delivery
from bot.campaign.commands import EXIT_OK, EXIT_UNFINISHED, broadcast_command
from bot.campaign.delivery import (
    FREE_CONCURRENCY,
    GARBLED,
    IN_FLIGHT_PER_WORKER,
    TIMED_OUT,
    DatabaseUnavailable,
    Patience,
    Progress,
    deliver,
)
from bot.cli import build_parser
from bot.config import load_settings
from bot.storage.broadcasts import database_unavailable
from bot.storage.store import BroadcastSummary, Store
from bot.testing.botapi import BotAPIStub
from bot.testing.clock import FakeClock
from bot.testing.pgcluster import PgCluster
from bot.transport import AiohttpRequest
from tests.campaign.moments import NOON

pytestmark = pytest.mark.slow  # every test here talks to the stand-in, most to PostgreSQL

ROOT = Path(__file__).resolve().parents[2]
CONTENT = load_content()
TEXT = broadcast_text(CONTENT, message="Lift with your legs, not your back.")
FAST = 1000.0  # messages a second: these tests need not wait for Telegram's pace
WORKERS = 4
WINDOW = IN_FLIGHT_PER_WORKER * WORKERS  # messages that may be sent and not yet recorded
PATIENCE = 30.0  # seconds any wait may take: only a failing test waits this long
# Pauses short enough for a test; bounds as in production unless a test says otherwise.
QUICK = Patience(fault_pause=0.01, fault_pause_max=0.05, db_pause=0.02, db_pause_max=0.2,
                 db_retries=400)


async def queued(url: str, chats: list[int]) -> Store:
    """An open store whose subscribers are `chats`, with broadcast "b" of TEXT created."""
    store = await Store.open(url)
    for chat in chats:
        await store.subscribe(chat)
    await store.create_broadcast("b", TEXT, "message")
    return store


async def subscribe(url: str, chats: list[int]) -> None:
    async with await Store.open(url) as store:
        for chat in chats:
            await store.subscribe(chat)


def copies(stub: BotAPIStub) -> Counter[int | str]:
    """How many times each chat got the broadcast, as Telegram would count it."""
    return Counter(m.chat_id for m in stub.sent if m.text == TEXT)


def hold_sends_until(patch: pytest.MonkeyPatch, after: Callable[[], bool],
                     until: asyncio.Event) -> None:
    """Once `after()` is true, every further send first waits for `until`.

    The sender has already taken its place in the in-flight window when it waits here, so
    when `until` is set those sends go out at once: exactly the messages in flight.
    """
    real = delivery._send_message

    async def held(bot: telegram.Bot, chat_id: int, text: str, paid: bool) -> None:
        if after():
            await until.wait()
        await real(bot, chat_id, text, paid)

    patch.setattr(delivery, "_send_message", held)


def run(store: Store, bot: telegram.Bot, **kwargs: Any) -> asyncio.Task[BroadcastSummary]:
    kwargs.setdefault("patience", QUICK)
    return asyncio.create_task(deliver(store, bot, "b", rate=FAST, concurrency=WORKERS,
                                       **kwargs))


# -- the database goes away mid-broadcast -----------------------------------------------------


async def test_a_dead_database_is_recognised_as_unavailable(
        pg_cluster: PgCluster, pg_url: str) -> None:
    async with await Store.open(pg_url) as store:
        await store.subscribe(1)
        await pg_cluster.akill()
        with pytest.raises(Exception) as refused:
            await store.subscribe(2)
        assert database_unavailable(refused.value)
        await pg_cluster.astart()
        assert await store.subscribe(2)  # the pool reconnects by itself
        with pytest.raises(ValueError) as bug:  # a wrong value is not an outage
            await store.mark("nope", 1, "delivered")
        assert not database_unavailable(bug.value)


async def test_database_outage_pauses_sending_and_the_run_resumes_when_it_returns(
        pg_cluster: PgCluster, pg_url: str, stub: BotAPIStub, bot: telegram.Bot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    chats = list(range(1, 61))
    store = await queued(pg_url, chats)
    killed = asyncio.Event()
    hold_sends_until(monkeypatch, lambda: len(stub.sent) >= 20, killed)
    waited = asyncio.Event()

    def on_progress(progress: Progress) -> None:
        # Ten tries (about a second of back-off): long enough for a sender that ignored the
        # outage to send everything that is left.
        if progress.db_waits >= 10:
            waited.set()

    try:
        task = run(store, bot, on_progress=on_progress)
        await stub.wait_for(lambda: len(stub.sent) >= 20, timeout=PATIENCE)
        await pg_cluster.akill()
        at_kill = len(stub.sent)
        killed.set()  # the held sends go out now, with nowhere to record them
        await stub.wait_for(lambda: len(stub.sent) > at_kill, timeout=PATIENCE)
        await asyncio.wait_for(waited.wait(), PATIENCE)
        assert not task.done()  # paused, not crashed
        sent_while_down = len(stub.sent) - at_kill
        # It never sends more than the window without a record, however long the outage.
        assert 0 < sent_while_down <= WINDOW
        await pg_cluster.astart()
        summary = await asyncio.wait_for(task, PATIENCE)
    finally:
        await store.close()
    assert summary.counts["sent"] == len(chats) and summary.counts["pending"] == 0
    assert summary.finished_at is not None
    assert copies(stub) == dict.fromkeys(chats, 1)  # resumed in the same run: no duplicate


async def test_database_down_past_the_bound_stops_cleanly_and_a_rerun_finishes(
        pg_cluster: PgCluster, pg_url: str, stub: BotAPIStub, bot: telegram.Bot) -> None:
    chats = list(range(1, 61))
    store = await queued(pg_url, chats)
    killed = asyncio.Event()
    try:
        with pytest.MonkeyPatch.context() as patch:
            hold_sends_until(patch, lambda: len(stub.sent) >= 20, killed)
            task = run(store, bot, patience=Patience(db_retries=3, db_pause=0.01))
            await stub.wait_for(lambda: len(stub.sent) >= 20, timeout=PATIENCE)
            await pg_cluster.akill()
            at_kill = len(stub.sent)
            killed.set()
            with pytest.raises(DatabaseUnavailable):
                await asyncio.wait_for(task, PATIENCE)
        assert len(stub.sent) - at_kill <= WINDOW  # it stopped sending, it did not go on
        await pg_cluster.astart()
        summary = await asyncio.wait_for(run(store, bot), PATIENCE)
    finally:
        await store.close()
    assert summary.counts["sent"] == len(chats) and summary.counts["pending"] == 0
    got = copies(stub)
    assert set(got) == set(chats)  # nobody lost
    assert max(got.values()) <= 2
    # Only the messages in flight (sent, not yet recorded) when it stopped can go twice.
    assert sum(n - 1 for n in got.values()) <= WINDOW


async def test_broadcast_command_exits_3_without_a_traceback_when_the_database_stays_down(
        pg_cluster: PgCluster, pg_url: str, stub: BotAPIStub,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    chats = list(range(1, 41))
    await subscribe(pg_url, chats)
    settings = load_settings({"TELEGRAM_BOT_TOKEN": stub.token,
                              "TELEGRAM_BASE_URL": stub.base_url, "DATABASE_URL": pg_url})
    args = build_parser().parse_args(["broadcast", "--id", "w1", "--message",
                                      "Lift with your legs, not your back.", "--force"])
    monkeypatch.setattr(delivery, "PATIENCE", Patience(db_retries=3, db_pause=0.01))
    killed = asyncio.Event()
    with monkeypatch.context() as patch:
        hold_sends_until(patch, lambda: len(stub.sent) >= 10, killed)
        command = asyncio.create_task(broadcast_command(settings, CONTENT, None, args,
                                                        clock=FakeClock(NOON)))
        await stub.wait_for(lambda: len(stub.sent) >= 10, timeout=PATIENCE)
        await pg_cluster.akill()
        killed.set()
        capsys.readouterr()
        code = await asyncio.wait_for(command, PATIENCE)
    out, err = capsys.readouterr()
    assert code == EXIT_UNFINISHED
    assert "database could not be reached" in err and "Run the same command again" in err
    assert "Traceback" not in out + err
    await pg_cluster.astart()
    code = await asyncio.wait_for(broadcast_command(settings, CONTENT, None, args,
                                                    clock=FakeClock(NOON)), PATIENCE)
    assert code == EXIT_OK
    got = copies(stub)
    assert set(got) == set(chats)  # nobody lost
    # The command sends at the free rate: its window is that of FREE_CONCURRENCY senders.
    assert sum(n - 1 for n in got.values()) <= IN_FLIGHT_PER_WORKER * FREE_CONCURRENCY


# -- Telegram's temporary faults ----------------------------------------------------------------


async def test_a_run_of_502s_marks_nobody_failed_and_a_rerun_retries_them(
        tmp_path: Path, stub: BotAPIStub, bot: telegram.Bot) -> None:
    chats = list(range(1, 11))
    store = await queued(f"sqlite:///{tmp_path / 'b.sqlite3'}", chats)
    # One sender, so the faults land in a known order: chats 1 and 2 each exhaust their
    # retries (1 + 4 tries), chat 3 gets the last two 502s and then goes through.
    stub.fail_next("sendMessage", 502, times=12)
    patient = dataclasses.replace(QUICK, fault_streak=50)  # no stopping for ten faults in a row
    try:
        first = await deliver(store, bot, "b", rate=FAST, concurrency=1, patience=patient)
        assert first.counts["failed"] == 0
        assert first.counts["pending"] == 2 and first.retrying == [("Bad Gateway", 2)]
        assert first.finished_at is None
        assert sorted(copies(stub)) == chats[2:]
        second = await deliver(store, bot, "b", rate=FAST, concurrency=1, patience=QUICK)
    finally:
        await store.close()
    assert second.counts["sent"] == len(chats) and second.counts["pending"] == 0
    assert second.retrying == [] and second.finished_at is not None
    assert copies(stub) == dict.fromkeys(chats, 1)


async def test_permanent_errors_are_final_and_never_retried(
        tmp_path: Path, stub: BotAPIStub, bot: telegram.Bot) -> None:
    store = await queued(f"sqlite:///{tmp_path / 'b.sqlite3'}", [1, 2, 3])
    stub.block_chat(2)
    stub.missing_chat(3)
    try:
        first = await deliver(store, bot, "b", rate=FAST, patience=QUICK)
        requests = len(stub.requests_for("sendMessage"))
        again = await deliver(store, bot, "b", rate=FAST, patience=QUICK)
    finally:
        await store.close()
    assert (first.counts["sent"], first.counts["blocked"], first.counts["failed"]) == (1, 1, 1)
    assert first.counts["pending"] == 0 and first.finished_at is not None
    assert again.counts == first.counts
    assert len(stub.requests_for("sendMessage")) == requests  # the rerun asked nothing


class GarblingRequest(AiohttpRequest):
    """A transport that hands back an HTML page (status 200) instead of the Bot API's JSON
    for some chats, after the stand-in has taken the message: what a broken proxy does."""

    def __init__(self, garbled: set[int]) -> None:
        super().__init__(pool_size=16)
        self.garbled = garbled

    async def do_request(self, url: str, method: str,
                         request_data: RequestData | None = None,
                         **timeouts: Any) -> tuple[int, bytes]:
        code, body = await super().do_request(url, method, request_data, **timeouts)
        if request_data is not None and request_data.parameters.get("chat_id") in self.garbled:
            return 200, b"<html><body>Service temporarily unavailable</body></html>"
        return code, body


async def test_a_200_answer_that_is_not_json_never_crashes_the_run(
        tmp_path: Path, stub: BotAPIStub) -> None:
    chats = list(range(1, 21))
    store = await queued(f"sqlite:///{tmp_path / 'b.sqlite3'}", chats)
    request = GarblingRequest({7})
    try:
        async with telegram.Bot(stub.token, base_url=stub.base_url, request=request) as bot:
            for _ in range(2):  # the odd answer comes back on the rerun too
                summary = await deliver(store, bot, "b", rate=FAST, patience=QUICK)
                assert summary.counts["sent"] == len(chats) - 1
                assert summary.retrying == [(GARBLED, 1)]
            request.garbled.clear()
            summary = await deliver(store, bot, "b", rate=FAST, patience=QUICK)
    finally:
        await store.close()
    assert summary.counts["sent"] == len(chats) and summary.finished_at is not None
    got = copies(stub)
    # Chat 7's message went through each time but was never repeated within a run: one
    # copy per run, not one per retry.
    assert got == {**dict.fromkeys(chats, 1), 7: 3}


async def test_timed_out_sends_are_not_repeated_and_only_those_in_flight_can_go_twice(
        tmp_path: Path, stub: BotAPIStub) -> None:
    chats = list(range(1, 41))
    store = await queued(f"sqlite:///{tmp_path / 'b.sqlite3'}", chats)
    streak = 3
    patience = Patience(fault_pause=0.01, fault_pause_max=0.05, fault_streak=streak)
    # Telegram takes every message, then answers long after the client has given up.
    stub.delay = {"sendMessage": 2.0}
    request = AiohttpRequest(pool_size=16, read_timeout=0.3)
    try:
        async with telegram.Bot(stub.token, base_url=stub.base_url, request=request) as bot:
            first = await deliver(store, bot, "b", rate=FAST, concurrency=WORKERS,
                                  patience=patience)
            in_doubt = sum(n for reason, n in first.retrying if reason == TIMED_OUT)
            assert max(copies(stub).values()) == 1  # none repeated within the run
            # It stopped instead of timing out through the whole list.
            assert 0 < in_doubt <= WORKERS + streak
            assert first.counts["sent"] == 0 and first.counts["pending"] == len(chats)
            stub.delay = 0.0
            second = await deliver(store, bot, "b", rate=FAST, concurrency=WORKERS,
                                   patience=patience)
    finally:
        await store.close()
    assert second.counts["sent"] == len(chats) and second.finished_at is not None
    got = copies(stub)
    assert set(got) == set(chats) and max(got.values()) <= 2
    assert sum(n - 1 for n in got.values()) == in_doubt  # only those in doubt went twice


# -- stopping during a long 429 wait -------------------------------------------------------------


async def test_should_stop_interrupts_a_long_429_wait_and_the_message_stays_owed(
        tmp_path: Path, stub: BotAPIStub, bot: telegram.Bot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # RetryAfter warns about its future type unless PTB_TIMEDELTA is set (warnings are errors).
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    store = await queued(f"sqlite:///{tmp_path / 'b.sqlite3'}", [1, 2, 3])
    stub.fail_next("sendMessage", 429, retry_after=600, chat_id=1)
    try:
        # Stop as soon as Telegram has asked for the ten-minute pause.
        summary = await asyncio.wait_for(
            deliver(store, bot, "b", rate=FAST, concurrency=1,
                    should_stop=lambda: stub.rejected_429 > 0),
            PATIENCE)  # far less than the 600 s the pause asked for
    finally:
        await store.close()
    assert summary.counts["pending"] == 3 and summary.retrying == []
    assert copies(stub) == {}


async def test_sigterm_during_a_long_429_wait_ends_the_command_promptly(
        tmp_path: Path, stub: BotAPIStub) -> None:
    db = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    await subscribe(db, [1, 2, 3])
    stub.fail_next("sendMessage", 429, retry_after=120, chat_id=1)
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": stub.token, "TELEGRAM_BASE_URL": stub.base_url,
           "DATABASE_URL": db, "PTB_TIMEDELTA": "true"}
    env.pop("RESPONSES_DIR", None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "broadcast", "--id", "w1", "--message", "hi", "--force",
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    finished = asyncio.ensure_future(proc.communicate())
    try:
        await stub.wait_for(lambda: stub.rejected_429 > 0, timeout=PATIENCE)
        proc.send_signal(signal.SIGTERM)
        # Prompt: well within the 120 s Telegram asked to wait (a failing run waits that long).
        out, err = await asyncio.wait_for(finished, PATIENCE)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == EXIT_UNFINISHED, err.decode()
    assert "Traceback" not in err.decode()
    assert "Not finished" in out.decode()
    sent = {m.chat_id for m in stub.sent}  # those that went before the pause began
    assert 1 not in sent
    async with await Store.open(db) as store:
        assert (await store.broadcast_summary("w1")).counts["pending"] == 3 - len(sent)


# -- the queue, written a slice at a time ahead of the sending ----------------------------------


async def test_a_queue_written_in_slices_reaches_everyone_owed_once_in_one_run(
        tmp_path: Path, stub: BotAPIStub, bot: telegram.Bot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices of 3 read in batches of 2, after an earlier run that sent to chats 1 to 5 and
    queued 15 to 20 without sending: the reading must not run ahead of the queue, or chats
    6 to 14, queued behind it, would wait for another run."""
    monkeypatch.setattr(delivery, "QUEUE_SLICE", 3)
    monkeypatch.setattr(delivery, "BATCH", 2)
    chats = list(range(1, 21))
    store = await queued(f"sqlite:///{tmp_path / 'b.sqlite3'}", chats)
    try:
        await store.enqueue("b", upto=5)
        await store.mark_many("b", [(c, "sent", None) for c in range(1, 6)])
        await store.enqueue("b", above=14)
        totals: list[int] = []
        summary = await run(store, bot, on_progress=lambda p: totals.append(p.total))
    finally:
        await store.close()
    assert copies(stub) == dict.fromkeys(range(6, 21), 1)
    assert totals[-1] == 20  # the bar's total: counted, not what was queued so far
    assert summary.counts["sent"] == 20 and summary.counts["pending"] == 0
    assert summary.finished_at is not None


async def test_a_run_stopped_between_slices_leaves_the_rest_on_record(
        tmp_path: Path, stub: BotAPIStub, bot: telegram.Bot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped after a few sends, the run queues everyone it had not reached, so the summary
    (and the organiser's "run it again to send the remaining N") counts them all."""
    monkeypatch.setattr(delivery, "QUEUE_SLICE", 3)
    monkeypatch.setattr(delivery, "BATCH", 2)
    chats = list(range(1, 13))
    store = await queued(f"sqlite:///{tmp_path / 'b.sqlite3'}", chats)
    try:
        first = await run(store, bot, should_stop=lambda: len(stub.sent) >= 4)
        sent_first = len(stub.sent)
        assert 4 <= sent_first < len(chats)
        assert first.counts["pending"] == len(chats) - sent_first
        assert first.counts["sent"] + first.counts["pending"] == len(chats)
        second = await run(store, bot)
    finally:
        await store.close()
    assert second.counts["sent"] == len(chats) and second.counts["pending"] == 0
    assert copies(stub) == dict.fromkeys(chats, 1)
