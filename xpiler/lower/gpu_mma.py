"""tensorize_mma: tile products computed by one lane of a group become one matrix instruction.

The lifted form of a WMMA / MFMA collective (one lane of each group of 32 or 64 threads computes a
16x16x16 half-precision tile product with float accumulation) becomes IntrinsicCall MMA, which the
GPU printer writes as WMMA on CUDA and MFMA on HIP.
"""
from __future__ import annotations

import dataclasses

from ..ir.analysis.affine import to_poly
from ..ir.buffer import Buffer
from ..ir.expr import Address, Binary, Cast, Const, Expr, Load, Var, cast
from ..ir.kernel import Kernel
from ..ir.passes import register_pass
from ..ir.stmt import Alloc, If, IntrinsicCall, Let, Loop, Stmt, Store, While, block
from ..ir.transforms.util import all_names, fresh_name
from ..ir.visitor import free_vars, substitute, walk
from .gpu import (MMA, _StripIntCasts, _as, _const, _flat, _is_thread_loop, _map_block_context, _pure, get_attr,
                  with_attrs)


def _norm_index(e: Expr) -> Expr:
    return _as(_StripIntCasts().visit(e), "int64")


def _affine_tile(e: Expr, rows: Var, cols: Var, others: tuple):
    """(base, row stride, column stride) when `e` = base + rows * rs + cols * cs with constant
    strides and a base free of the tile variables, else None."""
    try:
        p = to_poly(_norm_index(e))
    except Exception:
        return None
    tile = {rows.name, cols.name} | {v.name for v in others}
    rs = cs = 0
    rest = {}
    for m, c in p.terms:
        c = p.signed(c)
        names = set()
        for a in m:
            names |= free_vars(a)
        if len(m) == 1 and isinstance(m[0], Var) and m[0].name == rows.name:
            rs = c
        elif len(m) == 1 and isinstance(m[0], Var) and m[0].name == cols.name:
            cs = c
        elif names & tile:
            return None
        else:
            rest[m] = c
    zero = {v.name: Const(0, v.dtype) for v in (rows, cols) + tuple(others)}
    base = cast("int64", substitute(e, zero))
    return base, rs, cs


def _match_mma_nest(stmts: list[Stmt], lets: dict):
    """A 16x16x16 tile product C[i][j] += (float)A[i][k] * (float)B[k][j] (float16 A and B,
    float32 C, 1-d buffers): the tiles as (buffer, base, stride, stride) triples."""
    if len(stmts) != 1 or not isinstance(stmts[0], Loop) or _const(stmts[0].extent) != 16:
        return None
    L1 = stmts[0]
    inner = _flat(L1.body)
    if len(inner) != 1 or not isinstance(inner[0], Loop) or _const(inner[0].extent) != 16:
        return None
    L2 = inner[0]
    body = [x for x in _flat(L2.body) if not isinstance(x, Alloc)]
    acc_names = {x.buffer.name for x in _flat(L2.body) if isinstance(x, Alloc)}
    kloop = None
    if len(body) == 3 and isinstance(body[0], Store) and isinstance(body[1], Loop) and isinstance(body[2], Store):
        init, kloop, fin = body
        if init.buffer.name not in acc_names or not isinstance(init.value, Load):
            return None
        cl = init.value
        if not (isinstance(fin.value, Load) and fin.value.buffer.name == init.buffer.name
                and fin.buffer.name == cl.buffer.name and fin.indices == cl.indices):
            return None
        acc_loc = (init.buffer.name, init.indices)
    elif len(body) == 1 and isinstance(body[0], Loop):
        kloop = body[0]
        cl = None
        acc_loc = None
    else:
        return None
    if _const(kloop.extent) != 16:
        return None
    kb = _flat(kloop.body)
    if len(kb) != 1 or not isinstance(kb[0], Store):
        return None
    st = kb[0]
    v = st.value
    if not (isinstance(v, Binary) and v.op == "+"):
        return None
    acc = Load(st.buffer, st.indices)
    prod = v.b if v.a == acc else (v.a if v.b == acc else None)
    if prod is None or not (isinstance(prod, Binary) and prod.op == "*") or st.buffer.dtype != "float32":
        return None
    if acc_loc is not None:
        if (st.buffer.name, st.indices) != acc_loc:
            return None
    else:
        cl = acc
    ops = []
    for x in (prod.a, prod.b):
        if isinstance(x, Cast) and x.dtype == "float32" and isinstance(x.value, Load) and x.value.dtype == "float16":
            ops.append(x.value)
        else:
            return None
    i, j, k = L1.var, L2.var, kloop.var
    inl = lambda e: substitute(e, lets)
    for la, lb in ((ops[0], ops[1]), (ops[1], ops[0])):
        if any(len(x.indices) != 1 for x in (la, lb, cl)) or cl.buffer.dtype != "float32":
            return None
        a = _affine_tile(inl(la.indices[0]), i, k, (j,))
        b = _affine_tile(inl(lb.indices[0]), k, j, (i,))
        c = _affine_tile(inl(cl.indices[0]), i, j, (k,))
        if a and b and c and all(x[1] or x[2] for x in (a, b, c)):
            return (la.buffer, a), (lb.buffer, b), (cl.buffer, c)
    return None


def _lane_group(cond: Expr, f: Var, E: int) -> int | None:
    """g when `cond` (a function of the thread index f only) holds exactly for f % g == 0."""
    from ..ir.evaluate import evaluate
    if free_vars(cond) - {f.name} or not _pure(cond):
        return None
    try:
        vals = [bool(evaluate(cond, {f.name: x})) for x in range(E)]
    except Exception:
        return None
    for g in (32, 64):
        if E % g == 0 and all(v == (x % g == 0) for x, v in enumerate(vals)):
            return g
    return None


@register_pass("tensorize_mma")
def tensorize_mma(program: Kernel, wave: int = 32, staging: bool = False) -> Kernel:
    """A thread loop in which one lane of each group of 32 (or 64) threads computes a 16x16x16
    half-precision tile product with float accumulation becomes one matrix instruction per group
    (IntrinsicCall MMA, printed as WMMA on CUDA and MFMA on HIP); `wave` is the target's SIMD width,
    which the thread loop must fill; `staging` adds a shared buffer of one A, B and C tile per warp
    (WMMA loads from aligned tiles with a fixed leading dimension). Other guards around the product
    are evaluated at the group's leading lane (the only lane that ran the product before)."""
    mode = get_attr(program, "gpu_mode")
    if mode not in ("grid", "single"):
        return program
    T = get_attr(program, "gpu_block")
    taken = all_names(program)
    count = [0]

    stage = []

    def rewrite(L: Loop):
        E = _const(L.extent)
        if E is None or E > T or E % wave or E % 32:
            return None
        lets, conds = {}, []
        items = _flat(L.body)
        while True:
            if not items or not all(isinstance(x, Let) and _pure(x.value) for x in items[:-1]):
                return None
            for x in items[:-1]:
                lets[x.var.name] = substitute(x.value, lets)
            last = items[-1]
            if isinstance(last, If) and last.otherwise is None:
                conds.append(substitute(last.cond, lets))
                items = _flat(last.then)
                continue
            if isinstance(last, Let):
                lets[last.var.name] = substitute(last.value, lets)
                items = []
            break
        m = _match_mma_nest(items[-1:] if items else [], lets) if len(items) == 1 else None
        if m is None:
            return None
        groups = [(c, _lane_group(c, L.var, E)) for c in conds]
        lane = [g for c, g in groups if g is not None]
        if len(lane) != 1:
            return None
        g = lane[0]
        lead = Var(fresh_name("lead", taken), L.var.dtype)
        outer = _outer_names(program, L)
        guard = None
        for c, gg in groups:
            if gg is None:
                c = substitute(c, {L.var.name: lead})
                if free_vars(c) - {lead.name} - outer or not _pure(c):
                    return None
                guard = c if guard is None else Binary("and", guard, c)
        args = []
        for buf, (base, rs, cs) in m:
            base = substitute(base, {L.var.name: lead})
            try:
                from ..ir.transforms.simplify import simplify_expr
                base = simplify_expr(base)
            except Exception:
                pass
            if free_vars(base) - {lead.name} - outer:
                return None
            args += [Address(buf, (base,)), Const(rs, "int64"), Const(cs, "int64")]
        reads = {b.name for b, _ in m}
        writes = {m[2][0].name}
        extra = ()
        if staging:
            if not stage:
                stage.append(Buffer(fresh_name("mma_stage", taken), "float32", (max(T // 32, 1) * 512 + 8,), "shared"))
            extra = (Address(stage[0], (Const(0, "int32"),)),)
            reads.add(stage[0].name)
            writes.add(stage[0].name)
        count[0] += 1
        call = IntrinsicCall(MMA, tuple(args) + (Const(g, "int32"),) + extra, reads=tuple(sorted(reads)),
                             writes=tuple(sorted(writes)))
        gl = Const(g, L.var.dtype)
        return dataclasses.replace(L, body=block(Let(lead, Binary("-", L.var, Binary("%", L.var, gl))),
                                                 If(guard, call) if guard is not None else call))

    def visit(items):
        out = []
        for x in items:
            if _is_thread_loop(x):
                r = rewrite(x)
                out.append(r if r is not None else x)
            elif isinstance(x, (Loop, While)):
                out.append(dataclasses.replace(x, body=block(visit(_flat(x.body)))))
            elif isinstance(x, If):
                out.append(dataclasses.replace(x, then=block(visit(_flat(x.then))),
                                               otherwise=block(visit(_flat(x.otherwise))) if x.otherwise is not None else None))
            else:
                out.append(x)
        return out
    k = _map_block_context(program, visit)
    if not count[0]:
        return program
    if stage:
        k = _map_block_context(k, lambda items: [Alloc(stage[0])] + items)
    return with_attrs(k, gpu_mma=get_attr(program, "gpu_mma", 0) + count[0])


def _outer_names(k: Kernel, L: Loop) -> set[str]:
    """Names in scope around thread loop L (conservatively: every name declared outside it)."""
    inside = {n.var.name for n in walk(L) if isinstance(n, (Loop, Let))}
    return (all_names(k) - inside) | {p.name for p in k.params}


# ---------------------------------------------------------------------------------- block_reduce
