"""Short follow-ups read against the chat's last topic, for a short time, in memory only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.answers.conversation import Conversation
from bot.answers.dialogue import FOLLOW_UP_CHATS, FOLLOW_UP_SECONDS, Dialogue
from bot.testing.clock import FakeClock

CHAT = 7


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 10, 5, 9, 0, tzinfo=UTC))


@pytest.fixture
def dialogue(conversation: Conversation, clock: FakeClock) -> Dialogue:
    return Dialogue(conversation, clock=clock)


@pytest.mark.parametrize(("first", "then", "topic"), [
    ("does acupuncture help back pain", "and for sciatica?", "acupuncture_sciatica"),
    ("what is sciatica", "how long does it last?", "sciatica"),
    ("does acupuncture help back pain", "how much does it cost", "cost_and_access"),
    ("does acupuncture help back pain", "does it work for sciatica too",
     "acupuncture_sciatica"),
    ("when do scans help with back pain", "do I need one?", "scans"),
    # An "it" standing for the last subject: the same topic again is the answer to it.
    ("how many ibuprofen can i take for my back", "is it safe though?", "painkillers"),
    ("should i get an mri for my back", "is it safe?", "scans"),
    ("what exercises help back pain", "how often should i do them", "exercises"),
    ("what is sciatica", "what causes it?", "sciatica"),
    # ...its subject as the topic says it (`subject`), where the id's words would read oddly.
    ("can i get acupuncture on the nhs", "how much is it privately", "cost_and_access"),
    ("what is acupuncture", "is it safe for kids", "acupuncture_safety"),
])
async def test_a_follow_up_reads_with_the_last_topic(dialogue: Dialogue, first: str,
                                                     then: str, topic: str) -> None:
    alone = dialogue.conversation.reply_to_text(then).topic
    assert alone != topic  # the follow-up means something else, or nothing, on its own
    await dialogue.text(CHAT, first)
    assert (await dialogue.text(CHAT, then)).topic == topic


@pytest.mark.parametrize(("first", "then"), [
    ("what is sciatica", "who scored for Leeds on Saturday"),
    ("what is sciatica", "the baby made a mess"),
    ("does acupuncture help back pain", "my car failed the MOT today"),
])
async def test_a_short_message_of_its_own_out_of_our_field_is_no_follow_up(
        dialogue: Dialogue, first: str, then: str) -> None:
    # Out of our field alone and leaning on nothing: the last answer again would not help.
    assert dialogue.conversation.reply_to_text(then).topic == "fallback"
    await dialogue.text(CHAT, first)
    assert (await dialogue.text(CHAT, then)).topic == "fallback"


@pytest.mark.parametrize("then", ["how much?", "the price?", "cost?"])
async def test_a_follow_up_of_question_words_only_still_reads_with_the_last_topic(
        dialogue: Dialogue, then: str) -> None:
    await dialogue.text(CHAT, "does acupuncture help back pain")
    assert (await dialogue.text(CHAT, then)).topic == "cost_and_access"


async def test_a_question_that_names_its_topic_is_not_bent(dialogue: Dialogue) -> None:
    await dialogue.text(CHAT, "what is sciatica")
    assert (await dialogue.text(CHAT, "how do I find a registered acupuncturist")).topic \
        == "find_practitioner"
    assert (await dialogue.text(CHAT, "thanks")).topic == "thanks"


async def test_follow_ups_are_per_chat_and_forgotten_after_a_while(
        dialogue: Dialogue, clock: FakeClock) -> None:
    await dialogue.text(CHAT, "does acupuncture help back pain")
    assert (await dialogue.text(CHAT + 1, "how much does it cost")).topic == "fallback"
    clock.advance(FOLLOW_UP_SECONDS + 1)
    assert (await dialogue.text(CHAT, "how much does it cost")).topic == "fallback"


async def test_a_topic_button_starts_a_thread_and_forget_ends_it(dialogue: Dialogue) -> None:
    from bot.answers import commands

    await dialogue.button(CHAT, "topic:acupuncture_back_pain")
    assert (await dialogue.text(CHAT, "and for sciatica?")).topic == "acupuncture_sciatica"
    forget = commands.find("forget")
    assert forget is not None
    await dialogue.command(CHAT, forget)
    assert dialogue.recent is not None and CHAT not in dialogue.recent


async def test_triage_reads_the_message_alone_and_ends_the_thread(dialogue: Dialogue) -> None:
    await dialogue.text(CHAT, "does acupuncture help back pain")
    alarm = await dialogue.text(CHAT, "i cant feel my legs and cant pee")
    assert alarm.triage == "emergency"
    assert dialogue.recent is not None and CHAT not in dialogue.recent


async def test_memory_is_bounded_however_many_chats_write(dialogue: Dialogue) -> None:
    assert dialogue.recent is not None
    for chat in range(FOLLOW_UP_CHATS + 500):
        dialogue._remember(chat, dialogue.conversation.topic("sciatica"))
    assert len(dialogue.recent) == FOLLOW_UP_CHATS
    assert 0 not in dialogue.recent and FOLLOW_UP_CHATS + 499 in dialogue.recent


async def test_ask_has_no_follow_ups(conversation: Conversation) -> None:
    """`ask` answers each line as a new person."""
    ask = Dialogue(conversation, follow_ups=False)
    await ask.text(CHAT, "does acupuncture help back pain")
    assert (await ask.text(CHAT, "and for sciatica?")).topic == "sciatica"


# dev30 round: a bare goodbye just after the crisis reply may be a last message.
CRISIS_FIRST = [
    "nothing has any point now and I mean to end my life",
    "been cutting my arms again since the back got worse",
]


@pytest.mark.parametrize("first", CRISIS_FIRST)
@pytest.mark.parametrize("goodbye", ["bye", "goodbye", "bye then", "goodbye everyone",
                                     "ok bye", "Bye bye.", "right, goodbye then x", "so long",
                                     "Ta-ra xxx", "byebye 👋"])
async def test_a_bare_goodbye_after_the_crisis_reply_gets_it_again(
        dialogue: Dialogue, first: str, goodbye: str) -> None:
    assert (await dialogue.text(CHAT, first)).triage == "crisis"
    again = await dialogue.text(CHAT, goodbye)
    assert again.triage == "crisis" and again.topic == "crisis"
    assert "saying goodbye" in again.text


@pytest.mark.parametrize("goodbye", ["ok thanks, bye", "thanks, bye", "bye for now",
                                     "cheers, see you next week", "thank you", "bye mate, ta",
                                     "so long as it helps"])
async def test_thanks_or_a_goodbye_till_later_after_the_crisis_reply_is_ordinary(
        dialogue: Dialogue, goodbye: str) -> None:
    assert (await dialogue.text(CHAT, CRISIS_FIRST[0])).triage == "crisis"
    assert (await dialogue.text(CHAT, goodbye)).triage is None


@pytest.mark.parametrize("goodbye", ["bye", "goodbye", "bye then", "ok bye"])
async def test_a_bare_goodbye_at_other_times_ends_an_ordinary_chat(
        dialogue: Dialogue, clock: FakeClock, goodbye: str) -> None:
    assert (await dialogue.text(CHAT, goodbye)).triage is None
    await dialogue.text(CHAT, "do heat pads help after a day of digging the allotment")
    assert (await dialogue.text(CHAT, goodbye)).triage is None
    await dialogue.text(CHAT, CRISIS_FIRST[0])
    clock.advance(FOLLOW_UP_SECONDS + 1)
    assert (await dialogue.text(CHAT, goodbye)).triage is None


async def test_nothing_else_is_read_as_a_follow_up_to_the_crisis_reply(
        dialogue: Dialogue) -> None:
    await dialogue.text(CHAT, CRISIS_FIRST[0])
    assert (await dialogue.text(CHAT, "and is it pricey")).topic == "fallback"
