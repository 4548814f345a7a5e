"""A typical python-telegram-bot 22 bot: the "typical PTB" row of `telegram_load.py`.

    TELEGRAM_BOT_TOKEN=123:TEST TELEGRAM_BASE_URL=http://127.0.0.1:PORT/bot \
        python bench/floor_bot.py [--concurrent N] [--aiohttp]

What most PTB bots look like (the library's own echobot example, less its /start and /help):
`ApplicationBuilder().token(...).build()` with every default, one MessageHandler(filters.TEXT)
that answers with one fixed sendMessage, and `run_polling(allowed_updates=Update.ALL_TYPES)`,
which stops cleanly on SIGTERM. The defaults that matter for speed, as PTB 22 sets them:
updates are handled one at a time (`concurrent_updates` off: the next update's handler starts
only after this one's sendMessage has been answered); the httpx transport (`HTTPXRequest`,
HTTP/1.1, a pool of 256 connections for calls and 1 for getUpdates, 5 s read timeout);
getUpdates long-polls with timeout 10 s and poll_interval 0. Logging is at LOG_LEVEL (WARNING
unless set; the example's INFO adds nothing per update once httpx is at WARNING, which the
example also does, because httpx logs every request at INFO).

The options are for taking the difference apart, not for the table's row:
`--concurrent N` handles up to N updates at once (`concurrent_updates(N)`); `--aiohttp` uses
the project's transport (`bot.transport.AiohttpRequest`) instead of httpx.
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

REPLY = "Thanks for your question. This is the typical PTB benchmark bot."


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, REPLY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concurrent", type=int, default=0, metavar="N",
                        help="concurrent_updates(N) (default: PTB's, one at a time)")
    parser.add_argument("--aiohttp", action="store_true",
                        help="bot.transport.AiohttpRequest instead of PTB's httpx transport")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING").upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # as PTB's examples: lines per request

    builder = ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    base_url = os.environ.get("TELEGRAM_BASE_URL")
    if base_url:
        builder = builder.base_url(base_url)
    if args.aiohttp:
        from bot.transport import AiohttpRequest

        builder = (builder.request(AiohttpRequest())
                   .get_updates_request(AiohttpRequest(pool_size=2)))
    if args.concurrent:
        builder = builder.concurrent_updates(args.concurrent)
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
