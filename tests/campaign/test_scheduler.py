"""The scheduled campaign: each plan item sent exactly once, none lost, never at night.

`bot.campaign.scheduler.run_due_items` runs against the local Bot API stand-in and a real Store
(SQLite, and PostgreSQL for everything about two processes) with a `FakeClock`: each test says
what time it is instead of waiting for it, so it gives the same result at any hour, on any day.
When a test needs something to happen mid-send (a shutdown, a failed lease renewal, a crash)
it holds the remaining sends until that has happened, so a fast machine and a busy one see
events in the same order. The last tests run the real Application and show that its job queue
sends a plan item by itself, and that a shutdown mid-send loses nothing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import telegram

from bot.answers.content import BUNDLED, load_content
from bot.answers.replies import broadcast_text
from bot.campaign import delivery, scheduler
from bot.campaign.delivery import FREE_CONCURRENCY
from bot.campaign.plan import Campaign, PlanItem, load_content_and_plan
from bot.campaign.scheduler import run_due_items
from bot.clock import Clock
from bot.config import Settings, load_settings
from bot.storage.store import Store
from bot.telegram import app as telegram_app
from bot.testing.botapi import BotAPIStub, text_update
from bot.testing.clock import FakeClock
from tests.campaign import moments
from tests.campaign.moments import FALL_BACK, LONDON, QUIET_HOURS, SPRING_FORWARD, utc

CONTENT = load_content()
FOOTER = CONTENT.footer
FAST = 1000.0  # messages a second: tests need not wait for Telegram's pace
PATIENCE = 30.0  # seconds any wait may take: only a failing test waits this long


def london(day: int, hour: int, minute: int = 0, second: float = 0.0) -> datetime:
    """A moment of the test week (October 2027), London wall-clock time."""
    return moments.london(2027, 10, day, hour, minute) + timedelta(seconds=second)


def plan(*items: PlanItem, grace_minutes: int = 360, ends: datetime | None = None,
         quiet: tuple[time, time] = (time(21, 0), time(8, 0))) -> Campaign:
    """A test plan: quiet 21:00-08:00, like the real one, unless told otherwise."""
    return Campaign(LONDON, *quiet, timedelta(minutes=grace_minutes),
                    ends or london(8, 20), tuple(sorted(items, key=lambda i: i.at)))


NEVER_QUIET = (time(3, 0), time(3, 0))  # quiet from 03:00 to 03:00: never

DAY1 = PlanItem("day1", london(4, 10), None, "<b>Day one</b>: keep moving.")
DAY1_LATE = PlanItem("day1-late", london(4, 10, 30), "sciatica", None)
EVENING = PlanItem("evening", london(4, 20), None, "Evening tip: stretch gently.")
LAST = PlanItem("last", london(8, 19, 30), None, "That's the week.")


def text_of(item: PlanItem) -> str:
    return broadcast_text(CONTENT, message=item.message, topic=item.topic)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'plan.sqlite3'}"


@pytest.fixture
async def store(sqlite_url: str) -> AsyncIterator[Store]:
    async with await Store.open(sqlite_url) as s:
        yield s


async def subscribe(store: Store, chats: range | list[int]) -> None:
    for chat in chats:
        await store.subscribe(chat)


async def run(store: Store, bot: telegram.Bot, campaign: Campaign, clock: datetime | Clock,
              **kwargs: Any) -> list[str]:
    """One wake-up of the scheduler at `clock`: a moment (the clock stands still there), or a
    clock of the test's own."""
    if isinstance(clock, datetime):
        clock = FakeClock(clock)
    return await run_due_items(store, bot, CONTENT, campaign, clock=clock, rate=FAST, **kwargs)


def counts_for(stub: BotAPIStub, text: str) -> dict[int | str, int]:
    """How many times each chat got `text`."""
    return {chat: n for (chat, sent), n in stub.sent_counts().items() if sent == text}


def after_sends(stub: BotAPIStub, n: int) -> Callable[[], bool]:
    return lambda: len(stub.sent) >= n


def hold_sends(patch: pytest.MonkeyPatch, after: Callable[[], bool],
               until: Callable[[], Awaitable[object]]) -> None:
    """Once `after()` is true, every further send first waits for `until()`.

    This is how a test makes something happen mid-send on any machine: the sends that remain
    cannot overtake it, however fast they would otherwise go.
    """
    real = delivery._send_message

    async def held(bot: telegram.Bot, chat_id: int, text: str, paid: bool) -> None:
        if after():
            await until()
        await real(bot, chat_id, text, paid)

    patch.setattr(delivery, "_send_message", held)


async def forever() -> None:
    await asyncio.Event().wait()


# -- sent once, to everyone, never again ------------------------------------------------------


async def test_item_goes_to_every_active_subscriber_once_and_never_again(
        stub: BotAPIStub, bot: telegram.Bot, db_url: str) -> None:
    campaign = plan(DAY1, PlanItem("day2", london(5, 10), "sciatica", None))
    async with await Store.open(db_url) as store:
        await subscribe(store, range(1, 21))
        await store.unsubscribe(5)
        await store.mark_blocked(6)
        assert await run(store, bot, campaign, london(4, 9, 59), owner="a") == []
        assert stub.sent == []
        assert await run(store, bot, campaign, london(4, 10, 1), owner="a") == ["day1"]
        text = text_of(DAY1)
        assert text.rstrip().endswith(FOOTER)
        expected = {c: 1 for c in range(1, 21) if c not in (5, 6)}
        assert counts_for(stub, text) == expected
        assert len(stub.sent) == 18
        # The next tick, and a later one the same day: nothing more.
        for minute in (2, 30):
            assert await run(store, bot, campaign, london(4, 10, minute), owner="a") == []
        claim = (await store.schedule_state())["day1"]
        assert claim.sent_at is not None and claim.recipients == 18
        summary = await store.broadcast_summary("plan-day1")
        assert summary.finished_at is not None and summary.text == text
    # A restart: a new process (new Store, new owner) on the same database.
    async with await Store.open(db_url) as restarted:
        assert await run(restarted, bot, campaign, london(4, 10, 3)) == []
        assert len(stub.sent) == 18
        # The next day's item goes out the next day, once.
        assert await run(restarted, bot, campaign, london(5, 10, 0)) == ["day2"]
    assert len(stub.sent) == 36
    assert stub.duplicates() == {}
    assert all(m.text.rstrip().endswith(FOOTER) for m in stub.sent)


async def test_two_processes_ticking_at_once_send_each_item_once(
        stub: BotAPIStub, bot: telegram.Bot, db_url: str) -> None:
    campaign = plan(DAY1, DAY1_LATE)
    first, second = await asyncio.gather(Store.open(db_url), Store.open(db_url))
    try:
        await subscribe(first, range(1, 31))
        now = london(4, 10, 45)  # the bot was down: both items are due at once
        done = await asyncio.gather(run(first, bot, campaign, now, owner="old-process"),
                                    run(second, bot, campaign, now, owner="new-process"))
        # Whoever did not get to send this time finds the rest on its next tick.
        later = london(4, 10, 46)
        done += await asyncio.gather(run(first, bot, campaign, later, owner="old-process"),
                                     run(second, bot, campaign, later, owner="new-process"))
        assert sorted(i for ids in done for i in ids) == ["day1", "day1-late"]
        for item in (DAY1, DAY1_LATE):
            assert counts_for(stub, text_of(item)) == dict.fromkeys(range(1, 31), 1)
        assert stub.duplicates() == {}
    finally:
        await first.close()
        await second.close()


# -- what time it is: quiet hours, the clock changes, grace, the end of the campaign ----------


@pytest.mark.parametrize(("moment", "quiet"), QUIET_HOURS)
async def test_a_due_item_goes_out_by_day_but_not_at_night(
        stub: BotAPIStub, bot: telegram.Bot, store: Store, moment: datetime,
        quiet: bool) -> None:
    """An item due half an hour ago, well within its grace: only quiet hours decide."""
    item = PlanItem("due", moment.astimezone(UTC) - timedelta(minutes=30), None, "A tip.")
    campaign = plan(item, grace_minutes=60, ends=moment + timedelta(days=1))
    await subscribe(store, range(1, 4))
    assert await run(store, bot, campaign, moment) == ([] if quiet else ["due"])
    assert len(stub.sent) == (0 if quiet else 3)
    assert ("due" in await store.schedule_state()) is not quiet  # at night: not even claimed


@pytest.mark.parametrize("day", [SPRING_FORWARD, FALL_BACK], ids=["spring", "autumn"])
async def test_an_item_goes_at_its_london_time_on_the_days_the_clocks_change(
        stub: BotAPIStub, bot: telegram.Bot, store: Store, day: tuple[int, int, int]) -> None:
    """"10:00" is 09:00 UTC on 28 March (BST) and 10:00 UTC on 31 October (GMT again)."""
    ten = moments.london(*day, 10)
    campaign = plan(PlanItem("ten", ten, None, "Ten o'clock."), grace_minutes=60,
                    ends=moments.london(*day, 20))
    await subscribe(store, range(1, 4))
    assert await run(store, bot, campaign, ten.astimezone(UTC) - timedelta(minutes=1)) == []
    assert stub.sent == []
    assert await run(store, bot, campaign, ten.astimezone(UTC)) == ["ten"]
    assert len(stub.sent) == 3


@pytest.mark.parametrize(("day", "now", "sent"), [
    pytest.param(SPRING_FORWARD, utc(*SPRING_FORWARD, 2, 15), True, id="spring-1h45-after"),
    pytest.param(SPRING_FORWARD, utc(*SPRING_FORWARD, 2, 45), False, id="spring-2h15-after"),
    pytest.param(FALL_BACK, utc(*FALL_BACK, 1, 15), True, id="autumn-1h45-after"),
    pytest.param(FALL_BACK, utc(*FALL_BACK, 2, 0), False, id="autumn-2h30-after"),
])
async def test_grace_is_counted_in_real_minutes_across_the_clock_change(
        stub: BotAPIStub, bot: telegram.Bot, store: Store, day: tuple[int, int, int],
        now: datetime, sent: bool) -> None:
    """An item at 00:30 London with two hours' grace (and no quiet hours) may start until two
    real hours later. Counted on the wall clock, the window would close at 02:30 London: an
    hour early when the clocks go forward, an hour late when they go back."""
    item = PlanItem("night-owls", moments.london(*day, 0, 30), None, "Night owls.")
    campaign = plan(item, grace_minutes=120, ends=moments.london(*day, 20), quiet=NEVER_QUIET)
    await subscribe(store, range(1, 4))
    assert await run(store, bot, campaign, now) == (["night-owls"] if sent else [])
    assert len(stub.sent) == (3 if sent else 0)


@pytest.mark.parametrize(("now", "sent"), [
    # Missed while the bot was down, still within 6 hours; the window closed; the next day.
    pytest.param(london(4, 15, 59), True, id="5h59-late"),
    pytest.param(london(4, 16, 0), False, id="6h-late"),
    pytest.param(london(5, 10, 0), False, id="a-day-late"),
])
async def test_missed_item_goes_out_only_within_its_grace_window(
        stub: BotAPIStub, bot: telegram.Bot, store: Store, now: datetime, sent: bool) -> None:
    campaign = plan(DAY1)
    await subscribe(store, range(1, 4))
    assert await run(store, bot, campaign, now) == (["day1"] if sent else [])
    assert len(stub.sent) == (3 if sent else 0)


async def test_nothing_goes_out_in_quiet_hours_or_after_the_end(
        stub: BotAPIStub, bot: telegram.Bot, store: Store) -> None:
    campaign = plan(EVENING, LAST, grace_minutes=360, ends=london(8, 20))
    await subscribe(store, range(1, 4))
    for now in (london(4, 21, 0), london(4, 23, 30), london(5, 1, 59),  # night, in grace
                london(5, 8, 0),  # morning: the evening item lapsed at 02:00
                london(8, 20, 0), london(8, 20, 10)):  # the campaign is over
        assert await run(store, bot, campaign, now) == [], now
    assert stub.sent == []
    assert await run(store, bot, campaign, london(8, 19, 59)) == ["last"]
    assert len(stub.sent) == 3


# -- interrupted sends are finished, by one process, without duplicates -----------------------


async def test_stop_mid_send_is_finished_later_by_another_process(
        stub: BotAPIStub, bot: telegram.Bot, db_url: str) -> None:
    campaign = plan(DAY1)
    text = text_of(DAY1)
    async with await Store.open(db_url) as old:
        await subscribe(old, range(1, 41))
        # The old process is shutting down after a few sends (SIGTERM during a deploy).
        assert await run(old, bot, campaign, london(4, 10, 0), owner="old",
                         should_stop=after_sends(stub, 5)) == []
        stopped_at = len(stub.sent)
        assert 5 <= stopped_at < 40
        claim = (await old.schedule_state())["day1"]
        assert claim.sent_at is None and claim.lease_until is None  # released, not finished
    async with await Store.open(db_url) as new:
        # A clean stop released the lease: the new process finishes it on its next tick.
        assert await run(new, bot, campaign, london(4, 10, 1), owner="new") == ["day1"]
        assert (await new.schedule_state())["day1"].recipients == 40
    assert counts_for(stub, text) == dict.fromkeys(range(1, 41), 1)


async def test_quiet_hours_beginning_mid_send_pause_it_until_morning(
        stub: BotAPIStub, bot: telegram.Bot, store: Store) -> None:
    campaign = plan(EVENING)
    text = text_of(EVENING)
    await subscribe(store, range(1, 31))

    def clock() -> datetime:  # 20:59:59 until ten messages are out, then 21:00
        return london(4, 21, 0) if len(stub.sent) >= 10 else london(4, 20, 59, 59)

    assert await run(store, bot, campaign, clock) == []
    paused = len(stub.sent)
    assert 10 <= paused < 30
    for now in (london(4, 22, 0), london(5, 7, 59)):  # still night
        assert await run(store, bot, campaign, now) == []
    assert len(stub.sent) == paused
    # Morning: past the item's grace window, but it had started, so the rest are owed it.
    assert await run(store, bot, campaign, london(5, 8, 0)) == ["evening"]
    assert counts_for(stub, text) == dict.fromkeys(range(1, 31), 1)


async def test_started_item_is_not_finished_after_the_campaign_ends(
        stub: BotAPIStub, bot: telegram.Bot, store: Store) -> None:
    campaign = plan(LAST, ends=london(8, 20))
    await subscribe(store, range(1, 21))
    assert await run(store, bot, campaign, london(8, 19, 30), owner="a",
                     should_stop=after_sends(stub, 3)) == []
    sent = len(stub.sent)
    assert await run(store, bot, campaign, london(8, 20, 0)) == []
    assert len(stub.sent) == sent
    assert (await store.schedule_state())["last"].sent_at is None


async def test_vanished_owner_is_taken_over_after_its_lease_expires(
        stub: BotAPIStub, bot: telegram.Bot, db_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    campaign = plan(DAY1)
    text = text_of(DAY1)
    start = london(4, 10, 0)
    async with await Store.open(db_url) as dying, await Store.open(db_url) as other:
        await subscribe(dying, range(1, 41))
        # The old process dies mid-send (SIGKILL): no clean stop, no release. After six sends
        # the rest hang, so it surely dies with most of the item unsent.
        with monkeypatch.context() as patch:
            hold_sends(patch, after_sends(stub, 6), forever)
            task = asyncio.create_task(run(dying, bot, campaign, start, owner="dying"))
            await stub.wait_for(after_sends(stub, 6), timeout=PATIENCE)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        died_at = len(stub.sent)
        assert died_at < 40
        claim = (await other.schedule_state())["day1"]
        assert claim.owner == "dying" and claim.lease_until is not None
        # Within the lease nobody else may send it: the owner might only be slow.
        assert await run(other, bot, campaign, start + timedelta(seconds=60),
                         owner="other") == []
        assert len(stub.sent) == died_at
        # After the lease: taken over and finished.
        later = start + timedelta(seconds=scheduler.LEASE_SECONDS + 5)
        assert await run(other, bot, campaign, later, owner="other") == ["day1"]
    counts = counts_for(stub, text)
    assert set(counts) == set(range(1, 41))  # nobody lost
    # Only messages in flight when the process died can have gone twice.
    assert sum(n - 1 for n in counts.values()) <= FREE_CONCURRENCY


@pytest.mark.parametrize("failure", ["database unreachable", "lease taken"])
async def test_owner_that_cannot_renew_its_lease_stops_sending(
        stub: BotAPIStub, bot: telegram.Bot, store: Store, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, failure: str) -> None:
    campaign = plan(DAY1)
    text = text_of(DAY1)
    await subscribe(store, range(1, 81))
    clock = FakeClock(london(4, 10, 0))
    lease = 0.2  # real seconds between renewals: a quarter of it
    tried = asyncio.Event()

    async def renew(*args: object, **kwargs: object) -> bool:
        tried.set()
        if failure == "database unreachable":
            clock.advance(lease)  # the outage lasts: by the clock, the lease has run out
            raise OSError("connection refused")
        return False  # someone else holds it now

    with monkeypatch.context() as patch, caplog.at_level(logging.WARNING):
        patch.setattr(store, "renew_schedule_claim", renew)
        # After five sends the rest wait for the renewal, so it fails mid-send on any machine.
        hold_sends(patch, after_sends(stub, 5), tried.wait)
        assert await run(store, bot, campaign, clock, owner="a", lease_seconds=lease) == []
    assert len(stub.sent) < 80
    assert "stopped (the lease could not be kept)" in caplog.text
    later = london(4, 10, 5)
    assert await run(store, bot, campaign, later, owner="b") == ["day1"]
    assert counts_for(stub, text) == dict.fromkeys(range(1, 81), 1)


async def test_item_edited_after_it_started_is_finished_with_the_first_text(
        stub: BotAPIStub, bot: telegram.Bot, store: Store) -> None:
    campaign = plan(DAY1)
    await subscribe(store, range(1, 21))
    assert await run(store, bot, campaign, london(4, 10, 0),
                     should_stop=after_sends(stub, 4)) == []
    edited = plan(dataclasses.replace(DAY1, message="<b>Day one</b>: keep moving, gently."))
    assert await run(store, bot, edited, london(4, 10, 1)) == ["day1"]
    assert counts_for(stub, text_of(DAY1)) == dict.fromkeys(range(1, 21), 1)


# -- the store's leases -----------------------------------------------------------------------


async def test_claim_lease_renew_release_and_takeover(db_url: str) -> None:
    t0 = datetime(2027, 10, 4, 9, 0, tzinfo=UTC)
    async with await Store.open(db_url) as store:
        assert await store.claim_schedule_item("d", "a", 60, now=t0)
        assert not await store.claim_schedule_item("d", "b", 60, now=t0 + timedelta(seconds=59))
        assert await store.renew_schedule_claim("d", "a", 60, now=t0 + timedelta(seconds=30))
        assert not await store.renew_schedule_claim("d", "b", 60, now=t0)
        assert not await store.claim_schedule_item("d", "b", 60, now=t0 + timedelta(seconds=89))
        assert await store.claim_schedule_item("d", "b", 60, now=t0 + timedelta(seconds=91))
        # "a" lost it: it can neither renew nor release it any more.
        assert not await store.renew_schedule_claim("d", "a", 60, now=t0)
        assert not await store.release_schedule_claim("d", "a")
        assert await store.release_schedule_claim("d", "b")
        state = (await store.schedule_state())["d"]
        assert state.owner == "b" and state.lease_until is None and state.free(t0)
        assert await store.claim_schedule_item("d", "c", 60, now=t0)  # released: free at once
        await store.complete_schedule_item("d", recipients=3)
        # Finished: never claimed again, however old the lease.
        assert not await store.claim_schedule_item("d", "e", 60, now=t0 + timedelta(days=9))
        assert not await store.renew_schedule_claim("d", "c", 60)
        # The one-argument form still claims a new item and refuses a held one.
        assert await store.claim_schedule_item("plain")
        assert not await store.claim_schedule_item("plain")


async def test_only_one_of_many_processes_takes_over_an_expired_claim(
        db_url: str) -> None:
    t0 = datetime(2027, 10, 4, 9, 0, tzinfo=UTC)
    stores = await asyncio.gather(*(Store.open(db_url) for _ in range(4)))
    try:
        for round_ in range(5):
            item = f"item-{round_}"
            assert await stores[0].claim_schedule_item(item, "dead", 60, now=t0)
            later = t0 + timedelta(minutes=5)
            won = await asyncio.gather(*(
                s.claim_schedule_item(item, f"p{i}-{j}", 60, now=later)
                for i, s in enumerate(stores) for j in range(3)))
            assert won.count(True) == 1, won
    finally:
        for s in stores:
            await s.close()


async def test_unfinished_claims_from_schema_1_are_resumable(sqlite_url: str) -> None:
    from sqlalchemy import text as sql

    from bot.storage import store as store_module

    # Emulate a database left by schema 1.
    async with await Store.open(sqlite_url) as store, store._engine.begin() as conn:
        await conn.execute(sql("INSERT INTO schedule_sent (item_id, claimed_at) "
                               "VALUES ('old', '2027-10-04 09:00:00.000000')"))
        await conn.execute(sql("UPDATE schedule_sent SET owner = NULL, lease_until = NULL"))
    async with await Store.open(sqlite_url) as store:
        assert await store.schema_version() == store_module.SCHEMA_VERSION >= 2
        later = datetime(2027, 10, 4, 10, 0, tzinfo=UTC)
        assert (await store.schedule_state())["old"].free(later)
        assert await store.claim_schedule_item("old", "new", 60, now=later)


# -- the real Application ---------------------------------------------------------------------

NOON = london(5, 12, 0)  # the Tuesday of the test week: what the running bot's clock says


def plan_folder(tmp_path: Path, at: datetime = NOON, item_id: str = "test-noon") -> Path:
    """A content copy whose campaign.yaml has one item due at `at` (London time)."""
    folder = tmp_path / "responses"
    shutil.copytree(BUNDLED, folder)
    local = at.astimezone(LONDON)
    ends = local + timedelta(days=1)
    (folder / "campaign.yaml").write_text(
        "timezone: Europe/London\n"
        "quiet_hours:\n  start: \"21:00\"\n  end: \"08:00\"\n"
        "grace_minutes: 60\n"
        f"ends: \"{ends:%Y-%m-%d %H:%M}\"\n"
        "items:\n"
        f"  - id: {item_id}\n"
        f"    at: \"{local:%Y-%m-%d %H:%M}\"\n"
        "    message: >\n"
        "      <b>Test week</b>: a scheduled message.\n")
    return folder


def app_settings(stub: BotAPIStub, db: str) -> Settings:
    return load_settings({"TELEGRAM_BOT_TOKEN": stub.token, "TELEGRAM_BASE_URL": stub.base_url,
                          "DATABASE_URL": db, "ADMIN_IDS": "999"})


@pytest.fixture
def fast_ticks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(telegram_app, "CAMPAIGN_FIRST_TICK_SECONDS", 0.1)
    monkeypatch.setattr(telegram_app, "CAMPAIGN_TICK_SECONDS", 0.2)


@pytest.fixture
def campaign_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """What each run of the bot's campaign job returned, in order, once it has returned: a
    test waits for "the run that sent it, and two more" instead of sleeping a few ticks."""
    finished: list[list[str]] = []
    real = telegram_app.run_due_items

    async def recorded(*args: Any, **kwargs: Any) -> list[str]:
        result = await real(*args, **kwargs)
        finished.append(result)
        return result

    monkeypatch.setattr(telegram_app, "run_due_items", recorded)
    return finished


async def wait_for_runs_after(stub: BotAPIStub, runs: list[list[str]], item_id: str,
                              more: int) -> None:
    """Wait until a run of the campaign job finished `item_id`, and `more` runs after it."""
    await stub.wait_for(lambda: [item_id] in runs, timeout=PATIENCE)
    done = runs.index([item_id]) + 1
    await stub.wait_for(lambda: len(runs) >= done + more, timeout=PATIENCE)


@pytest.mark.slow
async def test_running_bot_sends_a_due_item_by_itself(
        stub: BotAPIStub, tmp_path: Path, fast_ticks: None,
        campaign_runs: list[list[str]]) -> None:
    content, campaign = load_content_and_plan(plan_folder(tmp_path))
    assert campaign is not None
    text = broadcast_text(content, message=campaign.items[0].message)
    db = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    async with await Store.open(db) as store:
        await subscribe(store, range(1, 11))
    application = telegram_app.build_application(app_settings(stub, db), content, campaign,
                                                 clock=FakeClock(NOON + timedelta(minutes=1)))
    await telegram_app.start_polling(application, poll_timeout=1)
    try:
        await stub.wait_for(lambda: len(counts_for(stub, text)) == 10, timeout=PATIENCE)
        # The bot answers users as usual, and later ticks send nothing more.
        before = len(stub.sent_to(77))
        stub.push_update(text_update("what is sciatica", chat_id=77, user_id=77))
        await stub.wait_for_sent(before + 1, chat_id=77, timeout=PATIENCE)
        await wait_for_runs_after(stub, campaign_runs, "test-noon", more=3)
        store = application.bot_data.store
        assert store is not None
        claim = (await store.schedule_state())["test-noon"]
        assert claim.sent_at is not None and claim.recipients == 10
    finally:
        await telegram_app.stop_polling(application)
    assert counts_for(stub, text) == dict.fromkeys(range(1, 11), 1)
    assert text.rstrip().endswith(FOOTER)
    assert stub.duplicates() == {}


@pytest.mark.slow
async def test_shutdown_mid_send_stops_cleanly_and_a_restart_finishes(
        stub: BotAPIStub, tmp_path: Path, fast_ticks: None, campaign_runs: list[list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    content, campaign = load_content_and_plan(plan_folder(tmp_path))
    assert campaign is not None
    text = broadcast_text(content, message=campaign.items[0].message)
    db = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    async with await Store.open(db) as store:
        await subscribe(store, range(1, 41))
    clock = FakeClock(NOON + timedelta(minutes=1))
    application = telegram_app.build_application(app_settings(stub, db), content, campaign,
                                                 clock=clock)
    svc = application.bot_data

    async def shutting_down() -> None:
        await stub.wait_for(lambda: svc.stopping, timeout=PATIENCE)

    with monkeypatch.context() as patch:
        # After three sends the rest wait for the shutdown, so it comes mid-send on any machine.
        hold_sends(patch, after_sends(stub, 3), shutting_down)
        await telegram_app.start_polling(application, poll_timeout=1)
        try:
            await stub.wait_for(after_sends(stub, 3), timeout=PATIENCE)
        finally:
            await telegram_app.stop_polling(application)
    stopped_at = len(stub.sent)
    assert 3 <= stopped_at < 40
    # The run stopped by itself (a cancelled run returns nothing) and released its lease.
    assert campaign_runs == [[]]
    async with await Store.open(db) as store:
        claim = (await store.schedule_state())["test-noon"]
        assert claim.sent_at is None and claim.lease_until is None  # released on the way out
    clock.advance(timedelta(minutes=1))
    restarted = telegram_app.build_application(app_settings(stub, db), content, campaign,
                                               clock=clock)
    await telegram_app.start_polling(restarted, poll_timeout=1)
    try:
        await wait_for_runs_after(stub, campaign_runs, "test-noon", more=2)
    finally:
        await telegram_app.stop_polling(restarted)
    assert counts_for(stub, text) == dict.fromkeys(range(1, 41), 1)
