"""nbgrader end to end, with the real nbgrader: source notebooks from `autograder notebooks`,
`nbgrader generate_assignment`, fake submissions, `nbgrader autograde`, and a gradebook
that equals what `autograder grade` gives for the same notebooks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbgrader", reason="nbgrader is a test dependency: pip install -e '.[test]'")

from nbgrader.api import Gradebook  # noqa: E402  (after the skip)

from autograder.course import Course, Topic  # noqa: E402
from autograder.grading.runner import collect  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TOPIC = Topic("03_losses")  # the fastest topic
EXAMPLES = "5"
STUDENTS = ("alice", "bob", "carol")  # correct, l1_loss wrong, nothing done
BUG = ROOT / "tests" / "03_losses" / "bugs" / "l1_forgets_abs.py"
CONFIG = '''import os
c = get_config()
c.CourseDirectory.course_id = "autograder-test"
c.Execute.timeout = 600  # the first test cell grades the whole notebook
os.environ["AUTOGRADER_COURSE"] = {course!r}  # the kernels' graders find the course here
'''
# nbgrader runs `alembic` from PATH: put this interpreter's scripts first
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def run(*args, cwd):
    done = subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def nbgrader_cells(path):
    notebook = json.loads(path.read_text())
    return {cell["metadata"]["nbgrader"]["grade_id"]: cell for cell in notebook["cells"]
            if "nbgrader" in cell["metadata"]}


def submit(course, student, release, sources):
    """A submission: the released notebook with some solution cells filled in."""
    notebook = json.loads(release.read_text())
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in sources:
            cell["source"] = sources[grade_id]
    path = course / "submitted" / student / TOPIC.name / f"{TOPIC.module}.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(notebook))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """An nbgrader course directory, its assignment generated and autograded."""
    course = tmp_path_factory.mktemp("nbgrader_course")
    (course / "nbgrader_config.py").write_text(CONFIG.format(course=str(ROOT)))
    run("autograder", "notebooks", "--topic", TOPIC.name, "--out", str(course),
        "--examples", EXAMPLES, cwd=ROOT)
    run("nbgrader", "generate_assignment", TOPIC.name, cwd=course)
    source = nbgrader_cells(course / "source" / TOPIC.name / f"{TOPIC.module}.ipynb")
    reference = {grade_id: cell["source"] for grade_id, cell in source.items()
                 if cell["metadata"]["nbgrader"]["solution"]}
    release = course / "release" / TOPIC.name / f"{TOPIC.module}.ipynb"
    submit(course, "alice", release, reference)
    submit(course, "bob", release, {**reference, "l1_loss": BUG.read_text()})
    submit(course, "carol", release, {})
    run("nbgrader", "autograde", TOPIC.name, cwd=course)
    return course


def test_notebook_cells_carry_nbgrader_metadata_and_release_stubs(course):
    tests = collect(Course(ROOT), [TOPIC])[TOPIC]
    source = nbgrader_cells(course / "source" / TOPIC.name / f"{TOPIC.module}.ipynb")
    solutions = {k: c for k, c in source.items() if c["metadata"]["nbgrader"]["solution"]}
    graded = {k: c for k, c in source.items() if c["metadata"]["nbgrader"]["grade"]}
    functions = dict.fromkeys(test.function for test in tests)
    assert list(solutions) == list(functions)
    for grade_id, cell in solutions.items():
        assert cell["metadata"]["nbgrader"] == {
            "grade": False, "solution": True, "locked": False, "task": False,
            "schema_version": 3, "grade_id": grade_id}
        assert "### BEGIN SOLUTION" in "".join(cell["source"])
    assert list(graded) == [f"test_{function}" for function in functions]
    for function in functions:
        meta = graded[f"test_{function}"]["metadata"]["nbgrader"]
        assert meta == {"grade": True, "solution": False, "locked": True, "task": False,
                        "schema_version": 3, "grade_id": f"test_{function}",
                        "points": sum(t.points for t in tests if t.function == function)}
    released = nbgrader_cells(course / "release" / TOPIC.name / f"{TOPIC.module}.ipynb")
    for grade_id in solutions:
        code = "".join(released[grade_id]["source"])
        assert "raise NotImplementedError" in code and "BEGIN SOLUTION" not in code


def test_the_gradebook_equals_autograder_grade(course):
    submitted = [course / "submitted" / student / TOPIC.name / f"{TOPIC.module}.ipynb"
                 for student in STUDENTS]
    graded = json.loads(run("autograder", "grade", *map(str, submitted), "--topic", TOPIC.name,
                            "--examples", EXAMPLES, "--format", "json", cwd=ROOT).stdout)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student, result in zip(STUDENTS, graded):
            notebook = gradebook.find_submission_notebook(TOPIC.module, TOPIC.name, student)
            cells = {grade.name: (grade.score, grade.max_score) for grade in notebook.grades}
            tests = result["topics"][0]["tests"]
            expected = {f"test_{function}": (
                sum(t["score"] for t in tests if t["function"] == function),
                sum(t["max_score"] for t in tests if t["function"] == function))
                for function in dict.fromkeys(t["function"] for t in tests)}
            assert cells == expected, student
            submission = gradebook.find_submission(TOPIC.name, student)
            assert (submission.score, submission.max_score) == \
                (result["score"], result["max_score"]), student
    scores = [result["score"] for result in graded]
    assert scores[0] == graded[0]["max_score"] > scores[1] > scores[2] == 0
