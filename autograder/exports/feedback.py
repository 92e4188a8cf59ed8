"""Per-student feedback, ``feedback.md`` and ``feedback.html``: the total, a table of points
per topic, then the feedback of every test that did not pass (as a student may read it, see
:func:`autograder.exports.common.student_feedback`; ``hints=True`` adds the likely mistakes
that the topic's bug zoo names).

The HTML page is self-contained (inline style, no scripts, nothing fetched) and every text
from the results model is escaped with :func:`html.escape`. A visible test whose failure
recorded the arrays it compared also shows them as a small plot
(:func:`autograder.exports.plots.comparison_png`, an inline PNG).
"""

from __future__ import annotations

import html
import re

from autograder.exports.common import late_note, points, student_feedback, student_id, total
from autograder.exports.plots import comparison_png
from autograder.results import GradingResult, TestResult, TopicResult


def _passed(topic: TopicResult) -> str:
    return f"{sum(test.status == 'passed' for test in topic.tests)} / {len(topic.tests)}"


def _not_passed(result: GradingResult) -> list[tuple[str, TestResult]]:
    return [(topic.name, test) for topic in result.topics for test in topic.tests
            if test.status != "passed"]


def summary_lines(result: GradingResult) -> list[str]:
    """What the feedback says under its total: how lateness changed the score, and that
    some tests could not be tested (plain text; the callers escape it)."""
    lines = []
    note = late_note(result)
    if note:
        lines.append(f"Late submission: {note}.")
    untestable = sum(test.status == "untestable" for topic in result.topics
                     for test in topic.tests)
    if untestable:
        lines.append(f"{untestable} test(s) could not be tested (UNTESTABLE) because a function "
                     f"they need does not work yet: they earn no points until it does, "
                     f"and each one names the function to fix first.")
    return lines


def _longest_run(text: str, char: str = "`") -> int:
    return max((len(run) for run in re.findall(re.escape(char) + "+", text)), default=0)


def _fence(text: str) -> str:
    """A Markdown code fence longer than any run of backticks in ``text``."""
    return "`" * max(3, _longest_run(text) + 1)


def _inline_code(text: str) -> str:
    ticks = "`" * (_longest_run(text) + 1)
    return f"{ticks} {text} {ticks}" if len(ticks) > 1 else f"`{text}`"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def topic_table_markdown(result: GradingResult) -> str:
    """The per-topic table (topic, points, passed tests) as GitHub-flavoured Markdown."""
    rows = ["| topic | points | passed tests |", "|---|---:|---:|"]
    rows += [f"| {_cell(topic.name)} | {points(topic.score)} / {points(topic.max_score)} | "
             f"{_passed(topic)} |" for topic in result.topics]
    return "\n".join(rows)


def to_markdown(result: GradingResult, hints: bool = False) -> str:
    parts = [f"# Feedback for {_cell(student_id(result))}",
             f"**Total: {total(result)} points**",
             *(_cell(line) for line in summary_lines(result)),
             topic_table_markdown(result)]
    failed = _not_passed(result)
    if failed:
        parts.append("## Tests that did not pass")
    for topic, test in failed:
        text = student_feedback(test, hints)
        fence = _fence(text)
        parts.append(f"### {test.status.upper()} {_inline_code(f'{topic}::{test.name}')} "
                     f"(0 / {points(test.max_score)})\n\n{fence}text\n{text}\n{fence}")
    if not failed:
        parts.append("Every test passed.")
    return "\n\n".join(parts) + "\n"


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.8em; text-align: left; }
td.num { text-align: right; }
pre { background: #f5f5f5; border-left: 4px solid #c33; padding: 0.8em; white-space: pre-wrap; }
img.plot { max-width: 100%; display: block; margin: 0.5em 0 1.5em; }
.passed { color: #171; } .failed { color: #b11; } .error { color: #a1a; } .timeout { color: #a60; }
.untestable { color: #167; }
"""


def plot_img(test: TestResult) -> str:
    """An ``<img>`` of the comparison a visible test's failure recorded, or ""."""
    plot = test.details.get("plot")
    if test.visibility != "visible" or not isinstance(plot, dict):
        return ""
    alt = html.escape(f"plot of {plot.get('what', 'the compared values')}: expected vs got",
                      quote=True)
    return f"<img class='plot' alt='{alt}' src='{comparison_png(plot)}'>"


def to_html(result: GradingResult, hints: bool = False) -> str:
    esc = html.escape
    sid = esc(student_id(result))
    rows = "".join(
        f"<tr><td>{esc(topic.name)}</td><td class='num'>{points(topic.score)} / "
        f"{points(topic.max_score)}</td><td class='num'>{_passed(topic)}</td></tr>"
        for topic in result.topics)
    sections = "".join(
        f"<h3><span class='{esc(test.status)}'>{esc(test.status.upper())}</span> "
        f"<code>{esc(topic)}::{esc(test.name)}</code> (0 / {points(test.max_score)})</h3>"
        f"<pre>{esc(student_feedback(test, hints))}</pre>{plot_img(test)}"
        for topic, test in _not_passed(result))
    failed = (f"<h2>Tests that did not pass</h2>{sections}" if sections
              else "<p>Every test passed.</p>")
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>Feedback for {sid}</title><style>{STYLE}</style></head><body>"
            f"<h1>Feedback for {sid}</h1>"
            f"<p><strong>Total: {total(result)} points</strong></p>"
            + "".join(f"<p>{esc(line)}</p>" for line in summary_lines(result)) +
            f"<table><tr><th>topic</th><th>points</th><th>passed tests</th></tr>{rows}"
            f"</table>{failed}</body></html>\n")
