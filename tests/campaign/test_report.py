"""The campaign report: the same counts as `stats`, on both backends; a friendly empty page;
no message text; a page that needs nothing from the network; `--since`; the command line.

The campaign is written through the store's own methods on a clock set by hand
(tests/campaign/report_data.py), so every expected number is known or read from `stats`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.campaign import charts
from bot.campaign.figures import stats_lines
from bot.campaign.report import gather
from bot.campaign.report_command import build
from bot.storage.store import Store
from bot.testing.clock import FakeClock
from tests.campaign import report_data
from tests.campaign.report_data import NOW, START, WORDS, fill

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def filled(db_url: str):
    clock = FakeClock(START)
    async with await Store.open(db_url, clock=clock) as store:
        await fill(store, clock)
        yield store


def _stats(lines: list[str]) -> dict[str, object]:
    """The numbers of `stats`' lines, by what they count."""
    text = "\n".join(lines)
    subs = {k: int(v) for k, v in re.findall(r"(\w+) (\d+)", lines[0])}
    broadcasts = {m[0]: tuple(int(x) for x in m[1:]) for m in re.findall(
        r"broadcast (\S+) \(.*\n\s+delivered (\d+), blocked (\d+), failed (\d+), still owed "
        r"(\d+), skipped \(left meanwhile\) (\d+)", text)}
    triage = {k: int(v) for k, v in re.findall(
        r"(\w+) (\d+)", text.split("Triage outcomes: ")[1].splitlines()[0])}
    questions = text.split("Questions per topic (total ")[1]
    total = int(questions.split(")")[0])
    per_topic = {k: int(v) for k, v in re.findall(
        r"^  ([a-z_]+): (\d+)$", questions.split("Helpfulness")[0], re.M)}
    votes = {k: (int(a), int(b)) for k, a, b in re.findall(
        r"^  ([a-z_]+): (\d+) / (\d+)$", text.split("Helpfulness per topic")[1], re.M)}
    words = re.findall(r"^    ([a-z]+): (\d+) people, (\d+) uses$", text, re.M)
    return {"subscribers": subs, "broadcasts": broadcasts, "triage": triage, "total": total,
            "topics": per_topic, "votes": votes, "words": words}


async def test_the_report_counts_what_stats_counts(filled: Store) -> None:
    expected = _stats(await stats_lines(filled))
    report = await gather(filled, now=NOW)
    assert report.subscribers == expected["subscribers"]
    assert sum(d.joined for d in report.subscriber_days) == sum(report.subscribers.values())
    assert sum(d.left for d in report.subscriber_days) == report.subscribers["unsubscribed"]
    assert sum(d.blocked for d in report.subscriber_days) == report.subscribers["blocked"]
    running = report.subscribed_before + sum(d.joined - d.left - d.blocked
                                             for d in report.subscriber_days)
    assert running == report.subscribers["active"]
    assert {b.id: (b.sent, b.blocked, b.failed, b.owed, b.skipped)
            for b in report.broadcasts} == expected["broadcasts"]
    assert report.triage == expected["triage"]
    assert report.questions == expected["total"]
    assert {t.topic: t.questions for t in report.topics} == expected["topics"]
    assert {t.topic: (t.helpful, t.not_helpful) for t in report.topics if t.votes} \
        == expected["votes"]
    assert [(w.word, str(w.people), str(w.uses)) for w in report.missing_words] \
        == expected["words"]
    # And the numbers are on the page as the tables show them.
    page = (await build(filled, now=NOW)).html
    assert f"Questions per topic ({expected['total']:,} in all)" in page
    for status, n in report.subscribers.items():
        assert f"<th scope=row>{status}</th><td class=n>{n:,}</td>" in page


async def test_the_page_holds_no_message_text_and_no_hidden_word(filled: Store) -> None:
    await filled.create_broadcast("note", "Private note <b>for the team</b>", "message")
    page = (await build(filled, now=NOW)).html
    assert "Broadcast text" not in page and "Private note" not in page
    assert "Tomorrow: more tips" not in page
    hidden = [w.word for w in WORDS if w.people < 5]
    assert hidden and not any(word in page for word in hidden)
    assert all(w.word in page for w in WORDS if w.people >= 5)


async def test_the_page_needs_nothing_from_the_network(filled: Store) -> None:
    page = (await build(filled, now=NOW)).html
    assert page.startswith("<!DOCTYPE html>")
    for needle in ("<script", "<link", "<img", "<iframe", "@import", "src=", "url(http"):
        assert needle not in page.lower(), needle
    # The only addresses are the SVG namespaces, which name a vocabulary and fetch nothing.
    addresses = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    svgs = re.findall(r"<svg .*?</svg>", page, re.S)
    assert len(svgs) == 6
    for svg in svgs:  # each with its own title and description, for screen readers
        assert re.search(r'<svg role="img" aria-labelledby="(\S+) (\S+)"', svg)
        assert "<title id=" in svg and "<desc id=" in svg
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "element ids must be unique across the charts"


async def test_everything_from_the_database_is_escaped(db_url: str) -> None:
    async with await Store.open(db_url, clock=FakeClock(START)) as store:
        await store.subscribe(1)
        await store.create_broadcast("<script>alert(1)</script>", "hi", "message")
        page = (await build(store, now=NOW, titles={"sciatica": "<i>x</i>"})).html
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


async def test_an_empty_database_gives_a_friendly_page(db_url: str) -> None:
    async with await Store.open(db_url) as store:
        built = await build(store, now=NOW, picture=True)
    assert built.report.empty
    assert "Nothing to report yet" in built.html and "<svg" not in built.html
    assert built.png is None
    assert built.caption == "Campaign report: nothing to report yet."


async def test_since_counts_from_that_day_on(filled: Store) -> None:
    since = START.date() + timedelta(days=7)  # Monday 12 October, ISO week 42
    report = await gather(filled, since, now=NOW)
    assert report.question_days[0].day == since.isoformat()
    assert report.subscriber_days[0].day == since.isoformat()
    everything = await gather(filled, now=NOW)
    before = [d for d in everything.subscriber_days if d.day < since.isoformat()]
    assert report.subscribed_before == sum(d.joined - d.left - d.blocked for d in before)
    assert report.questions == sum(d.questions for d in everything.question_days
                                   if d.day >= since.isoformat())
    assert [b.id for b in report.broadcasts] == ["plan-unsent", "week-day-8"]
    assert {w.week for w in report.missing_words} == {"2026-W42"}
    assert report.triage["urgent"] == sum(1 + i % 4 for i in range(7, report_data.DAYS))


async def test_the_chats_picture_is_a_png(filled: Store) -> None:
    built = await build(filled, now=NOW, picture=True)
    assert built.png is not None and built.png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(built.png[16:20], "big"), int.from_bytes(built.png[20:24],
                                                                            "big")
    assert (width, height) == (1040, 858)
    assert built.caption.startswith("Campaign report (from 5 October 2026 to 14 October 2026)")
    assert f"{(await filled.subscriber_counts())['active']:,} subscribed" in built.caption


async def test_each_chart_appears_only_with_data(db_url: str) -> None:
    async with await Store.open(db_url, clock=FakeClock(START)) as store:
        await store.subscribe(5)
        report = await gather(store, now=NOW)
    assert set(charts.charts(report)) == {"subscribers"}


@pytest.mark.slow
def test_the_command_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
           "LOG_LEVEL": "WARNING"}
    done = subprocess.run([sys.executable, "-m", "bot", "report", "--out", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Campaign report: nothing to report yet."
    assert "Nothing to report yet" in out.read_text(encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "bot", "report", "--since", "5/10/2026"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "write it as YYYY-MM-DD" in bad.stderr


async def test_a_day_is_the_utc_day_on_both_backends(db_url: str) -> None:
    late = START.replace(hour=23, minute=30)  # 00:30 on the 6th in London, still the 5th
    clock = FakeClock(late)
    async with await Store.open(db_url, clock=clock) as store:
        await store.subscribe(1)
        clock.set(late + timedelta(hours=1))
        await store.subscribe(2)
        await store.unsubscribe(1)
        days = await store.subscriber_days()
    assert [(d.day, d.joined, d.left) for d in days] == [("2026-10-05", 1, 0),
                                                          ("2026-10-06", 1, 1)]
