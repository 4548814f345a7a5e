"""The smallest python-telegram-bot 22 echo bot: the floor that `telegram_load.py` compares
the real bot against.

    TELEGRAM_BOT_TOKEN=123:TEST TELEGRAM_BASE_URL=http://127.0.0.1:PORT/bot \
        python bench/floor_bot.py [--aiohttp]

One MessageHandler(filters.TEXT) answers every text with one fixed sendMessage; long polling
via `run_polling()`, which stops cleanly on SIGTERM. With no option it is python-telegram-bot
exactly as `ApplicationBuilder()` makes it (httpx transport, updates handled one at a time);
`--aiohttp` uses the project's transport (`bot.transport.AiohttpRequest`) and 64 concurrent
updates, the same plumbing as `python -m bot run`, so what is left between that floor and the
real bot is the bot's own work per message.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for `bot.transport` when run as `python bench/floor_bot.py`

os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram import Update  # noqa: E402
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402

REPLY = "Thanks for your question. This is the floor benchmark bot."


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, REPLY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--aiohttp", action="store_true",
                        help="bot.transport.AiohttpRequest transport and concurrent_updates(64)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING").upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore"):  # their lines carry the token
        logging.getLogger(noisy).setLevel(logging.WARNING)

    builder = ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    base_url = os.environ.get("TELEGRAM_BASE_URL")
    if base_url:
        builder = builder.base_url(base_url)
    if args.aiohttp:
        from bot.transport import AiohttpRequest

        builder = (builder.request(AiohttpRequest())
                   .get_updates_request(AiohttpRequest(pool_size=2))
                   .concurrent_updates(64))
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
