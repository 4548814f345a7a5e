"""Send the awareness-week plan from the running bot: each item once, none lost.

Why it is built this way:

* The database, not python-telegram-bot's job queue, is the record of what was sent. The job
  queue lives in memory (a restart forgets it, and a second process has its own), so it only
  wakes this module up every minute; each wake-up asks the plan what is due *now* and the
  database what has been done. A restart, a crash or a deploy therefore changes nothing: the
  next wake-up sees the same rows.
* An item is one stored broadcast, ``plan-<item id>``, sent by
  :func:`bot.campaign.delivery.deliver`: one delivery row per chat, written as each send is
  answered. Finishing an interrupted item is running ``deliver`` again on that id, which sends
  only what is still owed (at most the messages in flight at a crash go twice; none is
  skipped).
* Claims with leases, because platforms overlap the old and new process during a restart.
  Before sending, a process claims the item in ``schedule_sent`` with a lease (owner,
  ``lease_until``) and renews it while it sends. The claim is one atomic insert, or a take-over
  of an unfinished claim whose lease has expired, so two processes never both hold it. A
  process that dies mid-send leaves its lease to expire and any process then finishes the
  broadcast. A lease can also expire under a process that is still alive (a stalled event
  loop, a database outage), so the holder stops sending by itself once it has gone a
  quarter-lease without a successful renewal, before anyone else could take over.
* Quiet hours and ``ends``: a new item starts only within its grace window
  (``_why``). An item that already started (some subscribers have it) is finished
  even after its grace window, because the rest are owed it, but never in quiet hours and
  never after ``ends``. Sending stops when quiet hours begin, when the campaign ends or when
  the bot shuts down, leaving the rest pending for a later wake-up; a clean stop releases the
  lease so that another process need not wait for it.
* One clock. Whether an item is due, quiet hours, ``ends`` and whether a lease is still ours
  are all judged by the ``Clock`` the caller gives (the running bot's, which tests set), never
  by the system clock directly. Only the renewal cadence is real time (a quarter lease of
  ``asyncio.sleep``): it is how often we *try*; what a renewal is worth is the clock's say.
* One item at a time, in plan order, and none while another process is sending one: the
  bot's messages share Telegram's overall limit (about 30 a second), and campaign sends are
  paced a little below it to leave room for answering users meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Literal

from telegram import Bot

from bot.answers.content import Content
from bot.answers.replies import BroadcastTextError, broadcast_text
from bot.campaign.delivery import DatabaseUnavailable, deliver
from bot.campaign.plan import Campaign, PlanItem
from bot.clock import Clock, system_clock
from bot.storage.store import BroadcastConflict, BroadcastNotFound, ScheduleClaim, Store

log = logging.getLogger(__name__)

LEASE_SECONDS = 120.0  # how long a claim stays ours without a renewal
RENEW_FRACTION = 0.25  # renew every quarter lease; stop sending after a quarter without one
CAMPAIGN_RATE = 25.0  # messages a second: under Telegram's ~30, leaving room for replies

Outcome = Literal["finished", "stopped", "skipped"]


def owner_id() -> str:
    """Who is sending, for claims and logs: host, process and a random part (pids repeat
    across dynos and restarts)."""
    return f"{socket.gethostname()[:100]}/{os.getpid()}/{secrets.token_hex(4)}"


def broadcast_id(item: PlanItem) -> str:
    return f"plan-{item.id}"


def _why(plan: Campaign, item: PlanItem, claim: ScheduleClaim | None,
         at: datetime) -> str | None:
    """"start" or "resume" if `item` should be sent at `at`, else None.

    The grace window is counted in real minutes (in UTC): adding minutes to a London
    wall-clock time would make it an hour longer or shorter on the days the clocks change.
    """
    if plan.quiet(at) or at >= plan.ends:
        return None
    if claim is None:
        starts = item.at.astimezone(UTC)
        return "start" if starts <= at < starts + plan.grace else None
    return "resume" if claim.free(at) else None


async def run_due_items(store: Store, bot: Bot, content: Content, plan: Campaign, *,
                        clock: Clock = system_clock,
                        owner: str | None = None,
                        should_stop: Callable[[], bool] = lambda: False,
                        lease_seconds: float = LEASE_SECONDS,
                        rate: float | None = CAMPAIGN_RATE) -> list[str]:
    """Send every plan item that is due or was left unfinished; return the ids finished.

    Items go one after another in plan order. Every "what time is it" (due, quiet hours,
    ``ends``, the lease) asks `clock`, so a test decides the time instead of waiting for it;
    `should_stop()` turning true (the bot shutting down) stops sending and leaves the rest
    for a later call.
    """
    owner = owner or owner_id()
    start = clock()
    if plan.quiet(start) or start >= plan.ends:
        return []  # the common case outside the day's window: no database query
    finished: list[str] = []
    state: dict[str, ScheduleClaim] | None = None
    for item in plan.items:
        if should_stop():
            break
        at = clock()
        if state is None:
            state = await store.schedule_state()
        busy = [c for c in state.values()
                if c.sent_at is None and not c.free(at) and c.owner != owner]
        if busy:
            log.info("plan item %s is being sent by %s; waiting for it", busy[0].item_id,
                     busy[0].owner)
            break
        why = _why(plan, item, state.get(item.id), at)
        if why is None:
            continue
        outcome = await _run_item(store, bot, content, plan, item, why, owner, clock,
                                  should_stop, lease_seconds, rate)
        state = None  # sending took a while: look again
        if outcome == "finished":
            finished.append(item.id)
        elif outcome != "skipped":
            break  # stopped: quiet hours, shutdown, a lost lease or an error; a later run goes on
    return finished


class Lease:
    """Our claim on one item (a plan item, or an organiser's chat broadcast), renewed in the
    background while it is being sent."""

    def __init__(self, store: Store, item_id: str, owner: str, seconds: float,
                 clock: Clock, claimed_at: datetime) -> None:
        self.store, self.item_id, self.owner = store, item_id, owner
        self.seconds, self.clock = seconds, clock
        self.valid_until = claimed_at + timedelta(seconds=seconds)
        self.lost = False

    def held(self) -> bool:
        """Ours for certain: renewed recently enough that nobody can have taken it over."""
        margin = timedelta(seconds=self.seconds * RENEW_FRACTION)
        return not self.lost and self.clock() < self.valid_until - margin

    async def keep(self) -> None:
        """Renew every quarter lease (real seconds) until the lease is lost or we are cancelled.

        Each renewal is stamped with the clock, and `held` compares the clock with the last
        renewal, so a sender whose loop stalled, or whose database is away, stops by itself.
        """
        while not self.lost:
            await asyncio.sleep(self.seconds * RENEW_FRACTION)
            at = self.clock()
            try:
                renewed = await self.store.renew_schedule_claim(self.item_id, self.owner,
                                                                self.seconds, now=at)
            except Exception as exc:  # the database may come back before the lease runs out
                log.warning("%s: could not renew the lease (%s); retrying",
                            self.item_id, type(exc).__name__)
                continue
            if renewed:
                self.valid_until = at + timedelta(seconds=self.seconds)
            else:
                self.lost = True
                log.error("%s: lease lost to another process; stopping",
                          self.item_id)


async def _run_item(store: Store, bot: Bot, content: Content, plan: Campaign, item: PlanItem,
                    why: str, owner: str, clock: Clock,
                    should_stop: Callable[[], bool], lease_seconds: float,
                    rate: float | None) -> Outcome:
    bid = broadcast_id(item)
    problem = ""
    try:
        text: str | None = broadcast_text(content, message=item.message, topic=item.topic)
    except BroadcastTextError as exc:
        text, problem = None, str(exc)
    claimed_at = clock()
    if not await store.claim_schedule_item(item.id, owner, lease_seconds, now=claimed_at):
        log.info("plan item %s: claimed by another process; leaving it to them", item.id)
        return "skipped"
    lease = Lease(store, item.id, owner, lease_seconds, clock, claimed_at)
    reason: str | None = None

    def stop() -> bool:
        nonlocal reason
        if reason is None:
            at = clock()
            if should_stop():
                reason = "the bot is stopping"
            elif not lease.held():
                reason = "the lease could not be kept"
            elif plan.quiet(at):
                reason = "quiet hours began"
            elif at >= plan.ends:
                reason = "the campaign ended"
        return reason is not None

    try:
        if text is not None:
            source = f"topic:{item.topic}" if item.topic else "message"
            try:
                await store.create_broadcast(bid, text, source)
            except BroadcastConflict:
                # The organiser edited the item after it started: finish it with the text the
                # first recipients got, so everyone gets the same message.
                log.warning("plan item %s was edited after it started; finishing it with the "
                            "text already sent", item.id)
        try:
            summary = await store.broadcast_summary(bid)
        except BroadcastNotFound:
            log.error("plan item %s cannot be sent: %s", item.id, problem)
            await store.release_schedule_claim(item.id, owner)
            return "skipped"
        if summary.finished_at is None:
            log.info("plan item %s: %s broadcast %s", item.id,
                     "sending" if why == "start" else "resuming", bid)
            keeper = asyncio.create_task(lease.keep(), name=f"lease-{item.id}")
            try:
                summary = await deliver(store, bot, bid, rate=rate, should_stop=stop)
            finally:
                keeper.cancel()
                await asyncio.gather(keeper, return_exceptions=True)
        if summary.finished_at is not None or summary.counts["pending"] == 0:
            await store.complete_schedule_item(item.id, recipients=summary.counts["sent"])
            c = summary.counts
            log.info("plan item %s done: delivered %d, blocked %d, failed %d", item.id,
                     c["sent"], c["blocked"], c["failed"])
            return "finished"
        log.warning("plan item %s stopped (%s) with %d still owed; a later run resumes it",
                    item.id, reason or "Telegram kept limiting the rate",
                    summary.counts["pending"])
    except DatabaseUnavailable as exc:
        log.warning("plan item %s stopped (%s); a later run resumes it", item.id, exc)
    except Exception:
        log.exception("plan item %s failed; a later run resumes it", item.id)
    if not lease.lost:
        try:
            await store.release_schedule_claim(item.id, owner)
        except Exception:  # it will expire anyway
            log.warning("plan item %s: could not release the lease", item.id)
    return "stopped"
