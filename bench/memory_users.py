"""Memory over distinct users: does the bot's memory stop growing however many people write?

    python bench/memory_users.py [--users 10000,100000,1000000] [--tracemalloc]

Issue 9 found about 175 bytes kept for every chat and user ever seen (114-129 MB at 100,000
users). This feeds the real Application (`bot.telegram.app.build_application`, every handler)
one update from each of N distinct users, in this process and without a network: the Bot API
is answered by `FakeBotAPI`, a `BaseRequest` that returns what Telegram would (getMe, a sent
Message) without keeping anything. Updates go straight to `Application.process_update`, one
after another, as the update processor would hand them over. Most users start with `/start`
(a deep link), every fourth asks a question, every tenth presses a button, and one in fifty
writes in a group.

It prints the resident set (VmRSS from /proc/self/status, the kernel's count) after each
checkpoint, after a `gc.collect()`, with the time taken. Memory is flat when the growth per
user between checkpoints is near zero bytes: Python keeps freed memory in its arenas, so the
absolute RSS settles at a plateau rather than falling. `--tracemalloc` also prints the ten
source lines that hold the most new memory between the first and the last checkpoint (slow:
use it with smaller counts, e.g. `--users 20000,60000`).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import AIORateLimiter  # noqa: E402
from telegram.request import BaseRequest, RequestData  # noqa: E402

from bot.answers import english  # noqa: E402
from bot.answers.content import load_content  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.telegram import app as telegram_app  # noqa: E402
from bot.testing.botapi import (  # noqa: E402
    DEFAULT_TOKEN,
    bot_user,
    callback_update,
    text_update,
)

QUESTIONS = ["what is sciatica", "is acupuncture safe", "how long does back pain last",
             "does acupuncture help back pain", "what can i do for my back at work"]


class FakeBotAPI(BaseRequest):
    """Answers Bot API calls as Telegram would, keeping nothing (so only the bot's memory is
    measured). Accepts the keyword arguments of `bot.transport.AiohttpRequest`."""

    def __init__(self, **_: Any) -> None:
        self._message_id = 0

    @property
    def read_timeout(self) -> float:
        return 10.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: object = None, write_timeout: object = None,
                         connect_timeout: object = None, pool_timeout: object = None,
                         ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data is not None else {}
        result: Any = True
        if name == "getMe":
            result = {**bot_user(), "can_join_groups": True,
                      "can_read_all_group_messages": False, "supports_inline_queries": False}
        elif name == "sendMessage":
            self._message_id += 1
            chat_id = int(params["chat_id"])
            chat = ({"id": chat_id, "type": "private", "first_name": "User"} if chat_id > 0
                    else {"id": chat_id, "type": "group", "title": "Group"})
            result = {"message_id": self._message_id, "date": int(time.time()), "chat": chat,
                      "from": bot_user(), "text": str(params.get("text", ""))}
        elif name == "getUpdates":
            result = []
        return 200, json.dumps({"ok": True, "result": result}).encode()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def update_for(i: int) -> dict[str, Any]:
    """The i-th distinct user's first update (users and chats never repeat)."""
    user = 10_000_000 + i
    if i % 50 == 49:  # a group member mentioning the bot, in a group of its own
        return text_update("@backcare_test_bot what is sciatica", chat_id=-(5_000_000 + i),
                           user_id=user, chat_type="group", update_id=i + 1)
    if i % 10 == 9:
        return callback_update("topic:sciatica", chat_id=user, user_id=user, update_id=i + 1)
    if i % 4 == 3:
        return text_update(QUESTIONS[i % len(QUESTIONS)], chat_id=user, user_id=user,
                           update_id=i + 1)
    return text_update("/start sciatica", chat_id=user, user_id=user, update_id=i + 1)


def unpaced(**_: Any) -> AIORateLimiter:
    """The bot's rate limiter without its pace: memory, not Telegram's limits, is measured
    here, and updates are fed one after another (a paced bot would take hours for 1M)."""
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0)


async def run(checkpoints: list[int], trace: bool) -> None:
    telegram_app.AiohttpRequest = FakeBotAPI  # type: ignore[misc,assignment]
    telegram_app.AIORateLimiter = unpaced  # type: ignore[misc,assignment]
    folder = tempfile.mkdtemp(prefix="memory-users-")
    settings = load_settings({"TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
                              "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot",
                              "DATABASE_URL": f"sqlite:///{folder}/bot.sqlite3"})
    application = telegram_app.build_application(settings, load_content())
    english.preload()
    await application.initialize()  # getMe through FakeBotAPI; no store, no jobs
    if trace:
        tracemalloc.start(8)  # only now: tracing the content's loading would take minutes
    bot = application.bot
    gc.collect()
    print("| users | RSS MB | growth per user since last, bytes | seconds |")
    print("| ---: | ---: | ---: | ---: |")
    print(f"| 0 | {rss_mb():.1f} | | |")
    sys.stdout.flush()
    done, last_rss, started = 0, rss_mb(), time.monotonic()
    first: tracemalloc.Snapshot | None = None
    for target in checkpoints:
        since = done
        while done < target:
            await application.process_update(Update.de_json(update_for(done), bot))
            done += 1
        gc.collect()
        rss = rss_mb()
        per_user = (rss - last_rss) * 1024 * 1024 / max(1, done - since)
        print(f"| {target:,} | {rss:.1f} | {per_user:.0f} | {time.monotonic() - started:.0f} |")
        sys.stdout.flush()
        last_rss = rss
        if trace:
            snapshot = tracemalloc.take_snapshot()
            if first is None:
                first = snapshot
            else:
                print("\nnew memory by line, first to last checkpoint:")
                for stat in snapshot.compare_to(first, "lineno")[:10]:
                    print(f"  {stat}")
    await application.shutdown()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="10000,100000,1000000",
                        help="checkpoints, comma-separated (cumulative distinct users)")
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    checkpoints = sorted(int(n) for n in args.users.split(","))
    asyncio.run(run(checkpoints, args.tracemalloc))


if __name__ == "__main__":
    main()
