"""`autograder batch` on Dask distributed (LocalClusters of single-threaded worker processes):
the same results as the local pool, identical uploads graded once, a killed worker losing
and duplicating nothing, a submission that keeps killing workers recorded as crashed, and
a worker that sees another suite refused."""

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

pytest.importorskip("distributed")

import dask  # noqa: E402
from distributed import LocalCluster  # noqa: E402

from autograder.classbook.batch import Batch, find_submissions, staging_area  # noqa: E402
from autograder.classbook.cluster import DaskExecutor, SuiteMismatch  # noqa: E402
from autograder.classbook.gradebook import Gradebook  # noqa: E402
from autograder.course import Course  # noqa: E402
from autograder.grading.runner import GradingOptions  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
QUICK = ("--topic", "03_losses", "--examples", "5")
LOSSES = ROOT / "solutions" / "03_losses" / "losses.py"


def autograder(*args, env=None):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def runs(gradebook_path):
    with closing(sqlite3.connect(f"file:{gradebook_path}?mode=ro", uri=True)) as db:
        return db.execute("SELECT student, outcome FROM runs ORDER BY id").fetchall()


def exported(out, student):
    return json.loads((out / "students" / student / "results.json").read_text())


def graded_part(result):
    """A result without what differs between two gradings (times)."""
    return {"submission": result["submission"], "score": result["score"],
            "topics": [[{k: v for k, v in test.items() if k != "duration_s"}
                        for test in topic["tests"]] for topic in result["topics"]]}


def test_dask_grades_the_demo_class_as_the_local_pool_does(tmp_path):
    class_dir = tmp_path / "class"
    shutil.copytree(ROOT / "examples" / "demo_class", class_dir)
    shutil.copytree(class_dir / "alice", class_dir / "alice_again")  # a duplicate upload
    students = sorted(p.name for p in class_dir.iterdir() if p.is_dir())
    local = autograder("batch", str(class_dir), "--out", str(tmp_path / "local"),
                       "--jobs", "2", "--export", "results", *QUICK)
    assert local.returncode == 0, local.stderr
    dask_run = autograder("batch", str(class_dir), "--out", str(tmp_path / "dask"),
                          "--executor", "dask", "--jobs", "2", "--export", "results", *QUICK)
    assert dask_run.returncode == 0, dask_run.stderr
    assert "dashboard http://127.0.0.1:" in dask_run.stderr
    assert "2 worker(s), 2 grading slot(s)" in dask_run.stderr
    for student in students:
        assert graded_part(exported(tmp_path / "dask", student)) == graded_part(
            exported(tmp_path / "local", student)), student
    assert sorted(s for s, _ in runs(tmp_path / "dask" / "gradebook.sqlite")) == students
    alice, again = (exported(tmp_path / "dask", s)["metadata"] for s in ("alice", "alice_again"))
    assert (alice["graded_at"], alice["duration_s"]) == (  # one grading served both
        again["graded_at"], again["duration_s"])
    alice = exported(tmp_path / "dask", "alice")
    assert alice["score"] == alice["max_score"] > 0  # full marks on 03_losses

    unchanged = autograder("batch", str(class_dir), "--out", str(tmp_path / "dask"),
                           "--executor", "dask", "--export", "", *QUICK)
    assert unchanged.returncode == 0, unchanged.stderr
    assert f"0 graded, {len(students)} unchanged" in unchanged.stdout
    assert "Dask scheduler" not in unchanged.stderr  # nothing to grade: no cluster started


def test_scheduler_excludes_jobs_and_an_unreachable_scheduler_is_reported(tmp_path):
    (tmp_path / "class" / "ann" / "03_losses").mkdir(parents=True)
    shutil.copy(LOSSES, tmp_path / "class" / "ann" / "03_losses")
    both = autograder("batch", str(tmp_path / "class"), "--scheduler", "tcp://127.0.0.1:9",
                      "--jobs", "2", *QUICK)
    assert both.returncode == 2 and "--jobs" in both.stderr
    unreachable = autograder("batch", str(tmp_path / "class"), "--scheduler",
                             "tcp://127.0.0.1:9", "--export", "", *QUICK,
                             env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert unreachable.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in unreachable.stderr


DYING_GRADE = '''
import os
from pathlib import Path
from autograder.grading import runner

def grade_or_die(course, staged, topics, options):
    """Kill this Dask worker's process while grading a submission that holds `die_always`
    (every time), or `die_once` (whose text is a marker path: the first time only)."""
    if (staged / "die_always").exists():
        os._exit(9)
    once = staged / "die_once"
    if once.exists() and not Path(once.read_text()).exists():
        Path(once.read_text()).write_text("died")
        os._exit(9)
    return runner.grade(course, staged, topics, options)
'''


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A LocalCluster as `dask worker --nthreads 1 --resources grading=1` would make on a
    2-core host, whose scheduler gives up on a task after two workers died running it;
    and the test's `grade_or_die`, importable by the workers."""
    modules = tmp_path_factory.mktemp("modules")
    (modules / "dying_grade.py").write_text(DYING_GRADE)
    with pytest.MonkeyPatch.context() as patch, \
            dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        patch.syspath_prepend(str(modules))
        patch.setenv("PYTHONPATH", str(modules))  # inherited by the worker processes
        from dying_grade import grade_or_die
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          resources={"grading": 1}, host="127.0.0.1", dashboard_address=None,
                          silence_logs=logging.ERROR) as local:
            yield local.scheduler_address, grade_or_die


def losses_folder(folder, source=LOSSES.read_text()):
    (folder / "03_losses").mkdir(parents=True)
    (folder / "03_losses" / "losses.py").write_text(source)
    return folder


def grade_class(course, class_dir, book_path, executor):
    """Grade ``class_dir`` on 03_losses with ``executor``: (results by student, runs)."""
    submissions, _ = find_submissions(class_dir)
    with Gradebook(book_path, lock=True) as book, staging_area(book) as staging:
        grader = Batch(course, [course.topic("03_losses")], GradingOptions(examples=5), book)
        plan = grader.plan(submissions, staging, regrade=False)
        with executor:
            results = grader.run(plan, executor)
    return {r.submission: r.to_dict() for r in results}, runs(book_path)


def test_a_worker_killed_mid_grading_loses_nothing_and_duplicates_nothing(cluster, tmp_path):
    address, grade_or_die = cluster
    for student in ("ok", "twin", "once"):
        losses_folder(tmp_path / "class" / student)
    marker = tmp_path / "died_once"
    (tmp_path / "class" / "once" / "die_once").write_text(str(marker))
    lines = []
    results, outcomes = grade_class(Course(ROOT), tmp_path / "class", tmp_path / "book.sqlite",
                                    DaskExecutor(address, 2, lines.append, grade_or_die))
    assert marker.read_text() == "died"  # a worker was killed while grading `once`
    assert sorted(outcomes) == [("ok", "graded"), ("once", "graded"), ("twin", "graded")]
    full = results["ok"]["max_score"]
    assert full > 0 and all(results[s]["score"] == full for s in ("ok", "twin", "once"))
    assert graded_part(results["once"])["topics"] == graded_part(results["ok"])["topics"]
    assert results["ok"]["metadata"] == results["twin"]["metadata"]  # graded once for both
    assert f"Dask scheduler {address}" in lines[0] and "2 grading slot(s)" in lines[0]


def test_a_submission_that_keeps_killing_workers_becomes_its_error_row(cluster, tmp_path):
    address, grade_or_die = cluster
    for student in ("ok", "always"):
        losses_folder(tmp_path / "class" / student)
    (tmp_path / "class" / "always" / "die_always").write_text("")
    results, outcomes = grade_class(Course(ROOT), tmp_path / "class", tmp_path / "book.sqlite",
                                    DaskExecutor(address, 2, print, grade_or_die))
    assert sorted(outcomes) == [("always", "crashed"), ("ok", "graded")]
    assert results["ok"]["score"] == results["ok"]["max_score"] > 0
    tests = [t for topic in results["always"]["topics"] for t in topic["tests"]]
    assert tests and all(t["status"] == "error" and "KilledWorker" in t["feedback"]
                         and "2 in a row" in t["feedback"] for t in tests)


def test_a_worker_that_sees_another_suite_is_refused(cluster, tmp_path):
    course_root = tmp_path / "course"
    for part in ("tests/03_losses", "solutions/03_losses"):
        shutil.copytree(ROOT / part, course_root / part, ignore=shutil.ignore_patterns("bugs"))
    losses_folder(tmp_path / "class" / "ann")
    submissions, _ = find_submissions(tmp_path / "class")
    course = Course(course_root)
    with Gradebook(tmp_path / "book.sqlite", lock=True) as book, staging_area(book) as staging:
        grader = Batch(course, [course.topic("03_losses")], GradingOptions(examples=5), book)
        plan = grader.plan(submissions, staging, regrade=False)
        with open(course_root / "solutions/03_losses/losses.py", "a") as reference:
            reference.write("\n# changed after the client fingerprinted the suite\n")
        with DaskExecutor(cluster[0], 2, print) as executor, \
                pytest.raises(SuiteMismatch, match="another suite than this client"):
            grader.run(plan, executor)
    assert runs(tmp_path / "book.sqlite") == []  # nothing recorded
