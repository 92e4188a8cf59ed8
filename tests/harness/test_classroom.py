"""GitHub Classroom: the generated workflow parses, fetches the tests from the course, and
its grading step sets the runner results GitHub Classroom's reporter reads
(classroom-resources/autograding-grading-reporter: src/main.js decodes the base64
``<RUNNER>_RESULTS`` of each runner; src/notify-classroom.js sums ``tests[].score`` over the
runners' ``max_score`` into ``Points X/Y`` on the check run of the job
``run-autograding-tests`` of the workflow ``Autograding Tests``)."""

import base64

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
    return {step["name"]: step for step in workflow["jobs"]["run-autograding-tests"]["steps"]}


def notify_classroom(runner_results):
    """The arithmetic of the reporter's NotifyClassroom: runners without max_score are
    skipped; the points are the sum of their tests' scores."""
    total = maximum = 0
    for results in runner_results.values():
        if not results.get("max_score"):
            continue
        maximum += results["max_score"]
        total += sum(test["score"] for test in results["tests"])
    return f"Points {total:g}/{maximum:g}" if maximum else None


def test_the_workflow_is_the_one_classroom_reads_and_ends_with_its_reporter(workflow):
    assert workflow["name"] == "Autograding Tests"
    assert list(workflow["jobs"]) == ["run-autograding-tests"]
    *_, grade, reporter = workflow["jobs"]["run-autograding-tests"]["steps"]
    assert grade["id"] == "autograder"
    assert reporter["uses"] == "classroom-resources/autograding-grading-reporter@v1"
    assert reporter["with"]["runners"] == "losses"
    assert reporter["env"] == {"LOSSES_RESULTS": "${{ steps.autograder.outputs.losses }}"}
    assert workflow["permissions"]["checks"] == "write"


def test_the_workflow_fetches_the_tests_from_the_course_not_the_submission(workflow):
    assert set(workflow["on"]) == {"push", "workflow_dispatch", "repository_dispatch"}
    job = workflow["jobs"]["run-autograding-tests"]
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
    assert "autograder --course course classroom report results.json --topic=03_losses" in grade


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


def run_grade_step(tmp_path, workflow, submission_bug=BUG):
    """Run the workflow's Grade step as the runner would, in a workspace with the course
    and a submission checked out; returns the run, the step outputs and the summary."""
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "course").symlink_to(ROOT)
    submission = patched_reference(Course(ROOT), workspace / "submission", Topic(TOPIC),
                                   submission_bug)
    summary, outputs = tmp_path / "step_summary.md", tmp_path / "github_output"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    run = subprocess.run(["bash", "-e", "-c", steps(workflow)["Grade"]["run"]], cwd=workspace,
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    decoded = {}
    for line in outputs.read_text().splitlines():
        name, value = line.split("=", 1)
        decoded[name] = json.loads(base64.b64decode(value))
    return submission, run, decoded, summary


def test_the_grading_step_gives_the_reporter_the_points_of_grade(tmp_path, workflow):
    submission, run, runners, summary = run_grade_step(tmp_path, workflow)
    expected = autograder("grade", submission, "--format", "json", "--examples", "5",
                          "--topic", TOPIC)
    result = json.loads(expected.stdout)
    assert 0 < result["score"] < result["max_score"]
    line = f"Points {result['score']:g}/{result['max_score']:g}"
    assert line in run.stdout.splitlines()
    assert "::" not in run.stdout  # the reporter writes Classroom's notices, not us
    assert list(runners) == ["losses"]
    losses = runners["losses"]
    assert losses["version"] == 1 and losses["status"] == "fail"
    assert losses["max_score"] == result["max_score"]
    for test in losses["tests"]:  # the fields autograding-io-grader writes
        assert set(test) == {"name", "status", "score", "message", "test_code", "filename",
                             "line_no", "duration"}
        assert test["status"] in ("pass", "fail", "error")
    assert notify_classroom(runners) == line
    assert line in summary.read_text()  # our own summary stays


def test_a_submission_that_cannot_be_graded_gives_error_runners(tmp_path, workflow):
    workspace = tmp_path / "workspace"
    (workspace / "submission" / "notes").mkdir(parents=True)
    (workspace / "course").symlink_to(ROOT)
    outputs = tmp_path / "github_output"
    env = {**os.environ, "GITHUB_OUTPUT": str(outputs),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    run = subprocess.run(["bash", "-e", "-c", steps(workflow)["Grade"]["run"]], cwd=workspace,
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    name, value = outputs.read_text().strip().split("=", 1)
    runner = json.loads(base64.b64decode(value))
    assert name == "losses" and runner["status"] == "error"  # the reporter fails the job
    assert notify_classroom({name: runner}) is None


def test_report_of_a_missing_results_file_still_sets_outputs(tmp_path):
    run = autograder("classroom", "report", tmp_path / "results.json", "--topic", TOPIC)
    assert run.returncode == 0 and "no results" in run.stdout
    assert run.stdout.splitlines()[-1].startswith("losses=")


@pytest.mark.parametrize("args, message", [
    (["--course-repo", "not a repo"], "owner/name"),
    (["--course-repo", "a/b", "--token-secret", "1-bad"], "secret name"),
    (["--course-repo", "a/b", "--submission-dir", "../elsewhere"], "inside the student"),
])
def test_bad_workflow_options_exit_2(tmp_path, args, message):
    run = autograder("classroom", "workflow", "--out", tmp_path, *args)
    assert run.returncode == 2 and message in run.stderr
