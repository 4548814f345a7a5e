"""The cheapest Telegram bot there can be: a raw aiohttp long-poll loop with a fixed reply.

    TELEGRAM_BOT_TOKEN=123:TEST TELEGRAM_BASE_URL=http://127.0.0.1:PORT/bot \
        python bench/raw_floor.py

No python-telegram-bot: one `aiohttp.ClientSession`; a loop that calls getUpdates with the
offset of the last update seen + 1 and a long-poll timeout, and for every text message in the
batch starts one sendMessage with a fixed text to its chat at once (the sends run
concurrently, the loop does not wait for them before polling again). Bodies are JSON, which
the Bot API accepts. No update objects, no handlers, no retries, no rate limiting: it is the
lower bound that `telegram_load.py` measures the real bot against ("nothing can be cheaper"
in Python on this event loop). SIGTERM or SIGINT stops polling, waits up to 5 s for the
sends in flight, and exits 0.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys

import aiohttp

REPLY = "Thanks for your question. This is the raw floor benchmark bot."
POLL_TIMEOUT = 10  # seconds the Bot API may hold a getUpdates open
STOP_WAIT = 5.0  # seconds to wait for sends in flight at exit

log = logging.getLogger("raw_floor")
_JSON = {"Content-Type": "application/json"}


async def send(session: aiohttp.ClientSession, url: str, chat_id: int) -> None:
    body = json.dumps({"chat_id": chat_id, "text": REPLY}).encode()
    try:
        async with session.post(url, data=body, headers=_JSON) as resp:
            await resp.read()
            if resp.status != 200:
                log.warning("sendMessage to %s: HTTP %s", chat_id, resp.status)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("sendMessage to %s failed: %s", chat_id, type(exc).__name__)


async def poll(session: aiohttp.ClientSession, api: str, stop: asyncio.Event) -> None:
    get_updates, send_message = api + "getUpdates", api + "sendMessage"
    offset = 0
    sending: set[asyncio.Task[None]] = set()
    while not stop.is_set():
        body = json.dumps({"offset": offset, "timeout": POLL_TIMEOUT}).encode()
        try:
            async with session.post(get_updates, data=body, headers=_JSON) as resp:
                data = json.loads(await resp.read())
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("getUpdates failed: %s", type(exc).__name__)
            await asyncio.sleep(0.5)
            continue
        for update in data.get("result") or ():
            offset = update["update_id"] + 1
            message = update.get("message")
            if message and "text" in message:
                task = asyncio.create_task(send(session, send_message, message["chat"]["id"]))
                sending.add(task)
                task.add_done_callback(sending.discard)
    if sending:
        await asyncio.wait(sending, timeout=STOP_WAIT)


async def amain() -> int:
    base = os.environ.get("TELEGRAM_BASE_URL") or "https://api.telegram.org/bot"
    api = f"{base}{os.environ['TELEGRAM_BOT_TOKEN']}/"
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    timeout = aiohttp.ClientTimeout(total=None, connect=5, sock_read=POLL_TIMEOUT + 10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        poller = asyncio.create_task(poll(session, api, stop))

        def on_signal() -> None:
            stop.set()
            poller.cancel()  # leave the long-poll at once; sends in flight are not cancelled

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, on_signal)
        try:
            await poller
        except asyncio.CancelledError:
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            if pending:
                await asyncio.wait(pending, timeout=STOP_WAIT)
    return 0


def main() -> int:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING").upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return asyncio.run(amain())


if __name__ == "__main__":
    raise SystemExit(main())
