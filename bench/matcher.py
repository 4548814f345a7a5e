"""Benchmark the question matcher against a plain baseline, on labelled question sets.

    python bench/matcher.py [QUESTIONS.yaml ...] [--repeat N]

Default set: bench/questions/tune.yaml, the set the matcher is tuned on. Give any other
labelled set(s) as arguments instead, for example bench/questions/holdout.yaml (kept aside
for a final check). A set is a YAML list of `{q: "question", topic: <topic id>}` items,
with `emergency: true` on red-flag messages and `topic: fallback` on out-of-scope ones.
These sets predate the triage tiers, so a red-flag message counts as found when triage
gives it any tier (emergency, urgent or crisis); bench/triage.py measures the tiers.

Prints one table per set (accuracy in scope, the same on messages over 40 words alone,
out-of-scope recall, red-flag recall,
red-flag false-positive rate, p50/p99 time per question once loaded, cold start of
`python -m bot ask`, peak memory), for the project's matcher and for a baseline (nearest
example by word overlap) in the same run; then per-topic recall and the list of misses,
the way `rasa test nlu` does. Timings are repeated and summarised by percentiles, so a
noisy machine moves them little.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_SET = ROOT / "bench" / "questions" / "tune.yaml"
LONG_WORDS = 40  # messages over this many words are also scored apart
BASELINE_THRESHOLD = 0.25  # Jaccard overlap below which the baseline says "fallback"


@dataclass
class Result:
    topic: str
    emergency: bool  # triaged: any tier (the sets' `emergency` label predates the tiers)


def load_questions(path: Path) -> list[dict]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [{"q": str(i["q"]), "topic": i["topic"], "emergency": bool(i.get("emergency"))}
            for i in items]


class Baseline:
    """Nearest example by word overlap (Jaccard), no spelling, no red-flag rules."""

    def __init__(self, content) -> None:
        from bot.answers.normalise import fold, words

        self._words = lambda text: set(words(fold(text)))
        self.examples = [(self._words(e), t.id) for t in content.topics.values()
                         for e in t.examples]

    def match(self, text: str) -> Result:
        q = self._words(text)
        best, topic = 0.0, "fallback"
        for ex, topic_id in self.examples:
            union = len(q | ex)
            score = len(q & ex) / union if union else 0.0
            if score > best:
                best, topic = score, topic_id
        if best < BASELINE_THRESHOLD:
            topic = "fallback"
        return Result(topic, topic == "emergency")


def score(items: list[dict], results: list[Result]) -> dict[str, float]:
    ok = [r.topic == i["topic"] or (i["emergency"] and r.emergency)
          for i, r in zip(items, results)]
    ins = [o for o, i in zip(ok, items) if i["topic"] != "fallback"]
    long = [o for o, i in zip(ok, items) if i["topic"] != "fallback" and is_long(i["q"])]
    oos = [r.topic == "fallback" for i, r in zip(items, results) if i["topic"] == "fallback"]
    em = [r.emergency for i, r in zip(items, results) if i["emergency"]]
    nem = [r.emergency for i, r in zip(items, results) if not i["emergency"]]
    ratio = lambda xs: sum(xs) / len(xs) if xs else float("nan")  # noqa: E731
    return {"accuracy": ratio(ins), "long": ratio(long), "n_long": len(long),
            "oos_recall": ratio(oos), "em_recall": ratio(em), "em_fp": ratio(nem)}


def is_long(question: str) -> bool:
    """A story rather than a question: over LONG_WORDS words."""
    return len(question.split()) > LONG_WORDS


def timings(match: Callable[[str], object], items: list[dict], repeat: int) -> tuple[float, float]:
    """p50 and p99 in microseconds of one call, over `repeat` passes of every question."""
    samples = []
    for _ in range(repeat):
        for item in items:
            start = time.perf_counter_ns()
            match(item["q"])
            samples.append((time.perf_counter_ns() - start) / 1000)
    samples.sort()
    return samples[len(samples) // 2], samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def cold_start(which: str, runs: int = 5) -> tuple[float, float]:
    """Median wall time (ms) and peak RSS (MB) of answering one question in a new process."""
    if which == "matcher":
        cmd = [sys.executable, "-m", "bot", "ask", "what is sciatica"]
    else:
        cmd = [sys.executable, str(Path(__file__)), "--cold-baseline", "what is sciatica"]
    walls, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
        child.returncode = os.waitstatus_to_exitcode(status)
        walls.append((time.perf_counter() - start) * 1000)
        if child.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed with exit status {child.returncode}")
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(walls), max(peaks)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        epilog="Sets in this repository: bench/questions/tune.yaml (tuning, the default) and "
               "bench/questions/holdout.yaml (kept aside for a final check).")
    parser.add_argument("sets", nargs="*", type=Path, default=[DEFAULT_SET],
                        metavar="QUESTIONS.yaml",
                        help="labelled question sets to score (default: "
                             f"{DEFAULT_SET.relative_to(ROOT)})")
    parser.add_argument("--repeat", type=int, default=20, help="timing passes (default 20)")
    parser.add_argument("--cold-baseline", help=argparse.SUPPRESS)
    args = parser.parse_args()

    from bot.answers.content import load_content

    if args.cold_baseline:  # a child process measuring the baseline's cold start
        print(Baseline(load_content()).match(args.cold_baseline).topic)
        return 0

    from bot.answers.matching import Matcher

    content = load_content()
    matcher = Matcher(content)
    matcher.match("warm up the word list with an unknown wurd")
    baseline = Baseline(content)
    cold = {name: cold_start(name) for name in ("matcher", "baseline")}

    for path in args.sets:
        items = load_questions(path)
        print(f"\n## {path.name}: {len(items)} questions "
              f"({sum(i['topic'] != 'fallback' for i in items)} in scope, "
              f"{sum(i['topic'] == 'fallback' for i in items)} out of scope, "
              f"{sum(i['emergency'] for i in items)} emergencies)\n")
        print(f"| matcher | accuracy | accuracy over {LONG_WORDS} words | out-of-scope recall "
              "| red-flag recall (any tier) | red-flag FP rate | p50 µs | p99 µs "
              "| cold start ms | peak RSS MB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        per_system: dict[str, list[Result]] = {}
        for name, system in (("matcher", matcher), ("baseline", baseline)):
            if name == "matcher":
                results = [Result((m := matcher.match(i["q"])).topic, m.triage is not None)
                           for i in items]
            else:
                results = [baseline.match(i["q"]) for i in items]
            per_system[name] = results
            s = score(items, results)
            p50, p99 = timings(system.match, items, args.repeat)
            wall, peak = cold[name]
            label = ("project (bot.answers.matching)" if name == "matcher"
                     else "baseline (word overlap)")
            print(f"| {label} | {s['accuracy']:.3f} | {s['long']:.3f} ({s['n_long']:.0f}) | "
                  f"{s['oos_recall']:.3f} | "
                  f"{s['em_recall']:.3f} | {s['em_fp']:.3f} | {p50:.0f} | {p99:.0f} | "
                  f"{wall:.0f} | {peak:.0f} |")
        report(items, per_system["matcher"])
    return 0


def report(items: list[dict], results: list[Result]) -> None:
    """Per-topic recall and precision, then every miss, for the project's matcher."""
    support: Counter[str] = Counter(i["topic"] for i in items)
    hits: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for item, result in zip(items, results):
        got = "emergency" if result.emergency else result.topic
        predicted[got] += 1
        good = got == item["topic"] or (item["emergency"] and result.emergency)
        hits[item["topic"]] += good
        if not good:
            confusion[item["topic"]][got] += 1
    print("\n| topic | support | recall | precision | confused with |")
    print("| --- | ---: | ---: | ---: | --- |")
    for topic in sorted(support):
        precision = hits[topic] / predicted[topic] if predicted[topic] else float("nan")
        confused = ", ".join(f"{t} ({n})" for t, n in confusion[topic].most_common(3))
        print(f"| {topic} | {support[topic]} | {hits[topic] / support[topic]:.2f} | "
              f"{precision:.2f} | {confused} |")
    misses = [(i, r) for i, r in zip(items, results)
              if not (r.topic == i["topic"] or (i["emergency"] and r.emergency))
              or i["emergency"] != r.emergency]
    print(f"\nMisses ({len(misses)}):")
    for item, result in misses:
        want = item["topic"] + (" (emergency)" if item["emergency"] else "")
        got = result.topic + (" (emergency)" if result.emergency else "")
        print(f"- {json.dumps(item['q'], ensure_ascii=False)}: want {want}, got {got}")


if __name__ == "__main__":
    raise SystemExit(main())
