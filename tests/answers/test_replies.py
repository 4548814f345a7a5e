"""Replies: what is sent, in which order, and that Telegram will accept it.

The safety contract says every message ends with the standard footer; Telegram rejects a
whole message whose HTML is off or which is over 4096 characters, and the user then gets
nothing. So every reply that can be built is checked for all three.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from bot.answers import markup
from bot.answers.catalogue import CRISIS, EMERGENCY, URGENT, WARNING_SIGNS
from bot.answers.content import TELEGRAM_MAX, Content, Source, topic_body
from bot.answers.conversation import Conversation
from bot.answers.replies import (
    ECHO_LIMIT,
    GROUP_PREFIX,
    MENU,
    MORE_PREFIX,
    NO_VOTES,
    SOURCES_PREFIX,
    TOPIC_PREFIX,
    VOTE_PREFIX,
    Reply,
    broadcast_text,
    group_reply,
    menu_reply,
    message_reply,
    more_reply,
    parse_vote,
    plain_reply,
    sources_reply,
    takes_votes,
    topic_reply,
    vote_data,
    vote_reply,
    with_footer,
)
from tests.catalogue import NOT_IN_MENU, TOPIC_IDS

CALLBACK_MAX = 64  # bytes of callback_data Telegram accepts

# Messages that are sent as HTML (buttons are labels, `commands` is the command menu).
HTML_KEYS = ("help", "menu_prompt", "privacy", "forget_done", "non_text", "empty", "error",
             "flood", "not_admin", "subscribed", "already_subscribed", "unsubscribed",
             "not_subscribed", "subscribe_cancelled", "vote_thanks", "vote_sorry")


def assert_sendable(content: Content, reply: Reply) -> None:
    """Ends with the footer, is HTML Telegram accepts, fits one message."""
    assert reply.text.endswith(content.footer)
    assert markup.problems(reply.text) == []
    assert 0 < markup.visible_length(reply.text) <= TELEGRAM_MAX
    for row in reply.buttons:
        for button in row:
            assert button.text.strip()
            assert 0 < len(button.data.encode("utf-8")) <= CALLBACK_MAX


# -- composition ----------------------------------------------------------------------------

def _with_topic(content: Content, topic_id: str, **changes: object) -> Content:
    topic = dataclasses.replace(content.topic(topic_id), **changes)
    topics = dict(content.topics, **{topic_id: topic})
    return dataclasses.replace(content, topics=MappingProxyType(topics))


def test_first_screen_is_answer_then_cautions_then_footer(content: Content) -> None:
    custom = _with_topic(
        content, "sciatica",
        answer="<b>ANSWER</b> about the sciatic nerve.",
        more="MORE about it.",
        cautions="CAUTION: both legs means 999.",
        sources=(Source("NHS – Sciatica & you", "https://www.nhs.uk/sciatica?a=1&b=2"),
                 Source("NICE NG59", "https://www.nice.org.uk/guidance/ng59")))
    reply = topic_reply(custom, "sciatica")
    assert reply.text == ("<b>ANSWER</b> about the sciatic nerve.\n\n"
                          f"CAUTION: both legs means 999.\n\n{custom.footer}")
    # The rest of the answer and the sources are one tap away, first under the answer.
    assert [(b.text, b.data) for b in reply.buttons[0]] == [
        (custom.messages["button_more"], MORE_PREFIX + "sciatica"),
        (custom.messages["button_sources"], SOURCES_PREFIX + "sciatica")]


def test_more_shows_the_rest_with_sources_and_related_still_a_tap_away(
        content: Content) -> None:
    custom = _with_topic(content, "sciatica", more="MORE about <b>it</b>.")
    reply = more_reply(custom, "sciatica")
    assert reply is not None
    assert reply.topic is None  # the answer was counted when it was asked for, not again
    assert reply.text == f"MORE about <b>it</b>.\n\n{custom.footer}"
    data = [b.data for row in reply.buttons for b in row]
    assert data[0] == SOURCES_PREFIX + "sciatica"
    assert MORE_PREFIX + "sciatica" not in data
    assert data[1:-1] == [TOPIC_PREFIX + r for r in custom.topic("sciatica").related]
    assert data[-1] == MENU


def test_sources_list_every_link_escaped_with_the_way_back(content: Content) -> None:
    custom = _with_topic(
        content, "sciatica",
        sources=(Source("NHS – Sciatica & you", "https://www.nhs.uk/sciatica?a=1&b=2"),
                 Source("NICE NG59", "https://www.nice.org.uk/guidance/ng59")))
    reply = sources_reply(custom, "sciatica")
    assert reply is not None
    assert_sendable(custom, reply)
    assert '<a href="https://www.nhs.uk/sciatica?a=1&amp;b=2">NHS – Sciatica &amp; you</a>' \
        in reply.text
    assert reply.text.index("NHS – Sciatica") < reply.text.index("NICE NG59")
    assert [b.data for row in reply.buttons for b in row] == [TOPIC_PREFIX + "sciatica", MENU]


def test_no_more_and_no_sources_buttons_when_there_are_none(content: Content) -> None:
    custom = _with_topic(content, "sciatica", more="", sources=())
    data = [b.data for row in topic_reply(custom, "sciatica").buttons for b in row]
    assert not [d for d in data if d.startswith((MORE_PREFIX, SOURCES_PREFIX))]
    assert more_reply(custom, "sciatica") is None
    assert sources_reply(custom, "sciatica") is None
    assert more_reply(custom, "no_such_topic") is None


def test_a_broadcast_topic_says_everything_in_one_message(content: Content) -> None:
    """A broadcast has no buttons, so it carries the rest of the answer and the sources."""
    topic = next(t for t in content.topics.values() if t.more and t.sources and t.cautions)
    text = broadcast_text(content, topic=topic.id)
    positions = [text.index(part) for part in (
        topic.answer, topic.more, markup.escape(topic.sources[0].name), topic.cautions,
        content.footer)]
    assert positions == sorted(positions)


def test_bundled_topics_keep_the_order(content: Content) -> None:
    for topic in content.topics.values():
        text = topic_reply(content, topic.id).text
        parts = [p for p in (topic.answer, topic.cautions) if p]
        assert text == "\n\n".join([*parts, content.footer])


def test_topic_without_sources_or_cautions_is_answer_then_footer(content: Content) -> None:
    custom = _with_topic(content, "thanks", answer="You're welcome.", cautions="", sources=())
    assert topic_reply(custom, "thanks").text == f"You're welcome.\n\n{custom.footer}"


# -- every reply is sendable ----------------------------------------------------------------

@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_every_topic_reply_is_sendable(content: Content, topic_id: str) -> None:
    reply = topic_reply(content, topic_id)
    assert reply.topic == topic_id
    assert_sendable(content, reply)


@pytest.mark.parametrize("key", HTML_KEYS)
def test_every_message_reply_is_sendable(content: Content, key: str) -> None:
    reply = message_reply(content, key, menu=True)
    assert reply.text.startswith(content.messages[key])
    assert_sendable(content, reply)
    assert reply.buttons[-1][0].data == MENU


def test_menu_reply_is_sendable_and_opens_every_topic_through_its_group(
        content: Content) -> None:
    reply = menu_reply(content)
    assert reply.text.startswith(content.messages["menu_prompt"])
    assert_sendable(content, reply)
    data = [b.data for row in reply.buttons for b in row]
    assert data[0] == TOPIC_PREFIX + WARNING_SIGNS  # when to get urgent help comes first
    assert data[1:] == [GROUP_PREFIX + g.id for g in content.menu_groups]
    assert len(reply.buttons) <= 8  # one short screen on a phone
    reached = []
    for group in content.menu_groups:
        opened = group_reply(content, group.id)
        assert opened is not None
        assert_sendable(content, opened)
        assert opened.text.startswith(f"<b>{group.title}</b>")
        topics = [b.data for row in opened.buttons[:-1] for b in row]
        assert all(len(row) <= 2 for row in opened.buttons)
        assert opened.buttons[-1][0].data == MENU  # and back
        reached += topics
    expected = {TOPIC_PREFIX + t for t in content.topics if t not in NOT_IN_MENU} - {
        TOPIC_PREFIX + WARNING_SIGNS}
    assert set(reached) == expected and len(reached) == len(expected)
    assert all(len(d.encode()) <= 64 for d in data + reached)
    assert group_reply(content, "no_such_group") is None


def test_plain_reply_and_empty_body_get_the_footer(content: Content) -> None:
    assert with_footer(content, "") == content.footer
    assert with_footer(content, "  \n ") == content.footer
    assert_sendable(content, plain_reply(content, "<b>42</b> subscribers"))


@pytest.mark.parametrize("body", [
    "a" * 10_000,
    "<b>" + "bold " * 2_000 + "</b>",
    "fish &amp; chips " * 600,
    '<a href="https://www.nhs.uk/">NHS</a> ' * 300,
])
def test_an_over_long_body_is_cut_to_fit_with_its_footer(content: Content, body: str) -> None:
    text = with_footer(content, body)
    assert text.endswith(content.footer)
    assert markup.problems(text) == []
    assert markup.visible_length(text) <= TELEGRAM_MAX


def test_an_over_long_emoji_body_is_cut_to_fit(content: Content) -> None:
    text = plain_reply(content, "Back Care Awareness Week 🎉 " + "💪" * 5_000).text
    assert text.endswith(content.footer)
    assert markup.visible_length(text) <= TELEGRAM_MAX


# -- user text is escaped -------------------------------------------------------------------

def test_echoed_user_text_is_escaped(content: Content) -> None:
    reply = message_reply(content, "unknown_command", command="<b>&")
    assert "&lt;b&gt;&amp;" in reply.text
    assert "<b>&" not in reply.text
    assert_sendable(content, reply)


@pytest.mark.parametrize("command", [
    "/<a href='x'>", "/x</i>", "/&amp;", "/{command}", "/" + "<" * 500, "/" + "😀" * 500,
    "/multi\nline\ttext",
])
def test_any_echoed_command_is_clipped_and_sendable(content: Content, command: str) -> None:
    reply = message_reply(content, "unknown_command", command=command)
    assert_sendable(content, reply)
    body = markup.to_plain(reply.text[: -len(content.footer)]).strip()
    template = markup.to_plain(content.messages["unknown_command"].replace("{command}", ""))
    assert len(body) <= len(template.strip()) + ECHO_LIMIT


def test_echoed_whitespace_is_collapsed(content: Content) -> None:
    reply = message_reply(content, "unknown_command", command="/multi\nline\ttext")
    assert "/multi line text" in reply.text


# -- buttons --------------------------------------------------------------------------------

@pytest.mark.parametrize("topic_id", [t for t in TOPIC_IDS if t not in {"subscribe",
                                                                         "unsubscribe"}])
def test_related_topics_then_the_vote_then_the_menu_button(content: Content,
                                                          topic_id: str) -> None:
    reply = topic_reply(content, topic_id)
    topic = content.topic(topic_id)
    details = [MORE_PREFIX + topic_id] if topic.more else []
    details += [SOURCES_PREFIX + topic_id] if topic.sources else []
    rows = list(reply.buttons)
    if details:
        assert [b.data for b in rows.pop(0)] == details
    *rows, last = rows
    if topic_id not in NO_VOTES:
        *rows, vote = rows
        assert [(b.text, b.data) for b in vote] == [
            (content.messages["button_helpful"], f"{VOTE_PREFIX}{topic_id}:y"),
            (content.messages["button_not_helpful"], f"{VOTE_PREFIX}{topic_id}:n")]
    buttons = [b for row in rows for b in row]
    assert [b.data for b in buttons] == [TOPIC_PREFIX + r for r in topic.related]
    assert [b.text for b in buttons] == [content.topic(r).title for r in topic.related]
    assert [(b.text, b.data) for b in last] == [(content.messages["button_menu"], MENU)]


@pytest.mark.parametrize("topic_id", ["subscribe", "unsubscribe"])
def test_subscription_topics_ask_for_confirmation(content: Content, topic_id: str) -> None:
    reply = topic_reply(content, topic_id)
    first = reply.buttons[0]
    assert [b.text for b in first] == [content.messages[f"button_confirm_{topic_id}"],
                                       content.messages["button_cancel"]]
    assert len({b.data for b in first}) == 2
    assert reply.buttons[-1][0].data == MENU


def test_every_button_payload_routes_back(content: Content,
                                          conversation: Conversation) -> None:
    for topic_id in TOPIC_IDS:
        for row in topic_reply(content, topic_id).buttons:
            for button in row:
                if button.data.startswith(TOPIC_PREFIX):
                    target = button.data[len(TOPIC_PREFIX):]
                    reply = conversation.reply_to_topic(target)
                    assert reply is not None and reply.topic == target
                elif button.data.startswith(MORE_PREFIX):
                    more = conversation.more(topic_id)
                    assert more is not None and more.text.startswith(
                        content.topic(topic_id).more)
                    assert_sendable(content, more)
                elif button.data.startswith(SOURCES_PREFIX):
                    sources = conversation.sources(topic_id)
                    assert sources is not None
                    assert_sendable(content, sources)
                elif button.data.startswith(VOTE_PREFIX):
                    assert parse_vote(button.data) in [(topic_id, True), (topic_id, False)]


# -- "was this helpful?" -------------------------------------------------------------------

def test_ordinary_answers_take_votes_and_triage_small_talk_and_actions_do_not(
        content: Content) -> None:
    voting = {t for t in content.topics if takes_votes(t)}
    assert voting == set(content.topics) - {
        EMERGENCY, URGENT, CRISIS, "greeting", "thanks", "subscribe", "unsubscribe",
        "fallback"}
    for topic_id in content.topics:
        data = [b.data for row in topic_reply(content, topic_id).buttons for b in row]
        votes = [d for d in data if d.startswith(VOTE_PREFIX)]
        assert votes == ([vote_data(topic_id, True), vote_data(topic_id, False)]
                         if topic_id in voting else [])


def test_the_longest_topic_id_still_fits_in_vote_data() -> None:
    longest = "a" * 50  # the content loader's limit for an id
    for helpful in (True, False):
        data = vote_data(longest, helpful)
        assert len(data.encode()) <= CALLBACK_MAX
        assert parse_vote(data) == (longest, helpful)


@pytest.mark.parametrize("data", ["vote:", "vote:sciatica", "vote:sciatica:", "vote::y",
                                  "vote:sciatica:yes", "topic:sciatica", "vote:sciatica:Y"])
def test_malformed_vote_data_is_no_vote(data: str) -> None:
    assert parse_vote(data) is None


def test_vote_replies_thank_or_offer_the_menu(content: Content) -> None:
    thanks = vote_reply(content, True)
    assert thanks.text.startswith(content.messages["vote_thanks"].strip())
    assert thanks.topic is None  # a vote is not a question: counted apart
    sorry = vote_reply(content, False)
    assert sorry.text.startswith(content.messages["vote_sorry"].strip())
    assert sorry.buttons == menu_reply(content).buttons
    assert sorry.topic is None
    for reply in (thanks, sorry):
        assert_sendable(content, reply)


# -- emergencies ----------------------------------------------------------------------------

def test_emergency_reply_names_999_first_and_111_only_in_the_footer(content: Content) -> None:
    reply = topic_reply(content, EMERGENCY)
    assert reply.emergency
    answer = content.topic(EMERGENCY).answer
    assert "999" in answer.split("\n")[0]  # the first line says what to do
    assert "111" not in answer  # no second number to weigh up in an emergency
    assert reply.text.index("999") < reply.text.index("111")


@pytest.mark.parametrize("tier", [EMERGENCY, URGENT, CRISIS])
def test_triage_topics_are_not_in_the_menu_and_take_no_examples(content: Content,
                                                               tier: str) -> None:
    assert not content.topic(tier).menu
    assert content.topic(tier).examples == ()


def test_crisis_reply_names_the_crisis_lines_and_no_back_symptoms(content: Content) -> None:
    answer = content.topic(CRISIS).answer
    for line in ("999", "111", "116 123", "85258", "0800 1111"):
        assert line in answer
    for symptom in ("bladder", "numb", "legs"):
        assert symptom not in answer


def test_red_flag_message_gets_the_emergency_reply(content: Content,
                                                   conversation: Conversation) -> None:
    reply = conversation.reply_to_text("since this morning I can't feel my bum when I wipe")
    assert reply.triage == EMERGENCY and reply.emergency
    assert topic_body(content.topic(EMERGENCY)) in reply.text


def test_empty_message_gets_the_empty_reply_with_a_menu_button(
        content: Content, conversation: Conversation) -> None:
    reply = conversation.reply_to_text("   ")
    assert reply.text.startswith(content.messages["empty"])
    assert reply.buttons[-1][0].data == MENU
    assert_sendable(content, reply)
