"""What the locked test cells of an nbgrader notebook run (see
:mod:`autograder.platforms.nbgrader_notebooks`), inside the notebook's kernel.

``points(notebook, topic, function, max_points, examples)`` grades the *saved* notebook
file with ``python -m autograder grade NOTEBOOK --topic T --format json`` in a subprocess:
the kernel only reads the grader's JSON, and the notebook's code runs in the grader's
sandboxed worker, never in the grader's process. The course (graded tests and reference) is
the one ``autograder`` finds: ``$AUTOGRADER_COURSE``, else the working directory and its
parents, else the checkout the package was installed from (an editable install).

The notebook is graded once per content of its code cells: the JSON is kept in the kernel
and every later test cell reads its function's points from it. The function's tests and
their feedback are printed on stdout; the points are the return value, so the cell's
result is the partial credit nbgrader (>= 0.6) reads. Nothing is written to stderr (nbgrader
>= 0.7 gives a cell with stderr output zero points); a grading that cannot run raises
:class:`NotebookGradingError`, an error output, which nbgrader scores 0.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import subprocess
import sys
import warnings
from pathlib import Path

_GRADED: dict[tuple[str, str, str, int], dict] = {}  # (path, code hash, topic, examples)


class NotebookGradingError(RuntimeError):
    """The notebook could not be graded (not saved, not a notebook, no course found)."""


def points(notebook: str, topic: str, function: str, max_points: float,
           examples: int = 50) -> float:
    """Points earned by ``function`` of ``topic`` in the saved ``notebook`` (a path relative
    to the working directory, which is the notebook's folder in Jupyter and in nbgrader)."""
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        result = _graded(Path(notebook).resolve(), topic, examples)
    tests = [test for graded_topic in result["topics"] if graded_topic["name"] == topic
             for test in graded_topic["tests"] if test["function"] == function]
    total = sum(test["max_score"] for test in tests)
    if not tests or abs(total - max_points) > 1e-9:
        raise NotebookGradingError(
            f"this cell is worth {max_points:g} points but the course's graded tests of "
            f"{function} in {topic} are worth {total:g}: the notebook is out of date with "
            "the course; regenerate it with `autograder notebooks`")
    for test in tests:
        print(f"{test['name']}: {test['status']} ({test['score']:g}/{test['max_score']:g})")
        if test["status"] != "passed":
            print("    " + test["feedback"].replace("\n", "\n    "))
    # nbgrader refuses a partial credit above the cell's points, even by a rounding error
    return min(float(sum(test["score"] for test in tests)), float(max_points))


def _graded(path: Path, topic: str, examples: int) -> dict:
    """The grader's JSON result for the notebook at ``path``, graded once per code."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotebookGradingError(f"cannot read the notebook {path} (save it first?): "
                                   f"{exc}") from None
    key = (str(path), _code_hash(data), topic, examples)
    if key not in _GRADED:
        run = subprocess.run(
            [sys.executable, "-m", "autograder", "grade", str(path), "--topic", topic,
             "--examples", str(examples), "--format", "json"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=path.parent)
        if run.returncode != 0:
            raise NotebookGradingError(f"`autograder grade` exited with {run.returncode}:\n"
                                       f"{run.stderr.strip()}")
        _GRADED[key] = json.loads(run.stdout)
    return _GRADED[key]


def _code_hash(data: bytes) -> str:
    """A hash of the code cells (sources and nbgrader metadata, which pick the code graded):
    a notebook saved with new outputs only is not graded again."""
    try:
        code = [(cell.get("cell_type"), cell.get("source"), cell.get("metadata", {}).get(
            "nbgrader")) for cell in json.loads(data)["cells"] if cell.get("cell_type") == "code"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return hashlib.sha256(data).hexdigest()  # not a notebook: grade it and let intake say
    return hashlib.sha256(json.dumps(code, sort_keys=True).encode("utf-8")).hexdigest()
