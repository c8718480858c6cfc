"""fuse_loops(kernel, "i", "j"): a perfect nest ``for i: for j: S`` becomes one loop
``for i_j in range(I * J): let i = i_j / J; let j = i_j % J; S`` (same iteration order, so always
legal). The inner extent must not depend on the outer variable. A non-positive outer extent still
runs nothing (``max(I, 0) * J`` unless I is known to be >= 0).
"""
from __future__ import annotations

from ..analysis.ranges import bounds
from ..expr import Var, maximum
from ..kernel import Kernel
from ..stmt import Let, Loop, block
from ..visitor import free_vars
from .simplify import simplify_expr
from .util import TransformError, all_names, fresh_name, replace_loop


def fuse_loops(k: Kernel, outer: str, inner: str, name: str | None = None) -> Kernel:
    taken = all_names(k)
    if name is not None and name in taken:
        raise TransformError(f"name {name!r} is already used")
    name = name or fresh_name(f"{outer}_{inner}", taken)

    def rewrite(L: Loop):
        I = L.body
        if not (isinstance(I, Loop) and I.var.name == inner):
            raise TransformError(f"loops '{outer}' and '{inner}' are not a perfect nest (the body of "
                                 f"'{outer}' must be exactly the loop over '{inner}')")
        if outer in free_vars(I.extent):
            raise TransformError(f"the extent of '{inner}' depends on '{outer}'")
        if L.var.dtype != I.var.dtype:
            raise TransformError(f"'{outer}' and '{inner}' have different types")
        t = L.var.dtype
        r = bounds(L.extent)
        eo = L.extent if r is not None and r[0] >= 0 else maximum(L.extent, 0)
        v = Var(name, t)
        body = block(Let(L.var, v / I.extent), Let(I.var, v % I.extent), I.body)
        if L.kind == I.kind and L.axis is None and I.axis is None:
            kind = L.kind
        elif L.kind == I.kind == "parallel":
            kind = "parallel"
        else:
            kind = "serial"
        return Loop(v, simplify_expr(eo * I.extent), body, kind)

    return replace_loop(k, outer, rewrite)
