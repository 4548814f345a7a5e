"""The chat commands: one table that every front end is generated from.

Telegram's handler registration, the command menu (`setMyCommands`), the `/help` text and
the terminal chat all read `COMMANDS`, so they cannot drift apart: a command added here is
registered, listed and answered everywhere at once. The descriptions people see are
content (`responses/messages.yaml`, `commands:`), checked against this table on load.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Action(enum.Enum):
    """What a command does; front ends map each action to their own way of doing it."""

    START = "start"
    TOPICS = "topics"
    HELP = "help"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    PRIVACY = "privacy"
    FORGET = "forget"
    MYID = "myid"
    STATS = "stats"
    BROADCAST = "broadcast"
    REPORT = "report"


@dataclass(frozen=True)
class Command:
    name: str
    action: Action
    aliases: tuple[str, ...] = ()
    # Organisers only (ADMIN_IDS): never listed in the public menu or /help.
    admin: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# In the order the command menu and /help list them.
COMMANDS: tuple[Command, ...] = (
    Command("start", Action.START),
    Command("topics", Action.TOPICS, aliases=("menu",)),
    Command("help", Action.HELP),
    Command("subscribe", Action.SUBSCRIBE),
    Command("unsubscribe", Action.UNSUBSCRIBE, aliases=("stop",)),
    Command("privacy", Action.PRIVACY),
    Command("forget", Action.FORGET),
    Command("myid", Action.MYID),
    Command("stats", Action.STATS, admin=True),
    Command("broadcast", Action.BROADCAST, admin=True),
    Command("report", Action.REPORT, admin=True),
)

PUBLIC = tuple(c for c in COMMANDS if not c.admin)
_BY_NAME = {name: command for command in COMMANDS for name in command.names}


def find(name: str) -> Command | None:
    """The command called `name` (without the slash, any case), or None."""
    return _BY_NAME.get(name.lower())


@dataclass(frozen=True)
class Invocation:
    """A command as typed: `/name@bot arguments`."""

    name: str
    bot: str | None  # the @username it was addressed to in a group, if any
    args: str


def parse(text: str) -> Invocation | None:
    """Split a typed command; None when the text is not a command at all."""
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) < 2:
        return None
    head, _, args = stripped[1:].partition(" ")
    name, _, bot = head.partition("@")
    if not name:
        return None
    return Invocation(name.lower(), bot or None, args.strip())
