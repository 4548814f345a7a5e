"""What the running bot counts for a platform to scrape (Prometheus text format).

Counts only, never who or what: a topic id, a triage tier, an error kind. The web process
serves them at `/metrics` (`bot.telegram.webhook`); they live at the bottom of the package
so the campaign sender and the Telegram handlers can both count without importing each
other. Each process has its own figures (prometheus-client's default registry); a
platform that runs two replicas scrapes both and adds them up.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

ANSWERS = Counter("backcare_answers", "Answers sent, by topic id", ["topic"])
TRIAGE = Counter("backcare_triage", "Messages triaged as emergency, urgent or crisis",
                 ["tier"])
REPLY_SECONDS = Histogram(
    "backcare_reply_seconds", "From receiving a message to Telegram accepting the reply",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
BROADCAST_SENT = Counter("backcare_broadcast_messages", "Broadcast deliveries, by outcome",
                         ["outcome"])
BROADCAST_ERRORS = Counter("backcare_broadcast_errors", "Broadcast send errors, by kind",
                           ["kind"])
VOTES = Counter("backcare_votes", "Was this helpful? votes, by topic id and answer",
                ["topic", "answer"])
RATE_LIMITED = Counter("backcare_telegram_429", "429 Too Many Requests answers from Telegram",
                       ["where"])


def exposition() -> tuple[bytes, str]:
    """The current figures in Prometheus' text format, and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
