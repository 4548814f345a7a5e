"""The dialogue both front ends share: commands, STOP, buttons and subscriptions.

Telegram's handlers and the terminal chat only move text in and out; what is answered is
decided here, so these tests pin it down once for both.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.answers import commands
from bot.answers.commands import COMMANDS, PUBLIC, Action
from bot.answers.content import Content
from bot.answers.conversation import Conversation
from bot.answers.dialogue import STOP_WORDS, VOTE_SECONDS, Dialogue, MemorySubscriptions
from bot.answers.replies import CANCEL, CONFIRM_SUBSCRIBE, CONFIRM_UNSUBSCRIBE, MENU
from bot.testing.clock import FakeClock

CHAT = 42


@pytest.fixture
def subs() -> MemorySubscriptions:
    return MemorySubscriptions()


@pytest.fixture
def dialogue(conversation: Conversation, subs: MemorySubscriptions) -> Dialogue:
    return Dialogue(conversation, subs)


def first_line(text: str) -> str:
    return text.split("\n")[0]


def command(name: str) -> commands.Command:
    found = commands.find(name)
    assert found is not None
    return found


async def test_help_lists_every_public_command_with_its_description(
        dialogue: Dialogue, content: Content) -> None:
    reply = await dialogue.command(CHAT, command("help"))
    assert reply.text.startswith(first_line(content.messages["help"]))
    for c in PUBLIC:
        assert f"/{c.name} – {content.commands[c.name]}" in reply.text
    for c in COMMANDS:
        if c.admin:
            assert f"/{c.name}" not in reply.text
    assert reply.text.endswith(content.footer)


@pytest.mark.parametrize("name,key", [("privacy", "privacy"), ("topics", "menu_prompt"),
                                      ("menu", "menu_prompt")])
async def test_commands_answer_with_their_own_message(dialogue: Dialogue, content: Content,
                                                      name: str, key: str) -> None:
    reply = await dialogue.command(CHAT, command(name))
    assert reply.text.startswith(first_line(content.messages[key]))


async def test_start_opens_a_deep_linked_topic_or_greets(dialogue: Dialogue,
                                                        content: Content) -> None:
    linked = await dialogue.command(CHAT, command("start"), "sciatica")
    assert linked.topic == "sciatica"
    greeted = await dialogue.command(CHAT, command("start"), "no_such_topic")
    assert greeted.topic == "greeting"


async def test_subscribe_unsubscribe_and_forget_change_the_subscription(
        dialogue: Dialogue, subs: MemorySubscriptions, content: Content) -> None:
    joined = await dialogue.command(CHAT, command("subscribe"))
    assert joined.text.startswith(first_line(content.messages["subscribed"]))
    again = await dialogue.command(CHAT, command("subscribe"))
    assert again.text.startswith(first_line(content.messages["already_subscribed"]))
    assert CHAT in subs.active
    await dialogue.command(CHAT, command("forget"))
    assert CHAT not in subs.active
    not_in = await dialogue.command(CHAT, command("unsubscribe"))
    assert not_in.text.startswith(first_line(content.messages["not_subscribed"]))


@pytest.mark.parametrize("word", sorted(STOP_WORDS) + ["STOP", " Stop "])
async def test_stop_unsubscribes_at_once_without_a_question(
        dialogue: Dialogue, subs: MemorySubscriptions, content: Content, word: str) -> None:
    await subs.subscribe(CHAT)
    reply = await dialogue.text(CHAT, word)
    assert reply.text.startswith(first_line(content.messages["unsubscribed"]))
    assert reply.buttons == ()  # no confirm button: it is done
    assert CHAT not in subs.active


async def test_asking_to_subscribe_in_words_needs_the_confirm_button(
        dialogue: Dialogue, subs: MemorySubscriptions) -> None:
    reply = await dialogue.text(CHAT, "please sign me up for the campaign messages")
    assert CONFIRM_SUBSCRIBE in [b.data for row in reply.buttons for b in row]
    assert CHAT not in subs.active
    await dialogue.button(CHAT, CONFIRM_SUBSCRIBE)
    assert CHAT in subs.active
    await dialogue.button(CHAT, CONFIRM_UNSUBSCRIBE)
    assert CHAT not in subs.active


@pytest.mark.parametrize("data", [MENU, "garbage:data", "", "topic:no_such_topic"])
async def test_unknown_or_menu_buttons_show_the_menu(dialogue: Dialogue, content: Content,
                                                     data: str) -> None:
    reply = await dialogue.button(CHAT, data)
    assert reply.text.startswith(content.messages["menu_prompt"])


async def test_cancel_and_topic_buttons(dialogue: Dialogue, content: Content) -> None:
    cancelled = await dialogue.button(CHAT, CANCEL)
    assert cancelled.text.startswith(first_line(content.messages["subscribe_cancelled"]))
    topic = await dialogue.button(CHAT, "topic:self_care")
    assert topic.topic == "self_care"


@pytest.mark.parametrize("action", [Action.STATS, Action.BROADCAST, Action.REPORT])
async def test_organisers_commands_are_refused_by_the_shared_dialogue(
        dialogue: Dialogue, content: Content, action: Action) -> None:
    [organiser] = [c for c in COMMANDS if c.action is action]
    reply = await dialogue.command(CHAT, organiser, "hello")
    assert reply.text.startswith(first_line(content.messages["not_admin"]))


async def test_without_a_database_changes_still_answer(conversation: Conversation,
                                                      content: Content) -> None:
    dialogue = Dialogue(conversation)  # the store is not open yet
    reply = await dialogue.command(CHAT, command("subscribe"))
    assert reply.text.startswith(first_line(content.messages["subscribed"]))


async def test_myid_shows_who_typed_it(dialogue: Dialogue) -> None:
    """How an organiser finds the number for ADMIN_IDS: the user's id, not a group's."""
    command = commands.find("myid")
    assert command is not None and not command.admin
    in_group = await dialogue.command(-100123, command, user_id=4242)
    assert "<code>4242</code>" in in_group.text and "-100123" not in in_group.text
    private = await dialogue.command(777, command)
    assert "<code>777</code>" in private.text


async def test_a_group_button_opens_its_topics_and_a_stale_one_the_menu(
        dialogue: Dialogue, content: Content) -> None:
    group = content.menu_groups[0]
    opened = await dialogue.button(1, "group:" + group.id)
    topics = [b.data for row in opened.buttons[:-1] for b in row]
    assert topics == ["topic:" + t.id for t in content.group_topics(group.id)]
    stale = await dialogue.button(1, "group:gone_since_last_week")
    assert stale.text == dialogue.conversation.menu().text


async def test_more_and_sources_buttons_open_them_and_stale_ones_the_menu(
        dialogue: Dialogue, content: Content) -> None:
    topic = next(t for t in content.topics.values() if t.more and t.sources)
    more = await dialogue.button(1, "more:" + topic.id)
    assert more.text.startswith(topic.more)
    sources = await dialogue.button(1, "sources:" + topic.id)
    assert topic.sources[0].url in sources.text
    no_more = next(t for t in content.topics.values() if not t.more)
    for data in ("more:" + no_more.id, "more:gone_since_last_week", "sources:gone"):
        stale = await dialogue.button(1, data)
        assert stale.text == dialogue.conversation.menu().text


# -- "was this helpful?" --------------------------------------------------------------------

# Late in a UTC day, so a test can step over midnight.
EVENING = datetime(2025, 10, 6, 22, 30, tzinfo=UTC)


class CountedVotes:
    """A `Votes` that records what it was given: a topic and the answer, nothing else."""

    def __init__(self) -> None:
        self.votes: list[tuple[str, bool]] = []

    def vote(self, topic: str, helpful: bool) -> None:
        self.votes.append((topic, helpful))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(EVENING)


@pytest.fixture
def votes() -> CountedVotes:
    return CountedVotes()


@pytest.fixture
def voting(conversation: Conversation, subs: MemorySubscriptions, clock: FakeClock,
           votes: CountedVotes) -> Dialogue:
    return Dialogue(conversation, subs, clock=clock, votes=votes)


async def test_a_vote_is_counted_and_thanked(voting: Dialogue, votes: CountedVotes,
                                             content: Content) -> None:
    reply = await voting.button(CHAT, "vote:sciatica:y")
    assert reply.text.startswith(first_line(content.messages["vote_thanks"]))
    assert reply.topic is None  # not counted again as a question
    assert votes.votes == [("sciatica", True)]


async def test_not_helpful_says_sorry_and_offers_the_menu_and_other_words(
        voting: Dialogue, votes: CountedVotes, content: Content) -> None:
    reply = await voting.button(CHAT, "vote:sciatica:n")
    assert reply.text.startswith(first_line(content.messages["vote_sorry"]))
    assert "other words" in reply.text
    assert reply.buttons == voting.conversation.menu().buttons
    assert votes.votes == [("sciatica", False)]


async def test_a_second_tap_the_same_day_changes_nothing(voting: Dialogue, votes: CountedVotes,
                                                         clock: FakeClock,
                                                         content: Content) -> None:
    await voting.button(CHAT, "vote:sciatica:y")
    clock.advance(timedelta(minutes=30))  # 23:00, still the same UTC day
    again = await voting.button(CHAT, "vote:sciatica:y")
    changed = await voting.button(CHAT, "vote:sciatica:n")  # changing one's mind: not counted
    assert again.text.startswith(first_line(content.messages["vote_thanks"]))  # still polite
    assert changed.text.startswith(first_line(content.messages["vote_sorry"]))
    assert votes.votes == [("sciatica", True)]
    # Another topic, or another chat, is a vote of its own.
    await voting.button(CHAT, "vote:self_care:n")
    await voting.button(CHAT + 1, "vote:sciatica:y")
    assert votes.votes == [("sciatica", True), ("self_care", False), ("sciatica", True)]


async def test_the_next_utc_day_counts_again(voting: Dialogue, votes: CountedVotes,
                                            clock: FakeClock) -> None:
    await voting.button(CHAT, "vote:sciatica:y")
    clock.advance(timedelta(hours=2))  # 00:30 the next day, well within the memory's day
    await voting.button(CHAT, "vote:sciatica:y")
    await voting.button(CHAT, "vote:sciatica:y")
    assert votes.votes == [("sciatica", True), ("sciatica", True)]


async def test_vote_memory_is_bounded_expires_and_holds_no_chat_id(
        conversation: Conversation, clock: FakeClock, votes: CountedVotes) -> None:
    dialogue = Dialogue(conversation, clock=clock, votes=votes, vote_memory=3)
    chats = [1001, 1002, 1003, 1004, 1005]
    for chat in chats:
        await dialogue.button(chat, "vote:sciatica:y")
    assert len(dialogue.voted) == 3  # the oldest forgotten first
    assert len(votes.votes) == 5
    for key in dialogue.voted:
        assert isinstance(key, bytes)
        assert not any(str(chat).encode() in key for chat in chats)
    clock.advance(VOTE_SECONDS + 1)
    assert len(dialogue.voted) == 0  # nothing kept past a day


async def test_the_hash_is_salted_per_process(conversation: Conversation,
                                              clock: FakeClock) -> None:
    first, second = (Dialogue(conversation, clock=clock) for _ in range(2))
    for dialogue in (first, second):
        await dialogue.button(CHAT, "vote:sciatica:y")
    assert set(first.voted) != set(second.voted)


@pytest.mark.parametrize("data", ["vote:emergency:y", "vote:crisis:n", "vote:greeting:y",
                                  "vote:thanks:y", "vote:fallback:n", "vote:subscribe:y",
                                  "vote:no_such_topic:y", "vote:sciatica:maybe",
                                  "vote:My back hurts:y"])
async def test_votes_on_what_takes_no_vote_show_the_menu_and_count_nothing(
        voting: Dialogue, votes: CountedVotes, data: str) -> None:
    reply = await voting.button(CHAT, data)
    assert reply.text == voting.conversation.menu().text
    assert votes.votes == []
    assert len(voting.voted) == 0


async def test_without_a_counter_votes_are_answered_and_counted_nowhere(
        dialogue: Dialogue, content: Content) -> None:
    """The terminal chat and `ask` give no `Votes`: the press is answered all the same."""
    reply = await dialogue.button(CHAT, "vote:sciatica:y")
    assert reply.text.startswith(first_line(content.messages["vote_thanks"]))


async def test_forget_drops_the_chats_vote_memory(voting: Dialogue, votes: CountedVotes) -> None:
    await voting.button(CHAT, "vote:sciatica:y")
    await voting.button(CHAT + 1, "vote:sciatica:y")
    await voting.command(CHAT, command("forget"))
    assert len(voting.voted) == 1  # only the other chat's
