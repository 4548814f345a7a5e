"""The triage safety nets: small linear models that catch a crisis or an emergency worded in
ways no rule foresaw, read in pure Python from weights trained offline (`bench/train_net.py`).

Rules stay first because a clinician can read them; but people rarely use the words a list
expects ("I keep thinking the river looks peaceful at night", "both feet feel like blocks
of wood"), and a missed crisis or emergency is the costliest mistake this bot can make. A
net scores the same folded, spelling-corrected text the rules read. It is a logistic
regression over TF-IDF weighted character 2-5-grams within words (robust to typos and word
endings) and over words and word pairs, exactly as scikit-learn computes them, so the
stored reference probabilities are reproduced here to six decimals (`reference_problems`).

When a net may speak (only about messages that mention something its tier's rules look at,
never about a question on symptoms or the bot's own messages) is decided by the triage
layer and `responses/triage.yaml`'s `learned` section, not here.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import re
import sys
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bot.answers.content import LEARNED_TIERS
from bot.answers.keys import stable_key

TIERS = LEARNED_TIERS
# Both nets read the same features (one vocabulary, one IDF per feature), so they share one
# file and one copy in memory: each adds only its weights.
NETS_FILE = Path(__file__).resolve().parent / "data" / "triage_nets.json.gz"
# A net reads at most this much of a message: plenty for what a person says, and a
# pasted essay costs no more than a long message.
MAX_CHARS = 2000
_SPACES = re.compile(r"\s\s+")
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
TOLERANCE = 1e-5  # between the stored reference probabilities and this arithmetic
# Words whose features are remembered per analyser (`Features.of_words`): about 0.5 MB
# each when full (measured with tracemalloc), and the everyday words people repeat fit.
CACHED_WORDS = 2048


def char_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's `char_wb` analyser: n-grams inside each word padded with a space."""
    grams: list[str] = []
    for word in _SPACES.sub(" ", text).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[offset:offset + n])
            while offset + n < size:
                offset += 1
                grams.append(padded[offset:offset + n])
            if offset == 0:  # a word shorter than n is counted once
                break
    return grams


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's `word` analyser with its default token pattern."""
    tokens = _TOKEN.findall(text)
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


def gram_key(gram: str) -> int:
    """A feature's 64-bit name (`keys.stable_key`).

    The nets know about 54,000 grams; kept as Python strings in a dict they cost the bot
    about 7 MB, as sorted 64-bit keys in an array under 1 MB. The trainer refuses two
    features with one key, and an unknown gram has about one chance in 10^14 of taking a
    known one's, so the features are still exactly scikit-learn's.
    """
    return stable_key(gram)


def packed(values: str, typecode: str) -> array:  # type: ignore[type-arg]
    """An array from the base64 of its little-endian bytes, as the trainer stores them."""
    out = array(typecode, base64.b64decode(values))
    if sys.byteorder == "big":
        out.byteswap()
    return out


def single(values: str) -> array:  # type: ignore[type-arg]
    """Stored doubles kept as 32-bit floats: 0.9 MB less for the bot to hold, and a score
    moves by under 10^-7 (well inside `TOLERANCE`; the reference scores prove it)."""
    return array("f", packed(values, "d"))


@dataclass(frozen=True)
class Features:
    """One analyser's vocabulary: each feature's key (sorted: its position) and its IDF."""

    keys: Sequence[int]
    idf: Sequence[float]
    # What each recently read word holds (`of_words`), oldest dropped first when full.
    _memo: dict[tuple[int, int], dict[str, array]] = field(  # type: ignore[type-arg]
        default_factory=dict, compare=False, repr=False)

    def positions(self, grams: list[str]) -> Iterator[int]:
        """Where each gram it knows sits; grams it does not know are left out.

        The binary search is written out: a message has hundreds of grams, and a call per
        gram costs as much as the search.
        """
        keys, size = self.keys, len(self.keys)
        for gram in grams:
            key = gram_key(gram)
            at = bisect_left(keys, key)
            if at < size and keys[at] == key:
                yield at

    def of_words(self, words: list[str], grams: Callable[[str, int, int], list[str]],
                 low: int, high: int) -> list[int]:
        """`positions` of the `grams` of each word in turn, in order, remembered per word.

        A gram of a character analyser or a single word lies inside one word, so a word
        always gives the same positions: the words people write repeat, and hashing and
        searching each of a message's hundreds of grams was most of a net's cost. The
        positions are kept as a compact array (about 100 bytes a word).
        """
        memo = self._memo.setdefault((low, high), {})
        found: list[int] = []
        for word in words:
            known = memo.get(word)
            if known is None:
                known = array("i", self.positions(grams(word, low, high)))
                if len(memo) >= CACHED_WORDS:
                    del memo[next(iter(memo))]
                memo[word] = known
            found.extend(known)
        return found

    def score(self, grams: list[str], weights: Sequence[float]) -> float:
        """Weights · the L2-normalised sublinear TF-IDF vector of the grams it knows."""
        return self.weigh(self.positions(grams), weights)

    def weigh(self, positions: Iterable[int], weights: Sequence[float]) -> float:
        """Weights · the L2-normalised sublinear TF-IDF vector of features at `positions`
        (one entry per occurrence, in the order the grams came)."""
        counts = Counter(positions)
        if not counts:
            return 0.0
        idf = self.idf
        # A gram seen once weighs its IDF: 1 + log(1) is exactly 1, so skipping the log
        # (most grams of a message occur once) changes no bit of the result.
        weighted = [(idf[i] if n == 1 else (1.0 + math.log(n)) * idf[i], i)
                    for i, n in counts.items()]
        norm = math.sqrt(sum([v * v for v, _ in weighted]))
        return sum([v * weights[i] for v, i in weighted]) / norm


NO_FEATURES = Features((), ())


@dataclass(frozen=True)
class LinearNet:
    """A tier's weights over the shared features, and its bias."""

    tier: str
    chars: Features
    words: Features
    char_weights: Sequence[float]
    word_weights: Sequence[float]
    char_range: tuple[int, int]
    word_range: tuple[int, int]
    intercept: float
    reference: tuple[tuple[str, float], ...] = ()

    @classmethod
    def constant(cls, tier: str, score: float) -> LinearNet:
        """A net that gives every text the same score: for testing what lets nets speak."""
        return cls(tier, NO_FEATURES, NO_FEATURES, (), (), (2, 5), (1, 2), score)

    def probability(self, text: str) -> float:
        """How likely the folded text is a message of the net's tier, from 0 to 1."""
        text = text[:MAX_CHARS]
        score = self.intercept
        score += self.chars.weigh(self._char_positions(text), self.char_weights)
        score += self.words.weigh(self._word_positions(text), self.word_weights)
        if score < -30:  # exp would overflow the other way round; the answer is 0 anyway
            return 0.0
        return 1.0 / (1.0 + math.exp(-score))

    def _char_positions(self, text: str) -> list[int]:
        """The known features of `char_ngrams(text, *char_range)`, in its order (word by
        word, each word's grams as `char_ngrams` makes them)."""
        return self.chars.of_words(_SPACES.sub(" ", text).split(), char_ngrams,
                                   *self.char_range)

    def _word_positions(self, text: str) -> list[int]:
        """The known features of `word_ngrams(text, *word_range)`, in its order: single
        words (remembered per word), then pairs and longer runs."""
        low, high = self.word_range
        tokens = _TOKEN.findall(text)
        found = self.words.of_words(tokens, word_ngrams, 1, 1) if low == 1 else []
        longer = [" ".join(tokens[i:i + n]) for n in range(max(low, 2), min(high, len(tokens)) + 1)
                  for i in range(len(tokens) - n + 1)]
        found.extend(self.words.positions(longer))
        return found

    def reference_problems(self) -> list[str]:
        """Reference messages whose probability here differs from the trainer's."""
        return [f"{self.tier} net: '{text}' scores {self.probability(text):.6f} here but "
                f"{expected:.6f} in training" for text, expected in self.reference
                if abs(self.probability(text) - expected) > TOLERANCE]


def read_nets(path: Path = NETS_FILE) -> dict[str, LinearNet]:
    """Every net in the file, sharing one copy of the features."""
    data = json.loads(gzip.decompress(path.read_bytes()))
    chars, words = (Features(packed(data[name]["keys"], "Q"), single(data[name]["idf"]))
                    for name in ("chars", "words"))
    char_range = (int(data["char_ngrams"][0]), int(data["char_ngrams"][1]))
    word_range = (int(data["word_ngrams"][0]), int(data["word_ngrams"][1]))
    return {tier: LinearNet(
        tier, chars, words, single(net["chars"]), single(net["words"]), char_range,
        word_range, float(net["intercept"]),
        tuple((str(t), float(p)) for t, p in net.get("reference", ())))
        for tier, net in data["nets"].items()}


@cache
def _bundled() -> dict[str, LinearNet]:
    return read_nets()


def load_net(tier: str) -> LinearNet:
    """A tier's bundled net, read once per process (every matcher and `check` share it)."""
    return _bundled()[tier]
