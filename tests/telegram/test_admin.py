"""Organisers in the chat: /stats, /broadcast with preview, Send and Cancel, refusals.

The Application here runs on a `FakeClock` (this module's own `app` fixture): the Send
button's quiet-hours check, the check while sending and the broadcast ids all read it, so
these tests pass at any hour, and Send is tried at 03:00, at noon and on the days the clocks
change. Nothing sleeps: each test waits for what shows the bot has finished (its reply, the
final edit of the progress message), then asserts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import telegram

from bot.campaign import delivery
from bot.telegram import app as telegram_app
from bot.telegram.context import App
from bot.testing.botapi import BotAPIStub, SentMessage, callback_update, text_update
from bot.testing.clock import FakeClock
from tests.campaign.moments import NOON, QUIET_HOURS, london
from tests.telegram.conftest import (
    ADMIN,
    CONTENT,
    ask,
    buttons,
    services,
    settings_for,
)

pytestmark = pytest.mark.slow  # every test here runs the whole Application

PATIENCE = 30.0  # seconds any wait may take: only a failing test waits this long
# The progress message's last edit (messages.yaml: admin_broadcast_done, _paused).
FINISHED, PAUSED = " finished: ", " paused with "


@pytest.fixture
def clock() -> FakeClock:
    """The bot's clock: noon in London unless a test moves it, so never quiet hours."""
    return FakeClock(NOON)


@pytest.fixture
async def app(stub: BotAPIStub, tmp_path: Path, clock: FakeClock) -> AsyncIterator[App]:
    """The Application polling the stand-in, on `clock` (instead of conftest's `app`)."""
    application = telegram_app.build_application(settings_for(stub, tmp_path), CONTENT,
                                                 clock=clock)
    await telegram_app.start_polling(application, poll_timeout=1)
    try:
        yield application
    finally:
        await telegram_app.stop_polling(application)


def first_line(key: str) -> str:
    return CONTENT.messages[key].split("\n")[0]


async def preview(stub: BotAPIStub, text: str) -> tuple[SentMessage, str, str]:
    """`/broadcast TEXT` from the admin: the preview, and its Send and Cancel button data."""
    _, message = await ask(stub, text_update(f"/broadcast {text}", chat_id=ADMIN,
                                             user_id=ADMIN), n=2)
    [(_, send), (_, cancel)] = buttons(message)
    return message, send, cancel


async def press(stub: BotAPIStub, data: str) -> SentMessage:
    """Press a preview button as the admin; the bot's reply (a progress message, say)."""
    [reply] = await ask(stub, callback_update(data, chat_id=ADMIN, user_id=ADMIN))
    return reply


def sends_wait(monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Hold every broadcast send until the returned event is set: a test then knows the
    broadcast is mid-way when it does what it tests."""
    go = asyncio.Event()
    real_send = delivery._send_message

    async def held(bot: telegram.Bot, chat_id: int, text: str, paid: bool) -> None:
        await go.wait()
        await real_send(bot, chat_id, text, paid)

    monkeypatch.setattr(delivery, "_send_message", held)
    return go


async def last_word(stub: BotAPIStub, progress: SentMessage) -> str:
    """Wait for a broadcast's final edit of its progress message (finished or paused): the
    last thing its background task does."""
    def final() -> str | None:
        return next((e.text for e in stub.edits if e.message_id == progress.message_id
                     and e.text and (FINISHED in e.text or PAUSED in e.text)), None)

    text: str = await stub.wait_for(final, timeout=PATIENCE, what="the broadcast's last edit")
    return text


# -- organisers in the chat -----------------------------------------------------------------


async def test_non_admin_is_refused_politely_and_logged(
        stub: BotAPIStub, app: App, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        [reply] = await ask(stub, text_update("/broadcast hello all", chat_id=80, user_id=80))
    assert reply.text.startswith(first_line("not_admin"))
    [reply] = await ask(stub, text_update("/stats", chat_id=80, user_id=80))
    assert reply.text.startswith(first_line("not_admin"))
    assert any("refused /broadcast from user 80" in r.getMessage() for r in caplog.records)
    store = services(app).store
    assert store is not None
    assert await store.broadcasts() == []


async def test_admin_stats_shows_counts_only(stub: BotAPIStub, app: App) -> None:
    store = services(app).store
    assert store is not None
    await store.subscribe(81)
    await ask(stub, text_update("what is sciatica", chat_id=82, user_id=82))
    [reply] = await ask(stub, text_update("/stats", chat_id=ADMIN, user_id=ADMIN))
    assert "active 1" in reply.text
    assert "sciatica: 1" in reply.text
    assert "what is sciatica" not in reply.text  # counts, never message text
    assert "Helpfulness per topic: no votes yet" in reply.text


async def test_admin_stats_shows_helpfulness_per_topic(stub: BotAPIStub, app: App) -> None:
    await ask(stub, text_update("what is sciatica", chat_id=83, user_id=83))
    for chat, data in ((83, "vote:sciatica:y"), (84, "vote:sciatica:y"),
                       (85, "vote:sciatica:n"), (83, "vote:self_care:n")):
        await ask(stub, callback_update(data, chat_id=chat, user_id=chat))
    [reply] = await ask(stub, text_update("/stats", chat_id=ADMIN, user_id=ADMIN))
    assert "Helpfulness per topic (helpful / not helpful; total 2 / 2):" in reply.text
    assert reply.text.index("  sciatica: 2 / 1") < reply.text.index("  self_care: 0 / 1")
    assert "83" not in reply.text  # no chat id


async def test_admin_broadcast_preview_send_progress_and_no_double_send(
        stub: BotAPIStub, app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    store = services(app).store
    assert store is not None
    for chat in (101, 102, 103):
        await store.subscribe(chat)
    await store.subscribe(104)
    await store.unsubscribe(104)
    header, preview_ = await ask(stub, text_update("/broadcast Tips & <tricks> for the week",
                                                   chat_id=ADMIN, user_id=ADMIN), n=2)
    assert "3 subscriber(s)" in header.text
    assert preview_.text.startswith("Tips &amp; &lt;tricks&gt; for the week")
    [(_, send_data), (_, cancel_data)] = buttons(preview_)
    assert send_data.startswith("bc:send:") and cancel_data.startswith("bc:cancel:")
    # The sends wait until Send has been pressed twice, so the second press surely comes
    # while the first is still sending.
    pressed_twice = sends_wait(monkeypatch)
    progress = await press(stub, send_data)
    assert progress.text.startswith(first_line("admin_broadcast_progress").split("{")[0])
    running = await press(stub, send_data)  # double press
    assert running.text.startswith(first_line("admin_broadcast_running"))
    pressed_twice.set()
    assert f"{FINISHED}3 delivered" in await last_word(stub, progress)
    # A press after it finished resumes the same broadcast: nothing is owed, nothing is sent.
    again = await press(stub, send_data)
    assert f"{FINISHED}3 delivered" in await last_word(stub, again)
    assert stub.sent_to(104) == []
    for chat in (101, 102, 103):
        assert [m.text for m in stub.sent_to(chat)] == [preview_.text]
    [summary] = await store.broadcasts()
    assert summary.counts["sent"] == 3 and summary.finished_at is not None


async def test_a_second_press_while_the_first_is_starting_sends_nothing_twice(
        stub: BotAPIStub, app: App) -> None:
    """Updates are handled concurrently: a second press can be handled while the first is
    still waiting for its progress message to be answered. It must find that send running."""
    store = services(app).store
    assert store is not None
    for chat in (105, 106, 107):
        await store.subscribe(chat)
    _, send, _ = await preview(stub, "Pressed twice")
    stub.delay = {"sendMessage": 1.0}  # answers come a second after the message is recorded
    first = await press(stub, send)
    second = await press(stub, send)
    stub.delay = 0.0
    assert second.text.startswith(first_line("admin_broadcast_running"))
    assert f"{FINISHED}3 delivered" in await last_word(stub, first)
    assert [m.text for m in stub.sent_to(ADMIN)].count(first.text) == 1  # one progress message
    assert stub.duplicates() == {}


@pytest.mark.parametrize(("moment", "quiet"), QUIET_HOURS)
async def test_send_button_waits_for_the_end_of_quiet_hours(
        stub: BotAPIStub, app: App, clock: FakeClock, moment: datetime, quiet: bool) -> None:
    clock.set(moment)
    store = services(app).store
    assert store is not None
    subscribers = (121, 122)
    for chat in subscribers:
        await store.subscribe(chat)
    _, send, _ = await preview(stub, "A tip for the day")
    reply = await press(stub, send)
    if quiet:
        assert reply.text.startswith(first_line("admin_broadcast_quiet"))
        # That reply is the handler's last act: no send was started, and none went out.
        assert services(app).admin_tasks == {}
        assert all(stub.sent_to(chat) == [] for chat in subscribers)
        # Quiet hours over (03:00, 07:30 and 21:30 become 15:00, 19:30 and 09:30): Send works.
        clock.advance(timedelta(hours=12))
        reply = await press(stub, send)
    assert f"{FINISHED}2 delivered" in await last_word(stub, reply)
    assert all(len(stub.sent_to(chat)) == 1 for chat in subscribers)


async def test_quiet_hours_beginning_mid_send_pause_it_until_morning(
        stub: BotAPIStub, app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    clock.set(london(2027, 10, 5, 20, 59))
    store = services(app).store
    assert store is not None
    subscribers = range(131, 141)
    for chat in subscribers:
        await store.subscribe(chat)
    _, send, _ = await preview(stub, "Evening tip: stretch gently")
    real_send = delivery._send_message
    evening = True  # time moves to 21:00 once, that evening; the morning's run is left be

    async def and_time_passes(bot: telegram.Bot, chat_id: int, text: str, paid: bool) -> None:
        await real_send(bot, chat_id, text, paid)
        if evening and sum(len(stub.sent_to(c)) for c in subscribers) >= 3:
            clock.set(london(2027, 10, 5, 21, 0))  # 21:00 once three subscribers have it

    monkeypatch.setattr(delivery, "_send_message", and_time_passes)
    assert PAUSED in await last_word(stub, await press(stub, send))
    got = [chat for chat in subscribers if stub.sent_to(chat)]
    assert 3 <= len(got) < len(subscribers)
    evening = False
    clock.set(london(2027, 10, 6, 8, 0))  # quiet hours end at 08:00: Send again
    assert f"{FINISHED}10 delivered" in await last_word(stub, await press(stub, send))
    assert all(len(stub.sent_to(chat)) == 1 for chat in subscribers)


async def test_admin_broadcast_cancel_sends_nothing(stub: BotAPIStub, app: App) -> None:
    store = services(app).store
    assert store is not None
    await store.subscribe(111)
    _, _, cancel = await preview(stub, "hello")
    reply = await press(stub, cancel)
    assert reply.text.startswith(first_line("admin_broadcast_cancelled"))
    # That reply is the handler's last act: nothing was started, and nothing went out.
    assert services(app).admin_tasks == {}
    assert stub.sent_to(111) == []
    [summary] = await store.broadcasts()
    assert summary.counts["sent"] == 0 and summary.finished_at is None


async def test_admin_broadcast_without_text_or_with_bad_html_explains(
        stub: BotAPIStub, app: App) -> None:
    [usage] = await ask(stub, text_update("/broadcast", chat_id=ADMIN, user_id=ADMIN))
    assert "/broadcast" in usage.text
    [bad] = await ask(stub, text_update("/broadcast <b>unclosed", chat_id=ADMIN, user_id=ADMIN))
    assert bad.text.startswith("That message can")


async def test_a_broadcast_stopped_by_shutdown_tells_the_admin_it_paused(
        stub: BotAPIStub, tmp_path: Path, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot restarting mid-broadcast: the organiser's progress message says it paused and
    how many are still owed, instead of the broadcast silently stopping."""
    application = telegram_app.build_application(settings_for(stub, tmp_path), CONTENT,
                                                 clock=clock)
    await telegram_app.start_polling(application, poll_timeout=1)
    stopped = False
    try:
        store = services(application).store
        assert store is not None
        for chat in range(201, 211):
            await store.subscribe(chat)
        _, send_data, _ = await preview(stub, "Week two tips")
        # Each send waits until shutdown has begun: the broadcast is mid-way when it does.
        shutting_down = sends_wait(monkeypatch)
        progress = await press(stub, send_data)
        stopping = asyncio.ensure_future(telegram_app.stop_polling(application))
        await stub.wait_for(lambda: services(application).stopping, timeout=PATIENCE,
                            what="shutdown to begin")
        shutting_down.set()
        await asyncio.wait_for(stopping, PATIENCE)
        stopped = True
        word = await last_word(stub, progress)
    finally:
        if not stopped:
            await telegram_app.stop_polling(application)
    owed = int(word.split(PAUSED, 1)[1].split()[0])
    assert 1 <= owed <= 10
    assert sum(len(stub.sent_to(chat)) for chat in range(201, 211)) == 10 - owed
