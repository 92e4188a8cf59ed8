"""Hints from the bug zoo: the likely mistake behind a submission's failures.

Each topic's known bugs (``tests/NN_topic/bugs/*.py``) are graded once and their failures
recorded in ``tests/NN_topic/bugs/patterns.json`` (by ``autograder release``, see
:mod:`autograder.course.hints`)::

    {"fingerprint": sha256 of the topic's tests and reference, "examples": int,
     "bugs": {name: {"hint": the first paragraph of its docstring, "mistake": its class,
                     "failures": {test name: {"function", "status", "kind", "diagnosis",
                                              "evidence"}}}}}

Grading uses a file only while its fingerprint matches (a stale pattern could name a wrong
mistake). A function whose tests did not pass gets, in this order:

1. **the zoo's own hint** (:func:`zoo_hint`) when the topic's failures are exactly a bug's
   (the same tests, status, kind, diagnosis and digest of the failing call and values): that
   bug's docstring. Bugs with different hints that match give none;
2. else **the class of the mistake** (:mod:`autograder.grading.mistakes`), learnt from every
   recorded bug of the course, phrased for the function, when a rule is confident enough.

A topic whose module does not import gets no hint.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable

from autograder.course import Course, Topic
from autograder.grading.mistakes import Example, class_hint, features, predict
from autograder.results import TestResult

PATTERNS = "bugs/patterns.json"  # in tests/NN_topic/


def failures(tests: Iterable[TestResult]) -> dict[str, dict]:
    """``test name -> {"function", "status", "kind", "diagnosis", "evidence"}`` of the tests
    that did not pass (kind, diagnosis and evidence None when the grader has none)."""
    return {test.name: {"function": test.function, "status": test.status,
                        "kind": test.details.get("kind"),
                        "diagnosis": test.details.get("diagnosis", {}).get("code"),
                        "evidence": test.details.get("evidence")}
            for test in tests if test.status != "passed"}


def by_function(failed: dict[str, dict]) -> dict[str, list[dict]]:
    """The ``failed`` tests of each function, each with its ``test`` name added."""
    grouped: dict[str, list[dict]] = {}
    for name, failure in failed.items():
        grouped.setdefault(failure["function"], []).append({**failure, "test": name})
    return grouped


def examples(bugs: dict[str, dict], topic: str) -> list[Example]:
    """The examples the classes are learnt from: one per failing function of each bug."""
    return [Example(f"{topic}/{name}", f"{topic}/{function}", bug["mistake"],
                    features(tests, function))
            for name, bug in bugs.items()
            for function, tests in by_function(bug["failures"]).items()]


def zoo_hint(failed: dict[str, dict], bugs: dict[str, dict]) -> str | None:
    """The hint of the bug of ``bugs`` whose failures are exactly ``failed``, or None (also
    when nothing failed, or when bugs with different hints match)."""
    if not failed:
        return None
    matched = {bug["hint"] for bug in bugs.values() if bug["failures"] == failed}
    return matched.pop() if len(matched) == 1 else None


def hints(failed: dict[str, dict], bugs: dict[str, dict],
          learnt: list[Example]) -> dict[str, str]:
    """``function -> hint`` for the functions of a topic with ``failed`` tests: the zoo's own
    hint when ``bugs`` (the topic's) hold exactly this failure, else a class hint from the
    ``learnt`` examples (see the module docstring); functions without a hint are left out."""
    grouped = by_function(failed)
    exact = zoo_hint(failed, bugs)
    if exact:
        return {function: exact for function in grouped}
    found = {}
    for function, tests in grouped.items():
        predicted = predict(features(tests, function), learnt)
        if predicted:
            found[function] = class_hint(predicted[0], function)
    return found


def fingerprint(course: Course, topic: Topic) -> str:
    """sha256 over what a bug's failures depend on: the topic's graded tests (its ``bugs/``
    left out) and its reference solution."""
    digest = hashlib.sha256(b"zoo\0")
    for folder in (course.tests / topic.name, course.solutions / topic.name):
        for path in sorted(folder.rglob("*.py")):
            relative = path.relative_to(folder)
            if relative.parts[0] in ("bugs", "__pycache__"):
                continue
            digest.update(f"{relative.as_posix()}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


def recorded(course: Course, topic: Topic) -> dict | None:
    """The topic's patterns file as recorded, or None when it is missing or unreadable."""
    try:
        return json.loads((course.tests / topic.name / PATTERNS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load(course: Course, topic: Topic) -> dict[str, dict]:
    """The recorded bugs of ``topic``, or {} when none are recorded or the tests or the
    reference changed since."""
    data = recorded(course, topic)
    if not data or data.get("fingerprint") != fingerprint(course, topic):
        return {}
    return data.get("bugs", {})


def add_hints(course: Course, outcomes: Iterable[tuple[Topic, TestResult]]) -> None:
    """Set ``details["hint"]`` on the failing tests of each function that gets a hint."""
    by_topic: dict[Topic, list[TestResult]] = {}
    for topic, test in outcomes:
        by_topic.setdefault(topic, []).append(test)
    failing = {topic: tests for topic, tests in by_topic.items()
               if any(test.status != "passed" for test in tests)
               and not any(test.details.get("kind") == "import" for test in tests)}
    if not failing:
        return
    zoos = {topic: load(course, topic) for topic in course.topics()}
    learnt = [example for topic, bugs in zoos.items() for example in examples(bugs, topic.name)]
    for topic, tests in failing.items():
        found = hints(failures(tests), zoos.get(topic, {}), learnt)
        for test in tests:
            if test.status != "passed" and test.function in found:
                test.details["hint"] = found[test.function]
