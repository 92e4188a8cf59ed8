"""Feedback that teaches: the exact failing call (reproduced here by running the printed
code), hidden tests that never quote a submission's text but still say what failed, one
message for a module that does not import, a plot of the compared arrays, and a diagnosis
of the likely mistake (signatures and the bug zoo)."""

import importlib.util
import json
import shutil
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace

import nbformat
import numpy as np
import pytest
from hypothesis.errors import FlakyFailure

from autograder.checks import CheckFailure, Comparison, assert_close, check_gradient
from autograder.classbook.gradebook import Gradebook
from autograder.course import Course, Topic
from autograder.course.verify import patched_reference
from autograder.exports import write_exports
from autograder.exports.class_report import graded_test_stats
from autograder.exports.feedback import to_html, to_markdown
from autograder.grading.diagnosis import diagnose
from autograder.grading.failing_call import failing_call
from autograder.grading.feedback import HIDDEN_FAILURE, Context, describe_outcome
from autograder.grading.runner import GradingOptions, grade
from autograder.results import GradingResult, TopicResult
from autograder.results import TestResult as Outcome  # not collected as a test class
from autograder.sandbox.calllog import CallLog
from autograder.sandbox.client import ModuleUnavailable, StudentError, student_error
from autograder.sandbox.codec import Handle

ROOT = Path(__file__).resolve().parents[2]
COURSE = Course(ROOT)
ACTIVATIONS = Topic("02_activations")

# Mistakes appended to the reference of 02_activations (later definitions win).
MISTAKES = '''
import numpy as np


class ReluCache:  # not plain data: the cache stays in the sandbox behind a handle
    def __init__(self, x):
        self.x = x


def relu_forward(x):
    return np.maximum(x, 0.0), ReluCache(x)


def relu_backward(dout, cache):
    return -np.where(cache.x > 0, dout, 0.0)  # the sign is flipped


def sigmoid_forward(x):
    out = 1.0 / (1.0 + np.exp(-x))  # overflows for x << 0
    return out, out


def tanh_forward(x):
    np.tanh(x, out=x)  # right values, but the caller's x is overwritten
    return x.copy(), x.copy()


def elu_forward(x, alpha=1.0):
    raise ValueError(f"SECRET-{float(np.sum(x))!r}")
'''


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory):
    """``(submission folder, {test name: TestResult})`` of the mistakes above."""
    folder = patched_reference(COURSE, tmp_path_factory.mktemp("mistakes") / "submission",
                               ACTIVATIONS, MISTAKES)
    result = grade(COURSE, folder, [ACTIVATIONS], GradingOptions(examples=10))
    return folder, {test.name: test for test in result.topics[0].tests}


def run_call(code: str, folder: Path):
    """Run printed call code next to the submission's module, as a student would; returns
    the value of its last line."""
    spec = importlib.util.spec_from_file_location(
        "activations", folder / ACTIVATIONS.relpath)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    saved = sys.modules.get("activations")
    sys.modules["activations"] = module
    try:
        *body, last = code.strip().splitlines()
        namespace: dict = {}
        exec("\n".join(body), namespace)
        return eval(last.split(" = ", 1)[-1] if last.startswith("result_") else last,
                    namespace)
    finally:
        if saved is None:
            sys.modules.pop("activations", None)
        else:
            sys.modules["activations"] = saved


# --- 1. the exact failing call -----------------------------------------------------------


def test_the_sigmoid_overflow_reproduces_from_the_printed_call(mistakes):
    folder, tests = mistakes
    test = tests["test_sigmoid_extreme_inputs"]
    assert test.status == "failed" and test.details["kind"] == "warning"
    code = test.details["call"]
    assert test.details["call_exact"] is True
    assert "1000.0, -1000.0" in code  # what the test prepended is in the call
    assert "\n".join("    " + line if line else "" for line in code.splitlines()) \
        in test.feedback
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(RuntimeWarning, match="overflow"):
            run_call(code, folder)


def test_a_call_through_a_cache_handle_reproduces_with_its_forward_pass(mistakes):
    folder, tests = mistakes
    test = tests["test_relu_backward_gradcheck"]
    code = test.details["call"]
    assert "result_1 = relu_forward(" in code and "result_1[1])" in code
    dx = run_call(code, folder)
    x = run_call(code.rsplit("\n", 1)[0].replace("result_1 = ", ""), folder)[1].x
    dout = eval(code.rsplit("relu_backward(", 1)[1].rsplit(", result_1", 1)[0],
                {"np": np})
    assert np.array_equal(dx, -np.where(x > 0, dout, 0.0))  # the failure, reproduced


def test_the_printed_call_is_valid_python_for_every_visible_failure(mistakes):
    _, tests = mistakes
    printed = [t for t in tests.values() if "call" in t.details]
    assert len(printed) >= 4
    for test in printed:
        compile(test.details["call"], test.name, "exec")
        assert test.visibility == "visible"


def test_call_code_renders_every_kind_of_argument():
    log = CallLog()
    rng = np.random.default_rng(3)
    rng.random(2)
    forward = log.record("layers", "affine_forward", (np.array([[1.5, np.nan]]),),
                         {"w": np.arange(3), "param": {"p": 0.5, "mode": "train"}})
    forward.value = (np.zeros(2), Handle(7, "Cache"))
    log.record("layers", "affine_backward", (np.array([-np.inf, 0.1]), Handle(7, "Cache")),
               {"rng": rng, "big": np.ones(500), "scalar": np.float64(2.5)})
    code, exact = failing_call(log)
    assert exact is False  # the 500-entry array is replaced by zeros, and said so
    assert "from layers import affine_backward, affine_forward" in code
    assert "result_1 = affine_forward(np.array([[1.5, np.nan]]), w=np.array([0, 1, 2], " \
           "dtype=np.int64), param={'p': 0.5, 'mode': 'train'})" in code
    assert "affine_backward(np.array([-np.inf, 0.1]), result_1[1]" in code
    assert "too many entries to print" in code and "np.float64(2.5)" in code
    namespace = {}
    setup = [line for line in code.splitlines() if not line.startswith(("from layers",
                                                                         "result_1", "aff"))]
    exec("\n".join(setup), namespace)
    state = next(v for k, v in namespace.items() if k.startswith("rng_"))
    assert state.bit_generator.state == rng.bit_generator.state


# --- 2. the real reason, unless it reveals the reference ---------------------------------


def test_a_hidden_mutation_says_which_input_was_changed(mistakes):
    _, tests = mistakes
    hidden = tests["test_forward_matches_reference[tanh_forward]"]
    assert hidden.status == "failed" and hidden.visibility == "hidden"
    assert "tanh_forward() modified its input x in place" in hidden.feedback
    assert HIDDEN_FAILURE not in hidden.feedback
    assert "call" not in hidden.details and "plot" not in hidden.details


def test_a_hidden_exception_names_its_type_and_line_not_its_message(mistakes):
    folder, tests = mistakes
    hidden = tests["test_forward_matches_reference[elu_forward]"]
    visible = tests["test_elu_continuity_and_stability"]
    assert "SECRET" in visible.feedback  # visible tests show the student's own message
    assert "SECRET" not in hidden.feedback and "SECRET" not in json.dumps(hidden.details)
    line = next(number for number, text in enumerate(
        (folder / ACTIVATIONS.relpath).read_text().splitlines(), start=1) if "SECRET" in text)
    assert f"elu_forward() raised ValueError at line {line} of activations.py." \
        in hidden.feedback


def test_hidden_value_mismatches_keep_the_generic_sentence_and_a_diagnosis(mistakes):
    _, tests = mistakes
    hidden = tests["test_backward_matches_reference[relu_backward]"]
    assert HIDDEN_FAILURE in hidden.feedback
    assert "got" not in hidden.feedback and "expected" not in hidden.feedback.split(
        "Likely mistake:")[0]
    assert hidden.details["diagnosis"]["code"] == "factor:-1"
    assert "the result of relu_backward() is exactly -1 times" in hidden.feedback


def fake_item(name="test_thing", doc="The property."):
    def function():
        pass
    function.__doc__ = doc
    return SimpleNamespace(function=function, name=name, nodeid=f"tests/x.py::{name}")


def context(**kwargs):
    return Context(**{"module": "02_activations/activations.py", "function": "f",
                      "reporter": "tests/x.py::test_thing", **kwargs})


def raised(exc):
    """``exc`` with a traceback, as pytest hands it over."""
    try:
        raise exc
    except BaseException as caught:
        return pytest.ExceptionInfo.from_exception(caught)


def outcome_of(exc, visibility="hidden", sandbox=None, **kwargs):
    return describe_outcome(fake_item(), raised(exc), visibility, sandbox, context(**kwargs))


def test_each_check_declares_whether_a_hidden_test_may_show_its_message():
    quoted = CheckFailure("f() output is wrong: got 1, expected 2")
    assert outcome_of(quoted).feedback.endswith(HIDDEN_FAILURE)
    shape = CheckFailure("out should have shape (2, 3), got (3, 2)", kind="shape",
                         hidden_message="out should have shape (2, 3), got (3, 2)")
    assert "should have shape (2, 3)" in outcome_of(shape).feedback
    plain = AssertionError("expected 0.731")
    assert "0.731" not in outcome_of(plain).feedback
    assert "0.731" in outcome_of(plain, "visible").feedback


def test_a_hidden_test_never_quotes_the_exception_message():
    error = student_error("KeyError", "secret-input-42",
                          '  File "02_activations/activations.py", line 7, in f\n    boom\n')
    error.function = "f"
    feedback = outcome_of(error).feedback
    assert "secret-input-42" not in feedback and "boom" not in feedback
    assert "f() raised KeyError at line 7 of activations.py." in feedback
    # a worker's traceback naming another file gives no line at all
    error.student_traceback = '  File "/etc/passwd", line 3, in f\n'
    assert "f() raised KeyError." in outcome_of(error).feedback


def test_a_flaky_failure_is_described_by_what_failed():
    inner = CheckFailure("dx is wrong", comparison=Comparison(
        "dx", np.array([1.0, 2.0, 4.0]), np.array([2.0, 4.0, 8.0])))
    flaky = FlakyFailure("Inconsistent results", [inner])
    log = CallLog()
    log.record("normalization_dropout", "dropout_forward", (np.ones(3), {"p": 0.5}), {})
    outcome = outcome_of(flaky, "visible", SimpleNamespace(calls=log, output=""))
    assert "global random state" not in outcome.feedback
    assert "did not fail every time" in outcome.feedback
    assert outcome.details["kind"] == "value"
    assert outcome.details["diagnosis"]["code"] == "factor:p"
    assert "is a factor 1/p missing (p is a number you were given)?" in outcome.feedback


def test_a_hidden_diagnosis_names_no_key_the_submission_may_have_chosen():
    e = np.array([1.0, 2.0, 4.0])
    failure = CheckFailure("bn_forward() output is wrong",
                           comparison=Comparison("out", 0.3 * e, e))
    log = CallLog()  # a dict written back from an earlier call carries the student's keys
    log.record("m", "bn_forward", (np.ones(3), {"secret_input_is_3": 0.3}), {})
    sandbox = SimpleNamespace(calls=log, output="")
    hidden = outcome_of(failure, "hidden", sandbox)
    assert hidden.details["diagnosis"]["code"] == "factor:p"
    assert "secret" not in hidden.feedback and "bn_forward() output" not in hidden.feedback
    assert "secret_input_is_3" in outcome_of(failure, "visible", sandbox).feedback


def test_the_call_shown_is_the_failing_one_not_the_numerical_gradients():
    log = CallLog()
    log.record("m", "layer_backward", (np.array([1.0, 2.0]),), {})

    def numerical():  # a deferred gradient evaluates the student's forward again
        log.record("m", "layer_forward", (np.array([1.00001, 2.0]),), {})
        return Comparison("dx", np.array([-1.0, -2.0]), np.array([1.0, 2.0]))

    sandbox = SimpleNamespace(calls=log, output="")
    shown = outcome_of(CheckFailure("dx is wrong", kind="gradient", comparison=numerical),
                       "visible", sandbox)
    assert "layer_backward(np.array([1.0, 2.0]))" in shown.details["call"]
    assert "layer_forward" not in shown.details["call"]
    assert shown.details["diagnosis"]["code"] == "factor:-1"


def test_reveal_shows_an_exception_of_the_test_itself_in_full():
    hidden = outcome_of(KeyError("missing"))
    revealed = outcome_of(KeyError("missing"), reveal=True)
    assert hidden.feedback.endswith(HIDDEN_FAILURE)
    assert "KeyError: 'missing'" in revealed.feedback and "test_feedback.py" in \
        revealed.feedback


def test_verify_and_stress_grade_with_revealed_feedback(tmp_path):
    source = '\ndef softmax(x, axis=-1):\n    raise ArithmeticError("reference bug 17")\n'
    folder = patched_reference(COURSE, tmp_path / "ref", ACTIVATIONS, source)
    options = GradingOptions(examples=2, reveal_feedback=True)
    result = grade(COURSE, folder, [ACTIVATIONS], options)
    hidden = next(t for t in result.topics[0].tests
                  if t.name == "test_softmax_matches_reference")
    assert "reference bug 17" in hidden.feedback and ", in softmax" in hidden.feedback
    verify_source = (ROOT / "autograder/course/verify.py").read_text()
    stress_source = (ROOT / "autograder/course/stress.py").read_text()
    assert "reveal_feedback=True" in verify_source and "reveal_feedback=True" in stress_source


# --- 3. one message for one cause --------------------------------------------------------


def test_a_module_that_does_not_import_is_explained_once(tmp_path):
    folder = patched_reference(COURSE, tmp_path / "submission", ACTIVATIONS,
                               "\nimport no_such_module_17\n")
    result = grade(COURSE, folder, [ACTIVATIONS], GradingOptions(examples=2))
    tests = result.topics[0].tests
    explained = [t for t in tests if "No module named 'no_such_module_17'" in t.feedback]
    assert len(explained) == 1 and explained[0].visibility == "visible"
    assert explained[0].name == "test_sigmoid_range_and_symmetry"  # the first visible test
    assert "<frozen" not in explained[0].feedback and "importlib" not in explained[0].feedback
    assert "line" in explained[0].feedback
    others = [t for t in tests if t is not explained[0]]
    assert others and all(t.status == "error" and "could not be imported" in t.feedback
                          and "see test_sigmoid_range_and_symmetry" in t.feedback
                          for t in others)


def test_a_notebook_error_is_reported_in_cell_terms(tmp_path):
    notebook = nbformat.v4.new_notebook()
    source = (ROOT / "solutions" / ACTIVATIONS.relpath).read_text()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Activations"),
                      nbformat.v4.new_code_cell(source),
                      nbformat.v4.new_code_cell("x = 1\ny = undefined_name_17\n")]
    path = tmp_path / "activations.ipynb"
    path.write_text(nbformat.writes(notebook))
    result = grade(COURSE, path, [ACTIVATIONS], GradingOptions(examples=2))
    explained = [t for t in result.topics[0].tests if "undefined_name_17" in t.feedback]
    assert len(explained) == 1
    assert "Notebook cell 3, line 2" in explained[0].feedback
    assert "activations.py" not in explained[0].feedback.split("\n", 2)[2]


def test_an_import_failure_is_explained_by_the_topics_reporter_only():
    cause = StudentError("SyntaxError", "invalid syntax",
                         '  File "02_activations/activations.py", line 5\n')
    failure = ModuleUnavailable("02_activations/activations.py could not be imported: x",
                                cause)
    mapped = context(cells=lambda line: (4, line - 2))
    reporter = describe_outcome(fake_item(), raised(failure), "hidden", None, mapped)
    assert "Notebook cell 4, line 3" in reporter.feedback
    other = describe_outcome(fake_item("test_other"), raised(failure), "visible", None, mapped)
    assert "invalid syntax" not in other.feedback and "see test_thing" in other.feedback


# --- 4. a picture where it helps ---------------------------------------------------------


def test_visible_mismatches_record_the_compared_arrays(mistakes):
    _, tests = mistakes
    plot = tests["test_relu_backward_gradcheck"].details["plot"]
    assert plot["expected_label"] == "numerical"
    got, expected = np.array(plot["got"]), np.array(plot["expected"])
    assert got.size == np.prod(plot["shape"]) and np.allclose(got, -expected, atol=1e-6)
    assert all("plot" not in t.details for t in tests.values() if t.visibility != "visible")


PLOT = {"what": "dx <b>$x$</b>", "shape": [3, 4], "got": [-float(i) for i in range(12)],
        "expected": [float(i) for i in range(11)] + [None], "got_label": "dx (yours)",
        "expected_label": "numerical"}


def result_with_plot(visibility="visible", hint=None):
    details = {"kind": "gradient", "plot": PLOT, "call": "f(np.array([1.0]))",
               **({"hint": hint} if hint else {})}
    return GradingResult("alice", [TopicResult("02_activations", [
        Outcome("test_relu_backward_gradcheck", "relu_backward", 2.0, visibility, "failed",
                "relu_backward is the gradient <script>alert(1)</script>\ndx is wrong\n"
                "Failing call (paste it into Python next to your module to reproduce it):\n"
                "    f(np.array([1.0]))", 0.1, details)])], {})


def test_feedback_html_shows_the_plot_inline_and_escaped():
    page = to_html(result_with_plot())
    assert page.count("<img class='plot'") == 1
    assert "src='data:image/png;base64," in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>" not in page  # the plot's title is in the image and the alt text, escaped
    hidden = to_html(result_with_plot("hidden"))
    assert "<img" not in hidden and "f(np.array" not in hidden


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(page: Path, out: Path) -> np.ndarray:
    from matplotlib.image import imread

    profile = out.parent / f"{out.stem}-profile"
    run = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", f"--user-data-dir={profile}",
         "--hide-scrollbars", f"--screenshot={out}", "--window-size=1000,900",
         page.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    assert out.is_file(), run.stderr
    return imread(out)[..., :3]


@pytest.mark.skipif(_chromium() is None, reason="no chromium (Debian: apt-get install chromium)")
def test_feedback_page_with_a_plot_renders_in_headless_chromium(tmp_path):
    for name, result in (("plot", result_with_plot()), ("none", result_with_plot("hidden"))):
        (tmp_path / f"{name}.html").write_text(to_html(result, hints=True))
    with_plot = screenshot(tmp_path / "plot.html", tmp_path / "plot.png")
    without = screenshot(tmp_path / "none.html", tmp_path / "none.png")

    def coloured(pixels):  # the heat map's reds and blues, the circles' red
        red = (pixels[..., 0] > 0.6) & (pixels[..., 2] < 0.5)
        blue = (pixels[..., 2] > 0.6) & (pixels[..., 0] < 0.5)
        return (red | blue).mean()

    assert coloured(with_plot) > 0.01 > 10 * coloured(without), \
        (coloured(with_plot), coloured(without))


def test_the_class_report_shows_the_graders_call_and_its_plot():
    forged = result_with_plot()
    forged.submission = "bob"
    forged.topics[0].tests[0].details = {"kind": "value"}  # no call recorded
    forged.topics[0].tests[0].feedback += "\nFailing call (x):\n    forged_by_student()"
    stats = graded_test_stats([result_with_plot(), result_with_plot(), forged])  # ids unused
    assert dict(stats[0].inputs) == {"f(np.array([1.0]))": 2}
    from autograder.exports.class_report import to_html as report_html
    page = report_html([result_with_plot(), forged], {})
    assert "forged_by_student" not in page
    assert page.count("<tr class='plot'>") == 1


# --- 5. diagnosis ------------------------------------------------------------------------


def signature(got, expected, calls=(), x=None):
    found = diagnose(Comparison("dx", np.array(got, float), np.array(expected, float), x=x),
                     list(calls))
    return found.code if found else None


def test_signatures_name_exact_factors():
    e = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]])
    log = CallLog()
    log.record("m", "layer_forward", (np.ones((5, 3)),), {"param": {"p": 0.3}})
    calls = log.calls
    assert signature(-e, e) == "factor:-1"
    assert signature(2 * e, e) == "factor:2"
    assert signature(e / 2, e) == "factor:1/2"
    assert signature(5 * e, e, calls) == "factor:N"
    assert signature(e / 5, e, calls) == "factor:1/N"
    assert signature(0.3 * e, e, calls) == "factor:p"
    assert signature(e / 0.3, e, calls) == "factor:1/p"
    assert signature(7 * e, e) == "factor:integer"
    assert signature(1.37 * e, e) == "factor:constant"
    assert signature(e + 0.1, e) is None  # not a factor
    assert signature([3.0], [1.0]) is None  # one entry is no evidence of a constant factor
    assert signature(e * (1 + 1e-4), e) == "factor:constant"
    # a shrunk batch of 2: both "divide by N" and "counted twice" are named
    pair = CallLog()
    pair.record("m", "loss", (np.ones((2, 3)),), {"alpha": np.full(3, 0.25)})
    found = diagnose(Comparison("dx", 2 * e, e), pair.calls)
    assert found.code == "factor:N" and "divide by N = argument 1.shape[0]?" in found.text \
        and "counted twice" in found.text
    assert signature(0.25 * e, e, pair.calls) == "factor:p"  # PReLU's slopes, all equal


def test_a_diagnosis_never_breaks_grading():
    # a description with braces (a dict's repr) once broke the diagnosis's text formatting
    e = np.array([1.0, 2.0])
    what = "w after update({'learning_rate': 0.1})"
    log = CallLog()
    log.record("m", "sgd", (), {"config": {"learning_rate": 0.1}})
    found = diagnose(Comparison(what, 0.1 * e, e), log.calls)
    assert found.code == "factor:p" and found.text.startswith(what)
    broken = CheckFailure("w is wrong", comparison=Comparison("w", np.ones(2), np.ones(3)))
    broken._comparison = Comparison("w", "not an array", e)  # diagnosing it raises
    assert outcome_of(broken, "visible").status == "failed"


def test_signatures_name_transposes_rows_and_kinks():
    square = np.arange(9.0).reshape(3, 3)
    assert signature(square.T, square) == "transposed"
    assert signature(np.zeros((3, 2)), np.zeros((2, 3))) == "transposed"
    scores = np.arange(12.0).reshape(4, 3) / 10
    y = np.array([2, 0, 1, 1])
    wrong = scores.copy()
    wrong[np.arange(4), y] -= 1.0
    log = CallLog()
    log.record("m", "softmax_loss", (scores, y), {})
    assert signature(wrong, scores, log.calls) == "correct-class"
    assert signature(wrong, scores) == "one-per-row"
    one = CallLog()
    one.record("m", "svm_loss", (scores[:1], y[:1]), {})
    assert signature(wrong[:1], scores[:1], one.calls) == "correct-class"
    assert signature(wrong[:1], scores[:1]) is None  # one row, no labels: no evidence
    x = np.array([-1.0, -0.5, 0.7, 2.0])
    grad = np.where(x > 0, 1.0, 0.01)
    assert signature(np.where(x > 0, 1.0, 0.0), grad, x=x) == "kink:x < 0"
    assert signature(np.where(x > 0, 0.9, 0.01), grad, x=x) == "kink:x > 0"


def test_gradient_checks_defer_their_comparison_until_feedback_asks():
    calls = []

    def f(x):
        calls.append(1)
        return float(np.sum(x ** 2))

    x = np.array([1.0, -2.0, 3.0])
    with pytest.raises(CheckFailure) as caught:
        check_gradient(f, x, 2 * (2 * x))  # twice the gradient
    before = len(calls)
    comparison = caught.value.comparison()
    assert len(calls) == before + 2 * x.size  # the full numerical gradient, made once
    assert np.allclose(comparison.expected, 2 * x, atol=1e-6)
    assert caught.value.comparison() is comparison
    assert comparison.x is None  # no kink: an error on one side of 0 means nothing here
    with pytest.raises(CheckFailure) as kinked:
        check_gradient(f, x, 2 * (2 * x), kink_distance=lambda x: float(np.min(np.abs(x))))
    assert kinked.value.comparison().x is x
    with pytest.raises(CheckFailure) as value:
        assert_close(np.array([1.0, 2.0]), np.array([1.0, 3.0]), "out")
    assert value.value.kind == "value" and value.value.hidden_message is None


def test_details_survive_the_gradebook_and_an_old_gradebook_is_upgraded(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    db = sqlite3.connect(path)  # a schema-1 gradebook, as the previous release wrote it
    db.executescript(
        "CREATE TABLE test_results (run_id INTEGER NOT NULL, position INTEGER NOT NULL, "
        "topic TEXT NOT NULL, name TEXT NOT NULL, function TEXT NOT NULL, score REAL NOT "
        "NULL, max_score REAL NOT NULL, status TEXT NOT NULL, visibility TEXT NOT NULL, "
        "feedback TEXT NOT NULL, duration_s REAL NOT NULL, PRIMARY KEY (run_id, position));"
        "PRAGMA user_version=1;")
    db.close()
    result = result_with_plot(hint="a hint")
    with Gradebook(path) as book:
        run = book.record("alice", "alice", "h", "s", result, "graded", "2026-01-01")
        stored = book.result(run.id).topics[0].tests[0]
    assert stored.details == result.topics[0].tests[0].details
