"""`python -m bot broadcast` and `stats` as an organiser runs them, against the local stand-in.

The broadcast runs as a real process (with its own database file) so exit codes, the
summary, signals and resuming are what an organiser gets.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from bot.answers.content import BUNDLED, load_content
from bot.answers.replies import broadcast_text
from bot.storage.store import Store
from bot.testing.botapi import BotAPIStub

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123:TEST"
CONTENT = load_content()


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
                  interrupt_after: float | None = None) -> tuple[int, str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("RESPONSES_DIR",)}
    full_env = {**clean, "TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_URL": db,
                "PTB_TIMEDELTA": "true", **(env or {})}
    if stub is not None:
        full_env["TELEGRAM_BASE_URL"] = stub.base_url
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=ROOT, env=full_env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    if interrupt_after is not None:
        await asyncio.sleep(interrupt_after)
        proc.send_signal(signal.SIGINT)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode, out.decode(), err.decode()


def force(*args: str) -> tuple[str, ...]:
    """Broadcast arguments with --force, so quiet hours never make a test depend on the clock."""
    return ("broadcast", *args, "--force")


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


async def test_same_id_with_another_text_is_refused(stub, db):
    await subscribers(db, [41])
    assert (await run_bot(*force("--id", "w4", "--message", "first"), stub=stub, db=db))[0] == 0
    code, _, err = await run_bot(*force("--id", "w4", "--message", "second"), stub=stub, db=db)
    assert code == 1
    assert "different text" in err
    assert [m.text.split("\n")[0] for m in stub.sent] == ["first"]


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


async def test_paid_broadcast_sets_allow_paid_broadcast(stub, db):
    await subscribers(db, [61, 62])
    code, _, _ = await run_bot(*force("--id", "w7", "--message", "hi", "--paid"), stub=stub,
                               db=db)
    assert code == 0
    assert [m.allow_paid_broadcast for m in stub.sent] == [True, True]


async def test_quiet_hours_stop_a_broadcast_unless_forced(stub, db, tmp_path):
    folder = tmp_path / "responses"
    shutil.copytree(BUNDLED, folder)
    plan = (folder / "campaign.yaml").read_text()
    plan = plan.replace('start: "21:00"', 'start: "00:00"').replace('end: "08:00"',
                                                                    'end: "23:59"')
    plan = "\n".join(line for line in plan.splitlines() if "at:" not in line
                     and not line.strip().startswith(("- id:", "topic:", "message:")))
    (folder / "campaign.yaml").write_text(plan.split("items:")[0] + "items: []\n")
    await subscribers(db, [71])
    env = {"RESPONSES_DIR": str(folder)}
    code, _, err = await run_bot("broadcast", "--id", "w8", "--message", "hi", stub=stub, db=db,
                                 env=env)
    if code == 0:  # the one minute a day (23:59) outside these quiet hours
        pytest.skip("ran at 23:59 London time")
    assert code == 3 and "quiet hours" in err
    assert stub.sent == []
    code, _, _ = await run_bot(*force("--id", "w8", "--message", "hi"), stub=stub, db=db,
                               env=env)
    assert code == 0 and [m.chat_id for m in stub.sent] == [71]


async def test_ctrl_c_stops_cleanly_and_a_rerun_finishes_without_loss(stub, db):
    chats = list(range(1000, 1120))  # about four seconds at the free rate
    await subscribers(db, chats)
    code, out, _ = await run_bot(*force("--id", "w9", "--message", "hi"), stub=stub, db=db,
                                 interrupt_after=2.5)
    assert code == 3, out
    first = len(stub.sent)
    assert 0 < first < len(chats)
    code, out, _ = await run_bot(*force("--id", "w9", "--message", "hi"), stub=stub, db=db)
    assert code == 0
    assert sorted(m.chat_id for m in stub.sent) == chats  # everyone, once
    assert stub.duplicates() == {}


async def test_stats_reports_counts_only(stub, db):
    await subscribers(db, [81, 82], {83: "unsubscribed"})
    await run_bot(*force("--id", "w10", "--message", "hello there"), stub=stub, db=db)
    async with await Store.open(db) as store:
        await store.count_questions({"sciatica": 3})
    code, out, _ = await run_bot("stats", stub=None, db=db)
    assert code == 0
    assert "active 2, unsubscribed 1, blocked 0" in out
    assert "broadcast w10 (message): finished" in out
    assert "sciatica: 3" in out
    assert "hello there" not in out  # broadcast texts are not listed, nor any user text
