"""The conversation without a transport: text in, a `Reply` out.

The terminal chat, `ask`, and the Telegram handlers all call this, so the three answer
a question identically (`ask --json` promises the exact Telegram text).

What a message costs is bounded here, before any work, because one user must not be able to
slow everyone. A message is read up to `READ_CHARS`, Telegram's own limit, because a red flag
buried at the end of a long ramble must still be found; reading it costs at most about 30 ms
(triage of 4,096 characters dense with symptom words) plus the spelling budget
(`bot.answers.spelling.GUESSES`), and the flood guard allows each user only a few such
messages. A user over that allowance gets only `alarm`: triage alone on the first
`ALARM_CHARS` characters with a smaller spelling budget, a few milliseconds at worst and
remembered per text, so an emergency or a crisis is still heard from someone flooding.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.answers.catalogue import (
    CRISIS,
    FALLBACK,
    GREETING,
    SUBSCRIBE,
    UNSUBSCRIBE,
    WARNING_SIGNS,
)
from bot.answers.content import Content, MatchingWords
from bot.answers.matching import SMALL_TALK, Match, Matcher
from bot.answers.normalise import fold, stem, words
from bot.answers.replies import (
    Reply,
    group_reply,
    menu_reply,
    message_reply,
    more_reply,
    sources_reply,
    topic_reply,
    triage_reply,
    vote_reply,
)
from bot.answers.triage import Tier

# Characters of a message that are read at all (triage, then a topic): Telegram's limit for
# one message, so the bot reads every message whole; other front ends are cut there.
READ_CHARS = 4096
# Characters, and unknown words searched for spelling, read by `alarm` (the flood guard's
# and an overloaded bot's check): a person in distress sends short messages; a script pasting
# walls of text is only read this far.
ALARM_CHARS = 300
ALARM_GUESSES = 4
# Distinct texts whose alarm check is remembered (one script repeating itself costs nothing).
ALARM_CACHE = 512
# The tiers that are never held back, however much a user sends: 999 and the crisis lines.
ALARMS = frozenset({Tier.EMERGENCY, Tier.CRISIS})
# A follow-up ("is it safe though?", "and for sciatica?") is short, and leans on the last
# topic: it starts like a follow-up, points back ("it", "that"), or means nothing alone.
FOLLOW_UP_WORDS = 8
_LEANS_BACK = re.compile(
    r"^\W*(?:and|but|also|so|what about|how about|what if|same|even)\b"
    r"|\b(?:it|its|it's|that|this|they|them|those|these|one|there)\b", re.IGNORECASE)
_POINTS_BACK = re.compile(r"\b(?:it|that|this|they|them|one)\b", re.IGNORECASE)
_SHARED_WORDS = frozenset({"back", "pain"})
# Replies a follow-up never changes: they say what the person asked for, whatever came before.
_SELF_CONTAINED = SMALL_TALK | {SUBSCRIBE, UNSUBSCRIBE, WARNING_SIGNS}
# Words of a bare goodbye, at most: one of `goodbyes` with a few words around it.
GOODBYE_WORDS = 8
# The triage rule whose words say what such a goodbye is understood as.
GOODBYE_RULE = "a goodbye after thanks"


def bare_goodbye(text: str, lists: MatchingWords) -> bool:
    """Whether a text is a goodbye and nothing else ("ok bye everyone x"): just after the
    crisis reply that may be a last message (`vocabulary.yaml`, `goodbyes`, says more)."""
    said = words(fold(text))
    if not said or len(said) > GOODBYE_WORDS:
        return False
    start = 0
    while start < len(said) and said[start] in lists.goodbye_before:
        start += 1
    end = len(said)
    while end > start and said[end - 1] in lists.goodbye_after:
        end -= 1
    # "so long" starts with a word of goodbye_before: try each place the goodbye may start.
    return any(_said_again(tuple(said[first:end]), lists.goodbyes) for first in range(start + 1))


def _said_again(said: tuple[str, ...], goodbyes: frozenset[tuple[str, ...]]) -> bool:
    """One of `goodbyes`, once or repeated ("bye bye bye")."""
    return bool(said) and any(len(said) % len(g) == 0 and said == g * (len(said) // len(g))
                              for g in goodbyes)


def capped(text: str, limit: int) -> str:
    """The first `limit` characters of a text, cut at a space when one is near the end so a
    word is not cut in two (half a word could be "corrected" into another)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space > limit - 40 else head


class Conversation:
    """Holds the loaded content and its matcher; cheap to call once built."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.matcher = Matcher(content)
        # Content does not change while running, so each topic's reply is composed once.
        self._replies = {topic_id: topic_reply(content, topic_id) for topic_id in content.topics}
        self._menu = menu_reply(content)
        self._groups = {g.id: group_reply(content, g.id) for g in content.menu_groups}
        self._more = {t: more_reply(content, t) for t in content.topics}
        self._sources = {t: sources_reply(content, t) for t in content.topics}
        self._votes = {helpful: vote_reply(content, helpful) for helpful in (True, False)}
        self._alarm = lru_cache(maxsize=ALARM_CACHE)(self._assess_alarm)

    def match(self, text: str) -> Match:
        """What a message is about, reading at most READ_CHARS of it."""
        return self.matcher.match(capped(text, READ_CHARS))

    def alarm(self, text: str) -> Tier | None:
        """EMERGENCY or CRISIS when the start of the text reports one, else None: the cheap
        check that still runs when a message is otherwise not read (flood, overload)."""
        return self._alarm(capped(text, ALARM_CHARS))

    def _assess_alarm(self, text: str) -> Tier | None:
        matcher = self.matcher
        tier = matcher.triager.assess(matcher.speller.clauses(text, ALARM_GUESSES)).tier
        return tier if tier in ALARMS else None

    def reply_to_text(self, text: str, previous: str | None = None) -> Reply:
        """The reply to a typed message: triage first, then a topic, else the fallback.

        `previous` is the topic this chat was last answered with, if recent: a short
        follow-up is then read in its light ("how many sessions?" after acupuncture for
        sciatica). Triage always reads the message alone, first. After the crisis reply, a
        bare goodbye ("bye", "goodbye then") gets the crisis reply again: it may be a last
        message; nothing else is read in the crisis reply's light.
        """
        if not text or not text.strip():
            return message_reply(self.content, "empty", menu=True)
        match = self.match(text)
        if previous == CRISIS:
            if match.triage is None and bare_goodbye(capped(text, ALARM_CHARS),
                                                     self.content.vocabulary.matching):
                return self.goodbye_after_crisis()
            previous = None
        if previous is not None and match.triage is None:
            match = self.follow_up(text, match, previous)
        return self.reply_to_match(match)

    def _says_more(self, text: str) -> bool:
        """Whether a message has a word of its own beyond the question words, stop words and
        follow-up words ("how much?", "the price?" have none): then, out of our field alone,
        it is out of our field after a topic too ("the baby made a mess")."""
        matcher = self.matcher
        return any(w not in matcher.generic_words and stem(w) not in matcher.generic
                   and stem(w) not in matcher.added and not w.isdigit()
                   for clause in matcher.speller.clauses(text) for w in clause)

    def follow_up(self, text: str, alone: Match, previous: str) -> Match:
        """The topic of a short message read after `previous`: when the message leans back
        on it or means nothing alone (no topic, and no word of its own: `_says_more`), the
        message with the last topic's subject put where it points back ("it"), or beside
        it, decides. The same topic again is right only for a question that meant nothing
        alone ("how long does it last?" after sciatica: that answer says), as one whose "it"
        is the last subject means nothing alone ("is it safe though?" after painkillers)."""
        topic = self.content.topics.get(previous)
        if topic is None or len(text.split()) > FOLLOW_UP_WORDS or alone.topic in _SELF_CONTAINED:
            return alone
        if not _LEANS_BACK.search(text) and (alone.topic != FALLBACK or self._says_more(text)):
            return alone  # "who scored for Leeds on Saturday" is no follow-up to sciatica
        subject = topic.subject or self._subject(topic.id)
        short = capped(text, ALARM_CHARS)
        # "how long does it last?" after sciatica reads "how long does sciatica last?".
        said, pointed = _POINTS_BACK.subn(subject, short, count=1)
        paired = self.matcher.match(said if pointed else f"{short} {subject}")
        if paired.triage is not None or paired.topic == FALLBACK \
                or paired.topic in _SELF_CONTAINED:
            return alone
        if paired.topic == previous and alone.topic != FALLBACK and not pointed:
            return alone  # it names its own topic: repeating the last answer would not help
        # An "it" that stood for the last subject ("is it safe though?" after painkillers)
        # means nothing without it: what it asks of that subject decides, even the same topic.
        return paired

    def reply_to_match(self, match: Match) -> Reply:
        """Triage first: a reply built for what was found; else the topic's composed reply."""
        if match.triage is None:
            return self.topic(match.topic)
        tier = match.triage.value
        understood = [f.says for f in match.findings if f.tier is match.triage][:2]
        # Someone in a crisis who also reports a back emergency is told that it needs 999 too.
        emergency = [f.says for f in match.findings if f.tier is Tier.EMERGENCY] \
            if match.triage is Tier.CRISIS else []
        return triage_reply(self.content, tier, understood, match.asked,
                            also_emergency=emergency[:2])

    def goodbye_after_crisis(self) -> Reply:
        """The crisis reply again, for a bare goodbye just after it: what the bot
        understood is said in the words of the goodbye rule (`GOODBYE_RULE`), when the
        content has it."""
        says = [rule.says for rule in self.content.triage.rules if rule.name == GOODBYE_RULE]
        return triage_reply(self.content, CRISIS, says[:1])

    @staticmethod
    def _subject(topic_id: str) -> str:
        """What a topic without a `subject` is about, as the words a follow-up leaves out:
        its id's words but the ones every topic shares ("acupuncture_back_pain" ->
        "acupuncture"), so a follow-up that names a new part ("and for sciatica?") replaces
        it."""
        words = topic_id.split("_")
        kept = [w for w in words if w not in _SHARED_WORDS]
        return " ".join(kept or words)

    def topic(self, topic_id: str) -> Reply:
        return self._replies[topic_id]

    def reply_to_topic(self, payload: str | None) -> Reply | None:
        """A deep link or button payload routed straight to its topic; None if unknown."""
        topic = self.matcher.route(payload) if payload else None
        return self._replies[topic] if topic else None

    def more(self, topic_id: str) -> Reply | None:
        """The rest of a topic's answer (its "More" button); None when it has no more."""
        return self._more.get(topic_id)

    def sources(self, topic_id: str) -> Reply | None:
        """A topic's sources (its "Sources" button); None when it names none."""
        return self._sources.get(topic_id)

    def vote(self, helpful: bool) -> Reply:
        """The answer to a "was this helpful?" press: thanks, or sorry and the menu."""
        return self._votes[helpful]

    def start(self, payload: str | None = None) -> Reply:
        """`/start [TOPIC]`: the topic when the payload names one, else the greeting."""
        return self.reply_to_topic(payload) or self._replies[GREETING]

    def menu(self) -> Reply:
        return self._menu

    def group_menu(self, group_id: str) -> Reply | None:
        """One menu group's topics, or None for a group the content does not have."""
        return self._groups.get(group_id)
