"""``python -m bot.testing.botapi``: the stand-in as a process of its own, for benchmarks.

Why a module of its own: a benchmark that measures the bot's CPU and memory runs the stand-in
in another process, so the measuring stays out of the measured process; it then needs a way to
push updates and read results over HTTP. That control API and the argument parsing exist only
for this, so they live here rather than on every in-process ``BotAPIStub`` a test starts::

    python -m bot.testing.botapi --port 8081 --rate-limit 30 --paid-rate-limit 1000

Control API, on the same port as the Bot API:
``POST /_stub/updates`` (an update dict or a list of them; answers their ``update_ids``),
``GET /_stub/stats``, ``GET /_stub/sent?since=N`` (what was sent from the N-th message on,
without the raw parameters), ``POST /_stub/reset``. The process stops on SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import signal

from aiohttp import web

from bot.testing.botapi.server import DEFAULT_TOKEN, BotAPIStub, json_response

logger = logging.getLogger(__name__)


def control_routes(stub: BotAPIStub) -> list[web.RouteDef]:
    """The ``/_stub/...`` routes that let another process drive and read ``stub``."""

    async def stats(request: web.Request) -> web.Response:
        return json_response(
            {
                "requests": len(stub.requests),
                "sent": len(stub.sent),
                "edits": len(stub.edits),
                "callback_answers": len(stub.callback_answers),
                "rejected_429": stub.rejected_429,
                "pending_updates": len(stub.pending_updates),
                "duplicates": len(stub.duplicates()),
                "methods": dict(stub.method_counts),
            }
        )

    async def sent(request: web.Request) -> web.Response:
        since = int(request.query.get("since", "0"))
        return json_response(
            {
                "sent": [
                    {k: v for k, v in dataclasses.asdict(m).items() if k != "params"}
                    for m in stub.sent[since:]
                ]
            }
        )

    async def updates(request: web.Request) -> web.Response:
        body = await request.json()
        batch = body if isinstance(body, list) else [body]
        pushed = [stub.push_update(u)["update_id"] for u in batch]
        return json_response({"ok": True, "update_ids": pushed})

    async def reset(request: web.Request) -> web.Response:
        stub.reset()
        return json_response({"ok": True})

    return [
        web.get("/_stub/stats", stats),
        web.get("/_stub/sent", sent),
        web.post("/_stub/updates", updates),
        web.post("/_stub/reset", reset),
    ]


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.testing.botapi", description="Local Telegram Bot API stand-in."
    )
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--rate-limit", type=int, default=None,
                        help="sendMessage calls per rolling second before 429s")
    parser.add_argument("--paid-rate-limit", type=int, default=None,
                        help="limit for allow_paid_broadcast=true sends")
    parser.add_argument("--retry-after", type=int, default=None,
                        help="fixed retry_after for rate-limit 429s")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds added to answers")
    parser.add_argument("--no-check-html", action="store_true")
    parser.add_argument("--log-level", default="INFO")
    return parser.parse_args(argv)


async def _serve(args: argparse.Namespace) -> None:
    stub = BotAPIStub(
        args.token,
        rate_limit=args.rate_limit,
        paid_rate_limit=args.paid_rate_limit,
        retry_after=args.retry_after,
        delay=args.delay,
        check_html=not args.no_check_html,
    )
    await stub.start(port=args.port, host=args.host, routes=control_routes(stub))
    logger.info(
        "BotAPIStub listening on http://%s:%d/bot%s/ (rate_limit=%s, paid_rate_limit=%s)",
        args.host, stub.port, args.token, args.rate_limit, args.paid_rate_limit,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        logger.info(
            "BotAPIStub stopping: %d requests, %d sent, %d rejected with 429",
            len(stub.requests), len(stub.sent), stub.rejected_429,
        )
        await stub.stop()


def main(argv: list[str] | None = None) -> None:
    args = _parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
