"""``report.html``: the class report an instructor reads after grading a whole class.

One self-contained HTML page (inline style, plots embedded as base64 PNG, no scripts,
nothing fetched), in the order an instructor needs it:

1. a summary: how many students, the totals (mean, median, min, max), each topic's mean,
   who could not be graded;
2. the students, each linking to ``students/<id>/feedback.html``;
3. the charts: a histogram of the totals, and per graded test how the class split between
   passed, *fails the property* (failed, timed out, or raised) and *not implemented or does
   not import* (the function still raises ``NotImplementedError``, or its module is missing
   or does not import: nothing about the property is known);
4. every graded test, ranked by its pass rate among the students who implemented it (the
   property the class failed most first), with the most common shrunk counterexample among
   the students who failed it and how many of them had exactly that call (the grader's
   own record of the call, never text from a student's message; hidden tests have none)
   and, below the test's row, the plot of that failure when it compared arrays
   (:mod:`autograder.exports.plots`).

Plots are drawn with matplotlib's object-oriented API (a ``Figure`` on the Agg canvas, no
pyplot state, no display needed).
"""

from __future__ import annotations

import html
import statistics
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

from autograder.exports.common import (description, failing_call, points,
                                       student_ids, topic_names, total)
from autograder.exports.plots import comparison_png, png
from autograder.extras import require
from autograder.results import GradingResult, TestResult

BAR_CHART_TESTS = 30  # the chart shows the least passed tests; the table lists them all
SHOWN_INPUT_CHARS = 600
LABEL_CHARS = 52  # chart labels wrap (never cut) at this width
# The reason line of the feedback (autograder.grading.feedback) when the student's function
# cannot have been tried: it raises NotImplementedError, or its module is missing or does not
# import (tests/harness/test_exports.py checks these against real gradings).
NOT_ATTEMPTED_REASONS = ("is not implemented yet (it raises NotImplementedError)",
                         " could not be imported")
NOT_ATTEMPTED = "not implemented or does not import"


def not_attempted(test: TestResult) -> bool:
    """Whether ``test`` did not pass because the function was never tried (see
    :data:`NOT_ATTEMPTED_REASONS`), rather than because its property does not hold (an
    ``untestable`` test, whose needed function may be the one not implemented, is counted
    apart)."""
    lines = test.feedback.splitlines()
    return test.status not in ("passed", "untestable") and (
        test.details.get("kind") == "import"
        or len(lines) > 1 and any(reason in lines[1] for reason in NOT_ATTEMPTED_REASONS))


@dataclass
class GradedTestStats:
    """How the class did on one graded test (``topic::name``)."""

    topic: str
    name: str
    function: str
    max_score: float
    visibility: str
    description: str
    statuses: Counter = field(default_factory=Counter)  # status -> students, not attempted
    not_attempted: int = 0  # students whose function was never tried (not in statuses)
    inputs: Counter = field(default_factory=Counter)
    plots: dict = field(default_factory=dict)  # failing call -> the first plot recorded for it

    @property
    def graded(self) -> int:
        return sum(self.statuses.values()) + self.not_attempted

    @property
    def attempted(self) -> int:
        """Students whose function the test could try (not: not implemented, no import, or
        untestable because a function it needs does not work)."""
        return self.graded - self.not_attempted - self.statuses["untestable"]

    @property
    def failing(self) -> int:
        """Students whose implementation does not have the property (failed, error, timeout)."""
        return self.attempted - self.statuses["passed"]

    @property
    def pass_rate(self) -> float | None:
        """Passed among the students who implemented the function; None when none did."""
        return self.statuses["passed"] / self.attempted if self.attempted else None


def graded_test_stats(results: list[GradingResult]) -> list[GradedTestStats]:
    """One entry per graded test, the lowest :attr:`~GradedTestStats.pass_rate` first, tests
    nobody implemented last (ties in course order)."""
    stats: dict[tuple[str, str], GradedTestStats] = {}
    order = {name: index for index, name in enumerate(topic_names(results))}
    for result in results:
        for topic in result.topics:
            for test in topic.tests:
                entry = stats.setdefault((topic.name, test.name), GradedTestStats(
                    topic.name, test.name, test.function, test.max_score, test.visibility,
                    description(test)))
                if not_attempted(test):
                    entry.not_attempted += 1
                    continue
                entry.statuses[test.status] += 1
                call = failing_call(test) if test.status != "passed" else None
                if call:
                    entry.inputs[call] += 1
                    if isinstance(test.details.get("plot"), dict):
                        entry.plots.setdefault(call, test.details["plot"])
    position = {key: index for index, key in enumerate(stats)}
    return sorted(stats.values(), key=lambda s: (
        s.pass_rate is None, s.pass_rate or 0.0, order[s.topic], position[(s.topic, s.name)]))


def require_plots():
    """matplotlib's ``Figure``, imported when a plot is drawn (matplotlib is slow to import
    and only the ``instructor`` extra installs it); ``MissingExtra`` without it."""
    return require("matplotlib.figure", "instructor", "the class report's plots").Figure


def histogram_png(results: list[GradingResult]) -> str:
    """A histogram of the totals after any late penalty (in points when every submission
    has the same maximum, else in percent of each one's maximum), as a ``data:`` URL."""
    Figure = require_plots()

    maxima = {result.max_score for result in results}
    if len(maxima) == 1:
        top = maxima.pop() or 1.0
        scores = [result.final_score for result in results]
        label = "total points"
    else:
        top = 100.0
        scores = [100 * r.final_score / r.max_score if r.max_score else 0.0 for r in results]
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
    """Horizontal stacked bars for the least passed tests (the order of the table): the
    share of the class that passed, that fails the property, and that did not implement
    the function (or whose module does not import), as a ``data:`` URL. Labels wrap."""
    Figure = require_plots()

    shown = stats[:BAR_CHART_TESTS][::-1]  # least passed at the top
    # "NN name", the topic's number kept with the name's first line (a no-break space)
    labels = [textwrap.fill(f"{s.topic[:2]}\u00a0{s.name.removeprefix('test_')}", LABEL_CHARS)
              for s in shown]
    lines = sum(label.count("\n") + 1 for label in labels)
    figure = Figure(figsize=(10, 0.24 * lines + 0.2 * len(shown) + 1.4), dpi=100)
    axes = figure.subplots()
    left = [0.0] * len(shown)
    for name, count, colour in (
            ("passed", lambda s: s.statuses["passed"], "#3c9a4c"),
            ("fails the property", lambda s: s.failing, "#c0392b"),
            ("could not be tested", lambda s: s.statuses["untestable"], "#5b8fa8"),
            (NOT_ATTEMPTED, lambda s: s.not_attempted, "#b0b0b0")):
        widths = [100 * count(s) / s.graded if s.graded else 0.0 for s in shown]
        axes.barh(range(len(shown)), widths, left=left, color=colour, label=name)
        left = [a + b for a, b in zip(left, widths)]
    axes.set_yticks(range(len(shown)), labels, fontsize=10)
    axes.set_xlim(0, 100)
    axes.margins(y=0.01)
    axes.set_xlabel("students (%)", fontsize=10)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=4, frameon=False,
                fontsize=10)
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


def summary(results: list[GradingResult]) -> list[str]:
    """The report's first lines: the class, its totals, each topic's mean, who could not be
    graded (plain text, escaped by the caller)."""
    totals = [result.final_score for result in results]
    maxima = {points(result.max_score) for result in results}
    lines = [f"{len(results)} students; total points (of {' / '.join(sorted(maxima))}): mean "
             f"{statistics.mean(totals):.1f}, median {points(statistics.median(totals))}, "
             f"min {points(min(totals))}, max {points(max(totals))}"]
    by_topic: dict[str, list] = {}
    for result in results:
        for topic in result.topics:
            by_topic.setdefault(topic.name, []).append(topic)
    lines.append("mean per topic: " + ", ".join(
        f"{name} {statistics.mean(t.score for t in by_topic[name]):.1f} / "
        f"{points(by_topic[name][0].max_score)}" for name in topic_names(results)))
    ungraded = [sid for sid, result in zip(student_ids(results), results)
                if result.metadata.get("error")]
    if ungraded:
        lines.append(f"not gradable (every test recorded as an error, see their feedback): "
                     f"{', '.join(ungraded)}")
    return lines


def to_html(results: list[GradingResult], feedback_links: dict[str, str]) -> str:
    """The report; ``feedback_links`` maps a student id to the relative URL of their
    feedback page (students without one are listed without a link)."""
    esc = html.escape
    ids = student_ids(results)
    stats = graded_test_stats(results)

    test_rows = []
    for rank, s in enumerate(stats, start=1):
        plot_row = ""
        if s.inputs:
            shrunk, count = s.inputs.most_common(1)[0]
            example = (f"<pre>{esc(_short(shrunk, SHOWN_INPUT_CHARS))}</pre>"
                       f"<small>{count} of {s.failing} failing students</small>")
            if shrunk in s.plots:
                plot_row = (f"<tr class='plot'><td></td><td colspan='10'><img alt='plot of the "
                            f"most common failure of {esc(s.name)}' "
                            f"src='{comparison_png(s.plots[shrunk])}'></td></tr>")
        else:
            example = ""
        rate = f"({100 * s.pass_rate:.0f}%)" if s.pass_rate is not None else ""
        counts = "".join(f"<td class='num'>{n}</td>" for n in (
            s.statuses["failed"], s.statuses["error"], s.statuses["timeout"],
            s.statuses["untestable"], s.not_attempted))
        test_rows.append(
            f"<tr><td class='num'>{rank}</td><td><code>{esc(s.topic)}::{esc(s.name)}</code>"
            f"<br><small>{esc(s.function)}, {esc(s.visibility)}</small></td>"
            f"<td>{esc(s.description)}</td><td class='num'>{points(s.max_score)}</td>"
            f"<td class='num'>{s.statuses['passed']} / {s.attempted} {rate}</td>{counts}"
            f"<td>{example}</td></tr>{plot_row}")

    topics = topic_names(results)
    student_rows = []
    for sid, result in zip(ids, results):
        link = feedback_links.get(sid)
        name = f"<a href='{esc(link)}'>{esc(sid)}</a>" if link else esc(sid)
        scores = {topic.name: f"{points(topic.score)} / {points(topic.max_score)}"
                  for topic in result.topics}
        cells = "".join(f"<td class='num'>{scores.get(name_, '')}</td>" for name_ in topics)
        student_rows.append(f"<tr><td>{name}</td>{cells}<td class='num'>"
                            f"{total(result)}</td></tr>")

    topic_heads = "".join(f"<th>{esc(name)}</th>" for name in topics)
    summary_items = "".join(f"<li>{esc(line)}</li>" for line in summary(results))
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>Class report</title><style>{STYLE}</style></head><body>"
        f"<h1>Class report</h1><ul class='summary'>{summary_items}</ul>"
        f"<h2>Students</h2><p>Each name links to the feedback that student reads.</p>"
        f"<table><tr><th>student</th>{topic_heads}<th>total</th></tr>"
        f"{''.join(student_rows)}</table>"
        f"<h2>Scores</h2><img alt='histogram of total scores' src='{histogram_png(results)}'>"
        f"<h2>Where did the class fail?</h2>"
        f"<p>Per graded test, the students who passed, those whose code does not have the "
        f"property (failed, raised or timed out), those whose function could not be tested "
        f"(untestable: a function the test needs, such as their forward pass, does not "
        f"work), and those who did not implement the "
        f"function or whose module does not import ({NOT_ATTEMPTED}: nothing is known about "
        f"the property). Tests are ranked by their pass rate among the students whose "
        f"function they could test. The failing call is the most common smallest counterexample "
        f"among the students who failed the test (hidden tests never show one).</p>"
        f"<img alt='pass rates of the least passed tests' src='{pass_rate_png(stats)}'>"
        f"<table class='tests'><colgroup><col style='width:3%'><col style='width:19%'>"
        f"<col style='width:19%'><col style='width:6%'><col style='width:10%'>"
        f"<col style='width:6%'><col style='width:5%'><col style='width:6%'>"
        f"<col style='width:7%'><col style='width:10%'><col></colgroup>"
        f"<tr><th>#</th><th>test</th><th>property</th><th>points</th>"
        f"<th>passed / tested</th><th>failed</th><th>error</th><th>timeout</th>"
        f"<th>untestable</th>"
        f"<th>not implemented / no import</th><th>most common failing call</th></tr>"
        f"{''.join(test_rows)}</table></body></html>\n")


def feedback_link(sid: str) -> str:
    """The relative URL of a student's feedback page from the report."""
    return f"students/{quote(sid)}/feedback.html"
