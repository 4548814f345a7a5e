"""The moments every time-dependent test runs at, so none depends on when CI happens to run.

An ordinary night (03:00) and noon, and both UK clock changes of 2027: clocks go forward at
01:00 GMT on Sunday 28 March (London becomes UTC+1) and back at 02:00 BST on Sunday
31 October (UTC+0 again). On those Sundays 07:30 and 21:30 London are quiet and 08:30 and
20:30 are not, but in UTC they are an hour apart from the day before, so a rule kept in UTC,
or one that fixed London's offset once, gets some of them wrong.

Quiet hours (`quiet_now`), the schedule (`run_due_items`), the admin Send button and the
`broadcast` command are each parametrised with `QUIET_HOURS`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")


def london(year: int, month: int, day: int, hour: int, minute: int = 0, *,
           fold: int = 0) -> datetime:
    """A London wall-clock time (`fold=1`: the second 01:xx on the day the clocks go back)."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON, fold=fold)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


NIGHT = london(2027, 10, 5, 3)  # the Tuesday of the 2027 awareness week
NOON = london(2027, 10, 5, 12)
SPRING_FORWARD = (2027, 3, 28)  # 01:00 GMT becomes 02:00 BST
FALL_BACK = (2027, 10, 31)  # 02:00 BST becomes 01:00 GMT


def _case(moment: datetime, quiet: bool) -> object:
    """A parameter (moment, quiet) whose id shows the London time, its zone, and UTC."""
    label = (f"{moment:%Y-%m-%d_%H:%M}{moment.tzname()}="
             f"{moment.astimezone(UTC):%H:%M}UTC-{'quiet' if quiet else 'open'}")
    return pytest.param(moment, quiet, id=label)


QUIET_HOURS = [
    _case(NIGHT, True),
    _case(NOON, False),
    *(_case(london(*day, hour, 30), quiet)
      for day in (SPRING_FORWARD, FALL_BACK)
      for hour, quiet in ((7, True), (8, False), (20, False), (21, True))),
]
"""(moment, whether it is in the default quiet hours 21:00-08:00 London)."""
