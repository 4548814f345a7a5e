"""Per-user flood guard: one user cannot hog the bot.

Each user gets a small token bucket (aiolimiter). A user over it is told once to slow
down, then ignored until the bucket refills, except for red-flag messages, which are
always answered: no limit may swallow an emergency.
"""

from __future__ import annotations

from collections import OrderedDict

from aiolimiter import AsyncLimiter

# Ten messages in any twenty seconds is more than a person types; a script is stopped.
MAX_MESSAGES = 10
PERIOD_SECONDS = 20.0
# Buckets for this many recent users are kept; older ones are dropped (memory stays flat).
MAX_USERS = 10_000


class FloodGuard:
    """Decides, per user, whether a message is within their allowance."""

    def __init__(self, max_messages: int = MAX_MESSAGES, period: float = PERIOD_SECONDS,
                 max_users: int = MAX_USERS) -> None:
        self.max_messages = max_messages
        self.period = period
        self.max_users = max_users
        self._buckets: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._warned: set[int] = set()

    async def allow(self, user_id: int) -> bool:
        """True if the user may be answered now (and count this message against them)."""
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = AsyncLimiter(self.max_messages, self.period)
            self._buckets[user_id] = bucket
            if len(self._buckets) > self.max_users:
                old, _ = self._buckets.popitem(last=False)
                self._warned.discard(old)
        else:
            self._buckets.move_to_end(user_id)
        if bucket.has_capacity():
            await bucket.acquire()  # returns at once: there is capacity
            self._warned.discard(user_id)
            return True
        return False

    def should_warn(self, user_id: int) -> bool:
        """True the first time a user is refused in a row, so the warning is sent once."""
        if user_id in self._warned:
            return False
        self._warned.add(user_id)
        return True

    def forget(self, user_id: int) -> None:
        self._buckets.pop(user_id, None)
        self._warned.discard(user_id)
