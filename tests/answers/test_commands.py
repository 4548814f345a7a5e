"""The commands table: typed commands are parsed the way Telegram writes them, and every
public command has the description the command menu and /help show."""

from __future__ import annotations

import pytest

from bot.answers import commands
from bot.answers.commands import COMMANDS, PUBLIC, Action, Invocation
from bot.answers.content import Content


@pytest.mark.parametrize("text,expected", [
    ("/help", Invocation("help", None, "")),
    ("/HELP", Invocation("help", None, "")),
    ("/start sciatica", Invocation("start", None, "sciatica")),
    ("  /start   sciatica extra ", Invocation("start", None, "sciatica extra")),
    ("/help@BackCareBot", Invocation("help", "BackCareBot", "")),
    ("/broadcast Tips & tricks", Invocation("broadcast", None, "Tips & tricks")),
])
def test_parse_reads_name_bot_and_arguments(text: str, expected: Invocation) -> None:
    assert commands.parse(text) == expected


@pytest.mark.parametrize("text", ["", "help", "/", "/@bot", "what is /help", "  "])
def test_parse_refuses_what_is_not_a_command(text: str) -> None:
    assert commands.parse(text) is None


def test_every_name_and_alias_finds_its_command() -> None:
    for command in COMMANDS:
        for name in command.names:
            assert commands.find(name) is command
            assert commands.find(name.upper()) is command
    assert commands.find("frobnicate") is None


def test_names_are_unique_and_valid_for_telegram() -> None:
    names = [name for command in COMMANDS for name in command.names]
    assert len(names) == len(set(names))
    assert all(name.isascii() and name.islower() and 1 <= len(name) <= 32 for name in names)


def test_organisers_commands_are_not_public() -> None:
    assert {c.action for c in COMMANDS if c.admin} == {Action.STATS, Action.BROADCAST,
                                                      Action.REPORT}
    assert not any(c.admin for c in PUBLIC)


def test_every_public_command_is_described_in_the_content(content: Content) -> None:
    assert list(content.commands) == [c.name for c in PUBLIC]
    assert all(content.commands[c.name].strip() for c in PUBLIC)
