"""Reverse-mode differentiation over a computational graph: the 1986 equations as one
algorithm, the one every framework runs when you call ``loss.backward()``.

The forward pass is written as a graph: every array it computes is a `Node`, which keeps
its value, the nodes it was computed from (its *parents*), and for each parent a *local
gradient*: how a derivative of ``E`` with respect to this node becomes that parent's share.
`gradients` then walks the graph once, from ``E`` back to the weights, in reverse
topological order, handing each node's derivative to its parents and adding up what each
parent receives: the chain rule, applied to every path at once.

Nothing here knows about layers. Yet the local gradient of the logistic function is
equation (5), the two sides of a matrix product are (6) and (7), and the square in ``E``
gives (4): the paper's backward pass is this algorithm run on a layered network's graph.
Each of those lines carries the equation's number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from backprop import _checks as checks
from backprop.network import _T, Network, _with_bias, sigmoid

__all__ = ["Node", "leaf", "matmul", "logistic", "with_ones", "subtract", "square", "total",
           "half", "graph", "topological", "gradients", "backward_by_graph"]  # fmt: skip


@dataclass(eq=False)  # a node is itself, whatever its value: the graph's nodes are identities
class Node:
    """One array of the forward pass and how it was made.

    Attributes:
        value: The array.
        op: What made it: ``"input"``, ``"weights"``, ``"targets"`` for a leaf, else the
            operation (``"@"``, ``"σ"``, ``"−"``, ``"square"``...).
        parents: The nodes it was computed from.
        local: One function per parent: ``dE/d(this node)`` in, that parent's share of
            ``dE/d(parent)`` out.
        name: A label for pictures (``"w[0]"``, ``"E"``...).
    """

    value: np.ndarray
    op: str
    parents: tuple[Node, ...] = ()
    local: tuple[Callable[[np.ndarray], np.ndarray], ...] = ()
    name: str = ""


NODE = checks.Rule(
    lambda v, _: isinstance(v, Node),
    "{name} must be a Node (a leaf, or made by an operation), got {type}",
)
TEXT = checks.Rule(lambda v, _: isinstance(v, str), "{name} must be text, got {shown}")


@checks.takes(value=checks.REAL_ARRAY, op=TEXT, name=TEXT)
def leaf(value: np.ndarray, op: str, name: str) -> Node:
    """A node computed from nothing: the inputs, a weight matrix, the targets."""
    return Node(np.asarray(value, dtype=float), op, name=name)


@checks.takes(y_i=NODE, w=NODE)
def matmul(y_i: Node, w: Node) -> Node:
    """``y_i @ w``: a layer's total inputs ``x`` (1), from the outputs below and the weights."""

    def dE_dy_i(dE_dx: np.ndarray) -> np.ndarray:
        return dE_dx @ _T(w.value)  # (7)

    def dE_dw(dE_dx: np.ndarray) -> np.ndarray:
        return _T(y_i.value) @ dE_dx  # (6)

    return Node(y_i.value @ w.value, "@", (y_i, w), (dE_dy_i, dE_dw))


@checks.takes(x=NODE)
def logistic(x: Node) -> Node:
    """The logistic function (2), elementwise; its slope is ``y (1 - y)``."""
    y = sigmoid(x.value)

    def dE_dx(dE_dy: np.ndarray) -> np.ndarray:
        return dE_dy * y * (1 - y)  # (5)

    return Node(y, "σ", (x,), (dE_dx,))


@checks.takes(y=NODE)
def with_ones(y: Node) -> Node:
    """``y`` with a column of ones beside it: the always-on unit. Nothing flows back to it."""

    def dE_dy(dE_dy_and_bias: np.ndarray) -> np.ndarray:
        return dE_dy_and_bias[..., :-1]

    return Node(_with_bias(y.value, True), "+1", (y,), (dE_dy,))


@checks.takes(y=NODE, d=NODE)
def subtract(y: Node, d: Node) -> Node:
    """``y - d``: ``y``'s share is the derivative itself, ``d``'s its negative."""
    return Node(y.value - d.value, "−", (y, d), (lambda g: g, lambda g: -g))


@checks.takes(e=NODE)
def square(e: Node) -> Node:
    """``e ** 2``, elementwise; with the ½ of (3), its slope ``2 e`` gives (4)'s ``y - d``."""

    def dE_de(dE_dsquare: np.ndarray) -> np.ndarray:
        return dE_dsquare * 2 * e.value  # (4)

    return Node(e.value**2, "square", (e,), (dE_de,))


@checks.takes(a=NODE)
def total(a: Node) -> Node:
    """The sum of every entry: each entry's share is the whole derivative."""
    return Node(a.value.sum(), "sum", (a,), (lambda g: g * np.ones_like(a.value),))


@checks.takes(a=NODE)
def half(a: Node) -> Node:
    """``a / 2``, the ½ of (3)."""
    return Node(0.5 * a.value, "half", (a,), (lambda g: g * 0.5,))


@checks.takes(net=checks.Net(single="graph"), inputs=checks.CASES, d=checks.TARGETS)
def graph(net: Network, inputs: np.ndarray, d: np.ndarray) -> tuple[Node, list[Node]]:
    """The forward pass and ``E`` (3) as a graph: the node ``E``, and the weights' nodes.

    Examples:
        >>> from backprop import init_tutorial, xor
        >>> E, w = graph(init_tutorial([2, 4, 1]), *xor())
        >>> print(E.op, round(float(E.value), 4), [n.value.shape for n in w])
        half 0.5114 [(2, 4), (4, 1)]
    """
    y = leaf(inputs, "input", "inputs")
    weights = [leaf(w, "weights", f"w[{layer}]") for layer, w in enumerate(net.w)]
    for w in weights:
        x = matmul(with_ones(y) if net.biases else y, w)
        y = logistic(x)
        x.name, y.name = "x", "y"
    E = half(total(square(subtract(y, leaf(d, "targets", "d")))))
    E.name = "E"
    return E, weights


@checks.takes(E=NODE)
def topological(E: Node) -> list[Node]:
    """Every node ``E`` depends on, each after all of its parents (depth first)."""
    order: list[Node] = []
    seen: set[int] = set()

    def visit(node: Node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        for parent in node.parents:
            visit(parent)
        order.append(node)

    visit(E)
    return order


@checks.takes(E=NODE)
def gradients(E: Node) -> dict[int, np.ndarray]:
    """``dE/d(node)`` for every node ``E`` depends on, by ``id(node)``: reverse mode.

    From ``dE/dE = 1``, each node in reverse topological order hands its derivative to its
    parents through their local gradients; a parent reached by several paths adds up its
    shares. Every node is visited once, and its derivative is complete when it is: all the
    nodes computed from it come later in the order, so they have already handed theirs over.
    """
    dE = {id(E): np.ones_like(E.value)}
    for node in reversed(topological(E)):
        for parent, local in zip(node.parents, node.local, strict=True):
            share = local(dE[id(node)])
            dE[id(parent)] = dE[id(parent)] + share if id(parent) in dE else share
    return dE


@checks.takes(net=checks.Net(single="backward_by_graph"), inputs=checks.CASES, d=checks.TARGETS)
def backward_by_graph(net: Network, inputs: np.ndarray, d: np.ndarray) -> list[np.ndarray]:
    """``dE_dw`` for every weight matrix, by reverse mode over `graph`: what `backward`
    computes, by the general algorithm instead of the layered equations.

    Examples:
        >>> from backprop import backward, forward, init_tutorial, xor
        >>> net, (inputs, d) = init_tutorial([2, 4, 1]), xor()
        >>> by_graph = backward_by_graph(net, inputs, d)
        >>> by_layers = backward(net, forward(net, inputs), d)
        >>> print(all(np.array_equal(a, b) for a, b in zip(by_graph, by_layers)))
        True
    """
    E, weights = graph(net, inputs, d)
    dE = gradients(E)
    return [dE[id(w)] for w in weights]
