"""The topic ids the project promises (docs/contract.md): deep links and the evaluation sets
use them, so the bundled content must keep every one. The code itself requires only the few
in `bot.answers.catalogue.REQUIRED`; this list is the product's promise, checked by tests."""

from __future__ import annotations

from bot.answers.content import BUNDLED, load_content

TOPIC_IDS: tuple[str, ...] = (
    "acupuncture_basics", "acupuncture_back_pain", "acupuncture_sciatica", "acupuncture_points",
    "upper_back_pain", "lower_back_pain", "sciatica", "back_pain_causes", "not_a_cure",
    "find_practitioner", "acupuncture_safety", "acupuncture_session", "pregnancy",
    "see_a_doctor", "emergency", "urgent", "crisis", "warning_signs", "self_care",
    "prevention", "awareness_week", "back_pain_cost", "about", "greeting", "thanks",
    "subscribe", "unsubscribe", "fallback",
    # Added for issue 10 (coverage): reachable by typed questions, deep links and related
    # buttons; kept out of the topic menu for now.
    "exercises", "painkillers", "other_treatments", "slipped_disc", "back_or_kidney", "sleep",
    "scans", "work", "older_people", "children", "injections_surgery", "acupuncture_types",
    "cost_and_access",
)

# Small talk and actions: answered, but not offered in the topic menu (`menu: false`).
NOT_IN_MENU = frozenset(t.id for t in load_content(BUNDLED).topics.values() if not t.menu)
