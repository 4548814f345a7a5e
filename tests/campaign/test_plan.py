"""The plan's times are London wall-clock times, on ordinary days and on both clock-change days.

Quiet hours and item times are pure functions of a given moment: no stand-in, no database, no
wall clock. Also the `FakeClock` the other tests set the time with.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.answers.content import BUNDLED, NO_TRIAGE, ContentError
from bot.campaign.plan import Campaign, load_content_and_plan, no_plan, quiet_now
from bot.testing.clock import FakeClock
from tests.campaign.moments import FALL_BACK, LONDON, QUIET_HOURS, SPRING_FORWARD, london, utc

_, BUNDLED_PLAN = load_content_and_plan()


def test_the_test_moments_are_what_they_claim() -> None:
    """The clock changes fall where the tests say, so the moments below mean what they say."""
    assert london(2027, 3, 27, 12).utcoffset() == timedelta(0)
    assert london(*SPRING_FORWARD, 0, 30).utcoffset() == timedelta(0)
    assert london(*SPRING_FORWARD, 7, 30) == utc(*SPRING_FORWARD, 6, 30)
    assert london(2027, 10, 30, 12).utcoffset() == timedelta(hours=1)
    assert london(*FALL_BACK, 0, 30) == utc(2027, 10, 30, 23, 30)
    assert london(*FALL_BACK, 21, 30) == utc(*FALL_BACK, 21, 30)


@pytest.mark.parametrize(("moment", "quiet"), QUIET_HOURS)
def test_quiet_hours_follow_the_london_wall_clock(moment: datetime, quiet: bool) -> None:
    assert BUNDLED_PLAN is not None
    for plan in (BUNDLED_PLAN, no_plan()):  # campaign.yaml's 21:00-08:00, and the default
        assert plan.quiet(moment) is quiet
        # The same instant in UTC (as the system clock gives it): the same answer.
        assert plan.quiet(moment.astimezone(UTC)) is quiet
    assert quiet_now(None, moment.astimezone(UTC)) is quiet
    assert quiet_now(BUNDLED_PLAN, moment.astimezone(UTC)) is quiet


@pytest.mark.parametrize("moment", [
    pytest.param(london(*FALL_BACK, 1, 30, fold=0), id="first-01:30-BST"),
    pytest.param(london(*FALL_BACK, 1, 30, fold=1), id="second-01:30-GMT"),
    pytest.param(utc(*SPRING_FORWARD, 1, 30), id="02:30-BST-just-after-the-jump"),
])
def test_the_hour_the_clocks_change_is_quiet(moment: datetime) -> None:
    assert quiet_now(None, moment)


def test_quiet_hours_within_one_day_and_none_at_all() -> None:
    lunch = Campaign(LONDON, time(12, 0), time(14, 0), timedelta(0),
                     datetime.max.replace(tzinfo=UTC), ())
    assert lunch.quiet(london(2027, 10, 5, 12, 0)) and lunch.quiet(london(2027, 10, 5, 13, 59))
    assert not lunch.quiet(london(2027, 10, 5, 14, 0))
    assert not lunch.quiet(london(2027, 10, 5, 3, 0))
    never = Campaign(LONDON, time(3, 0), time(3, 0), timedelta(0),
                     datetime.max.replace(tzinfo=UTC), ())
    assert not any(never.quiet(london(*FALL_BACK, hour)) for hour in range(24))


def test_item_times_in_campaign_yaml_are_london_wall_clock_times(tmp_path: Path) -> None:
    """"10:00" on either clock-change day means 10:00 in London: 09:00 UTC in spring (BST),
    10:00 UTC in autumn (GMT again)."""
    folder = tmp_path / "responses"
    shutil.copytree(BUNDLED, folder)
    (folder / "campaign.yaml").write_text(
        "timezone: Europe/London\n"
        "quiet_hours:\n  start: \"21:00\"\n  end: \"08:00\"\n"
        "grace_minutes: 60\n"
        "ends: \"2027-12-31 20:00\"\n"
        "items:\n"
        "  - id: spring\n    at: \"2027-03-28 10:00\"\n    message: Clocks went forward.\n"
        "  - id: autumn\n    at: \"2027-10-31 10:00\"\n    message: Clocks went back.\n")
    _, plan = load_content_and_plan(folder)
    assert plan is not None
    assert [(i.id, i.at) for i in plan.items] == [("spring", utc(*SPRING_FORWARD, 9)),
                                                  ("autumn", utc(*FALL_BACK, 10))]


def test_a_naive_time_is_refused_rather_than_read_in_the_hosts_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        quiet_now(None, datetime(2027, 10, 5, 3, 0))


# -- the settable clock -------------------------------------------------------------------------


def test_fake_clock_stands_still_until_moved() -> None:
    clock = FakeClock(london(*SPRING_FORWARD, 0, 30))
    assert clock() == clock() == utc(*SPRING_FORWARD, 0, 30)
    assert clock().tzinfo is UTC  # like the system clock
    # An hour of real time across the change: 00:30 GMT to 02:30 BST on the wall.
    assert clock.advance(timedelta(hours=1)).astimezone(LONDON).hour == 2
    assert clock.advance(90) == utc(*SPRING_FORWARD, 1, 31) + timedelta(seconds=30)
    clock.set(london(*FALL_BACK, 1, 30, fold=1))  # may go back, too
    assert clock() == utc(*FALL_BACK, 1, 30)


def test_fake_clock_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        FakeClock(datetime(2027, 10, 5, 12, 0))
    clock = FakeClock(utc(2027, 10, 5, 12))
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(datetime(2027, 10, 5, 3, 0))


def test_content_read_for_sending_has_everything_but_the_rules(tmp_path: Path) -> None:
    """`broadcast` reads the content without the triage rules: its topics, footer, messages
    and plan are the same, its rules are visibly absent (NO_TRIAGE), and a broken
    triage.yaml does not stop a campaign message while it does stop the full read."""
    full, full_plan = load_content_and_plan()
    sending, plan = load_content_and_plan(triage=False)
    assert sending.topics == full.topics and sending.footer == full.footer
    assert sending.messages == full.messages and plan == full_plan
    assert sending.triage is NO_TRIAGE and not sending.triage.rules
    assert full.triage.rules
    folder = tmp_path / "responses"
    shutil.copytree(BUNDLED, folder)
    (folder / "triage.yaml").write_text("rules: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content_and_plan(folder)
    assert any("triage.yaml" in str(p) for p in caught.value.problems)
    assert load_content_and_plan(folder, triage=False)[0].topics == full.topics
