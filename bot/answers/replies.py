"""Turn a decision (a topic, a message key) into the exact text and buttons to send.

Every text leaves this module through `with_footer`, which is how the safety contract
("every message ends with the standard footer") is kept in one place. Replies are
Telegram HTML; anything the user typed is escaped before it is echoed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answers import markup
from bot.answers.catalogue import (
    EMERGENCY,
    FALLBACK,
    GREETING,
    SUBSCRIBE,
    TRIAGE_TOPICS,
    UNSUBSCRIBE,
    WARNING_SIGNS,
)
from bot.answers.commands import PUBLIC
from bot.answers.content import TELEGRAM_MAX, Content, Topic, full_body, topic_body

# Callback data (<= 64 bytes): "topic:<id>" opens a topic, the rest are actions.
TOPIC_PREFIX = "topic:"
GROUP_PREFIX = "group:"
MORE_PREFIX = "more:"  # the rest of a topic's answer
SOURCES_PREFIX = "sources:"  # a topic's sources, one link a line
MENU = "menu"
CONFIRM_SUBSCRIBE = "sub:yes"
CONFIRM_UNSUBSCRIBE = "unsub:yes"
CANCEL = "cancel"
# "Was this helpful?" under an answer: "vote:<topic id>:y" or "vote:<topic id>:n" (a topic
# id is at most 50 characters, so at most 57 bytes).
VOTE_PREFIX = "vote:"
VOTE_HELPFUL = "y"
VOTE_NOT_HELPFUL = "n"
# Answers that take no vote: the triage replies (advice to act on, not to rate), small talk,
# the subscription changes and the fallback (nothing was answered).
NO_VOTES = frozenset({*TRIAGE_TOPICS, GREETING, "thanks", SUBSCRIBE, UNSUBSCRIBE, FALLBACK})
ECHO_LIMIT = 64  # characters of user input echoed back (an unknown command, say)
# An organiser's text is HTML when it uses one of Telegram's tags; "<3" or "<tricks>" is text.
_LOOKS_LIKE_HTML = re.compile(
    r"</?(?:" + "|".join(sorted(markup.ALLOWED_TAGS)) + r")(?:[\s>])", re.IGNORECASE)


@dataclass(frozen=True)
class Button:
    text: str
    data: str


@dataclass(frozen=True)
class Reply:
    """A message ready to send: HTML text (footer included) and rows of buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    topic: str | None = None
    emergency: bool = False
    triage: str | None = None  # "emergency", "urgent" or "crisis" when triage decided the reply


def with_footer(content: Content, body: str) -> str:
    """The body, then the standard safety footer, kept within Telegram's size limit."""
    footer = content.footer
    body = body.strip()
    room = TELEGRAM_MAX - markup.visible_length(footer) - 2
    if markup.visible_length(body) > room:
        body = _shorten(body, room)
    return f"{body}\n\n{footer}" if body else footer


def _shorten(body: str, room: int) -> str:
    """Cut text to fit (as plain text); content is checked on load, so this only ever cuts
    text built at run time. Telegram counts UTF-16 units, so an emoji counts as two."""
    plain, used, kept = markup.to_plain(body), 0, []
    for ch in plain:
        size = 2 if ord(ch) > 0xFFFF else 1
        if used + size > room - 1:
            break
        kept.append(ch)
        used += size
    return markup.escape("".join(kept).rstrip() + "…")


def topic_text(content: Content, topic: Topic) -> str:
    return with_footer(content, topic_body(topic))


def menu_buttons(content: Content) -> tuple[tuple[Button, ...], ...]:
    """The topic menu: when to get urgent help first, on a row of its own; then the groups
    of `menu.yaml`, one a row (a phone shows a short list, not forty topics), or without
    groups every topic, two a row so titles stay readable."""
    first = content.topics.get(WARNING_SIGNS)
    rows: list[tuple[Button, ...]]
    if content.menu_groups:
        rows = [(Button(g.title, GROUP_PREFIX + g.id),) for g in content.menu_groups]
    else:
        buttons = [Button(t.title, TOPIC_PREFIX + t.id) for t in content.topics.values()
                   if t.menu and t is not first]
        rows = [tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2)]
    if first is not None and first.menu:
        rows.insert(0, (Button(first.title, TOPIC_PREFIX + first.id),))
    return tuple(rows)


def group_reply(content: Content, group_id: str) -> Reply | None:
    """One group's topics, two a row, and the way back to the menu; None for a group the
    content does not have (a button from before the menu changed)."""
    group = next((g for g in content.menu_groups if g.id == group_id), None)
    if group is None:
        return None
    buttons = [Button(t.title, TOPIC_PREFIX + t.id) for t in content.group_topics(group_id)]
    rows = [tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2)]
    rows.append((Button(content.messages["button_menu"], MENU),))
    body = f"<b>{markup.escape(group.title)}</b>\n{content.messages['menu_prompt']}"
    return Reply(with_footer(content, body), tuple(rows))


def topic_reply(content: Content, topic_id: str) -> Reply:
    """A topic's answer with buttons for related topics (or a confirm button) and the menu."""
    topic = content.topic(topic_id)
    menu = Button(content.messages["button_menu"], MENU)
    if topic_id == SUBSCRIBE:
        rows: list[tuple[Button, ...]] = [(
            Button(content.messages["button_confirm_subscribe"], CONFIRM_SUBSCRIBE),
            Button(content.messages["button_cancel"], CANCEL))]
    elif topic_id == UNSUBSCRIBE:
        rows = [(Button(content.messages["button_confirm_unsubscribe"], CONFIRM_UNSUBSCRIBE),
                 Button(content.messages["button_cancel"], CANCEL))]
    else:
        rows = _detail_row(content, topic, more=bool(topic.more)) + _related_rows(content, topic)
        if takes_votes(topic_id):
            rows.append(_vote_row(content, topic_id))
    rows.append((menu,))
    return Reply(topic_text(content, topic), tuple(rows), topic=topic_id,
                 emergency=topic_id == EMERGENCY)


def _detail_row(content: Content, topic: Topic, more: bool) -> list[tuple[Button, ...]]:
    """"More" (when the answer goes on) and "Sources" side by side, first under an answer:
    the short first screen leaves them one tap away."""
    row = [Button(content.messages["button_more"], MORE_PREFIX + topic.id)] if more else []
    if topic.sources:
        row.append(Button(content.messages["button_sources"], SOURCES_PREFIX + topic.id))
    return [tuple(row)] if row else []


def takes_votes(topic_id: str) -> bool:
    """Whether a topic's answer carries the "was this helpful?" buttons."""
    return topic_id not in NO_VOTES


def vote_data(topic_id: str, helpful: bool) -> str:
    return f"{VOTE_PREFIX}{topic_id}:{VOTE_HELPFUL if helpful else VOTE_NOT_HELPFUL}"


def parse_vote(data: str) -> tuple[str, bool] | None:
    """(topic id, helpful) from a vote button's data; None for anything else."""
    if not data.startswith(VOTE_PREFIX):
        return None
    topic_id, _, answer = data[len(VOTE_PREFIX):].rpartition(":")
    if not topic_id or answer not in (VOTE_HELPFUL, VOTE_NOT_HELPFUL):
        return None
    return topic_id, answer == VOTE_HELPFUL


def _vote_row(content: Content, topic_id: str) -> tuple[Button, ...]:
    return (Button(content.messages["button_helpful"], vote_data(topic_id, True)),
            Button(content.messages["button_not_helpful"], vote_data(topic_id, False)))


def vote_reply(content: Content, helpful: bool) -> Reply:
    """The answer to a vote: thanks; or, when it did not help, sorry, a nudge to ask in other
    words, and the topic menu. No `topic`: a vote is not a question."""
    if helpful:
        return message_reply(content, "vote_thanks")
    return Reply(with_footer(content, content.messages["vote_sorry"]), menu_buttons(content))


def _related_rows(content: Content, topic: Topic) -> list[tuple[Button, ...]]:
    related = [Button(content.topic(r).title, TOPIC_PREFIX + r) for r in topic.related]
    return [tuple(related[i:i + 2]) for i in range(0, len(related), 2)]


def more_reply(content: Content, topic_id: str) -> Reply | None:
    """The rest of a topic's answer, with its sources and related topics still a tap away;
    None for a topic with nothing more (a button from before the content changed)."""
    topic = content.topics.get(topic_id)
    if topic is None or not topic.more:
        return None
    rows = _detail_row(content, topic, more=False) + _related_rows(content, topic)
    rows.append((Button(content.messages["button_menu"], MENU),))
    # No `topic`: the answer was counted once, when it was asked for.
    return Reply(with_footer(content, topic.more), tuple(rows))


def sources_reply(content: Content, topic_id: str) -> Reply | None:
    """A topic's sources, one link a line, and the way back to its answer; None for a topic
    that names none."""
    topic = content.topics.get(topic_id)
    if topic is None or not topic.sources:
        return None
    title = content.messages["sources_title"].replace("{topic}", markup.escape(topic.title))
    links = "\n".join(f'• <a href="{markup.escape(s.url)}">{markup.escape(s.name)}</a>'
                      for s in topic.sources)
    rows = ((Button(topic.title, TOPIC_PREFIX + topic.id),),
            (Button(content.messages["button_menu"], MENU),))
    return Reply(with_footer(content, f"{title}\n{links}"), rows)


def triage_reply(content: Content, tier: str, understood: Sequence[str],
                 asked: str | None = None, also_emergency: Sequence[str] = ()) -> Reply:
    """The reply to symptoms that need help: what was understood, in the person's terms,
    then the tier's advice, with a way out if the bot got it wrong and the question they
    asked.

    `tier` is a triage topic id; `understood` the plain-words findings ("you can't control
    your bladder"); `asked` the topic their message would otherwise have answered;
    `also_emergency` a back emergency reported beside a crisis, named after the crisis
    lines in one sentence so that the reply stays short and puts the crisis lines first.
    """
    said = "; ".join(dict.fromkeys(understood))  # each finding once, in order
    parts = [content.messages["triage_understood"].replace("{what}", markup.escape(said))] \
        if said else []
    if tier in content.topics:
        parts.append(topic_body(content.topic(tier)))
    if also_emergency:
        also = "; ".join(dict.fromkeys(also_emergency))
        parts.append(content.messages["triage_also_emergency"]
                     .replace("{what}", markup.escape(also)))
    rows: list[tuple[Button, ...]] = []
    if asked is not None and asked in content.topics and content.topics[asked].menu:
        # The question is not lost: its answer is one press away, after the advice.
        rows.append((Button(content.topic(asked).title, TOPIC_PREFIX + asked),))
    rows.append((Button(content.messages["button_not_meant"], MENU),))
    return Reply(with_footer(content, "\n\n".join(parts)), tuple(rows), topic=tier,
                 emergency=tier == EMERGENCY, triage=tier)


def message_reply(content: Content, key: str, menu: bool = False, **values: str) -> Reply:
    """An interface message; `values` are user-supplied and escaped before filling in."""
    safe = {k: markup.escape(_clip(v)) for k, v in values.items()}
    body = content.messages[key].format(**safe) if safe else content.messages[key]
    buttons = ((Button(content.messages["button_menu"], MENU),),) if menu else ()
    return Reply(with_footer(content, body), buttons)


def help_reply(content: Content) -> Reply:
    """`/help`: the help text with the public commands listed from the one commands table."""
    lines = "\n".join(f"/{c.name} – {markup.escape(content.commands.get(c.name, ''))}"
                      for c in PUBLIC)
    body = content.messages["help"].replace("{commands}", lines)
    return Reply(with_footer(content, body), ((Button(content.messages["button_menu"], MENU),),))


def menu_reply(content: Content) -> Reply:
    """The menu prompt with every topic as a button."""
    return Reply(with_footer(content, content.messages["menu_prompt"]), menu_buttons(content))


def plain_reply(content: Content, body_html: str,
                buttons: tuple[tuple[Button, ...], ...] = ()) -> Reply:
    """Text built by code (stats, broadcast previews) still goes out with the footer."""
    return Reply(with_footer(content, body_html), buttons)


def _clip(value: str) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= ECHO_LIMIT else value[: ECHO_LIMIT - 1] + "…"


class BroadcastTextError(ValueError):
    """A broadcast text Telegram would refuse; the message says why."""


def broadcast_text(content: Content, message: str | None = None,
                   topic: str | None = None) -> str:
    """The exact text a broadcast sends: a topic's answer, or the organiser's message.

    An organiser's message is Telegram HTML if it uses Telegram's tags (checked, so Telegram
    will not refuse it mid-broadcast); plain text otherwise, escaped, so "Tips & tricks" and
    "<3" just work.
    """
    if topic is not None:
        if topic not in content.topics:
            raise BroadcastTextError(f"unknown topic '{topic}'")
        return with_footer(content, full_body(content.topic(topic)))
    body = (message or "").strip()
    if not body:
        raise BroadcastTextError("the message is empty")
    if _LOOKS_LIKE_HTML.search(body):
        found = markup.problems(body)
        if found:
            raise BroadcastTextError("the message's HTML would be refused by Telegram: "
                                     + "; ".join(found))
    else:
        body = markup.escape(body)
    limit = TELEGRAM_MAX - markup.visible_length(content.footer) - 2
    if markup.visible_length(body) > limit:
        raise BroadcastTextError(f"the message is {markup.visible_length(body)} characters; "
                                 f"with the footer it must stay under {limit}")
    return with_footer(content, body)
