"""Telegram handlers: thin adapters from updates to `Conversation` replies.

Every handler turns an update into a `Reply` (built in plain, tested functions) and
sends it with `send()`, which is the only place this module talks to Telegram, so
every message carries the footer. Registration order is in `register()`.
"""

from __future__ import annotations

import logging

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.answers.replies import (
    CANCEL,
    CONFIRM_SUBSCRIBE,
    CONFIRM_UNSUBSCRIBE,
    MENU,
    TOPIC_PREFIX,
    Reply,
    message_reply,
)
from bot.telegram.context import Context, mark_blocked, send

log = logging.getLogger(__name__)

# Handler groups run in this order (only the first matching handler of a group runs); a
# handler raising ApplicationHandlerStop ends the update.
MEMBERSHIP_GROUP = -2  # the user blocked or removed the bot: record it, nothing to answer
GUARD_GROUP = -1  # flood guard, before anything answers
MAIN_GROUP = 0  # commands, buttons, then messages: the first matching handler answers

# Words that unsubscribe at once, whatever else is going on (campaign etiquette).
STOP_WORDS = frozenset({"stop", "stop all", "unsubscribe", "stop messages"})


def _chat_id(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id


def _reply_to(update: Update) -> int | None:
    """In groups, answer as a reply so people see whom the bot is talking to."""
    chat, message = update.effective_chat, update.effective_message
    if chat is not None and message is not None and chat.type != ChatType.PRIVATE:
        return message.message_id
    return None


# -- guards (GUARD_GROUP) ------------------------------------------------------------------


async def flood_guard(update: Update, context: Context) -> None:
    """Stop a user who sends too much; red flags are always let through."""
    user = update.effective_user
    if user is None:
        return
    svc = context.bot_data
    if await svc.guard.allow(user.id):
        return
    message = update.effective_message
    if message is not None and message.text and svc.conversation.match(message.text).emergency:
        return
    if svc.guard.should_warn(user.id) and update.effective_chat is not None:
        log.info("flood guard: holding back user %s", user.id)
        await send(context, _chat_id(update), message_reply(svc.content, "flood"))
    raise ApplicationHandlerStop


async def my_chat_member(update: Update, context: Context) -> None:
    """A user who blocks the bot (or removes it) is marked blocked and never sent to again."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    if change.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
        await mark_blocked(context.bot_data, change.chat.id)
    raise ApplicationHandlerStop


# -- commands --------------------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    """Greet, or open the topic named by a deep link (`/start sciatica`)."""
    svc = context.bot_data
    payload = context.args[0] if context.args else None
    reply = svc.conversation.start(payload)
    svc.counter.add(reply.topic or "greeting")
    await send(context, _chat_id(update), reply, _reply_to(update))


async def help_command(update: Update, context: Context) -> None:
    """Say what the bot does and list its commands."""
    await send(context, _chat_id(update),
               message_reply(context.bot_data.content, "help", menu=True), _reply_to(update))


async def topics(update: Update, context: Context) -> None:
    """Show the topic menu."""
    await send(context, _chat_id(update), context.bot_data.conversation.menu(),
               _reply_to(update))


async def privacy(update: Update, context: Context) -> None:
    """Explain what is stored and how to erase it."""
    await send(context, _chat_id(update),
               message_reply(context.bot_data.content, "privacy", menu=True), _reply_to(update))


async def forget(update: Update, context: Context) -> None:
    """Erase everything stored about this chat."""
    svc = context.bot_data
    chat_id = _chat_id(update)
    if svc.store is not None:
        await svc.store.forget(chat_id)
    if update.effective_user is not None:
        svc.guard.forget(update.effective_user.id)
    await send(context, chat_id, message_reply(svc.content, "forget_done"), _reply_to(update))


async def subscribe(update: Update, context: Context) -> None:
    """Join the campaign messages (an explicit choice: /start never subscribes)."""
    await send(context, _chat_id(update), await _subscribe(context, _chat_id(update)),
               _reply_to(update))


async def unsubscribe(update: Update, context: Context) -> None:
    """Leave the campaign messages."""
    await send(context, _chat_id(update), await _unsubscribe(context, _chat_id(update)),
               _reply_to(update))


async def _subscribe(context: Context, chat_id: int) -> Reply:
    svc = context.bot_data
    joined = await svc.store.subscribe(chat_id) if svc.store is not None else True
    return message_reply(svc.content, "subscribed" if joined else "already_subscribed")


async def _unsubscribe(context: Context, chat_id: int) -> Reply:
    svc = context.bot_data
    left = await svc.store.unsubscribe(chat_id) if svc.store is not None else True
    return message_reply(svc.content, "unsubscribed" if left else "not_subscribed")


async def unknown_command(update: Update, context: Context) -> None:
    """Say so, kindly, for a command we do not have."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    command = message.text.split()[0]
    if update.effective_chat is not None and update.effective_chat.type != ChatType.PRIVATE:
        bot_name = context.bot.username or ""
        if "@" in command and command.split("@", 1)[1].lower() != bot_name.lower():
            return  # a command for another bot in the group
    await send(context, _chat_id(update),
               message_reply(context.bot_data.content, "unknown_command", menu=True,
                             command=command), _reply_to(update))


# -- messages -------------------------------------------------------------------------------


async def text_message(update: Update, context: Context) -> None:
    """Answer a question typed in a private chat (or an edited one)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    await _answer(update, context, message.text)


async def group_message(update: Update, context: Context) -> None:
    """In groups, answer only messages that mention the bot or reply to it."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    text = message.text
    username = context.bot.username or ""
    mentioned = f"@{username}".lower() in text.lower() if username else False
    replied = (message.reply_to_message is not None
               and message.reply_to_message.from_user is not None
               and message.reply_to_message.from_user.id == context.bot.id)
    if not mentioned and not replied:
        return
    if mentioned:
        text = _strip_mention(text, username)
    await _answer(update, context, text)


def _strip_mention(text: str, username: str) -> str:
    lowered, mention = text.lower(), f"@{username.lower()}"
    i = lowered.find(mention)
    return (text[:i] + text[i + len(mention):]).strip() if i >= 0 else text


async def _answer(update: Update, context: Context, text: str) -> None:
    svc = context.bot_data
    chat_id = _chat_id(update)
    if text.strip().lower() in STOP_WORDS:
        await send(context, chat_id, await _unsubscribe(context, chat_id), _reply_to(update))
        return
    reply = svc.conversation.reply_to_text(text)
    if reply.topic:
        svc.counter.add("emergency" if reply.emergency else reply.topic)
    await send(context, chat_id, reply, _reply_to(update))


async def non_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice and the like: explain that the bot reads text."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return  # group chatter that is not for us
    await send(context, chat.id, message_reply(context.bot_data.content, "non_text", menu=True))


# -- buttons --------------------------------------------------------------------------------


async def button(update: Update, context: Context) -> None:
    """A button press: acknowledge it, then show what it asked for."""
    query = update.callback_query
    if query is None:
        return
    svc = context.bot_data
    data = query.data or ""
    try:
        await query.answer()
    except BadRequest as exc:  # too old to answer: still show the topic
        log.debug("could not answer callback query: %s", exc)
    chat_id = query.message.chat.id if query.message else (query.from_user.id)
    reply: Reply | None
    if data.startswith(TOPIC_PREFIX):
        reply = svc.conversation.reply_to_topic(data[len(TOPIC_PREFIX):])
        if reply and reply.topic:
            svc.counter.add(reply.topic)
    elif data == CONFIRM_SUBSCRIBE:
        reply = await _subscribe(context, chat_id)
    elif data == CONFIRM_UNSUBSCRIBE:
        reply = await _unsubscribe(context, chat_id)
    elif data == CANCEL:
        reply = message_reply(svc.content, "subscribe_cancelled", menu=True)
    else:
        reply = None
    if reply is None or data == MENU:
        reply = svc.conversation.menu()
    await send(context, chat_id, reply)


# -- errors ---------------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log the failure with its update id and tell the user, kindly, with the footer."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    if isinstance(error, Forbidden):
        log.info("update %s: the chat blocked the bot", update_id)
        return
    log.error("update %s failed: %s", update_id, _describe(error), exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await send(context, update.effective_chat.id,
                   message_reply(context.bot_data.content, "error"))
    except TelegramError as exc:
        log.warning("update %s: could not send the error message either: %s", update_id,
                    _describe(exc))


def _describe(error: BaseException | None) -> str:
    return f"{type(error).__name__}: {error}" if error else "unknown error"
