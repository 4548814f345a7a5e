"""Read YAML while remembering where each value came from.

Organisers edit the content by hand, so every problem must point at `file:line`. PyYAML
forgets positions once it builds Python objects; this loader keeps them on the mappings
and lists it returns, and reports duplicate keys, which PyYAML would silently overwrite.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

# The C parser is several times faster: it keeps `python -m bot ask` quick to start.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Problem(Exception):
    """One content problem, printed as `file:line: message`."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class LinedDict(dict[str, Any]):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LinedList(list[Any]):
    """A list that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


class _Loader(_Base):  # type: ignore[misc, valid-type]  # a base chosen at import
    duplicate_keys: list[tuple[int, str]]


def _build(loader: _Loader) -> Any:
    """The document, built straight from the parser's events.

    PyYAML's own way first builds a node (and two position marks) for every value of the
    whole file, then the values: for `triage.yaml` that is 12 MB of short-lived objects,
    which leave the long-lived ones scattered in memory the bot then keeps for good (about
    6 MB of its resident size). One event at a time, the peak is the data itself.
    """
    loader.get_event()  # the stream's start
    if loader.check_event(yaml.StreamEndEvent):
        return None  # an empty file
    loader.get_event()  # the document's start
    data = _value(loader, loader.get_event(), {})
    loader.get_event()  # the document's end
    if not loader.check_event(yaml.StreamEndEvent):
        another: Any = loader.get_event()
        raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                          "but found another document", another.start_mark)
    return data


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1


def _value(loader: _Loader, event: Any, anchors: dict[str, Any]) -> Any:
    """The value that starts with `event`, its mappings and lists knowing their lines."""
    if isinstance(event, yaml.AliasEvent):
        if event.anchor not in anchors:
            mark: Any = event.start_mark
            raise yaml.composer.ComposerError(None, None, f"found undefined alias "
                                              f"'{event.anchor}'", mark)
        return anchors[event.anchor]
    value: Any
    if isinstance(event, yaml.SequenceStartEvent):
        value = LinedList()
        value.line, value.item_lines = _line(event), []
        if event.anchor:
            anchors[event.anchor] = value
        while not loader.check_event(yaml.SequenceEndEvent):
            item = loader.get_event()
            value.item_lines.append(_line(item))
            value.append(_value(loader, item, anchors))
        loader.get_event()
        return value
    if isinstance(event, yaml.MappingStartEvent):
        value = LinedDict()
        value.line, value.key_lines = _line(event), {}
        if event.anchor:
            anchors[event.anchor] = value
        while not loader.check_event(yaml.MappingEndEvent):
            key_event = loader.get_event()
            line = _line(key_event)
            key = _value(loader, key_event, anchors)
            if not isinstance(key, str):
                key = str(key)
            if key in value:
                loader.duplicate_keys.append((line, key))
            value[key] = _value(loader, loader.get_event(), anchors)
            value.key_lines[key] = line
        loader.get_event()
        return value
    tag = event.tag
    if tag is None or tag == "!":  # no tag written: read the text as YAML would
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    construct = loader.yaml_constructors.get(tag, loader.yaml_constructors[None])
    value = construct(loader, node)
    if event.anchor:
        anchors[event.anchor] = value
    return value


# YAML 1.1 reads yes/no/on/off as booleans, so a word list containing "no" (a negation)
# would silently hold False. Only true/false are booleans here, as in YAML 1.2.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                              re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def load(path: Path, label: str, problems: list[Problem] | None = None) -> Any:
    """Parse one YAML file; raise `Problem` (labelled with `label`) on a syntax error.

    Duplicate keys do not stop the parse: each is appended to `problems` when given (so
    every one is reported at once), else the first is raised.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(label, 1, f"not UTF-8 text ({exc.reason})") from None
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        data = _build(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise Problem(label, line, f"YAML syntax error: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise Problem(label, 1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    found = [Problem(label, line, f"duplicate key '{key}'") for line, key in loader.duplicate_keys]
    if found and problems is None:
        raise found[0]
    if problems is not None:
        problems.extend(found)
    return data
