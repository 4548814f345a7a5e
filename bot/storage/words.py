"""What people ask that the bot cannot answer, as anonymous word counts per week.

Why it is built this way:

* Only single lower-case words of letters are stored, never text: the caller (the chat
  handlers, through ``bot.answers.words``) keeps only dictionary words that are not stop
  words, numbers or names, and this module refuses anything else, as do the table's CHECKs.
  A caller that passed a message by mistake gets an error, not a table of messages.
* Per ISO week and word, two counts: ``people`` (how many different chats used the word that
  week) and ``uses``. A word is shown only when at least ``K`` different people used it in
  the week (k-anonymity), so no row that is read out can point at one person's question.
* "Different people" is decided in memory only (:class:`WordCounter`): a keyed hash of the
  chat id, with a random key made at start and never written, and the week's words it used,
  also hashed. The note is forgotten when the week ends, on ``/forget``, and at a restart;
  the database never holds a chat id or a user id next to a word.
* A restart (or a second replica) forgets who was counted, so one person who asks again
  afterwards counts again: ``people`` can be slightly more than the truth, never less. Rows
  of past weeks that stayed under ``K`` can never be shown, so :meth:`WordCounter.flush`
  deletes them once the following week is over too.
* Like the topic counters, counting is on a message's path, so counts wait in memory and are
  written in one batch every few seconds (and at shutdown).
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final, Protocol

from sqlalchemy import delete, select

from bot.clock import Clock, system_clock
from bot.storage.engine import Database
from bot.storage.schema import missing_words_table

__all__ = ["K", "MissingWord", "WordCounter", "WordSink", "WordStore", "week_of"]

log = logging.getLogger(__name__)

# A word is shown only when at least this many different people used it in the same week.
K: Final = 5
# Chats whose words of the week are remembered (the least recently heard forgotten first),
# and words remembered per chat and week: memory stays bounded whatever people send.
WORD_MEMORY_CHATS: Final = 20_000
WORDS_PER_CHAT: Final = 200

_WORD_RE: Final = re.compile(r"[a-z]{2,45}")
_WEEK_RE: Final = re.compile(r"([0-9]{4})-W([0-9]{2})")
_DAY_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_WORDS = missing_words_table.c


@dataclass(frozen=True, slots=True)
class MissingWord:
    """One word of unanswered questions in one ISO week: how many different people used it
    and how many times."""

    week: str  # ISO week 'YYYY-Www', of the UTC day
    word: str
    people: int
    uses: int


def week_of(day: date | datetime) -> str:
    """The ISO week of a day (or of a moment's UTC day), as the table stores it ('2025-W41')."""
    if isinstance(day, datetime):
        day = day.astimezone(UTC).date()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _check_word(word: object) -> str:
    if not isinstance(word, str) or not _WORD_RE.fullmatch(word):
        raise ValueError("a missing word must be one lower-case word of letters, not text")
    return word


def _check_week(week: object) -> str:
    match = _WEEK_RE.fullmatch(week) if isinstance(week, str) else None
    if match is None:
        raise ValueError(f"week must be an ISO week such as '2025-W41', not {week!r}")
    date.fromisocalendar(int(match[1]), int(match[2]), 1)  # raises for '2025-W53'
    return match[0]


def _check_count(n: object, what: str) -> int:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"count for {what} must be a non-negative integer")
    return n


def _since_week(since: str | None) -> str | None:
    if since is None:
        return None
    if not isinstance(since, str) or not _DAY_RE.fullmatch(since):
        raise ValueError(f"since must be a 'YYYY-MM-DD' date, not {since!r}")
    return week_of(date.fromisoformat(since))


class WordSink(Protocol):
    """Where :class:`WordCounter` writes its batches: the store, or a stand-in in tests."""

    async def count_missing_words(self, words: Iterable[MissingWord]) -> None:
        """Add several (week, word) counts in one go."""
        ...

    async def prune_missing_words(self, before: str, k: int = K) -> int:
        """Delete the rows under ``k`` people of the weeks before ``before``."""
        ...


class WordStore(Database):
    """The ``missing_words`` table: one row per ISO week and word of unanswered questions."""

    async def count_missing_words(self, words: Iterable[MissingWord]) -> None:
        """Add people and uses per (week, word) in one transaction (an upsert that adds).

        Everything is checked before anything is written: a bad week, word or count writes
        nothing at all.
        """
        merged: dict[tuple[str, str], list[int]] = {}
        for w in words:
            key = (_check_week(w.week), _check_word(w.word))
            people = _check_count(w.people, repr(w.word))
            uses = _check_count(w.uses, repr(w.word))
            if uses < people:
                raise ValueError(f"{w.word!r}: each person counted used it, so uses >= people")
            total = merged.setdefault(key, [0, 0])
            total[0] += people
            total[1] += uses
        rows = [{"week": week, "word": word, "people": p, "uses": u}
                for (week, word), (p, u) in sorted(merged.items()) if u]
        if not rows:
            return
        insert = self._insert(missing_words_table)
        statement = insert.on_conflict_do_update(
            index_elements=[_WORDS.week, _WORDS.word],
            set_={"people": _WORDS.people + insert.excluded.people,
                  "uses": _WORDS.uses + insert.excluded.uses},
        )
        async with self._transaction(write=True) as conn:
            await conn.execute(statement, rows[0] if len(rows) == 1 else rows)

    async def prune_missing_words(self, before: str, k: int = K) -> int:
        """Delete the words used by fewer than ``k`` people in the weeks before ``before``
        (an ISO week): they can never be shown. Returns how many rows went."""
        statement = delete(missing_words_table).where(
            _WORDS.week < _check_week(before), _WORDS.people < k)
        async with self._transaction(write=True) as conn:
            return (await conn.execute(statement)).rowcount or 0

    async def missing_words(self, since: str | None = None, k: int = K) -> list[MissingWord]:
        """The words at least ``k`` different people used in a week, by week, then most
        people first, then word; from the ISO week of the day ``since`` ('YYYY-MM-DD',
        UTC) on, that week included, or all of them."""
        statement = select(_WORDS.week, _WORDS.word, _WORDS.people, _WORDS.uses).where(
            _WORDS.people >= k).order_by(_WORDS.week, _WORDS.people.desc(), _WORDS.word)
        week = _since_week(since)
        if week is not None:
            statement = statement.where(_WORDS.week >= week)
        async with self._transaction(write=False) as conn:
            result = await conn.execute(statement)
            return [MissingWord(week, word, int(people), int(uses))
                    for week, word, people, uses in result.all()]


class WordCounter:
    """Counts the content words of unanswered questions in memory, each person once per word
    and ISO week, and writes them to a :class:`WordSink` in batches.

    Who used which word this week is known only as keyed hashes (BLAKE2b, a random key made
    here and never written) of the chat id and of the words, for at most
    ``memory`` chats; it is all forgotten when the week changes by ``clock``.
    """

    def __init__(self, store: WordSink | None, clock: Clock = system_clock, *,
                 memory: int = WORD_MEMORY_CHATS, words_per_chat: int = WORDS_PER_CHAT,
                 k: int = K) -> None:
        """Count into ``store``; with None (no database configured) counts are never written."""
        self.store = store
        self.clock = clock
        self.k = k
        self.memory = memory
        self.words_per_chat = words_per_chat
        self._key = secrets.token_bytes(32)
        self._week = week_of(clock())
        # Keyed hash of a chat id -> keyed hashes of the words it used this week.
        self._seen: OrderedDict[bytes, set[bytes]] = OrderedDict()
        self.pending: Counter[tuple[str, str, str]] = Counter()  # (week, word, people|uses)
        self._pruned: str | None = None  # the week whose old rows were last pruned

    def add(self, chat_id: int, words: Iterable[str]) -> None:
        """Count one unanswered question's content words from ``chat_id``; nothing is written
        until :meth:`flush`."""
        checked = [_check_word(word) for word in words]  # all checked before any is counted
        week = week_of(self.clock())
        if week != self._week:  # a new week: last week's note of who said what goes
            self._seen.clear()
            self._week = week
        chat = self._hash(f"chat:{chat_id}")
        seen = self._seen.get(chat)
        if seen is None:
            seen = self._seen[chat] = set()
            if len(self._seen) > self.memory:
                self._seen.popitem(last=False)
        else:
            self._seen.move_to_end(chat)
        for word in checked:
            key = self._hash(f"word:{word}", size=8)
            if key not in seen:
                if len(seen) >= self.words_per_chat:
                    continue  # a chat pasting a dictionary: its new words are not counted
                seen.add(key)
                self.pending[(week, word, "people")] += 1
            self.pending[(week, word, "uses")] += 1

    def forget(self, chat_id: int) -> None:
        """``/forget``: drop the note of which words the chat used this week."""
        self._seen.pop(self._hash(f"chat:{chat_id}"), None)

    def _hash(self, text: str, size: int = 16) -> bytes:
        return hashlib.blake2b(text.encode(), key=self._key, digest_size=size).digest()

    async def flush(self) -> None:
        """Write what has been counted, in one batch, and once a week delete the rows that
        can no longer be shown; on failure keep the counts for the next flush."""
        if self.store is None:
            return
        if self.pending:
            batch, self.pending = self.pending, Counter()
            rows: dict[tuple[str, str], dict[str, int]] = {}
            for (week, word, field), n in batch.items():
                rows.setdefault((week, word), {"people": 0, "uses": 0})[field] = n
            try:
                await self.store.count_missing_words(
                    [MissingWord(week, word, c["people"], c["uses"])
                     for (week, word), c in sorted(rows.items())])
            except Exception:  # a flaky database must not lose counts or crash the bot
                log.exception("could not save missing-word counts; will retry")
                self.pending.update(batch)
                return
        week = week_of(self.clock())
        if self._pruned != week:
            # Last week's rows may still grow (a batch written just after midnight), so only
            # the weeks before it are final.
            before = week_of(self.clock() - timedelta(days=7))
            try:
                removed = await self.store.prune_missing_words(before, self.k)
            except Exception:
                log.exception("could not prune old missing-word counts; will retry")
                return
            self._pruned = week
            log.debug("pruned %d missing-word rows under %d people before %s",
                      removed, self.k, before)
