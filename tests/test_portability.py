"""The pages print the same on every machine: exact numbers are far from a rounding
boundary, and every tolerance covers last-bit differences.

Other CPUs and NumPy versions round the last bit differently (``.ci/run`` runs the pages
under other CPU personalities and NumPy 1.26 to see it happen). Here the pages whose code
is quick run again with last-bit noise in every sigmoid output, as another machine's
kernels would make it (``benchmarks/doctests.py`` does the same for every page, many times).
"""

from __future__ import annotations

import pytest
from backprop_docs import doctests
from backprop_docs.testing import ROOT

import backprop.network

QUICK_PAGES = ["xor.md", "derivation.md", "gradients.md", "verified.md"]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("page", QUICK_PAGES)
def test_the_page_prints_the_same_with_last_bit_noise_in_every_sigmoid(
    page: str, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backprop.network, "sigmoid", doctests.noisy(seed))
    for example in doctests.markdown_sybil().parse(ROOT / "docs" / page):
        example.evaluate()


def test_the_noise_really_changes_the_last_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    x = np.linspace(-3, 3, 1001)
    clean = backprop.network.sigmoid(x)
    noisy = doctests.noisy(1)(x)
    changed = noisy != clean
    assert 0.3 < changed.mean() < 0.9  # about two in three outputs move
    assert np.all(np.abs(noisy - clean) <= np.spacing(clean))  # by one unit in the last place
