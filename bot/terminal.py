"""`python -m bot chat`: the same conversation in a terminal, no token or network needed.

Every line goes through the same `Dialogue` as Telegram's handlers, with the same commands
table, so `/help`, `/privacy`, `/forget`, `STOP` and the buttons answer exactly as they do
in Telegram. Buttons become numbered choices; `menu` shows the topics and `quit` (or
Ctrl-D) leaves. Subscribing here is pretend: it is kept in memory, never in the database,
so a demo cannot add anyone to real campaign messages. It also reads a piped stdin, so a
demo can be scripted: `printf 'hi\\n1\\n' | python -m bot chat`.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.answers import markup
from bot.answers.conversation import Conversation
from bot.answers.dialogue import Dialogue, MemorySubscriptions
from bot.answers.replies import Button, Reply

QUIT_WORDS = frozenset({"quit", "exit", "q", "/quit"})
MENU_WORDS = frozenset({"menu", "topics"})
TERMINAL_CHAT_ID = 0  # the one person at this terminal


def render(reply: Reply) -> str:
    """Plain text for a terminal: tags removed, buttons numbered."""
    lines = [markup.to_plain(reply.text)]
    buttons = [b for row in reply.buttons for b in row]
    if buttons:
        lines.append("")
        lines.extend(f"  {i}. {b.text}" for i, b in enumerate(buttons, 1))
    return "\n".join(lines)


class TerminalChat:
    """One terminal conversation, with the buttons of the last reply numbered."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.dialogue = Dialogue(conversation, MemorySubscriptions())
        self.buttons: list[Button] = []
        # One event loop for the whole chat: the dialogue is async because Telegram's is.
        self._runner = asyncio.Runner()

    def respond(self, line: str) -> Reply:
        """The reply to one line typed at the prompt."""
        return self._runner.run(self._respond(line.strip()))

    async def _respond(self, text: str) -> Reply:
        if text.lower() in MENU_WORDS:
            return self.conversation.menu()
        if text.isdigit() and 1 <= int(text) <= len(self.buttons):
            return await self.dialogue.button(TERMINAL_CHAT_ID, self.buttons[int(text) - 1].data)
        return await self.dialogue.respond(TERMINAL_CHAT_ID, text)

    def show(self, reply: Reply, out: TextIO) -> None:
        self.buttons = [b for row in reply.buttons for b in row]
        out.write(render(reply) + "\n\n")
        out.flush()

    def close(self) -> None:
        """Close the chat's event loop (`run` does this when the chat ends)."""
        self._runner.close()

    def run(self, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
        try:
            return self._loop(stdin, out)
        finally:
            self.close()

    def _loop(self, stdin: TextIO, out: TextIO) -> int:
        interactive = stdin.isatty()
        if interactive:
            out.write("Back-care bot, terminal chat. Type a question, a number to pick an option, "
                      "'menu' for topics, 'quit' to leave.\n\n")
        self.show(self.respond("/start"), out)
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
