"""`python -m bot broadcast` and `python -m bot stats`: the organisers' command line.

Exit codes of `broadcast`: 0 finished (blocked or failed recipients are outcomes, not
errors); 1 bad input (text, id, or an id reused with another text); 2 a setting is
missing or wrong; 3 stopped before the end (quiet hours, Ctrl-C or SIGTERM, a long rate
limit, Telegram failing for a minute, the database unreachable for a minute, or messages
left to retry after temporary faults): run the same command again to send the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.answers.content import Content
from bot.answers.replies import BroadcastTextError, broadcast_text
from bot.campaign.figures import stats_lines, summary_lines
from bot.campaign.plan import Campaign, quiet_now
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.storage.store import (
    BroadcastConflict,
    BroadcastNotFound,
    BroadcastSummary,
    Store,
    database_url,
)

if TYPE_CHECKING:  # delivery (and PTB under it) is imported only when a broadcast sends
    from bot.campaign.delivery import Progress

log = logging.getLogger(__name__)

BROADCAST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
# Exit code 2 (a setting missing or wrong) is the command line's, from ConfigError.
EXIT_OK, EXIT_INPUT, EXIT_UNFINISHED = 0, 1, 3


async def broadcast_command(settings: Settings, content: Content, plan: Campaign | None,
                            args: argparse.Namespace, clock: Clock = system_clock) -> int:
    """Send (or with --dry-run, preview) one broadcast; return the exit code.

    Quiet hours are judged by `clock`, both before starting and while sending, so a test can
    run it at 03:00 or on the day the clocks change; the command line passes the real clock.
    """
    if not BROADCAST_ID.match(args.id):
        print("--id must be 1-64 letters, digits, and . _ : - (it names the broadcast, so a "
              "rerun resumes it)", file=sys.stderr)
        return EXIT_INPUT
    if args.id.startswith("plan-"):
        # The running bot sends plan items under a lease; a second sender here could race it.
        print("ids starting with 'plan-' belong to the scheduled campaign (campaign.yaml), "
              "which the running bot sends: choose another --id", file=sys.stderr)
        return EXIT_INPUT
    try:
        text = broadcast_text(content, message=args.message, topic=args.topic)
    except BroadcastTextError as exc:
        print(f"cannot broadcast: {exc}", file=sys.stderr)
        return EXIT_INPUT
    source = f"topic:{args.topic}" if args.topic else "message"
    if not args.dry_run:
        settings.require_token()  # before the database, so a missing token is the one line
    async with await Store.open(database_url(settings.database_url, Path.cwd())) as store:
        try:
            existing = await store.broadcast_summary(args.id)
        except BroadcastNotFound:
            existing = None
        if existing is not None and existing.text != text:
            print(f"broadcast {args.id} already exists with a different text; a rerun must "
                  "send the same text. Choose a new --id for a new message.", file=sys.stderr)
            return EXIT_INPUT
        if args.dry_run:
            owed = await store.owed(args.id)
            print(f"dry run: broadcast {args.id} would go to {owed} subscriber(s)"
                  f"{' (resuming: some already have it)' if existing else ''}"
                  f"{', as a paid broadcast' if args.paid else ''}. Nothing was sent.")
            if quiet_now(plan, clock()) and not args.force:
                print("note: it is quiet hours now; a real run would wait (or use --force).")
            print("---- exact text (Telegram HTML) ----")
            print(text)
            return EXIT_OK
        if quiet_now(plan, clock()) and not args.force:
            print("It is quiet hours (no campaign messages at night, London time). Run again "
                  "after they end, or add --force.", file=sys.stderr)
            return EXIT_UNFINISHED
        token = settings.require_token()
        try:
            await store.create_broadcast(args.id, text, source, paid=args.paid)
        except BroadcastConflict as exc:  # raced with another process creating it
            print(f"cannot broadcast: {exc}", file=sys.stderr)
            return EXIT_INPUT
        from bot.campaign.delivery import DatabaseUnavailable

        try:
            summary = await _send(settings, plan, clock, store, token, args)
        except DatabaseUnavailable as exc:
            # Not a crash: everything unrecorded is still owed, and a rerun resumes it.
            log.warning("broadcast %s stopped: %s", args.id, exc)
            print(f"Stopped: the database could not be reached ({exc}). Nothing more was "
                  "sent. Run the same command again when the database is back to send the "
                  "rest.", file=sys.stderr)
            return EXIT_UNFINISHED
    for line in summary_lines(summary):
        print(line)
    if summary.counts["pending"]:
        retry = sum(n for _, n in summary.retrying)
        reasons = "; ".join(f"{reason} ({n})" for reason, n in summary.retrying)
        print(f"Not finished: run the same command again to send the remaining "
              f"{summary.counts['pending']}"
              f"{f' ({retry} after a temporary fault: {reasons})' if retry else ''}.")
        return EXIT_UNFINISHED
    return EXIT_OK


async def _send(settings: Settings, plan: Campaign | None, clock: Clock, store: Store,
                token: str, args: argparse.Namespace) -> BroadcastSummary:
    from telegram import Bot

    from bot.campaign.delivery import PAID_CONCURRENCY, deliver
    from bot.transport import AiohttpRequest

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    bar = _ProgressBar(args.id) if sys.stderr.isatty() else None

    def should_stop() -> bool:
        if stop.is_set():
            return True
        if not args.force and quiet_now(plan, clock()):
            log.warning("quiet hours began: stopping; run again to send the rest")
            return True
        return False

    request = AiohttpRequest(pool_size=PAID_CONCURRENCY + 4)
    # A broadcast never polls, but without a getUpdates transport of its own `Bot` would
    # build python-telegram-bot's default (an httpx client and its TLS context): 25 ms
    # before the first send, for nothing.
    bot = Bot(token, base_url=settings.base_url or "https://api.telegram.org/bot",
              request=request, get_updates_request=AiohttpRequest(pool_size=1))
    try:
        async with bot:
            return await deliver(store, bot, args.id, paid=args.paid, should_stop=should_stop,
                                 on_progress=bar.show if bar else None)
    finally:
        if bar:
            bar.close()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


class _ProgressBar:
    """A tqdm bar on the organiser's terminal. Only there: tqdm is imported only when someone
    watches, so a broadcast from cron or a script starts sending a few hundredths sooner."""

    def __init__(self, name: str) -> None:
        from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]

        self._bar = tqdm(desc=f"broadcast {name}", unit="msg", file=sys.stderr)

    def show(self, progress: Progress) -> None:
        bar = self._bar
        bar.total = progress.total
        bar.n = progress.done
        bar.set_postfix(sent=progress.sent, blocked=progress.blocked, failed=progress.failed,
                        refresh=False)
        bar.refresh()

    def close(self) -> None:
        self._bar.close()


async def stats_command(settings: Settings) -> int:
    async with await Store.open(database_url(settings.database_url, Path.cwd())) as store:
        for line in await stats_lines(store):
            print(line)
    return EXIT_OK
