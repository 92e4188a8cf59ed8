"""Record how every bug of a topic's zoo fails, for the hints of
:mod:`autograder.grading.zoo`, and measure how often those hints name the right mistake.

:func:`record` grades each bug (the reference with the bug's source appended, as ``verify``
does) and writes ``tests/NN_topic/bugs/patterns.json`` (its format: :mod:`..grading.zoo`).
``autograder release`` records every topic whose file is :func:`stale` (the topic's tests,
reference or bugs changed since), and ``release --check`` fails while one is.

:func:`leave_one_out` measures the hints on mistakes they were not made from: each bug is
held out (its own entry, with its own failures, is removed from the zoo) and given the hints
that the rest of the course's zoo gives its failures, exactly as grading would. A hint
**names the right mistake** when it is a class hint of the held-out bug's own class (or the
zoo's own hint of a bug of that class); it is a **false hint** otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from autograder.course import Course, Topic
from autograder.course.verify import Bug, bugs_of, patched_reference
from autograder.grading.mistakes import MISTAKES, class_hint
from autograder.grading.pool import grading_pool
from autograder.grading.runner import GradingOptions, grade
from autograder.grading.zoo import PATTERNS, examples, failures, fingerprint, hints, recorded
from autograder.results import TestResult


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


def _source_digest(bugs: list[Bug]) -> str:
    """sha256 over the bugs' names and sources (a changed bug fails differently)."""
    digest = hashlib.sha256(b"bugs\0")
    for bug in sorted(bugs, key=lambda bug: bug.name):
        digest.update(f"{bug.name}\0{bug.source}\0".encode())
    return digest.hexdigest()


def record(course: Course, topic: Topic, graded: dict[Bug, list[TestResult]],
           examples_per_test: int) -> Path:
    """Write the topic's patterns file (atomically); returns its path."""
    path = course.tests / topic.name / PATTERNS
    data = {"fingerprint": fingerprint(course, topic), "bugs_sha256": _source_digest(list(graded)),
            "examples": examples_per_test,
            "bugs": {bug.name: {"hint": bug.description, "mistake": bug.mistake,
                                "failures": failures(tests)} for bug, tests in graded.items()}}
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path


def stale(course: Course, topic: Topic, examples_per_test: int) -> str | None:
    """Why ``topic``'s patterns file must be recorded again, or None when it is current (or
    the topic has no bugs)."""
    bugs = bugs_of(course, topic)
    if not bugs:
        return None
    data = recorded(course, topic)
    if data is None:
        return f"{topic.name}/{PATTERNS}: missing"
    if data.get("fingerprint") != fingerprint(course, topic):
        return f"{topic.name}/{PATTERNS}: out of date (the tests or the reference changed)"
    if data.get("bugs_sha256") != _source_digest(bugs):
        return f"{topic.name}/{PATTERNS}: out of date (the bugs changed)"
    if data.get("examples") != examples_per_test:
        return (f"{topic.name}/{PATTERNS}: recorded with {data.get('examples')} examples per "
                f"test, grading draws {examples_per_test}")
    return None


@dataclass
class HintScore:
    """Leave-one-out figures of one topic: of ``bugs`` held out, ``right`` got hints that
    all named their mistake's class, ``wrong`` at least one hint of another class, the rest
    none. ``given`` lists ``(bug, its class, the classes of the hints it got)``."""

    topic: str
    bugs: int = 0
    right: int = 0
    wrong: int = 0
    given: list[tuple[str, str, list[str]]] = field(default_factory=list)

    @property
    def hit_rate(self) -> float:
        return self.right / self.bugs if self.bugs else 0.0

    @property
    def false_rate(self) -> float:
        return self.wrong / self.bugs if self.bugs else 0.0


def _class_of(hint: str, function: str, zoo: dict[str, dict[str, dict]]) -> str:
    """The class a given hint names: a class hint's class, or the class of the zoo bug whose
    own hint it is."""
    for mistake in MISTAKES:
        if MISTAKES[mistake] and hint == class_hint(mistake, function):
            return mistake
    return next(bug["mistake"] for bugs in zoo.values() for bug in bugs.values()
                if bug["hint"] == hint)


def leave_one_out(zoo: dict[str, dict[str, dict]]) -> list[HintScore]:
    """Per topic of ``zoo`` (topic name -> its recorded bugs), the hints each bug gets from
    the zoo without it (see the module docstring)."""
    scores = []
    for topic, bugs in zoo.items():
        score = HintScore(topic, bugs=len(bugs))
        for name, bug in bugs.items():
            rest = {t: {n: b for n, b in others.items() if (t, n) != (topic, name)}
                    for t, others in zoo.items()}
            learnt = [example for t, others in rest.items() for example in examples(others, t)]
            given = hints(bug["failures"], rest[topic], learnt)
            if not given:
                continue
            classes = [_class_of(hint, function, rest) for function, hint in given.items()]
            score.right += all(mistake == bug["mistake"] for mistake in classes)
            score.wrong += any(mistake != bug["mistake"] for mistake in classes)
            score.given.append((name, bug["mistake"], classes))
        scores.append(score)
    return scores
