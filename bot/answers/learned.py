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

import gzip
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.answers.content import LEARNED_TIERS

DATA = Path(__file__).resolve().parent / "data"
TIERS = LEARNED_TIERS


def net_file(tier: str) -> Path:
    return DATA / f"{tier}_net.json.gz"


# The net reads at most this much of a message: plenty for what a person says, and a
# pasted essay costs no more than a long message.
MAX_CHARS = 2000
_SPACES = re.compile(r"\s\s+")
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
TOLERANCE = 1e-5  # between the stored reference probabilities and this arithmetic


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


def _part_score(grams: Iterable[str], table: Mapping[str, tuple[float, float]]) -> float:
    """Weight · the L2-normalised sublinear TF-IDF vector of the grams the table knows."""
    counts = Counter(g for g in grams if g in table)
    if not counts:
        return 0.0
    weighted = {g: (1.0 + math.log(n)) * table[g][0] for g, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in weighted.values()))
    return sum(v * table[g][1] for g, v in weighted.items()) / norm


@dataclass(frozen=True)
class LinearNet:
    """Weights per feature (IDF, coefficient) for characters and for words, and the bias."""

    tier: str
    chars: Mapping[str, tuple[float, float]]
    words: Mapping[str, tuple[float, float]]
    char_range: tuple[int, int]
    word_range: tuple[int, int]
    intercept: float
    reference: tuple[tuple[str, float], ...] = ()

    @classmethod
    def load(cls, path: Path) -> LinearNet:
        data = json.loads(gzip.decompress(path.read_bytes()))
        return cls(
            tier=str(data["tier"]),
            chars={k: (float(v[0]), float(v[1])) for k, v in data["chars"].items()},
            words={k: (float(v[0]), float(v[1])) for k, v in data["words"].items()},
            char_range=(int(data["char_ngrams"][0]), int(data["char_ngrams"][1])),
            word_range=(int(data["word_ngrams"][0]), int(data["word_ngrams"][1])),
            intercept=float(data["intercept"]),
            reference=tuple((str(t), float(p)) for t, p in data.get("reference", ())),
        )

    def probability(self, text: str) -> float:
        """How likely the folded text is a message of the net's tier, from 0 to 1."""
        text = text[:MAX_CHARS]
        score = self.intercept
        score += _part_score(char_ngrams(text, *self.char_range), self.chars)
        score += _part_score(word_ngrams(text, *self.word_range), self.words)
        if score < -30:  # exp would overflow the other way round; the answer is 0 anyway
            return 0.0
        return 1.0 / (1.0 + math.exp(-score))

    def reference_problems(self) -> list[str]:
        """Reference messages whose probability here differs from the trainer's."""
        return [f"{self.tier} net: '{text}' scores {self.probability(text):.6f} here but "
                f"{expected:.6f} in training" for text, expected in self.reference
                if abs(self.probability(text) - expected) > TOLERANCE]


@cache
def load_net(tier: str) -> LinearNet:
    """A tier's net, read once per process (every matcher and `check` share it)."""
    return LinearNet.load(net_file(tier))
