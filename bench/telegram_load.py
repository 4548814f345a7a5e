"""Capacity benchmark: three Telegram bots measured the same way, side by side, in one run.

    python bench/telegram_load.py [--rate 300] [--seconds 10] [--warmup 2] [--rounds 3]
                                  [--curve] [--systems typical-ptb,raw-aiohttp,backcare]
                                  [--keep-logs]

The systems (each a subprocess, started fresh for every measurement):

* typical-ptb: a typical python-telegram-bot 22 bot, `bench/floor_bot.py`: ApplicationBuilder
  defaults (httpx transport, updates handled one at a time), one MessageHandler with a fixed
  reply, run_polling;
* raw-aiohttp: `bench/raw_floor.py`, a raw aiohttp long-poll loop (getUpdates with offset and
  timeout, then one fixed sendMessage per message, concurrently, one ClientSession), no PTB:
  nothing can be cheaper;
* backcare: this bot, `python -m bot run`, with REPLY_RATE=1000 (its send pace; the default 25
  a second would cap it, not measure it), LOG_LEVEL=WARNING and a fresh SQLite database in a
  temp folder for every run.
Two more can be chosen with --systems to take the typical bot's cost apart: ptb-concurrent
(the same PTB bot with concurrent_updates(256)) and ptb-aiohttp (concurrent_updates(64) on the
project's aiohttp transport).

How it measures. The Bot API stand-in (`bot.testing.botapi.BotAPIStub`, 127.0.0.1 only) is
the same code for every system and belongs to none of them: it runs in this process's event
loop, a fresh one per run, while the bot is a subprocess, so on this two-core machine each has
a core (the stand-in and pacer use about 0.3 of theirs at 300/s: see the "stand-in" column).
Once the bot polls (its first getUpdates reached the stand-in), questions are pushed into the
stand-in at the rate, each from a new user in a new private chat, paced by absolute time
(question i is due at t0 + i/rate, so a late wake-up is caught up and the rate does not
drift). The first --warmup seconds are not measured (imports, first connections, caches), then
--seconds seconds are. A question's latency is from the moment its update became available
in the stand-in (`time.monotonic()` just before `push_update`) to the moment the bot's
sendMessage for that chat reached the stand-in (`SentMessage.time`, also `time.monotonic()` in
this process: one clock, no skew). So it covers the long-poll hand-off, the bot's whole
handling and its HTTP request back, not the real network to Telegram. After the last push
the benchmark waits up to 10 s for the rest; a question still unanswered then counts as
infinitely slow in the percentiles (a bot that drops or falls behind cannot look fast).

Rounds. The machine is shared and noisy, so the systems are measured in interleaved rounds
(round 1: A, B, C; round 2: A, B, C; ...): a slow minute hits every system, not one. Every
figure in a table is the median over the rounds of that figure (each metric on its own), and
the p95 of every round is shown too, so the spread can be read. --curve does the same for
each rate of 100, 200, 300, 500, 700 and 1000 questions a second (rounds interleaved within a
rate) and gives each system's capacity: the highest of those rates with p95 under 100 ms.

Other load. The machine is shared, and a system measured while something else holds a core
shares the remaining one with the stand-in and is starved (p95 grows tenfold for the bot).
So before each run the benchmark waits (up to --quiet-wait, 30 s) until the other processes
use under half a core, and a run during which they used half a core or more is thrown away
and measured again (up to --repeats times, 2; the "rounds" column counts the repeats). What
the others used during the kept run is still reported: read every row against it.

Memory: "RSS at load" is what the bot holds resident at the end of the measured window
(VmRSS from /proc/<pid>/status, read before SIGTERM): the memory the issue's target is about,
and the figure checked against it. "Peak RSS" is the high-water mark of the bot process,
start-up's parsing included, `ru_maxrss` from `os.wait4()` once it has exited after SIGTERM
(VmHWM from /proc/<pid>/status just before, on stderr, cross-checks it).
The bots are started by a small helper process (`Spawner`), because on Linux a child's
ru_maxrss starts at its parent's resident size: forked by this process, every bot would
report at least the benchmark's own 50 to 80 MB.

CPU: the bot's user+system CPU time over the measured window (from /proc/<pid>/stat) divided
by the questions in it; "bot cores" is that time over the window: a Python bot runs on one
thread, so near 1.0 it is saturated and its queue (and latency) grows with every second of
load. "stand-in" is this process's CPU (stand-in and pacer) in cores, "other load" the CPU
other processes on the machine used meanwhile, in cores (2 in all).

Answers. For the backcare rows every reply text the stand-in received is checked against
`python -m bot ask --json` for the same question (run once per distinct question before the
load): the mismatches must be 0, so a fast bot cannot be fast by answering something else.

Why the typical PTB bot saturates here. On this machine its default stack costs 3.9 to 4.7
ms of CPU a question (httpx/httpcore plumbing for getUpdates and for each sendMessage, PTB's
parsing of each update and of each sendMessage answer), so 300 a second needs 1.2 to 1.4
cores, more than its one Python thread has: the backlog grows for the whole run and p95 is
in seconds even on a quiet machine (3.6 s in the quietest round). The raw loop needs about 1
ms. It is not the stand-in (its own core, about 0.3 of it used) nor the log level (WARNING
for all; at INFO PTB logs nothing per update and the example mutes httpx). What made it
worse before: other processes on this shared machine holding a core during a run (hence the
wait and the repeats), and rows measured one after the other instead of interleaved. The
cost is the httpx transport, not PTB's handling: ptb-aiohttp (same PTB bot, aiohttp
transport, 64 updates at once) took 1.8 ms a question and answered 300/s with p95 6 ms,
while ptb-concurrent (httpx with 256 updates at once) was worse than the defaults, 9 ms a
question and 63 answered a second (one run each, at 300/s, with a core of other load). A
detail of this environment: httpcore 1.0 tries `import sniffio` on every request and sniffio
is not installed (nothing in httpx's requirements pulls it in any more), so each request
pays a failed import that scans sys.path (about 85 us, some 2 a question): what a fresh `pip
install python-telegram-bot` gets too, so it stays. The issue's figures (typical PTB 51/95
ms p50/p95 at 300/s) presumably come from a machine where those 4 ms are under 3.3 ms; the
ratios between rows are what to compare, as the verdict line does: the backcare bot's p95 at
most 2 x the raw loop's and at most 0.5 x the typical PTB bot's at 300/s, its capacity at
least 2 x the typical PTB bot's (needs --curve), RSS under 100 MB, 0 answer mismatches.

Progress goes to stderr; the markdown tables and the verdict line go to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import math
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.testing.botapi import DEFAULT_TOKEN, BotAPIStub, text_update  # noqa: E402

CURVE_RATES = (100.0, 200.0, 300.0, 500.0, 700.0, 1000.0)
CAPACITY_P95_MS = 100.0  # capacity: the highest rate with p95 under this
VERDICT_RATE = 300.0  # the targets are at 300 questions a second
TARGET_VS_RAW = 2.0  # bot p95 <= 2 x the raw loop's
TARGET_VS_PTB = 0.5  # bot p95 <= 0.5 x the typical PTB bot's
TARGET_CAPACITY_VS_PTB = 2.0  # bot capacity >= 2 x the typical PTB bot's
TARGET_RSS_MB = 100.0

STARTUP_TIMEOUT = 60.0  # until the first getUpdates
DRAIN_TIMEOUT = 10.0  # after the last push, for the remaining replies
EXIT_TIMEOUT = 20.0  # after SIGTERM, before SIGKILL
ASK_TIMEOUT = 120.0
QUIET_CORES = 0.5  # before a run, wait (up to --quiet-wait s) until other load is below this
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class System:
    key: str
    label: str
    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    default: bool = True  # measured unless --systems says otherwise


SYSTEMS = (
    System("typical-ptb", "typical PTB bot (ApplicationBuilder defaults, fixed reply)",
           (sys.executable, "bench/floor_bot.py")),
    System("raw-aiohttp", "raw aiohttp long-poll loop (fixed reply)",
           (sys.executable, "bench/raw_floor.py")),
    System("backcare", "this bot (python -m bot run)",
           (sys.executable, "-m", "bot", "run"), (("REPLY_RATE", "1000"),)),
    System("ptb-concurrent", "PTB defaults + concurrent_updates(256)",
           (sys.executable, "bench/floor_bot.py", "--concurrent", "256"), default=False),
    System("ptb-aiohttp", "PTB + aiohttp transport + concurrent_updates(64)",
           (sys.executable, "bench/floor_bot.py", "--aiohttp", "--concurrent", "64"),
           default=False),
)

# What people ask a back-care campaign bot, in their own words (typos and all), plus a few
# things it does not cover. None is a red flag, a command or a stop word: each is one
# ordinary answer.
QUESTIONS = (
    "what is acupuncture exactly?",
    "does acupuncture actually work for lower back pain",
    "is acupuncture safe? i'm a bit scared of needles",
    "how many acupuncture sessions would I need for my back",
    "does acupuncture hurt",
    "what happens at a first acupuncture appointment",
    "can acupuncture help with sciatica down my left leg",
    "where do they put the needles for back pain?",
    "is acupuncture available on the NHS for back problems",
    "how do I find a qualified acupuncturist near me",
    "what causes lower back pain in the first place",
    "my lower back has been aching for a week after gardening, what should I do",
    "I get a stiff upper back between my shoulder blades from sitting at a desk all day",
    "what is sciatica and why does it make my leg hurt",
    "sciatica pain in my bum and thigh, how long does it usually last",
    "how can I stop my back pain coming back",
    "best exercises to keep my back healthy?",
    "should i rest in bed when my back goes or keep moving",
    "is heat or ice better for a sore back",
    "when should I see a GP about back pain",
    "can I have acupuncture while pregnant? my back is killing me",
    "back pain in pregnancy, what helps",
    "will acupuncture cure my back pain for good",
    "how much does back pain cost the UK economy",
    "what is back care awareness week",
    "acupunture for a bad back, worth it?",
    "are there any side effects of acupuncture",
    "what's the evidence for acupuncture for chronic back pain",
    "can slipped discs cause sciatica",
    "does sitting all day cause back ache",
    "who are you and what can you help with",
    "thanks, that was really helpful",
    # out of scope
    "can you recommend a good pizza place in Leeds",
    "what's the weather going to be like tomorrow",
    "how do I reset my broadband router",
    "what channel is the snooker on tonight",
)
FIRST_NAMES = ("Alex", "Sam", "Priya", "Tom", "Aisha", "Gareth", "Mei", "Joanne", "Kwame", "Ruth")


@dataclass
class Result:
    system: System
    rate: float
    round: int
    sent: int = 0
    answered: int = 0
    latencies_ms: list[float] = field(default_factory=list)  # inf = unanswered
    answer_rate: float = 0.0
    cpu_ms_per_question: float | None = None
    bot_cores: float | None = None
    bench_cores: float | None = None  # this process: stand-in and pacer
    other_cores: float | None = None  # other processes on the machine meanwhile
    maxrss_mb: float | None = None
    vmhwm_mb: float | None = None  # /proc/<pid>/status VmHWM just before SIGTERM: a cross-check
    vmrss_mb: float | None = None  # VmRSS then: what the bot holds at the end of the load
    exit_s: float | None = None
    exit_note: str = ""
    extra_sends: int = 0
    replies_checked: int = 0
    mismatches: int | None = None  # None: not checked (not the backcare bot)
    pacer_lag_p99_ms: float = 0.0
    log_errors: int = 0
    error: str | None = None
    repeated: int = 0  # measurements thrown away first because of other load

    @property
    def unanswered(self) -> int:
        return self.sent - self.answered

    def pct(self, q: float) -> float:
        return percentile(self.latencies_ms, q)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); inf values sort last."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------ process


def proc_cpu_seconds(pid: int) -> float | None:
    """utime + stime of a live process, in seconds."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # fields 14 and 15 of stat(5)


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (/proc/stat: everything but idle, iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / CLK_TCK


def self_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def proc_status_kb(pid: int, field: str) -> int | None:
    """A kB figure of /proc/<pid>/status: VmHWM (the peak so far) or VmRSS (resident now)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


# The bots are started by this small helper process, not by the benchmark itself: on Linux a
# child's ru_maxrss starts at its parent's resident size (fork copies it, exec records the
# old address space's peak), so a bot forked by this process (the stand-in's records, 50-80
# MB by the later rounds) would report the benchmark's peak, not its own. The helper stays
# near 10 MB, below any Python bot, so ru_maxrss from its wait4() is the bot's own peak.
SPAWNER = r"""
import json, os, sys
for line in sys.stdin:
    req = json.loads(line)
    if req["op"] == "spawn":
        log = os.open(req["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        pid = os.fork()
        if pid == 0:
            try:
                os.chdir(req["cwd"])
                os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
                os.dup2(log, 1)
                os.dup2(log, 2)
                os.execve(req["argv"][0], req["argv"], req["env"])
            finally:
                os._exit(127)
        os.close(log)
        answer = {"pid": pid}
    else:
        pid, status, usage = os.wait4(req["pid"], 0)
        answer = {"status": status, "maxrss_kb": usage.ru_maxrss}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
"""


class Spawner:
    """Starts and reaps the bots (see SPAWNER); one per benchmark run."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-S", "-c", SPAWNER],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def _ask(self, request: dict[str, object]) -> dict[str, int]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the spawner process died")
        return json.loads(line)

    def spawn(self, argv: tuple[str, ...], env: dict[str, str], log: Path) -> int:
        return self._ask({"op": "spawn", "argv": list(argv), "env": env, "cwd": str(ROOT),
                          "log": str(log)})["pid"]

    def reap(self, pid: int) -> tuple[int, int]:
        """(wait status, ru_maxrss in kB) of an exited (or about to exit) child."""
        answer = self._ask({"op": "wait", "pid": pid})
        return answer["status"], answer["maxrss_kb"]

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)


def proc_state(pid: int) -> str | None:
    """The state letter of /proc/<pid>/stat ("Z" for an exited, unreaped child), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2]


class BotProcess:
    """The system under test, started and reaped by the `Spawner` (for its own ru_maxrss)."""

    def __init__(self, spawner: Spawner, argv: tuple[str, ...], env: dict[str, str],
                 log_path: Path) -> None:
        self.spawner = spawner
        self.log_path = log_path
        self.pid = spawner.spawn(argv, env, log_path)
        self.status: int | None = None
        self.returncode: int | None = None
        self.maxrss_kb: int | None = None

    def _reap(self) -> None:
        self.status, self.maxrss_kb = self.spawner.reap(self.pid)
        self.returncode = os.waitstatus_to_exitcode(self.status)

    def poll(self) -> bool:
        """True once the process has exited (and was reaped)."""
        if self.status is not None:
            return True
        if proc_state(self.pid) in ("Z", "X", None):
            self._reap()
            return True
        return False

    async def terminate(self, timeout: float = EXIT_TIMEOUT) -> tuple[float, str]:
        """SIGTERM, wait (keeping the event loop, and so the stub, running) up to `timeout`,
        then SIGKILL. Returns (seconds to exit, note)."""
        if self.poll():
            return 0.0, "had already exited"
        start = time.monotonic()
        os.kill(self.pid, signal.SIGTERM)
        while time.monotonic() - start < timeout:
            if self.poll():
                return time.monotonic() - start, ""
            await asyncio.sleep(0.005)
        self.kill()
        return time.monotonic() - start, f"SIGKILLed after {timeout:.0f} s"

    def kill(self) -> None:
        if self.status is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self._reap()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_error_count(self) -> int:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return 0
        return sum(1 for line in text.splitlines()
                   if " ERROR " in line or " CRITICAL " in line or line.startswith("Traceback"))


# ------------------------------------------------------------------------------ expected answers


def expected_answers(workdir: Path) -> dict[str, str]:
    """question -> the reply text `python -m bot ask --json` gives, one ask per question."""
    env = bot_env(workdir / "ask.sqlite3", "http://127.0.0.1:9/bot")
    proc = subprocess.run([sys.executable, "-m", "bot", "ask", "--json"], cwd=ROOT, env=env,
                          input="".join(q + "\n" for q in QUESTIONS), capture_output=True,
                          text=True, timeout=ASK_TIMEOUT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"`python -m bot ask --json` exited {proc.returncode}: "
                           f"{proc.stderr.strip()[-500:]}")
    answers = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            item = json.loads(line)
            answers[item["question"]] = item["text"]
    missing = [q for q in QUESTIONS if q not in answers]
    if missing:
        raise RuntimeError(f"`python -m bot ask --json` gave no answer to {missing}")
    return answers


def bot_env(database: Path, base_url: str, extra: tuple[tuple[str, str], ...] = ()
            ) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("WEBHOOK_URL", "WEBHOOK_SECRET", "ADMIN_IDS", "PORT", "REPLY_RATE"):
        env.pop(name, None)
    env.update(TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN, TELEGRAM_BASE_URL=base_url,
               DATABASE_URL=f"sqlite:///{database}", LOG_LEVEL="WARNING",
               PTB_TIMEDELTA="true", PYTHONUNBUFFERED="1")
    env.update(dict(extra))
    return env


# ------------------------------------------------------------------------------ one run


async def wait_until_polling(stub: BotAPIStub, bot: BotProcess) -> float:
    start = time.monotonic()
    while stub.method_counts["getUpdates"] == 0:
        if bot.poll():
            raise RuntimeError(f"exited with status {bot.returncode} before polling")
        if time.monotonic() - start > STARTUP_TIMEOUT:
            raise RuntimeError(f"no getUpdates within {STARTUP_TIMEOUT:.0f} s")
        await asyncio.sleep(0.01)
    return time.monotonic() - start


async def wait_for_quiet(max_wait: float) -> tuple[float, float]:
    """Wait until the rest of the machine uses under QUIET_CORES for a second, or max_wait
    seconds have passed. Returns (seconds waited, other load in cores in the last second)."""
    start = time.monotonic()
    while True:
        machine, own = machine_busy_seconds(), self_cpu_seconds()
        await asyncio.sleep(1.0)
        other = (machine_busy_seconds() - machine) - (self_cpu_seconds() - own)
        waited = time.monotonic() - start
        if other < QUIET_CORES or waited >= max_wait:
            return waited, max(0.0, other)


async def run_system(system: System, run_index: int, rate: float, round_no: int,
                     args: argparse.Namespace, workdir: Path,
                     expected: dict[str, str] | None) -> Result:
    """One measurement of one system at one rate, with a fresh stand-in and a fresh bot."""
    result = Result(system, rate, round_no)
    name = f"{system.key}@{rate:g}/s#{round_no}"
    n_warm = round(args.warmup * rate)
    n_meas = round(args.seconds * rate)
    first_uid = 10_000_000 * (run_index + 1)  # positive, distinct per run and per question
    question_of: dict[int, str] = {}
    updates = []
    for i in range(n_warm + n_meas):
        uid = first_uid + i
        question_of[uid] = QUESTIONS[i % len(QUESTIONS)]
        updates.append(text_update(question_of[uid], chat_id=uid,
                                   first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                                   username=f"u{uid}"))
    measured_ids = range(first_uid + n_warm, first_uid + n_warm + n_meas)

    if args.quiet_wait > 0:
        waited, other = await wait_for_quiet(args.quiet_wait)
        if waited > 1.5:
            progress(f"{name}: waited {waited:.0f} s for a quieter machine (other load now "
                     f"{other:.2f} cores)")
    stub = BotAPIStub(DEFAULT_TOKEN)
    await stub.start(host="127.0.0.1")
    bot: BotProcess | None = None
    tag = f"{system.key}-{rate:g}-r{round_no}"
    try:
        env = bot_env(workdir / f"{tag}.sqlite3", stub.base_url, system.env)
        bot = BotProcess(args.spawner, system.argv, env, workdir / f"{tag}.log")
        startup = await wait_until_polling(stub, bot)
        progress(f"{name}: pid {bot.pid} polling after {startup:.2f} s; warm-up "
                 f"{args.warmup:g} s, then {args.seconds:g} s measured")

        # -- push, paced by absolute time
        push_time: dict[int, float] = {}
        lags: list[float] = []
        interval = 1.0 / rate
        t0 = time.monotonic() + 0.005
        cpu_start: float | None = None
        self_start = machine_start = window_start = 0.0
        for i, update in enumerate(updates):
            if i == n_warm:
                cpu_start = proc_cpu_seconds(bot.pid)
                self_start, machine_start = self_cpu_seconds(), machine_busy_seconds()
                window_start = time.monotonic()
            due = t0 + i * interval
            now = time.monotonic()
            if due > now:
                await asyncio.sleep(due - now)
            else:
                await asyncio.sleep(0)  # behind schedule: catch up, but let the stub serve
            now = time.monotonic()
            stub.push_update(update)
            push_time[first_uid + i] = now
            lags.append(now - due)
            if bot.status is None and i % 500 == 0 and bot.poll():
                raise RuntimeError(f"exited with status {bot.returncode} under load")
        last_push = time.monotonic()
        result.pacer_lag_p99_ms = percentile(lags, 99) * 1000

        # -- collect replies (first sendMessage per chat) until all are in or time is up
        first_reply: dict[int, float] = {}
        seen = 0
        measured_answered = 0
        measured_set = set(measured_ids)

        def collect() -> None:
            nonlocal seen, measured_answered
            sent = stub.sent
            for message in sent[seen:]:
                chat_id = message.chat_id
                if chat_id in first_reply or chat_id not in push_time:
                    continue
                first_reply[chat_id] = message.time
                if chat_id in measured_set:
                    measured_answered += 1
            seen = len(sent)

        while True:
            collect()
            if measured_answered == n_meas or time.monotonic() - last_push > DRAIN_TIMEOUT:
                break
            await asyncio.sleep(0.02)
        cpu_end = proc_cpu_seconds(bot.pid)
        self_used = self_cpu_seconds() - self_start
        machine_used = machine_busy_seconds() - machine_start
        window = time.monotonic() - window_start
        hwm = proc_status_kb(bot.pid, "VmHWM")
        result.vmhwm_mb = hwm / 1024 if hwm is not None else None
        held = proc_status_kb(bot.pid, "VmRSS")
        result.vmrss_mb = held / 1024 if held is not None else None

        # -- stop it: SIGTERM, time the exit, take ru_maxrss from wait4
        exit_s, note = await bot.terminate()
        collect()  # anything sent while shutting down does not count as answered in time...
        result.exit_s, result.exit_note = exit_s, note
        if bot.maxrss_kb is not None:
            result.maxrss_mb = bot.maxrss_kb / 1024

        # -- figures
        deadline = last_push + DRAIN_TIMEOUT
        result.sent = n_meas
        latencies = []
        answer_times = []
        for uid in measured_ids:
            reply = first_reply.get(uid)
            if reply is None or reply > deadline:  # ...nor does a reply after the deadline
                latencies.append(math.inf)
            else:
                latencies.append((reply - push_time[uid]) * 1000)
                answer_times.append(reply)
        result.latencies_ms = latencies
        result.answered = len(answer_times)
        first_measured = push_time[measured_ids[0]]
        if answer_times:
            span = max(answer_times) - first_measured
            result.answer_rate = len(answer_times) / span if span > 0 else 0.0
        if cpu_start is not None and cpu_end is not None and n_meas:
            bot_used = cpu_end - cpu_start
            result.cpu_ms_per_question = bot_used * 1000 / n_meas
            result.bot_cores = bot_used / window
            result.bench_cores = self_used / window
            result.other_cores = max(0.0, machine_used - bot_used - self_used) / window
        result.extra_sends = len(stub.sent) - len(first_reply)
        if expected is not None:
            check_answers(result, stub, question_of, expected, name)
        result.log_errors = bot.log_error_count()
        progress(f"{name}: p50 {fmt_ms(result.pct(50))} p95 {fmt_ms(result.pct(95))} ms, "
                 f"{result.unanswered} unanswered, bot {fmt_opt(result.bot_cores, '.2f')} "
                 f"cores ({fmt_opt(result.cpu_ms_per_question, '.2f')} ms a question), "
                 f"stand-in {fmt_opt(result.bench_cores, '.2f')}, other "
                 f"{fmt_opt(result.other_cores, '.2f')}; pacer lag p99 "
                 f"{result.pacer_lag_p99_ms:.1f} ms; RSS {fmt_opt(result.maxrss_mb)} MB "
                 f"(VmHWM {fmt_opt(result.vmhwm_mb)}); "
                 f"exit {exit_s:.2f} s{', ' + note if note else ''}")
        if result.extra_sends or result.log_errors:
            progress(f"{name}: {result.extra_sends} sendMessage calls beyond one per "
                     f"question, {result.log_errors} error lines in its log ({bot.log_path})")
        return result
    except Exception as exc:
        result.error = str(exc)
        progress(f"{name}: FAILED: {exc}")
        if bot is not None:
            tail = bot.log_tail()
            if tail:
                progress(f"{name}: last lines of {bot.log_path}:\n{tail}")
        return result
    finally:
        if bot is not None:
            bot.kill()  # no-op when it was reaped already
        await stub.stop()


def check_answers(result: Result, stub: BotAPIStub, question_of: dict[int, str],
                  expected: dict[str, str], name: str) -> None:
    """Every text sent to a question's chat must be `ask --json`'s answer to that question."""
    checked = mismatches = 0
    for message in stub.sent:
        question = question_of.get(message.chat_id)  # type: ignore[arg-type]
        if question is None:
            continue
        checked += 1
        if message.text != expected[question]:
            mismatches += 1
            if mismatches <= 3:
                progress(f"{name}: MISMATCH for {question!r}: sent {message.text[:120]!r}, "
                         f"ask gives {expected[question][:120]!r}")
    result.replies_checked, result.mismatches = checked, mismatches


# ------------------------------------------------------------------------------ report


def fmt_ms(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if math.isinf(value):
        return "inf"
    return f"{value:.1f}" if value < 1000 else f"{value:.0f}"


def fmt_opt(value: float | None, spec: str = ".1f") -> str:
    return "n/a" if value is None or math.isnan(value) else format(value, spec)


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


@dataclass
class Summary:
    """One system at one rate: the median over its rounds of each metric."""

    system: System
    rate: float
    runs: list[Result]

    @property
    def ok(self) -> list[Result]:
        return [r for r in self.runs if r.error is None]

    def med(self, metric: str) -> float | None:
        values: list[float | None] = []
        for r in self.ok:
            if metric.startswith("p"):
                values.append(r.pct(float(metric[1:])))
            else:
                values.append(getattr(r, metric))
        return median(values)

    @property
    def p95(self) -> float:
        value = self.med("p95")
        return math.inf if value is None else value  # every round failed: no answer at all

    @property
    def mismatches(self) -> int | None:
        counts = [r.mismatches for r in self.ok if r.mismatches is not None]
        return sum(counts) if counts else None


def busy(result: Result) -> bool:
    """Other processes used QUIET_CORES or more during this (kept) run."""
    return result.other_cores is not None and result.other_cores >= QUIET_CORES


def rate_table(summaries: list[Summary]) -> str:
    head = ("system", "rounds", "p50 ms", "p95 ms", "p99 ms", "p95 by round", "unanswered",
            "answered/s", "bot CPU ms/question", "bot cores", "RSS at load MB", "peak RSS MB",
            "stand-in cores",
            "other load cores", "answers checked / mismatches")
    rows = ["| " + " | ".join(head) + " |",
            "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for s in summaries:
        failed = [r for r in s.runs if r.error is not None]
        repeats = sum(r.repeated for r in s.runs)
        rounds = f"{len(s.ok)}" + (f" ({len(failed)} failed)" if failed else "") + (
            f" ({repeats} repeated)" if repeats else "")
        if not s.ok:
            rows.append(f"| {s.system.label} | 0 (failed: {failed[0].error}) |"
                        + " |" * (len(head) - 2))
            continue
        if s.mismatches is None:
            check = "n/a"
        else:
            check = f"{sum(r.replies_checked for r in s.ok)} / {s.mismatches}"
        rows.append("| " + " | ".join((
            s.system.label, rounds, fmt_ms(s.med("p50") or math.nan), fmt_ms(s.p95),
            fmt_ms(s.med("p99") or math.nan),
            ", ".join(fmt_ms(r.pct(95)) + ("*" if busy(r) else "") for r in s.ok),
            fmt_opt(s.med("unanswered"), ".0f"), fmt_opt(s.med("answer_rate")),
            fmt_opt(s.med("cpu_ms_per_question"), ".2f"), fmt_opt(s.med("bot_cores"), ".2f"),
            fmt_opt(s.med("vmrss_mb")), fmt_opt(s.med("maxrss_mb")),
            fmt_opt(s.med("bench_cores"), ".2f"),
            fmt_opt(s.med("other_cores"), ".2f"), check)) + " |")
    return "\n".join(rows)


def capacity(by_rate: dict[float, Summary]) -> float:
    """The highest measured rate with median p95 under CAPACITY_P95_MS (0: none)."""
    good = [rate for rate, s in by_rate.items() if s.p95 < CAPACITY_P95_MS]
    return max(good, default=0.0)


def curve_table(summaries: dict[str, dict[float, Summary]], rates: list[float]) -> str:
    head = ["system"] + [f"p95 ms at {r:g}/s" for r in rates] + \
        [f"capacity (p95 < {CAPACITY_P95_MS:g} ms)"]
    rows = ["| " + " | ".join(head) + " |",
            "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for by_rate in summaries.values():
        label = next(iter(by_rate.values())).system.label
        cap = capacity(by_rate)
        rows.append("| " + " | ".join(
            [label] + [fmt_ms(by_rate[r].p95) for r in rates]
            + [f"{cap:g}/s" if cap else f"< {min(rates):g}/s"]) + " |")
    return "\n".join(rows)


def ratio(a: float, b: float) -> float:
    if math.isinf(a):
        return math.inf
    if math.isinf(b):
        return 0.0
    return a / b if b > 0 else math.inf


def verdict(summaries: dict[str, dict[float, Summary]], rate: float, curve: bool) -> str:
    by_key = {key: by_rate.get(rate) for key, by_rate in summaries.items()}
    bot = by_key.get("backcare")
    if bot is None or not bot.ok:
        return "verdict: no backcare measurement"
    checks: list[tuple[bool | None, str]] = []
    for key, name, target in (("raw-aiohttp", "raw", TARGET_VS_RAW),
                              ("typical-ptb", "typical PTB", TARGET_VS_PTB)):
        other = by_key.get(key)
        if other is None or not other.ok:
            checks.append((None, f"bot p95 / {name} p95: {name} not measured"))
            continue
        r = ratio(bot.p95, other.p95)
        checks.append((r <= target, f"bot p95 / {name} p95 at {rate:g}/s = "
                       f"{fmt_ms(bot.p95)}/{fmt_ms(other.p95)} = {fmt_opt(r, '.2f')} "
                       f"(target <= {target:g})"))
    if curve and "typical-ptb" in summaries:
        bot_cap, ptb_cap = capacity(summaries["backcare"]), capacity(summaries["typical-ptb"])
        top = max(summaries["backcare"])
        if ptb_cap * TARGET_CAPACITY_VS_PTB > top and bot_cap == top:
            checks.append((None, f"capacity: bot >= {top:g}/s, PTB {ptb_cap:g}/s (2 x PTB "
                           "is above the top of the curve)"))
        else:
            r = ratio(bot_cap, ptb_cap) if ptb_cap else (math.inf if bot_cap else 0.0)
            checks.append((bot_cap > 0 and bot_cap >= TARGET_CAPACITY_VS_PTB * ptb_cap,
                           f"capacity bot / typical PTB = {bot_cap:g}/{ptb_cap:g} = "
                           f"{fmt_opt(r, '.2f')} (target >= {TARGET_CAPACITY_VS_PTB:g})"))
    else:
        checks.append((None, "capacity: not measured (run with --curve)"))
    rss, peak = bot.med("vmrss_mb"), bot.med("maxrss_mb")
    checks.append((rss is not None and rss < TARGET_RSS_MB,
                   f"bot RSS at load {fmt_opt(rss)} MB (target < {TARGET_RSS_MB:g}; peak, "
                   f"start-up included, {fmt_opt(peak)} MB)"))
    mism = bot.mismatches
    checks.append((mism == 0, f"answer mismatches {mism} (target 0)"))
    parts = [f"{text}: {'n/a' if ok is None else 'yes' if ok else 'NO'}" for ok, text in checks]
    overall = "MET" if all(ok for ok, _ in checks) else (
        "NOT MET" if any(ok is False for ok, _ in checks) else "INCOMPLETE")
    return f"verdict: backcare targets {overall}: " + "; ".join(parts)


# ------------------------------------------------------------------------------ main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=VERDICT_RATE,
                        help=f"questions a second ({VERDICT_RATE:g}); ignored with --curve")
    parser.add_argument("--curve", action="store_true",
                        help="every rate of " + ", ".join(f"{r:g}" for r in CURVE_RATES))
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds (10)")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="unmeasured seconds at the same rate first (2)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="interleaved rounds per rate; figures are medians (3)")
    keys = [s.key for s in SYSTEMS]
    parser.add_argument("--systems", default=",".join(s.key for s in SYSTEMS if s.default),
                        help="comma-separated, from: " + ", ".join(keys))
    parser.add_argument("--quiet-wait", type=float, default=30.0,
                        help="before each run, wait up to this many seconds for the rest of "
                             f"the machine to use under {QUIET_CORES:g} cores (30; 0: no wait)")
    parser.add_argument("--repeats", type=int, default=2,
                        help="measure a run again, up to this many times, when other "
                             f"processes used {QUIET_CORES:g} cores or more during it (2)")
    parser.add_argument("--keep-logs", action="store_true",
                        help="keep the temp folder with the bots' logs and databases")
    args = parser.parse_args(argv)
    if args.rate <= 0 or args.seconds <= 0 or args.rounds < 1:
        parser.error("--rate, --seconds and --rounds must be positive")
    if args.warmup < 0 or args.repeats < 0 or args.quiet_wait < 0:
        parser.error("--warmup, --repeats and --quiet-wait must not be negative")
    if args.seconds * args.rate < 1:
        parser.error("--seconds x --rate must be at least one question")
    chosen = [k.strip() for k in args.systems.split(",") if k.strip()]
    unknown = set(chosen) - set(keys)
    if unknown or not chosen:
        parser.error(f"unknown systems {sorted(unknown)}; choose from " + ", ".join(keys))
    args.selected = [s for s in SYSTEMS if s.key in chosen]
    args.rates = list(CURVE_RATES) if args.curve else [args.rate]
    return args


async def amain(args: argparse.Namespace, workdir: Path,
                expected: dict[str, str] | None) -> dict[str, dict[float, Summary]]:
    summaries: dict[str, dict[float, Summary]] = {s.key: {} for s in args.selected}
    run_index = 0
    for rate in args.rates:
        for round_no in range(1, args.rounds + 1):
            progress(f"=== {rate:g}/s, round {round_no} of {args.rounds}")
            for system in args.selected:
                check = expected if system.key == "backcare" else None
                for attempt in range(args.repeats + 1):
                    result = await run_system(system, run_index, rate, round_no, args,
                                              workdir, check)
                    run_index += 1
                    result.repeated = attempt
                    if result.other_cores is None or result.other_cores < QUIET_CORES:
                        break
                    if attempt < args.repeats:
                        progress(f"{system.key}@{rate:g}/s#{round_no}: other processes used "
                                 f"{result.other_cores:.2f} cores meanwhile: measuring again")
                summaries[system.key].setdefault(rate, Summary(system, rate, [])) \
                    .runs.append(result)
    return summaries


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    workdir = Path(tempfile.mkdtemp(prefix="telegram_load-"))
    progress(f"rates {', '.join(f'{r:g}' for r in args.rates)}/s, {args.rounds} interleaved "
             f"round(s), {args.seconds:g} s measured after {args.warmup:g} s warm-up; "
             f"{os.cpu_count()} CPUs, load average "
             f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; logs in {workdir}")
    # SIGTERM as Ctrl-C: asyncio.run then cancels the runs, whose `finally` stops their bot.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    args.spawner = Spawner()
    try:
        expected = None
        if any(s.key == "backcare" for s in args.selected):
            expected = expected_answers(workdir)
            progress(f"expected answers: `python -m bot ask --json` for {len(expected)} "
                     "distinct questions")
        summaries = asyncio.run(amain(args, workdir, expected))
    finally:
        args.spawner.close()
        if args.keep_logs:
            progress(f"logs and databases kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    for rate in args.rates:
        print(f"### {rate:g} questions a second, {args.seconds:g} s measured, median of "
              f"{args.rounds} interleaved round(s)\n")
        rows = [by_rate[rate] for by_rate in summaries.values()]
        print(rate_table(rows))
        print()
        if any(busy(r) for s in rows for r in s.ok):
            print(f"(* in \"p95 by round\": other processes used {QUIET_CORES:g} cores or "
                  "more during that run, still so after the repeats)\n")
    if args.curve:
        print(f"### Capacity curve: p95 by rate (median of {args.rounds} round(s))\n")
        print(curve_table(summaries, args.rates))
        print()
    verdict_rate = VERDICT_RATE if VERDICT_RATE in args.rates else args.rates[0]
    print(verdict(summaries, verdict_rate, args.curve))
    failed = any(r.error is not None for by_rate in summaries.values()
                 for s in by_rate.values() for r in s.runs)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
