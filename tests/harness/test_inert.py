"""Text a submission shaped is inert wherever the grader prints or exports it."""

import csv
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder import inert
from autograder.exports.csv_grades import write_grades_csv
from autograder.results import GradingResult, TestResult as Outcome, TopicResult

HOSTILE = ("ok\n::add-mask::secret\n  ::notice title=x::Points 100/100\r::error::x\n"
           "\x1b[2K\x1b[1A\x1b[32mPASSED\x1b[0m ##[set-output name=x;]y [bold]z[/] \u202egnp.\x07"
           "\udce9")


def workflow_command_lines(text):
    """The lines GitHub Actions would parse as workflow commands (lines end at \\n or \\r;
    the `::` form after leading whitespace, the legacy `##[` form anywhere)."""
    return [line for line in re.split(r"\r\n|\r|\n", text)
            if line.lstrip().startswith("::") or "##[" in line]


def test_text_escapes_controls_and_breaks_workflow_commands():
    out = inert.text(HOSTILE)
    assert workflow_command_lines(out) == []
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e\ud800-\udfff]", out)
    assert out.split("\n") == [
        "ok", "| ::add-mask::secret",
        "|   ::notice title=x::Points 100/100\\r::error::x",
        "\\x1b[2K\\x1b[1A\\x1b[32mPASSED\\x1b[0m # #[set-output name=x;]y [bold]z[/] "
        "\\u202egnp.\\x07\\xe9"]


def test_name_is_one_line():
    assert inert.name("a\nb\tc\x1b") == "a\\nb\\tc\\x1b"
    assert inert.name("::x") == "| ::x"


@given(st.text())
def test_text_is_idempotent_and_never_yields_a_command(value):
    once = inert.text(value)
    assert inert.text(once) == once
    assert workflow_command_lines(once) == []
    assert workflow_command_lines(inert.name(value)) == []


@given(st.lists(st.sampled_from([":", "::", " ", "#", "##", "[", "\n", "\r", "x", "::notice::",
                                 "##[error]"]), max_size=30))
def test_the_stream_guard_sees_commands_split_across_writes(pieces):
    sink = io.StringIO()
    stream = inert.Stream(sink)
    for piece in pieces:
        stream.write(piece)
        stream.flush()
    stream.close_line()
    assert workflow_command_lines(sink.getvalue()) == []
    # only the guard's own marks were added
    assert sink.getvalue().replace(inert.QUOTED, "").replace("# #[", "##[") == "".join(pieces)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_would_be_formulas_are_quoted(cell, tmp_path):
    assert inert.csv_cell(cell) == "'" + cell
    assert inert.csv_cell("alice") == "alice"


def test_results_hold_inert_text_only():
    test = Outcome("t", "f", 1.0, "visible", "failed", HOSTILE)
    result = GradingResult("::evil\n", [TopicResult("02_activations", [test])],
                           {"error": HOSTILE, "intake_warnings": [HOSTILE]})
    assert test.feedback == inert.text(HOSTILE)
    assert result.submission == "| ::evil\\n"
    assert result.metadata == {"error": inert.text(HOSTILE),
                               "intake_warnings": [inert.text(HOSTILE)]}


def test_grades_csv_neutralises_formula_ids(tmp_path):
    results = [GradingResult(name, [TopicResult("02_activations", [])], {})
               for name in ("-2+3", "@cmd", "+x", "alice")]
    write_grades_csv(results, tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", newline="") as handle:
        ids = [row[0] for row in csv.reader(handle)][1:]
    assert ids == ["'-2+3", "'@cmd", "'+x", "alice"]
