"""Benchmark triage on labelled message sets: recall per tier, false alarms, every miss.

    python bench/triage.py [SET.yaml ...] [--rules]

Default set: bench/triage/dev.yaml, the set the rules are tuned on. bench/triage/holdout.yaml
is kept aside for a final check: give it as an argument, never tune on it. A set is a YAML
list of `{q: "message", tier: emergency | urgent | crisis | none, kind: <sub-kind>}`; `kind`
is `ordinary` for ordinary questions, and names the kind of hard negative (question,
other_sense, negated, past, one_sided, mild) or of symptom otherwise.

Each message goes through `Matcher(content).match` in this process, exactly as the bot reads
it. Printed per set, the way `rasa test nlu` reports:

- recall per tier: emergency and crisis exactly; urgent answered urgent or emergency (over-
  triage is acceptable), and exactly;
- false-alarm rates on `none` messages (false emergency, false urgent, false crisis), over
  all of them, over the hard negatives (kind other than ordinary) and over ordinary questions,
  plus how many ordinary questions got any alarm at all;
- the same per kind; per rule (with --rules, or always when a set is small): how often it
  fired and how many of those were false alarms;
- every miss and every false alarm, with the message and what fired.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_SET = ROOT / "bench" / "triage" / "dev.yaml"
TIERS = ("emergency", "urgent", "crisis", "none")
# Targets on data the rules were not tuned on (docs/safety.md).
TARGETS = {"emergency recall": 1.0, "crisis recall": 1.0, "urgent recall (urgent or emergency)":
           0.95}


@dataclass
class Item:
    q: str
    tier: str
    kind: str


@dataclass
class Outcome:
    tier: str  # what the bot decided: emergency, urgent, crisis or none
    topic: str
    rules: tuple[str, ...]


def load_set(path: Path) -> list[Item]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for i in items:
        tier = str(i["tier"])
        if tier not in TIERS:
            raise SystemExit(f"{path}: tier {tier!r} is not one of {', '.join(TIERS)}")
        out.append(Item(str(i["q"]), tier, str(i.get("kind") or ("ordinary" if tier == "none"
                                                                  else tier))))
    return out


def ratio(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a (0)"


def report(path: Path, items: list[Item], outcomes: list[Outcome], per_rule: bool) -> None:
    print(f"\n## {path.name}: {len(items)} messages "
          f"({', '.join(f'{t} {sum(i.tier == t for i in items)}' for t in TIERS)})\n")
    pairs = list(zip(items, outcomes))

    def of(tier: str) -> list[tuple[Item, Outcome]]:
        return [(i, o) for i, o in pairs if i.tier == tier]

    print("| measure | value | target |")
    print("| --- | ---: | ---: |")
    em, cr, ur = of("emergency"), of("crisis"), of("urgent")
    rows = [
        ("emergency recall", sum(o.tier == "emergency" for _, o in em), len(em)),
        ("crisis recall", sum(o.tier == "crisis" for _, o in cr), len(cr)),
        ("urgent recall (urgent or emergency)",
         sum(o.tier in ("urgent", "emergency") for _, o in ur), len(ur)),
        ("urgent recall (exact)", sum(o.tier == "urgent" for _, o in ur), len(ur)),
        ("crisis answered emergency (counted, not credited)",
         sum(o.tier == "emergency" for _, o in cr), len(cr)),
    ]
    for name, hits, total in rows:
        target = TARGETS.get(name)
        print(f"| {name} | {ratio(hits, total)} | {'' if target is None else f'{target:.2f}'} |")
    none = of("none")
    groups = {"all none": none,
              "hard negatives (kind != ordinary)": [p for p in none if p[0].kind != "ordinary"],
              "ordinary questions": [p for p in none if p[0].kind == "ordinary"]}
    targets = {"hard negatives (kind != ordinary)": "<= 0.02", "ordinary questions": "<= 0.01"}
    print("\n| none messages | false emergency | false urgent | false crisis | any alarm | "
          "target (false emergency) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, group in groups.items():
        n = len(group)
        counts = Counter(o.tier for _, o in group)
        print(f"| {name} | {ratio(counts['emergency'], n)} | {ratio(counts['urgent'], n)} | "
              f"{ratio(counts['crisis'], n)} | {ratio(n - counts['none'], n)} | "
              f"{targets.get(name, '')} |")

    print("\n| kind | tier | messages | answered as labelled | answered emergency | urgent | "
          "crisis | none |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    by_kind: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for item, outcome in pairs:
        by_kind[(item.tier, item.kind)].append(outcome)
    for (tier, kind), group in sorted(by_kind.items(), key=lambda kv: (TIERS.index(kv[0][0]),
                                                                      kv[0][1])):
        counts = Counter(o.tier for o in group)
        good = sum(_good(tier, o.tier) for o in group)
        print(f"| {kind} | {tier} | {len(group)} | {good / len(group):.2f} | "
              f"{counts['emergency']} | {counts['urgent']} | {counts['crisis']} | "
              f"{counts['none']} |")

    if per_rule:
        fired: Counter[str] = Counter()
        false: Counter[str] = Counter()
        for item, outcome in pairs:
            for rule in outcome.rules:
                fired[rule] += 1
                false[rule] += item.tier == "none"
        print("\n| rule | fired | on `none` messages (false alarms) |")
        print("| --- | ---: | ---: |")
        for rule, n in fired.most_common():
            print(f"| {rule} | {n} | {false[rule]} |")

    misses = [(i, o) for i, o in pairs if i.tier != "none" and not _good(i.tier, o.tier)]
    alarms = [(i, o) for i, o in pairs if i.tier == "none" and o.tier != "none"]
    under = [(i, o) for i, o in pairs if i.tier == "urgent" and o.tier == "emergency"]
    for title, rows_ in (("Misses", misses), ("False alarms", alarms),
                         ("Urgent answered emergency (acceptable over-triage)", under)):
        print(f"\n{title} ({len(rows_)}):")
        for item, outcome in rows_:
            rules = f" [{'; '.join(outcome.rules)}]" if outcome.rules else ""
            print(f"- {json.dumps(item.q, ensure_ascii=False)}: want {item.tier} ({item.kind}), "
                  f"got {outcome.tier} ({outcome.topic}){rules}")


def _good(want: str, got: str) -> bool:
    if want == "urgent":
        return got in ("urgent", "emergency")
    return want == got


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", type=Path, default=[DEFAULT_SET],
                        metavar="SET.yaml", help="labelled sets (default: "
                        f"{DEFAULT_SET.relative_to(ROOT)})")
    parser.add_argument("--rules", action="store_true", help="also report per rule")
    args = parser.parse_args()

    from bot.answers.content import load_content
    from bot.answers.matching import Matcher

    content = load_content()
    matcher = Matcher(content)
    for path in args.sets:
        items = load_set(path)
        start = time.perf_counter()
        outcomes = []
        for item in items:
            match = matcher.match(item.q)
            outcomes.append(Outcome(match.triage.value if match.triage else "none", match.topic,
                                    tuple(f.rule for f in match.findings)))
        elapsed = (time.perf_counter() - start) / max(1, len(items)) * 1e6
        report(path, items, outcomes, args.rules)
        print(f"\n({elapsed:.0f} µs per message, in process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
