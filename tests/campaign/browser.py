"""Headless Chromium driven over the DevTools protocol, for looking at a page as a person would.

Why this way: Debian's `chromium` is already what CI installs, and the DevTools protocol is a
websocket, which aiohttp (a dependency of the bot) speaks: no browser download and no
automation library (playwright's wheels are over 100 MB and bring their own browser). The
command line's own `--screenshot` and `--dump-dom` cannot say whether the page logged an
error or tried to fetch something, or where each chart landed; the protocol can.

    async with Chromium() as browser:
        page = await browser.open(Path("report.html"), width=1000)
        page.errors, page.requests, await page.evaluate("1 + 1"), await page.screenshot()
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# What this machine needs: root (no sandbox), no GPU, a closed network (nothing that phones
# home), and a profile of its own for each run.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio", "--remote-debugging-port=0",
         "--remote-allow-origins=*")
TIMEOUT = 60.0  # seconds for any one step; only a broken browser takes this long


def chromium_path() -> str | None:
    """The browser, if it is installed."""
    found = shutil.which(CHROMIUM) or shutil.which("chromium")
    return found


@dataclass
class Page:
    """One tab: what it logged and fetched, and commands to it."""

    ws: aiohttp.ClientWebSocketResponse
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _waiting: dict[int, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _events: dict[str, asyncio.Event] = field(default_factory=dict)
    _reader: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"], None)
                if future is not None and not future.done():
                    future.set_result(data)
                continue
            method, params = data.get("method", ""), data.get("params", {})
            self._events.setdefault(method, asyncio.Event()).set()
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                self.errors.append(f"exception: {details.get('text')} "
                                   f"{details.get('exception', {}).get('description', '')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error",
                                                                                "warning"):
                args = " ".join(str(a.get("value", a.get("description")))
                                for a in params.get("args", []))
                self.errors.append(f"console.{params['type']}: {args}")
            elif method == "Log.entryAdded" and params["entry"].get("level") in ("error",
                                                                                "warning"):
                self.errors.append(f"log: {params['entry'].get('text')}")
            elif method == "Network.requestWillBeSent":
                self.requests.append(params["request"]["url"])

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """A command; its result, or AssertionError with the browser's error."""
        call = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[call] = future
        await self.ws.send_str(json.dumps({"id": call, "method": method, "params": params}))
        answer = await asyncio.wait_for(future, TIMEOUT)
        assert "error" not in answer, f"{method}: {answer['error']}"
        return dict(answer.get("result", {}))

    async def event(self, method: str) -> None:
        """Wait for an event (seen since the last `forget`)."""
        await asyncio.wait_for(self._events.setdefault(method, asyncio.Event()).wait(), TIMEOUT)

    def forget(self, method: str) -> None:
        self._events.pop(method, None)

    async def evaluate(self, expression: str) -> Any:
        """A JavaScript expression's value (JSON-able)."""
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    async def screenshot(self) -> bytes:
        """The whole page (not just the window), as PNG, one CSS pixel per pixel."""
        metrics = await self.send("Page.getLayoutMetrics")
        size = metrics["cssContentSize"]
        shot = await self.send("Page.captureScreenshot", format="png",
                               captureBeyondViewport=True,
                               clip={"x": 0, "y": 0, "width": size["width"],
                                     "height": size["height"], "scale": 1})
        return base64.b64decode(shot["data"])


class Chromium:
    """A headless Chromium of its own (a fresh profile), stopped on leaving."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path or chromium_path() or CHROMIUM
        self.process: asyncio.subprocess.Process | None = None
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        self.session: aiohttp.ClientSession | None = None
        self.port = 0

    async def __aenter__(self) -> Chromium:
        self.process = await asyncio.create_subprocess_exec(
            self.path, *FLAGS, f"--user-data-dir={self.profile}", "about:blank",
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE)
        assert self.process.stderr is not None
        seen = []
        async with asyncio.timeout(TIMEOUT):
            while True:
                line = (await self.process.stderr.readline()).decode(errors="replace")
                if not line:
                    raise RuntimeError("chromium stopped before it listened:\n" + "".join(seen))
                seen.append(line)
                match = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
                if match:
                    self.port = int(match[1])
                    break
        # Keep reading its chatter (D-Bus and the like), so it never blocks on a full pipe.
        self._drain = asyncio.create_task(self._drain_stderr())
        self.session = aiohttp.ClientSession()
        return self

    async def _drain_stderr(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        while await self.process.stderr.readline():
            pass

    async def open(self, page_file: Path, width: int = 1000, height: int = 900) -> Page:
        """A new tab showing the file, once it has loaded."""
        assert self.session is not None
        async with self.session.put(f"http://127.0.0.1:{self.port}/json/new?about:blank") as r:
            target = await r.json()
        ws = await self.session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0)
        page = Page(ws)
        page.start()
        for domain in ("Page", "Runtime", "Log", "Network"):
            await page.send(f"{domain}.enable")
        await page.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                        deviceScaleFactor=1, mobile=False)
        page.forget("Page.loadEventFired")
        await page.send("Page.navigate", url=page_file.resolve().as_uri())
        await page.event("Page.loadEventFired")
        return page

    async def __aexit__(self, *exc: object) -> None:
        if self.session is not None:
            await self.session.close()
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        with contextlib.suppress(AttributeError):
            self._drain.cancel()
            await asyncio.gather(self._drain, return_exceptions=True)
        shutil.rmtree(self.profile, ignore_errors=True)


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[Chromium]:
    async with Chromium() as browser:
        yield browser
