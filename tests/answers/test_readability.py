"""The reading limits `check` holds every answer to, each reported at its `file:line`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.answers import readability
from bot.answers.catalogue import EMERGENCY
from bot.answers.content import Content, load_content
from bot.answers.readability import FIRST_SCREEN_MAX, SENTENCE_WORDS_MAX

EASY = "Keep moving. Walk a bit each day. It helps your back get better. "


def _set(folder: Path, topic_id: str, **fields: str) -> Path:
    """Rewrite some fields of one topic file; returns the file."""
    path = folder / "topics" / f"{topic_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _problems(folder: Path) -> list[str]:
    return [str(p) for p in readability.problems(load_content(folder))]


def _line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key}:"))


def test_the_bundled_answers_meet_every_limit(content: Content) -> None:
    assert readability.problems(content) == []


def test_a_long_first_screen_is_reported_at_its_answer(content_copy: Path) -> None:
    path = _set(content_copy, "sciatica", answer=EASY * 12, cautions="", more="")
    problems = _problems(content_copy)
    where = f"topics/sciatica.yaml:{_line_of(path, 'answer')}:"
    assert any(where in p and f"at most {FIRST_SCREEN_MAX}" in p and "'more'" in p
               for p in problems), problems


def test_the_rest_of_a_long_answer_fits_behind_more(content_copy: Path) -> None:
    _set(content_copy, "sciatica", answer=EASY * 2, more=EASY * 30)
    assert not [p for p in _problems(content_copy) if "sciatica.yaml" in p]


def test_hard_words_and_a_long_sentence_are_reported(content_copy: Path) -> None:
    hard = ("Musculoskeletal manifestations necessitate multidisciplinary evaluation, "
            "consideration of pharmacological interventions, physiotherapeutic rehabilitation "
            "programmes and psychological approaches that incorporate graduated exposure and "
            "individualised education regarding prognosis for every adult patient.")
    path = _set(content_copy, "sciatica", answer=EASY, more=hard)
    problems = [p for p in _problems(content_copy) if "sciatica.yaml" in p]
    assert any("reads too hard" in p for p in problems), problems
    more_line = _line_of(path, "more")
    assert any(f":{more_line}: 'more': a sentence of" in p
               and f"at most {SENTENCE_WORDS_MAX}" in p for p in problems), problems


def test_a_list_reads_as_one_sentence_an_item() -> None:
    items = "\n".join(f"• item number {i} of a list of things to do" for i in range(6))
    assert readability.sentences(f"Try these:\n{items}") == [
        "Try these.", *[f"item number {i} of a list of things to do." for i in range(6)]]
    assert max(readability.words(s) for s in readability.sentences(items)) <= 10


@pytest.mark.parametrize(("text", "ok"), [
    ("The nerves at the bottom of your spine (cauda equina) are squashed.", True),
    ("Cauda equina (the nerves at the bottom of your spine) is rare.", True),
    ("Cauda equina syndrome is rare.", False),
    ("NICE (who write NHS guidance) says so. Later NICE says more.", True),
    ("NICE says so.", False),
    ("It feels nice and warm.", True),  # the word, not the body: capitals count
    ("Some take NSAIDs (anti-inflammatory painkillers like ibuprofen).", True),
    ("Some take NSAIDs.", False),
])
def test_jargon_needs_brackets_beside_its_first_use(text: str, ok: bool) -> None:
    terms = ("cauda equina", "NICE", "nsaid*")
    assert all(readability.explained(text, t) for t in terms) is ok


def test_unexplained_jargon_is_reported(content_copy: Path) -> None:
    _set(content_copy, "sciatica", answer="It can be caused by stenosis. " + EASY)
    problems = _problems(content_copy)
    assert any("sciatica.yaml" in p and "'stenosis' is jargon" in p for p in problems)


def test_a_triage_reply_has_no_more_and_a_longer_limit(content_copy: Path) -> None:
    _set(content_copy, EMERGENCY, more=EASY)
    problems = _problems(content_copy)
    assert any("emergency.yaml" in p and "has no 'more'" in p for p in problems), problems


def test_a_long_footer_is_reported(content_copy: Path) -> None:
    path = content_copy / "safety.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["footer"] = "Not medical advice. " * 10
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert any(p.startswith("safety.yaml") and "footer" in p for p in _problems(content_copy))


def test_broken_jargon_file_is_a_problem_not_a_crash(content_copy: Path) -> None:
    (content_copy / "jargon.yaml").write_text("terms: [unclosed\n", encoding="utf-8")
    assert any(p.startswith("jargon.yaml:") for p in _problems(content_copy))
    (content_copy / "jargon.yaml").write_text("terms: 7\n", encoding="utf-8")
    assert any("'terms' must be a list" in p for p in _problems(content_copy))


def test_check_fails_on_reading_problems_with_file_and_line(content_copy: Path) -> None:
    _set(content_copy, "sciatica", answer=EASY * 12, more="")
    done = subprocess.run([sys.executable, "-m", "bot", "check", str(content_copy)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "topics/sciatica.yaml:" in done.stderr and "phone" in done.stderr
