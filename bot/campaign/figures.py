"""What organisers read about their campaign: broadcast summaries and the `stats` lines.

Shared by the command line (`broadcast`, `stats`) and the chat (`/stats`), so both show the
same figures. Counts only, never message text.
"""

from __future__ import annotations

from bot.answers.catalogue import TRIAGE_TOPICS
from bot.storage.store import BroadcastSummary, Store


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
    """Subscribers, broadcasts and questions per topic: counts only, never message text."""
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
    return lines
