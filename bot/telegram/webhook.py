"""The webhook server: Telegram's POSTs in, updates onto the Application's queue.

Why our own and not python-telegram-bot's `run_webhook`: that one (tornado) reads the whole
body before it checks the secret, so strangers could make the bot buffer gigabytes, and it
has no connection or read timeouts. Anyone on the internet can reach this port, and only
Telegram knows the secret, so everything else is refused as cheaply as possible:

- the secret header is compared (in constant time) before a byte of the body is read; a
  refused connection is closed instead of drained;
- a body over `Limits.max_body` is refused from its Content-Length, or, when it is sent in
  chunks, as soon as it passes the limit; compressed bodies are refused (a small body could
  inflate to any size), as Telegram never compresses;
- `Limits.idle_timeout` closes a connection that has not sent a whole request head in that
  time (aiohttp's keep-alive timer also runs before the first request), so a slow trickle
  of headers cannot hold it; `Limits.read_timeout` bounds reading the body; header lines
  and counts are capped small, as Telegram sends few short ones;
- a body that is not an update is answered 200, or Telegram would resend it forever; it is
  logged by size only, never its text (it may be someone's message).

Only POST on the webhook path is served: aiohttp answers 405 to other methods there and 404
everywhere else. Start-up and shutdown follow python-telegram-bot's `run_webhook` (and
`bot.telegram.app.stop_polling`): initialize, post_init, listen, setWebhook, start; on stop,
stop accepting, let requests in progress finish, then stop (the queued updates are handled
to the end), post_stop, shutdown, post_shutdown. The webhook stays registered on purpose:
Telegram keeps the updates that arrive meanwhile for the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlparse

from aiohttp import HttpVersion11, hdrs, web
from telegram import Update
from telegram.ext import ExtBot

from bot import metrics
from bot.config import ConfigError, Settings
from bot.telegram.context import App
from bot.telegram.lifecycle import STOP_SIGNALS, stop_application
from bot.transport import whole_characters

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are a few kilobytes; a megabyte leaves room for the longest message
# with every entity and still bounds what one request can make the bot hold.
MAX_BODY_BYTES = 1 << 20
# What `run_webhook` listens on; the platform's router forwards the public https URL to it.
LISTEN_HOST = "0.0.0.0"
# Bytes read from the socket at a time; aiohttp stops reading a connection whose unread body
# reaches twice this, so it is also what one connection can make the server hold.
READ_BUFSIZE = 1 << 16
# Telegram's request head is a request line and a handful of short headers.
MAX_LINE_SIZE = 4096
MAX_FIELD_SIZE = 4096
MAX_HEADERS = 32


@dataclass(frozen=True)
class Limits:
    """How long and how much one connection may take; tests shorten the times."""

    max_body: int = MAX_BODY_BYTES
    # Seconds for the whole body, once the head has arrived.
    read_timeout: float = 10.0
    # Seconds a connection may wait before (or between) requests, whole heads included.
    idle_timeout: float = 10.0
    # Seconds shutdown waits for requests in progress before closing their connections.
    shutdown_timeout: float = 10.0


class _BodyTooLarge(Exception):
    pass


class _Receiver:
    """The one request handler, and the count of requests in progress (for shutdown)."""

    def __init__(self, application: App, secret: str, limits: Limits) -> None:
        self._application = application
        self._secret = secret.encode()
        self._limits = limits
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self._busy += 1
        self._idle.clear()
        try:
            return await self._receive(request)
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()

    async def refuse_early(self, request: web.Request) -> web.StreamResponse | None:
        """The `Expect: 100-continue` hook: refuse before inviting the body at all."""
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        if request.headers.get(hdrs.EXPECT, "").lower() != "100-continue":
            return _closing(417)
        if request.version >= HttpVersion11:
            await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            request.writer.output_size = 0  # as aiohttp's own: the response is still to come
        return None

    @property
    def in_progress(self) -> int:
        return self._busy

    async def wait_idle(self, timeout: float) -> bool:
        """True once no request is in progress; False if `timeout` passed first."""
        try:
            async with asyncio.timeout(timeout):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True

    def _refusal(self, request: web.Request) -> web.Response | None:
        """What to answer before reading the body, or None to go on and read it."""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode("utf-8", "surrogatepass"), self._secret):
            return _closing(403)
        length = request.content_length
        if length is not None and length > self._limits.max_body:
            return _closing(413)
        if request.headers.get(hdrs.CONTENT_ENCODING, "identity").lower() != "identity":
            return _closing(415)
        return None

    async def _receive(self, request: web.Request) -> web.StreamResponse:
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        try:
            async with asyncio.timeout(self._limits.read_timeout):
                body = await _read_capped(request, self._limits.max_body)
        except TimeoutError:
            log.info("webhook: a request body did not arrive in time; refused")
            return _closing(408)
        except _BodyTooLarge:
            log.warning("webhook: a request body passed %d bytes; refused",
                        self._limits.max_body)
            return _closing(413)
        update = self._update(body)
        if update is not None:
            await self._application.update_queue.put(update)
        return web.Response()

    def _update(self, body: bytes) -> Update | None:
        """The update in `body`, or None (logged by size, never by content)."""
        try:
            data = json.loads(body)
        except ValueError:  # UnicodeDecodeError is one too
            log.warning("webhook: dropped a body that is not JSON (%d bytes)", len(body))
            return None
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            log.warning("webhook: dropped a body that is not an update (%d bytes)", len(body))
            return None
        bot = self._application.bot
        try:
            update = Update.de_json(whole_characters(data), bot)
            if isinstance(bot, ExtBot):
                bot.insert_callback_data(update)
        except Exception as exc:  # any malformed field: the exception names no content
            log.warning("webhook: dropped update %d that could not be read (%s, %d bytes)",
                        update_id, type(exc).__name__, len(body))
            return None
        return update


# The application's receiver, which shutdown asks whether requests are still in progress.
RECEIVER = web.AppKey("receiver", _Receiver)


async def _read_capped(request: web.Request, limit: int) -> bytes:
    """The body, read as it arrives, refused the moment it passes `limit` bytes."""
    body = bytearray()
    while True:
        chunk = await request.content.readany()
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > limit:
            raise _BodyTooLarge


def _closing(status: int) -> web.Response:
    """A refusal that ends the connection: its unread body is never drained."""
    response = web.Response(status=status)
    response.force_close()
    return response


# The only thing served without the secret: "is this process ready?" (200 or 503, no body
# worth stealing), for the platform's health checks and load balancers.
HEALTH_PATH = "/healthz"
# Counts for Prometheus (`bot.metrics`), only with `Authorization: Bearer <WEBHOOK_SECRET>`:
# nothing personal is in them, but strangers have no business reading a charity's traffic.
METRICS_PATH = "/metrics"


def build_webhook_app(application: App, path: str, secret: str,
                      limits: Limits = Limits()) -> web.Application:
    """The aiohttp application serving POST `path` only.

    Serve it through `server_options(limits)` (as `WebhookServer` does): the timeouts and
    header caps belong to the server, not to this application.
    """
    if not secret:
        raise ValueError("the webhook needs a secret")
    receiver = _Receiver(application, secret, limits)
    app = web.Application(client_max_size=limits.max_body)
    app[RECEIVER] = receiver
    app.router.add_post(_path(path), receiver.handle, expect_handler=receiver.refuse_early)

    async def health(request: web.Request) -> web.Response:
        if await ready(application):
            return web.Response(text="ok\n")
        return web.Response(status=503, text="not ready\n")

    async def figures(request: web.Request) -> web.Response:
        given = request.headers.get(hdrs.AUTHORIZATION, "")
        if not hmac.compare_digest(given.encode(), f"Bearer {secret}".encode()):
            return web.Response(status=401, headers={hdrs.WWW_AUTHENTICATE: "Bearer"})
        body, content_type = metrics.exposition()
        return web.Response(body=body, headers={hdrs.CONTENT_TYPE: content_type})

    app.router.add_get(HEALTH_PATH, health)
    app.router.add_get(METRICS_PATH, figures)
    return app


async def ready(application: App) -> bool:
    """Up and answering: the Application running and, once it has one, the database answering.
    A platform's health check reads this at `/healthz`, without the secret."""
    store = application.bot_data.store
    return application.running and (store is None or await store.ping())


def server_options(limits: Limits) -> dict[str, Any]:
    """The aiohttp server settings that keep strangers from holding connections or memory.

    `lingering_time=0`: aiohttp would otherwise read and discard a refused request's body for
    up to 10 s; the connection is closed instead. No access log: it would record every
    stranger's request at the bot's expense, and the bot logs what matters itself.
    """
    return {
        "keepalive_timeout": limits.idle_timeout,
        "lingering_time": 0,
        "read_bufsize": READ_BUFSIZE,
        "max_line_size": MAX_LINE_SIZE,
        "max_field_size": MAX_FIELD_SIZE,
        "max_headers": MAX_HEADERS,
        "auto_decompress": False,
        "access_log": None,
        "shutdown_timeout": limits.shutdown_timeout,
    }


def _path(path: str) -> str:
    return "/" + path.lstrip("/")


class WebhookServer:
    """The Application served by webhook, for `async with` (tests) or `run_webhook`.

    `url` is the public address given to Telegram (its path is the one served); `host` and
    `port` are where this process listens (port 0: any free port, see `port`).
    """

    def __init__(self, application: App, *, url: str, secret: str, host: str = LISTEN_HOST,
                 port: int = 8443, limits: Limits = Limits()) -> None:
        self._application = application
        self._url = url
        self._secret = secret
        self._host = host
        self._requested_port = port
        self._limits = limits
        self._web = build_webhook_app(application, urlparse(url).path, secret, limits)
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._stopped = False

    @property
    def port(self) -> int:
        """The port listened on (the real one when 0 was asked for)."""
        if self._site is None or self._runner is None:
            raise RuntimeError("the webhook server is not listening")
        return int(self._runner.addresses[0][1])

    @property
    def path(self) -> str:
        return _path(urlparse(self._url).path)

    @property
    def in_progress(self) -> int:
        """Requests being received now (head read, not yet answered)."""
        return self._web[RECEIVER].in_progress

    async def start(self) -> None:
        """As `run_webhook` starts: the Application, then listening, then setWebhook."""
        application = self._application
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        self._runner = web.AppRunner(self._web, **server_options(self._limits))
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self._host, self._requested_port)
        await self._site.start()
        # Listening before registering: Telegram may deliver the moment it knows the URL.
        await application.bot.set_webhook(self._url, secret_token=self._secret,
                                          allowed_updates=Update.ALL_TYPES)
        await application.start()
        log.info("webhook: listening on port %d", self.port)

    async def stop(self) -> None:
        """Stop accepting, let requests in progress finish, then stop the Application.

        The listening socket closes first; a request already being received is read and
        queued (up to `Limits.shutdown_timeout`) before its connection is closed, because
        aiohttp's own shutdown stops reading open connections at once. A second call does
        nothing (the post_shutdown hook closes the store, which must happen once).
        """
        if self._stopped:
            return
        self._stopped = True
        if self._site is not None:
            await self._site.stop()
            self._site = None
            if not await self._web[RECEIVER].wait_idle(self._limits.shutdown_timeout):
                log.warning("webhook: requests still in progress at shutdown; closing them")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await stop_application(self._application)

    async def __aenter__(self) -> WebhookServer:
        try:
            await self.start()
        except BaseException:
            await self.stop()
            raise
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.stop()


async def serve(application: App, settings: Settings,
                stop: asyncio.Event | None = None) -> None:
    """Serve until SIGTERM/SIGINT (or until `stop` is set), then shut down cleanly."""
    if not settings.webhook_url or not settings.webhook_secret:
        raise ConfigError("WEBHOOK_URL and WEBHOOK_SECRET are both needed for a webhook")
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    try:
        async with WebhookServer(application, url=settings.webhook_url,
                                 secret=settings.webhook_secret, port=settings.port):
            await stop.wait()
            log.info("webhook: stop signal received; shutting down")
    finally:
        for sig in STOP_SIGNALS:
            with contextlib.suppress(ValueError, RuntimeError):
                loop.remove_signal_handler(sig)


def run_webhook(application: App, settings: Settings) -> None:
    """Run by webhook until SIGTERM/SIGINT; blocks, like `Application.run_polling`."""
    asyncio.run(serve(application, settings))
