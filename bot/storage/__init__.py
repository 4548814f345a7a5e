"""All persistent state of the bot, and every SQL statement it runs.

The package owns subscriptions, broadcast deliveries, schedule claims, anonymous topic
counters, anonymous weekly counts of the words of unanswered questions, and the schema they
live in. Keeping every statement here is what makes the privacy rule reviewable in one place:
store the least that works (chat ids, statuses, timestamps, anonymous per-topic counts,
dictionary words used by at least five people a week) and never a user's message text.

It may import only the standard library, SQLAlchemy and its database drivers, and
:mod:`bot.clock`; nothing else from ``bot``, so the storage layer can be reasoned about (and
tested) without the Telegram or campaign code, and never grows a dependency on them.

SQLAlchemy Core rather than the ORM: the hot paths are set-based, and plain rows are easier to
reason about than an identity map when two processes share a database. Async, because the bot
runs on python-telegram-bot's asyncio loop, where a blocking query would stall every
conversation. Callers use :class:`bot.storage.store.Store`; the modules beside it hold one
area each.
"""
