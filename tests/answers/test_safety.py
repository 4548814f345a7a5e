"""Red flags: recognised in people's own words, first, and not on ordinary aches.

Missing a red flag is the worst bug the bot can have; crying wolf on an everyday question is
the second worst. The sentences here are written for these tests (not taken from the
evaluation or benchmark sets), in the ways people really type: typos, slang, a greeting
first, a long story with the symptom in the middle.
"""

from __future__ import annotations

import pytest

from bot.answers.catalogue import EMERGENCY
from bot.answers.content import Content
from bot.answers.conversation import Conversation
from bot.answers.matching import MAX_WORDS, Matcher

BLADDER = "bladder or bowel problems"
SADDLE = "numbness around the genitals or bottom (saddle area)"
LEGS_WEAK = "weakness or numbness in both legs"
LEGS_PAIN = "sciatica or pain in both legs"
WALKING = "difficulty walking or paralysis"
CHEST = "chest pain or breathing trouble"
ACCIDENT = "after a serious accident or fall"
FEVER = "fever or feeling unwell"
WEIGHT = "unexplained weight loss"
CANCER = "history of cancer"
NIGHT = "pain worse at night or not eased by rest"
BAND = "band-like pain around the body"
BONES = "minor injury with osteoporosis or long-term steroids"
LUMP = "lump or change in the shape of the back"
SEXUAL = "change in sexual function"
SUICIDE = "thoughts of suicide or self-harm"

# (the rule it should fire, the message)
RED_FLAGS: list[tuple[str, str]] = [
    (BLADDER, "since yesterday I keep wetting myself and my lower back is agony"),
    (BLADDER, "hiya, quick one, ive been having real trouble peeing since my back went"),
    (BLADDER, "my back has been bad all week and today I couldnt control my bowels at all"),
    (BLADDER, "Morning! I've noticed I can't really tell when I need a wee any more"),
    (BLADDER, "i cant controll my bladder since my back went"),
    (BLADDER, "no, honestly, the thing is that lately I keep wetting myself"),
    (SADDLE, "ok so long story, I was gardening on saturday, bent down to pull up some weeds, "
             "felt a twinge, thought nothing of it, went to my mums for sunday lunch, and now "
             "my bum and inner thighs feel numb and weird, my lower back is stiff too"),
    (SADDLE, "weird tingly feeling round my privates since my back went"),
    (SADDLE, "numbnes round my bum and privates"),
    (SADDLE, "pins and needles in my groin since I hurt my back"),
    (LEGS_WEAK, "Hello there. Both of my legs feel weak and wobbly today"),
    (LEGS_WEAK, "my legs keep buckling under me since this morning"),
    (LEGS_WEAK, "ma legs r numb both of em"),
    (LEGS_WEAK, "my legs keep givin way"),
    (LEGS_PAIN, "shooting pain down both legs, worse than ever"),
    (LEGS_PAIN, "got sciatica in both legs now, not just the left"),
    (WALKING, "I literally cannot walk more than a few steps, my back is that bad"),
    (WALKING, "my foot keeps slapping down, I think it's foot drop"),
    (WALKING, "i cant wlak properly today"),
    (CHEST, "sharp chest pains when I breathe in and my upper back aches"),
    (CHEST, "I'm really short of breath and my back hurts between the shoulders"),
    (CHEST, "my chestt hurts and my back aches"),
    (ACCIDENT, "fell off a ladder yesterday and landed on my back"),
    (ACCIDENT, "was in a car crash on monday and now my neck and back are killing me"),
    (FEVER, "I've got a fever and my back is really sore"),
    (FEVER, "running a temperature with bad lower back pain, feel awful"),
    (WEIGHT, "I've lost about a stone in the last two months without trying and my back aches"),
    (CANCER, "I had breast cancer a few years ago and now my back hurts"),
    (CANCER, "in remission from lymphoma, new back pain, should I worry"),
    (NIGHT, "the pain is much worse at night and nothing helps"),
    (NIGHT, "back pain keeps me awake every night, even lying still it throbs"),
    (NIGHT, "my lower back pain is much wrose at night"),
    (BAND, "it feels like a tight band around my ribs from my back"),
    (BONES, "I have osteoporosis and twisted my back reaching for a cup"),
    (LUMP, "theres a lump on my spine that wasnt there before"),
    (SEXUAL, "since my back injury I cant get an erection"),
    (SUICIDE, "my back pain is so bad I want to end it all"),
    (SUICIDE, "honestly some days I think about killing myself because of this pain"),
]


@pytest.mark.parametrize(("rule", "message"), RED_FLAGS, ids=[m[:40] for _, m in RED_FLAGS])
def test_red_flag_is_an_emergency(matcher: Matcher, rule: str, message: str) -> None:
    match = matcher.match(message)
    assert match.emergency, f"missed red flag ({rule}): {message!r} -> {match}"
    assert match.topic == EMERGENCY


def test_every_rule_is_exercised(content: Content, matcher: Matcher) -> None:
    """Each rule of red_flags.yaml has at least one case above that it fires on."""
    fired = {matcher.match(message).red_flag for _, message in RED_FLAGS}
    assert {rule.name for rule in content.red_flags.rules} <= fired


@pytest.mark.parametrize("message", [
    "no numbness or tingling, just a stiff back",
    "I don't have a fever",
    "I don't have a fever, just a sore back",
    "without any bladder problems",
    "my legs are fine, no weakness",
    "no bladder or bowel issues, just a nagging ache",
    "I've never had cancer but my back aches a lot",
    "i dont have any numbness around my bottom",
    "no fever, no weight loss, just a sore lower back",
    "I don't get any tingling in my legs, only back pain",
    "is acupuncture good for back pain, I am not suicidal or anything just curious",
])
def test_negated_symptom_is_not_an_emergency(matcher: Matcher, message: str) -> None:
    assert not matcher.match(message).emergency


@pytest.mark.parametrize("message", [
    "No fever. But I keep wetting myself",              # a new sentence: the "no" is spent
    "no pain in my back but my legs have gone numb",    # "but" starts a new clause
    "no idea why I wet myself last night",              # "no idea" negates nothing
    "I'm not sure why, but both my legs feel numb",
])
def test_negation_does_not_reach_past_its_clause(matcher: Matcher, message: str) -> None:
    assert matcher.match(message).emergency


@pytest.mark.parametrize("message", [
    "can acupuncture help sciatica? also I can't control my bladder",
    "what is acupuncture, and btw both my legs went numb this morning",
    "how do I find a practitioner? I fell down the stairs and my back is agony",
    "is it safe to have acupuncture when I can't control my bowels",
    "hi! thanks for the tips yesterday. since this morning my chest hurts and my back aches",
])
def test_red_flag_wins_over_any_topic(conversation: Conversation, message: str) -> None:
    reply = conversation.reply_to_text(message)
    assert reply.emergency and reply.topic == EMERGENCY
    assert reply.text.startswith(conversation.content.topic(EMERGENCY).answer)


@pytest.mark.parametrize("message", [
    "my back is killing me",
    "agony after gardening",
    "absolute agony in my lower back after lifting the shopping",
    "my back is absolutely killing me today, what can I do",
    "this pain is killing me",
    "my lower back is sore after a long drive",
    "back pain is doing my head in",
    "I tripped over the cat but I'm fine, anyway what is acupuncture",
    "my legs are tired after a long walk",
    "i have a cold and my back aches",
    "what are the red flags for back pain",
])
def test_ordinary_pain_words_are_not_emergencies(matcher: Matcher, message: str) -> None:
    assert not matcher.match(message).emergency


def test_a_long_message_with_sentences_keeps_its_red_flag(matcher: Matcher) -> None:
    ramble = "We went to the shops with my sister and had a long chat about nothing. " * 40
    assert matcher.match(ramble + "Since then I have wet myself twice.").emergency
    assert matcher.match("I have wet myself twice. " + ramble).emergency


# -- known misses and false alarms ----------------------------------------------------------

def test_red_flag_after_a_long_run_on_ramble(matcher: Matcher) -> None:
    ramble = " ".join(["and then we went to the shops with my sister"] * 25)
    assert len(ramble.split()) > MAX_WORDS and len(ramble) < 4096
    assert matcher.match(ramble + " and now I have wet myself twice").emergency


@pytest.mark.parametrize("message", [
    "im feeling sucidal because of my back pain",
    "ive become incontinant since my back went",
    "my bowles havent worked right since my back went",
    "got a feever and back pain",
])
def test_typo_in_a_prefix_red_flag_word(matcher: Matcher, message: str) -> None:
    assert matcher.match(message).emergency


def test_typo_tie_goes_to_the_red_flag_word(matcher: Matcher) -> None:
    assert matcher.match("i cant controll my blader since my back went").emergency


def test_falling_asleep_is_not_a_fall(matcher: Matcher) -> None:
    assert not matcher.match("I fell asleep on the sofa and now my back aches").emergency


def test_both_sides_of_the_back_is_not_both_legs(matcher: Matcher) -> None:
    assert not matcher.match("my lower back aches on both sides").emergency


@pytest.mark.parametrize("message", [
    "my chest feels tight and my back aches",
    "pain across my chest and upper back",
    "crushing pressure in my chest and my back hurts",
    "I can't catch my breath and my back hurts",
    "my chest is really sore",
])
def test_everyday_ways_of_saying_chest_pain(matcher: Matcher, message: str) -> None:
    assert matcher.match(message).emergency
