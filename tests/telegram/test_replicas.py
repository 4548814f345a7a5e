"""Two replicas of the bot behind one URL, sharing one database: what people do lands once.

Two real Applications (as two web processes would be) share the database of `db_url`
(SQLite and PostgreSQL); updates alternate between them, as a load balancer sends them.
Subscriptions, opt-outs and an organiser's broadcast pressed on both replicas must come out
exactly as with one process: every record kept, nobody sent the broadcast twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram import Update

from bot.telegram import app as telegram_app
from bot.telegram.context import App
from bot.testing.botapi import BotAPIStub, callback_update, text_update
from bot.testing.clock import FakeClock
from tests.telegram.conftest import ADMIN, CONTENT, PATIENCE, buttons, settings_for

pytestmark = pytest.mark.slow

# Both replicas read one clock standing at a weekday noon: the broadcast is never caught by
# quiet hours, whatever time the tests run.
NOON = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
async def replicas(stub: BotAPIStub, tmp_path: Path, db_url: str) -> AsyncIterator[list[App]]:
    apps = []
    clock = FakeClock(NOON)
    for _ in range(2):
        application = telegram_app.build_application(
            settings_for(stub, tmp_path, DATABASE_URL=db_url), CONTENT, clock=clock)
        await application.initialize()
        assert application.post_init is not None
        await application.post_init(application)  # opens the store, as at start
        apps.append(application)
    try:
        yield apps
    finally:
        for application in apps:
            assert application.post_stop is not None and application.post_shutdown is not None
            await application.post_stop(application)
            await application.shutdown()
            await application.post_shutdown(application)


_ids = iter(range(70_000, 80_000))


async def handle(application: App, update: dict) -> None:
    """What the replica does with one update, to the end (handlers awaited)."""
    update.setdefault("update_id", next(_ids))
    await application.process_update(Update.de_json(update, application.bot))


async def test_two_replicas_keep_every_record_and_send_a_broadcast_once(
        stub: BotAPIStub, replicas: list[App]) -> None:
    a, b = replicas
    chats = list(range(301, 311))
    for i, chat in enumerate(chats):  # the balancer alternates
        await handle(replicas[i % 2], text_update("/subscribe", chat_id=chat, user_id=chat))
    await handle(b, text_update("STOP", chat_id=301, user_id=301))  # joined through a
    await handle(a, text_update("/forget", chat_id=302, user_id=302))  # joined through b
    store = a.bot_data.store
    assert store is not None
    counts = await store.subscriber_counts()
    assert counts["active"] == 8 and counts["unsubscribed"] == 1

    # The organiser previews on one replica and presses Send twice, each press reaching the
    # other replica in turn.
    await handle(a, text_update("/broadcast Week two: try a gentle walk", chat_id=ADMIN,
                                user_id=ADMIN))
    preview = stub.sent_to(ADMIN)[-1]
    [(_, send), _] = buttons(preview)
    await asyncio.gather(handle(a, callback_update(send, chat_id=ADMIN, user_id=ADMIN)),
                         handle(b, callback_update(send, chat_id=ADMIN, user_id=ADMIN)))
    running = [t for app in replicas for t in app.bot_data.admin_tasks.values()]
    await asyncio.wait_for(asyncio.gather(*running), PATIENCE)
    for chat in chats[2:]:
        assert [m.text for m in stub.sent_to(chat)][-1:] == [preview.text]
        assert sum(m.text == preview.text for m in stub.sent_to(chat)) == 1, chat
    assert not any(m.text == preview.text for chat in chats[:2] for m in stub.sent_to(chat))
    [summary] = await store.broadcasts()
    assert summary.counts["sent"] == 8 and summary.counts["pending"] == 0
