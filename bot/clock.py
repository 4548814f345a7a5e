"""What time it is, as a value the application holds, so tests can set it.

Quiet hours, the campaign schedule, schedule leases, the admin Send button and the
`broadcast` command all ask "what time is it?". They ask a `Clock` they were given instead
of the system clock, so a test can run them at 03:00 or on the day the clocks change
without waiting for it, and the result never depends on when CI happens to run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
"""Returns the current moment, timezone-aware."""


def system_clock() -> datetime:
    """The real time, in UTC: the clock every production caller is given."""
    return datetime.now(UTC)
