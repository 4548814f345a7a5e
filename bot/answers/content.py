"""Load the content folder (`responses/`) into frozen objects, or say exactly what is wrong.

Organisers who are not programmers edit these files, so loading is also validation: every
problem is collected (not just the first) and reported as `file:line: problem`, the way
`rasa data validate` does, and the bot refuses to start on content with any problem.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.answers import markup
from bot.answers.catalogue import EMERGENCY, FALLBACK, REQUIRED
from bot.answers.commands import PUBLIC
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
    "button_send",
})
PLAIN_MESSAGE_KEYS = frozenset(k for k in MESSAGE_KEYS if k.startswith("button_"))
# A topic id is used in deep links (/start <id>: letters, digits, _ and -, at most 64) and in
# button data ("topic:<id>", at most 64 bytes), so it is short and plain.
_TOPIC_ID = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
COMMAND_DESCRIPTION_MAX = 256  # Telegram's limit for setMyCommands


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


@dataclass(frozen=True)
class Phrase:
    """Words that must appear in a row; a word ending in `*` matches any word it begins."""

    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class RedFlag:
    """A red-flag rule: any one `any` phrase, or one phrase from every `all` group, in a clause."""

    name: str
    any: tuple[Phrase, ...]
    all: tuple[tuple[Phrase, ...], ...]


@dataclass(frozen=True)
class RedFlags:
    rules: tuple[RedFlag, ...]
    negations: tuple[Phrase, ...]
    pseudo_negations: tuple[Phrase, ...]
    negation_window: int
    spellings: frozenset[str] = frozenset()


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


@dataclass(frozen=True)
class Content:
    folder: Path
    topics: Mapping[str, Topic]
    footer: str
    messages: Mapping[str, str]
    red_flags: RedFlags
    vocabulary: Vocabulary
    # Chat command -> its description in the command menu and /help (messages.yaml).
    commands: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def topic(self, topic_id: str) -> Topic:
        return self.topics[topic_id]


def sources_line(topic: Topic) -> str:
    """The topic's sources as one line of links, or nothing when it names none."""
    if not topic.sources:
        return ""
    links = " · ".join(
        f'<a href="{markup.escape(s.url)}">{markup.escape(s.name)}</a>' for s in topic.sources
    )
    return f"📚 Sources: {links}"


def topic_body(topic: Topic) -> str:
    """Answer, its sources, its cautions: the order the safety contract sets (the footer
    comes last). Part of the model, because loading measures it against Telegram's limit."""
    parts = [topic.answer, sources_line(topic), topic.cautions]
    return "\n\n".join(p for p in parts if p)


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
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, LinedList):
            self.problem(label, data.line_of(key), f"'{key}' must be a list")
            return ()
        out = []
        for item, line in zip(value, value.item_lines):
            if not isinstance(item, str) or not item.strip():
                self.problem(label, line, f"'{key}' items must be non-empty text")
            else:
                out.append(item.strip())
        return tuple(out)

    def read(self) -> Content | None:
        if not self.folder.is_dir():
            self.problem(str(self.folder), 1, "content folder not found")
            return None
        footer = self.read_footer()  # first: every length check below includes it
        self.footer_length = markup.visible_length(footer) + 2
        topics = self.topics = self.read_topics()
        messages, commands = self.read_messages()
        red_flags = self.read_red_flags()
        vocabulary = self.read_vocabulary()
        if EMERGENCY not in topics and not self.problems:
            self.problem(self.label(self.folder / "topics"), 1, "the emergency topic is required")
        if self.problems:
            return None
        return Content(self.folder, MappingProxyType(topics), footer,
                       MappingProxyType(messages), red_flags, vocabulary,
                       MappingProxyType(commands))

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
                                {"cautions", "menu"})
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
            if topic_id != FALLBACK and len(examples) < 3:
                self.problem(label, data.line_of("examples"), "give at least 3 examples")
            if topic_id == FALLBACK and examples:
                self.problem(label, data.line_of("examples"),
                             "fallback answers what matches nothing: it takes no examples")
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
            )
            self.check_length(label, data.line_of("answer"), "the reply", topic_body(topic))
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

    def phrases(self, label: str, value: Any, line: int, what: str) -> tuple[Phrase, ...]:
        if not isinstance(value, LinedList) or not value:
            self.problem(label, getattr(value, "line", line), f"{what} must be a non-empty list")
            return ()
        out = []
        for item, item_line in zip(value, value.item_lines):
            words = tuple(str(item).lower().split()) if isinstance(item, (str, int)) else ()
            if not words or any(not w.rstrip("*").isalnum() for w in words):
                self.problem(label, item_line, f"{what}: '{item}' must be words (letters or "
                             "digits; '*' at a word's end matches any ending)")
                continue
            out.append(Phrase(words))
        return tuple(out)

    def read_red_flags(self) -> RedFlags:
        label, data = self.file("red_flags.yaml")
        empty = RedFlags((), (), (), 0)
        data = self.mapping(label, data, 1, {"negations", "pseudo_negations",
                                             "negation_window", "rules", "spellings"}) \
            if data is not None else None
        if data is None:
            return empty
        window = data.get("negation_window")
        if not isinstance(window, int) or not 1 <= window <= 10:
            self.problem(label, data.line_of("negation_window"),
                         "'negation_window' must be a whole number from 1 to 10")
            window = 4
        negations = self.phrases(label, data.get("negations"), data.line_of("negations"),
                                 "negations")
        pseudo = self.phrases(label, data.get("pseudo_negations"),
                              data.line_of("pseudo_negations"), "pseudo_negations")
        rules_data = data.get("rules")
        rules: list[RedFlag] = []
        if not isinstance(rules_data, LinedList) or not rules_data:
            self.problem(label, data.line_of("rules"), "'rules' must be a non-empty list")
            return empty
        for item in rules_data:
            item = self.mapping(label, item, rules_data.line, {"name"}, {"any", "all"})
            if item is None:
                continue
            name = self.text(label, item, "name", html=False)
            any_ = self.phrases(label, item["any"], item.line_of("any"), f"{name}: any") \
                if "any" in item else ()
            groups: list[tuple[Phrase, ...]] = []
            if "all" in item:
                value = item["all"]
                if not isinstance(value, LinedList) or len(value) < 2:
                    self.problem(label, item.line_of("all"),
                                 f"{name}: 'all' must list two or more groups of phrases")
                else:
                    groups = [self.phrases(label, g, line, f"{name}: all")
                              for g, line in zip(value, value.item_lines)]
            if not any_ and not groups:
                self.problem(label, item.line, f"rule '{name}' needs 'any' or 'all'")
            rules.append(RedFlag(name, any_, tuple(groups)))
        spellings = frozenset(w.lower() for w in self.strings(label, data, "spellings"))
        for word in sorted(spellings):
            if not word.isalpha():
                self.problem(label, data.line_of("spellings"), f"spellings: '{word}' must be "
                             "one word of letters")
        return RedFlags(tuple(rules), negations, pseudo, window, spellings)

    def read_vocabulary(self) -> Vocabulary:
        label, data = self.file("vocabulary.yaml")
        empty = Vocabulary(frozenset(), MappingProxyType({}), frozenset(), frozenset(),
                           frozenset(), frozenset(), MappingProxyType({}))
        data = self.mapping(label, data, 1, {"stopwords", "synonyms", "out_of_scope",
                                             "in_scope_anchors", "generic", "domain"},
                            {"decisive", "other_therapies"}) \
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
        )
