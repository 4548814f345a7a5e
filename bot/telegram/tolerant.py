"""Reading updates one at a time, so one that cannot be parsed does not stall polling.

`TolerantBot` reads what getUpdates returns one update at a time. python-telegram-bot reads
the whole batch at once: one update it cannot parse (a field of an unexpected type) fails the
batch, the offset is never moved past it, so the same batch is fetched and fails again for
ever; nobody is answered, and each failure is logged at CRITICAL with the raw batch, users'
texts and names included. Here such an update is logged once, by id and the kind of error,
and replaced by an empty update with the same id, so the offset moves on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import ExtBot
from telegram.request import BaseRequest

from bot.transport import whole_characters

if TYPE_CHECKING:  # python-telegram-bot's own names for its parameter types
    from telegram._utils.types import JSONDict, ODVInput, TimePeriod

log = logging.getLogger(__name__)


class TolerantBot(ExtBot[Any]):
    """An `ExtBot` whose getUpdates skips (and logs once) an update it cannot read."""

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: TimePeriod | None = None,
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        data: JSONDict = {"timeout": timeout, "offset": offset, "limit": limit,
                          "allowed_updates": allowed_updates}
        # As `Bot.get_updates` does: the long poll's own wait is added to the read timeout,
        # so a poll that Telegram holds open is not taken for a dead connection.
        base = read_timeout if isinstance(read_timeout, (int, float)) else (
            self._request[0].read_timeout or 0)
        wait = timeout.total_seconds() if isinstance(timeout, timedelta) else (timeout or 0)
        result = await self._post(
            "getUpdates", data, read_timeout=base + wait,
            write_timeout=write_timeout, connect_timeout=connect_timeout,
            pool_timeout=pool_timeout, api_kwargs=api_kwargs)
        return tuple(self._one_update(raw) for raw in result or ())

    def _one_update(self, raw: JSONDict) -> Update:
        try:
            update = Update.de_json(whole_characters(raw), self)
        except Exception as exc:  # any malformed field; the exception's text is not logged
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            log.error("update %s could not be read (%s); skipped", update_id,
                      type(exc).__name__)
            if not isinstance(update_id, int):
                raise  # without an id it cannot be confirmed: fail the batch as before
            return Update(update_id)  # empty: no handler answers it, the offset moves on
        self.insert_callback_data(update)
        return update
