"""bot.storage.words: the words of unanswered questions, counted per ISO week.

What is promised: only single dictionary-shaped words reach the table (the store and the
table's CHECKs refuse anything else, and nothing is half-applied); a word is read out only
when at least k different people used it that week; one person counts once per word and
week however often they write it; weeks turn over by the injected clock, never the wall
clock; and rows that can never be shown are deleted once their week is over.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.storage import schema
from bot.storage.engine import Database
from bot.storage.store import SCHEMA_VERSION, MissingWord, Store
from bot.storage.words import K, WordCounter, week_of
from bot.testing.clock import FakeClock
from tests.storage.conftest import T0, raw_connection, raw_execute, table_names

W41 = "2025-W41"  # T0's week: Monday 6 to Sunday 12 October 2025
W42 = "2025-W42"


def test_week_of_is_the_iso_week_of_the_utc_day() -> None:
    assert week_of(T0) == W41
    assert week_of(date(2025, 10, 12)) == W41  # Sunday: still the same week
    assert week_of(date(2025, 10, 13)) == W42  # Monday: the next
    assert week_of(date(2024, 12, 30)) == "2025-W01"  # the ISO year, not the calendar one
    assert week_of(date(2021, 1, 3)) == "2020-W53"
    # 00:30 on Monday in UTC+2 is still Sunday in UTC.
    assert week_of(datetime.fromisoformat("2025-10-13T00:30:00+02:00")) == W41


# -- the table ----------------------------------------------------------------------------


async def test_migration_creates_the_table(store: Store, db_url: str) -> None:
    assert await store.schema_version() == SCHEMA_VERSION >= 4
    assert "missing_words" in await table_names(db_url)


async def test_an_older_database_is_upgraded_and_keeps_its_data(
        db_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(Database, "_migrations", schema.MIGRATIONS[:3])
        async with await Store.open(db_url, clock=clock) as old:
            assert await old.schema_version() == 3
            await old.count_question("sciatica")
        assert "missing_words" not in await table_names(db_url)
    async with await Store.open(db_url, clock=clock) as new:
        assert await new.schema_version() == SCHEMA_VERSION
        assert await new.topic_counts() == {"sciatica": 1}
        await new.count_missing_words([MissingWord(W41, "hernia", 5, 6)])
        assert await new.missing_words() == [MissingWord(W41, "hernia", 5, 6)]


async def test_upserts_add_and_only_k_people_or_more_are_shown(store: Store) -> None:
    await store.count_missing_words([MissingWord(W41, "hernia", 4, 4),
                                     MissingWord(W41, "cupping", 5, 9)])
    assert await store.missing_words() == [MissingWord(W41, "cupping", 5, 9)]  # 4: hidden
    await store.count_missing_words([MissingWord(W41, "hernia", 1, 3)])
    assert await store.missing_words() == [MissingWord(W41, "cupping", 5, 9),
                                           MissingWord(W41, "hernia", 5, 7)]
    assert await store.missing_words(k=6) == []
    assert await store.missing_words(k=1) == await store.missing_words()


async def test_read_in_week_order_then_most_people_then_word(store: Store) -> None:
    await store.count_missing_words([
        MissingWord(W42, "insurance", 5, 5), MissingWord(W41, "mattress", 6, 6),
        MissingWord(W41, "cupping", 9, 12), MissingWord(W41, "hernia", 6, 8),
        MissingWord(W42, "cupping", 7, 7), MissingWord(W41, "hernia", 0, 1)])
    assert await store.missing_words() == [
        MissingWord(W41, "cupping", 9, 12), MissingWord(W41, "hernia", 6, 9),
        MissingWord(W41, "mattress", 6, 6), MissingWord(W42, "cupping", 7, 7),
        MissingWord(W42, "insurance", 5, 5)]


@pytest.mark.parametrize(("since", "weeks"), [
    (None, [W41, W42]), ("2025-10-06", [W41, W42]), ("2025-10-12", [W41, W42]),
    ("2025-10-13", [W42]), ("2025-10-19", [W42]), ("2025-10-20", []), ("2024-01-01", [W41, W42]),
])
async def test_since_a_day_means_from_that_days_week(store: Store, since: str | None,
                                                     weeks: list[str]) -> None:
    await store.count_missing_words([MissingWord(W41, "cupping", 5, 5),
                                     MissingWord(W42, "cupping", 5, 5)])
    assert [w.week for w in await store.missing_words(since)] == weeks


@pytest.mark.parametrize("since", ["2025-W41", "6/10/2025", "2025-02-30", ""])
async def test_since_must_be_a_day(store: Store, since: str) -> None:
    with pytest.raises(ValueError):
        await store.missing_words(since)


@pytest.mark.parametrize("bad", [
    MissingWord(W41, "my back hurts", 5, 5), MissingWord(W41, "Hernia", 5, 5),
    MissingWord(W41, "covid19", 5, 5), MissingWord(W41, "x", 5, 5),
    MissingWord(W41, "a" * 46, 5, 5), MissingWord(W41, "café", 5, 5),
    MissingWord(W41, "", 5, 5), MissingWord("2025-10-06", "hernia", 5, 5),
    MissingWord("2025-W54", "hernia", 5, 5), MissingWord("2025-W53", "hernia", 5, 5),
    MissingWord(W41, "hernia", -1, 5), MissingWord(W41, "hernia", 6, 5),
    MissingWord(W41, "hernia", True, 5),
])
async def test_anything_but_a_word_and_its_counts_is_refused_whole(
        store: Store, bad: MissingWord) -> None:
    with pytest.raises(ValueError):
        await store.count_missing_words([MissingWord(W41, "cupping", 5, 5), bad])
    assert await store.missing_words(k=0) == []  # nothing half-applied


@pytest.mark.parametrize(("week", "word", "people", "uses"), [
    (W41, "my back hurts", 5, 5), (W41, "Hernia", 5, 5), (W41, "b12", 5, 5),
    (W41, "x", 5, 5), ("2025-10-06", "hernia", 5, 5), (W41, "hernia", 5, 4),
])
async def test_the_table_itself_refuses_text_written_by_hand(
        store: Store, db_url: str, week: str, word: str, people: int, uses: int) -> None:
    with pytest.raises(IntegrityError):
        await raw_execute(db_url, "INSERT INTO missing_words (week, word, people, uses)"
                          " VALUES (:week, :word, :people, :uses)",
                          [{"week": week, "word": word, "people": people, "uses": uses}])


async def test_pruning_deletes_only_past_rows_that_can_never_show(
        store: Store, db_url: str) -> None:
    await store.count_missing_words([
        MissingWord("2025-W40", "hernia", 4, 4), MissingWord("2025-W40", "cupping", 5, 5),
        MissingWord(W41, "hernia", 1, 1), MissingWord(W42, "hernia", 2, 2)])
    assert await store.prune_missing_words(W41) == 1
    async with raw_connection(db_url) as conn:
        left = (await conn.execute(text(
            "SELECT week, word, people FROM missing_words ORDER BY week, word"))).all()
    assert [tuple(r) for r in left] == [("2025-W40", "cupping", 5), (W41, "hernia", 1),
                                        (W42, "hernia", 2)]


# -- the in-memory counter --------------------------------------------------------------------


class Sink:
    """A `WordSink` that records batches and prunes, failing the first `failures` writes."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.batches: list[list[MissingWord]] = []
        self.pruned: list[tuple[str, int]] = []

    async def count_missing_words(self, words: Iterable[MissingWord]) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database went away")
        self.batches.append(list(words))

    async def prune_missing_words(self, before: str, k: int = K) -> int:
        self.pruned.append((before, k))
        return 0


async def test_one_person_ten_times_is_one_person(store: Store, clock: FakeClock) -> None:
    counter = WordCounter(store, clock=clock)
    for _ in range(10):
        counter.add(7, {"hernia"})
    await counter.flush()
    assert await store.missing_words(k=1) == [MissingWord(W41, "hernia", 1, 10)]
    assert await store.missing_words() == []  # one person: never shown


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True)])
async def test_k_anonymity_four_people_hidden_five_shown(
        store: Store, clock: FakeClock, people: int, shown: bool) -> None:
    counter = WordCounter(store, clock=clock)
    for chat in range(people):
        counter.add(100 + chat, {"cupping", "insurance"} if chat == 0 else {"cupping"})
        counter.add(100 + chat, {"cupping"})
    await counter.flush()
    cupping = MissingWord(W41, "cupping", people, 2 * people)
    assert await store.missing_words() == ([cupping] if shown else [])
    assert await store.missing_words(k=1) == [cupping, MissingWord(W41, "insurance", 1, 1)]


async def test_counts_survive_batches_but_people_are_not_counted_twice(
        store: Store, clock: FakeClock) -> None:
    counter = WordCounter(store, clock=clock)
    counter.add(1, {"hernia"})
    await counter.flush()
    counter.add(1, {"hernia"})  # the same person, in the next batch
    counter.add(2, {"hernia"})
    await counter.flush()
    await counter.flush()  # nothing new: writes nothing
    assert await store.missing_words(k=1) == [MissingWord(W41, "hernia", 2, 3)]


async def test_a_new_week_by_the_clock_counts_everyone_again(
        store: Store, clock: FakeClock) -> None:
    clock.set(datetime(2025, 10, 12, 23, 59, 59, tzinfo=UTC))  # Sunday, the last second
    counter = WordCounter(store, clock=clock)
    counter.add(1, {"hernia"})
    clock.advance(timedelta(seconds=1))  # Monday 00:00 UTC: week 42
    counter.add(1, {"hernia"})
    counter.add(1, {"hernia"})
    await counter.flush()
    assert await store.missing_words(k=1) == [MissingWord(W41, "hernia", 1, 1),
                                              MissingWord(W42, "hernia", 1, 2)]


async def test_forget_drops_the_note_of_who_was_counted(clock: FakeClock) -> None:
    sink = Sink()
    counter = WordCounter(sink, clock=clock)
    counter.add(1, {"hernia"})
    counter.forget(1)
    counter.forget(2)  # never seen: nothing to do
    counter.add(1, {"hernia"})
    await counter.flush()
    assert sink.batches == [[MissingWord(W41, "hernia", 2, 2)]]


async def test_memory_is_bounded_and_forgets_the_least_recent_chat(clock: FakeClock) -> None:
    sink = Sink()
    counter = WordCounter(sink, clock=clock, memory=2, words_per_chat=3)
    counter.add(1, {"hernia"})
    counter.add(2, {"hernia"})
    counter.add(1, {"hernia"})  # 1 is now the most recent
    counter.add(3, {"hernia"})  # 2 is forgotten
    counter.add(1, {"hernia"})
    counter.add(2, {"hernia"})  # ...so counts again
    assert len(counter._seen) == 2
    counter.add(4, ["cupping", "hernia", "mattress", "pillow", "insurance"])
    await counter.flush()
    assert sink.batches == [[
        MissingWord(W41, "cupping", 1, 1), MissingWord(W41, "hernia", 5, 7),
        MissingWord(W41, "mattress", 1, 1)]]  # at most three words per chat and week


async def test_a_failed_write_keeps_the_counts_for_the_next_flush(clock: FakeClock) -> None:
    sink = Sink(failures=1)
    counter = WordCounter(sink, clock=clock)
    counter.add(1, {"hernia"})
    await counter.flush()
    assert sink.batches == [] and sink.pruned == []
    counter.add(2, {"hernia"})
    await counter.flush()
    assert sink.batches == [[MissingWord(W41, "hernia", 2, 2)]]


async def test_old_weeks_are_pruned_once_a_week(clock: FakeClock) -> None:
    sink = Sink()
    counter = WordCounter(sink, clock=clock, k=5)
    await counter.flush()
    await counter.flush()
    assert sink.pruned == [("2025-W40", 5)]  # last week may still grow: only before it
    clock.advance(timedelta(days=7))
    await counter.flush()
    assert sink.pruned == [("2025-W40", 5), (W41, 5)]


async def test_without_a_database_nothing_is_written(clock: FakeClock) -> None:
    counter = WordCounter(None, clock=clock)
    counter.add(1, {"hernia"})
    await counter.flush()
    assert sum(counter.pending.values()) == 2  # kept: people 1, uses 1


@pytest.mark.parametrize("bad", ["my back hurts", "Hernia", "b12", "x", ""])
def test_the_counter_refuses_text_before_counting_anything(clock: FakeClock,
                                                           bad: str) -> None:
    counter = WordCounter(None, clock=clock)
    with pytest.raises(ValueError, match="one lower-case word"):
        counter.add(1, ["hernia", bad])
    assert not counter.pending
    counter.add(1, ["hernia"])  # and the person was not noted either
    assert counter.pending[(W41, "hernia", "people")] == 1
