"""The Python API (``autograder.grade``, ``autograder.batch``) and the CLI built on it."""

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import autograder
from autograder.exports import feedback, gradescope, junit, prairielearn
from autograder.extras import MissingExtra, require

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "03_losses"
FAST = {"examples": 5}


@pytest.fixture(scope="module")
def reference():
    return autograder.grade(ROOT / "solutions", topics=TOPIC, options=FAST, course=ROOT)


def test_import_autograder_is_light():
    """`import autograder` loads neither numpy nor pytest (the sandbox worker imports it)."""
    code = ("import sys, autograder; print(sorted(m for m in ('numpy', 'pytest', 'hypothesis')"
            " if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_grade_gives_the_reference_full_marks_and_the_stubs_zero(reference):
    assert isinstance(reference, autograder.GradingResult)
    assert [topic.name for topic in reference.topics] == [TOPIC]
    assert reference.max_score > 0 and reference.score == reference.max_score
    assert reference.metadata["profile"]["examples_per_test"] == 5
    stubs = autograder.grade(ROOT / "assignments", topics=["losses"], options=FAST, course=ROOT)
    assert stubs.score == 0 and stubs.max_score == reference.max_score


def test_grade_equals_the_cli(reference):
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", "solutions", "--topic",
                          TOPIC, "--examples", "5", "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    cli = json.loads(run.stdout)
    ours = reference.to_dict()
    for result in (cli, ours):
        del result["metadata"]["duration_s"], result["metadata"]["graded_at"]
        result["submission"] = "solutions"
        for topic in result["topics"]:
            for test in topic["tests"]:
                del test["duration_s"]
    assert cli == ours


def test_every_rendering_is_the_exports_own(reference):
    assert json.loads(reference.to_json()) == reference.to_dict()
    assert reference.to_gradescope() == gradescope.to_gradescope(reference)
    assert reference.to_prairielearn() == prairielearn.to_prairielearn(reference)
    assert reference.to_junit() == junit.junit_text([reference])
    assert reference.to_markdown() == feedback.to_markdown(reference)
    assert reference.to_html() == feedback.to_html(reference)
    assert reference.to_gradescope()["score"] == reference.max_score


def test_options_are_checked_and_a_non_submission_is_refused(tmp_path):
    with pytest.raises(TypeError, match="unknown grading option.*exampels"):
        autograder.grade(ROOT / "solutions", TOPIC, {"exampels": 5}, course=ROOT)
    (tmp_path / "notes.txt").write_text("not a submission")
    with pytest.raises(autograder.NotGradable, match="does not look like a submission"):
        autograder.grade(tmp_path, TOPIC, FAST, course=ROOT)
    with pytest.raises(autograder.NotGradable, match="no such file"):
        autograder.grade(tmp_path / "missing", TOPIC, FAST, course=ROOT)


def test_batch_grades_records_exports_and_resumes(tmp_path):
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    shutil.copytree(ROOT / "solutions", class_dir / "ann")
    shutil.copytree(ROOT / "assignments", class_dir / "bob")
    (class_dir / "README.md").write_text("not a submission")
    done = autograder.batch(class_dir, topics=TOPIC, options=FAST, course=ROOT,
                            formats=["csv", "results"], jobs=1)
    assert done.graded == ["ann", "bob"] and done.unchanged == []
    assert any("README.md" in note for note in done.notes)
    ann, bob = done.results
    assert ann.score == ann.max_score > 0 and bob.score == 0
    out = tmp_path / "class-results"
    assert done.out_dir == out and done.gradebook == out / "gradebook.sqlite"
    assert sorted(p.relative_to(out).as_posix() for p in done.written) == [
        "grades.csv", "students/ann/results.json", "students/bob/results.json"]
    assert ann.to_gradescope()["score"] == ann.max_score

    again = autograder.batch(class_dir, topics=TOPIC, options=FAST, course=ROOT, formats=[])
    assert again.graded == [] and again.unchanged == ["ann", "bob"]
    assert [r.to_dict()["topics"] for r in again.results] == [
        r.to_dict()["topics"] for r in done.results]


def test_batch_refuses_an_unknown_export_before_grading(tmp_path):
    from autograder.classbook.batch import BatchError

    (tmp_path / "class" / "ann").mkdir(parents=True)
    with pytest.raises(BatchError, match="unknown export format.*pdf"):
        autograder.batch(tmp_path / "class", TOPIC, FAST, course=ROOT, formats=["csv", "pdf"])
    assert not (tmp_path / "class-results").exists()


def test_the_cli_grades_through_the_api():
    """No command grades by itself: `grade`, `check` and `batch` call autograder.api."""
    cli = ROOT / "autograder" / "cli"
    direct = []
    for path in cli.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module in (
                    "autograder.grading.runner", "autograder.classbook.batch"):
                direct += [f"{path.name}: {a.name}" for a in node.names
                           if a.name in ("grade", "Batch")]
    assert direct == []
    assert "api.grade(" in (cli / "app.py").read_text()
    assert "api.batch(" in (cli / "classbook.py").read_text()


def test_the_course_is_found_as_the_cli_finds_it(monkeypatch, tmp_path):
    monkeypatch.setenv("AUTOGRADER_COURSE", str(ROOT))
    monkeypatch.chdir(tmp_path)
    result = autograder.grade(ROOT / "assignments", topics="03", options=FAST)
    assert result.score == 0 and result.max_score > 0


def test_a_missing_optional_dependency_names_its_extra(tmp_path, monkeypatch):
    (tmp_path / "needs_other.py").write_text("import no_such_module_here\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(MissingExtra, match=r"pip install 'propgrade\[instructor\]'"):
        require("no_such_plotting_lib.figure", "instructor", "the class report's plots")
    with pytest.raises(ModuleNotFoundError) as raised:  # installed but broken: its own error
        require("needs_other", "instructor", "anything")
    assert not isinstance(raised.value, MissingExtra)
