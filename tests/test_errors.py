"""Nothing silently wrong: each bad input gets a ValueError that names it, and each ordinary
input (NumPy scalars, arrays of sizes, generators of seeds) is accepted and handled right."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop import (
    Network,
    check_gradients,
    error,
    init_tutorial,
    init_uniform,
    stack,
    train,
    unstack,
    xor,
)
from backprop.experiments import train_seeds
from backprop.family import encode, network, queries, schedule, split_runs

XOR = xor()


def tutorial_2_2_1(seed: int) -> Network:
    return init_tutorial([2, 2, 1], seed=seed)


def train_xor(net: Network | None = None, **changes: object) -> tuple[Network, np.ndarray]:
    settings = {"epsilon": 0.5, "sweeps": 2} | changes
    inputs, d = settings.pop("inputs", XOR[0]), settings.pop("d", XOR[1])
    return train(net or init_tutorial([2, 3, 1]), inputs, d, **settings)


# --- the gradient check cannot pass what is not finite -----------------------------------


def test_a_backward_pass_that_returns_nan_fails_the_check_naming_the_weight() -> None:
    def nan_backward(net, ys, d):
        return [np.full_like(w, np.nan) for w in net.w]

    check = check_gradients(init_tutorial([2, 4, 1]), *XOR, backward=nan_backward)
    assert check.verdict() == "FAIL"
    assert check.report() == "the analytic gradient is nan at w[0][0, 0] (numeric 0.00225808): FAIL"


@given(
    layer=st.integers(0, 1),
    i=st.integers(0, 1),
    j=st.integers(0, 0),
    bad=st.sampled_from([np.nan, np.inf, -np.inf]),
)
def test_any_non_finite_entry_in_a_backward_pass_fails_the_check(layer, i, j, bad) -> None:
    from backprop import backward

    def broken(net, ys, d):
        grads = backward(net, ys, d)
        grads[layer][i, j] = bad
        return grads

    check = check_gradients(init_tutorial([2, 2, 1]), *XOR, backward=broken)
    assert check.verdict() == "FAIL"
    assert check.not_finite == ("analytic", layer, (i, j))
    assert check.report().endswith(": FAIL")


def returns(make: Callable[[list[np.ndarray]], object]) -> Callable:
    """A reader's backward pass that returns ``make`` of the right dE_dw."""
    from backprop import backward

    return lambda net, ys, d: make(backward(net, ys, d))


@pytest.mark.parametrize(
    ("backward", "message"),
    [
        (
            returns(lambda g: None),  # computed, but not returned
            "backward returned None; it must return a list of one array of ∂E/∂w per weight "
            "matrix (2 here)",
        ),
        (returns(lambda g: g[:1]), "backward returned 1 array; the net has 2 weight matrices"),
        (
            returns(lambda g: [*g, g[1]]),
            "backward returned 3 arrays; the net has 2 weight matrices",
        ),
        (
            returns(lambda g: g[0]),  # one array, not a list of them
            "backward returned an array of shape (2, 4); it must return a list of one array of "
            "∂E/∂w per weight matrix (2 here)",
        ),
        (
            returns(lambda g: [g[0], g[1][:, 0]]),  # (4,) where (4, 1) is due
            "backward returned an array of shape (4,) for w[1]; ∂E/∂w for w[1] has its shape, "
            "(4, 1)",
        ),
        (
            returns(lambda g: [g[0].T, g[1]]),  # the transpose: the reverse of (1)'s layout
            "backward returned an array of shape (4, 2) for w[0]; ∂E/∂w for w[0] has its shape, "
            "(2, 4)",
        ),
        (
            returns(lambda g: [g[0].tolist(), g[1]]),
            "backward returned a list for w[0]; ∂E/∂w for w[0] is a NumPy array of shape (2, 4)",
        ),
        (
            returns(lambda g: [g[0], float(g[1].sum())]),
            "backward returned a float for w[1]; ∂E/∂w for w[1] is a NumPy array of shape (4, 1)",
        ),
        (
            returns(lambda g: [g[0], g[1] + 0j]),
            "backward returned an array of complex128 for w[1]; ∂E/∂w holds real numbers",
        ),
        (
            "my_backward",  # its name, not the function
            "backward must be a function backward(net, ys, d) that returns ∂E/∂w, "
            "got 'my_backward'",
        ),
    ],
)
def test_a_backward_pass_that_returns_something_else_is_named_in_one_sentence(
    backward: object, message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        check_gradients(init_tutorial([2, 4, 1]), *XOR, backward=backward)


def test_a_backward_pass_may_return_a_tuple_and_nan_in_it_still_fails() -> None:
    assert check_gradients(init_tutorial([2, 4, 1]), *XOR, backward=returns(tuple)).verdict() == (
        "pass"
    )
    nan = returns(lambda g: (g[0], np.full((4, 1), np.nan)))
    assert check_gradients(init_tutorial([2, 4, 1]), *XOR, backward=nan).verdict() == "FAIL"


def test_nan_inputs_are_refused_by_the_check() -> None:
    inputs = XOR[0].copy()
    inputs[0, 0] = np.nan
    with pytest.raises(ValueError, match="inputs must be finite, got nan"):
        check_gradients(init_tutorial([2, 4, 1]), inputs, XOR[1])


def test_the_gradient_check_of_a_stack_is_refused() -> None:
    runs = stack([init_tutorial([2, 2, 1], seed=s) for s in range(2)])
    with pytest.raises(ValueError, match="check_gradients checks one network, got a stack of 2"):
        check_gradients(runs, *XOR)


# --- silently wrong results, now errors or right ------------------------------------------


def test_train_seeds_records_the_seeds_of_a_generator() -> None:
    runs = train_seeds(tutorial_2_2_1, (s for s in [3, 4]), *XOR, epsilon=0.5, sweeps=2)
    assert runs.seeds == [3, 4] and runs.E.shape == (2, 2)


@pytest.mark.parametrize("held_out", [200, 104, 0, -3])
def test_a_held_out_count_outside_1_to_103_is_refused(held_out: int) -> None:
    with pytest.raises(
        ValueError, match=rf"held_out must be a whole number in \[1, 103\], got {held_out}"
    ):
        split_runs([0], held_out=held_out)


def test_networks_with_different_connections_cannot_be_stacked() -> None:
    one, two = network(seed=0), network(seed=1)
    two.connections[0][0, 0] = False
    with pytest.raises(
        ValueError, match="stack needs networks with the same connections: network 1"
    ):
        stack([one, two])


def test_training_on_no_cases_is_refused() -> None:
    with pytest.raises(ValueError, match=r"inputs has no cases \(shape \(0, 2\)\)"):
        train_xor(inputs=np.zeros((0, 2)), d=np.zeros((0, 1)))


def test_train_seeds_on_no_cases_is_refused() -> None:
    with pytest.raises(ValueError, match="inputs has no cases"):
        train_seeds(tutorial_2_2_1, [0], np.zeros((0, 2)), np.zeros((0, 1)), epsilon=0.5, sweeps=2)


def test_the_error_of_a_column_against_a_row_of_targets_is_refused() -> None:
    with pytest.raises(ValueError, match=r"d must be an array .* one row per case, got \(4,\)"):
        error(np.zeros((4, 1)), np.zeros(4))
    with pytest.raises(ValueError, match=r"y has shape \(4, 1\) but d has \(1, 4\)"):
        error(np.zeros((4, 1)), np.zeros((1, 4)))


@pytest.mark.parametrize("target", [5.0, -1.0])
def test_targets_a_logistic_unit_cannot_reach_are_refused(target: float) -> None:
    d = XOR[1].copy()
    d[2, 0] = target
    with pytest.raises(ValueError, match=rf"d must be in \[0, 1\] .* got {target} in it"):
        train_xor(d=d)


@pytest.mark.parametrize("name", ["epsilon", "sweeps"])
def test_a_bool_is_not_a_number_of_sweeps_or_a_learning_rate(name: str) -> None:
    with pytest.raises(ValueError, match=f"{name} must be .* got True"):
        train_xor(**{name: True})


@pytest.mark.parametrize("seed", [None, 2**64, -1, 1.5, True])
def test_init_uniform_refuses_the_seeds_init_tutorial_refuses(seed: object) -> None:
    with pytest.raises(ValueError, match=r"seed must be a whole number in \[0, 2\*\*32\)"):
        init_uniform([2, 2, 1], seed=seed)
    with pytest.raises(ValueError, match=r"seed must be a whole number in \[0, 2\*\*32\)"):
        init_tutorial([2, 2, 1], seed=seed)


def test_a_negative_schedule_length_is_refused() -> None:
    with pytest.raises(ValueError, match="sweeps must be a whole number >= 1, got -5"):
        schedule(-5)


# --- raw NumPy errors from deep inside, now named -----------------------------------------


def test_three_dimensional_inputs_to_a_single_network_are_refused() -> None:
    with pytest.raises(ValueError, match=r"inputs must be a 2-D array \(cases, units\), got shape"):
        train_xor(inputs=np.zeros((2, 4, 2)))


def test_a_stack_of_3_with_cases_for_2_runs_is_refused() -> None:
    runs = stack([init_tutorial([2, 2, 1], seed=s) for s in range(3)])
    inputs, d = np.stack([XOR[0]] * 2), np.stack([XOR[1]] * 2)
    with pytest.raises(ValueError, match="inputs has cases for 2 runs but the stack has 3"):
        train(runs, inputs, d, epsilon=0.5, sweeps=2)


def test_complex_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="inputs must be an array of real numbers, got complex128"):
        train_xor(inputs=XOR[0] + 1j)


def test_integer_weights_are_ordinary_weights() -> None:
    net = Network([np.array([[1, -1], [2, 0]]), np.array([[1], [1]])], biases=False)
    trained, E = train_xor(net)
    assert trained.w[0].dtype == float and np.isfinite(E).all()


@pytest.mark.parametrize(
    ("connections", "message"),
    [
        (
            [np.ones((2, 3), bool)],
            r"connections must be one boolean matrix per weight matrix \(2\)",
        ),
        ([np.ones((2, 3)), np.ones((3, 1), bool)], r"connections\[0\] must be a boolean array"),
        ([np.ones((3, 3), bool), np.ones((3, 1), bool)], r"of shape \(2, 3\), got \(3, 3\)"),
    ],
)
def test_malformed_connections_are_refused(connections: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Network(init_tutorial([2, 3, 1]).w, False, connections)


def test_a_network_without_weights_is_refused() -> None:
    with pytest.raises(
        ValueError, match=r"w must be a list of one or more weight matrices, got \[\]"
    ):
        Network([])


def test_weight_matrices_that_do_not_fit_together_are_refused() -> None:
    with pytest.raises(ValueError, match=r"w\[1\] needs 3 rows"):
        Network([np.zeros((2, 3)), np.zeros((4, 1))], biases=False)


def test_biases_must_be_true_or_false() -> None:
    with pytest.raises(ValueError, match="biases must be True or False, got 'no'"):
        Network(init_tutorial([2, 3, 1]).w, biases="no")
    with pytest.raises(ValueError, match="biases must be True or False, got 'no'"):
        init_tutorial([2, 3, 1], biases="no")


def test_unstacking_a_single_network_is_refused() -> None:
    with pytest.raises(ValueError, match="unstack needs a stack of networks"):
        unstack(init_tutorial([2, 3, 1]))


def test_a_tolerance_that_was_not_recorded_is_named() -> None:
    runs = train_seeds(tutorial_2_2_1, [0], *XOR, epsilon=0.5, sweeps=2)
    with pytest.raises(
        ValueError, match=r"tolerance 0.3 was not recorded; these were: \[0.5, 0.2\]"
    ):
        runs.solve_rate(0.3)


@pytest.mark.parametrize("key", [("Nobody", "aunt"), ("Colin", "cousin"), ("Colin", "wife")])
def test_a_question_without_an_answer_is_refused(key: tuple[str, str]) -> None:
    with pytest.raises(ValueError, match=re.escape(f"no question {key!r} in keys: a question is")):
        encode([key], queries())


def test_a_split_of_no_runs_is_refused() -> None:
    with pytest.raises(ValueError, match="seeds must name at least one run, got none"):
        split_runs([])


def test_a_number_of_sweeps_too_large_for_any_memory_is_refused() -> None:
    with pytest.raises(ValueError, match=r"sweeps=18446744073709551616 needs .* of memory"):
        train_xor(sweeps=2**64)


# --- ordinary inputs, now accepted -----------------------------------------------------


def test_numpy_scalars_are_numbers() -> None:
    _, E = train_xor(decay=np.float32(0.1), epsilon=np.float64(0.5), sweeps=np.int64(2))
    assert E.shape == (2,)


def test_an_array_of_sizes_is_a_list_of_sizes() -> None:
    assert init_tutorial(np.array([2, 4, 1])).sizes == [2, 4, 1]


def test_a_learning_rate_given_as_text_is_refused_as_such() -> None:
    with pytest.raises(
        ValueError, match="epsilon must be a number or one value per sweep, got '0.5'"
    ):
        train_xor(epsilon="0.5")


def test_a_learning_rate_for_a_billion_sweeps_costs_no_memory_up_front() -> None:
    import tracemalloc

    from backprop import _checks as checks

    tracemalloc.start()
    epsilon_at = checks.per_sweep("epsilon", 0.5, 10**9, checks.positive)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert epsilon_at(10**9 - 1) == 0.5 and peak < 100_000  # bytes: no list of 10**9 values


def test_init_uniform_refuses_a_range_too_wide_to_draw_from() -> None:
    from backprop import init_uniform

    with pytest.raises(ValueError, match=r"r must be at most .* got 8\.98846567431158e\+307"):
        init_uniform([2, 1], r=8.98846567431158e307)
