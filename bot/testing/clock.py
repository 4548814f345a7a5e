"""A clock that tests and benchmarks set by hand, so no result depends on when they run.

The application asks a `bot.clock.Clock` what time it is (quiet hours, the campaign
schedule, schedule leases, the admin Send button, `broadcast`). Production gives it
`bot.clock.system_clock`; a test gives it a `FakeClock` standing at, say, 03:00 London
time or the morning the clocks change, and moves it on only when the test says so. A
frozen clock also means a lease never runs out behind a test's back however slow the
machine is: time passes exactly as far as `advance` says.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """A settable `Clock`: calling it returns the moment it was last set to, in UTC.

    Returning UTC, like `system_clock`, keeps everything built from the time (the admin's
    broadcast ids, lease expiry stored in the database) the same as in production, whatever
    zone the test wrote its moment in.
    """

    def __init__(self, moment: datetime) -> None:
        self._now = _aware(moment)

    def __call__(self) -> datetime:
        return self._now

    def __repr__(self) -> str:
        return f"FakeClock({self._now.isoformat()})"

    def set(self, moment: datetime) -> None:
        """Stand at `moment` (timezone-aware; it may be earlier than now)."""
        self._now = _aware(moment)

    def advance(self, by: timedelta | float) -> datetime:
        """Move on by `by` (a timedelta, or seconds) and return the new moment."""
        step = by if isinstance(by, timedelta) else timedelta(seconds=by)
        self._now += step
        return self._now


def _aware(moment: datetime) -> datetime:
    """`moment` in UTC; a naive datetime is refused, since it names no moment at all."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"FakeClock needs a timezone-aware datetime, got {moment!r}")
    return moment.astimezone(UTC)
