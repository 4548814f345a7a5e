"""`/report` in the chat, through the real Application and the Bot API stand-in: organisers
get the main chart as a picture and the page as a file; anyone else a polite refusal."""

from __future__ import annotations

import logging

import pytest

from bot.telegram.context import App
from bot.testing.botapi import BotAPIStub, UploadedFile, text_update
from bot.testing.processed import ProcessedUpdates
from tests.telegram.conftest import (
    ADMIN,
    CONTENT,
    FOOTER,
    PATIENCE,
    ask,
    push_and_wait,
    services,
)

pytestmark = pytest.mark.slow

PNG = b"\x89PNG\r\n\x1a\n"


def first_line(key: str) -> str:
    return CONTENT.messages[key].splitlines()[0]


async def test_report_is_for_organisers_only(
        stub: BotAPIStub, app: App, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        [reply] = await ask(stub, text_update("/report", chat_id=80, user_id=80))
    assert reply.text.startswith(first_line("not_admin"))
    assert any("refused /report from user 80" in r.getMessage() for r in caplog.records)
    assert stub.sent_files == []


async def test_report_sends_the_chart_and_the_page(
        stub: BotAPIStub, app: App, processed: ProcessedUpdates) -> None:
    store = services(app).store
    assert store is not None
    await store.subscribe(81)
    await ask(stub, text_update("what is sciatica", chat_id=82, user_id=82))
    await push_and_wait(stub, processed, text_update("/report", chat_id=ADMIN, user_id=ADMIN))
    await stub.wait_for(lambda: len(stub.sent_files) >= 2, timeout=PATIENCE)
    photo, document = stub.sent_files
    assert (photo.method, document.method) == ("sendPhoto", "sendDocument")
    assert photo.chat_id == document.chat_id == ADMIN
    assert isinstance(photo.file, UploadedFile) and photo.file.data.startswith(PNG)
    width = int.from_bytes(photo.file.data[16:20], "big")
    height = int.from_bytes(photo.file.data[20:24], "big")
    assert width >= 800 and height >= 400
    assert photo.caption is not None and photo.caption.startswith("Campaign report (")
    assert "1 subscribed, 1 question (" in photo.caption
    assert isinstance(document.file, UploadedFile)
    assert document.file.filename is not None and document.file.filename.endswith(".html")
    page = document.file.data.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "What is sciatica?" in page  # the topic's title, never the question asked
    assert "what is sciatica" not in page
    for caption in (photo.caption, document.caption):
        assert caption is not None and caption.rstrip().endswith(FOOTER)


async def test_report_on_an_empty_database_says_so(
        stub: BotAPIStub, app: App, processed: ProcessedUpdates) -> None:
    [reply] = await ask(stub, text_update("/report", chat_id=ADMIN, user_id=ADMIN))
    assert reply.text.startswith("Campaign report: nothing to report yet.")
    await stub.wait_for(lambda: len(stub.sent_files) >= 1, timeout=PATIENCE)
    [document] = stub.sent_files
    assert document.method == "sendDocument" and isinstance(document.file, UploadedFile)
    assert "Nothing to report yet" in document.file.data.decode("utf-8")
