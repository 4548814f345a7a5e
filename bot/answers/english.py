"""Which words are real English, so spelling correction leaves them alone.

Without this, a word the examples never use gets "corrected" onto one they do ("fever"
onto "never", "weather" onto "water"), which changes the meaning. The list
(`bot/data/english.txt.gz`, about 128,000 words) is derived from pyspellchecker's English
word frequencies (MIT licence) and shipped compact, so loading it costs little time and
memory: one word a line, everyday words (common enough to say little about a question)
marked with a leading "+", in the order of their keys (`bot.answers.keys`), so loading
needs no sort. Rebuild it with `python -m bot.answers.english` after
`pip install pyspellchecker`.

It is loaded on first need (a question with a word we do not know), so
`python -m bot ask "what is sciatica"` never pays for it; the bot loads it at start.
"""

from __future__ import annotations

import gzip
import json
import logging
import sys
from array import array
from functools import lru_cache
from pathlib import Path

from bot.answers.keys import position, stable_key

log = logging.getLogger(__name__)

WORDS_FILE = Path(__file__).resolve().parent / "data" / "english.txt.gz"
# Words seen fewer times than this in the frequency data are mostly typos and names.
MIN_COUNT = 20
# Words seen at least this often are everyday English ("train", "update"); rarer ones
# ("sciatica", "acupuncturist") are specialist and tell what a question is about.
EVERYDAY_COUNT = 3000




@lru_cache(maxsize=1)
def _load() -> tuple[array[int], array[int]]:
    """Sorted 64-bit keys of the words (`keys.stable_key`): about 1 MB, where a set of the
    words takes 14 MB (the bot must fit a small dyno). The file is in key order, so the
    keys are read straight into place; a file out of order (edited by hand) is sorted,
    at a few MB of memory the process keeps."""
    words, everyday = array("Q"), array("Q")
    in_order = True
    try:
        with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as lines:
            for line in lines:
                word = line.rstrip("\n")
                common = word.startswith("+")
                word = word.removeprefix("+")
                if not word:
                    continue
                key = stable_key(word)
                in_order = in_order and (not words or words[-1] < key)
                words.append(key)
                if common:
                    everyday.append(key)
    except OSError as exc:
        log.warning("English word list unavailable (%s): spelling correction is more eager", exc)
        return array("Q"), array("Q")
    if not in_order:
        log.warning("%s is not in key order: sorting it (rebuild it to save memory)", WORDS_FILE)
        return array("Q", sorted(words)), array("Q", sorted(everyday))
    return words, everyday


def _contains(keys: array[int], word: str) -> bool:
    return position(keys, stable_key(word)) is not None


def preload() -> None:
    """Load the list now (the bot does this at start, so no user waits for it)."""
    _load()


def index(word: str) -> int | None:
    """Where the word is in the list (0 up to `size()`), or None when it is not English: a
    number per word, so another list of English words can be kept as one bit a word."""
    return position(_load()[0], stable_key(word))


def size() -> int:
    """How many words the list holds."""
    return len(_load()[0])


def is_english(word: str) -> bool:
    """A real English word (so not a typo to correct)."""
    return _contains(_load()[0], word)


def is_everyday(word: str) -> bool:
    """A word common in everyday English, so weak evidence of what a question is about."""
    return _contains(_load()[1], word)


def rebuild() -> int:
    """Write WORDS_FILE from pyspellchecker's English frequency list."""
    from importlib.resources import files

    counts = json.loads(gzip.decompress(
        (files("spellchecker.resources") / "en.json.gz").read_bytes()))
    words = sorted((w for w, c in counts.items() if c >= MIN_COUNT and w.isalpha()
                    and w.isascii() and w.islower()), key=stable_key)
    assert len({stable_key(w) for w in words}) == len(words), "two words share a key"
    text = "\n".join(("+" if counts[w] >= EVERYDAY_COUNT else "") + w for w in words)
    WORDS_FILE.parent.mkdir(exist_ok=True)
    WORDS_FILE.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"wrote {len(words)} words to {WORDS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(rebuild())
