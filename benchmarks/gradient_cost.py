"""Why backprop is fast, timed: all of dE/dw by central differences (2W forward passes)
against one forward and one backward pass, on the tutorial's XOR network and the paper's
family-trees network, in one process (`backprop_docs.timing`, which also times them for
docs/graph.md when the site is built; the page counts the multiply-adds beside them).

Run: ``uv run python benchmarks/gradient_cost.py``. It prints each time ratio's median and
range over the rounds; no target (a ratio of times is this machine's, at this moment).
"""

from __future__ import annotations

from backprop_docs.timing import ROUNDS, gradient_costs


def main() -> None:
    print(f"central differences / backprop, time, {ROUNDS} rounds in one process")
    for name, r in gradient_costs().items():
        print(f"{name:>7}: {r.median:,.0f} times as long [{r.low:,.0f}-{r.high:,.0f}]")


if __name__ == "__main__":
    main()
