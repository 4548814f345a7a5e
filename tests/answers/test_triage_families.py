"""Triage families: the messages each round of work on the rules fixed, and their near misses.

They live in triage_families.yaml (one entry per behaviour) because they are data: a new family
is a few lines of YAML, not two more copies of the same test function. The header of that
file says what each `expect` means.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answers.matching import Matcher
from bot.answers.triage import Tier

FAMILIES = Path(__file__).with_name("triage_families.yaml")

# What each `expect` allows, given the tier the bot chose (None: no alarm).
OUTCOMES: dict[str, Callable[[Tier | None], bool]] = {
    "emergency": lambda got: got is Tier.EMERGENCY,
    "urgent": lambda got: got is Tier.URGENT,
    "crisis": lambda got: got is Tier.CRISIS,
    "none": lambda got: got is None,
    "any alarm": lambda got: got is not None,
    "urgent or emergency": lambda got: got in (Tier.URGENT, Tier.EMERGENCY),
    "not crisis": lambda got: got is not Tier.CRISIS,
    "not emergency": lambda got: got is not Tier.EMERGENCY,
    "neither emergency nor crisis": lambda got: got not in (Tier.EMERGENCY, Tier.CRISIS),
}


def _exactly(tier: Tier) -> Callable[[Tier | None], bool]:
    return lambda got: got is tier


def _at_least(tier: Tier) -> Callable[[Tier | None], bool]:
    """Over-triage is allowed for urgent (999 for a 111 sign), never under-triage."""
    allowed = (Tier.URGENT, Tier.EMERGENCY) if tier is Tier.URGENT else (tier,)
    return lambda got: got in allowed


BY_TIER = {"its tier": _exactly, "its tier, or emergency for urgent": _at_least}


# Read once, at collection, for both tests below.
ENTRIES: list[dict[str, Any]] = yaml.safe_load(FAMILIES.read_text(encoding="utf-8"))


def _cases() -> list[Any]:
    cases = []
    for entry in ENTRIES:
        expect = entry["expect"]
        if "messages" in entry:
            check = OUTCOMES[expect]
            cases += [pytest.param(message, expect, check, id=f"{entry['test']}-{i}")
                      for i, message in enumerate(entry["messages"])]
        else:
            cases += [pytest.param(message, f"{tier} ({expect})", BY_TIER[expect](Tier(tier)),
                                   id=f"{entry['test']}-{i}")
                      for i, (message, tier) in enumerate(entry["cases"])]
    return cases


def test_every_entry_is_well_formed() -> None:
    """A typo in `expect` or a family with no messages would silently test nothing."""
    names = [entry["test"] for entry in ENTRIES]
    assert len(names) == len(set(names)), "two entries share a name"
    for entry in ENTRIES:
        if "messages" in entry:
            assert entry["expect"] in OUTCOMES, entry["test"]
            assert entry["messages"], entry["test"]
        else:
            assert entry["expect"] in BY_TIER, entry["test"]
            assert entry["cases"], entry["test"]


@pytest.mark.parametrize(("message", "expect", "check"), _cases())
def test_family(matcher: Matcher, message: str, expect: str,
                check: Callable[[Tier | None], bool]) -> None:
    got = matcher.match(message).triage
    assert check(got), f"{message!r}: expected {expect}, got {got}"
