"""The topic ids the code itself relies on; every other topic is defined by its content file.

Topic ids are an interface (deep links, buttons, `ask --json`, the evaluation sets use them)
and they live in `responses/topics/<id>.yaml`: adding a topic is adding a file. Only the
topics the code answers with by name are listed here, and `check` requires them.
"""

from __future__ import annotations

EMERGENCY = "emergency"
URGENT = "urgent"
CRISIS = "crisis"
WARNING_SIGNS = "warning_signs"
FALLBACK = "fallback"
GREETING = "greeting"
SUBSCRIBE = "subscribe"
UNSUBSCRIBE = "unsubscribe"

# The triage replies, most serious first: reached only by triage, never by examples.
TRIAGE_TOPICS = (EMERGENCY, CRISIS, URGENT)

# Why each one must exist: said by `check` when one is missing.
REQUIRED = {
    EMERGENCY: "the reply to symptoms that need 999 or A&E now",
    URGENT: "the reply to symptoms that need NHS 111 or an urgent GP appointment today",
    CRISIS: "the reply to suicidal thoughts or self-harm",
    WARNING_SIGNS: "the answer to questions about which symptoms are serious",
    FALLBACK: "the reply when nothing matches",
    GREETING: "the reply to /start",
    SUBSCRIBE: "the reply to 'sign me up' (with a confirm button)",
    UNSUBSCRIBE: "the reply to 'stop sending me messages' (with a confirm button)",
}
