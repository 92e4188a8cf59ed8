"""Terminal reports (rich) made from :mod:`autograder.results`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from autograder.exports.common import late_note, student_feedback, total
from autograder.results import GradingResult

STATUS_STYLE = {"passed": "green", "failed": "red", "error": "magenta", "timeout": "yellow",
                "untestable": "cyan"}


def _points(value: float) -> str:
    return f"{value:g}"


def submission_table(result: GradingResult) -> Table:
    """One row per test, under the total (after any late penalty, explained)."""
    note = late_note(result)
    table = Table(title=Text(f"{result.submission}: {total(result)}"
                             + (f" ({note})" if note else "")))
    for column in ("topic", "test", "function", "status", "points"):
        table.add_column(column, justify="right" if column == "points" else "left")
    for topic in result.topics:
        for test in topic.tests:
            table.add_row(topic.name, Text(test.name), test.function,
                          Text(test.status, style=STATUS_STYLE[test.status]),
                          f"{_points(test.score)}/{_points(test.max_score)}")
    return table


def class_table(results: list[GradingResult]) -> Table:
    """One row per submission: points per topic, total, and how many tests ended how."""
    topics = [topic.name for topic in results[0].topics]
    table = Table(title=f"{len(results)} submissions")
    table.add_column("submission")
    for name in topics:
        table.add_column(name, justify="right")
    table.add_column("total", justify="right")
    for status in STATUS_STYLE:
        table.add_column(status, justify="right", style=STATUS_STYLE[status])
    for result in results:
        counts = {status: 0 for status in STATUS_STYLE}
        for topic in result.topics:
            for test in topic.tests:
                counts[test.status] += 1
        table.add_row(
            Text(result.submission),
            *(f"{_points(t.score)}/{_points(t.max_score)}" for t in result.topics),
            total(result).replace(" ", ""),
            *(str(counts[status]) for status in STATUS_STYLE),
        )
    return table


def print_feedback(console: Console, result: GradingResult, hints: bool = False) -> None:
    """The feedback of every test that did not pass, as a student reads it (with ``hints``,
    each one's hint)."""
    for topic in result.topics:
        for test in topic.tests:
            if test.status == "passed":
                continue
            style = STATUS_STYLE[test.status]
            console.print(Text(f"\n{test.status.upper()} {topic.name}::{test.name} "
                               f"(0/{_points(test.max_score)})", style=f"bold {style}"))
            console.print(Text(student_feedback(test, hints)))
