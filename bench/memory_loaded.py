"""Resident memory of the bot once loaded and answering, without the load benchmark.

    python bench/memory_loaded.py [--runs 3] [--questions 200]
    python bench/memory_loaded.py --inprocess [--trace [N]]

Why: `telegram_load.py` judges the issue's 100 MB target at the end of a real load, but it
takes both cores for minutes. By default this starts the real bot, `python -m bot run`, as
the load benchmark does (same environment, a fresh SQLite file, the Bot API stand-in, the
`Spawner` for its own ru_maxrss), feeds it --questions of the load benchmark's questions from
distinct users at a gentle 50 a second (a tenth of a core), and once every one is answered
reads VmRSS ("answered", what the 100 MB target is judged on) and VmHWM, then stops it and
takes ru_maxrss ("peak", start-up included). Each of --runs is a fresh bot; all are shown.
The load benchmark's figure is a little higher (at 300 a second more updates and sends are
in flight at once).

`--inprocess` builds, in this process, what `python -m bot run` builds before its first
answer, in the same order (`bot.cli.cmd_run`): the content; the conversation it serves, its
triage rules checked against their examples (`serving_conversation`); the modules `run`
imports (python-telegram-bot, SQLAlchemy, aiohttp); the freeze of the start-up heap
(`_loaded`); the Application around that conversation; then what
`_post_init` does (the spelling and word lists, a fresh SQLite store); and answers a few
messages through the Dialogue, as the Telegram handlers do. The network is left out (no
start-up checks, no getMe, no polling), so its figures are not the real bot's: it is there
to see where the memory is. It prints VmRSS (resident now) after loading and after
answering, and ru_maxrss (the peak, start-up's parsing included). `--trace` starts
tracemalloc first (slower, and its own bookkeeping inflates RSS: read its tables, not its
RSS) and prints the N biggest holders of
what stays allocated, by file and by line.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from telegram_load import Spawner

# The load benchmark's machinery and the stand-in are imported only for the real bot: with
# --inprocess, aiohttp imported first would change what is measured.

RATE = 50.0  # questions a second: gentle, so the machine's other users are not disturbed
ANSWER_TIMEOUT = 30.0  # after the last push, for the remaining replies
FIRST_USER = 10_000_000

# --inprocess: mixed wordings, as users type them: a topic, small talk, a red flag, a typo,
# a long story.
MESSAGES = (
    "hi",
    "my lower back hurts when I bend over to tie my shoes",
    "sciatica down my left leg, is walking ok?",
    "cant feel my bum and I wet myself this morning",
    "is it ok to go to the gym with a slipped disc",
    "i feel like there is no point going on anymore",
    "thnks for the help, whats the best matress for back pain",
    "been to the GP twice, they said it's muscular, six weeks now and the physio exercises "
    "are not helping, I work in a warehouse lifting all day and I'm worried about my job",
)


def mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / 1024:.1f}"


async def one_run(spawner: Spawner, workdir: Path, run: int, questions: int) -> str:
    """One fresh `python -m bot run`: its figures as a table row."""
    from telegram_load import (
        QUESTIONS,
        BotProcess,
        bot_env,
        proc_status_kb,
        wait_until_polling,
    )

    from bot.testing.botapi import DEFAULT_TOKEN, BotAPIStub, text_update

    stub = BotAPIStub(DEFAULT_TOKEN)
    await stub.start(host="127.0.0.1")
    bot = None
    try:
        env = bot_env(workdir / f"run{run}.sqlite3", stub.base_url)
        bot = BotProcess(spawner, (sys.executable, "-m", "bot", "run"), env,
                         workdir / f"run{run}.log")
        startup = await wait_until_polling(stub, bot)
        await asyncio.sleep(1.0)  # start-up's last steps (the command menu, the first jobs)
        loaded = proc_status_kb(bot.pid, "VmRSS")
        first = FIRST_USER * (run + 1)
        t0 = time.monotonic()
        for i in range(questions):
            due = t0 + i / RATE
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            stub.push_update(text_update(QUESTIONS[i % len(QUESTIONS)], chat_id=first + i))
        deadline = time.monotonic() + ANSWER_TIMEOUT
        while len({m.chat_id for m in stub.sent if m.chat_id >= first}) < questions:
            if time.monotonic() > deadline or bot.poll():
                raise RuntimeError(f"not every question answered; log: {bot.log_path}")
            await asyncio.sleep(0.05)
        answered = proc_status_kb(bot.pid, "VmRSS")
        hwm = proc_status_kb(bot.pid, "VmHWM")
        await bot.terminate()
        return (f"| {run + 1} | {startup:.1f} | {mb(loaded)} | {mb(answered)} | {mb(hwm)} "
                f"| {mb(bot.maxrss_kb)} |")
    finally:
        if bot is not None:
            bot.kill()
        await stub.stop()


async def real_bot(runs: int, questions: int) -> None:
    from telegram_load import Spawner

    workdir = Path(tempfile.mkdtemp(prefix="memory_loaded-"))
    spawner = Spawner()
    print(f"`python -m bot run`, {questions} questions from distinct users at {RATE:g} a "
          "second; MB\n")
    print("| run | polling after (s) | VmRSS loaded | VmRSS answered | VmHWM | ru_maxrss |")
    print("| --- | --- | --- | --- | --- | --- |")
    try:
        for run in range(runs):
            print(await one_run(spawner, workdir, run, questions), flush=True)
    finally:
        spawner.close()
        shutil.rmtree(workdir, ignore_errors=True)


# -- --inprocess ------------------------------------------------------------------------------


def vm_rss_mb() -> float:
    """VmRSS of this process in MB (resident now, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def report(stage: str) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{stage:<10} VmRSS {vm_rss_mb():6.1f} MB   ru_maxrss {peak:6.1f} MB")


async def load_and_answer(folder: Path) -> None:
    from bot.answers import english, words
    from bot.cli import _loaded, load_or_exit, serving_conversation
    from bot.config import Settings

    content, plan = load_or_exit(folder)
    conversation = serving_conversation(folder, content)
    from bot.storage.store import Store
    from bot.telegram import startup  # noqa: F401  (`run` imports it: its modules count)
    from bot.telegram.app import build_application

    _loaded()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(token="123:memory", responses_dir=folder)
        application = build_application(settings, content, plan, conversation=conversation)
        data = application.bot_data
        english.preload()
        words.preload()
        data.store = await Store.open(f"sqlite+aiosqlite:///{tmp}/bot.db")
        data.counter.store = data.store
        data.words.store = data.store
        report("loaded")
        for i, text in enumerate(MESSAGES):
            await data.dialogue.text(1000 + i, text)
        report("answered")
        await data.store.close()


def in_process(trace: int) -> None:
    if trace:
        tracemalloc.start()
    report("started")
    asyncio.run(load_and_answer(ROOT / "responses"))
    if not trace:
        return
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(False, tracemalloc.__file__)])
    for key in ("filename", "lineno"):
        stats = snapshot.statistics(key)
        total = sum(s.size for s in stats) / 2**20
        print(f"\ntracemalloc by {key}: {total:.1f} MB held in all")
        for stat in stats[:trace]:
            frame = stat.traceback[0]
            where = frame.filename.replace(sys.prefix, "<venv>")
            if key == "lineno":
                where += f":{frame.lineno}"
            print(f"{stat.size / 2**20:7.2f} MB {stat.count:>9,} blocks  {where}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh bots measured (3)")
    parser.add_argument("--questions", type=int, default=200,
                        help="questions answered before reading VmRSS (200)")
    parser.add_argument("--inprocess", action="store_true",
                        help="build the bot in this process instead (no network)")
    parser.add_argument("--trace", type=int, nargs="?", const=25, default=0, metavar="N",
                        help="with --inprocess: the N biggest holders by file and by line")
    args = parser.parse_args()
    if args.inprocess:
        in_process(args.trace)
    else:
        asyncio.run(real_bot(args.runs, args.questions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
