"""The storage package's boundaries: what it may import, and what it keeps importable.

Both are promises the rest of the code relies on. The storage layer depends on nothing else
in the bot (only the standard library, SQLAlchemy and its drivers, and `bot.clock`), so it can
be read and tested alone. And `bot.storage.store` keeps every name its callers imported before
the areas were split into modules, so no caller had to change.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import bot.storage
from bot.storage import store as store_module

PACKAGE = Path(bot.storage.__file__).parent
ALLOWED_THIRD_PARTY = {"sqlalchemy", "aiosqlite", "asyncpg"}
ALLOWED_FROM_BOT = {"bot.clock"}


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_storage_imports_only_what_it_may(path: Path) -> None:
    for name in _imports(path):
        top = name.split(".")[0]
        if top == "bot":
            assert name in ALLOWED_FROM_BOT or name.startswith("bot.storage."), name
        else:
            allowed = {"__future__", *sys.stdlib_module_names, *ALLOWED_THIRD_PARTY}
            assert top in allowed, name


@pytest.mark.parametrize(
    "name",
    [
        # Every public name bot.storage.store offered before the split.
        "DELIVERY_STATUSES",
        "SCHEMA_VERSION",
        "SUBSCRIBER_STATUSES",
        "Broadcast",
        "BroadcastConflict",
        "BroadcastNotFound",
        "BroadcastSummary",
        "DeliveryStatus",
        "ScheduleClaim",
        "Store",
        "SubscriberStatus",
        "database_url",
        "DEFAULT_LEASE_SECONDS",
        "DEFAULT_SQLITE_FILE",
    ],
)
def test_store_module_keeps_its_public_names(name: str) -> None:
    assert hasattr(store_module, name)


def test_store_module_all_is_importable() -> None:
    missing = [name for name in store_module.__all__ if not hasattr(store_module, name)]
    assert missing == []


def test_store_offers_every_area() -> None:
    for method in [
        "subscribe",
        "unsubscribe",
        "mark_blocked",
        "status",
        "migrate_chat",
        "forget",
        "subscriber_counts",
        "create_broadcast",
        "enqueue",
        "pending",
        "owed",
        "mark",
        "mark_many",
        "finish_broadcast",
        "broadcast_summary",
        "broadcasts",
        "claim_schedule_item",
        "renew_schedule_claim",
        "release_schedule_claim",
        "complete_schedule_item",
        "schedule_claims",
        "schedule_state",
        "count_question",
        "count_questions",
        "topic_counts",
        "count_days",
        "day_counts",
        "schema_version",
        "close",
    ]:
        assert callable(getattr(store_module.Store, method)), method
