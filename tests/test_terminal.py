"""The terminal chat is the same conversation as Telegram: every line goes through the
shared `Dialogue`, so commands, STOP and buttons answer exactly as the bot does."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator

import pytest

from bot.answers import commands
from bot.answers.content import Content
from bot.answers.conversation import Conversation
from bot.answers.dialogue import Dialogue, MemorySubscriptions
from bot.terminal import TERMINAL_CHAT_ID, TerminalChat, render


@pytest.fixture
def chat(conversation: Conversation) -> Iterator[TerminalChat]:
    terminal = TerminalChat(conversation)
    yield terminal
    terminal.close()


def telegram_answer(conversation: Conversation, line: str) -> str:
    """What the Telegram handlers send for `line`, by the same route they take."""
    dialogue = Dialogue(conversation, MemorySubscriptions())
    typed = commands.parse(line)

    async def answer() -> str:
        if typed is not None:
            found = commands.find(typed.name)
            assert found is not None
            return (await dialogue.command(TERMINAL_CHAT_ID, found, typed.args)).text
        return (await dialogue.text(TERMINAL_CHAT_ID, line)).text

    return asyncio.run(answer())


@pytest.mark.parametrize("line", ["/help", "/privacy", "/forget", "/start", "/start sciatica",
                                  "/topics", "/subscribe", "/unsubscribe", "STOP",
                                  "what is sciatica", "both my legs have gone numb",
                                  "/stats", "/broadcast hi"])
def test_each_line_gets_the_telegram_reply(chat: TerminalChat, conversation: Conversation,
                                           line: str) -> None:
    assert chat.respond(line).text == telegram_answer(conversation, line)


def test_help_is_help_and_privacy_is_privacy(chat: TerminalChat, content: Content) -> None:
    assert chat.respond("/help").text.startswith(content.messages["help"].split("\n")[0])
    assert chat.respond("/privacy").text.startswith(
        content.messages["privacy"].split("\n")[0])
    assert chat.respond("/forget").text.startswith(
        content.messages["forget_done"].split("\n")[0])


def test_stop_acts_at_once_and_subscribing_is_remembered(chat: TerminalChat,
                                                         content: Content) -> None:
    assert chat.respond("/subscribe").text.startswith(
        content.messages["subscribed"].split("\n")[0])
    stopped = chat.respond("STOP")
    assert stopped.text.startswith(content.messages["unsubscribed"].split("\n")[0])
    assert stopped.buttons == ()


def test_numbers_press_the_buttons_of_the_last_reply(chat: TerminalChat) -> None:
    out = io.StringIO()
    chat.show(chat.respond("please sign me up"), out)
    assert "1. " in out.getvalue()
    confirm = next(i for i, b in enumerate(chat.buttons, 1) if b.data == "sub:yes")
    joined = chat.respond(str(confirm))
    assert "signed up" in joined.text


def test_unknown_command_is_named_back(chat: TerminalChat) -> None:
    assert "/frobnicate" in render(chat.respond("/frobnicate now"))


def test_a_scripted_session_runs_to_the_end(conversation: Conversation) -> None:
    out = io.StringIO()
    code = TerminalChat(conversation).run(io.StringIO("/help\nSTOP\nquit\n"), out)
    assert code == 0
    assert "you> /help" in out.getvalue() and "you> STOP" in out.getvalue()
