"""Triage: decide, before any topic, whether a message reports an emergency, an urgent
problem, or a crisis, from the rules clinicians read and edit in `responses/triage.yaml`.

Missing an emergency or a crisis is the worst bug this bot can have, and crying wolf on an
ordinary question the second worst, so a phrase alone decides nothing. A rule fires when
every concept of one of its `when` lines is found in one clause of the message, and only
when what was found is a report, not:

- negated ("no numbness"), unless the negation is the symptom itself ("haven't peed since
  yesterday" for a rule that asks for `not peeing`);
- another sense of the word, given as the rule's `unless` ("chest of drawers");
- history, unless the rule says the past counts ("had a bad fall years ago, fine now");
- a question about symptoms in general ("what are the symptoms of cauda equina?"): those
  get `asks_about_symptoms`, and the `warning_signs` information instead of an alarm,
  unless the message also says it is happening ("...? I've got both right now").

The detector works on the words the matcher reads (folded, spelling-corrected clauses: see
`bot.answers.spelling`), and `example_problems` runs each rule's examples through exactly
that reading, so `check` fails when a rule misses one of its own examples.
"""

from __future__ import annotations

import enum
import sys
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from bot.answers.content import Condition, Content, Phrase, Triage, TriageRule
from bot.answers.english import is_english
from bot.answers.learned import LinearNet, load_net
from bot.answers.spelling import Speller
from bot.answers.yamlfile import Problem


class Tier(enum.Enum):
    """What a message needs: 999 now, a crisis line, or NHS 111 / an urgent GP today."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    CRISIS = "crisis"


# Most serious first. A crisis outranks a back emergency: the crisis reply starts with 999
# for a life at risk, and then names the back emergency the person reported in one line
# (never the emergency's symptom list, which would bury the crisis lines); urgent is last.
SEVERITY = {Tier.CRISIS: 0, Tier.EMERGENCY: 1, Tier.URGENT: 2}


@dataclass(frozen=True)
class Finding:
    """One rule that fired, and what the bot says it understood (`says`)."""

    rule: str
    tier: Tier
    says: str


@dataclass(frozen=True)
class Assessment:
    """Everything triage found in one message."""

    findings: tuple[Finding, ...] = ()  # every rule that fired, most serious first
    asks_about_symptoms: bool = False  # a question about warning signs, reporting none

    @property
    def tier(self) -> Tier | None:
        """The most serious tier found (CRISIS > EMERGENCY > URGENT), or None."""
        return self.findings[0].tier if self.findings else None


Span = tuple[int, int]  # words [start, end) of one clause

# Clauses this short ("numb.", "both legs") are fragments of the clause before them.
FRAGMENT = 2
# A clause this short ("the right one too now", "nothing comes out") may only continue the
# one before it: a rule is also tried on the two read as one sentence.
FOLLOW = 8
# A short clause that says something is over ("fine now though") speaks for the one before.
RESOLVED_REACH = 4
# A clause that starts this close to its first word with "fine now" looks back: "my legs were
# wobbly after the 10k but I'm fine now, can running make it worse?".
OPENING = 1
# A clause that only dates the one before it: "..., but that was years ago", "..., but it
# turned out to be a panic attack, years ago" (only with its own words of the past).
# ("thats 6 years ago": "that's" is folded into one word.)
RECALLED = (["that", "was"], ["this", "was"], ["it", "was"], ["that", "were"], ["thats"],
            ["that", "is"], ["it", "turned", "out"], ["turned", "out"])
# How far after a word "fine" or "normal" may come and still clear it ("legs are fine").
AFTER_WINDOW = 3
# Words that may stand between a negation and the word it negates in a `not` condition
# ("haven't been to the loo for a wee"): few, and only `negation.linking` words.
TIGHT = 6
# "like after a long ride": a context named only as a comparison, not as what happened.
SIMILES = (["like", "after"], ["as", "after"], ["if", "after"], ["though", "after"],
           ["like", "ive"], ["like", "id"], ["like", "i"], ["as", "if"], ["as", "though"])
SIMILE_REACH = 4  # "like after a long bike ride": the comparison, then a few words
# Turns to the present (`history.turn`) that say no time: an exception ("apart from") is not
# news when it comes before the history words ("all fine apart from numb legs last year").
# Emphasis ("just", "still": FILLERS) says no time either.
TIMELESS_TURNS = frozenset({"apart", "except"})
# Words that say a crisis told as history is back ("I used to cut at uni. Started again last
# week", "the thoughts are back"), and another subject that such words may be about instead
# ("my back pain started again"): concepts of triage.yaml, read by `Triager.relapses`.
RELAPSE = "relapse_word"
RELAPSE_OTHER = "relapse_other"
# A crisis told as past ("had suicidal thoughts after my injury", "was on suicide watch at
# uni", "had a rough time with self harm") and words saying it is long over ("had CBT and
# they've gone", "15 years later", "that's long gone", "I'm 45 now", old scars): concepts of
# triage.yaml. A crisis told as history (these, or the `history.past` words) is over when the
# same clause or a later one says so in these words, or, with `history.past`, in the
# `history.resolved` ones ("..., I'm fine now"): unless relapse or "again" words follow.
CRISIS_PAST = "crisis_past"
CRISIS_OVER = "crisis_over"
# A clause that opens by limiting the sign before it to a time or a cause ("pain between my
# shoulder blades, but only after a long shift at the laptop"): a concept of triage.yaml. When
# that clause names one of an urgent rule's `unless` or `not_when` phrases, the sign is
# explained (`Triager._limited`).
LIMITED = "limited_to"
# A clause that opens with a pronoun ("It's keeping me awake every night", "they're awful at
# night") and names no back: it speaks of what the clause before named. When that clause names
# one of an urgent rule's `not_when` phrases ("my husband's snoring", "hot flushes"), the sign
# is that thing's, not the back's (`Triager._carried`).
PRONOUN_START = "pronoun_start"
BACK = "back"


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    if "#" in pattern:
        return len(pattern) == len(word) and all(
            w.isdigit() if p == "#" else p == w for p, w in zip(pattern, word))
    return pattern == word


# Words that add emphasis and nothing else: a phrase matches with one of them inside it
# ("want to just die" is "want to die"), unless the phrase names the word itself.
FILLERS = frozenset({"just", "really", "literally", "honestly", "actually", "totally",
                     "truly", "seriously", "basically", "still", "even", "bloody", "fucking",
                     "fking", "fkn", "effing", "proper", "kinda", "sorta", "genuinely",
                     # and in the other languages the `foreign_*` concepts read: Urdu, Hindi
                     # and Punjabi "bhi" (also), "bohat" (very), "bilkul" (quite), Bengali
                     # "khub", Romanian "foarte", Spanish "muy", Polish "bardzo"
                     "bhi", "bohat", "bahut", "bohot", "bahot", "bhot", "bilkul", "khub",
                     "foarte", "muy", "bardzo"})


# The words after which a phrase's "to" is a preposition, never to be left out (see `find`).
_NOT_AFTER_TO = frozenset({"to", "the", "a", "an", "my", "your", "his", "her", "our", "their",
                           "its", "this", "that", "these", "those", "me", "him", "them",
                           "us", "you", "it"})

_NONE: dict[str, Any] = {}  # shared by every node without children; never written to


class _Node:
    """A trie node: the words that may come next, and the phrase sets that end here.
    Read-only once `index` has run (the empty containers are then shared)."""

    __slots__ = ("keys", "literal", "wild", "by_first", "only_word", "only_child")

    def __init__(self) -> None:
        # The sets whose phrases end here: a set while the trie is built, then a tuple (a
        # small set takes 216 bytes, a tuple of one 48, over some 12,000 nodes).
        self.keys: set[str] | tuple[str, ...] = set()
        self.literal: dict[str, _Node] = {}
        self.wild: dict[str, _Node] = {}  # a word ending in * or holding #, to its node
        # The wild words by their first letter ("#" for a digit), so a word is tried only
        # against the patterns that could match it: built once the trie is complete.
        # Each is kept with its prefix when it ends in * (None otherwise), ready to compare.
        self.by_first: dict[str, tuple[tuple[str, str | None, _Node], ...]] = {}
        # A node with one literal child keeps it here instead of in a dict: most nodes
        # have one, and a dict of one costs 200 bytes more (about 1.3 MB in all).
        self.only_word: str | None = None
        self.only_child: _Node | None = None

    def add(self, word: str) -> _Node:
        """A new child for `word` (a word ending in * or holding # is wild)."""
        child = _Node()
        (self.wild if word.endswith("*") or "#" in word else self.literal)[word] = child
        return child

    def index(self, shared: dict[tuple[object, ...], _Node]) -> _Node:
        """Make this node read-only and small, its children already being so; give the
        node that now stands for it.

        Nodes that would behave the same (the same sets end there, the same words lead on
        to the same nodes) become one node, as in a minimal word automaton: the phrase
        lists repeat their endings ("... in my legs", "... when the doctor told me") and
        their leaves, so the trie keeps about a third of its nodes. Nodes with no children
        share one empty container. `shared` holds the nodes kept so far, by what they do.
        """
        self.literal = self.literal or _NONE
        self.wild = self.wild or _NONE
        self.keys = tuple(sorted(self.keys))
        groups: dict[str, list[tuple[str, str | None, _Node]]] = defaultdict(list)
        for pattern, child in self.wild.items():
            prefix = pattern[:-1] if pattern.endswith("*") else None
            groups[pattern[0]].append((pattern, prefix, child))
        self.by_first = {first: tuple(group) for first, group in groups.items()} or _NONE
        # The children are already the kept ones, so they compare by identity.
        what = (self.keys, tuple(sorted(self.literal.items(), key=itemgetter(0))),
                tuple(sorted(self.wild.items(), key=itemgetter(0))))
        kept = shared.setdefault(what, self)
        if kept is self and len(self.literal) == 1:
            ((self.only_word, self.only_child),) = self.literal.items()
            self.literal = _NONE
        return kept

    def child(self, word: str) -> _Node | None:
        """The literal child for `word`, if any."""
        if self.only_word is None:
            return self.literal.get(word)
        return self.only_child if word == self.only_word else None

    def wild_matches(self, word: str) -> list[_Node]:
        """The children whose wild word matches `word` ("20##" and "####" both for 2015)."""
        first = word[:1]
        tried = self.by_first.get(first, ())
        if first.isdigit():
            tried += self.by_first.get("#", ())
        return [c for p, prefix, c in tried
                if (word.startswith(prefix) if prefix is not None else _word_matches(p, word))]


# Arabic writes "and", "with", "so" and "to" joined to the next word ("والم" is "and pain",
# "بضيق" "with tightness"): a phrase in Arabic script is also found with one of them on its
# first word.
_ARABIC_CLITICS = ("\u0648", "\u0641", "\u0628", "\u0644", "\u0648\u0628")


_WORD_MARK, _KEY_MARK = "\x01", "\x00"


def _clitic_forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    if words[0].isascii():
        return [words]
    return [words, *((c + words[0], *words[1:]) for c in _ARABIC_CLITICS)]


def _settle(path: list[_Node], words: tuple[str, ...], keep: int,
            shared: dict[tuple[object, ...], _Node]) -> None:
    """Index the nodes of `path` (the trie's path along `words`) deeper than `keep` words,
    deepest first, each replaced in its parent by the equal node already kept."""
    while len(path) > keep + 1:
        node = path.pop()
        word = words[len(path) - 1]
        parent = path[-1]
        (parent.wild if word in parent.wild else parent.literal)[word] = node.index(shared)


class Lexicon:
    """Finds every phrase of many named sets in a clause: a trie of words, so each position
    costs only as much as the phrases that really start there (a pasted essay of "no no
    no ..." costs no more than any other text)."""

    def __init__(self, sets: Mapping[str, Iterable[Phrase]]) -> None:
        self._root = _Node()
        # Phrases in sorted order, each node made read-only and merged with its equal as
        # soon as no later phrase can reach it (Daciuk et al.'s incremental construction):
        # the whole unmerged trie, three times the final one, never exists at once.
        shared: dict[tuple[object, ...], _Node] = {}
        path: list[_Node] = [self._root]
        before: tuple[str, ...] = ()
        # Sorted as one string each, "words\x01...\x00key", which sorts exactly as the
        # (words, key) tuples would (both marks sort before any character of a word): the
        # sorted list is the build's peak, and a string is less than half a pair of tuples
        # (some 5 MB over 88,000 phrases, memory the process would keep as its high mark).
        # Taken from the end of a list sorted backwards, each freed as it is read, so the
        # trie's nodes reuse its memory.
        entries = sorted((_WORD_MARK.join(v) + _KEY_MARK + key for key, phrases in sets.items()
                          for phrase in phrases for v in _clitic_forms(phrase.words)),
                         reverse=True)
        while entries:
            text, key = entries.pop().split(_KEY_MARK)
            phrase_words = tuple(map(sys.intern, text.split(_WORD_MARK)))
            key = sys.intern(key)
            if phrase_words != before:
                common = 0
                while (common < len(before) and common < len(phrase_words)
                       and before[common] == phrase_words[common]):
                    common += 1
                _settle(path, before, common, shared)
                for word in phrase_words[common:]:
                    path.append(path[-1].add(word))
                before = phrase_words
            keys = path[-1].keys
            assert isinstance(keys, set), "a node is read-only once settled"
            keys.add(key)
        _settle(path, before, 0, shared)
        # The root stays itself (`find` knows it by identity).
        self._root.index(shared)

    def find(self, words: list[str], stop: int | None = None) -> dict[str, list[Span]]:
        """Every phrase of every set in `words` (that starts before `stop`, if given): each
        set's spans, sorted, without repeats.

        This runs for every clause of every message, so the walk is written out (the
        node's one child or dict look-up inline, which words are fillers worked out once
        per clause), rather than through `_Node.child` and a call per step.
        """
        found: dict[str, list[Span]] = {}
        root = self._root
        size = len(words)
        filler = [w in FILLERS for w in words]
        for i in range(size if stop is None else min(stop, size)):
            # The root's step is taken here: most words start no phrase, and then no stack
            # is made (a filler is never read past first).
            for key in root.keys:  # none, unless a set holds an empty phrase
                found.setdefault(key, []).append((i, i))
            word = words[i]
            child = root.child(word)
            stack = [] if child is None else [(child, i + 1, False)]
            if root.by_first:  # `wild_matches` written out: it is tried on every word
                first = word[:1]
                tried = root.by_first.get(first, ())
                if first.isdigit():
                    tried += root.by_first.get("#", ())
                for pattern, prefix, wild in tried:
                    if (word.startswith(prefix) if prefix is not None
                            else _word_matches(pattern, word)):
                        stack.append((wild, i + 1, False))
            if not stack:
                continue
            pop, push = stack.pop, stack.append
            while stack:
                node, j, skipped = pop()
                if not skipped:  # a phrase never ends on a filler word it skipped
                    for key in node.keys:
                        spans = found.get(key)
                        if spans is None:
                            found[key] = [(i, j)]
                        else:
                            spans.append((i, j))
                if j == size:
                    continue
                word = words[j]
                only = node.only_word
                if only is None:
                    child = node.literal.get(word)
                else:
                    child = node.only_child if only == word else None
                if child is not None:
                    push((child, j + 1, False))
                if node.by_first:
                    stack.extend((c, j + 1, False) for c in node.wild_matches(word))
                # "I dont want live any more", "not able walk", "need go toilet": people
                # writing in a second language, or fast, drop the "to" before a verb; the
                # phrase is read as if it were there (never ending on it, never first).
                # Not before "the", "my" ...: "round to the front" (to the chest) is not
                # "round the front" (of the pelvis).
                if word not in _NOT_AFTER_TO:
                    gap = node.child("to")
                    if gap is not None:
                        after = gap.child(word)
                        if after is not None:
                            push((after, j + 1, False))
                        if gap.by_first:
                            stack.extend((c, j + 1, False) for c in gap.wild_matches(word))
                # "I just want to die", "can't even feel my legs", "I still want out": a
                # filler word inside a phrase is read past (one at a time, never first).
                if filler[j] and not skipped:
                    push((node, j + 1, True))
        # Two phrases of one set can match the same words ("tingl*", "tingling"): keep one.
        # (Spans come in order of their start, so a single one is already sorted.)
        return {key: spans if len(spans) == 1 else sorted(set(spans))
                for key, spans in found.items()}


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _choice(options: list[list[Span]], reach: int,
            adjacent: tuple[tuple[int, int], ...] = ()) -> bool:
    """Whether one span can be taken from each list, no two overlapping, all of them within
    `reach` words from the first to the last (so "bladder" and "problem" at the two ends of
    a long sentence do not make a complaint about the bladder), and for each (a, b) in
    `adjacent`, the span taken from list b starting where the one from list a ends."""
    def pick(k: int, taken: list[Span]) -> bool:
        if k == len(options):
            return True
        for s in options[k]:
            if any(_overlaps(s, t) for t in taken):
                continue
            if any((b == k and a < k and taken[a][1] != s[0]) or
                   (a == k and b < k and s[1] != taken[b][0]) for a, b in adjacent):
                continue
            chosen = [*taken, s]
            if max(e for _, e in chosen) - min(b for b, _ in chosen) <= reach \
                    and pick(k + 1, chosen):
                return True
        return False
    return pick(0, [])


class _Clause:
    """One clause's phrases, and which of them are negated."""

    def __init__(self, triager: Triager, words: list[str], extra_reach: int = 0,
                 found: dict[str, list[Span]] | None = None) -> None:
        """`found` is the lexicon's phrases in `words`, when the caller has them already
        (`_joined`); otherwise they are looked up."""
        self.triager = triager
        self.words = words
        # Two clauses read as one: the short one's words do not count against `reach`.
        self.reach = triager.reach + extra_reach
        self.spans = triager.lexicon.find(words) if found is None else found
        self._candidates: frozenset[int] | None = None
        self.negations: list[Span] = []
        before = self.spans.get("m:negation.before")
        if before:
            covered: set[int] = set()
            for key, spans in self.spans.items():
                if key not in triager.covering:
                    continue
                for s, e in spans:
                    if e - s > 1:  # a phrase around the negation, not the bare word
                        covered.update(range(s, e))
            # A negation inside a symptom's own words ("no control", "can't feel") or inside
            # a phrase like "no idea" negates nothing else.
            self.negations = [(s, e) for s, e in before if not covered.intersection(range(s, e))]
        self.contrasts = sorted(s for s, _ in self.spans.get("m:negation.contrast", ()))
        self.stops = sorted([s for s, _ in self.spans.get("m:negation.stops", ())]
                            + self.contrasts)
        # Sorted positions, so that each look-up is a binary search: a pasted essay of
        # "no no no ..." must cost no more than any other text.
        self.negation_ends = sorted(e for _, e in self.negations)
        self._negation_starts = {s for s, _ in self.negations}
        self._negation_end_set = set(self.negation_ends)
        self.after_starts = sorted(s for s, _ in self.spans.get("m:negation.after", ()))
        self._negated: dict[Span, bool] = {}
        self.pseudo = {i for s, e in self.spans.get("m:negation.not_negations", ())
                       for i in range(s, e)}
        # A sign said in another language (words that are not English): the English
        # question openers ("do", "am", "is") are words of that language there ("do saal
        # pehle", "am o durere"), not a question (see `starts_with_opener`).
        self.foreign = any(
            not all(is_english(w) for w in words[s:e])
            for key, spans in self.spans.items() if key in triager.foreign_keys
            for s, e in spans)

    @property
    def candidates(self) -> frozenset[int]:
        """The rules one of whose `when` lines has all it needs in this clause: found
        through the words found (`Triager.rule_index`), not by trying every rule. Worked
        out on first use and kept (by hand: `functools.cached_property` takes a lock on
        every read in Python 3.11, and this is read for every rule tried)."""
        if self._candidates is None:
            found = self.spans.keys()
            index = self.triager.rule_index
            self._candidates = frozenset(
                r for key in found for r, needs in index.get(key, ())
                if needs <= found) | self.triager.rules_needing_nothing
        return self._candidates

    def history(self) -> list[Span]:
        """Where its words of history are, past or over ("years ago", "fine now")."""
        return [*self.spans.get("m:history.past", ()), *self.spans.get("m:history.resolved", ())]

    def has(self, marker: str) -> bool:
        """Whether a phrase of the marker list is in the clause, not negated and not part of
        a phrase like "could walk fine" (whose "fine now" is no news of recovery). Only a
        negation before counts: "gp sorted it, all good now" confirms, not clears, "sorted"."""
        return any(not self.negated_before(span) and not self.pseudo.intersection(range(*span))
                   for span in self.spans.get("m:" + marker, ()))

    def confirms(self) -> bool:
        """Whether the clause says the sign asked about is the person's own ("...? I've got
        both right now"), not that it is not ("people worry about it waking you at night, but
        mine doesn't"): a confirmation with a negation right after it denies."""
        return any(not self.negated_before(span) and not self.pseudo.intersection(range(*span))
                   and span[1] not in self._negation_starts
                   for span in self.spans.get("m:questions.confirming", ()))

    def opens_with(self, marker: str) -> bool:
        """Whether the clause starts with a phrase of the marker list ("I'm fine now, ..."),
        so that it looks back at the clause before rather than forward."""
        return any(s <= OPENING and not self.negated_before((s, e))
                   for s, e in self.spans.get("m:" + marker, ()))

    def _stopped(self, start: int, end: int) -> bool:
        """Whether a stop word ("and now", "but") starts in [start, end)."""
        return bisect_left(self.stops, start) < bisect_left(self.stops, end)

    def negated_before(self, span: Span) -> bool:
        """A negation shortly before ("no numbness", "I don't have a fever"), in the clause
        and not past a word like "and now"."""
        start = span[0]
        return any(not self._stopped(e, start)
                   for e in self._ends_before(start, self.triager.window))

    def _ends_before(self, start: int, within: int) -> list[int]:
        """Where the negations that end at most `within` words before `start` end."""
        ends = self.negation_ends
        return ends[bisect_left(ends, start - within + 1):bisect_right(ends, start)]

    def negated(self, span: Span) -> bool:
        """Negated before, or cleared just after ("my legs are fine")."""
        if span not in self._negated:
            self._negated[span] = self.negated_before(span) or self._cleared_after(span[1])
        return self._negated[span]

    def _cleared_after(self, end: int) -> bool:
        starts = self.after_starts
        near = starts[bisect_left(starts, end):bisect_left(starts, end + AFTER_WINDOW)]
        # Not "not fine", and not "is that normal?", which asks rather than clears.
        return any(not self._stopped(end, s) and s not in self._negation_end_set
                   and s not in self.pseudo for s in near)

    def active(self, span: Span) -> bool:
        """Whether a rule's exception is really said: not negated, and not inside a phrase
        that says its opposite ("without dieting", "not trying")."""
        return not self.negated_before(span) and not self.pseudo.intersection(range(*span))

    def simile(self, span: Span) -> bool:
        """Whether the words are only a comparison ("numb, like after a long bike ride",
        "walking funny, like I've had six pints"):
        then the context they name did not happen, and explains nothing away. The context's
        own first word counts too, so a context written "after my first parkrun" is still a
        comparison in "like after my first parkrun"."""
        before = self.words[max(0, span[0] - SIMILE_REACH):span[0] + 1]
        return any(before[i:i + 2] in SIMILES for i in range(len(before) - 1))

    def _turned(self, context: Span, hit: Span) -> bool:
        """Whether "now" stands between a context said first and the words after it ("sore
        after football, now both his legs are numb"): the context explains what came
        before the turn, not what is new."""
        return context[1] <= hit[0] and "now" in self.words[context[1]:hit[0]]

    def tightly_negated(self, span: Span) -> bool:
        """A negation right before the words, with only linking words between ("haven't
        been able to pee"): there the negation is the symptom."""
        start = span[0]
        linking = self.triager.linking
        return any(all(w in linking for w in self.words[e:start])
                   for e in self._ends_before(start, TIGHT + 1))

    def starts_with_opener(self) -> bool:
        skip = self.spans.get("m:questions.skip", [])
        at = 0
        while True:
            ends = [e for s, e in skip if s == at]
            if not ends:
                break
            at = max(ends)
        # In a sentence in another language, only an opener of that language counts.
        return any(s == at and not (self.foreign and self.words[s].isascii())
                   for s, _ in self.spans.get("m:questions.openers", ()))

    def asks(self, hypothetical: bool = False) -> bool:
        """A question or a hypothetical, not a report: "can sciatica affect both legs?",
        "my GP asked if I had numbness", but not "is this normal? my legs are numb". When the
        message says elsewhere that it is hypothetical ("just asking for the future"), even a
        question about one's own legs is one."""
        if self.has("questions.hypothetical"):
            return True
        # "what causes ..." asks only when it comes before the symptoms: "two numb legs and a
        # bad back, what do I do?" reports them. Context words ("back", "sciatica") are not
        # symptoms: "sciatica, what does it mean if both legs go numb?" asks.
        symptoms = self.triager.symptom_keys
        first = min((s for key, spans in self.spans.items() if key in symptoms
                     for s, _ in spans), default=len(self.words))
        framed = self.starts_with_opener() or any(
            s < first for s, _ in self.spans.get("m:questions.asking", ()))
        return framed and (hypothetical or not self.has("questions.personal"))

    def present(self, concept: str) -> bool:
        """Whether the concept is in this clause, not negated."""
        return any(not self.negated(span) for span in self.spans.get("c:" + concept, ()))

    def fires(self, r: int, rule: TriageRule, context: set[str]) -> bool:
        """Whether one of the rule's `when` lines is found in this clause's words (its
        `anywhere` concepts in `context`, the concepts present anywhere in the message)."""
        if r not in self.candidates:
            return False
        concepts = self.triager.rule_concepts[r]
        found = {c: self.spans.get(key, []) for c, key in self.triager.concept_keys[r]}
        # Context or an exception inside the rule's own longer words ("not trying to lose
        # weight" holds "lose weight") is those words, not another context or sense.
        own = [h for c in concepts for h in found[c]]
        # "my legs feel like jelly after leg day": the context explains it, when it is said
        # near the words of the line found (not "dog to the vet" ten words before a wet bed).
        explains = [w for w in self.spans.get(self.triager.not_when_keys[r], ())
                    if self.active(w) and not self.simile(w)
                    and not any(h[0] <= w[0] and w[1] <= h[1] and h != w for h in own)]
        masked: set[tuple[str, Span]] = set()
        for u in self.spans.get(self.triager.unless_keys[r], ()):
            if any(h[0] <= u[0] and u[1] <= h[1] and h != u for h in own):
                continue  # inside a longer phrase of the rule ("knot that keeps getting bigger")
            inside = {(c, h) for c in concepts for h in found[c] if u[0] <= h[0] and h[1] <= u[1]}
            if inside:
                masked |= inside  # only these words mean something else ("chest of drawers")
            elif self.active(u):  # not "not dieting", which explains no weight loss away
                return False  # another sense for the whole clause ("heat pack temperature")
        hits = {c: [h for h in found[c] if (c, h) not in masked] for c in concepts}
        for cond, order, pairs in self.triager.lines[r]:
            if not cond.anywhere <= context:
                continue
            options = []
            for c in order:
                if c in cond.negated:
                    options.append([h for h in hits[c] if self.tightly_negated(h)])
                elif cond.negated:  # "doesn't get the urge to pee": one negation, one symptom
                    options.append(hits[c])
                else:
                    options.append([h for h in hits[c] if not self.negated(h)])
            if not all(options):
                continue
            if any(abs(w[0] - h[0]) <= self.reach and not self._turned(w, h) for w in explains
                   for hits_ in options for h in hits_):
                continue
            # The concepts of one line must not be split by "it's just ..." and the like.
            # A contrast inside one phrase ("sh is the only thing that helps") splits nothing.
            inner = {b for b in self.contrasts
                     if any(s < b < e for hits_ in options for s, e in hits_)}
            bounds = [0, *(b for b in self.contrasts if b not in inner), len(self.words)]
            for lo, hi in zip(bounds, bounds[1:]):
                part = [[h for h in hits_ if lo <= h[0] and h[1] <= hi] for hits_ in options]
                if all(part) and _choice(part, self.reach, pairs):
                    return True
        return False


def _joined(first: _Clause, second: _Clause) -> _Clause:
    """Two clauses read as one sentence ("my left leg is numb" + "the right one too now"),
    the short one's words not counting against `reach`. The phrases inside the second are
    the second's own, moved along: only those that start in the first are looked up."""
    words = first.words + second.words
    shift = len(first.words)
    spans = first.triager.lexicon.find(words, stop=shift)
    for key, found in second.spans.items():
        moved = [(s + shift, e + shift) for s, e in found]
        spans[key] = spans[key] + moved if key in spans else moved
    return _Clause(first.triager, words, min(len(first.words), len(second.words)), spans)


# Messages are split into clauses at these words, so a phrase can only meet them as two
# clauses read as one ("need to go but nothing comes out": "need to go" + "nothing comes
# out"): they are dropped from the phrases that hold them.
BREAK_WORDS = frozenset({"but", "however", "although", "though", "yet"})


def _unbroken(phrases: Iterable[Phrase]) -> Iterator[Phrase]:
    for phrase in phrases:
        words = tuple(w for w in phrase.words if w not in BREAK_WORDS)
        yield Phrase(words) if words and words != phrase.words else phrase


# The names the safety nets' findings go by in `ask --json`, stats and benchmarks.
LEARNED_RULES = {Tier.CRISIS: "crisis wording (learned)",
                 Tier.EMERGENCY: "emergency wording (learned)"}


class Triager:
    """Built once from the content's triage rules; `assess` is then a pure function."""

    def __init__(self, rules: Triage, nets: Mapping[str, LinearNet] | None = None) -> None:
        self.rules = rules.rules
        # The safety nets triage.yaml's `learned` section turns on (see `_learned`); `nets`
        # replaces the bundled ones (the trainer, which is making them, passes none).
        self.learned = rules.learned
        self.nets = dict(nets) if nets is not None else {
            tier: load_net(tier) for tier in self.learned}
        self.window = rules.negation_window
        self.reach = rules.reach
        self.linking = rules.linking_words
        self.spellings = rules.spellings
        # The phrases are read twice, lazily (the lexicon's trie and the speller's words are
        # what is kept): the 88,000 expanded phrases never all exist at once.
        sets = self._phrase_sets(rules)
        self.lexicon = Lexicon(sets)
        # With the spellings, what `vocabulary` gives: one frozenset, which the speller keeps
        # as it is (`frozenset` of a frozenset is that frozenset), not a second copy.
        self._words = frozenset(w for phrases in self._phrase_sets(rules).values()
                                for p in phrases for w in p.words
                                if not w.endswith("*") and "#" not in w) | self.spellings
        self.rule_concepts = [tuple(dict.fromkeys(c for cond in rule.when for c in cond.concepts))
                              for rule in self.rules]
        # What `_Clause.fires` reads of each rule, made once: each concept with its lexicon
        # key; the keys of its `unless` and `not_when` phrases; and each `when` line with
        # the concepts the clause itself must have, in order, and its adjacent pairs as
        # positions in that order.
        self.concept_keys = [tuple((c, "c:" + c) for c in concepts)
                             for concepts in self.rule_concepts]
        self.unless_keys = [f"u:{r}" for r in range(len(self.rules))]
        self.not_when_keys = [f"w:{r}" for r in range(len(self.rules))]
        self.lines: list[tuple[tuple[Condition, list[str], tuple[tuple[int, int], ...]], ...]] = []
        for rule in self.rules:
            read = []
            for cond in rule.when:
                order = [c for c in cond.concepts if c not in cond.anywhere]
                pairs = tuple((order.index(a), order.index(b)) for a, b in cond.adjacent)
                read.append((cond, order, pairs))
            self.lines.append(tuple(read))
        # What each `when` line needs in the clause itself: without all of one line's, the
        # rule cannot fire there, and most rules are ruled out by this look-up alone.
        rule_needs = [tuple(frozenset("c:" + c for c in cond.concepts
                                      if c not in cond.anywhere) for cond in rule.when)
                      for rule in self.rules]
        # Each `when` line under one of its needed words (any one will do: the clause must
        # have them all), so a clause finds the rules it may fire without trying each.
        self.rule_index: dict[str, list[tuple[int, frozenset[str]]]] = defaultdict(list)
        nothing_needed = set()
        for r, lines in enumerate(rule_needs):
            for needs in lines:
                if needs:
                    self.rule_index[min(needs)].append((r, needs))
                else:
                    nothing_needed.add(r)
        self.rules_needing_nothing = frozenset(nothing_needed)
        self.tiers = [Tier(rule.tier) for rule in self.rules]
        self.rule_order = {rule.name: r for r, rule in enumerate(self.rules)}
        self.anywhere = {c for rule in self.rules for cond in rule.when for c in cond.anywhere}
        # A net speaks only about a message that mentions something its tier's rules look
        # at: their concepts (context-only ones aside), less those its check calls context.
        self.net_concepts = {Tier(name): frozenset(
            "c:" + c for r, rule in enumerate(self.rules) if self.tiers[r] is Tier(name)
            for cond in rule.when for c in cond.concepts
            if c not in cond.anywhere and c not in check.context)
            for name, check in self.learned.items()}
        self.tier_rules = {tier: tuple(r for r in range(len(self.rules)) if self.tiers[r] is tier)
                           for tier in Tier}
        self.crisis_rules = frozenset(self.tier_rules[Tier.CRISIS])
        # Lexicon keys by what they are, worked out once rather than from each clause's
        # keys' spelling: `_Clause` reads these for every clause of every message.
        self.covering = frozenset(k for k in sets if k.startswith("c:")
                                  or k == "m:negation.not_negations")
        self.foreign_keys = frozenset(k for k in sets if k.startswith("c:foreign_"))
        self.symptom_keys = frozenset(k for k in sets if k.startswith("c:")
                                      and k[2:] not in self.anywhere)
        # The keys of each tier's rules' other senses and contexts (`unless`, `not_when`).
        self.tier_senses = {tier: frozenset(key for r in rules for key in (f"u:{r}", f"w:{r}"))
                            for tier, rules in self.tier_rules.items()}
        # The `anywhere` concepts a clause's own words can give (by their lexicon key): all
        # but the relapse words, which count only where `relapses` says they say it is back.
        self._context_keys = {"c:" + c: c for c in sorted(self.anywhere) if c != RELAPSE}

    def _phrase_sets(self, rules: Triage) -> dict[str, Iterable[Phrase]]:
        """Every phrase list the lexicon finds, by its key: concepts (without the words
        that break a clause), markers, and each rule's and net's exceptions."""
        sets: dict[str, Iterable[Phrase]] = {f"c:{n}": _unbroken(p)
                                             for n, p in rules.concepts.items()}
        sets.update({f"m:{n}": p for n, p in rules.markers.items()})
        sets.update({f"u:{r}": rule.unless for r, rule in enumerate(self.rules) if rule.unless})
        sets.update({f"w:{r}": rule.not_when for r, rule in enumerate(self.rules)
                     if rule.not_when})
        sets.update({f"l:{tier}": check.unless for tier, check in self.learned.items()
                     if check.unless})
        return sets

    def vocabulary(self) -> frozenset[str]:
        """Whole words the rules use, so spelling correction can steer typos onto them."""
        return self._words

    def negated(self, words: list[str], start: int) -> bool:
        """Whether the word at `start` is negated ("no weight loss"), for the matcher."""
        return _Clause(self, words).negated((start, start + 1))

    def assess(self, clauses: list[list[str]]) -> Assessment:
        """Every rule the message's clauses report, most serious first.

        A fragment ("numb.") is read with the clause before it ("2 legs now. numb."), so it
        can complete a report; it must not cancel one ("I keep wetting myself. pet" is
        still a report), unless it says the report is over or dated ("fine now", "years
        ago"), which is what such words are for. So a message with fragments is also read
        with each fragment on its own, and what either reading finds counts.
        """
        merged: list[list[str]] = []
        fragments: list[list[str]] = []
        for words in clauses:
            if merged and len(words) <= FRAGMENT:
                merged[-1] = merged[-1] + words  # "2 legs now. numb."
                fragments.append(words)
            elif words:
                merged.append(list(words))
        together = self._assess(merged)
        if not fragments or any(self._speaks_for_before(words) for words in fragments):
            return together
        apart = self._assess([list(words) for words in clauses if words])
        if not apart.findings:
            return together
        rules = {f.rule: f for f in (*together.findings, *apart.findings)}
        last = len(self.rules)  # the nets' findings, after every rule of their tier
        findings = tuple(sorted(rules.values(), key=lambda f: (
            SEVERITY[f.tier], self.rule_order.get(f.rule, last))))
        return Assessment(findings, False)

    def _speaks_for_before(self, words: list[str]) -> bool:
        """A fragment that dates or ends what came before it ("years ago.", "fine now.")."""
        clause = _Clause(self, words)
        return (clause.has("history.past") or clause.has("history.resolved")
                or "m:negation.after" in clause.spans)

    def _assess(self, merged: list[list[str]]) -> Assessment:
        """The rules and nets on these clauses, each read as one sentence."""
        parsed = [_Clause(self, words) for words in merged]
        # Where each clause says a crisis is back (`relapses`): as context, only these count.
        relapses = [self.relapses(clause) for clause in parsed]
        context = self._context(parsed, relapses)
        fired: set[int] = set()
        asked: set[int] = set()  # fired only inside a question
        warning_question = False
        hypothetical = any(c.has("questions.hypothetical") for c in parsed)
        for k, clause in enumerate(parsed):
            asks = clause.asks(hypothetical)
            warning_question |= asks and clause.has("questions.warning_signs")
            following = parsed[k + 1] if k + 1 < len(parsed) else None
            preceding = parsed[k - 1] if k else None
            # "..., but that was years ago", "..., but that's 6 years ago"
            past = clause.has("history.past") or (
                following is not None and following.has("history.past")
                and any(following.words[:len(r)] == r for r in RECALLED))
            # "..., but they sorted themselves out ages ago": a clause both over and long ago,
            # or one that opens with "fine now", speaks for the one before it.
            resolved = clause.has("history.resolved") or (
                following is not None and following.has("history.resolved")
                and (past or len(following.words) <= RESOLVED_REACH
                     or following.has("history.past")
                     or following.opens_with("history.resolved")))
            history = past or resolved
            # Even where the past counts, a crisis or an emergency that was long ago and is
            # over ("self-harmed years ago, but I've been fine for a long time") is not news.
            over = past and resolved
            # A crisis told as history and said to be over later in the message, not only in
            # the next sentence ("there was a time I didn't want to be here. That's long
            # gone, I've got a good team now"): over for the crisis rules (`crisis_over`).
            crisis_over = over or self._crisis_over(parsed, k, relapses)
            history = history or crisis_over
            # "last year I hurt my back and now both my legs are numb": what follows a turn
            # to the present is news, whatever came before it.
            news = self._news_after_history(clause) if history else None
            # "both legs weak since this morning, slipped disc last year": the history words
            # date something else, after news said as news.
            before = (self._news_before_history(clause)
                      if clause.has("history.past") and not resolved else None)
            # A rule fires only on a clause that has it among its candidates (`fires`).
            tried = clause.candidates
            for part in (news, before):
                if part is not None:
                    tried = tried | part.candidates
            for r in tried:
                rule = self.rules[r]
                if r in fired:
                    continue
                if (history and not rule.past_counts) or (
                        over and self.tiers[r] is not Tier.URGENT) or (
                        crisis_over and self.tiers[r] is Tier.CRISIS):
                    if not any(part is not None and part.fires(r, rule, context)
                               for part in (news, before)):
                        continue
                elif not clause.fires(r, rule, context) or (
                        following is not None and self._limited(following, r)) or (
                        preceding is not None and self._carried(preceding, clause, r)):
                    # "pain between my shoulder blades, but only after a long shift at the
                    # laptop": the clause after it explains an urgent sign (`_limited`); "my
                    # husband's snoring. It keeps me awake every night": the clause before it
                    # names what the sign is about (`_carried`).
                    continue
                if asks and not rule.questions_count:
                    asked.add(r)
                else:
                    fired.add(r)
        # "my left leg is numb. the right one too now", "need to go but nothing comes out":
        # a short clause that only continues the one before is read with it, too.
        for k in range(len(parsed) - 1):
            first, second = parsed[k], parsed[k + 1]
            if min(len(first.words), len(second.words)) > FOLLOW:
                continue
            joined = _joined(first, second)
            asks = first.asks(hypothetical) or second.asks(hypothetical)
            past = any(c.has("history.past") for c in (first, second, joined))
            resolved = any(c.has("history.resolved") for c in (first, second, joined))
            crisis_over = self._crisis_over(parsed, k, relapses)
            for r in joined.candidates:
                rule = self.rules[r]
                if r in fired or ((past or resolved) and not rule.past_counts) or (
                        past and resolved and self.tiers[r] is not Tier.URGENT) or (
                        crisis_over and self.tiers[r] is Tier.CRISIS):
                    continue
                if joined.fires(r, rule, context) and not (
                        k and self._carried(parsed[k - 1], joined, r)):
                    if asks and not rule.questions_count:
                        asked.add(r)
                    else:
                        fired.add(r)
        # "I used to self-harm at school, stopped years ago. Started again last week": a crisis
        # told as history, even one said to be over, is news when relapse words come after it
        # (later in its clause, or in a later one).
        if any(relapses):
            for k, clause in enumerate(parsed):
                told = [s for s, _ in clause.history()]
                if not told or not any(j > k or (j == k and s > min(told))
                                       for j, starts in enumerate(relapses) for s in starts):
                    continue
                for r in clause.candidates & self.crisis_rules:
                    if r not in fired and clause.fires(r, self.rules[r], context):
                        fired.add(r)
        # A confirmation counts where it says so, not in a clause that is itself
        # hypothetical ("how would I know if I had it?") or limits the symptom ("at the
        # moment it's just my right leg").
        if asked - fired and any(c.confirms() and not c.contrasts
                                 and not c.has("questions.hypothetical") for c in parsed):
            fired |= asked  # "is chest pain with back pain serious? I've got both now"
        findings = tuple(Finding(self.rules[r].name, self.tiers[r], self.rules[r].says)
                         for r in sorted(fired, key=lambda r: (SEVERITY[self.tiers[r]], r)))
        asks = not findings and (bool(asked) or warning_question)
        if not asks and self.nets:
            findings = self._learned(parsed, findings, relapses)
        return Assessment(findings, asks)

    def _limited(self, following: _Clause, r: int) -> bool:
        """Whether the clause after an urgent rule's sign opens by limiting it ("only after",
        "just when": `LIMITED`) to something the rule's `unless` or `not_when` names ("pain
        between my shoulder blades, but only after a long shift at the laptop"): then the
        sign is explained, as it would be in its own clause. An emergency or a crisis is
        never explained away so."""
        if self.tiers[r] is not Tier.URGENT:
            return False
        if not any(s <= OPENING and following.active((s, e))
                   for s, e in following.spans.get("c:" + LIMITED, ())):
            return False
        return any(following.active(span) for key in (self.unless_keys[r], self.not_when_keys[r])
                   for span in following.spans.get(key, ()))

    def _carried(self, preceding: _Clause, clause: _Clause, r: int) -> bool:
        """Whether an urgent rule's sign is said of what the clause before named: the clause
        opens with a pronoun (`PRONOUN_START`: "it's keeping me awake every night", "they're
        awful at night") and neither it nor the clause before names the back, and the clause
        before holds one of the rule's `not_when` phrases ("my husband's snoring", "hot flushes
        from the menopause"). An emergency or a crisis is never explained away so."""
        if self.tiers[r] is not Tier.URGENT:
            return False
        if not any(s <= OPENING for s, _ in clause.spans.get("c:" + PRONOUN_START, ())):
            return False
        if any("c:" + BACK in c.spans for c in (preceding, clause)):
            return False
        return any(preceding.active(span) and not preceding.simile(span)
                   for span in preceding.spans.get(self.not_when_keys[r], ()))

    def _context(self, parsed: list[_Clause], relapses: list[list[int]]) -> set[str]:
        """The `anywhere` concepts present somewhere in the message (`_Clause.present`; for
        the relapse words, where `relapses` found them): looked up through the words each
        clause has, since most clauses have none of them."""
        context = {RELAPSE} if RELAPSE in self.anywhere and any(relapses) else set()
        keys = self._context_keys
        for clause in parsed:
            for key in clause.spans:
                concept = keys.get(key)
                if concept is not None and concept not in context and clause.present(concept):
                    context.add(concept)
        return context

    def _ruled_out(self, clause: _Clause, tier: Tier, relapse: bool = False) -> bool:
        """Where the rules have already judged, a net does not overrule them: a `learned`
        `unless` phrase, an `unless` or `not_when` of one of the tier's rules ("the tablets
        saved my life", "numb after a long bike ride"), or history ("as a kid"), unless a
        later sentence says it happened again (`relapse`)."""
        spans = clause.spans
        return (f"l:{tier.value}" in spans
                or (not relapse and (clause.has("history.past")
                                     or clause.has("history.resolved")))
                or (tier is Tier.EMERGENCY and any(key in self.tier_senses[tier]
                                                   for key in spans)))

    def _mentions(self, clause: _Clause, tier: Tier,
                  claimed: frozenset[str] = frozenset()) -> bool:
        """Whether the clause has words of the concepts that are not another sense of them
        (touching an `unless` or `not_when` phrase of the tier's rules: "moving a chest into
        the loft", "wake up stiff"), nor words of the `claimed` concepts (those of the
        emergency rules that fired: "myself" in "I wet myself" is the bladder's, not a
        crisis's) and, for an emergency, not negated."""
        senses = self.tier_senses[tier]
        masks = [span for key, spans in clause.spans.items() if key in senses for span in spans]
        masks += [span for key in claimed for span in clause.spans.get(key, ())]
        concepts = self.net_concepts[tier]
        return any(
            not any(_overlaps(m, h) for m in masks)
            and (tier is not Tier.EMERGENCY or not clause.negated(h))
            for key, hits in clause.spans.items() if key in concepts for h in hits)

    def relapses(self, clause: _Clause) -> list[int]:
        """Where the clause's relapse words start ("started again", "the urges are back"),
        when they say something is back now: not negated ("never started again"), not
        followed by words that say it is over ("relapsed once but fine since"), and not about
        another subject named before them in the clause ("my back pain started again",
        "back to the gym": `relapse_other`, outside relapse and history words)."""
        spans = clause.spans.get("c:" + RELAPSE, ())
        if not spans:
            return []
        own = [*spans, *clause.history()]
        others = [o for o in clause.spans.get("c:" + RELAPSE_OTHER, ())
                  if not any(h[0] <= o[0] and o[1] <= h[1] for h in own)]
        over = [s for s, e in clause.spans.get("m:history.resolved", ())
                if clause.active((s, e))]
        return [s for s, e in spans
                if not clause.negated((s, e)) and not any(o >= e for o in over)
                and not any(o[0] < s for o in others)]

    def _crisis_over(self, parsed: list[_Clause], k: int, relapses: list[list[int]]) -> bool:
        """Whether clause `k` tells a crisis as history (`history.past` words, or
        `crisis_past`: "had suicidal thoughts", "was on suicide watch") that the message says
        is long over, in that clause or a later one (`crisis_over`: "had CBT and they've
        gone", "15 years later", "I'm 60 now"; with `history.past`, also "fine now"), and
        no relapse or "again" words come after it ("... fine now. Started again last week")."""
        def said(c: _Clause, concept: str) -> bool:  # not negated before ("ok" after is no
            return any(c.active(span) for span in c.spans.get("c:" + concept, ()))  # negation)

        clause = parsed[k]
        past = clause.has("history.past")
        if not past and not said(clause, CRISIS_PAST):
            return False
        if not any(said(c, CRISIS_OVER) or (past and c.has("history.resolved"))
                   for c in parsed[k:]):
            return False
        return not any(relapses[j] or (parsed[j].present("again_word")
                                       and not self._about_other(parsed[j]))
                       for j in range(k, len(parsed)))

    def _about_other(self, clause: _Clause) -> bool:
        """Whether the clause names another subject ("started physio again", "my back went
        again"), outside its history words: its "again" is about that."""
        history = clause.history()
        return any(not any(_overlaps(o, h) for h in history)
                   for o in clause.spans.get("c:" + RELAPSE_OTHER, ()))

    def _news_after_history(self, clause: _Clause) -> _Clause | None:
        """The words from a turn to the present ("now", "still", "just"...) after the last
        history words of the clause, when they say no history of their own."""
        ends = [e for _, e in clause.history()]
        if not ends:
            return None
        after = max(ends)
        turns = [s for s, _ in clause.spans.get("m:history.turn", ()) if s >= after]
        if not turns:
            return None
        news = _Clause(self, clause.words[min(turns):])
        if news.has("history.past") or news.has("history.resolved"):
            return None
        return news

    def _news_before_history(self, clause: _Clause) -> _Clause | None:
        """The words before the first history words of the clause, when they say in words
        of time that it is happening now ("weak since this morning", "today", "now"): then
        the history that follows ("slipped disc last year") dates something else. A clause
        said to be over ("fine now") is never read so (the caller checks)."""
        starts = [s for s, _ in clause.history()]
        if not starts:
            return None
        first = min(starts)
        if not any(e <= first and clause.active((s, e))
                   and not all(w in FILLERS for w in clause.words[s:e])
                   and clause.words[s] not in TIMELESS_TURNS
                   for s, e in clause.spans.get("m:history.turn", ())):
            return None
        return _Clause(self, clause.words[:first])

    def _learned(self, parsed: list[_Clause], findings: tuple[Finding, ...],
                 relapses: list[list[int]]) -> tuple[Finding, ...]:
        """The findings with the safety nets' added, where triage.yaml lets them speak:
        a tier the rules did not find, a message that mentions one of that tier's rules'
        concepts in their sense (for an emergency, says it: not negated; a person in crisis
        often negates: "I don't want to be here"), its score at the threshold, and no
        `unless` phrase. `relapses` holds each clause's relapse words, as the rules read
        them (`relapses`)."""
        found = {f.tier for f in findings}
        # The words a back emergency the rules found is said in are that emergency's: a
        # crisis net may not hear a crisis in them ("I wet myself last night").
        claimed = frozenset("c:" + c for f in findings if f.tier is Tier.EMERGENCY
                            for c in self.rule_concepts[self.rule_order[f.rule]])
        text = ""
        # "I haven't cut for three years, but last night I did it again": history followed
        # by a sentence of its own that says it is back does not silence the crisis net.
        history = [k for k, c in enumerate(parsed)
                   if c.has("history.past") or c.has("history.resolved")]
        again = bool(history) and any(
            k > history[0] and k not in history
            and (relapses[k] or (parsed[k].present("again_word")
                                 and not self._about_other(parsed[k])))
            for k in range(len(parsed)))
        for tier in (Tier.EMERGENCY, Tier.CRISIS):
            relapse = again and tier is Tier.CRISIS
            net, check = self.nets.get(tier.value), self.learned.get(tier.value)
            if net is None or check is None or tier in found:
                continue
            if any(self._ruled_out(clause, tier, relapse) for clause in parsed):
                continue
            if not any(self._mentions(clause, tier, claimed if tier is Tier.CRISIS
                                      else frozenset()) for clause in parsed):
                continue
            text = text or " ".join(w for clause in parsed for w in clause.words)
            if net.probability(text) >= check.threshold:
                found.add(tier)
                findings = (*findings, Finding(LEARNED_RULES[tier], tier, check.says))
        return tuple(sorted(findings, key=lambda f: SEVERITY[f.tier]))


def example_problems(content: Content, triager: Triager | None = None) -> list[Problem]:
    """Each rule's `examples` that do not fire it and `not` examples that do, read exactly as
    a real message is (folded, spelling-corrected clauses), and a safety net that does not
    reproduce its trainer's scores, as `file:line` problems.

    `triager` is the one the bot serves with, when it is built already (`run`): `assess` is
    a pure function, so checking on it is checking what is served, without building the
    rules' tables twice. The speller is always a fresh one: its memory of words read decides
    how many unknown words a message may still have corrected, and the examples must leave
    the served one as a first message finds it."""
    if triager is None:
        triager = Triager(content.triage)
    speller = Speller(content, triager.vocabulary())
    problems: list[Problem] = []
    # The safety nets' arithmetic must be the trainer's: their stored reference scores.
    for tier, check in content.triage.learned.items():
        problems.extend(Problem(content.triage.source, check.line, text)
                        for text in triager.nets[tier].reference_problems())
    for rule in content.triage.rules:
        for example in rule.examples:
            if not _fires(triager, speller, rule.name, example.text):
                problems.append(Problem(content.triage.source, example.line,
                                        f"rule '{rule.name}' does not fire on its example "
                                        f"'{example.text}'"))
        for example in rule.not_examples:
            if _fires(triager, speller, rule.name, example.text):
                problems.append(Problem(content.triage.source, example.line,
                                        f"rule '{rule.name}' fires on '{example.text}', "
                                        "which it must not"))
    return problems


def _fires(triager: Triager, speller: Speller, rule: str, text: str) -> bool:
    return any(f.rule == rule for f in triager.assess(speller.clauses(text)).findings)
