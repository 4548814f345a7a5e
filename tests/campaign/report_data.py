"""A small campaign, written through the store's own methods, for the report's tests.

Ten days from Monday 5 October 2026: people subscribing, leaving and blocking the bot, four
broadcasts with every outcome, questions on a dozen topics with fallbacks and safety
replies, votes, and words of unanswered questions (some under five people, which must not
show). The clock is set by hand, so every timestamp is known.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage.store import DayCount, MissingWord, Store
from bot.testing.clock import FakeClock

START = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
DAYS = 10
NOW = START + timedelta(days=DAYS - 1, hours=8)

TOPICS = ("sciatica", "lower_back_pain", "acupuncture_basics", "acupuncture_safety",
          "cost_and_access", "upper_back_pain", "find_practitioner", "not_a_cure",
          "back_pain_causes", "acupuncture_back_pain", "greeting", "fallback", "emergency",
          "urgent", "crisis")
# A word shown (>= 5 people that week) and one hidden (4 people).
WORDS = (MissingWord("2026-W41", "cupping", 7, 9), MissingWord("2026-W41", "insurance", 5, 5),
         MissingWord("2026-W41", "hernia", 4, 6), MissingWord("2026-W42", "cupping", 6, 6),
         MissingWord("2026-W42", "pilates", 12, 15))


def day(i: int) -> str:
    return (START + timedelta(days=i)).date().isoformat()


async def fill(store: Store, clock: FakeClock) -> None:
    """Write the whole campaign; ``store`` must run on ``clock``."""
    chat = 1000
    for i in range(DAYS):
        clock.set(START + timedelta(days=i))
        joined = []
        for _ in range(20 + 3 * i):
            chat += 1
            await store.subscribe(chat)
            joined.append(chat)
        clock.advance(timedelta(hours=2))
        for c in joined[: 2 + i % 3]:
            await store.unsubscribe(c)
        if i % 2:
            await store.mark_blocked(joined[-1])
        if i in (2, 5, 8):
            await _broadcast(store, f"week-day-{i}", statuses=i)
        await _questions(store, i)
    clock.set(START + timedelta(days=DAYS - 1, hours=6))
    await store.create_broadcast("plan-unsent", "Tomorrow: more tips", "plan")
    await store.count_missing_words(WORDS)


async def _broadcast(store: Store, broadcast_id: str, statuses: int) -> None:
    await store.create_broadcast(broadcast_id, f"Broadcast text {broadcast_id}", "message")
    await store.enqueue(broadcast_id)
    chats = await store.pending(broadcast_id, 10_000)
    outcomes: list[tuple[int, str, str | None]] = []
    for n, c in enumerate(chats):
        if n % 17 == 3:
            outcomes.append((c, "blocked", None))
        elif n % 23 == 5:
            outcomes.append((c, "failed", "Bad Request: chat not found"))
        elif n % 11 == 7 and statuses == 8:
            continue  # still owed
        else:
            outcomes.append((c, "sent", None))
    await store.mark_many(broadcast_id, outcomes)
    if statuses != 8:
        await store.finish_broadcast(broadcast_id)


async def _questions(store: Store, i: int) -> None:
    counts: dict[str, int] = {}
    days = []
    for rank, topic in enumerate(TOPICS):
        n = max(0, (40 - 3 * rank) + (i * (rank % 4)) - (i % 3) * 2)
        if topic in ("emergency", "crisis"):
            n = i % 3
        elif topic == "urgent":
            n = 1 + i % 4
        elif topic == "fallback":
            n = 6 + (i * 7) % 9
        helpful = (n // 4) if topic not in ("fallback", "emergency", "crisis", "urgent") else 0
        not_helpful = (n // 15) if helpful else 0
        counts[topic] = n
        days.append(DayCount(day(i), topic, n, helpful, not_helpful))
    await store.count_questions(counts, days)
