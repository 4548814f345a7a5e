"""The content loader: the bundled folder loads, and broken copies say exactly what is wrong.

Organisers edit `responses/` by hand, so every problem must come back as `file:line: message`
pointing at the line they wrote, and one run must list every problem, not just the first.
Each breaker below damages one file of a private copy in the way an organiser might, and
returns the problem it expects; line numbers are found in the copy, not hard-coded, so the
tests keep working while the content is being edited.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.answers import markup
from bot.answers.commands import PUBLIC
from bot.answers.content import (
    BUNDLED,
    MAX_EXPANSION,
    MESSAGE_KEYS,
    TELEGRAM_MAX,
    Content,
    ContentError,
    PatternError,
    expand,
    load_content,
)
from bot.answers.matching import Matcher
from bot.answers.replies import topic_reply
from bot.answers.yamlfile import Problem, load
from tests.catalogue import TOPIC_IDS

REPO = Path(__file__).resolve().parents[2]
CONFIG_VARS = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL", "DATABASE_URL", "ADMIN_IDS",
               "WEBHOOK_URL", "WEBHOOK_SECRET", "PORT", "RESPONSES_DIR", "LOG_LEVEL")


# -- editing a copy, the way an organiser would ---------------------------------------------

def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def line_of(path: Path, pattern: str) -> int:
    """The 1-based number of the first line matching `pattern` (a regex, from line start)."""
    for number, line in enumerate(_lines(path), 1):
        if re.match(pattern, line):
            return number
    raise AssertionError(f"no line matches {pattern!r} in {path}")


def first_key_line(path: Path) -> int:
    """Where the top-level mapping starts: its first line that is not blank or a comment."""
    return line_of(path, r"[^#\s]")


def insert_after(path: Path, pattern: str, text: str) -> int:
    """Insert `text` as a new line after the line matching `pattern`; return its number."""
    lines = _lines(path)
    at = line_of(path, pattern)
    lines.insert(at, text)
    _write(path, lines)
    return at + 1


def append(path: Path, text: str) -> int:
    """Add `text` as a new last line; return its number."""
    lines = _lines(path)
    lines.append(text)
    _write(path, lines)
    return len(lines)


def delete_key(path: Path, key: str) -> int:
    """Remove a top-level `key:` and its indented continuation; return where it was."""
    lines = _lines(path)
    at = line_of(path, rf"{re.escape(key)}:") - 1
    end = at + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    del lines[at:end]
    _write(path, lines)
    return at + 1


def set_key(path: Path, key: str, value: str) -> int:
    """Replace a top-level key with `key: value` (appended at the end); return its line."""
    delete_key(path, key)
    return append(path, f"{key}: {value}")


# -- what the loader says -------------------------------------------------------------------

def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    problems = caught.value.problems
    assert problems, "ContentError raised without any problem"
    # The exception's message is the whole report, one `file:line: message` per line.
    assert str(caught.value).splitlines() == [str(p) for p in problems]
    return problems


@dataclass(frozen=True)
class Expected:
    file: str
    line: int
    fragment: str

    def found_in(self, problems: list[Problem]) -> bool:
        return any(p.file == self.file and p.line == self.line and self.fragment in p.message
                   for p in problems)


def assert_reported(expected: Expected, problems: list[Problem]) -> None:
    assert expected.found_in(problems), (
        f"expected {expected.file}:{expected.line}: ...{expected.fragment}...; got:\n"
        + "\n".join(str(p) for p in problems))


# -- breakers: each damages one file and returns the problem it should cause ----------------

def unknown_key(folder: Path) -> Expected:
    line = append(folder / "topics/about.yaml", "colour: blue")
    return Expected("responses/topics/about.yaml", line, "unknown key 'colour'")


def missing_key(folder: Path) -> Expected:
    path = folder / "topics/thanks.yaml"
    delete_key(path, "title")
    return Expected("responses/topics/thanks.yaml", first_key_line(path), "missing key 'title'")


def duplicate_key(folder: Path) -> Expected:
    line = insert_after(folder / "topics/greeting.yaml", r"title:", "title: Hello again")
    return Expected("responses/topics/greeting.yaml", line, "duplicate key 'title'")


def duplicate_topic_id(folder: Path) -> Expected:
    original = folder / "topics/pregnancy.yaml"
    shutil.copy(original, folder / "topics/pregnancy_copy.yaml")
    return Expected("responses/topics/pregnancy_copy.yaml",
                    line_of(folder / "topics/pregnancy_copy.yaml", r"id:"),
                    "duplicate id 'pregnancy' (also responses/topics/pregnancy.yaml:"
                    f"{line_of(original, r'id:')})")


def id_differs_from_file_name(folder: Path) -> Expected:
    renamed = folder / "topics/cost_of_back_pain.yaml"
    (folder / "topics/back_pain_cost.yaml").rename(renamed)
    return Expected("responses/topics/cost_of_back_pain.yaml", line_of(renamed, r"id:"),
                    "id 'back_pain_cost' differs from the file name 'cost_of_back_pain'")


def required_topic_deleted(folder: Path) -> Expected:
    (folder / "topics/fallback.yaml").unlink()
    return Expected("responses/topics/fallback.yaml", 1,
                    "topic 'fallback' is required (the reply when nothing matches) but has "
                    "no file")


def related_does_not_exist(folder: Path) -> Expected:
    line = set_key(folder / "topics/self_care.yaml", "related", "[prevention, magic_cure]")
    return Expected("responses/topics/self_care.yaml", line,
                    "related topic 'magic_cure' does not exist")


def html_unknown_tag(folder: Path) -> Expected:
    line = set_key(folder / "topics/acupuncture_basics.yaml", "answer",
                   '"<p>Fine needles are placed at chosen points.</p>"')
    return Expected("responses/topics/acupuncture_basics.yaml", line,
                    "'answer': tag <p> is not allowed")


def html_unclosed_tag(folder: Path) -> Expected:
    line = set_key(folder / "topics/acupuncture_points.yaml", "answer",
                   '"Needles often go in the <b>feet, hands and back."')
    return Expected("responses/topics/acupuncture_points.yaml", line,
                    "'answer': <b> is never closed")


def html_bare_ampersand(folder: Path) -> Expected:
    line = set_key(folder / "topics/acupuncture_session.yaml", "answer",
                   '"A session lasts 20 to 40 minutes & you lie still."')
    return Expected("responses/topics/acupuncture_session.yaml", line, "'answer': bare '&'")


def html_bare_less_than(folder: Path) -> Expected:
    line = set_key(folder / "topics/find_practitioner.yaml", "answer",
                   '"Choose someone with < 2 complaints and a registration."')
    return Expected("responses/topics/find_practitioner.yaml", line, "'answer': bare '<'")


def yaml_syntax_error(folder: Path) -> Expected:
    path = folder / "topics/not_a_cure.yaml"
    delete_key(path, "title")
    line = insert_after(path, r"id:", "title: symptom relief: not a cure")
    return Expected("responses/topics/not_a_cure.yaml", line, "YAML syntax error")


def message_key_missing(folder: Path) -> Expected:
    path = folder / "messages.yaml"
    delete_key(path, "flood")
    return Expected("responses/messages.yaml", first_key_line(path), "missing key 'flood'")


def triage_rule_missing_keys(folder: Path) -> Expected:
    line = insert_after(folder / "triage.yaml", r"rules:\s*$", "  - name: empty rule")
    return Expected("responses/triage.yaml", line, "missing key 'when'")


def triage_unknown_concept(folder: Path) -> Expected:
    # A typo in a concept's name must not quietly make a rule that never fires.
    path = folder / "triage.yaml"
    line = insert_after(path, r"    when:\s*$", "      - numbness + bum_area")
    return Expected("responses/triage.yaml", line, "unknown concept 'numbness'")


def triage_too_few_examples(folder: Path) -> Expected:
    path = folder / "triage.yaml"
    lines = _lines(path)
    at = line_of(path, r"    examples:\s*$")  # the first rule's examples
    end = at
    while lines[end].startswith(("      - ", "      #")):  # its items and their comments
        end += 1
    first = next(i for i in range(at, end) if lines[i].startswith("      - "))
    lines[at:end] = [lines[first]]  # keep exactly one example
    _write(path, lines)
    return Expected("responses/triage.yaml", at, "needs at least 8 messages that must fire it")


def triage_empty_concept(folder: Path) -> Expected:
    path = folder / "triage.yaml"
    line = insert_after(path, r"concepts:\s*$", "  nothing_here: []")
    return Expected("responses/triage.yaml", line, "concept 'nothing_here' must be a non-empty")


def triage_unknown_tier(folder: Path) -> Expected:
    path = folder / "triage.yaml"
    lines = _lines(path)
    at = line_of(path, r"    tier: urgent\s*$")
    lines[at - 1] = "    tier: soon"
    _write(path, lines)
    return Expected("responses/triage.yaml", at, "'tier' must be one of emergency, crisis, urgent")


def example_in_two_topics(folder: Path) -> Expected:
    # about.yaml sorts first, so the copy in upper_back_pain.yaml is the one reported;
    # case and spacing do not make it a different question.
    example = load(folder / "topics/about.yaml", "about.yaml")["examples"][0]
    line = insert_after(folder / "topics/upper_back_pain.yaml", r"examples:\s*$",
                        "  - " + json.dumps("  " + example.upper() + " "))
    return Expected("responses/topics/upper_back_pain.yaml", line,
                    "is also in responses/topics/about.yaml")


BREAKERS: list[Callable[[Path], Expected]] = [
    unknown_key, missing_key, duplicate_key, duplicate_topic_id, id_differs_from_file_name,
    required_topic_deleted, related_does_not_exist, html_unknown_tag, html_unclosed_tag,
    html_bare_ampersand, html_bare_less_than, yaml_syntax_error, message_key_missing,
    # triage.yaml breakers in file order, so that none moves a line another reported
    triage_empty_concept, triage_rule_missing_keys, triage_unknown_concept,
    triage_too_few_examples, triage_unknown_tier, example_in_two_topics,
]


# -- the bundled content --------------------------------------------------------------------

def test_bundled_content_loads(content: Content) -> None:
    assert set(content.topics) == set(TOPIC_IDS)
    assert set(content.messages) == MESSAGE_KEYS - {"commands"}
    assert set(content.commands) == {c.name for c in PUBLIC}
    assert content.footer and markup.problems(content.footer) == []
    assert content.triage.rules and content.triage.concepts
    assert {rule.tier for rule in content.triage.rules} == {"emergency", "urgent", "crisis"}


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_every_catalogue_id_has_a_topic(content: Content, topic_id: str) -> None:
    topic = content.topic(topic_id)
    assert topic.id == topic_id
    assert topic.title and topic.answer
    assert markup.problems(topic.answer) == []
    for related in topic.related:
        assert related in content.topics


def test_loading_twice_gives_equal_content(content: Content) -> None:
    again = load_content(BUNDLED)
    assert again.topics == content.topics
    assert again.footer == content.footer


def test_no_in_a_word_list_stays_the_word_no(tmp_path: Path) -> None:
    # YAML 1.1 would read these as booleans; a negation list must keep "no" as a word.
    path = tmp_path / "words.yaml"
    path.write_text("words: [no, No, NO, yes, on, off, n, y]\nflag: true\nother: false\n")
    data = load(path, "words.yaml")
    assert data["words"] == ["no", "No", "NO", "yes", "on", "off", "n", "y"]
    assert data["flag"] is True and data["other"] is False


def _fever_not_when_with(content_copy: Path, first: str) -> set[tuple[str, ...]]:
    """The fever rule's `not_when` phrases as loaded, once `first` opens that list."""
    path = content_copy / "triage.yaml"
    lines = _lines(path)
    at = lines.index("  - name: fever")
    not_when = next(i for i in range(at, len(lines)) if lines[i].startswith("    not_when: ["))
    lines[not_when] = lines[not_when].replace("[", f"[{first}, ", 1)
    _write(path, lines)
    fever = next(r for r in load_content(content_copy).triage.rules if r.name == "fever")
    return {p.words for p in fever.not_when}


def test_a_concept_may_stand_for_its_phrases_in_a_rules_exceptions(content_copy: Path) -> None:
    path = content_copy / "triage.yaml"
    insert_after(path, r"concepts:\s*$", "  heat_treatments: [heat pack, hot water bottle]")
    assert {("heat", "pack"), ("hot", "water", "bottle")} <= _fever_not_when_with(
        content_copy, "heat_treatments")


def test_an_unused_concept_is_reported(content_copy: Path) -> None:
    line = insert_after(content_copy / "triage.yaml", r"concepts:\s*$", "  spare: [spare]")
    assert_reported(Expected("responses/triage.yaml", line, "concept 'spare' is used by no rule"),
                    problems_of(content_copy))


# -- phrase patterns: "(a|b)" alternatives, expanded at load ---------------------------------

def test_a_pattern_stands_for_every_choice_of_its_alternatives() -> None:
    assert expand("all (my|her) (pills|tablets) at night") == [
        "all my pills at night", "all my tablets at night",
        "all her pills at night", "all her tablets at night"]


def test_an_empty_alternative_makes_words_optional_and_groups_nest() -> None:
    assert expand("(the |)last time") == ["the last time", "last time"]
    assert expand("tablet(s|) (at (night|bedtime)|after food)") == [
        "tablets at night", "tablets at bedtime", "tablets after food",
        "tablet at night", "tablet at bedtime", "tablet after food"]


def test_a_text_without_parentheses_is_itself() -> None:
    assert expand("tingl* down # legs") == ["tingl* down # legs"]


@pytest.mark.parametrize(("pattern", "fragment"), [
    ("lost the (will to", "'(' without its ')'"),
    ("(lost|gave up) the will) to", "')' without its '('"),
    ("lost|gave up the will", "'|' outside parentheses"),
    ("(a|b)" * 11 + "(c|d)", f"more than {MAX_EXPANSION} phrases"),
])
def test_a_malformed_or_huge_pattern_is_refused(pattern: str, fragment: str) -> None:
    with pytest.raises(PatternError, match=re.escape(fragment)):
        expand(pattern)


def test_a_pattern_loads_as_the_phrases_it_stands_for(content_copy: Path) -> None:
    assert {("heat", "packs"), ("heat", "pack"), ("ice", "packs"), ("ice", "pack")} <= (
        _fever_not_when_with(content_copy, "(heat|ice) pack(s|)"))


@pytest.mark.parametrize(("pattern", "fragment"), [
    ("lost the (will|wish to go on", "'(' without its ')'"),
    ("lost the will) to go on", "')' without its '('"),
    ("(a|b)" * 11 + "(c|d)", f"more than {MAX_EXPANSION} phrases"),
    ("(ok|no way!)", "gives 'no way!', which must be words"),
])
def test_a_bad_pattern_is_a_problem_at_its_line(content_copy: Path, pattern: str,
                                               fragment: str) -> None:
    line = insert_after(content_copy / "triage.yaml", r"  not_negations: \[\s*$",
                        f"    {pattern},")
    assert_reported(Expected("responses/triage.yaml", line, fragment), problems_of(content_copy))


def test_bundled_negations_include_no(content: Content) -> None:
    assert ("no",) in {phrase.words for phrase in content.triage.marker("negation.before")}


# -- each kind of problem, on its own -------------------------------------------------------

@pytest.mark.parametrize("breaker", BREAKERS, ids=lambda b: b.__name__)
def test_each_problem_is_reported_with_file_line_and_message(
        content_copy: Path, breaker: Callable[[Path], Expected]) -> None:
    expected = breaker(content_copy)
    assert_reported(expected, problems_of(content_copy))


def test_every_problem_is_reported_at_once(content_copy: Path) -> None:
    expected = [breaker(content_copy) for breaker in BREAKERS]
    problems = problems_of(content_copy)
    for one in expected:
        assert_reported(one, problems)


def test_unclosed_flow_list_is_a_syntax_error_near_its_line(content_copy: Path) -> None:
    path = content_copy / "topics/prevention.yaml"
    line = set_key(path, "related", "[self_care, see_a_doctor")
    problems = [p for p in problems_of(content_copy) if "YAML syntax error" in p.message]
    assert [p.file for p in problems] == ["responses/topics/prevention.yaml"]
    # PyYAML notices the missing ']' where the next line starts, or at the end of the file.
    assert line <= problems[0].line <= line + 1


def test_not_utf8_is_reported(content_copy: Path) -> None:
    path = content_copy / "topics/prevention.yaml"
    path.write_bytes(path.read_bytes().replace(b"id: prevention", b"id: prevention\xff", 1))
    assert_reported(Expected("responses/topics/prevention.yaml", 1, "not UTF-8"),
                    problems_of(content_copy))


def test_title_with_markup_is_rejected(content_copy: Path) -> None:
    # Titles become button labels, which are plain text.
    line = set_key(content_copy / "topics/prevention.yaml", "title", "<b>Lifting</b> safely")
    assert_reported(Expected("responses/topics/prevention.yaml", line, "'title' is plain text"),
                    problems_of(content_copy))


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    problems = problems_of(tmp_path / "nowhere")
    assert len(problems) == 1 and "not found" in problems[0].message


# -- length: an answer must fit one Telegram message with its footer ------------------------

def set_greeting_length(folder: Path, footer: str, visible: int) -> tuple[int, str]:
    """Give greeting a plain answer that makes its reply `visible` characters with the footer.

    Sources and cautions are removed first, so the reply is answer + blank line + footer.
    Returns the answer's line and text.
    """
    path = folder / "topics/greeting.yaml"
    if re.search(r"^cautions:", path.read_text(encoding="utf-8"), re.M):
        delete_key(path, "cautions")
    set_key(path, "sources", "[]")
    answer = "x" * (visible - 2 - markup.visible_length(footer))
    return set_key(path, "answer", answer), answer


def test_answer_that_just_fits_is_accepted(content: Content, content_copy: Path) -> None:
    _, answer = set_greeting_length(content_copy, content.footer, TELEGRAM_MAX)
    text = topic_reply(load_content(content_copy), "greeting").text
    assert text.startswith(answer + "\n\n")  # nothing was cut
    assert markup.visible_length(text) == TELEGRAM_MAX


def test_answer_over_the_limit_with_its_footer_is_reported(content: Content,
                                                           content_copy: Path) -> None:
    line, _ = set_greeting_length(content_copy, content.footer, TELEGRAM_MAX + 1)
    assert_reported(Expected("responses/topics/greeting.yaml", line, "4096"),
                    problems_of(content_copy))


def test_message_over_the_limit_with_its_footer_is_reported(content_copy: Path) -> None:
    set_key(content_copy / "messages.yaml", "help", "y" * TELEGRAM_MAX)
    problems = problems_of(content_copy)
    assert any(p.file == "responses/messages.yaml" and "'help'" in p.message
               and "4096" in p.message for p in problems), problems


def test_length_problem_points_at_the_key_in_the_folder_in_use(tmp_path: Path) -> None:
    folder = tmp_path / "organiser-copy"
    shutil.copytree(BUNDLED, folder)
    line = set_key(folder / "messages.yaml", "help", "y" * TELEGRAM_MAX)
    assert_reported(Expected("organiser-copy/messages.yaml", line, "'help'"),
                    problems_of(folder))


def test_length_problems_are_reported_with_the_others(content_copy: Path) -> None:
    expected = unknown_key(content_copy)
    set_key(content_copy / "messages.yaml", "help", "y" * TELEGRAM_MAX)
    problems = problems_of(content_copy)
    assert_reported(expected, problems)
    assert any(p.file == "responses/messages.yaml" and "'help'" in p.message for p in problems)


# -- problems that hide or invent other problems --------------------------------------------

def test_two_duplicate_keys_in_one_file_are_both_reported(content_copy: Path) -> None:
    path = content_copy / "topics/greeting.yaml"
    first = insert_after(path, r"title:", "title: Hello again")
    second = insert_after(path, r"answer:", "answer: And again")
    problems = problems_of(content_copy)
    assert_reported(Expected("responses/topics/greeting.yaml", first, "duplicate key 'title'"),
                    problems)
    assert_reported(Expected("responses/topics/greeting.yaml", second, "duplicate key 'answer'"),
                    problems)


def test_a_syntax_error_in_one_topic_is_one_problem(content_copy: Path) -> None:
    path = content_copy / "topics/sciatica.yaml"
    delete_key(path, "title")
    line = insert_after(path, r"id:", "title: what it is: symptoms")
    problems = problems_of(content_copy)
    assert [(p.file, p.line) for p in problems] == [("responses/topics/sciatica.yaml", line)]


# -- `python -m bot check` ------------------------------------------------------------------

def _check(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    return subprocess.run([sys.executable, "-m", "bot", "check", str(folder)], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.slow
def test_check_passes_on_the_bundled_folder() -> None:
    result = _check(BUNDLED)
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout
    assert result.stderr == ""


@pytest.mark.slow
def test_check_lists_every_problem_as_file_line_message(content_copy: Path) -> None:
    expected = [breaker(content_copy) for breaker in (
        unknown_key, missing_key, html_unclosed_tag, message_key_missing,
        triage_unknown_concept)]
    result = _check(content_copy)
    assert result.returncode == 1
    assert result.stdout == ""
    *problem_lines, summary = result.stderr.strip().splitlines()
    assert "problem" in summary
    for line in problem_lines:
        assert re.fullmatch(r"responses/[\w/.]+\.yaml:\d+: \S.*", line), line
    for one in expected:
        assert any(line.startswith(f"{one.file}:{one.line}: ") and one.fragment in line
                   for line in problem_lines), (one, problem_lines)


@pytest.mark.slow
def test_check_fails_when_a_rule_misses_its_own_example(content_copy: Path) -> None:
    path = content_copy / "triage.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "examples:")
    indent = lines[at + 1][:len(lines[at + 1]) - len(lines[at + 1].lstrip())]
    lines.insert(at + 1, f'{indent}- "what a lovely sunny day for a walk"\n')
    path.write_text("".join(lines), encoding="utf-8")
    result = _check(content_copy)
    assert result.returncode == 1
    assert f"responses/triage.yaml:{at + 2}: " in result.stderr
    assert "what a lovely sunny day for a walk" in result.stderr


# -- menu.yaml --------------------------------------------------------------------------------

def _menu(folder: Path, text: str) -> None:
    (folder / "menu.yaml").write_text(text, encoding="utf-8")


def test_menu_groups_load_in_their_order(content: Content) -> None:
    assert [g.id for g in content.menu_groups][:2] == ["back_pain", "acupuncture"]
    assert content.group_topics("back_pain")[0].id == "lower_back_pain"
    assert content.group_topics("nope") == ()


@pytest.mark.parametrize(("change", "message"), [
    ("sciatica, sciatica", "also in group"),
    ("sciatica, no_such_topic", "no topic is called 'no_such_topic'"),
    ("sciatica, greeting", "'greeting' has `menu: false`"),
])
def test_menu_problems_are_reported_by_line(content_copy: Path, change: str,
                                            message: str) -> None:
    text = (content_copy / "menu.yaml").read_text(encoding="utf-8")
    _menu(content_copy, text.replace("sciatica,", change + ",", 1))
    problems = problems_of(content_copy)
    assert any(p.file == "responses/menu.yaml" and message in p.message and p.line > 1
               for p in problems), problems


def test_a_menu_topic_in_no_group_is_a_problem(content_copy: Path) -> None:
    text = (content_copy / "menu.yaml").read_text(encoding="utf-8")
    _menu(content_copy, text.replace(" sciatica,", "", 1))
    assert any("'sciatica' is in no group" in p.message for p in problems_of(content_copy))


def test_without_menu_yaml_the_menu_is_flat(content_copy: Path) -> None:
    (content_copy / "menu.yaml").unlink()
    assert load_content(content_copy).menu_groups == ()


# -- vocabulary.yaml `matching:`, the matcher's word lists -------------------------------------

def _edit_line(path: Path, pattern: str, old: str, new: str) -> int:
    """Replace `old` with `new` on the first line matching `pattern`; return its number."""
    lines = _lines(path)
    at = line_of(path, pattern)
    assert old in lines[at - 1], (old, lines[at - 1])
    lines[at - 1] = lines[at - 1].replace(old, new, 1)
    _write(path, lines)
    return at


@pytest.mark.parametrize(("pattern", "old", "new", "fragment"), [
    (r"  animals: \[", "[dog,", "[dog, don't,",
     "matching: animals: 'don't' must be one word as the bot reads it"),
    (r"  skin: \[", "[rash,", "[Rash,", "matching: skin: 'Rash' must be one word"),
    (r"  torso: \[", "[chest, chin, tummy, stomach, belly]", "chest",
     "matching: 'torso' must be a list"),
    (r"  needle_work: \[", "[blood test,", "[blood,",
     "matching: needle_work: 'blood' must be two or more words"),
    (r"  to_us_topics: \[", "[about,", "[abuot,",
     "matching: to_us_topics: no topic is called 'abuot'"),
    (r"    lower_back_pain: \[", "lower_back_pain:", "lower_back:",
     "matching: needs: no topic is called 'lower_back'"),
    (r"      pattern: '\\bkid", "kid ?knees", "kid (knees",
     "matching: spoken: 'pattern' is no regular expression"),
    (r"      reads_as: '\\1 \\2 doctor'", r"\2", r"\3",
     "matching: spoken: 'reads_as' does not fit its pattern"),
    (r"    - cues: \[kid knee", "[kid knee, kidknee]", "[Kid Knee]",
     "matching: spoken: 'cues' must be a non-empty list of lower-case text"),
    (r"  skin: \[", "skin:", "skins:", "unknown key 'skins'"),
])
def test_a_malformed_matching_list_is_a_problem_at_its_line(
        content_copy: Path, pattern: str, old: str, new: str, fragment: str) -> None:
    line = _edit_line(content_copy / "vocabulary.yaml", pattern, old, new)
    assert_reported(Expected("responses/vocabulary.yaml", line, fragment),
                    problems_of(content_copy))


def test_a_missing_matching_list_is_a_problem(content_copy: Path) -> None:
    path = content_copy / "vocabulary.yaml"
    _edit_line(path, r"  safety: \[", "safety:", "safe_words:")
    # Reported where the section's mapping starts: its first key.
    assert_reported(Expected("responses/vocabulary.yaml", line_of(path, r"  needs:"),
                             "missing key 'safety'"), problems_of(content_copy))


def test_the_matching_lists_load_in_their_shapes(content: Content) -> None:
    lists = content.vocabulary.matching
    assert {"lower", "lumbago"} <= lists.needs["lower_back_pain"]
    assert lists.needs["acupuncture_sciatica"] == lists.needs["acupuncture_back_pain"]
    assert ("blood", "test") in lists.needle_work
    assert lists.follow_up_topics <= lists.needs.keys()
    # In the file's order, each with its cues kept as written (" pun": a word's start).
    assert lists.spoken[0].cues == (" pun",) and lists.spoken[0].reads_as == "acupuncture"
    assert lists.spoken[-1].pattern.sub(lists.spoken[-1].reads_as, "ring the surgery") \
        == "ring the doctor"


def test_the_matcher_reads_spoken_words_from_the_content(matcher: Matcher) -> None:
    assert matcher.respoken("is acute puncture safe") == "is acupuncture safe"
    assert matcher.respoken("is acupuncture safe") is None
