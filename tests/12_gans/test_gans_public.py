"""Public graded tests for 12_gans: released to students with the assignment.

Closed forms the tests trust (D = sigmoid(s), s a logit, softplus(s) = log(1 + e^s) computed
as np.logaddexp(0, s), exact for every float64 s):

    discriminator_loss(r, f)        = mean softplus(-r) + mean softplus(f)
        d_real = -sigmoid(-r) / N_real,  d_fake = sigmoid(f) / N_fake
    generator_loss_minimax(f)       = -mean softplus(f),  d_fake = -sigmoid(f) / N
    generator_loss_nonsaturating(f) =  mean softplus(-f), d_fake = -sigmoid(-f) / N

Gradients may be computed as 1 - sigmoid(.) by a correct solution, which errs by up to half
an ulp of 1 (1.1e-16) divided by N in absolute terms: comparisons allow ATOL = 1e-15.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    assert_close,
    assert_inputs_unchanged,
    assert_no_warnings,
    check_gradient,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    graded,
    unchanged_params,
    values_in_order,
)

ATOL = 1e-15  # absolute round-off allowed in a gradient entry (see the module docstring)
GENERATOR_LOSSES = ("generator_loss_minimax", "generator_loss_nonsaturating")
ALL_LOSSES = ("discriminator_loss",) + GENERATOR_LOSSES
IDS = {"discriminator_loss": "discriminator", "generator_loss_minimax": "minimax",
       "generator_loss_nonsaturating": "nonsaturating"}


def softplus(s):
    return np.logaddexp(0.0, s)


def sigmoid(s):
    return np.exp(-np.logaddexp(0.0, -s))  # accurate for every s, no overflow


def true_discriminator_loss(r, f):
    return float(np.mean(softplus(-r)) + np.mean(softplus(f)))


TRUE_LOSS = {
    "generator_loss_minimax": lambda f: float(-np.mean(softplus(f))),
    "generator_loss_nonsaturating": lambda f: float(np.mean(softplus(-f))),
}
TRUE_GRADIENT = {
    "generator_loss_minimax": lambda f: -sigmoid(f) / f.size,
    "generator_loss_nonsaturating": lambda f: -sigmoid(-f) / f.size,
}


def params(names, points, contract=None, needs_values=False, rules=()):
    """One graded parameter per loss; with ``needs_values``, a property that a constant also
    has earns its points only together with the loss's value test."""
    return [pytest.param(name, id=IDS[name], marks=graded(
        points, name, contract=contract, requires=value_test(name) if needs_values else (),
        rules=rules)) for name in names]


def value_test(name):
    return ("test_discriminator_loss_value" if name == "discriminator_loss"
            else f"test_generator_loss_value[{IDS[name]}]")


@st.composite
def logits(draw, low=-10.0, high=10.0, min_n=1, max_n=8):
    """Distinct logits of shape (N,) in [low, high), N in min_n..max_n."""
    return fill((draw(st.integers(min_n, max_n)),), draw(SEEDS), low, high)


def discriminator(fn, real, fake):
    """Call discriminator_loss; check it returns (float, array like real, array like fake)."""
    return discriminator_output(fn(real, fake), real, fake)


def discriminator_output(result, real, fake):
    """What discriminator_loss(real, fake) returned, checked to be (float, array like real,
    array like fake)."""
    loss, d_real, d_fake = expect_tuple(result, 3, "discriminator_loss()")
    return (expect_scalar(loss, "the loss"),
            expect_array(d_real, "d_real_logits", like=real),
            expect_array(d_fake, "d_fake_logits", like=fake))


def generator(fn, fake):
    """Call a generator loss; check it returns (float, array shaped like fake)."""
    return generator_output(fn(fake), fn.__name__, fake)


def generator_output(result, function, fake):
    """What the generator loss ``function`` returned for ``fake``, checked to be (float,
    array shaped like fake)."""
    loss, d_fake = expect_tuple(result, 2, f"{function}()")
    return expect_scalar(loss, "the loss"), expect_array(d_fake, "d_fake_logits", like=fake)


def call(student, function, inputs):
    """(loss, gradients...) of ``function`` on ``inputs`` (a tuple of logit arrays)."""
    return output(function, getattr(student, function)(*inputs), inputs)


def output(function, result, inputs):
    """What ``function`` returned on ``inputs``, checked to be (loss, gradients...)."""
    if function == "discriminator_loss":
        return discriminator_output(result, *inputs)
    return generator_output(result, function, *inputs)


def inputs_of(function, data, **options):
    """Logit arrays for ``function``: (real, fake) for the discriminator, (fake,) else."""
    count = 2 if function == "discriminator_loss" else 1
    return tuple(data.draw(logits(**options), label=f"logits {k + 1}") for k in range(count))


def true_values(function, inputs):
    """The trusted (loss, gradients...) of ``function`` on ``inputs``."""
    if function == "discriminator_loss":
        r, f = inputs
        return true_discriminator_loss(r, f), -sigmoid(-r) / r.size, sigmoid(f) / f.size
    (f,) = inputs
    return TRUE_LOSS[function](f), TRUE_GRADIENT[function](f)


GRADIENT_NAMES = {"discriminator_loss": ("d_real_logits", "d_fake_logits")}


def gradient_names(function):
    return GRADIENT_NAMES.get(function, ("d_fake_logits",))


# --- discriminator_loss --------------------------------------------------------------------


@graded(points=2, function="discriminator_loss")
@given(real=logits(), fake=logits())
def test_discriminator_loss_value(student, real, fake):
    """discriminator_loss is -mean log D(x) - mean log(1 - D(G(z))) = mean softplus(-real) +
    mean softplus(fake), each mean over its own batch (N_real and N_fake may differ), and >= 0."""
    loss, _, _ = discriminator(student.discriminator_loss, real, fake)
    assert loss >= 0, f"the discriminator loss should be >= 0, got {loss}"
    assert_close(loss, true_discriminator_loss(real, fake),
                 f"discriminator loss (N_real={real.size}, N_fake={fake.size})", rtol=1e-9)


@graded(points=3, function="discriminator_loss")
@given(real=logits(), fake=logits())
def test_discriminator_loss_gradcheck(student, real, fake):
    """d_real_logits and d_fake_logits are the gradients of mean softplus(-real) +
    mean softplus(fake) (numerical gradients of the closed form, one batch at a time)."""
    _, d_real, d_fake = discriminator(student.discriminator_loss, real, fake)
    check_gradient(lambda r: true_discriminator_loss(r, fake), real, d_real,
                   name="d_real_logits")
    check_gradient(lambda f: true_discriminator_loss(real, f), fake, d_fake,
                   name="d_fake_logits")


@graded(points=2, function="discriminator_loss")
@given(real=logits(-30.0, 30.0, min_n=2), fake=logits(-30.0, 30.0, min_n=2))
def test_discriminator_pushes_real_up_and_fake_down(student, real, fake):
    """The discriminator's loss falls when real logits rise and fake logits fall: every entry
    of d_real_logits is in [-1/N_real, 0) and every entry of d_fake_logits in (0, 1/N_fake]
    (they are -sigmoid(-r)/N_real and sigmoid(f)/N_fake, nonzero for |logits| <= 30, where
    sigmoid >= 9e-14)."""
    _, d_real, d_fake = discriminator(student.discriminator_loss, real, fake)
    for name, grad, sign, n in (("d_real_logits", d_real, -1.0, real.size),
                                ("d_fake_logits", d_fake, 1.0, fake.size)):
        wrong = np.flatnonzero(~((sign * grad > 0) & (sign * grad <= 1.0 / n + ATOL)))
        if wrong.size:
            i = int(wrong[0])
            want = "in [-1/N, 0)" if sign < 0 else "in (0, 1/N]"
            raise AssertionError(
                f"{name}[{i}] = {grad[i]:.6g} at real logit(s) {real.tolist()} and fake "
                f"logit(s) {fake.tolist()}: expected {want} with N = {n}, so that gradient "
                f"descent pushes {'real logits up' if sign < 0 else 'fake logits down'}")


@graded(points=2, function="discriminator_loss")
@given(real=logits(-20.0, 20.0), fake=logits(-20.0, 20.0))
def test_discriminator_loss_swap_identities(student, real, fake):
    """Swapping the batches: since softplus(s) - softplus(-s) = s,
        loss(r, f) - loss(f, r) = mean(f) - mean(r),
    and relabelling D as 1 - D leaves the loss unchanged: loss(-f, -r) = loss(r, f), with
    d_real(-f, -r) = -d_fake(r, f) and d_fake(-f, -r) = -d_real(r, f). Tolerances are those
    of the value test (relative 1e-9 of the terms' size)."""
    calls = [(real, fake), (fake, real), (-fake, -real)]
    outs = values_in_order(student.discriminator_loss, [(args, {}) for args in calls])
    loss, d_real, d_fake = discriminator_output(next(outs), real, fake)
    swapped, _, _ = discriminator_output(next(outs), fake, real)
    scale = abs(loss) + abs(swapped) + float(np.mean(np.abs(real)) + np.mean(np.abs(fake)))
    assert_close(loss - swapped, float(np.mean(fake) - np.mean(real)),
                 "loss(real, fake) - loss(fake, real), which should be mean(fake) - mean(real)",
                 rtol=0.0, atol=1e-9 * scale)
    relabelled, d_real_2, d_fake_2 = discriminator_output(next(outs), -fake, -real)
    assert_close(relabelled, loss, "loss(-fake, -real), which should equal loss(real, fake)",
                 rtol=1e-9, atol=0.0)
    assert_close(d_real_2, -d_fake, "d_real_logits of loss(-fake, -real), which should be "
                 "-d_fake_logits of loss(real, fake)", rtol=1e-9, atol=ATOL)
    assert_close(d_fake_2, -d_real, "d_fake_logits of loss(-fake, -real), which should be "
                 "-d_real_logits of loss(real, fake)", rtol=1e-9, atol=ATOL)


# --- generator losses ----------------------------------------------------------------------


@pytest.mark.parametrize("function", params(GENERATOR_LOSSES, 2))
@given(fake=logits())
def test_generator_loss_value(student, function, fake):
    """generator_loss_minimax is mean log(1 - D(G(z))) = -mean softplus(fake) (<= 0);
    generator_loss_nonsaturating is -mean log D(G(z)) = mean softplus(-fake) (>= 0)."""
    loss, _ = generator(getattr(student, function), fake)
    expected = TRUE_LOSS[function](fake)
    assert np.sign(loss) == np.sign(expected), (
        f"{function} should be {'<= 0' if expected < 0 else '>= 0'}, got {loss}")
    assert_close(loss, expected, function, rtol=1e-9)


@pytest.mark.parametrize("function", params(GENERATOR_LOSSES, 3))
@given(fake=logits())
def test_generator_loss_gradcheck(student, function, fake):
    """d_fake_logits is the gradient of the loss's closed form (numerical gradient)."""
    _, d_fake = generator(getattr(student, function), fake)
    check_gradient(TRUE_LOSS[function], fake, d_fake, name="d_fake_logits")


@pytest.mark.parametrize("function", params(GENERATOR_LOSSES, 2))
@given(fake=logits(-30.0, 30.0, min_n=2))
def test_generator_pushes_fake_logits_up(student, function, fake):
    """Both generator losses push the fake logits in the same direction, up (towards
    "real"): every entry of d_fake_logits is in [-1/N, 0) (it is -sigmoid(fake)/N for the
    minimax loss and -sigmoid(-fake)/N for the non-saturating one, nonzero for
    |logits| <= 30, where sigmoid >= 9e-14)."""
    _, d_fake = generator(getattr(student, function), fake)
    n = fake.size
    wrong = np.flatnonzero(~((d_fake < 0) & (d_fake >= -1.0 / n - ATOL)))
    if wrong.size:
        i = int(wrong[0])
        raise AssertionError(
            f"d_fake_logits[{i}] = {d_fake[i]:.6g} at fake logit {fake[i]:.6g} (N = {n}): "
            f"expected a value in [-1/N, 0) = [{-1 / n:.6g}, 0), so that gradient descent "
            f"raises the fake logits, as both generator losses do")


@graded(points=3, function="generator_loss_nonsaturating")
@given(fake=logits(-30.0, -10.0, min_n=2))
def test_nonsaturating_gradient_survives_when_discriminator_wins(student, fake):
    """Seed 003 Problem 5 (b), (c): early in training D(G(z)) -> 0 (fake logits s of -10 to
    -30). The non-saturating gradient is -sigmoid(-s)/N = -(1 - D(G(z)))/N, and
    1 - e^s <= sigmoid(-s) < 1, so every entry lies in [-1/N, -(1 - e^-10)/N]: about 1/N per
    example (compare the minimax gradient, e^s times smaller). The loss, mean(-log D) >= 10,
    is far from flat."""
    loss, d_fake = generator(student.generator_loss_nonsaturating, fake)
    n = fake.size
    low, high = -1.0 / n - ATOL, -(1.0 - np.exp(-10.0)) / n + ATOL
    wrong = np.flatnonzero(~((d_fake >= low) & (d_fake <= high)))
    if wrong.size:
        i = int(wrong[0])
        raise AssertionError(
            f"at fake logit {fake[i]:.6g} (D(G(z)) = {sigmoid(fake[i]):.3g}, N = {n}) "
            f"d_fake_logits[{i}] = {d_fake[i]:.6g}, expected about -1/N = {-1 / n:.6g} "
            f"(in [{low:.8g}, {high:.8g}]): the non-saturating loss must not vanish here")
    assert loss >= 10.0, f"-mean log D(G(z)) should be >= 10 at logits <= -10, got {loss}"


@graded(points=2, function="generator_loss_minimax")
@given(fake=logits(-30.0, -10.0, min_n=2))
def test_minimax_gradient_vanishes_when_discriminator_wins(student, fake):
    """Seed 003 Problem 5 (b), (c): when D(G(z)) -> 0 (fake logits s of -10 to -30), the
    minimax loss mean log(1 - D(G(z))) saturates: its gradient -sigmoid(s)/N has
    e^s (1 - e^-10) <= sigmoid(s) < e^s, so each entry is about -e^s/N (at most
    e^-10/N ~ 4.5e-5/N in size, yet not exactly 0), and the loss lies in [-e^-10, 0)."""
    loss, d_fake = generator(student.generator_loss_minimax, fake)
    n = fake.size
    low = -np.exp(fake) / n - ATOL
    high = -np.exp(fake) * (1.0 - np.exp(-10.0)) / n + ATOL
    wrong = np.flatnonzero(~((d_fake >= low) & (d_fake <= high)))
    if wrong.size:
        i = int(wrong[0])
        raise AssertionError(
            f"at fake logit {fake[i]:.6g} (D(G(z)) = {sigmoid(fake[i]):.3g}, N = {n}) "
            f"d_fake_logits[{i}] = {d_fake[i]:.6g}, expected about -e^s/N = "
            f"{-np.exp(fake[i]) / n:.6g} (in [{low[i]:.6g}, {high[i]:.6g}]): the minimax "
            f"gradient vanishes there")
    assert -np.exp(-10.0) <= loss < 0, (
        f"mean log(1 - D(G(z))) should be in [-e^-10, 0) at logits <= -10, got {loss}")


# --- all three -----------------------------------------------------------------------------


@pytest.mark.parametrize("function", params(ALL_LOSSES, 2, "finite at extreme inputs",
                                             rules="finite"))
@given(data=st.data())
def test_extreme_logits(student, function, data):
    """Exact, finite and warning-free for logits up to |s| = 1e4, where sigmoid(s) rounds to
    0 or 1 and log D = -inf: there softplus(1e4) = 1e4 and softplus(-1e4) = 0, so e.g. a fake
    logit of -1e4 costs the non-saturating loss 1e4 / N, and a fake logit of 1e4 gives the
    minimax loss -1e4 / N, with gradients -1/N. Each batch holds logits of +-1e4 and draws
    from [-1e4, 1e4)."""
    inputs = tuple(np.concatenate([[1e4, -1e4], extra])
                   for extra in inputs_of(function, data, low=-1e4, high=1e4, min_n=0))
    result = assert_no_warnings(getattr(student, function), *inputs)
    got = expect_tuple(result.value, len(inputs) + 1, f"{function}()")
    expected = true_values(function, inputs)
    loss = expect_scalar(got[0], "the loss at logits of +-1e4")
    assert_close(loss, expected[0], f"{function} at logits of +-1e4", rtol=1e-9)
    for name, grad, want, x in zip(gradient_names(function), got[1:], expected[1:], inputs):
        grad = expect_array(grad, f"{name} at logits of +-1e4", like=x)
        assert_close(grad, want, f"{name} at logits of +-1e4", rtol=1e-9, atol=ATOL)


ZERO_LOGIT_VALUES = {  # (loss, gradient entries) at logits of 0, where D = 1/2
    "discriminator_loss": (2 * np.log(2), (-0.5, 0.5)),
    "generator_loss_minimax": (-np.log(2), (-0.5,)),
    "generator_loss_nonsaturating": (np.log(2), (-0.5,)),
}


@pytest.mark.parametrize("function", params(ALL_LOSSES, 1))
@given(data=st.data())
def test_known_values_at_zero_logits(student, function, data):
    """At logits of 0, D = 1/2 and every log-term is log 2: the discriminator loss is 2 log 2
    (log 2 per term, each averaged over its own batch) with gradients -1/(2 N_real) and
    1/(2 N_fake); the minimax loss is -log 2 and the non-saturating loss log 2, both with
    gradient -1/(2N)."""
    inputs = tuple(np.zeros_like(x) for x in inputs_of(function, data))
    got = call(student, function, inputs)
    loss, entries = ZERO_LOGIT_VALUES[function]
    sizes = ", ".join(f"N = {x.size}" for x in inputs)
    assert_close(got[0], loss, f"{function} at logits of 0 ({sizes})", rtol=1e-12)
    for name, grad, entry, x in zip(gradient_names(function), got[1:], entries, inputs):
        assert_close(grad, np.full(x.shape, entry / x.size),
                     f"{name} at logits of 0 ({sizes})", rtol=1e-12, atol=0.0)


@pytest.mark.parametrize("function", params(ALL_LOSSES, 1, "column logits accepted",
                                             needs_values=True, rules="column-logits"))
@given(data=st.data())
def test_column_logits_accepted(student, function, data):
    """Logits of shape (N, 1), as a one-unit discriminator outputs, give the same loss as
    the same logits of shape (N,), and gradients of shape (N, 1) with the same entries."""
    flat = inputs_of(function, data)
    columns = tuple(x[:, None] for x in flat)
    outs = values_in_order(getattr(student, function), [(flat, {}), (columns, {})])
    expected = output(function, next(outs), flat)
    got = output(function, next(outs), columns)  # checks the gradient shapes (N, 1)
    assert_close(got[0], expected[0], f"{function} on (N, 1) logits, compared with (N,)",
                 rtol=1e-12)
    for name, grad, want in zip(gradient_names(function), got[1:], expected[1:]):
        assert_close(grad[:, 0], want, f"{name} on (N, 1) logits, compared with (N,)",
                     rtol=1e-12, atol=0.0)


# --- inputs left unchanged ----------------------------------------------------------------


@pytest.mark.parametrize("function", unchanged_params({name: value_test(name)
                                                       for name in ALL_LOSSES}))
@given(data=st.data())
def test_inputs_unchanged(student, function, data):
    """The loss leaves its logit arrays unchanged (it returns new gradient arrays)."""
    assert_inputs_unchanged(getattr(student, function), *inputs_of(function, data))
