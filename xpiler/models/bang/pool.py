"""pool_windows: NHWC pooling written as one loop over the flat output index -> __bang_*pool per output row.

GPU pooling kernels (thread per output, channel fastest) lift to

    for f in [0, E):                        # E = N * Ho * Wo * C
        acc = init
        for i in [0, KH): for j in [0, KW): acc = max|min|+(acc, x[g(f, i, j)])
        y[h(f)] = acc

with g and h integer index arithmetic over run-time sizes (div/mod of f by C, Wo, Ho). Nothing is
read off the names: the window geometry is derived from g itself (C = dg/dj, row stride R = dg/di,
stride * C = g(C, 0, 0) - g(0, 0, 0)), the claim "g is an NHWC pooling window and h is contiguous"
is checked on sampled sizes at compile time (as `_check_grid_stride` does for grid-stride loops),
and at run time the sizes must satisfy the derived relations and fit NRAM. Then each output row
(Wo * C outputs) is one 2D __memcpy of the columns its windows read in its KH input rows, one
__bang_maxpool / __bang_minpool / __bang_sumpool with H = KH (one output row), the accumulator's
initial value folded in with a vector max / min / add, and one __memcpy back. The loop keeps the original body as
the fallback branch, so sizes that fail the run-time test run the scalar code.
"""
from __future__ import annotations

import random

from ...ir import dtypes as dt
from ...ir.buffer import Buffer
from ...ir.evaluate import evaluate
from ...ir.expr import Binary, Cast, Compare, Const, Expr, Load, Select, Var, cast
from ...ir.kernel import Kernel
from ...ir.names import Names
from ...ir.stmt import Alloc, If, Let, Loop, Stmt, Store, block
from ...ir.transforms.simplify import simplify_expr
from ...ir.transforms.util import all_names
from ...ir.visitor import Mutator, walk
from .lower import (GDRAM2NRAM, NRAM2GDRAM, VEC_TYPES, Affine, addr, add_note, bang_pass, get_attr, intrinsic,
                    linear_index, memcpy, nram_budget, set_attr, stmts_of, to_i32)

POOL = {"max": "__bang_maxpool", "min": "__bang_minpool", "+": "__bang_sumpool"}
FOLD = {"max": "__bang_maximum", "min": "__bang_minimum", "+": "__bang_add"}
NEUTRAL = {"max": float("-inf"), "min": float("inf"), "+": None}
I64 = "int64"


def _update(s: Stmt, acc: Buffer):
    """acc[0] = op(acc[0], x[...]) -> (op, the load of x)."""
    if not isinstance(s, Store) or s.buffer is not acc and s.buffer.name != acc.name:
        return None
    v = s.value
    if not isinstance(v, Binary) or v.op not in POOL:
        return None
    a = v.a if isinstance(v.b, Load) and v.b.buffer.name == acc.name else v.b if \
        isinstance(v.a, Load) and v.a.buffer.name == acc.name else None
    if not isinstance(a, Load) or a.buffer.name == acc.name or a.dtype != acc.dtype:
        return None
    return v.op, a


class _Window:
    """The matched loop: accumulator, window loops, input load, output store."""

    def __init__(self, L: Loop):
        items = stmts_of(L.body)
        rest = [x for x in items if not isinstance(x, Let)]
        if len(rest) != 4 or items[-1] is not rest[3]:
            raise ValueError("not a pooling body")
        alloc, init, Li, out = rest
        if not (isinstance(alloc, Alloc) and alloc.buffer.const_shape() in ((1,), ())
                and alloc.buffer.dtype in VEC_TYPES):
            raise ValueError("no scalar accumulator")
        acc = alloc.buffer
        if not (isinstance(init, Store) and init.buffer.name == acc.name and isinstance(init.value, Const)):
            raise ValueError("accumulator not initialised with a constant")
        if not (isinstance(out, Store) and isinstance(out.value, Load) and out.value.buffer.name == acc.name
                and out.buffer.scope == "global" and out.buffer.dtype == acc.dtype):
            raise ValueError("no output store")
        if not isinstance(Li, Loop):
            raise ValueError("no window loop")
        inner_i = [x for x in stmts_of(Li.body) if not isinstance(x, Let)]
        if len(inner_i) != 1 or not isinstance(inner_i[0], Loop):
            raise ValueError("window loops are not a 2-D nest")
        Lj = inner_i[0]
        inner_j = [x for x in stmts_of(Lj.body) if not isinstance(x, Let)]
        if len(inner_j) != 1:
            raise ValueError("window body")
        upd = _update(inner_j[0], acc)
        if upd is None:
            raise ValueError("window body is not a max/min/sum update")
        self.op, self.x = upd
        if self.x.buffer.scope != "global" or self.x.buffer.name == out.buffer.name:
            raise ValueError("input not in GDRAM")
        self.L, self.Li, self.Lj, self.acc, self.init, self.out = L, Li, Lj, acc, init.value.value, out
        lets = {}
        for s in walk(L.body):
            if isinstance(s, Let):
                lets[s.var.name] = s.value
        self.aff = Affine(lets)
        f, i, j = L.var.name, Li.var.name, Lj.var.name
        self.g = self.aff.inline(linear_index(self.x.buffer, self.x.indices))
        self.h = self.aff.inline(linear_index(out.buffer, out.indices))
        self.KH = self.aff.inline(Li.extent)
        self.KW = self.aff.inline(Lj.extent)
        for e in (self.g, self.h, self.KH, self.KW, L.extent):
            if any(isinstance(n, Load) for n in walk(e)):
                raise ValueError("index arithmetic reads memory")
        for e in (self.KH, self.KW):
            if self.aff.depends(e, [f]):
                raise ValueError("window extent depends on the output index")
        if self.aff.depends(self.KW, [i]) or self.aff.depends(L.extent, [f, i, j]):
            raise ValueError("extents")

    def at(self, e: Expr, f=0, i=0, j=0) -> Expr:
        return self.aff.at(e, {self.L.var.name: as_int(f), self.Li.var.name: as_int(i), self.Lj.var.name: as_int(j)})


def as_int(v) -> Expr:
    return v if isinstance(v, Expr) else Const(v, I64)


def _geometry(w: _Window, cap_in: int, cap_out: int) -> list[tuple[str, Expr]]:
    """(name, value) of the run-time quantities, in order; the last is the bool 'vector path'."""
    c64 = lambda e: cast(I64, simplify_expr(e))
    one = Const(1, I64)
    g0 = c64(w.at(w.g))
    C = c64(Binary("-", w.at(w.g, j=1), g0))
    R = c64(Binary("-", w.at(w.g, i=1), g0))
    KH, KW, E = c64(w.KH), c64(w.KW), c64(w.L.extent)
    v = {n: Var(n, I64) for n in ("pc", "pr", "psc", "pw", "ps", "pwo", "plen", "prows", "pkh", "pkw", "pe", "pseg")}
    pos = lambda e: Compare(">", e, Const(0, I64))
    div = lambda a, b: Select(pos(b), Binary("/", a, Binary("max", b, one)), Const(0, I64))
    out = [("pc", C), ("pr", R), ("pkh", KH), ("pkw", KW), ("pe", E),
           ("psc", c64(Binary("-", w.at(w.g, f=Cast(w.L.var.dtype, v["pc"])), g0))),
           ("pw", div(v["pr"], v["pc"])), ("ps", div(v["psc"], v["pc"])),
           ("pwo", Binary("+", div(Binary("-", v["pw"], v["pkw"]), v["ps"]), one)),
           ("plen", Binary("*", v["pwo"], v["pc"])), ("prows", div(v["pe"], v["plen"])),
           ("pseg", Binary("*", Binary("+", Binary("*", Binary("-", v["pwo"], one), v["ps"]), v["pkw"]), v["pc"]))]
    conds = [pos(v["pc"]), pos(v["pkh"]), pos(v["pkw"]), pos(v["ps"]), pos(v["prows"]),
             Compare("<=", Binary("*", v["pkh"], v["pkw"]), Const(65536, I64)),
             Compare("==", Binary("*", v["ps"], v["pc"]), v["psc"]),
             Compare("==", Binary("*", v["pw"], v["pc"]), v["pr"]),
             Compare(">=", v["pw"], v["pkw"]),
             Compare("==", Binary("*", v["prows"], v["plen"]), v["pe"]),
             Compare(">=", g0, Const(0, I64)), Compare(">=", c64(w.at(w.h)), Const(0, I64)),
             Compare("<=", Binary("*", v["pkh"], v["pseg"]), Const(cap_in, I64)),
             Compare("<=", v["plen"], Const(cap_out, I64))]
    ok = conds[0]
    for c in conds[1:]:
        ok = Binary("and", ok, c)
    return out + [("pok", ok)]


def _holds(w: _Window, geo: list[tuple[str, Expr]], seed: int = 11) -> bool:
    """On sampled sizes where the geometry says 'vector path' (caps ignored), g(f, i, j) is the
    NHWC window element of output f and h(f) = h(0) + f."""
    f, i, j = w.L.var.name, w.Li.var.name, w.Lj.var.name
    exprs = [w.g, w.h, w.KH, w.KW, w.L.extent]
    names = sorted({n.name for e in exprs for n in walk(e) if isinstance(n, Var)} - {f, i, j})
    rng = random.Random(seed)
    checked = 0
    for attempt in range(400):
        hi = 6 if attempt < 200 else 24
        env = {nm: rng.randint(0, hi) for nm in names}
        try:
            vals = dict(env)
            for nm, e in geo[:-1]:
                vals[nm] = evaluate(e, vals)
        except Exception:
            continue
        C, R, KH, KW, E, s, W, ln = (vals[k] for k in ("pc", "pr", "pkh", "pkw", "pe", "ps", "pw", "plen"))
        if not (C > 0 and KH > 0 and KW > 0 and s > 0 and ln > 0 and s * C == vals["psc"] and W * C == R
                and W >= KW and E % ln == 0 and 0 < E <= 20000):
            continue
        try:
            h0 = evaluate(w.h, dict(env, **{f: 0}))
            points = {(0, 0, 0), (E - 1, KH - 1, KW - 1)}
            points |= {(rng.randrange(E), rng.randrange(KH), rng.randrange(KW)) for _ in range(10)}
            for pf, pi, pj in points:
                r, q = divmod(pf, ln)
                ow, c = divmod(q, C)
                base = evaluate(w.g, dict(env, **{f: r * ln, i: 0, j: 0}))
                if evaluate(w.g, dict(env, **{f: pf, i: pi, j: pj})) != base + pi * R + (ow * s + pj) * C + c:
                    return False
                if evaluate(w.h, dict(env, **{f: pf})) != h0 + pf:
                    return False
        except Exception:
            return False
        checked += 1
        if checked >= 10:
            return True
    return False


def _lower(w: _Window, names: Names, budget: int, allocs: list[Alloc]) -> Stmt:
    t = w.acc.dtype
    s = dt.itemsize(t)
    lanes = 128 // s
    cap_in = budget // 2 // s // lanes * lanes
    cap_out = budget // 8 // s // lanes * lanes
    geo = _geometry(w, cap_in, cap_out)
    if not _holds(w, geo):
        raise ValueError("the index arithmetic is not an NHWC pooling window")
    fresh = {nm: Var(names.fresh(nm), I64 if nm != "pok" else "bool") for nm, _ in geo}
    ren = lambda e: _Rename({k: v for k, v in fresh.items()}).visit(e)
    lets = [Let(fresh[nm], ren(e)) for nm, e in geo]
    V = lambda nm: fresh[nm]
    src = Buffer(names.fresh("pool_in"), t, (cap_in,), "nram")
    dst = Buffer(names.fresh("pool_out"), t, (cap_out,), "nram")
    allocs += [Alloc(src), Alloc(dst)]
    fv = w.L.var
    row = Cast(I64, fv)
    pre = []
    # the KH input rows of the output row, only the columns its windows read: a 2D __memcpy
    # (KH segments of W' * C elements, GDRAM row stride R) into a dense [KH][W'][C] tile
    xoff = to_i32(simplify_expr(w.at(w.g, f=Cast(fv.dtype, Binary("*", row, V("plen"))))))
    seg = to_i32(Binary("*", V("pseg"), Const(s, I64)))
    code = [intrinsic("__memcpy", addr(src, 0), addr(w.x.buffer, xoff), seg, Const(GDRAM2NRAM, "int32"), seg,
                      to_i32(Binary("*", V("pr"), Const(s, I64))), to_i32(Binary("-", V("pkh"), Const(1, I64))),
                      reads=[w.x.buffer.name], writes=[src.name])]
    ints = [to_i32(V("pc")), to_i32(V("pkh")), to_i32(div_(V("pseg"), V("pc"))), to_i32(V("pkh")), to_i32(V("pkw")),
            to_i32(V("ps")), to_i32(V("ps"))]
    code.append(intrinsic(POOL[w.op], addr(dst, 0), addr(src, 0), *ints, reads=[src.name], writes=[dst.name]))
    if w.init != NEUTRAL[w.op] and not (w.op == "+" and w.init == 0):
        tmp = Buffer(names.fresh("pool_init"), t, (cap_out,), "nram")
        allocs.append(Alloc(tmp))
        n = to_i32(Binary("*", Binary("/", Binary("+", V("plen"), Const(lanes - 1, I64)), Const(lanes, I64)),
                          Const(lanes, I64)))
        # filled once per task, before the row loop (an on-chip fill, so bind_tasks still distributes the loop)
        pre.append(intrinsic("__bang_write_value", addr(tmp, 0), Const(cap_out, "int32"), Const(w.init, t),
                             writes=[tmp.name]))
        code.append(intrinsic(FOLD[w.op], addr(dst, 0), addr(dst, 0), addr(tmp, 0), n,
                              reads=[dst.name, tmp.name], writes=[dst.name]))
    h0 = simplify_expr(Binary("+", cast(I64, w.at(w.h)), Binary("*", row, V("plen"))))
    code.append(memcpy(w.out.buffer, to_i32(h0), dst, 0, V("plen"), NRAM2GDRAM))
    extent = Select(V("pok"), Cast(fv.dtype, V("prows")), w.L.extent)
    loop = Loop(fv, extent, If(V("pok"), block(code), w.L.body), w.L.kind, w.L.axis)
    return block(lets, pre, loop)


def div_(a: Expr, b: Expr) -> Expr:
    return Binary("/", a, b)


class _Rename(Mutator):
    def __init__(self, m: dict):
        self.m = m

    def visit_Var(self, v: Var):
        return self.m.get(v.name, v)


@bang_pass("pool_windows")
def pool_windows(k: Kernel) -> Kernel:
    """Top-level parallel loops over a flat NHWC pooling output (see the module docstring) become
    one __bang_maxpool / __bang_minpool / __bang_sumpool per output row, with the scalar loop kept
    for sizes that do not fit."""
    names = Names(all_names(k))
    budget = nram_budget(k)
    items = stmts_of(k.body)
    allocs: list[Alloc] = []
    count = 0
    out = []
    for s in items:
        if isinstance(s, Loop) and s.kind == "parallel" and s.axis is None:
            try:
                out.append(_lower(_Window(s), names, budget, allocs))
                count += 1
                continue
            except (ValueError, TypeError, ZeroDivisionError):
                pass
        out.append(s)
    if not count:
        return k
    res = k.with_body(block(allocs, out))
    tiles = dict(get_attr(k, "bang.tiles", ()))
    tiles.update({a.buffer.name: a.buffer.const_shape()[0] for a in allocs})
    res = set_attr(res, "bang.tiles", tuple(sorted(tiles.items())))
    res = add_note(res, f"{count} pooling loop(s) as __bang_*pool per output row, scalar fallback kept")
    return set_attr(res, "bang.pools", count)
