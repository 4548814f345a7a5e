"""The reading limits every answer is held to, reported by `check` as `file:line` problems.

People read these answers on a phone, often in pain or worried, and many read below the
average adult level (the NHS writes for a reading age of 9 to 11). So an answer's first
message must fit one screen, and every answer must score as easy English on the usual
formulas. The formulas come from `textstat`, imported only here and only when `check` runs:
its pronouncing dictionary costs a second and memory the running bot has no use for.

Bullet lists are scored as one sentence a line, the way they are read; without that, a
list would count as one very long sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.answers import markup
from bot.answers.catalogue import TRIAGE_TOPICS
from bot.answers.content import Content, Topic, topic_body
from bot.answers.yamlfile import LinedDict, LinedList, Problem, load

FIRST_SCREEN_MAX = 600  # visible characters of a topic's first message, before the footer
# A triage reply must list every sign its rules act on (so a person can see the bot
# understood), which takes more room; what to do comes first, so it is still on screen one.
TRIAGE_SCREEN_MAX = 1000
FLESCH_MIN = 70.0  # Flesch reading ease: 70 and over reads as "fairly easy"
GRADE_MAX = 7.0  # Flesch-Kincaid grade: a US school year, 7 is about age 12
SENTENCE_WORDS_MAX = 25
FOOTER_MAX = 150  # the footer ends every message, so it must not dwarf a short one
JARGON_FILE = "jargon.yaml"
_BULLET = re.compile(r"^\s*(?:[•\-–*▪️✅❌➡️👉]+|\d+[.)])\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_FIELDS = ("answer", "more", "cautions")


def prose(html: str) -> str:
    """The words a person reads, one sentence a line where a line has no full stop (a list
    item, a heading), so the formulas see sentences the way a reader does."""
    lines = []
    for line in markup.visible_text(html).splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        if line[-1] == ":":
            line = line[:-1] + "."
        elif line[-1] not in ".!?":
            line += "."
        lines.append(line)
    return " ".join(lines)


def sentences(html: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(prose(html)) if s.strip()]


def words(sentence: str) -> int:
    """Words as a reader counts them: '4 to 6' is three, 'A&E' one, an emoji none."""
    return sum(1 for w in sentence.split() if any(ch.isalnum() for ch in w))


def scores(html: str) -> tuple[float, float]:
    """(Flesch reading ease, Flesch-Kincaid grade) of a text."""
    import textstat  # type: ignore[import-untyped]

    text = prose(html)
    return float(textstat.flesch_reading_ease(text)), float(textstat.flesch_kincaid_grade(text))


def load_jargon(folder: Path, problems: list[Problem]) -> tuple[str, ...]:
    """The words the public may not know (`jargon.yaml`); none when the file is absent."""
    path = folder / JARGON_FILE
    if not path.exists():
        return ()
    try:
        data = load(path, JARGON_FILE, problems)
    except Problem as problem:
        problems.append(problem)
        return ()
    terms = data.get("terms") if isinstance(data, LinedDict) else None
    if not isinstance(terms, LinedList) or not all(isinstance(t, str) and t.strip()
                                                   for t in terms):
        line = data.line_of("terms") if isinstance(data, LinedDict) else 1
        problems.append(Problem(JARGON_FILE, line, "'terms' must be a list of words"))
        return ()
    return tuple(t.strip() for t in terms)


def explained(text: str, term: str) -> bool:
    """Whether a jargon term is explained in brackets right beside its first use: "cauda
    equina (the nerves at the bottom of the spine)" or "... the spine (cauda equina)". A
    term written with capitals (NICE) matches only so written."""
    pattern = re.escape(term[:-1]) + r"\w*" if term.endswith("*") else re.escape(term)
    flags = 0 if any(ch.isupper() for ch in term) else re.IGNORECASE  # NICE, not "nice"
    found = re.search(r"(?<![\w])" + pattern + r"(?![\w])", text, flags)
    if found is None:
        return True
    before, after = text[:found.start()], text[found.end():]
    return before.rstrip().endswith("(") or after.lstrip().startswith("(")


def topic_problems(topic: Topic, jargon: tuple[str, ...]) -> list[Problem]:
    """Every way one topic breaks the limits, each at the line of the field it is in."""
    problems: list[Problem] = []
    line = topic.lines.get("answer", 1)
    first = markup.visible_length(topic_body(topic))
    triage = topic.id in TRIAGE_TOPICS
    limit = TRIAGE_SCREEN_MAX if triage else FIRST_SCREEN_MAX
    if first > limit:
        fix = "say it in fewer words" if triage else "move the rest to 'more'"
        problems.append(Problem(topic.file, line, f"the first message (answer and cautions) "
                                f"is {first} characters; at most {limit} fit a phone "
                                f"screen: {fix}"))
    if triage and topic.more:
        problems.append(Problem(topic.file, topic.lines.get("more", line), "a triage reply "
                                "has no 'more': everything it says must be on screen"))
    whole = "\n".join(getattr(topic, f) for f in _FIELDS if getattr(topic, f))
    ease, grade = scores(whole)
    if ease < FLESCH_MIN or grade > GRADE_MAX:
        problems.append(Problem(topic.file, line, f"reads too hard: Flesch reading ease "
                                f"{ease:.0f} (at least {FLESCH_MIN:.0f}), grade {grade:.1f} "
                                f"(at most {GRADE_MAX:.0f}): use shorter words and sentences"))
    for name in _FIELDS:
        text = getattr(topic, name)
        where = topic.lines.get(name, line)
        for sentence in sentences(text):
            if words(sentence) > SENTENCE_WORDS_MAX:
                problems.append(Problem(topic.file, where, f"'{name}': a sentence of "
                                        f"{words(sentence)} words (at most "
                                        f"{SENTENCE_WORDS_MAX}): '{_start(sentence)}'"))
    plain = markup.visible_text(whole)
    for term in jargon:
        if not explained(plain, term):
            problems.append(Problem(topic.file, line, f"'{term}' is jargon: explain it in "
                                    "brackets where it is first used, or use plain words"))
    return problems


def problems(content: Content) -> list[Problem]:
    """Every topic's reading problems, and a footer that is too long."""
    found: list[Problem] = []
    jargon = load_jargon(content.folder, found)
    for topic in content.topics.values():
        found.extend(topic_problems(topic, jargon))
    footer = markup.visible_length(content.footer)
    if footer > FOOTER_MAX:
        found.append(Problem("safety.yaml", 1, f"the footer is {footer} characters; at most "
                             f"{FOOTER_MAX}, so it does not dwarf a short reply"))
    return found


def _start(sentence: str) -> str:
    return " ".join(sentence.split()[:8]) + " …"
