"""The campaign report's charts: figures in, SVG (for the page) or PNG (for the chat) out.

Why it is built this way:

* matplotlib is imported inside the functions that draw, never at module level, so the
  running bot pays for it (about 40 MB) only when an organiser asks for a report. Figures are
  made with matplotlib's object API (``Figure``), not ``pyplot``: no global figure list to
  leak, no GUI backend, safe in a long-running process.
* Readable for colour-blind readers and in black and white: the Okabe-Ito palette, every
  series told apart by a hatch or a line style and a direct label as well as by colour, and
  numbers written on the bars where they fit. The page puts a table of the same numbers under
  each chart.
* Text stays text (``svg.fonttype: none``) in matplotlib's sans-serif families with the
  browser's own sans-serif last: a tenth of the size and time of drawing each letter as an
  outline, selectable, and no font file to embed.
* Several SVGs share one page, so each one's element ids get a prefix of its own (two charts
  both defining ``#patch_1`` would otherwise draw each other's clip paths).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

from bot.campaign.report import Report, long_date

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["Chart", "charts", "main_png"]

# Okabe & Ito (2008), "Color Universal Design": told apart with every kind of colour blindness.
BLUE: Final = "#0072B2"
ORANGE: Final = "#E69F00"
SKY: Final = "#56B4E9"
GREEN: Final = "#009E73"
VERMILLION: Final = "#D55E00"
PURPLE: Final = "#CC79A7"
BLACK: Final = "#000000"
GREY: Final = "#999999"
INK: Final = "#222222"

WIDTH: Final = 7.5  # inches: 720 CSS pixels on the page
MAX_BROADCASTS: Final = 12  # the newest drawn; the table lists them all
MAX_VOTED: Final = 12
MAX_CELL_LABELS: Final = 160  # numbers written in the topic grid up to this many cells

_STYLE: Final[dict[str, Any]] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "backcare-report",  # the same figures give the same file
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "hatch.linewidth": 0.8,
    "legend.frameon": False,
    "figure.dpi": 72,
}


@dataclass(frozen=True, slots=True)
class Chart:
    """One drawn chart: its key (the page section), a title, alt text and the SVG itself."""

    key: str
    title: str
    alt: str
    svg: str


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib

    matplotlib.use("Agg", force=False)  # never a GUI, whatever the environment says
    with matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        yield


def _figure(height: float, rows: int = 1, cols: int = 1, *, left: float = 0.75,
            right: float = 0.2, top: float = 0.4, bottom: float = 0.45, gap: float = 0.5,
            width: float = WIDTH, **kw: Any) -> tuple[Figure, Any]:
    """A figure with margins in inches, set here rather than by a layout engine: matplotlib's
    constrained layout draws every chart twice to measure it, which tripled the time."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    axes = fig.subplots(rows, cols, squeeze=False, **kw)
    panel = (height - top - bottom - gap * (rows - 1)) / rows
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                        bottom=bottom / height, hspace=gap / panel if rows > 1 else 0.2)
    return fig, axes


def _label_room(labels: Sequence[str], size: float = 9.0) -> float:
    """Inches the longest line of these tick labels takes, with the ticks and a little air
    (DejaVu Sans averages about 0.6 of its size per character)."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    return 0.25 + longest * size * 0.6 / 72


def _svg(fig: Figure, key: str) -> str:
    """The figure as an SVG element for inlining: no XML prolog, ids made unique to ``key``."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    prefix = f"{key}-"
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', text)
    text = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{prefix}{m[1]})", text)
    text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m[1]}"', text)
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    return text


def _png(fig: Figure, dpi: int = 130) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white",
                metadata={"Software": None})
    return buffer.getvalue()


def _days(days: Sequence[str]) -> list[date]:
    return [date.fromisoformat(d) for d in days]


def _date_axis(ax: Axes) -> None:
    """Days written as people write them ('5 Oct'), at most about ten of them."""
    from matplotlib.dates import AutoDateLocator, num2date
    from matplotlib.ticker import FuncFormatter

    locator = AutoDateLocator(minticks=3, maxticks=10)  # type: ignore[no-untyped-call]

    def day(value: float, _: object) -> str:
        moment = num2date(value)  # type: ignore[no-untyped-call]
        return f"{moment.day} {moment:%b}"

    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(FuncFormatter(day))


def _integer_axis(ax: Axes, axis: str = "y") -> None:
    from matplotlib.ticker import MaxNLocator

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_locator(MaxNLocator(integer=True))


def _edges(days: Sequence[date]) -> list[date]:
    """Where each day's step begins and ends: midnight to midnight."""
    return [*days, days[-1] + timedelta(days=1)] if days else []


# -- the charts ------------------------------------------------------------------------------


def _running_total(report: Report) -> list[int]:
    total, out = report.subscribed_before, []
    for d in report.subscriber_days:
        total += d.joined - d.left - d.blocked
        out.append(total)
    return out


def subscribers_chart(report: Report) -> Chart | None:
    """Joined, left and blocked per day, and the running total they add up to."""
    days = report.subscriber_days
    if not days:
        return None
    x = _days([d.day for d in days])
    fig, axes = _figure(5.2, 2, 1, sharex=True, height_ratios=[3, 2], left=0.85, gap=0.45)
    top, bottom = axes[0][0], axes[1][0]
    joined = [d.joined for d in days]
    left = [-d.left for d in days]
    blocked = [-d.blocked for d in days]
    # One stepped shape per series rather than a bar per day: the same picture, drawn in a
    # fraction of the time however many days there are.
    edges = _edges(x)
    top.stairs(joined, edges, fill=True, color=BLUE, label="joined (first subscribed)")
    top.stairs(left, edges, fill=True, color=ORANGE, hatch="///", edgecolor=BLACK,
               linewidth=0, label="left (unsubscribed)")
    top.stairs([a + b for a, b in zip(left, blocked)], edges, baseline=left, fill=True,
               color=VERMILLION, hatch="xxx", edgecolor=BLACK, linewidth=0,
               label="blocked the bot")
    top.axhline(0, color=INK, linewidth=0.8)
    top.set_title("Subscribers: changes per day")
    top.set_ylabel("chats per day")
    top.legend(loc="upper left", ncols=3, fontsize=9)
    top.margins(y=0.25)
    _integer_axis(top)
    running = _running_total(report)
    bottom.stairs(running, edges, color=BLACK, linewidth=1.8)
    bottom.stairs(running, edges, fill=True, color=SKY, alpha=0.35, linewidth=0)
    bottom.set_title("Subscribed, by today's status")
    bottom.set_ylabel("chats")
    bottom.set_ylim(bottom=0)
    bottom.annotate(f"{running[-1]:,}", (edges[-1], running[-1]), xytext=(-4, 4),
                    ha="right",
                    textcoords="offset points", fontsize=9, fontweight="bold")
    _integer_axis(bottom)
    _date_axis(bottom)
    alt = (f"Bar chart of chats joining, leaving and blocking the bot on each day from "
           f"{long_date(x[0])} to {long_date(x[-1])}: {sum(joined):,} joined, "
           f"{-sum(left):,} left, {-sum(blocked):,} blocked; and a line of the number "
           f"subscribed, ending at {running[-1]:,}.")
    return Chart("subscribers", "Subscribers over time", alt, _svg(fig, "subscribers"))


_OUTCOMES: Final = (
    ("sent", "delivered", GREEN, ""),
    ("blocked", "blocked", VERMILLION, "///"),
    ("failed", "failed", PURPLE, "xxx"),
    ("owed", "still owed", SKY, "\\\\\\\\"),
    ("skipped", "left meanwhile", GREY, "---"),
)


def broadcasts_chart(report: Report) -> Chart | None:
    """Each broadcast's deliveries by outcome, newest at the top."""
    rows = report.broadcasts[:MAX_BROADCASTS]
    if not rows:
        return None
    rows = rows[::-1]  # barh draws from the bottom up: newest on top
    labels = [f"{_short(r.id)}\n{long_date(r.created)}" for r in rows]
    fig, axes = _figure(1.6 + 0.42 * len(rows), left=_label_room(labels, 8.5), bottom=0.95)
    ax = axes[0][0]
    y = list(range(len(rows)))
    widest = max(r.total for r in rows) or 1
    left = [0] * len(rows)
    for attr, name, colour, hatch in _OUTCOMES:
        values = [getattr(r, attr) for r in rows]
        if not any(values):
            continue
        bars = ax.barh(y, values, 0.6, left=left, color=colour, hatch=hatch, edgecolor=BLACK,
                       linewidth=0, label=name)
        for bar, value in zip(bars, values):
            if value and value / widest > 0.09:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        f"{value:,}", ha="center", va="center", fontsize=8.5,
                        color="white" if colour in (GREEN, VERMILLION) else BLACK,
                        fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": colour,
                              "linewidth": 0})
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(y, labels, fontsize=8.5)
    ax.set_xlabel("messages")
    ax.set_title("Broadcasts: what became of each message")
    if any(r.total for r in rows):
        fig.legend(loc="lower center", ncols=5, fontsize=9, bbox_to_anchor=(0.5, 0.0))
    _integer_axis(ax, "x")
    total = sum(r.sent for r in report.broadcasts)
    alt = (f"Horizontal stacked bars, one per broadcast (the {len(rows)} newest): messages "
           f"delivered, blocked, failed, still owed and skipped. {total:,} delivered in all.")
    return Chart("broadcasts", "Broadcasts and their delivery", alt, _svg(fig, "broadcasts"))


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def topics_chart(report: Report) -> Chart | None:
    """The busiest topics day by day, as a grid of shaded cells with their numbers.

    One grid rather than a line per topic: lines of six topics cross and need colours to
    tell apart, while a cell is read by its row label and its number, and its shade (cividis,
    light to dark in grey too) only shows where the busy days were.
    """
    import numpy as np

    topics = list(report.topic_days)
    if not topics or not report.question_days:
        return None
    days = _days([d.day for d in report.question_days])
    grid = np.array([report.topic_days[t] for t in topics], dtype=float)
    totals = {t.topic: t.questions for t in report.topics}
    labels = [f"{_short(report.title(t), 28)} ({totals.get(t, 0):,})" for t in topics]
    fig, axes = _figure(1.0 + 0.42 * len(topics), left=_label_room(labels), right=0.1)
    ax = axes[0][0]
    image = ax.imshow(grid, aspect="auto", cmap="cividis_r", interpolation="none",
                      vmin=0, vmax=max(float(grid.max()), 1.0))
    ax.set_yticks(range(len(topics)), labels, fontsize=9)
    step = max(1, len(days) // 10)
    ticks = list(range(0, len(days), step))
    # The month only where it starts (and on the first day), so the days do not crowd.
    ax.set_xticks(ticks, [f"{days[i].day} {days[i]:%b}"
                          if i == 0 or days[i].month != days[ticks[n - 1]].month
                          else str(days[i].day) for n, i in enumerate(ticks)], fontsize=8.5)
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    if grid.size <= MAX_CELL_LABELS:
        middle = grid.max() / 2
        for (row, col), value in np.ndenumerate(grid):
            ax.text(col, row, f"{int(value)}", ha="center", va="center", fontsize=8,
                    color="white" if value > middle else BLACK)
    bar = fig.colorbar(image, ax=ax, shrink=0.9, pad=0.01, aspect=30)
    bar.set_label("questions a day", fontsize=9)
    bar.outline.set_visible(False)
    ax.set_title("Questions per day, busiest topics (total in brackets)")
    alt = (f"Grid of questions per day from {long_date(days[0])} to {long_date(days[-1])}, "
           "one row per topic, darker for more: " + "; ".join(
               f"{report.title(t)} {totals.get(t, 0):,}" for t in topics) + ".")
    return Chart("topics", "Questions per topic per day", alt, _svg(fig, "topics"))


_TIERS: Final = {"emergency": (VERMILLION, "///"), "crisis": (PURPLE, "xxx"),
                 "urgent": (ORANGE, "\\\\\\\\")}


def triage_chart(report: Report) -> Chart | None:
    """Triage outcomes per tier, most serious first."""
    if not report.questions:
        return None
    tiers = list(report.triage)[::-1]
    values = [report.triage[t] for t in tiers]
    fig, axes = _figure(1.9, left=_label_room(tiers, 10))
    ax = axes[0][0]
    for i, (tier, value) in enumerate(zip(tiers, values)):
        colour, hatch = _TIERS.get(tier, (GREY, ""))
        ax.barh(i, value, 0.6, color=colour, hatch=hatch, edgecolor=BLACK, linewidth=0)
        ax.annotate(f"{value:,}", (value, i), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=9.5, fontweight="bold")
    ax.set_yticks(range(len(tiers)), tiers)
    ax.set_xlim(0, max(max(values), 1) * 1.15)
    ax.set_xlabel("messages")
    ax.set_title("Safety replies (triage) per tier")
    _integer_axis(ax, "x")
    alt = "Horizontal bars of safety replies per tier: " + ", ".join(
        f"{t} {report.triage[t]:,}" for t in report.triage) + "."
    return Chart("triage", "Triage outcomes per tier", alt, _svg(fig, "triage"))


def helpfulness_chart(report: Report) -> Chart | None:
    """Helpful and not helpful votes per topic, most voted on first."""
    voted = sorted((t for t in report.topics if t.votes), key=lambda t: (-t.votes, t.topic))
    voted = voted[:MAX_VOTED][::-1]
    if not voted:
        return None
    labels = [_short(t.title, 30) for t in voted]
    fig, axes = _figure(1.1 + 0.36 * len(voted), left=_label_room(labels))
    ax = axes[0][0]
    y = list(range(len(voted)))
    yes = [t.helpful for t in voted]
    no = [t.not_helpful for t in voted]
    ax.barh(y, yes, 0.6, color=BLUE, label="helpful")
    ax.barh(y, no, 0.6, left=yes, color=ORANGE, hatch="///", edgecolor=BLACK, linewidth=0,
            label="not helpful")
    for i, t in enumerate(voted):
        ax.annotate(f"{round(100 * t.helpful / t.votes)}% helpful ({t.votes:,})",
                    (t.votes, i), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=8.5)
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_xlim(0, max(t.votes for t in voted) * 1.3)
    ax.set_xlabel("votes")
    ax.set_title("Was this helpful? Votes per topic")
    ax.legend(loc="lower right", fontsize=9)
    _integer_axis(ax, "x")
    alt = "Horizontal stacked bars of helpful and not helpful votes per topic: " + "; ".join(
        f"{t.title} {t.helpful:,} helpful, {t.not_helpful:,} not" for t in voted[::-1]) + "."
    return Chart("helpfulness", "Helpfulness per topic", alt, _svg(fig, "helpfulness"))


def fallback_chart(report: Report) -> Chart | None:
    """The share of each day's questions the bot had no answer for."""
    days = report.question_days
    if not days or not report.questions:
        return None
    x = _days([d.day for d in days])
    rates = [100 * d.fallback / d.questions if d.questions else float("nan") for d in days]
    overall = 100 * report.fallbacks / report.questions
    fig, axes = _figure(2.6, left=0.7)
    ax = axes[0][0]
    ax.plot(x, rates, color=VERMILLION, linewidth=1.6, marker="o" if len(x) <= 60 else None,
            markersize=4)
    ax.axhline(overall, color=BLACK, linewidth=1, linestyle="--")
    ax.annotate(f"overall {overall:.1f}%", (x[0], overall), xytext=(2, 4),
                textcoords="offset points", fontsize=9)
    top = max([r for r in rates if r == r] + [overall, 5.0])
    ax.set_ylim(0, top * 1.2)
    ax.set_ylabel("% of questions")
    ax.set_title("Fallback rate: questions with no answer, per day")
    _date_axis(ax)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    alt = (f"Line chart of the share of questions with no answer on each day from "
           f"{long_date(x[0])} to {long_date(x[-1])}; {overall:.1f}% overall.")
    return Chart("fallback", "Fallback rate", alt, _svg(fig, "fallback"))


CHARTS: Final[tuple[Callable[[Report], Chart | None], ...]] = (
    subscribers_chart, broadcasts_chart, topics_chart, triage_chart, helpfulness_chart,
    fallback_chart)


def charts(report: Report) -> dict[str, Chart]:
    """Every chart there is data for, by section key (a section without data has none)."""
    out: dict[str, Chart] = {}
    with _style():
        for draw in CHARTS:
            chart = draw(report)
            if chart is not None:
                out[chart.key] = chart
    return out


def main_png(report: Report) -> bytes | None:
    """The chat's picture: subscribers and questions per day, one above the other; None when
    there is nothing to draw."""
    subs, days = report.subscriber_days, report.question_days
    if not subs and not days:
        return None
    with _style():
        panels = [p for p in (subs, days) if p]
        fig, axes = _figure(3.0 * len(panels) + 0.6, len(panels), 1, width=8, left=0.7,
                            right=0.35, gap=0.6)
        row = 0
        if subs:
            ax = axes[row][0]
            x = _days([d.day for d in subs])
            running = _running_total(report)
            ax.stairs(running, _edges(x), color=BLACK, linewidth=1.8)
            ax.stairs(running, _edges(x), fill=True, color=SKY, alpha=0.35, linewidth=0)
            ax.annotate(f"{running[-1]:,}", (_edges(x)[-1], running[-1]), xytext=(-4, 4),
                        ha="right",
                        textcoords="offset points", fontsize=10, fontweight="bold")
            ax.set_ylim(bottom=0)
            ax.set_title("Subscribed to campaign messages")
            _integer_axis(ax)
            _date_axis(ax)
            row += 1
        if days:
            ax = axes[row][0]
            x = _days([d.day for d in days])
            answered = [d.questions - d.fallback for d in days]
            ax.stairs(answered, _edges(x), fill=True, color=BLUE, label="answered")
            ax.stairs([d.questions for d in days], _edges(x), baseline=answered, fill=True,
                      color=ORANGE, hatch="///", edgecolor=BLACK, linewidth=0,
                      label="no answer (fallback)")
            ax.set_title(f"Questions per day ({report.questions:,} in all)")
            ax.legend(loc="upper left", ncols=2, fontsize=9)
            ax.margins(y=0.2)
            _integer_axis(ax)
            _date_axis(ax)
        return _png(fig)
