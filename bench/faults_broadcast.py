"""Broadcast faults: duplicates and losses when the database or Telegram misbehaves mid-run.

    .venv/bin/python bench/faults_broadcast.py [--subscribers 1500] [--outage 3]

Prints one markdown table (issue 9, "Faults without harm"). About 40 seconds.

What it runs. A private PostgreSQL cluster (bot/testing/pgcluster.py: initdb on a free port,
killed with `pg_ctl stop -m immediate`, like a crash) gives each scenario a fresh database
with N active subscribers (1,500); the Bot API stand-in (bot/testing/botapi) runs in this
process and counts every message it accepts. Broadcasts are paid (`allow_paid_broadcast`,
delivery.PAID_RATE, 990 a second), so each scenario takes seconds; the free rate changes only
the pace.

1. db-outage: the real command, `python -m bot broadcast --id ... --paid --force`, as its own
   process with production settings. Once the stand-in has accepted a third of the
   messages, PostgreSQL is killed for OUTAGE seconds (3), then started again; when the
   command exits it is run once more, as an organiser would.
2. db-outage-past-bound: the same outage, but the sender (`bot.campaign.delivery.deliver`, in
   this process) is given only 3 tries at the database, so it gives up and stops; after the
   restart the broadcast is run again.
3. 502s: after a third of the messages, every sendMessage answers 502 Bad Gateway for 3
   seconds, with the sender's pauses scaled to a tenth of production's (so this stands for
   30 s of 502s); then a rerun.
4. non-JSON: every 100th chat's answer is replaced by an HTML page with status 200 after the
   stand-in accepted the message (a broken proxy: the worst case, since it *was* delivered);
   then a rerun without the fault.
5. slow answers: after a third, the stand-in holds every answer 1.5 s, beyond the client's
   0.3 s read timeout, for 2 seconds; then a rerun.

How it measures. Copies per chat come from the stand-in (`SentMessage`): a duplicate is a
chat that got the broadcast more than once (extra copies are also summed); a loss is a
subscriber that never got it. "Sent while db down" is what the stand-in accepted from just
before the kill (so the sends racing it count too) to the restart. "Owed after run 1" is
what the first run left for the rerun (in doubt or to retry), from the database. "Runs": the
command's exit codes (0 finished, 3 stopped), or for runs in this process how the first one
ended, or the first run's failed count and what the rerun left owed. The bound is what the
code promises: duplicates at most the messages in flight (IN_FLIGHT_PER_WORKER x concurrency
for the database; concurrency + FAULT_STREAK for Telegram's faults; for the non-JSON answers,
which were all delivered, the number of them).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "true")

import asyncpg  # noqa: E402
import telegram  # noqa: E402
from telegram.request import RequestData  # noqa: E402

from bot.campaign import delivery  # noqa: E402
from bot.campaign.delivery import DatabaseUnavailable, Patience, deliver  # noqa: E402
from bot.storage.store import Store  # noqa: E402
from bot.testing.botapi import BotAPIStub  # noqa: E402
from bot.testing.pgcluster import PgCluster  # noqa: E402
from bot.transport import AiohttpRequest  # noqa: E402

MESSAGE = "Back Care Awareness Week: keep moving, little and often. Fault benchmark."
PATIENCE = 60.0  # seconds any wait may take before the benchmark gives up on a scenario


@dataclass
class Row:
    scenario: str
    fault: str
    exits: str = "-"
    owed_after_first: int = 0
    sent_while_down: str = "-"
    delivered: int = 0
    duplicates: int = 0
    extra_copies: int = 0
    lost: int = 0
    bound: int = 0
    seconds: float = 0.0

    @property
    def verdict(self) -> str:
        return "ok" if self.lost == 0 and self.duplicates <= self.bound else "FAIL"


class Bench:
    def __init__(self, cluster: PgCluster, stub: BotAPIStub, subscribers: int,
                 outage: float) -> None:
        self.cluster = cluster
        self.stub = stub
        self.n = subscribers
        self.outage = outage
        self.chats = list(range(1, subscribers + 1))

    async def database(self) -> str:
        """A fresh database with N active subscribers; returns its URL."""
        name = f"bench_{uuid.uuid4().hex[:12]}"
        admin = await asyncpg.connect(self.cluster.url)
        try:
            await admin.execute(f"CREATE DATABASE {name}")
        finally:
            await admin.close()
        url = self.cluster.database_url(name)
        await (await Store.open(url)).close()  # the schema
        conn = await asyncpg.connect(url)
        try:
            await conn.execute("INSERT INTO subscribers (chat_id, status, created_at, updated_at)"
                               " SELECT g, 'active', now(), now()"
                               " FROM generate_series(1, $1::int) AS g", self.n)
        finally:
            await conn.close()
        return url

    def copies(self) -> Counter[int | str]:
        return Counter(m.chat_id for m in self.stub.sent if m.text.startswith(MESSAGE))

    def finish(self, row: Row, started: float) -> Row:
        got = self.copies()
        row.delivered = sum(1 for chat in self.chats if got[chat] > 0)
        row.lost = self.n - row.delivered
        row.duplicates = sum(1 for n in got.values() if n > 1)
        row.extra_copies = sum(n - 1 for n in got.values() if n > 1)
        row.seconds = time.monotonic() - started
        return row

    async def owed(self, url: str, broadcast_id: str) -> int:
        async with await Store.open(url) as store:
            return (await store.broadcast_summary(broadcast_id)).counts["pending"]

    async def after_a_third(self) -> None:
        await self.stub.wait_for(lambda: len(self.stub.sent) >= self.n // 3, timeout=PATIENCE)

    # -- 1. the real command through a database outage ---------------------------------------

    async def command(self, url: str, broadcast_id: str) -> asyncio.subprocess.Process:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": self.stub.token,
               "TELEGRAM_BASE_URL": self.stub.base_url, "DATABASE_URL": url,
               "PTB_TIMEDELTA": "true", "LOG_LEVEL": "WARNING"}
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "broadcast", "--id", broadcast_id, "--message",
            MESSAGE, "--paid", "--force", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)

    async def db_outage(self) -> Row:
        self.stub.reset()
        url = await self.database()
        row = Row("db-outage", f"PostgreSQL killed for {self.outage:g} s mid-run (the command)",
                  bound=delivery.IN_FLIGHT_PER_WORKER * delivery.PAID_CONCURRENCY)
        started = time.monotonic()
        proc = await self.command(url, "bench-db")
        errors = asyncio.ensure_future(proc.communicate())
        await self.after_a_third()
        at_kill = len(self.stub.sent)
        await self.cluster.akill()
        await asyncio.sleep(self.outage)
        row.sent_while_down = str(len(self.stub.sent) - at_kill)
        await self.cluster.astart()
        _, err = await asyncio.wait_for(errors, PATIENCE + self.outage)
        first = proc.returncode
        row.owed_after_first = await self.owed(url, "bench-db")
        proc = await self.command(url, "bench-db")
        _, err2 = await asyncio.wait_for(proc.communicate(), PATIENCE)
        row.exits = f"{first}, {proc.returncode}"
        if b"Traceback" in err + err2:
            row.exits += " (traceback!)"
        return self.finish(row, started)

    # -- 2. in this process, a sender that gives up -------------------------------------------

    async def db_outage_past_bound(self, bot: telegram.Bot) -> Row:
        self.stub.reset()
        url = await self.database()
        row = Row("db-outage-past-bound",
                  f"PostgreSQL killed for {self.outage:g} s; the sender gives up after 3 tries",
                  bound=delivery.IN_FLIGHT_PER_WORKER * delivery.PAID_CONCURRENCY)
        started = time.monotonic()
        async with await Store.open(url) as store:
            await store.create_broadcast("bench-bound", MESSAGE, "message", paid=True)
            task = asyncio.create_task(deliver(store, bot, "bench-bound",
                                               patience=Patience(db_retries=3, db_pause=0.05)))
            await self.after_a_third()
            at_kill = len(self.stub.sent)
            await self.cluster.akill()
            try:
                await asyncio.wait_for(task, PATIENCE)
                stopped = "finished?!"
            except DatabaseUnavailable:
                stopped = "stopped"
            await asyncio.sleep(max(0.0, self.outage - (time.monotonic() - started)))
            row.sent_while_down = str(len(self.stub.sent) - at_kill)
            await self.cluster.astart()
            row.owed_after_first = (await store.broadcast_summary("bench-bound")
                                    ).counts["pending"]
            await deliver(store, bot, "bench-bound")
        row.exits = f"{stopped}, rerun"
        return self.finish(row, started)

    # -- 3, 4, 5: Telegram misbehaving -----------------------------------------------------------

    async def telegram_fault(self, name: str, fault: str, bot: telegram.Bot,
                             inject: Any, heal: Any = None, patience: Patience | None = None,
                             bound: int | None = None) -> Row:
        """Run 1 with `inject()` (awaited while it runs), then `heal()`, then the rerun."""
        self.stub.reset()
        url = await self.database()
        row = Row(name, fault, bound=bound if bound is not None else
                  delivery.PAID_CONCURRENCY + delivery.FAULT_STREAK)
        started = time.monotonic()
        async with await Store.open(url) as store:
            await store.create_broadcast(name, MESSAGE, "message", paid=True)
            task = asyncio.create_task(deliver(store, bot, name, patience=patience))
            await inject()
            first = await asyncio.wait_for(task, PATIENCE)
            row.owed_after_first = first.counts["pending"]
            failed = first.counts["failed"]
            if heal is not None:
                heal()
            second = await deliver(store, bot, name, patience=patience)
        row.exits = f"failed {failed}, owed {second.counts['pending']}"
        return self.finish(row, started)

    async def five_oh_twos(self, bot: telegram.Bot) -> Row:
        async def inject() -> None:
            await self.after_a_third()
            self.stub.fail_next("sendMessage", 502, times=10**9)
            await asyncio.sleep(3.0)
            self.stub.clear_faults()

        tenth = Patience(fault_pause=0.05, fault_pause_max=0.8)
        return await self.telegram_fault("502s", "3 s of 502 Bad Gateway, pauses at 1/10 "
                                         "(= 30 s in production)", bot, inject,
                                         patience=tenth)

    async def non_json(self, garbling: GarblingRequest, bot: telegram.Bot) -> Row:
        async def inject() -> None:
            garbling.garbled.update(range(100, self.n + 1, 100))

        return await self.telegram_fault(
            "non-JSON", "every 100th answer is a 200 HTML page (message delivered)", bot,
            inject, heal=garbling.garbled.clear, bound=len(range(100, self.n + 1, 100)))

    async def slow(self, bot: telegram.Bot) -> Row:
        async def inject() -> None:
            await self.after_a_third()
            self.stub.delay = {"sendMessage": 1.5}
            await asyncio.sleep(2.0)
            self.stub.delay = 0.0

        return await self.telegram_fault(
            "slow answers", "answers held 1.5 s (client timeout 0.3 s) for 2 s", bot, inject)


class GarblingRequest(AiohttpRequest):
    """The transport, but the answers for chats in `garbled` become an HTML page (200)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.garbled: set[int] = set()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         **timeouts: Any) -> tuple[int, bytes]:
        code, body = await super().do_request(url, method, request_data, **timeouts)
        if request_data is not None and request_data.parameters.get("chat_id") in self.garbled:
            return 200, b"<html><body>502 Bad Gateway</body></html>"
        return code, body


def table(rows: list[Row]) -> str:
    head = ("| scenario | fault | runs | owed after run 1 | sent while db down | delivered "
            "| duplicates (extra copies) | lost | bound on duplicates | seconds | verdict |")
    lines = [head, "|" + " --- |" * 11]
    for r in rows:
        lines.append(f"| {r.scenario} | {r.fault} | {r.exits} | {r.owed_after_first} | "
                     f"{r.sent_while_down} | {r.delivered} | {r.duplicates} ({r.extra_copies}) "
                     f"| {r.lost} | {r.bound} | {r.seconds:.1f} | {r.verdict} |")
    return "\n".join(lines)


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=1500)
    parser.add_argument("--outage", type=float, default=3.0, help="seconds PostgreSQL is down")
    args = parser.parse_args(argv)
    began = time.monotonic()
    cluster = PgCluster.create()
    try:
        cluster.start()
        async with BotAPIStub() as stub:
            bench = Bench(cluster, stub, args.subscribers, args.outage)
            rows = [await bench.db_outage()]
            plain = AiohttpRequest(pool_size=64)
            async with telegram.Bot(stub.token, base_url=stub.base_url, request=plain) as bot:
                rows.append(await bench.db_outage_past_bound(bot))
                rows.append(await bench.five_oh_twos(bot))
            slow = AiohttpRequest(pool_size=64, read_timeout=0.3)
            async with telegram.Bot(stub.token, base_url=stub.base_url, request=slow) as bot:
                rows.append(await bench.slow(bot))
            garbling = GarblingRequest(pool_size=64)
            async with telegram.Bot(stub.token, base_url=stub.base_url,
                                    request=garbling) as bot:
                rows.append(await bench.non_json(garbling, bot))
    finally:
        cluster.destroy()
    print(f"{args.subscribers} subscribers, paid broadcasts; "
          f"in flight per worker {delivery.IN_FLIGHT_PER_WORKER}, "
          f"paid concurrency {delivery.PAID_CONCURRENCY}, fault streak {delivery.FAULT_STREAK}; "
          f"{time.monotonic() - began:.0f} s in all")
    print()
    print(table(rows))
    return 0 if all(r.verdict == "ok" for r in rows) else 1


if __name__ == "__main__":
    # No log output: the table is the result (warnings from the runs would interleave).
    import logging

    logging.basicConfig(level=logging.CRITICAL)
    sys.exit(asyncio.run(main()))



