"""`python -m bot broadcast` and `stats` as an organiser runs them, against the local stand-in.

Most tests run the command as a real process (with its own database file) so exit codes, the
summary, signals and resuming are what an organiser gets; those pass --force, so quiet hours
never make them depend on the hour they run at. Quiet hours themselves are tested by calling
`broadcast_command` in this process with a `FakeClock` set to 03:00, noon and the days the
clocks change. Nothing waits a fixed time: Ctrl-C is sent once the stand-in has recorded sends.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.answers.content import load_content
from bot.answers.replies import broadcast_text
from bot.campaign.commands import EXIT_OK, EXIT_UNFINISHED, _ProgressBar, broadcast_command
from bot.campaign.delivery import Progress
from bot.campaign.plan import load_content_and_plan
from bot.cli import build_parser
from bot.clock import Clock
from bot.config import load_settings
from bot.storage.store import DayCount, Store
from bot.testing.botapi import BotAPIStub
from bot.testing.clock import FakeClock
from tests.campaign.moments import NIGHT, NOON, QUIET_HOURS, london

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123:TEST"
CONTENT = load_content()
_, PLAN = load_content_and_plan()  # the bundled campaign.yaml: quiet 21:00-08:00 London
PATIENCE = 30.0  # seconds any wait may take: only a failing test waits this long


@pytest.fixture
async def stub():
    async with BotAPIStub(token=TOKEN) as s:
        yield s


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/campaign.sqlite3"


async def subscribers(db: str, active: list[int], others: dict[int, str] | None = None) -> None:
    async with await Store.open(db) as store:
        for chat in active:
            await store.subscribe(chat)
        for chat, status in (others or {}).items():
            await store.subscribe(chat)
            if status == "blocked":
                await store.mark_blocked(chat)
            else:
                await store.unsubscribe(chat)


async def run_bot(*args: str, stub: BotAPIStub | None, db: str, env: dict[str, str] | None = None,
                  interrupt_when: Callable[[], bool] | None = None) -> tuple[int, str, str]:
    """Run `python -m bot ARGS`; with `interrupt_when`, press Ctrl-C (SIGINT) once it is true.

    `interrupt_when` is checked each time the stand-in records a request, so the signal
    comes at the same point of the broadcast however fast or slow the machine is.
    """
    clean = {k: v for k, v in os.environ.items() if k not in ("RESPONSES_DIR",)}
    full_env = {**clean, "TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_URL": db,
                "PTB_TIMEDELTA": "true", **(env or {})}
    if stub is not None:
        full_env["TELEGRAM_BASE_URL"] = stub.base_url
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=ROOT, env=full_env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    # Read its output all along, so a chatty process never blocks on a full pipe.
    finished = asyncio.ensure_future(asyncio.wait_for(proc.communicate(), timeout=60))
    try:
        if interrupt_when is not None:
            assert stub is not None
            when = asyncio.ensure_future(stub.wait_for(interrupt_when, timeout=PATIENCE))
            await asyncio.wait({finished, when}, return_when=asyncio.FIRST_COMPLETED)
            if not when.done():  # it ended before the moment came: the test fails below
                when.cancel()
            elif when.exception() is None:
                proc.send_signal(signal.SIGINT)
        out, err = await finished
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def force(*args: str) -> tuple[str, ...]:
    """Broadcast arguments with --force, so quiet hours never make a test depend on the clock."""
    return ("broadcast", *args, "--force")


# -- the command as a process -------------------------------------------------------------------


@pytest.mark.slow
async def test_dry_run_shows_count_and_exact_text_and_sends_nothing(stub, db):
    await subscribers(db, [1, 2, 3], {4: "unsubscribed", 5: "blocked"})
    code, out, _ = await run_bot("broadcast", "--id", "w1", "--topic", "prevention",
                                 "--dry-run", stub=stub, db=db)
    assert code == 0
    assert "would go to 3 subscriber(s)" in out
    assert broadcast_text(CONTENT, topic="prevention") in out
    assert stub.sent == []
    async with await Store.open(db) as store:
        assert await store.broadcasts() == []  # a dry run writes nothing


@pytest.mark.slow
async def test_broadcast_reaches_active_subscribers_once_with_footer(stub, db):
    await subscribers(db, [11, 12, 13], {14: "unsubscribed", 15: "blocked"})
    code, out, _ = await run_bot(*force("--id", "w2", "--message", "Tips & tricks <3"),
                                 stub=stub, db=db)
    assert code == 0, out
    assert sorted(m.chat_id for m in stub.sent) == [11, 12, 13]
    for message in stub.sent:
        assert message.text == broadcast_text(CONTENT, message="Tips & tricks <3")
        assert message.text.endswith(CONTENT.footer)
        assert message.allow_paid_broadcast is False
    assert "delivered 3, blocked 0, failed 0, still owed 0" in out
    code, out, _ = await run_bot(*force("--id", "w2", "--message", "Tips & tricks <3"),
                                 stub=stub, db=db)
    assert code == 0
    assert len(stub.sent) == 3  # a rerun of a finished broadcast sends nothing


@pytest.mark.slow
async def test_rerun_sends_only_what_is_still_owed(stub, db):
    await subscribers(db, list(range(21, 31)))
    text = broadcast_text(CONTENT, message="hello")
    async with await Store.open(db) as store:  # as if a first run had got halfway
        await store.create_broadcast("w3", text, "message")
        await store.enqueue("w3")
        await store.mark_many("w3", [(c, "sent", None) for c in range(21, 26)])
    code, out, _ = await run_bot(*force("--id", "w3", "--message", "hello"), stub=stub, db=db)
    assert code == 0
    assert sorted(m.chat_id for m in stub.sent) == list(range(26, 31))
    assert "delivered 10" in out


@pytest.mark.slow
async def test_same_id_with_another_text_is_refused(stub, db):
    await subscribers(db, [41])
    assert (await run_bot(*force("--id", "w4", "--message", "first"), stub=stub, db=db))[0] == 0
    code, _, err = await run_bot(*force("--id", "w4", "--message", "second"), stub=stub, db=db)
    assert code == 1
    assert "different text" in err
    assert [m.text.split("\n")[0] for m in stub.sent] == ["first"]


@pytest.mark.slow
@pytest.mark.parametrize("args,reason", [
    (("--id", "bad id!", "--message", "x"), "--id"),
    (("--id", "plan-bcaw-2027-mon", "--message", "x"), "scheduled campaign"),
    (("--id", "w5", "--message", "<b>unclosed"), "HTML"),
    (("--id", "w5", "--message", "   "), "empty"),
    (("--id", "w5", "--topic", "no_such_topic"), "unknown topic"),
    (("--id", "w5", "--message", "x" * 5000), "characters"),
])
async def test_bad_input_exits_1_with_a_reason(stub, db, args, reason):
    code, _, err = await run_bot(*force(*args), stub=stub, db=db)
    assert code == 1
    assert reason in err
    assert stub.sent == []


@pytest.mark.slow
async def test_telegram_errors_are_outcomes_not_crashes(stub, db):
    await subscribers(db, [51, 52, 53, 54, 55, -1056])
    stub.block_chat(52)
    stub.missing_chat(53)
    stub.migrate_chat(-1056, -1001056)
    stub.fail_next("sendMessage", 429, retry_after=1, chat_id=54)
    stub.fail_next("sendMessage", 502, "Bad Gateway", chat_id=55)
    code, out, _ = await run_bot(*force("--id", "w6", "--message", "hello"), stub=stub, db=db)
    assert code == 0, out
    assert sorted(m.chat_id for m in stub.sent) == [-1001056, 51, 54, 55]
    assert stub.duplicates() == {}
    assert "delivered 4, blocked 1, failed 1" in out
    assert "Chat not found (1)" in out
    async with await Store.open(db) as store:
        assert await store.status(52) == "blocked"
        assert await store.status(-1001056) == "active"


@pytest.mark.slow
async def test_paid_broadcast_sets_allow_paid_broadcast(stub, db):
    await subscribers(db, [61, 62])
    code, _, _ = await run_bot(*force("--id", "w7", "--message", "hi", "--paid"), stub=stub,
                               db=db)
    assert code == 0
    assert [m.allow_paid_broadcast for m in stub.sent] == [True, True]


@pytest.mark.slow
async def test_ctrl_c_stops_cleanly_and_a_rerun_finishes_without_loss(stub, db):
    chats = list(range(1000, 1120))  # about four seconds at the free rate
    await subscribers(db, chats)
    # Ctrl-C once ten have gone: the process can only send more as the stand-in answers, so
    # the signal surely arrives with most still owed, on a fast machine or a busy one.
    code, out, _ = await run_bot(*force("--id", "w9", "--message", "hi"), stub=stub, db=db,
                                 interrupt_when=lambda: len(stub.sent) >= 10)
    assert code == 3, out
    first = len(stub.sent)
    assert 10 <= first < len(chats)
    code, out, _ = await run_bot(*force("--id", "w9", "--message", "hi"), stub=stub, db=db)
    assert code == 0
    assert sorted(m.chat_id for m in stub.sent) == chats  # everyone, once
    assert stub.duplicates() == {}


@pytest.mark.slow
async def test_stats_reports_counts_only(stub, db):
    await subscribers(db, [81, 82], {83: "unsubscribed"})
    await run_bot(*force("--id", "w10", "--message", "hello there"), stub=stub, db=db)
    async with await Store.open(db) as store:
        await store.count_questions({"sciatica": 3, "emergency": 2, "crisis": 1})
        await store.count_days([DayCount("2025-10-06", "sciatica", 3, helpful=2),
                                DayCount("2025-10-07", "sciatica", not_helpful=1),
                                DayCount("2025-10-07", "self_care", helpful=1)])
    code, out, _ = await run_bot("stats", stub=None, db=db)
    assert code == 0
    assert "Triage outcomes: emergency 2, crisis 1, urgent 0" in out
    assert "active 2, unsubscribed 1, blocked 0" in out
    assert "broadcast w10 (message): finished" in out
    assert "sciatica: 3" in out
    assert "Helpfulness per topic (helpful / not helpful; total 3 / 1):\n" \
        "  sciatica: 2 / 1\n  self_care: 1 / 0" in out
    assert "hello there" not in out  # broadcast texts are not listed, nor any user text


# -- quiet hours, by the clock the command is given ---------------------------------------------


async def broadcast(stub: BotAPIStub, db: str, capsys: pytest.CaptureFixture[str],
                    clock: Clock, *args: str) -> tuple[int, str, str]:
    """`python -m bot broadcast ARGS`, run in this process with `clock` as the time."""
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": stub.base_url,
                              "DATABASE_URL": db})
    parsed = build_parser().parse_args(["broadcast", *args])
    capsys.readouterr()
    code = await broadcast_command(settings, CONTENT, PLAN, parsed, clock=clock)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("moment", "quiet"), QUIET_HOURS)
async def test_broadcast_waits_for_the_end_of_quiet_hours(
        stub: BotAPIStub, db: str, capsys: pytest.CaptureFixture[str], moment: datetime,
        quiet: bool) -> None:
    await subscribers(db, [91, 92])
    clock = FakeClock(moment)
    _, out, _ = await broadcast(stub, db, capsys, clock, "--id", "q1", "--message", "hi",
                                "--dry-run")
    assert ("it is quiet hours now" in out) is quiet
    code, out, err = await broadcast(stub, db, capsys, clock, "--id", "q1", "--message", "hi")
    if quiet:
        assert code == EXIT_UNFINISHED and "It is quiet hours" in err
        assert stub.sent == []
        async with await Store.open(db) as store:
            assert await store.broadcasts() == []  # nothing stored either: a rerun starts clean
    else:
        assert code == EXIT_OK, err
        assert sorted(m.chat_id for m in stub.sent) == [91, 92]
        assert "delivered 2, blocked 0, failed 0, still owed 0" in out


async def test_force_sends_in_quiet_hours(stub: BotAPIStub, db: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    await subscribers(db, [93])
    code, _, err = await broadcast(stub, db, capsys, FakeClock(NIGHT), "--id", "q2", "--message",
                                   "hi", "--force")
    assert code == EXIT_OK, err
    assert [m.chat_id for m in stub.sent] == [93]


async def test_a_broadcast_builds_no_default_transport(
        stub: BotAPIStub, db: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """python-telegram-bot's default transport (httpx and a TLS context) costs a broadcast
    25 ms before its first send; it only ever needs the project's own."""
    from telegram.request import HTTPXRequest

    built: list[object] = []
    original = HTTPXRequest.__init__

    def recording(self: HTTPXRequest, *args: object, **kwargs: object) -> None:
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(HTTPXRequest, "__init__", recording)
    await subscribers(db, [94, 95])
    code, _, err = await broadcast(stub, db, capsys, FakeClock(NIGHT), "--id", "q4", "--message",
                                   "hi", "--force")
    assert code == EXIT_OK, err
    assert sorted(m.chat_id for m in stub.sent) == [94, 95]
    assert built == []


async def test_quiet_hours_beginning_mid_broadcast_stop_it_and_the_morning_rerun_finishes(
        stub: BotAPIStub, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    chats = list(range(300, 320))
    await subscribers(db, chats)

    def evening() -> datetime:  # 20:59 until five messages are out, then 21:00
        return london(2027, 10, 5, 21, 0) if len(stub.sent) >= 5 else london(2027, 10, 5, 20, 59)

    code, out, _ = await broadcast(stub, db, capsys, evening, "--id", "q3", "--message", "hi")
    assert code == EXIT_UNFINISHED
    stopped = len(stub.sent)
    assert 5 <= stopped < len(chats)
    assert f"remaining {len(chats) - stopped}" in out
    morning = FakeClock(NOON.replace(hour=8) + timedelta(days=1))
    code, out, _ = await broadcast(stub, db, capsys, morning, "--id", "q3", "--message", "hi")
    assert code == EXIT_OK
    assert sorted(m.chat_id for m in stub.sent) == chats  # everyone, once
    assert stub.duplicates() == {}


def test_the_progress_bar_shows_what_was_sent_to_whoever_watches(capsys) -> None:
    """On a terminal the organiser sees the count grow (the command shows it only when
    stderr is a terminal, so a cron job or a pipe gets no bar and no tqdm import)."""
    bar = _ProgressBar("week1")
    bar.show(Progress(total=10, sent=3, blocked=1))
    bar.close()
    shown = capsys.readouterr().err
    assert "broadcast week1" in shown and "4/10" in shown
    assert "sent=3" in shown and "blocked=1" in shown
