"""Report benchmark: how long `python -m bot report` takes on a big campaign, and its memory.

    .venv/bin/python bench/report_load.py [--postgres] [--subscribers 100000]
                                          [--questions 1000000] [--runs 3]

What it fills. A fresh database (a temporary SQLite file; with `--postgres` a database of its
own on 127.0.0.1:5432, trust authentication, created here and dropped at the end), schema by
`Store.open`, then bulk inserts (sqlite3 `executemany`; asyncpg `copy_records_to_table`):

* 100,000 subscribers who joined over 14 days; 1 in 10 unsubscribed and 1 in 20 blocked the
  bot later;
* 7 broadcasts, one every other day at 10:00, each owed to everyone subscribed by then
  (about 270,000 deliveries): mostly delivered, some blocked or failed (with a reason),
  the last still owing some;
* 1,000,000 counted questions over 40 topics and the 14 days (in `topic_counts` and
  `topic_days`, as the running bot counts them), fallbacks and safety replies included, with
  "was this helpful?" votes;
* 600 words of unanswered questions over two ISO weeks, some under 5 people.

What it measures. The real command, `python -m bot report --out FILE`, run `--runs` times as
its own process: wall time from start to exit (interpreter start, imports, content, the
queries, drawing, writing; median and all runs), its CPU time (user + system) and its peak
RSS (`ru_maxrss` from `os.wait4`, the kernel's high-water mark for that process alone).
Then, in another process once its imports are done, the report alone (`build`: queries,
drawing, page) `--runs` times. Then it checks, in this process, that the report's figures
equal what `stats` prints for the same database.
Progress goes to stderr, results to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answers.catalogue import TRIAGE_TOPICS  # noqa: E402
from bot.campaign.figures import stats_lines  # noqa: E402
from bot.campaign.report import gather  # noqa: E402
from bot.storage.store import Store  # noqa: E402

START = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)
DAYS = 14
BROADCASTS = 7
TOPICS = 40
WORDS = 300
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TARGET_SECONDS = 5.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _ts(moment: datetime, sqlite: bool) -> object:
    """A timestamp as each backend stores it (SQLite: naive UTC text, see UTCDateTime)."""
    if sqlite:
        naive = moment.astimezone(UTC).replace(tzinfo=None)
        return naive.isoformat(sep=" ", timespec="microseconds")
    return moment


def rows(subscribers: int, questions: int, sqlite: bool) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows (see the module docstring), the same for both backends."""
    rng = random.Random(13)
    out: dict[str, list[tuple[object, ...]]] = {}
    created = []
    subs = []
    for i in range(subscribers):
        joined = START + timedelta(seconds=(DAYS * 86400 - 3600) * (i / subscribers) ** 0.8)
        status, changed = "active", joined
        if i % 20 == 7:
            status, changed = "blocked", joined + timedelta(hours=rng.randint(1, 72))
        elif i % 10 == 3:
            status, changed = "unsubscribed", joined + timedelta(hours=rng.randint(1, 72))
        changed = min(changed, START + timedelta(days=DAYS, hours=-1))
        created.append(joined)
        subs.append((1_000_000 + i, status, _ts(joined, sqlite), _ts(changed, sqlite)))
    out["subscribers"] = subs
    broadcasts, deliveries = [], []
    for b in range(BROADCASTS):
        at = START + timedelta(days=2 * b, hours=2)
        last = b == BROADCASTS - 1
        bid = f"week-{b + 1}"
        broadcasts.append((bid, f"Broadcast {b + 1}", "message", _ts(at, sqlite),
                           None if last else _ts(at + timedelta(hours=1), sqlite), False))
        for i, joined in enumerate(created):
            if joined > at:
                break
            if i % 50 == 11:
                status, error = "blocked", "Forbidden: bot was blocked by the user"
            elif i % 97 == 5:
                status, error = "failed", "Bad Request: chat not found"
            elif last and i % 13 == 2:
                status, error = "pending", None
            else:
                status, error = "sent", None
            deliveries.append((bid, 1_000_000 + i, status, error, 1, _ts(at, sqlite)))
    out["broadcasts"], out["deliveries"] = broadcasts, deliveries
    topics = [f"topic_{t:02d}" for t in range(TOPICS - 5)] + ["fallback", *TRIAGE_TOPICS,
                                                              "greeting"]
    weights = [1 / (r + 1) ** 0.7 for r in range(len(topics))]
    for t, name in enumerate(topics):
        if name in TRIAGE_TOPICS:
            weights[t] = 0.004
    cells = [(d, t, weights[t] * (1 + d / DAYS))
             for d in range(DAYS) for t in range(len(topics))]
    scale = questions / sum(w for _, _, w in cells)
    counts = [[d, t, math.floor(w * scale)] for d, t, w in cells]
    counts[0][2] += questions - sum(c for _, _, c in counts)
    days, totals = [], dict.fromkeys(topics, 0)
    for d, t, n in counts:
        name = topics[t]
        voted = name not in ("fallback", *TRIAGE_TOPICS)
        days.append(((START + timedelta(days=d)).date().isoformat(), name, n,
                     n // 6 if voted else 0, n // 30 if voted else 0))
        totals[name] += n
    out["topic_days"] = days
    out["topic_counts"] = list(totals.items())
    words = []
    for week in ("2026-W41", "2026-W42"):
        for _ in range(WORDS):
            word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7))
            people = rng.randint(1, 40)
            words.append((week, word, people, people + rng.randint(0, 20)))
    out["missing_words"] = words
    return out


COLUMNS = {
    "subscribers": ("chat_id", "status", "created_at", "updated_at"),
    "broadcasts": ("id", "text", "source", "created_at", "finished_at", "paid"),
    "deliveries": ("broadcast_id", "chat_id", "status", "error", "attempts", "updated_at"),
    "topic_days": ("day", "topic", "questions", "helpful", "not_helpful"),
    "topic_counts": ("topic", "count"),
    "missing_words": ("week", "word", "people", "uses"),
}


async def _migrate(url: str) -> None:
    async with await Store.open(url):
        pass


def fill_sqlite(path: Path, data: dict[str, list[tuple[object, ...]]]) -> None:
    asyncio.run(_migrate(f"sqlite:///{path}"))
    con = sqlite3.connect(path)
    try:
        with con:
            for table, columns in COLUMNS.items():
                marks = ", ".join("?" for _ in columns)
                con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                                data[table])
        con.execute("ANALYZE")
    finally:
        con.close()


async def fill_postgres(url: str, data: dict[str, list[tuple[object, ...]]]) -> None:
    import asyncpg

    await _migrate(url)
    con = await asyncpg.connect(url.replace("postgres://", "postgresql://"))
    try:
        for table, columns in COLUMNS.items():
            await con.copy_records_to_table(table, records=data[table], columns=list(columns))
        await con.execute("ANALYZE")
    finally:
        await con.close()


async def _admin(sql: str) -> None:
    import asyncpg

    con = await asyncpg.connect(PG_ADMIN)
    try:
        await con.execute(sql)
    finally:
        await con.close()


def child(url: str, runs: int) -> None:
    """In a process of its own, after the imports: `build` (queries, drawing, page) `runs`
    times; prints the seconds of each."""
    import json

    from bot.campaign.report_command import build

    async def once() -> float:
        async with await Store.open(url) as store:
            started = time.perf_counter()
            await build(store)
            return time.perf_counter() - started

    print(json.dumps([asyncio.run(once()) for _ in range(runs)]))


def run_build(url: str, runs: int) -> list[float]:
    """The build times of `child`, run as its own process."""
    import json

    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    done = subprocess.run([sys.executable, __file__, "--child", url, "--runs", str(runs)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return [float(x) for x in json.loads(done.stdout.strip().splitlines()[-1])]


def run_report(url: str, out: Path) -> tuple[float, float, int, str]:
    """One `python -m bot report`: (seconds, CPU seconds, peak RSS in KB, its summary
    line)."""
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    env.pop("RESPONSES_DIR", None)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "report", "--out", str(out)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    output = proc.stdout.read().decode()
    errors = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"report exited {proc.returncode}:\n{errors}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, output.strip()


async def check_against_stats(url: str) -> list[str]:
    """Differences between the report's figures and `stats`' lines (none expected)."""
    async with await Store.open(url) as store:
        text = "\n".join(await stats_lines(store))
        report = await gather(store)
    expected = [
        "Subscribers: " + ", ".join(f"{k} {v}" for k, v in report.subscribers.items()),
        f"Broadcasts: {len(report.broadcasts)}",
        "Triage outcomes: " + ", ".join(f"{k} {v}" for k, v in report.triage.items()),
        f"Questions per topic (total {report.questions}):",
        f"(helpful / not helpful; total {report.helpful} / {report.not_helpful})",
        *(f"delivered {b.sent}, blocked {b.blocked}, failed {b.failed}, still owed {b.owed}, "
          f"skipped (left meanwhile) {b.skipped}" for b in report.broadcasts),
        *(f"  {t.topic}: {t.questions}\n" for t in report.topics),
        *(f"    {w.word}: {w.people} people, {w.uses} uses" for w in report.missing_words),
    ]
    problems = [line for line in expected if line not in text + "\n"]
    if sum(d.joined for d in report.subscriber_days) != sum(report.subscribers.values()):
        problems.append("subscribers per day do not add up to the subscribers")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL, not SQLite")
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs)
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="report-bench-"))
    data = rows(args.subscribers, args.questions, sqlite=not args.postgres)
    log(f"{len(data['subscribers']):,} subscribers, {len(data['deliveries']):,} deliveries, "
        f"{sum(r[2] for r in data['topic_days']):,} questions in {len(data['topic_days']):,} "
        f"topic-days, {len(data['missing_words'])} words")
    name = f"report_bench_{uuid.uuid4().hex[:8]}"
    if args.postgres:
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
        asyncio.run(_admin(f"CREATE DATABASE {name}"))
    else:
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    try:
        started = time.perf_counter()
        if args.postgres:
            asyncio.run(fill_postgres(url, data))
        else:
            fill_sqlite(workdir / "bench.sqlite3", data)
        log(f"filled in {time.perf_counter() - started:.1f} s")
        del data
        runs = []
        for i in range(args.runs):
            seconds, cpu, rss, line = run_report(url, workdir / f"report-{i}.html")
            runs.append((seconds, cpu, rss))
            log(f"run {i + 1}: {seconds:.2f} s ({cpu:.2f} s CPU), peak RSS {rss / 1024:.0f} MB")
        builds = run_build(url, args.runs)
        log("build in a warm process: " + ", ".join(f"{b:.2f} s" for b in builds))
        problems = asyncio.run(check_against_stats(url))
        size = (workdir / "report-0.html").stat().st_size
    finally:
        if args.postgres:
            asyncio.run(_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        shutil.rmtree(workdir, ignore_errors=True)
    median = statistics.median(s for s, _, _ in runs)
    cpu = statistics.median(c for _, c, _ in runs)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    # CPU seconds beside the wall time: on a shared machine the wall time also counts the
    # time other processes had the cores; the CPU time is what the report itself costs.
    print(f"| backend | subscribers | questions | runs | median s | all runs (s) | median CPU s "
          f"| peak RSS MB | page KB |\n|---|---|---|---|---|---|---|---|---|\n"
          f"| {backend} | {args.subscribers:,} | {args.questions:,} | {len(runs)} "
          f"| {median:.2f} | {', '.join(f'{s:.2f}' for s, _, _ in runs)} | {cpu:.2f} "
          f"| {max(r for _, _, r in runs) / 1024:.0f} | {size // 1024} |")
    print(f"build only (queries, drawing, page; imports done), median of {len(builds)}: "
          f"{statistics.median(builds):.2f} s ({', '.join(f'{b:.2f}' for b in builds)})")
    print(f"summary line: {line}")
    print(f"{'PASS' if median < TARGET_SECONDS else 'FAIL'}: median {median:.2f} s "
          f"(target < {TARGET_SECONDS:.0f} s)")
    print(f"{'PASS' if not problems else 'FAIL'}: report counts equal stats"
          + "".join(f"\n  differs: {p}" for p in problems))
    return 0 if median < TARGET_SECONDS and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
