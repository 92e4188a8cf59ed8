"""GitHub Classroom: the generated workflow parses, fetches the tests from the course, and
its grading step prints the `Points X/Y` line computed by `autograder grade`."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from autograder.course import Course, Topic
from autograder.course.verify import patched_reference

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "03_losses"
INSTALL = "autograder @ git+https://example.org/course/autograder@0123abcd"
BUG = (ROOT / "tests" / TOPIC / "bugs" / "l2_missing_factor_two.py").read_text()


def autograder(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600, env=env)


@pytest.fixture(scope="module")
def workflow(tmp_path_factory):
    out = tmp_path_factory.mktemp("template")
    run = autograder("classroom", "workflow", "--out", out, "--course-repo", "prof/dl-course",
                     "--course-ref", "v2026.1", "--install", INSTALL, "--topic", TOPIC,
                     "--examples", "5")
    assert run.returncode == 0, run.stderr
    return yaml.safe_load((out / ".github" / "workflows" / "classroom.yml").read_text())


def steps(workflow):
    return {step["name"]: step for step in workflow["jobs"]["autograding"]["steps"]}


def test_the_workflow_fetches_the_tests_from_the_course_not_the_submission(workflow):
    assert set(workflow["on"]) == {"push", "workflow_dispatch", "repository_dispatch"}
    job = workflow["jobs"]["autograding"]
    assert job["container"].startswith("python:")
    by_name = steps(workflow)
    submission = by_name["Check out the submission"]["with"]
    course = by_name["Check out the course (reference and hidden tests)"]["with"]
    assert submission["path"] == "submission" and course["path"] == "course"
    assert course["repository"] == "prof/dl-course" and course["ref"] == "v2026.1"
    assert course["token"] == "${{ secrets.AUTOGRADER_COURSE_TOKEN }}"
    assert submission["persist-credentials"] is False is course["persist-credentials"]
    assert f"'{INSTALL}'" in by_name["Install the autograder"]["run"]
    grade = by_name["Grade"]["run"]
    assert ("autograder --course course grade submission --examples 5 --topic 03_losses "
            "--format json --output results.json") in grade
    assert "autograder classroom points results.json" in grade


def test_the_public_tests_checksums_match_the_course(tmp_path, workflow):
    step = steps(workflow)["Compare the public tests with the course's"]
    public = sorted((ROOT / "tests" / TOPIC).glob("test_*_public.py"))
    for path in public:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"{digest}  tests/{TOPIC}/{path.name}" in step["run"]
    repo = tmp_path / "student_repo"
    shutil.copytree(ROOT / "tests" / TOPIC, repo / "tests" / TOPIC)

    def check():
        return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo,
                              capture_output=True, text=True).returncode

    assert check() == 0
    with open(repo / "tests" / TOPIC / public[0].name, "a") as changed:
        changed.write("\n# the student made this test pass\n")
    assert check() != 0


def test_the_grading_step_prints_the_points_of_grade(tmp_path, workflow):
    """Run the workflow's Grade step as the runner would, in a workspace with the course
    and a partly wrong submission checked out."""
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "course").symlink_to(ROOT)
    submission = patched_reference(Course(ROOT), workspace / "submission", Topic(TOPIC), BUG)
    summary = tmp_path / "step_summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    run = subprocess.run(["bash", "-e", "-c", steps(workflow)["Grade"]["run"]], cwd=workspace,
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr

    expected = autograder("grade", submission, "--format", "json", "--examples", "5",
                          "--topic", TOPIC)
    result = json.loads(expected.stdout)
    assert 0 < result["score"] < result["max_score"]
    line = f"Points {result['score']:g}/{result['max_score']:g}"
    printed = run.stdout.splitlines()
    assert line in printed
    assert f"::notice title=Autograding complete::{line}" in printed
    assert line in summary.read_text()


def test_points_of_a_missing_results_file_is_a_clear_error(tmp_path):
    run = autograder("classroom", "points", tmp_path / "results.json")
    assert run.returncode == 2 and "cannot read" in run.stderr


@pytest.mark.parametrize("args, message", [
    (["--course-repo", "not a repo"], "owner/name"),
    (["--course-repo", "a/b", "--token-secret", "1-bad"], "secret name"),
    (["--course-repo", "a/b", "--submission-dir", "../elsewhere"], "inside the student"),
])
def test_bad_workflow_options_exit_2(tmp_path, args, message):
    run = autograder("classroom", "workflow", "--out", tmp_path, *args)
    assert run.returncode == 2 and message in run.stderr
