"""Deliver one broadcast to every active subscriber: paced, resumable, nothing lost.

The database is the record. A broadcast is a stored text plus one delivery row per
(broadcast, chat); `deliver()` sends what is still pending, in batches, and records
each outcome as soon as it is known (a writer task flushes results every few
milliseconds), so after a crash or Ctrl-C running it again sends only what is still owed:
at most the messages in flight at the crash go twice, none is skipped.

Telegram's limits (docs/campaign.md, "Pace and errors"): about 30 messages a second
overall, so sends are paced a little under that by a smooth limiter (aiolimiter) with
small bounded concurrency; `paid` broadcasts use `allow_paid_broadcast` and 1000 a
second. On 429
every worker pauses for `retry_after` and the message is retried, never dropped. 403
marks the subscriber blocked; "chat not found" marks the delivery failed; a migrated
group is followed to its new id; timeouts and network errors retry with back-off, a
bounded number of times.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from aiolimiter import AsyncLimiter
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.storage.store import BroadcastSummary, Store

log = logging.getLogger(__name__)

FREE_RATE = 29.0  # messages a second: just under Telegram's ~30 a second overall
PAID_RATE = 960.0  # with allow_paid_broadcast: up to 1000 a second; a margin for jitter
FREE_CONCURRENCY = 4
PAID_CONCURRENCY = 32
BATCH = 2000  # deliveries read from the database at a time
RECORD_WINDOW = 0.02  # seconds the recorder gathers outcomes before one commit
NETWORK_RETRIES = 4  # after the first try, with back-off 0.5, 1, 2, 4 s
MAX_429_RETRIES = 20  # per message; each waits the retry_after Telegram asks for


@dataclass
class Progress:
    """Running totals, for the progress bar, the admin's progress message and the summary."""

    total: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    retried_429: int = 0
    started: float = field(default_factory=time.monotonic)  # for the log's rate: display only

    @property
    def done(self) -> int:
        return self.sent + self.blocked + self.failed


@dataclass(frozen=True)
class Outcome:
    chat_id: int
    status: str  # sent | blocked | failed | pending (not finished: stopped before an answer)
    error: str | None = None


class _Pause:
    """A shared "wait until" that every worker honours after a 429."""

    def __init__(self) -> None:
        self.until = 0.0

    def hold(self, seconds: float) -> None:
        self.until = max(self.until, time.monotonic() + seconds)

    async def wait(self) -> None:
        while (delay := self.until - time.monotonic()) > 0:
            await asyncio.sleep(delay)


def _seconds(retry_after: int | float | timedelta) -> float:
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return float(retry_after)


async def send_one(bot: Bot, store: Store, broadcast_id: str, chat_id: int, text: str,
                   paid: bool, pause: _Pause, progress: Progress) -> Outcome:
    """Send to one chat and say what became of it; only unexpected errors propagate."""
    network_tries = 0
    rate_tries = 0
    while True:
        await pause.wait()
        try:
            await _send_message(bot, chat_id, text, paid)
            return Outcome(chat_id, "sent")
        except RetryAfter as exc:
            rate_tries += 1
            progress.retried_429 += 1
            wait = _seconds(exc.retry_after)
            log.warning("429 from Telegram: pausing all sends for %.0f s", wait)
            pause.hold(wait)
            if rate_tries > MAX_429_RETRIES:
                return Outcome(chat_id, "pending", "rate limited; will resume next run")
        except Forbidden as exc:
            return Outcome(chat_id, "blocked", _reason(exc))
        except ChatMigrated as exc:
            new_id = int(exc.new_chat_id)
            log.info("chat %s moved to %s; following it", chat_id, new_id)
            await store.migrate_chat(chat_id, new_id)
            chat_id = new_id
        except BadRequest as exc:
            return Outcome(chat_id, "failed", _reason(exc))
        except (TimedOut, NetworkError) as exc:
            network_tries += 1
            if network_tries > NETWORK_RETRIES:
                return Outcome(chat_id, "failed", _reason(exc))
            await asyncio.sleep(0.5 * 2 ** (network_tries - 1))


async def _send_message(bot: Bot, chat_id: int, text: str, paid: bool) -> None:
    """sendMessage without building a `Message` from the answer, which nobody reads here.

    Parsing the returned Message is about a third of python-telegram-bot's CPU per send, and
    at the paid rate (up to 1000 a second) one core is the limit. `Bot._post` is what every
    python-telegram-bot method calls: error mapping (RetryAfter, Forbidden, ...), the
    transport and, for the running bot's ExtBot, its rate limiter all still apply.
    """
    data: dict[str, object] = {"chat_id": chat_id, "text": text, "parse_mode": ParseMode.HTML,
                               "link_preview_options": {"is_disabled": True}}
    if paid:
        data["allow_paid_broadcast"] = True
    await bot._post("sendMessage", data)


def _reason(exc: Exception) -> str:
    """A short reason an organiser can read ("Chat not found", "Forbidden: bot was blocked")."""
    return (str(exc) or type(exc).__name__)[:200]


async def deliver(store: Store, bot: Bot, broadcast_id: str, *, paid: bool = False,
                  rate: float | None = None, concurrency: int | None = None,
                  should_stop: Callable[[], bool] = lambda: False,
                  on_progress: Callable[[Progress], None] | None = None) -> BroadcastSummary:
    """Send every pending delivery of a stored broadcast; return where it stands.

    Stops early (leaving the rest pending, to be resumed) when `should_stop()` turns true:
    quiet hours beginning, Ctrl-C, the bot shutting down.
    """
    broadcast = await store.broadcast_summary(broadcast_id)
    await store.enqueue(broadcast_id)
    before = await store.broadcast_summary(broadcast_id)
    progress = Progress(total=before.counts["pending"] + before.counts["sent"]
                        + before.counts["blocked"] + before.counts["failed"])
    progress.sent = before.counts["sent"]
    progress.blocked = before.counts["blocked"]
    progress.failed = before.counts["failed"]
    progress.started = time.monotonic()
    already_sent = progress.sent
    per_second = rate or (PAID_RATE if broadcast.paid or paid else FREE_RATE)
    # A smooth pace with a small burst (one at the free rate, two or so at the paid rate): any
    # rolling second holds at most per_second + burst sends, under Telegram's limit, since a
    # 429 pauses every sender for a whole second; the burst lets a fast pace keep up.
    burst = max(1.0, per_second / 400)
    limiter = AsyncLimiter(burst, burst / per_second)
    workers = concurrency or (PAID_CONCURRENCY if paid else FREE_CONCURRENCY)
    pause = _Pause()
    results: asyncio.Queue[Outcome | None] = asyncio.Queue()
    writer = asyncio.create_task(_record(store, broadcast_id, results, progress, on_progress))
    text = broadcast.text
    try:
        while not should_stop():
            batch = await store.pending(broadcast_id, BATCH)
            if not batch:
                break
            queue: asyncio.Queue[int] = asyncio.Queue()
            for chat_id in batch:
                queue.put_nowait(chat_id)

            async def worker(todo: asyncio.Queue[int]) -> None:
                while not todo.empty() and not should_stop():
                    chat_id = todo.get_nowait()
                    await limiter.acquire()
                    outcome = await send_one(bot, store, broadcast_id, chat_id, text,
                                             broadcast.paid or paid, pause, progress)
                    await results.put(outcome)

            await asyncio.gather(*(worker(queue) for _ in range(min(workers, len(batch)))))
            # Every outcome of this batch is recorded before the next read of pending rows.
            joined = asyncio.ensure_future(results.join())
            await asyncio.wait({joined, writer}, return_when=asyncio.FIRST_COMPLETED)
            if writer.done():
                joined.cancel()
                writer.result()  # the database failed: stop here, with the error
                raise RuntimeError("the delivery recorder stopped unexpectedly")
    finally:
        if not writer.done():
            await results.put(None)
            await writer
    summary = await store.broadcast_summary(broadcast_id)
    if summary.counts["pending"] == 0:
        await store.finish_broadcast(broadcast_id)
        summary = await store.broadcast_summary(broadcast_id)
    elapsed = time.monotonic() - progress.started
    log.info("broadcast %s: %d sent this run in %.1f s (%.1f/s), %d 429s", broadcast_id,
             progress.sent - already_sent, elapsed,
             (progress.sent - already_sent) / elapsed if elapsed else 0.0, progress.retried_429)
    return summary


async def _record(store: Store, broadcast_id: str, results: asyncio.Queue[Outcome | None],
                  progress: Progress, on_progress: Callable[[Progress], None] | None) -> None:
    """Write outcomes as they come, in small batches: one transaction per wake-up.

    After the first outcome it waits RECORD_WINDOW for more, so a fast paid broadcast
    commits tens of outcomes at a time instead of one transaction per message; the price is
    at most that window's worth of sends unrecorded at a crash (about one at the free rate).
    """
    done = False
    while not done:
        batch = [await results.get()]
        if batch[0] is not None:
            await asyncio.sleep(RECORD_WINDOW)
        while not results.empty():
            batch.append(results.get_nowait())
        outcomes = [o for o in batch if o is not None]
        done = len(outcomes) < len(batch)
        final = [(o.chat_id, o.status, o.error) for o in outcomes if o.status != "pending"]
        try:
            if final:
                await store.mark_many(broadcast_id, final)
        finally:
            for _ in batch:
                results.task_done()
        for o in outcomes:
            if o.status == "sent":
                progress.sent += 1
            elif o.status == "blocked":
                progress.blocked += 1
            elif o.status == "failed":
                progress.failed += 1
        if on_progress is not None and outcomes:
            on_progress(progress)
