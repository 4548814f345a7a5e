"""A whole conversational turn, whatever the front end: commands, typed text and buttons.

Telegram's handlers and the terminal chat both call `Dialogue`, so `/help`, `/privacy`,
`STOP` or a button press get the same reply in both: the front ends only move text. The
campaign subscription is reached through the small `Subscriptions` protocol, so this layer
needs no database: the bot passes its store, the terminal chat a `MemorySubscriptions`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, timedelta
from typing import Protocol

from cachetools import TTLCache

from bot.answers import commands
from bot.answers.catalogue import CRISIS, FALLBACK
from bot.answers.commands import Action, Command
from bot.answers.conversation import Conversation
from bot.answers.replies import (
    CANCEL,
    CONFIRM_SUBSCRIBE,
    CONFIRM_UNSUBSCRIBE,
    GROUP_PREFIX,
    MORE_PREFIX,
    SOURCES_PREFIX,
    TOPIC_PREFIX,
    VOTE_PREFIX,
    Reply,
    help_reply,
    message_reply,
    parse_vote,
    takes_votes,
)
from bot.clock import Clock, system_clock

# Words that unsubscribe at once, whatever else is going on (campaign etiquette: a person
# who types STOP expects it to work without a further question).
STOP_WORDS = frozenset({"stop", "stop all", "unsubscribe", "stop messages"})
# Commands that take a person out: like STOP, they work even for someone sending too much.
OPT_OUTS = frozenset({Action.UNSUBSCRIBE, Action.FORGET})
# A chat's last topic is remembered this long, for follow-ups, and for this many chats at
# most (the least recently answered are forgotten first): memory stays bounded however
# many people write, and nothing is kept on disk.
FOLLOW_UP_SECONDS = 600
FOLLOW_UP_CHATS = 10_000
# One "was this helpful?" vote per chat, topic and UTC day. Who voted on what today is kept
# in memory only, as a salted hash (never the chat id), for a day at most and for this many
# votes at most (the oldest forgotten first): enough to ignore a second tap, nothing more.
VOTE_SECONDS = 86_400
VOTE_MEMORY = 20_000


class Subscriptions(Protocol):
    """What the dialogue needs from storage: joining, leaving and erasing, by chat id.

    While the database is briefly unreachable, `subscribe` and `unsubscribe` may answer
    None and `forget` False: not done now. A request to leave is then kept and applied when
    the database is back (`bot.storage.optouts`); joining is not, and the person is asked
    to try again."""

    async def subscribe(self, chat_id: int) -> bool | None: ...

    async def unsubscribe(self, chat_id: int) -> bool | None: ...

    async def forget(self, chat_id: int) -> bool | None: ...


class Votes(Protocol):
    """Where a "was this helpful?" vote is counted: a topic id and the answer, no one's id."""

    def vote(self, topic: str, helpful: bool) -> None: ...


class MemorySubscriptions:
    """Subscriptions kept in memory: the terminal chat's, which must not touch real ones."""

    def __init__(self) -> None:
        self.active: set[int] = set()

    async def subscribe(self, chat_id: int) -> bool:
        joined = chat_id not in self.active
        self.active.add(chat_id)
        return joined

    async def unsubscribe(self, chat_id: int) -> bool:
        left = chat_id in self.active
        self.active.discard(chat_id)
        return left

    async def forget(self, chat_id: int) -> bool:
        self.active.discard(chat_id)
        return True


class Dialogue:
    """Turns a command, a message or a button press into the reply to send."""

    def __init__(self, conversation: Conversation,
                 subscriptions: Subscriptions | None = None, *, follow_ups: bool = True,
                 clock: Clock = system_clock, votes: Votes | None = None,
                 vote_memory: int = VOTE_MEMORY) -> None:
        self.conversation = conversation
        # None until the database is open; then a change succeeds without being stored.
        self.subscriptions = subscriptions
        # Where votes are counted; None counts nothing (the terminal chat, `ask`).
        self.votes = votes
        self.clock = clock
        # Who has voted on what today, as salted hashes: only to ignore a second tap. The
        # salt never leaves this process, so a key cannot be traced back to a chat id.
        self.voted: TTLCache[bytes, bool] = TTLCache(
            vote_memory, VOTE_SECONDS, timer=lambda: clock().timestamp())
        self._salt = secrets.token_bytes(16)
        # Each chat's last topic (an id, never what was typed), for short follow-ups.
        self.recent: TTLCache[int, str] | None = TTLCache(
            FOLLOW_UP_CHATS, FOLLOW_UP_SECONDS, timer=lambda: clock().timestamp()) \
            if follow_ups else None

    async def respond(self, chat_id: int, text: str) -> Reply:
        """Whatever was typed: a command of the table, an unknown command, or a message.

        Front ends without their own command routing (the terminal chat, `ask`) use this;
        Telegram routes commands itself and calls `command` and `text` directly.
        """
        typed = commands.parse(text)
        if typed is None:
            return await self.text(chat_id, text)
        found = commands.find(typed.name)
        if found is None:
            return self.unknown_command(text.split()[0])
        return await self.command(chat_id, found, typed.args)

    async def command(self, chat_id: int, command: Command, args: str = "",
                      user_id: int | None = None) -> Reply:
        """The reply to a public command; organisers' commands are refused here (front ends
        that support them handle them before calling this). `user_id` is who typed it (in a
        private chat, the chat id)."""
        content = self.conversation.content
        action = command.action
        if action is Action.START:
            return self.conversation.start(args.split()[0] if args.split() else None)
        if action is Action.TOPICS:
            return self.conversation.menu()
        if action is Action.HELP:
            return help_reply(content)
        if action is Action.PRIVACY:
            return message_reply(content, "privacy", menu=True)
        if action is Action.FORGET:
            if self.recent is not None:
                self.recent.pop(chat_id, None)
            self._forget_votes(chat_id)
            done = await self.subscriptions.forget(chat_id) if self.subscriptions else True
            return message_reply(content, "forget_kept" if done is False else "forget_done")
        if action is Action.MYID:  # how an organiser finds the number for ADMIN_IDS
            return message_reply(content, "your_id",
                                 id=str(user_id if user_id is not None else chat_id))
        if action is Action.SUBSCRIBE:
            return await self.subscribe(chat_id)
        if action is Action.UNSUBSCRIBE:
            return await self.unsubscribe(chat_id)
        return message_reply(content, "not_admin")

    async def text(self, chat_id: int, text: str) -> Reply:
        """A typed message: STOP first (it always works), then the conversation."""
        if text.strip().lower() in STOP_WORDS:
            return await self.unsubscribe(chat_id)
        previous = self.recent.get(chat_id) if self.recent is not None else None
        return self._remember(chat_id, self.conversation.reply_to_text(text, previous))

    def _remember(self, chat_id: int, reply: Reply) -> Reply:
        """Keep the topic a chat was just answered with; a triage reply or the fallback
        ends the thread (a follow-up to "call 999" is not about acupuncture). The crisis
        reply is kept as its topic id, so that a bare goodbye just after it gets it again
        (`Conversation.reply_to_text`); nothing is read as a follow-up to it."""
        if self.recent is not None:
            if reply.topic == CRISIS and reply.triage == CRISIS:
                self.recent[chat_id] = CRISIS
            elif reply.topic and reply.triage is None and reply.topic != FALLBACK \
                    and reply.topic in self.conversation.content.topics:
                self.recent[chat_id] = reply.topic
            elif reply.topic is not None:
                self.recent.pop(chat_id, None)
        return reply

    @staticmethod
    def opts_out(text: str) -> bool:
        """Whether a message is an opt-out (STOP, /unsubscribe, /stop, /forget): the flood
        guard lets these through, because a way out must always work. Cheap: a set look-up
        or a command parse, never the matcher."""
        if len(text) <= 32 and text.strip().lower() in STOP_WORDS:
            return True
        typed = commands.parse(text) if text.startswith("/") else None
        found = commands.find(typed.name) if typed is not None else None
        return found is not None and found.action in OPT_OUTS

    async def button(self, chat_id: int, data: str) -> Reply:
        """A button press; unknown or stale data shows the menu rather than an error."""
        content = self.conversation.content
        if data.startswith(TOPIC_PREFIX):
            reply = self.conversation.reply_to_topic(data[len(TOPIC_PREFIX):])
            if reply is not None:
                return self._remember(chat_id, reply)
        elif data.startswith(GROUP_PREFIX):
            group = self.conversation.group_menu(data[len(GROUP_PREFIX):])
            if group is not None:
                return group
        elif data.startswith(MORE_PREFIX):
            more = self.conversation.more(data[len(MORE_PREFIX):])
            if more is not None:
                return more
        elif data.startswith(SOURCES_PREFIX):
            sources = self.conversation.sources(data[len(SOURCES_PREFIX):])
            if sources is not None:
                return sources
        elif data.startswith(VOTE_PREFIX):
            vote = parse_vote(data)
            if vote is not None and vote[0] in content.topics and takes_votes(vote[0]):
                return self.vote(chat_id, *vote)
        elif data == CONFIRM_SUBSCRIBE:
            return await self.subscribe(chat_id)
        elif data == CONFIRM_UNSUBSCRIBE:
            return await self.unsubscribe(chat_id)
        elif data == CANCEL:
            return message_reply(content, "subscribe_cancelled", menu=True)
        return self.conversation.menu()  # MENU, or data we do not know (an old button)

    def vote(self, chat_id: int, topic: str, helpful: bool) -> Reply:
        """A "was this helpful?" press: counted once per chat, topic and UTC day; a second
        press (either button) changes nothing, and is still answered."""
        key = self._vote_key(chat_id, topic, self._day())
        if key not in self.voted:
            self.voted[key] = True
            if self.votes is not None:
                self.votes.vote(topic, helpful)
        return self.conversation.vote(helpful)

    def _day(self, days_ago: int = 0) -> str:
        return (self.clock().astimezone(UTC) - timedelta(days=days_ago)).date().isoformat()

    def _vote_key(self, chat_id: int, topic: str, day: str) -> bytes:
        return hashlib.blake2b(f"{chat_id}:{topic}:{day}".encode(), key=self._salt,
                               digest_size=16).digest()

    def _forget_votes(self, chat_id: int) -> None:
        """`/forget`: drop the chat's vote keys too (today's and yesterday's, the only ones a
        day's memory can hold)."""
        for day in (self._day(), self._day(1)):
            for topic in self.conversation.content.topics:
                self.voted.pop(self._vote_key(chat_id, topic, day), None)

    def unknown_command(self, typed: str) -> Reply:
        return message_reply(self.conversation.content, "unknown_command", menu=True,
                             command=typed)

    def non_text(self) -> Reply:
        """Stickers, photos, voice and the like: the bot reads text only."""
        return message_reply(self.conversation.content, "non_text", menu=True)

    async def subscribe(self, chat_id: int) -> Reply:
        joined = await self.subscriptions.subscribe(chat_id) if self.subscriptions else True
        key = "subscribe_unavailable" if joined is None else (
            "subscribed" if joined else "already_subscribed")
        return message_reply(self.conversation.content, key)

    async def unsubscribe(self, chat_id: int) -> Reply:
        left = await self.subscriptions.unsubscribe(chat_id) if self.subscriptions else True
        key = "unsubscribe_kept" if left is None else (
            "unsubscribed" if left else "not_subscribed")
        return message_reply(self.conversation.content, key)
