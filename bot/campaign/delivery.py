"""Deliver one broadcast to every active subscriber: paced, resumable, nothing lost.

The database is the record. A broadcast is a stored text plus one delivery row per
(broadcast, chat); `deliver()` sends what is still pending, in one pass in chat-id order,
and records each outcome as soon as it is known (a recorder task commits outcomes every few
milliseconds), so after a crash or Ctrl-C running it again sends only what is still owed.
The rows are written a slice of QUEUE_SLICE subscribers at a time, just ahead of the
sending: written all at once, a million of them would hold the first message back by
seconds. A run that stops early queues the rest before it returns, so what is owed is on
record; a run killed mid-way leaves them to the next run, whose queueing finds them.

Telegram's limits (docs/campaign.md, "Pace and errors"): about 30 messages a second
overall, so sends keep to a schedule a little under that (bot.campaign.pacing: the k-th send
is due k / rate seconds after the first, and the one 30 places after another waits until a
second after that one's answer, so no second can receive 31), with small bounded
concurrency; `paid` broadcasts use `allow_paid_broadcast` and 1000 a second. Every attempt,
retries included, takes its turn on the schedule.

What becomes of each send, and why:

* **Answered** (Telegram said something definite): sent; 403 marks the delivery and the
  subscriber blocked; a 400 such as "chat not found" marks it failed, with the reason. These
  are final: a rerun never tries them again. A migrated group is followed to its new id.
* **429**: every sender pauses for `retry_after` and the message is retried, never dropped;
  after MAX_429_RETRIES waits for one message it stays owed for the next run.
* **Surely not delivered** (a 5xx answer, a refused or reset connection, any other network
  error): the message is retried up to NETWORK_RETRIES times, then recorded as still owed with
  the reason (status `pending`, `error` set: "to retry" in the summary), so the next run
  retries it. A run passes over the owed chats once, so it never spins on one that keeps
  failing.
* **In doubt** (the request timed out, or the answer was a 200 that is not the Bot API's
  JSON): Telegram may well have delivered it, and resending at once is how slow answers used to
  give people five copies. So it is *not* repeated in the same run: it is recorded as owed
  with a reason ending "(may have been delivered)", and the next run sends it once more.
  Each such message can therefore reach its chat at most twice.
* **Trouble is shared**: a temporary fault pauses *every* sender, and until a send gets an
  answer again only one message is in flight at a time (a probe); each failed probe doubles
  the pause (0.5 s up to 8 s). The messages already in flight when the trouble began count
  as one fault, each probe as one more; after FAULT_STREAK in a row the run stops with the
  rest owed. So one outage leaves at most `concurrency + FAULT_STREAK` messages in doubt
  (those in flight when it began, plus one per probe), however many subscribers there are;
  those are the only ones a rerun can duplicate.

The database: no more than IN_FLIGHT_PER_WORKER x concurrency messages may be sent and not
yet recorded at any moment; a sender waits for room before it sends. When the database is
unreachable the recorder keeps its outcomes and retries (0.25 s, doubling up to 5 s,
DB_RETRIES times: about a minute), and sending stops by itself because that window fills;
when the database is back the outcomes are written and sending resumes. If it stays away
past the bound, `deliver` raises `DatabaseUnavailable`: nothing more is sent, the rest stays
owed, and the next run may send again only the few in the window (sent, never recorded).
After any fault: nothing lost, duplicates at most the messages in flight.

`should_stop()` is asked before each message is taken and every 0.1 s of any wait (429,
fault pauses, database retries), so Ctrl-C, SIGTERM or quiet hours stop a run within a
fraction of a second even in a 60-second `retry_after`; the message that was waiting stays
owed.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import NamedTuple, Protocol, TypeVar

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot import metrics
from bot.campaign.pacing import Pacer
from bot.storage.broadcasts import database_unavailable
from bot.storage.store import BroadcastSummary, Store

log = logging.getLogger(__name__)

# Messages a second. The schedule keeps these (lateness is made up). Telegram's limits are
# kept by the pacer's guard, whatever the jitter: the send 30 places (1000 paid) after
# another waits until a second after that one's answer. The gap the rate leaves (30 sends
# at 29.6/s span 1.0135 s, 1000 at 990/s 1.0101 s) is what an answer may take before the
# guard holds anything back.
FREE_RATE = 29.6
PAID_RATE = 990.0  # with allow_paid_broadcast
FREE_LIMIT = 30  # Telegram's: sends in any one second, overall
PAID_LIMIT = 1000  # with allow_paid_broadcast
GUARD_WINDOW = 1.001  # a second after the answer, and a millisecond for rounding
FREE_CONCURRENCY = 4
PAID_CONCURRENCY = 32
BATCH = 2000  # deliveries read from the database at a time
QUEUE_SLICE = BATCH  # subscribers queued at a time, ahead of the reading
# Seconds the recorder gathers outcomes before one commit, when that gathers a few (paid);
# at a few dozen a second it would gather none, only commit later, into the next send's turn.
RECORD_WINDOW = 0.02
# Sent-but-unrecorded messages allowed per worker: two, so a worker can send its next
# message while the previous outcome is being committed, and the pace never waits on a commit.
IN_FLIGHT_PER_WORKER = 2
NETWORK_RETRIES = 4  # after the first try, for errors where the message surely did not go
MAX_429_RETRIES = 20  # per message; each waits the retry_after Telegram asks for
FAULT_STREAK = 10  # consecutive temporary faults (about a minute of pauses) that stop a run
DB_RETRIES = 15  # tries to reach the database again: about a minute of back-off
STOP_POLL = 0.1  # seconds between should_stop() checks in any wait

TIMED_OUT = "Timed out (may have been delivered)"
GARBLED = "Unreadable answer from Telegram (may have been delivered)"
RATE_LIMITED = "Rate limited by Telegram too many times"

_T = TypeVar("_T")


@dataclass(frozen=True)
class Patience:
    """How long a run waits out trouble before it gives up; tests shorten it.

    The defaults ride out about a minute of Telegram faults and about a minute of database
    outage; past that, stopping with everything owed intact beats sending blind.
    """

    network_retries: int = NETWORK_RETRIES
    fault_pause: float = 0.5  # the shared pause after a temporary fault, doubling per fault
    fault_pause_max: float = 8.0
    fault_streak: int = FAULT_STREAK
    max_429: int = MAX_429_RETRIES
    db_retries: int = DB_RETRIES
    db_pause: float = 0.25  # the first wait for the database, doubling per try
    db_pause_max: float = 5.0


PATIENCE = Patience()


class DatabaseUnavailable(RuntimeError):
    """The database stayed unreachable past the bound (or the run was stopped meanwhile).

    Nothing more was sent; everything not recorded is still owed, so running the same
    broadcast again when the database is back finishes it.
    """


@dataclass
class Progress:
    """Running totals, for the progress bar, the admin's progress message and the summary."""

    total: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    retried_429: int = 0
    retrying: int = 0  # recorded as still owed after a temporary fault, this run
    db_waits: int = 0  # times the database was unreachable and the run waited for it
    started: float = field(default_factory=time.monotonic)  # for the log's rate: display only

    @property
    def done(self) -> int:
        return self.sent + self.blocked + self.failed


@dataclass(frozen=True)
class Outcome:
    chat_id: int
    # sent | blocked | failed | pending (still owed: with an error, a temporary fault to
    # record; without, never sent because the run is stopping)
    status: str
    error: str | None = None


async def _nap(seconds: float, should_stop: Callable[[], bool]) -> bool:
    """Sleep, checking should_stop() every STOP_POLL; False if it turned true."""
    deadline = time.monotonic() + seconds
    while not should_stop():
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        await asyncio.sleep(min(left, STOP_POLL))
    return False


async def _patiently(call: Callable[[], Awaitable[_T]], patience: Patience,
                     should_stop: Callable[[], bool], waited: Callable[[], None]) -> _T:
    """Run a store call, waiting out a database outage with back-off, within the bound."""
    pause = patience.db_pause
    tries = 0
    while True:
        try:
            return await call()
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            tries += 1
            if tries > patience.db_retries:
                raise DatabaseUnavailable(
                    f"the database stayed unreachable ({type(exc).__name__}) after "
                    f"{patience.db_retries} tries") from exc
            log.warning("database unreachable (%s): sending paused; try %d of %d in %.2f s",
                        type(exc).__name__, tries, patience.db_retries, pause)
            waited()
            if not await _nap(pause, should_stop):
                raise DatabaseUnavailable("stopped while the database was unreachable") from exc
            pause = min(pause * 2, patience.db_pause_max)


class _Traffic:
    """What every sender honours: the shared pause, and one send at a time after a fault."""

    def __init__(self, patience: Patience, should_stop: Callable[[], bool],
                 pacer: Pacer) -> None:
        self._patience = patience
        self._should_stop = should_stop
        self._pacer = pacer
        self._until = 0.0
        self._probe = asyncio.Lock()
        self.streak = 0  # faults in a row: the first wave counts one, then one per probe

    def hold(self, seconds: float) -> None:
        self._until = max(self._until, time.monotonic() + seconds)
        self._pacer.pause_until(self._until)  # a pause is not lateness: nothing to make up

    def fault(self, probing: bool) -> None:
        """Count a fault: the first of a run of them, or a probe's. The others of the first
        wave were sent before anyone knew, so they say nothing new and do not count."""
        if self.streak and not probing:
            return
        self.streak += 1
        p = self._patience
        self.hold(min(p.fault_pause * 2 ** min(self.streak - 1, 30), p.fault_pause_max))
        if self.tripped:
            log.warning("Telegram kept failing (%d faults in a row): stopping; the rest "
                        "stays owed", self.streak)

    def answered(self) -> None:
        self.streak = 0

    def should_stop(self) -> bool:
        return self._should_stop()

    @property
    def holding(self) -> bool:
        """A pause is on: nobody should send now."""
        return self._until > time.monotonic()

    @property
    def tripped(self) -> bool:
        return self.streak >= self._patience.fault_streak

    async def _clear(self) -> bool:
        """Wait out the pause; False when the run should stop instead.

        should_stop() is asked only while there is a pause to wait out: a sender that has
        taken its message and has no reason to wait sends it (the workers ask before taking
        one).
        """
        while (delay := self._until - time.monotonic()) > 0:
            if not await _nap(delay, self._should_stop):
                return False
        return not self.tripped

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[_Turn]:
        """A turn to send, as a probe while faults go on; `go` is False when the run is
        stopping: send nothing then."""
        if not await self._clear():
            yield _Turn(go=False, probing=False)
        elif self.streak == 0:
            yield _Turn(go=True, probing=False)
        else:
            async with self._probe:
                yield _Turn(go=await self._clear(), probing=True)


class _Turn(NamedTuple):
    go: bool
    probing: bool


# A store call run with patience for the database (see _patiently).
_DbCall = Callable[[Callable[[], Awaitable[None]]], Awaitable[None]]


@dataclass(frozen=True)
class _Run:
    bot: Bot
    store: Store
    text: str
    paid: bool
    traffic: _Traffic
    pacer: Pacer
    progress: Progress
    patience: Patience
    db: _DbCall


async def _send_one(run: _Run, chat_id: int) -> Outcome:
    """Send to one chat and say what became of it; only unexpected errors propagate."""
    network_tries = 0
    rate_tries = 0
    traffic = run.traffic
    while True:
        async with traffic.turn() as turn:
            if not turn.go:
                return Outcome(chat_id, "pending")  # stopping: not sent, still owed
            send = await run.pacer.acquire(traffic.should_stop, STOP_POLL)
            if send is None:
                return Outcome(chat_id, "pending")  # stopped while waiting its turn: owed
            if traffic.holding:
                run.pacer.answered(send)  # not sent after all
                continue  # a 429 or a fault came in while this one waited: wait it out too
            try:
                try:
                    await _send_message(run.bot, chat_id, run.text, run.paid)
                finally:
                    run.pacer.answered(send)  # it has surely arrived, if it ever will
                traffic.answered()
                return Outcome(chat_id, "sent")
            except RetryAfter as exc:
                rate_tries += 1
                run.progress.retried_429 += 1
                metrics.RATE_LIMITED.labels("broadcast").inc()
                wait = _seconds(exc.retry_after)
                log.warning("429 from Telegram: pausing all sends for %.0f s", wait)
                traffic.hold(wait)
                if rate_tries > run.patience.max_429:
                    return Outcome(chat_id, "pending", RATE_LIMITED)
            except Forbidden as exc:
                traffic.answered()
                return Outcome(chat_id, "blocked", _reason(exc))
            except ChatMigrated as exc:
                traffic.answered()
                old_id, new_id = chat_id, int(exc.new_chat_id)
                log.info("chat %s moved to %s; following it", old_id, new_id)
                await run.db(partial(run.store.migrate_chat, old_id, new_id))
                chat_id = new_id
            except BadRequest as exc:  # before NetworkError, of which it is a subclass
                traffic.answered()
                return Outcome(chat_id, "failed", _reason(exc))
            except TimedOut:
                traffic.fault(turn.probing)
                return Outcome(chat_id, "pending", TIMED_OUT)
            except NetworkError as exc:
                traffic.fault(turn.probing)
                network_tries += 1
                if network_tries > run.patience.network_retries:
                    return Outcome(chat_id, "pending", _reason(exc))
            except (InvalidToken, EndPointNotFound):
                raise  # the token or the address is wrong: every send would fail alike
            except (TelegramError, KeyError, TypeError) as exc:
                # A 200 whose body is not JSON ("Invalid server response"), or JSON without
                # a result: whatever answered, the message may have gone.
                log.warning("unreadable answer from Telegram (%s)", type(exc).__name__)
                traffic.fault(turn.probing)
                return Outcome(chat_id, "pending", GARBLED)


def _kind(outcome: Outcome) -> str:
    """A few stable words for an error, for metrics (never a chat id or the text)."""
    if outcome.status == "blocked":
        return "blocked"
    if outcome.error in (TIMED_OUT, GARBLED, RATE_LIMITED):
        return {TIMED_OUT: "timed_out", GARBLED: "garbled", RATE_LIMITED: "rate_limited"}[
            outcome.error]
    return "rejected" if outcome.status == "failed" else "network"


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


def _seconds(retry_after: int | float | timedelta) -> float:
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return float(retry_after)


def _reason(exc: Exception) -> str:
    """A short reason an organiser can read ("Chat not found", "Forbidden: bot was blocked")."""
    return (str(exc) or type(exc).__name__)[:200]


@dataclass
class _Reachability:
    down: bool = False  # the last database call failed, and none has succeeded since


class _Recorder:
    """Commits outcomes in small batches, and bounds how many sends may be unrecorded.

    A sender takes a place (`enter`) before it sends and gives its outcome back (`put`); the
    place is freed only once that outcome is committed. While the database is away no place
    is given (sending stops at the first failed write), and in any case the places run out,
    so never more than `limit` messages are sent without a record, however long the outage.
    """

    def __init__(self, store: Store, broadcast_id: str, limit: int, run_db: _DbCall,
                 database: _Reachability, progress: Progress,
                 on_progress: Callable[[Progress], None] | None, window: float) -> None:
        self._window = window
        self._store = store
        self._database = database
        self._broadcast_id = broadcast_id
        self._limit = limit
        self._db = run_db
        self._progress = progress
        self._on_progress = on_progress
        self._outcomes: list[Outcome | None] = []
        self._arrived = asyncio.Event()
        self._room = asyncio.Condition()
        self._unrecorded = 0
        self._closing = False
        self._task: asyncio.Task[None] | None = None
        self.error: BaseException | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="delivery-recorder")

    async def enter(self) -> bool:
        """Wait for a place in the window; False when the recorder has given up."""
        async with self._room:
            await self._room.wait_for(lambda: self.error is not None or (
                not self._database.down and self._unrecorded < self._limit))
            if self.error is not None:
                return False
            self._unrecorded += 1
            return True

    def put(self, outcome: Outcome | None) -> None:
        """Give back a place: with the outcome to record, or None if nothing was sent."""
        self._outcomes.append(outcome)
        self._arrived.set()

    async def drained(self) -> None:
        """Wait until every outcome given back so far is committed (or the recorder failed)."""
        async with self._room:
            await self._room.wait_for(lambda: self.error is not None or self._unrecorded == 0)

    async def close(self) -> None:
        """Commit what is left, then stop."""
        self._closing = True
        self._arrived.set()
        if self._task is not None:
            try:
                await asyncio.shield(self._task)
            except asyncio.CancelledError:
                self._task.cancel()
                raise

    async def _run(self) -> None:
        try:
            while True:
                await self._arrived.wait()
                if not self._closing and self._window:
                    await asyncio.sleep(self._window)  # gather a few more into one commit
                self._arrived.clear()
                batch, self._outcomes = self._outcomes, []
                await self._write(batch)
                if self._closing and not self._outcomes:
                    return
        except Exception as exc:  # DatabaseUnavailable, or a bug: deliver() re-raises it
            self.error = exc
            async with self._room:
                self._room.notify_all()

    async def _write(self, batch: list[Outcome | None]) -> None:
        outcomes = [o for o in batch if o is not None]
        final = [(o.chat_id, o.status, o.error) for o in outcomes
                 if o.status != "pending" or o.error is not None]
        if final:
            await self._db(lambda: self._store.mark_many(self._broadcast_id, final))
        progress = self._progress
        for o in outcomes:
            metrics.BROADCAST_SENT.labels(o.status if o.error is None or o.status != "pending"
                                          else "retrying").inc()
            if o.error is not None and o.status != "sent":
                metrics.BROADCAST_ERRORS.labels(_kind(o)).inc()
            if o.status == "sent":
                progress.sent += 1
            elif o.status == "blocked":
                progress.blocked += 1
            elif o.status == "failed":
                progress.failed += 1
            elif o.error is not None:
                progress.retrying += 1
        async with self._room:
            self._unrecorded -= len(batch)
            self._room.notify_all()
        if self._on_progress is not None and outcomes:
            self._on_progress(progress)


class _PatientDb(Protocol):
    """`deliver`'s way to run a store call, waiting out a database outage."""

    async def __call__(self, call: Callable[[], Awaitable[_T]]) -> _T: ...


class _Queue:
    """Writes a broadcast's delivery rows a slice at a time, in chat-id order, so sending
    starts after the first slice rather than after them all."""

    def __init__(self, store: Store, broadcast_id: str,
                 db: _PatientDb) -> None:
        self._store = store
        self._id = broadcast_id
        self._db = db
        self._queued_to: int | None = None
        self.done = False

    @property
    def end(self) -> int | None:
        """Every active subscriber up to this chat id is queued (None: everyone is)."""
        return None if self.done else self._queued_to

    async def more(self) -> int:
        """Queue the next slice; return the rows added (subscribers already queued by an
        earlier run are not added twice)."""
        store, above = self._store, self._queued_to
        end = await self._db(partial(store.slice_end, QUEUE_SLICE, above=above))
        added = await self._db(partial(store.enqueue, self._id, above=above, upto=end))
        self._queued_to = end
        self.done = end is None
        return added

    async def rest(self) -> None:
        """Queue everyone left, in one statement."""
        await self._db(partial(self._store.enqueue, self._id, above=self._queued_to))
        self.done = True


async def deliver(store: Store, bot: Bot, broadcast_id: str, *, paid: bool = False,
                  rate: float | None = None, concurrency: int | None = None,
                  should_stop: Callable[[], bool] = lambda: False,
                  on_progress: Callable[[Progress], None] | None = None,
                  patience: Patience | None = None) -> BroadcastSummary:
    """Send every pending delivery of a stored broadcast; return where it stands.

    Stops early (leaving the rest pending, to be resumed) when `should_stop()` turns true:
    quiet hours beginning, Ctrl-C, the bot shutting down; or when Telegram keeps failing.
    Raises `DatabaseUnavailable` when the database stays away past `patience`.
    """
    patience = patience or PATIENCE
    progress = Progress()

    database = _Reachability()

    def waited_for_db() -> None:
        database.down = True  # no sender starts another message until a write succeeds
        progress.db_waits += 1
        if on_progress is not None:
            on_progress(progress)

    async def db(call: Callable[[], Awaitable[_T]]) -> _T:
        result = await _patiently(call, patience, should_stop, waited_for_db)
        database.down = False
        return result

    before = await db(lambda: store.broadcast_summary(broadcast_id))
    queue = _Queue(store, broadcast_id, db)
    # The total for the progress bar: what has an outcome already plus what is owed, counted
    # beside the first sends rather than before them (a count of a million rows); until
    # then, what is queued.
    progress.total = before.total + await queue.more()
    owed = asyncio.create_task(store.owed(broadcast_id))
    finished_before = before.counts["sent"] + before.counts["blocked"] + before.counts["failed"]

    def counted(task: asyncio.Task[int]) -> None:
        if not task.cancelled() and task.exception() is None:
            progress.total = finished_before + task.result()
    owed.add_done_callback(counted)
    progress.sent = before.counts["sent"]
    progress.blocked = before.counts["blocked"]
    progress.failed = before.counts["failed"]
    progress.started = time.monotonic()
    already_sent = progress.sent
    is_paid = before.paid or paid
    per_second = rate or (PAID_RATE if is_paid else FREE_RATE)
    limit = PAID_LIMIT if is_paid else FREE_LIMIT
    window = min(GUARD_WINDOW, limit / per_second)
    if per_second > limit:  # only tests, against a stand-in: the guard merely bounds bursts
        limit, window = math.ceil(per_second), 1.0
    pacer = Pacer(per_second, limit, window)
    workers = concurrency or (PAID_CONCURRENCY if is_paid else FREE_CONCURRENCY)
    traffic = _Traffic(patience, should_stop, pacer)
    recorder = _Recorder(store, broadcast_id, IN_FLIGHT_PER_WORKER * workers, db, database,
                         progress, on_progress,
                         RECORD_WINDOW if per_second * RECORD_WINDOW >= 2 else 0.0)
    run = _Run(bot, store, before.text, is_paid, traffic, pacer, progress, patience, db)

    def halted() -> bool:
        return should_stop() or traffic.tripped or recorder.error is not None

    async def worker(todo: deque[int]) -> None:
        while todo and not halted():
            if not await recorder.enter():
                return
            if not todo or halted():
                recorder.put(None)
                return
            chat_id = todo.popleft()
            outcome = Outcome(chat_id, "pending")  # if cancelled before an answer: still owed
            try:
                outcome = await _send_one(run, chat_id)
            finally:
                recorder.put(outcome)

    recorder.start()
    after: int | None = None
    try:
        while not halted():
            # Never read past what is queued: a chat queued behind the reading would be
            # passed over until the next run.
            batch = await db(partial(store.pending, broadcast_id, BATCH, after=after,
                                     upto=queue.end))
            if not batch:
                if queue.done:
                    break
                await queue.more()  # a slice that was all sent before
                continue
            after = batch[-1]
            todo = deque(batch)
            tasks = [asyncio.create_task(worker(todo)) for _ in range(min(workers, len(batch)))]
            # The next slice is queued while this batch goes out, so the pace never waits
            # for the queueing.
            ahead = None if queue.done else asyncio.create_task(queue.more())
            try:
                await asyncio.gather(*tasks)
                if ahead is not None:
                    await ahead
            except BaseException:
                for task in (*tasks, ahead):
                    if task is not None:
                        task.cancel()
                await asyncio.gather(*(t for t in (*tasks, ahead) if t is not None),
                                     return_exceptions=True)
                raise
            # Every outcome of this batch is recorded before the next read of pending rows.
            await recorder.drained()
        if not halted() and on_progress is not None:
            # Sent to everyone: the bar's last report has the counted total.
            await asyncio.gather(owed, return_exceptions=True)
            on_progress(progress)
    finally:
        owed.cancel()  # only a number for the bar: a run that stops needs it no more
        await asyncio.gather(owed, return_exceptions=True)
        await recorder.close()
    if recorder.error is not None:
        raise recorder.error
    if not queue.done:  # stopped early: the rest is owed, and the summary says so
        await queue.rest()
    summary = await db(lambda: store.broadcast_summary(broadcast_id))
    if summary.counts["pending"] == 0:
        await db(lambda: store.finish_broadcast(broadcast_id))
        summary = await db(lambda: store.broadcast_summary(broadcast_id))
    elapsed = time.monotonic() - progress.started
    log.info("broadcast %s: %d sent this run in %.1f s (%.1f/s), %d 429s, %d to retry",
             broadcast_id, progress.sent - already_sent, elapsed,
             (progress.sent - already_sent) / elapsed if elapsed else 0.0,
             progress.retried_429, progress.retrying)
    return summary
