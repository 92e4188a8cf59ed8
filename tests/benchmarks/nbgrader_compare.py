"""Benchmark: nbgrader's autograde against `autograder batch` on a one-function notebook.

    python tests/benchmarks/nbgrader_compare.py [--students 4] [--examples 50]

The notebook is 03_losses reduced to `l1_loss`: its solution cell and one test cell. Three
ways of grading the same K submissions (half correct, half with a bug), each timed for one
submission and for K, in fresh folders, so that "per extra submission" is (T_K - T_1)/(K-1):

- `nbgrader autograde` with the autograder's test cell (`autograder notebooks`): nbgrader
  runs the notebook in a kernel, the cell grades it in a subprocess with the property tests;
- `nbgrader autograde` with a plain nbgrader test cell (two asserts on one input), the usual
  nbgrader way, to show nbgrader's own cost per notebook;
- `autograder batch --topic 03_losses` on the same notebooks, one and two at a time (the
  notebook lacks the other three loss functions, whose tests then fail at once in all rows).

Needs nbgrader (`pip install -e '.[test]'`). Figures are printed, never asserted; the machine's
load moves them, so compare rows of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from rich.console import Console
from rich.table import Table

from autograder.course import Course, Topic
from autograder.grading.runner import collect
from autograder.platforms.nbgrader_notebooks import source_notebook

ROOT = Path(__file__).resolve().parents[2]
TOPIC = Topic("03_losses")
FUNCTION = "l1_loss"
BUG = ROOT / "tests" / "03_losses" / "bugs" / "l1_forgets_abs.py"
PLAIN_TEST = '''import numpy as np
pred, target = np.array([[1.0, -2.0], [0.5, 3.0]]), np.zeros((2, 2))
loss, dpred = l1_loss(pred, target)
assert np.isclose(loss, 3.25) and np.allclose(dpred, np.sign(pred) / 2)'''
CONFIG = '''import os
c = get_config()
c.CourseDirectory.course_id = "benchmark"
c.Execute.timeout = 600
os.environ["AUTOGRADER_COURSE"] = {course!r}
'''
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def one_function_notebook(examples: int, plain: bool) -> nbformat.NotebookNode:
    """03_losses with only l1_loss: its solution cell and its test cell (ours or plain)."""
    course = Course(ROOT)
    notebook = source_notebook(course, TOPIC, collect(course, [TOPIC])[TOPIC], examples)
    keep = {"task", f"solution-{FUNCTION}", f"test-{FUNCTION}"}
    notebook.cells = [cell for cell in notebook.cells if cell.id in keep]
    if plain:
        notebook.cells[-1].source = PLAIN_TEST
    return notebook


def run(args: list[str], cwd: Path) -> float:
    """Seconds taken by ``python -m args`` (which must succeed)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def submissions(notebook: nbformat.NotebookNode, count: int) -> dict[str, str]:
    """student -> submitted notebook (JSON): the reference, or the bug every other one."""
    solution = next(c for c in notebook.cells if c.id == f"solution-{FUNCTION}").source
    made = {}
    for number in range(count):
        copy = nbformat.from_dict(json.loads(nbformat.writes(notebook)))
        for cell in copy.cells:
            if cell.id == f"solution-{FUNCTION}":
                cell.source = BUG.read_text() if number % 2 else solution
        made[f"student{number:02d}"] = nbformat.writes(copy)
    return made


def nbgrader_time(work: Path, label: str, notebook: nbformat.NotebookNode,
                  count: int) -> float:
    """Seconds of `nbgrader autograde` on ``count`` submissions in a fresh course."""
    course = work / f"nbgrader-{label}-{count}"
    (course / "source" / TOPIC.name).mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(CONFIG.format(course=str(ROOT)))
    nbformat.write(notebook, course / "source" / TOPIC.name / f"{TOPIC.module}.ipynb")
    run(["nbgrader", "generate_assignment", TOPIC.name], course)
    for student, text in submissions(notebook, count).items():
        path = course / "submitted" / student / TOPIC.name / f"{TOPIC.module}.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(text)
    return run(["nbgrader", "autograde", TOPIC.name], course)


def batch_time(work: Path, notebook: nbformat.NotebookNode, count: int, jobs: int,
               examples: int) -> float:
    """Seconds of `autograder batch` on the same ``count`` submissions."""
    class_dir = work / f"class-{count}-{jobs}"
    class_dir.mkdir()
    for student, text in submissions(notebook, count).items():
        (class_dir / f"{student}.ipynb").write_text(text)
    return run(["autograder", "batch", str(class_dir), "--topic", TOPIC.name, "--examples",
                str(examples), "--jobs", str(jobs), "--out", str(work / f"out-{count}-{jobs}")],
               ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--examples", type=int, default=50)
    args = parser.parse_args()
    ours = one_function_notebook(args.examples, plain=False)
    plain = one_function_notebook(args.examples, plain=True)
    rows = {
        "nbgrader autograde, autograder test cell":
            lambda work, k: nbgrader_time(work, "ours", ours, k),
        "nbgrader autograde, plain assert test cell":
            lambda work, k: nbgrader_time(work, "plain", plain, k),
        "autograder batch --jobs 1": lambda work, k: batch_time(work, ours, k, 1, args.examples),
        "autograder batch --jobs 2": lambda work, k: batch_time(work, ours, k, 2, args.examples),
    }
    table = Table(title=f"{args.students} submissions of a one-function notebook "
                        f"({TOPIC.name}, {FUNCTION}; {args.examples} examples per test)")
    for column in ("grading", "1 submission (s)", f"{args.students} submissions (s)",
                   "per extra submission (s)"):
        table.add_column(column, justify="left" if column == "grading" else "right")
    work = Path(tempfile.mkdtemp(prefix="nbgrader-compare-"))
    try:
        for name, timer in rows.items():
            first, total = timer(work, 1), timer(work, args.students)
            table.add_row(name, f"{first:.1f}", f"{total:.1f}",
                          f"{(total - first) / max(args.students - 1, 1):.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    Console(width=120).print(table)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
