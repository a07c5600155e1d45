"""The backward pass computes the true derivative of E, for networks nobody hand-picked."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backprop import (
    Network,
    backward,
    check_gradients,
    cross_entropy,
    error,
    forward,
    init_tutorial,
    init_uniform,
    numeric_gradients,
    relative_error,
    train,
    xor,
)
from backprop.gradcheck import AGREE, WRONG, GradientCheck, zone

# Where both gradients are tiny, rounding in E (about 1e-16 * E / h with h = 1e-5) decides
# the relative error; such weights are compared by their absolute difference instead.
NOISE_FLOOR = 1e-9


@st.composite
def problems(draw: st.DrawFn) -> tuple[Network, np.ndarray, np.ndarray]:
    """A random network (1-4 layers of weights, 1-8 units each), cases and targets."""
    sizes = draw(st.lists(st.integers(1, 8), min_size=2, max_size=5))
    biases = draw(st.booleans())
    net = init_uniform(sizes, r=1.0, seed=draw(st.integers(0, 2**32 - 1)), biases=biases)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    cases = draw(st.integers(1, 6))
    inputs = rng.uniform(-1, 1, (cases, sizes[0]))
    d = rng.uniform(0, 1, (cases, sizes[-1]))
    return net, inputs, d


@given(problems())
def test_analytic_gradient_matches_central_differences(problem) -> None:
    net, inputs, d = problem
    check = check_gradients(net, inputs, d)
    for a, n, e in zip(check.analytic, check.numeric, check.errors, strict=True):
        assert np.all((e < 1e-6) | (np.abs(a - n) < NOISE_FLOOR)), (a, n)


@given(problems())
def test_momentum_zero_is_plain_gradient_descent(problem) -> None:
    net, inputs, d = problem
    trained, _ = train(net, inputs, d, epsilon=0.1, sweeps=3, alpha=0.0)
    w = [w_l.copy() for w_l in net.w]
    for _ in range(3):
        step = Network(w, net.biases)
        grads = backward(step, forward(step, inputs), d)
        w = [w_l - 0.1 * g for w_l, g in zip(w, grads, strict=True)]
    for got, want in zip(trained.w, w, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


@given(problems())
def test_one_sweep_with_a_small_enough_epsilon_lowers_E(problem) -> None:
    net, inputs, d = problem
    grads = backward(net, forward(net, inputs), d)
    norm = np.sqrt(sum(float(np.sum(g**2)) for g in grads))
    assume(norm > 1e-3)  # below that, the decrease is lost in rounding
    epsilon = 1e-3 / max(1.0, norm)
    _, E = train(net, inputs, d, epsilon=epsilon, sweeps=2)
    assert E[1] < E[0]


def per_unit_gradients(net: Network, inputs: np.ndarray, d: np.ndarray) -> list[np.ndarray]:
    """dE/dw written straight from equations (1)-(7), one unit and one case at a time."""
    dE_dw = [np.zeros_like(w) for w in net.w]
    for c in range(len(inputs)):
        ys = [list(inputs[c])]  # outputs of every layer for this case, as plain lists
        for w in net.w:
            below = ys[-1] + ([1.0] if net.biases else [])
            xs = [sum(below[i] * w[i, j] for i in range(len(below))) for j in range(w.shape[1])]
            ys.append([1 / (1 + np.exp(-x)) for x in xs])
        dE_dy = [ys[-1][j] - d[c, j] for j in range(len(ys[-1]))]  # (4)
        for layer in reversed(range(len(net.w))):
            w = net.w[layer]
            below = ys[layer] + ([1.0] if net.biases else [])
            dE_dx = [
                dE_dy[j] * ys[layer + 1][j] * (1 - ys[layer + 1][j]) for j in range(len(dE_dy))
            ]
            for i in range(len(below)):
                for j in range(len(dE_dx)):
                    dE_dw[layer][i, j] += dE_dx[j] * below[i]  # (6), summed over cases
            dE_dy = [
                sum(dE_dx[j] * w[i, j] for j in range(len(dE_dx))) for i in range(len(ys[layer]))
            ]  # (7)
    return dE_dw


@given(problems())
@settings(max_examples=50)
def test_backward_equals_a_per_unit_loop_written_from_the_equations(problem) -> None:
    net, inputs, d = problem
    got = backward(net, forward(net, inputs), d)
    for mine, theirs in zip(got, per_unit_gradients(net, inputs, d), strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-14)


# --- the check itself ---------------------------------------------------------------------


def test_the_check_does_not_change_the_network() -> None:
    inputs, d = xor()
    net = init_uniform([2, 3, 1], seed=4, biases=True)
    before = [w.copy() for w in net.w]
    check_gradients(net, inputs, d)
    for w, w0 in zip(net.w, before, strict=True):
        np.testing.assert_array_equal(w, w0)


def test_the_check_covers_bias_weights() -> None:
    inputs, d = xor()
    net = init_uniform([2, 3, 1], seed=4, biases=True)
    numeric = numeric_gradients(net, inputs, d)
    assert [g.shape for g in numeric] == [(3, 3), (4, 1)]
    assert np.all(numeric[0][-1] != 0)  # the bias row has a gradient like any other


def test_relative_error_is_zero_when_both_are_zero() -> None:
    assert relative_error(np.array(0.0), np.array(0.0)) == 0.0
    assert relative_error(np.array(0.0), np.array(1e-30)) == 1.0


def test_the_check_points_at_the_layer_and_weight_of_a_planted_bug() -> None:
    inputs, d = xor()
    net = init_tutorial([2, 4, 1])

    def buggy(net, ys, d):
        grads = backward(net, ys, d)
        grads[1][2, 0] *= 1.01  # one weight of the second layer, 1% off
        return grads

    check = check_gradients(net, inputs, d, backward=buggy)
    worst, layer, index = check.worst
    assert (layer, index) == (1, (2, 0))
    assert worst == pytest.approx(0.01 / 1.01, rel=1e-5)
    assert check.report().endswith("FAIL")


def test_a_non_positive_h_is_refused() -> None:
    inputs, d = xor()
    with pytest.raises(ValueError, match="h must be a finite number > 0, got 0"):
        check_gradients(init_tutorial([2, 4, 1]), inputs, d, h=0)


@pytest.mark.parametrize(("measure", "E"), [("squared", error), ("cross-entropy", cross_entropy)])
def test_E_is_what_the_check_differentiates(measure: str, E) -> None:  # noqa: ANN001
    inputs, d = xor()
    net = init_tutorial([2, 4, 1])
    h = 1e-5
    nudged = [w.copy() for w in net.w]
    nudged[0][0, 0] += h
    up = E(forward(Network(nudged, False), inputs)[-1], d)
    nudged[0][0, 0] -= 2 * h
    down = E(forward(Network(nudged, False), inputs)[-1], d)
    numeric = numeric_gradients(net, inputs, d, h, measure=measure)
    assert numeric[0][0, 0] == (up - down) / (2 * h)


# --- the three zones -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "verdict"),
    [
        (0.0, "pass"),
        (np.nextafter(AGREE, 0), "pass"),
        (AGREE, "look closer"),
        (WRONG, "look closer"),
        (np.nextafter(WRONG, 1), "FAIL"),
        (1.0, "FAIL"),
        (np.inf, "FAIL"),
        (np.nan, "FAIL"),
    ],
)
def test_each_relative_error_falls_in_one_zone(relative: float, verdict: str) -> None:
    assert zone(relative) == verdict


@pytest.mark.parametrize("bad", [-1e-9, "1e-7", None, True, [1e-7]])
def test_a_zone_is_only_given_for_a_relative_error(bad: object) -> None:
    with pytest.raises(ValueError, match=r"^relative must be "):
        zone(bad)


def test_a_right_gradient_with_a_large_h_is_told_to_look_closer_not_to_fail() -> None:
    inputs, d = xor()
    net = init_tutorial([2, 4, 1])
    check = check_gradients(net, inputs, d, h=1e-3)
    assert AGREE < check.worst[0] < WRONG
    assert check.verdict() == "look closer" and check.report().endswith(": look closer")
    assert check_gradients(net, inputs, d, h=1e-5).verdict() == "pass"


def test_the_verdict_is_the_zone_of_the_worst_error() -> None:
    check = GradientCheck([np.array([[1.0, 2.0]])], [np.array([[1.0, 2.0 * (1 + 1e-6)]])])
    assert check.verdict() == zone(check.worst[0]) == "look closer"


def test_the_check_of_the_cross_entropy_passes_its_backward_and_fails_the_squared_ones() -> None:
    """The measure decides which E the check differentiates: the squared error's backward
    pass is not the cross-entropy's gradient, and the check says so."""
    inputs, d = xor()
    net = init_tutorial([2, 3, 1], seed=5, biases=True)
    assert check_gradients(net, inputs, d, measure="cross-entropy").verdict() == "pass"
    squared_backward = check_gradients(net, inputs, d, measure="cross-entropy", backward=backward)
    assert squared_backward.verdict() == "FAIL"
