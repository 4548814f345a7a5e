"""The campaign report's figures, gathered from the store as plain data.

Why it is built this way:

* Gathering is apart from drawing (:mod:`bot.campaign.charts`) and from the page
  (:mod:`bot.campaign.report_html`): the figures can be tested against ``stats`` without a
  plotting library, and the chat can send a picture and a file made from the same figures.
* Every total here is the one ``stats`` shows when no ``since`` is given: subscribers by
  status, each broadcast's summary, questions per topic (the running totals), triage
  outcomes, votes, missing words. With ``since``, what is counted per day (questions, votes,
  subscriber changes) is summed from that day on; subscribers by status are still today's.
* Counts only: broadcast ids and dates but never their text, topic ids and titles, and the
  words at least five people used in a week. No chat id reaches this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bot.answers.catalogue import FALLBACK, TRIAGE_TOPICS
from bot.storage.store import MissingWord, QuestionDay, Store, SubscriberDay, TopicTotal

__all__ = ["BroadcastRow", "Report", "TopicRow", "caption", "day_range", "gather", "long_date",
           "summary_sentences"]

# Topics drawn day by day (the busiest); the table lists them all.
TOP_TOPICS = 10
# Topics that are not questions about a subject: each has its own chart or none.
NOT_SUBJECTS = frozenset({FALLBACK, *TRIAGE_TOPICS})


@dataclass(frozen=True, slots=True)
class BroadcastRow:
    """One broadcast's delivery: counts by outcome, never its text."""

    id: str
    created: datetime
    finished: bool
    sent: int
    blocked: int
    failed: int
    owed: int
    skipped: int

    @property
    def total(self) -> int:
        """Every queued delivery, whatever became of it."""
        return self.sent + self.blocked + self.failed + self.owed + self.skipped


@dataclass(frozen=True, slots=True)
class TopicRow:
    """One topic: questions answered, and the votes on its answers."""

    topic: str
    title: str
    questions: int
    helpful: int
    not_helpful: int

    @property
    def votes(self) -> int:
        """Both kinds of vote together."""
        return self.helpful + self.not_helpful


@dataclass(frozen=True)
class Report:
    """Everything the report shows, as counts (see the module docstring)."""

    generated: datetime
    since: date | None
    subscribers: dict[str, int]  # today's count per status, as `stats`
    subscriber_days: list[SubscriberDay]  # every day of the span, zeros included
    subscribed_before: int  # still subscribed at the start of the span, by the same reckoning
    broadcasts: list[BroadcastRow]  # newest first
    topics: list[TopicRow]  # most asked first
    triage: dict[str, int]  # tier -> count, most serious first
    question_days: list[QuestionDay]  # every day of the span, zeros included
    topic_days: dict[str, list[int]]  # top topics -> questions on each of question_days
    missing_words: list[MissingWord]
    titles: Mapping[str, str] = field(default_factory=dict)

    @property
    def questions(self) -> int:
        """All questions counted (the `stats` total when there is no `since`)."""
        return sum(t.questions for t in self.topics)

    @property
    def fallbacks(self) -> int:
        """Questions the bot had no answer for."""
        return next((t.questions for t in self.topics if t.topic == FALLBACK), 0)

    @property
    def helpful(self) -> int:
        """"Helpful" votes over every topic."""
        return sum(t.helpful for t in self.topics)

    @property
    def not_helpful(self) -> int:
        """"Not helpful" votes over every topic."""
        return sum(t.not_helpful for t in self.topics)

    @property
    def empty(self) -> bool:
        """Nothing at all to show yet: a friendly page rather than empty charts."""
        return (not any(self.subscribers.values()) and not self.broadcasts
                and not self.questions and not self.helpful + self.not_helpful
                and not self.missing_words)

    def title(self, topic: str) -> str:
        """A topic's menu title, or its id when the content does not know it."""
        return self.titles.get(topic, topic)


def day_range(first: str, last: str) -> list[str]:
    """Every 'YYYY-MM-DD' day from ``first`` to ``last``, both included."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def _fill_subscriber_days(days: list[SubscriberDay], since: str | None,
                          today: str) -> tuple[list[SubscriberDay], int]:
    """The span's days with zeros filled in, and the running total before its first day."""
    before = sum(d.joined - d.left - d.blocked for d in days if since and d.day < since)
    kept = {d.day: d for d in days if not since or d.day >= since}
    if not kept:
        return [], before
    first = since if since else min(kept)
    last = max(max(kept), today) if today >= first else max(kept)
    return [kept.get(day, SubscriberDay(day)) for day in day_range(first, last)], before


def _fill_question_days(days: list[QuestionDay], since: str | None,
                        today: str) -> list[QuestionDay]:
    if not days:
        return []
    by_day = {d.day: d for d in days}
    first = since if since else days[0].day
    last = max(days[-1].day, today) if today >= first else days[-1].day
    return [by_day.get(day, QuestionDay(day, 0, 0)) for day in day_range(first, last)]


async def gather(store: Store, since: date | None = None, *,
                 titles: Mapping[str, str] | None = None,
                 now: datetime | None = None) -> Report:
    """Read every figure of the report from the store (each a grouped query)."""
    now = now or datetime.now(UTC)
    today = now.astimezone(UTC).date().isoformat()
    day = since.isoformat() if since else None

    subscriber_days, before = _fill_subscriber_days(await store.subscriber_days(), day, today)
    summaries = await store.broadcasts()
    broadcasts = [
        BroadcastRow(s.id, s.created_at, s.finished_at is not None, s.counts["sent"],
                     s.counts["blocked"], s.counts["failed"], s.counts["pending"],
                     s.counts.get("skipped", 0))
        for s in summaries if since is None or s.created_at.astimezone(UTC).date() >= since]

    per_day: dict[str, TopicTotal] = {t.topic: t for t in await store.topic_totals(day)}
    if since is None:
        # The running totals are what `stats` shows (they also hold what was counted before
        # per-day counts existed); the votes are only ever counted per day.
        totals = await store.topic_counts()
        names = list(totals) + [t for t in per_day if t not in totals]
        questions = {t: totals.get(t, 0) for t in names}
    else:
        names = list(per_day)
        questions = {t: per_day[t].questions for t in names}
    topics = sorted(
        (TopicRow(t, (titles or {}).get(t, t), questions[t],
                  per_day[t].helpful if t in per_day else 0,
                  per_day[t].not_helpful if t in per_day else 0) for t in names),
        key=lambda r: (-r.questions, r.topic))
    triage = {tier: questions.get(tier, 0) for tier in TRIAGE_TOPICS}

    question_days = _fill_question_days(await store.question_days(day), day, today)
    top = [t.topic for t in topics if t.topic not in NOT_SUBJECTS and t.questions][:TOP_TOPICS]
    topic_days: dict[str, list[int]] = {t: [0] * len(question_days) for t in top}
    index = {d.day: i for i, d in enumerate(question_days)}
    for d, topic, n in await store.topic_question_days(top, day):
        if d in index:
            topic_days[topic][index[d]] = n

    return Report(
        generated=now, since=since, subscribers=await store.subscriber_counts(),
        subscriber_days=subscriber_days, subscribed_before=before, broadcasts=broadcasts,
        topics=topics, triage=triage, question_days=question_days, topic_days=topic_days,
        missing_words=await store.missing_words(day), titles=dict(titles or {}))


def _n(value: int) -> str:
    return f"{value:,}"


def _count(n: int, thing: str) -> str:
    """'1 question', '2 questions'."""
    return f"{_n(n)} {thing}{'' if n == 1 else 's'}"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def long_date(day: date | datetime) -> str:
    """'6 October 2026': how the report writes a day."""
    return f"{day.day} {day:%B %Y}"


def _span(report: Report) -> str:
    days = report.question_days or report.subscriber_days
    if report.since is not None:
        return f"Since {long_date(report.since)}"
    if days:
        first = date.fromisoformat(days[0].day)
        return f"From {long_date(first)} to {long_date(report.generated)}"
    return f"Up to {long_date(report.generated)}"


def summary_sentences(report: Report) -> list[str]:
    """The report's opening paragraph, a sentence per subject, in plain English."""
    if report.empty:
        return ["Nothing to report yet: nobody has subscribed, no broadcast has been sent and "
                "no question has been counted. Figures appear here as soon as people use the "
                "bot."]
    subs = report.subscribers
    sentences = [f"{_span(report)}: {_n(subs.get('active', 0))} chats are subscribed to "
                 f"campaign messages today ({_n(subs.get('unsubscribed', 0))} unsubscribed, "
                 f"{_n(subs.get('blocked', 0))} blocked the bot)."]
    if report.broadcasts:
        rows = report.broadcasts
        sentences.append(
            f"{_count(len(rows), 'broadcast')} delivered {_n(sum(b.sent for b in rows))} "
            f"messages ({_n(sum(b.blocked for b in rows))} blocked, "
            f"{_n(sum(b.failed for b in rows))} failed, {_n(sum(b.owed for b in rows))} still "
            "owed).")
    else:
        sentences.append("No broadcast has been sent.")
    if report.questions:
        subjects = [t for t in report.topics if t.topic not in NOT_SUBJECTS and t.questions]
        most = (f"; the most asked about was “{subjects[0].title}” "
                f"({_n(subjects[0].questions)})") if subjects else ""
        sentences.append(
            f"People asked {_count(report.questions, 'question')}{most}. The bot had no answer "
            f"for {_n(report.fallbacks)} of them "
            f"({_percent(report.fallbacks, report.questions)}).")
        tiers = ", ".join(f"{_n(n)} {tier}" for tier, n in report.triage.items())
        sentences.append(f"Safety replies: {tiers}.")
    else:
        sentences.append("No question has been counted.")
    votes = report.helpful + report.not_helpful
    if votes:
        sentences.append(f"{_n(report.helpful)} of {_n(votes)} votes "
                         f"({_percent(report.helpful, votes)}) said an answer was helpful.")
    if report.missing_words:
        words = sorted({w.word for w in report.missing_words})
        shown = ", ".join(f"“{w}”" for w in words[:8])
        sentences.append(f"Words of unanswered questions: {shown}"
                         f"{' and more' if len(words) > 8 else ''}.")
    return sentences


def caption(report: Report) -> str:
    """One line for the chat, under the main chart."""
    if report.empty:
        return "Campaign report: nothing to report yet."
    votes = report.helpful + report.not_helpful
    helpful = f", {_percent(report.helpful, votes)} of votes helpful" if votes else ""
    span = _span(report)
    return (f"Campaign report ({span[0].lower()}{span[1:]}): "
            f"{_n(report.subscribers.get('active', 0))} subscribed, "
            f"{_count(report.questions, 'question')} "
            f"({_percent(report.fallbacks, report.questions)} unanswered), "
            f"{_count(len(report.broadcasts), 'broadcast')}{helpful}.")
