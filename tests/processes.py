"""Stopping a `python -m bot ...` (or stand-in) process a test started, the way systemd does."""

from __future__ import annotations

import asyncio
import signal


async def stop_process(proc: asyncio.subprocess.Process, patience: float) -> float:
    """SIGTERM, then the seconds until the process exited. One that has not exited after
    `patience` seconds is killed and the wait fails (TimeoutError): a clean stop is promised."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    proc.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(proc.wait(), timeout=patience)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    return loop.time() - start
