"""Intake: submissions are staged safely, whatever shape they arrive in."""

import os
import json
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


def test_a_folder_is_copied_private(folder, tmp_path):
    (folder / "02_activations" / "__pycache__").mkdir()
    (folder / "02_activations" / "__pycache__" / "x.pyc").write_bytes(b"junk")
    (folder / ".DS_Store").write_bytes(b"junk")
    files = staged_files(folder, tmp_path)
    assert MODULE in files and not any("__pycache__" in f or "DS_Store" in f for f in files)
    assert stat.S_IMODE((tmp_path / "staged" / MODULE).stat().st_mode) == 0o640
    for folder_ in (tmp_path / "staged", tmp_path / "staged" / "02_activations"):
        assert stat.S_IMODE(folder_.stat().st_mode) == 0o750  # nothing for other users


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
    result = json.loads(run.stdout)
    assert result["max_score"] > 0 and result["score"] == result["max_score"]
    bad = make_zip(tmp_path / "bad.zip", {"../../x.py": ""})
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(bad)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "outside the submission" in run.stderr


def corrupt_member(archive, member):
    """Flip one byte of ``member``'s stored data: the directory stays intact, reading the
    member fails its CRC check (or its deflate stream)."""
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(member)
    data = bytearray(archive.read_bytes())
    name_length, extra_length = int.from_bytes(data[info.header_offset + 26:][:2], "little"), \
        int.from_bytes(data[info.header_offset + 28:][:2], "little")
    start = info.header_offset + 30 + name_length + extra_length
    data[start + info.compress_size // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    return archive


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_corrupt_member_is_an_intake_error_and_leaves_nothing_staged(tmp_path, compression):
    archive = tmp_path / "s.zip"
    with zipfile.ZipFile(archive, "w", compression) as zf:
        zf.writestr("02_activations/a.py", "x = 1\n" * 50)
        zf.writestr(MODULE, (ROOT / "solutions" / MODULE).read_text())
    corrupt_member(archive, MODULE)
    problem, _ = intake.check_submission(archive, [])
    assert problem.startswith(f"{MODULE}: cannot be read (")
    with pytest.raises(intake.IntakeError, match="cannot be read"):
        staged_files(archive, tmp_path)
    assert list((tmp_path / "staged").iterdir()) == []


def test_a_file_and_a_folder_of_one_name_are_refused_before_staging(tmp_path):
    archive = make_zip(tmp_path / "s.zip", {"02_activations": "x", MODULE: "x = 1\n"})
    with pytest.raises(intake.IntakeError, match="02_activations is both a file and a folder"):
        staged_files(archive, tmp_path)
    assert list((tmp_path / "staged").iterdir()) == []


def test_a_macos_finder_zip_is_unwrapped(tmp_path):
    source = (ROOT / "solutions" / MODULE).read_text()
    archive = make_zip(tmp_path / "s.zip", {
        f"alice/{MODULE}": source, "alice/.DS_Store": "junk", f"__MACOSX/alice/._{MODULE}": "x",
        "__MACOSX/._alice": "x"})
    assert staged_files(archive, tmp_path) == [MODULE]


def test_names_in_intake_messages_are_one_inert_line(tmp_path):
    archive = make_zip(tmp_path / "s.zip", {MODULE: "x = 1\n"},
                       symlinks=[("02_activations/[bold red]\x1b[2J\n::notice::x.py", "/")])
    with pytest.raises(intake.IntakeError) as caught:
        staged_files(archive, tmp_path)
    message = str(caught.value)
    assert "\n" not in message and "\x1b" not in message
    assert "[bold red]\\x1b[2J\\n::notice::x.py" in message
