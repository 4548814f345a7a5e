"""64-bit keys for the big word lists, kept as sorted arrays instead of sets of strings.

A set or dict of 100,000 strings costs a Python process about 10 MB; their keys in a sorted
`array` cost under 1 MB, searched with `bisect`. The key is a word's CRC-32 and Adler-32 side
by side. Unlike `hash()`, which Python seeds anew in every process, it is the same
everywhere, so a list can be stored already in key order and loaded without sorting: sorting
makes a Python int of every key, megabytes the process keeps resident afterwards. Two words
share a key about once in 10^14 pairs; whoever builds a list checks that none do.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left
from collections.abc import Sequence


def stable_key(text: str) -> int:
    data = text.encode("utf-8")
    return zlib.crc32(data) << 32 | zlib.adler32(data)


def position(keys: Sequence[int], key: int) -> int | None:
    """Where `key` is in the sorted `keys`, or None."""
    at = bisect_left(keys, key)
    return at if at < len(keys) and keys[at] == key else None
