"""``report.html``: the class report an instructor reads after grading a whole class.

One self-contained HTML page (inline style, plots embedded as base64 PNG, no scripts,
nothing fetched): a summary of the scores, a histogram of the totals, the pass rate of every
graded test sorted from the least passed (which property did the class fail most?) with the
most common failing call among the students who failed it and how many of them failed on
exactly that call (the grader's own record of the call, never text from a student's message;
hidden tests have none) and, below the test's row, the plot of that failure when it compared
arrays (:mod:`autograder.exports.plots`), and a table of students linking to
``students/<id>/feedback.html``.
Plots are drawn with matplotlib's object-oriented API (a ``Figure`` on the Agg canvas, no
pyplot state, no display needed).
"""

from __future__ import annotations

import html
import statistics
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

from autograder.exports.common import (description, failing_call, points, student_ids,
                                       topic_names)
from autograder.exports.plots import comparison_png, png
from autograder.results import GradingResult

BAR_CHART_TESTS = 30  # the chart shows the least passed tests; the table lists them all
SHOWN_INPUT_CHARS = 600
NOT_PASSED = ("failed", "error", "timeout")


@dataclass
class GradedTestStats:
    """How the class did on one graded test (``topic::name``)."""

    topic: str
    name: str
    function: str
    max_score: float
    visibility: str
    description: str
    statuses: Counter = field(default_factory=Counter)
    inputs: Counter = field(default_factory=Counter)
    plots: dict = field(default_factory=dict)  # failing call -> the first plot recorded for it

    @property
    def graded(self) -> int:
        return sum(self.statuses.values())

    @property
    def pass_rate(self) -> float:
        return self.statuses["passed"] / self.graded if self.graded else 0.0


def graded_test_stats(results: list[GradingResult]) -> list[GradedTestStats]:
    """One entry per graded test, the least passed first (ties in course order)."""
    stats: dict[tuple[str, str], GradedTestStats] = {}
    order = {name: index for index, name in enumerate(topic_names(results))}
    for result in results:
        for topic in result.topics:
            for test in topic.tests:
                entry = stats.setdefault((topic.name, test.name), GradedTestStats(
                    topic.name, test.name, test.function, test.max_score, test.visibility,
                    description(test)))
                entry.statuses[test.status] += 1
                call = failing_call(test) if test.status != "passed" else None
                if call:
                    entry.inputs[call] += 1
                    if isinstance(test.details.get("plot"), dict):
                        entry.plots.setdefault(call, test.details["plot"])
    position = {key: index for index, key in enumerate(stats)}
    return sorted(stats.values(), key=lambda s: (s.pass_rate, order[s.topic],
                                                 position[(s.topic, s.name)]))


def histogram_png(results: list[GradingResult]) -> str:
    """A histogram of the totals (in points when every submission has the same maximum,
    else in percent of each one's maximum), as a ``data:`` URL."""
    from matplotlib.figure import Figure  # imported here: matplotlib is slow to import

    maxima = {result.max_score for result in results}
    if len(maxima) == 1:
        top = maxima.pop() or 1.0
        scores = [result.score for result in results]
        label = "total points"
    else:
        top = 100.0
        scores = [100 * r.score / r.max_score if r.max_score else 0.0 for r in results]
        label = "total (% of the maximum)"
    figure = Figure(figsize=(7, 3), dpi=100)
    axes = figure.subplots()
    axes.hist(scores, bins=20, range=(0, top), color="#4a78c2", edgecolor="white")
    axes.axvline(statistics.mean(scores), color="#c0392b", linestyle="--",
                 label=f"mean {statistics.mean(scores):.1f}")
    axes.set_xlim(0, top)
    axes.set_xlabel(label)
    axes.set_ylabel("students")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="upper left")
    return png(figure)


def pass_rate_png(stats: list[GradedTestStats]) -> str:
    """Horizontal bars: the pass rate of the least passed tests, as a ``data:`` URL."""
    from matplotlib.figure import Figure

    shown = stats[:BAR_CHART_TESTS][::-1]  # least passed at the top
    figure = Figure(figsize=(8, 0.28 * len(shown) + 1.0), dpi=100)
    axes = figure.subplots()
    labels = [_short(f"{s.topic}::{s.name}", 55) for s in shown]
    rates = [100 * s.pass_rate for s in shown]
    colors = ["#c0392b" if rate < 50 else "#e69b22" if rate < 80 else "#3c9a4c"
              for rate in rates]
    axes.barh(range(len(shown)), rates, color=colors)
    axes.set_yticks(range(len(shown)), labels, fontsize=8)
    axes.set_xlim(0, 100)
    axes.set_xlabel("students who passed (%)")
    return png(figure)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


STYLE = """
body { font-family: system-ui, sans-serif; margin: 1em auto; padding: 0 1em; max-width: 72em;
       color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
table.tests { width: 100%; table-layout: fixed; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }
th { background: #eef; } td.num { text-align: right; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.95em; }
img { max-width: 100%; }
"""


def to_html(results: list[GradingResult], feedback_links: dict[str, str]) -> str:
    """The report; ``feedback_links`` maps a student id to the relative URL of their
    feedback page (students without one are listed without a link)."""
    esc = html.escape
    ids = student_ids(results)
    stats = graded_test_stats(results)
    totals = [result.score for result in results]
    summary = (f"{len(results)} students; total points: mean {statistics.mean(totals):.1f}, "
               f"median {points(statistics.median(totals))}, min {points(min(totals))}, "
               f"max {points(max(totals))}")

    test_rows = []
    for rank, s in enumerate(stats, start=1):
        counts = "".join(f"<td class='num'>{s.statuses[status]}</td>" for status in NOT_PASSED)
        plot_row = ""
        if s.inputs:
            shrunk, count = s.inputs.most_common(1)[0]
            example = (f"<pre>{esc(_short(shrunk, SHOWN_INPUT_CHARS))}</pre>"
                       f"<small>{count} of {s.graded - s.statuses['passed']} failing "
                       f"students</small>")
            if shrunk in s.plots:
                plot_row = (f"<tr class='plot'><td></td><td colspan='8'><img alt='plot of the "
                            f"most common failure of {esc(s.name)}' "
                            f"src='{comparison_png(s.plots[shrunk])}'></td></tr>")
        else:
            example = ""
        test_rows.append(
            f"<tr><td class='num'>{rank}</td><td><code>{esc(s.topic)}::{esc(s.name)}</code>"
            f"<br><small>{esc(s.function)}, {esc(s.visibility)}</small></td>"
            f"<td>{esc(s.description)}</td><td class='num'>{points(s.max_score)}</td>"
            f"<td class='num'>{s.statuses['passed']} / {s.graded} "
            f"({100 * s.pass_rate:.0f}%)</td>{counts}<td>{example}</td></tr>{plot_row}")

    topics = topic_names(results)
    student_rows = []
    for sid, result in zip(ids, results):
        link = feedback_links.get(sid)
        name = f"<a href='{esc(link)}'>{esc(sid)}</a>" if link else esc(sid)
        scores = {topic.name: f"{points(topic.score)} / {points(topic.max_score)}"
                  for topic in result.topics}
        cells = "".join(f"<td class='num'>{scores.get(name_, '')}</td>" for name_ in topics)
        student_rows.append(f"<tr><td>{name}</td>{cells}<td class='num'>"
                            f"{points(result.score)} / {points(result.max_score)}</td></tr>")

    status_heads = "".join(f"<th>{status}</th>" for status in NOT_PASSED)
    topic_heads = "".join(f"<th>{esc(name)}</th>" for name in topics)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>Class report</title><style>{STYLE}</style></head><body>"
        f"<h1>Class report</h1><p>{esc(summary)}</p>"
        f"<h2>Scores</h2><img alt='histogram of total scores' src='{histogram_png(results)}'>"
        f"<h2>Where did the class fail?</h2>"
        f"<p>Every graded test, the least passed first. The failing call is the most common "
        f"one among the students who failed the test, with a plot of that failure where it "
        f"compared arrays (hidden tests never show one).</p>"
        f"<img alt='pass rate of the least passed tests' src='{pass_rate_png(stats)}'>"
        f"<table class='tests'><colgroup><col style='width:3%'><col style='width:21%'>"
        f"<col style='width:21%'><col style='width:6%'><col style='width:9%'>"
        f"<col style='width:6%'><col style='width:6%'><col style='width:7%'><col></colgroup>"
        f"<tr><th>#</th><th>test</th><th>property</th><th>points</th><th>passed</th>"
        f"{status_heads}<th>most common failing call</th></tr>{''.join(test_rows)}</table>"
        f"<h2>Students</h2><table><tr><th>student</th>{topic_heads}<th>total</th></tr>"
        f"{''.join(student_rows)}</table></body></html>\n")


def feedback_link(sid: str) -> str:
    """The relative URL of a student's feedback page from the report."""
    return f"students/{quote(sid)}/feedback.html"
