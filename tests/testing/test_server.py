"""Tests of the Bot API stand-in's server (bot/testing/botapi/server.py), driven by
python-telegram-bot's own client.

Waits are for events (a request reaching the stub, a poll answering), each with a timeout that
only a failure reaches. Timings are asserted only where a delay is the point (a long poll that
really waits), and only from below: a loaded machine is slower, never faster.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import time

import pytest
from aiohttp import ClientSession, web
from telegram import (
    Bot,
    BotCommand,
    ChatFullInfo,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from bot.testing.botapi import (
    BOT_ID,
    BOT_USERNAME,
    BotAPIStub,
    callback_update,
    text_update,
)

CHAT = 4242
# Seconds any wait may take before the test fails (only a failure waits this long).
PATIENCE = 30.0

# Every test here starts the stand-in's server.
pytestmark = pytest.mark.slow


@pytest.fixture
async def stub():
    async with BotAPIStub() as server:
        yield server


@pytest.fixture
async def bot(stub):
    async with Bot(stub.token, base_url=stub.base_url) as client:
        yield client


@pytest.fixture
def ptb_timedelta(monkeypatch):
    # PTB 22.2+ emits PTBDeprecationWarning while *constructing* RetryAfter unless
    # PTB_TIMEDELTA is set; with filterwarnings=error that would replace the RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


async def test_get_me(stub, bot):
    me = await bot.get_me()
    assert me.id == BOT_ID == bot.id
    assert me.is_bot
    assert me.username == BOT_USERNAME == bot.username
    assert me.can_read_all_group_messages is False
    assert me.supports_inline_queries is False
    assert stub.requests[0].method == "getMe"


async def test_wrong_token_is_invalid_token(stub):
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=stub.base_url):
            pass
    assert not stub.requests  # rejected before dispatch


async def test_send_message_recorded_with_reply_markup(stub, bot):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])
    message = await bot.send_message(CHAT, "<b>Hello</b>", parse_mode="HTML", reply_markup=markup)
    assert message.message_id == 1
    assert message.chat.id == CHAT and message.chat.type == "private"
    assert message.from_user.id == BOT_ID
    assert message.text == "<b>Hello</b>"
    assert message.reply_markup == markup

    keyboard = ReplyKeyboardMarkup([["Back pain", "Neck pain"]], resize_keyboard=True)
    second = await bot.send_message(CHAT, "Pick one", reply_markup=keyboard)
    assert second.message_id == 2
    assert second.reply_markup is None  # Telegram only echoes inline keyboards

    first, other = stub.sent
    assert (first.chat_id, first.text, first.parse_mode) == (CHAT, "<b>Hello</b>", "HTML")
    assert first.reply_markup == {
        "inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]
    }
    assert first.allow_paid_broadcast is False and first.message_id == 1
    assert other.reply_markup["keyboard"] == [[{"text": "Back pain"}, {"text": "Neck pain"}]]
    assert other.parse_mode is None
    method, params, _ = stub.requests[-1]
    assert method == "sendMessage" and params["chat_id"] == CHAT  # form value decoded to int
    assert await stub.wait_for_sent(2, timeout=0.1) == stub.sent
    assert stub.sent_counts()[(CHAT, "Pick one")] == 1


async def test_send_message_validation(stub, bot):
    with pytest.raises(BadRequest, match="(?i)can.t parse entities"):
        await bot.send_message(CHAT, "line<br>break", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(CHAT, "x" * 4097)
    await bot.send_message(CHAT, "x" * 4096)
    await bot.send_message(CHAT, "123")  # free text is never JSON-decoded
    assert [m.text for m in stub.sent] == ["x" * 4096, "123"]


async def test_get_updates_returns_pushed_updates_and_confirms(stub, bot):
    first = stub.push_update(text_update("hello", chat_id=CHAT))
    second = stub.push_update(callback_update("menu:1", chat_id=CHAT, message_id=1))
    assert (first["update_id"], second["update_id"]) == (1, 2)

    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [1, 2]
    assert updates[0].message.text == "hello"
    assert updates[0].effective_user.id == updates[0].effective_chat.id == CHAT
    assert updates[1].callback_query.data == "menu:1"

    assert len(await bot.get_updates(offset=2, timeout=0)) == 1
    assert await bot.get_updates(offset=3, timeout=0) == ()
    assert not stub.pending_updates


async def test_get_updates_long_polls(stub, bot):
    # The poll is parked in the stub when its request has arrived; an update pushed then
    # comes back in that same poll, long before the poll's own timeout.
    poll = asyncio.create_task(bot.get_updates(timeout=2 * PATIENCE))
    await stub.wait_for_requests("getUpdates", 1, timeout=PATIENCE)
    assert not poll.done()
    stub.push_update(text_update("late arrival"))
    updates = await asyncio.wait_for(poll, PATIENCE)
    assert [u.message.text for u in updates] == ["late arrival"]
    assert len(stub.requests_for("getUpdates")) == 1


async def test_raw_http_shapes(stub):
    async with ClientSession() as http:
        async with http.post(f"{stub.base_url}999:WRONG/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {
                "ok": False, "error_code": 401, "description": "Unauthorized"
            }
        async with http.post(stub.api_url("noSuchMethod")) as resp:
            assert resp.status == 404
            assert (await resp.json())["description"] == "Not Found"
        async with http.get(stub.api_url("getme")) as resp:  # GET, case-insensitive
            assert resp.status == 200
            assert (await resp.json())["result"]["username"] == BOT_USERNAME
        markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
        body = {"chat_id": "77", "text": "json body", "reply_markup": json.dumps(markup)}
        async with http.post(stub.api_url("sendMessage"), json=body) as resp:
            reply = await resp.json()
            assert reply["ok"] is True and reply["result"]["reply_markup"] == markup
        async with http.get(stub.api_url("sendMessage"), params={"chat_id": 78, "text": "q"}):
            pass
        started = time.monotonic()
        async with http.post(stub.api_url("getUpdates"), data={"timeout": "0.3"}) as resp:
            assert (await resp.json()) == {"ok": True, "result": []}
        assert time.monotonic() - started >= 0.29  # an empty long poll waits its timeout out
    assert [(m.chat_id, m.text, m.reply_markup) for m in stub.sent] == [
        (77, "json body", markup),
        (78, "q", None),
    ]


async def test_block_chat_forbidden(stub, bot):
    stub.block_chat(CHAT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "hi")
    await bot.send_message(CHAT + 1, "other chats still work")
    assert [m.chat_id for m in stub.sent] == [CHAT + 1]


async def test_missing_chat_bad_request(stub, bot):
    stub.missing_chat(CHAT)
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(CHAT, "hi")
    assert not stub.sent


async def test_migrated_chat(stub, bot):
    stub.migrate_chat(-4001, -1009876543210)
    with pytest.raises(ChatMigrated) as info:
        await bot.send_message(-4001, "hi group")
    assert info.value.new_chat_id == -1009876543210
    await bot.send_message(-1009876543210, "hi supergroup")
    assert stub.sent[0].chat_id == -1009876543210


async def test_fail_next_retry_after(stub, bot, ptb_timedelta):
    stub.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(CHAT, "hi")
    assert info.value.retry_after == dtm.timedelta(seconds=7)
    assert stub.rejected_429 == 1 and not stub.sent
    await bot.send_message(CHAT, "hi")  # only the next call failed
    assert len(stub.sent) == 1


async def test_fail_next_filters_by_chat_and_times(stub, bot):
    stub.fail_next("sendMessage", 502, "Bad Gateway", chat_id=CHAT, times=2)
    await bot.send_message(CHAT + 1, "unaffected")
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(CHAT, "hi")
    await bot.send_message(CHAT, "hi")
    assert [m.text for m in stub.sent] == ["unaffected", "hi"]


async def test_rate_limit_gives_429s(ptb_timedelta):
    # A limit of 10 a second against a burst of 40: the burst would have to take over three
    # seconds to reach the stub for no call to be refused, however busy the machine.
    async with BotAPIStub(rate_limit=10, paid_rate_limit=1000) as stub:
        request = HTTPXRequest(connection_pool_size=40, pool_timeout=5)
        async with Bot(stub.token, base_url=stub.base_url, request=request) as bot:
            results = await asyncio.gather(
                *(bot.send_message(CHAT, f"m{i}") for i in range(40)), return_exceptions=True
            )
            errors = [r for r in results if isinstance(r, Exception)]
            assert errors and all(isinstance(e, RetryAfter) for e in errors)
            assert all(e.retry_after >= dtm.timedelta(seconds=1) for e in errors)
            assert stub.rejected_429 == len(errors)
            assert len(stub.sent) == 40 - len(errors) >= 10
            assert len(stub.requests_for("sendMessage")) == 40

            # paid broadcasts get the higher limit
            paid = await asyncio.gather(
                *(bot.send_message(CHAT, f"p{i}", allow_paid_broadcast=True) for i in range(40))
            )
            assert len(paid) == 40
            assert sum(m.allow_paid_broadcast for m in stub.sent) == 40


async def test_webhook_delivery(stub, bot):
    received: list[tuple[str | None, dict]] = []

    async def receive(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        received.append((secret, await request.json()))
        return web.Response(status=200 if secret == "s3cret_token-1" else 403)

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
        stub.push_update(text_update("stale"))
        assert await bot.set_webhook(
            url, secret_token="s3cret_token-1", allowed_updates=["message"],
            drop_pending_updates=True,
        )
        assert stub.webhook.url == url and stub.webhook.drop_pending_updates
        assert stub.webhook.allowed_updates == ["message"]
        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0
        with pytest.raises(Conflict):
            await bot.get_updates(timeout=0)

        assert await stub.deliver_webhook(text_update("via webhook", chat_id=CHAT)) == 200
        assert await stub.deliver_webhook(text_update("forged"), secret="nope") == 403
        secret, payload = received[0]
        assert secret == "s3cret_token-1"
        update = Update.de_json(payload, bot)
        assert update.message.text == "via webhook" and update.update_id >= 1

        assert await bot.delete_webhook()
        assert stub.webhook is None and (await bot.get_webhook_info()).url == ""
    finally:
        await runner.cleanup()


async def test_delay_provokes_timeout_and_duplicate(stub):
    stub.delay = {"sendMessage": 0.5}
    request = HTTPXRequest(read_timeout=0.15)
    async with Bot(stub.token, base_url=stub.base_url, request=request) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(CHAT, "slow")
        stub.delay = 0
        await bot.send_message(CHAT, "slow", read_timeout=PATIENCE)  # the client retries...
    assert stub.sent_counts()[(CHAT, "slow")] == 2  # ...and the user got it twice
    assert stub.duplicates() == {(CHAT, "slow"): 2}


async def test_commands_edits_callbacks_and_misc(stub, bot):
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    assert [c["command"] for c in stub.commands] == ["start", "help"]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert await bot.get_my_commands(language_code="de") == ()
    await bot.delete_my_commands()
    assert stub.commands == []

    message = await bot.send_message(CHAT, "Question 1")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Next", callback_data="q2")]])
    edited = await bot.edit_message_text("Question 2", CHAT, message.message_id,
                                         reply_markup=markup)
    assert edited.text == "Question 2" and edited.edit_date is not None
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await bot.edit_message_text("Question 2", CHAT, message.message_id, reply_markup=markup)
    await bot.edit_message_reply_markup(CHAT, message.message_id, reply_markup=None)
    assert [(e.chat_id, e.message_id, e.text) for e in stub.edits] == [
        (CHAT, 1, "Question 2")
    ]
    assert stub.markup_edits[0].reply_markup is None

    query = stub.push_update(callback_update("q2", CHAT, CHAT, message.message_id))
    query_id = query["callback_query"]["id"]
    assert await bot.answer_callback_query(query_id, text="Saved", show_alert=True)
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    answer = (await stub.wait_for_callback_answers(1, timeout=PATIENCE))[0]
    assert (answer.callback_query_id, answer.text, answer.show_alert) == (query_id, "Saved", True)

    assert await bot.send_chat_action(CHAT, "typing")
    assert stub.chat_actions[0][:2] == (CHAT, "typing")
    assert await bot.delete_message(CHAT, message.message_id)
    assert stub.deleted[0][:2] == (CHAT, message.message_id)
    chat = await bot.get_chat(CHAT)
    assert isinstance(chat, ChatFullInfo) and chat.id == CHAT and chat.first_name == "Alex"
    group = await bot.get_chat(-4001)
    assert group.type == "group" and group.title
    assert await bot.log_out() and await bot.close()

    with pytest.raises(TimeoutError, match="5 sent messages"):
        await stub.wait_for_sent(5, timeout=0.1)


async def test_application_echoes_pushed_text(stub):
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(update.effective_message.text)

    app = ApplicationBuilder().token(stub.token).base_url(stub.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        stub.push_update(text_update("hello there", chat_id=CHAT))
        stub.push_update(text_update("/start", chat_id=CHAT))  # not echoed: a command
        stub.push_update(text_update("second", chat_id=CHAT))
        sent = await stub.wait_for_sent(2, timeout=PATIENCE)
        await app.updater.stop()
        await app.stop()
    assert [(m.chat_id, m.text) for m in sent] == [(CHAT, "hello there"), (CHAT, "second")]
    assert not stub.pending_updates  # the updater confirmed everything on stop
