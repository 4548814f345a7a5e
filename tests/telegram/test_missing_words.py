"""What people ask that the bot cannot answer, through the real Application: the content words
of fallback questions are counted per ISO week and person, shown from five people on, and no
message text ever reaches the database.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.campaign.figures import missing_word_lines
from bot.storage.store import MissingWord
from bot.telegram import app as telegram_app
from bot.testing.botapi import BotAPIStub, text_update
from bot.testing.clock import FakeClock
from tests.telegram.conftest import ADMIN, CONTENT, ask, services, settings_for

pytestmark = pytest.mark.slow

# A Wednesday: its ISO week is 2025-W41.
NOW = datetime(2025, 10, 8, 12, 0, tzinfo=UTC)
WEEK = "2025-W41"
UNANSWERED = "what about hernia mesh"  # the fallback, with two content words


@pytest.fixture
async def bot(stub: BotAPIStub, tmp_path: Path):
    application = telegram_app.build_application(settings_for(stub, tmp_path), CONTENT,
                                                 clock=FakeClock(NOW))
    await telegram_app.start_polling(application, poll_timeout=1)
    try:
        yield application
    finally:
        await telegram_app.stop_polling(application)


async def test_unanswered_words_show_from_five_people_a_week(
        stub: BotAPIStub, bot, tmp_path: Path) -> None:
    svc = services(bot)
    assert svc.store is not None
    assert svc.conversation.reply_to_text(UNANSWERED).topic == "fallback"
    for chat in (301, 302, 303, 304):
        await ask(stub, text_update(UNANSWERED, chat_id=chat, user_id=chat))
    await ask(stub, text_update(UNANSWERED, chat_id=301, user_id=301))  # the same person
    await ask(stub, text_update("my friend Rose has a hernia", chat_id=305, user_id=305))
    # Answered questions count no words, however many people ask them.
    for chat in (306, 307, 308, 309, 310):
        await ask(stub, text_update("does my insurance pay for it", chat_id=chat,
                                    user_id=chat))
    await svc.words.flush()

    # hernia: five people (one of them twice); mesh: four, so it is not shown.
    assert await svc.store.missing_words() == [MissingWord(WEEK, "hernia", 5, 6)]
    assert await svc.store.missing_words(k=1) == [
        MissingWord(WEEK, "hernia", 5, 6), MissingWord(WEEK, "mesh", 4, 5),
        MissingWord(WEEK, "friend", 1, 1)]

    await svc.counter.flush()
    [stats] = await ask(stub, text_update("/stats", chat_id=ADMIN, user_id=ADMIN))
    assert "Missing words (&gt;= 5 people a week):" in stats.text
    assert f"{WEEK}:\n    hernia: 5 people, 6 uses" in stats.text
    assert "mesh" not in stats.text and "friend" not in stats.text

    # Nothing typed is in the database: not the questions, not the name; the words are
    # stored beside a week and two counts only, never a chat id.
    with closing(sqlite3.connect(tmp_path / "bot.sqlite3")) as db:
        dump = "\n".join(db.iterdump())
        rows = db.execute("SELECT * FROM missing_words ORDER BY word").fetchall()
    assert rows == [(WEEK, "friend", 1, 1), (WEEK, "hernia", 5, 6), (WEEK, "mesh", 4, 5)]
    for typed in (UNANSWERED, "Rose", "what about", "insurance pay", "friend Rose"):
        assert typed not in dump


async def test_forget_drops_the_note_of_who_used_a_word(stub: BotAPIStub, bot) -> None:
    """/forget erases the in-memory note too, so that person counts as new afterwards."""
    svc = services(bot)
    assert svc.store is not None
    await ask(stub, text_update("hernia", chat_id=311, user_id=311))
    await ask(stub, text_update("hernia", chat_id=311, user_id=311))
    await ask(stub, text_update("/forget", chat_id=311, user_id=311))
    await ask(stub, text_update("hernia", chat_id=311, user_id=311))
    await svc.words.flush()
    assert await svc.store.missing_words(k=1) == [MissingWord(WEEK, "hernia", 2, 3)]


def test_stats_lines_list_the_words_week_by_week_or_say_none_yet() -> None:
    assert missing_word_lines([]) == ["Missing words (>= 5 people a week): none yet"]
    assert missing_word_lines([
        MissingWord("2025-W41", "hernia", 7, 9), MissingWord("2025-W41", "cupping", 5, 5),
        MissingWord("2025-W42", "insurance", 6, 8)]) == [
        "Missing words (>= 5 people a week):",
        "  2025-W41:", "    hernia: 7 people, 9 uses", "    cupping: 5 people, 5 uses",
        "  2025-W42:", "    insurance: 6 people, 8 uses"]
