"""Tests of the stand-in's update builders (bot/testing/botapi/updates.py): what they build is
what python-telegram-bot accepts and reads back. Plain functions, no server."""

from __future__ import annotations

import pytest
from telegram import Bot, Update

from bot.testing.botapi import (
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
from bot.testing.botapi.updates import utf16_len


def test_update_factories_are_accepted_by_ptb():
    bot = Bot("123:TEST")
    factories = [
        text_update("/start@backcare_test_bot hi 👍 @backcare_test_bot", chat_id=7),
        text_update("hi all", chat_type="group", reply_to_bot=True),
        edited_text_update("fixed typo", chat_id=7),
        callback_update("yes", 7, 7, 3),
        sticker_update(7),
        photo_update(7, caption="x-ray"),
        voice_update(7),
        document_update(chat_type="supergroup"),
        location_update(chat_id=7),
        my_chat_member_update(7),
        my_chat_member_update(-4001, "member", "administrator", chat_type="group"),
        my_chat_member_update(-4001, "member", "restricted", chat_type="group"),
    ]
    for number, data in enumerate(factories, start=1):
        update = Update.de_json({**data, "update_id": number}, bot)
        assert update.update_id == number
        assert update.effective_chat is not None and update.effective_user is not None

    command = Update.de_json({**factories[0], "update_id": 1}, bot).message
    entities = command.parse_entities()
    assert list(entities.values()) == ["/start@backcare_test_bot", "@backcare_test_bot"]
    assert [e.type for e in entities] == ["bot_command", "mention"]
    group = Update.de_json({**factories[1], "update_id": 2}, bot).message
    assert group.chat.id < 0 and group.chat.title and group.reply_to_message.from_user.is_bot
    blocked = Update.de_json({**factories[9], "update_id": 10}, bot).my_chat_member
    assert (blocked.old_chat_member.status, blocked.new_chat_member.status) == (
        "member", "kicked"
    )
    with pytest.raises(ValueError, match="chat_id == user_id"):
        text_update("hi", chat_id=1, user_id=2)


def test_mention_offsets_count_utf16_code_units():
    data = text_update("👍 @backcare_test_bot hi", chat_id=7)
    [mention] = data["message"]["entities"]
    assert utf16_len("👍") == 2
    assert (mention["type"], mention["offset"], mention["length"]) == ("mention", 3, 18)


def test_ids_follow_telegram_conventions():
    group = text_update("hi", chat_type="group")["message"]["chat"]
    supergroup = text_update("hi", chat_type="supergroup")["message"]["chat"]
    assert group["id"] < 0 and str(supergroup["id"]).startswith("-100")
    first, second = text_update("a")["message"], text_update("b")["message"]
    assert second["message_id"] != first["message_id"]
    assert "update_id" not in text_update("a") and text_update("a", update_id=5)["update_id"] == 5
    with pytest.raises(ValueError, match="negative"):
        text_update("hi", chat_id=5, chat_type="group")
    with pytest.raises(ValueError, match="unsupported chat_type"):
        text_update("hi", chat_type="channel")
