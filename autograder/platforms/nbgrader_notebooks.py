"""nbgrader source notebooks made from ``solutions/``, graded by this autograder's tests.

Layout written (an nbgrader course directory; the assignment is the topic)::

    OUT/source/<NN_topic>/<module>.ipynb        e.g. OUT/source/03_losses/losses.ipynb

so that ``cd OUT && nbgrader generate_assignment 03_losses`` makes the student version.

Cells of a notebook:

1. markdown: the topic's task README (or the module's title), then how the notebook is
   graded and the module docstring (its conventions);
2. one *solution* cell per function written by students (nbgrader metadata ``solution:
   true, grade: false``), holding the reference code with its ``### BEGIN SOLUTION`` /
   ``### END SOLUTION`` markers, which ``generate_assignment`` turns into stubs; the
   module's imports and unmarked helpers go into the cell of the next marked function, so
   that every line of code is in a solution cell (the cells :mod:`autograder.grading.notebooks` grades);
3. after the solution cell of each graded function, a locked *test* cell (``grade: true,
   locked: true``, ``points`` = every graded test of the function, hidden ones included,
   so a notebook's total equals ``autograder grade``'s) that calls
   :func:`autograder.platforms.nbgrader_tests.points`: it grades the saved notebook file with this
   autograder in a subprocess and evaluates to the points earned, which nbgrader (>= 0.6)
   reads as the cell's partial credit.
"""

from __future__ import annotations

import ast
from pathlib import Path

from autograder.course import Course, Topic
from autograder.course.release import BEGIN
from autograder.extras import require
from autograder.grading.runner import GradedTest

nbformat = require("nbformat", "notebooks", "writing nbgrader notebooks")

SCHEMA_VERSION = 3  # nbgrader's cell metadata schema (nbgrader >= 0.6)
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


class NotebookSourceError(ValueError):
    """A solution module cannot be split into nbgrader cells."""


def notebook_path(out: Path, topic: Topic) -> Path:
    """Where the source notebook of ``topic`` goes in the nbgrader course ``out``."""
    return out / "source" / topic.name / f"{topic.module}.ipynb"


def write_source_notebooks(course: Course, inventory: dict[Topic, list[GradedTest]],
                           out: Path, examples: int) -> list[Path]:
    """Write one source notebook per topic of ``inventory`` (topic -> its graded tests)."""
    written = []
    for topic, tests in inventory.items():
        path = notebook_path(out, topic)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(source_notebook(course, topic, tests, examples), path)
        written.append(path)
    return written


def source_notebook(course: Course, topic: Topic, tests: list[GradedTest],
                    examples: int) -> nbformat.NotebookNode:
    """The nbgrader source notebook of ``topic``; its test cells grade with ``examples``
    Hypothesis examples per test."""
    module_path = course.solutions / topic.relpath
    docstring, chunks = split_module(module_path.read_text(encoding="utf-8"), str(module_path))
    readme = course.solutions / topic.name / "README.md"
    points = {function: [t for t in tests if t.function == function]
              for function in dict.fromkeys(t.function for t in tests)}
    cells = [
        _markdown("task", readme.read_text(encoding="utf-8") if readme.is_file()
                  else f"# {topic.name}: `{topic.module}.py`"),
        _markdown("grading", _grading_text(topic, points, docstring)),
    ]
    pending = dict(points)
    for grade_id, code, defined in chunks:
        cells.append(_solution_cell(grade_id, code))
        for function in defined:
            if function in pending:
                cells.append(_test_cell(topic, function, pending.pop(function), examples))
    for function, function_tests in pending.items():  # graded but not defined in the module
        cells.append(_test_cell(topic, function, function_tests, examples))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata.update(kernelspec=KERNELSPEC, language_info={"name": "python"})
    return notebook


def split_module(source: str, filename: str) -> tuple[str, list[tuple[str, str, list[str]]]]:
    """The module's docstring and its code as ``(grade_id, code, names defined)`` chunks.

    A chunk ends with each top-level function or class that holds a solution block (up to
    the next top-level statement, so its ``### END SOLUTION`` line is included); the code
    before it (imports, unmarked helpers) belongs to it, the code after the last one to the
    last chunk. ``grade_id`` is the name of the chunk's marked definition."""
    tree = ast.parse(source, filename)
    lines = source.splitlines(keepends=True)
    docstring = ast.get_docstring(tree) or ""
    body = tree.body[1:] if docstring else tree.body
    starts = [min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
              for node in body] + [len(lines)]
    start = tree.body[0].end_lineno if docstring else 0
    chunks: list[tuple[str, str, list[str]]] = []
    names: list[str] = []
    for index, node in enumerate(body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
            end = starts[index + 1]
            if any(BEGIN.match(line) for line in lines[node.lineno - 1:end]):
                chunks.append((node.name, "".join(lines[start:end]), names))
                start, names = end, []
    if not chunks:
        raise NotebookSourceError(f"{filename}: no function holds a ### BEGIN SOLUTION block")
    if start < len(lines):
        grade_id, code, defined = chunks[-1]
        chunks[-1] = (grade_id, code + "".join(lines[start:]), defined + names)
    return docstring, [(grade_id, code.strip("\n") + "\n", defined)
                       for grade_id, code, defined in chunks]


def _grading_text(topic: Topic, points: dict[str, list[GradedTest]], docstring: str) -> str:
    rows = "\n".join(
        f"| `{function}` | {sum(t.points for t in tests if t.visibility == 'visible'):g} | "
        f"{sum(t.points for t in tests if t.visibility != 'visible'):g} |"
        for function, tests in points.items())
    return (
        f"## How `{topic.module}` is graded\n\n"
        "Replace each `raise NotImplementedError` in the code cells below. The locked cell "
        "after a function grades it with the course's property tests (public and hidden) "
        "and shows the points earned. **Save the notebook before running a test cell**: it "
        "grades the saved file.\n\n"
        "| function | public points | hidden points |\n|---|---|---|\n"
        f"{rows}\n\n"
        f"## Conventions of `{topic.module}.py`\n\n{docstring}\n")


def _markdown(cell_id: str, text: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text.strip() + "\n")
    cell.id = cell_id  # fixed ids: regenerating a notebook gives the same file
    return cell


def _solution_cell(grade_id: str, code: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(code.rstrip("\n"))
    cell.id = f"solution-{grade_id}"
    cell.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False,
                                 "task": False, "schema_version": SCHEMA_VERSION,
                                 "grade_id": grade_id}
    return cell


def _test_cell(topic: Topic, function: str, tests: list[GradedTest],
               examples: int) -> nbformat.NotebookNode:
    total = sum(test.points for test in tests)
    hidden = sum(test.points for test in tests if test.visibility != "visible")
    code = (
        f"# Grades {function} with the course's {len(tests)} property tests "
        f"({total:g} points, {hidden:g} of them hidden)\n"
        "# in a sandboxed subprocess, on the saved notebook; the result is the points earned.\n"
        "from autograder.platforms.nbgrader_tests import points\n"
        f"points({topic.module + '.ipynb'!r}, {topic.name!r}, {function!r}, "
        f"max_points={total!r}, examples={examples!r})"
    )
    cell = nbformat.v4.new_code_cell(code)
    cell.id = f"test-{function}"
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
                                 "task": False, "schema_version": SCHEMA_VERSION,
                                 "grade_id": f"test_{function}", "points": total}
    return cell
