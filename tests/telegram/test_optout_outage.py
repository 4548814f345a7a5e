"""STOP, /unsubscribe and /forget while the database is down: kept, said so, and applied when
it is back, through the real Application. The outage is a proxy in front of the bot's real
store that fails as a lost connection does (`tests.storage.test_optouts.Outage`)."""

from __future__ import annotations

import asyncio

import pytest

from bot.testing.botapi import text_update
from tests.storage.test_optouts import Outage
from tests.telegram.conftest import CONTENT, PATIENCE, ask, services


def first_line(key: str) -> str:
    return CONTENT.messages[key].strip().split("\n")[0][:40]


@pytest.mark.parametrize(("typed", "kept", "after"), [
    ("STOP", "unsubscribe_kept", "unsubscribed"),
    ("/unsubscribe", "unsubscribe_kept", "unsubscribed"),
    ("/forget", "forget_kept", None),
])
async def test_opt_out_in_an_outage_is_kept_then_applied(stub, app, typed, kept, after):
    data = services(app)
    assert data.store is not None and data.optouts is not None
    chat = 31
    await data.store.subscribe(chat)
    outage = Outage(data.store)
    data.optouts.store = outage
    outage.down = True
    [reply] = await ask(stub, text_update(typed, chat_id=chat, user_id=chat))
    assert reply.text.startswith(first_line(kept))
    assert await data.store.status(chat) == "active"  # not yet: the database is down
    outage.down = False
    await asyncio.wait_for(data.optouts.applied.wait(), PATIENCE)
    assert await data.store.status(chat) == after


async def test_joining_in_an_outage_asks_to_try_again(stub, app):
    data = services(app)
    assert data.store is not None and data.optouts is not None
    outage = Outage(data.store)
    data.optouts.store = outage
    outage.down = True
    [reply] = await ask(stub, text_update("/subscribe", chat_id=32, user_id=32), n=1)
    assert reply.text.startswith(first_line("subscribe_unavailable"))
    outage.down = False
    assert await data.store.status(32) is None
