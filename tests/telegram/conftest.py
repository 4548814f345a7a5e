"""Fixtures for running the real python-telegram-bot Application against the stand-in.

`stub` is the local Bot API (bot/testing/botapi); `app` is the bot's Application polling it,
with its store in a temporary SQLite file. `processed` is the Application's update processor:
`await processed(update)` returns once the bot has finished with that update, so a test that
expects no answer asserts at that moment instead of after a sleep (`push_and_wait`). The
autouse `every_message_has_footer` check runs after every test that used the stand-in: no code
path may send text without the safety footer.

Every wait here is for an event (a request reaching the stand-in, an update handled) and has a
timeout, PATIENCE, that only a failing test ever reaches.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answers.content import load_content
from bot.config import load_settings
from bot.telegram import app as telegram_app
from bot.telegram.context import BotData
from bot.testing.botapi import (
    BotAPIStub,
)
from bot.testing.processed import ProcessedUpdates

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123:TEST"
ADMIN = 999
# The bundled content without its campaign plan, so no scheduled message can arrive in the
# middle of these tests whatever the date (tests/test_schedule.py covers the plan).
CONTENT = load_content()
FOOTER = CONTENT.footer
# Seconds any wait may take before the test fails: long, as only a failure waits this long.
PATIENCE = 30.0


@pytest.fixture
async def stub():
    async with BotAPIStub(token=TOKEN) as s:
        yield s


@pytest.fixture(autouse=True)
def every_message_has_footer(request):
    """After each test: everything the bot sent or edited ends with the footer."""
    yield
    stub = request.node.funcargs.get("stub")
    if stub is None:
        return
    for message in [*stub.sent, *stub.edits]:
        assert message.text.rstrip().endswith(FOOTER), message.text[-200:]


def settings_for(stub: BotAPIStub, tmp_path: Path, **extra: str):
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": stub.base_url,
           "DATABASE_URL": f"sqlite:///{tmp_path}/bot.sqlite3", "ADMIN_IDS": str(ADMIN),
           **extra}
    return load_settings(env)


@pytest.fixture
def processed() -> ProcessedUpdates:
    """The `app` fixture's update processor: `await processed(update_or_id, ...)`."""
    return ProcessedUpdates(telegram_app.CONCURRENT_UPDATES, timeout=PATIENCE)


@pytest.fixture
async def app(stub, tmp_path, processed):
    application = telegram_app.build_application(settings_for(stub, tmp_path), CONTENT,
                                                 updates=processed)
    await telegram_app.start_polling(application, poll_timeout=1)
    try:
        yield application
    finally:
        await telegram_app.stop_polling(application)


def services(application) -> BotData:
    return application.bot_data


async def ask(stub: BotAPIStub, update: dict, n: int = 1, chat_id: int | None = None):
    """Push one update and return the messages sent to its chat after it."""
    chat = chat_id if chat_id is not None else _chat_of(update)
    before = len(stub.sent_to(chat))
    stub.push_update(update)
    await stub.wait_for(lambda: len(stub.sent_to(chat)) >= before + n, timeout=PATIENCE)
    return stub.sent_to(chat)[before:]


async def push_and_wait(stub: BotAPIStub, processed: ProcessedUpdates,
                        *updates: dict) -> list[dict]:
    """Push updates and return once the bot has finished with every one of them."""
    pushed = stub.push_updates(updates)
    await processed(*pushed)
    return pushed


def _chat_of(update: dict) -> int:
    for key in ("message", "edited_message"):
        if key in update:
            return update[key]["chat"]["id"]
    return update["callback_query"]["message"]["chat"]["id"]


def buttons(message) -> list[tuple[str, str]]:
    markup = message.reply_markup or {}
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", [])
            for b in row]


