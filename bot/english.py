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
# Words seen at least this often are everyday English ("train", "update"); rarer ones
# ("sciatica", "acupuncturist") are specialist and tell what a question is about.
EVERYDAY_COUNT = 3000


@lru_cache(maxsize=1)
def _load() -> tuple[frozenset[str], frozenset[str]]:
    try:
        data = json.loads(gzip.decompress(
            (files("spellchecker.resources") / "en.json.gz").read_bytes()))
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError) as exc:
        log.warning("English word list unavailable (%s): spelling correction is more eager", exc)
        return frozenset(), frozenset()
    words = frozenset(w for w, count in data.items() if count >= MIN_COUNT and w.isalpha())
    everyday = frozenset(w for w in words if data[w] >= EVERYDAY_COUNT)
    return words, everyday


def preload() -> None:
    """Load the list now (the bot does this at start, so no user waits for it)."""
    _load()


def is_english(word: str) -> bool:
    """A real English word (so not a typo to correct)."""
    return word in _load()[0]


def is_everyday(word: str) -> bool:
    """A word common in everyday English, so weak evidence of what a question is about."""
    return word in _load()[1]
