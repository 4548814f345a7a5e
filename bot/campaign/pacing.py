"""Pace sends to a fixed schedule, and never let more than a limit arrive in any second.

Why not a leaky bucket (aiolimiter): it lets the next send go one interval after the last
one *actually* went, so every late wake-up of the event loop (a few milliseconds on a busy
machine) is lost for good, and 29 a second set became 27.9 measured. Here the k-th send is
due at `start + k / rate`: a send that woke late goes at once, and the ones after it are due
at their own times, so lateness is made up and the rate achieved is the rate set.

Telegram counts the sends that *arrive* in any one second, and when a send arrives is not
when it left: a busy machine or network can hold one up by tens of milliseconds, while the
one 30 places later goes straight through, and then 31 land in one second (a 429, and a
pause of a second or more for every sender). A margin in the rate cannot cover that (at 98%
of the limit the margin is 20 ms), so the guard does not guess: a send has surely arrived
by the time its answer came back, so the send `limit` places after it waits until `window`
after that answer. Whatever the jitter, no `window` then holds more than `limit` arrivals.
Normally answers take milliseconds and the schedule's own spacing already leaves room, so
the guard costs nothing; it holds a send back only behind one that was slow.

A pause (a 429's `retry_after`, a fault's back-off) is not lateness either: `pause_until`
starts the schedule afresh when it ends, so nothing is "owed" for it. Nor is a stall (the
database away, every sender busy): the schedule never runs more than `max_lag` behind, so
after one the pace resumes with at most `max_lag x rate` sends made up (those still under the
guard), not a burst of everything the stall "owed".

The clock and the sleep are injected, so the tests run the schedule on a fake clock with no
real time passing.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

MAX_LAG = 0.1  # seconds: lateness made up; anything longer is a stall, not made up


class Send:
    """One send let through: when it went, and when its answer came (None until then)."""

    __slots__ = ("answered", "went")

    def __init__(self, went: float) -> None:
        self.went = went
        self.answered: float | None = None


class Pacer:
    """Lets callers through at `rate` a second on an absolute schedule, with a guard.

    `acquire()` returns a `Send` when the caller may send; the caller reports the answer
    with `answered(send)` (whatever it was: an error is an answer too, and so is giving up).
    Callers go through first come, first served, and every caller that is due goes at once:
    after a late wake-up, the sends it owes go in the same turn of the event loop, not one
    per turn (at a thousand a second, one per turn of a busy loop would set the pace).
    """

    def __init__(self, rate: float, limit: int, window: float = 1.0, *,
                 max_lag: float = MAX_LAG,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        if rate <= 0 or limit < 1 or window <= 0 or max_lag < 0:
            raise ValueError("rate, limit and window must be positive, max_lag not negative")
        if rate * window > limit:
            raise ValueError(f"a rate of {rate}/s cannot keep to {limit} per {window} s")
        self.rate = rate
        self.limit = limit
        self.window = window
        self._max_lag = max_lag
        self._clock = clock
        self._sleep = sleep
        self._start: float | None = None  # when slot 0 was due
        self._slot = 0  # the next send's slot: due at _start + _slot / rate
        self._recent: deque[Send] = deque(maxlen=limit)  # the last `limit` sends
        self._waiting: deque[asyncio.Future[Send]] = deque()
        self._timer: asyncio.Task[None] | None = None  # lets the waiting through when due
        self._answer = asyncio.Event()  # set when an answer comes: the guard may open

    def due(self, now: float) -> float | None:
        """When the next send may go, seen at `now` (earlier than now: at once); None while
        the send `limit` places before it is still unanswered."""
        if self._start is None:
            return now
        scheduled = self._start + self._slot / self.rate
        if len(self._recent) == self.limit:
            oldest = self._recent[0].answered
            if oldest is None:
                return None
            return max(scheduled, oldest + self.window)
        return scheduled

    def answered(self, send: Send, at: float | None = None) -> None:
        """The answer to `send` came now, or `at` (or the caller gave up waiting for one)."""
        if send.answered is None:
            send.answered = self._clock() if at is None else at
            self._answer.set()

    def pause_until(self, moment: float) -> None:
        """Send nothing before `moment`, then start the schedule afresh from it."""
        if self._start is None or moment > self._start + self._slot / self.rate:
            self._start = moment
            self._slot = 0

    async def acquire(self, should_stop: Callable[[], bool] | None = None,
                      poll: float = 0.1) -> Send | None:
        """Wait for the next send's turn and count the send as made now.

        With `should_stop`, it is asked every `poll` seconds of the wait (a pause can be
        long); when it turns true the turn is given up and the answer is None.
        """
        if not self._waiting:
            send = self._take(self._clock())
            if send is not None:
                return send
        waiter: asyncio.Future[Send] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        if self._timer is None or self._timer.done():
            self._timer = asyncio.create_task(self._let_through(), name="pacer")
        try:
            if should_stop is None:
                return await waiter
            while not waiter.done():
                await asyncio.wait((waiter,), timeout=poll)
                if not waiter.done() and should_stop():
                    self._give_up(waiter)
                    return None
            return waiter.result()
        except asyncio.CancelledError:
            self._give_up(waiter)
            raise

    def _give_up(self, waiter: asyncio.Future[Send]) -> None:
        if waiter in self._waiting:
            self._waiting.remove(waiter)
        if waiter.done() and not waiter.cancelled():
            self.answered(waiter.result())  # let through, never sent: no answer to wait for
        waiter.cancel()
        if not self._waiting and self._timer is not None:
            self._timer.cancel()  # nobody left to wait for

    def _take(self, now: float) -> Send | None:
        """Count a send now if one is due; None if not yet."""
        if self._start is None:
            self._start = now
        elif now - (self._start + self._slot / self.rate) > self._max_lag:
            # A stall: slide the schedule so it is only max_lag behind.
            self._start = now - self._max_lag - self._slot / self.rate
        due = self.due(now)
        if due is None or due > now:
            return None
        self._slot += 1
        send = Send(now)
        self._recent.append(send)
        return send

    async def _let_through(self) -> None:
        """Let every waiter through in its turn, all that are due in one go, then stop."""
        while self._waiting:
            now = self._clock()
            if self._waiting[0].done():  # cancelled meanwhile
                self._waiting.popleft()
                continue
            send = self._take(now)
            if send is not None:
                self._waiting.popleft().set_result(send)
                continue
            due = self.due(now)
            if due is None:  # the guard waits for an answer
                self._answer.clear()
                await self._answer.wait()
            else:
                await self._sleep(due - now)
