"""The topic ids the code itself relies on; every other topic is defined by its content file.

Topic ids are an interface (deep links, buttons, `ask --json`, the evaluation sets use them)
and they live in `responses/topics/<id>.yaml`: adding a topic is adding a file. Only the
topics the code answers with by name are listed here, and `check` requires them.
"""

from __future__ import annotations

EMERGENCY = "emergency"
FALLBACK = "fallback"
GREETING = "greeting"
SUBSCRIBE = "subscribe"
UNSUBSCRIBE = "unsubscribe"

# Why each one must exist: said by `check` when one is missing.
REQUIRED = {
    EMERGENCY: "the reply to red-flag symptoms",
    FALLBACK: "the reply when nothing matches",
    GREETING: "the reply to /start",
    SUBSCRIBE: "the reply to 'sign me up' (with a confirm button)",
    UNSUBSCRIBE: "the reply to 'stop sending me messages' (with a confirm button)",
}
