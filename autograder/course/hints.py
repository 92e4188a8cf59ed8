"""Record the failure pattern of every bug in a topic's zoo, for the hints of
:mod:`autograder.grading.diagnosis`, and measure how often those hints name the right mistake.

``record`` grades each bug (the reference with the bug's source appended, as ``verify``
does) and writes ``tests/NN_topic/bugs/patterns.json``::

    {"fingerprint": sha256 of the topic's tests and reference, "examples": int,
     "bugs": {name: {"hint": the first paragraph of its docstring,
                     "functions": [the functions it redefines],
                     "pattern": {function: {test name: signature}}}}}

Grading uses the file only while the fingerprint matches (run ``autograder hints`` again after
changing the topic's tests or reference).

:func:`leave_one_out` measures the hints on mistakes they were not made from: each bug is
matched against the zoo without its own entry. A hint comes from a bug that fails every test
of the topic exactly as the held-out bug does; it names the right mistake when that bug also
redefines the same functions, and is a false hint otherwise.
"""

from __future__ import annotations

import ast
import json
import os
import tempfile
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from autograder.course import Course, Topic
from autograder.course.verify import Bug, bugs_of, patched_reference
from autograder.grading.diagnosis import ZOO_PATTERNS, failure_pattern, zoo_fingerprint, zoo_hint
from autograder.grading.pool import grading_pool
from autograder.grading.runner import GradingOptions, grade
from autograder.results import TestResult


def redefined(bug: Bug) -> list[str]:
    """The functions a bug's source defines (and so replaces in the reference)."""
    return sorted(node.name for node in ast.parse(bug.source).body
                  if isinstance(node, ast.FunctionDef))


def _grade_bug(course: Course, bug: Bug, options: GradingOptions) -> list[TestResult]:
    with tempfile.TemporaryDirectory(prefix="autograder-hint-") as folder:
        submission = patched_reference(course, Path(folder) / "bug", bug.topic, bug.source)
        return grade(course, submission, [bug.topic], options).topics[0].tests


def grade_zoo(course: Course, topic: Topic, options: GradingOptions, jobs: int = 2,
              on_bug: Callable[[int, int], None] | None = None) -> dict[Bug, list[TestResult]]:
    """Every bug of ``topic`` graded, in parallel processes; ``on_bug(done, total)``."""
    bugs = bugs_of(course, topic)
    results = {}
    with grading_pool(jobs) as pool:
        futures = {pool.submit(_grade_bug, course, bug, options): bug for bug in bugs}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            if on_bug:
                on_bug(done, len(bugs))
    return {bug: results[bug] for bug in bugs}


def zoo_entries(graded: dict[Bug, list[TestResult]]) -> dict[str, dict]:
    """The ``bugs`` of a patterns file: what each bug redefines, its hint and its pattern."""
    return {bug.name: {"hint": bug.description, "functions": redefined(bug),
                       "pattern": failure_pattern(tests)}
            for bug, tests in graded.items()}


def record(course: Course, topic: Topic, graded: dict[Bug, list[TestResult]],
           examples: int) -> Path:
    """Write the topic's patterns file (atomically); returns its path."""
    path = course.tests / topic.name / ZOO_PATTERNS
    data = {"fingerprint": zoo_fingerprint(course, topic), "examples": examples,
            "bugs": zoo_entries(graded)}
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path


@dataclass
class HintScore:
    """Leave-one-out figures of one topic: of ``bugs`` held out, ``right`` got a hint that
    named their mistake, ``wrong`` a hint that did not, the rest none; ``own`` is how many
    bugs get their own hint from the whole zoo (a submission that makes exactly that
    mistake)."""

    topic: str
    bugs: int = 0
    right: int = 0
    wrong: int = 0
    own: int = 0
    examples: tuple = ()  # (held-out bug, the bug whose hint it got, right) per hint given

    @property
    def hit_rate(self) -> float:
        return self.right / self.bugs if self.bugs else 0.0

    @property
    def false_rate(self) -> float:
        return self.wrong / self.bugs if self.bugs else 0.0


def leave_one_out(topic: Topic, entries: dict[str, dict]) -> HintScore:
    """The hint each bug gets from the zoo without it (see the module docstring)."""
    score = HintScore(topic.name, bugs=len(entries))
    given = []
    for name, entry in entries.items():
        score.own += zoo_hint(entry["pattern"], entries) == entry["hint"]
        others = {other: e for other, e in entries.items() if other != name}
        hint = zoo_hint(entry["pattern"], others)
        if hint is None:
            continue
        source = next(other for other, e in others.items() if e["hint"] == hint)
        right = any(e["hint"] == hint and e["functions"] == entry["functions"]
                    for e in others.values())
        score.right += right
        score.wrong += not right
        given.append((name, source, right))
    score.examples = tuple(given)
    return score
