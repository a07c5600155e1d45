"""The two family trees of the 1986 paper, and the 104 questions they answer.

Each tree has 12 people in three generations. The Italian tree has exactly the shape of the
English one: person ``k`` of one plays the part of person ``k`` of the other.

English:

```text
    Christopher = Penelope                Andrew = Christine
           |                                     |
     +-----+-----------+                 +-------+--------+
     |                 |                 |                |
  Arthur = Margaret  Victoria = James  Jennifer = Charles
                             |
                      +------+------+
                      |             |
                    Colin       Charlotte
```

Italian: Roberto = Maria, Pierro = Francesca; Emilio = Gina, Lucia = Marco,
Angela = Tomaso; Alfonso and Sophia are the children of Lucia and Marco.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from backprop import _checks as checks
from backprop.network import Network, init_uniform

__all__ = [  # in the order the API reference shows them
    "PEOPLE",
    "RELATIONS",
    "facts",
    "queries",
    "encode",
    "network",
    "schedule",
    "split_runs",
    "accuracy",
]

ENGLISH = [
    "Christopher", "Penelope", "Andrew", "Christine", "Arthur", "Margaret",
    "Victoria", "James", "Jennifer", "Charles", "Colin", "Charlotte",
]  # fmt: skip
ITALIAN = [
    "Roberto", "Maria", "Pierro", "Francesca", "Emilio", "Gina",
    "Lucia", "Marco", "Angela", "Tomaso", "Alfonso", "Sophia",
]  # fmt: skip
PEOPLE = ENGLISH + ITALIAN
"""The 24 people, English then Italian: person ``k`` of each tree plays the same part."""
RELATIONS = [
    "father", "mother", "husband", "wife", "son", "daughter",
    "uncle", "aunt", "brother", "sister", "nephew", "niece",
]  # fmt: skip
"""The 12 relations, in the order of the network's relation units."""

# The shape both trees share, by position in ENGLISH / ITALIAN: who is male, who married
# whom, and whose children are whose.
MALE = {0, 2, 4, 7, 9, 10}
COUPLES = [(0, 1), (2, 3), (4, 5), (7, 6), (9, 8)]  # (husband, wife)
CHILDREN = {(0, 1): [4, 6], (2, 3): [7, 8], (7, 6): [10, 11]}  # (father, mother): children


def _one_tree(names: list[str]) -> set[tuple[str, str, str]]:
    """Every (person-1, relation, person-2) that holds in one tree."""
    male = {names[k] for k in MALE}
    spouse: dict[str, str] = {}
    for h, w in COUPLES:
        spouse[names[h]], spouse[names[w]] = names[w], names[h]
    parents: dict[str, tuple[str, str]] = {}
    for (f, m), kids in CHILDREN.items():
        for k in kids:
            parents[names[k]] = (names[f], names[m])

    def children(p: str) -> list[str]:
        return [c for c, ps in parents.items() if p in ps]

    def siblings(p: str) -> list[str]:
        return [s for s in parents if s != p and p in parents and parents[s] == parents[p]]

    def in_law(p: str) -> list[str]:
        """p, and p's husband or wife."""
        return [p, spouse[p]] if p in spouse else [p]

    def in_law_siblings(p: str) -> list[str]:
        """p's siblings, and p's husband's or wife's siblings."""
        return [s for q in in_law(p) for s in siblings(q)]

    def gendered(people: Iterable[str], man: bool) -> list[str]:
        return [q for q in people if (q in male) == man]

    facts = set()
    for p in names:
        related: dict[str, list[str]] = {
            "husband": gendered([spouse[p]] if p in spouse else [], True),
            "wife": gendered([spouse[p]] if p in spouse else [], False),
            "father": gendered(parents.get(p, ()), True),
            "mother": gendered(parents.get(p, ()), False),
            "son": gendered(children(p), True),
            "daughter": gendered(children(p), False),
            "brother": gendered(siblings(p), True),
            "sister": gendered(siblings(p), False),
        }
        # Aunts and uncles: a parent's siblings, and their husbands and wives.
        aunts_uncles = {q for par in parents.get(p, ()) for s in siblings(par) for q in in_law(s)}
        # Nieces and nephews: the children of one's own and one's spouse's siblings.
        nieces_nephews = {c for s in in_law_siblings(p) for c in children(s)}
        related["uncle"] = gendered(aunts_uncles, True)
        related["aunt"] = gendered(aunts_uncles, False)
        related["nephew"] = gendered(nieces_nephews, True)
        related["niece"] = gendered(nieces_nephews, False)
        facts |= {(p, r, q) for r, qs in related.items() for q in qs}
    return facts


def facts() -> set[tuple[str, str, str]]:
    """Every (person-1, relation, person-2) in both trees: "person-2 is person-1's relation".

    Examples:
        >>> ("Colin", "aunt", "Margaret") in facts(), ("Sophia", "father", "Marco") in facts()
        (True, True)
    """
    return _one_tree(ENGLISH) | _one_tree(ITALIAN)


def queries() -> dict[tuple[str, str], frozenset[str]]:
    """Each (person-1, relation) that has an answer, with every person-2 that fits.

    Examples:
        >>> answers = queries()
        >>> len(answers), sorted(answers["Colin", "uncle"])
        (104, ['Arthur', 'Charles'])
    """
    answers: dict[tuple[str, str], set[str]] = {}
    for p, r, q in sorted(facts()):
        answers.setdefault((p, r), set()).add(q)
    return {key: frozenset(value) for key, value in answers.items()}


@checks.takes(answers=checks.ANSWERS, keys=checks.Each(checks.QUESTION))
def encode(
    keys: Iterable[tuple[str, str]], answers: dict[tuple[str, str], frozenset[str]]
) -> tuple[np.ndarray, np.ndarray]:
    """Questions as network inputs and targets.

    The input is 24 person units then 12 relation units, one of each on; the target has one
    unit per person, on for every right answer.

    Examples:
        >>> inputs, d = encode([("Colin", "uncle")], queries())
        >>> inputs.shape, d.shape, [PEOPLE[k] for k in np.flatnonzero(d[0])]
        ((1, 36), (1, 24), ['Arthur', 'Charles'])
    """
    inputs = np.zeros((len(keys), len(PEOPLE) + len(RELATIONS)))
    d = np.zeros((len(keys), len(PEOPLE)))
    for row, (p, r) in enumerate(keys):
        inputs[row, PEOPLE.index(p)] = 1
        inputs[row, len(PEOPLE) + RELATIONS.index(r)] = 1
        for q in answers[p, r]:
            d[row, PEOPLE.index(q)] = 1
    return inputs, d


@checks.takes(seed=checks.ANY, r=checks.ANY)  # init_uniform checks them
def network(seed: int, r: float = 0.3) -> Network:
    """The paper's network: 24 person units -> 6 and 12 relation units -> 6, both -> 12 -> 6 -> 24.

    It is a layered network of sizes [36, 12, 12, 6, 24] with biases, whose first weight
    matrix connects the person units only to the first 6 units of the next layer and the
    relation units only to the other 6 (``connections``): the two groups are encoded
    separately, then combined. Weights start uniform in ``[-r, r]``, absent ones at 0.

    Examples:
        >>> net = network(seed=0)
        >>> net.sizes, int(net.connections[0].sum()), bool(np.all(net.w[0][:24, 6:] == 0))
        ([36, 12, 12, 6, 24], 228, True)
    """
    net = init_uniform([36, 12, 12, 6, 24], r=r, seed=seed, biases=True)
    first = np.ones(net.w[0].shape, dtype=bool)  # rows: 24 people, 12 relations, bias
    first[:24, 6:] = False  # person units reach only units 0-5
    first[24:36, :6] = False  # relation units reach only units 6-11
    net.w[0] *= first
    return Network(net.w, True, [first] + [np.ones(w.shape, dtype=bool) for w in net.w[1:]])


@checks.takes(sweeps=checks.WHOLE)
def schedule(sweeps: int) -> dict[str, object]:
    """The paper's training schedule, as keyword arguments for `backprop.train`.

    Learning rate 0.005 and momentum 0.5 for the first 20 sweeps, then 0.01 and 0.9.
    (The paper also decays every weight by 0.2% per change: pass ``decay=0.002``.)

    Examples:
        >>> settings = schedule(1500)
        >>> settings["sweeps"], settings["epsilon"][[0, 19, 20]], settings["alpha"][[0, 19, 20]]
        (1500, array([0.005, 0.005, 0.01 ]), array([0.5, 0.5, 0.9]))
    """
    checks.fits_in_memory("sweeps", sweeps, 16 * sweeps, "its schedule")
    t = np.arange(sweeps)
    return {
        "epsilon": np.where(t < 20, 0.005, 0.01),
        "alpha": np.where(t < 20, 0.5, 0.9),
        "sweeps": sweeps,
    }


@checks.takes(held_out=checks.whole(1, len(queries()) - 1), seeds=checks.SEEDS)
def split_runs(
    seeds: Iterable[int], held_out: int = 4
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One random split of the 104 queries per seed: training and held-out cases, stacked.

    Returns ``(train_inputs, train_d, test_inputs, test_d)``, each with a leading run axis,
    ready for a stack of networks with one run per seed.

    Examples:
        >>> train_inputs, train_d, test_inputs, test_d = split_runs([0, 1])
        >>> train_inputs.shape, test_d.shape
        ((2, 100, 36), (2, 4, 24))
    """
    answers = queries()
    keys = sorted(answers)
    parts: list[list[np.ndarray]] = [[], [], [], []]
    for seed in seeds:
        order = np.random.default_rng(seed).permutation(len(keys))
        cut = len(keys) - held_out
        train_inputs, train_d = encode([keys[k] for k in order[:cut]], answers)
        test_inputs, test_d = encode([keys[k] for k in order[cut:]], answers)
        for part, array in zip(parts, (train_inputs, train_d, test_inputs, test_d), strict=True):
            part.append(array)
    train_inputs, train_d, test_inputs, test_d = (np.stack(part) for part in parts)
    return train_inputs, train_d, test_inputs, test_d


@checks.takes(y=checks.UNIT_OUTPUTS, d=(*checks.UNIT_OUTPUTS, checks.LIKE_Y))
def accuracy(y: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The fraction of queries answered right, per run: every output on the correct side of 0.5.

    Examples:
        >>> d = np.array([[[1.0, 0.0], [0.0, 1.0]]])
        >>> accuracy(np.array([[[0.9, 0.2], [0.6, 0.7]]]), d)
        array([0.5])
    """
    return np.mean(np.all((y > 0.5) == (d > 0.5), axis=-1), axis=-1)
