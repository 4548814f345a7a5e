"""Telegram handlers: thin adapters from updates to `Dialogue` replies.

Every handler finds the chat, asks the transport-free `Dialogue` (bot/answers/dialogue.py)
what to answer, counts the topic, and sends the reply with `send()`, the only way this
package talks to users, so every message carries the footer. The terminal chat calls the
same `Dialogue`, so both front ends hold the same conversation. Registration, in order, is
in `bot.telegram.app.register`, generated from the commands table.
"""

from __future__ import annotations

import logging

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import metrics
from bot.answers import commands
from bot.answers.catalogue import FALLBACK
from bot.answers.commands import Action
from bot.answers.replies import Reply, message_reply
from bot.answers.words import content_words
from bot.telegram.context import BotData, Context, mark_blocked, send

log = logging.getLogger(__name__)

# Handler groups run in this order (only the first matching handler of a group runs); a
# handler raising ApplicationHandlerStop ends the update.
MEMBERSHIP_GROUP = -2  # the user blocked or removed the bot: record it, nothing to answer
GUARD_GROUP = -1  # flood guard, before anything answers
MAIN_GROUP = 0  # commands, buttons, then messages: the first matching handler answers


def _chat_id(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id


def _reply_to(update: Update) -> int | None:
    """In groups, answer as a reply so people see whom the bot is talking to."""
    chat, message = update.effective_chat, update.effective_message
    if chat is not None and message is not None and chat.type != ChatType.PRIVATE:
        return message.message_id
    return None


def _count(data: BotData, reply: Reply) -> None:
    """Count the topic answered (anonymously: a topic id, never the text)."""
    if reply.topic:
        data.counter.add(reply.topic)
        metrics.ANSWERS.labels(reply.topic).inc()
    if reply.triage:
        metrics.TRIAGE.labels(reply.triage).inc()


def _count_missing(data: BotData, chat_id: int, text: str, reply: Reply) -> None:
    """When the bot had no answer, count the question's content words for the week: dictionary
    words only, never the text, and the chat only to count each person once (in memory)."""
    if reply.topic == FALLBACK:
        data.words.add(chat_id, content_words(text))


# -- guards (GUARD_GROUP, MEMBERSHIP_GROUP) ---------------------------------------------------


async def flood_guard(update: Update, context: Context) -> None:
    """Stop a user who sends too much, before any costly reading. An opt-out still works,
    and an emergency or a crisis is still heard (a cheap check of the start of the message),
    each once while the user is held back."""
    user = update.effective_user
    if user is None:
        return
    svc = context.bot_data
    if svc.guard.allow(user.id):
        return
    words = _words(update)
    if words and svc.dialogue.opts_out(words) and svc.guard.first_alarm(user.id, "opt-out"):
        return  # STOP, /unsubscribe, /forget always work
    tier = svc.conversation.alarm(words) if words else None
    if tier is not None and svc.guard.first_alarm(user.id, tier.value):
        return  # answered in full by the handlers below
    if svc.guard.should_warn(user.id) and update.effective_chat is not None:
        log.info("flood guard: holding back user %s", user.id)
        await send(context, _chat_id(update), message_reply(svc.content, "flood"))
    raise ApplicationHandlerStop


def is_urgent(data: BotData, update: object) -> bool:
    """Whether an update is an opt-out or reports an emergency or a crisis (the cheap
    checks): what lets it wait ahead of the others when the bot is overloaded
    (`guard.BoundedUpdates`)."""
    if not isinstance(update, Update):
        return False
    words = _words(update)
    return words is not None and (data.dialogue.opts_out(words)
                                  or data.conversation.alarm(words) is not None)


def _words(update: Update) -> str | None:
    message = update.effective_message
    return (message.text or message.caption) if message is not None else None


async def my_chat_member(update: Update, context: Context) -> None:
    """A user who blocks the bot (or removes it) is marked blocked and never sent to again."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    if change.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
        await mark_blocked(context.bot_data, change.chat.id)
    raise ApplicationHandlerStop


# -- commands --------------------------------------------------------------------------------


async def command(update: Update, context: Context) -> None:
    """Any public command of the commands table (`/start`, `/help`, `/forget`...)."""
    message = update.effective_message
    typed = commands.parse(message.text or "") if message is not None else None
    found = commands.find(typed.name) if typed is not None else None
    if typed is None or found is None:
        return
    svc = context.bot_data
    chat_id = _chat_id(update)
    user = update.effective_user
    reply = await svc.dialogue.command(chat_id, found, typed.args,
                                       user.id if user is not None else None)
    if found.action is Action.FORGET:
        svc.words.forget(chat_id)
        if update.effective_user is not None:
            svc.guard.forget(update.effective_user.id)
    if found.action is Action.START:
        _count(svc, reply)
    await send(context, chat_id, reply, _reply_to(update))


async def unknown_command(update: Update, context: Context) -> None:
    """Say so, kindly, for a command we do not have."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    typed = commands.parse(message.text)
    bot_name = (context.bot.username or "").lower()
    if typed is not None and typed.bot is not None and typed.bot.lower() != bot_name:
        return  # a command for another bot in the group
    await send(context, _chat_id(update),
               context.bot_data.dialogue.unknown_command(message.text.split()[0]),
               _reply_to(update))


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
    with metrics.REPLY_SECONDS.time():
        reply = await svc.dialogue.text(chat_id, text)
        _count(svc, reply)
        _count_missing(svc, chat_id, text, reply)
        await send(context, chat_id, reply, _reply_to(update))


async def non_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice and the like: explain that the bot reads text. A caption is
    triaged first: symptoms written under a photo are never met with "I only read text"."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    svc = context.bot_data
    username = context.bot.username or ""
    caption = message.caption or ""
    addressed = chat.type == ChatType.PRIVATE or (
        bool(username) and f"@{username}".lower() in caption.lower())
    if not addressed:
        return  # group chatter that is not for us
    if caption.strip():
        match = svc.conversation.match(_strip_mention(caption, username) if username
                                       else caption)
        if match.triage is not None:
            reply = svc.conversation.reply_to_match(match)
            _count(svc, reply)
            await send(context, chat.id, reply, _reply_to(update))
            return
    if chat.type == ChatType.PRIVATE:
        await send(context, chat.id, svc.dialogue.non_text())


# -- buttons --------------------------------------------------------------------------------


async def button(update: Update, context: Context) -> None:
    """A button press: acknowledge it, then show what it asked for."""
    query = update.callback_query
    if query is None:
        return
    svc = context.bot_data
    try:
        await query.answer()
    except BadRequest as exc:  # too old to answer: still show the topic
        log.debug("could not answer callback query: %s", exc)
    chat_id = query.message.chat.id if query.message else query.from_user.id
    reply = await svc.dialogue.button(chat_id, query.data or "")
    _count(svc, reply)
    await send(context, chat_id, reply)


# -- errors ---------------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log the failure with its update id and tell the user, kindly, with the footer."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    if isinstance(error, Forbidden):
        log.info("update %s: the chat blocked the bot", update_id)
        return
    if isinstance(error, RetryAfter):
        metrics.RATE_LIMITED.labels("reply").inc()
        # Still rate limited after every retry: an error message would only be one more send
        # for Telegram to refuse.
        log.warning("update %s: rate limited by Telegram; no reply", update_id)
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
