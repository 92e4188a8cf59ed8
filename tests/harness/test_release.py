"""One source: solution blocks become stubs, and stale assignments are detected."""

import shutil
import textwrap
from pathlib import Path

import pytest

from autograder.course import Course
from autograder.course.release import MarkerError, Release, strip_solutions

ROOT = Path(__file__).resolve().parents[2]

SOURCE = textwrap.dedent('''\
    import numpy as np


    def f(x):
        """Docstring stays."""
        ### BEGIN SOLUTION
        y = x + 1
        return y
        ### END SOLUTION


    class Layer:
        def g(self):
            ### BEGIN SOLUTION
            return 2
            ### END SOLUTION
''')


def test_solution_blocks_become_raise_not_implemented():
    stub = strip_solutions(SOURCE)
    assert "y = x + 1" not in stub and "return 2" not in stub
    assert '"""Docstring stays."""\n    raise NotImplementedError\n' in stub
    assert "        raise NotImplementedError\n" in stub  # indentation of the method body
    assert "import numpy as np" in stub


@pytest.mark.parametrize("source", [
    "### BEGIN SOLUTION\nx = 1\n",
    "x = 1\n### END SOLUTION\n",
    "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n",
])
def test_unbalanced_markers_are_refused(source):
    with pytest.raises(MarkerError):
        strip_solutions(source)


def test_committed_assignments_are_up_to_date():
    course = Course(ROOT)
    assert Release.of(course).stale(course.assignments) == []


def test_stale_missing_and_extra_files_are_reported(tmp_path):
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    course = Course(tmp_path)
    release = Release.of(course)
    release.write(course.assignments)
    assert release.stale(course.assignments) == []
    stub = next(course.assignments.rglob("*.py"))
    stub.write_text(stub.read_text() + "\n# edited\n")
    (course.assignments / "extra.txt").write_text("x")
    problems = release.stale(course.assignments)
    assert any("out of date" in p for p in problems)
    assert any("extra.txt" in p for p in problems)
    release.write(course.assignments)
    assert release.stale(course.assignments) == []
