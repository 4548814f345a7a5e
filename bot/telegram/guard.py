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
# Dropped updates are logged at the first of a burst, every this many, and when it ends.
LOG_EVERY = 100


class _Allowance:
    """One user's bucket: how full, when last drained, and what they were told."""

    __slots__ = ("alarms", "at", "level", "warned")

    def __init__(self, at: float) -> None:
        self.level = 0.0
        self.at = at
        self.warned = False
        self.alarms: frozenset[str] = frozenset()


class FloodGuard:
    """Decides, per user, whether a message is within their allowance."""

    def __init__(self, max_messages: int = MAX_MESSAGES, period: float = PERIOD_SECONDS,
                 max_users: int = MAX_USERS, clock: Clock = system_clock) -> None:
        self.max_messages = max_messages
        self.period = period
        self.max_users = max_users
        self.clock = clock
        self._users: OrderedDict[int, _Allowance] = OrderedDict()

    def __len__(self) -> int:
        return len(self._users)

    def allow(self, user_id: int) -> bool:
        """True if the user may be answered now (and count this message against them)."""
        now = self.clock().timestamp()
        user = self._users.get(user_id)
        if user is None:
            user = self._users[user_id] = _Allowance(now)
            if len(self._users) > self.max_users:
                self._users.popitem(last=False)
        else:
            self._users.move_to_end(user_id)
            drained = max(0.0, now - user.at) * self.max_messages / self.period
            user.level = max(0.0, user.level - drained)
            user.at = now
            if user.level == 0.0:  # calm again: a later flood is told, and heard, afresh
                user.warned, user.alarms = False, frozenset()
        if user.level + 1 <= self.max_messages:
            user.level += 1
            return True
        return False

    def should_warn(self, user_id: int) -> bool:
        """True the first time a user is refused since they were last calm (their bucket
        empty), so a flood is warned about once, however long it goes on."""
        user = self._users.get(user_id)
        if user is None or user.warned:
            return False
        user.warned = True
        return True

    def first_alarm(self, user_id: int, kind: str) -> bool:
        """True the first time a held-back user raises this kind of alarm (an emergency, a
        crisis, an opt-out) since they were last calm, so it is answered once, not once per
        copy."""
        user = self._users.get(user_id)
        if user is None:
            return True  # not held back at all
        if kind in user.alarms:
            return False
        user.alarms = user.alarms | {kind}
        return True

    def forget(self, user_id: int) -> None:
        self._users.pop(user_id, None)


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
