"""`python -m bot ask`, `chat` and their start-up checks, run as a user would run them.

Each test starts a real process (no token, no network) with a clean environment, so what
is checked is exactly what a deployer or an organiser sees on the terminal.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answers import markup
from bot.answers.catalogue import EMERGENCY, WARNING_SIGNS
from bot.answers.content import Content
from bot.answers.conversation import Conversation
from bot.answers.replies import topic_reply
from tests.catalogue import TOPIC_IDS

REPO = Path(__file__).resolve().parents[1]
CONFIG_VARS = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL", "DATABASE_URL", "ADMIN_IDS",
               "WEBHOOK_URL", "WEBHOOK_SECRET", "PORT", "RESPONSES_DIR", "LOG_LEVEL",
               "REPLY_RATE")

# Every test here starts `python -m bot`.
pytestmark = pytest.mark.slow


def run_bot(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` from the repository, with only the settings given here."""
    environment = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO, env=environment,
                          input=stdin, capture_output=True, text=True, timeout=60)


def json_lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


# -- ask ------------------------------------------------------------------------------------

def test_ask_json_gives_the_exact_telegram_text(content: Content) -> None:
    result = run_bot("ask", "--json", "what is sciatica")
    assert result.returncode == 0, result.stderr
    [answer] = json_lines(result.stdout)
    assert set(answer) == {"question", "topic", "emergency", "triage", "text"}
    assert answer["triage"] is None
    assert answer["question"] == "what is sciatica"
    assert answer["topic"] == "sciatica"
    assert answer["emergency"] is False
    assert answer["text"] == topic_reply(content, "sciatica").text


def test_ask_json_reads_each_line_of_stdin() -> None:
    questions = ["is acupuncture safe?", "recipe for banana bread",
                 "both my legs have gone numb <b>&"]
    result = run_bot("ask", "--json", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    answers = json_lines(result.stdout)
    assert [a["question"] for a in answers] == questions
    assert [a["topic"] for a in answers] == ["acupuncture_safety", "fallback", EMERGENCY]
    for answer in answers:
        assert answer["topic"] in TOPIC_IDS
        assert markup.problems(str(answer["text"])) == []


def test_ask_json_keeps_windows_line_endings_out_of_the_question() -> None:
    result = run_bot("ask", "--json", stdin="what is sciatica\r\nhello\r\n")
    assert [a["question"] for a in json_lines(result.stdout)] == ["what is sciatica", "hello"]


def test_ask_json_flags_an_emergency(conversation: Conversation) -> None:
    question = "since last night I can't feel anything round my bum and privates"
    [answer] = json_lines(run_bot("ask", "--json", question).stdout)
    assert answer["emergency"] is True
    assert answer["triage"] == "emergency"
    assert answer["topic"] == EMERGENCY
    assert answer["text"] == conversation.reply_to_text(question).text


@pytest.mark.parametrize("question,triage", [
    ("i've had a fever for two days and my back is killing me", "urgent"),
    ("i want it all to end", "crisis"),
    ("what is sciatica", None),
    ("what are the warning signs of cauda equina", None),
])
def test_ask_json_says_the_triage_tier(question: str, triage: str | None) -> None:
    [answer] = json_lines(run_bot("ask", "--json", question).stdout)
    assert answer["triage"] == triage
    assert answer["emergency"] is (triage == "emergency")


def test_ask_json_keeps_unicode_readable() -> None:
    result = run_bot("ask", "--json", "¿qué es la ciática? 🤔")
    assert "🤔" in result.stdout and "\\ud83e" not in result.stdout


def test_ask_without_json_prints_plain_text(content: Content) -> None:
    result = run_bot("ask", "what is sciatica", "my chest hurts and my back aches")
    assert result.returncode == 0, result.stderr
    assert "[sciatica]" in result.stdout and "EMERGENCY" in result.stdout
    assert "<b>" not in result.stdout
    assert markup.to_plain(content.footer) in result.stdout


# -- chat -----------------------------------------------------------------------------------

def test_chat_with_piped_stdin(content: Content) -> None:
    result = run_bot("chat", stdin="hi\n1\nmenu\nquit\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    greeting = markup.to_plain(content.topic("greeting").answer).splitlines()[0]
    assert out.startswith(greeting)
    # The start, "hi", the first button and the menu: four replies, each with the footer.
    assert out.count(markup.to_plain(content.footer)) == 4
    assert re.search(r"^  1\. \S", out, re.M)
    # Option 1 after "hi" is the greeting's first button: its topic's answer is shown.
    first_related = content.topic("greeting").related[0]
    assert markup.to_plain(content.topic(first_related).answer).splitlines()[0] in out
    # The menu numbers the warning signs first, then each group of topics.
    menu = out[out.index("you> menu"):]
    assert f"  1. {content.topic(WARNING_SIGNS).title}" in menu
    first_screen = menu.split("you>")[1]
    assert len(re.findall(r"^  \d+\. \S", first_screen, re.M)) == 1 + len(content.menu_groups)
    assert "<b>" not in out and "&amp;" not in out  # a terminal shows plain text


def test_chat_ends_at_end_of_input(content: Content) -> None:
    result = run_bot("chat", stdin="what is sciatica\n")
    assert result.returncode == 0, result.stderr
    answer = result.stdout[result.stdout.index("you> what is sciatica"):]
    assert markup.to_plain(content.topic("sciatica").answer).splitlines()[0] in answer


# -- settings and content checked at start --------------------------------------------------

@pytest.mark.parametrize(("variable", "value"), [
    ("LOG_LEVEL", "LOUD"),
    ("ADMIN_IDS", "abc"),
    ("PORT", "eighty"),
    ("TELEGRAM_BOT_TOKEN", "no-colon-here"),
    ("DATABASE_URL", "mysql://db.example/backcare"),
])
@pytest.mark.parametrize("command", [["ask", "--json", "what is sciatica"], ["check"]])
def test_malformed_setting_stops_with_one_clear_line(command: list[str], variable: str,
                                                     value: str) -> None:
    result = run_bot(*command, **{variable: value})
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("variable", "value"), [("PORT", "²"), ("ADMIN_IDS", "--5")])
def test_odd_digits_stop_with_one_clear_line(variable: str, value: str) -> None:
    result = run_bot("check", **{variable: value})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and variable in result.stderr


def test_responses_dir_with_problems_stops_ask(content_copy: Path) -> None:
    with (content_copy / "topics/about.yaml").open("a", encoding="utf-8") as file:
        file.write("colour: blue\n")
    (content_copy / "topics/greeting.yaml").unlink()
    result = run_bot("ask", "--json", "what is sciatica", RESPONSES_DIR=str(content_copy))
    assert result.returncode == 1
    assert result.stdout == ""
    problems = [line for line in result.stderr.splitlines() if re.match(r"\S+:\d+: ", line)]
    assert any(p.startswith("responses/topics/about.yaml:") and "unknown key 'colour'" in p
               for p in problems), result.stderr
    assert any(p.startswith("responses/topics/greeting.yaml:1: ") for p in problems)


def test_responses_dir_copy_is_used(content_copy: Path) -> None:
    path = content_copy / "topics/sciatica.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("answer: |\n", "answer: |\n  ORGANISER COPY.\n", 1),
                    encoding="utf-8")
    result = run_bot("ask", "--json", "what is sciatica", RESPONSES_DIR=str(content_copy))
    assert result.returncode == 0, result.stderr
    assert json_lines(result.stdout)[0]["text"].startswith("ORGANISER COPY.")


def test_missing_responses_dir_stops_with_one_line(tmp_path: Path) -> None:
    result = run_bot("ask", "hello", RESPONSES_DIR=str(tmp_path / "nowhere"))
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "RESPONSES_DIR" in result.stderr


def test_a_broadcast_without_a_token_is_one_line_before_any_database(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    done = run_bot("broadcast", "--id", "week-1", "--message", "Hello",
                   DATABASE_URL=f"sqlite:///{db}")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert "TELEGRAM_BOT_TOKEN" in done.stderr
    assert not db.exists()  # stopped before opening (or creating) the database


def test_what_a_broadcast_loads_leaves_out_the_application() -> None:
    """The broadcast's first send waits for its imports: the sending path must not pull in
    python-telegram-bot's Application, job queue and scheduler (`telegram.ext`)."""
    code = ("import sys, bot.cli, bot.campaign.commands, bot.campaign.delivery, bot.transport; "
            "print(sorted(m for m in sys.modules "
            "if m.startswith(('telegram.ext', 'apscheduler'))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_main_leaves_the_collector_on_whatever_happens(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """`main` holds the cyclic collector off while a command loads; a command that stops
    early (here on an empty content folder) must not leave it off for the rest of the
    process."""
    import gc

    from bot.cli import main

    monkeypatch.setenv("RESPONSES_DIR", str(tmp_path))
    for name in CONFIG_VARS[:-2]:
        if name != "RESPONSES_DIR":
            monkeypatch.delenv(name, raising=False)
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        main(["ask", "hello"])
    assert gc.isenabled()


# -- run: the rules' examples are checked on the triager it serves with ----------------------

def test_run_stops_on_a_rule_that_misses_its_example_before_telegram(content_copy: Path,
                                                                     tmp_path: Path) -> None:
    """`run` checks each rule on its own examples with the conversation it is about to serve
    (`serving_conversation`): a miss is `file:line` and exit 1, before Telegram is tried
    (port 9 refuses, which would otherwise be retried for 30 s and end in status 7)."""
    path = content_copy / "triage.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("    examples:", lines.index("  - name: fever"))
    lines.insert(at + 1, "      - my back feels a little tight this morning")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_bot("run", RESPONSES_DIR=str(content_copy), TELEGRAM_BOT_TOKEN="123:abc",
                   TELEGRAM_BASE_URL="http://127.0.0.1:9/bot",
                   DATABASE_URL=f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    assert done.returncode == 1, done.stderr
    assert f"responses/triage.yaml:{at + 2}: rule 'fever' does not fire on its example " \
           "'my back feels a little tight this morning'" in done.stderr
    assert not (tmp_path / "bot.sqlite3").exists()


def test_the_served_conversation_is_built_before_the_big_imports(tmp_path: Path) -> None:
    """What `run` serves is built before python-telegram-bot and SQLAlchemy are imported, so
    those imports reuse the memory its build frees (`serving_conversation`)."""
    code = ("import sys; from bot.cli import load_or_exit, serving_conversation; "
            "from bot.answers.content import default_folder; "
            "content, _ = load_or_exit(default_folder()); "
            "c = serving_conversation(default_folder(), content); "
            "print(c.match('cant feel my legs and wet myself').triage, "
            "sorted({m.split('.')[0] for m in sys.modules} & {'telegram', 'sqlalchemy'}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["Tier.EMERGENCY", "[]"]
