"""The webhook under attack: memory and connections, against the real `python -m bot run`.

    .venv/bin/python bench/webhook_attack.py [--posts 20] [--megabytes 50] [--slow 800]

Prints one markdown table (issue 9, "Faults without harm"). About 30 seconds.

The bot runs as its own process in webhook mode (the production code path: our aiohttp
server, `bot/telegram/webhook.py`), talking to the Bot API stand-in in this process. Its
resident memory is read from /proc while:

1. `--posts` clients at once each offer a `--megabytes` body without the secret (a stranger
   trying to exhaust memory); each stops when the server answers or closes;
2. the same with the right secret but a body over the 1 MB limit;
3. `--slow` connections each send half a request head and then nothing (slow loris): how
   long until the server has closed them all;
4. after all that, a real update with the secret: it must still be answered.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.testing.botapi.server import DEFAULT_TOKEN, BotAPIStub  # noqa: E402
from bot.testing.botapi.updates import text_update  # noqa: E402

SECRET = "bench-Secret_1"
CHUNK = 64 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class PeakRss:
    """Samples a process's RSS every 20 ms while it runs, keeping the peak."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._task = pid, 0.0, None

    async def _run(self) -> None:
        while True:
            self.peak = max(self.peak, rss_mb(self.pid))
            await asyncio.sleep(0.02)

    def __enter__(self) -> PeakRss:
        self.peak = rss_mb(self.pid)
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def until_listening(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.05)


async def big_post(port: int, megabytes: int, secret: str | None) -> tuple[int | None, int]:
    """Offer a body of `megabytes`; return the status (None if the connection was cut) and
    how many bytes were written before the server answered or closed."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    size = megabytes * 1024 * 1024
    head = (f"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {size}\r\n")
    if secret:
        head += f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\n"
    writer.write((head + "\r\n").encode())
    answer = asyncio.ensure_future(reader.readline())
    written = 0
    chunk = b" " * CHUNK
    with contextlib.suppress(ConnectionError):
        while written < size and not answer.done():
            writer.write(chunk)
            await writer.drain()
            written += len(chunk)
    status = None
    try:  # the server may have answered before it cut the connection
        line = await asyncio.wait_for(answer, 15)
        status = int(line.split()[1]) if line.startswith(b"HTTP/") else None
    except (TimeoutError, ConnectionError, IndexError, ValueError):
        pass
    finally:
        answer.cancel()
        writer.close()
    return status, written


async def slow_loris(port: int, count: int) -> float:
    """Seconds until the server has closed `count` connections that sent half a head."""
    start = time.monotonic()

    async def one() -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            return
        writer.write(b"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        with contextlib.suppress(TimeoutError, ConnectionError):
            await asyncio.wait_for(reader.read(), 120)  # returns when the server closes it
        writer.close()

    await asyncio.gather(*(one() for _ in range(count)))
    return time.monotonic() - start


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--slow", type=int, default=800)
    args = parser.parse_args()

    port = free_port()
    rows: list[tuple[str, str, str, str]] = []
    async with BotAPIStub() as stub:
        with tempfile.TemporaryDirectory() as tmp:
            log = open(Path(tmp) / "bot.log", "w")  # noqa: SIM115 - the child writes to it
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=ROOT, stdout=log, stderr=log,
                env={**os.environ, "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
                     "TELEGRAM_BASE_URL": stub.base_url, "PORT": str(port),
                     "WEBHOOK_URL": f"http://127.0.0.1:{port}/hook", "WEBHOOK_SECRET": SECRET,
                     "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "LOG_LEVEL": "WARNING"})
            try:
                await until_listening(port)
                await stub.wait_for(lambda: stub.webhook_url is not None, timeout=30)
                idle = rss_mb(proc.pid)
                for label, secret in (("no secret", None), ("right secret, over 1 MB", SECRET)):
                    with PeakRss(proc.pid) as peak:
                        results = await asyncio.gather(*(
                            big_post(port, args.megabytes, secret) for _ in range(args.posts)))
                    statuses = sorted({str(s) for s, _ in results})
                    sent = max(w for _, w in results) / 1024 / 1024
                    rows.append((f"{args.posts} x {args.megabytes} MB POST, {label}",
                                 f"{idle:.0f} -> {peak.peak:.0f}",
                                 "status " + "/".join(statuses),
                                 f"at most {sent:.1f} MB written by a client"))
                with PeakRss(proc.pid) as peak:
                    held = await slow_loris(port, args.slow)
                rows.append((f"{args.slow} slow-loris connections", f"{idle:.0f} -> "
                             f"{peak.peak:.0f}", "all closed", f"after {held:.1f} s"))
                answered = await stub.deliver_webhook(
                    text_update("what is sciatica", chat_id=5, user_id=5), secret=SECRET)
                await stub.wait_for_sent(1, chat_id=5, timeout=30)
                rows.append(("a real update afterwards", f"{rss_mb(proc.pid):.0f}",
                             f"status {answered}", "answered"))
            finally:
                proc.send_signal(signal.SIGTERM)
                await asyncio.wait_for(proc.wait(), 30)
                log.close()
    print("| attack | bot RSS MB (idle -> peak) | answer | notes |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
