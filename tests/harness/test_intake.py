"""Intake: submissions are staged safely, whatever shape they arrive in."""

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.grading import intake

ROOT = Path(__file__).resolve().parents[2]
MODULE = "02_activations/activations.py"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "submission"
    shutil.copytree(ROOT / "solutions", target)
    return target


def staged_files(source, tmp_path):
    target = tmp_path / "staged"
    target.mkdir()
    intake.stage(source, target)
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())


def test_a_folder_is_copied_read_only(folder, tmp_path):
    (folder / "02_activations" / "__pycache__").mkdir()
    (folder / "02_activations" / "__pycache__" / "x.pyc").write_bytes(b"junk")
    files = staged_files(folder, tmp_path)
    assert MODULE in files and not any("__pycache__" in f for f in files)
    mode = (tmp_path / "staged" / MODULE).stat().st_mode
    assert stat.S_IMODE(mode) == 0o644


def test_a_symlink_to_the_reference_is_rejected(folder, tmp_path):
    (folder / MODULE).unlink()
    (folder / MODULE).symlink_to(ROOT / "solutions" / MODULE)
    with pytest.raises(intake.IntakeError, match="symbolic link"):
        staged_files(folder, tmp_path)


def test_a_symlinked_folder_is_rejected(folder, tmp_path):
    shutil.rmtree(folder / "03_losses")
    (folder / "03_losses").symlink_to(ROOT / "solutions" / "03_losses")
    with pytest.raises(intake.IntakeError, match="symbolic link"):
        staged_files(folder, tmp_path)


def test_special_files_are_rejected(folder, tmp_path):
    os.mkfifo(folder / "pipe")
    with pytest.raises(intake.IntakeError, match="not a regular file"):
        staged_files(folder, tmp_path)


def make_zip(path, members, symlinks=()):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in symlinks:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return path


def test_a_zip_with_a_wrapping_folder_is_unwrapped(tmp_path):
    source = (ROOT / "solutions" / MODULE).read_text()
    archive = make_zip(tmp_path / "s.zip", {f"alice/{MODULE}": source})
    assert staged_files(archive, tmp_path) == [MODULE]


@pytest.mark.parametrize("name", ["../evil.py", "/etc/evil.py", "a/../../evil.py",
                                  "..\\evil.py", "C:evil.py"])
def test_zip_entries_outside_the_submission_are_rejected(tmp_path, name):
    archive = make_zip(tmp_path / "s.zip", {MODULE: "x = 1\n", name: "x = 2\n"})
    with pytest.raises(intake.IntakeError, match="outside the submission"):
        staged_files(archive, tmp_path)
    assert not (tmp_path / "evil.py").exists()


def test_zip_symlink_entries_are_rejected(tmp_path):
    archive = make_zip(tmp_path / "s.zip", {}, symlinks=[(MODULE, "/etc/passwd")])
    with pytest.raises(intake.IntakeError, match="symbolic link"):
        staged_files(archive, tmp_path)


def test_a_zip_bomb_is_stopped_while_decompressing(tmp_path, monkeypatch):
    monkeypatch.setattr(intake, "MAX_FILE_BYTES", 1000)
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MODULE, b"0" * 10**6)
    with pytest.raises(intake.IntakeError, match="larger than"):
        staged_files(archive, tmp_path)


def test_too_many_files_are_rejected(tmp_path, monkeypatch):
    monkeypatch.setattr(intake, "MAX_FILES", 3)
    archive = make_zip(tmp_path / "s.zip", {f"02_activations/f{i}.py": "" for i in range(5)})
    with pytest.raises(intake.IntakeError, match="more than 3"):
        staged_files(archive, tmp_path)


def test_not_a_submission(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(intake.IntakeError, match="folder or a .zip"):
        intake.entries(tmp_path / "notes.txt")
    with pytest.raises(intake.IntakeError, match="no such file"):
        intake.entries(tmp_path / "missing")


def test_a_zip_is_graded_and_a_bad_zip_is_refused_with_exit_2(tmp_path):
    good = tmp_path / "good.zip"
    shutil.make_archive(str(good.with_suffix("")), "zip", ROOT / "solutions")
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(good), "--topic",
                          "03", "--examples", "5", "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert '"score": 32.0' in run.stdout
    bad = make_zip(tmp_path / "bad.zip", {"../../x.py": ""})
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(bad)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "outside the submission" in run.stderr
