"""Tools for running the bot without Telegram: a local Bot API stand-in and a settable clock.

Tests and benchmarks use these; the bot itself never imports them. They sit at the top of
the package (they may import anything below, and nothing imports them), so a benchmark
needs no code from `tests/`.
"""
