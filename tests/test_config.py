"""Settings from the environment: sensible defaults, one clear error per bad value, no leaks.

`load_settings` is given a plain dict here, so the tests do not depend on (or change) the
environment they run in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answers.content import BUNDLED
from bot.config import ConfigError, load_settings

TOKEN = "123456789:AAH-secret_Token-value-XYZ"
SECRET = "webhook_Secret-123"


def test_defaults() -> None:
    settings = load_settings({})
    assert settings.token is None
    assert settings.base_url is None
    assert settings.database_url is None
    assert settings.admin_ids == frozenset()
    assert settings.webhook_url is None and not settings.webhook
    assert settings.port == 8443
    assert settings.log_level == "INFO"
    assert settings.responses_dir == BUNDLED
    assert settings.reply_rate == 25


def test_empty_and_blank_values_count_as_unset() -> None:
    blank = dict.fromkeys(("TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL", "DATABASE_URL",
                           "ADMIN_IDS", "WEBHOOK_URL", "WEBHOOK_SECRET", "PORT",
                           "RESPONSES_DIR", "LOG_LEVEL", "REPLY_RATE"), "  ")
    assert load_settings(blank) == load_settings({})


def test_good_values_are_read(tmp_path: Path) -> None:
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": f" {TOKEN} ",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
        "DATABASE_URL": "postgres://user:pw@db.example:5432/backcare",
        "ADMIN_IDS": "12345, 67890,,",
        "WEBHOOK_URL": "https://bot.example.org/telegram",
        "WEBHOOK_SECRET": SECRET,
        "PORT": "5000",
        "RESPONSES_DIR": str(tmp_path),
        "LOG_LEVEL": "debug",
        "REPLY_RATE": "300",
    })
    assert settings.token == TOKEN
    assert settings.require_token() == TOKEN
    assert settings.base_url == "http://127.0.0.1:8081/bot"
    assert settings.database_url == "postgres://user:pw@db.example:5432/backcare"
    assert settings.admin_ids == frozenset({12345, 67890})
    assert settings.webhook and settings.webhook_secret == SECRET
    assert settings.port == 5000
    assert settings.responses_dir == tmp_path
    assert settings.log_level == "DEBUG"
    assert settings.reply_rate == 300


@pytest.mark.parametrize("url", ["sqlite:///bot.sqlite3", "postgresql://u@h/db",
                                 "postgresql+asyncpg://u@h/db", "postgres://u:p@h:5432/d"])
def test_supported_database_urls(url: str) -> None:
    assert load_settings({"DATABASE_URL": url}).database_url == url


def test_local_http_webhook_is_allowed_for_tests() -> None:
    settings = load_settings({"WEBHOOK_URL": "http://127.0.0.1:8443/hook",
                              "WEBHOOK_SECRET": SECRET})
    assert settings.webhook


def test_require_token_without_a_token_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        load_settings({}).require_token()


MALFORMED: list[tuple[str, dict[str, str]]] = [
    ("TELEGRAM_BOT_TOKEN", {"TELEGRAM_BOT_TOKEN": "123456789AAHsecretTokenWithoutColon"}),
    ("TELEGRAM_BOT_TOKEN", {"TELEGRAM_BOT_TOKEN": "123456789:AAH secret"}),
    ("TELEGRAM_BASE_URL", {"TELEGRAM_BASE_URL": "ftp://api.example.org/bot"}),
    ("TELEGRAM_BASE_URL", {"TELEGRAM_BASE_URL": "localhost:8081"}),
    ("ADMIN_IDS", {"ADMIN_IDS": "abc"}),
    ("ADMIN_IDS", {"ADMIN_IDS": "12345,@organiser"}),
    ("ADMIN_IDS", {"ADMIN_IDS": "12.5"}),
    ("WEBHOOK_SECRET", {"WEBHOOK_URL": "https://bot.example.org/hook"}),
    ("WEBHOOK_SECRET", {"WEBHOOK_URL": "https://bot.example.org/hook",
                        "WEBHOOK_SECRET": "has spaces"}),
    ("WEBHOOK_SECRET", {"WEBHOOK_URL": "https://bot.example.org/hook",
                        "WEBHOOK_SECRET": "semi;colon"}),
    ("WEBHOOK_SECRET", {"WEBHOOK_URL": "https://bot.example.org/hook",
                        "WEBHOOK_SECRET": "x" * 257}),
    ("WEBHOOK_URL", {"WEBHOOK_URL": "http://bot.example.org/hook", "WEBHOOK_SECRET": SECRET}),
    ("WEBHOOK_URL", {"WEBHOOK_URL": "bot.example.org/hook", "WEBHOOK_SECRET": SECRET}),
    ("PORT", {"PORT": "0"}),
    ("PORT", {"PORT": "65536"}),
    ("PORT", {"PORT": "-1"}),
    ("PORT", {"PORT": "eighty"}),
    ("PORT", {"PORT": "80.5"}),
    ("TELEGRAM_BASE_URL", {"TELEGRAM_BASE_URL": "http://127.0.0.1:8081"}),
    ("TELEGRAM_BASE_URL", {"TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot/"}),
    ("LOG_LEVEL", {"LOG_LEVEL": "LOUD"}),
    ("REPLY_RATE", {"REPLY_RATE": "0"}),
    ("REPLY_RATE", {"REPLY_RATE": "1001"}),
    ("REPLY_RATE", {"REPLY_RATE": "fast"}),
    ("REPLY_RATE", {"REPLY_RATE": "nan"}),
    ("LOG_LEVEL", {"LOG_LEVEL": "Level 5"}),
    ("DATABASE_URL", {"DATABASE_URL": "mysql://u:p@db.example/backcare"}),
    ("DATABASE_URL", {"DATABASE_URL": "backcare.db"}),
    # An in-memory database would lose everything, and the bot and `broadcast` cannot share it.
    ("DATABASE_URL", {"DATABASE_URL": "sqlite:///:memory:"}),
    ("DATABASE_URL", {"DATABASE_URL": "sqlite://"}),
    ("DATABASE_URL", {"DATABASE_URL": "sqlite:///file:db?mode=memory&uri=true"}),
    ("DATABASE_URL", {"DATABASE_URL": "sqlite:///no/such/folder/bot.sqlite3"}),
    ("DATABASE_URL", {"DATABASE_URL": "postgres://u:pw@db.example:99999/backcare"}),
    ("DATABASE_URL", {"DATABASE_URL": "postgres://u:pw@db.example/backcare?sslmode=maybe"}),
    ("RESPONSES_DIR", {"RESPONSES_DIR": "/no/such/folder/responses"}),
]


@pytest.mark.parametrize(("variable", "env"), MALFORMED,
                         ids=[f"{v}={next(iter(e.values()))[:20]}" for v, e in MALFORMED])
def test_malformed_value_names_its_variable(variable: str, env: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    message = str(caught.value)
    assert variable in message
    assert "\n" not in message  # one clear line
    assert "pw@" not in message  # a database password is never repeated back


def test_responses_dir_that_is_a_file_is_rejected(tmp_path: Path) -> None:
    file = tmp_path / "responses.yaml"
    file.write_text("not a folder\n")
    with pytest.raises(ConfigError, match="RESPONSES_DIR"):
        load_settings({"RESPONSES_DIR": str(file)})


# -- the token (and the webhook secret) never leak ------------------------------------------

def test_token_and_secrets_are_not_in_repr() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN,
                              "WEBHOOK_URL": "https://bot.example.org/hook",
                              "WEBHOOK_SECRET": SECRET,
                              "DATABASE_URL": "postgres://user:dbpassword@db.example/backcare"})
    for text in (repr(settings), str(settings)):
        assert TOKEN not in text and "secret_Token" not in text
        assert SECRET not in text
        assert "dbpassword" not in text


@pytest.mark.parametrize(("variable", "env"), MALFORMED,
                         ids=[f"{v}={next(iter(e.values()))[:20]}" for v, e in MALFORMED])
def test_token_is_never_in_a_config_error(variable: str, env: dict[str, str]) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, **env}
    token = env["TELEGRAM_BOT_TOKEN"]
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    assert token not in str(caught.value)
    secret_half = token.partition(":")[2]
    assert not secret_half or secret_half not in str(caught.value)


def test_token_pasted_into_the_base_url_is_not_printed() -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": f"api.telegram.org/bot{TOKEN}"}
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    assert TOKEN not in str(caught.value)


# -- known problems -------------------------------------------------------------------------

@pytest.mark.parametrize("secret", ["sécret", "секрет", "secret²"])
def test_non_ascii_webhook_secret_is_rejected(secret: str) -> None:
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET"):
        load_settings({"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": secret})


@pytest.mark.parametrize("env", [{"PORT": "²"}, {"ADMIN_IDS": "--5"}, {"ADMIN_IDS": "1,²"}])
def test_odd_digits_raise_config_error(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match=next(iter(env))):
        load_settings(env)


def test_settings_come_only_from_the_given_mapping(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("RESPONSES_DIR", str(tmp_path / "somewhere-else"))
    assert load_settings({}).responses_dir == BUNDLED


def test_settings_are_frozen() -> None:
    settings = load_settings({})
    with pytest.raises(AttributeError):
        settings.port = 1  # type: ignore[misc]


def test_port_from_the_environment_asks_for_a_webhook() -> None:
    polling = load_settings({"TELEGRAM_BOT_TOKEN": "1:a"})
    polling.require_webhook_if_port()  # no PORT: polling is fine
    web = load_settings({"TELEGRAM_BOT_TOKEN": "1:a", "PORT": "8080",
                         "WEBHOOK_URL": "https://example.org/hook", "WEBHOOK_SECRET": "s"})
    web.require_webhook_if_port()
    with pytest.raises(ConfigError, match="PORT is set but WEBHOOK_URL is not"):
        load_settings({"TELEGRAM_BOT_TOKEN": "1:a", "PORT": "8080"}).require_webhook_if_port()
