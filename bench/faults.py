"""Every fault of issue 9 in one table: duplicates, losses, memory, other users' p95.

    .venv/bin/python bench/faults.py [--users 10000,100000] [--quick]

Runs, each as its own process, the benchmarks that reproduce the faults, then prints one
summary table and, below it, each benchmark's own table for the details:

- bench/faults_broadcast.py: PostgreSQL killed mid-broadcast (and the rerun), a run of 502s,
  answers slower than the timeout, non-JSON answers: duplicates against what the code
  promises (at most the messages in flight) and losses;
- bench/webhook_attack.py: the real bot process under 20 x 50 MB POSTs without the secret,
  over-long bodies with it, and 800 slow-loris connections: its memory, and that a real
  update is still answered afterwards;
- bench/fairness.py --e2e: one user at 50 messages a second beside ordinary users, against
  a stand-in enforcing 30 messages a second: the others' reply p95, unanswered, 429s;
- bench/memory_users.py: RSS after N distinct users (`--users`; 1,000,000 takes about ten
  minutes, so it is not in the default).

About three minutes with the defaults; `--quick` shortens the fairness run.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def run(script: str, *args: str) -> str:
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode not in (0, 1):  # 1: a verdict was not ok, shown in its table
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"{script} failed with exit status {done.returncode}")
    print(f"({script} {' '.join(args)}: {time.monotonic() - started:.0f} s)", file=sys.stderr)
    return done.stdout


def rows_of(table: str) -> list[list[str]]:
    """The body rows of the first markdown table in `table`, as lists of cells."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in table.splitlines() if line.startswith("|")]
    return rows[2:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", default="10000,100000")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()

    broadcast = run("faults_broadcast.py")
    attack = run("webhook_attack.py")
    fairness = run("fairness.py", "--e2e", *(["--seconds", "8"] if args.quick else []))
    memory = run("memory_users.py", "--users", args.users)

    summary: list[tuple[str, str, str, str, str]] = []
    for r in rows_of(broadcast[broadcast.index("| scenario"):]):
        scenario, duplicates, lost, bound = r[0], r[6], r[7], r[8]
        summary.append((f"broadcast: {scenario}", f"{duplicates} (bound {bound})", lost,
                        "", ""))
    for r in rows_of(attack):
        summary.append((f"webhook: {r[0]}", "", "", r[1], f"{r[2]}; {r[3]}"))
    fair = rows_of(fairness[fairness.index("| others'"):])
    if fair:
        p50, p95, _, unanswered, _, four29 = fair[0][:6]
        summary.append(("one user at 50 msg/s beside others", "", unanswered, "",
                        f"others' p50 {p50} ms, p95 {p95} ms; 429s {four29}"))
    for r in rows_of(memory):
        if r[0] != "0":
            summary.append((f"{r[0]} distinct users", "", "", r[1], ""))

    print("| fault | duplicates | lost / unanswered | RSS MB | other figures |")
    print("| --- | --- | --- | --- | --- |")
    for row in summary:
        print("| " + " | ".join(row) + " |")
    for title, text in (("Broadcast faults", broadcast), ("Webhook attacks", attack),
                        ("Fairness", fairness), ("Memory per user", memory)):
        print(f"\n## {title}\n")
        print(re.sub(r"\n{3,}", "\n\n", text.strip()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
