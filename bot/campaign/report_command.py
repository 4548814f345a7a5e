"""`python -m bot report` and what `/report` sends: the figures, drawn, as one page.

Shared by the command line and the chat, so both make the same file from the same figures.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from bot.campaign import charts, report_html
from bot.campaign.report import Report, caption, gather
from bot.config import Settings
from bot.storage.store import Store, database_url

__all__ = ["Built", "build", "draw", "parse_since", "report_command"]

log = logging.getLogger(__name__)

DEFAULT_OUT = "report.html"


@dataclass(frozen=True)
class Built:
    """A finished report: its figures, the page, a one-line caption, and the main chart as
    PNG (None when there is nothing to draw)."""

    report: Report
    html: str
    caption: str
    png: bytes | None


# matplotlib's settings are process-wide: one drawing at a time.
_DRAWING = threading.Lock()


async def build(store: Store, since: date | None = None, *,
                titles: Mapping[str, str] | None = None, now: datetime | None = None,
                picture: bool = False) -> Built:
    """Gather, draw and write the page (and with ``picture``, the chat's PNG).

    Drawing takes a few seconds of CPU, so it runs in a thread: the running bot keeps
    answering people meanwhile.
    """
    report = await gather(store, since, titles=titles, now=now)
    return await asyncio.to_thread(draw, report, picture)


def draw(report: Report, picture: bool = False) -> Built:
    """The page (and the PNG) for gathered figures."""
    with _DRAWING:
        page = report_html.render(report, charts.charts(report))
        png = charts.main_png(report) if picture else None
    return Built(report, page, caption(report), png)


def parse_since(value: str) -> date:
    """``--since``: a 'YYYY-MM-DD' day (argparse shows the error)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: write it as YYYY-MM-DD, for example 2026-10-05"
        ) from None


async def report_command(settings: Settings, args: argparse.Namespace,
                         titles: Mapping[str, str] | None = None) -> int:
    """Write the report to ``--out``; print where, and the summary line."""
    out = Path(args.out or DEFAULT_OUT)
    async with await Store.open(database_url(settings.database_url, Path.cwd())) as store:
        built = await build(store, args.since, titles=titles)
    out.write_text(built.html, encoding="utf-8")
    print(built.caption)
    print(f"Written to {out} ({len(built.html.encode()) // 1024 + 1} KB): open it in a browser.",
          file=sys.stderr)
    return 0
