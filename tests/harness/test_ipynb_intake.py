"""Notebook and flat-layout submissions (Gradescope uploads, nbgrader notebooks): how intake
places and converts them, and how `autograder grade` grades them."""

import ast
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.course import Course, Topic
from autograder.grading import intake
from autograder.grading.notebooks import notebook_code
from autograder.grading.runner import collect
from autograder.platforms.nbgrader_notebooks import source_notebook

ROOT = Path(__file__).resolve().parents[2]
COURSE = Course(ROOT)
TOPICS = COURSE.topics()
LOSSES = Topic("03_losses")
REFERENCE = (ROOT / "solutions" / LOSSES.relpath).read_text()


def code_cell(source, **nbgrader):
    cell = nbformat.v4.new_code_cell(source)
    if nbgrader:
        cell.metadata["nbgrader"] = {"grade": False, "locked": False, "schema_version": 3,
                                     "task": False, **nbgrader}
    return cell


def write_notebook(path, cells, **metadata):
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata.update(metadata)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def staged(source, tmp_path):
    """relpath -> text of every staged file."""
    target = tmp_path / "staged"
    target.mkdir(parents=True)
    intake.stage(source, target, TOPICS)
    return {p.relative_to(target).as_posix(): p.read_text() for p in target.rglob("*")
            if p.is_file()}


def autograder(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def reference_notebook(tmp_path_factory):
    """The nbgrader source notebook of 03_losses: the reference in solution cells, plus
    locked test cells that must not end up in the graded module."""
    inventory = collect(COURSE, [LOSSES])
    path = tmp_path_factory.mktemp("nb") / "losses.ipynb"
    nbformat.write(source_notebook(COURSE, LOSSES, inventory[LOSSES], examples=5), path)
    return path


def test_a_notebook_is_graded_as_its_topics_module(reference_notebook, tmp_path):
    files = staged(reference_notebook, tmp_path)
    assert list(files) == [LOSSES.relpath]
    module = files[LOSSES.relpath]
    assert "autograder.platforms.nbgrader_tests" not in module  # test cells are not solution cells
    for name in ("l1_loss", "l2_loss", "softmax_loss", "svm_loss"):
        assert f"\ndef {name}(" in module
    compile(module, LOSSES.relpath, "exec")


@pytest.mark.parametrize("topic", TOPICS, ids=str)
def test_the_source_notebook_of_every_topic_holds_its_whole_module(topic):
    """What intake takes from a topic's nbgrader notebook is the reference module, line for
    line, less its docstring (which the notebook shows as markdown)."""
    source = (ROOT / "solutions" / topic.relpath).read_text()
    notebook = source_notebook(COURSE, topic, [], examples=5)
    code = notebook_code(nbformat.writes(notebook).encode(), topic.relpath).source
    after_docstring = source.splitlines()[ast.parse(source).body[0].end_lineno:]
    assert [line for line in code.splitlines() if line.strip()] == \
        [line for line in after_docstring if line.strip()]


def test_solution_cells_when_present_else_every_code_cell(tmp_path):
    cells = [code_cell("import numpy as np", solution=True, grade_id="setup"),
             code_cell("print('scratch work')"),
             code_cell("def f():\n    return np.ones(2)", solution=True, grade_id="f")]
    with_metadata = write_notebook(tmp_path / "a" / "losses.ipynb", cells)
    assert notebook_code(with_metadata.read_bytes(), "x").source == \
        "import numpy as np\n\n\ndef f():\n    return np.ones(2)\n"
    plain = write_notebook(tmp_path / "b" / "losses.ipynb",
                           [code_cell("import numpy as np"), code_cell("x = 1"),
                            nbformat.v4.new_markdown_cell("%not code")])
    assert staged(plain, tmp_path)[LOSSES.relpath] == "import numpy as np\n\n\nx = 1\n"


def test_magics_and_shell_lines_are_dropped_with_a_warning(tmp_path):
    path = write_notebook(tmp_path / "losses.ipynb", [
        code_cell("%matplotlib inline\nimport numpy as np\n!pip install torch\n"
                  "for i in range(2):\n    %time i\nfiles = !ls\nnp.sum?"),
        code_cell("%%bash\necho not python"),
        code_cell("%%time\nx = 1"),
        code_cell("doc = '''\n%this is text\n'''"),
    ])
    found = intake.entries(path, TOPICS)
    code = found[0].open().read().decode()
    compile(code, "losses.py", "exec")
    assert "import numpy as np" in code and "x = 1" in code and "%this is text" in code
    assert "echo not python" not in code and "pip install" not in code.replace(
        "# dropped by the autograder: !pip install torch", "")
    warnings = found[0].warnings
    assert len(warnings) == 7
    assert all(w.startswith(f"{path}: cell ") for w in warnings)
    assert any("cell 2" in w and "%%bash" in w for w in warnings)
    assert any("cell 1" in w and "`!pip install torch`" in w for w in warnings)


def test_flat_folders_and_zips_are_placed_in_their_topic_folders(tmp_path, reference_notebook):
    activations = (ROOT / "solutions" / "02_activations" / "activations.py").read_text()
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "activations.py").write_text(activations)
    (flat / "losses.ipynb").write_bytes(reference_notebook.read_bytes())
    (flat / "notes.txt").write_text("kept where it is")
    files = staged(flat, tmp_path / "a")
    assert set(files) == {"02_activations/activations.py", LOSSES.relpath, "notes.txt"}
    assert files["02_activations/activations.py"] == activations
    archive = tmp_path / "upload.zip"
    with zipfile.ZipFile(archive, "w") as zf:  # wrapped in a folder, as Gradescope may do
        zf.writestr("upload/activations.py", activations)
        zf.writestr("upload/losses.ipynb", reference_notebook.read_bytes())
    assert staged(archive, tmp_path / "b") == {k: v for k, v in files.items()
                                               if k != "notes.txt"}


def test_a_notebook_inside_its_topic_folder_is_converted(tmp_path, reference_notebook):
    folder = tmp_path / "sub" / "03_losses"
    folder.mkdir(parents=True)
    (folder / "losses.ipynb").write_bytes(reference_notebook.read_bytes())
    assert list(staged(tmp_path / "sub", tmp_path)) == [LOSSES.relpath]


def test_two_files_for_one_module_are_refused(tmp_path, reference_notebook):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "losses.py").write_text(REFERENCE)
    (tmp_path / "sub" / "losses.ipynb").write_bytes(reference_notebook.read_bytes())
    with pytest.raises(intake.IntakeError, match="both losses.*would be graded as "
                                                 "03_losses/losses.py"):
        intake.entries(tmp_path / "sub", TOPICS)


def test_a_notebook_named_after_no_module_is_graded_only_for_one_topic(
        tmp_path, reference_notebook):
    path = tmp_path / "alice.ipynb"  # a class folder's entry, named after its student
    path.write_bytes(reference_notebook.read_bytes())
    with pytest.raises(intake.IntakeError, match=r"alice.ipynb: .*named after.*losses.ipynb"):
        intake.entries(path, TOPICS)
    found = intake.entries(path, [LOSSES])
    assert [str(entry.relpath) for entry in found] == [LOSSES.relpath]


@pytest.mark.parametrize("content, reason", [
    (b"def l1_loss(): pass\n", "not JSON"),
    (b"[1, 2, 3]", "without an nbformat version"),
    (b"\xff\xfe binary", "not UTF-8"),
    (json.dumps({"nbformat": 5, "nbformat_minor": 0, "metadata": {}, "cells": []}).encode(),
     "Unsupported nbformat version 5"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                 "cells": [{"cell_type": "code", "source": "x"}]}).encode(), "not a valid"),
    (nbformat.writes(nbformat.v4.new_notebook(
        cells=[code_cell("x <- 1")],
        metadata={"kernelspec": {"name": "ir", "display_name": "R", "language": "R"}}
    )).encode(), "notebook in R"),
])
def test_an_invalid_notebook_is_refused_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "losses.ipynb"
    path.write_bytes(content)
    with pytest.raises(intake.IntakeError, match=reason) as raised:
        intake.entries(path, TOPICS)
    assert str(raised.value).startswith(f"{path}: ")
    archive = tmp_path / "upload.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("losses.ipynb", content)
    with pytest.raises(intake.IntakeError, match=f"upload.zip/losses.ipynb: .*{reason}"):
        intake.entries(archive, TOPICS)


def test_grade_takes_a_notebook_reports_dropped_magics_and_refuses_a_bad_one(
        tmp_path, reference_notebook):
    notebook = nbformat.read(reference_notebook, as_version=4)
    notebook.cells.insert(2, code_cell("%load_ext autoreload\n!nvidia-smi", solution=True,
                                       grade_id="setup"))
    path = tmp_path / "losses.ipynb"
    nbformat.write(notebook, path)
    run = autograder("grade", str(path), "--topic", "03_losses", "--examples", "5",
                     "--format", "json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["score"] == result["max_score"] > 0
    dropped = result["metadata"]["intake_warnings"]
    assert [w.split(": ", 2)[2] for w in dropped] == [
        "dropped `%load_ext autoreload` (IPython syntax, not Python)",
        "dropped `!nvidia-smi` (IPython syntax, not Python)"]
    for warning in dropped:
        assert warning in " ".join(run.stderr.split())  # rich may wrap long lines
    broken = tmp_path / "bad" / "losses.ipynb"
    broken.parent.mkdir()
    broken.write_text("{not json")
    run = autograder("grade", str(broken), "--topic", "03_losses")
    assert run.returncode == 2
    assert f"{broken}: not a Jupyter notebook (the file is not JSON)" in " ".join(
        run.stderr.split())
