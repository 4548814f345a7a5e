"""Recognise red-flag symptoms before any topic matching.

Missing a red flag is the worst bug this bot can have, so this runs first and wins over
every topic, and its rules are data (`responses/red_flags.yaml`) that clinicians can read.
Crying wolf is the second worst, so a symptom mentioned as absent ("no numbness") does not
count: a negation shortly before a phrase, within the same clause, cancels that phrase.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.answers.content import Phrase, RedFlags

_ANY = -1  # group index used for a rule's stand-alone `any` phrases


@dataclass(frozen=True)
class _Entry:
    phrase: Phrase
    rule: int
    group: int


class RedFlagDetector:
    """Finds the first red-flag rule a message satisfies, using an index built once."""

    def __init__(self, red_flags: RedFlags) -> None:
        self.rules = red_flags.rules
        self.window = red_flags.negation_window
        self._exact: dict[str, list[_Entry]] = defaultdict(list)
        self._prefix: dict[str, list[_Entry]] = defaultdict(list)
        for r, rule in enumerate(self.rules):
            for phrase in rule.any:
                self._add(_Entry(phrase, r, _ANY))
            for g, group in enumerate(rule.all):
                for phrase in group:
                    self._add(_Entry(phrase, r, g))
        self.spellings = red_flags.spellings
        self._negations = red_flags.negations
        self._neg_ends: set[str] = {p.words[-1] for p in self._negations}
        self._pseudo = red_flags.pseudo_negations
        self._pseudo_starts = {p.words[0] for p in self._pseudo}

    def _add(self, entry: _Entry) -> None:
        first = entry.phrase.words[0]
        if first.endswith("*"):
            self._prefix[first[:-1]].append(entry)
        else:
            self._exact[first].append(entry)

    def vocabulary(self) -> set[str]:
        """Whole words the rules use, so spelling correction can steer typos onto them."""
        words = {w for entries in (*self._exact.values(), *self._prefix.values())
                 for e in entries for w in e.phrase.words if not w.endswith("*")}
        return words | set(self.spellings)

    def detect(self, clauses: list[list[str]]) -> str | None:
        """The name of the first rule the clauses satisfy, or None."""
        found: dict[int, set[int]] = defaultdict(set)
        for words in clauses:
            hits = [(entry, i) for i, word in enumerate(words) for entry in self._candidates(word)
                    if _matches(entry.phrase.words, words, i)]
            # Words inside a symptom phrase ("no control", "cannot feel") or a pseudo-negation
            # ("no idea", "not sure") are not negations of something else.
            covered = {j for entry, i in hits for j in range(i, i + len(entry.phrase.words))}
            covered |= self._pseudo_spans(words)
            for entry, i in hits:
                if self._negated(words, i, covered):
                    continue
                if entry.group == _ANY:
                    return self.rules[entry.rule].name
                found[entry.rule].add(entry.group)
        for r, groups in sorted(found.items()):
            if len(groups) == len(self.rules[r].all):
                return self.rules[r].name
        return None

    def negated(self, words: list[str], start: int) -> bool:
        """Whether the word at `start` is negated ("no weight loss"), for callers outside."""
        return self._negated(words, start, self._pseudo_spans(words))

    def _pseudo_spans(self, words: list[str]) -> set[int]:
        spans: set[int] = set()
        for i, word in enumerate(words):
            if word not in self._pseudo_starts:
                continue
            for pseudo in self._pseudo:
                if _matches(pseudo.words, words, i):
                    spans.update(range(i, i + len(pseudo.words)))
        return spans

    def _candidates(self, word: str) -> list[_Entry]:
        out = list(self._exact.get(word, ()))
        for k in range(1, len(word) + 1):
            entries = self._prefix.get(word[:k])
            if entries:
                out.extend(entries)
        return out

    def _negated(self, words: list[str], start: int, covered: set[int]) -> bool:
        """True when a negation phrase ends within the window before `start`."""
        for end in range(start - 1, max(-1, start - 1 - self.window), -1):
            if words[end] not in self._neg_ends or end in covered:
                continue
            for neg in self._negations:
                n = len(neg.words)
                if end - n + 1 >= 0 and _matches(neg.words, words, end - n + 1):
                    return True
        return False


def _matches(pattern: tuple[str, ...], words: list[str], at: int) -> bool:
    if at + len(pattern) > len(words):
        return False
    for p, w in zip(pattern, words[at:at + len(pattern)]):
        if p.endswith("*"):
            if not w.startswith(p[:-1]):
                return False
        elif p != w:
            return False
    return True
