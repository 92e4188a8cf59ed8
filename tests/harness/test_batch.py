"""`autograder batch` and the SQLite gradebook: a class graded in parallel, every student
recorded once, unchanged submissions not graded again, a killed batch resumed."""

import csv
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from contextlib import closing
from pathlib import Path

import nbformat
import pytest

from autograder import results as model  # not its TestResult: pytest would collect that
from autograder.classbook.batch import find_submissions
from autograder.classbook.gradebook import Gradebook, submission_hash, suite_hash
from autograder.course import Course, Topic
from autograder.grading.intake import stage
from autograder.grading.runner import GradingOptions
from autograder.results import GradingResult, TopicResult

ROOT = Path(__file__).resolve().parents[2]
QUICK = ("--topic", "03_losses", "--examples", "5")
LOSSES = ROOT / "solutions" / "03_losses" / "losses.py"


def autograder(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, **kwargs)


def batch(class_dir, out, *args):
    run = autograder("batch", str(class_dir), "--out", str(out), "--jobs", "2", *QUICK, *args)
    assert run.returncode == 0, run.stderr
    return run


def zip_folder(folder, archive, reverse=False):
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(archive, "w") as zf:
        for path in reversed(files) if reverse else files:
            zf.write(path, path.relative_to(folder).as_posix())
    return archive


def losses_folder(folder, source):
    (folder / "03_losses").mkdir(parents=True)
    (folder / "03_losses" / "losses.py").write_text(source)
    return folder


def runs(gradebook_path):
    """(id, student, outcome) of every run, read without creating or locking the file."""
    with closing(sqlite3.connect(f"file:{gradebook_path}?mode=ro", uri=True)) as db:
        return db.execute("SELECT id, student, outcome FROM runs ORDER BY id").fetchall()


def per_test(result):
    return {(t["name"], t["status"], t["score"]) for topic in result["topics"]
            for t in topic["tests"]}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """A class of six (correct, stubs as a .zip, a demo student, a syntax error, a corrupt
    .zip, a notebook named after its student) plus two entries that are not submissions,
    graded once."""
    tmp = tmp_path_factory.mktemp("batch")
    class_dir = tmp / "class"
    class_dir.mkdir()
    losses_folder(class_dir / "ann", LOSSES.read_text())
    zip_folder(losses_folder(tmp / "stubs", (ROOT / "assignments/03_losses/losses.py")
                             .read_text()), class_dir / "ben.zip")
    shutil.copytree(ROOT / "examples/demo_class/bob", class_dir / "bob")
    losses_folder(class_dir / "syd", LOSSES.read_text() + "\ndef broken(:\n")
    (class_dir / "zed.zip").write_bytes(b"PK\x03\x04 not really a zip")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("%matplotlib inline"),
                                               nbformat.v4.new_code_cell(LOSSES.read_text())])
    nbformat.write(notebook, class_dir / "nia.ipynb")
    (class_dir / "README.md").write_text("not a submission")
    (class_dir / ".DS_Store").write_text("hidden")
    out = tmp / "out"
    return class_dir, out, batch(class_dir, out)


def test_every_student_once_with_the_scores_of_grade(graded_class):
    class_dir, out, run = graded_class
    students = ["ann", "ben", "bob", "nia", "syd", "zed"]
    assert sorted(student for _, student, _ in runs(out / "gradebook.sqlite")) == students
    assert "skipped README.md" in run.stderr and "skipped .DS_Store" in run.stderr
    assert "6 graded, 0 unchanged" in run.stdout
    exported = {s: json.loads((out / "students" / s / "results.json").read_text())
                for s in students}
    with Gradebook(out / "gradebook.sqlite") as gradebook:
        assert [r.to_dict() for r in gradebook.current()] == [exported[s] for s in students]
    assert all(exported[s]["submission"] == s for s in students)

    single = autograder("grade", str(class_dir / "ann"), str(class_dir / "bob"),
                        "--format", "json", *QUICK)
    assert single.returncode == 0, single.stderr
    for student, alone in zip(("ann", "bob"), json.loads(single.stdout), strict=True):
        assert exported[student]["score"] == alone["score"]
        assert per_test(exported[student]) == per_test(alone)
    assert exported["ann"]["score"] == exported["ann"]["max_score"] > 0
    assert 0 < exported["bob"]["score"] < exported["bob"]["max_score"]
    assert exported["ben"]["score"] == 0 and all(  # the stubs
        "not implemented" in t["feedback"] for t in exported["ben"]["topics"][0]["tests"])
    assert per_test(exported["nia"]) == per_test(exported["ann"])  # the same code, as a notebook
    assert "%matplotlib" in " ".join(exported["nia"]["metadata"]["intake_warnings"])


def test_a_submission_that_cannot_be_taken_in_is_recorded_as_errors(graded_class):
    class_dir, out, run = graded_class
    zed = json.loads((out / "students" / "zed" / "results.json").read_text())
    ann = json.loads((out / "students" / "ann" / "results.json").read_text())
    tests = [t for topic in zed["topics"] for t in topic["tests"]]
    assert [t["name"] for t in tests] == [t["name"] for t in ann["topics"][0]["tests"]]
    assert all(t["status"] == "error" and "zed.zip" in t["feedback"]
               and "could not be taken in" in t["feedback"] for t in tests)
    syd = json.loads((out / "students" / "syd" / "results.json").read_text())
    syd_tests = syd["topics"][0]["tests"]
    assert all(t["status"] == "error" and "could not be imported" in t["feedback"]
               for t in syd_tests)
    assert sum("SyntaxError" in t["feedback"] for t in syd_tests) == 1  # once per topic
    assert dict((s, o) for _, s, o in runs(out / "gradebook.sqlite"))["zed"] == "rejected"


def test_unchanged_submissions_are_not_graded_again(graded_class):
    class_dir, out, _ = graded_class
    gradebook = out / "gradebook.sqlite"
    again = batch(class_dir, out, "--export", "csv")
    assert "0 graded, 6 unchanged" in again.stdout
    assert len(runs(gradebook)) == 6

    losses = class_dir / "bob" / "03_losses" / "losses.py"
    losses.write_text(LOSSES.read_text())  # bob fixes his losses
    changed = batch(class_dir, out, "--export", "")
    assert "1 graded, 5 unchanged" in changed.stdout
    assert [s for _, s, _ in runs(gradebook)][6:] == ["bob"]
    with Gradebook(gradebook) as book:
        latest = {r.submission: r for r in book.current()}
        assert latest["bob"].score == latest["bob"].max_score
        assert [run.score < run.max_score for run in book.history("bob")] == [True, False]


@pytest.mark.parametrize("args, message", [
    (["--export", "csv,pdf"], "unknown export format(s): pdf"),
    (["--topic", "99_nothing"], "unknown topic"),
])
def test_bad_options_exit_2(tmp_path, args, message):
    losses_folder(tmp_path / "class" / "ann", LOSSES.read_text())
    run = autograder("batch", str(tmp_path / "class"), *args)
    assert run.returncode == 2 and message in run.stderr
    assert not (tmp_path / "class-results").exists()


def test_colliding_and_unprintable_names_get_distinct_stable_ids(tmp_path):
    names = ["John Smith", "John_Smith", "ann", "ann.zip", "b\x1b[31m\nc.zip", "[bold]x"]
    for order in (names, names[::-1]):
        folder = tmp_path / str(order is names)
        for name in order:
            (folder / name).mkdir(parents=True) if not name.endswith(".zip") else \
                zip_folder(tmp_path, folder / name)
        os.mkdir(os.fsencode(folder) + b"/caf\xe9")  # not UTF-8, as Windows zips unpack
        submissions, notes = find_submissions(folder)
        ids = {s.source.name: s.student for s in submissions}
        assert ids == (first if order is not names else ids)
        first = ids
    hashed = [ids["John Smith"], ids["ann.zip"]]
    assert ids["John_Smith"] == "John_Smith" and ids["ann"] == "ann"
    assert [h.rsplit("-", 1)[0] for h in hashed] == ["John_Smith", "ann"]
    assert ids["b\x1b[31m\nc.zip"] == "b__31m_c" and ids["[bold]x"] == "_bold_x"
    assert ids["caf\udce9"] == "caf_"
    assert len(set(ids.values())) == len(ids)
    warnings = [note for note in notes if note.startswith("warning")]
    assert len(warnings) == 4 and all("\n" not in note for note in notes)


def test_a_course_bug_stops_the_batch_with_exit_3(tmp_path):
    course = tmp_path / "course"
    for part in ("tests/03_losses", "solutions/03_losses"):
        shutil.copytree(ROOT / part, course / part, ignore=shutil.ignore_patterns("bugs"))
    (course / "tests/03_losses/test_typo_public.py").write_text("def broken(:\n")
    losses_folder(tmp_path / "class" / "ann", LOSSES.read_text())
    run = autograder("--course", str(course), "batch", str(tmp_path / "class"), *QUICK)
    assert run.returncode == 3 and "test_typo_public.py" in run.stderr
    assert runs(tmp_path / "class-results" / "gradebook.sqlite") == []


def test_a_killed_batch_resumes_without_losing_or_repeating_a_student(tmp_path):
    class_dir, out = tmp_path / "class", tmp_path / "out"
    correct = LOSSES.read_text()
    wrong_l1 = correct + "\n\ndef l1_loss(pred, target):\n    return 0.0, pred\n"
    students = [f"s{n}" for n in range(1, 7)]
    for n, student in enumerate(students):
        losses_folder(class_dir / student, correct if n % 2 == 0 else wrong_l1)
    gradebook = out / "gradebook.sqlite"
    command = [sys.executable, "-m", "autograder", "batch", str(class_dir), "--out", str(out),
               "--jobs", "1", *QUICK]
    first = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and first.poll() is None:
        try:
            if runs(gradebook):
                break
        except sqlite3.OperationalError:
            pass  # not created yet
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    committed = runs(gradebook)
    assert 1 <= len(committed) < len(students), "the kill did not land mid-way"
    assert (out / "gradebook.sqlite.staging").is_dir()  # left behind by the killed batch

    second = autograder(*command[3:])
    assert second.returncode == 0, second.stderr
    assert f"{6 - len(committed)} graded, {len(committed)} unchanged" in second.stdout
    after = runs(gradebook)
    assert after[:len(committed)] == committed  # committed students were not graded again
    assert not (out / "gradebook.sqlite.staging").exists()  # the killed batch's copies
    assert sorted(student for _, student, _ in after) == students  # each exactly once
    with Gradebook(gradebook) as book:
        scores = {r.submission: (r.score, r.max_score) for r in book.current()}
    full = scores["s1"][1]
    partial = {score for student, (score, _) in scores.items() if student in ("s2", "s4", "s6")}
    assert len(partial) == 1 and 0 < partial.pop() < full
    assert all(scores[s] == (full, full) for s in ("s1", "s3", "s5"))

    regraded = autograder(*command[3:], "--regrade", "--jobs", "2", "--export", "")
    assert regraded.returncode == 0, regraded.stderr
    assert "6 graded, 0 unchanged" in regraded.stdout
    assert len(runs(gradebook)) == 12
    with Gradebook(gradebook) as book:
        assert {r.submission: (r.score, r.max_score) for r in book.current()} == scores


CRASHING_TASK = '''
import os
from autograder.classbook.batch import grade_submission

def grade_or_die(course, student, staged, topics, options):
    if student == "boom":
        os._exit(9)  # as if the grading process were killed
    return grade_submission(course, student, staged, topics, options)
'''

DRIVER = '''
import json, sys
from pathlib import Path
from autograder.classbook import batch
from autograder.course import Course
from autograder.classbook.gradebook import Gradebook
from autograder.grading.runner import GradingOptions
from crashing_task import grade_or_die

if __name__ == "__main__":
    class_dir, book_path = Path(sys.argv[1]), Path(sys.argv[2])
    course = Course(Path(sys.argv[3]))
    submissions, _ = batch.find_submissions(class_dir)
    with Gradebook(book_path, lock=True) as book, batch.staging_area(book) as staging:
        grader = batch.Batch(course, [course.topic("03_losses")], GradingOptions(examples=5),
                             book)
        results = grader.run(grader.plan(submissions, staging, regrade=False),
                             batch.LocalPool(2, task=grade_or_die))
        outcomes = {run.student: run.outcome for run in map(book.latest, ("boom", "c"))}
    print(json.dumps({"results": [r.to_dict() for r in results], "outcomes": outcomes}))
'''


def test_a_dying_grading_process_costs_only_its_own_submission(tmp_path):
    for student in ("boom", "c"):
        losses_folder(tmp_path / "class" / student, LOSSES.read_text())
    (tmp_path / "crashing_task.py").write_text(CRASHING_TASK)
    (tmp_path / "driver.py").write_text(DRIVER)
    run = subprocess.run([sys.executable, "driver.py", "class", "book.sqlite", str(ROOT)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["outcomes"] == {"boom": "crashed", "c": "graded"}
    boom, c = report["results"]
    assert c["score"] == c["max_score"] > 0
    assert boom["score"] == 0 and all(
        t["status"] == "error" and "grading process died" in t["feedback"]
        for t in boom["topics"][0]["tests"])


# ---- the gradebook and its fingerprints, without grading ----

def test_the_submission_hash_ignores_listing_order_and_sees_every_byte(tmp_path):
    folder = losses_folder(tmp_path / "folder", LOSSES.read_text())
    (folder / "notes.txt").write_text("notes")
    hashes = []
    for name, source in (("a", folder), ("b", zip_folder(folder, tmp_path / "f.zip")),
                         ("c", zip_folder(folder, tmp_path / "r.zip", reverse=True))):
        (tmp_path / name).mkdir()
        stage(source, tmp_path / name)
        hashes.append(submission_hash(tmp_path / name))
    assert len(set(hashes)) == 1
    (folder / "notes.txt").write_text("notez")
    (tmp_path / "d").mkdir()
    stage(folder, tmp_path / "d")
    assert submission_hash(tmp_path / "d") != hashes[0]


def test_the_suite_hash_follows_tests_reference_and_options(tmp_path):
    for part in ("tests/03_losses", "solutions/03_losses"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("bugs"))
    course, topics = Course(tmp_path), [Topic("03_losses")]
    base = suite_hash(course, topics, GradingOptions().profile())
    assert base == suite_hash(course, topics, GradingOptions().profile())
    assert base != suite_hash(course, topics, GradingOptions(examples=5).profile())
    assert base != suite_hash(course, topics, GradingOptions(call_timeout=1).profile())
    (tmp_path / "tests/03_losses/bugs").mkdir()
    (tmp_path / "tests/03_losses/bugs/new_bug.py").write_text("# not run at grading\n")
    assert base == suite_hash(course, topics, GradingOptions().profile())
    with open(tmp_path / "solutions/03_losses/losses.py", "a") as reference:
        reference.write("\n# a changed reference\n")
    assert base != suite_hash(course, topics, GradingOptions().profile())


def result_of(student, statuses):
    tests = [model.TestResult(f"test_{n}", "f", 2.0, "visible", status, f"feedback {n}", 0.1 * n)
             for n, status in enumerate(statuses)]
    return GradingResult(student, [TopicResult("03_losses", tests), TopicResult("02_x")],
                         {"autograder_version": "0.1.0", "duration_s": 1.0})


def test_from_dict_inverts_to_dict():
    result = result_of("ann", ["passed", "failed", "timeout"])
    assert GradingResult.from_dict(result.to_dict()).to_dict() == result.to_dict()


def test_the_gradebook_keeps_history_and_serves_the_latest_run(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    with Gradebook(path, lock=True) as book:
        first = book.record("ann", "ann", "h1", "s", result_of("ann", ["failed"]), "graded", "t")
        book.record("bob", "bob.zip", "h2", "s", result_of("bob", ["passed"]), "graded", "t")
        second = book.record("ann", "ann", "h3", "s", result_of("ann", ["passed"]), "graded",
                             "t")
        with pytest.raises(Exception, match="in use by another batch"):
            Gradebook(path, lock=True)
    with Gradebook(path) as book:
        assert [run.id for run in book.history("ann")] == [first.id, second.id]
        assert book.latest("ann") == second and book.latest("nobody") is None
        current = book.current()
        assert [r.to_dict() for r in current] == [result_of("ann", ["passed"]).to_dict(),
                                                  result_of("bob", ["passed"]).to_dict()]
        assert book.result(first.id).to_dict() == result_of("ann", ["failed"]).to_dict()
        assert book.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def workflow_command_lines(text):
    return [line for line in re.split(r"\r\n|\r|\n", text)
            if line.lstrip().startswith("::") or "##[" in line]


def test_a_class_of_twenty_with_every_kind_of_bad_entry_is_graded_and_exported(tmp_path):
    """A corrupt zip, a name that is not UTF-8, two ids that collide, an empty folder, names
    with markup, escapes, newlines and spreadsheet formulas: all 20 recorded and exported (the
    bad ones as error rows), and a rerun grades nothing."""
    class_dir = tmp_path / "class"
    correct = LOSSES.read_text()
    good = ["s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "John Smith", "John_Smith",
            "[bold red]mallory", "-2+3", "@SUM(A1)", "new\nline\x1b[2J", "::notice::x"]
    for name in good:
        losses_folder(class_dir / name, correct)
    losses_folder(Path(os.fsdecode(os.fsencode(class_dir) + b"/caf\xe9")), correct)
    zip_folder(losses_folder(tmp_path / "mac" / "alice", correct), class_dir / "mac.zip")
    with zipfile.ZipFile(class_dir / "mac.zip", "a") as zf:
        zf.writestr("__MACOSX/alice/._losses.py", "x")
    (class_dir / "empty").mkdir()
    zip_folder(losses_folder(tmp_path / "c", correct), class_dir / "corrupt.zip")
    data = bytearray((class_dir / "corrupt.zip").read_bytes())
    data[100] ^= 0xFF  # inside the stored module: the directory stays intact
    (class_dir / "corrupt.zip").write_bytes(bytes(data))
    with zipfile.ZipFile(class_dir / "markup.zip", "w") as zf:
        zf.writestr("[/][bold]x/../../evil.py", "x = 1\n")
    assert len(os.listdir(class_dir)) == 20
    out = tmp_path / "out"
    first = batch(class_dir, out)
    for text in (first.stdout, first.stderr):
        assert workflow_command_lines(text) == [] and "\x1b" not in text
    assert "20 submissions: 20 to grade, 0 unchanged" in first.stderr
    assert first.stderr.count("warning: 2 entries would have the student id John_Smith") == 2
    with open(out / "grades.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert len(rows) == 20
    scores = {sid: float(row["score"]) for sid, row in rows.items()}
    errors = {"corrupt", "markup", "empty"}
    assert {sid for sid, score in scores.items() if score == 0} == errors
    assert all(float(rows[sid]["max_score"]) == scores[sid] for sid in scores if sid not in errors)
    john = [sid for sid in rows if sid.startswith("John_Smith")]
    assert len(john) == 2 and "John_Smith" in john
    assert {"'-2+3", "'@SUM_A1_", "_bold_red_mallory", "new_line__2J", "__notice__x",
            "caf_", "mac"} <= set(rows)
    for sid in errors:
        result = json.loads((out / "students" / sid / "results.json").read_text())
        assert {t["status"] for topic in result["topics"] for t in topic["tests"]} == {"error"}
        assert "could not be taken in" in result["metadata"]["error"] or \
            "does not look like a submission" in result["metadata"]["error"]
    assert "cannot be read" in json.loads(
        (out / "students" / "corrupt" / "results.json").read_text())["metadata"]["error"]
    second = batch(class_dir, out)
    assert "20 submissions: 0 to grade, 20 unchanged" in second.stderr
