"""End to end through the command line, as an instructor or CI runs it."""

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.course import Course, Topic
from autograder.course.verify import patched_reference
from autograder.sandbox import layers

ROOT = Path(__file__).resolve().parents[2]
RELU_FOREVER = '''

def relu_forward(x):
    i = 0
    while i < x.size:  # forgets to increment i
        pass
'''


def autograder(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


# The CLI tests grade the first homework's topics only: the whole course's full marks are
# proved by the topic tests themselves and by `autograder verify`.
HOMEWORK = ("--topic", "02_activations", "--topic", "03_losses")


def grade_json(submission, *args):
    topics = () if "--topic" in args else HOMEWORK
    run = autograder("grade", str(submission), "--format", "json", *topics, *args)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def all_tests(result):
    return [test for topic in result["topics"] for test in topic["tests"]]


def submission_with(tmp_path, topic, extra_source):
    """A copy of solutions/ whose module of topic gets extra_source appended."""
    return patched_reference(Course(ROOT), tmp_path / "submission", Topic(topic), extra_source)


@pytest.fixture(scope="module")
def solutions_json():
    return grade_json("solutions")


def test_solutions_get_full_marks(solutions_json):
    result = solutions_json
    assert result["max_score"] > 0 and result["score"] == result["max_score"]
    assert {t["name"] for t in result["topics"]} == {"02_activations", "03_losses"}
    assert all(t["status"] == "passed" for t in all_tests(result))
    assert {t["visibility"] for t in all_tests(result)} == {"visible", "hidden"}


def test_grading_is_deterministic(solutions_json):
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("duration_s", "graded_at")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    assert strip(grade_json("solutions")) == strip(solutions_json)


def test_stubs_get_zero_with_not_implemented_feedback():
    result = grade_json("assignments")
    assert result["score"] == 0 and result["max_score"] > 0
    assert all("not implemented" in t["feedback"] for t in all_tests(result))


def test_an_infinite_loop_times_out_only_its_tests(tmp_path):
    submission = submission_with(tmp_path, "02_activations", RELU_FOREVER)
    start = time.monotonic()
    result = grade_json(submission, "--timeout", "1")
    elapsed = time.monotonic() - start
    statuses = {t["name"]: t["status"] for t in all_tests(result)}
    uses_relu = {"test_relu_nonnegative_and_idempotent", "test_relu_backward_gradcheck",
                 "test_forward_matches_reference[relu_forward]",
                 "test_backward_matches_reference[relu_backward]",
                "test_inputs_unchanged[relu_forward]", "test_inputs_unchanged[relu_backward]"}
    assert {name for name, status in statuses.items() if status != "passed"} == uses_relu
    assert all(statuses[name] == "timeout" for name in uses_relu)
    assert elapsed < 120


def test_a_syntax_error_fails_its_topic_only(tmp_path):
    submission = submission_with(tmp_path, "03_losses", "\ndef broken(:\n")
    result = grade_json(submission)
    activations, losses = result["topics"]
    assert activations["score"] == activations["max_score"]
    assert losses["score"] == 0
    assert all(test["status"] == "error" for test in losses["tests"])
    explained = [t for t in losses["tests"] if "SyntaxError" in t["feedback"]]
    assert len(explained) == 1 and "line" in explained[0]["feedback"]  # once per topic
    assert all("could not be imported" in t["feedback"] for t in losses["tests"])


def test_a_missing_topic_is_reported_per_test(tmp_path):
    submission = tmp_path / "submission"
    shutil.copytree(ROOT / "solutions" / "02_activations", submission / "02_activations")
    result = grade_json(submission)
    losses = result["topics"][1]
    assert all(t["status"] == "error" and "could not be imported" in t["feedback"]
               for t in losses["tests"])
    assert sum("missing" in t["feedback"] for t in losses["tests"]) == 1


def test_check_runs_only_public_tests_and_explains_failures():
    run = autograder("check", "activations", "--path", "assignments")
    assert run.returncode == 0, run.stderr
    assert "test_sigmoid_range_and_symmetry" in run.stdout
    assert "matches_reference" not in run.stdout  # hidden
    assert "not implemented yet" in run.stdout


def test_json_output_file(tmp_path):
    out = tmp_path / "results.json"
    run = autograder("grade", "solutions", "--topic", "03", "--format", "json",
                     "--output", str(out))
    assert run.returncode == 0, run.stderr
    result = json.loads(out.read_text())
    assert [t["name"] for t in result["topics"]] == ["03_losses"]


@pytest.mark.parametrize("args, message", [
    (["grade", "no/such/folder"], "no such file"),
    (["grade", "autograder"], "does not look like a submission"),
    (["grade", "solutions", "--topic", "99_nothing"], "unknown topic"),
    (["grade", "solutions", "--format", "xml"], "Invalid value"),
    (["check", "nope"], "unknown topic"),
])
def test_bad_usage_exits_2_with_a_clear_message(args, message):
    run = autograder(*args)
    assert run.returncode == 2
    assert message in run.stderr


def test_list_names_every_function():
    run = autograder("list")
    assert run.returncode == 0, run.stderr
    for function in ("sigmoid_forward", "maxout_backward", "softmax", "svm_loss"):
        assert function in run.stdout


def test_release_check_fails_on_stale_assignments(tmp_path):
    course = tmp_path / "course"
    for part in ("solutions", "assignments", "tests"):
        shutil.copytree(ROOT / part, course / part)
    assert autograder("release", "--check", cwd=course).returncode == 0
    stub = course / "assignments" / "03_losses" / "losses.py"
    stub.write_text(stub.read_text() + "# edited by hand\n")
    run = autograder("release", "--check", cwd=course)
    assert run.returncode == 1 and "out of date" in run.stderr
    assert autograder("release", cwd=course).returncode == 0
    assert autograder("release", "--check", cwd=course).returncode == 0


def test_release_records_the_patterns_of_a_changed_bug_zoo(tmp_path):
    course = tmp_path / "course"
    for part in ("solutions", "assignments", "tests"):
        shutil.copytree(ROOT / part, course / part)
    zoo = course / "tests" / "03_losses" / "bugs"
    kept = ["l1_not_averaged.py", "l2_in_place_difference.py"]
    for path in zoo.glob("*.py"):
        if path.name not in kept:
            path.unlink()
    run = autograder("release", "--check", cwd=course)
    assert run.returncode == 1 and "03_losses/bugs/patterns.json: out of date" in run.stderr
    assert autograder("release", cwd=course).returncode == 0
    assert autograder("release", "--check", cwd=course).returncode == 0
    recorded = json.loads((zoo / "patterns.json").read_text())["bugs"]
    assert sorted(recorded) == ["l1_not_averaged", "l2_in_place_difference"]
    assert recorded["l2_in_place_difference"]["mistake"] == "in-place"
    assert {f["kind"] for f in recorded["l2_in_place_difference"]["failures"].values()} == \
        {"mutation"}


def test_demo_class_outcomes():
    """The README's demo class: each example submission shows what it is there to show."""
    names = ["alice", "bob", "carol", "dave", "erin", "frank"]
    run = autograder("grade", *(f"examples/demo_class/{n}" for n in names), *HOMEWORK,
                     "--format", "json")
    assert run.returncode == 0, run.stderr
    results = dict(zip(names, json.loads(run.stdout)))
    statuses = {name: [t["status"] for t in all_tests(r)] for name, r in results.items()}

    assert results["alice"]["score"] == results["alice"]["max_score"]
    assert 0 < results["bob"]["score"] < results["bob"]["max_score"]
    assert set(statuses["dave"]) == {"passed", "timeout"}
    carol_losses = results["carol"]["topics"][1]["tests"]
    assert sum("SyntaxError" in t["feedback"] for t in carol_losses) == 1
    erin_losses = results["erin"]["topics"][1]["tests"]
    assert sum("missing from the submission" in t["feedback"] for t in erin_losses) == 1
    frank = {t["name"]: t for t in all_tests(results["frank"])}
    assert "SystemExit" in frank["test_softmax_loss_gradcheck"]["feedback"]
    assert "died" in frank["test_svm_loss_gradcheck"]["feedback"]

    bob = {t["name"]: t for t in all_tests(results["bob"])}
    visible = bob["test_sigmoid_extreme_inputs"]
    assert visible["status"] == "failed" and "Failing call" in visible["feedback"]
    assert visible["details"]["call"] in visible["feedback"].replace("\n    ", "\n")
    hidden = bob["test_loss_matches_reference[svm_loss]"]
    assert hidden["status"] == "failed" and "call" not in hidden["details"]
    assert "expected" not in hidden["feedback"] and "Failing call" not in hidden["feedback"]


def test_doctor_reports_every_layer():
    run = autograder("doctor")
    assert run.returncode == 0, run.stderr
    for layer in ("bubblewrap", "rlimits", "uid", "seccomp"):
        assert layer in run.stdout
    isolation = layers.detect()
    if isolation.bwrap or isolation.uid is not None:  # a filesystem layer is on here
        assert "activations.py" in run.stdout and "READABLE" not in run.stdout


def test_the_memory_limit_is_configurable(tmp_path):
    submission = submission_with(tmp_path, "03_losses", '''

def l1_loss(pred, target):
    hog = np.ones(2**27)  # 1 GiB: fine under the default limit, not under 512 MiB
    return float(np.sum(np.abs(pred - target)) / len(pred)), np.sign(pred - target) / len(pred)
''')
    small = grade_json(submission, "--topic", "03", "--examples", "3", "--memory-limit", "512")
    default = grade_json(submission, "--topic", "03", "--examples", "3")
    l1 = "test_loss_matches_reference[l1_loss]"
    status = {name: {t["name"]: t for t in all_tests(r)}[l1] for name, r in
              (("small", small), ("default", default))}
    assert status["small"]["status"] == "error" and "MemoryError" in status["small"]["feedback"]
    assert status["default"]["status"] == "passed"


def test_a_seed_replaces_the_derandomized_examples():
    result = grade_json("solutions", "--topic", "03_losses", "--seed", "7", "--examples", "5")
    assert result["metadata"]["profile"]["seed"] == 7
    assert result["metadata"]["profile"]["derandomize"] is False
    assert result["score"] == result["max_score"]


def test_stress_passes_the_reference_and_names_a_reproducer_for_failures():
    run = autograder("stress", "--topic", "03_losses", "--seeds", "2", "--examples", "3")
    assert run.returncode == 0, run.stderr
    assert "every test passed under all 2 seeds" in run.stdout
    run = autograder("stress", "assignments", "--topic", "03_losses", "--seeds", "1",
                     "--first-seed", "9", "--examples", "2")
    assert run.returncode == 1
    assert "reproduce: autograder grade assignments --topic 03_losses --seed 9" in run.stderr
