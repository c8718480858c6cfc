"""split_loop(kernel, "i", 4): one loop becomes an outer loop over blocks of `factor` iterations
and an inner loop over the block (``i = i_o * 4 + i_i``). Always legal: the iterations run in the
same order.

The tail (extent not a multiple of the factor) is handled exactly, by a guard
(``tail="guard"``: ``ceildiv(n, 4)`` blocks, ``if (i < n)`` around the body) or by a remainder
loop (``tail="remainder"``: ``n / 4`` full blocks, then ``n % 4`` single iterations with the body
copied under fresh names). A constant extent that the factor divides needs neither.
"""
from __future__ import annotations

from ..expr import Const, Var, lt
from ..kernel import Kernel
from ..stmt import If, Let, Loop, block
from .simplify import simplify_expr
from .util import TransformError, all_names, fresh_name, rename, rename_declared, replace_loop


def split_loop(k: Kernel, loop: str, factor: int, tail: str = "guard", outer: str | None = None,
               inner: str | None = None, inner_kind: str | None = None) -> Kernel:
    if not isinstance(factor, int) or isinstance(factor, bool) or factor < 1:
        raise TransformError(f"split factor must be a positive int, got {factor!r}")
    if tail not in ("guard", "remainder"):
        raise TransformError(f"tail must be 'guard' or 'remainder', not {tail!r}")
    taken = all_names(k)
    if outer is not None and outer in taken or inner is not None and inner in taken:
        raise TransformError(f"loop names {outer!r}/{inner!r} are already used")
    outer = outer or fresh_name(f"{loop}_o", taken)
    inner = inner or fresh_name(f"{loop}_i", taken)
    taken |= {outer, inner}

    def rewrite(L: Loop):
        t = L.var.dtype
        f = Const(factor, t)
        E = L.extent
        vo, vi = Var(outer, t), Var(inner, t)
        exact = isinstance(E, Const) and E.value >= 0 and E.value % factor == 0
        let = Let(L.var, vo * f + vi)
        ikind = inner_kind or L.kind
        if tail == "guard" or exact:
            n_outer = simplify_expr((E + (factor - 1)) / f) if not exact else Const(E.value // factor, t)
            body = block(let, L.body) if exact else block(let, If(lt(L.var, E), L.body))
            return Loop(vo, n_outer, Loop(vi, f, body, ikind), L.kind, L.axis)
        full = simplify_expr(E / f)
        main = Loop(vo, full, Loop(vi, f, block(let, L.body), ikind), L.kind, L.axis)
        # remainder: the body again, with fresh names for everything it declares
        vr = Var(fresh_name(f"{loop}_r", taken), t)
        vnew = Var(fresh_name(L.var.name, taken), t)
        copy = rename_declared(rename(L.body, {L.var.name: vnew.name}), taken)
        rem = Loop(vr, simplify_expr(E % f), block(Let(vnew, simplify_expr(full * f) + vr), copy), L.kind)
        return [main, rem]

    return replace_loop(k, loop, rewrite)
