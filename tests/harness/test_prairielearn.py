"""PrairieLearn: `autograder prairielearn` on a simulated /grade tree exits 0 whenever it
wrote results (PrairieLearn's grader host, apps/grader-host/src/index.ts, keeps results only
from a container that exited 0 with a results.json of at most 1 MiB), and the results follow
PrairieLearn's format (docs/externalGrading.md, "Grading results")."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.exports.prairielearn import CUT, MAX_BYTES, fit, to_json, to_prairielearn
from autograder.results import GradingResult, TopicResult
from autograder.results import TestResult as Outcome  # not collected as a test class

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "03_losses"
REFERENCE = (ROOT / "solutions" / TOPIC / "losses.py").read_text()
RESULT_FIELDS = {"gradable", "score", "message", "tests"}
TEST_FIELDS = {"name", "description", "points", "max_points", "message", "output"}


def prairielearn(grade_root, course=ROOT):
    return subprocess.run([sys.executable, "-m", "autograder", "--course", str(course),
                           "prairielearn", "--root", str(grade_root), "--topic", TOPIC,
                           "--examples", "5"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


def job(tmp_path, files):
    """A /grade tree: student/ holding ``files`` (name -> bytes; None: no student/ at all)."""
    root = tmp_path / "grade"
    (root / "data").mkdir(parents=True)
    (root / "data" / "data.json").write_text("{}")
    if files is not None:
        (root / "student").mkdir()
        for name, data in files.items():
            (root / "student" / name).write_bytes(data)
    return root


def results(root):
    return json.loads((root / "results" / "results.json").read_text())


def test_a_submission_is_graded_in_prairielearns_format(tmp_path):
    root = job(tmp_path, {"losses.py": REFERENCE.encode()})
    run = prairielearn(root)
    assert run.returncode == 0, run.stderr
    data = results(root)
    assert set(data) == RESULT_FIELDS and data["gradable"] is True and data["score"] == 1.0
    assert data["tests"] and all(set(test) == TEST_FIELDS for test in data["tests"])
    assert all(test["points"] == test["max_points"] > 0 for test in data["tests"])


@pytest.mark.parametrize("files, says", [
    (None, "No files were submitted"),
    ({}, "No files were submitted"),
    ({"notes.txt": b"I did not do it"}, "does not look like a submission"),
    ({"losses.zip": b"PK\x03\x04 not really a zip"}, "zip"),
    ({"losses.ipynb": b"{not json"}, "notebook"),
], ids=["no_folder", "empty", "wrong_files", "broken_zip", "broken_notebook"])
def test_an_ungradable_submission_exits_0_with_gradable_false(tmp_path, files, says):
    root = job(tmp_path, files)
    run = prairielearn(root)
    assert run.returncode == 0, run.stderr
    data = results(root)
    assert data["gradable"] is False  # "invalid, not gradable": no attempt used
    assert says.lower() in " ".join(data["format_errors"]).lower()
    assert str(root) not in json.dumps(data)  # no paths of the grading machine


def test_code_that_does_not_import_is_gradable_with_zero(tmp_path):
    root = job(tmp_path, {"losses.py": b"def l1_loss(:\n"})
    run = prairielearn(root)
    assert run.returncode == 0, run.stderr
    data = results(root)
    assert data["gradable"] is True and data["score"] == 0.0
    assert all(test["message"].startswith("error") for test in data["tests"])


def test_a_course_bug_is_not_the_students_fault(tmp_path):
    course = tmp_path / "course"
    for kind in ("solutions", "tests"):
        shutil.copytree(ROOT / kind / TOPIC, course / kind / TOPIC,
                        ignore=shutil.ignore_patterns("bugs", "__pycache__"))
    (course / "tests" / TOPIC / "test_losses_hidden.py").write_text("import no_such_module\n")
    root = job(tmp_path, {"losses.py": REFERENCE.encode()})
    run = prairielearn(root, course)
    assert run.returncode == 0
    data = results(root)
    assert data["gradable"] is False and "not a problem with your work" in data["message"]
    assert "no_such_module" in run.stderr  # the details go to the job's log


def test_only_unwritable_results_fail_the_job(tmp_path):
    root = job(tmp_path, {"notes.txt": b"x"})
    (root / "results").write_text("a file where the folder should be")
    run = prairielearn(root)
    assert run.returncode == 1 and "cannot write the results" in run.stderr


def test_results_over_1_mb_lose_the_longest_outputs_first():
    """The largest outputs are cut first, each cut is marked, the message says so, and
    what fits is left alone."""
    tests = [Outcome(f"t{k}", "f", 1.0, "visible", "failed",
                     f"property {k}\nreason {k}\n" + chr(0x3b1 + k) * size)
             for k, size in enumerate([900_000, 400_000, 300_000, 50])]
    document = to_prairielearn(GradingResult("s", [TopicResult(TOPIC, tests)], {}))
    assert len(to_json(document).encode()) > MAX_BYTES
    fitted = fit(document)
    assert len(to_json(fitted).encode()) <= MAX_BYTES
    outputs = [test["output"] for test in fitted["tests"]]
    assert outputs[0].endswith(CUT) and outputs[3] == document["tests"][3]["output"]
    assert len(outputs[0]) <= len(outputs[1]) + len(CUT)  # the longest went first
    assert "cut to fit PrairieLearn's 1 MB limit" in fitted["message"]
    assert [t["points"] for t in fitted["tests"]] == [t["points"] for t in document["tests"]]
    assert fit(fitted) is fitted
