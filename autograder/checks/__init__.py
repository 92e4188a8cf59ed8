"""The test-author API: what a course's graded tests import (strategies, gradient checks,
contracts, agreement with the reference, trusted probes, the ``graded`` marker).
Owns no grading: it never imports :mod:`autograder.grading`, the class book or platforms.
"""

from autograder.checks.agreement import (
    assert_backward_matches, assert_forward_matches, hidden_params)
from autograder.checks.contracts import (
    assert_close, assert_inputs_unchanged, assert_no_warnings, call_each, call_with_report,
    chain_outcomes, expect_array, expect_scalar, expect_tuple, function_name, results_in_order,
    value_of, values_in_order)
from autograder.checks.dependencies import (
    Untestable, assert_leaves_inputs, through, working_forward)
from autograder.checks.failures import CheckFailure, Comparison
from autograder.checks.gradcheck import (
    DEFAULT_RTOL, DEFAULT_STEP, away_from, check_backward, check_gradient, projected)
from autograder.checks.marks import GRADING_EXAMPLES, graded, points_of, unchanged_params
from autograder.checks.strategies import SEEDS, arrays, classification, fill, pairs, shapes
from autograder.sandbox.probes import affine_map, constant, quadratic, sin_sum

__all__ = [
    "DEFAULT_RTOL", "DEFAULT_STEP", "GRADING_EXAMPLES", "SEEDS", "CheckFailure", "Comparison",
    "affine_map", "arrays", "assert_backward_matches", "assert_close", "assert_forward_matches",
    "assert_leaves_inputs", "assert_inputs_unchanged", "assert_no_warnings", "away_from",
    "call_each", "call_with_report", "chain_outcomes", "check_backward", "check_gradient",
    "classification", "constant", "expect_array", "expect_scalar", "expect_tuple", "fill",
    "function_name", "graded", "hidden_params", "pairs", "points_of", "projected",
    "quadratic", "results_in_order", "shapes", "sin_sum", "through", "Untestable",
    "unchanged_params", "value_of", "values_in_order", "working_forward",
]
