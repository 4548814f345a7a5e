"""The campaign report as one self-contained HTML page: summary, charts and their numbers.

Why it is built this way:

* One file with nothing to fetch (no script, no web font, no stylesheet link, charts inline
  as SVG), so it opens from an e-mail attachment or a USB stick, offline, and prints.
* Every chart has a title and a description for screen readers, and a table of the numbers
  it draws, so nobody has to read values off a chart (or see its colours) to use the report.
* Everything that comes from the database (broadcast ids, topic titles, words) is escaped;
  the SVGs come from matplotlib, which escapes the text it writes.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import UTC, date

from bot.campaign.charts import Chart
from bot.campaign.report import Report, long_date, summary_sentences

__all__ = ["render"]

_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       color: #222; background: #fff; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .5rem; border-bottom: 2px solid #0072B2;
     padding-bottom: .2rem; }
.meta { color: #555; font-size: .9rem; margin: 0 0 1rem; }
.summary { font-size: 1.08rem; background: #f3f7fb; border-left: 4px solid #0072B2;
           padding: .8rem 1rem; margin: 1rem 0; }
nav ul { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; list-style: none; }
figure { margin: 1rem 0; }
figure svg { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { padding: .25rem .7rem; border-bottom: 1px solid #ddd; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
thead th { border-bottom: 2px solid #999; }
details { margin: .4rem 0 1rem; }
summary { cursor: pointer; color: #0072B2; }
.note { font-size: .95rem; }
.none { color: #555; font-style: italic; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, table { break-inside: avoid; }
  nav, summary { display: none; }
  details > *:not(summary) { display: block; }
}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _n(value: int) -> str:
    return f"{value:,}"


def _table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[object]],
           numeric: Sequence[bool]) -> str:
    head = "".join(f'<th scope="col"{" class=n" if num else ""}>{_e(h)}</th>'
                   for h, num in zip(headers, numeric))
    body = []
    for row in rows:
        cells = []
        for i, (value, num) in enumerate(zip(row, numeric)):
            text = _n(value) if isinstance(value, int) else str(value)
            tag = "th scope=row" if i == 0 else "td"
            cells.append(f'<{tag}{" class=n" if num else ""}>{_e(text)}</{tag.split()[0]}>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _figure(chart: Chart | None) -> str:
    if chart is None:
        return ""
    title_id, desc_id = f"{chart.key}-title", f"{chart.key}-desc"
    svg = chart.svg.replace(
        "<svg ", f'<svg role="img" aria-labelledby="{title_id} {desc_id}" '
                 f'data-chart="{_e(chart.key)}" ', 1)
    close = svg.index(">", svg.index("<svg")) + 1
    svg = (svg[:close] + f'<title id="{title_id}">{_e(chart.title)}</title>'
           f'<desc id="{desc_id}">{_e(chart.alt)}</desc>' + svg[close:])
    return f"<figure>{svg}</figure>"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _subscribers(report: Report, chart: Chart | None) -> str:
    subs = report.subscribers
    parts = ['<section id="subscribers"><h2>Subscribers over time</h2>',
             '<p class="note">Each chat that ever subscribed has one record: its status today '
             "and when it first subscribed and last changed. So the chart shows, per day, the "
             "chats that <b>first subscribed</b> that day, and the chats that are "
             "<b>unsubscribed or blocked today</b> on the day they last changed. It cannot show "
             "people who left and came back (they count once, as joined), earlier changes of "
             "the same chat, or chats erased with /forget (nothing is kept about them). The "
             "running total below adds these up; it ends at today's subscribers.</p>",
             _figure(chart),
             _table("Subscribers today", ("status", "chats"),
                    [(s, subs.get(s, 0)) for s in ("active", "unsubscribed", "blocked")],
                    (False, True))]
    if report.subscriber_days:
        total, rows = report.subscribed_before, []
        for d in report.subscriber_days:
            total += d.joined - d.left - d.blocked
            if d.joined or d.left or d.blocked:
                rows.append((d.day, d.joined, d.left, d.blocked, total))
        parts.append("<details><summary>Day by day</summary>" + _table(
            "Changes per day (days without any left out)",
            ("day (UTC)", "joined", "left", "blocked", "subscribed"), rows,
            (False, True, True, True, True)) + "</details>")
    parts.append("</section>")
    return "".join(parts)


def _broadcasts(report: Report, chart: Chart | None) -> str:
    parts = ['<section id="broadcasts"><h2>Broadcasts and their delivery</h2>']
    if not report.broadcasts:
        parts.append('<p class="none">No broadcast yet.</p></section>')
        return "".join(parts)
    parts.append('<p class="note">“Still owed” are messages not sent yet (run the same '
                 "broadcast again to send them); “left meanwhile” are people who unsubscribed "
                 "or blocked the bot before their turn. The chart shows the newest "
                 f"{min(len(report.broadcasts), 12)}; the table lists every one.</p>")
    parts.append(_figure(chart))
    rows = [(b.id, f"{b.created.astimezone(UTC):%Y-%m-%d %H:%M}",
             "finished" if b.finished else "not finished", b.sent, b.blocked, b.failed,
             b.owed, b.skipped) for b in report.broadcasts]
    parts.append(_table("Every broadcast, newest first",
                        ("broadcast", "created (UTC)", "state", "delivered", "blocked",
                         "failed", "still owed", "left meanwhile"), rows,
                        (False, False, False, True, True, True, True, True)))
    parts.append("</section>")
    return "".join(parts)


def _topics(report: Report, chart: Chart | None) -> str:
    parts = ['<section id="topics"><h2>Questions per topic</h2>']
    if not report.questions:
        parts.append('<p class="none">No question counted yet.</p></section>')
        return "".join(parts)
    parts.append(_figure(chart))
    rows = [(t.title, t.topic, t.questions, _percent(t.questions, report.questions))
            for t in report.topics if t.questions]
    parts.append(_table(f"Questions per topic ({_n(report.questions)} in all)",
                        ("topic", "id", "questions", "share"), rows,
                        (False, False, True, True)))
    if report.topic_days:
        top = list(report.topic_days)
        day_rows = [(d.day, *(report.topic_days[t][i] for t in top))
                    for i, d in enumerate(report.question_days)
                    if any(report.topic_days[t][i] for t in top)]
        parts.append("<details><summary>Day by day, busiest topics</summary>" + _table(
            "Questions per day (days without any left out)",
            ("day (UTC)", *(report.title(t) for t in top)), day_rows,
            (False, *(True for _ in top))) + "</details>")
    parts.append("</section>")
    return "".join(parts)


def _triage(report: Report, chart: Chart | None) -> str:
    if not report.questions:
        return ""
    rows = [(tier, n, _percent(n, report.questions)) for tier, n in report.triage.items()]
    return ('<section id="triage"><h2>Triage outcomes per tier</h2>'
            '<p class="note">Messages answered with a safety reply: <b>emergency</b> (999 or '
            "A&amp;E now), <b>crisis</b> (suicidal thoughts or self-harm), <b>urgent</b> "
            "(NHS 111 or an urgent GP appointment today).</p>"
            + _figure(chart)
            + _table("Safety replies per tier", ("tier", "messages", "share of questions"),
                     rows, (False, True, True)) + "</section>")


def _helpfulness(report: Report, chart: Chart | None) -> str:
    parts = ['<section id="helpfulness"><h2>Was this helpful?</h2>']
    voted = sorted((t for t in report.topics if t.votes), key=lambda t: (-t.votes, t.topic))
    if not voted:
        parts.append('<p class="none">No votes yet.</p></section>')
        return "".join(parts)
    parts.append(_figure(chart))
    rows = [(t.title, t.helpful, t.not_helpful, _percent(t.helpful, t.votes)) for t in voted]
    parts.append(_table(f"Votes per topic ({_n(report.helpful)} helpful, "
                        f"{_n(report.not_helpful)} not helpful)",
                        ("topic", "helpful", "not helpful", "helpful share"), rows,
                        (False, True, True, True)))
    parts.append("</section>")
    return "".join(parts)


def _fallback(report: Report, chart: Chart | None) -> str:
    if not report.questions:
        return ""
    parts = ['<section id="fallback"><h2>Fallback rate</h2>',
             f'<p class="note">Questions the bot had no answer for: {_n(report.fallbacks)} of '
             f"{_n(report.questions)} ({_percent(report.fallbacks, report.questions)}). "
             "The words people used in them are below.</p>", _figure(chart)]
    rows = [(d.day, d.questions, d.fallback, _percent(d.fallback, d.questions))
            for d in report.question_days if d.questions]
    if rows:
        parts.append("<details><summary>Day by day</summary>" + _table(
            "Fallback per day (days without questions left out)",
            ("day (UTC)", "questions", "no answer", "rate"), rows,
            (False, True, True, True)) + "</details>")
    parts.append("</section>")
    return "".join(parts)


def _missing_words(report: Report) -> str:
    parts = ['<section id="words"><h2>What people asked that we could not answer</h2>',
             '<p class="note">Only single dictionary words from questions the bot had no '
             "answer for, and only a word that at least 5 different people used in the same "
             "week. No message is stored, and nobody can be picked out.</p>"]
    if not report.missing_words:
        parts.append('<p class="none">No word yet reached 5 people in one week.</p>')
    else:
        rows = [(w.word, w.week, w.people, w.uses) for w in report.missing_words]
        parts.append(_table("Words of unanswered questions, per ISO week",
                            ("word", "week", "people", "uses"), rows,
                            (False, False, True, True)))
    parts.append("</section>")
    return "".join(parts)


_SECTIONS = (("subscribers", "Subscribers"), ("broadcasts", "Broadcasts"),
             ("topics", "Questions per topic"), ("triage", "Triage"),
             ("helpfulness", "Helpfulness"), ("fallback", "Fallback rate"),
             ("words", "Missing words"))


def render(report: Report, charts: dict[str, Chart]) -> str:
    """The whole page."""
    made = report.generated.astimezone(UTC)
    title = f"Campaign report, {long_date(made)}"
    head = (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>")
    since = f" Counting from {long_date(report.since)}." if isinstance(report.since, date) \
        else ""
    meta = (f'<p class="meta">Made {made:%Y-%m-%d %H:%M} UTC from the bot\'s database.{since} '
            "Counts only: no message anyone wrote, and no chat or user id.</p>")
    parts = [head, f"<h1>{_e(title)}</h1>", meta,
             f'<p class="summary">{_e(" ".join(summary_sentences(report)))}</p>']
    if report.empty:
        parts.append(
            '<p>This page fills in by itself. Make it again once the bot is running and people '
            "use it, and it will show:</p><ul><li>subscribers over time (joined, left, "
            "blocked);</li><li>each broadcast's delivery;</li><li>questions per topic per "
            "day;</li><li>safety replies per tier;</li><li>how helpful people found the "
            "answers;</li><li>the share of questions with no answer, and the words used in "
            "them.</li></ul>")
    else:
        parts.append("<nav><ul>" + "".join(f'<li><a href="#{key}">{_e(name)}</a></li>'
                                           for key, name in _SECTIONS) + "</ul></nav>")
        parts += [
            _subscribers(report, charts.get("subscribers")),
            _broadcasts(report, charts.get("broadcasts")),
            _topics(report, charts.get("topics")),
            _triage(report, charts.get("triage")),
            _helpfulness(report, charts.get("helpfulness")),
            _fallback(report, charts.get("fallback")),
            _missing_words(report),
        ]
    parts.append("</main></body></html>\n")
    return "".join(parts)
