"""A poison update (issue 9): one update python-telegram-bot cannot parse must not stall
polling, and must be logged once, by id, without what the user wrote or their name.

python-telegram-bot parses a whole getUpdates batch at once; one update with a field of the
wrong type failed the batch, the offset never moved past it, and the same batch was fetched
and failed again for ever, logged at CRITICAL with the raw data each time. The bot's
`TolerantBot` (bot/telegram/tolerant.py) reads each update on its own.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.testing.botapi import text_update
from tests.telegram.conftest import CONTENT, push_and_wait

pytestmark = pytest.mark.slow

SECRET_TEXT = "my secret symptom words"
SECRET_NAME = "Secretname"


def poison(chat_id: int, how: str = "date") -> dict[str, Any]:
    """A message update whose JSON `Update.de_json` cannot read (a field of a wrong type)."""
    update = text_update(SECRET_TEXT, chat_id=chat_id, user_id=chat_id, first_name=SECRET_NAME)
    message = update["message"]
    if how == "date":
        message["date"] = "yesterday"
    elif how == "chat":
        message["chat"] = SECRET_NAME
    else:
        message["entities"] = [{"type": "bold", "text": SECRET_TEXT}]
    return update


def sciatica(reply_text: str) -> bool:
    return reply_text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])


@pytest.mark.parametrize("how", ["date", "chat", "entities"])
async def test_a_poison_update_is_skipped_logged_once_and_polling_goes_on(
        stub, app, processed, caplog, how):
    # INFO, as the bot runs: python-telegram-bot's DEBUG lines show every update raw.
    with caplog.at_level(logging.INFO):
        before, bad, after = await push_and_wait(
            stub, processed,
            text_update("what is sciatica", chat_id=90, user_id=90),
            poison(91, how),
            text_update("what is sciatica", chat_id=92, user_id=92))
        [later] = await push_and_wait(stub, processed,
                                      text_update("what is sciatica", chat_id=93, user_id=93))
    for chat in (90, 92, 93):
        [reply] = stub.sent_to(chat)
        assert sciatica(reply.text)
    assert stub.sent_to(91) == []
    assert all(u["update_id"] > later["update_id"] - 1 for u in stub.pending_updates)
    skipped = [r for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(skipped) == 1 and str(bad["update_id"]) in skipped[0].getMessage()
    assert SECRET_TEXT not in caplog.text and SECRET_NAME not in caplog.text
    assert all(record.levelno < logging.CRITICAL for record in caplog.records)


async def test_a_poison_update_last_in_its_batch_is_not_fetched_again(
        stub, app, processed, caplog):
    with caplog.at_level(logging.INFO):
        [bad] = await push_and_wait(stub, processed, poison(94))
        await push_and_wait(stub, processed,
                            text_update("what is sciatica", chat_id=95, user_id=95))
    assert sciatica(stub.sent_to(95)[0].text)
    getupdates = stub.requests_for("getUpdates")
    assert any(r.params.get("offset") == bad["update_id"] + 1 for r in getupdates)
    assert len([r for r in caplog.records if "could not be read" in r.getMessage()]) == 1
    assert SECRET_TEXT not in caplog.text and SECRET_NAME not in caplog.text
