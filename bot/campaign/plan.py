"""The awareness-week plan (`responses/campaign.yaml`) and the quiet hours it sets.

Organisers write the plan; `check` validates it like the rest of the content. Times are
Europe/London wall-clock times, so the plan reads the way organisers think ("Monday
10:00"), across the clock change, and quiet hours keep campaign messages out of the night.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.answers import markup
from bot.answers.content import Content, ContentError, Reader, Topic, default_folder
from bot.answers.yamlfile import LinedDict, LinedList

# Without a plan (or with an unreadable quiet_hours), campaign messages wait 21:00-08:00.
DEFAULT_QUIET = (time(21, 0), time(8, 0))
LONDON = ZoneInfo("Europe/London")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,50}$")
_TIME_OF_DAY = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
FILE = "campaign.yaml"


@dataclass(frozen=True)
class PlanItem:
    id: str
    at: datetime  # timezone-aware, in the plan's zone
    topic: str | None
    message: str | None


@dataclass(frozen=True)
class Campaign:
    zone: ZoneInfo
    quiet_start: time
    quiet_end: time
    grace: timedelta
    ends: datetime
    items: tuple[PlanItem, ...]

    def quiet(self, when: datetime) -> bool:
        """Whether `when` falls in quiet hours (which may run over midnight).

        Quiet hours are wall-clock times in the plan's zone, so 21:00-08:00 London stays
        21:00-08:00 on either side of a clock change. `when` must be timezone-aware: a naive
        time would be read in the host's zone, making the answer depend on the machine.
        """
        if when.utcoffset() is None:
            raise ValueError(f"quiet hours need a timezone-aware time, got {when!r}")
        local = when.astimezone(self.zone).time()
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= local < self.quiet_end
        return local >= self.quiet_start or local < self.quiet_end


def no_plan() -> Campaign:
    """The quiet hours that apply when there is no campaign.yaml: nothing is scheduled."""
    return Campaign(LONDON, *DEFAULT_QUIET, timedelta(0),
                    datetime.max.replace(tzinfo=UTC), ())


def quiet_now(plan: Campaign | None, now: datetime) -> bool:
    """Whether campaign messages should wait: the plan's quiet hours, else 21:00-08:00 London."""
    return (plan or no_plan()).quiet(now)


def _time_of_day(reader: Reader, label: str, data: LinedDict, key: str) -> time:
    value = str(data.get(key, ""))
    match = _TIME_OF_DAY.match(value)
    if not match:
        reader.problem(label, data.line_of(key), f"'{key}' must be a time like \"21:00\"")
        return time(0, 0)
    return time(int(match.group(1)), int(match.group(2)))


def _when(reader: Reader, label: str, value: Any, line: int, zone: ZoneInfo,
          what: str) -> datetime | None:
    try:
        parsed = value if isinstance(value, datetime) else \
            datetime.strptime(str(value).strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        reader.problem(label, line, f"{what} must be a date and time like \"2027-10-04 10:00\"")
        return None
    if parsed.tzinfo is not None:
        reader.problem(label, line, f"{what}: write London wall-clock time, without a zone")
        return None
    return parsed.replace(tzinfo=zone)


def read(reader: Reader, topics: dict[str, Topic]) -> Campaign | None:
    """Parse and validate campaign.yaml (optional: no file means no scheduled campaign)."""
    label, data = reader.file(FILE, required=False)
    if data is None:
        return None
    data = reader.mapping(label, data, 1, {"timezone", "quiet_hours", "grace_minutes", "ends",
                                            "items"})
    if data is None:
        return None
    try:
        zone = ZoneInfo(str(data.get("timezone", "")))
    except (ZoneInfoNotFoundError, ValueError):
        reader.problem(label, data.line_of("timezone"),
                       "'timezone' must be a zone name like Europe/London")
        zone = LONDON
    quiet = reader.mapping(label, data.get("quiet_hours"), data.line_of("quiet_hours"),
                           {"start", "end"})
    quiet_start = _time_of_day(reader, label, quiet, "start") if quiet else DEFAULT_QUIET[0]
    quiet_end = _time_of_day(reader, label, quiet, "end") if quiet else DEFAULT_QUIET[1]
    grace_value = data.get("grace_minutes")
    if not isinstance(grace_value, int) or isinstance(grace_value, bool) or \
            not 0 <= grace_value <= 24 * 60:
        reader.problem(label, data.line_of("grace_minutes"),
                       "'grace_minutes' must be a whole number of minutes from 0 to 1440")
        grace_value = 0
    ends = _when(reader, label, data.get("ends"), data.line_of("ends"), zone, "'ends'")
    campaign = Campaign(zone, quiet_start, quiet_end, timedelta(minutes=grace_value),
                        ends or datetime.max.replace(tzinfo=UTC), ())
    items_data = data.get("items")
    if not isinstance(items_data, LinedList):
        reader.problem(label, data.line_of("items"), "'items' must be a list")
        return None
    items: list[PlanItem] = []
    seen: set[str] = set()
    for entry in items_data:
        entry = reader.mapping(label, entry, items_data.line, {"id", "at"}, {"topic", "message"})
        if entry is None:
            continue
        item_id = str(entry.get("id", ""))
        if not _ID.match(item_id):
            reader.problem(label, entry.line_of("id"), f"item id '{item_id}' must be lower-case "
                           "letters, digits, - and _ (it names the broadcast)")
        elif item_id in seen:
            reader.problem(label, entry.line_of("id"), f"duplicate item id '{item_id}'")
        seen.add(item_id)
        at = _when(reader, label, entry.get("at"), entry.line_of("at"), zone, "'at'")
        topic, message = entry.get("topic"), entry.get("message")
        if (topic is None) == (message is None):
            reader.problem(label, entry.line, "give exactly one of 'topic' or 'message'")
        if topic is not None and topic not in topics:
            reader.problem(label, entry.line_of("topic"), f"unknown topic '{topic}'")
        if message is not None:
            if not isinstance(message, str) or not message.strip():
                reader.problem(label, entry.line_of("message"), "'message' must be text")
                message = None
            else:
                message = message.strip()
                for problem in markup.problems(message):
                    reader.problem(label, entry.line_of("message"), f"'message': {problem}")
                reader.check_length(label, entry.line_of("message"), f"item '{item_id}'",
                                    message)
        if at is not None:
            if campaign.quiet(at):
                reader.problem(label, entry.line_of("at"),
                               "this time is in quiet hours: it would never be sent")
            if ends is not None and at >= ends:
                reader.problem(label, entry.line_of("at"), "this time is after 'ends'")
            items.append(PlanItem(item_id, at, topic, message))
    return Campaign(zone, quiet_start, quiet_end, campaign.grace, campaign.ends,
                    tuple(sorted(items, key=lambda i: i.at)))


def load_content_and_plan(folder: Path | None = None,
                          triage: bool = True) -> tuple[Content, Campaign | None]:
    """The content and its campaign plan, validated together so `check` lists every problem.

    The answer engine knows nothing of the campaign; this is where the two meet. With
    `triage=False` the triage rules are not read (`Reader.read`): for sending, not answering.
    """
    reader = Reader(Path(folder) if folder else default_folder())
    content = reader.read(triage)
    plan = read(reader, reader.topics)
    if content is None or reader.problems:
        raise ContentError(reader.problems)
    return content, plan
