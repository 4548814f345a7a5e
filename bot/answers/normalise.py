"""Turn what people type into comparable tokens.

People on phones write "Accupuncture??", "can't", "bak pain 😩". Matching and red-flag
recognition both work on the same normalised tokens, so a phrase written once in
`responses/` matches every spelling of it that this module folds together.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
# Arabic script (Arabic, and Urdu written in it) is kept as words, so the triage rules can
# hold a few key phrases people write in their own script. Folding drops the short vowel
# marks and hamza seats (combining marks) and the stretching tatweel, and writes the letters
# that Urdu and Arabic spell differently one way ("ی" and "ى" are "ي", "ک" is "ك", "ہ" and
# "ة" are "ه"), the way a Latin word loses its accents. Latin letters that have no accent to
# drop are written plainly too ("ł" is "l": Polish "spadłem" is "spadlem").
_LETTERS = str.maketrans({
    "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "ı": "i", "\u0640": None, "\u0649": "\u064a", "\u06cc": "\u064a",
    "\u06d0": "\u064a", "\u06a9": "\u0643", "\u06c1": "\u0647", "\u06c2": "\u0647",
    "\u06c3": "\u0647", "\u0629": "\u0647", "\u06be": "\u0647"})
_ELONGATED = re.compile(r"([a-z])\1{2,}")
_WORD = re.compile(r"[a-z0-9]+|[\u0621-\u064a\u0660-\u0669\u0671-\u06d3]+")
# Clause breaks limit how far a negation ("no numbness, but ...") reaches.
_CLAUSE_BREAK = re.compile(  # and the Arabic question mark and semicolon
    r"[.!?;:\n\u061b\u061f]+|\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\byet\b")


def fold(text: str) -> str:
    """Lowercase and strip accents and apostrophes, so "Can’t" and "cant" are one word."""
    if not text.isascii():  # accents and curly quotes are rare: skip the slow path for ASCII
        text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.translate(_LETTERS)
    # "hiiii", "weeee": three or more of a letter become two (no English word has three);
    # spelling correction then tries the single-letter form ("hii" -> "hi").
    return _ELONGATED.sub(r"\1\1", text.lower().replace("'", ""))


def words(text: str) -> list[str]:
    """The alphanumeric words of already folded text, in order."""
    return _WORD.findall(text)


def clauses(text: str) -> list[list[str]]:
    """Folded words split into clauses, so a negation does not leak past "but" or a full stop."""
    return [w for part in _CLAUSE_BREAK.split(fold(text)) if (w := words(part))]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip common English endings so "needles", "needling" and "needle" meet.

    Deliberately light (no dictionary): it only has to map a word and its inflections to
    the same key, for examples and questions alike; it need not produce real words.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, repl, min_len in (
        ("ies", "y", 5),
        ("sses", "ss", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("ness", "", 7),
        ("ly", "", 6),
        ("es", "", 6),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= min_len:
            if suffix == "s" and word[-2] in "su":
                return word
            if suffix == "es" and word[-3] not in "sxz" and not word.endswith(("ches", "shes")):
                return _drop_final_e(word[:-1])
            base = word[: len(word) - len(suffix)] + repl
            # "hurting" -> "hurt", "stopped" -> "stop": undo a doubled final consonant.
            doubled = len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz"
            if suffix in ("ing", "ed") and doubled:
                base = base[:-1]
            return _drop_final_e(base)
    return _drop_final_e(word)


def _drop_final_e(word: str) -> str:
    """Fold "cause"/"caused" and "needle"/"needling" onto one key."""
    return word[:-1] if len(word) >= 4 and word.endswith("e") else word
