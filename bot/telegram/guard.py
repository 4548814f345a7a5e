"""Flood guards: one user cannot hog the bot, and a flood of users cannot sink it.

`FloodGuard` gives each user a small allowance (a leaky bucket on the application's clock,
so tests set the time). A user over it is told once to slow down, then ignored while over
it (a steady flood still gets an answer whenever there is room again), except that a way
out and an emergency or a crisis are always heard: the handlers check what a held-back user
sends, cheaply (`Dialogue.opts_out`, `Conversation.alarm`), and the first opt-out and the
first alarm of each kind go through to a full answer. Only the first, because answering
every copy of a pasted emergency would send into one chat faster than Telegram allows, and
its 429s pause every reply of the bot.

`BoundedUpdates` bounds what waits. Replies leave at Telegram's pace (about 30 a second for
the whole bot), so a burst of thousands of new users cannot all be answered at once; left
alone, python-telegram-bot starts a task for every update it fetches and they all wait,
without bound, for the memory and for shutdown. Here at most `max_waiting` updates wait for
a free slot, oldest first; an alarm or an opt-out waits in a line of its own, ahead of the
others; beyond that an update is
dropped and counted in the log (never answered with an error, which would only add to the
queue of sends). A dropped user can send again once the burst has passed.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import BaseUpdateProcessor

from bot.clock import Clock, system_clock

log = logging.getLogger(__name__)

# Ten messages in any twenty seconds is more than a person types; a script is stopped.
MAX_MESSAGES = 10
PERIOD_SECONDS = 20.0
# Allowances of this many recent users are kept; older ones are dropped (memory stays flat).
MAX_USERS = 10_000
# Updates that may wait for a free slot: about 20 s of replies at the bot's pace (25 a
# second), so nobody waits much longer for an answer and a shutdown drains in time.
MAX_WAITING = 500
# How close to the limit counts as within it, in seconds of the bucket.
TOLERANCE = 1e-6
# Dropped updates are logged at the first of a burst, every this many, and when it ends.
LOG_EVERY = 100


class _HeldBack:
    """What a user held back has been told since they were last calm."""

    __slots__ = ("alarms", "warned")

    def __init__(self) -> None:
        self.warned = False
        self.alarms: frozenset[str] = frozenset()


class FloodGuard:
    """Decides, per user, whether a message is within their allowance.

    Each user's bucket is one number, the moment it will be empty again (a leaky bucket
    kept as in GCRA): each message adds `period / max_messages` seconds to it, and a user
    whose moment has passed is calm. A float per user costs about 135 bytes with its key
    and its place in the order, where an object holding the level, the time and the notices
    cost 440 (4.4 MB at the 10,000 users kept); what a user was told lives apart, only
    while they are held back.
    """

    def __init__(self, max_messages: int = MAX_MESSAGES, period: float = PERIOD_SECONDS,
                 max_users: int = MAX_USERS, clock: Clock = system_clock) -> None:
        self.max_messages = max_messages
        self.period = period
        self.max_users = max_users
        self.clock = clock
        self._step = period / max_messages  # how long one message takes to drain away
        # Times are kept from this origin: small numbers keep a float's precision (a
        # timestamp near 1.8e9 has steps of 2e-7 s, which would add up over a burst).
        self._origin = clock().timestamp()
        self._empty_at: OrderedDict[int, float] = OrderedDict()
        self._held: dict[int, _HeldBack] = {}

    def __len__(self) -> int:
        return len(self._empty_at)

    def allow(self, user_id: int) -> bool:
        """True if the user may be answered now (and count this message against them)."""
        now = self.clock().timestamp() - self._origin
        empty_at = self._empty_at.get(user_id)
        if empty_at is None:
            empty_at = self._empty_at[user_id] = now
            if len(self._empty_at) > self.max_users:
                dropped, _ = self._empty_at.popitem(last=False)
                self._held.pop(dropped, None)
        else:
            self._empty_at.move_to_end(user_id)
            if empty_at <= now + TOLERANCE:  # calm: a later flood is told, and heard, afresh
                empty_at = now
                self._held.pop(user_id, None)
        # The bucket holds (empty_at - now) / step messages; one more must fit (to the
        # microsecond, a clock's resolution: a float's rounding is not a message).
        if empty_at - now + self._step <= self.period + TOLERANCE:
            self._empty_at[user_id] = empty_at + self._step
            return True
        return False

    def _told(self, user_id: int) -> _HeldBack | None:
        if user_id not in self._empty_at:
            return None
        held = self._held.get(user_id)
        if held is None:
            held = self._held[user_id] = _HeldBack()
        return held

    def should_warn(self, user_id: int) -> bool:
        """True the first time a user is refused since they were last calm (their bucket
        empty), so a flood is warned about once, however long it goes on."""
        held = self._told(user_id)
        if held is None or held.warned:
            return False
        held.warned = True
        return True

    def first_alarm(self, user_id: int, kind: str) -> bool:
        """True the first time a held-back user raises this kind of alarm (an emergency, a
        crisis, an opt-out) since they were last calm, so it is answered once, not once per
        copy."""
        held = self._told(user_id)
        if held is None:
            return True  # not held back at all
        if kind in held.alarms:
            return False
        held.alarms = held.alarms | {kind}
        return True

    def forget(self, user_id: int) -> None:
        self._empty_at.pop(user_id, None)
        self._held.pop(user_id, None)


class BoundedUpdates(BaseUpdateProcessor):
    """Runs updates through `inner` (its concurrency, its own bookkeeping), letting at most
    `max_waiting` wait for a free slot: oldest first, urgent ones first of all, the rest
    dropped.

    `urgent(update)` says whether an update must not wait behind the others (an emergency, a
    crisis, an opt-out); the bot sets it once its conversation is loaded. It is asked only of
    updates that have to wait, and urgent ones have a line of their own, as long again.
    """

    def __init__(self, inner: BaseUpdateProcessor, max_waiting: int = MAX_WAITING,
                 urgent: Callable[[object], bool] | None = None) -> None:
        # python-telegram-bot's own semaphore (around `do_process_update`) must never make an
        # update wait out of sight of the line below, so it counts every update held here:
        # running, waiting in either line, and one being dropped.
        super().__init__(inner.max_concurrent_updates + 2 * max_waiting + 1)
        self.running_limit = inner.max_concurrent_updates
        self.inner = inner
        self.max_waiting = max_waiting
        self.urgent = urgent
        self.dropped = 0  # updates dropped since start
        self._burst = 0  # ...and since the line was last empty
        self._running = 0
        self._line: deque[asyncio.Future[None]] = deque()
        self._urgent: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        """Updates waiting for a free slot now."""
        return len(self._line) + len(self._urgent)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self._running < self.running_limit and not self.waiting:
            self._running += 1
        else:
            first = self.urgent is not None and self.urgent(update)
            line = self._urgent if first else self._line
            if len(line) >= self.max_waiting:
                self._drop(coroutine)
                return
            turn = asyncio.get_running_loop().create_future()
            line.append(turn)
            try:
                await turn  # the slot is handed over by `_release`, already counted
            except asyncio.CancelledError:
                if turn in line:
                    line.remove(turn)
                elif turn.done() and not turn.cancelled():
                    self._release()  # cancelled just as the slot arrived: pass it on
                _close(coroutine)
                raise
        try:
            await self.inner.process_update(update, coroutine)
        finally:
            self._release()

    def _release(self) -> None:
        """Hand this slot to the next in line (urgent ones first), or free it."""
        for line in (self._urgent, self._line):
            while line:
                turn = line.popleft()
                if not turn.done():
                    turn.set_result(None)
                    return
        self._running -= 1
        if self._burst:
            log.warning("overload over: %d update(s) were dropped", self._burst)
            self._burst = 0

    def _drop(self, coroutine: Awaitable[Any]) -> None:
        _close(coroutine)
        self.dropped += 1
        self._burst += 1
        if self._burst == 1 or self._burst % LOG_EVERY == 0:
            log.warning("overloaded: %d update(s) dropped (%d waiting, %d running)",
                        self._burst, self.waiting, self._running)

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()


def _close(coroutine: Awaitable[Any]) -> None:
    """A coroutine that will never run is closed, so Python does not warn about it."""
    if inspect.iscoroutine(coroutine):
        coroutine.close()
