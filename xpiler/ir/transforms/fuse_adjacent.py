"""fuse_adjacent_loops(kernel, "i", "j"): two loops that follow each other in one block and have the
same extent become one (``for i: S1; for j: S2`` -> ``for i: S1; S2[j := i]``).

Legal only if no element touched by S1 in iteration i is touched (one of the two accesses a write)
by S2 in an earlier iteration i' < i, since S2(i') then would run before S1(i) instead of after
it; analysis/dependence.py decides, and an illegal fusion raises IllegalTransformError naming the
buffer. The fused loop is parallel only if both were and no dependence crosses iterations.
"""
from __future__ import annotations

from ..analysis.dependence import dependences
from ..kernel import Kernel
from ..stmt import Block, Loop, block
from ..visitor import Mutator
from .simplify import simplify_expr
from .util import IllegalTransformError, TransformError, rename


def fusion_violations(first: Loop, second: Loop) -> list[tuple[str, tuple]]:
    body2 = rename(second.body, {second.var.name: first.var.name})
    deps = dependences(first.body, (first.var.name,), body2)
    return [(b, d) for b, d in deps if d[0] == "*" or d[0] < 0]


def fuse_adjacent_loops(k: Kernel, first: str, second: str) -> Kernel:
    found = []

    class _Fuse(Mutator):
        def visit_Block(self, b: Block):
            b = self.generic_visit(b)
            stmts = list(b.stmts)
            for i in range(len(stmts) - 1):
                x, y = stmts[i], stmts[i + 1]
                if isinstance(x, Loop) and isinstance(y, Loop) and x.var.name == first and y.var.name == second:
                    found.append(1)
                    stmts[i:i + 2] = [_fuse(x, y)]
                    return Block(tuple(stmts))
            return b

    body = _Fuse().visit(k.body if isinstance(k.body, Block) else Block((k.body,)))
    if not found:
        raise TransformError(f"loops '{first}' and '{second}' are not adjacent in one block")
    return k.with_body(body)


def _fuse(x: Loop, y: Loop) -> Loop:
    if x.var.dtype != y.var.dtype or simplify_expr(x.extent) != simplify_expr(y.extent):
        raise TransformError(f"loops '{x.var.name}' and '{y.var.name}' have different extents")
    bad = fusion_violations(x, y)
    if bad:
        buf, d = bad[0]
        raise IllegalTransformError(
            f"fusing '{x.var.name}' and '{y.var.name}' would reverse a dependence on buffer '{buf}' "
            f"(the second loop touches in an earlier iteration, distance {d[0]}, what the first writes or reads)")
    body2 = rename(y.body, {y.var.name: x.var.name})
    kind, axis = "serial", None
    if x.kind == y.kind and x.axis == y.axis:
        kind, axis = x.kind, x.axis
        if kind in ("parallel", "vectorized"):
            carried = dependences(block(x.body, body2), (x.var.name,))
            if carried:
                kind, axis = "serial", None
    return Loop(x.var, x.extent, block(x.body, body2), kind, axis)
