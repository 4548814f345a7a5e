"""The conversation through the real Application: commands, text, buttons, groups, the flood
guard, subscriptions, and what happens when Telegram answers with an error.

A test that expects silence waits until the bot has handled the update (`processed`), then
checks that nothing was sent: no sleeps, so a busy machine is only slower, never wrong.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.answers.replies import menu_reply
from bot.storage.store import DayCount
from bot.telegram import app as telegram_app
from bot.testing.botapi import (
    BOT_USERNAME,
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
from bot.testing.clock import FakeClock
from bot.testing.processed import ProcessedUpdates
from tests.telegram.conftest import (
    CONTENT,
    FOOTER,
    PATIENCE,
    TOKEN,
    ask,
    buttons,
    push_and_wait,
    services,
    settings_for,
)

# Every test here runs the Application against the stand-in.
pytestmark = pytest.mark.slow

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
    assert data[:2] == ["more:acupuncture_sciatica", "sources:acupuncture_sciatica"]
    assert [f"topic:{r}" for r in topic.related] == data[2:2 + len(topic.related)]
    assert data[-1] == "menu"


async def test_the_more_and_sources_buttons_answer_in_telegram(stub, app):
    """A press is answered with the rest of the topic, or its links, as a new message."""
    topic = CONTENT.topic("acupuncture_sciatica")
    [more] = await ask(stub, callback_update("more:acupuncture_sciatica", chat_id=16,
                                             user_id=16))
    assert more.text.startswith(topic.more.split("\n")[0][:40])
    [sources] = await ask(stub, callback_update("sources:acupuncture_sciatica", chat_id=16,
                                                user_id=16))
    assert all(s.name in sources.text for s in topic.sources)


def is_triage_reply(text: str, tier: str) -> bool:
    """What was understood first, then the tier's own advice."""
    understood = CONTENT.messages["triage_understood"].split("{")[0]
    return text.startswith(understood) and CONTENT.topic(tier).answer.split("\n")[0] in text


async def test_red_flag_gets_emergency_message_naming_999_first(stub, app):
    [reply] = await ask(stub, text_update("hi, can acupuncture help? also I can't feel my "
                                          "bum and I've wet myself", chat_id=15, user_id=15))
    assert is_triage_reply(reply.text, "emergency")
    assert reply.text.index("999") < reply.text.index("111")
    data = [d for _, d in buttons(reply)]
    assert data[-1] == "menu"  # "That's not what I meant"
    assert any(d.startswith("topic:acupuncture") for d in data)  # the question, kept


@pytest.mark.parametrize("text,tier", [
    ("i want to end it all, i cant live with this pain", "crisis"),
    ("my back is agony and ive had a temperature and the shivers for 2 days", "urgent"),
])
async def test_crisis_and_urgent_messages_get_their_own_reply(stub, app, text, tier):
    [reply] = await ask(stub, text_update(text, chat_id=24, user_id=24))
    assert is_triage_reply(reply.text, tier)


async def test_button_press_is_answered_and_shows_topic(stub, app):
    [reply] = await ask(stub, callback_update("topic:self_care", chat_id=16, user_id=16))
    assert reply.text.startswith(CONTENT.topic("self_care").answer.split("\n")[0])
    await stub.wait_for(lambda: len(stub.callback_answers) == 1, timeout=PATIENCE)
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


async def test_a_photo_caption_reporting_symptoms_is_triaged(stub, app):
    [reply] = await ask(stub, photo_update(chat_id=22, user_id=22,
                                           caption="this is my back, i've wet myself and "
                                                   "can't feel my bum"))
    assert is_triage_reply(reply.text, "emergency")


async def test_an_ordinary_photo_caption_gets_the_text_only_reply(stub, app):
    [reply] = await ask(stub, photo_update(chat_id=23, user_id=23, caption="my desk setup"))
    assert reply.text.startswith(CONTENT.messages["non_text"].split("\n")[0])


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


@pytest.mark.parametrize("text", ["/frobnicate", "/help", "what is sciatica"])
async def test_channel_posts_get_no_answer(stub, app, processed, text):
    """A channel is a broadcast feed, not a conversation: the bot says nothing there."""
    update = text_update(text, chat_id=-1009876543210, chat_type="supergroup",
                         chat_title="News")
    post = update.pop("message")
    post.pop("from", None)
    post["chat"]["type"] = "channel"
    update["channel_post"] = post
    await push_and_wait(stub, processed, update)
    assert stub.sent_to(-1009876543210) == []


async def test_a_lone_surrogate_in_text_gets_an_answer_not_the_error(stub, app):
    """Telegram can deliver text that is not valid UTF-16 (half an emoji): still answered."""
    [reply] = await ask(stub, text_update("what is sciatica \ud83d", chat_id=23, user_id=23))
    assert reply.text.endswith(FOOTER)
    assert not reply.text.startswith(CONTENT.messages["error"].strip()[:30])
    [reply] = await ask(stub, text_update("/frobnicate\ud83d", chat_id=23, user_id=23))
    assert reply.text.endswith(FOOTER)
    assert not reply.text.startswith(CONTENT.messages["error"].strip()[:30])


async def test_a_button_press_without_data_shows_the_menu(stub, app):
    update = callback_update("x", chat_id=24, user_id=24)
    del update["callback_query"]["data"]
    [reply] = await ask(stub, update, chat_id=24)
    assert reply.text.startswith(CONTENT.messages["menu_prompt"].strip()[:20])


async def test_myid_in_a_group_answers_with_the_users_own_id(stub, app):
    [reply] = await ask(stub, text_update("/myid", chat_id=-1001234, user_id=5151,
                                          chat_type="supergroup", chat_title="Team"),
                        chat_id=-1001234)
    assert "<code>5151</code>" in reply.text


# -- groups ---------------------------------------------------------------------------------


async def test_group_chatter_is_ignored_but_mentions_replies_and_commands_answered(
        stub, app, processed):
    group = -4001
    await push_and_wait(stub, processed,
                        text_update("what is sciatica anyway", chat_id=group, user_id=30,
                                    chat_type="group"),
                        sticker_update(chat_id=group, user_id=30, chat_type="group"))
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
    await push_and_wait(stub, processed, text_update("/help@some_other_bot", chat_id=group,
                                                     user_id=31, chat_type="group"))
    assert len(stub.sent_to(group)) == 3


async def test_replies_carry_the_bot_apis_own_fields(stub, app):
    """Replies are sent as sendMessage's raw fields (`context.send`): HTML, no link previews,
    the buttons, and in a group a reply to the person's message that still goes out if
    they deleted it meanwhile."""
    [reply] = await ask(stub, text_update("what is sciatica", chat_id=33, user_id=33))
    assert reply.parse_mode == "HTML"
    assert reply.params["link_preview_options"] == {"is_disabled": True}
    assert "reply_parameters" not in reply.params
    assert buttons(reply)[-1] == (CONTENT.messages["button_menu"], "menu")
    group = -4002
    [reply] = await ask(stub, text_update(f"@{BOT_USERNAME} what is sciatica", chat_id=group,
                                          user_id=34, chat_type="group", message_id=77))
    assert reply.params["reply_parameters"] == {"message_id": 77,
                                                "allow_sending_without_reply": True}


# -- flood guard ----------------------------------------------------------------------------


async def test_flood_guard_holds_back_one_user_but_never_an_emergency(stub, app, processed):
    await push_and_wait(stub, processed, *(text_update(f"what is sciatica {i}", chat_id=40,
                                                       user_id=40) for i in range(15)))
    texts = [m.text for m in stub.sent_to(40)]
    flood = [t for t in texts if t.startswith(CONTENT.messages["flood"].split("\n")[0])]
    assert len(flood) == 1
    assert len(texts) == 11  # ten answers and one notice
    [reply] = await ask(stub, text_update("both my legs have gone numb", chat_id=40,
                                          user_id=40))
    assert is_triage_reply(reply.text, "emergency")
    [crisis] = await ask(stub, text_update("i dont want to be here anymore", chat_id=40,
                                           user_id=40))
    assert is_triage_reply(crisis.text, "crisis")  # crisis too is never held back
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


async def test_blocking_the_bot_marks_the_user_blocked(stub, app, processed):
    store = services(app).store
    await ask(stub, text_update("/subscribe", chat_id=52, user_id=52))
    sent = len(stub.sent)
    await push_and_wait(stub, processed,
                        my_chat_member_update(chat_id=52, old="member", new="kicked"))
    assert await store.status(52) == "blocked"
    assert len(stub.sent) == sent  # nothing to answer


async def test_topic_counters_are_stored_without_text(stub, app):
    await ask(stub, text_update("what is sciatica", chat_id=53, user_id=53))
    await ask(stub, text_update("what is sciatica please", chat_id=54, user_id=54))
    svc = services(app)
    await svc.counter.flush()
    counts = await svc.store.topic_counts()
    assert counts.get("sciatica") == 2


async def test_was_this_helpful_counts_one_vote_per_chat_topic_and_day(stub, tmp_path):
    """The two buttons under an answer, pressed through Telegram: a count per topic and UTC
    day (by the bot's clock), a second press changes nothing, the next day counts again."""
    clock = FakeClock(datetime(2025, 10, 6, 23, 0, tzinfo=UTC))
    application = telegram_app.build_application(settings_for(stub, tmp_path), CONTENT,
                                                 clock=clock)
    await telegram_app.start_polling(application, poll_timeout=1)
    try:
        [answer] = await ask(stub, text_update("what is sciatica", chat_id=57, user_id=57))
        data = [d for _, d in buttons(answer)]
        assert data[-3:] == ["vote:sciatica:y", "vote:sciatica:n", "menu"]
        assert (CONTENT.messages["button_helpful"], "vote:sciatica:y") in buttons(answer)
        thanks_line = CONTENT.messages["vote_thanks"].split("\n")[0]
        [thanks] = await ask(stub, callback_update("vote:sciatica:y", chat_id=57, user_id=57))
        assert thanks.text.startswith(thanks_line)
        [again] = await ask(stub, callback_update("vote:sciatica:y", chat_id=57, user_id=57))
        assert again.text.startswith(thanks_line)  # answered, not counted
        [sorry] = await ask(stub, callback_update("vote:sciatica:n", chat_id=58, user_id=58))
        assert sorry.text.startswith(CONTENT.messages["vote_sorry"].split("\n")[0])
        menu = menu_reply(CONTENT)
        assert buttons(sorry) == [(b.text, b.data) for row in menu.buttons for b in row]
        await stub.wait_for(lambda: len(stub.callback_answers) == 3, timeout=PATIENCE)
        clock.advance(timedelta(hours=2))  # the next UTC day
        await ask(stub, callback_update("vote:sciatica:y", chat_id=57, user_id=57))
        svc = services(application)
        assert svc.store is not None
        await svc.counter.flush()
        assert await svc.store.day_counts() == [
            DayCount("2025-10-06", "sciatica", questions=1, helpful=1, not_helpful=1),
            DayCount("2025-10-07", "sciatica", helpful=1)]
        assert await svc.store.topic_counts() == {"sciatica": 1}  # a vote is no question
    finally:
        await telegram_app.stop_polling(application)


# -- Telegram errors ------------------------------------------------------------------------


async def test_429_is_waited_out_and_the_answer_delivered(stub, app):
    stub.fail_next("sendMessage", 429, retry_after=1, chat_id=60)
    [reply] = await ask(stub, text_update("what is sciatica", chat_id=60, user_id=60))
    assert reply.text.startswith(CONTENT.topic("sciatica").answer.split("\n")[0])
    assert stub.rejected_429 >= 1 or any(r.method == "sendMessage" for r in stub.requests)


async def test_403_marks_blocked_and_is_not_retried(stub, app, processed):
    store = services(app).store
    await store.subscribe(61)
    stub.block_chat(61)
    await push_and_wait(stub, processed, text_update("what is sciatica", chat_id=61, user_id=61))
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
    processed = ProcessedUpdates(telegram_app.CONCURRENT_UPDATES, timeout=PATIENCE)
    application = telegram_app.build_application(settings_for(stub, tmp_path), CONTENT,
                                                 updates=processed)
    await telegram_app.start_polling(application, poll_timeout=1)
    try:
        stub.delay = {"sendMessage": 1.5}
        with caplog.at_level(logging.ERROR):
            await push_and_wait(stub, processed,
                                text_update("what is sciatica", chat_id=63, user_id=63))
        assert any("TimedOut" in r.getMessage() for r in caplog.records)
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




def test_a_counted_vote_is_also_a_metric() -> None:
    """The Telegram app's vote counter stores the vote per day and counts it for /metrics."""
    from bot import metrics
    from bot.storage.counters import TopicCounter
    from bot.telegram.app import MeteredVotes

    counter = TopicCounter(None)
    sample = metrics.VOTES.labels("sciatica", "not_helpful")
    before = sample._value.get()
    MeteredVotes(counter).vote("sciatica", helpful=False)
    assert sample._value.get() == before + 1
    assert sum(counter.pending_days.values()) == 1
