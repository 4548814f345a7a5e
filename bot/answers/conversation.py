"""The conversation without a transport: text in, a `Reply` out.

The terminal chat, `ask`, and the Telegram handlers all call this, so the three answer
a question identically (`ask --json` promises the exact Telegram text).
"""

from __future__ import annotations

from bot.answers.catalogue import CRISIS, EMERGENCY, GREETING
from bot.answers.content import Content
from bot.answers.matching import Match, Matcher
from bot.answers.replies import Reply, menu_reply, message_reply, topic_reply, triage_reply


class Conversation:
    """Holds the loaded content and its matcher; cheap to call once built."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.matcher = Matcher(content)
        # Content does not change while running, so each topic's reply is composed once.
        self._replies = {topic_id: topic_reply(content, topic_id) for topic_id in content.topics}
        self._menu = menu_reply(content)

    def match(self, text: str) -> Match:
        return self.matcher.match(text)

    def reply_to_text(self, text: str) -> Reply:
        """The reply to a typed message: triage first, then a topic, else the fallback."""
        if not text or not text.strip():
            return message_reply(self.content, "empty", menu=True)
        return self.reply_to_match(self.match(text))

    def reply_to_match(self, match: Match) -> Reply:
        """Triage first: a reply built for what was found; else the topic's composed reply."""
        if match.triage is None:
            return self.topic(match.topic)
        tier = match.triage.value
        understood = [f.says for f in match.findings if f.tier is match.triage][:2]
        # Someone in danger from both a back emergency and a crisis gets both kinds of help.
        also = [f.tier.value for f in match.findings if f.tier is not match.triage
                and f.tier.value in (EMERGENCY, CRISIS)]
        return triage_reply(self.content, tier, understood, tuple(dict.fromkeys(also)),
                            match.asked)

    def topic(self, topic_id: str) -> Reply:
        return self._replies[topic_id]

    def reply_to_topic(self, payload: str | None) -> Reply | None:
        """A deep link or button payload routed straight to its topic; None if unknown."""
        topic = self.matcher.route(payload) if payload else None
        return self._replies[topic] if topic else None

    def start(self, payload: str | None = None) -> Reply:
        """`/start [TOPIC]`: the topic when the payload names one, else the greeting."""
        return self.reply_to_topic(payload) or self._replies[GREETING]

    def menu(self) -> Reply:
        return self._menu
