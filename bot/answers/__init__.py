"""The answer engine: text in, a reply out, with no Telegram, database or clock.

Owns the content model and its loader (`responses/` validated with `file:line` problems),
the text helpers (folding, the English word list, Telegram HTML), red-flag detection, the
matcher, reply composition (every text leaves with the safety footer), the commands table
and the transport-free dialogue that both Telegram and the terminal chat use.

May import: the standard library, PyYAML and rapidfuzz. Nothing else from `bot`, so the
answers can be tested and benchmarked as plain functions.
"""
