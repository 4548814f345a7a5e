"""`python -m bot broadcast` and `python -m bot stats`: the organisers' command line.

Exit codes of `broadcast`: 0 finished (blocked or failed recipients are outcomes, not
errors); 1 bad input (text, id, or an id reused with another text); 2 a setting is
missing or wrong; 3 stopped before the end (quiet hours, Ctrl-C, a long rate limit):
run the same command again to send the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import signal
import sys
from datetime import datetime, timezone
from pathlib import Path

from .campaign import no_plan
from .config import Settings
from .content import Content
from .replies import BroadcastTextError, broadcast_text
from .store import BroadcastConflict, BroadcastNotFound, BroadcastSummary, Store, database_url

log = logging.getLogger(__name__)

BROADCAST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
EXIT_OK, EXIT_INPUT, EXIT_CONFIG, EXIT_UNFINISHED = 0, 1, 2, 3


def quiet_now(content: Content, now: datetime | None = None) -> bool:
    """Whether campaign messages should wait: the plan's quiet hours, else 21:00-08:00 London."""
    now = now or datetime.now(timezone.utc)
    return (content.campaign or no_plan()).quiet(now)


def summary_lines(summary: BroadcastSummary) -> list[str]:
    """Plain lines an organiser reads at the end of a run (and in `stats`)."""
    c = summary.counts
    state = "finished" if summary.finished_at else "not finished"
    lines = [f"broadcast {summary.id} ({summary.source}{', paid' if summary.paid else ''}): "
             f"{state}",
             f"  delivered {c['sent']}, blocked {c['blocked']}, failed {c['failed']}, "
             f"still owed {c['pending']}, skipped (left meanwhile) {c.get('skipped', 0)}"]
    lines += [f"  failed: {reason} ({count})" for reason, count in summary.failures]
    return lines


async def broadcast_command(settings: Settings, content: Content,
                            args: argparse.Namespace) -> int:
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
            if quiet_now(content) and not args.force:
                print("note: it is quiet hours now; a real run would wait (or use --force).")
            print("---- exact text (Telegram HTML) ----")
            print(text)
            return EXIT_OK
        if quiet_now(content) and not args.force:
            print("It is quiet hours (no campaign messages at night, London time). Run again "
                  "after they end, or add --force.", file=sys.stderr)
            return EXIT_UNFINISHED
        token = settings.require_token()
        try:
            await store.create_broadcast(args.id, text, source, paid=args.paid)
        except BroadcastConflict as exc:  # raced with another process creating it
            print(f"cannot broadcast: {exc}", file=sys.stderr)
            return EXIT_INPUT
        summary = await _send(settings, content, store, token, args)
    for line in summary_lines(summary):
        print(line)
    if summary.counts["pending"]:
        print(f"Not finished: run the same command again to send the remaining "
              f"{summary.counts['pending']}.")
        return EXIT_UNFINISHED
    return EXIT_OK


async def _send(settings: Settings, content: Content, store: Store, token: str,
                args: argparse.Namespace) -> BroadcastSummary:
    from telegram import Bot
    from tqdm import tqdm

    from .delivery import PAID_CONCURRENCY, Progress, deliver
    from .http import AiohttpRequest

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    bar = tqdm(desc=f"broadcast {args.id}", unit="msg", disable=not sys.stderr.isatty(),
               file=sys.stderr)

    def on_progress(progress: Progress) -> None:
        bar.total = progress.total
        bar.n = progress.done
        bar.set_postfix(sent=progress.sent, blocked=progress.blocked, failed=progress.failed,
                        refresh=False)
        bar.refresh()

    def should_stop() -> bool:
        if stop.is_set():
            return True
        if not args.force and quiet_now(content):
            log.warning("quiet hours began: stopping; run again to send the rest")
            return True
        return False

    request = AiohttpRequest(pool_size=PAID_CONCURRENCY + 4)
    bot = Bot(token, base_url=settings.base_url or "https://api.telegram.org/bot",
              request=request)
    try:
        async with bot:
            return await deliver(store, bot, args.id, paid=args.paid, should_stop=should_stop,
                                 on_progress=on_progress)
    finally:
        bar.close()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


async def stats_lines(store: Store) -> list[str]:
    """Subscribers, broadcasts and questions per topic: counts only, never message text."""
    subs = await store.subscriber_counts()
    lines = ["Subscribers: " + ", ".join(f"{k} {v}" for k, v in subs.items())]
    broadcasts = await store.broadcasts()
    lines.append(f"Broadcasts: {len(broadcasts)}")
    for summary in broadcasts:
        lines.extend("  " + line for line in summary_lines(summary))
    counts = await store.topic_counts()
    lines.append(f"Questions per topic (total {sum(counts.values())}):")
    lines.extend(f"  {topic}: {n}" for topic, n in
                 sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return lines


async def stats_command(settings: Settings) -> int:
    async with await Store.open(database_url(settings.database_url, Path.cwd())) as store:
        for line in await stats_lines(store):
            print(line)
    return EXIT_OK
