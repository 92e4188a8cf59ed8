"""`autograder similarity` and `batch --export similarity`: code and behaviour, ranked.

The class graded here (02_activations and 03_losses, `--examples 5`):

- alice (demo) and mallory, a disguised copy of alice: every local variable renamed, the
  functions in reverse order, comments dropped, reformatted (ast.unparse): all correct;
- bob (demo, four bugs) and trudy, a disguised copy of bob: the same wrong outputs;
- grace, the reference solution: correct and written independently of alice;
- ivan, judy and ken (tests/harness/similarity_class): 03_losses only, written independently,
  all sharing one common mistake (l1_loss not averaged over the batch).

The copies must rank on top and be marked; no independent pair may be.
"""

import ast
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from html.parser import HTMLParser
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from autograder.classbook import similarity
from autograder.classbook.gradebook import SCHEMA_VERSION, Gradebook
from autograder.course import Course
from autograder.results import GradingResult, TopicResult
from autograder.results import TestResult as Outcome  # not collected as a test class
from autograder.sandbox.client import Sandbox
from autograder.sandbox.returns import ReturnDigest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo_class"
COPIES = [("alice", "mallory"), ("bob", "trudy")]
INDEPENDENT = [("alice", "grace"), ("ivan", "judy"), ("ivan", "ken"), ("judy", "ken")]
TOPICS = ("--topic", "02_activations", "--topic", "03_losses", "--examples", "5")


def disguise(source: str) -> str:
    """Rename every local variable, put the functions in reverse order, drop comments."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            params = {arg.arg for arg in node.args.args + node.args.kwonlyargs}
            local = sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                            and isinstance(n.ctx, ast.Store)} - params)
            names = {name: f"tmp_{i}_{node.name[:3]}" for i, name in enumerate(local)}
            for name in ast.walk(node):
                if isinstance(name, ast.Name) and name.id in names:
                    name.id = names[name.id]
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    tree.body = [node for node in tree.body if node not in functions] + functions[::-1]
    return ast.unparse(tree) + "\n"


def build_class(class_dir: Path) -> None:
    for name in ("alice", "bob"):
        shutil.copytree(DEMO / name, class_dir / name)
    for original, copy in COPIES:
        for path in (DEMO / original).rglob("*.py"):
            target = class_dir / copy / path.relative_to(DEMO / original)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(disguise(path.read_text()))
    for topic in ("02_activations", "03_losses"):
        shutil.copytree(ROOT / "solutions" / topic, class_dir / "grace" / topic)
    for name in ("ivan", "judy", "ken"):
        shutil.copytree(Path(__file__).parent / "similarity_class" / name, class_dir / name)


def autograder(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900,
                          env={**os.environ, "COLUMNS": "200"})


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("similarity")
    class_dir, out = base / "class", base / "out"
    build_class(class_dir)
    run = autograder("batch", class_dir, "--out", out, "--export", "similarity,report",
                     "--jobs", "2", *TOPICS)
    assert run.returncode == 0, run.stderr
    report = json.loads((out / "similarity.json").read_text())
    return class_dir, out, report, run


def pair(report, a, b):
    a, b = sorted((a, b))
    found = [p for p in report["pairs"] if (p["a"], p["b"]) == (a, b)]
    return found[0] if found else {"a": a, "b": b, "combined": 0.0, "code": 0.0,
                                   "behaviour": 0.0, "marked": False, "shared_outputs": []}


def test_the_copies_rank_on_top_and_no_independent_pair_is_marked(graded):
    _, _, report, run = graded
    top = {(p["a"], p["b"]) for p in report["pairs"][:2]}
    assert top == {tuple(sorted(copy)) for copy in COPIES}, report["pairs"][:4]
    assert all(p["marked"] for p in report["pairs"][:2])
    assert not any(p["marked"] for p in report["pairs"][2:]), report["pairs"][2:5]
    lowest_copy = min(pair(report, *copy)["combined"] for copy in COPIES)
    for independent in INDEPENDENT:
        assert pair(report, *independent)["combined"] < min(lowest_copy, report["threshold"])
    # renamed, reordered and reformatted, the correct copy is still found by its code alone
    assert pair(report, "alice", "mallory")["code"] >= report["threshold"]
    assert "alice and mallory" in run.stdout and "bob and trudy" in run.stdout


def test_the_copied_wrong_submission_shares_its_rare_wrong_outputs(graded):
    _, _, report, _ = graded
    copied = pair(report, "bob", "trudy")
    functions = {(s["topic"], s["function"]) for s in copied["shared_outputs"]}
    # bob's four bugs (demo README): sigmoid overflow, relu_backward in place, svm, softmax
    assert functions == {("02_activations", "sigmoid_forward"),
                         ("02_activations", "relu_backward"),
                         ("03_losses", "svm_loss"), ("03_losses", "softmax_loss")}
    assert all(s["students"] == 2 for s in copied["shared_outputs"])
    # four functions, each with chance 1/N of coming from an independent classmate
    chances = {(s["topic"], s["function"]): s["chance"] for s in copied["shared_outputs"]}
    assert copied["behaviour"] == pytest.approx(1 - np.prod(list(chances.values())), abs=1e-4)
    assert pair(report, "alice", "mallory")["shared_outputs"] == []  # both correct


def test_a_common_mistake_is_not_evidence(graded):
    """ivan, judy and ken did return identical wrong values (the digests agree), but three
    of eight students is a common mistake: no behavioural evidence for any of their pairs."""
    _, out, report, _ = graded
    db = sqlite3.connect(out / "gradebook.sqlite")
    rows = db.execute(
        "SELECT r.student, t.name, t.output_digest FROM test_results t JOIN current_runs r "
        "ON r.id = t.run_id WHERE t.function = 'l1_loss' AND t.status = 'failed'").fetchall()
    by_test: dict[str, dict[str, str]] = {}
    for student, name, digest in rows:
        by_test.setdefault(name, {})[student] = digest
    assert by_test and all(set(d) == {"ivan", "judy", "ken"} for d in by_test.values())
    assert all(len(set(d.values())) == 1 and None not in d.values() for d in by_test.values())
    for a, b in combinations(("ivan", "judy", "ken"), 2):
        assert pair(report, a, b)["behaviour"] == 0.0


def test_digests_are_recorded_for_failed_tests_only(graded):
    _, out, _, _ = graded
    db = sqlite3.connect(out / "gradebook.sqlite")
    statuses = dict(db.execute("SELECT status, count(output_digest) FROM test_results "
                               "GROUP BY status").fetchall())
    assert statuses["passed"] == 0 and statuses["error"] == 0
    assert statuses["failed"] > 0
    digests = [d for (d,) in db.execute("SELECT output_digest FROM test_results "
                                        "WHERE output_digest IS NOT NULL")]
    assert all(len(d) == 16 and int(d, 16) >= 0 for d in digests)


def test_the_command_reads_the_gradebook_and_gives_the_same_report(graded, tmp_path):
    class_dir, out, report, _ = graded
    run = autograder("similarity", class_dir, "--topic", "02_activations", "--topic",
                     "03_losses", "--gradebook", out / "gradebook.sqlite", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    again = json.loads((tmp_path / "similarity.json").read_text())
    assert again["pairs"] == report["pairs"]  # deterministic, from the same data
    assert (tmp_path / "similarity.html").is_file()


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


HOSTILE = ('"""</pre><script>alert(1)</script>"""\nimport numpy as np\n\n'
           "def l1_loss(pred, target):\n    # \x1b[31m<img src=x onerror=alert(2)>\n"
           "    residual = np.asarray(pred, dtype=np.float64) - np.asarray(target)\n"
           "    total = np.abs(residual).sum() / residual.shape[0]\n"
           "    return float(total), np.sign(residual) / residual.shape[0]\n")


def test_the_page_escapes_the_students_code_and_names(tmp_path):
    class_dir = tmp_path / "class"
    for name in ("eve<script>", "oscar"):
        (class_dir / name / "03_losses").mkdir(parents=True)
        (class_dir / name / "03_losses" / "losses.py").write_text(HOSTILE)
    course = Course(ROOT)
    report = similarity.analyse(class_dir, [course.topic("03_losses")], [],
                                course.assignments)
    similarity.write_report(report, tmp_path / "out")
    page = (tmp_path / "out" / "similarity.html").read_text()
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert "mark" in parser.tags  # the copied passage is highlighted
    text = "".join(parser.text)
    # the id is made inert (a name of safe characters), the code is shown as written
    assert "</pre><script>alert(1)</script>" in text and "eve_script_ and oscar" in text
    assert "\x1b" not in page and "\ufffd[31m" in text


def test_the_stub_and_passages_most_of_the_class_wrote_are_not_evidence():
    stub = (ROOT / "assignments" / "03_losses" / "losses.py").read_text()
    bare = similarity.without_docstrings(stub)
    assert "NotImplementedError" in bare and '"""' not in bare
    prints, _ = similarity.topic_fingerprints({"a": stub, "b": bare, "c": bare}, stub)
    assert similarity.code_shares(prints) == {}  # the skeleton, with or without docstrings
    own = HOSTILE.split("\n", 1)[1]  # a real l1_loss, shared by 11 students of 12
    codes = {f"s{i:02d}": own for i in range(11)} | {"z": ""}
    prints, common = similarity.topic_fingerprints(codes, stub)
    assert common > 0 and similarity.code_shares(prints) == {}
    codes.pop("s10")  # shared by 10: no longer common (MOSS's -m 10)
    prints, common = similarity.topic_fingerprints(codes, stub)
    assert common == 0 and similarity.code_shares(prints)["s00", "s01"] == (1.0, 1.0)


def test_behaviour_counts_each_function_once_weighted_by_rarity():
    def result(student, digests):
        tests = [Outcome(name, function, 1.0, "visible",
                            "failed" if digest else "passed", "", 0.0, output_digest=digest)
                 for (name, function), digest in digests.items()]
        return GradingResult(student, [TopicResult("03_losses", tests)], {})

    l1a, l1b, svm = ("t_l1", "l1_loss"), ("t_l1_grad", "l1_loss"), ("t_svm", "svm_loss")
    students = [result("a", {l1a: "1", l1b: "2", svm: "s"}),
                result("b", {l1a: "1", l1b: "2", svm: "s"}),
                result("c", {l1a: "1", l1b: None, svm: "x"})]
    students += [result(f"z{i}", {l1a: None, l1b: None, svm: None}) for i in range(5)]
    shared = similarity.shared_outputs(students)
    # t_l1's values are held by 3 of 8 (more than COMMON_OUTPUT): a common mistake
    assert {(s.test, s.students) for s in shared["a", "b"]} == {("t_l1_grad", 2),
                                                                 ("t_svm", 2)}
    assert ("a", "c") not in shared
    found = similarity.Pair("a", "b", shared_outputs=shared["a", "b"])
    # two functions, each shared by 2 of the 8 graded: chance (2 - 1) / 8 each
    assert found.behaviour == pytest.approx(1 - (1 / 8) ** 2)
    assert found.combined == pytest.approx(found.behaviour)


def test_the_digest_is_of_returned_values_not_of_printed_text(tmp_path):
    (tmp_path / "quiet.py").write_text("def f(x):\n    return x * 2\n")
    (tmp_path / "noisy.py").write_text(
        "def f(x):\n    print('hello', x)\n    if x.size > 2:\n        raise ValueError('no')\n"
        "    return x + x\n")
    digests = {}
    with Sandbox(tmp_path, call_timeout=5.0) as sandbox:
        for name in ("quiet", "noisy"):
            function = getattr(sandbox.module(name, f"{name}.py"), "f")
            sandbox.returns.reset()
            for x in (np.arange(2.0), np.ones(1)):
                function(x)
            digests[name] = sandbox.returns.hexdigest()
        sandbox.returns.reset()
        with pytest.raises(ValueError):
            sandbox.module("noisy", "noisy.py").f(np.ones(3))
        assert sandbox.returns.hexdigest() is None  # raised only: nothing to compare
    assert digests["quiet"] == digests["noisy"] is not None


def test_return_digest_tells_values_apart():
    def digest(*values):
        returns = ReturnDigest()
        for value in values:
            returns.add(value)
        return returns.hexdigest()

    assert digest(None, None) is None
    assert digest(np.zeros(2)) == digest(np.zeros(2))
    assert len({digest(np.zeros(2)), digest(np.zeros(2, np.float32)), digest(np.zeros((2, 1))),
                digest(-np.zeros(2)), digest(0.0, 0.0), digest((0.0, 0.0)),
                digest(np.zeros((1, 0, 2))), digest(np.zeros((0, 2)))}) == 8


def test_a_schema_1_gradebook_gains_the_digest_column(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE test_results (run_id INTEGER NOT NULL, position INTEGER NOT NULL,
            topic TEXT NOT NULL, name TEXT NOT NULL, function TEXT NOT NULL,
            score REAL NOT NULL, max_score REAL NOT NULL, status TEXT NOT NULL,
            visibility TEXT NOT NULL, feedback TEXT NOT NULL, duration_s REAL NOT NULL,
            PRIMARY KEY (run_id, position));
        PRAGMA user_version=1;""")
    db.close()
    with Gradebook(path) as gradebook:
        columns = [row[1] for row in gradebook.db.execute("PRAGMA table_info(test_results)")]
        assert {"output_digest", "details"} <= set(columns)
        assert gradebook.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_the_page_renders_in_headless_chromium(graded, screenshot):
    _, out, _, _ = graded
    pixels = screenshot(out / "similarity.html", 1200, 2400)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    highlight = ((red > 0.95) & (green > 0.78) & (green < 0.9) & (blue < 0.4)).mean()
    assert highlight > 0.005, highlight  # matched passages (#ffd84d) side by side
    heat = ((red > 0.7) & (green < 0.35) & (blue < 0.35)).mean()
    assert heat > 0.0002, heat  # the copies' dark red cells in the heat map
