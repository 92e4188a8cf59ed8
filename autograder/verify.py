"""Prove the graded tests: the reference gets full marks, the stubs get zero, and every bug
in the zoo loses points in the tests it names.

A bug is a file ``tests/NN_topic/bugs/NAME.py``: a docstring saying what is wrong, a
``CAUGHT_BY = [...]`` list of test names that must lose points, and replacement definitions
of one or more functions. Its submission is the reference module with the bug's source
appended, so the wrong definitions win. Every graded test must be caught by at least one bug.
"""

from __future__ import annotations

import ast
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from autograder.course import Course, Topic
from autograder.runner import GradingOptions, collect, grade

MIN_BUGS_PER_TOPIC = 4


@dataclass(frozen=True)
class Bug:
    topic: Topic
    name: str
    description: str
    caught_by: tuple[str, ...]
    source: str

    @classmethod
    def load(cls, topic: Topic, path: Path) -> Bug:
        """Read a bug file without executing it."""
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, str(path))
        description = ast.get_docstring(tree)
        caught_by = None
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "CAUGHT_BY" for t in node.targets
            ):
                caught_by = tuple(ast.literal_eval(node.value))
        if not description or not caught_by:
            raise ValueError(f"{path}: a bug needs a docstring and a non-empty CAUGHT_BY list")
        return cls(topic, path.stem, description.split("\n\n")[0], caught_by, source)

    def write_submission(self, course: Course, folder: Path) -> None:
        reference = (course.solutions / self.topic.relpath).read_text(encoding="utf-8")
        target = folder / self.topic.relpath
        target.parent.mkdir(parents=True)
        target.write_text(f"{reference}\n\n# ---- bug: {self.name} ----\n{self.source}",
                          encoding="utf-8")


def bugs_of(course: Course, topic: Topic) -> list[Bug]:
    folder = course.tests / topic.name / "bugs"
    return [Bug.load(topic, path) for path in sorted(folder.glob("*.py"))]


def verify(course: Course, topics: list[Topic], options: GradingOptions,
           console: Console) -> list[str]:
    """Run every check, print what caught what, and return the problems found."""
    problems = []
    inventory = collect(course, topics)
    for label, folder, want_full in (("solutions/", course.solutions, True),
                                     ("assignments/", course.assignments, False)):
        result = grade(course, folder, topics, options)
        console.print(f"{label}: {result.score:g} / {result.max_score:g} "
                      f"({result.metadata['duration_s']:.1f} s)")
        for topic in result.topics:
            wrong = [t for t in topic.tests if (t.status == "passed") != want_full]
            for test in wrong:
                problems.append(f"{label} {topic.name}::{test.name} is {test.status}, expected "
                                f"{'passed' if want_full else 'not passed'}: {test.feedback}")
            if want_full and not topic.tests:
                problems.append(f"{label} {topic.name}: no graded tests")

    for topic in topics:
        bugs = bugs_of(course, topic)
        if len(bugs) < MIN_BUGS_PER_TOPIC:
            problems.append(f"{topic.name}: {len(bugs)} bugs, at least "
                            f"{MIN_BUGS_PER_TOPIC} required")
        names = {test.name for test in inventory[topic]}
        caught: dict[str, list[str]] = {name: [] for name in names}
        table = Table(title=f"{topic.name}: bug zoo")
        for column in ("bug", "what is wrong", "tests that caught it"):
            table.add_column(column, overflow="fold")
        for bug in bugs:
            with tempfile.TemporaryDirectory(prefix="autograder-bug-") as folder:
                bug.write_submission(course, Path(folder))
                result = grade(course, Path(folder), [topic], options)
            lost = [t.name for t in result.topics[0].tests if t.status != "passed"]
            for name in lost:
                caught[name].append(bug.name)
            table.add_row(bug.name, Text(bug.description),
                          Text("\n".join(lost)) if lost else Text("nothing", style="red"))
            for name in bug.caught_by:
                if name not in names:
                    problems.append(f"bug {bug.name}: CAUGHT_BY names unknown test {name}")
                elif name not in lost:
                    problems.append(f"bug {bug.name}: {name} did not catch it")
            if not lost:
                problems.append(f"bug {bug.name}: no test caught it")
        console.print(table)
        problems += [f"{topic.name}::{name} is not shown to catch any bug"
                     for name in sorted(names) if not caught[name]]
    return problems
