"""Settings from the environment, checked once at start.

A deployment is configured only through environment variables (docs/contract.md,
"Settings"). A missing or malformed value stops the program with one line that
says which variable and why, instead of a traceback minutes later. The token is kept
out of `repr()` so it cannot leak into a log line by accident.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from bot.answers.content import BUNDLED, default_folder

# ASCII only: str.isdigit() also accepts "²", which int() then refuses.
_DIGITS = re.compile(r"[0-9]+")
_INTEGER = re.compile(r"-?[0-9]+")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a secret_token


class ConfigError(Exception):
    """A setting that stops the program: the message names the variable and the reason."""


REPLY_RATE_MAX = 1000  # Telegram's paid-broadcast ceiling


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    base_url: str | None = None
    database_url: str | None = field(default=None, repr=False)
    admin_ids: frozenset[int] = frozenset()
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    port: int = 8443
    port_set: bool = False  # PORT came from the environment: a platform wants a web process
    responses_dir: Path = field(default_factory=default_folder)
    log_level: str = "INFO"
    # Messages a second the bot sends at most, all chats together (Telegram's bulk limit is
    # about 30; a bot whose limit Telegram has raised, e.g. with paid broadcasts, may go up).
    reply_rate: float = 25.0

    @property
    def webhook(self) -> bool:
        return bool(self.webhook_url)

    def require_webhook_if_port(self) -> None:
        """A platform that sets PORT runs a web process and kills one that does not listen:
        long polling there would be restarted forever, so it is one clear stop instead."""
        if self.port_set and not self.webhook:
            raise ConfigError("PORT is set but WEBHOOK_URL is not: a web process must run the "
                              "webhook (set WEBHOOK_URL and WEBHOOK_SECRET), or run as a worker "
                              "without PORT for long polling")

    def require_token(self) -> str:
        """The token, or a clear stop for commands that talk to Telegram."""
        if not self.token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set: it is required to talk to "
                              "Telegram (get one from @BotFather)")
        return self.token


def _clean(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    return value.strip() if value and value.strip() else None


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and check every setting; raise `ConfigError` on the first bad one."""
    env = os.environ if env is None else env
    token = _clean(env, "TELEGRAM_BOT_TOKEN")
    if token is not None and (":" not in token or any(c.isspace() for c in token)):
        raise ConfigError("TELEGRAM_BOT_TOKEN looks malformed: expected the '<digits>:<letters>'"
                          " token @BotFather gave you")

    base_url = _clean(env, "TELEGRAM_BASE_URL")
    if base_url and urlparse(base_url).scheme not in ("http", "https"):
        # The value is not repeated: a base URL is sometimes pasted with the token in it.
        raise ConfigError("TELEGRAM_BASE_URL must be an http:// or https:// URL")
    if base_url and not urlparse(base_url).path.endswith("/bot"):
        # The token is appended to it: without "/bot" every request misses the Bot API, and
        # that would look like a network failure or a rejected token much later.
        raise ConfigError("TELEGRAM_BASE_URL must end in /bot, like "
                          "http://127.0.0.1:8081/bot (the token is added after it)")

    admin_ids: set[int] = set()
    for part in (_clean(env, "ADMIN_IDS") or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not _INTEGER.fullmatch(part):
            raise ConfigError(f"ADMIN_IDS must be comma-separated Telegram user ids (numbers); "
                              f"{part!r} is not a number")
        admin_ids.add(int(part))

    webhook_url = _clean(env, "WEBHOOK_URL")
    webhook_secret = _clean(env, "WEBHOOK_SECRET")
    if webhook_url:
        parsed = urlparse(webhook_url)
        if parsed.scheme != "https" and not (parsed.scheme == "http" and
                                             parsed.hostname in ("127.0.0.1", "localhost")):
            raise ConfigError("WEBHOOK_URL must be an https:// URL (Telegram only calls https)")
        if not webhook_secret:
            raise ConfigError("WEBHOOK_SECRET is required when WEBHOOK_URL is set: it is how "
                              "the bot knows a request really comes from Telegram")
        if not _SECRET.fullmatch(webhook_secret):
            raise ConfigError("WEBHOOK_SECRET may only use A-Z, a-z, 0-9, _ and - "
                              "(1 to 256 characters), as Telegram requires")

    port_text = _clean(env, "PORT") or "8443"
    if not _DIGITS.fullmatch(port_text) or not 1 <= int(port_text) <= 65535:
        raise ConfigError(f"PORT must be a port number from 1 to 65535, got {port_text!r}")

    responses = _clean(env, "RESPONSES_DIR")
    responses_dir = Path(responses) if responses else BUNDLED
    if not responses_dir.is_dir():
        raise ConfigError(f"RESPONSES_DIR {str(responses_dir)!r} is not a folder")

    level = (_clean(env, "LOG_LEVEL") or "INFO").upper()
    if not isinstance(logging.getLevelName(level), int):
        raise ConfigError(f"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL; "
                          f"got {level!r}")

    database_url = _clean(env, "DATABASE_URL")
    if database_url:
        _check_database_url(database_url)

    rate_text = _clean(env, "REPLY_RATE") or "25"
    try:
        reply_rate = float(rate_text)
    except ValueError:
        reply_rate = 0.0
    if not 1 <= reply_rate <= REPLY_RATE_MAX:
        raise ConfigError(f"REPLY_RATE must be a number of messages a second from 1 to "
                          f"{REPLY_RATE_MAX}, got {rate_text!r}")

    return Settings(token=token, base_url=base_url, database_url=database_url,
                    admin_ids=frozenset(admin_ids), webhook_url=webhook_url,
                    webhook_secret=webhook_secret, port=int(port_text),
                    port_set=_clean(env, "PORT") is not None,
                    responses_dir=responses_dir, log_level=level, reply_rate=reply_rate)


def _check_database_url(url: str) -> None:
    """Refuse a DATABASE_URL the store could not use, now rather than at the first message.

    The storage layer's own translation decides (one rule, not two copies of it); it is
    imported only here, so commands that never touch a database start without SQLAlchemy
    when DATABASE_URL is unset.
    """
    scheme = urlparse(url).scheme.split("+")[0].lower()
    if scheme not in ("sqlite", "postgres", "postgresql"):
        raise ConfigError("DATABASE_URL must be a sqlite:/// path or a postgres:// URL; "
                          f"the scheme {scheme!r} is not supported")
    try:
        urlparse(url).port  # noqa: B018 - parsing the port is the check
    except ValueError:
        raise ConfigError("DATABASE_URL has a port that is not a number from 1 to 65535") \
            from None
    from bot.storage.store import database_url, sqlite_file

    try:
        resolved = database_url(url, Path.cwd())
    except ValueError as exc:  # its messages name the problem and never echo the URL
        raise ConfigError(str(exc)) from None
    file = sqlite_file(resolved)
    if file is not None:
        folder = file.parent
        if not folder.is_dir():
            raise ConfigError(f"DATABASE_URL points into {str(folder)!r}, which is not a "
                              "folder: create it, or use another path")
