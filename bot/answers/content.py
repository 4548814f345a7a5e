"""Load the content folder (`responses/`) into frozen objects, or say exactly what is wrong.

Organisers who are not programmers edit these files, so loading is also validation: every
problem is collected (not just the first) and reported as `file:line: problem`, the way
`rasa data validate` does, and the bot refuses to start on content with any problem.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.answers import markup
from bot.answers.catalogue import EMERGENCY, FALLBACK, REQUIRED, TRIAGE_TOPICS, WARNING_SIGNS
from bot.answers.commands import PUBLIC
from bot.answers.normalise import fold as _fold
from bot.answers.normalise import words as _words
from bot.answers.yamlfile import LinedDict, LinedList, Problem, load

TELEGRAM_MAX = 4096
BUTTON_MAX = 40
BUNDLED = Path(__file__).resolve().parent.parent.parent / "responses"

# Interface strings the code uses; messages.yaml must define each, and nothing else.
MESSAGE_KEYS = frozenset({
    "help", "menu_prompt", "privacy", "forget_done", "non_text", "empty", "unknown_command",
    "error", "flood", "not_admin", "subscribed", "already_subscribed", "unsubscribed",
    "not_subscribed", "subscribe_cancelled", "button_confirm_subscribe",
    "button_confirm_unsubscribe", "button_cancel", "button_menu", "commands",
    "admin_broadcast_usage", "admin_broadcast_invalid", "admin_broadcast_preview",
    "admin_broadcast_progress", "admin_broadcast_done", "admin_broadcast_paused",
    "admin_broadcast_cancelled", "admin_broadcast_quiet", "admin_broadcast_running",
    "button_send", "triage_understood", "triage_also_emergency", "button_not_meant",
    "unsubscribe_kept", "forget_kept",
    "subscribe_unavailable", "your_id", "button_more", "button_sources", "sources_title",
    "button_helpful", "button_not_helpful", "vote_thanks", "vote_sorry",
})
PLAIN_MESSAGE_KEYS = frozenset(k for k in MESSAGE_KEYS if k.startswith("button_"))
# A topic id is used in deep links (/start <id>: letters, digits, _ and -, at most 64) and in
# button data ("topic:<id>", at most 64 bytes), so it is short and plain.
_TOPIC_ID = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
COMMAND_DESCRIPTION_MAX = 256  # Telegram's limit for setMyCommands
# Topics no example may pull a message into, and why (said by `check`).
NO_EXAMPLES = {
    FALLBACK: "it answers what matches nothing",
    **dict.fromkeys(TRIAGE_TOPICS, "it is a triage reply, sent only when triage rules find "
                    "symptoms in a message (questions about symptoms belong to "
                    "'warning_signs')"),
}


class ContentError(Exception):
    """Content that must not be served; `problems` holds every `file:line: problem`."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Source:
    name: str
    url: str


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    examples: tuple[str, ...]
    answer: str
    cautions: str
    related: tuple[str, ...]
    sources: tuple[Source, ...]
    menu: bool = True  # offered as a button in the topic menu (small talk and actions are not)
    # What "it" means in a short follow-up to this answer ("is it safe?"); "" when the id
    # says it ("painkillers").
    subject: str = ""
    # The rest of the answer, behind a "More" button, so the first message fits a phone screen.
    more: str = ""
    # Where the topic was read from, so later checks (reading level) can point at a line.
    file: str = ""
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))


class Phrase(tuple[str, ...]):
    """Words that must appear in a row; a word ending in `*` matches any word it begins.

    The tuple of words itself, not an object holding one: the triage rules hold some
    30,000 phrases, and a wrapper for each cost the bot 1.2 MB of its 100."""

    __slots__ = ()

    @property
    def words(self) -> tuple[str, ...]:
        return self

    @property
    def text(self) -> str:
        return " ".join(self)


class Phrases:
    """A list of phrases kept as written, patterns and all, and expanded each time it is read.

    The rules stand for some 88,000 phrases, but what runs is the trie the triager builds
    from them once: keeping every expanded tuple as well cost the bot 3.4 MB at 48,000. Only that
    build and the checks read the lists, so expanding again costs nothing that matters.
    """

    __slots__ = ("patterns", "size")

    def __init__(self, patterns: tuple[str, ...] = (), size: int = 0) -> None:
        self.patterns = patterns  # lower-case, each already checked to expand to words
        self.size = size  # how many phrases they stand for

    @classmethod
    def join(cls, lists: Iterable[Phrases]) -> Phrases:
        lists = list(lists)
        return cls(tuple(p for ps in lists for p in ps.patterns), sum(ps.size for ps in lists))

    def __iter__(self) -> Iterator[Phrase]:
        for pattern in self.patterns:
            for text in expand(pattern):
                # Interned: a few hundred words recur tens of thousands of times.
                yield Phrase(map(sys.intern, text.split()))

    def __len__(self) -> int:
        return self.size

    def __add__(self, other: Phrases) -> Phrases:
        return Phrases.join((self, other))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrases) and self.patterns == other.patterns

    def __hash__(self) -> int:
        return hash(self.patterns)

    def __repr__(self) -> str:
        return f"Phrases({self.patterns!r})"


NO_PHRASES = Phrases()


TIERS = TRIAGE_TOPICS  # a triage rule's tier names the topic that answers it
# A concept's name is used in rules' `when:` lines, so it is one plain word.
_CONCEPT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Concepts the triager reads by name, not through a rule (bot/answers/triage.py: a crisis
# told as past, and words saying it is long over; a clause limiting the sign before it; a
# clause opening with a pronoun).
ENGINE_CONCEPTS = frozenset({"crisis_past", "crisis_over", "limited_to", "pronoun_start"})
MIN_EXAMPLES = 8  # per rule, of messages that must fire it and of messages that must not
SAYS_MAX = 120


@dataclass(frozen=True)
class Example:
    """A message written beside a rule, and where: `check` reports a failing one by line."""

    text: str
    line: int


@dataclass(frozen=True)
class Condition:
    """One way a rule fires: every concept named, found in one clause. A concept in
    `negated` must be found negated ("haven't peed"): there the negation is the symptom.
    A concept in `anywhere` is context that may be in any clause of the message ("had
    acupuncture this morning. Now it hurts to breathe in")."""

    concepts: tuple[str, ...]
    negated: frozenset[str] = frozenset()
    anywhere: frozenset[str] = frozenset()
    # (a, b): b must come right after a ("burning then own_body": "burning his arms", not
    # "burning pain in my legs").
    adjacent: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TriageRule:
    """A named set of symptoms, its tier, and what the bot says it understood."""

    name: str
    tier: str  # one of TIERS
    says: str
    when: tuple[Condition, ...]
    unless: Phrases = NO_PHRASES
    not_when: Phrases = NO_PHRASES  # context that rules the whole sentence out
    past_counts: bool = False  # a symptom had in the past still counts (history of cancer)
    questions_count: bool = False  # asked about as a question, it still counts (crisis)
    examples: tuple[Example, ...] = ()
    not_examples: tuple[Example, ...] = ()
    line: int = 0


LEARNED_TIERS = ("crisis", "emergency")  # the tiers a safety net may be trained for


@dataclass(frozen=True)
class LearnedCheck:
    """When a tier's safety net (`bot.answers.learned`) may add a finding: its score at or
    over `threshold`, and none of the `unless` phrases ("don't want to be subscribed
    anymore": the bot's own messages) in the message."""

    tier: str
    threshold: float
    says: str
    unless: Phrases = NO_PHRASES
    context: frozenset[str] = frozenset()  # concepts that alone do not let the net speak
    line: int = 0


@dataclass(frozen=True)
class Triage:
    """`triage.yaml`: concepts, rules, and the markers that change what a phrase means.

    Every list of markers is a `Phrases` list; `marker(name)` gives one by its key in the
    file (`negation.before`, `questions.openers`...), so the detector reads them by name.
    """

    concepts: Mapping[str, Phrases]
    rules: tuple[TriageRule, ...]
    markers: Mapping[str, Phrases]
    negation_window: int = 4
    reach: int = 12  # at most this many words from the first to the last concept of a line
    linking_words: frozenset[str] = frozenset()
    spellings: frozenset[str] = frozenset()
    source: str = "responses/triage.yaml"
    learned: Mapping[str, LearnedCheck] = field(  # by tier
        default_factory=lambda: MappingProxyType({}))

    def marker(self, name: str) -> Phrases:
        return self.markers.get(name, NO_PHRASES)


# What content read for sending only holds instead of the rules: nothing, named so.
NO_TRIAGE = Triage(MappingProxyType({}), (), MappingProxyType({}), source="(not read)")

# The marker lists triage.yaml must give, by section; see the file's own comments.
TRIAGE_MARKERS: dict[str, tuple[str, ...]] = {
    "negation": ("before", "after", "not_negations", "stops", "contrast"),
    "history": ("past", "resolved", "turn"),
    "questions": ("skip", "openers", "asking", "hypothetical", "personal", "confirming",
                  "warning_signs"),
}


@dataclass(frozen=True, slots=True)
class Respelling:
    """One entry of `matching: spoken`: where `pattern` matches the folded text, it is read
    as `reads_as` (which may name the pattern's groups: `\\1`). The pattern is tried only
    when the text holds one of the `cues` (a substring search costs a fraction of a regular
    expression's), so every text it can match holds a cue."""

    cues: tuple[str, ...]
    pattern: re.Pattern[str]
    reads_as: str


@dataclass(frozen=True, slots=True)
class MatchingWords:
    """`vocabulary.yaml` `matching:`: the words the matcher's reading rules look for (what
    each list is for is said beside it in the file). Words as the bot reads them: folded,
    and as written (the matcher stems `acupuncture`, `to_us` and `follow_up_words` itself,
    as it does `domain`). Slots: the matcher reads these on every message."""

    needs: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    follow_up_topics: frozenset[str] = frozenset()
    follow_up_words: frozenset[str] = frozenset()
    spoken: tuple[Respelling, ...] = ()
    acupuncture: frozenset[str] = frozenset()
    safety: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    needled_places: frozenset[str] = frozenset()
    stretches: frozenset[str] = frozenset()
    torso: frozenset[str] = frozenset()
    needle_put: frozenset[str] = frozenset()
    needle_work: frozenset[tuple[str, ...]] = frozenset()
    errands: frozenset[tuple[str, ...]] = frozenset()
    goodbyes: frozenset[tuple[str, ...]] = frozenset()
    goodbye_before: frozenset[str] = frozenset()
    goodbye_after: frozenset[str] = frozenset()
    body_anchors: frozenset[str] = frozenset()
    back_returns: frozenset[str] = frozenset()
    back_owners: frozenset[str] = frozenset()
    building: frozenset[str] = frozenset()
    skin: frozenset[str] = frozenset()
    animals: frozenset[str] = frozenset()
    outings: frozenset[str] = frozenset()
    hind_legs: frozenset[str] = frozenset()
    hind_owners: frozenset[str] = frozenset()
    wished: frozenset[str] = frozenset()
    expecting: frozenset[str] = frozenset()
    baby_next: frozenset[str] = frozenset()
    baby_after_a: frozenset[str] = frozenset()
    to_us: frozenset[str] = frozenset()
    to_us_topics: frozenset[str] = frozenset()
    insults: frozenset[str] = frozenset()
    regain: frozenset[str] = frozenset()
    regained: frozenset[str] = frozenset()
    spined: frozenset[str] = frozenset()
    stretched: frozenset[str] = frozenset()
    medicines: frozenset[str] = frozenset()
    taking: frozenset[str] = frozenset()


# The lists of `matching:` that are plain words, and those that name topics; `needs`,
# `spoken`, `needle_work`, `errands` and `goodbyes` have shapes of their own.
MATCHING_WORD_LISTS = (
    "follow_up_words", "acupuncture", "safety", "places", "needled_places", "stretches",
    "torso", "needle_put", "body_anchors", "back_returns", "back_owners", "building", "skin",
    "animals", "outings", "hind_legs", "hind_owners", "wished", "expecting", "baby_next",
    "baby_after_a", "to_us", "insults", "regain", "regained",
    "spined", "stretched", "medicines", "taking", "goodbye_before", "goodbye_after")
MATCHING_TOPIC_LISTS = ("follow_up_topics", "to_us_topics")
MATCHING_KEYS = frozenset(
    {*MATCHING_WORD_LISTS, *MATCHING_TOPIC_LISTS, "needs", "spoken", "needle_work",
     "errands", "goodbyes"})


@dataclass(frozen=True)
class Vocabulary:
    stopwords: frozenset[str]
    synonyms: Mapping[str, str]
    out_of_scope: frozenset[str]
    in_scope_anchors: frozenset[str]
    generic: frozenset[str]
    domain: frozenset[str]
    decisive: Mapping[str, str]
    other_therapies: frozenset[str] = frozenset()
    # Words that say the back is fine now ("my back is much better, but my knee..."): a
    # sentence with one of them does not keep a question about another condition ours.
    settled: frozenset[str] = frozenset()
    matching: MatchingWords = MatchingWords()


@dataclass(frozen=True)
class MenuGroup:
    """One button of the menu's first screen, opening its topics in their order."""

    id: str
    title: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Content:
    folder: Path
    topics: Mapping[str, Topic]
    footer: str
    messages: Mapping[str, str]
    triage: Triage
    vocabulary: Vocabulary
    # Chat command -> its description in the command menu and /help (messages.yaml).
    commands: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # The menu's groups in order (`menu.yaml`); none: one flat menu of every topic.
    menu_groups: tuple[MenuGroup, ...] = ()

    def topic(self, topic_id: str) -> Topic:
        return self.topics[topic_id]

    def group_topics(self, group_id: str) -> tuple[Topic, ...]:
        """The topics of one menu group, in the order `menu.yaml` lists them."""
        group = next((g for g in self.menu_groups if g.id == group_id), None)
        return tuple(self.topics[t] for t in group.topics) if group else ()


def sources_line(topic: Topic) -> str:
    """The topic's sources as one line of links, or nothing when it names none."""
    if not topic.sources:
        return ""
    links = " · ".join(
        f'<a href="{markup.escape(s.url)}">{markup.escape(s.name)}</a>' for s in topic.sources
    )
    return f"📚 Sources: {links}"


def topic_body(topic: Topic) -> str:
    """The first message of a topic: its answer, then its cautions (the footer comes last).
    Sources and the rest of the answer are a button away, so this fits one phone screen and
    a warning is never pushed below it."""
    return "\n\n".join(p for p in (topic.answer, topic.cautions) if p)


def full_body(topic: Topic) -> str:
    """Everything a topic says in one message, for a broadcast (which has no buttons): the
    answer, the rest of it, its sources, its cautions. Loading measures it against
    Telegram's limit."""
    parts = [topic.answer, topic.more, sources_line(topic), topic.cautions]
    return "\n\n".join(p for p in parts if p)


def _pattern_word(word: str) -> bool:
    """A phrase's word: letters and digits, '#' for any digit, and '*' only at its end."""
    stem = word[:-1] if word.endswith("*") else word
    return bool(stem) and stem.replace("#", "0").isalnum() and (
        stem.isascii() or _words(_fold(stem)) == [stem])  # or Arabic script, already folded


# A phrase may be written as a pattern: "all (my|her) (pills|tablets)" stands for every way
# of choosing one alternative of each group, "(the |)last time" for "the last time" and
# "last time". The text is put together letter for letter, then split into words at spaces,
# so spaces next to a group matter only where they part two words ("tablet(s|)" is
# "tablets" and "tablet"). Groups may nest. Expanded once, at load: the matcher sees only
# plain phrases. `check` refuses unbalanced parentheses, '|' outside a group, and a pattern
# of more than MAX_EXPANSION phrases (a list nobody could review).
MAX_EXPANSION = 2000
_PATTERN_MARKS = frozenset("()|")


class PatternError(ValueError):
    """A phrase pattern that cannot be expanded; the message says why."""


def expand(pattern: str, limit: int = MAX_EXPANSION) -> list[str]:
    """Every text `pattern` stands for, in order (the first group varies slowest); a text
    without parentheses is itself. Raise `PatternError` when it is malformed or stands for
    more than `limit` texts."""
    if _PATTERN_MARKS.isdisjoint(pattern):
        return [pattern]
    texts, end = _sequence(pattern, 0, limit)
    if end < len(pattern):
        raise PatternError("')' without its '('" if pattern[end] == ")"
                           else "'|' outside parentheses")
    return texts


def _sequence(pattern: str, at: int, limit: int) -> tuple[list[str], int]:
    """The texts of the pattern from `at` up to the next ')' or '|' of its level (or its
    end), and where that stopped."""
    texts = [""]
    while at < len(pattern) and pattern[at] not in ")|":
        if pattern[at] == "(":
            options, at = _group(pattern, at + 1, limit)
        else:
            end = at
            while end < len(pattern) and pattern[end] not in "()|":
                end += 1
            options, at = [pattern[at:end]], end
        if len(texts) * len(options) > limit:
            raise PatternError(f"stands for more than {limit} phrases; split it")
        texts = [text + option for text in texts for option in options]
    return texts, at


def _group(pattern: str, at: int, limit: int) -> tuple[list[str], int]:
    """The alternatives of the group whose '(' is just before `at`, and where it ends."""
    options: list[str] = []
    while True:
        texts, at = _sequence(pattern, at, limit)
        options.extend(texts)
        if len(options) > limit:
            raise PatternError(f"stands for more than {limit} phrases; split it")
        if at >= len(pattern):
            raise PatternError("'(' without its ')'")
        at += 1
        if pattern[at - 1] == ")":
            return options, at


def _read_word(word: str) -> bool:
    """Whether a word is written as the bot reads it: folded, one word ("dont")."""
    return _words(_fold(word)) == [word]


def default_folder() -> Path:
    """`RESPONSES_DIR` when set (an organiser's own copy), else the bundled `responses/`."""
    configured = os.environ.get("RESPONSES_DIR")
    return Path(configured) if configured else BUNDLED


def load_content(folder: Path | None = None) -> Content:
    """Load and validate a content folder; raise `ContentError` listing every problem."""
    folder = Path(folder) if folder else default_folder()
    reader = Reader(folder)
    content = reader.read()
    if content is None or reader.problems:
        raise ContentError(reader.problems)
    return content


def topic_titles(folder: Path | None = None) -> dict[str, str]:
    """Each topic's id and title, read without building the triage rules or the matcher.

    The campaign report only names topics; loading all the content would cost it about two
    seconds of CPU. A broken topic file is `check`'s business, not the report's: what can be
    read is returned, and a topic left out is shown by its id.
    """
    reader = Reader(Path(folder) if folder else default_folder())
    return {topic.id: topic.title for topic in reader.read_topics().values()}


class Reader:
    """Collects problems while reading, so one `check` run reports all of them.

    Public because other content files (the campaign plan) are read with the same rules
    and reported in the same list.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        self.unreadable: set[Path] = set()  # files that exist but did not parse
        self.footer_length = 0
        self.topics: dict[str, Topic] = {}  # what was read, even when there are problems
        self.concepts_named: set[str] = set()  # triage concepts named in rules' exceptions

    def problem(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, message))

    def label(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.folder.parent))
        except ValueError:
            return str(path)

    def file(self, name: str, required: bool = True) -> tuple[str, Any]:
        path = self.folder / name
        label = self.label(path)
        if not path.is_file():
            if required:
                self.problem(label, 1, "file is missing")
            return label, None
        try:
            return label, load(path, label, self.problems)
        except Problem as exc:
            self.problems.append(exc)
            self.unreadable.add(path)
            return label, None

    def mapping(self, label: str, data: Any, line: int, required: set[str],
                optional: set[str] = frozenset()) -> LinedDict | None:  # type: ignore[assignment]
        if not isinstance(data, LinedDict):
            self.problem(label, getattr(data, "line", line), "expected a mapping of key: value")
            return None
        for key in sorted(required - data.keys()):
            self.problem(label, data.line, f"missing key '{key}'")
        for key in sorted(data.keys() - required - optional):
            self.problem(label, data.line_of(key), f"unknown key '{key}'"
                         f" (expected: {', '.join(sorted(required | optional))})")
        return data

    def text(self, label: str, data: LinedDict, key: str, html: bool, allow_empty: bool = False,
             max_len: int | None = None) -> str:
        value = data.get(key)
        line = data.line_of(key)
        if value is None and allow_empty:
            return ""
        if not isinstance(value, str) or (not value.strip() and not allow_empty):
            self.problem(label, line, f"'{key}' must be non-empty text")
            return ""
        value = value.strip()
        if html:
            for message in markup.problems(value):
                self.problem(label, line, f"'{key}': {message}")
        elif "<" in value or ">" in value:
            self.problem(label, line, f"'{key}' is plain text: no tags or < >")
        if max_len and len(value) > max_len:
            self.problem(label, line, f"'{key}' is {len(value)} characters; at most {max_len}")
        return value

    def strings(self, label: str, data: LinedDict, key: str) -> tuple[str, ...]:
        return tuple(text for text, _ in self.lined_strings(label, data, key))

    def lined_strings(self, label: str, data: LinedDict, key: str,
                      where: str = "") -> list[tuple[str, int]]:
        """A list's text items with their lines (none when absent); a problem, prefixed by
        `where` the list sits, for anything else."""
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, LinedList):
            self.problem(label, data.line_of(key), f"{where}'{key}' must be a list")
            return []
        out = []
        for item, line in zip(value, value.item_lines):
            if not isinstance(item, str) or not item.strip():
                self.problem(label, line, f"{where}'{key}' items must be non-empty text")
            else:
                out.append((item.strip(), line))
        return out

    def read(self, triage: bool = True) -> Content | None:
        """Everything, or with `triage=False` everything but the triage rules (`NO_TRIAGE`):
        for a command that only sends (a broadcast), which would spend a tenth of a second
        of its start-up reading rules it never runs. Such content must never answer anyone."""
        if not self.folder.is_dir():
            self.problem(str(self.folder), 1, "content folder not found")
            return None
        footer = self.read_footer()  # first: every length check below includes it
        self.footer_length = markup.visible_length(footer) + 2
        topics = self.topics = self.read_topics()
        messages, commands = self.read_messages()
        rules = self.read_triage() if triage else NO_TRIAGE
        vocabulary = self.read_vocabulary()
        groups = self.read_menu(topics)
        if EMERGENCY not in topics and not self.problems:
            self.problem(self.label(self.folder / "topics"), 1, "the emergency topic is required")
        if self.problems:
            return None
        return Content(self.folder, MappingProxyType(topics), footer,
                       MappingProxyType(messages), rules, vocabulary,
                       MappingProxyType(commands), groups)

    # -- menu.yaml --------------------------------------------------------------------------

    def read_menu(self, topics: Mapping[str, Topic]) -> tuple[MenuGroup, ...]:
        """The optional menu groups. With them, every menu topic but the warning signs (on
        the first screen itself) is in exactly one group, and no group is empty: a topic
        nobody can reach from the menu, or a group that opens nothing, is a mistake."""
        label, data = self.file("menu.yaml", required=False)
        if data is None:
            return ()
        data = self.mapping(label, data, 1, {"groups"})
        value = data.get("groups") if data is not None else None
        if not isinstance(value, LinedList) or not value:
            self.problem(label, 1, "'groups' must be a non-empty list of {id, title, topics}")
            return ()
        groups: list[MenuGroup] = []
        listed: dict[str, str] = {}
        for item in value:
            item = self.mapping(label, item, value.line, {"id", "title", "topics"})
            if item is None:
                continue
            group_id = item.get("id")
            if not isinstance(group_id, str) or not _TOPIC_ID.match(group_id):
                self.problem(label, item.line_of("id"), "a group 'id' is lower-case letters, "
                             "digits and _ (it goes in button data)")
                continue
            if any(g.id == group_id for g in groups):
                self.problem(label, item.line_of("id"), f"group '{group_id}' is defined twice")
                continue
            members = self.strings(label, item, "topics")
            lines = getattr(item.get("topics"), "item_lines", [])
            unreadable = {path.stem for path in self.unreadable}  # already reported
            for topic_id, line in zip(members, lines):
                if topic_id in unreadable:
                    continue
                if topic_id not in topics:
                    self.problem(label, line, f"no topic is called '{topic_id}'")
                elif not topics[topic_id].menu:
                    self.problem(label, line, f"'{topic_id}' has `menu: false`")
                elif topic_id in listed:
                    self.problem(label, line, f"'{topic_id}' is also in group "
                                 f"'{listed[topic_id]}': one place in the menu")
                listed.setdefault(topic_id, group_id)
            if not members:
                self.problem(label, item.line_of("topics"), f"group '{group_id}' has no topic")
            groups.append(MenuGroup(group_id, self.text(label, item, "title", html=False,
                                                        max_len=BUTTON_MAX), members))
        for topic in topics.values():
            if topic.menu and topic.id not in listed and topic.id != WARNING_SIGNS:
                self.problem(label, 1, f"'{topic.id}' is in no group: list it under one, or "
                             "give it `menu: false` in its own file")
        return tuple(groups)

    def check_length(self, label: str, line: int, what: str, body: str) -> None:
        """Telegram refuses a message over 4096 characters: measure with the footer."""
        length = markup.visible_length(body) + self.footer_length
        if length > TELEGRAM_MAX:
            self.problem(label, line, f"{what} is {length} characters with its footer; "
                         f"Telegram allows {TELEGRAM_MAX}")

    # -- topics ---------------------------------------------------------------------------

    def read_topics(self) -> dict[str, Topic]:
        topics: dict[str, Topic] = {}
        where: dict[str, tuple[str, int]] = {}
        related_refs: list[tuple[str, int, str]] = []
        seen_examples: dict[str, tuple[str, str]] = {}
        folder = self.folder / "topics"
        paths = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
        broken: set[str] = set()
        for path in paths:
            label, data = self.file(f"topics/{path.name}")
            if data is None:
                if path in self.unreadable:
                    broken.add(path.stem)  # reported once, as its syntax error
                continue
            data = self.mapping(label, data, 1,
                                {"id", "title", "examples", "answer", "related", "sources"},
                                {"cautions", "menu", "more", "subject"})
            if data is None:
                continue
            topic_id = data.get("id")
            if not isinstance(topic_id, str) or not topic_id:
                self.problem(label, data.line_of("id"), "'id' must be a topic id")
                continue
            if not _TOPIC_ID.match(topic_id):
                self.problem(label, data.line_of("id"), f"topic id '{topic_id}' must be "
                             "lower-case letters, digits and _, starting with a letter (it is "
                             "used in links and buttons)")
            if topic_id in where:
                other, other_line = where[topic_id]
                self.problem(label, data.line_of("id"),
                             f"duplicate id '{topic_id}' (also {other}:{other_line})")
                continue
            if path.stem != topic_id:
                self.problem(label, data.line_of("id"),
                             f"id '{topic_id}' differs from the file name '{path.stem}'")
            where[topic_id] = (label, data.line_of("id"))
            examples = self.strings(label, data, "examples")
            ex_lines = getattr(data.get("examples"), "item_lines", [])
            if topic_id not in NO_EXAMPLES and len(examples) < 3:
                self.problem(label, data.line_of("examples"), "give at least 3 examples")
            if topic_id in NO_EXAMPLES and examples:
                self.problem(label, data.line_of("examples"), f"'{topic_id}' takes no examples: "
                             f"{NO_EXAMPLES[topic_id]}")
            for example, line in zip(examples, ex_lines):
                key = " ".join(example.lower().split())  # case and spacing do not count
                if key in seen_examples and seen_examples[key][0] != label:
                    self.problem(label, line, f"example '{example}' is also in "
                                 f"{seen_examples[key][0]}: one question, one topic")
                elif key in seen_examples:
                    self.problem(label, line, f"example '{example}' is repeated")
                seen_examples[key] = (label, topic_id)
            related = self.strings(label, data, "related")
            rel_lines = getattr(data.get("related"), "item_lines", [])
            related_refs.extend((label, line, r) for r, line in zip(related, rel_lines))
            topic = Topic(
                id=topic_id,
                title=self.text(label, data, "title", html=False, max_len=BUTTON_MAX),
                examples=examples,
                answer=self.text(label, data, "answer", html=True),
                cautions=self.text(label, data, "cautions", html=True, allow_empty=True),
                related=related,
                sources=self.read_sources(label, data),
                menu=self.flag(label, data, "menu", default=True),
                more=self.text(label, data, "more", html=True, allow_empty=True),
                subject=self.text(label, data, "subject", html=False, allow_empty=True),
                file=label,
                lines=MappingProxyType({key: data.line_of(key) for key in data}),
            )
            self.check_length(label, data.line_of("answer"), "the whole topic", full_body(topic))
            topics[topic_id] = topic
        if not paths:
            self.problem(self.label(folder), 1, "no topic files (*.yaml) found")
        for topic_id, why in REQUIRED.items():
            if paths and topic_id not in topics and topic_id not in where \
                    and topic_id not in broken:
                self.problem(self.label(folder / f"{topic_id}.yaml"), 1,
                             f"topic '{topic_id}' is required ({why}) but has no file")
        for label, line, ref in related_refs:
            if ref not in where and ref not in broken:
                self.problem(label, line, f"related topic '{ref}' does not exist")
        return topics

    def read_sources(self, label: str, data: LinedDict) -> tuple[Source, ...]:
        value = data.get("sources")
        if value is None or value == []:
            return ()
        if not isinstance(value, LinedList):
            self.problem(label, data.line_of("sources"), "'sources' must be a list")
            return ()
        sources = []
        for item in value:
            item = self.mapping(label, item, value.line, {"name", "url"})
            if item is None:
                continue
            name = self.text(label, item, "name", html=False)
            url = self.text(label, item, "url", html=False)
            if url and not url.startswith(("https://", "http://")):
                self.problem(label, item.line_of("url"), "'url' must start with https://")
            sources.append(Source(name, url))
        return tuple(sources)

    # -- other files ----------------------------------------------------------------------

    def read_footer(self) -> str:
        label, data = self.file("safety.yaml")
        data = self.mapping(label, data, 1, {"footer"}) if data is not None else None
        return self.text(label, data, "footer", html=True, max_len=600) if data else ""

    def read_messages(self) -> tuple[dict[str, str], dict[str, str]]:
        """Interface texts, and the chat commands' descriptions (`commands:`)."""
        label, data = self.file("messages.yaml")
        data = self.mapping(label, data, 1, set(MESSAGE_KEYS)) if data is not None else None
        if data is None:
            return {}, {}
        messages = {key: self.text(label, data, key, html=key not in PLAIN_MESSAGE_KEYS,
                                   max_len=BUTTON_MAX if key in PLAIN_MESSAGE_KEYS else None)
                    for key in MESSAGE_KEYS - {"commands"} if key in data}
        for key, text in messages.items():
            if key not in PLAIN_MESSAGE_KEYS:
                self.check_length(label, data.line_of(key), f"'{key}'", text)
        if "help" in messages and "{commands}" not in messages["help"]:
            self.problem(label, data.line_of("help"), "'help' must contain {commands}, where "
                         "the list of commands goes")
        return messages, self.read_commands(label, data)

    def read_commands(self, label: str, data: LinedDict) -> dict[str, str]:
        """One description per public chat command: the bot's command menu and /help."""
        value = data.get("commands")
        line = data.line_of("commands")
        expected = [c.name for c in PUBLIC]
        if not isinstance(value, LinedDict):
            self.problem(label, line, "'commands' must map each command to its description: "
                         + ", ".join(expected))
            return {}
        for name in sorted(value.keys() - set(expected)):
            self.problem(label, value.line_of(name), f"commands: '{name}' is not a command "
                         f"(expected: {', '.join(expected)})")
        for name in expected:
            if name not in value:
                self.problem(label, line, f"commands: '{name}' needs a description")
        return {name: self.text(label, value, name, html=False,
                                max_len=COMMAND_DESCRIPTION_MAX)
                for name in expected if name in value}

    def flag(self, label: str, data: LinedDict, key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem(label, data.line_of(key), f"'{key}' must be true or false")
            return default
        return value

    def phrases(self, label: str, value: Any, line: int, what: str) -> Phrases:
        if not isinstance(value, LinedList) or not value:
            self.problem(label, getattr(value, "line", line), f"{what} must be a non-empty list")
            return NO_PHRASES
        patterns, size = [], 0
        for item, item_line in zip(value, value.item_lines):
            pattern = str(item).lower() if isinstance(item, (str, int)) else ""
            try:
                texts = expand(pattern)
            except PatternError as exc:
                self.problem(label, item_line, f"{what}: '{item}': {exc}")
                continue
            for text in texts:
                words = text.split()
                if not words or not all(map(_pattern_word, words)):
                    shown = f"'{item}' gives '{text.strip()}', which" if len(texts) > 1 \
                        else f"'{item}'"
                    self.problem(label, item_line, f"{what}: {shown} must be words (letters "
                                 "or digits; '*' at a word's end matches any ending, '#' any "
                                 "digit)")
                    break
            else:
                patterns.append(pattern)
                size += len(texts)
        return Phrases(tuple(patterns), size)

    # -- triage.yaml ----------------------------------------------------------------------

    def read_triage(self) -> Triage:
        """Concepts, markers and rules; every rule's structure and names are checked here,
        and its examples are run by `bot.answers.triage.example_problems`."""
        label, data = self.file("triage.yaml")
        empty = Triage(MappingProxyType({}), (), MappingProxyType({}), source=label)
        data = self.mapping(label, data, 1, {"negation", "history", "questions", "reach",
                                             "concepts", "rules"}, {"spellings", "learned"}) \
            if data is not None else None
        if data is None:
            return empty
        markers: dict[str, Phrases] = {}
        window, linking = 4, frozenset[str]()
        for section, keys in TRIAGE_MARKERS.items():
            extra = {"window", "linking"} if section == "negation" else set()
            part = self.mapping(label, data.get(section), data.line_of(section), set(keys) | extra)
            if part is None:
                continue
            for key in keys:
                if key in part:
                    markers[f"{section}.{key}"] = self.phrases(
                        label, part[key], part.line_of(key), f"{section}: {key}")
            if section == "negation":
                window = part.get("window", window)
                if not isinstance(window, int) or isinstance(window, bool) \
                        or not 1 <= window <= 10:
                    self.problem(label, part.line_of("window"),
                                 "negation: 'window' must be a whole number from 1 to 10")
                    window = 4
                linking = frozenset(w.lower() for w in self.strings(label, part, "linking"))
                if not linking:
                    self.problem(label, part.line_of("linking"),
                                 "negation: 'linking' must be a non-empty list of words")
        reach = data.get("reach")
        if not isinstance(reach, int) or isinstance(reach, bool) or not 2 <= reach <= 50:
            self.problem(label, data.line_of("reach"),
                         "'reach' must be a whole number of words from 2 to 50")
            reach = 12
        concepts = self.read_concepts(label, data)
        self.concepts_named.clear()
        rules = self.read_rules(label, data, concepts)
        used = {c for rule in rules for cond in rule.when for c in cond.concepts}
        used |= self.concepts_named | ENGINE_CONCEPTS
        concepts_data = data.get("concepts")
        if isinstance(concepts_data, LinedDict):
            for name in concepts_data:
                if name in concepts and name not in used:
                    self.problem(label, concepts_data.line_of(name),
                                 f"concept '{name}' is used by no rule")
        spellings = frozenset(w.lower() for w in self.strings(label, data, "spellings"))
        for word in sorted(spellings):
            if not word.isalpha():
                self.problem(label, data.line_of("spellings"),
                             f"spellings: '{word}' must be one word of letters")
        return Triage(MappingProxyType(concepts), tuple(rules), MappingProxyType(markers),
                      window, reach, linking, spellings, label,
                      self.read_learned(label, data, concepts))

    def read_learned(self, label: str, data: LinedDict,
                     concepts: Mapping[str, Phrases]) -> Mapping[str, LearnedCheck]:
        """The optional `learned` section: when each safety net may speak."""
        checks: dict[str, LearnedCheck] = {}
        if "learned" not in data:
            return MappingProxyType(checks)
        section = self.mapping(label, data.get("learned"), data.line_of("learned"), set(),
                               set(LEARNED_TIERS))
        for tier in LEARNED_TIERS if section is not None else ():
            assert section is not None
            if tier not in section:
                continue
            item = self.mapping(label, section.get(tier), section.line_of(tier),
                                {"threshold", "says"}, {"unless", "context"})
            if item is None:
                continue
            threshold = item.get("threshold")
            if not isinstance(threshold, float) or not 0.5 <= threshold < 1.0:
                self.problem(label, item.line_of("threshold"),
                             f"learned: {tier}: 'threshold' must be a number from 0.5 to 0.99")
                threshold = 0.9
            unless = self.phrases(label, item["unless"], item.line_of("unless"),
                                  f"learned: {tier}: unless") if "unless" in item \
                else NO_PHRASES
            context = frozenset(self.strings(label, item, "context"))
            for name in sorted(context - concepts.keys()):
                self.problem(label, item.line_of("context"),
                             f"learned: {tier}: context: no concept is named '{name}'")
            checks[tier] = LearnedCheck(tier, threshold, self.text(
                label, item, "says", html=False, max_len=SAYS_MAX), unless, context, item.line)
        return MappingProxyType(checks)

    def read_concepts(self, label: str, data: LinedDict) -> dict[str, Phrases]:
        value = data.get("concepts")
        if not isinstance(value, LinedDict) or not value:
            self.problem(label, data.line_of("concepts"),
                         "'concepts' must map each concept's name to its phrases")
            return {}
        concepts: dict[str, Phrases] = {}
        for name, phrases in value.items():
            if not _CONCEPT_NAME.match(name):
                self.problem(label, value.line_of(name), f"concept name '{name}' must be "
                             "lower-case letters, digits and _, starting with a letter")
                continue
            concepts[name] = self.phrases(label, phrases, value.line_of(name),
                                          f"concept '{name}'")
        return concepts

    def read_rules(self, label: str, data: LinedDict,
                   concepts: dict[str, Phrases]) -> list[TriageRule]:
        value = data.get("rules")
        if not isinstance(value, LinedList) or not value:
            self.problem(label, data.line_of("rules"), "'rules' must be a non-empty list")
            return []
        rules: list[TriageRule] = []
        names: dict[str, int] = {}
        for item in value:
            item = self.mapping(label, item, value.line,
                                {"name", "tier", "says", "when", "examples", "not"},
                                {"unless", "not_when", "past_counts", "questions_count"})
            if item is None:
                continue
            name = self.text(label, item, "name", html=False)
            if name in names:
                self.problem(label, item.line_of("name"),
                             f"rule '{name}' is named twice (also line {names[name]})")
            names[name] = item.line_of("name")
            tier = item.get("tier")
            if tier not in TIERS:
                self.problem(label, item.line_of("tier"), f"rule '{name}': 'tier' must be one "
                             f"of {', '.join(TIERS)}")
            unless, not_when = (self.rule_phrases(label, item, key, name, concepts)
                                for key in ("unless", "not_when"))
            rules.append(TriageRule(
                name=name,
                tier=str(tier),
                says=self.text(label, item, "says", html=False, max_len=SAYS_MAX),
                when=self.read_when(label, item, name, concepts),
                unless=unless,
                not_when=not_when,
                past_counts=self.flag(label, item, "past_counts", default=False),
                questions_count=self.flag(label, item, "questions_count", default=False),
                examples=self.examples(label, item, "examples", name),
                not_examples=self.examples(label, item, "not", name),
                line=item.line,
            ))
        return rules

    def rule_phrases(self, label: str, item: LinedDict, key: str, name: str,
                     concepts: dict[str, Phrases]) -> Phrases:
        """A rule's `unless` or `not_when`: phrases, where a concept's name stands for all
        of its phrases."""
        if key not in item:
            return NO_PHRASES
        value = item[key]
        named = NO_PHRASES
        if isinstance(value, LinedList):
            names = [v for v in value if isinstance(v, str) and v.strip() in concepts]
            self.concepts_named.update(n.strip() for n in names)
            named = Phrases.join(concepts[n.strip()] for n in names)
            rest = LinedList(v for v in value if v not in names)
            rest.line, rest.item_lines = value.line, [
                line for v, line in zip(value, value.item_lines) if v not in names]
            if not rest:
                return named
            value = rest
        return named + self.phrases(label, value, item.line_of(key), f"rule '{name}': {key}")

    def read_when(self, label: str, item: LinedDict, name: str,
                  concepts: dict[str, Phrases]) -> tuple[Condition, ...]:
        """`when:` lines like "loss + bladder", "not peeing", "breathing + acupuncture
        anywhere" or "harm_verb then own_body"; every name must exist."""
        value = item.get("when")
        if not isinstance(value, LinedList) or not value:
            self.problem(label, item.line_of("when"), f"rule '{name}': 'when' must list one "
                         "or more lines of concepts joined by +")
            return ()
        out = []
        for line_text, line in zip(value, value.item_lines):
            parts = [p.strip().lower() for p in str(line_text).split("+")] \
                if isinstance(line_text, str) else []
            names, negated, anywhere = [], set(), set()
            adjacent: list[tuple[str, str]] = []
            for chain in list(parts):
                # "a then b": b right after a, as two concepts of the line.
                links = [c.strip() for c in chain.split(" then ")]
                if len(links) > 1:
                    parts.remove(chain)
                    parts.extend(links)
                    adjacent.extend(zip(links, links[1:]))
            for part in parts:
                concept = part.removeprefix("not ").strip()
                if concept != part:
                    negated.add(concept)
                if concept.endswith(" anywhere"):
                    concept = concept.removesuffix(" anywhere").strip()
                    anywhere.add(concept)
                if concept not in concepts:
                    self.problem(label, line, f"rule '{name}': unknown concept '{concept}'" if
                                 concept else f"rule '{name}': an empty part in '{line_text}'")
                names.append(concept)
            if not parts:
                self.problem(label, line, f"rule '{name}': each 'when' line must be text")
            elif len(set(names)) != len(names):
                self.problem(label, line, f"rule '{name}': a concept is named twice in "
                             f"'{line_text}'")
            elif len(anywhere) == len(names):
                self.problem(label, line, f"rule '{name}': '{line_text}' needs one concept "
                             "that is not 'anywhere', to say which sentence reports it")
            elif negated & anywhere or anywhere & {c for pair in adjacent for c in pair}:
                self.problem(label, line, f"rule '{name}': an 'anywhere' concept cannot also be "
                             f"'not' or joined by 'then' in '{line_text}'")
            else:
                out.append(Condition(tuple(names), frozenset(negated), frozenset(anywhere),
                                     tuple(adjacent)))
        return tuple(out)

    def examples(self, label: str, item: LinedDict, key: str, name: str) -> tuple[Example, ...]:
        """A rule's `examples` or `not`: at least MIN_EXAMPLES distinct messages, each kept
        with its line so that `check` can point at the one that fails."""
        value = item.get(key)
        what = "messages that must fire it" if key == "examples" else \
            "messages that must not fire it"
        if not isinstance(value, LinedList):
            self.problem(label, item.line_of(key), f"rule '{name}': '{key}' must be a list of "
                         f"{what}")
            return ()
        out: list[Example] = []
        seen: set[str] = set()
        for text, line in zip(value, value.item_lines):
            if not isinstance(text, str) or not text.strip():
                self.problem(label, line, f"rule '{name}': '{key}' items must be non-empty text")
                continue
            folded = " ".join(text.lower().split())
            if folded in seen:
                self.problem(label, line, f"rule '{name}': '{text.strip()}' is repeated in "
                             f"'{key}'")
            seen.add(folded)
            out.append(Example(text.strip(), line))
        if len(out) < MIN_EXAMPLES:
            self.problem(label, item.line_of(key), f"rule '{name}': '{key}' needs at least "
                         f"{MIN_EXAMPLES} {what}; it has {len(out)}")
        return tuple(out)

    def read_vocabulary(self) -> Vocabulary:
        label, data = self.file("vocabulary.yaml")
        empty = Vocabulary(frozenset(), MappingProxyType({}), frozenset(), frozenset(),
                           frozenset(), frozenset(), MappingProxyType({}))
        data = self.mapping(label, data, 1, {"stopwords", "synonyms", "out_of_scope",
                                             "in_scope_anchors", "generic", "domain",
                                             "matching"},
                            {"decisive", "other_therapies", "settled"}) \
            if data is not None else None
        if data is None:
            return empty
        synonyms = data.get("synonyms")
        if not isinstance(synonyms, LinedDict):
            self.problem(label, data.line_of("synonyms"),
                         "'synonyms' must map a word to the word(s) it means")
            synonyms = LinedDict()
        clean: dict[str, str] = {}
        for key, value in synonyms.items():
            if not isinstance(value, str) or not value.strip() or " " in key.strip():
                self.problem(label, synonyms.line_of(key),
                             f"synonym '{key}' must be one word mapped to text")
            else:
                clean[key.strip().lower()] = value.strip().lower()
        decisive = data.get("decisive", LinedDict())
        if not isinstance(decisive, LinedDict):
            self.problem(label, data.line_of("decisive"),
                         "'decisive' must map a word to a topic id")
            decisive = LinedDict()
        for word, topic_id in decisive.items():
            if topic_id not in self.topics:
                self.problem(label, decisive.line_of(word),
                             f"decisive word '{word}' names unknown topic '{topic_id}'")
        return Vocabulary(
            decisive=MappingProxyType({str(k).lower(): str(v) for k, v in decisive.items()}),
            stopwords=frozenset(w.lower() for w in self.strings(label, data, "stopwords")),
            synonyms=MappingProxyType(clean),
            out_of_scope=frozenset(w.lower() for w in self.strings(label, data, "out_of_scope")),
            in_scope_anchors=frozenset(
                w.lower() for w in self.strings(label, data, "in_scope_anchors")),
            generic=frozenset(w.lower() for w in self.strings(label, data, "generic")),
            domain=frozenset(w.lower() for w in self.strings(label, data, "domain")),
            other_therapies=frozenset(
                w.lower() for w in self.strings(label, data, "other_therapies")),
            settled=frozenset(w.lower() for w in self.strings(label, data, "settled")),
            matching=self.read_matching(label, data),
        )

    def read_matching(self, label: str, data: LinedDict) -> MatchingWords:
        """`matching:`, the matcher's word lists: every list is required (an empty one turns
        its rule off), each word one word as the bot reads it, each topic a topic."""
        part = self.mapping(label, data.get("matching"), data.line_of("matching"),
                            set(MATCHING_KEYS))
        if part is None:
            return MatchingWords()
        lists: dict[str, Any] = {key: self.matching_words(label, part, key)
                                 for key in MATCHING_WORD_LISTS}
        lists.update({key: self.matching_topics(label, part, key)
                      for key in MATCHING_TOPIC_LISTS})
        needs: dict[str, frozenset[str]] = {}
        value = part.get("needs")
        if "needs" in part and not isinstance(value, LinedDict):
            self.problem(label, part.line_of("needs"),
                         "matching: 'needs' must map a topic id to the words it needs")
        elif isinstance(value, LinedDict):
            for topic_id in value:
                if topic_id not in self.topics:
                    self.problem(label, value.line_of(topic_id),
                                 f"matching: needs: no topic is called '{topic_id}'")
                needs[topic_id] = self.matching_words(label, value, topic_id, "needs: ")
        return MatchingWords(needs=MappingProxyType(needs),
                             needle_work=self.matching_phrases(label, part, "needle_work", 2),
                             errands=self.matching_phrases(label, part, "errands", 1),
                             goodbyes=self.matching_phrases(label, part, "goodbyes", 1),
                             spoken=self.read_spoken(label, part), **lists)

    def matching_phrases(self, label: str, data: LinedDict, key: str,
                         least: int) -> frozenset[tuple[str, ...]]:
        """A `matching:` list of phrases of at least `least` words, each as the bot reads it."""
        found: set[tuple[str, ...]] = set()
        for phrase, line in self.lined_strings(label, data, key, "matching: "):
            if len(phrase.split()) < least or not all(map(_read_word, phrase.split())):
                many = "two or more words" if least > 1 else "words"
                self.problem(label, line, f"matching: {key}: '{phrase}' must be {many} as the "
                             "bot reads them (lower case, no apostrophes)")
            else:
                found.add(tuple(phrase.split()))
        return frozenset(found)

    def matching_words(self, label: str, data: LinedDict, key: str,
                       where: str = "") -> frozenset[str]:
        """A `matching:` list of words, each one word as the bot reads it ("dont")."""
        found = set()
        for word, line in self.lined_strings(label, data, key, f"matching: {where}"):
            if _read_word(word):
                found.add(word)
            else:
                self.problem(label, line, f"matching: {where}{key}: '{word}' must be one word "
                             "as the bot reads it: lower case, no spaces or apostrophes "
                             "(\"dont\", not \"don't\")")
        return frozenset(found)

    def matching_topics(self, label: str, data: LinedDict, key: str) -> frozenset[str]:
        """A `matching:` list of topic ids, each a topic of the folder."""
        found = set()
        for topic_id, line in self.lined_strings(label, data, key, "matching: "):
            if topic_id not in self.topics:
                self.problem(label, line, f"matching: {key}: no topic is called '{topic_id}'")
            found.add(topic_id)
        return frozenset(found)

    def read_spoken(self, label: str, part: LinedDict) -> tuple[Respelling, ...]:
        """`matching: spoken`: cues, a regular expression and what it reads as, in order."""
        value = part.get("spoken")
        if "spoken" in part and not isinstance(value, LinedList):
            self.problem(label, part.line_of("spoken"), "matching: 'spoken' must be a list of "
                         "{cues, pattern, reads_as}")
        out: list[Respelling] = []
        if not isinstance(value, LinedList):
            return ()
        for entry in value:
            item = self.mapping(label, entry, value.line, {"cues", "pattern", "reads_as"})
            if item is None:
                continue
            cues = item.get("cues")
            # Not stripped: " pun" is a cue at a word's start.
            if not isinstance(cues, LinedList) or not cues or not all(
                    isinstance(c, str) and c.strip() and c == c.lower() for c in cues):
                self.problem(label, item.line_of("cues"), "matching: spoken: 'cues' must be a "
                             "non-empty list of lower-case text")
                continue
            pattern, reads_as = item.get("pattern"), item.get("reads_as")
            if not isinstance(pattern, str) or not pattern.strip():
                self.problem(label, item.line_of("pattern"),
                             "matching: spoken: 'pattern' must be a regular expression")
                continue
            if not isinstance(reads_as, str) or not reads_as.strip():
                self.problem(label, item.line_of("reads_as"),
                             "matching: spoken: 'reads_as' must be non-empty text")
                continue
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                self.problem(label, item.line_of("pattern"),
                             f"matching: spoken: 'pattern' is no regular expression: {exc}")
                continue
            try:
                compiled.sub(reads_as, "")  # checks the groups it names, matching or not
            except (re.error, IndexError) as exc:
                self.problem(label, item.line_of("reads_as"),
                             f"matching: spoken: 'reads_as' does not fit its pattern: {exc}")
                continue
            out.append(Respelling(tuple(cues), compiled, reads_as))
        return tuple(out)
