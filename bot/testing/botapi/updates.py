"""Update dicts as Telegram sends them, for pushing into the stand-in (or a webhook).

Why a module of its own: building an update needs nothing from the server, and a test that
only feeds ``telegram.Update.de_json`` (or a benchmark that pushes questions over HTTP) should
not have to read through a web server to find the shape of a message. These builders are the
stand-in's model of an incoming update; the server (``server.py``) only stores and serves them.

Each builder returns a plain JSON-ready dict that ``telegram.Update.de_json`` accepts:
``text_update``, ``edited_text_update``, ``callback_update``, ``sticker_update``,
``photo_update``, ``voice_update``, ``document_update``, ``location_update`` and
``my_chat_member_update``. Ids follow Telegram's conventions (private chats: ``chat_id ==
user_id`` > 0; basic groups small negative ids; supergroups ``-100...``); message ids, file ids
and callback query ids are unique per process. ``update_id`` is left out unless given, so the
stand-in numbers updates in the order they are pushed.
"""

from __future__ import annotations

import itertools
import re
import time
import zlib
from typing import Any

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_ID",
    "BOT_USERNAME",
    "DEFAULT_GROUP_ID",
    "DEFAULT_GROUP_TITLE",
    "DEFAULT_SUPERGROUP_ID",
    "DEFAULT_USER_ID",
    "bot_user",
    "callback_update",
    "document_update",
    "edited_text_update",
    "location_update",
    "my_chat_member_update",
    "photo_update",
    "sticker_update",
    "text_update",
    "utf16_len",
    "voice_update",
]

# The bot the stand-in plays (DEFAULT_TOKEN in server.py starts with BOT_ID).
BOT_ID = 123
BOT_USERNAME = "backcare_test_bot"
BOT_FIRST_NAME = "BackCare Test Bot"
DEFAULT_USER_ID = 1001
DEFAULT_GROUP_ID = -4001  # basic groups have small negative ids
DEFAULT_SUPERGROUP_ID = -1001234567890  # supergroups/channels: -100 prefix
DEFAULT_GROUP_TITLE = "Back Care Test Group"


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, Telegram's unit for entity offsets and message limits."""
    return len(text.encode("utf-16-le")) // 2


_incoming_message_ids = itertools.count(100_000)
_file_counter = itertools.count(1)
_callback_counter = itertools.count(1)
_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z][A-Za-z0-9_]{3,31}(?![A-Za-z0-9_])")


def bot_user(bot_id: int = BOT_ID, username: str = BOT_USERNAME) -> dict[str, Any]:
    """The bot as a ``User`` dict (``from`` of messages the bot sent)."""
    return {"id": bot_id, "is_bot": True, "first_name": BOT_FIRST_NAME, "username": username}


def _now() -> int:
    return int(time.time())


def _file_ids(prefix: str) -> tuple[str, str]:
    n = next(_file_counter)
    return f"{prefix}ACAgQAAxkBAAI{n:08d}", f"{prefix}QADU{n:06d}"


def _resolve_ids(
    chat_id: int | None, user_id: int | None, chat_type: str
) -> tuple[int, int]:
    if chat_type == "private":
        if chat_id is None and user_id is None:
            return DEFAULT_USER_ID, DEFAULT_USER_ID
        if chat_id is None:
            chat_id = user_id
        if user_id is None:
            user_id = chat_id
        assert chat_id is not None and user_id is not None
        if chat_id != user_id:
            raise ValueError(
                f"private chat updates need chat_id == user_id (got {chat_id} and {user_id})"
            )
        if chat_id <= 0:
            raise ValueError(f"private chat ids are positive (got {chat_id})")
        return chat_id, user_id
    if chat_type in ("group", "supergroup"):
        if chat_id is None:
            chat_id = DEFAULT_GROUP_ID if chat_type == "group" else DEFAULT_SUPERGROUP_ID
        if chat_id >= 0:
            raise ValueError(f"{chat_type} chat ids are negative (got {chat_id})")
        return chat_id, DEFAULT_USER_ID if user_id is None else user_id
    raise ValueError(f"unsupported chat_type {chat_type!r} (private, group or supergroup)")


def _user_dict(
    user_id: int,
    first_name: str,
    username: str | None,
    last_name: str | None,
    language_code: str | None,
) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def _chat_dict(
    chat_id: int,
    chat_type: str,
    *,
    first_name: str,
    username: str | None,
    last_name: str | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = first_name
        if last_name:
            chat["last_name"] = last_name
        if username:
            chat["username"] = username
    else:
        chat["title"] = title or DEFAULT_GROUP_TITLE
        if chat_type == "supergroup":
            chat["is_forum"] = False
    return chat


def _base_message(
    chat_id: int | None,
    user_id: int | None,
    chat_type: str,
    first_name: str,
    *,
    username: str | None,
    last_name: str | None,
    language_code: str | None,
    chat_title: str | None,
    message_id: int | None,
    date: int | None,
) -> dict[str, Any]:
    cid, uid = _resolve_ids(chat_id, user_id, chat_type)
    return {
        "message_id": next(_incoming_message_ids) if message_id is None else message_id,
        "from": _user_dict(uid, first_name, username, last_name, language_code),
        "chat": _chat_dict(
            cid,
            chat_type,
            first_name=first_name,
            username=username,
            last_name=last_name,
            title=chat_title,
        ),
        "date": _now() if date is None else date,
    }


def _text_entities(text: str) -> list[dict[str, Any]]:
    entities: list[dict[str, Any]] = []
    command_end = 0
    if text.startswith("/"):
        match = _COMMAND_RE.match(text)
        if match:
            command_end = match.end()
            entities.append({"type": "bot_command", "offset": 0, "length": command_end})
    for match in _MENTION_RE.finditer(text, command_end):
        entities.append(
            {
                "type": "mention",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
        )
    return entities


def _wrap(kind: str, payload: dict[str, Any], update_id: int | None) -> dict[str, Any]:
    update: dict[str, Any] = {kind: payload}
    if update_id is not None:
        update["update_id"] = update_id
    return update


def _message_update(
    content: dict[str, Any],
    *,
    chat_id: int | None,
    user_id: int | None,
    chat_type: str,
    first_name: str,
    username: str | None,
    last_name: str | None,
    language_code: str | None,
    chat_title: str | None,
    message_id: int | None,
    date: int | None,
    reply_to_bot: bool,
    reply_to_text: str,
    update_id: int | None,
    kind: str = "message",
    edit_date: int | None = None,
) -> dict[str, Any]:
    message = _base_message(
        chat_id,
        user_id,
        chat_type,
        first_name,
        username=username,
        last_name=last_name,
        language_code=language_code,
        chat_title=chat_title,
        message_id=message_id,
        date=date,
    )
    if edit_date is not None:
        message["edit_date"] = edit_date
    if reply_to_bot:
        message["reply_to_message"] = {
            "message_id": max(1, message["message_id"] - 1),
            "from": bot_user(),
            "chat": message["chat"],
            "date": message["date"] - 1,
            "text": reply_to_text,
        }
    message.update(content)
    return _wrap(kind, message, update_id)


def text_update(
    text: str,
    chat_id: int | None = None,
    user_id: int | None = None,
    chat_type: str = "private",
    first_name: str = "Alex",
    reply_to_bot: bool = False,
    *,
    username: str | None = "alex_test",
    last_name: str | None = None,
    language_code: str | None = "en",
    chat_title: str | None = None,
    message_id: int | None = None,
    date: int | None = None,
    reply_to_text: str = "How can I help?",
    update_id: int | None = None,
) -> dict[str, Any]:
    """A ``message`` update with ``text``.

    Adds a ``bot_command`` entity when ``text`` starts with a command (``/start``,
    ``/help@backcare_test_bot``) and ``mention`` entities for ``@usernames`` (offsets in UTF-16
    code units, as Telegram does). Private chats: ``chat_id == user_id`` (default 1001).
    Groups (``chat_type="group"``/``"supergroup"``): negative chat id and a title.
    ``reply_to_bot`` makes it a reply to a message from the bot.
    """
    content: dict[str, Any] = {"text": text}
    entities = _text_entities(text)
    if entities:
        content["entities"] = entities
    return _message_update(
        content,
        chat_id=chat_id,
        user_id=user_id,
        chat_type=chat_type,
        first_name=first_name,
        username=username,
        last_name=last_name,
        language_code=language_code,
        chat_title=chat_title,
        message_id=message_id,
        date=date,
        reply_to_bot=reply_to_bot,
        reply_to_text=reply_to_text,
        update_id=update_id,
    )


def edited_text_update(
    text: str,
    chat_id: int | None = None,
    user_id: int | None = None,
    chat_type: str = "private",
    first_name: str = "Alex",
    reply_to_bot: bool = False,
    *,
    message_id: int | None = None,
    edit_date: int | None = None,
    username: str | None = "alex_test",
    last_name: str | None = None,
    language_code: str | None = "en",
    chat_title: str | None = None,
    date: int | None = None,
    reply_to_text: str = "How can I help?",
    update_id: int | None = None,
) -> dict[str, Any]:
    """An ``edited_message`` update (same shape as :func:`text_update` plus ``edit_date``)."""
    now = _now()
    content: dict[str, Any] = {"text": text}
    entities = _text_entities(text)
    if entities:
        content["entities"] = entities
    return _message_update(
        content,
        chat_id=chat_id,
        user_id=user_id,
        chat_type=chat_type,
        first_name=first_name,
        username=username,
        last_name=last_name,
        language_code=language_code,
        chat_title=chat_title,
        message_id=message_id,
        date=now - 60 if date is None else date,
        reply_to_bot=reply_to_bot,
        reply_to_text=reply_to_text,
        update_id=update_id,
        kind="edited_message",
        edit_date=now if edit_date is None else edit_date,
    )


def callback_update(
    data: str,
    chat_id: int | None = None,
    user_id: int | None = None,
    message_id: int = 1,
    *,
    chat_type: str = "private",
    first_name: str = "Alex",
    username: str | None = "alex_test",
    language_code: str | None = "en",
    chat_title: str | None = None,
    message_text: str = "Choose an option:",
    reply_markup: dict[str, Any] | None = None,
    query_id: str | None = None,
    update_id: int | None = None,
) -> dict[str, Any]:
    """A ``callback_query`` update: ``user_id`` pressed a button carrying ``data`` on the bot's
    message ``message_id`` in ``chat_id``."""
    cid, uid = _resolve_ids(chat_id, user_id, chat_type)
    user = _user_dict(uid, first_name, username, None, language_code)
    message: dict[str, Any] = {
        "message_id": message_id,
        "from": bot_user(),
        "chat": _chat_dict(cid, chat_type, first_name=first_name, username=username,
                           title=chat_title),
        "date": _now() - 5,
        "text": message_text,
    }
    if reply_markup is None:
        reply_markup = {"inline_keyboard": [[{"text": data, "callback_data": data}]]}
    message["reply_markup"] = reply_markup
    query = {
        "id": query_id or f"{uid}{next(_callback_counter):010d}",
        "from": user,
        "message": message,
        "chat_instance": str(zlib.crc32(f"{cid}".encode()) + 10**12),
        "data": data,
    }
    return _wrap("callback_query", query, update_id)


def _media_update(content: dict[str, Any], kw: dict[str, Any]) -> dict[str, Any]:
    caption = kw.pop("caption", None)
    if caption is not None:
        content["caption"] = caption
    return _message_update(
        content,
        reply_to_bot=kw.pop("reply_to_bot", False),
        reply_to_text=kw.pop("reply_to_text", "How can I help?"),
        **kw,
    )


def _media_kwargs(**kw: Any) -> dict[str, Any]:
    return kw


def sticker_update(
    chat_id: int | None = None,
    user_id: int | None = None,
    chat_type: str = "private",
    first_name: str = "Alex",
    *,
    emoji: str = "\N{THUMBS UP SIGN}",
    set_name: str | None = "BackCareStickers",
    username: str | None = "alex_test",
    last_name: str | None = None,
    language_code: str | None = "en",
    chat_title: str | None = None,
    message_id: int | None = None,
    date: int | None = None,
    reply_to_bot: bool = False,
    update_id: int | None = None,
) -> dict[str, Any]:
    file_id, unique_id = _file_ids("CAAC")
    sticker: dict[str, Any] = {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "file_size": 23456,
    }
    if set_name:
        sticker["set_name"] = set_name
    return _media_update(
        {"sticker": sticker},
        _media_kwargs(
            chat_id=chat_id, user_id=user_id, chat_type=chat_type, first_name=first_name,
            username=username, last_name=last_name, language_code=language_code,
            chat_title=chat_title, message_id=message_id, date=date,
            reply_to_bot=reply_to_bot, update_id=update_id,
        ),
    )


def photo_update(
    chat_id: int | None = None,
    user_id: int | None = None,
    chat_type: str = "private",
    first_name: str = "Alex",
    *,
    caption: str | None = None,
    username: str | None = "alex_test",
    last_name: str | None = None,
    language_code: str | None = "en",
    chat_title: str | None = None,
    message_id: int | None = None,
    date: int | None = None,
    reply_to_bot: bool = False,
    update_id: int | None = None,
) -> dict[str, Any]:
    sizes: list[dict[str, Any]] = []
    for width, height, size in ((90, 67, 1200), (320, 240, 15000), (1280, 960, 120000)):
        file_id, unique_id = _file_ids("AgAC")
        sizes.append(
            {"file_id": file_id, "file_unique_id": unique_id, "width": width, "height": height,
             "file_size": size}
        )
    return _media_update(
        {"photo": sizes},
        _media_kwargs(
            caption=caption, chat_id=chat_id, user_id=user_id, chat_type=chat_type,
            first_name=first_name, username=username, last_name=last_name,
            language_code=language_code, chat_title=chat_title, message_id=message_id,
            date=date, reply_to_bot=reply_to_bot, update_id=update_id,
        ),
    )


def voice_update(
    chat_id: int | None = None,
    user_id: int | None = None,
    chat_type: str = "private",
    first_name: str = "Alex",
    *,
    duration: int = 3,
    username: str | None = "alex_test",
    last_name: str | None = None,
    language_code: str | None = "en",
    chat_title: str | None = None,
    message_id: int | None = None,
    date: int | None = None,
    reply_to_bot: bool = False,
    update_id: int | None = None,
) -> dict[str, Any]:
    file_id, unique_id = _file_ids("AwAC")
    voice = {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "duration": duration,
        "mime_type": "audio/ogg",
        "file_size": 4000 * max(duration, 1),
    }
    return _media_update(
        {"voice": voice},
        _media_kwargs(
            chat_id=chat_id, user_id=user_id, chat_type=chat_type, first_name=first_name,
            username=username, last_name=last_name, language_code=language_code,
            chat_title=chat_title, message_id=message_id, date=date,
            reply_to_bot=reply_to_bot, update_id=update_id,
        ),
    )


def document_update(
    chat_id: int | None = None,
    user_id: int | None = None,
    chat_type: str = "private",
    first_name: str = "Alex",
    *,
    file_name: str = "scan.pdf",
    mime_type: str = "application/pdf",
    caption: str | None = None,
    username: str | None = "alex_test",
    last_name: str | None = None,
    language_code: str | None = "en",
    chat_title: str | None = None,
    message_id: int | None = None,
    date: int | None = None,
    reply_to_bot: bool = False,
    update_id: int | None = None,
) -> dict[str, Any]:
    file_id, unique_id = _file_ids("BQAC")
    document = {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "file_name": file_name,
        "mime_type": mime_type,
        "file_size": 54321,
    }
    return _media_update(
        {"document": document},
        _media_kwargs(
            caption=caption, chat_id=chat_id, user_id=user_id, chat_type=chat_type,
            first_name=first_name, username=username, last_name=last_name,
            language_code=language_code, chat_title=chat_title, message_id=message_id,
            date=date, reply_to_bot=reply_to_bot, update_id=update_id,
        ),
    )


def location_update(
    latitude: float = 51.5074,
    longitude: float = -0.1278,
    chat_id: int | None = None,
    user_id: int | None = None,
    chat_type: str = "private",
    first_name: str = "Alex",
    *,
    username: str | None = "alex_test",
    last_name: str | None = None,
    language_code: str | None = "en",
    chat_title: str | None = None,
    message_id: int | None = None,
    date: int | None = None,
    reply_to_bot: bool = False,
    update_id: int | None = None,
) -> dict[str, Any]:
    """A shared location (defaults to London)."""
    return _media_update(
        {"location": {"latitude": latitude, "longitude": longitude}},
        _media_kwargs(
            chat_id=chat_id, user_id=user_id, chat_type=chat_type, first_name=first_name,
            username=username, last_name=last_name, language_code=language_code,
            chat_title=chat_title, message_id=message_id, date=date,
            reply_to_bot=reply_to_bot, update_id=update_id,
        ),
    )


def _chat_member(status: str, user: dict[str, Any]) -> dict[str, Any]:
    member: dict[str, Any]
    if status in ("member", "left"):
        return {"status": status, "user": user}
    if status == "kicked":
        return {"status": status, "user": user, "until_date": 0}
    if status == "creator":
        return {"status": status, "user": user, "is_anonymous": False}
    if status == "administrator":
        member = {"status": status, "user": user, "can_be_edited": False, "is_anonymous": False}
        for right in (
            "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
            "can_restrict_members", "can_change_info", "can_invite_users", "can_post_stories",
            "can_edit_stories", "can_delete_stories", "can_pin_messages",
        ):
            member[right] = True
        member["can_promote_members"] = False
        return member
    if status == "restricted":
        member = {"status": status, "user": user, "is_member": True, "until_date": 0}
        for right in (
            "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
            "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
            "can_send_other_messages", "can_add_web_page_previews", "can_change_info",
            "can_invite_users", "can_pin_messages", "can_manage_topics", "can_edit_tag",
            "can_react_to_messages",
        ):
            member[right] = False
        return member
    raise ValueError(
        f"unknown chat member status {status!r} "
        "(creator, administrator, member, restricted, left, kicked)"
    )


def my_chat_member_update(
    chat_id: int | None = None,
    old: str = "member",
    new: str = "kicked",
    *,
    user_id: int | None = None,
    chat_type: str = "private",
    first_name: str = "Alex",
    username: str | None = "alex_test",
    language_code: str | None = "en",
    chat_title: str | None = None,
    date: int | None = None,
    update_id: int | None = None,
) -> dict[str, Any]:
    """The bot's own membership changed (default: the user blocked the bot in a private chat;
    ``old="kicked", new="member"`` is an unblock; in groups ``new="left"``/``"kicked"`` is a
    removal by ``user_id``)."""
    cid, uid = _resolve_ids(chat_id, user_id, chat_type)
    bot = bot_user()
    payload = {
        "chat": _chat_dict(cid, chat_type, first_name=first_name, username=username,
                           title=chat_title),
        "from": _user_dict(uid, first_name, username, None, language_code),
        "date": _now() if date is None else date,
        "old_chat_member": _chat_member(old, bot),
        "new_chat_member": _chat_member(new, bot),
    }
    return _wrap("my_chat_member", payload, update_id)
