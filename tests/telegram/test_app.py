"""The real python-telegram-bot Application against the local Bot API stand-in.

Each test pushes updates into the stand-in (bot/testing/botapi.py) and reads what the bot
sent back. The autouse `every_message_has_footer` check runs after every test: no code
path may send text without the safety footer.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from bot.answers.content import load_content
from bot.config import load_settings
from bot.telegram import app as telegram_app
from bot.telegram.context import BotData
from bot.testing.botapi import (
    BOT_USERNAME,
    BotAPIStub,
    callback_update,
    document_update,
    edited_text_update,
    location_update,
    my_chat_member_update,
    photo_update,
    sticker_update,
    text_update,
    voice_update,
)

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123:TEST"
ADMIN = 999
# The bundled content without its campaign plan, so no scheduled message can arrive in the
# middle of these tests whatever the date (tests/test_schedule.py covers the plan).
CONTENT = load_content()
FOOTER = CONTENT.footer


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
async def app(stub, tmp_path):
    application = telegram_app.build_application(settings_for(stub, tmp_path), CONTENT)
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
    await stub.wait_for(lambda: len(stub.sent_to(chat)) >= before + n, timeout=10)
    return stub.sent_to(chat)[before:]


def _chat_of(update: dict) -> int:
    for key in ("message", "edited_message"):
        if key in update:
            return update[key]["chat"]["id"]
    return update["callback_query"]["message"]["chat"]["id"]


def buttons(message) -> list[tuple[str, str]]:
    markup = message.reply_markup or {}
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", [])
            for b in row]


# -- conversation ---------------------------------------------------------------------------


async def test_start_greets_with_topic_menu_and_commands_are_registered(stub, app):
    [reply] = await ask(stub, text_update("/start", chat_id=11, user_id=11))
    assert reply.text.startswith(CONTENT.topic("greeting").answer.split("\n")[0])
    data = [d for _, d in buttons(reply)]
    assert "topic:sciatica" in data or "menu" in data
    names = {c["command"] for c in stub.commands}
    assert {"start", "help", "topics", "privacy", "forget", "subscribe", "unsubscribe"} <= names


@pytest.mark.parametrize("payload,topic", [("sciatica", "sciatica"),
                                           ("acupuncture_safety", "acupuncture_safety"),
                                           ("no-such-topic", "greeting"), ("<b>&", "greeting")])
async def test_start_deep_link_opens_topic_or_falls_back_to_greeting(stub, app, payload, topic):
    [reply] = await ask(stub, text_update(f"/start {payload}", chat_id=12, user_id=12))
    assert reply.text.startswith(CONTENT.topic(topic).answer.split("\n")[0])


@pytest.mark.parametrize("command,key", [("/help", "help"), ("/privacy", "privacy"),
                                         ("/topics", "menu_prompt")])
async def test_commands_answer_with_their_message(stub, app, command, key):
    [reply] = await ask(stub, text_update(command, chat_id=13, user_id=13))
    assert reply.text.startswith(CONTENT.messages[key].split("\n")[0])
    assert reply.parse_mode == "HTML"


async def test_free_text_gets_answer_with_related_buttons_and_menu(stub, app):
    [reply] = await ask(stub, text_update("is accupuncture any good for siatica?",
                                          chat_id=14, user_id=14))
    topic = CONTENT.topic("acupuncture_sciatica")
    assert reply.text.startswith(topic.answer.split("\n")[0])
    data = [d for _, d in buttons(reply)]
    assert [f"topic:{r}" for r in topic.related] == data[:len(topic.related)]
    assert data[-1] == "menu"


async def test_red_flag_gets_emergency_message_naming_999_first(stub, app):
    [reply] = await ask(stub, text_update("hi, can acupuncture help? also I can't feel my "
                                          "bum and I've wet myself", chat_id=15, user_id=15))
    assert reply.text.startswith(CONTENT.topic("emergency").answer.split("\n")[0])
    assert reply.text.index("999") < reply.text.index("111")


async def test_button_press_is_answered_and_shows_topic(stub, app):
    [reply] = await ask(stub, callback_update("topic:self_care", chat_id=16, user_id=16))
    assert reply.text.startswith(CONTENT.topic("self_care").answer.split("\n")[0])
    await stub.wait_for(lambda: len(stub.callback_answers) == 1)
    [menu] = await ask(stub, callback_update("menu", chat_id=16, user_id=16))
    assert menu.text.startswith(CONTENT.messages["menu_prompt"])
    [unknown] = await ask(stub, callback_update("garbage:data", chat_id=16, user_id=16))
    assert unknown.text.startswith(CONTENT.messages["menu_prompt"])


@pytest.mark.parametrize("factory", [sticker_update, photo_update, voice_update,
                                     document_update])
async def test_non_text_gets_kind_reply_with_menu(stub, app, factory):
    [reply] = await ask(stub, factory(chat_id=17, user_id=17))
    assert reply.text.startswith(CONTENT.messages["non_text"].split("\n")[0])
    assert ("📋 Topics", "menu") in buttons(reply) or buttons(reply)[-1][1] == "menu"


async def test_location_gets_kind_reply(stub, app):
    [reply] = await ask(stub, location_update(51.5, -0.1, chat_id=18, user_id=18))
    assert reply.text.startswith(CONTENT.messages["non_text"].split("\n")[0])


async def test_edited_message_is_answered_again(stub, app):
    [reply] = await ask(stub, edited_text_update("what is sciatica", chat_id=19, user_id=19))
    assert reply.text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])


async def test_unknown_command_is_answered_with_escaped_echo(stub, app):
    [reply] = await ask(stub, text_update("/frobnicate<b>", chat_id=20, user_id=20))
    assert "/frobnicate&lt;b&gt;" in reply.text


@pytest.mark.parametrize("text", ["   ", "😀" * 50, "<b>&</b>*_[]`", "x" * 4096])
async def test_odd_text_is_answered_not_crashed(stub, app, text):
    [reply] = await ask(stub, text_update(text, chat_id=21, user_id=21))
    assert reply.text.endswith(FOOTER)


# -- groups ---------------------------------------------------------------------------------


async def test_group_chatter_is_ignored_but_mentions_replies_and_commands_answered(stub, app):
    group = -4001
    stub.push_update(text_update("what is sciatica anyway", chat_id=group, user_id=30,
                                 chat_type="group"))
    stub.push_update(sticker_update(chat_id=group, user_id=30, chat_type="group"))
    await asyncio.sleep(0.5)
    assert stub.sent_to(group) == []
    [reply] = await ask(stub, text_update(f"@{BOT_USERNAME} what is sciatica", chat_id=group,
                                          user_id=30, chat_type="group"))
    assert reply.text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])
    [reply] = await ask(stub, text_update("is acupuncture safe?", chat_id=group, user_id=31,
                                          chat_type="group", reply_to_bot=True))
    assert reply.text.startswith(CONTENT.topic("acupuncture_safety").answer.split("\n")[0])
    [reply] = await ask(stub, text_update(f"/help@{BOT_USERNAME}", chat_id=group, user_id=31,
                                          chat_type="group"))
    assert reply.text.startswith(CONTENT.messages["help"].split("\n")[0])
    stub.push_update(text_update("/help@some_other_bot", chat_id=group, user_id=31,
                                 chat_type="group"))
    await asyncio.sleep(0.5)
    assert len(stub.sent_to(group)) == 3


# -- flood guard ----------------------------------------------------------------------------


async def test_flood_guard_holds_back_one_user_but_never_an_emergency(stub, app):
    for i in range(15):
        stub.push_update(text_update(f"what is sciatica {i}", chat_id=40, user_id=40))
    await asyncio.sleep(1.5)
    texts = [m.text for m in stub.sent_to(40)]
    flood = [t for t in texts if t.startswith(CONTENT.messages["flood"].split("\n")[0])]
    assert len(flood) == 1
    assert len(texts) == 11  # ten answers and one notice
    [reply] = await ask(stub, text_update("both my legs have gone numb", chat_id=40,
                                          user_id=40))
    assert reply.text.startswith(CONTENT.topic("emergency").answer.split("\n")[0])
    [other] = await ask(stub, text_update("what is sciatica", chat_id=41, user_id=41))
    assert other.text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])


# -- privacy and subscriptions --------------------------------------------------------------


async def test_subscribe_in_plain_words_needs_a_confirm_press(stub, app):
    store = services(app).store
    [reply] = await ask(stub, text_update("please sign me up for the campaign messages",
                                          chat_id=50, user_id=50))
    assert ("sub:yes" in [d for _, d in buttons(reply)])
    assert await store.status(50) is None  # asking is not joining
    [done] = await ask(stub, callback_update("sub:yes", chat_id=50, user_id=50))
    assert done.text.startswith(CONTENT.messages["subscribed"].split("\n")[0])
    assert await store.status(50) == "active"
    [stopped] = await ask(stub, text_update("STOP", chat_id=50, user_id=50))
    assert stopped.text.startswith(CONTENT.messages["unsubscribed"].split("\n")[0])
    assert await store.status(50) == "unsubscribed"


async def test_start_never_subscribes_and_forget_erases(stub, app):
    store = services(app).store
    await ask(stub, text_update("/start", chat_id=51, user_id=51))
    assert await store.status(51) is None
    await ask(stub, text_update("/subscribe", chat_id=51, user_id=51))
    assert await store.status(51) == "active"
    [reply] = await ask(stub, text_update("/forget", chat_id=51, user_id=51))
    assert reply.text.startswith(CONTENT.messages["forget_done"].split("\n")[0])
    assert await store.status(51) is None


async def test_blocking_the_bot_marks_the_user_blocked(stub, app):
    store = services(app).store
    await ask(stub, text_update("/subscribe", chat_id=52, user_id=52))
    stub.push_update(my_chat_member_update(chat_id=52, old="member", new="kicked"))
    for _ in range(50):
        if await store.status(52) == "blocked":
            break
        await asyncio.sleep(0.05)
    assert await store.status(52) == "blocked"


async def test_topic_counters_are_stored_without_text(stub, app):
    await ask(stub, text_update("what is sciatica", chat_id=53, user_id=53))
    await ask(stub, text_update("what is sciatica please", chat_id=54, user_id=54))
    svc = services(app)
    await svc.counter.flush()
    counts = await svc.store.topic_counts()
    assert counts.get("sciatica") == 2


# -- Telegram errors ------------------------------------------------------------------------


async def test_429_is_waited_out_and_the_answer_delivered(stub, app):
    stub.fail_next("sendMessage", 429, retry_after=1, chat_id=60)
    [reply] = await ask(stub, text_update("what is sciatica", chat_id=60, user_id=60))
    assert reply.text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])
    assert stub.rejected_429 >= 1 or any(r.method == "sendMessage" for r in stub.requests)


async def test_403_marks_blocked_and_is_not_retried(stub, app):
    store = services(app).store
    await store.subscribe(61)
    stub.block_chat(61)
    stub.push_update(text_update("what is sciatica", chat_id=61, user_id=61))
    await stub.wait_for(lambda: len(stub.requests_for("sendMessage")) >= 1, timeout=5)
    await asyncio.sleep(0.3)
    assert await store.status(61) == "blocked"
    assert len(stub.requests_for("sendMessage")) == 1


async def test_400_is_logged_and_the_bot_goes_on(stub, app, caplog):
    stub.fail_next("sendMessage", 400, "Bad Request: message is too weird", chat_id=62)
    with caplog.at_level(logging.ERROR):
        [error] = await ask(stub, text_update("what is sciatica", chat_id=62, user_id=62))
    assert error.text.startswith(CONTENT.messages["error"].split("\n")[0])
    assert any("failed" in r.getMessage() for r in caplog.records)
    [reply] = await ask(stub, text_update("what is sciatica", chat_id=62, user_id=62))
    assert reply.text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])


async def test_timeout_is_handled_not_fatal(stub, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(telegram_app, "REQUEST_TIMEOUT", 0.5)
    application = telegram_app.build_application(settings_for(stub, tmp_path), CONTENT)
    await telegram_app.start_polling(application, poll_timeout=1)
    try:
        stub.delay = {"sendMessage": 1.5}
        with caplog.at_level(logging.ERROR):
            stub.push_update(text_update("what is sciatica", chat_id=63, user_id=63))
            await stub.wait_for(lambda: any("TimedOut" in r.getMessage()
                                            for r in caplog.records), timeout=10)
        stub.delay = 0.0
        [reply] = await ask(stub, text_update("what is sciatica", chat_id=64, user_id=64))
        assert reply.text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])
    finally:
        stub.delay = 0.0
        await telegram_app.stop_polling(application)


async def test_token_never_appears_in_logs(stub, tmp_path, caplog):
    application = telegram_app.build_application(settings_for(stub, tmp_path), CONTENT)
    with caplog.at_level(logging.DEBUG):
        await telegram_app.start_polling(application, poll_timeout=1)
        try:
            stub.fail_next("sendMessage", 400, chat_id=65)
            await ask(stub, text_update("what is sciatica", chat_id=65, user_id=65))
            await ask(stub, text_update("/start", chat_id=65, user_id=65))
        finally:
            await telegram_app.stop_polling(application)
    assert len(caplog.records) > 10  # DEBUG logging really was on
    for record in caplog.records:
        line = logging.Formatter().format(record)
        assert TOKEN not in line, line


# -- the real process: polling, webhook, signals --------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def start_process(env: dict[str, str], tmp_path: Path):
    with open(tmp_path / "bot.log", "w") as log:  # the child keeps its own copy open
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, stdout=log, stderr=log,
            env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite3", **env})
    return proc, tmp_path / "bot.log"


async def stop_process(proc) -> float:
    loop = asyncio.get_running_loop()
    start = loop.time()
    proc.send_signal(signal.SIGTERM)
    await asyncio.wait_for(proc.wait(), timeout=10)
    return loop.time() - start


async def test_run_polling_process_answers_and_stops_on_sigterm(stub, tmp_path):
    proc, log = await start_process({"TELEGRAM_BOT_TOKEN": TOKEN, "LOG_LEVEL": "DEBUG",
                                     "TELEGRAM_BASE_URL": stub.base_url}, tmp_path)
    try:
        [reply] = await ask(stub, text_update("what is sciatica", chat_id=70, user_id=70))
        assert reply.text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])
    finally:
        took = await stop_process(proc)
    assert proc.returncode == 0
    assert took < 5
    text = log.read_text()
    assert "getUpdates" in text or "ready" in text
    assert TOKEN not in text


async def test_run_webhook_process_checks_secret_and_stops_on_sigterm(stub, tmp_path):
    port = free_port()
    secret = "s3cret-Value_1"
    proc, log = await start_process({
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": stub.base_url, "LOG_LEVEL": "DEBUG",
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/hook", "WEBHOOK_SECRET": secret,
        "PORT": str(port)}, tmp_path)
    try:
        await stub.wait_for(lambda: stub.webhook_url is not None, timeout=15)
        assert stub.webhook_url == f"http://127.0.0.1:{port}/telegram/hook"
        assert stub.webhook_secret == secret
        for _ in range(50):  # the listener may start a moment after setWebhook
            try:
                status = await stub.deliver_webhook(text_update("hello", chat_id=71, user_id=71),
                                                    secret=None)
                break
            except OSError:
                await asyncio.sleep(0.1)
        assert status == 403
        assert await stub.deliver_webhook(text_update("x", chat_id=71, user_id=71),
                                          secret="wrong") == 403
        assert await stub.deliver_webhook(
            text_update("what is sciatica", chat_id=72, user_id=72)) == 200
        await stub.wait_for_sent(1, chat_id=72, timeout=10)
        assert stub.sent_to(72)[0].text.startswith(
            CONTENT.topic("sciatica").answer.split("\n")[0])
        assert stub.sent_to(71) == []
    finally:
        took = await stop_process(proc)
    assert proc.returncode == 0
    assert took < 5
    assert TOKEN not in log.read_text()
    assert secret not in log.read_text()


@pytest.mark.parametrize("env,variable", [
    ({}, "TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": "nocolon"}, "TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://example.org/hook"}, "WEBHOOK_SECRET"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "PORT": "http"}, "PORT"),
])
async def test_bad_setting_stops_run_with_one_clear_line(env, variable, tmp_path):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "PORT")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, env={**clean, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=20)
    assert proc.returncode != 0
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and variable in lines[0], lines


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
