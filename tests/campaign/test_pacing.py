"""The broadcast pace: the rate set is the rate achieved, and no second ever receives more
than the limit, however late the event loop wakes up and however long answers take.

Time is a fake: `sleep` moves the fake clock on by what was asked plus a chosen lateness
(what a busy event loop adds), and each send's answer is stamped when the test says it came,
so each test runs in no real time and sees the same numbers on any machine.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

import pytest

from bot.campaign.pacing import Pacer, Send


class FakeTime:
    """A monotonic clock that only moves when the pacer sleeps (or a test says so)."""

    def __init__(self, lateness: Callable[[], float] = lambda: 0.0) -> None:
        self.now = 1000.0
        self.lateness = lateness
        self.sleeps = 0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)  # whoever was just let through goes first, at its own time
        self.sleeps += 1
        self.now += seconds + self.lateness()


def pacer(time: FakeTime, rate: float = 29.6, limit: int = 30, window: float = 1.001,
          **kwargs: float) -> Pacer:
    return Pacer(rate, limit, window, clock=time.clock, sleep=time.sleep, **kwargs)


async def send_times(p: Pacer, time: FakeTime, n: int,
                     answer: Callable[[], float] = lambda: 0.0) -> list[float]:
    """Send `n`, each answered `answer()` seconds after it went; the times they went."""
    times = []
    for _ in range(n):
        send = await p.acquire()
        assert send is not None
        times.append(time.now)
        p.answered(send, at=send.went + answer())
    return times


def busiest(times: list[float], window: float = 1.0) -> int:
    """Most in any half-open window (t - window, t]: how Telegram's stand-in counts."""
    times = sorted(times)
    most, oldest = 0, 0
    for i, t in enumerate(times):
        while times[oldest] <= t - window:
            oldest += 1
        most = max(most, i - oldest + 1)
    return most


async def test_the_first_send_goes_at_once() -> None:
    time = FakeTime()
    await pacer(time).acquire()
    assert time.now == 1000.0 and time.sleeps == 0


async def test_late_wake_ups_are_made_up_so_the_rate_set_is_the_rate_achieved() -> None:
    # Every wake-up 2 ms late: a leaky bucket would lose 2 ms a send (29.6/s -> 27.9/s).
    time = FakeTime(lateness=lambda: 0.002)
    times = await send_times(pacer(time), time, 300, answer=lambda: 0.003)
    assert times[-1] - times[0] == pytest.approx(299 / 29.6 + 0.002)


async def test_no_second_receives_more_than_the_limit_whatever_the_jitter() -> None:
    # Lateness and answer times as measured on a busy two-core machine, with a tail: one
    # send in a hundred is held up 60 ms on its way, where the rate leaves room for 13.5.
    rng = random.Random(12)
    late = [0.0005] * 40 + [0.001] * 20 + [0.002] * 20 + [0.004] * 15 + [0.01] * 4 + [0.06]
    rtt = [0.002] * 60 + [0.005] * 25 + [0.01] * 10 + [0.02] * 4 + [0.06]
    time = FakeTime(lateness=lambda: rng.choice(late))
    p = pacer(time)
    arrivals = []
    for _ in range(3000):
        send = await p.acquire()
        assert send is not None
        answer = rng.choice(rtt)
        # It arrived somewhere on its way there and back; the worst case for the limit is
        # all the way (late) for some and at once (early) for the others.
        arrivals.append(send.went + (answer if rng.random() < 0.5 else 0.0))
        p.answered(send, at=send.went + answer)
    assert busiest(arrivals) <= 30
    # and the pace held: the lateness was made up, the guard held back little
    assert 2999 / (max(arrivals) - min(arrivals)) >= 29.4


async def test_a_send_waits_for_the_answer_to_the_one_limit_places_before() -> None:
    time = FakeTime()
    p = pacer(time)
    first = await p.acquire()
    assert first is not None
    await send_times(p, time, 29)
    later = asyncio.create_task(p.acquire())
    for _ in range(5):
        await asyncio.sleep(0)
    assert not later.done()  # the first is unanswered: it may still be on its way
    p.answered(first, at=time.now)
    assert await asyncio.wait_for(later, 5.0) is not None
    assert time.now == pytest.approx(first.went + 29 / 29.6 + 1.001)


async def test_the_guard_holds_a_catch_up_to_the_limit_per_window() -> None:
    time = FakeTime()
    p = pacer(time, max_lag=10.0)  # let the schedule run far behind, so only the guard acts
    await send_times(p, time, 5)
    time.now += 3.0  # a stall: the schedule now owes about 89 sends
    times = await send_times(p, time, 61)
    assert times[:30] == [times[0]] * 30  # made up at once, up to the limit
    assert times[30] == pytest.approx(times[0] + 1.001)  # then a second after the answer
    assert times[60] == pytest.approx(times[30] + 1.001)
    assert busiest(times) == 30


async def test_a_stall_is_not_made_up_beyond_max_lag() -> None:
    time = FakeTime()
    p = pacer(time, rate=100.0, limit=1000, max_lag=0.25)
    await send_times(p, time, 10)
    time.now += 5.0  # the database was away, say: 500 sends' worth
    times = await send_times(p, time, 60)
    at_once = sum(1 for t in times if t == times[0])
    assert at_once == 26  # 0.25 s at 100/s made up, plus the one due now
    assert times[-1] - times[0] == pytest.approx((60 - 26) / 100)


async def test_a_pause_is_not_made_up() -> None:
    time = FakeTime()
    p = pacer(time, rate=100.0, limit=1000)
    await send_times(p, time, 10)
    p.pause_until(time.now + 2.0)  # a 429 asked for 2 s
    times = await send_times(p, time, 11)
    assert times[0] == pytest.approx(1000.0 + 0.09 + 2.0)  # nothing before the pause ends
    assert times[10] - times[0] == pytest.approx(0.1)  # then the rate, with no burst


async def test_a_pause_already_over_changes_nothing() -> None:
    time = FakeTime()
    p = pacer(time, rate=100.0, limit=1000)
    await send_times(p, time, 10)
    p.pause_until(time.now - 1.0)
    times = await send_times(p, time, 2)
    assert times == [pytest.approx(1000.1), pytest.approx(1000.11)]


async def test_concurrent_senders_share_one_schedule() -> None:
    time = FakeTime()
    p = pacer(time, rate=50.0, limit=60)
    times: list[float] = []

    async def sender() -> None:
        for _ in range(20):
            send = await p.acquire()
            assert send is not None
            times.append(time.now)
            p.answered(send)

    await asyncio.gather(*(sender() for _ in range(5)))
    assert len(times) == 100
    assert [round(t - times[0], 9) for t in times] == [round(k / 50.0, 9) for k in range(100)]


async def test_every_waiter_that_is_due_goes_in_the_same_turn_of_the_loop() -> None:
    # At a thousand a second, one waiter per turn of a busy event loop would set the pace.
    now = [1000.0]
    woken = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await woken.wait()  # the timer sleeps until the test says the time has come

    p = Pacer(1000.0, 1000, 1.0, clock=lambda: now[0], sleep=sleep)
    await p.acquire()
    waiters = [asyncio.create_task(p.acquire()) for _ in range(40)]
    await asyncio.sleep(0)  # all 40 queue; the timer sleeps
    assert not any(w.done() for w in waiters)
    now[0] += 0.05  # the loop was busy: 50 sends are due
    woken.set()
    for _ in range(3):  # the timer wakes, lets all through; they resume
        await asyncio.sleep(0)
    assert all(w.done() for w in waiters)


async def test_a_cancelled_waiter_gives_its_turn_to_the_next() -> None:
    time = FakeTime()
    p = pacer(time, rate=10.0, limit=30, window=1.0)
    await p.acquire()
    gone = asyncio.create_task(p.acquire())
    await asyncio.sleep(0)
    gone.cancel()
    with pytest.raises(asyncio.CancelledError):
        await gone
    await p.acquire()
    assert time.now == pytest.approx(1000.1)  # the slot the cancelled one left
    await asyncio.sleep(0)
    assert p._timer is None or p._timer.done()  # nothing left running


async def test_a_waiter_asked_to_stop_gives_up_its_turn_without_waiting_out_a_pause() -> None:
    time = FakeTime()
    never = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await never.wait()  # the pause would last as long as the test

    p = Pacer(29.6, 30, 1.001, clock=time.clock, sleep=sleep)
    await p.acquire()
    p.pause_until(time.now + 120.0)  # a 429 asked for two minutes
    stop = False
    waiting = asyncio.create_task(p.acquire(lambda: stop, poll=0.01))
    for _ in range(5):
        await asyncio.sleep(0)
    assert not waiting.done()
    stop = True
    assert await asyncio.wait_for(waiting, 5.0) is None
    await asyncio.sleep(0)
    assert p._timer is None or p._timer.done()


def test_an_answer_is_stamped_once() -> None:
    time = FakeTime()
    p = pacer(time)
    send = Send(time.now)
    p.answered(send, at=1000.5)
    p.answered(send, at=1002.0)  # a second report (an error after a give-up) changes nothing
    assert send.answered == 1000.5


@pytest.mark.parametrize(("rate", "limit", "window"), [
    (30.0, 30, 1.01),  # the schedule alone would break the guard
    (0.0, 30, 1.0),
    (10.0, 0, 1.0),
    (10.0, 30, 0.0),
])
def test_refuses_a_pace_it_cannot_keep(rate: float, limit: int, window: float) -> None:
    with pytest.raises(ValueError):
        Pacer(rate, limit, window)
