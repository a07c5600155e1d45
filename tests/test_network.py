"""The package: shapes, the tutorial's numbers, the equations' behaviour, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from backprop import (
    Network,
    backward,
    cross_entropy,
    error,
    forward,
    init_tutorial,
    init_uniform,
    mean_squared_error,
    sigmoid,
    train,
    xor,
)


@pytest.fixture
def xor_data() -> tuple[np.ndarray, np.ndarray]:
    return xor()


def tutorial_run(hidden: int = 4) -> tuple[Network, np.ndarray, list[str]]:
    inputs, d = xor()
    lines: list[str] = []
    net, E = train(
        init_tutorial([2, hidden, 1]),
        inputs,
        d,
        epsilon=0.5,
        sweeps=10_001,
        print_every=2000,
        out=lines.append,
    )
    return net, E, lines


def bare_tutorial() -> tuple[list[float], np.ndarray]:
    """The tutorial's computation written out longhand, as an independent reference."""
    inputs, d = xor()
    rng = np.random.RandomState(42)
    W1 = rng.randn(2, 4) * 0.5
    W2 = rng.randn(4, 1) * 0.5
    losses = []
    for _ in range(10_001):
        a1 = 1 / (1 + np.exp(-(inputs @ W1)))
        yhat = 1 / (1 + np.exp(-(a1 @ W2)))
        losses.append(float(np.mean((d - yhat) ** 2)))
        d_out = (yhat - d) * yhat * (1 - yhat)
        d_hid = (d_out @ W2.T) * a1 * (1 - a1)
        W2 -= 0.5 * a1.T @ d_out
        W1 -= 0.5 * inputs.T @ d_hid
    return losses, W1


# --- shapes -------------------------------------------------------------------------------


def test_init_tutorial_gives_one_matrix_per_layer_of_connections() -> None:
    net = init_tutorial([2, 4, 3, 1])
    assert [w.shape for w in net.w] == [(2, 4), (4, 3), (3, 1)]


def test_biases_add_one_row_per_matrix() -> None:
    net = init_uniform([6, 2, 1], biases=True)
    assert [w.shape for w in net.w] == [(7, 2), (3, 1)]
    assert net.sizes == [6, 2, 1]


def test_forward_returns_every_layers_outputs_inputs_first(xor_data) -> None:
    inputs, _ = xor_data
    ys = forward(init_tutorial([2, 3, 5, 1]), inputs)
    assert [y.shape for y in ys] == [(4, 2), (4, 3), (4, 5), (4, 1)]
    assert ys[0] is inputs


def test_backward_gives_a_gradient_shaped_like_each_weight_matrix(xor_data) -> None:
    inputs, d = xor_data
    net = init_uniform([2, 3, 1], biases=True)
    grads = backward(net, forward(net, inputs), d)
    assert [g.shape for g in grads] == [w.shape for w in net.w]


# --- the tutorial's numbers ---------------------------------------------------------------


def test_init_tutorial_draws_the_tutorials_weights_from_the_legacy_stream() -> None:
    np.random.seed(42)
    W1 = np.random.randn(2, 4) * 0.5
    W2 = np.random.randn(4, 1) * 0.5
    net = init_tutorial([2, 4, 1], seed=42)
    np.testing.assert_array_equal(net.w[0], W1)
    np.testing.assert_array_equal(net.w[1], W2)


def test_init_tutorial_leaves_numpys_global_random_state_alone() -> None:
    np.random.seed(7)
    before = np.random.get_state()[1].copy()
    init_tutorial([2, 4, 1])
    init_uniform([2, 4, 1])
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_training_prints_the_tutorials_true_trajectory() -> None:
    _, _, lines = tutorial_run()
    assert lines == [
        "Step     0 | Loss: 0.2557",
        "Step  2000 | Loss: 0.0128",
        "Step  4000 | Loss: 0.0027",
        "Step  6000 | Loss: 0.0013",
        "Step  8000 | Loss: 0.0009",
        "Step 10000 | Loss: 0.0006",
    ]


def test_training_matches_a_longhand_tutorial_loop_sweep_by_sweep() -> None:
    net, E, _ = tutorial_run()
    losses, W1 = bare_tutorial()
    np.testing.assert_allclose(2 * E / 4, losses, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(net.w[0], W1, rtol=1e-9)


def test_history_holds_the_error_before_each_sweeps_change(xor_data) -> None:
    inputs, d = xor_data
    start = init_tutorial([2, 4, 1])
    net, E = train(start, inputs, d, epsilon=0.5, sweeps=5)
    assert E.shape == (5,)
    assert E[0] == error(forward(start, inputs)[-1], d)


def test_train_does_not_change_the_network_it_is_given(xor_data) -> None:
    inputs, d = xor_data
    start = init_tutorial([2, 4, 1])
    copy = [w.copy() for w in start.w]
    train(start, inputs, d, epsilon=0.5, sweeps=10, alpha=0.9)
    for w, w0 in zip(start.w, copy, strict=True):
        np.testing.assert_array_equal(w, w0)


def test_mean_squared_error_is_2E_over_cases_times_outputs() -> None:
    rng = np.random.default_rng(0)
    y, d = rng.random((5, 3)), rng.random((5, 3))
    assert mean_squared_error(y, d) == pytest.approx(2 * error(y, d) / 15)


def test_printed_loss_is_the_mean_squared_error_not_E(xor_data) -> None:
    inputs, d = xor_data
    lines: list[str] = []
    net = init_tutorial([2, 4, 1])
    train(net, inputs, d, epsilon=0.5, sweeps=1, print_every=1, out=lines.append)
    mse = mean_squared_error(forward(net, inputs)[-1], d)
    assert lines == [f"Step     0 | Loss: {mse:.4f}"]


# --- the equations' behaviour -------------------------------------------------------------


def test_bias_is_the_weight_from_an_always_on_unit() -> None:
    w = np.array([[2.0], [-1.0]])  # one input, then the bias row
    net = Network([w], biases=True)
    y = forward(net, np.array([[0.0], [1.0]]))[-1]
    np.testing.assert_allclose(y[:, 0], [sigmoid(np.array(-1.0)), sigmoid(np.array(1.0))])


def test_momentum_zero_is_plain_gradient_descent(xor_data) -> None:
    inputs, d = xor_data
    net, _ = train(init_tutorial([2, 3, 1]), inputs, d, epsilon=0.3, sweeps=2)
    start = init_tutorial([2, 3, 1])
    ys = forward(start, inputs)
    g = backward(start, ys, d)
    once = Network([w - 0.3 * gw for w, gw in zip(start.w, g, strict=True)], False)
    g2 = backward(once, forward(once, inputs), d)
    twice = [w - 0.3 * gw for w, gw in zip(once.w, g2, strict=True)]
    for got, want in zip(net.w, twice, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_momentum_adds_alpha_times_the_previous_change(xor_data) -> None:
    inputs, d = xor_data
    start = init_tutorial([2, 3, 1])
    one, _ = train(start, inputs, d, epsilon=0.3, sweeps=1, alpha=0.9)
    two, _ = train(start, inputs, d, epsilon=0.3, sweeps=2, alpha=0.9)
    g = backward(one, forward(one, inputs), d)
    for w0, w1, w2, gw in zip(start.w, one.w, two.w, g, strict=True):
        np.testing.assert_allclose(w2, w1 - 0.3 * gw + 0.9 * (w1 - w0), rtol=1e-12)


def test_one_small_sweep_lowers_E(xor_data) -> None:
    inputs, d = xor_data
    _, E = train(init_uniform([2, 3, 1], seed=3), inputs, d, epsilon=0.01, sweeps=2)
    assert E[1] < E[0]


def test_sigmoid_is_silent_and_saturates_exactly_for_huge_inputs() -> None:
    x = np.array([-1e308, -1000.0, 0.0, 1000.0, 1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = sigmoid(x)
    assert y.tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]


def test_sigmoid_equals_the_textbook_formula_to_the_last_digit_or_two() -> None:
    x = np.linspace(-700, 700, 100_001)
    np.testing.assert_allclose(sigmoid(x), 1 / (1 + np.exp(-x)), rtol=0, atol=3e-16)


def test_training_with_huge_weights_raises_no_warning(xor_data) -> None:
    inputs, d = xor_data
    net = init_tutorial([2, 4, 1], scale=1e6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        train(net, inputs, d, epsilon=10.0, sweeps=20)


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epsilon": 0.0}, "epsilon must be a finite number > 0, got 0.0"),
        ({"epsilon": -0.5}, "epsilon must be a finite number > 0, got -0.5"),
        ({"epsilon": float("nan")}, "epsilon must be a finite number > 0, got nan"),
        ({"alpha": 1.0}, r"alpha \(momentum\) must be in \[0, 1\), got 1.0"),
        ({"alpha": -0.1}, r"alpha \(momentum\) must be in \[0, 1\), got -0.1"),
        ({"sweeps": 0}, "sweeps must be a whole number >= 1, got 0"),
        ({"sweeps": 2.5}, "sweeps must be a whole number >= 1, got 2.5"),
        ({"print_every": 0}, "print_every must be a whole number >= 1, got 0"),
        ({"cases": 0}, r"cases must be a whole number in \[1, 4\] \(the cases there are\)"),
        ({"cases": 5}, r"cases must be a whole number in \[1, 4\].*got 5"),
        ({"cases": True}, r"cases must be a whole number.*got True"),
        (
            {"measure": "squares"},
            "measure must be one of 'squared', 'cross-entropy', got 'squares'",
        ),
        ({"measure": None}, "measure must be one of 'squared', 'cross-entropy', got None"),
    ],
)
def test_bad_training_settings_raise_a_value_error_naming_them(xor_data, kwargs, message) -> None:
    inputs, d = xor_data
    settings = {"epsilon": 0.5, "sweeps": 3} | kwargs
    with pytest.raises(ValueError, match=message):
        train(init_tutorial([2, 4, 1]), inputs, d, **settings)


def test_inputs_with_the_wrong_number_of_columns_are_refused(xor_data) -> None:
    _, d = xor_data
    with pytest.raises(ValueError, match=r"inputs has 3 columns but the network has 2"):
        train(init_tutorial([2, 4, 1]), np.zeros((4, 3)), d, epsilon=0.5, sweeps=1)


def test_targets_with_the_wrong_number_of_columns_are_refused(xor_data) -> None:
    inputs, _ = xor_data
    with pytest.raises(ValueError, match=r"d has 2 columns but the network has 1"):
        train(init_tutorial([2, 4, 1]), inputs, np.zeros((4, 2)), epsilon=0.5, sweeps=1)


def test_inputs_and_targets_with_different_case_counts_are_refused(xor_data) -> None:
    inputs, _ = xor_data
    with pytest.raises(ValueError, match=r"inputs has 4 cases .* but d has 3"):
        train(init_tutorial([2, 4, 1]), inputs, np.zeros((3, 1)), epsilon=0.5, sweeps=1)


def test_one_dimensional_inputs_are_refused(xor_data) -> None:
    _, d = xor_data
    with pytest.raises(ValueError, match=r"inputs must be a 2-D array .* got shape \(4,\)"):
        train(init_tutorial([2, 4, 1]), np.zeros(4), d, epsilon=0.5, sweeps=1)


def test_non_finite_inputs_are_refused(xor_data) -> None:
    inputs, d = xor_data
    inputs = inputs.copy()
    inputs[1, 1] = np.inf
    with pytest.raises(ValueError, match=r"inputs must be finite, got .*inf"):
        train(init_tutorial([2, 4, 1]), inputs, d, epsilon=0.5, sweeps=1)


def test_non_finite_targets_are_refused(xor_data) -> None:
    inputs, d = xor_data
    d = d.copy()
    d[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"d must be finite, got .*nan"):
        train(init_tutorial([2, 4, 1]), inputs, d, epsilon=0.5, sweeps=1)


def test_non_finite_weights_are_refused(xor_data) -> None:
    inputs, d = xor_data
    net = init_tutorial([2, 4, 1])
    net.w[1][2, 0] = np.nan
    with pytest.raises(ValueError, match=r"w\[1\] must be finite"):
        train(net, inputs, d, epsilon=0.5, sweeps=1)


@pytest.mark.parametrize(
    ("sizes", "message"),
    [
        ([2, 0, 1], r"sizes must be whole numbers >= 1, got 0 in \[2, 0, 1\]"),
        ([2, -3, 1], r"sizes must be whole numbers >= 1, got -3"),
        ([2, 1.5, 1], r"sizes must be whole numbers >= 1, got 1.5"),
        ([2], r"sizes must list at least two layer sizes, got \[2\]"),
        ("21", r"sizes must list at least two layer sizes, got '21'"),
    ],
)
def test_bad_layer_sizes_raise_a_value_error_naming_them(sizes, message) -> None:
    with pytest.raises(ValueError, match=message):
        init_tutorial(sizes)
    with pytest.raises(ValueError, match=message):
        init_uniform(sizes)


def test_non_positive_init_scales_are_refused() -> None:
    with pytest.raises(ValueError, match="scale must be a finite number > 0, got 0"):
        init_tutorial([2, 4, 1], scale=0)
    with pytest.raises(ValueError, match="r must be a finite number > 0, got -0.3"):
        init_uniform([2, 4, 1], r=-0.3)


def test_bad_seeds_are_refused() -> None:
    with pytest.raises(ValueError, match=r"seed must be a whole number in \[0, 2\*\*32\), got -1"):
        init_tutorial([2, 4, 1], seed=-1)


def test_a_diverging_run_stops_with_an_error_naming_the_sweep() -> None:
    # One weight from one input. The first change is -1e308 * 1.25e9: it overflows to -inf,
    # and at sweep 1 the input 0 times that weight is nan.
    net = Network([np.array([[0.0]])], biases=False)
    inputs, d = np.array([[0.0], [1e10]]), np.array([[0.0], [0.0]])
    with (
        warnings.catch_warnings(),
        pytest.raises(FloatingPointError, match=r"E is nan at sweep 1: the run diverged"),
    ):
        warnings.simplefilter("ignore")  # the overflow itself warns; the error is the point
        train(net, inputs, d, epsilon=1e308, sweeps=5)
    assert net.w[0][0, 0] == 0.0


# --- the margin: the paper's "error considered zero" beyond 0.2 / 0.8 ----------------------


def one_unit() -> tuple[Network, np.ndarray, np.ndarray]:
    """One output unit, no hidden layer, no biases: y = sigmoid(2) = 0.881 for the first
    case (target 1), sigmoid(-1) = 0.269 for the second (target 0)."""
    net = Network([np.array([[2.0], [-1.0]])], biases=False)
    return net, np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0], [0.0]])


def test_with_a_margin_an_output_beyond_the_band_has_no_error_and_teaches_nothing() -> None:
    net, inputs, d = one_unit()
    y2 = 1 / (1 + np.exp(1.0))  # 0.269: above 0.2, so its error stays
    after, E = train(net, inputs, d, epsilon=1.0, sweeps=1, margin=0.2)
    assert E[0] == pytest.approx(0.5 * y2**2, rel=1e-15)  # the first case (0.881 > 0.8) adds 0
    assert after.w[0][0, 0] == 2.0  # only the first case reaches w1: no change
    assert after.w[0][1, 0] == pytest.approx(-1.0 - y2 * y2 * (1 - y2), rel=1e-15)  # (4)-(8)


def test_without_a_margin_the_same_output_still_teaches() -> None:
    net, inputs, d = one_unit()
    after, _ = train(net, inputs, d, epsilon=1.0, sweeps=1)
    assert after.w[0][0, 0] > 2.0


def test_a_wider_margin_than_the_output_keeps_its_error() -> None:
    net, inputs, d = one_unit()
    _, E = train(net, inputs, d, epsilon=1.0, sweeps=1, margin=0.1)  # 0.881 < 0.9: wrong
    assert E[0] > 0.5 * (1 / (1 + np.exp(1.0))) ** 2


@pytest.mark.parametrize("bad", [-0.1, 0.5, 1, "0.2", None])
def test_a_margin_outside_0_to_one_half_is_refused(bad: object) -> None:
    net, inputs, d = one_unit()
    with pytest.raises(ValueError, match=r"^margin must be"):
        train(net, inputs, d, epsilon=1.0, sweeps=1, margin=bad)


# --- the other rules: a change per case or mini-batch, the cross-entropy error --------------


def test_a_batch_of_every_case_is_the_per_sweep_rule_bit_for_bit(xor_data) -> None:
    inputs, d = xor_data
    start = init_tutorial([2, 4, 1], biases=True)
    swept, E_swept = train(start, inputs, d, epsilon=0.5, alpha=0.9, sweeps=50)
    batched, E_batched = train(start, inputs, d, epsilon=0.5, alpha=0.9, sweeps=50, cases=len(d))
    assert np.array_equal(E_swept, E_batched)
    assert all(np.array_equal(a, b) for a, b in zip(swept.w, batched.w, strict=True))


@pytest.mark.parametrize("cases", [1, 2, 3])
def test_a_change_per_batch_is_8_and_9_on_the_batchs_own_derivatives_in_order(
    xor_data, cases: int
) -> None:
    """Longhand: the cases in the given order, `cases` at a time (the last batch smaller),
    each batch's derivatives by `backward`, the change by (9), momentum across batches."""
    inputs, d = xor_data
    start = init_tutorial([2, 3, 1], biases=True)
    w = [w_l.copy() for w_l in start.w]
    previous = [np.zeros_like(w_l) for w_l in w]
    changes = 0
    for _ in range(4):
        for first in range(0, len(d), cases):
            net = Network(w, True)
            batch = slice(first, first + cases)
            dE_dw = backward(net, forward(net, inputs[batch]), d[batch])
            for layer in range(len(w)):
                previous[layer] = -0.5 * dE_dw[layer] + 0.8 * previous[layer]
                w[layer] = w[layer] + previous[layer]
            changes += 1
    trained, _ = train(start, inputs, d, epsilon=0.5, alpha=0.8, sweeps=4, cases=cases)
    assert changes == 4 * -(-len(d) // cases)
    assert all(np.array_equal(a, b) for a, b in zip(trained.w, w, strict=True))


def test_the_history_of_a_per_case_run_is_E_over_every_case_before_each_sweep(xor_data) -> None:
    inputs, d = xor_data
    start = init_tutorial([2, 4, 1])
    one_sweep, _ = train(start, inputs, d, epsilon=0.5, sweeps=1, cases=1)
    _, E = train(start, inputs, d, epsilon=0.5, sweeps=2, cases=1)
    assert E[0] == error(forward(start, inputs)[-1], d)
    assert E[1] == error(forward(one_sweep, inputs)[-1], d)


def test_the_cross_entropy_is_minus_the_log_of_the_probability_given_the_targets() -> None:
    y = np.array([[0.2, 0.9], [0.6, 0.5]])
    d = np.array([[0.0, 1.0], [1.0, 0.0]])
    expected = -(np.log(0.8) + np.log(0.9) + np.log(0.6) + np.log(0.5))
    assert float(cross_entropy(y, d)) == pytest.approx(expected, rel=1e-15)
    assert cross_entropy(np.array([[1.0]]), np.array([[1.0]])) == 0  # 0 ln 0 is 0
    assert cross_entropy(np.array([[1.0]]), np.array([[0.0]])) == np.inf  # sure, and wrong


@pytest.mark.parametrize("biases", [False, True])
def test_the_cross_entropy_backward_pass_is_its_gradient(xor_data, biases: bool) -> None:
    inputs, d = xor_data
    net = init_tutorial([2, 3, 2], seed=3, biases=biases)
    d2 = np.hstack([d, 1 - d])
    analytic = backward(net, forward(net, inputs), d2, measure="cross-entropy")
    h = 1e-6
    for layer, w in enumerate(net.w):
        for index in np.ndindex(w.shape):
            up, down = [m.copy() for m in net.w], [m.copy() for m in net.w]
            up[layer][index] += h
            down[layer][index] -= h
            E_up = cross_entropy(forward(Network(up, biases), inputs)[-1], d2)
            E_down = cross_entropy(forward(Network(down, biases), inputs)[-1], d2)
            numeric = (E_up - E_down) / (2 * h)
            assert analytic[layer][index] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_with_the_cross_entropy_the_output_units_dE_dx_is_y_minus_d(xor_data) -> None:
    """The last layer's dE_dw is y_i.T @ (y - d): no y(1 - y) factor."""
    inputs, d = xor_data
    net = init_tutorial([2, 4, 1])
    ys = forward(net, inputs)
    dE_dw = backward(net, ys, d, measure="cross-entropy")
    assert np.array_equal(dE_dw[-1], ys[1].T @ (ys[-1] - d))


def test_training_on_the_cross_entropy_records_that_error(xor_data) -> None:
    inputs, d = xor_data
    start = init_tutorial([2, 4, 1])
    trained, E = train(start, inputs, d, epsilon=0.5, sweeps=3, measure="cross-entropy")
    assert E[0] == cross_entropy(forward(start, inputs)[-1], d)
    assert E[2] < E[0]
