"""The state every handler shares, typed, and the one function that sends a reply.

python-telegram-bot builds `bot_data` itself with no arguments (`ContextTypes(bot_data=...)`,
as in its `contexttypesbot.py` example), so `BotData` starts empty and `build_application`
fills it in before the first update. Handlers read `context.bot_data.store` and mypy checks
it: no string keys. `send` lives here, not with the handlers, because the organisers'
commands send too and must not import the handlers (that was an import cycle).
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from functools import lru_cache
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden, RetryAfter
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, Job
from telegram.warnings import PTBUserWarning

from bot.answers.content import Content
from bot.answers.conversation import Conversation
from bot.answers.dialogue import Dialogue
from bot.answers.replies import Button, Reply
from bot.campaign.plan import Campaign
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.storage.counters import TopicCounter
from bot.storage.optouts import OptOutQueue
from bot.storage.store import Store
from bot.storage.words import WordCounter
from bot.telegram.guard import FloodGuard

log = logging.getLogger(__name__)


class BotData:
    """What the handlers need, one typed object per application."""

    settings: Settings
    conversation: Conversation
    dialogue: Dialogue
    plan: Campaign | None

    def __init__(self) -> None:
        self.store: Store | None = None
        # Opt-outs made while the database is unreachable, applied when it returns.
        self.optouts: OptOutQueue | None = None
        self.counter = TopicCounter(None)
        # Content words of unanswered questions, per week (bot/storage/words.py).
        self.words = WordCounter(None)
        self.clock: Clock = system_clock
        # Asks `self.clock` at each call, as `build_application` sets the clock later.
        self.guard = FloodGuard(clock=lambda: self.clock())
        self.open_store = False  # open (and close) the store from DATABASE_URL at start
        # Organisers' chat broadcasts that are sending now, by broadcast id.
        self.admin_tasks: dict[str, asyncio.Task[None]] = {}
        # The scheduled campaign: who we are in its leases, its running send, shutdown flag.
        self.campaign_owner = ""
        self.campaign_task: asyncio.Task[None] | None = None
        self.stopping = False

    @property
    def content(self) -> Content:
        return self.conversation.content


CONTEXT_TYPES = ContextTypes(bot_data=BotData)
Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]
App = Application[ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], BotData, Any]


class LeanApplication(App):
    """An Application that keeps nothing per chat or user, so memory stays flat however many
    people write.

    python-telegram-bot notes the chat and user id of every update it handles, for its
    persistence to save later, and only a persistence ever clears that note: without one the
    ids of everyone ever seen stay in two sets (about 175 bytes a person, 114-129 MB at
    100,000 people, measured in issue 9; `bench/memory_users.py`). The bot has no
    persistence (its state is in the database) and no handler uses `context.user_data` or
    `chat_data`, so with no persistence nothing is noted.
    """

    def _mark_for_persistence_update(self, *, update: object | None = None,
                                     job: Job[Any] | None = None) -> None:
        if self.persistence is not None:
            super()._mark_for_persistence_update(update=update, job=job)


@lru_cache(maxsize=256)
def keyboard(rows: tuple[tuple[Button, ...], ...]) -> dict[str, Any]:
    """The Bot API's `reply_markup` for these buttons, built (by python-telegram-bot's own
    classes) once per distinct set: the content does not change while running."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.text, callback_data=b.data)
                                  for b in row] for row in rows]).to_dict()


# python-telegram-bot warns that `do_api_request("sendMessage")` has a method of its own;
# `send` uses the raw call on purpose (see there).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.sendMessage'",
                        category=PTBUserWarning)
_NO_PREVIEW = {"is_disabled": True}


async def send(context: Context, chat_id: int, reply: Reply,
               reply_to: int | None = None) -> int | None:
    """Send a reply, and give its message id (None when it could not be sent); a user who
    blocked the bot is recorded, not retried.

    The bot's rate limiter paces every send under Telegram's limits and waits out a 429's
    `retry_after` a few times; a reply still refused after that is dropped with a log line,
    never turned into an error message, which would be one more send to refuse.

    It goes through `do_api_request` with sendMessage's own fields rather than
    `send_message`, through the same rate limiter, retries and error mapping: `send_message`
    turns Telegram's answer (the sent message, its buttons echoed) into a `Message` that
    nothing here reads, and that was a quarter of the bot's CPU per question (py-spy at 600
    questions a second, `bench/telegram_load.py`).
    """
    fields: dict[str, Any] = {"chat_id": chat_id, "text": reply.text,
                              "parse_mode": ParseMode.HTML.value,
                              "link_preview_options": _NO_PREVIEW}
    if reply.buttons:
        fields["reply_markup"] = keyboard(reply.buttons)
    if reply_to is not None:
        fields["reply_parameters"] = {"message_id": reply_to,
                                      "allow_sending_without_reply": True}
    try:
        sent = await context.bot.do_api_request("sendMessage", fields)
    except Forbidden:
        log.info("chat %s has blocked the bot; marking it blocked", chat_id)
        await mark_blocked(context.bot_data, chat_id)
        return None
    except RetryAfter:
        log.warning("chat %s: still rate limited by Telegram after retrying; reply dropped",
                    chat_id)
        return None
    message_id = sent.get("message_id") if isinstance(sent, dict) else None
    return message_id if isinstance(message_id, int) else None


async def mark_blocked(data: BotData, chat_id: int) -> None:
    if data.store is not None:
        await data.store.mark_blocked(chat_id)
