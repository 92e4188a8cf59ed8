"""Prove the graded tests: the reference gets full marks, the stubs and the trivial
implementations (:mod:`autograder.course.trivial`) get zero, and every bug in the zoo loses
points in the tests it names.

A bug is a file ``tests/NN_topic/bugs/NAME.py``: a docstring saying what is wrong, a
``CAUGHT_BY = [...]`` list of test names that must lose points, and replacement definitions
of one or more functions. Its submission is the reference with the bug's source appended
to the topic's module (:func:`patched_reference`), so the wrong definitions win. Every graded
test must be caught by at least one bug.

An alternative is a file ``tests/NN_topic/alternatives/NAME.py`` laid out like a bug, with
``FULL_MARKS_FOR = [...]`` (function names) instead of ``CAUGHT_BY``: a correct
implementation written differently (another random stream, a CS231n idiom), possibly next to
a broken function it depends on. Every test of the functions it names must pass on it, so
that no correct function loses points to a convention or to another function's bug.
"""

from __future__ import annotations

import ast
import multiprocessing
import re
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from autograder.course import Course, Topic
from autograder.course.trivial import MODES, declarations, trivial_source
from autograder.grading.mistakes import MISTAKES
from autograder.grading.runner import GradingOptions, collect, grade

MIN_BUGS_PER_TOPIC = 5


@dataclass(frozen=True)
class Bug:
    topic: Topic
    name: str
    description: str
    caught_by: tuple[str, ...]  # for an alternative: the functions that keep full marks
    source: str
    mistake: str = ""  # its class (MISTAKE = "sign"), one of grading.mistakes.MISTAKES

    @classmethod
    def load(cls, topic: Topic, path: Path, names: str = "CAUGHT_BY") -> Bug:
        """Read a bug (or, with ``names="FULL_MARKS_FOR"``, an alternative, which has no
        ``MISTAKE``) without executing it."""
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, str(path))
        description = ast.get_docstring(tree)
        constants = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                     for target in node.targets if isinstance(target, ast.Name)}
        caught_by = tuple(ast.literal_eval(constants[names])) if names in constants else None
        if not description or not caught_by:
            raise ValueError(f"{path}: it needs a docstring and a non-empty {names} list")
        mistake = ast.literal_eval(constants["MISTAKE"]) if "MISTAKE" in constants else ""
        if names == "CAUGHT_BY" and mistake not in MISTAKES:
            raise ValueError(f"{path}: it needs MISTAKE = one of {', '.join(MISTAKES)} "
                             f"(the class of its mistake), not {mistake!r}")
        return cls(topic, path.stem, " ".join(description.split("\n\n")[0].split()), caught_by,
                   source, mistake)



def patched_reference(course: Course, folder: Path, topic: Topic, source: str) -> Path:
    """Write into the new ``folder`` a copy of ``solutions/`` whose module of ``topic`` has
    ``source`` appended: its definitions replace the reference's, the rest stays correct."""
    shutil.copytree(course.solutions, folder)
    with open(folder / topic.relpath, "a", encoding="utf-8") as module:
        module.write(f"\n\n# ---- appended ----\n{source}")
    return folder


RULE = re.compile(r"^\s*-\s*([a-z][a-z0-9-]*):\s")


def docstring_rules(source: str) -> dict[str, list[str]]:
    """function -> the rule names of its docstring's ``Rules:`` list (``- name: statement``
    lines after a line ``Rules:``, up to the first line that is not a continuation)."""
    rules = {}
    for node in ast.parse(source).body:
        doc = ast.get_docstring(node) if isinstance(node, ast.FunctionDef) else None
        if not doc or "\nRules:" not in f"\n{doc}":
            continue
        names = []
        for line in doc.split("Rules:", 1)[1].splitlines()[1:]:
            match = RULE.match(line)
            if match:
                names.append(match.group(1))
            elif line.strip() and not line.startswith((" ", "\t")):
                break
        rules[node.name] = names
    return rules


def untested_rules(course: Course, topic: Topic, tests: list) -> list[str]:
    """Problems: a docstring rule no test names, or a test naming a rule that is not there."""
    source = (course.solutions / topic.relpath).read_text(encoding="utf-8")
    stated = {(function, rule) for function, names in docstring_rules(source).items()
              for rule in names}
    named = {(test.function, rule) for test in tests for rule in test.rules}
    return ([f"{topic.name}: the rule {rule!r} of {function}() is graded by no test "
             f"(name it in a test's graded(..., rules=...))"
             for function, rule in sorted(stated - named)]
            + [f"{topic.name}: tests name the rule {rule!r} of {function}(), which its "
               f"docstring does not state" for function, rule in sorted(named - stated)])


def bugs_of(course: Course, topic: Topic) -> list[Bug]:
    folder = course.tests / topic.name / "bugs"
    return [Bug.load(topic, path) for path in sorted(folder.glob("*.py"))]


def alternatives_of(course: Course, topic: Topic) -> list[Bug]:
    folder = course.tests / topic.name / "alternatives"
    return [Bug.load(topic, path, "FULL_MARKS_FOR") for path in sorted(folder.glob("*.py"))]


def _grade_bug(course: Course, bug: Bug, options: GradingOptions) -> list[str]:
    """The names of the tests that did not pass on ``bug``'s submission."""
    with tempfile.TemporaryDirectory(prefix="autograder-bug-") as folder:
        submission = patched_reference(course, Path(folder) / "bug", bug.topic, bug.source)
        result = grade(course, submission, [bug.topic], options)
    return [t.name for t in result.topics[0].tests if t.status != "passed"]


def _grade_alternative(course: Course, alternative: Bug, options: GradingOptions) -> list[str]:
    """Problems: tests of the functions ``alternative`` keeps correct that did not pass."""
    with tempfile.TemporaryDirectory(prefix="autograder-alternative-") as folder:
        submission = patched_reference(course, Path(folder) / "alt", alternative.topic,
                                       alternative.source)
        result = grade(course, submission, [alternative.topic], options)
    return [f"alternative {alternative.name}: {t.name} is {t.status} although "
            f"{t.function} is correct: {t.feedback}" for t in result.topics[0].tests
            if t.function in alternative.caught_by and t.status != "passed"]


def _grade_trivial(course: Course, topic: Topic, functions: list[str], mode: str,
                   options: GradingOptions) -> list[str]:
    """The names of the tests that gave points to the trivial implementations in ``mode``."""
    reference = (course.solutions / topic.relpath).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="autograder-trivial-") as folder:
        submission = patched_reference(course, Path(folder) / mode, topic,
                                       trivial_source(reference, functions, mode))
        result = grade(course, submission, [topic], options)
    correct = declarations(course, topic, "trivial")
    return [t.name for t in result.topics[0].tests
            if t.score > 0 and f"{mode}:{t.function}" not in correct]


def verify(course: Course, topics: list[Topic], options: GradingOptions,
           console: Console) -> list[str]:
    """Run every check, print what caught what, and return the problems found.

    Submissions are graded in parallel processes; feedback is revealed in full (a reference
    that fails its own test is shown with its exception, hidden tests included).
    """
    options = replace(options, reveal_feedback=True)
    problems = []
    inventory = collect(course, topics)
    for topic in topics:
        problems += untested_rules(course, topic, inventory[topic])
        known = {test.name for test in inventory[topic]}
        problems += [f"{topic.name}::{test.name} requires unknown test {name}"
                     for test in inventory[topic] for name in test.requires if name not in known]
    bugs = {topic: bugs_of(course, topic) for topic in topics}
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    # a grading alternates between the grader and its worker, so two per core keep it busy
    with ProcessPoolExecutor(2 * (os.cpu_count() or 1), mp_context=context) as pool:
        full = pool.submit(grade, course, course.solutions, topics, options)
        empty = pool.submit(grade, course, course.assignments, topics, options)
        lost = {bug: pool.submit(_grade_bug, course, bug, options)
                for topic in topics for bug in bugs[topic]}
        fair = [pool.submit(_grade_alternative, course, alternative, options)
                for topic in topics for alternative in alternatives_of(course, topic)]
        paid = {(topic, mode): pool.submit(_grade_trivial, course, topic,
                                           [test.function for test in inventory[topic]],
                                           mode, options)
                for topic in topics for mode in MODES}
        for label, future, want_full in (("solutions/", full, True),
                                         ("assignments/", empty, False)):
            result = future.result()
            console.print(f"{label}: {result.score:g} / {result.max_score:g} "
                          f"({result.metadata['duration_s']:.1f} s)")
            for topic in result.topics:
                for test in topic.tests:
                    if (test.status == "passed") != want_full:
                        problems.append(
                            f"{label} {topic.name}::{test.name} is {test.status}, expected "
                            f"{'passed' if want_full else 'not passed'}: {test.feedback}")
                if want_full and not topic.tests:
                    problems.append(f"{label} {topic.name}: no graded tests")
        for future in fair:
            problems += future.result()
        for (topic, mode), future in paid.items():
            names = future.result()
            console.print(f"{topic.name}: trivial implementations ({mode}) earn points in "
                          f"{len(names)} test(s)")
            problems += [f"{topic.name}::{name} gives points to the trivial implementations "
                         f"({mode})" for name in names]
        for topic in topics:
            problems += _check_zoo(topic, inventory[topic], bugs[topic],
                                   {bug: lost[bug].result() for bug in bugs[topic]}, console)
    return problems


def _check_zoo(topic: Topic, tests: list, bugs: list[Bug], lost: dict[Bug, list[str]],
               console: Console) -> list[str]:
    problems = []
    if len(bugs) < MIN_BUGS_PER_TOPIC:
        problems.append(f"{topic.name}: {len(bugs)} bugs, at least {MIN_BUGS_PER_TOPIC} "
                        f"required")
    names = {test.name for test in tests}
    caught: dict[str, list[str]] = {name: [] for name in names}
    table = Table(title=f"{topic.name}: bug zoo")
    for column in ("bug", "what is wrong", "tests that caught it"):
        table.add_column(column, overflow="fold")
    for bug in bugs:
        for name in lost[bug]:
            caught.setdefault(name, []).append(bug.name)
        table.add_row(bug.name, Text(bug.description),
                      Text("\n".join(lost[bug])) if lost[bug] else Text("nothing", style="red"))
        for name in bug.caught_by:
            if name not in names:
                problems.append(f"bug {bug.name}: CAUGHT_BY names unknown test {name}")
            elif name not in lost[bug]:
                problems.append(f"bug {bug.name}: {name} did not catch it")
        if not lost[bug]:
            problems.append(f"bug {bug.name}: no test caught it")
    console.print(table)
    problems += [f"{topic.name}::{name} is not shown to catch any bug"
                 for name in sorted(names) if not caught[name]]
    return problems
