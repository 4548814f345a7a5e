"""The shape of the stored data, and the steps that bring any older database up to it.

Why it is built this way:

* The DDL is hand-written per backend and lives in numbered, append-only migration steps,
  because databases in the field have already run the released ones: a step must never change,
  whatever the table descriptions used for queries become. A test checks that the two agree.
* The Core table descriptions exist only to build queries, so the area modules never write SQL
  text and both backends get the same statements.
* Times are timezone-aware UTC on both backends (:class:`UTCDateTime`), and naive ones are
  refused, because their meaning would depend on a server's clock settings.
* The CHECK constraints repeat the status vocabularies defined here, so even a statement
  written by hand cannot store a status the code does not know.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, Literal

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Integer, MetaData, Table, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

__all__ = [
    "DELIVERY_STATUSES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SUBSCRIBER_STATUSES",
    "DeliveryStatus",
    "Migration",
    "SubscriberStatus",
    "UTCDateTime",
    "broadcasts_table",
    "check_text_id",
    "deliveries_table",
    "metadata",
    "missing_words_table",
    "schedule_sent_table",
    "schema_version_ddl",
    "schema_version_table",
    "subscribers_table",
    "topic_counts_table",
    "topic_days_table",
]

SubscriberStatus = Literal["active", "unsubscribed", "blocked"]
DeliveryStatus = Literal["pending", "sent", "blocked", "failed"]
SUBSCRIBER_STATUSES: Final[tuple[SubscriberStatus, ...]] = ("active", "unsubscribed", "blocked")
DELIVERY_STATUSES: Final[tuple[DeliveryStatus, ...]] = ("pending", "sent", "blocked", "failed")

# Broadcast ids, sources, schedule item ids and owners are short labels; the cap keeps a
# mistaken huge value (a whole message, say) out of a primary key.
_MAX_ID_LEN: Final = 200


def check_text_id(value: str, what: str) -> str:
    """Refuse an empty or overlong label before it becomes a key; returns it unchanged."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    if len(value) > _MAX_ID_LEN:
        raise ValueError(f"{what} is longer than {_MAX_ID_LEN} characters")
    return value


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both backends.

    PostgreSQL keeps the offset in ``timestamptz``; SQLite has no datetime type, so values are
    stored as naive UTC text and the zone is put back on read. Naive inputs are refused because
    their meaning depends on the server's clock settings.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Aware datetime in, UTC out (naive UTC text for SQLite)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Whatever the backend returns, an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Table descriptions used to build queries. The DDL that creates them lives in the migration
# steps below, so that old steps stay fixed when these descriptions evolve.
metadata: Final = MetaData()

subscribers_table: Final = Table(
    "subscribers",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("status", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
topic_counts_table: Final = Table(
    "topic_counts",
    metadata,
    Column("topic", Text, primary_key=True),
    Column("count", BigInteger, nullable=False),
)
# Added by migration 3: per UTC day and topic, questions answered and "was this helpful?"
# votes. Counts only: no chat, no user, no time finer than the day.
topic_days_table: Final = Table(
    "topic_days",
    metadata,
    Column("day", Text, primary_key=True),  # 'YYYY-MM-DD', UTC
    Column("topic", Text, primary_key=True),
    Column("questions", BigInteger, nullable=False),
    Column("helpful", BigInteger, nullable=False),
    Column("not_helpful", BigInteger, nullable=False),
)
# Added by migration 4: per ISO week, content words of questions the bot could not answer,
# with how many different people used each and how often. Words only: no chat, no user, no
# text, no time finer than the week (see bot/storage/words.py).
missing_words_table: Final = Table(
    "missing_words",
    metadata,
    Column("week", Text, primary_key=True),  # ISO week 'YYYY-Www', of the UTC day
    Column("word", Text, primary_key=True),
    Column("people", BigInteger, nullable=False),
    Column("uses", BigInteger, nullable=False),
)
broadcasts_table: Final = Table(
    "broadcasts",
    metadata,
    Column("id", Text, primary_key=True),
    Column("text", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("paid", Boolean, nullable=False),
)
deliveries_table: Final = Table(
    "deliveries",
    metadata,
    Column("broadcast_id", Text, primary_key=True),
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("status", Text, nullable=False),
    Column("error", Text, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
schedule_sent_table: Final = Table(
    "schedule_sent",
    metadata,
    Column("item_id", Text, primary_key=True),
    Column("claimed_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("recipients", Integer, nullable=True),
    # Added by migration 2: who is sending the item and until when (see claim_schedule_item).
    Column("owner", Text, nullable=True),
    Column("lease_until", UTCDateTime, nullable=True),
)
schema_version_table: Final = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)


def _ddl_types(dialect: str) -> dict[str, str]:
    """Column types per backend for hand-written DDL.

    SQLite's ``INTEGER PRIMARY KEY`` is the 64-bit rowid (fastest lookups) and its timestamps are
    ISO text written by :class:`UTCDateTime`.
    """
    if dialect == "postgresql":
        return {"chat_pk": "BIGINT", "chat": "BIGINT", "ts": "TIMESTAMP WITH TIME ZONE"}
    return {"chat_pk": "INTEGER", "chat": "INTEGER", "ts": "TEXT"}


def schema_version_ddl(dialect: str) -> str:
    """The bookkeeping table, created before any step so the current version can be read."""
    t = _ddl_types(dialect)
    return (
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER NOT NULL PRIMARY KEY,"
        " description TEXT NOT NULL,"
        f" applied_at {t['ts']} NOT NULL)"
    )


def _v1_initial(dialect: str) -> list[str]:
    t = _ddl_types(dialect)
    return [
        "CREATE TABLE subscribers ("
        f" chat_id {t['chat_pk']} NOT NULL PRIMARY KEY,"
        " status TEXT NOT NULL CHECK (status IN ('active', 'unsubscribed', 'blocked')),"
        f" created_at {t['ts']} NOT NULL,"
        f" updated_at {t['ts']} NOT NULL)",
        "CREATE TABLE topic_counts ("
        " topic TEXT NOT NULL PRIMARY KEY,"
        " count BIGINT NOT NULL DEFAULT 0 CHECK (count >= 0))",
        "CREATE TABLE broadcasts ("
        " id TEXT NOT NULL PRIMARY KEY,"
        " text TEXT NOT NULL,"
        " source TEXT NOT NULL,"
        f" created_at {t['ts']} NOT NULL,"
        f" finished_at {t['ts']} NULL,"
        " paid BOOLEAN NOT NULL DEFAULT FALSE)",
        # The chat_id foreign key cascades so that no delivery can outlive its subscriber, which
        # is what /forget promises.
        "CREATE TABLE deliveries ("
        " broadcast_id TEXT NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,"
        f" chat_id {t['chat']} NOT NULL REFERENCES subscribers (chat_id) ON DELETE CASCADE,"
        " status TEXT NOT NULL DEFAULT 'pending'"
        " CHECK (status IN ('pending', 'sent', 'blocked', 'failed')),"
        " error TEXT NULL,"
        " attempts INTEGER NOT NULL DEFAULT 0,"
        f" updated_at {t['ts']} NOT NULL,"
        " PRIMARY KEY (broadcast_id, chat_id))",
        # pending(): equality on (broadcast_id, status), rows already in chat_id order. A plain
        # index rather than a partial one, because PostgreSQL's generic plans for prepared
        # statements cannot use a partial index whose predicate is a bound parameter.
        "CREATE INDEX ix_deliveries_pending ON deliveries (broadcast_id, status, chat_id)",
        # forget(), migrate_chat() and the cascade from subscribers look deliveries up by chat.
        "CREATE INDEX ix_deliveries_chat ON deliveries (chat_id)",
        "CREATE TABLE schedule_sent ("
        " item_id TEXT NOT NULL PRIMARY KEY,"
        f" claimed_at {t['ts']} NOT NULL,"
        f" sent_at {t['ts']} NULL,"
        " recipients INTEGER NULL)",
    ]


def _v2_schedule_leases(dialect: str) -> list[str]:
    # Unfinished claims made before leases existed get lease_until NULL, which means "nobody
    # holds it": the item is resumable (only what is still owed goes out), never stuck.
    t = _ddl_types(dialect)
    return [
        "ALTER TABLE schedule_sent ADD COLUMN owner TEXT NULL",
        f"ALTER TABLE schedule_sent ADD COLUMN lease_until {t['ts']} NULL",
    ]


def _v3_topic_days(dialect: str) -> list[str]:
    # The day is text ('2025-10-06', UTC) rather than a date type, so both backends store,
    # compare and return it the same way; the CHECK keeps anything else out.
    day_format = (
        "day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"
        if dialect == "postgresql"
        else "day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
    )
    return [
        "CREATE TABLE topic_days ("
        f" day TEXT NOT NULL CHECK ({day_format}),"
        " topic TEXT NOT NULL,"
        " questions BIGINT NOT NULL DEFAULT 0 CHECK (questions >= 0),"
        " helpful BIGINT NOT NULL DEFAULT 0 CHECK (helpful >= 0),"
        " not_helpful BIGINT NOT NULL DEFAULT 0 CHECK (not_helpful >= 0),"
        # The key's order serves reading "since a day" as a range.
        " PRIMARY KEY (day, topic))",
    ]


def _v4_missing_words(dialect: str) -> list[str]:
    # The CHECKs are the privacy guard's last line: a week label and one lower-case word of
    # letters (2 to 45 of them, the longest in the English list), so not even a statement
    # written by hand can put a sentence, a number or a name written as typed in this table.
    # Every person counted used the word at least once, hence uses >= people.
    if dialect == "postgresql":
        week_format = "week ~ '^[0-9]{4}-W[0-9]{2}$'"
        word_format = "word ~ '^[a-z]{2,45}$'"
    else:
        week_format = "week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'"
        word_format = "length(word) BETWEEN 2 AND 45 AND word NOT GLOB '*[^a-z]*'"
    return [
        "CREATE TABLE missing_words ("
        f" week TEXT NOT NULL CHECK ({week_format}),"
        f" word TEXT NOT NULL CHECK ({word_format}),"
        " people BIGINT NOT NULL DEFAULT 0 CHECK (people >= 0),"
        " uses BIGINT NOT NULL DEFAULT 0,"
        " CHECK (uses >= people),"
        # The key's order serves reading "since a week" as a range, and pruning old weeks.
        " PRIMARY KEY (week, word))",
    ]


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step; ``statements`` renders its DDL for a backend ("sqlite"/"postgresql")."""

    version: int
    description: str
    statements: Callable[[str], Sequence[str]]


# Append only: a released step must never change, because databases in the field already ran it.
MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(1, "initial schema", _v1_initial),
    Migration(2, "leases on schedule claims", _v2_schedule_leases),
    Migration(3, "per-day topic counts and helpfulness votes", _v3_topic_days),
    Migration(4, "content words of unanswered questions, per week", _v4_missing_words),
)
SCHEMA_VERSION: Final = len(MIGRATIONS)
