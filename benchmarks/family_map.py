"""Family trees: which reading of the paper's settings reproduces its result? (issue 19)

The paper reports that after 1,500 sweeps (learning rate 0.005 then 0.01, momentum 0.5 then
0.9, weight decay 0.2%, initial weights in [-0.3, 0.3], error zero beyond 0.2 / 0.8) the
network answers all 4 held-out questions right. With that reading the family-trees page
finds nothing learned. This map crosses the plausible readings, 20 runs each (each its own
split of the 104 questions and its own start), with the batched engine:

- margin: the error of an output beyond 0.2 / 0.8 is zero (train(margin=0.2)), or not;
- rate: the learning rate per sweep as written, or per case (times the 100 training cases,
  as if the paper changed the weights after every case);
- r: initial weights uniform in [-r, r], r = 0.3, 0.5 or 1;
- decay: none, 0.2% per sweep, or 0.2% per case (1 - 0.998**100 per sweep);
- hidden biases: on, or off (the hidden layers' bias weights start at 0 and never change);
- sweeps: 1,500, 3,000 or 10,000.

Run: ``uv run python benchmarks/family_map.py [OUT.json]`` (about 40 minutes on one core);
it prints one line per setting as it goes and writes every result to OUT.json.

``--online`` maps one more reading instead: the weights changed after every case (online
learning, 100 changes per sweep, in each run's own order of its cases) rather than once
per sweep, with the paper's rates and momenta per change, for 1,500 sweeps: the margin on
or off, r = 0.3, 0.5 or 1, and the decay none or 0.2% per change (about 10 minutes).
This is ``train(..., cases=1)``, train's per-case rule.
"""

from __future__ import annotations

import itertools
import json
import sys
import time

import numpy as np

from backprop import Network, forward, stack, train
from backprop.family import accuracy, network, schedule, split_runs

SEEDS = range(20)
CASES = 100  # training cases per run (104 questions, 4 held out)


def start(r: float, hidden_biases: bool) -> Network:
    nets = [network(seed=s, r=r) for s in SEEDS]
    net = stack(nets)
    connections = [c.copy() for c in nets[0].connections]
    if not hidden_biases:  # the bias rows into the hidden layers: 0, and never changed
        for layer in range(len(net.w) - 1):
            net.w[layer][:, -1, :] = 0.0
            connections[layer][-1, :] = False
    return Network(net.w, True, connections)


def run(setting: dict, split: tuple) -> dict:
    train_inputs, train_d, test_inputs, test_d = split
    settings = schedule(setting["sweeps"])
    if setting["rate"] == "per case":
        settings["epsilon"] = settings["epsilon"] * CASES
    decay = {"none": 0.0, "per sweep": 0.002, "per case": 1 - 0.998**CASES}[setting["decay"]]
    margin = 0.2 if setting["margin"] else 0.0
    try:
        net, _ = train(start(setting["r"], setting["hidden_biases"]), train_inputs, train_d,
                       decay=decay, margin=margin, **settings)  # fmt: skip
    except FloatingPointError:
        return {"diverged": True}
    return scores(net, split)


def scores(net: Network, split: tuple) -> dict:
    """Training and held-out accuracy over the runs: mean, spread, runs with all 4 right."""
    train_inputs, train_d, test_inputs, test_d = split
    if not all(np.isfinite(w).all() for w in net.w):  # online training checks no E
        return {"diverged": True}
    trained = accuracy(forward(net, train_inputs)[-1], train_d)
    held_out = accuracy(forward(net, test_inputs)[-1], test_d)
    return {
        "diverged": False,
        "train_mean": float(trained.mean()), "train_std": float(trained.std()),
        "held_out_mean": float(held_out.mean()), "held_out_std": float(held_out.std()),
        "all_4_held_out": float(np.mean(held_out == 1.0)),
    }  # fmt: skip


def report(setting: dict, result: dict, results: list[dict], out: str, begin: float) -> None:
    """One line for a setting as it is done; every result so far to OUT.json."""
    results.append(setting | result)
    shown = "diverged" if result["diverged"] else (
        f"train {result['train_mean']:.0%} ±{result['train_std']:.0%}, held out "
        f"{result['held_out_mean']:.0%} ±{result['held_out_std']:.0%}, all 4 right in "
        f"{result['all_4_held_out']:.0%}")  # fmt: skip
    print(f"{setting}: {shown} ({time.perf_counter() - begin:.0f} s)", flush=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)


def train_online(
    start: Network, inputs: np.ndarray, d: np.ndarray, sweeps: int, decay: float, margin: float
) -> Network:
    """The paper's schedule with a change of the weights after every case, not every sweep:
    train's per-case rule, ``cases=1``."""
    net, _ = train(start, inputs, d, cases=1, decay=decay, margin=margin, **schedule(sweeps))
    return net


def main_online(out: str) -> None:
    split = split_runs(SEEDS)
    train_inputs, train_d, _, _ = split
    results, begin = [], time.perf_counter()
    for margin, r, decay in itertools.product([False, True], [0.3, 0.5, 1.0], [0.0, 0.002]):
        net = train_online(start(r, True), train_inputs, train_d, 1500, decay, 0.2 * margin)
        setting = {"online": True, "margin": margin, "r": r, "decay per change": decay,
                   "sweeps": 1500}  # fmt: skip
        report(setting, scores(net, split), results, out, begin)


def main(out: str) -> None:
    split = split_runs(SEEDS)
    results = []
    axes = {
        "margin": [False, True],
        "rate": ["per sweep", "per case"],
        "r": [0.3, 0.5, 1.0],
        "decay": ["none", "per sweep", "per case"],
        "hidden_biases": [True, False],
        "sweeps": [1500, 3000, 10_000],
    }
    begin = time.perf_counter()
    for values in itertools.product(*axes.values()):
        setting = dict(zip(axes, values, strict=True))
        report(setting, run(setting, split), results, out, begin)


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--online"]
    if "--online" in sys.argv[1:]:
        main_online(arguments[0] if arguments else "family_map_online.json")
    else:
        main(arguments[0] if arguments else "family_map.json")
