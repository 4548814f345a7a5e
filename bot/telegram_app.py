"""`python -m bot run`: build the python-telegram-bot Application and run it.

Long polling by default; webhook mode when `WEBHOOK_URL` is set. Both stop cleanly on
SIGTERM/SIGINT (python-telegram-bot's `run_*` handle the signals). Slow set-up (the
database, the command menu, the English word list) happens in `post_init`, before the
first update, so no user waits for it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urlparse

# Ask python-telegram-bot for `retry_after` as a timedelta (its future default), which also
# silences its deprecation warning on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram import BotCommand, Update  # noqa: E402
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes  # noqa: E402

from . import english  # noqa: E402
from .config import Settings  # noqa: E402
from .content import Content  # noqa: E402
from .conversation import Conversation  # noqa: E402
from .counters import TopicCounter  # noqa: E402
from .handlers import Services, register  # noqa: E402
from .http import AiohttpRequest  # noqa: E402

log = logging.getLogger(__name__)

COUNTER_FLUSH_SECONDS = 10
# Seconds to wait for the Bot API before a request counts as timed out (TimedOut).
REQUEST_TIMEOUT = 10.0
# Conversation replies are one per incoming message, so no overall cap here (a broadcast
# paces itself); 429s are still honoured and retried, and groups keep Telegram's 20/min.
MAX_RETRIES_ON_429 = 3


def build_application(settings: Settings, content: Content, store: object | None = None,
                      open_store: bool = True) -> Application:
    """The Application with every handler registered; `store` may be given (tests)."""
    builder = (
        ApplicationBuilder()
        .token(settings.require_token())
        .request(AiohttpRequest(pool_size=64, read_timeout=REQUEST_TIMEOUT,
                                write_timeout=REQUEST_TIMEOUT))
        .get_updates_request(AiohttpRequest(pool_size=2))
        .rate_limiter(AIORateLimiter(overall_max_rate=0, max_retries=MAX_RETRIES_ON_429))
        .concurrent_updates(64)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    application = builder.build()
    application.bot_data["services"] = Services(
        settings=settings, conversation=Conversation(content), store=store,
        counter=TopicCounter(store))
    application.bot_data["open_store"] = open_store and store is None
    register(application)
    return application


def bot_commands(content: Content) -> list[BotCommand]:
    """The command menu, from messages.yaml's `commands` lines ("name - description")."""
    commands = []
    for line in content.messages["commands"].splitlines():
        name, _, description = line.partition(" - ")
        commands.append(BotCommand(name.strip().lstrip("/"), description.strip()))
    return commands


async def _post_init(application: Application) -> None:
    svc: Services = application.bot_data["services"]
    english.preload()  # the word list for spelling: loaded now, not on a user's message
    if application.bot_data.get("open_store"):
        from .store import Store, database_url

        svc.store = await Store.open(database_url(svc.settings.database_url, Path.cwd()))
        svc.counter.store = svc.store
    await application.bot.set_my_commands(bot_commands(svc.content))
    if application.job_queue is not None:
        application.job_queue.run_repeating(_flush_counters, COUNTER_FLUSH_SECONDS,
                                            name="flush-topic-counters")
    log.info("bot @%s ready (%s)", application.bot.username,
             "webhook" if svc.settings.webhook else "long polling")


async def _flush_counters(context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.application.bot_data["services"].counter.flush()


async def _post_stop(application: Application) -> None:
    await application.bot_data["services"].counter.flush()


async def _post_shutdown(application: Application) -> None:
    svc: Services = application.bot_data["services"]
    if application.bot_data.get("open_store") and svc.store is not None:
        await svc.store.close()


async def start_polling(application: Application, poll_timeout: int = 10) -> None:
    """What `run_polling` does before it blocks: for tests and embedding."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=poll_timeout,
                                            allowed_updates=Update.ALL_TYPES)
    await application.start()


async def stop_polling(application: Application) -> None:
    """What `run_polling` does after the stop signal."""
    assert application.updater is not None
    if application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    if application.post_stop:
        await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown:
        await application.post_shutdown(application)


def run(settings: Settings, content: Content) -> None:
    """Run until SIGTERM/SIGINT, by webhook when configured, else by long polling."""
    application = build_application(settings, content)
    if settings.webhook:
        assert settings.webhook_url is not None
        application.run_webhook(
            listen="0.0.0.0",
            port=settings.port,
            url_path=urlparse(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
