"""The attack corpus: submissions that try to read, cheat, hang, leak or harm.

Each ``attacks/NAME.py`` is appended to the reference module of its ``TOPIC`` (so every
function it does not redefine is correct) and declares its exact expected outcome:

* ``ZEROED``: functions whose graded tests must all score 0 (``["*"]``: the whole topic), or
  ``LOST``: the names of exactly the tests that must score 0; every other graded test, in
  both graded topics (02_activations and 03_losses), must keep full marks;
* ``STATUS``: the status every zeroed test must end with;
* ``NEEDS``: the isolation the defence relies on (``"filesystem"``: bubblewrap or the uid
  drop; ``"seccomp"``; ``"network"``: bubblewrap or seccomp). Where it is off, the attack
  is not even run (some would harm the machine) and its test is skipped.

Placeholders in the source: ``@@SOLUTIONS@@``, ``@@TESTS@@`` (the course's folders),
``@@PORT@@`` (a loopback port this test listens on), ``@@MARKER@@`` (a path that must not
exist afterwards). Each attack is graded through the command line, followed in the same
grader process by a clean copy of the reference, which must still get full marks.
"""

import ast
import json
import shutil
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from autograder.course import Course, Topic
from autograder.course.verify import patched_reference
from autograder.sandbox import layers

ROOT = Path(__file__).resolve().parents[2]
COURSE = Course(ROOT)
ATTACKS = sorted((Path(__file__).parent / "attacks").glob("*.py"))
BUDGET = 60
# the attacks target these two topics; the others would only add time
OPTIONS = ["--timeout", "2", "--budget", str(BUDGET), "--examples", "10",
           "--topic", "02_activations", "--topic", "03_losses"]


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
            "seccomp": isolation.seccomp,
            "network": bool(isolation.bwrap or isolation.seccomp)}[need]


def attack_then_clean(folder, attack_path, replacements):
    """Grade the attack, then a clean copy of the reference, in one grader process."""
    source = attack_path.read_text()
    for key, value in replacements.items():
        source = source.replace(f"@@{key}@@", value)
    topic = Topic(metadata(attack_path)[1]["TOPIC"])
    patched_reference(COURSE, folder / "attacked", topic, source)
    shutil.copytree(COURSE.solutions, folder / "clean")
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(folder / "attacked"),
                          str(folder / "clean"), "--format", "json", *OPTIONS], cwd=ROOT,
                         capture_output=True, text=True, timeout=BUDGET * 10)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


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
def outcomes(listener, tmp_path_factory):
    """Every attack graded once (two at a time)."""
    port, _ = listener
    marker_dir = tmp_path_factory.mktemp("markers")
    runs = {}
    with ThreadPoolExecutor(2) as pool:
        for path in ATTACKS:
            if not layer_available(metadata(path)[1].get("NEEDS")):
                continue
            replacements = {"SOLUTIONS": str(COURSE.solutions), "TESTS": str(COURSE.tests),
                            "PORT": str(port), "MARKER": str(marker_dir / path.stem)}
            runs[path.stem] = pool.submit(attack_then_clean, tmp_path_factory.mktemp(path.stem),
                                          path, replacements)
        return {name: future.result() for name, future in runs.items()}, marker_dir


def test_the_corpus_is_large_enough():
    assert len(ATTACKS) >= 25


@pytest.mark.parametrize("path", ATTACKS, ids=lambda p: p.stem)
def test_attack(path, outcomes, listener):
    doc, meta = metadata(path)
    if not layer_available(meta.get("NEEDS")):
        pytest.skip(f"the {meta['NEEDS']} layer is off on this machine (autograder doctor)")
    (attacked, clean), marker_dir = outcomes[0][path.stem], outcomes[1]
    zeroed, lost = set(meta.get("ZEROED", ())), set(meta.get("LOST", ()))
    for topic in attacked["topics"]:
        for test in topic["tests"]:
            hit = topic["name"] == meta["TOPIC"] and (
                "*" in zeroed or test["function"] in zeroed or test["name"] in lost)
            where = f"{topic['name']}::{test['name']}"
            if hit:
                assert test["score"] == 0, f"{where} gave points to a cheating function"
                if "STATUS" in meta:
                    assert test["status"] == meta["STATUS"], f"{where}: {test['feedback']}"
            else:
                assert test["status"] == "passed", f"{where} was affected: {test['feedback']}"
    assert clean["score"] == clean["max_score"], "the next submission was affected"
    assert not (marker_dir / path.stem).exists(), "the attack wrote outside its sandbox"
    assert attacked["metadata"]["duration_s"] < BUDGET * 2  # bounded: it never hangs
    if meta.get("NEEDS") == "network":
        assert listener[1] == [], "the attack reached the loopback listener"
