"""The paper's data sets: mirror symmetry and the two family trees, checked for consistency."""

from __future__ import annotations

import numpy as np
import pytest

from backprop import backward, forward, init_uniform, train
from backprop.family import ENGLISH, ITALIAN, PEOPLE, encode, facts, network, queries
from backprop.mirror import cases as mirror_symmetry

INVERSE = {
    "father": {"son", "daughter"},
    "mother": {"son", "daughter"},
    "son": {"father", "mother"},
    "daughter": {"father", "mother"},
    "husband": {"wife"},
    "wife": {"husband"},
    "brother": {"brother", "sister"},
    "sister": {"brother", "sister"},
    "uncle": {"nephew", "niece"},
    "aunt": {"nephew", "niece"},
    "nephew": {"uncle", "aunt"},
    "niece": {"uncle", "aunt"},
}
MALE_RELATIONS = {"father", "husband", "son", "brother", "uncle", "nephew"}


def test_mirror_symmetry_has_all_64_inputs_once_and_8_symmetric() -> None:
    inputs, d = mirror_symmetry()
    assert len({tuple(row) for row in inputs}) == 64
    assert int(d.sum()) == 8
    for row, target in zip(inputs, d[:, 0], strict=True):
        assert target == float(list(row) == list(row[::-1]))


def test_mirror_symmetry_refuses_a_bad_width() -> None:
    with pytest.raises(ValueError, match=r"bits must be a whole number in \[1, 20\], got 0"):
        mirror_symmetry(0)


def test_there_are_104_questions_and_112_facts() -> None:
    assert len(queries()) == 104
    assert len(facts()) == 112


@pytest.mark.parametrize("relation", sorted(INVERSE))
def test_every_fact_has_its_inverse_the_other_way(relation: str) -> None:
    all_facts = facts()
    for p, r, q in all_facts:
        if r == relation:
            assert any((q, inverse, p) in all_facts for inverse in INVERSE[r]), (p, r, q)


def test_gendered_relations_name_people_of_that_gender() -> None:
    men = {"Christopher", "Andrew", "Arthur", "James", "Charles", "Colin"}
    men |= {"Roberto", "Pierro", "Emilio", "Marco", "Tomaso", "Alfonso"}
    for _, r, q in facts():
        assert (q in men) == (r in MALE_RELATIONS), (r, q)


def test_the_italian_tree_is_the_english_tree_renamed() -> None:
    rename = dict(zip(ENGLISH, ITALIAN, strict=True))
    english = {f for f in facts() if f[0] in rename}
    italian = {f for f in facts() if f[0] not in rename}
    assert {(rename[p], r, rename[q]) for p, r, q in english} == italian


def test_nobody_is_related_to_themselves_or_across_the_trees() -> None:
    for p, _, q in facts():
        assert p != q
        assert (p in ENGLISH) == (q in ENGLISH)


def test_encoding_turns_on_one_person_one_relation_and_every_answer() -> None:
    answers = queries()
    inputs, d = encode(sorted(answers), answers)
    assert inputs.shape == (104, 36) and d.shape == (104, 24)
    assert np.all(inputs[:, :24].sum(axis=1) == 1) and np.all(inputs[:, 24:].sum(axis=1) == 1)
    assert int(d.sum()) == 112
    assert PEOPLE == ENGLISH + ITALIAN


def test_the_family_network_keeps_its_two_input_groups_apart_through_training() -> None:
    answers = queries()
    inputs, d = encode(sorted(answers), answers)
    net = network(seed=1)
    trained, _ = train(net, inputs, d, epsilon=0.01, alpha=0.9, sweeps=50)
    absent = ~net.connections[0]
    assert np.all(trained.w[0][absent] == 0)
    assert np.any(trained.w[0][~absent] != net.w[0][~absent])


def test_decay_shrinks_every_weight_by_its_fraction_after_the_change() -> None:
    inputs, d = mirror_symmetry()
    net = init_uniform([6, 2, 1], seed=3)
    plain, _ = train(net, inputs, d, epsilon=0.1, sweeps=1)
    decayed, _ = train(net, inputs, d, epsilon=0.1, sweeps=1, decay=0.002)
    for a, b in zip(plain.w, decayed.w, strict=True):
        np.testing.assert_allclose(b, a * 0.998, rtol=1e-15)


def test_a_per_sweep_schedule_equals_training_in_two_legs_without_momentum() -> None:
    inputs, d = mirror_symmetry()
    net = init_uniform([6, 2, 1], seed=3)
    schedule = np.r_[np.full(5, 0.05), np.full(5, 0.2)]
    once, _ = train(net, inputs, d, epsilon=schedule, sweeps=10)
    first, _ = train(net, inputs, d, epsilon=0.05, sweeps=5)
    second, _ = train(first, inputs, d, epsilon=0.2, sweeps=5)
    for a, b in zip(once.w, second.w, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_momentum_carries_across_a_change_of_schedule() -> None:
    inputs, d = mirror_symmetry()
    net = init_uniform([6, 2, 1], seed=3)
    scheduled, _ = train(net, inputs, d, epsilon=0.1, alpha=[0.5, 0.5, 0.5, 0.9], sweeps=4)
    w2, _ = train(net, inputs, d, epsilon=0.1, alpha=0.5, sweeps=2)
    w3, _ = train(net, inputs, d, epsilon=0.1, alpha=0.5, sweeps=3)
    g = backward(w3, forward(w3, inputs), d)
    for got, a, b, g_l in zip(scheduled.w, w3.w, w2.w, g, strict=True):
        np.testing.assert_allclose(got, a - 0.1 * g_l + 0.9 * (a - b), rtol=1e-12)  # eq. (9)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epsilon": [0.1, 0.1]}, r"epsilon must be a number or one value per sweep \(3\)"),
        ({"epsilon": [0.1, -0.1, 0.1]}, "epsilon must be a finite number > 0, got -0.1"),
        ({"alpha": [0.5, 1.0, 0.5]}, r"alpha \(momentum\) must be in \[0, 1\), got 1.0"),
        ({"decay": 1.0}, r"decay must be in \[0, 1\), got 1.0"),
        ({"decay": -0.1}, r"decay must be in \[0, 1\), got -0.1"),
    ],
)
def test_bad_schedules_are_refused_by_name(kwargs, message) -> None:
    inputs, d = mirror_symmetry()
    settings = {"epsilon": 0.1, "sweeps": 3} | kwargs
    with pytest.raises(ValueError, match=message):
        train(init_uniform([6, 2, 1]), inputs, d, **settings)
