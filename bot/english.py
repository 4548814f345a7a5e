"""Which words are real English, so spelling correction leaves them alone.

Without this, a word the examples never use gets "corrected" onto one they do ("fever"
onto "never", "weather" onto "water"), which changes the meaning. The word list comes
from pyspellchecker's English frequency data; it is loaded on first need (a question
with a word we do not know), so `python -m bot ask "what is sciatica"` never pays for it.
"""

from __future__ import annotations

import gzip
import json
import logging
from functools import lru_cache
from importlib.resources import files

log = logging.getLogger(__name__)

# Words seen fewer times than this in the frequency data are mostly typos and names.
MIN_COUNT = 20


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The set of common English words (about 130,000), loaded once."""
    try:
        data = json.loads(gzip.decompress(
            (files("spellchecker.resources") / "en.json.gz").read_bytes()))
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError) as exc:
        log.warning("English word list unavailable (%s): spelling correction is more eager", exc)
        return frozenset()
    return frozenset(w for w, count in data.items() if count >= MIN_COUNT and w.isalpha())


def is_english(word: str) -> bool:
    return word in english_words()
