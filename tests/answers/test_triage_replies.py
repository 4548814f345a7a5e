"""Triage replies: what was understood first, then the tier's advice, a way out, and the
question that was asked kept one press away."""

from __future__ import annotations

import pytest

from bot.answers import markup
from bot.answers.catalogue import CRISIS, EMERGENCY, URGENT, WARNING_SIGNS
from bot.answers.content import Content, topic_body
from bot.answers.conversation import Conversation
from bot.answers.matching import Match
from bot.answers.replies import MENU, TOPIC_PREFIX
from bot.answers.triage import Finding, Tier


def finding(tier: Tier, says: str, rule: str = "a rule") -> Finding:
    return Finding(rule=rule, tier=tier, says=says)


def data(reply_buttons: tuple[tuple[object, ...], ...]) -> list[str]:
    return [b.data for row in reply_buttons for b in row]  # type: ignore[attr-defined]


@pytest.mark.parametrize("tier,topic", [(Tier.EMERGENCY, EMERGENCY), (Tier.URGENT, URGENT),
                                        (Tier.CRISIS, CRISIS)])
def test_reply_says_what_it_understood_then_the_tiers_advice(
        conversation: Conversation, content: Content, tier: Tier, topic: str) -> None:
    match = Match(topic, 1.0, emergency=tier is Tier.EMERGENCY, triage=tier,
                  findings=(finding(tier, "you have <odd> & plain words"),))
    reply = conversation.reply_to_match(match)
    understood = content.messages["triage_understood"].replace(
        "{what}", markup.escape("you have <odd> & plain words"))
    assert reply.text.startswith(understood)
    assert topic_body(content.topic(topic)) in reply.text
    assert reply.text.endswith(content.footer)
    assert reply.topic == topic and reply.triage == tier.value
    assert reply.emergency is (tier is Tier.EMERGENCY)
    assert markup.problems(reply.text) == []
    assert data(reply.buttons)[-1] == MENU  # "That's not what I meant" leads to the menu
    assert content.messages["button_not_meant"] in [b.text for row in reply.buttons
                                                    for b in row]


def test_a_crisis_beside_an_emergency_gets_the_crisis_lines_first_and_999_for_the_back(
        conversation: Conversation, content: Content) -> None:
    """A person in crisis is not handed a back-pain symptom list; the back emergency they
    reported is still named, in one sentence, with 999."""
    match = Match(CRISIS, 1.0, emergency=False, triage=Tier.CRISIS,
                  findings=(finding(Tier.CRISIS, "you have thoughts of ending your life"),
                            finding(Tier.EMERGENCY, "both your legs are numb")))
    reply = conversation.reply_to_match(match)
    crisis = reply.text.index(topic_body(content.topic(CRISIS)))
    also = content.messages["triage_also_emergency"].replace("{what}", "both your legs are numb")
    assert crisis < reply.text.index(also.strip())
    assert topic_body(content.topic(EMERGENCY)) not in reply.text
    assert reply.triage == CRISIS and not reply.emergency
    assert "116 123" in reply.text and "999" in also


def test_a_message_with_suicidal_words_and_a_999_sign_is_answered_as_a_crisis(
        conversation: Conversation, content: Content) -> None:
    reply = conversation.reply_to_text(
        "both my legs have gone numb and i cant pee, honestly i want to end my life")
    assert reply.triage == CRISIS and not reply.emergency
    assert reply.text.index("116 123") < reply.text.index("You also said")
    assert "both legs" in reply.text[reply.text.index("You also said"):]


def test_the_question_asked_is_offered_after_the_advice(conversation: Conversation,
                                                        content: Content) -> None:
    match = Match(URGENT, 1.0, triage=Tier.URGENT, asked="acupuncture_sciatica",
                  findings=(finding(Tier.URGENT, "you have a high temperature"),))
    reply = conversation.reply_to_match(match)
    assert TOPIC_PREFIX + "acupuncture_sciatica" in data(reply.buttons)
    assert content.topic("acupuncture_sciatica").answer not in reply.text  # advice first


@pytest.mark.parametrize("asked", [None, "fallback", "greeting", EMERGENCY])
def test_no_question_button_for_small_talk_or_no_question(conversation: Conversation,
                                                          asked: str | None) -> None:
    match = Match(EMERGENCY, 1.0, emergency=True, triage=Tier.EMERGENCY, asked=asked,
                  findings=(finding(Tier.EMERGENCY, "you can't feel your legs"),))
    assert data(conversation.reply_to_match(match).buttons) == [MENU]


@pytest.mark.parametrize("text", [
    "I'm done with it all",
    "my back is agony and i feel like ending it all",
    "my family would manage better if I was gone",
])
def test_the_crisis_reply_offers_no_guessed_topic(conversation: Conversation, text: str) -> None:
    """Beside the crisis lines, a topic the words only loosely suggest jars: its only
    buttons lead to the crisis help itself and out ("That's not what I meant")."""
    reply = conversation.reply_to_text(text)
    assert reply.triage == CRISIS
    assert not [d for d in data(reply.buttons) if d.startswith(TOPIC_PREFIX)]


def test_the_crisis_reply_keeps_a_clear_question(conversation: Conversation) -> None:
    reply = conversation.reply_to_text("I want to die, does acupuncture help back pain")
    assert reply.triage == CRISIS
    assert TOPIC_PREFIX + "acupuncture_back_pain" in data(reply.buttons)


def test_the_same_finding_is_said_once(conversation: Conversation, content: Content) -> None:
    match = Match(EMERGENCY, 1.0, emergency=True, triage=Tier.EMERGENCY,
                  findings=(finding(Tier.EMERGENCY, "you can't pee", "a"),
                            finding(Tier.EMERGENCY, "you can't pee", "b")))
    assert conversation.reply_to_match(match).text.count("you can't pee") == 1


@pytest.mark.parametrize("text,tier", [
    ("i've wet myself and i can't feel my bum", Tier.EMERGENCY),
    ("my back hurts and i've got a high temperature and the shivers", Tier.URGENT),
    ("i don't want to be here anymore", Tier.CRISIS),
])
def test_real_messages_get_their_tier_end_to_end(conversation: Conversation,
                                                 text: str, tier: Tier) -> None:
    reply = conversation.reply_to_text(text)
    assert reply.triage == tier.value


@pytest.mark.parametrize("text", ["what are the symptoms of cauda equina?",
                                  "which back pain symptoms are an emergency?"])
def test_questions_about_symptoms_get_information_not_the_alarm(
        conversation: Conversation, text: str) -> None:
    reply = conversation.reply_to_text(text)
    assert reply.triage is None
    assert reply.topic == WARNING_SIGNS


def test_no_topic_example_sets_off_an_emergency_or_a_crisis(content: Content,
                                                           conversation: Conversation) -> None:
    """The ordinary questions the content is built from never get the alarm or the crisis
    reply (urgent is allowed: "ache between my shoulder blades" is an NHS urgent sign)."""
    alarms = [(t.id, example) for t in content.topics.values() for example in t.examples
              if conversation.match(example).triage in (Tier.EMERGENCY, Tier.CRISIS)]
    assert alarms == []
