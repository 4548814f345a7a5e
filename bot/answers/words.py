"""The content words of a question: what it is about, with nothing that could say who asked.

When the bot cannot answer, the chat front end counts these words per week (anonymously,
see ``bot/storage/words.py``) so the content team learns which topics are missing
("cupping", "insurance", "hernia") without any message being kept. A word is kept only when
all of these hold, so what is counted is a dictionary word and never a piece of a message:

* it is in the English word list (``bot.answers.english``), in lower-case letters, at least
  three of them: no numbers (a word with a digit in it is dropped whole: "covid19", "2nd"),
  no typos, codes, emails, links, @names or markup;
* it is not a stop word, a chat word ("hello", "thanks") or the bot's own subject ("back",
  "pain", "acupuncture"): ``data/not_topics.txt``, which says nothing about what is missing;
* it is not a name. Two tests, because the word list is lower-cased and holds many names:
  a word a large British English dictionary spells only with a capital ("Mary", "Patel",
  "London", "Monday", "Hindu"), or that only the US census lists of first names and surnames
  have, is a name (``data/names.txt.gz``, built by :func:`rebuild`); and a word written with a
  capital in the middle of a sentence ("my physio Rose said") is taken for a name too, since
  many names are also ordinary words ("rose", "mark", "hunter") and only the writer's
  capital tells them apart. A few words the dictionary capitalises are treatments or
  conditions people ask about ("pilates", "parkinson", "achilles"): they are kept.

Only the start of a long message is read, and at most ``MAX_WORDS`` words are kept from it,
so a pasted wall of text costs little and counts little.
"""

from __future__ import annotations

import gzip
import re
import sys
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from bot.answers import english
from bot.answers.normalise import fold

DATA = Path(__file__).resolve().parent / "data"
NAMES_FILE = DATA / "names.txt.gz"
NOT_TOPICS_FILE = DATA / "not_topics.txt"

# How much of a message is read, and how many content words are kept from it.
MAX_CHARS = 2000
MAX_WORDS = 20
MIN_LETTERS = 3

# Words a dictionary capitalises that still name a treatment or condition people ask about.
NOT_NAMES = frozenset({
    "pilates", "parkinson", "alzheimer", "achilles", "epsom", "tylenol", "advil", "valium",
    "prozac", "oxycontin", "viagra", "ayurveda", "hodgkin", "lyme", "tai",
})

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
# Links, emails, @mentions, #tags, HTML tags and entities: never words of a question.
_NOT_TEXT = re.compile(r"(?:https?://|www\.)\S*|\S+@\S+|[@#]\w+|<[^<>\n]{0,200}>|&#?\w{1,8};",
                       re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?;:\n\r()\[\]\"]+")
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_DIGIT = re.compile(r"\d")


class Names:
    """A list of English words, as one bit for each word of the English list
    (`english.index`): 16 KB where a frozenset of its 14,000 names held 1.3 MB for as long
    as the bot runs. A word the English list lacks (none, unless that list is missing) is
    kept as itself, so `in` answers exactly as a set of the words would."""

    __slots__ = ("_bits", "_others")

    def __init__(self, words: Iterable[str]) -> None:
        bits = bytearray((english.size() + 7) // 8)
        others = set()
        for word in words:
            at = english.index(word)
            if at is None:
                others.add(word)
            else:
                bits[at >> 3] |= 1 << (at & 7)
        self._bits = bytes(bits)
        self._others = frozenset(others)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        at = english.index(word)
        if at is None:
            return word in self._others
        return bool(self._bits[at >> 3] >> (at & 7) & 1)


@lru_cache(maxsize=1)
def names() -> Names:
    """Words of the English list that are names of people or places (see the docstring)."""
    try:
        # Read a line at a time, as the English list is: the whole text and a list of its
        # words, freed once read, would leave a MB free in the process at the end of start-up.
        with gzip.open(NAMES_FILE, "rt", encoding="utf-8") as lines:
            return Names(word for line in lines for word in line.split())
    except OSError:  # shipped with the package; without it, keep nothing rather than names
        raise RuntimeError(f"{NAMES_FILE} is missing: reinstall the bot") from None


@lru_cache(maxsize=1)
def not_topics() -> frozenset[str]:
    """Stop words, chat words and the bot's own subject (``data/not_topics.txt``)."""
    words: set[str] = set()
    for line in NOT_TOPICS_FILE.read_text(encoding="utf-8").splitlines():
        words.update(line.split("#", 1)[0].lower().split())
    return frozenset(words)


def preload() -> None:
    """Load the lists now (the bot does this at start, so no user waits for them)."""
    english.preload()
    names()
    not_topics()


def _plain(text: str) -> str:
    """Accents off and apostrophes straight, keeping case (capitals mark names)."""
    text = text.translate(_APOSTROPHES)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(ch))
    return text


def _capitalised(token: str) -> bool:
    """"Rose" or "McDonald", not "ROSE" (shouting) nor "rose"."""
    return token[0].isupper() and not token.isupper()


def content_words(text: str) -> frozenset[str]:
    """The words of ``text`` that could name a missing topic: lower-case words of the English
    list that are not stop words, numbers or names (see the module docstring)."""
    found: list[str] = []
    stop, people = not_topics(), names()
    plain = _NOT_TEXT.sub(" ", _plain(text[:MAX_CHARS]))
    for sentence in _SENTENCE_BREAK.split(plain):
        for position, match in enumerate(_TOKEN.finditer(sentence)):
            token = match.group()
            if _DIGIT.search(token):
                continue
            if position > 0 and _capitalised(token):
                continue  # a capital mid-sentence: a name ("my physio Rose")
            if token.lower().endswith("'s"):
                token = token[:-2]
            word = fold(token)
            if (len(word) < MIN_LETTERS or not (word.isascii() and word.isalpha())
                    or word in stop or (word in people and word not in NOT_NAMES)
                    or not english.is_english(word) or word in found):
                continue
            found.append(word)
            if len(found) == MAX_WORDS:
                return frozenset(found)
    return frozenset(found)


def rebuild(dictionary: Path, census: Path) -> int:
    """Write NAMES_FILE from a case-keeping dictionary (Debian's ``wbritish-large``:
    ``/usr/share/dict/british-english-large``) and the US census name lists (the folder of
    ``dist.all.last``, ``dist.male.first`` and ``dist.female.first``, as in the ``names``
    package on PyPI; public domain)."""
    lower: set[str] = set()
    capital: set[str] = set()
    for line in dictionary.read_text(encoding="utf-8", errors="replace").splitlines():
        word = line.strip()
        if not word.isalpha():
            continue
        if word.islower():
            lower.add(word)
        elif word[0].isupper() and word[1:].islower():
            capital.add(word.lower())
    census_names: set[str] = set()
    for file in ("dist.all.last", "dist.male.first", "dist.female.first"):
        for line in (census / file).read_text(encoding="utf-8").splitlines():
            if line.strip():
                census_names.add(line.split()[0].lower())
    listed = gzip.decompress(english.WORDS_FILE.read_bytes()).decode("utf-8").split()
    found = sorted(w for w in (x.lstrip("+") for x in listed)
                   if w not in lower and (w in capital or w in census_names))
    NAMES_FILE.write_bytes(gzip.compress("\n".join(found).encode("utf-8"), mtime=0))
    print(f"wrote {len(found)} names to {NAMES_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: python -m bot.answers.words DICTIONARY_FILE CENSUS_FOLDER",
              file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(rebuild(Path(sys.argv[1]), Path(sys.argv[2])))
