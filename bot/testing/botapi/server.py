"""The stand-in's HTTP server: ``BotAPIStub``, what it records, and the faults it injects.

Why a module of its own: this is the part with state and an event loop. It speaks the Bot API
HTTP shape (``/bot<token>/<method>``, ``{"ok": true, "result": ...}`` /
``{"ok": false, "error_code": N, "description": ..., "parameters": {...}}`` with the HTTP status
equal to the error code) well enough for python-telegram-bot 22 to run against it unchanged,
records what the bot did, and feeds it updates built by ``updates.py``; the command line
(``__main__.py``) only wraps it in a process.

    async with BotAPIStub() as stub:
        async with telegram.Bot(stub.token, base_url=stub.base_url) as bot:
            await bot.send_message(42, "hi")
        assert stub.sent[0].text == "hi"

It records what the bot did (``requests``, ``sent``, ``edits``, ``callback_answers``, ...), feeds
updates to ``getUpdates`` long-polls (``push_update``) or to a registered webhook
(``deliver_webhook``), and injects faults (``fail_next``, ``block_chat``, ``missing_chat``,
``migrate_chat``, ``delay``, rate limiting with 429 ``retry_after``), and can ``hold`` the calls of
a method until ``release``.

Request format notes (python-telegram-bot 22, ``HTTPXRequest``): every call is a ``POST`` whose
body is ``application/x-www-form-urlencoded`` (``multipart/form-data`` when uploading files), not
JSON; every value is a string, non-string values JSON-encoded (``chat_id=42``,
``allow_paid_broadcast=true``, ``reply_markup={"inline_keyboard": ...}``). Calls without
parameters (``getMe``) are a POST with an empty body and no content type. The stub therefore
JSON-decodes form values except for known free-text parameters (``text``, ``caption``, ...).

Everything runs on the event loop of the caller: use the stub from one thread/loop only.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import itertools
import json
import logging
import math
import re
import time
import urllib.parse
import zlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
from types import EllipsisType
from typing import Any, NamedTuple, Protocol, TypeVar, overload

from aiohttp import ClientSession, ClientTimeout, web

from bot.testing.botapi.updates import (
    BOT_ID,
    BOT_USERNAME,
    DEFAULT_GROUP_TITLE,
    bot_user,
    utf16_len,
)

__all__ = [
    "DEFAULT_TOKEN",
    "BotAPIStub",
    "CallbackAnswer",
    "EditedMessage",
    "RecordedRequest",
    "SentFile",
    "SentMessage",
    "UploadedFile",
    "WebhookConfig",
    "json_response",
]

logger = logging.getLogger(__name__)

DEFAULT_TOKEN = f"{BOT_ID}:TEST"
MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
SECRET_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")

# Parameters that are free text (or file ids / urls) and must never be JSON-decoded:
# "123" or "true" sent as a message text stays a string.
_STRING_PARAMS = frozenset(
    {
        "action",
        "address",
        "animation",
        "audio",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "currency",
        "custom_title",
        "data",
        "description",
        "document",
        "emoji",
        "error_message",
        "file_id",
        "first_name",
        "foursquare_id",
        "game_short_name",
        "inline_message_id",
        "inline_query_id",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "next_offset",
        "parse_mode",
        "payload",
        "phone_number",
        "photo",
        "pre_checkout_query_id",
        "provider_token",
        "query",
        "question",
        "result_id",
        "secret_token",
        "shipping_query_id",
        "short_description",
        "start_parameter",
        "sticker",
        "text",
        "thumbnail",
        "title",
        "url",
        "video",
        "video_note",
        "voice",
    }
)
_JSON_START = frozenset('{["-0123456789')
_VALID_PARSE_MODES = frozenset({"html", "markdown", "markdownv2"})
# Methods for which block_chat() does not apply (Telegram still answers them for blocked users).
_BLOCK_EXEMPT = frozenset({"getChat", "getChatMember", "leaveChat"})


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


class RecordedRequest(NamedTuple):
    """One API call as received (a 3-tuple: ``method, params, time = rec``)."""

    method: str  # canonical name, e.g. "sendMessage"
    params: dict[str, Any]  # decoded parameters
    time: float  # time.monotonic() at arrival


@dataclasses.dataclass(slots=True)
class SentMessage:
    chat_id: int | str
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    allow_paid_broadcast: bool
    message_id: int
    time: float  # time.monotonic()
    params: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)


@dataclasses.dataclass(slots=True)
class SentFile:
    """A sendPhoto or sendDocument (``stub.sent_files``): the upload, or the file id or URL
    given instead."""

    method: str  # "sendPhoto" or "sendDocument"
    chat_id: int | str
    file: UploadedFile | str
    caption: str | None
    parse_mode: str | None
    message_id: int
    time: float
    params: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)


@dataclasses.dataclass(slots=True)
class EditedMessage:
    """An editMessageText (``stub.edits``) or editMessageReplyMarkup (``stub.markup_edits``)."""

    chat_id: int | str | None
    message_id: int | None
    inline_message_id: str | None
    text: str | None  # None for editMessageReplyMarkup
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    time: float
    params: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)


@dataclasses.dataclass(slots=True)
class CallbackAnswer:
    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None
    time: float


@dataclasses.dataclass(slots=True)
class WebhookConfig:
    url: str
    secret_token: str | None
    allowed_updates: list[str] | None
    drop_pending_updates: bool
    max_connections: int | None
    ip_address: str | None
    has_certificate: bool
    time: float


@dataclasses.dataclass(slots=True)
class UploadedFile:
    """A multipart file part (what ``InputFile`` uploads become in ``params``)."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes = dataclasses.field(repr=False)


@dataclasses.dataclass(slots=True)
class _Fault:
    method: str | None  # canonical lower-case name, None = any method
    error_code: int
    description: str
    parameters: dict[str, Any] | None
    chat_id: int | str | None
    times: int


class _APIError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def _bad_request(what: str) -> _APIError:
    return _APIError(400, f"Bad Request: {what}")


class _HasToDict(Protocol):
    """A ``telegram.TelegramObject`` (e.g. a ``telegram.Update``), without importing PTB."""

    def to_dict(self) -> dict[str, Any]: ...


_T = TypeVar("_T")


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def json_response(payload: dict[str, Any], status: int = 200) -> web.Response:
    """A compact JSON answer, as the Bot API (and the CLI's control API) send them."""
    return web.Response(
        body=json.dumps(payload, separators=(",", ":")).encode(),
        status=status,
        content_type="application/json",
    )


def _coerce(key: str, value: Any) -> Any:
    """Decode a form/JSON value the way Telegram does (JSON for non-text parameters)."""
    if not isinstance(value, str) or not value or key in _STRING_PARAMS:
        return value
    if value[0] in _JSON_START or value in ("true", "false", "null"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    lowered = value.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    return value


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


def _norm_chat_id(value: Any) -> int | str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return value or None
    return None


def _chat_type_for_id(chat_id: int) -> str:
    if chat_id > 0:
        return "private"
    if chat_id <= -1000000000000:
        return "supergroup"
    return "group"


_HTML_TAG_RE = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)"
    r"((?:\s+[A-Za-z][A-Za-z0-9_-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*>"
)
_HTML_ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "blockquote",
        "code",
        "del",
        "em",
        "i",
        "ins",
        "pre",
        "s",
        "span",
        "strike",
        "strong",
        "tg-emoji",
        "tg-spoiler",
        "u",
    }
)
_HTML_STRIP_RE = re.compile(r"<[^>]*>")
_HTML_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9A-Fa-f]+);")


def _html_error(text: str) -> str | None:
    """Mimic Telegram's HTML entity parser errors (tags only), ``None`` if ``text`` is fine."""
    if "<" not in text:
        return None
    stack: list[str] = []
    pos = 0
    while (start := text.find("<", pos)) >= 0:
        offset = len(text[:start].encode())
        match = _HTML_TAG_RE.match(text, start)
        if match is None:
            name = re.match(r"/?([^\s<>/]*)", text[start + 1 :])
            tag = name.group(1) if name else ""
            return f'Unsupported start tag "{tag}" at byte offset {offset}'
        closing, tag = match.group(1), match.group(2).lower()
        if tag not in _HTML_ALLOWED_TAGS:
            return f'Unsupported start tag "{tag}" at byte offset {offset}'
        if closing:
            if not stack:
                return f"Unexpected end tag at byte offset {offset}"
            if stack[-1] != tag:
                return f'Can\'t find end tag corresponding to start tag "{stack[-1]}"'
            stack.pop()
        else:
            stack.append(tag)
        pos = match.end()
    if stack:
        return f'Can\'t find end tag corresponding to start tag "{stack[-1]}"'
    return None


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (its IHDR chunk), or (0, 0) for anything else."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return 0, 0
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _visible_html(text: str) -> str:
    return _HTML_ENTITY_RE.sub("x", _HTML_STRIP_RE.sub("", text))


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------

_Handler = Callable[[dict[str, Any]], Awaitable[Any]]


class BotAPIStub:
    """In-process fake Telegram Bot API server (see the module docstring).

    Attributes a test reads directly: ``requests``, ``sent``, ``edits``, ``markup_edits``,
    ``callback_answers``, ``chat_actions``, ``deleted``, ``webhook``, ``rejected_429``,
    ``method_counts``, ``pending_updates``.
    Knobs a test sets directly: ``delay`` (seconds, or ``{"sendMessage": 2.0, "*": 0.1}``),
    ``rate_limit``, ``paid_rate_limit``, ``retry_after``, ``check_html``.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        rate_limit: int | None = None,
        paid_rate_limit: int | None = None,
        *,
        retry_after: int | None = None,
        delay: float | Mapping[str, float] = 0.0,
        check_html: bool = True,
        bot_username: str = BOT_USERNAME,
    ) -> None:
        self.token = token
        prefix = token.split(":", 1)[0]
        self.bot_id = int(prefix) if prefix.isdigit() else BOT_ID
        self.bot_username = bot_username
        # sendMessage calls per rolling second; paid_rate_limit applies to
        # allow_paid_broadcast=true calls (falls back to rate_limit when None).
        self.rate_limit = rate_limit
        self.paid_rate_limit = paid_rate_limit
        # Fixed retry_after for rate-limit 429s; None = seconds until the window frees (>= 1).
        self.retry_after = retry_after
        # Seconds to hold each answer *after* the call took effect (a slow reply, so a
        # client timeout + retry produces a duplicate, as with the real API).
        self.delay: float | Mapping[str, float] = delay
        # Reject parse_mode=HTML texts with unsupported/unbalanced tags like Telegram does.
        self.check_html = check_html

        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._held: dict[str, asyncio.Event] = {}  # methods held by ``hold``
        self._session: ClientSession | None = None
        self._stopping = False
        self._updates_event = asyncio.Event()
        self._changed_event = asyncio.Event()
        self._waiters = 0
        self._poll_generation = 0
        self._methods: dict[str, tuple[str, _Handler]] = {}
        for name in (
            "getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo",
            "setMyCommands", "getMyCommands", "deleteMyCommands", "sendMessage",
            "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery",
            "sendChatAction", "deleteMessage", "getChat", "close", "logOut",
            "sendPhoto", "sendDocument",
        ):
            self._methods[name.lower()] = (name, getattr(self, f"_api_{name}"))
        self._reset_state()

    # ---------------------------------------------------------------- lifecycle

    def _reset_state(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.sent: list[SentMessage] = []
        self.sent_files: list[SentFile] = []
        self.edits: list[EditedMessage] = []
        self.markup_edits: list[EditedMessage] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[tuple[int | str, str, float]] = []
        self.deleted: list[tuple[int | str, int, float]] = []
        self.all_commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: WebhookConfig | None = None
        self.rejected_429 = 0
        self.method_counts: collections.Counter[str] = collections.Counter()
        self.pending_updates: collections.deque[dict[str, Any]] = collections.deque()
        self.allowed_updates: list[str] | None = None
        self._next_update_id = 1
        self._next_message_id = 1
        self._messages: dict[tuple[int | str, int], tuple[str | None, dict[str, Any] | None]] = {}
        self._answered_queries: set[str] = set()
        self._chats: dict[int | str, dict[str, Any]] = {}
        self._blocked: set[int | str] = set()
        self._missing: set[int | str] = set()
        self._migrated: dict[int | str, int] = {}
        self._faults: list[_Fault] = []
        self._send_times: collections.deque[float] = collections.deque()

    def reset(self) -> None:
        """Forget all records, pending updates, faults and registrations (keeps the server)."""
        self._wake_pollers()
        self._reset_state()

    async def start(
        self, port: int = 0, host: str = "127.0.0.1", *, routes: Iterable[web.RouteDef] = ()
    ) -> BotAPIStub:
        """Listen on ``host:port`` (0: a free port, see ``port``); ``routes`` are served
        beside the Bot API (the command line adds its control API this way)."""
        if self._runner is not None:
            raise RuntimeError("BotAPIStub already started")
        app = web.Application(client_max_size=64 * 1024**2)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/bot{token}/test/{method}", self._handle)
        app.router.add_routes(routes)
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = runner.addresses[0][1]
        self._stopping = False
        logger.debug("BotAPIStub listening on http://%s:%s", host, self._port)
        return self

    async def stop(self) -> None:
        self._stopping = True
        self._wake_pollers()
        self.release()
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> BotAPIStub:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("BotAPIStub is not started")
        return self._port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (root of the server)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``telegram.Bot(token, base_url=...)`` / ``ApplicationBuilder().base_url(...)``."""
        return f"http://127.0.0.1:{self.port}/bot"

    def api_url(self, method: str) -> str:
        return f"{self.base_url}{self.token}/{method}"

    # ---------------------------------------------------------------- convenience views

    @property
    def commands(self) -> list[dict[str, Any]]:
        """Commands set for the default scope and no language code."""
        return self.all_commands.get(('{"type": "default"}', ""), [])

    @property
    def webhook_url(self) -> str | None:
        return self.webhook.url if self.webhook else None

    @property
    def webhook_secret(self) -> str | None:
        return self.webhook.secret_token if self.webhook else None

    def sent_counts(self) -> collections.Counter[tuple[int | str, str]]:
        """Counter of ``(chat_id, text)`` over ``sent`` (any count > 1 is a duplicate)."""
        return collections.Counter((m.chat_id, m.text) for m in self.sent)

    def duplicates(self) -> dict[tuple[int | str, str], int]:
        return {key: n for key, n in self.sent_counts().items() if n > 1}

    def sent_to(self, chat_id: int | str) -> list[SentMessage]:
        return [m for m in self.sent if m.chat_id == chat_id]

    def requests_for(self, method: str) -> list[RecordedRequest]:
        method = method.lower()
        return [r for r in self.requests if r.method.lower() == method]

    # ---------------------------------------------------------------- waiting

    def _notify(self) -> None:
        if self._waiters:
            event, self._changed_event = self._changed_event, asyncio.Event()
            event.set()

    @overload
    async def wait_for(
        self, predicate_or_count: int, timeout: float = 5.0, *, what: str | None = None
    ) -> bool: ...

    @overload
    async def wait_for(
        self,
        predicate_or_count: Callable[[], _T | None],
        timeout: float = 5.0,
        *,
        what: str | None = None,
    ) -> _T: ...

    async def wait_for(
        self,
        predicate_or_count: Callable[[], object] | int,
        timeout: float = 5.0,
        *,
        what: str | None = None,
    ) -> object:
        """Wait until ``predicate()`` is truthy (returns its value), or until at least ``n``
        requests were received when given an int. Raises ``TimeoutError``.

        Re-checks after every request/push and at least every 50 ms (so predicates on state
        outside the stub work too)."""
        if isinstance(predicate_or_count, int):
            count = predicate_or_count

            def predicate() -> object:
                return len(self.requests) >= count

            what = what or f"{count} requests"
        else:
            predicate = predicate_or_count
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                last = [r.method for r in self.requests[-5:]]
                desc = what or getattr(predicate, "__name__", "predicate")
                raise TimeoutError(
                    f"BotAPIStub: {desc} not satisfied within {timeout}s "
                    f"(sent={len(self.sent)}, requests={len(self.requests)}, last={last})"
                )
            event = self._changed_event
            self._waiters += 1
            try:
                await asyncio.wait_for(event.wait(), min(remaining, 0.05))
            except TimeoutError:
                pass
            finally:
                self._waiters -= 1

    async def wait_for_sent(
        self, n: int = 1, timeout: float = 5.0, *, chat_id: int | str | None = None
    ) -> list[SentMessage]:
        """Wait until ``n`` messages were sent (to ``chat_id`` if given); returns them all."""
        if chat_id is None:
            await self.wait_for(lambda: len(self.sent) >= n, timeout, what=f"{n} sent messages")
            return list(self.sent)

        def enough() -> list[SentMessage] | None:
            found = self.sent_to(chat_id)
            return found if len(found) >= n else None

        return await self.wait_for(enough, timeout, what=f"{n} messages sent to {chat_id}")

    async def wait_for_requests(
        self, method: str, n: int = 1, timeout: float = 5.0
    ) -> list[RecordedRequest]:
        def enough() -> list[RecordedRequest] | None:
            found = self.requests_for(method)
            return found if len(found) >= n else None

        return await self.wait_for(enough, timeout, what=f"{n} {method} calls")

    async def wait_for_edits(self, n: int = 1, timeout: float = 5.0) -> list[EditedMessage]:
        await self.wait_for(lambda: len(self.edits) >= n, timeout, what=f"{n} edits")
        return list(self.edits)

    async def wait_for_callback_answers(
        self, n: int = 1, timeout: float = 5.0
    ) -> list[CallbackAnswer]:
        await self.wait_for(
            lambda: len(self.callback_answers) >= n, timeout, what=f"{n} callback answers"
        )
        return list(self.callback_answers)

    # ---------------------------------------------------------------- updates

    def push_update(self, update: Mapping[str, Any] | _HasToDict) -> dict[str, Any]:
        """Queue an update for getUpdates (assigning ``update_id`` when missing) and wake
        long-polls. Accepts a dict or a ``telegram.Update``. Returns the queued dict."""
        data = self._prepare_update(update)
        pending = self.pending_updates
        pending.append(data)
        if len(pending) > 1 and pending[-2]["update_id"] > data["update_id"]:
            ordered = sorted(pending, key=lambda u: u["update_id"])  # explicit ids out of order
            pending.clear()
            pending.extend(ordered)
        self._wake_pollers()
        self._notify()
        return data

    def push_updates(
        self, updates: Iterable[Mapping[str, Any] | _HasToDict]
    ) -> list[dict[str, Any]]:
        return [self.push_update(u) for u in updates]

    def _prepare_update(self, update: Mapping[str, Any] | _HasToDict) -> dict[str, Any]:
        data = dict(update) if isinstance(update, Mapping) else update.to_dict()
        update_id = data.get("update_id")
        if update_id is None:
            data["update_id"] = update_id = self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update_id) + 1)
        self._remember_chats(data)
        return data

    def _remember_chats(self, update: dict[str, Any]) -> None:
        for kind in ("message", "edited_message", "my_chat_member", "chat_member",
                     "channel_post", "callback_query"):
            payload = update.get(kind)
            if isinstance(payload, dict):
                if kind == "callback_query":
                    payload = payload.get("message") or {}
                chat = payload.get("chat")
                if isinstance(chat, dict) and "id" in chat:
                    self._chats[chat["id"]] = chat
                return

    def _wake_pollers(self) -> None:
        event, self._updates_event = self._updates_event, asyncio.Event()
        event.set()

    async def deliver_webhook(
        self,
        update: Mapping[str, Any] | _HasToDict,
        secret: str | None | EllipsisType = ...,
        url: str | None = None,
        *,
        timeout: float = 10.0,
    ) -> int:
        """POST ``update`` as JSON to the setWebhook url (or ``url``) with the
        ``X-Telegram-Bot-Api-Secret-Token`` header (the registered secret unless ``secret`` is
        given; ``secret=None`` sends no header). Returns the HTTP status.

        ``update`` is a dict or a ``telegram.Update`` (anything with ``to_dict()``)."""
        data = self._prepare_update(update)
        target = url or (self.webhook.url if self.webhook else None)
        if not target:
            raise RuntimeError("no webhook registered (call setWebhook or pass url=)")
        if secret is ...:
            secret = self.webhook.secret_token if self.webhook else None
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        if self._session is None or self._session.closed:
            self._session = ClientSession()
        async with self._session.post(
            target,
            data=json.dumps(data).encode(),
            headers=headers,
            timeout=ClientTimeout(total=timeout),
        ) as response:
            await response.read()
            return response.status

    # ---------------------------------------------------------------- fault injection

    def fail_next(
        self,
        method: str | None,
        error_code: int = 400,
        description: str | None = None,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        chat_id: int | str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (``None``/``"*"`` = any method; only
        calls for ``chat_id`` when given) fail with ``error_code``/``description`` and the
        optional ``parameters`` (``retry_after``, ``migrate_to_chat_id``). ``description``
        defaults to Telegram's usual text for the code."""
        if description is None:
            description = {
                400: "Bad Request: message text is empty",
                401: "Unauthorized",
                403: "Forbidden: bot was blocked by the user",
                404: "Not Found",
                409: "Conflict: terminated by other getUpdates request",
                429: f"Too Many Requests: retry after {retry_after or 1}",
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(error_code, f"Error {error_code}")
        if error_code == 429 and retry_after is None:
            retry_after = 1
        parameters: dict[str, Any] = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        self._faults.append(
            _Fault(
                None if method in (None, "*") else method.lower(),
                error_code,
                description,
                parameters or None,
                _norm_chat_id(chat_id),
                times,
            )
        )

    def hold(self, method: str) -> None:
        """Calls of ``method`` wait (recorded in ``requests``, not yet answered) until
        ``release``: a test can then build up a backlog in the bot deterministically."""
        self._held.setdefault(method.lower(), asyncio.Event())

    def release(self, method: str | None = None) -> None:
        """Let held calls of ``method`` (every held method when None) go on, and stop
        holding it."""
        names = list(self._held) if method is None else [method.lower()]
        for name in names:
            gate = self._held.pop(name, None)
            if gate is not None:
                gate.set()

    def clear_faults(self) -> None:
        self._faults.clear()
        self._blocked.clear()
        self._missing.clear()
        self._migrated.clear()

    def block_chat(self, chat_id: int | str) -> None:
        """Calls for ``chat_id`` answer 403 "Forbidden: bot was blocked by the user"."""
        key = _norm_chat_id(chat_id)
        if key is not None:  # None never matches: calls without a chat id are not checked
            self._blocked.add(key)

    def unblock_chat(self, chat_id: int | str) -> None:
        self._blocked.discard(_norm_chat_id(chat_id))

    def missing_chat(self, chat_id: int | str) -> None:
        """Calls for ``chat_id`` answer 400 "Bad Request: chat not found"."""
        key = _norm_chat_id(chat_id)
        if key is not None:
            self._missing.add(key)

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Calls for ``old_chat_id`` answer 400 with ``parameters.migrate_to_chat_id``."""
        key = _norm_chat_id(old_chat_id)
        if key is not None:
            self._migrated[key] = new_chat_id

    def _take_fault(self, lname: str, chat_id: int | str | None) -> _Fault | None:
        for i, fault in enumerate(self._faults):
            if fault.method is not None and fault.method != lname:
                continue
            if fault.chat_id is not None and fault.chat_id != chat_id:
                continue
            fault.times -= 1
            if fault.times <= 0:
                del self._faults[i]
            return fault
        return None

    def _check_faults(self, name: str, params: dict[str, Any]) -> None:
        chat_id = _norm_chat_id(params.get("chat_id"))
        if self._faults:
            fault = self._take_fault(name.lower(), chat_id)
            if fault is not None:
                raise _APIError(fault.error_code, fault.description, fault.parameters)
        if chat_id is None:
            return
        if chat_id in self._missing:
            raise _bad_request("chat not found")
        if chat_id in self._migrated:
            raise _APIError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        if chat_id in self._blocked and name not in _BLOCK_EXEMPT:
            raise _APIError(403, "Forbidden: bot was blocked by the user")

    def _check_rate_limit(self, paid: bool) -> None:
        """Rolling one-second window over all accepted sendMessage calls (paid or not)."""
        if self.rate_limit is None and self.paid_rate_limit is None:
            return
        limit = self.paid_rate_limit if paid and self.paid_rate_limit is not None else (
            self.rate_limit
        )
        now = time.monotonic()
        times = self._send_times
        horizon = now - 1.0
        while times and times[0] <= horizon:
            times.popleft()
        if limit is not None and len(times) >= limit:
            retry = self.retry_after
            if retry is None:
                # Seconds until the window has room again (always >= 1: PTB ignores 0).
                index = len(times) - limit
                oldest = times[index] if 0 <= index < len(times) else now
                retry = max(1, math.ceil(oldest + 1.0 - now))
            raise _APIError(
                429, f"Too Many Requests: retry after {retry}", {"retry_after": int(retry)}
            )
        times.append(now)

    # ---------------------------------------------------------------- HTTP plumbing

    @staticmethod
    def _error_reply(
        code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> web.Response:
        payload: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            payload["parameters"] = parameters
        return json_response(payload, code)

    async def _parse_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query) if request.query_string else {}
        if request.body_exists:
            ctype = request.content_type
            if ctype == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    raise _bad_request("JSON body must be an object")
                params.update(body)
            elif ctype == "application/x-www-form-urlencoded":  # what PTB sends (fast path)
                body = (await request.read()).decode(request.charset or "utf-8")
                params.update(urllib.parse.parse_qsl(body, keep_blank_values=True))
            elif ctype == "multipart/form-data":
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        params[key] = UploadedFile(
                            value.name, value.filename, value.content_type, value.file.read()
                        )
                    else:
                        params[key] = value
            else:
                await request.read()
        for key, value in params.items():
            if isinstance(value, str):
                params[key] = _coerce(key, value)
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error_reply(401, "Unauthorized")
        entry = self._methods.get(request.match_info["method"].lower())
        if entry is None:
            return self._error_reply(404, "Not Found")
        name, handler = entry
        try:
            params = await self._parse_params(request)
        except _APIError as exc:
            return self._error_reply(exc.code, exc.description, exc.parameters)
        except ValueError as exc:
            return self._error_reply(400, f"Bad Request: can't parse request: {exc}")
        self.requests.append(RecordedRequest(name, params, time.monotonic()))
        self.method_counts[name] += 1
        gate = self._held.get(name.lower())
        if gate is not None:
            self._notify()  # the call is visible (``requests``) while it waits
            await gate.wait()
        try:
            self._check_faults(name, params)
            result = await handler(params)
            response = json_response({"ok": True, "result": result})
        except _APIError as exc:
            if exc.code == 429:
                self.rejected_429 += 1
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug("%s -> %s %s", name, exc.code, exc.description)
            response = self._error_reply(exc.code, exc.description, exc.parameters)
        except (TypeError, ValueError) as exc:  # malformed parameter types
            response = self._error_reply(400, f"Bad Request: invalid parameters: {exc}")
        self._notify()
        delay = self.delay
        if delay:
            if isinstance(delay, Mapping):
                delay = delay.get(name, delay.get("*", 0.0))
            if delay:
                await asyncio.sleep(delay)
        return response

    # ---------------------------------------------------------------- Bot API methods

    def _bot_user(self) -> dict[str, Any]:
        return bot_user(self.bot_id, self.bot_username)

    def _chat(self, chat_id: int | str) -> dict[str, Any]:
        chat = self._chats.get(chat_id)
        if chat is not None:
            return chat
        if isinstance(chat_id, str):  # "@channelusername"
            numeric = -1000000000000 - zlib.crc32(chat_id.encode()) % 10**9
            return {"id": numeric, "type": "channel", "title": chat_id.lstrip("@"),
                    "username": chat_id.lstrip("@")}
        chat_type = _chat_type_for_id(chat_id)
        if chat_type == "private":
            return {"id": chat_id, "type": "private", "first_name": "User"}
        return {"id": chat_id, "type": chat_type, "title": DEFAULT_GROUP_TITLE}

    @staticmethod
    def _require_chat_id(params: dict[str, Any]) -> int | str:
        chat_id = _norm_chat_id(params.get("chat_id"))
        if chat_id is None:
            raise _bad_request("chat_id is empty")
        return chat_id

    def _check_text(self, value: Any, parse_mode: Any) -> str:
        if value is None or value == "":
            raise _bad_request("message text is empty")
        text = value if isinstance(value, str) else str(value)
        visible: str | None = text
        if parse_mode:
            if not isinstance(parse_mode, str) or parse_mode.lower() not in _VALID_PARSE_MODES:
                raise _bad_request("unsupported parse_mode")
            if parse_mode.lower() == "html":
                if self.check_html:
                    error = _html_error(text)
                    if error:
                        raise _bad_request(f"can't parse entities: {error}")
                visible = _visible_html(text)
                if not visible.strip():
                    raise _bad_request("message text is empty")
            else:
                visible = None  # Markdown: not parsed, no length check (raw length overestimates)
        if visible is not None and utf16_len(visible) > MAX_MESSAGE_LENGTH:
            raise _bad_request("message is too long")
        return text

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | None:
        if markup is None or markup == "":
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        return markup

    def _message(
        self,
        chat_id: int | str,
        message_id: int,
        text: str | None,
        markup: dict[str, Any] | None,
        params: dict[str, Any],
        edit: bool = False,
    ) -> dict[str, Any]:
        now = int(time.time())
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": self._bot_user(),
            "chat": self._chat(chat_id),
            "date": now,
        }
        if edit:
            message["edit_date"] = now
        if text is not None:
            message["text"] = text
        entities = params.get("entities")
        if isinstance(entities, list):
            message["entities"] = entities
        if markup and "inline_keyboard" in markup:  # only inline keyboards come back
            message["reply_markup"] = markup
        thread = params.get("message_thread_id")
        if isinstance(thread, int):
            message["message_thread_id"] = thread
        reply = params.get("reply_parameters")
        reply_to = reply.get("message_id") if isinstance(reply, dict) else None
        reply_to = reply_to or params.get("reply_to_message_id")
        if isinstance(reply_to, int):
            message["reply_to_message"] = {
                "message_id": reply_to,
                "chat": message["chat"],
                "date": now - 1,
            }
        return message

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise _APIError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self._poll_generation += 1
        generation = self._poll_generation
        if self._poll_generation > 1:
            self._wake_pollers()  # an older concurrent long-poll gets a 409, as on Telegram
        offset = params.get("offset")
        limit = params.get("limit") or 100
        limit = max(1, min(100, int(limit)))
        timeout = float(params.get("timeout") or 0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self.allowed_updates = allowed or None
        pending = self.pending_updates
        if isinstance(offset, int) and offset:
            if offset > 0:
                while pending and pending[0]["update_id"] < offset:
                    pending.popleft()
            else:
                while len(pending) > -offset:
                    pending.popleft()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                raise _APIError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
            result = self._deliverable(limit)
            remaining = deadline - loop.time()
            if result or remaining <= 0 or self._stopping:
                return result
            event = self._updates_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        pending = self.pending_updates
        allowed = self.allowed_updates
        if allowed:
            # Telegram never stores updates of types that are not allowed: drop them.
            kept = [u for u in pending if any(k in u for k in allowed)]
            if len(kept) != len(pending):
                pending.clear()
                pending.extend(kept)
        return list(itertools.islice(pending, limit))

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        url = params.get("url") or ""
        if not url:
            return await self._api_deleteWebhook(params)
        secret = params.get("secret_token")
        if secret is not None and secret != "" and not SECRET_TOKEN_RE.match(str(secret)):
            raise _bad_request("secret token contains unallowed characters")
        allowed = params.get("allowed_updates")
        drop = _truthy(params.get("drop_pending_updates"))
        if drop:
            self.pending_updates.clear()
        if isinstance(allowed, list):
            self.allowed_updates = allowed or None
        self.webhook = WebhookConfig(
            url=str(url),
            secret_token=str(secret) if secret else None,
            allowed_updates=allowed if isinstance(allowed, list) else None,
            drop_pending_updates=drop,
            max_connections=params.get("max_connections"),
            ip_address=params.get("ip_address"),
            has_certificate=isinstance(params.get("certificate"), UploadedFile),
            time=time.monotonic(),
        )
        self._wake_pollers()
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        if _truthy(params.get("drop_pending_updates")):
            self.pending_updates.clear()
        self.webhook = None
        return True

    async def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": bool(self.webhook and self.webhook.has_certificate),
            "pending_update_count": len(self.pending_updates),
        }
        if self.webhook:
            info["max_connections"] = self.webhook.max_connections or 40
            if self.webhook.ip_address:
                info["ip_address"] = self.webhook.ip_address
            if self.webhook.allowed_updates:
                info["allowed_updates"] = self.webhook.allowed_updates
        return info

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope")
        if not isinstance(scope, dict):
            scope = {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not re.fullmatch(
                r"[a-z0-9_]{1,32}", str(command.get("command", ""))
            ):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(params)
        if commands:
            self.all_commands[key] = commands
        else:
            self.all_commands.pop(key, None)
        return True

    async def _api_getMyCommands(self, params: dict[str, Any]) -> Any:
        return self.all_commands.get(self._commands_key(params), [])

    async def _api_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        self.all_commands.pop(self._commands_key(params), None)
        return True

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._require_chat_id(params)
        parse_mode = params.get("parse_mode") or None
        text = self._check_text(params.get("text"), parse_mode)
        markup = self._check_markup(params.get("reply_markup"))
        paid = _truthy(params.get("allow_paid_broadcast"))
        self._check_rate_limit(paid)
        message_id = self._next_message_id
        self._next_message_id += 1
        self._messages[(chat_id, message_id)] = (text, markup)
        self.sent.append(
            SentMessage(chat_id, text, parse_mode, markup, paid, message_id, time.monotonic(),
                        params)
        )
        return self._message(chat_id, message_id, text, markup, params)

    def _edit_target(
        self, params: dict[str, Any]
    ) -> tuple[int | str | None, int | None, str | None]:
        """``(chat_id, message_id, None)``, or ``(None, None, inline_message_id)``."""
        inline_id = params.get("inline_message_id")
        if inline_id:
            return None, None, str(inline_id)
        chat_id = self._require_chat_id(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _bad_request("message identifier is not specified")
        return chat_id, message_id, None

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        chat_id, message_id, inline_id = self._edit_target(params)
        parse_mode = params.get("parse_mode") or None
        text = self._check_text(params.get("text"), parse_mode)
        markup = self._check_markup(params.get("reply_markup"))
        if chat_id is not None and message_id is not None:
            if self._messages.get((chat_id, message_id)) == (text, markup):
                raise _bad_request(
                    "message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message"
                )
            self._messages[(chat_id, message_id)] = (text, markup)
        self.edits.append(
            EditedMessage(chat_id, message_id, inline_id, text, parse_mode, markup,
                          time.monotonic(), params)
        )
        if inline_id is not None:
            return True
        assert chat_id is not None and message_id is not None  # see _edit_target
        return self._message(chat_id, message_id, text, markup, params, edit=True)

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        chat_id, message_id, inline_id = self._edit_target(params)
        markup = self._check_markup(params.get("reply_markup"))
        text = None
        if chat_id is not None and message_id is not None:
            known = self._messages.get((chat_id, message_id))
            if known is not None:
                text = known[0]
                if known[1] == markup:
                    raise _bad_request(
                        "message is not modified: specified new message content and reply "
                        "markup are exactly the same as a current content and reply markup "
                        "of the message"
                    )
                self._messages[(chat_id, message_id)] = (text, markup)
        self.markup_edits.append(
            EditedMessage(chat_id, message_id, inline_id, None, None, markup, time.monotonic(),
                          params)
        )
        if inline_id is not None:
            return True
        assert chat_id is not None and message_id is not None  # see _edit_target
        return self._message(chat_id, message_id, text, markup, params, edit=True)

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        query_id = params.get("callback_query_id")
        if not query_id:
            raise _bad_request("QUERY_ID_INVALID")
        query_id = str(query_id)
        if query_id in self._answered_queries:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._answered_queries.add(query_id)
        cache_time = params.get("cache_time")
        self.callback_answers.append(
            CallbackAnswer(
                query_id,
                params.get("text"),
                _truthy(params.get("show_alert")),
                params.get("url"),
                cache_time if isinstance(cache_time, int) else None,
                time.monotonic(),
            )
        )
        return True

    async def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        chat_id = self._require_chat_id(params)
        action = params.get("action")
        if not action:
            raise _bad_request("wrong parameter action in request")
        self.chat_actions.append((chat_id, str(action), time.monotonic()))
        return True

    async def _api_deleteMessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._require_chat_id(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _bad_request("message identifier is not specified")
        self._messages.pop((chat_id, message_id), None)
        self.deleted.append((chat_id, message_id, time.monotonic()))
        return True

    async def _api_getChat(self, params: dict[str, Any]) -> Any:
        chat = dict(self._chat(self._require_chat_id(params)))
        chat.setdefault("accent_color_id", 0)
        chat.setdefault("max_reaction_count", 11)
        chat.setdefault(
            "accepted_gift_types",
            {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        )
        return chat

    async def _api_sendPhoto(self, params: dict[str, Any]) -> Any:
        message = self._send_file("sendPhoto", "photo", params)
        file = self.sent_files[-1].file
        width, height = _png_size(file.data) if isinstance(file, UploadedFile) else (0, 0)
        message["photo"] = [{"file_id": f"photo-{message['message_id']}",
                             "file_unique_id": f"p{message['message_id']}",
                             "width": width, "height": height,
                             "file_size": len(file.data) if isinstance(file, UploadedFile)
                             else 0}]
        return message

    async def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        message = self._send_file("sendDocument", "document", params)
        file = self.sent_files[-1].file
        document: dict[str, Any] = {"file_id": f"document-{message['message_id']}",
                                    "file_unique_id": f"d{message['message_id']}"}
        if isinstance(file, UploadedFile):
            document.update(file_name=file.filename or "file", file_size=len(file.data),
                            mime_type=file.content_type or "application/octet-stream")
        message["document"] = document
        return message

    def _send_file(self, method: str, field: str, params: dict[str, Any]) -> dict[str, Any]:
        """Record a photo or document sent to a chat; the message without its file part."""
        chat_id = self._require_chat_id(params)
        file = params.get(field)
        # PTB uploads a file as a part named attach://<name>, or inline under the field name.
        if isinstance(file, str) and file.startswith("attach://"):
            file = params.get(file[len("attach://"):])
        if not isinstance(file, (UploadedFile, str)) or not file:
            raise _bad_request(f"there is no {field} in the request")
        if isinstance(file, UploadedFile) and not file.data:
            raise _bad_request("file must be non-empty")
        caption = params.get("caption")
        parse_mode = params.get("parse_mode") or None
        if caption:
            caption = self._check_text(caption, parse_mode)
            visible = _visible_html(caption) if parse_mode == "HTML" else caption
            if utf16_len(visible) > MAX_CAPTION_LENGTH:
                raise _bad_request("message caption is too long")
        self._check_rate_limit(False)
        message_id = self._next_message_id
        self._next_message_id += 1
        self.sent_files.append(SentFile(method, chat_id, file, caption or None, parse_mode,
                                        message_id, time.monotonic(), params))
        message = self._message(chat_id, message_id, None, None, params)
        if caption:
            message["caption"] = caption
        return message

    async def _api_close(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_logOut(self, params: dict[str, Any]) -> Any:
        return True

