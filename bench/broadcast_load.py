"""Broadcast benchmark: pace, kill -9 safety, paid speed and memory of `python -m bot broadcast`.

    .venv/bin/python bench/broadcast_load.py [--subscribers 10000] [--big 100000] [--quick]
                                             [--scenarios free,kill,paid,big[,pg]]
                                             [--pg-subscribers 1000000] [--pg-url URL]

`--quick` is `--subscribers 1000 --big 10000`: a smoke run of a couple of minutes. The full run
takes about 15 minutes, most of it the two free-rate scenarios (10,000 messages at 29.6/s each).

What it runs. Every scenario gets a fresh temporary SQLite database and a fresh Bot API
stand-in, `python -m bot.testing.botapi --rate-limit 30 --paid-rate-limit 1000`, as its own
process on 127.0.0.1 (so on this two-core machine the stub and the broadcast process each have a
core; this script mostly sleeps). The stub answers 429 with `retry_after` when more than its
limit of sendMessage calls land in a rolling second, like Telegram does. The broadcast is the
real command, `python -m bot broadcast --id ID --message TEXT --force [--paid]`, run from the
project folder with DATABASE_URL, TELEGRAM_BOT_TOKEN=123:TEST, TELEGRAM_BASE_URL (the stub),
PTB_TIMEDELTA=true and LOG_LEVEL=WARNING; `--force` so quiet hours never block it.

1. free: N subscribers (10,000) against the 30/s limit.
2. kill: N subscribers at 30/s; when the stub has accepted half of them, SIGKILL the broadcast
   process, then run the same command again until it finishes.
3. paid: N subscribers with `--paid` against the 1000/s paid limit.
4. big: BIG subscribers (100,000) with `--paid`, for memory at scale (and its rate).
5. pg (only when asked for: about 17 minutes): PG_SUBSCRIBERS (1,000,000) with `--paid` on
   PostgreSQL (127.0.0.1:5432, trust auth, database `test`): a role and schema of the
   benchmark's own, made with the bot's schema (Store.open) and filled by the server
   (generate_series), dropped afterwards whatever happened. Reports peak RSS, RSS every 10 s
   against the messages sent so far (flat means bounded), and the seconds each 100,000
   sends took.

How it measures.
* Subscribers: `bot.storage.store.Store.open()` creates the schema and `Store.subscribe()` adds the
  first chat; the other rows are copied from it (same status and timestamp text) into
  `subscribers` with one sqlite3 `executemany`, so 100,000 take well under a second.
* Delivered, duplicates, losses: after the run the script reads every message the stub accepted
  (`GET /_stub/sent`). A duplicate is a chat that received the broadcast more than once (the
  number of such chats is reported); a loss is an active subscriber that never received it.
  The database is cross-checked too (no delivery may stay `pending`).
* msg/s: accepted messages / (time of the last one - time of the first one), both stamped by
  the stub (`SentMessage.time`), so start-up (imports, the first slice of the queue) is not
  counted.
* First send: seconds from the spawn of the command to the stub's first accepted message
  (both `time.monotonic()`, one clock for every process on Linux): start-up included.
  Beside it, the report gives the floor under it: the median time for a fresh interpreter to
  import python-telegram-bot, SQLAlchemy's asyncio engine, aiosqlite and aiohttp and nothing
  else (and to start at all), which no change to the project's own code can remove.
* Busiest second: the most messages the stub accepted in any rolling second, the stub's own
  measure (its window is (t - 1 s, t]); at most the limit, and a 429 is what it answers to
  the one that would make it more.
  For kill + resume it is both runs' messages over the sum of both runs' spans (the restart gap
  is the operator's, not the engine's).
* 429s: the stub's `rejected_429` counter (fresh stub per scenario, so it is this scenario's).
  Each 429 makes the engine pause every send for `retry_after` (>= 1 s), so the progress output
  and the paid verdict also give the pauses: gaps of >= 0.5 s between two accepted messages.
* Exit code: 0 finished, 3 unfinished; -9 is the SIGKILL of scenario 2.
* Peak RSS: `ru_maxrss` (KB) of the broadcast process from `os.wait4(pid, ...)`, i.e. the
  kernel's high-water mark for that process alone, not this script or the stub. CPU seconds of
  the broadcast process (ru_utime + ru_stime) are shown in the progress output, as CPU ms per
  message says what limits the paid rate.
* kill -9: "delivered before the kill" is what the stub had accepted once the killed process was
  reaped (plus 0.5 s for requests already in its socket buffer). "Sent but unrecorded" is the
  number of chats that the stub had delivered to while the database still held their delivery
  as `pending`: exactly what a resume must send again. The bound it is compared with is
  derived from bot/delivery.py (imported, so it follows the code): each of the
  FREE_CONCURRENCY workers can have one request that the stub accepted but whose answer the
  process never read; and the single writer task can hold outcomes not yet committed: the batch
  it is committing plus those queued meanwhile, each at most what the limiter lets through in
  one writer cycle w + d (1 + floor(FREE_RATE * (w + d))), so 2 * (1 + floor(FREE_RATE *
  (w + d))), where w is RECORD_WINDOW (the writer's wait for more outcomes before a commit; 0
  when the engine has none) and d the slowest of 200 one-row `Store.mark_many` commits
  measured here on a database of the same size.

Why like this. The numbers that matter for a campaign are end to end: what Telegram would see
(pace, 429s, copies per chat) and what an organiser sees (exit code, nothing lost after a
crash), so the stub is the observer and the real command is the subject, unmodified. Separate
processes keep the measuring out of the measured process's CPU and RSS. Everything is bounded:
each run has a deadline after which it is killed and reported unfinished, and every subprocess
is killed in a `finally`. Progress goes to stderr; one markdown table and a line per target go
to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import itertools
import json
import math
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bot.campaign.delivery as delivery  # noqa: E402
from bot.campaign.delivery import FREE_CONCURRENCY, FREE_RATE  # noqa: E402
from bot.storage.store import Store  # noqa: E402

TOKEN = "123:TEST"
FREE_LIMIT = 30  # the stub's limits: Telegram's documented ones
PAID_LIMIT = 1000
FIRST_CHAT = 100_000_001  # positive ids: private chats
MESSAGE = "Back Care Awareness Week: <b>keep moving</b>, little and often. Benchmark message."

# Targets (the verdict lines): issue 12's.
TARGET_FREE_RATE = 29.4  # 98% of 30
TARGET_FREE_429 = 0
TARGET_PAID_RATE = 980.0
TARGET_FIRST_SEND = 0.5  # seconds from the launch of the command
TARGET_BIG_RSS_MB = 100.0

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"

STUB_START_TIMEOUT = 30.0
SETTLE = 0.5  # after a process died, for requests already in the stub's socket buffers
POLL = 0.25  # seconds between looks at the stub while a broadcast runs
PROGRESS_EVERY = 10.0
PAUSE_GAP = 0.5  # a gap this long between two accepted messages is a pause, not pacing


def code_version() -> str:
    """Which engine is measured: the commit, uncommitted changes under bot/, its constants."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return ""
    changed = [line[3:] for line in git("status", "--porcelain", "--", "bot").splitlines()
               if len(line) > 3]
    constants = ", ".join(f"{name} {getattr(delivery, name):g}" for name in
                          ("FREE_RATE", "PAID_RATE", "FREE_CONCURRENCY", "PAID_CONCURRENCY",
                           "BATCH") if isinstance(getattr(delivery, name, None), (int, float)))
    return (f"code: commit {git('rev-parse', '--short', 'HEAD').strip() or '?'}"
            f"{', uncommitted changes in ' + ' '.join(changed) if changed else ''}; {constants}")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------- processes

_CHILDREN: list[subprocess.Popen[bytes]] = []


def _spawn(argv: list[str], env: dict[str, str], out: Path, err: Path) -> subprocess.Popen[bytes]:
    with open(out, "wb") as fo, open(err, "wb") as fe:
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=fo,
                                stderr=fe, start_new_session=True)
    _CHILDREN.append(proc)
    return proc


def _kill_all() -> None:
    """SIGKILL every child still running (by its own pid) and reap it."""
    for proc in _CHILDREN:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired, ChildProcessError):
                proc.wait(timeout=10)
    _CHILDREN.clear()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    """A process's resident memory now (VmRSS), in MB; 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# Never through a proxy from the environment: everything stays on 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Stub:
    """`python -m bot.testing.botapi` as a child process, and its control API."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir = workdir
        self.env = env
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    def start(self) -> Stub:
        for attempt in range(3):
            self.port = _free_port()
            err = self.workdir / f"stub{attempt}.err"
            self.proc = _spawn([sys.executable, "-m", "bot.testing.botapi", "--host", "127.0.0.1",
                                "--port", str(self.port), "--rate-limit", str(FREE_LIMIT),
                                "--paid-rate-limit", str(PAID_LIMIT), "--log-level", "WARNING"],
                               self.env, self.workdir / f"stub{attempt}.out", err)
            deadline = time.monotonic() + STUB_START_TIMEOUT
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    self.stats()
                    return self
                except OSError:
                    time.sleep(0.1)
            self.stop()
            log(f"stub did not start on port {self.port}: {_tail(err, 5)}")
        raise RuntimeError("the Bot API stub did not start")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def _get(self, path: str, timeout: float = 10.0) -> dict:
        with _OPENER.open(f"http://127.0.0.1:{self.port}{path}", timeout=timeout) as resp:
            return json.loads(resp.read())

    def stats(self) -> dict:
        return self._get("/_stub/stats", timeout=5.0)

    def sent(self) -> list[dict]:
        return self._get("/_stub/sent?since=0", timeout=120.0)["sent"]

    def cpu_seconds(self) -> float:
        """User + system CPU of the stub so far (/proc/<pid>/stat)."""
        if self.proc is None:
            return 0.0
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return 0.0

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.returncode is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


# ------------------------------------------------------------------------------- database


async def _init_db(url: str) -> None:
    async with await Store.open(url) as store:
        await store.subscribe(FIRST_CHAT)


def make_db(path: Path, subscribers: int) -> list[int]:
    """A fresh database with `subscribers` active chats; returns their ids."""
    url = f"sqlite:///{path}"
    asyncio.run(_init_db(url))
    chats = list(range(FIRST_CHAT, FIRST_CHAT + subscribers))
    con = sqlite3.connect(path)
    try:
        status, created, updated = con.execute(
            "SELECT status, created_at, updated_at FROM subscribers WHERE chat_id = ?",
            (FIRST_CHAT,)).fetchone()
        with con:
            con.executemany("INSERT INTO subscribers (chat_id, status, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?)",
                            ((c, status, created, updated) for c in chats[1:]))
        count = con.execute("SELECT count(*) FROM subscribers WHERE status = 'active'").fetchone()
    finally:
        con.close()
    assert count[0] == subscribers, count
    return chats


def delivery_counts(path: Path, broadcast_id: str) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT status, count(*) FROM deliveries WHERE broadcast_id = ? "
                           "GROUP BY status", (broadcast_id,)).fetchall()
    finally:
        con.close()
    return dict(rows)


def pending_chats(path: Path, broadcast_id: str) -> set[int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT chat_id FROM deliveries WHERE broadcast_id = ? AND "
                           "status = 'pending'", (broadcast_id,)).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


async def _commit_times(url: str, chats: list[int], n: int) -> list[float]:
    async with await Store.open(url) as store:
        await store.create_broadcast("commit-probe", "probe", "message")
        await store.enqueue("commit-probe")
        times = []
        for chat in chats[:n]:
            t0 = time.perf_counter()
            await store.mark_many("commit-probe", [(chat, "sent", None)])
            times.append(time.perf_counter() - t0)
        return times


def measure_commit(workdir: Path, subscribers: int, n: int = 200) -> tuple[float, float]:
    """(median, max) seconds of a one-row `Store.mark_many` on a database of this size."""
    path = workdir / "commit-probe.sqlite3"
    chats = make_db(path, subscribers)
    times = sorted(asyncio.run(_commit_times(f"sqlite:///{path}", chats, n)))
    return times[len(times) // 2], times[-1]


# ------------------------------------------------------------------------------- one run


@dataclass
class Run:
    exit_code: int | str
    rss_kb: int
    cpu_s: float
    wall_s: float
    stdout: str
    stderr_tail: str
    killed_at_sent: int | None = None
    launched: float = 0.0  # time.monotonic() just before the spawn (CLOCK_MONOTONIC: the stub's)


def run_broadcast(label: str, stub: Stub, db: Path | str, broadcast_id: str, paid: bool,
                  total: int, deadline_s: float, workdir: Path, tag: str,
                  kill_at: int | None = None,
                  rss_samples: list[tuple[int, float]] | None = None) -> Run:
    """Run `python -m bot broadcast` to the end (or SIGKILL it when the stub has `kill_at`).

    `db` is a SQLite file or a database URL. With `rss_samples`, each progress look also
    appends (messages the stub accepted, the broadcast's RSS in MB then).
    """
    env = dict(os.environ)
    env.update({"DATABASE_URL": db if isinstance(db, str) else f"sqlite:///{db}",
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_BASE_URL": stub.base_url, "PTB_TIMEDELTA": "true",
                "LOG_LEVEL": "WARNING"})
    argv = [sys.executable, "-m", "bot", "broadcast", "--id", broadcast_id,
            "--message", MESSAGE, "--force"] + (["--paid"] if paid else [])
    out, err = workdir / f"{tag}.out", workdir / f"{tag}.err"
    started = time.monotonic()
    proc = _spawn(argv, env, out, err)
    deadline = started + deadline_s
    next_progress = started + PROGRESS_EVERY
    killed_at: int | None = None
    timed_out = False
    status, usage = 0, None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        now = time.monotonic()
        if now > deadline:
            log(f"{label}: deadline of {deadline_s:.0f} s passed: SIGKILL")
            timed_out = True
            os.kill(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            break
        if kill_at is not None or now >= next_progress:
            try:
                stats = stub.stats()
            except OSError as exc:
                log(f"{label}: stub stats failed: {exc}")
                stats = None
            if stats and kill_at is not None and stats["sent"] >= kill_at:
                os.kill(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                killed_at = stats["sent"]
                log(f"{label}: SIGKILL at {killed_at} accepted by the stub")
                break
            if stats and now >= next_progress:
                elapsed = now - started
                rss = _rss_mb(proc.pid)
                if rss_samples is not None:
                    rss_samples.append((stats["sent"], rss))
                log(f"{label}: {stats['sent']}/{total} accepted, {stats['rejected_429']} 429s, "
                    f"{elapsed:.0f} s, RSS {rss:.1f} MB")
                next_progress = now + PROGRESS_EVERY
        time.sleep(POLL if kill_at is not None else 0.1)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting
    assert usage is not None
    code: int | str = "timeout" if timed_out else proc.returncode
    run = Run(code, usage.ru_maxrss, usage.ru_utime + usage.ru_stime,
              time.monotonic() - started, out.read_text(errors="replace").strip(),
              _tail(err), killed_at, started)
    log(f"{label}: exit {code} after {run.wall_s:.1f} s, peak RSS {run.rss_kb / 1024:.1f} MB, "
        f"CPU {run.cpu_s:.1f} s")
    if run.stdout:
        log(f"{label}: stdout: " + " | ".join(run.stdout.splitlines()))
    if run.stderr_tail and code not in (0, -9):
        log(f"{label}: stderr tail:\n{run.stderr_tail}")
    return run


# ------------------------------------------------------------------------------- analysis


@dataclass
class Sends:
    """What the stub accepted, against who should have had it."""

    count: int  # accepted sendMessage calls (copies included)
    delivered: int  # distinct active subscribers that received it
    duplicate_chats: int  # chats with more than one copy
    extra_copies: int
    losses: int  # active subscribers with no copy
    strangers: int  # chats that received it but are not subscribers
    span: float  # seconds from the first to the last accepted message
    first: float
    last: float
    pauses: int  # gaps of >= PAUSE_GAP s between consecutive sends (429 pauses, stalls)
    paused_s: float
    busiest: int  # most sends the stub accepted in any rolling second (its limit's measure)

    @property
    def rate(self) -> float:
        return self.count / self.span if self.span > 0 else 0.0


def analyse(sent: list[dict], chats: list[int]) -> Sends:
    per_chat = collections.Counter(m["chat_id"] for m in sent)
    active = set(chats)
    times = sorted(m["time"] for m in sent)
    first, last = (times[0], times[-1]) if times else (0.0, 0.0)
    gaps = [b - a for a, b in itertools.pairwise(times) if b - a >= PAUSE_GAP]
    busiest, oldest = 0, 0
    for i, t in enumerate(times):  # the stub's window: (t - 1 s, t]
        while times[oldest] <= t - 1.0:
            oldest += 1
        busiest = max(busiest, i - oldest + 1)
    return Sends(
        count=len(sent),
        delivered=sum(1 for c in per_chat if c in active),
        duplicate_chats=sum(1 for n in per_chat.values() if n > 1),
        extra_copies=sum(n - 1 for n in per_chat.values() if n > 1),
        losses=len(active - per_chat.keys()),
        strangers=len(per_chat.keys() - active),
        span=last - first,
        first=first,
        last=last,
        pauses=len(gaps),
        paused_s=sum(gaps),
        busiest=busiest,
    )


@dataclass
class Row:
    name: str
    subscribers: int
    mode: str
    delivered: int
    rate: float
    rejected_429: int
    duplicates: int
    losses: int
    rss_mb: float
    exit_code: str
    first_send: float  # seconds from the spawn of the command to the stub's first accepted send
    extra: dict = field(default_factory=dict)


def _check_texts(sent: list[dict], label: str) -> None:
    texts = collections.Counter(m["text"] for m in sent)
    if len(texts) > 1:
        log(f"{label}: WARNING: {len(texts)} different texts were sent")


# ------------------------------------------------------------------------------- scenarios


def _free_deadline(n: int) -> float:
    return 120.0 + 2.0 * n / FREE_RATE


def _paid_deadline(n: int) -> float:
    return 120.0 + n / 250.0  # generous: a paid run slower than 250/s fails its target anyway


def scenario_simple(name: str, n: int, paid: bool, root: Path, env: dict[str, str]) -> Row:
    label = f"{name} {n}"
    workdir = root / name
    workdir.mkdir()
    db = workdir / "bench.sqlite3"
    t0 = time.monotonic()
    chats = make_db(db, n)
    log(f"{label}: {n} subscribers inserted in {time.monotonic() - t0:.2f} s")
    stub = Stub(workdir, env).start()
    try:
        run = run_broadcast(label, stub, db, f"bench-{name}", paid, n,
                            _paid_deadline(n) if paid else _free_deadline(n), workdir, name)
        time.sleep(SETTLE)
        stats = stub.stats()
        sent = stub.sent()
        stub_cpu = stub.cpu_seconds()
    finally:
        stub.stop()
    _check_texts(sent, label)
    s = analyse(sent, chats)
    counts = delivery_counts(db, f"bench-{name}")
    log(f"{label}: {s.count} accepted in {s.span:.1f} s = {s.rate:.1f}/s, "
        f"{stats['rejected_429']} 429s, busiest second {s.busiest}, {s.pauses} pauses >= "
        f"{PAUSE_GAP} s ({s.paused_s:.1f} s in all), {s.duplicate_chats} duplicate chats, "
        f"{s.losses} lost, "
        f"{s.strangers} strangers; first send {s.first - run.launched:.2f} s after the "
        f"launch; database {counts}; broadcast CPU "
        f"{1000 * run.cpu_s / max(1, s.count):.2f} ms/msg, stub CPU "
        f"{1000 * stub_cpu / max(1, stats['requests']):.2f} ms/request")
    return Row(name, n, "paid (--paid)" if paid else "free", s.delivered, s.rate,
               stats["rejected_429"], s.duplicate_chats, s.losses, run.rss_kb / 1024,
               str(run.exit_code), s.first - run.launched,
               {"db": counts, "cpu_s": run.cpu_s, "stub_cpu_s": stub_cpu, "wall_s": run.wall_s,
                "span": s.span, "strangers": s.strangers, "busiest": s.busiest,
                "requests": stats["requests"],
                "pauses": s.pauses, "paused_s": s.paused_s})


def scenario_kill(n: int, root: Path, env: dict[str, str]) -> Row:
    name, label = "kill", f"kill {n}"
    workdir = root / name
    workdir.mkdir()
    db = workdir / "bench.sqlite3"
    broadcast_id = "bench-kill"
    commit_median, commit_max = measure_commit(workdir, n)
    window = float(getattr(delivery, "RECORD_WINDOW", 0.0))  # the writer's gathering wait
    writer_backlog = 2 * (1 + math.floor(FREE_RATE * (window + commit_max)))
    bound = FREE_CONCURRENCY + writer_backlog
    log(f"{label}: one-row mark_many commit: median {1000 * commit_median:.2f} ms, max "
        f"{1000 * commit_max:.2f} ms; RECORD_WINDOW {1000 * window:g} ms -> in-flight bound "
        f"{FREE_CONCURRENCY} + {writer_backlog} = {bound}")
    chats = make_db(db, n)
    stub = Stub(workdir, env).start()
    try:
        first = run_broadcast(f"{label} (first run)", stub, db, broadcast_id, False, n,
                              _free_deadline(n), workdir, "kill-first", kill_at=n // 2)
        time.sleep(SETTLE)
        before = stub.sent()
        stats_before = stub.stats()
        owed = pending_chats(db, broadcast_id)
        counts_at_kill = delivery_counts(db, broadcast_id)
        unrecorded = len({m["chat_id"] for m in before} & owed)
        log(f"{label}: at the kill the stub had {len(before)} accepted; the database had "
            f"{counts_at_kill}; {unrecorded} chats delivered but still pending in the database")
        second = run_broadcast(f"{label} (resume)", stub, db, broadcast_id, False, n,
                               _free_deadline(n), workdir, "kill-resume")
        time.sleep(SETTLE)
        stats = stub.stats()
        sent = stub.sent()
    finally:
        stub.stop()
    _check_texts(sent, label)
    s = analyse(sent, chats)
    s1, s2 = analyse(sent[:len(before)], chats), analyse(sent[len(before):], chats)
    counts = delivery_counts(db, broadcast_id)
    rate = s.count / (s1.span + s2.span) if s1.span + s2.span > 0 else 0.0
    log(f"{label}: first run {s1.count} at {s1.rate:.1f}/s (first send "
        f"{s1.first - first.launched:.2f} s after the launch), resume {s2.count} at "
        f"{s2.rate:.1f}/s (first send {s2.first - second.launched:.2f} s after its launch); "
        f"{s.duplicate_chats} duplicate chats, {s.losses} lost; "
        f"{stats['rejected_429']} 429s (before the kill {stats_before['rejected_429']}); "
        f"database {counts}")
    return Row(name, n, "free, kill -9 at 1/2 + rerun", s.delivered, rate,
               stats["rejected_429"], s.duplicate_chats, s.losses,
               max(first.rss_kb, second.rss_kb) / 1024, f"{first.exit_code} then "
               f"{second.exit_code}", s1.first - first.launched,
               {"db": counts, "before_kill": len(before), "unrecorded": unrecorded,
                "bound": bound, "writer_backlog": writer_backlog, "commit_max": commit_max,
                "window": window,
                "commit_median": commit_median, "first_rate": s1.rate, "resume_rate": s2.rate,
                "rss_first": first.rss_kb / 1024, "rss_resume": second.rss_kb / 1024,
                "resume_first_send": s2.first - second.launched})


def _pg_name_url(admin_url: str, name: str) -> str:
    """The URL of role `name` on the admin URL's server and database (trust auth)."""
    rest = admin_url.split("://", 1)[1].split("@", 1)[-1]
    return f"postgres://{name}@{rest}"


async def _as_role(admin_url: str, name: str) -> Any:
    """An asyncpg connection as the benchmark's own role (asyncpg spells the scheme
    postgresql://, the bot's URLs postgres://)."""
    import asyncpg

    url = _pg_name_url(admin_url, name).replace("postgres://", "postgresql://", 1)
    return await asyncpg.connect(url, timeout=10)


async def _pg_setup(admin_url: str, name: str, n: int) -> float:
    """A role and schema of the benchmark's own with `n` active subscribers; returns the
    seconds the rows took. The schema is the bot's (Store.open); the rows are generated by
    the server (generate_series), copying the first subscriber's status and timestamps."""
    import asyncpg

    admin = await asyncpg.connect(admin_url, timeout=10)
    try:
        await admin.execute(f"CREATE ROLE {name} LOGIN")
        await admin.execute(f"CREATE SCHEMA {name} AUTHORIZATION {name}")
    finally:
        await admin.close()
    url = _pg_name_url(admin_url, name)
    await _init_db(url)
    t0 = time.monotonic()
    conn = await _as_role(admin_url, name)
    try:
        await conn.execute(
            "INSERT INTO subscribers (chat_id, status, created_at, updated_at) "
            "SELECT g, s.status, s.created_at, s.updated_at FROM generate_series($1::bigint, "
            "$2::bigint) AS g, (SELECT status, created_at, updated_at FROM subscribers "
            "WHERE chat_id = $3) AS s", FIRST_CHAT + 1, FIRST_CHAT + n - 1, FIRST_CHAT)
        await conn.execute("ANALYZE subscribers")
        count = await conn.fetchval("SELECT count(*) FROM subscribers WHERE status = 'active'")
    finally:
        await conn.close()
    assert count == n, count
    return time.monotonic() - t0


async def _pg_counts(admin_url: str, name: str, broadcast_id: str) -> dict[str, int]:
    conn = await _as_role(admin_url, name)
    try:
        rows = await conn.fetch("SELECT status, count(*) FROM deliveries WHERE broadcast_id = $1 "
                                "GROUP BY status", broadcast_id)
    finally:
        await conn.close()
    return {r[0]: r[1] for r in rows}


async def _pg_drop(admin_url: str, name: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(admin_url, timeout=10)
    try:
        await admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        await admin.execute(f"DROP ROLE IF EXISTS {name}")
    finally:
        await admin.close()


def _every(samples: list[tuple[int, float]], step: int) -> list[tuple[int, float]]:
    """The first sample at or past each multiple of `step` (and the last one)."""
    out, mark = [], 0
    for k, v in samples:
        if k >= mark:
            out.append((k, v))
            mark = (k // step + 1) * step
    if samples and (not out or out[-1] != samples[-1]):
        out.append(samples[-1])
    return out


def per_block(times: list[float], block: int) -> list[float]:
    """Seconds each consecutive `block` of sends took (the stub's stamps, sorted)."""
    return [times[i + block - 1] - times[i] for i in range(0, len(times) - block + 1, block)]


def scenario_pg(n: int, root: Path, env: dict[str, str], admin_url: str) -> Row:
    """A paid broadcast to `n` subscribers on PostgreSQL: memory and time per 100,000."""
    name, label = "pg", f"pg {n}"
    workdir = root / name
    workdir.mkdir()
    schema = f"bench_{os.getpid()}_{int(time.time())}"
    broadcast_id = "bench-pg"
    try:
        inserted = asyncio.run(_pg_setup(admin_url, schema, n))
        log(f"{label}: {n} subscribers inserted in PostgreSQL schema {schema} in "
            f"{inserted:.1f} s")
        stub = Stub(workdir, env).start()
        rss: list[tuple[int, float]] = []
        try:
            run = run_broadcast(label, stub, _pg_name_url(admin_url, schema), broadcast_id, True,
                                n, _paid_deadline(n), workdir, name, rss_samples=rss)
            time.sleep(SETTLE)
            stats = stub.stats()
            sent = stub.sent()
        finally:
            stub.stop()
        counts = asyncio.run(_pg_counts(admin_url, schema, broadcast_id))
    finally:
        asyncio.run(_pg_drop(admin_url, schema))
    s = analyse(sent, list(range(FIRST_CHAT, FIRST_CHAT + n)))
    times = sorted(m["time"] for m in sent)
    del sent
    blocks = per_block(times, 100_000)
    first = s.first - run.launched
    log(f"{label}: {s.count} accepted in {s.span:.1f} s = {s.rate:.1f}/s, "
        f"{stats['rejected_429']} 429s, busiest second {s.busiest}, {s.pauses} pauses; "
        f"{s.duplicate_chats} duplicate chats, {s.losses} lost; first send {first:.2f} s after "
        f"the launch (start-up and the first slice of the queue included); seconds per 100,000: "
        + ", ".join(f"{b:.1f}" for b in blocks) + "; RSS (MB) at accepted: "
        + ", ".join(f"{r:.0f} at {k:,}" for k, r in _every(rss, 100_000))
        + f"; database {counts}")
    return Row(name, n, "paid, PostgreSQL", s.delivered, s.rate, stats["rejected_429"],
               s.duplicate_chats, s.losses, run.rss_kb / 1024, str(run.exit_code), first,
               {"db": counts, "cpu_s": run.cpu_s, "wall_s": run.wall_s, "span": s.span,
                "pauses": s.pauses, "paused_s": s.paused_s, "busiest": s.busiest,
                "blocks": blocks, "rss": rss})


# What the command must import before it can send at all: python-telegram-bot (its Bot and
# errors), SQLAlchemy's asyncio engine with the SQLite driver (the store) and aiohttp (the
# transport). Timed alone in fresh interpreters, it is the part of "first send" that no change to
# this project's code can remove.
FLOOR_IMPORTS = "import telegram, sqlalchemy.ext.asyncio, aiosqlite, aiohttp"


def import_floor(runs: int = 5) -> tuple[float, float]:
    """Median seconds to start Python and import the libraries a broadcast needs, and to start
    Python alone, over `runs` fresh interpreters."""
    def timed(code: str) -> float:
        walls = []
        for _ in range(runs):
            start = time.monotonic()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
            walls.append(time.monotonic() - start)
        return statistics.median(walls)
    return timed(FLOOR_IMPORTS), timed("pass")


# ------------------------------------------------------------------------------- report


def table(rows: list[Row]) -> str:
    head = ("| scenario | subscribers | mode | delivered | msg/s | 429s | duplicates | losses "
            "| first send s | peak RSS MB | exit code |")
    lines = [head, "|" + "---|" * 11]
    for r in rows:
        lines.append(f"| {r.name} | {r.subscribers:,} | {r.mode} | {r.delivered:,} | "
                     f"{r.rate:.2f} | {r.rejected_429} | {r.duplicates} | {r.losses} | "
                     f"{r.first_send:.2f} | {r.rss_mb:.1f} | {r.exit_code} |")
    return "\n".join(lines)


def verdicts(rows: dict[str, Row], floor: tuple[float, float] | None = None) -> list[str]:
    out = []

    def line(ok: bool | None, text: str) -> None:
        out.append(f"{'n/a ' if ok is None else 'PASS' if ok else 'FAIL'} {text}")

    free = rows.get("free")
    if free:
        line(free.rate >= TARGET_FREE_RATE and free.rejected_429 <= TARGET_FREE_429,
             f">= {TARGET_FREE_RATE:g} msg/s sustained under the {FREE_LIMIT}/s limit with "
             f"<= {TARGET_FREE_429} 429s: {free.rate:.2f} msg/s, {free.rejected_429} 429s, "
             f"busiest second {free.extra['busiest']}")
    else:
        line(None, f">= {TARGET_FREE_RATE:g} msg/s under the {FREE_LIMIT}/s limit: not run")
    firsts = {name: r.first_send for name, r in rows.items() if name in ("free", "paid")}
    line(None if not firsts else max(firsts.values()) <= TARGET_FIRST_SEND,
         f"first send <= {TARGET_FIRST_SEND:g} s after the launch (start-up included): "
         + (", ".join(f"{k} {v:.2f} s" for k, v in firsts.items()) or "not run")
         + ("" if floor is None else f"; of which starting Python and importing the libraries "
            f"a broadcast needs ({FLOOR_IMPORTS[7:]}) takes {floor[0]:.2f} s alone, and "
            f"Python itself {floor[1]:.2f} s (medians of 5 fresh interpreters)"))
    lost = {name: r.losses for name, r in rows.items()}
    unfinished = {name: r.extra["db"].get("pending", 0) for name, r in rows.items()
                  if r.extra["db"].get("pending", 0)}
    line(None if not rows else sum(lost.values()) == 0 and not unfinished,
         "0 lost: " + ", ".join(f"{k} {v}" for k, v in lost.items())
         + (f"; still pending in the database: {unfinished}" if unfinished else ""))
    kill = rows.get("kill")
    if kill:
        x = kill.extra
        line(kill.duplicates <= x["unrecorded"] and kill.duplicates <= x["bound"],
             f"duplicates after kill -9 <= sends in flight: {kill.duplicates} duplicate chats; "
             f"{x['before_kill']} delivered before the kill, of which {x['unrecorded']} were "
             f"not yet recorded in the database (sent but still pending); bound "
             f"{x['bound']} = FREE_CONCURRENCY {FREE_CONCURRENCY} (one unanswered request per "
             f"worker) + writer backlog {x['writer_backlog']} (the batch being committed and "
             f"the one queued behind it, each <= 1 + floor({FREE_RATE:g}/s x ("
             f"RECORD_WINDOW {1000 * x['window']:g} ms + max commit "
             f"{1000 * x['commit_max']:.1f} ms)))")
    else:
        line(None, "duplicates after kill -9 <= sends in flight: not run")
    paid = rows.get("paid")
    if paid:
        runs = [r for r in (paid, rows.get("big")) if r is not None]
        line(paid.rate >= TARGET_PAID_RATE,
             f"--paid >= {TARGET_PAID_RATE:.0f} msg/s: " + "; ".join(
                 f"{r.rate:.1f} msg/s at {r.subscribers:,} ({r.rejected_429} 429s, "
                 f"{r.extra['pauses']} pauses >= {PAUSE_GAP} s totalling "
                 f"{r.extra['paused_s']:.1f} s of a {r.extra['span']:.1f} s run)" for r in runs))
    else:
        line(None, f"--paid >= {TARGET_PAID_RATE:.0f} msg/s: not run")
    big = rows.get("big")
    if big:
        small = [f"{r.rss_mb:.1f} MB ({r.name}, {r.subscribers:,})" for r in rows.values()
                 if r.name in ("free", "paid")]
        line(big.rss_mb <= TARGET_BIG_RSS_MB,
             f"RSS <= {TARGET_BIG_RSS_MB:.0f} MB at {big.subscribers:,} subscribers: "
             f"{big.rss_mb:.1f} MB" + (f" (vs {', '.join(small)})" if small else ""))
    else:
        line(None, f"RSS <= {TARGET_BIG_RSS_MB:.0f} MB at 100,000 subscribers: not run")
    pg = rows.get("pg")
    if pg:
        blocks = pg.extra["blocks"]
        line(pg.rss_mb <= TARGET_BIG_RSS_MB and pg.losses == 0 and pg.duplicates == 0,
             f"PostgreSQL, {pg.subscribers:,} subscribers (paid): peak RSS {pg.rss_mb:.1f} MB "
             f"(<= {TARGET_BIG_RSS_MB:.0f}), {pg.rate:.1f} msg/s, seconds per 100,000 "
             f"{min(blocks, default=0):.1f} to {max(blocks, default=0):.1f}, first send "
             f"{pg.first_send:.1f} s after the launch, {pg.losses} lost, {pg.duplicates} "
             f"duplicates")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000: a smoke run")
    parser.add_argument("--scenarios", default="free,kill,paid,big",
                        help="comma-separated subset of free,kill,paid,big,pg (pg is not in "
                             "the default: a million paid sends take about 17 minutes)")
    parser.add_argument("--pg-subscribers", type=int, default=1_000_000,
                        help="subscribers of the pg scenario (PostgreSQL)")
    parser.add_argument("--pg-url", default=PG_ADMIN_URL,
                        help="a PostgreSQL superuser URL (trust auth); pg makes a role and "
                             "schema of its own there and drops them afterwards")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (logs, dbs)")
    args = parser.parse_args()
    if args.quick:
        args.subscribers, args.big = 1_000, 10_000
    if args.subscribers < 2 or args.big < 2:
        parser.error("--subscribers and --big must be at least 2")
    wanted = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = set(wanted) - {"free", "kill", "paid", "big", "pg"}
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    root = Path(tempfile.mkdtemp(prefix="broadcast-bench-"))
    log(f"broadcast benchmark: {args.subscribers:,} / {args.big:,} subscribers, scenarios "
        f"{','.join(wanted)}; work folder {root}")
    log(code_version())
    rows: dict[str, Row] = {}
    broken: dict[str, str] = {}
    try:
        for name in wanted:
            try:
                if name == "free":
                    rows[name] = scenario_simple("free", args.subscribers, False, root, env)
                elif name == "kill":
                    rows[name] = scenario_kill(args.subscribers, root, env)
                elif name == "paid":
                    rows[name] = scenario_simple("paid", args.subscribers, True, root, env)
                elif name == "big":
                    rows[name] = scenario_simple("big", args.big, True, root, env)
                elif name == "pg":
                    rows[name] = scenario_pg(args.pg_subscribers, root, env, args.pg_url)
            except Exception as exc:  # report it, kill what it left, go on with the next
                log(f"{name}: scenario failed:\n{traceback.format_exc()}")
                broken[name] = f"{type(exc).__name__}: {exc}"
                _kill_all()
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        _kill_all()
        if args.keep:
            log(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    print(table(list(rows.values())))
    print()
    floor = import_floor() if any(n in rows for n in ("free", "paid")) else None
    results = verdicts(rows, floor) + [f"FAIL scenario {name} did not complete: {why}"
                                for name, why in broken.items()]
    for result in results:
        print(result)
    sys.stdout.flush()
    return 1 if any(r.startswith("FAIL") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
