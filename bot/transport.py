"""How the bot talks to the Bot API: an aiohttp transport.

python-telegram-bot's default transport (httpx) spends about 6 ms of CPU per request on
this kind of machine, which caps a one-core dyno near 150 messages a second; the same
requests through aiohttp cost well under 1 ms. python-telegram-bot documents `BaseRequest`
as the way to plug in another HTTP library, and everything above it (the Bot API methods,
error mapping, retries, rate limiting) stays the library's own.

Only python-telegram-bot's core is imported here, never `telegram.ext` (the Application,
its job queue and scheduler): a broadcast, which only sends, loads this module on its way to
its first message (`bot.telegram.tolerant` holds what polling needs).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)

_JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """`BaseRequest` over one pooled `aiohttp.ClientSession`."""

    def __init__(self, pool_size: int = 64, connect_timeout: float = 5.0,
                 read_timeout: float = 10.0, write_timeout: float = 10.0) -> None:
        self._pool_size = pool_size
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300),
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            await self.initialize()
        assert self._session is not None
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=self._pick(connect_timeout, self._connect_timeout),
            sock_read=self._pick(read_timeout, self._read_timeout),
        )
        data: aiohttp.FormData | bytes | None = None
        headers = None
        if request_data is not None:
            if request_data.contains_files:
                # The other parameters go as plain fields beside the files, as
                # python-telegram-bot's own HTTPXRequest sends them.
                form = aiohttp.FormData(request_data.json_parameters)
                for name, value in request_data.multipart_data.items():
                    if isinstance(value, tuple):
                        filename, content, mimetype = value
                        form.add_field(name, content, filename=filename, content_type=mimetype)
                    else:
                        form.add_field(name, value)
                data = form
            else:
                # A JSON body: the Bot API accepts it, and it is far cheaper to encode than
                # a form (one json.dumps instead of one per value plus URL-encoding).
                data = json.dumps(request_data.parameters).encode()
                headers = _JSON
        try:
            async with self._session.request(method, url, data=data, headers=headers,
                                             timeout=timeout) as resp:
                return resp.status, await resp.read()
        except TimeoutError as exc:
            raise TimedOut("Timed out talking to the Bot API") from exc
        except aiohttp.ClientError as exc:
            # The exception text can include the URL, which holds the token: keep it out.
            raise NetworkError(f"Network error talking to the Bot API: {type(exc).__name__}") \
                from None

    @staticmethod
    def _pick(value: object, default: float) -> float | None:
        if value is BaseRequest.DEFAULT_NONE:
            return default
        return value if isinstance(value, (int, float)) or value is None else default


def whole_characters(value: Any) -> Any:
    """The value with every lone UTF-16 surrogate (half an emoji, which Telegram can send)
    replaced by U+FFFD: python-telegram-bot counts entity offsets in UTF-16, and one such
    character would make it fail on the update, or make the reply unsendable."""
    if isinstance(value, str):
        if not any("\ud800" <= c <= "\udfff" for c in value):
            return value
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {k: whole_characters(v) for k, v in value.items()}
    if isinstance(value, list):
        return [whole_characters(v) for v in value]
    return value
