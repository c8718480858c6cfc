"""unroll_loop(kernel, "i"): replace a loop of constant extent by copies of its body, one per
iteration, with the variable replaced by its value (copies declare fresh names).
``factor=f`` first splits by f (guard tail) and unrolls the inner loop.
"""
from __future__ import annotations

from ..expr import Const
from ..kernel import Kernel
from ..stmt import Block, Loop
from ..visitor import substitute
from .simplify import simplify_expr
from .split import split_loop
from .util import TransformError, all_names, find_loop, rename_declared, replace_loop

MAX_UNROLL = 1024


def unroll_loop(k: Kernel, loop: str, factor: int | None = None, max_extent: int = MAX_UNROLL) -> Kernel:
    if factor is not None:
        inner = f"{loop}_u"
        taken = all_names(k)
        n = 0
        while inner in taken:
            n += 1
            inner = f"{loop}_u{n}"
        k = split_loop(k, loop, factor, outer=None, inner=inner)
        loop = inner
    L = find_loop(k, loop)
    ext = simplify_expr(L.extent)
    if not isinstance(ext, Const):
        raise TransformError(f"loop '{loop}' has no constant extent ({ext}); use factor=...")
    if ext.value > max_extent:
        raise TransformError(f"loop '{loop}' has {ext.value} iterations, more than max_extent={max_extent}")
    taken = all_names(k)

    def rewrite(L: Loop):
        copies = []
        for v in range(max(int(ext.value), 0)):
            body = substitute(L.body, {L.var.name: Const(v, L.var.dtype)})
            copies.append(body if v == 0 else rename_declared(body, taken))
        return Block(tuple(copies))

    return replace_loop(k, loop, rewrite)
