"""`python -m bot chat`: the same conversation in a terminal, no token or network needed.

Buttons become numbered choices. `menu` shows the topics, `quit` (or Ctrl-D) leaves.
It also reads a piped stdin, so a demo can be scripted: `printf 'hi\\n1\\n' | ...`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from bot.answers import markup
from bot.answers.conversation import Conversation
from bot.answers.replies import (
    CANCEL,
    CONFIRM_SUBSCRIBE,
    CONFIRM_UNSUBSCRIBE,
    MENU,
    TOPIC_PREFIX,
    Button,
    Reply,
    message_reply,
)

QUIT_WORDS = frozenset({"quit", "exit", "q", "/quit", "bye!"})
MENU_WORDS = frozenset({"menu", "/menu", "/topics", "topics"})


def render(reply: Reply) -> str:
    """Plain text for a terminal: tags removed, buttons numbered."""
    lines = [markup.to_plain(reply.text)]
    buttons = [b for row in reply.buttons for b in row]
    if buttons:
        lines.append("")
        lines.extend(f"  {i}. {b.text}" for i, b in enumerate(buttons, 1))
    return "\n".join(lines)


class TerminalChat:
    """One terminal conversation; `actions` handles the buttons that are not topics."""

    def __init__(self, conversation: Conversation,
                 actions: dict[str, Callable[[], Reply]] | None = None) -> None:
        self.conversation = conversation
        self.buttons: list[Button] = []
        content = conversation.content
        self.actions = actions or {
            CONFIRM_SUBSCRIBE: lambda: message_reply(content, "subscribed"),
            CONFIRM_UNSUBSCRIBE: lambda: message_reply(content, "unsubscribed"),
            CANCEL: lambda: message_reply(content, "subscribe_cancelled", menu=True),
        }

    def respond(self, line: str) -> Reply:
        """The reply to one line typed at the prompt."""
        text = line.strip()
        if text.lower() in MENU_WORDS:
            return self.conversation.menu()
        if text.isdigit() and 1 <= int(text) <= len(self.buttons):
            return self.press(self.buttons[int(text) - 1])
        if text.startswith("/start"):
            return self.conversation.start(text[len("/start"):].strip() or None)
        return self.conversation.reply_to_text(text)

    def press(self, button: Button) -> Reply:
        if button.data == MENU:
            return self.conversation.menu()
        if button.data.startswith(TOPIC_PREFIX):
            reply = self.conversation.reply_to_topic(button.data[len(TOPIC_PREFIX):])
            if reply:
                return reply
        action = self.actions.get(button.data)
        return action() if action else self.conversation.menu()

    def show(self, reply: Reply, out: TextIO) -> None:
        self.buttons = [b for row in reply.buttons for b in row]
        out.write(render(reply) + "\n\n")
        out.flush()

    def run(self, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
        interactive = stdin.isatty()
        if interactive:
            out.write("Back-care bot, terminal chat. Type a question, a number to pick an option, "
                      "'menu' for topics, 'quit' to leave.\n\n")
        self.show(self.conversation.start(), out)
        while True:
            if interactive:
                out.write("you> ")
                out.flush()
            line = stdin.readline()
            if not line or line.strip().lower() in QUIT_WORDS:
                return 0
            if not interactive:
                out.write(f"you> {line.strip()}\n")
            self.show(self.respond(line), out)
