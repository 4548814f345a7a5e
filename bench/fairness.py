"""Fairness benchmark: what one message can cost the bot, so one user cannot slow everyone.

    python bench/fairness.py [--messages 40] [--seed 1]
    python bench/fairness.py --e2e [--root DIR] [--seconds 20] [--flood-rate 50] [--rate 5]

Issue 9 measured 73 ms of CPU for one 4,096-character message of made-up words (spelling
correction searched the vocabulary for every word) and a flood guard that ran the whole
matcher on every message of a flooding user. This prints, per message, the CPU time
(`time.process_time`, this process only, so other load on the machine hardly moves it) of:

- "answer": a whole answer (`Conversation.reply_to_text`), what a user within the flood
  allowance gets; "unbounded" is the same with no spelling budget (how it was);
- "flood check": what a user over the allowance costs: `Conversation.alarm` now, the whole
  matcher before;

for three kinds of 4,096-character message: made-up words (new ones every message, so
nothing is cached), the same made-up message again (cached), and real symptom reports pasted
together (triage's worst case: every phrase matches something). Percentiles over `--messages`
messages each, because the machine is noisy; a markdown table goes to stdout.

`--e2e` measures what issue 9 measured: the bot (`python -m bot run`, from `--root`, so an
older checkout can be compared) polls a Bot API stand-in in this process that enforces 30
messages a second; one user sends `--flood-rate` new 4,096-character made-up messages a
second while other users (a new one each time) ask ordinary questions at `--rate` a second.
It prints the others' reply latency (push to the stand-in receiving the reply; unanswered
after the drain counts as infinite), the flooder's replies, and the 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import math
import os
import random
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answers import english  # noqa: E402
from bot.answers.content import load_content  # noqa: E402
from bot.answers.conversation import Conversation  # noqa: E402
from bot.testing.botapi import DEFAULT_TOKEN, BotAPIStub, text_update  # noqa: E402

LENGTH = 4096  # Telegram's longest message


def made_up(rng: random.Random, length: int = LENGTH) -> str:
    """Words of 4 to 11 random letters: none is English or known, so each is searched for."""
    words: list[str] = []
    size = 0
    while size < length:
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 11)))
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:length]


def symptom_wall(length: int = LENGTH) -> str:
    """Real red-flag reports from the triage development set, pasted end to end."""
    import yaml  # the bench sets are YAML; the bot itself does not need this import here

    cases = yaml.safe_load((ROOT / "bench/triage/dev.yaml").read_text(encoding="utf-8"))
    text = " ".join(c["q"] for c in cases if c["tier"] != "none")
    return text[:length]


def cpu_ms(run: Callable[[str], object], texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        start = time.process_time()
        run(text)
        times.append((time.process_time() - start) * 1000)
    return sorted(times)


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))]


QUESTIONS = ["what is sciatica", "is acupuncture safe", "does acupuncture help back pain",
             "how long does back pain last", "what can i do for my back at work"]
FLOODER = 1


async def end_to_end(args: argparse.Namespace) -> None:
    """One flooding user beside ordinary users, against a bot process (see the docstring)."""
    root = Path(args.root).resolve()
    rng = random.Random(args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="fairness-"))
    stub = BotAPIStub(DEFAULT_TOKEN, rate_limit=30)
    await stub.start()
    env = {k: v for k, v in os.environ.items()
           if k not in ("WEBHOOK_URL", "WEBHOOK_SECRET", "ADMIN_IDS", "PORT")}
    env.update(TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN, TELEGRAM_BASE_URL=stub.base_url,
               DATABASE_URL=f"sqlite:///{workdir / 'bot.sqlite3'}", LOG_LEVEL="WARNING",
               PYTHONPATH=str(root), PYTHONUNBUFFERED="1")
    with open(workdir / "bot.log", "wb") as log:
        bot = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=root, env=env,
                               stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        await stub.wait_for_requests("getUpdates", 1, timeout=120)
        pushed: dict[int, float] = {}
        flood_every, ask_every = 1 / args.flood_rate, 1 / args.rate
        start = time.monotonic()
        next_flood, next_ask, user = start, start, 1_000_000
        while (now := time.monotonic()) < start + args.seconds:
            if now >= next_flood:
                stub.push_update(text_update(made_up(rng), chat_id=FLOODER, user_id=FLOODER))
                next_flood += flood_every
            if now >= next_ask:
                user += 1
                stub.push_update(text_update(QUESTIONS[user % len(QUESTIONS)], chat_id=user,
                                             user_id=user))
                pushed[user] = time.monotonic()
                next_ask += ask_every
            await asyncio.sleep(max(0.0, min(next_flood, next_ask) - time.monotonic()))
        drain = time.monotonic() + args.drain
        while time.monotonic() < drain and not set(pushed) <= {m.chat_id for m in stub.sent}:
            await asyncio.sleep(0.1)
        answered = {m.chat_id: m.time for m in reversed(stub.sent)}
        latencies = sorted((answered[u] - t) * 1000 if u in answered else math.inf
                           for u, t in pushed.items())
        flooder = len(stub.sent_to(FLOODER))
        print(f"root {root}: {len(pushed)} ordinary questions, flood "
              f"{args.flood_rate:g}/s for {args.seconds:g} s\n")
        print("| others' reply p50 ms | p95 ms | max ms | unanswered | flooder's replies | 429s |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: |")
        print(f"| {pct(latencies, 0.5):.0f} | {pct(latencies, 0.95):.0f} | "
              f"{latencies[-1]:.0f} | {sum(math.isinf(x) for x in latencies)} | {flooder} | "
              f"{stub.rejected_429} |")
    finally:
        bot.terminate()
        try:
            bot.wait(30)
        except subprocess.TimeoutExpired:
            bot.kill()
        await stub.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--e2e", action="store_true", help="a flooding user beside others")
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose bot runs")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--flood-rate", type=float, default=50.0)
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--drain", type=float, default=20.0)
    args = parser.parse_args(argv)
    if args.e2e:
        asyncio.run(end_to_end(args))
        return

    english.preload()
    content = load_content()
    rng = random.Random(args.seed)
    n = args.messages
    kinds = {
        "made-up words, new each time": [made_up(rng) for _ in range(n)],
        "made-up words, same message": [made_up(random.Random(args.seed + 1))] * n,
        "symptom reports pasted together": [symptom_wall()] * n,
    }

    # Each way of reading gets a conversation of its own, so no cache is shared between them.
    before = Conversation(content)
    speller = before.matcher.speller
    # How it was: every unknown word searched for, and no cap on what the guard read.
    speller.clauses = functools.partial(speller.clauses, guesses=10**9)  # type: ignore[method-assign]
    guard_before = Conversation(content)
    guard_speller = guard_before.matcher.speller
    guard_speller.clauses = functools.partial(  # type: ignore[method-assign]
        guard_speller.clauses, guesses=10**9)
    guard_now = Conversation(content)
    answer_now = Conversation(content)
    ways: list[tuple[str, Callable[[str], object]]] = [
        ("answer, unbounded (before)", before.reply_to_text),
        ("answer (now)", answer_now.reply_to_text),
        ("flood check: whole matcher (before)", guard_before.match),
        ("flood check: alarm (now)", guard_now.alarm),
    ]

    print(f"CPU per {LENGTH}-character message, ms (process time; {n} messages each)\n")
    print("| message | path | p50 | p95 | max |")
    print("| --- | --- | ---: | ---: | ---: |")
    for kind, texts in kinds.items():
        for name, run in ways:
            times = cpu_ms(run, texts)
            print(f"| {kind} | {name} | {pct(times, 0.5):.1f} | {pct(times, 0.95):.1f} | "
                  f"{times[-1]:.1f} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
