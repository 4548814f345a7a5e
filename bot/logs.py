"""Logging for every command: one stream (standard error), secrets removed, people's words
kept out, at every `LOG_LEVEL`.

Why it is its own module: the promises it keeps (docs/privacy.md, "What is logged") hold only
if every way text reaches standard error goes through one filter, and that is easier to see
and to test in one place than spread over the command line.

- **Secrets.** The token and the webhook secret are replaced in every finished line,
  tracebacks and exception text included, in plain and URL-encoded spelling (the token sits in
  every Bot API URL). Uncaught exceptions (main thread and other threads), exceptions Python
  can only ignore (in `__del__`, say) and warnings are routed into logging, so none of them is
  printed past the filter.
- **People's words.** python-telegram-bot logs whole updates (message text, names,
  usernames) at DEBUG, and the HTTP and database clients log request URLs (with the token)
  and SQL parameters. So `LOG_LEVEL=DEBUG` lowers only the bot's own loggers (`bot.*`, which
  log ids and counts, never text); every other library stays at INFO at most, and the chatty
  ones at WARNING. This is an allow-list rather than a list of known offenders, so a library
  that starts logging updates at DEBUG tomorrow is still held back.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterable
from types import TracebackType
from urllib.parse import quote

REDACTED = "[redacted]"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# The only loggers LOG_LEVEL=DEBUG reaches: the bot's own.
OWN = "bot"
# Every other library logs at INFO at most, whatever LOG_LEVEL says.
LIBRARY_FLOOR = logging.INFO
# Libraries whose INFO lines carry request URLs (the token), SQL with its parameters, or
# scheduler chatter: WARNING at least.
QUIET = ("httpx", "httpcore", "aiohttp.access", "aiohttp.client", "apscheduler", "aiosqlite",
         "asyncio", "sqlalchemy", "asyncpg")

# python-telegram-bot logs a Bot API answer that is not JSON whole, with a traceback, at
# ERROR: a wrong TELEGRAM_BASE_URL, a proxy's error page or a garbled answer. The body could
# hold anything (a sendMessage answer echoes the text), so it is told in one line, by size.
NOT_JSON_LOGGER = "telegram.request.BaseRequest"
NOT_JSON = "Can not load invalid JSON data"

log = logging.getLogger(__name__)


class OneLineNotJson(logging.Filter):
    """Turns python-telegram-bot's "invalid JSON" record into one line without the body."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(NOT_JSON):
            body = record.args[0] if isinstance(record.args, tuple) and record.args else ""
            record.msg = "the Bot API answered with %d characters that are not JSON"
            record.args = (len(str(body)),)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class Redactor:
    """Replaces each secret, in every spelling a URL or a repr may give it, by `REDACTED`."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        spellings = set()
        for secret in secrets:
            if secret:
                spellings |= {secret, quote(secret, safe=""), quote(secret)}
        # Longest first, so a spelling that contains another is replaced whole.
        self._spellings = sorted(spellings, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for spelling in self._spellings:
            text = text.replace(spelling, REDACTED)
        return text


class RedactingFormatter(logging.Formatter):
    """Redacts the finished line, so the traceback and the exception text are covered too."""

    def __init__(self, fmt: str, redact: Redactor) -> None:
        super().__init__(fmt)
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


def setup_logging(level: str, secrets: Iterable[str | None] = ()) -> Redactor:
    """Log to standard error through the redactor, which is returned for text a command
    prints itself (its one-line failure)."""
    redact = Redactor(secrets)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(FORMAT, redact))
    wanted = logging.getLevelName(level)
    if not isinstance(wanted, int):
        raise ValueError(f"unknown log level {level!r}")
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(wanted, LIBRARY_FLOOR))
    logging.getLogger(OWN).setLevel(wanted)
    # python-telegram-bot sets no level of its own; say it here too, so the rule is visible.
    logging.getLogger("telegram").setLevel(max(wanted, LIBRARY_FLOOR))
    for name in QUIET:
        logging.getLogger(name).setLevel(max(wanted, logging.WARNING))
    not_json = logging.getLogger(NOT_JSON_LOGGER)
    if not any(isinstance(f, OneLineNotJson) for f in not_json.filters):
        not_json.addFilter(OneLineNotJson())
    _route_uncaught_into_logging()
    return redact


def _route_uncaught_into_logging() -> None:
    """Everything Python would print to standard error by itself goes through the handler."""
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    sys.unraisablehook = _log_unraisable


def _log_uncaught(kind: type[BaseException], exc: BaseException,
                  tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        return  # Ctrl-C: the shell already says so
    log.critical("uncaught %s", kind.__name__, exc_info=(kind, exc, tb))


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or isinstance(args.exc_value, SystemExit):
        return
    name = args.thread.name if args.thread is not None else "?"
    log.error("uncaught %s in thread %s", args.exc_type.__name__, name,
              exc_info=(args.exc_type, args.exc_value, args.exc_traceback))


def _log_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    # The object's type only: its repr could hold anything.
    where = type(unraisable.object).__name__ if unraisable.object is not None else "?"
    exc = unraisable.exc_value
    info = (unraisable.exc_type, exc, unraisable.exc_traceback) if exc is not None else None
    log.error("ignored %s in %s", unraisable.exc_type.__name__, where, exc_info=info)
