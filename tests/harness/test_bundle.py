"""The student bundle: no reference, hidden test or bug in it, and `autograder check` works
from the unzipped bundle alone (the stubs get 0, the reference full public marks)."""

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.course import Course
from autograder.course.release import Release

ROOT = Path(__file__).resolve().parents[2]
AUTOGRADER = Path(sys.executable).parent / "autograder"  # the installed one, not the bundle's
TOPIC = "03_losses"


def autograder(*args, cwd=ROOT):
    return subprocess.run([str(AUTOGRADER), *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "bundle.zip"
    run = autograder("release", "--bundle", out)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def unzipped(bundle, tmp_path_factory):
    folder = tmp_path_factory.mktemp("student")
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(folder)
    return folder


def contents(archive):
    with zipfile.ZipFile(archive) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_the_bundle_holds_no_solution_hidden_test_or_bug(bundle):
    files = contents(bundle)
    assert not [name for name in files if name.startswith("solutions/")]
    tests = [name for name in files if name.startswith("tests/")]
    assert tests and all(re.fullmatch(r"tests/\d\d_[a-z0-9_]+/test_[a-z0-9_]+_public\.py", name)
                         for name in tests)
    secret = [path for path in (ROOT / "tests").glob("[0-9][0-9]_*/**/*.py")
              if not path.name.endswith("_public.py")]
    secret += [path for path in (ROOT / "solutions").rglob("*.py")
               if "### BEGIN SOLUTION" in path.read_text()]
    assert any("bugs" in path.parts for path in secret) and any(
        path.name.endswith("_hidden.py") for path in secret)
    leaked = {path.read_bytes() for path in secret} & set(files.values())
    assert not leaked


def test_the_bundle_holds_stubs_public_tests_and_the_harness(bundle):
    files = contents(bundle)
    course = Course(ROOT)
    public = {f"tests/{path.parent.name}/{path.name}": path.read_bytes()
              for topic in course.topics()
              for path in (course.tests / topic.name).glob("test_*_public.py")}
    assert {name: files[name] for name in public if name in files} == public
    stubs = Release.of(course).files
    graded = {topic.name for topic in course.topics()}
    assert {name: content for name, content in files.items()
            if name.startswith("assignments/")} == {
        f"assignments/{relpath}": content for relpath, content in stubs.items()
        if relpath.split("/")[0] in graded}
    package = {f"autograder/{p.relative_to(ROOT / 'autograder').as_posix()}"
               for p in (ROOT / "autograder").rglob("*.py")}
    assert package <= files.keys() and "pyproject.toml" in files
    assert b"autograder check" in files["README.md"]


def public_points():
    """The public points of TOPIC, from grading the reference in the course."""
    run = autograder("grade", "solutions", "--format", "json", "--examples", "5",
                     "--topic", TOPIC)
    assert run.returncode == 0, run.stderr
    tests = json.loads(run.stdout)["topics"][0]["tests"]
    return sum(test["max_score"] for test in tests if test["visibility"] == "visible")


def check_total(output):
    """(score, max) from the title of the table `check` prints."""
    score, most = re.search(r"assignments: ([\d.]+) / ([\d.]+)", output).groups()
    return float(score), float(most)


def test_check_works_from_the_unzipped_bundle(unzipped, tmp_path):
    assert not (unzipped / "solutions").exists()
    expected = public_points()

    run = autograder("check", TOPIC, "--examples", "5", cwd=unzipped)
    assert run.returncode == 0, run.stderr
    assert check_total(run.stdout) == (0, expected)
    assert "not implemented" in run.stdout and "matches_reference" not in run.stdout

    student = shutil.copytree(unzipped, tmp_path / "student")
    shutil.copy(ROOT / "solutions" / TOPIC / "losses.py",
                student / "assignments" / TOPIC / "losses.py")
    run = autograder("--course", student, "check", TOPIC, "--examples", "5", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert check_total(run.stdout) == (expected, expected)


def test_pip_can_build_the_bundled_harness(unzipped, tmp_path):
    """`pip install .` inside the bundle: the wheel holds the whole package."""
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                          "--wheel-dir", str(tmp_path), str(unzipped)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    (wheel,) = tmp_path.glob("propgrade-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    bundled = {p.relative_to(unzipped).as_posix() for p in (unzipped / "autograder").rglob("*.py")}
    assert bundled <= names


def test_the_bundle_installs_scipy_only_for_tests_that_import_it(tmp_path):
    """The base install has no scipy; a bundle whose public tests import it, themselves or
    through autograder.checks.distributions, says `pip install '.[stats]'`, the others
    `pip install .`."""
    def readme(topic):
        out = tmp_path / f"{topic}.zip"
        run = autograder("release", "--bundle", out, "--topic", topic)
        assert run.returncode == 0, run.stderr
        return contents(out)["README.md"].decode()

    assert "pip install '.[stats]'" in readme("06_initialization")
    assert "pip install '.[stats]'" in readme("07_normalization_dropout")
    assert "pip install .\n" in readme(TOPIC) and "stats" not in readme(TOPIC)
    public = (ROOT / "tests" / "06_initialization").glob("test_*_public.py")
    assert any("from scipy import" in path.read_text() for path in public)
    public = (ROOT / "tests" / "07_normalization_dropout").glob("test_*_public.py")
    assert not any("scipy" in path.read_text() for path in public)  # only through the toolkit


def test_a_missing_optional_module_names_its_extra():
    from autograder.extras import install_hint

    error = "tests/06_initialization/test_x.py: ModuleNotFoundError: No module named 'scipy'"
    assert install_hint(error) == ("scipy is not installed; install it with "
                                   "pip install 'propgrade[stats]'")
    assert install_hint("No module named 'numpy'") is None


def test_release_refuses_to_run_in_a_bundle(unzipped):
    run = autograder("release", "--bundle", unzipped / "again.zip", cwd=unzipped)
    assert run.returncode == 2 and "solutions" in run.stderr
