"""Handwritten digits: scikit-learn's 8x8 digits, one fixed split, a 64-H-10 network.

1,797 digits, each scanned to 8x8 pixels with 17 grey levels (0 to 16): the test set of the
UCI repository's optical digits, written by a few people (scikit-learn's description of the
data set, ``load_digits().DESCR``, says who). scikit-learn ships them inside its wheel, so
nothing is downloaded. The package's only dependency is NumPy: scikit-learn comes with the
site's ``docs`` dependency group, and `split` imports it when it is called, not when this
module is imported. The page, its figures and the benchmark all take the data from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from backprop import _checks as checks
from backprop.network import Network, init_uniform

if TYPE_CHECKING:
    from sklearn.neural_network import MLPClassifier

__all__ = ["HELD_OUT", "SPLIT_SEED", "RACE", "split", "network", "accuracy", "peer"]

HELD_OUT = 0.25
"""The share of the digits kept for testing (stratified: the same share of each digit)."""

SPLIT_SEED = 0
"""The ``random_state`` of scikit-learn's ``train_test_split`` that fixes the split."""


RACE = {"epsilon": 0.1, "sweeps": 30, "cases": 10}
"""The race with scikit-learn's network: `backprop.train`'s settings, which `peer` follows
(30 sweeps, a change after every 10 digits, learning rate 0.1: what worked in a few trials).
The digits page, the time it prints and ``benchmarks/digits_race.py`` all read it here."""


def split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The digits, split once: ``(inputs, d, test_inputs, test_d)``.

    Inputs are the 64 pixels scaled to [0, 1] (divided by 16); desired outputs have one
    unit per digit, on (1) for the digit written and off (0) for the other nine. A quarter
    of the digits (`HELD_OUT`) are kept for testing, the same share of each digit
    (stratified), chosen by scikit-learn's ``train_test_split`` with ``random_state``
    `SPLIT_SEED`: the same split on every machine.

    Examples:
        >>> inputs, d, test_inputs, test_d = split()
        >>> inputs.shape, d.shape, test_inputs.shape, test_d.shape
        ((1347, 64), (1347, 10), (450, 64), (450, 10))
        >>> print(test_d.sum(axis=0).astype(int))  # test digits of each kind, 0 to 9
        [45 46 44 46 45 46 45 45 43 45]
    """
    from sklearn.datasets import load_digits  # the docs group's; see the module's docstring
    from sklearn.model_selection import train_test_split

    pixels, labels = load_digits(return_X_y=True)
    d = np.eye(10)[labels]
    inputs, test_inputs, d, test_d = train_test_split(
        pixels / 16.0, d, test_size=HELD_OUT, stratify=labels, random_state=SPLIT_SEED
    )
    return inputs, d, test_inputs, test_d


@checks.takes(seed=checks.ANY, hidden=checks.whole(1, 10_000), r=checks.ANY)  # init_uniform checks
def network(seed: int, hidden: int = 30, r: float = 0.3) -> Network:
    """A 64-``hidden``-10 network with biases, weights uniform in ``[-r, r]``.

    64 input units (one per pixel), ``hidden`` logistic units, 10 output units (one per
    digit); ``r`` = 0.3 is the range of the paper's mirror-symmetry runs.

    Examples:
        >>> net = network(seed=0)
        >>> net.sizes, net.biases, [w.shape for w in net.w]
        ([64, 30, 10], True, [(65, 30), (31, 10)])
    """
    return init_uniform([64, hidden, 10], r=r, seed=seed, biases=True)


@checks.takes(y=checks.UNIT_OUTPUTS, d=(*checks.UNIT_OUTPUTS, checks.LIKE_Y))
def accuracy(y: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The fraction of digits read right, per run: the largest output is the digit's unit.

    Examples:
        >>> d = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
        >>> print(accuracy(np.array([[0.6, 0.3, 0.1], [0.2, 0.7, 0.4]]), d))
        0.5
    """
    return np.mean(y.argmax(axis=-1) == d.argmax(axis=-1), axis=-1)


@checks.takes(
    hidden=checks.whole(1, 10_000), epsilon=checks.POSITIVE, sweeps=checks.whole(1, 100_000),
    cases=checks.whole(1, 100_000), alpha=checks.FRACTION, seed=checks.SEED,
)  # fmt: skip
def peer(
    *, epsilon: float, sweeps: int, cases: int, hidden: int = 30, alpha: float = 0.0, seed: int = 0
) -> MLPClassifier:
    """scikit-learn's ``MLPClassifier``, set as close to `backprop.train`'s settings as it goes.

    The same 64-``hidden``-10 layers with logistic hidden units, plain gradient descent
    (``solver="sgd"``) on ``cases`` cases per change, taken in the order given
    (``shuffle=False``), momentum ``alpha`` as in (9) (``nesterovs_momentum=False``), no
    weight penalty (``alpha=0.0``, scikit-learn's name for it), ``sweeps`` passes and no
    early stop (``tol=0.0``). It differs where it cannot follow: its output layer is a
    softmax with the cross-entropy error, not ten logistic units; its gradient is the
    *mean* over a batch where `train`'s is the sum, so its learning rate is ``epsilon *
    cases``; and it draws its own starting weights (Glorot's uniform range, from ``seed``).
    Returned unfitted: ``peer(...).fit(inputs, labels)`` trains it.

    Examples:
        >>> model = peer(epsilon=0.1, sweeps=30, cases=10)
        >>> model.hidden_layer_sizes, model.batch_size, model.learning_rate_init, model.max_iter
        ((30,), 10, 1.0, 30)
    """
    from sklearn.neural_network import MLPClassifier  # the docs group's, as in `split`

    return MLPClassifier(
        hidden_layer_sizes=(hidden,),
        activation="logistic",
        solver="sgd",
        alpha=0.0,
        batch_size=cases,
        learning_rate="constant",
        learning_rate_init=epsilon * cases,
        momentum=alpha,
        nesterovs_momentum=False,
        shuffle=False,
        max_iter=sweeps,
        tol=0.0,
        n_iter_no_change=sweeps + 1,
        random_state=seed,
    )
