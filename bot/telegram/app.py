"""`python -m bot run`: build the python-telegram-bot Application and run it.

Long polling by default; webhook mode when `WEBHOOK_URL` is set. Both stop cleanly on
SIGTERM/SIGINT (polling by python-telegram-bot's `run_polling`; the webhook by
`bot.telegram.webhook`, which checks the secret before reading a body, with size limits and
timeouts). Slow set-up (the database, the command menu, the English word list) happens in
`post_init`, before the first update, so no user waits for it. The scheduled campaign
(`bot.campaign.scheduler`) is woken by a repeating job and sends in a background task, so
users are answered meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import os
from functools import partial
from pathlib import Path
from typing import Any

# Ask python-telegram-bot for `retry_after` as a timedelta (its future default), which also
# silences its deprecation warning on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram import Bot, BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ExtBot,
    MessageHandler,
    SimpleUpdateProcessor,
    TypeHandler,
    filters,
)

from bot import metrics
from bot.answers import english, words
from bot.answers.commands import COMMANDS, PUBLIC, Action
from bot.answers.content import Content
from bot.answers.conversation import Conversation
from bot.answers.dialogue import Dialogue
from bot.campaign.plan import Campaign
from bot.campaign.scheduler import owner_id, run_due_items
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.storage.counters import TopicCounter
from bot.storage.optouts import OptOutQueue
from bot.storage.store import Store, database_url, sqlite_file
from bot.storage.words import WordCounter
from bot.telegram import admin, handlers
from bot.telegram.context import CONTEXT_TYPES, App, BotData, Context, LeanApplication
from bot.telegram.guard import MAX_WAITING, BoundedUpdates
from bot.telegram.lifecycle import stop_application
from bot.telegram.tolerant import TolerantBot
from bot.transport import AiohttpRequest

log = logging.getLogger(__name__)

# The organisers' commands of the commands table, and who answers them.
ORGANISER_COMMANDS = {Action.STATS: admin.stats, Action.BROADCAST: admin.broadcast,
                      Action.REPORT: admin.report}

COUNTER_FLUSH_SECONDS = 10
# The file of opt-outs kept during a database outage (chat ids only; gone once applied).
OPTOUT_JOURNAL = "optouts-pending.jsonl"
# Updates handled at once: answering is quick, but a send may wait on Telegram.
CONCURRENT_UPDATES = 64
# Seconds to wait for the Bot API before a request counts as timed out (TimedOut).
REQUEST_TIMEOUT = 10.0
# Every send of the bot (replies, and the scheduled campaign's) shares Telegram's overall
# limit of about 30 messages a second: at most the REPLY_RATE setting a second (25 unless
# set), leaving one at a time at the default rate, so no window of one second ever holds
# more than that + 1. At a raised rate they may leave in small bursts, REPLY_BURST seconds'
# worth (20 at 1000 a second): one at a time, each late wake-up of the event loop would be
# lost for good and the pace would stall near half the rate. A window then holds at most the
# rate + the burst. A 429 pauses every send for its retry_after, then the message is retried,
# up to MAX_RETRIES_ON_429 times; groups keep Telegram's 20 a minute.
REPLY_BURST = 0.02
MAX_RETRIES_ON_429 = 5
TELEGRAM_API = "https://api.telegram.org/bot"  # python-telegram-bot's default base_url
# The scheduled campaign: how often the bot looks for due plan items (the database says what
# was sent; the job queue only wakes it up) and how soon after start.
CAMPAIGN_TICK_SECONDS = 60.0
CAMPAIGN_FIRST_TICK_SECONDS = 5.0
# How long shutdown waits for sends in progress (campaign, chat broadcasts) to stop before
# cancelling them; what is left is resumed later.
STOP_SENDING_SECONDS = 15.0


class MeteredVotes:
    """The dialogue's vote counter: stored per day by the topic counter, and counted for
    /metrics too (storage itself knows nothing of metrics)."""

    def __init__(self, counter: TopicCounter) -> None:
        self.counter = counter

    def vote(self, topic: str, helpful: bool) -> None:
        self.counter.vote(topic, helpful)
        metrics.VOTES.labels(topic, "helpful" if helpful else "not_helpful").inc()


def build_application(settings: Settings, content: Content, plan: Campaign | None = None,
                      store: Store | None = None, clock: Clock = system_clock,
                      updates: BaseUpdateProcessor | None = None,
                      max_waiting: int = MAX_WAITING,
                      conversation: Conversation | None = None) -> App:
    """The Application with every handler registered.

    `store` may be given, else it is opened from DATABASE_URL at start; `clock` says what time
    it is; `updates` processes updates (default: up to CONCURRENT_UPDATES at once), so a test
    can give one that tells it when an update has been handled; at most `max_waiting` more
    wait for their turn, the rest are dropped (`guard.BoundedUpdates`). `conversation` is
    the one built from `content` already (`run`'s, built before the big imports: see
    `bot.cli.serving_conversation`), else one is built here.
    """
    # Our own bot class reads each update of a getUpdates batch on its own, so one it cannot
    # parse is skipped instead of stalling polling (`tolerant.TolerantBot`); the builder then
    # takes the token, transports and rate limiter from the bot.
    burst = max(1, int(settings.reply_rate * REPLY_BURST))  # 1 up to 99 a second
    bot: ExtBot[Any] = TolerantBot(
        settings.require_token(),
        base_url=settings.base_url or TELEGRAM_API,
        request=AiohttpRequest(pool_size=64, read_timeout=REQUEST_TIMEOUT,
                               write_timeout=REQUEST_TIMEOUT),
        get_updates_request=AiohttpRequest(pool_size=2),
        rate_limiter=AIORateLimiter(overall_max_rate=burst,
                                    overall_time_period=burst / settings.reply_rate,
                                    max_retries=MAX_RETRIES_ON_429),
    )
    processor = BoundedUpdates(updates or SimpleUpdateProcessor(CONCURRENT_UPDATES),
                               max_waiting)
    builder = (
        ApplicationBuilder()
        .application_class(LeanApplication)
        .bot(bot)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(processor)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    application: App = builder.build()
    data = application.bot_data
    data.settings = settings
    data.conversation = conversation if conversation is not None else Conversation(content)
    # Questions and "was this helpful?" votes are counted per topic and UTC day by `clock`.
    data.counter = TopicCounter(store, clock=clock)
    # The words of questions it could not answer, per ISO week by `clock`, each person once.
    data.words = WordCounter(store, clock=clock)
    data.dialogue = Dialogue(data.conversation, store, clock=clock,
                             votes=MeteredVotes(data.counter))
    data.plan = plan
    data.store = store
    data.clock = clock
    data.open_store = store is None
    # Which waiting updates go first when the bot is overloaded: opt-outs, emergencies, crises.
    processor.urgent = partial(handlers.is_urgent, data)
    register(application)
    return application


def register(application: App) -> None:
    """Every handler, in one place. Order matters: see the group constants in `handlers`."""
    h = handlers
    add = application.add_handler
    add(TypeHandler(Update, h.flood_guard), group=h.GUARD_GROUP)
    add(ChatMemberHandler(h.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
        group=h.MEMBERSHIP_GROUP)

    # The commands table: organisers' commands go to `admin`, the rest to one handler.
    for command in COMMANDS:
        callback = ORGANISER_COMMANDS[command.action] if command.admin else h.command
        add(CommandHandler(command.names, callback), h.MAIN_GROUP)
    add(CallbackQueryHandler(admin.button, pattern=admin.BUTTON_PATTERN), h.MAIN_GROUP)
    add(CallbackQueryHandler(h.button), h.MAIN_GROUP)
    # Channel posts are a feed, not a conversation: no command is answered there.
    add(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGES, h.unknown_command),
        h.MAIN_GROUP)
    # Text, new or edited: private chats always; groups only when addressed to the bot.
    private_text = filters.TEXT & filters.ChatType.PRIVATE
    add(MessageHandler(private_text & filters.UpdateType.MESSAGES, h.text_message),
        h.MAIN_GROUP)
    add(MessageHandler(filters.TEXT & filters.ChatType.GROUPS & filters.UpdateType.MESSAGES,
                       h.group_message), h.MAIN_GROUP)
    add(MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT, h.non_text), h.MAIN_GROUP)
    application.add_error_handler(h.on_error)


def bot_commands(content: Content) -> list[BotCommand]:
    """The command menu: the public commands of the table, described by messages.yaml."""
    return [BotCommand(c.name, content.commands[c.name]) for c in PUBLIC]


async def _post_init(application: App) -> None:
    svc = application.bot_data
    english.preload()  # the word list for spelling: loaded now, not on a user's message
    words.preload()  # and the lists that pick the words of unanswered questions
    if svc.open_store:
        svc.store = await Store.open(database_url(svc.settings.database_url, Path.cwd()),
                                     clock=svc.clock)
        svc.counter.store = svc.store
        svc.words.store = svc.store
    # Who this process is in the database's leases (the campaign, organisers' broadcasts).
    svc.campaign_owner = owner_id()
    if svc.store is not None:
        svc.optouts = OptOutQueue(svc.store, optout_journal(svc.settings))
        svc.dialogue.subscriptions = svc.optouts
        svc.optouts.start()
    await application.bot.set_my_commands(bot_commands(svc.content))
    if application.job_queue is not None:
        application.job_queue.run_repeating(_flush_counters, COUNTER_FLUSH_SECONDS,
                                            name="flush-topic-counters")
        if svc.plan is not None and svc.store is not None:
            application.job_queue.run_repeating(_campaign_tick, CAMPAIGN_TICK_SECONDS,
                                                first=CAMPAIGN_FIRST_TICK_SECONDS,
                                                name="campaign")
    log.info("bot @%s ready (%s)", application.bot.username,
             "webhook" if svc.settings.webhook else "long polling")


def optout_journal(settings: Settings) -> Path:
    """Where opt-outs wait out a database outage: beside a SQLite file (a folder the bot can
    write), else in the working folder."""
    file = sqlite_file(database_url(settings.database_url, Path.cwd()))
    return (file.parent if file is not None else Path.cwd()) / OPTOUT_JOURNAL


async def _flush_counters(context: Context) -> None:
    await context.bot_data.counter.flush()
    await context.bot_data.words.flush()


async def _campaign_tick(context: Context) -> None:
    """Start sending due plan items in the background, unless a run is still going.

    A plain asyncio task rather than `application.create_task`, which `Application.stop`
    would wait for to the end of a long send; `_post_stop` stops it instead.
    """
    data = context.bot_data
    running = data.campaign_task
    if (running is not None and not running.done()) or data.stopping:
        return
    data.campaign_task = asyncio.create_task(_run_campaign(data, context.bot), name="campaign")


async def _run_campaign(data: BotData, bot: Bot) -> None:
    assert data.store is not None and data.plan is not None
    try:
        await run_due_items(data.store, bot, data.content, data.plan, clock=data.clock,
                            owner=data.campaign_owner, should_stop=lambda: data.stopping)
    except Exception:
        log.exception("scheduled campaign run failed; the next tick tries again")


async def _post_stop(application: App) -> None:
    """Let sends in progress (the scheduled campaign, organisers' chat broadcasts) stop at
    their next message, before the store closes; what is left is resumed later."""
    data = application.bot_data
    data.stopping = True
    sending = [t for t in (data.campaign_task, *data.admin_tasks.values())
               if t is not None and not t.done()]
    if sending:
        _, late = await asyncio.wait(sending, timeout=STOP_SENDING_SECONDS)
        if late:
            log.warning("%d send(s) did not stop in time; cancelling (resumed on restart)",
                        len(late))
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
    await data.counter.flush()
    await data.words.flush()
    if data.optouts is not None:
        await data.optouts.stop()


async def _post_shutdown(application: App) -> None:
    svc = application.bot_data
    if svc.open_store and svc.store is not None:
        await svc.store.close()


async def start_polling(application: App, poll_timeout: int = 10) -> None:
    """What `run_polling` does before it blocks: for tests and embedding."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=poll_timeout,
                                            allowed_updates=Update.ALL_TYPES)
    await application.start()


async def stop_polling(application: App) -> None:
    """What `run_polling` does after the stop signal (the same order as the webhook's)."""
    await stop_application(application)


def run(settings: Settings, content: Content, plan: Campaign | None,
        conversation: Conversation | None = None) -> None:
    """Run until SIGTERM/SIGINT, by webhook when configured, else by long polling.
    `conversation`: the one built from `content` already, if any (`build_application`).

    Telegram and the database are checked first (`bot.telegram.startup`), so a network
    down, a rejected token or a database that cannot be used raises a `StartupFailure` (one
    line, no token) instead of failing deep inside python-telegram-bot.
    """
    from bot.telegram.startup import check_before_run

    if not check_before_run(settings):
        return  # stopped during the checks
    application = build_application(settings, content, plan, conversation=conversation)
    if settings.webhook:
        # Imported only here: the web server (aiohttp.web) costs a polling bot 2 MB for nothing.
        from bot.telegram.webhook import run_webhook

        run_webhook(application, settings)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
