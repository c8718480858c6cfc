"""reorder_loops(kernel, ["j", "i"]): permute a perfect nest of loops (their kinds travel with them).

The named loops must form one perfect nest (each one's body exactly the next) whose extents do not
depend on each other's variables. The permutation is legal when every dependence between
iterations keeps its direction: for each pair of accesses to one buffer (one a write) the possible
distance vectors (analysis/dependence.py) must stay lexicographically positive (or negative) in the
new order. An illegal reorder raises IllegalTransformError naming the buffer and the direction.
"""
from __future__ import annotations

from ..analysis.dependence import dependences, permutation_violation
from ..kernel import Kernel
from ..stmt import Barrier, Loop
from ..visitor import free_vars, walk
from .util import IllegalTransformError, TransformError, find_loop, replace_loop


def _band(k: Kernel, names: list[str]) -> list[Loop]:
    """The loops of the nest, outermost first."""
    heads = [find_loop(k, n) for n in names]
    # the outermost is the one not contained in another
    nested = {n.var.name for h in heads for n in walk(h.body) if isinstance(n, Loop)}
    tops = [h for h in heads if h.var.name not in nested]
    if len(tops) != 1:
        raise TransformError(f"loops {names} are not one nest")
    band, cur = [tops[0]], tops[0]
    while len(band) < len(names):
        nxt = cur.body
        if not (isinstance(nxt, Loop) and nxt.var.name in names):
            raise TransformError(f"loops {names} are not a perfect nest: the body of '{cur.var.name}' is not "
                                 "exactly one of the other loops")
        band.append(nxt)
        cur = nxt
    return band


def check_reorder(k: Kernel, order: list[str]) -> None:
    order = list(order)
    if len(set(order)) != len(order) or len(order) < 1:
        raise TransformError(f"bad loop order {order}")
    band = _band(k, order)
    names = tuple(L.var.name for L in band)
    for L in band:
        dep = free_vars(L.extent) & set(names)
        if dep:
            raise TransformError(f"the extent of '{L.var.name}' depends on {sorted(dep)}: not a rectangular nest")
    body = band[-1].body
    for n in walk(body):
        if isinstance(n, Barrier):
            raise IllegalTransformError(f"cannot reorder loops {list(names)} around a barrier({n.scope})")
    for buf, d in dependences(body, names):
        bad = permutation_violation(d, names, tuple(order))
        if bad is not None:
            vec = ", ".join(f"{v}:{'+' if s > 0 else '-' if s < 0 else '0'}" for v, s in zip(names, bad))
            raise IllegalTransformError(
                f"reordering {list(names)} to {order} would reverse a dependence on buffer '{buf}' "
                f"(distance vector ({', '.join(str(x) for x in d)}), e.g. direction ({vec}))")


def reorder_loops(k: Kernel, order: list[str]) -> Kernel:
    check_reorder(k, order)
    band = _band(k, list(order))
    by_name = {L.var.name: L for L in band}
    inner = band[-1].body
    for name in reversed(list(order)):
        L = by_name[name]
        inner = Loop(L.var, L.extent, inner, L.kind, L.axis)
    return replace_loop(k, band[0].var.name, lambda _: inner)
