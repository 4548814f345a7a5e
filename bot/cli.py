"""`python -m bot COMMAND`: the back-care bot's command line (see docs/contract.md).

Heavy imports (python-telegram-bot, SQLAlchemy) happen inside the commands that need them,
so `ask` and `check` start fast.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from bot.answers.content import Content, ContentError
from bot.answers.replies import Reply
from bot.campaign.plan import Campaign, load_content_and_plan
from bot.config import ConfigError, Settings, load_settings
from bot.logs import Redactor, setup_logging

if TYPE_CHECKING:
    from bot.answers.conversation import Conversation

log = logging.getLogger(__name__)

ASK_CHAT_ID = 0  # `ask` answers as one anonymous chat

# Exit statuses (docs/contract.md, docs/deploying.md "When it will not start"). 3 is
# `broadcast`'s "stopped before the end" (bot.campaign.commands).
EXIT_UNEXPECTED = 1
EXIT_SETTING = 2
EXIT_TOKEN_REJECTED = 4
EXIT_DATABASE_UNREACHABLE = 5
EXIT_MIGRATION_FAILED = 6
EXIT_TELEGRAM_UNREACHABLE = 7
EXIT_INTERRUPTED = 130


class CommandFailed(Exception):
    """A command cannot go on: `line` is printed on its own (redacted), `status` is the exit
    status that says why."""

    def __init__(self, line: str, status: int) -> None:
        super().__init__(line)
        self.line = line
        self.status = status


def load_or_exit(folder: Path, rule_examples: bool = False, reading: bool = False,
                 triage: bool = True) -> tuple[Content, Campaign | None]:
    """The content and plan, or every problem printed as `file:line: problem` and exit 1.

    With `rule_examples`, each triage rule is also run on its own examples (about 0.3 s):
    `check` does it, and `run` does the same on the triager it serves with
    (`serving_conversation`), so a rule that misses its own examples is never served. With
    `reading`, every answer is held to the reading limits (about 1 s, `check` only: the
    limits are an editor's standard, kept by `check` in CI, not a reason to refuse to start).
    Without `triage`, the rules are not read: for `broadcast`, which only sends.
    """
    try:
        content, plan = load_content_and_plan(folder, triage)
        problems = []
        if rule_examples:
            from bot.answers.triage import example_problems

            problems += example_problems(content)
        if reading:
            from bot.answers import readability

            problems += readability.problems(content)
        if problems:
            raise ContentError(problems)
        return content, plan
    except ContentError as exc:
        _exit_with(folder, exc)


def _exit_with(folder: Path, exc: ContentError) -> NoReturn:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"{len(exc.problems)} problem(s) in {folder}: fix them and try again.",
          file=sys.stderr)
    raise SystemExit(1) from None


def serving_conversation(folder: Path, content: Content) -> Conversation:
    """The conversation `run` serves, its triage rules run on their own examples (as
    `load_or_exit(rule_examples=True)` does) on the very triager it serves with; exit 1 as
    `load_or_exit` does when one misses.

    Built here, before python-telegram-bot and SQLAlchemy are imported, not once they are:
    building the triager's tables frees some MB of temporaries (the sorted phrase list) that
    Python keeps for the process. Built first, that memory is soon taken again by those
    imports; built last (as `build_application` would), it stayed free and resident for
    good: about 5 MB more held by a serving bot (`bench/memory_loaded.py`). Sharing the
    triager with the check also saves building the rules' tables twice at start-up.
    """
    from bot.answers.conversation import Conversation
    from bot.answers.triage import example_problems

    conversation = Conversation(content)
    problems = example_problems(content, conversation.matcher.triager)
    if problems:
        _exit_with(folder, ContentError(problems))
    return conversation


def cmd_chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.answers.conversation import Conversation
    from bot.terminal import TerminalChat

    conversation = Conversation(load_or_exit(settings.responses_dir)[0])
    _loaded()
    return TerminalChat(conversation).run()



def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from bot.answers.conversation import Conversation
    from bot.answers.dialogue import Dialogue, MemorySubscriptions

    # The same dialogue as Telegram, so commands and STOP get the bot's exact reply; each
    # question is asked as a new person who has not subscribed (nothing is stored), so no
    # line is read as a follow-up to the one before.
    dialogue = Dialogue(Conversation(load_or_exit(settings.responses_dir)[0]), follow_ups=False)
    _loaded()
    questions: Iterable[str] = args.question if args.question else \
        (line.rstrip("\r\n") for line in sys.stdin)
    out = sys.stdout
    with asyncio.Runner() as runner:
        for question in questions:
            dialogue.subscriptions = MemorySubscriptions()
            reply = runner.run(dialogue.respond(ASK_CHAT_ID, question))
            _print_answer(out, question, reply, args.json)
    out.flush()
    return 0


def _print_answer(out: TextIO, question: str, reply: Reply, as_json: bool) -> None:
    """One answer: a JSON line for tools (`text` exactly as Telegram gets it), or plain text."""
    topic = reply.topic or "fallback"
    if as_json:
        out.write(json.dumps({"question": question, "topic": topic,
                              "emergency": reply.emergency, "triage": reply.triage,
                              "text": reply.text}, ensure_ascii=False) + "\n")
    else:
        from bot.terminal import render

        flag = f" {reply.triage.upper()}" if reply.triage else ""
        out.write(f"? {question}\n[{topic}{flag}]\n{render(reply)}\n\n")


def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    folder = Path(args.folder) if args.folder else settings.responses_dir
    content, plan = load_or_exit(folder, rule_examples=True, reading=True)
    print(f"{folder}: OK ({len(content.topics)} topics, "
          f"{sum(len(t.examples) for t in content.topics.values())} examples, "
          f"{len(content.triage.rules)} triage rules)")
    return 0


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    settings.require_token()
    settings.require_webhook_if_port()
    content, plan = load_or_exit(settings.responses_dir)
    conversation = serving_conversation(settings.responses_dir, content)
    from bot.telegram import startup
    from bot.telegram.app import run

    _loaded()

    statuses: dict[type[startup.StartupFailure], int] = {
        startup.TelegramUnreachable: EXIT_TELEGRAM_UNREACHABLE,
        startup.TokenRejected: EXIT_TOKEN_REJECTED,
        startup.DatabaseUnreachable: EXIT_DATABASE_UNREACHABLE,
        startup.MigrationFailed: EXIT_MIGRATION_FAILED,
    }
    try:
        run(settings, content, plan, conversation)
    except startup.StartupFailure as exc:
        raise CommandFailed(exc.line, statuses.get(type(exc), EXIT_UNEXPECTED)) from None
    return 0


def cmd_broadcast(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from bot.campaign.commands import broadcast_command

    if not args.dry_run:  # what sends, loaded now, while the collector is held off (_loaded)
        import bot.campaign.delivery
        import bot.transport  # noqa: F401
    # It sends one text and answers nobody: the triage rules are not read (first send sooner).
    content, plan = load_or_exit(settings.responses_dir, triage=False)
    _loaded(collect=False)
    return asyncio.run(broadcast_command(settings, content, plan, args))


def cmd_stats(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from bot.campaign.commands import stats_command

    _loaded(collect=False)
    return asyncio.run(stats_command(settings))


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from bot.answers.content import topic_titles
    from bot.campaign.report_command import report_command

    titles = topic_titles(settings.responses_dir)
    _loaded(collect=False)  # the charts make many short-lived cycles: collect them as usual
    return asyncio.run(report_command(settings, args, titles))


def _since(value: str) -> date:
    from bot.campaign.report_command import parse_since

    return parse_since(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("run", help="run the Telegram bot (long polling, or webhook if WEBHOOK_URL)")
    sub.add_parser("chat", help="talk to the bot in this terminal (no token needed)")

    ask = sub.add_parser("ask", help="answer each question given, or each line of stdin")
    ask.add_argument("--json", action="store_true",
                     help='one JSON object a line: '
                          '{"question","topic","emergency","triage","text"}')
    ask.add_argument("question", nargs="*", help="questions (quote each); none: read stdin")

    check = sub.add_parser("check", help="validate a content folder; exit 1 on any problem")
    check.add_argument("folder", nargs="?", help="default: the folder in use")

    bc = sub.add_parser("broadcast", help="send one message to every active subscriber "
                        "(resumable by --id)")
    bc.add_argument("--id", required=True, help="names the broadcast; rerun it to resume")
    what = bc.add_mutually_exclusive_group(required=True)
    what.add_argument("--message", help="the text (plain, or Telegram HTML with tags)")
    what.add_argument("--topic", help="send a topic's answer (a catalogue id)")
    bc.add_argument("--dry-run", action="store_true",
                    help="show the recipients' count and the exact text; send nothing")
    bc.add_argument("--force", action="store_true", help="send even in quiet hours")
    bc.add_argument("--paid", action="store_true",
                    help="Telegram paid broadcast: up to 1000/s, costs Stars")

    sub.add_parser("stats", help="subscribers, broadcasts and questions per topic")

    report = sub.add_parser("report", help="the campaign report with charts, as one HTML file")
    report.add_argument("--since", type=_since, metavar="YYYY-MM-DD",
                        help="count from this UTC day on (default: from the start)")
    report.add_argument("--out", metavar="FILE.html", default="report.html",
                        help="where to write it (default: report.html)")
    return parser


COMMANDS = {"run": cmd_run, "chat": cmd_chat, "ask": cmd_ask, "check": cmd_check,
            "broadcast": cmd_broadcast, "stats": cmd_stats, "report": cmd_report}


def _loaded(collect: bool = True) -> None:
    """The command has loaded what it keeps until exit (modules, content, rules, nets): let
    the cyclic collector run again, with all of that moved out of its sight for good.

    Start-up is mostly imports (SQLAlchemy, python-telegram-bot, aiohttp) and content: the
    collector would walk the growing heap dozens of times and free little (a broadcast's
    first send comes about 40 ms sooner without it), and once running, every full collection
    would walk those long-lived objects again, a pause in the middle of someone's reply.
    The start-up's own garbage is collected once first (about 0.1 s; loading the content
    leaves some 10,000 objects in cycles), except for a broadcast, which exits when done
    and wants its first send soon: it freezes its few hundred kilobytes with the rest.
    """
    if collect:
        gc.collect()
    gc.freeze()
    gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every way it can fail ends in one line on standard error and an exit
    status, never a traceback (an unexpected error's goes to the log, redacted)."""
    gc.disable()  # until the command has loaded what it needs (`_loaded`); `check` never does
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_SETTING
    redact = setup_logging(settings.log_level, [settings.token, settings.webhook_secret])
    try:
        return COMMANDS[args.command](settings, args)
    except ConfigError as exc:
        return _fail(redact, f"configuration error: {exc}", EXIT_SETTING)
    except CommandFailed as exc:
        return _fail(redact, exc.line, exc.status)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        log.error("unexpected error in %s", args.command, exc_info=True)
        return _fail(redact, f"unexpected error: {_summary(exc, redact)}; the log above has "
                     "the details", EXIT_UNEXPECTED)


def _fail(redact: Redactor, line: str, status: int) -> int:
    print(redact(" ".join(line.split())), file=sys.stderr)
    return status


def _summary(exc: BaseException, redact: Redactor) -> str:
    """The exception's type and the first line of its text, short (redacted before it is
    cut, so no part of a secret is left)."""
    lines = redact(str(exc)).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:200]}" if lines else type(exc).__name__
