"""The topic-folder rule: a folder meant as a topic that breaks it is reported, not ignored."""

import subprocess
import sys

import pytest

from autograder.course import Course, CourseError, Topic


@pytest.fixture
def course(tmp_path):
    for folder in ("tests/03_losses", "tests/15_Toy", "tests/harness", "tests/benchmarks",
                   "solutions/03_losses", "solutions/7_cnn", "tests/16-toy"):
        (tmp_path / folder).mkdir(parents=True)
    return Course(tmp_path)


def test_misnamed_topic_folders_are_reported_with_a_valid_name(course):
    assert course.topics() == [Topic("03_losses")]
    warnings = course.misnamed()
    assert [w.split(" ", 1)[0] for w in warnings] == ["tests/15_Toy/", "tests/16-toy/",
                                                      "solutions/7_cnn/"]
    assert [w.rsplit("e.g. ", 1)[1] for w in warnings] == ["15_toy", "16_toy", "07_cnn"]
    with pytest.raises(CourseError, match="tests/15_Toy/ is not graded"):
        course.topic("15_Toy")


def test_every_command_warns_about_a_misnamed_folder(course):
    run = subprocess.run([sys.executable, "-m", "autograder", "--course", str(course.root),
                          "check", "15_Toy"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert run.stderr.startswith("warning: tests/15_Toy/ is not graded")
    assert "unknown topic '15_Toy'" in run.stderr
