"""Organisers in the chat: /stats, /broadcast with preview, Send and Cancel, refusals."""

from __future__ import annotations

import asyncio
import logging

from bot.testing.botapi import (
    callback_update,
    text_update,
)
from tests.telegram.conftest import (
    ADMIN,
    CONTENT,
    ask,
    buttons,
    services,
)

# -- organisers in the chat -----------------------------------------------------------------


async def test_non_admin_is_refused_politely_and_logged(stub, app, caplog):
    with caplog.at_level(logging.WARNING):
        [reply] = await ask(stub, text_update("/broadcast hello all", chat_id=80, user_id=80))
    assert reply.text.startswith(CONTENT.messages["not_admin"].split("\n")[0])
    [reply] = await ask(stub, text_update("/stats", chat_id=80, user_id=80))
    assert reply.text.startswith(CONTENT.messages["not_admin"].split("\n")[0])
    assert any("refused /broadcast from user 80" in r.getMessage() for r in caplog.records)
    assert await services(app).store.broadcasts() == []


async def test_admin_stats_shows_counts_only(stub, app):
    store = services(app).store
    await store.subscribe(81)
    await ask(stub, text_update("what is sciatica", chat_id=82, user_id=82))
    [reply] = await ask(stub, text_update("/stats", chat_id=ADMIN, user_id=ADMIN))
    assert "active 1" in reply.text
    assert "sciatica: 1" in reply.text
    assert "what is sciatica" not in reply.text  # counts, never message text


async def test_admin_broadcast_preview_send_progress_and_no_double_send(stub, app):
    store = services(app).store
    for chat in (101, 102, 103):
        await store.subscribe(chat)
    await store.subscribe(104)
    await store.unsubscribe(104)
    header, preview = await ask(stub, text_update("/broadcast Tips & <tricks> for the week",
                                                  chat_id=ADMIN, user_id=ADMIN), n=2)
    assert "3 subscriber(s)" in header.text
    assert preview.text.startswith("Tips &amp; &lt;tricks&gt; for the week")
    [(_, send_data), (_, cancel_data)] = buttons(preview)
    assert send_data.startswith("bc:send:") and cancel_data.startswith("bc:cancel:")
    stub.push_update(callback_update(send_data, chat_id=ADMIN, user_id=ADMIN))
    await stub.wait_for(lambda: all(stub.sent_to(c) for c in (101, 102, 103)), timeout=10)
    stub.push_update(callback_update(send_data, chat_id=ADMIN, user_id=ADMIN))  # double press
    await stub.wait_for(lambda: any("finished" in e.text for e in stub.edits), timeout=10)
    await asyncio.sleep(0.5)
    assert stub.sent_to(104) == []
    for chat in (101, 102, 103):
        assert [m.text for m in stub.sent_to(chat)] == [preview.text]
    [summary] = await store.broadcasts()
    assert summary.counts["sent"] == 3 and summary.finished_at is not None


async def test_admin_broadcast_cancel_sends_nothing(stub, app):
    store = services(app).store
    await store.subscribe(111)
    _, preview = await ask(stub, text_update("/broadcast hello", chat_id=ADMIN, user_id=ADMIN),
                           n=2)
    cancel = buttons(preview)[1][1]
    [reply] = await ask(stub, callback_update(cancel, chat_id=ADMIN, user_id=ADMIN))
    assert reply.text.startswith(CONTENT.messages["admin_broadcast_cancelled"].split("\n")[0])
    await asyncio.sleep(0.3)
    assert stub.sent_to(111) == []


async def test_admin_broadcast_without_text_or_with_bad_html_explains(stub, app):
    [usage] = await ask(stub, text_update("/broadcast", chat_id=ADMIN, user_id=ADMIN))
    assert "/broadcast" in usage.text
    [bad] = await ask(stub, text_update("/broadcast <b>unclosed", chat_id=ADMIN, user_id=ADMIN))
    assert bad.text.startswith("That message can")
