"""Gradescope: build autograder.zip, unpack it into a simulated /autograder, run run_autograder.

The simulated tree is ``tmp/autograder/{source,submission,results}``; ``run_autograder`` is
pointed at it with ``AUTOGRADER_GRADESCOPE_ROOT`` and at this test run's virtual environment
with ``AUTOGRADER_VENV`` (setup.sh's apt and pip steps are not run here, only parsed).
"""

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent
TOPIC = "03_losses"
EXAMPLES = "5"
REFERENCE = (ROOT / "solutions" / TOPIC / "losses.py").read_text()
# a partly wrong losses.py: l2_loss's gradient loses its factor 2
PARTLY_WRONG = REFERENCE + "\n\n" + (ROOT / "tests" / TOPIC / "bugs" /
                                     "l2_missing_factor_two.py").read_text()
GRADESCOPE_FIELDS = {"score", "execution_time", "output", "visibility", "stdout_visibility",
                     "tests"}
TEST_FIELDS = {"score", "max_score", "status", "name", "output", "visibility", "tags"}


def autograder(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "autograder.zip"
    run = autograder("gradescope", "build", "--out", out, "--topic", TOPIC,
                     "--examples", EXAMPLES)
    assert run.returncode == 0, run.stderr
    return out


def unpack(archive, target):
    """Extract like unzip does, keeping the executable bits."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            path = Path(zf.extract(info, target))
            path.chmod((info.external_attr >> 16) & 0o777)


@pytest.fixture
def gradescope_root(tmp_path, autograder_zip):
    """A simulated /autograder as Gradescope lays it out after building the image."""
    root = tmp_path / "autograder"
    unpack(autograder_zip, root / "source")
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    return root


def run_autograder(root, venv=VENV, path=None):
    env = {"PATH": path or f"{venv}/bin:/usr/bin:/bin", "AUTOGRADER_GRADESCOPE_ROOT": str(root),
           "AUTOGRADER_VENV": str(venv), "LC_ALL": "C.UTF-8"}
    run = subprocess.run([str(root / "run_autograder")], cwd=root, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads((root / "results" / "results.json").read_text())


@pytest.fixture(scope="module")
def grade_json(tmp_path_factory):
    """`autograder grade` on the given losses.py, laid out like assignments/ (once each)."""
    graded = {}

    def grade(source):
        if source not in graded:
            folder = tmp_path_factory.mktemp("as_assignments")
            (folder / TOPIC).mkdir()
            (folder / TOPIC / "losses.py").write_text(source)
            run = autograder("grade", folder, "--format", "json", "--examples", EXAMPLES,
                             "--topic", TOPIC)
            assert run.returncode == 0, run.stderr
            graded[source] = json.loads(run.stdout)
        return graded[source]

    return grade


def test_the_zip_holds_the_scripts_the_harness_and_the_topic_only(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as zf:
        modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in zf.infolist()}
        names = set(modes)
        assert zf.read(f"solutions/{TOPIC}/losses.py") == (ROOT / "solutions" / TOPIC /
                                                          "losses.py").read_bytes()
    assert modes["setup.sh"] == modes["run_autograder"] == 0o755
    assert {name.split("/")[0] for name in names} == {
        "setup.sh", "run_autograder", "README.md", "pyproject.toml", "autograder", "solutions",
        "tests"}
    package = {f"autograder/{p.relative_to(ROOT / 'autograder').as_posix()}"
               for p in (ROOT / "autograder").rglob("*.py")}
    assert package <= names
    course = {name for name in names if name.startswith(("solutions/", "tests/"))}
    assert {name.split("/")[1] for name in course} == {TOPIC}
    assert f"tests/{TOPIC}/test_losses_hidden.py" in course
    assert not [name for name in names if {"__pycache__", ".git", ".venv", "examples"}
                & set(name.split("/")) or name.endswith(".pyc")]
    # of the bug zoo, only the recorded patterns the hints are made from: no bug's code
    assert [name for name in names if "bugs" in name.split("/")] == \
        [f"tests/{TOPIC}/bugs/patterns.json"]


def test_the_scripts_are_valid_bash(gradescope_root):
    for script in ("setup.sh", "run_autograder"):
        run = subprocess.run(["bash", "-n", str(gradescope_root / "source" / script)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    run_script = (gradescope_root / "run_autograder").read_text()
    # Gradescope's default container has 768 MB: the worker gets 768 - 256 MiB
    assert (f"--examples {EXAMPLES} --memory-limit 512 --late-policy none "
            f"--gradescope-visibility published --topic {TOPIC}") in run_script


@pytest.mark.parametrize("source", [REFERENCE, PARTLY_WRONG], ids=["correct", "partly_wrong"])
def test_a_flat_upload_scores_as_grade_does(gradescope_root, grade_json, source):
    (gradescope_root / "submission" / "losses.py").write_text(source)
    results = run_autograder(gradescope_root)
    expected = grade_json(source)

    assert GRADESCOPE_FIELDS <= results.keys()
    assert all(TEST_FIELDS <= test.keys() for test in results["tests"])
    scores = {test["name"]: (test["score"], test["max_score"]) for test in results["tests"]
              if not test["name"].endswith(": hint")}  # worth 0, shown after the due date
    assert scores == {f"{TOPIC}::{test['name']}": (test["score"], test["max_score"])
                      for topic in expected["topics"] for test in topic["tests"]}
    assert results["score"] == expected["score"]
    if source == REFERENCE:
        assert results["score"] == expected["max_score"] > 0
    else:
        lost = {name for name, (score, most) in scores.items() if score < most}
        assert lost == {f"{TOPIC}::test_regression_gradcheck[l2_loss]",
                        f"{TOPIC}::test_loss_matches_reference[l2_loss]"}


def test_a_zip_with_a_wrapping_folder_is_graded(gradescope_root, grade_json):
    """A .zip Gradescope left packed, its files inside one folder."""
    with zipfile.ZipFile(gradescope_root / "submission" / "work.zip", "w") as zf:
        zf.writestr("my_work/losses.py", PARTLY_WRONG)
    results = run_autograder(gradescope_root)
    assert results["score"] == grade_json(PARTLY_WRONG)["score"]


def test_an_unusable_submission_gets_zero_and_a_message(gradescope_root):
    (gradescope_root / "submission" / "notes.txt").write_text("I did not do it")
    (gradescope_root / "results").mkdir()
    (gradescope_root / "results" / "results.json").write_text('{"score": 99}')  # stale
    results = run_autograder(gradescope_root)
    assert results["score"] == 0 and results["tests"] == []
    assert "could not be graded" in results["output"]
    assert "losses.py" in results["output"]
    assert GRADESCOPE_FIELDS <= results.keys()


def test_when_the_autograder_cannot_run_results_still_say_why(tmp_path, gradescope_root):
    (gradescope_root / "submission" / "losses.py").write_text(REFERENCE)
    results = run_autograder(gradescope_root, venv=tmp_path / "no_venv", path="/usr/bin:/bin")
    assert results["score"] == 0 and results["tests"] == []
    assert "could not run" in results["output"] and "not a problem with your submission" \
        in results["output"]


def test_a_late_submission_loses_what_the_policy_says(tmp_path):
    """Built with a late policy, run_autograder reads Gradescope's submission_metadata.json
    (gradescope/autograder_samples docs/submission_metadata.md: created_at and
    assignment.due_date) and reports the final score at the top level, the raw score and
    penalty in extra_data (Gradescope takes a top-level score over the tests' sum)."""
    archive = tmp_path / "late.zip"
    run = autograder("gradescope", "build", "--out", archive, "--topic", TOPIC, "--examples",
                     EXAMPLES, "--late-policy", "linear:25%/day", "--memory", "1024",
                     "--visibility", "public-summary")
    assert run.returncode == 0, run.stderr
    root = tmp_path / "autograder"
    unpack(archive, root / "source")
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    assert "--memory-limit 768" in (root / "run_autograder").read_text()
    (root / "submission").mkdir()
    (root / "submission" / "losses.py").write_text(REFERENCE)
    (root / "submission_metadata.json").write_text(json.dumps({
        "id": 1, "created_at": "2026-12-02T01:00:00.000000+01:00",  # 61 minutes late
        "assignment": {"due_date": "2026-12-01T23:59:00.000000+01:00", "late_due_date": None,
                       "title": "Losses", "total_points": "32.0"},
        "users": [{"email": "s@example.com", "id": 1, "name": "S"}],
        "previous_submissions": []}))
    results = run_autograder(root)
    possible = sum(test.get("max_score", 0) for test in results["tests"])
    assert results["extra_data"]["raw_score"] == possible > 0
    assert results["extra_data"]["late_penalty"] == 0.25 * possible
    assert results["score"] == 0.75 * possible
    assert results["extra_data"]["submitted_from"] == "gradescope"
    assert "Late penalty" in results["output"]
    summary = results["tests"][0]  # Otter's public summary: visible, no points of its own
    assert summary["name"] == "Public tests" and "score" not in summary
    hidden = [test for test in results["tests"][1:]
              if test["extra_data"]["visibility"] == "hidden"]
    assert hidden and all(test["visibility"] == "hidden" for test in hidden)
