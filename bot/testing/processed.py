"""An update processor that tells a test when the bot has finished with an update.

Why: a test that checks what the bot did *not* do (ignore group chatter, a command for another
bot, a user over the flood limit; not retry a 403) needs the moment at which "not yet" becomes
"never". Sleeping for a while and then asserting is slow when the machine is idle and wrong
when it is busy. python-telegram-bot hands every update to the Application's update
processor and awaits all of its (blocking) handlers and error handlers there, so the end of
``do_process_update`` is exactly "the bot has finished with this update". This processor
records that moment per ``update_id``:

    processed = ProcessedUpdates()
    application = build_application(settings, content, updates=processed)
    ...
    data = stub.push_update(text_update("chatter", chat_type="group"))
    await processed(data)  # or processed(data["update_id"]), or several at once
    assert stub.sent == []

It handles updates exactly as python-telegram-bot's default (``SimpleUpdateProcessor``, up to
``max_concurrent_updates`` at once). Handlers registered with ``block=False`` and tasks a
handler starts itself are not waited for: the bot registers none of the former.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Mapping
from typing import Any

from telegram import Update
from telegram.ext import SimpleUpdateProcessor

__all__ = ["DEFAULT_TIMEOUT", "ProcessedUpdates"]

# Seconds a wait may take before it fails. Only a failing test ever waits this long, so it is
# generous: a loaded machine must not turn a slow pass into a failure.
DEFAULT_TIMEOUT = 30.0
# Updates handled at once unless told otherwise: the same as the bot's CONCURRENT_UPDATES
# (bot.telegram.app), which a test passes in; not imported, so that using this module does
# not load the whole bot.
DEFAULT_CONCURRENCY = 64


class ProcessedUpdates(SimpleUpdateProcessor):
    """Processes updates like ``SimpleUpdateProcessor`` and records which ones are done.

    ``done`` holds the ``update_id`` of every update whose handling has ended (normally, with
    an error passed to the error handlers, or cancelled at shutdown). ``await self(*updates)``
    returns once all the given updates are done; each is an ``update_id`` or an update dict as
    ``BotAPIStub.push_update`` returns it.
    """

    __slots__ = ("_changed", "done", "timeout")

    def __init__(
        self, max_concurrent_updates: int = DEFAULT_CONCURRENCY, *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self.timeout = timeout
        self.done: set[int] = set()
        self._changed = asyncio.Event()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        finally:
            if isinstance(update, Update):
                self.done.add(update.update_id)
                # Wake every waiter once; later waiters wait on a fresh event.
                changed, self._changed = self._changed, asyncio.Event()
                changed.set()

    async def __call__(
        self, *updates: int | Mapping[str, Any], timeout: float | None = None
    ) -> None:
        """Return once every one of ``updates`` has been handled; ``TimeoutError`` after
        ``timeout`` seconds (default: ``self.timeout``)."""
        wanted = {u if isinstance(u, int) else int(u["update_id"]) for u in updates}
        limit = self.timeout if timeout is None else timeout
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while missing := wanted - self.done:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"updates {sorted(missing)} not handled within {limit}s "
                    f"(handled so far: {sorted(self.done)[-10:]})"
                )
            # On timeout the loop goes round once more and reports the ids still missing.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
