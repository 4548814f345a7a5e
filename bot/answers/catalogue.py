"""The topic ids of the product contract (DESIGN.md, "Topic catalogue").

These ids are an interface: content files, deep links, buttons, `ask --json` and the
evaluation sets all use them, so they are fixed here and every one must have content.
"""

from __future__ import annotations

TOPIC_IDS: tuple[str, ...] = (
    "acupuncture_basics",
    "acupuncture_back_pain",
    "acupuncture_sciatica",
    "acupuncture_points",
    "upper_back_pain",
    "lower_back_pain",
    "sciatica",
    "back_pain_causes",
    "not_a_cure",
    "find_practitioner",
    "acupuncture_safety",
    "acupuncture_session",
    "pregnancy",
    "see_a_doctor",
    "emergency",
    "self_care",
    "prevention",
    "awareness_week",
    "back_pain_cost",
    "about",
    "greeting",
    "thanks",
    "subscribe",
    "unsubscribe",
    "fallback",
)

EMERGENCY = "emergency"
FALLBACK = "fallback"
GREETING = "greeting"
SUBSCRIBE = "subscribe"
UNSUBSCRIBE = "unsubscribe"

# Small talk and actions: answered, but not offered in the topic menu.
NOT_IN_MENU = frozenset({"greeting", "thanks", "subscribe", "unsubscribe", "fallback"})
