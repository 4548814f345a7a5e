"""What organisers read about their campaign: broadcast summaries and the `stats` lines.

Shared by the command line (`broadcast`, `stats`) and the chat (`/stats`), so both show the
same figures. Counts only, never message text.
"""

from __future__ import annotations

from bot.answers.catalogue import TRIAGE_TOPICS
from bot.storage.store import BroadcastSummary, DayCount, MissingWord, Store


def summary_lines(summary: BroadcastSummary) -> list[str]:
    """Plain lines an organiser reads at the end of a run (and in `stats`)."""
    c = summary.counts
    state = "finished" if summary.finished_at else "not finished"
    lines = [f"broadcast {summary.id} ({summary.source}{', paid' if summary.paid else ''}): "
             f"{state}",
             f"  delivered {c['sent']}, blocked {c['blocked']}, failed {c['failed']}, "
             f"still owed {c['pending']}, skipped (left meanwhile) {c.get('skipped', 0)}"]
    lines += [f"  failed: {reason} ({count})" for reason, count in summary.failures]
    lines += [f"  to retry: {reason} ({count})" for reason, count in summary.retrying]
    return lines


async def stats_lines(store: Store) -> list[str]:
    """Subscribers, broadcasts, questions per topic, how helpful each topic's answers were,
    and the words of questions the bot could not answer: counts only, never message text."""
    subs = await store.subscriber_counts()
    lines = ["Subscribers: " + ", ".join(f"{k} {v}" for k, v in subs.items())]
    broadcasts = await store.broadcasts()
    lines.append(f"Broadcasts: {len(broadcasts)}")
    for summary in broadcasts:
        lines.extend("  " + line for line in summary_lines(summary))
    counts = await store.topic_counts()
    # Triage outcomes are counted like topics (the reply's topic id), never with the text.
    lines.append("Triage outcomes: " + ", ".join(f"{tier} {counts.get(tier, 0)}"
                                                 for tier in TRIAGE_TOPICS))
    lines.append(f"Questions per topic (total {sum(counts.values())}):")
    lines.extend(f"  {topic}: {n}" for topic, n in
                 sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    lines.extend(helpfulness_lines(await store.day_counts()))
    lines.extend(missing_word_lines(await store.missing_words()))
    return lines


def helpfulness_lines(days: list[DayCount]) -> list[str]:
    """The "was this helpful?" votes per topic, summed over the days: most rated first."""
    votes: dict[str, tuple[int, int]] = {}
    for d in days:
        if d.helpful or d.not_helpful:
            yes, no = votes.get(d.topic, (0, 0))
            votes[d.topic] = (yes + d.helpful, no + d.not_helpful)
    if not votes:
        return ["Helpfulness per topic: no votes yet"]
    yes_total = sum(y for y, _ in votes.values())
    no_total = sum(n for _, n in votes.values())
    lines = [f"Helpfulness per topic (helpful / not helpful; total {yes_total} / {no_total}):"]
    lines.extend(f"  {topic}: {yes} / {no}" for topic, (yes, no) in
                 sorted(votes.items(), key=lambda kv: (-sum(kv[1]), kv[0])))
    return lines


def missing_word_lines(words: list[MissingWord]) -> list[str]:
    """The words of unanswered questions, week by week: only those at least five different
    people used that week (the store shows no others), most people first."""
    lines = ["Missing words (>= 5 people a week):"]
    if not words:
        return [lines[0] + " none yet"]
    week = ""
    for w in words:
        if w.week != week:
            week = w.week
            lines.append(f"  {week}:")
        lines.append(f"    {w.word}: {w.people} people, {w.uses} uses")
    return lines
