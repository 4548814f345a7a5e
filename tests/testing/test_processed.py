"""Tests of `ProcessedUpdates` (bot/testing/processed.py), the update processor that tells a
test when the bot has finished with an update. Driven directly, as python-telegram-bot's
Application drives it, so no server is needed."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Update

from bot.testing.botapi import text_update
from bot.testing.processed import ProcessedUpdates


def update(update_id: int) -> Update:
    return Update.de_json(text_update("hi", update_id=update_id), None)


async def test_waiting_ends_only_when_the_handling_has():
    processed = ProcessedUpdates()
    release = asyncio.Event()
    order: list[str] = []

    async def handle() -> None:
        await release.wait()
        order.append("handled")

    async def wait() -> None:
        await processed(7)
        order.append("waited")

    handling = asyncio.create_task(processed.process_update(update(7), handle()))
    waiting = asyncio.create_task(wait())
    release.set()
    await asyncio.gather(handling, waiting)
    assert order == ["handled", "waited"]
    assert processed.done == {7}


async def test_waits_for_every_update_given_as_id_or_dict():
    processed = ProcessedUpdates()

    async def nothing() -> None:
        return None

    waiting = asyncio.create_task(processed(1, {"update_id": 2}))
    await processed.process_update(update(1), nothing())
    assert not waiting.done()
    await processed.process_update(update(2), nothing())
    await waiting
    await processed(1, 2)  # already done: returns at once


async def test_an_update_whose_handling_fails_still_counts_as_done():
    processed = ProcessedUpdates()

    async def fail() -> None:
        raise RuntimeError("handler bug")

    with pytest.raises(RuntimeError, match="handler bug"):
        await processed.process_update(update(3), fail())
    await processed(3)


async def test_an_update_never_handled_times_out_naming_it():
    processed = ProcessedUpdates(timeout=0.01)
    with pytest.raises(TimeoutError, match=r"updates \[4\] not handled within 0.01s"):
        await processed(4)


async def test_objects_other_than_updates_are_processed_but_not_recorded():
    processed = ProcessedUpdates()
    ran: list[str] = []

    async def handle() -> None:
        ran.append("yes")

    await processed.process_update("not an update", handle())
    assert ran == ["yes"] and processed.done == set()
