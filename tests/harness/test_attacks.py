"""The attack corpus: submissions that try to read, cheat, hang, leak, harm or confuse.

Each ``attacks/NAME.py`` is appended to the reference module of its ``TOPIC`` (so every
function it does not redefine is correct) and declares its exact expected outcome:

* ``ZEROED``: functions whose graded tests must all score 0 (``["*"]``: the whole topic), or
  ``LOST``: the names of exactly the tests that must score 0; every other graded test, in
  every graded topic (``TOPICS``, default 02_activations and 03_losses), must keep full marks;
* ``STATUS``: the status every zeroed test must end with; ``FEEDBACK``: a regular expression
  its feedback must match (where the student may see it);
* ``NEEDS``: the isolation the defence relies on (``"filesystem"``: bubblewrap or the uid
  drop; ``"bubblewrap"``; ``"seccomp"``; ``"network"``: bubblewrap or seccomp). Where it is
  off, the attack is not even run (some would harm the machine) and its test is skipped;
* how the submission is packaged, when not as a folder: ``FORMAT = "ipynb"`` (the attacked
  module becomes one notebook cell, after the cells of ``CELLS`` and, with ``HUGE_CELL``, a
  list literal of that many characters); or a .zip when any of
  ``ZIP_MEMBERS`` (extra members, name -> text), ``ZIP_WRAP`` (a folder wrapping it all) or
  ``CORRUPT`` (a member whose stored data gets a flipped byte) is given;
* ``REFUSED``: a regular expression for the reason intake refuses the submission: ``grade``
  then reports it, still grades the clean copy, and exits 2;
* ``TWICE``: the attacked submission is graded twice in a row (as two students), both times
  with the expected outcome.

Placeholders in the source: ``@@SOLUTIONS@@``, ``@@TESTS@@`` (the course's folders),
``@@PORT@@`` (a loopback port this test listens on), ``@@MARKER@@`` (a path that must not
exist afterwards), ``@@NAME@@`` (the attack's name), ``@@STARTED@@`` (when this run began,
in seconds since the epoch). Each attack is graded through the
command line, followed in the same grader process by a clean copy of the reference, which
must still get full marks. For every attack, whatever the grader printed and every export
made from its results must be inert (no control character, no line GitHub Actions would
read as a workflow command), and the grader's own peak memory stays under
:data:`GRADER_MEMORY` (the worker's is bounded by its own limits).
"""

import ast
import functools
import io
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from rich.console import Console

from autograder import exports
from autograder.course import Course, Topic
from autograder.course.verify import patched_reference
from autograder.exports import class_report, feedback, github_summary, terminal
from autograder.exports.csv_grades import write_grades_csv
from autograder.grading.runner import collect
from autograder.results import GradingResult
from autograder.sandbox import layers

ROOT = Path(__file__).resolve().parents[2]
COURSE = Course(ROOT)
ATTACKS = sorted((Path(__file__).parent / "attacks").glob("*.py"))
BUDGET = 60
TOPICS = ["02_activations", "03_losses"]  # the attacks target these; others only add time
OPTIONS = ["--timeout", "2", "--budget", str(BUDGET), "--examples", "10"]
GRADER_MEMORY = 1536 * 2**20  # the grader's own peak (VmHWM), attacks included
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def metadata(path):
    tree = ast.parse(path.read_text())
    values = {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body
              if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
              and node.targets[0].id.isupper()}
    return ast.get_docstring(tree), values


def layer_available(need):
    isolation = layers.detect()
    return {None: True,
            "filesystem": bool(isolation.bwrap or isolation.uid is not None),
            "bubblewrap": bool(isolation.bwrap),
            "seccomp": isolation.seccomp,
            "network": bool(isolation.bwrap or isolation.seccomp)}[need]


def workflow_command_lines(text):
    """The lines GitHub Actions would read as workflow commands (lines end at \\n or \\r)."""
    return [line for line in re.split(r"\r\n|\r|\n", text)
            if line.lstrip().startswith("::") or "##[" in line]


def package(folder, attacked, meta):
    """The attacked folder as the attack's ``FORMAT`` or .zip asks."""
    topic = Topic(meta["TOPIC"])
    if meta.get("FORMAT") == "ipynb":
        module = attacked / topic.relpath
        cells = [*map(nbformat.v4.new_code_cell, meta.get("CELLS", [])),
                 nbformat.v4.new_code_cell(module.read_text())]
        if "HUGE_CELL" in meta:  # a list literal of that many characters
            huge = f"HUGE = [{'0,' * (meta['HUGE_CELL'] // 2)}]"
            cells.insert(0, nbformat.v4.new_code_cell(huge))
        nbformat.write(nbformat.v4.new_notebook(cells=cells),
                       module.with_suffix(".ipynb"))
        module.unlink()
    if not {"ZIP_MEMBERS", "ZIP_WRAP", "CORRUPT"} & set(meta):
        return attacked
    archive = folder / "attacked.zip"
    wrap = meta.get("ZIP_WRAP", "")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(attacked.rglob("*")):
            if path.is_file():
                zf.write(path, f"{wrap}/{path.relative_to(attacked).as_posix()}".lstrip("/"))
        for name, text in meta.get("ZIP_MEMBERS", {}).items():
            zf.writestr(name, text)
    if "CORRUPT" in meta:
        with zipfile.ZipFile(archive) as zf:
            info = zf.getinfo(meta["CORRUPT"])
        data = bytearray(archive.read_bytes())
        header = info.header_offset
        start = header + 30 + int.from_bytes(data[header + 26:header + 28], "little") \
            + int.from_bytes(data[header + 28:header + 30], "little")
        data[start + info.compress_size // 2] ^= 0xFF
        archive.write_bytes(bytes(data))
    return archive


def run_measured(command):
    """Run ``command``; returns (CompletedProcess, its own peak resident memory in bytes,
    read from /proc while it runs: its workers are not counted)."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    peak = [0]

    def watch():
        while process.poll() is None:
            try:
                status = Path(f"/proc/{process.pid}/status").read_text()
                peak[0] = max(peak[0], int(re.search(r"VmHWM:\s+(\d+)", status)[1]) * 1024)
            except (OSError, TypeError):
                pass
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    stdout, stderr = process.communicate(timeout=BUDGET * 10)
    watcher.join()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), peak[0]


def attack_then_clean(folder, attack_path, replacements):
    """Grade the attack (twice for ``TWICE``), then a clean copy of the reference, in one
    grader process."""
    source = attack_path.read_text()
    for key, value in replacements.items():
        source = source.replace(f"@@{key}@@", value)
    meta = metadata(attack_path)[1]
    attacked = package(folder, patched_reference(COURSE, folder / "attacked",
                                                 Topic(meta["TOPIC"]), source), meta)
    subjects = [attacked]
    if meta.get("TWICE"):
        subjects.append(shutil.copytree(attacked, folder / "attacked-again"))
    shutil.copytree(COURSE.solutions, folder / "clean")
    topics = [arg for name in meta.get("TOPICS", TOPICS) for arg in ("--topic", name)]
    run, peak = run_measured([sys.executable, "-m", "autograder", "grade", *map(str, subjects),
                              str(folder / "clean"), "--format", "json", *OPTIONS, *topics])
    assert run.returncode == (2 if "REFUSED" in meta else 0), run.stderr
    graded = json.loads(run.stdout)
    graded = graded if isinstance(graded, list) else [graded]
    return {"attacked": graded[:-1], "clean": graded[-1], "stdout": run.stdout,
            "stderr": run.stderr, "peak": peak}


@pytest.fixture(scope="module")
def listener():
    """A loopback port that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    connections, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connections.append(server.accept())
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join()
    server.close()


@pytest.fixture(scope="module")
def outcomes(listener, tmp_path_factory, request):
    """Every attack selected for this session graded once (two at a time)."""
    port, _ = listener
    marker_dir = tmp_path_factory.mktemp("markers")
    started = time.time()
    selected = {item.callspec.params["path"] for item in request.session.items
                if "path" in getattr(getattr(item, "callspec", None), "params", {})}
    runs = {}
    with ThreadPoolExecutor(2) as pool:
        for path in ATTACKS:
            if path not in selected or not layer_available(metadata(path)[1].get("NEEDS")):
                continue
            replacements = {"SOLUTIONS": str(COURSE.solutions), "TESTS": str(COURSE.tests),
                            "PORT": str(port), "MARKER": str(marker_dir / path.stem),
                            "NAME": path.stem, "STARTED": str(int(started))}
            runs[path.stem] = pool.submit(attack_then_clean, tmp_path_factory.mktemp(path.stem),
                                          path, replacements)
        return {name: future.result() for name, future in runs.items()}, marker_dir


def test_the_corpus_is_large_enough():
    assert len(ATTACKS) >= 50


def exports_of(results, folder):
    """Every text export of ``results``: the terminal table and feedback, Markdown and HTML
    feedback, JUnit, grades.csv, the class report and the GitHub step summary."""
    console = Console(file=io.StringIO(), width=100, color_system=None)
    texts = {}
    for number, result in enumerate(results):
        console.print(terminal.submission_table(result))
        terminal.print_feedback(console, result)
        texts[f"{number}.md"] = feedback.to_markdown(result)
        texts[f"{number}.html"] = feedback.to_html(result)
    texts["terminal"] = console.file.getvalue()
    texts["junit"] = exports.render("junit", results)
    texts["report"] = class_report.to_html(results, {})
    texts["summary"] = github_summary.step_summary(results)
    write_grades_csv(results, folder / "grades.csv")
    texts["csv"] = (folder / "grades.csv").read_text()
    return texts


@pytest.mark.parametrize("path", ATTACKS, ids=lambda p: p.stem)
def test_attack(path, outcomes, listener, tmp_path):
    doc, meta = metadata(path)
    if not layer_available(meta.get("NEEDS")):
        pytest.skip(f"the {meta['NEEDS']} layer is off on this machine (autograder doctor)")
    outcome, marker_dir = outcomes[0][path.stem], outcomes[1]
    if "REFUSED" in meta:
        assert outcome["attacked"] == []
        assert re.search("not graded: .*" + meta["REFUSED"], outcome["stderr"]), \
            outcome["stderr"]
    else:
        assert len(outcome["attacked"]) == (2 if meta.get("TWICE") else 1)
    for attacked in outcome["attacked"]:
        check_scores(attacked, meta)
        assert attacked["metadata"]["duration_s"] < BUDGET * 2  # bounded: it never hangs
    clean = outcome["clean"]
    assert clean["score"] == clean["max_score"], "the next submission was affected"
    assert not (marker_dir / path.stem).exists(), "the attack wrote outside its sandbox"
    if meta.get("NEEDS") == "network":
        assert listener[1] == [], "the attack reached the loopback listener"
    printed = outcome["stdout"] + outcome["stderr"]
    assert workflow_command_lines(printed) == [] and not CONTROL.search(
        printed.replace("\n", "").replace("\t", "")), "the grader printed live text"
    results = [GradingResult.from_dict(data) for data in outcome["attacked"] + [clean]]
    for name, text in exports_of(results, tmp_path).items():
        assert workflow_command_lines(text) == [], f"{name} holds a workflow command"
        assert not CONTROL.search(text.replace("\n", "").replace("\t", "")), \
            f"{name} holds a control character"
    assert outcome["peak"] < GRADER_MEMORY, f"the grader itself used {outcome['peak']} bytes"


def check_scores(attacked, meta):
    zeroed, lost = set(meta.get("ZEROED", ())), set(meta.get("LOST", ()))
    for topic in attacked["topics"]:
        for test in topic["tests"]:
            hit = topic["name"] == meta["TOPIC"] and (
                "*" in zeroed or test["function"] in zeroed or test["name"] in lost)
            where = f"{topic['name']}::{test['name']}"
            if hit:
                assert test["score"] == 0, f"{where} gave points to a cheating function"
                if (topic["name"], test["name"]) in contract_tests(topic["name"]):
                    continue  # what a contract test says is about its rule, not the values
                if "STATUS" in meta:
                    assert test["status"] == meta["STATUS"], f"{where}: {test['feedback']}"
                if "FEEDBACK" in meta and test["visibility"] == "visible":
                    assert re.search(meta["FEEDBACK"], test["feedback"]), test["feedback"]
            else:
                assert test["status"] == "passed", f"{where} was affected: {test['feedback']}"


@functools.cache
def contract_tests(topic: str) -> set[tuple[str, str]]:
    """(topic, test name) of each contract test of ``topic`` (see ``graded(contract=...)``)."""
    return {(topic, test.name) for test in collect(COURSE, [Topic(topic)])[Topic(topic)]
            if test.contract}


def test_the_grader_memory_stays_bounded(outcomes):
    """Reported for the README (`pytest -s`): the grader's own peak over every attack."""
    peaks = {name: outcome["peak"] for name, outcome in outcomes[0].items()}
    if not peaks:
        pytest.skip("no attack was graded in this session")
    worst = max(peaks, key=peaks.get)
    print(f"\ngrader peak memory: {peaks[worst] / 2**20:.0f} MiB ({worst}); median "
          f"{sorted(peaks.values())[len(peaks) // 2] / 2**20:.0f} MiB over {len(peaks)} runs")
    assert peaks[worst] < GRADER_MEMORY
