"""The webhook server (bot/telegram/webhook.py) with the real Application, over real sockets.

The attacks of issue 9 are replayed at the socket: a stranger offering 50 MB without the
secret must be answered 403 before the server has read the body (the test sends none, or
only its first chunk, and waits for the answer: a server that read first would never
answer); an over-long body with the right secret gets 413 the same way; a connection that
trickles its head or body is closed by the server's timeouts. Every wait is for an event
(an answer, the server closing the connection, a message reaching the stand-in) bounded by
PATIENCE, which only a failure reaches.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import Update

from bot.telegram import app as telegram_app
from bot.telegram import webhook
from bot.telegram.webhook import Limits, WebhookServer
from bot.testing.botapi import BotAPIStub, text_update
from bot.testing.processed import ProcessedUpdates
from tests.telegram.conftest import CONTENT, PATIENCE, settings_for

SECRET = "hook-Secret_42"
PUBLIC_URL = "https://bot.example.org/telegram/hook"
PATH = "/telegram/hook"
MB = 1 << 20
SCIATICA = CONTENT.topic("sciatica").answer.split("\n")[0]
# Short enough for a quick test, long enough that a busy machine still delivers a whole
# request in time: these only bound how long a stalled connection is kept.
SHORT = Limits(read_timeout=1.0, idle_timeout=1.0)
PRODUCTION = Limits()


@contextlib.asynccontextmanager
async def serving(stub: BotAPIStub, tmp_path, processed: ProcessedUpdates,
                  limits: Limits = PRODUCTION) -> AsyncIterator[WebhookServer]:
    settings = settings_for(stub, tmp_path, WEBHOOK_URL=PUBLIC_URL, WEBHOOK_SECRET=SECRET)
    application = telegram_app.build_application(settings, CONTENT, updates=processed)
    async with WebhookServer(application, url=PUBLIC_URL, secret=SECRET, host="127.0.0.1",
                             port=0, limits=limits) as server:
        yield server


@pytest.fixture
async def hook(stub, tmp_path, processed) -> AsyncIterator[WebhookServer]:
    async with serving(stub, tmp_path, processed) as server:
        yield server


def local_url(server: WebhookServer, path: str = PATH) -> str:
    return f"http://127.0.0.1:{server.port}{path}"


def head(*, secret: str | None = SECRET, length: int | None = None, chunked: bool = False,
         path: str = PATH, extra: tuple[str, ...] = ()) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    if secret is not None:
        lines.append(f"X-Telegram-Bot-Api-Secret-Token: {secret}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    lines += extra
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def connect(server: WebhookServer) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", server.port)


async def until_closed(reader: asyncio.StreamReader) -> bytes:
    """Everything the server sends until it closes the connection."""
    async with asyncio.timeout(PATIENCE):
        return await reader.read()


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


async def close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()


# -- a real update, and what Telegram is told ---------------------------------------------


async def test_an_update_posted_to_the_webhook_is_answered(stub, hook):
    assert stub.webhook is not None
    assert stub.webhook.url == PUBLIC_URL
    assert stub.webhook.secret_token == SECRET
    assert stub.webhook.allowed_updates == list(Update.ALL_TYPES)

    update = text_update("what is sciatica", chat_id=61, user_id=61)
    assert await stub.deliver_webhook(update, url=local_url(hook)) == 200
    [reply] = await stub.wait_for_sent(1, chat_id=61, timeout=PATIENCE)
    assert reply.text.startswith(SCIATICA)


async def test_a_chunked_update_within_the_limit_is_accepted(stub, hook):
    body = json.dumps(text_update("what is sciatica", chat_id=62, user_id=62,
                                  update_id=6200)).encode()

    async def pieces():
        for i in range(0, len(body), 50):
            yield body[i:i + 50]

    async with aiohttp.ClientSession() as session, session.post(
            local_url(hook), data=pieces(),
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
        assert response.status == 200
    [reply] = await stub.wait_for_sent(1, chat_id=62, timeout=PATIENCE)
    assert reply.text.startswith(SCIATICA)


# -- refusals before the body --------------------------------------------------------------


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET[:-1], SECRET + "x",
                                    SECRET.upper(), "hook-Secret_43"])
async def test_without_the_secret_a_huge_post_gets_403_before_its_body(hook, stub, secret):
    reader, writer = await connect(hook)
    try:
        # 50 MB announced, not one byte of it sent: only a server that answers before
        # reading the body can answer at all.
        writer.write(head(secret=secret, length=50 * MB))
        response = await until_closed(reader)
    finally:
        await close(writer)
    assert status_of(response) == 403
    assert stub.sent == []


async def test_expect_continue_without_the_secret_is_refused_without_inviting_the_body(hook):
    reader, writer = await connect(hook)
    try:
        writer.write(head(secret="wrong", length=50 * MB, extra=("Expect: 100-continue",)))
        response = await until_closed(reader)
    finally:
        await close(writer)
    assert status_of(response) == 403
    assert b"100 Continue" not in response


async def test_over_limit_content_length_with_the_secret_gets_413_unread(hook):
    reader, writer = await connect(hook)
    try:
        writer.write(head(length=webhook.MAX_BODY_BYTES + 1))
        response = await until_closed(reader)
    finally:
        await close(writer)
    assert status_of(response) == 413


async def test_compressed_body_is_refused_before_reading(hook):
    reader, writer = await connect(hook)
    try:
        writer.write(head(length=1000, extra=("Content-Encoding: gzip",)))
        response = await until_closed(reader)
    finally:
        await close(writer)
    assert status_of(response) == 415


async def test_a_chunked_body_is_refused_as_it_passes_the_limit(hook):
    reader, writer = await connect(hook)
    chunk = b"x" * (16 * 1024)
    try:
        writer.write(head(chunked=True))
        # Just over the limit, and no final chunk: the answer must come without the rest.
        for _ in range(webhook.MAX_BODY_BYTES // len(chunk) + 1):
            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            await writer.drain()
        response = await until_closed(reader)
    finally:
        await close(writer)
    assert status_of(response) == 413


async def test_twenty_parallel_50_mb_posts_without_the_secret_are_refused_unread(hook, stub):
    """Issue 9's attack: memory went from 89 MB to 1 GB. Each stranger offers 50 MB and
    sends its first 64 KB; the server must answer every one without waiting for more, so it
    holds at most that much per connection. The stranger then keeps sending: the server has
    closed the connection instead of draining it, so the writes soon fail."""
    offered = 50 * MB
    chunk = b"{" * (64 * 1024)

    async def stranger() -> tuple[int, int]:
        reader, writer = await connect(hook)
        sent_after = 0
        try:
            writer.write(head(secret=None, length=offered) + chunk)
            async with asyncio.timeout(PATIENCE):
                answer = await reader.readuntil(b"\r\n\r\n")
            with contextlib.suppress(ConnectionError):
                while sent_after < offered - len(chunk):
                    writer.write(chunk)
                    await writer.drain()
                    sent_after += len(chunk)
        finally:
            await close(writer)
        return status_of(answer), sent_after

    results = await asyncio.gather(*(stranger() for _ in range(20)))
    assert [status for status, _ in results] == [403] * 20
    # What the socket buffers took before the server's reset, never the rest of the 50 MB.
    assert max(sent for _, sent in results) < offered // 4, results
    assert stub.sent == []


async def test_a_streaming_client_offering_50_mb_gets_little_of_it_taken(hook):
    """The same attack from an ordinary HTTP client that streams as fast as it can: the
    server refuses and closes, so the client hands over only what the socket buffers take
    before the refusal, never the 50 MB offered."""
    offered = 50 * MB
    chunk = b"{" * (64 * 1024)
    pulled = [0] * 5

    def offer(i: int):
        async def body():
            while pulled[i] < offered:
                pulled[i] += len(chunk)
                yield chunk
        return body()

    async def stranger(session: aiohttp.ClientSession, i: int) -> int | str:
        try:
            async with session.post(local_url(hook), data=offer(i),
                                    headers={"Content-Length": str(offered)}) as response:
                return response.status
        except aiohttp.ClientError as exc:  # the server closed while the client still sent
            return type(exc).__name__

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=PATIENCE)) as session:
        outcomes = await asyncio.gather(*(stranger(session, i) for i in range(len(pulled))))
    assert all(o == 403 or isinstance(o, str) for o in outcomes), outcomes
    assert max(pulled) < offered // 2, pulled


# -- what is not an update ----------------------------------------------------------------


@pytest.mark.parametrize("body", [
    b"not json: my back hurts, Alex Smith",
    b"\xff\xfe my back hurts",
    b"",
    b'["my back hurts"]',
    b'{"message": "my back hurts"}',
    b'{"update_id": "my back hurts"}',
    b'{"update_id": true}',
    b'{"update_id": 5, "message": "my back hurts"}',
    b'{"update_id": 6, "message": {"text": "my back hurts"}}',
])
async def test_a_body_that_is_not_an_update_gets_200_and_a_log_line_without_it(
        hook, stub, processed, caplog, body):
    caplog.set_level(logging.INFO, logger="bot.telegram.webhook")
    async with aiohttp.ClientSession() as session, session.post(
            local_url(hook), data=body,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
        assert response.status == 200
    dropped = [r for r in caplog.records if r.name == "bot.telegram.webhook"
               and r.levelno == logging.WARNING]
    assert len(dropped) == 1
    assert "back hurts" not in caplog.text and "Alex" not in caplog.text
    # The server still works, and nothing of the bad body reached the bot.
    update = text_update("what is sciatica", chat_id=63, user_id=63, update_id=6300)
    assert await stub.deliver_webhook(update, url=local_url(hook)) == 200
    await processed(update)
    assert [m.chat_id for m in stub.sent] == [63]


# -- only POST on the path -----------------------------------------------------------------


async def test_only_post_on_the_webhook_path_is_served(hook):
    secret = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession(headers=secret) as session:
        for method, path, status in [("GET", PATH, 405), ("HEAD", PATH, 405),
                                     ("PUT", PATH, 405), ("GET", "/", 404),
                                     ("POST", "/", 404), ("POST", "/telegram", 404),
                                     ("POST", PATH + "/x", 404), ("GET", "/health", 404)]:
            async with session.request(method, local_url(hook, path), data=b"{}") as response:
                assert (method, path, response.status) == (method, path, status)


# -- timeouts ------------------------------------------------------------------------------


async def test_a_head_trickled_byte_by_byte_is_cut_off(stub, tmp_path, processed):
    async with serving(stub, tmp_path, processed, SHORT) as server:
        reader, writer = await connect(server)
        # A valid head with a long header, sent a byte every 50 ms: 40 s if let through.
        trickle = head(extra=("X-Padding: " + "a" * 800,))

        async def dribble() -> None:
            with contextlib.suppress(ConnectionError):
                for i in range(len(trickle)):
                    writer.write(trickle[i:i + 1])
                    await writer.drain()
                    await asyncio.sleep(0.05)  # pacing the attack, not waiting to assert

        sender = asyncio.create_task(dribble())
        try:
            response = await until_closed(reader)
            assert not sender.done(), "the whole head went through before the server cut it"
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
            await close(writer)
        assert response == b""


async def test_a_stalled_body_gets_408_and_the_connection_closes(stub, tmp_path, processed):
    async with serving(stub, tmp_path, processed, SHORT) as server:
        reader, writer = await connect(server)
        try:
            writer.write(head(length=100) + b'{"update_id": 1')
            response = await until_closed(reader)
        finally:
            await close(writer)
    assert status_of(response) == 408


async def test_an_idle_connection_is_closed_after_a_request(stub, tmp_path, processed):
    async with serving(stub, tmp_path, processed, SHORT) as server:
        update = text_update("hello", chat_id=64, user_id=64, update_id=6400)
        body = json.dumps(update).encode()
        reader, writer = await connect(server)
        try:
            writer.write(head(length=len(body)) + body)
            response = await until_closed(reader)  # kept alive, then closed as idle
        finally:
            await close(writer)
        assert status_of(response) == 200
        await processed(update)


# -- shutdown ------------------------------------------------------------------------------


async def test_stop_refuses_new_connections_and_finishes_what_was_in_progress(
        stub, tmp_path, processed):
    """A request half received when shutdown begins is read to the end, answered, and its
    update handled before the Application stops."""
    stub.delay = {"sendMessage": 0.3}  # the reply is still being sent as the bot stops
    update = text_update("what is sciatica", chat_id=65, user_id=65, update_id=6500)
    body = json.dumps(update).encode()
    server_cm = serving(stub, tmp_path, processed)
    server = await server_cm.__aenter__()
    application_stopped = False
    try:
        port = server.port
        reader, writer = await connect(server)
        writer.write(head(length=len(body)) + body[:20])
        await wait_until(lambda: server.in_progress == 1)
        stopping = asyncio.create_task(server_cm.__aexit__(None, None, None))
        await wait_until_refused(port)
        writer.write(body[20:])
        try:
            response = await until_closed(reader)
        finally:
            await close(writer)
        assert status_of(response) == 200
        async with asyncio.timeout(PATIENCE):
            await stopping
        application_stopped = True
    finally:
        if not application_stopped:
            await server_cm.__aexit__(None, None, None)
    assert update["update_id"] in processed.done
    [reply] = stub.sent_to(65)
    assert reply.text.startswith(SCIATICA)


async def wait_until(condition, timeout: float = PATIENCE) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)  # polling a condition; the timeout is the failure


async def wait_until_refused(port: int) -> None:
    async with asyncio.timeout(PATIENCE):
        while True:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                return
            await close(writer)
            await asyncio.sleep(0.01)  # still listening: try again


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_sigterm_stops_serve_cleanly(stub, tmp_path, processed):
    port = free_port()
    url = f"http://127.0.0.1:{port}{PATH}"
    settings = settings_for(stub, tmp_path, WEBHOOK_URL=url, WEBHOOK_SECRET=SECRET,
                            PORT=str(port))
    application = telegram_app.build_application(settings, CONTENT, updates=processed)
    serving_task = asyncio.create_task(webhook.serve(application, settings))
    try:
        await stub.wait_for(lambda: stub.webhook is not None, timeout=PATIENCE)
        await wait_until(lambda: application.running or serving_task.done())
        update = text_update("what is sciatica", chat_id=66, user_id=66)
        assert await stub.deliver_webhook(update) == 200
        await stub.wait_for_sent(1, chat_id=66, timeout=PATIENCE)
        os.kill(os.getpid(), signal.SIGTERM)
        async with asyncio.timeout(PATIENCE):
            await serving_task
    finally:
        if not serving_task.done():
            serving_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await serving_task
    assert not application.running
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", port)


async def test_healthz_says_ready_without_the_secret_and_503_when_the_database_is_gone(
        stub, tmp_path, processed):
    async with serving(stub, tmp_path, processed) as server, aiohttp.ClientSession() as http:
        async with http.get(local_url(server, "/healthz")) as response:
            assert response.status == 200
            assert await response.text() == "ok\n"
        # Nothing else is served without the secret: not the hook, not other paths.
        async with http.get(local_url(server, "/")) as response:
            assert response.status == 404
        store = server._application.bot_data.store
        assert store is not None

        async def broken(timeout: float = 2.0) -> bool:
            return False
        store.ping = broken
        async with http.get(local_url(server, "/healthz")) as response:
            assert response.status == 503


async def test_store_ping_is_false_when_the_database_cannot_answer(tmp_path):
    from sqlalchemy.ext.asyncio import create_async_engine

    from bot.storage.store import Store
    store = await Store.open(f"sqlite:///{tmp_path}/h.sqlite3")
    assert await store.ping()
    await store.close()
    # Nothing listens on port 1: connection refused, as when the server is down.
    unreachable = Store(create_async_engine("postgresql+asyncpg://bot@127.0.0.1:1/bot"))
    assert not await unreachable.ping()
    await unreachable.close()


def figure(text: str, name: str, **labels: str) -> float:
    """One sample's value from the Prometheus text format (0 when absent)."""
    want = name + ("{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "}"
                   if labels else "")
    for line in text.splitlines():
        if line.startswith(want + " "):
            return float(line.split()[-1])
    return 0.0


async def test_metrics_count_answers_and_triage_and_need_the_secret(stub, tmp_path, processed):
    async with serving(stub, tmp_path, processed) as server, aiohttp.ClientSession() as http:
        async with http.get(local_url(server, "/metrics")) as response:
            assert response.status == 401  # no secret, no figures
        auth = {"Authorization": f"Bearer {SECRET}"}
        async with http.get(local_url(server, "/metrics"), headers=auth) as response:
            assert response.status == 200
            before = await response.text()
        updates = [text_update("what is sciatica", chat_id=81, user_id=81, update_id=9001),
                   text_update("both my legs have gone numb", chat_id=82, user_id=82,
                               update_id=9002)]
        for update in updates:
            assert await stub.deliver_webhook(update, secret=SECRET,
                                              url=local_url(server)) == 200
        await processed(*updates)  # handled, reply sent and timed
        async with http.get(local_url(server, "/metrics"), headers=auth) as response:
            after = await response.text()
    name = "backcare_answers_total"
    assert figure(after, name, topic="sciatica") == figure(before, name, topic="sciatica") + 1
    tier = "backcare_triage_total"
    assert figure(after, tier, tier="emergency") == figure(before, tier, tier="emergency") + 1
    assert figure(after, "backcare_reply_seconds_count") >= figure(
        before, "backcare_reply_seconds_count") + 2
    # Counts only: nothing anyone wrote.
    assert "what is sciatica" not in after and "gone numb" not in after
