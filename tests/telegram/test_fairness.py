"""Fairness (issue 9): one user cannot slow everyone, and a flood of users cannot sink the bot.

What is bounded, each before the work is done: the spelling search per message, what a user
over the flood allowance costs (a cheap alarm check, never the whole matcher), how fast
replies leave (under Telegram's 30 a second, 429s waited out, never the error message), and
how many updates may wait (oldest first, alarms ahead, the rest dropped with a log line).

The allowance runs on a clock the test sets, and every wait is for an event (a request
reaching the stand-in, an update handled, a turn of the event loop), never a sleep.
"""

from __future__ import annotations

import asyncio
import logging
import random
import string
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram.ext import SimpleUpdateProcessor

from bot.answers import spelling
from bot.answers.content import Content
from bot.answers.conversation import ALARM_CHARS, ALARM_GUESSES, Conversation
from bot.answers.dialogue import Dialogue
from bot.answers.spelling import GUESSES
from bot.answers.triage import Tier
from bot.telegram import app as telegram_app
from bot.telegram.guard import TOLERANCE, BoundedUpdates, FloodGuard
from bot.testing.botapi import BotAPIStub, text_update
from bot.testing.clock import FakeClock
from bot.testing.processed import ProcessedUpdates
from tests.telegram.conftest import CONTENT, PATIENCE, TOKEN, push_and_wait, settings_for

EMERGENCY_TEXT = "both my legs have gone numb and I've wet myself"
CRISIS_TEXT = "i dont want to be here anymore"


def made_up(seed: int, length: int = 4096) -> str:
    """A message of made-up words (none English, none known): the costliest to spell."""
    rng = random.Random(seed)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append("".join(rng.choice(string.ascii_lowercase)
                             for _ in range(rng.randint(5, 10))))
    return " ".join(words)[:length]


def error_text() -> str:
    return CONTENT.messages["error"].split("\n")[0]


async def turns(until: Callable[[], bool], limit: int = 10_000) -> None:
    """Let the event loop run until `until()` holds (turns of the loop, not seconds)."""
    for _ in range(limit):
        if until():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never held")


# -- the spelling budget and the alarm check (plain functions) ------------------------------


@pytest.fixture
def searched(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The words sent to spelling's nearest-word search (the costly step)."""
    words: set[str] = set()
    search = spelling._closest

    def counting(word: str, *args: Any) -> str | None:
        words.add(word)
        return search(word, *args)

    monkeypatch.setattr(spelling, "_closest", counting)
    return words


def test_one_message_searches_spelling_for_a_bounded_number_of_words(
        content: Content, searched: set[str]) -> None:
    conversation = Conversation(content)
    searched.clear()  # building the matcher reads the content's own examples
    text = made_up(1)
    assert len(set(text.split())) > 10 * GUESSES
    conversation.reply_to_text(text)
    assert 0 < len(searched) <= GUESSES
    searched.clear()
    conversation.alarm(made_up(2))
    assert 0 < len(searched) <= ALARM_GUESSES


def test_ordinary_messages_read_the_same_with_the_budget(content: Content) -> None:
    speller = Conversation(content).matcher.speller
    for text in ["i cant controll my blader since my back went",
                 "is accupuncture any good for siatica?", "boht legs numb, realy weak"]:
        assert speller.clauses(text) == speller.clauses(text, guesses=10**9)
    assert ["bladder"] in [[w for w in c if w == "bladder"] for c in
                           speller.clauses("i cant controll my blader")]


def test_words_beyond_the_budget_are_searched_in_a_later_message(content: Content,
                                                                 searched: set[str]) -> None:
    speller = Conversation(content).matcher.speller
    searched.clear()
    text = made_up(3)
    speller.clauses(text)
    first = set(searched)
    speller.clauses(text)
    assert len(searched) == len(first) + GUESSES  # the first ones are remembered, free


def test_the_whole_message_is_read_for_a_flag_buried_at_the_end(content: Content) -> None:
    ramble = "We went to the shops with my sister and had a long chat about nothing. " * 50
    text = (ramble[:3900] + " Since then I have wet myself twice.")
    assert len(text) < 4096
    assert Conversation(content).match(text).triage is Tier.EMERGENCY


@pytest.mark.parametrize("text,tier", [
    (EMERGENCY_TEXT, Tier.EMERGENCY),
    (CRISIS_TEXT, Tier.CRISIS),
    (EMERGENCY_TEXT + " " + made_up(4), Tier.EMERGENCY),
    ("boht legs numb and cant controll my blader", Tier.EMERGENCY),
    ("my back pain wakes me every single night", None),  # urgent: not an alarm
    ("what is sciatica", None),
    (made_up(5), None),
])
def test_the_alarm_check_hears_emergencies_and_crises(content: Content, text: str,
                                                      tier: Tier | None) -> None:
    assert Conversation(content).alarm(text) is tier


def test_the_alarm_check_reads_only_the_start_of_a_message(content: Content) -> None:
    conversation = Conversation(content)
    late = "what is sciatica, " * (ALARM_CHARS // 10) + EMERGENCY_TEXT
    assert conversation.alarm(late) is None  # the whole answer still reads it
    assert conversation.match(late).triage is Tier.EMERGENCY


@pytest.mark.parametrize("text,out", [
    ("STOP", True), ("  stop ", True), ("Unsubscribe", True), ("/unsubscribe", True),
    ("/stop", True), ("/forget", True), ("/forget@backcare_test_bot", True),
    ("stop the pain in my back", False), ("/start", False), ("/help", False),
    ("what is sciatica", False), ("stop " * 1000, False),
])
def test_opt_outs_are_told_apart_cheaply(text: str, out: bool) -> None:
    assert Dialogue.opts_out(text) is out


# -- the per-user allowance (a clock the test sets) -----------------------------------------


def test_the_allowance_refills_with_time_and_a_flood_is_warned_about_once() -> None:
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    guard = FloodGuard(max_messages=10, period=20.0, clock=clock)
    assert [guard.allow(1) for _ in range(11)] == [True] * 10 + [False]
    assert guard.should_warn(1) and not guard.should_warn(1)
    assert guard.allow(2)  # others are not affected
    clock.advance(1.9)
    assert not guard.allow(1)
    clock.advance(0.2)  # two seconds in all: room for one more
    assert guard.allow(1) and not guard.allow(1)
    assert not guard.should_warn(1)  # the same flood: told already
    clock.advance(20)  # calm: the bucket is empty
    assert [guard.allow(1) for _ in range(11)] == [True] * 10 + [False]
    assert guard.should_warn(1)  # a new flood, a new notice


def test_an_alarm_kind_passes_once_per_hold_back() -> None:
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    guard = FloodGuard(max_messages=1, period=10.0, clock=clock)
    assert guard.allow(1) and not guard.allow(1)
    assert guard.first_alarm(1, "emergency") and not guard.first_alarm(1, "emergency")
    assert guard.first_alarm(1, "crisis")
    clock.advance(5)  # half drained: still the same flood
    assert not guard.allow(1) and not guard.first_alarm(1, "emergency")
    clock.advance(10)
    assert guard.allow(1) and not guard.allow(1)
    assert guard.first_alarm(1, "emergency")


def test_the_allowances_kept_are_bounded() -> None:
    guard = FloodGuard(max_users=100)
    for user in range(1000):
        guard.allow(user)
    assert len(guard) == 100


class _LevelBucket:
    """The allowance written the plain way, a level that drains with time: what the
    guard's one-number bucket must behave exactly like."""

    def __init__(self, max_messages: int, period: float) -> None:
        self.max_messages, self.period = max_messages, period
        self.level: dict[int, float] = {}
        self.at: dict[int, float] = {}
        self.warned: set[int] = set()

    def allow(self, user: int, now: float) -> bool:
        if user in self.level:
            drained = (now - self.at[user]) * self.max_messages / self.period
            self.level[user] = max(0.0, self.level[user] - drained)
            if self.level[user] <= TOLERANCE * self.max_messages / self.period:
                self.level[user] = 0.0
                self.warned.discard(user)
        self.at[user] = now
        level = self.level.get(user, 0.0)
        if level + 1 <= self.max_messages + TOLERANCE * self.max_messages / self.period:
            self.level[user] = level + 1
            return True
        self.level[user] = level
        return False

    def should_warn(self, user: int) -> bool:
        if user not in self.level or user in self.warned:
            return False
        self.warned.add(user)
        return True


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2),
                          st.sampled_from([0.0, 0.1, 1 / 3, 0.5, 1.0, 1.9, 2.0, 7.5]),
                          st.booleans()), max_size=120),
       st.integers(1, 10), st.sampled_from([3.0, 4.0, 7.0, 10.0, 20.0]))
def test_the_guard_refuses_and_warns_like_a_draining_bucket(
        steps: list[tuple[int, float, bool]], max_messages: int, period: float) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    guard = FloodGuard(max_messages=max_messages, period=period, clock=clock)
    model = _LevelBucket(max_messages, period)
    for user, wait, warn in steps:
        clock.advance(wait)
        now = clock().timestamp()
        assert guard.allow(user) is model.allow(user, now)
        if warn:
            assert guard.should_warn(user) is model.should_warn(user)


def test_a_user_dropped_from_the_allowances_loses_what_they_were_told() -> None:
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    guard = FloodGuard(max_messages=1, period=10.0, max_users=2, clock=clock)
    assert guard.allow(1) and not guard.allow(1)
    assert guard.should_warn(1) and guard.first_alarm(1, "crisis")
    guard.allow(2)
    guard.allow(3)  # user 1, the oldest, is dropped with their notices
    assert len(guard) == 2 and not guard._held
    guard.forget(2)
    assert len(guard) == 1


# -- the bounded line of waiting updates ----------------------------------------------------


async def test_waiting_updates_are_bounded_oldest_first_with_alarms_ahead(caplog) -> None:
    processor = BoundedUpdates(SimpleUpdateProcessor(2), max_waiting=3,
                               urgent=lambda update: update == "alarm")
    started: list[str] = []
    gates: dict[str, asyncio.Event] = {}

    async def handle(name: str) -> None:
        started.append(name)
        await gates.setdefault(name, asyncio.Event()).wait()

    names = ["r1", "r2", "w1", "w2", "w3", "d1", "alarm", "d2"]
    coroutines = {name: handle(name) for name in names}
    with caplog.at_level(logging.WARNING):
        tasks = [asyncio.create_task(processor.process_update(name, coroutines[name]))
                 for name in names]
        await turns(lambda: processor.dropped == 2 and processor.waiting == 4)
        assert started == ["r1", "r2"]
        assert coroutines["d1"].cr_frame is None and coroutines["d2"].cr_frame is None  # closed
        for name in ["r1", "r2", "alarm", "w1", "w2", "w3"]:
            await turns(lambda name=name: name in gates)
            gates[name].set()
        await asyncio.gather(*tasks)
    assert started == ["r1", "r2", "alarm", "w1", "w2", "w3"]
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.telegram.guard"]
    assert logged[0].startswith("overloaded: 1 update(s) dropped")
    assert logged[-1] == "overload over: 2 update(s) were dropped"


async def test_a_waiting_update_cancelled_leaves_the_line() -> None:
    processor = BoundedUpdates(SimpleUpdateProcessor(2), max_waiting=1)
    gate = asyncio.Event()
    ran: list[str] = []

    async def handle(name: str) -> None:
        ran.append(name)
        await gate.wait()

    first = [asyncio.create_task(processor.process_update(n, handle(n))) for n in ("a", "b")]
    waiting = asyncio.create_task(processor.process_update("c", handle("c")))
    await turns(lambda: processor.waiting == 1)
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    assert processor.waiting == 0
    later = asyncio.create_task(processor.process_update("d", handle("d")))
    gate.set()
    await asyncio.gather(*first, later)
    assert ran == ["a", "b", "d"]


# -- through the Application, against the stand-in ------------------------------------------


@asynccontextmanager
async def running(stub: BotAPIStub, tmp_path: Path, processed: ProcessedUpdates,
                  **options: Any) -> AsyncIterator[Any]:
    application = telegram_app.build_application(settings_for(stub, tmp_path), CONTENT,
                                                 updates=processed, **options)
    await telegram_app.start_polling(application, poll_timeout=1)
    try:
        yield application
    finally:
        await telegram_app.stop_polling(application)


@pytest.mark.slow
async def test_a_flooding_user_costs_a_cheap_check_and_an_emergency_is_answered_once(
        stub, tmp_path, processed):
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    async with running(stub, tmp_path, processed, clock=clock) as application:
        matcher = application.bot_data.conversation.matcher
        full_reads = 0
        match = matcher.match

        def counting(text: str) -> Any:
            nonlocal full_reads
            full_reads += 1
            return match(text)

        matcher.match = counting
        flood = [text_update(made_up(100 + i), chat_id=80, user_id=80) for i in range(30)]
        alarms = [text_update(EMERGENCY_TEXT, chat_id=80, user_id=80) for _ in range(3)]
        await push_and_wait(stub, processed, *flood[:15], *alarms, *flood[15:])
        texts = [m.text for m in stub.sent_to(80)]
        assert full_reads == 11  # ten within the allowance, one emergency: no more
        assert len(texts) == 12
        assert sum(t.startswith(CONTENT.messages["flood"].split("\n")[0]) for t in texts) == 1
        understood = CONTENT.messages["triage_understood"].split("{")[0]
        assert sum(t.startswith(understood) for t in texts) == 1
        [other] = await push_and_wait(stub, processed,
                                      text_update("what is sciatica", chat_id=81, user_id=81))
        assert stub.sent_to(81)[0].text.startswith(
            CONTENT.topic("sciatica").answer.split("\n")[0])


@pytest.mark.slow
async def test_a_flooding_user_can_still_opt_out(stub, tmp_path, processed):
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    async with running(stub, tmp_path, processed, clock=clock) as application:
        store = application.bot_data.store
        await push_and_wait(stub, processed, text_update("/subscribe", chat_id=84, user_id=84),
                            *(text_update(made_up(200 + i), chat_id=84, user_id=84)
                              for i in range(12)))
        assert await store.status(84) == "active"
        held = len(stub.sent_to(84))
        assert held == 11  # ten answers and the flood notice
        await push_and_wait(stub, processed, text_update("STOP", chat_id=84, user_id=84),
                            text_update("STOP", chat_id=84, user_id=84))
        assert await store.status(84) == "unsubscribed"
        [done] = stub.sent_to(84)[held:]  # once per flood, like an alarm
        assert done.text.startswith(CONTENT.messages["unsubscribed"].split("\n")[0])


@pytest.mark.slow
async def test_a_burst_of_new_users_is_paced_under_the_limit_and_everyone_answered(
        tmp_path, processed):
    users = range(1000, 1150)  # six seconds of replies at 25 a second
    async with BotAPIStub(token=TOKEN, rate_limit=30) as stub:
        async with running(stub, tmp_path, processed):
            await push_and_wait(stub, processed,
                                *(text_update("/start", chat_id=u, user_id=u) for u in users))
        assert sorted(m.chat_id for m in stub.sent) == list(users)  # each exactly once
        assert stub.rejected_429 == 0
        assert not any(m.text.startswith(error_text()) for m in stub.sent)


@pytest.mark.slow
async def test_a_raised_reply_rate_goes_past_30_a_second_and_429s_are_still_waited_out(
        tmp_path, processed):
    """REPLY_RATE is for bots whose limit Telegram raised: here the stand-in keeps 30 a
    second, so going faster draws 429s, and each is waited out: everyone answered once."""
    users = range(2000, 2060)
    async with BotAPIStub(token=TOKEN, rate_limit=30) as stub:
        application = telegram_app.build_application(
            settings_for(stub, tmp_path, REPLY_RATE="200"), CONTENT, updates=processed)
        await telegram_app.start_polling(application, poll_timeout=1)
        try:
            await push_and_wait(stub, processed,
                                *(text_update("/start", chat_id=u, user_id=u) for u in users))
        finally:
            await telegram_app.stop_polling(application)
        assert stub.rejected_429 > 0  # faster than the default 25 a second could ever go
        assert sorted(m.chat_id for m in stub.sent) == list(users)
        assert not any(m.text.startswith(error_text()) for m in stub.sent)


@pytest.mark.slow
async def test_429s_are_waited_out_and_never_answered_with_the_error_message(
        stub, tmp_path, processed):
    stub.fail_next("sendMessage", 429, retry_after=1, chat_id=82, times=4)
    async with running(stub, tmp_path, processed):
        await push_and_wait(stub, processed,
                            text_update("what is sciatica", chat_id=82, user_id=82))
    [reply] = stub.sent_to(82)
    assert reply.text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])
    assert stub.rejected_429 == 4


@pytest.mark.slow
async def test_an_overloaded_bot_drops_the_newest_answers_the_oldest_and_urgent_first(
        stub, tmp_path, caplog):
    processed = ProcessedUpdates(2, timeout=PATIENCE)
    async with running(stub, tmp_path, processed, max_waiting=3) as application:
        line: BoundedUpdates = application.update_processor
        stub.hold("sendMessage")
        running_now = stub.push_updates([text_update("/start", chat_id=c, user_id=c)
                                         for c in (1, 2)])
        await stub.wait_for_requests("sendMessage", 2, timeout=PATIENCE)
        waiting = stub.push_updates([text_update("/start", chat_id=c, user_id=c)
                                     for c in (3, 4, 5)])
        await stub.wait_for(lambda: line.waiting == 3, timeout=PATIENCE)
        with caplog.at_level(logging.INFO):
            late = stub.push_updates([
                text_update("/start", chat_id=6, user_id=6),
                text_update(EMERGENCY_TEXT + " SECRET-WORDS", chat_id=7, user_id=7),
                text_update("what is sciatica SECRET-WORDS", chat_id=8, user_id=8),
                text_update("STOP", chat_id=9, user_id=9)])
            await stub.wait_for(lambda: line.dropped == 2 and line.waiting == 5,
                                timeout=PATIENCE)
            stub.release()
            await processed(*running_now, *waiting, late[1], late[3])
    sent = [m.chat_id for m in stub.sent]
    assert sent[:2] == [1, 2] and sorted(sent) == [1, 2, 3, 4, 5, 7, 9]  # 6 and 8 dropped
    assert [c for c in sent if c in (3, 4, 5)] == [3, 4, 5]  # oldest first
    # The emergency took the first free slot (the STOP the second, but it waits on the
    # database before it answers, so its reply may come later).
    assert sent.index(7) < sent.index(3)
    assert not any(m.text.startswith(error_text()) for m in stub.sent)
    logged = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("overloaded: 1 update(s) dropped") for m in logged)
    assert not any("SECRET" in m for m in logged)


@pytest.mark.slow
async def test_nothing_is_kept_per_chat_or_user(stub, tmp_path, processed):
    # Issue 9: python-telegram-bot noted the chat and user of every update for a persistence
    # the bot does not have, and never forgot them (about 175 bytes a person, for ever).
    # Group chatter is handled (flood guard, handlers) but needs no reply, so this is quick.
    async with running(stub, tmp_path, processed) as application:
        await push_and_wait(stub, processed, *(
            text_update("lovely weather", chat_id=-(7000 + n), user_id=7000 + n,
                        chat_type="group") for n in range(200)))
        assert stub.sent == []
        assert len(application.bot_data.guard) == 200  # bounded by guard.MAX_USERS
        assert not application.chat_data and not application.user_data
        assert not application._chat_ids_to_be_updated_in_persistence
        assert not application._user_ids_to_be_updated_in_persistence
