"""Many runs at once: a stack of networks trains exactly as each network alone."""

from __future__ import annotations

import numpy as np
import pytest

from backprop import Network, init_tutorial, init_uniform, stack, train, unstack, xor


def test_stacked_initial_weights_are_each_seeds_single_run_weights() -> None:
    runs = stack([init_tutorial([2, 4, 1], seed=s) for s in range(5)])
    for seed, net in enumerate(unstack(runs)):
        for got, want in zip(net.w, init_tutorial([2, 4, 1], seed=seed).w, strict=True):
            np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("alpha", [0.0, 0.9])
@pytest.mark.parametrize("biases", [False, True])
@pytest.mark.parametrize(
    "rule", [{}, {"measure": "cross-entropy"}, {"cases": 1}, {"cases": 3}], ids=str
)
def test_a_batched_run_ends_with_the_same_weights_as_the_single_run(alpha, biases, rule) -> None:
    inputs, d = xor()
    seeds = [0, 7, 42]
    nets = [init_tutorial([2, 3, 2, 1], seed=s, biases=biases) for s in seeds]
    batched, E = train(stack(nets), inputs, d, epsilon=0.5, sweeps=500, alpha=alpha, **rule)
    assert E.shape == (500, 3)
    for r, net in enumerate(nets):
        single, E_single = train(net, inputs, d, epsilon=0.5, sweeps=500, alpha=alpha, **rule)
        np.testing.assert_array_equal(E[:, r], E_single)
        for got, want in zip(unstack(batched)[r].w, single.w, strict=True):
            np.testing.assert_array_equal(got, want)


def test_watch_sees_every_sweeps_outputs_before_the_change() -> None:
    inputs, d = xor()
    seen = []
    train(
        init_uniform([2, 2, 1], seed=1),
        inputs,
        d,
        epsilon=0.5,
        sweeps=4,
        watch=lambda t, ys: seen.append((t, ys[-1].shape)),
    )
    assert seen == [(t, (4, 1)) for t in range(4)]


def test_a_diverging_run_in_a_stack_is_named() -> None:
    inputs, d = np.array([[0.0], [1e10]]), np.array([[0.0], [0.0]])
    runs = stack([Network([np.array([[0.0]])], False), Network([np.array([[0.0]])], False)])
    runs.w[0][0] = 1.0  # run 0 starts elsewhere; both overflow at the first change
    with pytest.warns(RuntimeWarning), pytest.raises(FloatingPointError, match=r"in runs \[1\]"):
        train(runs, inputs, d, epsilon=1e308, sweeps=3)


def test_printing_progress_of_a_stack_is_refused() -> None:
    inputs, d = xor()
    runs = stack([init_tutorial([2, 2, 1], seed=s) for s in range(2)])
    with pytest.raises(ValueError, match="print_every is for a single network"):
        train(runs, inputs, d, epsilon=0.5, sweeps=2, print_every=1)


def test_networks_of_different_shapes_cannot_be_stacked() -> None:
    with pytest.raises(ValueError, match="stack needs one or more networks of one shape"):
        stack([init_tutorial([2, 2, 1]), init_tutorial([2, 3, 1])])
