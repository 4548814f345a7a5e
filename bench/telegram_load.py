"""Load benchmark: how fast does the bot answer Telegram messages, and in how much memory?

    python bench/telegram_load.py [--rate 300] [--seconds 10] [--warmup 2]
                                  [--systems floor-httpx,floor-aiohttp,backcare] [--keep-logs]

Three systems run one after the other, each against a fresh local Bot API stand-in
(`bot.testing.botapi.BotAPIStub`, on 127.0.0.1 only):

1. floor: a minimal python-telegram-bot echo bot as `ApplicationBuilder()` makes it (httpx
   transport, one update at a time): `bench/floor_bot.py`;
2. floor: the same echo bot on the project's aiohttp transport with 64 concurrent updates
   (`bench/floor_bot.py --aiohttp`), i.e. the plumbing `python -m bot run` uses;
3. the backcare bot itself, `python -m bot run` (fresh SQLite database in a temp folder).

How it measures. The stub runs in this process's event loop; the bot is a subprocess, so on a
two-core machine each has a core. Once the bot polls (its first getUpdates reaches the stub),
questions are pushed into the stub at `--rate` per second, each from a new user in a new
private chat, paced by absolute time (question i is due at t0 + i/rate, so a late wake-up is
caught up and the rate does not drift). The first `--warmup` seconds are not measured (imports,
first connections, caches), then `--seconds` seconds are. A question's latency is from the
moment its update became available in the stub (`time.monotonic()` just before `push_update`)
to the moment the bot's sendMessage for that chat reached the stub (`SentMessage.time`, also
`time.monotonic()` in this process: one clock, no skew; taken once the stub has read and
checked the request). So it covers the long-poll hand-off, the bot's whole handling and its
HTTP request back, but not the real network to Telegram.
After the last push the benchmark waits up to 10 s for the rest; a question still unanswered
then counts as infinitely slow in the percentiles (so a bot that drops or falls behind cannot
look fast) and in the unanswered column.

Memory: the peak resident set of the bot process, from the kernel's own accounting:
`ru_maxrss` that `os.wait4()` returns when the process has exited after SIGTERM (how long that
exit took is reported too), cross-checked with `VmHWM` from /proc/<pid>/status read just
before the SIGTERM. CPU: the bot's user+system CPU time over the measured window (from
/proc/<pid>/stat) divided by the questions in it; at R questions a second, a bot needs
R x (ms per question) / 1000 of a core, so near 1 means it is saturated. "other load" is the
CPU that other processes on the machine used meanwhile (/proc/stat busy time less the bot's
and this process's), in cores: read every row against it (two cores in all). Progress lines
on stderr also give this process's own CPU and how late the pacer pushed (if that lag is large,
the stub side was starved too and latencies include it).

Why like this. The machine is shared and noisy, so single timings mean little: the table gives
percentiles over thousands of questions, and every run uses the same method, the same question
mix and the same pacing, with the two floors measured in the same run as the bot, so a slow
machine moves all three rows together and the gap between them is what the bot itself costs.
Progress goes to stderr; the markdown table and the verdict line go to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.testing.botapi import DEFAULT_TOKEN, BotAPIStub, text_update  # noqa: E402

# Targets the backcare bot must meet (the verdict line).
TARGET_P95_MS = 40.0
TARGET_RSS_MB = 100.0

STARTUP_TIMEOUT = 60.0  # until the first getUpdates
DRAIN_TIMEOUT = 10.0  # after the last push, for the remaining replies
EXIT_TIMEOUT = 20.0  # after SIGTERM, before SIGKILL
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class System:
    key: str
    label: str
    argv: tuple[str, ...]


SYSTEMS = (
    System("floor-httpx", "floor: minimal PTB echo bot (default httpx transport)",
           (sys.executable, "bench/floor_bot.py")),
    System("floor-aiohttp", "floor: minimal PTB echo bot (aiohttp transport)",
           (sys.executable, "bench/floor_bot.py", "--aiohttp")),
    System("backcare", "backcare bot (python -m bot run)",
           (sys.executable, "-m", "bot", "run")),
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
    "who won the football last night",
)
FIRST_NAMES = ("Alex", "Sam", "Priya", "Tom", "Aisha", "Gareth", "Mei", "Joanne", "Kwame", "Ruth")


@dataclass
class Result:
    system: System
    sent: int = 0
    answered: int = 0
    latencies_ms: list[float] = field(default_factory=list)  # inf = unanswered
    push_rate: float = 0.0
    answer_rate: float = 0.0
    cpu_ms_per_question: float | None = None
    maxrss_mb: float | None = None
    vmhwm_mb: float | None = None
    exit_s: float | None = None
    exit_note: str = ""
    extra_sends: int = 0
    pacer_lag_p99_ms: float = 0.0
    other_cores: float | None = None  # CPU used by other processes on the machine meanwhile
    log_errors: int = 0
    error: str | None = None

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


def proc_vmhwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


class BotProcess:
    """The system under test as a subprocess that this benchmark reaps itself (for rusage)."""

    def __init__(self, argv: tuple[str, ...], env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.popen = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                          stdout=log, stderr=subprocess.STDOUT)
        self.pid = self.popen.pid
        self.status: int | None = None
        self.rusage: object | None = None

    def _reaped(self, pid: int, status: int, rusage: object) -> bool:
        if pid == 0:
            return False
        self.status, self.rusage = status, rusage
        self.popen.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        return True

    def poll(self) -> bool:
        """True once the process has exited (and was reaped here)."""
        if self.status is not None:
            return True
        return self._reaped(*os.wait4(self.pid, os.WNOHANG))

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
        self._reaped(*os.wait4(self.pid, 0))

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


# ------------------------------------------------------------------------------ one system


async def wait_until_polling(stub: BotAPIStub, bot: BotProcess) -> float:
    start = time.monotonic()
    while stub.method_counts["getUpdates"] == 0:
        if bot.poll():
            raise RuntimeError(f"exited with status {bot.popen.returncode} before polling")
        if time.monotonic() - start > STARTUP_TIMEOUT:
            raise RuntimeError(f"no getUpdates within {STARTUP_TIMEOUT:.0f} s")
        await asyncio.sleep(0.01)
    return time.monotonic() - start


async def run_system(system: System, index: int, args: argparse.Namespace,
                     workdir: Path) -> Result:
    result = Result(system)
    n_warm = round(args.warmup * args.rate)
    n_meas = round(args.seconds * args.rate)
    first_uid = 10_000_000 * (index + 1)  # positive, distinct per system and per question
    updates = [
        text_update(QUESTIONS[i % len(QUESTIONS)], chat_id=first_uid + i,
                    first_name=FIRST_NAMES[i % len(FIRST_NAMES)], username=f"u{first_uid + i}")
        for i in range(n_warm + n_meas)
    ]
    measured_ids = range(first_uid + n_warm, first_uid + n_warm + n_meas)

    stub = BotAPIStub(DEFAULT_TOKEN)
    await stub.start(host="127.0.0.1")
    bot: BotProcess | None = None
    try:
        env = dict(os.environ)
        for name in ("WEBHOOK_URL", "WEBHOOK_SECRET", "ADMIN_IDS", "PORT"):
            env.pop(name, None)
        env.update(TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN, TELEGRAM_BASE_URL=stub.base_url,
                   DATABASE_URL=f"sqlite:///{workdir / (system.key + '.sqlite3')}",
                   LOG_LEVEL="WARNING", PTB_TIMEDELTA="true", PYTHONUNBUFFERED="1")
        bot = BotProcess(system.argv, env, workdir / f"{system.key}.log")
        progress(f"{system.key}: started pid {bot.pid}, waiting for its first getUpdates")
        startup = await wait_until_polling(stub, bot)
        progress(f"{system.key}: polling after {startup:.2f} s; warm-up {args.warmup:g} s, "
                 f"then {args.seconds:g} s measured at {args.rate:g}/s")

        # -- push, paced by absolute time
        push_time: dict[int, float] = {}
        lags: list[float] = []
        interval = 1.0 / args.rate
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
                raise RuntimeError(f"exited with status {bot.popen.returncode} under load")
        last_push = time.monotonic()
        result.pacer_lag_p99_ms = percentile(lags, 99) * 1000
        progress(f"{system.key}: pushed {len(updates)} updates "
                 f"(pacer lag p99 {result.pacer_lag_p99_ms:.1f} ms, "
                 f"max {max(lags) * 1000:.1f} ms); waiting up to {DRAIN_TIMEOUT:.0f} s for "
                 f"the remaining replies")

        # -- collect replies (first sendMessage per chat) until all are in or time is up
        first_reply: dict[int, float] = {}
        seen = 0
        extra = 0
        measured_answered = 0
        measured_set = set(measured_ids)

        def collect() -> None:
            nonlocal seen, extra, measured_answered
            sent = stub.sent
            for message in sent[seen:]:
                chat_id = message.chat_id
                if chat_id in first_reply or chat_id not in push_time:
                    extra += 1
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
        hwm = proc_vmhwm_kb(bot.pid)
        result.vmhwm_mb = hwm / 1024 if hwm is not None else None

        # -- stop it: SIGTERM, time the exit, take ru_maxrss from wait4
        exit_s, note = await bot.terminate()
        collect()  # anything sent while shutting down does not count as answered in time...
        result.exit_s, result.exit_note = exit_s, note
        if bot.rusage is not None:
            result.maxrss_mb = bot.rusage.ru_maxrss / 1024  # type: ignore[attr-defined]
        progress(f"{system.key}: exited {exit_s:.2f} s after SIGTERM "
                 f"(status {bot.popen.returncode}{', ' + note if note else ''})")

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
        last_measured = push_time[measured_ids[-1]]
        result.push_rate = (n_meas - 1) / (last_measured - first_measured) if n_meas > 1 else 0
        if answer_times:
            span = max(answer_times) - first_measured
            result.answer_rate = len(answer_times) / span if span > 0 else 0.0
        if cpu_start is not None and cpu_end is not None and n_meas:
            bot_used = cpu_end - cpu_start
            result.cpu_ms_per_question = bot_used * 1000 / n_meas
            others = max(0.0, machine_used - bot_used - self_used)
            result.other_cores = others / window
            progress(f"{system.key}: over the {window:.1f} s measured window: bot "
                     f"{bot_used / window:.2f} cores, this benchmark (stub and pacer) "
                     f"{self_used / window:.2f} cores ({self_used * 1000 / n_meas:.2f} ms a "
                     f"question), other processes on the machine {others / window:.2f} cores")
        result.extra_sends = extra
        result.log_errors = bot.log_error_count()
        if extra or result.log_errors:
            progress(f"{system.key}: {extra} sendMessage calls beyond one per question, "
                     f"{result.log_errors} error lines in its log ({bot.log_path})")
        return result
    except Exception as exc:
        result.error = str(exc)
        progress(f"{system.key}: FAILED: {exc}")
        if bot is not None:
            tail = bot.log_tail()
            if tail:
                progress(f"{system.key}: last lines of {bot.log_path}:\n{tail}")
        return result
    finally:
        if bot is not None:
            bot.kill()  # no-op when it was reaped already
        await stub.stop()


# ------------------------------------------------------------------------------ report


def fmt_ms(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if math.isinf(value):
        return "unanswered"
    return f"{value:.1f}"


def fmt_opt(value: float | None, spec: str = ".1f") -> str:
    return "n/a" if value is None else format(value, spec)


def table(results: list[Result]) -> str:
    head = ("system", "sent", "answered", "unanswered", "p50 ms", "p95 ms", "p99 ms",
            "max ms", "sent/s", "answered/s", "bot CPU ms/question",
            "peak RSS MB (wait4 ru_maxrss)", "VmHWM MB", "exit after SIGTERM s",
            "other load (cores)")
    rows = ["| " + " | ".join(head) + " |",
            "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for r in results:
        if r.error is not None:
            rows.append(f"| {r.system.label} | failed: {r.error} |" + " |" * (len(head) - 2))
            continue
        exit_text = fmt_opt(r.exit_s, ".2f") + (f" ({r.exit_note})" if r.exit_note else "")
        rows.append("| " + " | ".join((
            r.system.label, str(r.sent), str(r.answered), str(r.unanswered),
            fmt_ms(r.pct(50)), fmt_ms(r.pct(95)), fmt_ms(r.pct(99)), fmt_ms(r.pct(100)),
            f"{r.push_rate:.1f}", f"{r.answer_rate:.1f}", fmt_opt(r.cpu_ms_per_question, ".2f"),
            fmt_opt(r.maxrss_mb), fmt_opt(r.vmhwm_mb), exit_text,
            fmt_opt(r.other_cores, ".2f"))) + " |")
    return "\n".join(rows)


def verdict(result: Result, rate: float) -> str:
    if result.error is not None:
        return f"backcare bot: NOT MET (the run failed: {result.error})"
    p95 = result.pct(95)
    rss = result.maxrss_mb if result.maxrss_mb is not None else result.vmhwm_mb
    checks = [
        (p95 <= TARGET_P95_MS, f"p95 {fmt_ms(p95)} ms <= {TARGET_P95_MS:g} ms at {rate:g}/s"),
        (rss is not None and rss <= TARGET_RSS_MB,
         f"peak RSS {fmt_opt(rss)} MB <= {TARGET_RSS_MB:g} MB"),
        (result.unanswered == 0,
         f"every question answered ({result.answered}/{result.sent})"),
    ]
    parts = [f"{text}: {'yes' if ok else 'NO'}" for ok, text in checks]
    overall = "MET" if all(ok for ok, _ in checks) else "NOT MET"
    return f"backcare bot targets {overall}: " + "; ".join(parts)


# ------------------------------------------------------------------------------ main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=300.0, help="questions a second (300)")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds (10)")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="unmeasured seconds at the same rate first (2)")
    parser.add_argument("--systems", default=",".join(s.key for s in SYSTEMS),
                        help="comma-separated subset, in this order: "
                             + ", ".join(s.key for s in SYSTEMS))
    parser.add_argument("--keep-logs", action="store_true",
                        help="keep the temp folder with the bots' logs and databases")
    args = parser.parse_args(argv)
    if args.rate <= 0 or args.seconds <= 0 or args.warmup < 0:
        parser.error("--rate and --seconds must be positive, --warmup not negative")
    if args.seconds * args.rate < 1:
        parser.error("--seconds x --rate must be at least one question")
    keys = [k.strip() for k in args.systems.split(",") if k.strip()]
    unknown = set(keys) - {s.key for s in SYSTEMS}
    if unknown or not keys:
        parser.error(f"unknown systems {sorted(unknown)}; choose from "
                     + ", ".join(s.key for s in SYSTEMS))
    args.selected = [s for s in SYSTEMS if s.key in keys]
    return args


async def amain(args: argparse.Namespace, workdir: Path) -> list[Result]:
    results = []
    for index, system in enumerate(args.selected):
        progress(f"=== {system.label}")
        results.append(await run_system(system, index, args, workdir))
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    workdir = Path(tempfile.mkdtemp(prefix="telegram_load-"))
    progress(f"rate {args.rate:g}/s, {args.seconds:g} s measured after {args.warmup:g} s "
             f"warm-up; {os.cpu_count()} CPUs, load average "
             f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; logs in {workdir}")
    try:
        results = asyncio.run(amain(args, workdir))
    finally:
        if args.keep_logs:
            progress(f"logs and databases kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(table(results))
    print()
    backcare = next((r for r in results if r.system.key == "backcare"), None)
    if backcare is not None:
        print(verdict(backcare, args.rate))
    return 0 if all(r.error is None for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
