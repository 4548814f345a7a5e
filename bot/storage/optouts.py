"""Opt-outs that survive a database outage: STOP, /unsubscribe and /forget are never lost.

A person who asks to stop must be stopped, even while PostgreSQL restarts. When the store
cannot be reached, the request is kept (in memory and in a small journal file, so a restart
during the outage keeps it too), the person is told it will be applied, and a background
task applies every kept request as soon as the database answers again, oldest first.

The journal holds chat ids and the action only (never anything a person wrote), and is
emptied as soon as the requests are applied. Subscribing is not queued: signing someone up
later, unseen, is not what they would expect, so they are asked to try again instead.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Literal, Protocol

from sqlalchemy.exc import InterfaceError, OperationalError

log = logging.getLogger(__name__)

Action = Literal["unsubscribe", "forget"]
ACTIONS: tuple[Action, ...] = ("unsubscribe", "forget")

# Errors that mean "the database is not reachable now", not "this request is wrong".
UNAVAILABLE = (OperationalError, InterfaceError, OSError, TimeoutError)
# The first retry after an outage is this soon; each failed one doubles it, up to the cap.
FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 30.0


class _Store(Protocol):
    async def subscribe(self, chat_id: int) -> bool: ...

    async def unsubscribe(self, chat_id: int) -> bool: ...

    async def forget(self, chat_id: int) -> None: ...


Sleep = Callable[[float], Awaitable[None]]


class OptOutQueue:
    """The store's subscriptions, as the dialogue uses them, with opt-outs that wait out an
    outage. `unsubscribe` and `forget` return None when the request was kept for later;
    `subscribe` returns None when the database cannot be reached."""

    def __init__(self, store: _Store, journal: Path | None = None,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.store = store
        self.journal = journal
        self._sleep = sleep
        # chat id -> what is owed; a later /forget replaces an earlier STOP (it does more).
        self.pending: dict[int, Action] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.applied = asyncio.Event()  # set each time the queue is emptied (for tests)
        if journal is not None:
            self._load(journal)

    # -- the dialogue's side -------------------------------------------------------------

    async def subscribe(self, chat_id: int) -> bool | None:
        try:
            await self._apply_owed(chat_id)
            return await self.store.subscribe(chat_id)
        except UNAVAILABLE:
            log.warning("database unreachable: could not subscribe a chat")
            return None

    async def unsubscribe(self, chat_id: int) -> bool | None:
        try:
            await self._apply_owed(chat_id)
            return await self.store.unsubscribe(chat_id)
        except UNAVAILABLE:
            self._keep(chat_id, "unsubscribe")
            return None

    async def forget(self, chat_id: int) -> bool:
        """True when done now, False when kept for when the database is back."""
        try:
            await self.store.forget(chat_id)
            self._drop(chat_id)
            return True
        except UNAVAILABLE:
            self._keep(chat_id, "forget")
            return False

    # -- applying what is owed -------------------------------------------------------------

    def start(self) -> None:
        """Start the task that applies kept requests (needs a running event loop)."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="opt-out queue")
            if self.pending:
                self._wake.set()

    async def stop(self) -> None:
        """Stop the task; what is still owed stays in the journal for the next start."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def flush(self) -> bool:
        """Apply everything owed, oldest first; True when nothing is owed any more."""
        for chat_id, action in list(self.pending.items()):
            try:
                if action == "forget":
                    await self.store.forget(chat_id)
                else:
                    await self.store.unsubscribe(chat_id)
            except UNAVAILABLE:
                return False
            if self.pending.get(chat_id) == action:
                self._drop(chat_id)
        if not self.pending:
            self.applied.set()
        return not self.pending

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            delay = FIRST_RETRY_SECONDS
            while not await self.flush():
                await self._sleep(delay)
                delay = min(delay * 2, MAX_RETRY_SECONDS)
            log.info("kept opt-outs applied")
            self._wake.clear()

    async def _apply_owed(self, chat_id: int) -> None:
        """A chat's own kept request goes first, so its newer request lands after it."""
        owed = self.pending.get(chat_id)
        if owed == "forget":
            await self.store.forget(chat_id)
            self._drop(chat_id)
        elif owed == "unsubscribe":
            await self.store.unsubscribe(chat_id)
            self._drop(chat_id)

    def _keep(self, chat_id: int, action: Action) -> None:
        if self.pending.get(chat_id) != "forget":
            self.pending[chat_id] = action
        self.applied.clear()
        self._save()
        log.warning("database unreachable: an opt-out is kept and will be applied when it "
                    "returns (%d waiting)", len(self.pending))
        self._wake.set()

    def _drop(self, chat_id: int) -> None:
        if self.pending.pop(chat_id, None) is not None:
            self._save()

    # -- the journal ----------------------------------------------------------------------

    def _load(self, journal: Path) -> None:
        try:
            lines = journal.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        except OSError as exc:
            log.error("cannot read the opt-out journal %s: %s", journal, exc)
            return
        for line in lines:
            try:
                entry = json.loads(line)
                chat_id, action = int(entry["chat_id"]), entry["action"]
            except (ValueError, KeyError, TypeError):
                log.warning("skipping a damaged line of the opt-out journal")
                continue
            if action in ACTIONS:
                self._keep_loaded(chat_id, action)
        if self.pending:
            log.info("%d opt-out(s) from before the restart will be applied", len(self.pending))

    def _keep_loaded(self, chat_id: int, action: Action) -> None:
        if self.pending.get(chat_id) != "forget":
            self.pending[chat_id] = action

    def _save(self) -> None:
        """Write the whole journal to a new file and rename it: never half a journal."""
        if self.journal is None:
            return
        if not self.pending:
            self.journal.unlink(missing_ok=True)
            return
        temporary = self.journal.with_name(self.journal.name + ".tmp")
        try:
            with temporary.open("w", encoding="utf-8") as out:
                for chat_id, action in self.pending.items():
                    out.write(json.dumps({"chat_id": chat_id, "action": action}) + "\n")
                out.flush()
                os.fsync(out.fileno())
            temporary.replace(self.journal)
        except OSError as exc:  # the queue in memory still holds them
            log.error("cannot write the opt-out journal %s: %s", self.journal, exc)
