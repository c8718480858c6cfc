"""Lowering a canonical loop program towards idiomatic BANG C: named IR -> IR passes.

    normalize_bang   scalar locals to lets, dead stores, GPU index domains flattened to one loop
    bind_tasks       the outermost parallel loop distributed over taskId (contiguous chunks)
    stage_nram       unit-stride / strided loops over GDRAM tiled through NRAM with __memcpy
    tensorize_bang   loops over on-chip data become __bang_* vector, reduction and matmul calls

Every pass is a plain function program -> program registered with `xpiler.ir.passes`; what they
add is ordinary IR: on-chip buffers are `Alloc`s of scope ``nram`` / ``wram`` and data movement and
vector operations are `IntrinsicCall`s whose scalar meaning is `models/bang/lifting.py` (so a
lowered program can be detensorized and checked with `ir.verify` against its input). Decisions the
emitter needs (task count, notes) travel in `Kernel.attrs` under ``bang.*`` keys.
"""
from __future__ import annotations

import dataclasses
import math
import random

from ...ir import dtypes as dt
from ...ir.buffer import Buffer
from ...ir.evaluate import evaluate
from ...ir.expr import (Address, Binary, Bitcast, Call, Cast, Compare, Const, Expr, Load, Select, Unary, Var, as_expr,
                        cast)
from ...ir.kernel import Kernel
from ...ir.names import Names
from ...ir.passes import register_pass
from ...ir.stmt import Alloc, Barrier, Block, If, IntrinsicCall, Let, Loop, Stmt, Store, While, block
from ...ir.transforms.dead_store import eliminate_dead_stores
from ...ir.transforms.simplify import simplify, simplify_expr
from ...ir.transforms.util import all_names
from ...ir.visitor import Mutator, substitute, walk

# mluMemcpyDirection_t (models/bang/include/xpiler_bang/types.h)
GDRAM2NRAM, NRAM2GDRAM, NRAM2NRAM, NRAM2WRAM = 0, 1, 8, 9
DIRECTIONS = {0: "GDRAM2NRAM", 1: "NRAM2GDRAM", 4: "GDRAM2WRAM", 8: "NRAM2NRAM", 9: "NRAM2WRAM"}

NRAM_RESERVE_KB = 128            # left to the compiler and the activation tables (bang.md 9)
ONCHIP = ("local", "shared", "nram")
VEC_TYPES = ("float32", "float16")
LOG2E = 1.4426950408889634
LN2 = 0.6931471805599453


class NotLowerable(Exception):
    """A loop does not fit a pattern (the caller keeps it as it is)."""


# ------------------------------------------------------------------------------------------ attrs

def get_attr(k: Kernel, key: str, default=None):
    for a, v in k.attrs:
        if a == key:
            return v
    return default


def set_attr(k: Kernel, key: str, value) -> Kernel:
    attrs = tuple((a, v) for a, v in k.attrs if a != key) + ((key, value),)
    return dataclasses.replace(k, attrs=attrs)


def add_note(k: Kernel, note: str) -> Kernel:
    notes = tuple(get_attr(k, "bang.notes", ()))
    return k if note in notes else set_attr(k, "bang.notes", notes + (note,))


def nram_budget(k: Kernel) -> int:
    return int(get_attr(k, "bang.nram_bytes", (512 - NRAM_RESERVE_KB) * 1024))


# ------------------------------------------------------------------------------------------ helpers

def i32(v) -> Expr:
    return as_expr(v, "int32") if not isinstance(v, Expr) else v


def to_i32(e: Expr) -> Expr:
    return e if e.dtype == "int32" else Cast("int32", e)


def const_value(e: Expr):
    try:
        return evaluate(e)
    except Exception:
        return None


def const_int(e: Expr) -> int | None:
    v = const_value(e)
    return int(v) if isinstance(v, int) and not isinstance(v, bool) else None


def size_of(b: Buffer) -> int | None:
    shape = b.const_shape()
    return None if shape is None else math.prod(shape)


def linear_index(b: Buffer, indices) -> Expr:
    """Row-major linear position of an element (int64 arithmetic)."""
    if not indices:
        return Const(0, "int64")
    lin = cast("int64", indices[0])
    for ext, idx in zip(b.shape[1:], indices[1:]):
        lin = Binary("+", Binary("*", lin, cast("int64", ext)), cast("int64", idx))
    return lin


def addr(b: Buffer, off) -> Address:
    """&b[off] for a linear element offset `off` (any rank: the last index carries it)."""
    off = as_expr(off, "int32") if not isinstance(off, Expr) else off
    if b.ndim == 0:
        return Address(b, ())
    return Address(b, (Const(0, "int32"),) * (b.ndim - 1) + (off,))


def elem(b: Buffer, off) -> tuple:
    off = as_expr(off, "int32") if not isinstance(off, Expr) else off
    if b.ndim == 0:
        return ()
    return (Const(0, "int32"),) * (b.ndim - 1) + (off,)


def memcpy(dst: Buffer, doff, src: Buffer, soff, count: Expr, direction: int) -> IntrinsicCall:
    size = simplify_expr(to_i32(count) * dt.itemsize(dst.dtype))
    return IntrinsicCall("__memcpy", (addr(dst, doff), addr(src, soff), size, Const(direction, "int32")),
                         reads=(src.name,), writes=(dst.name,))


def memcpy_strided(dst: Buffer, doff, src: Buffer, soff, count: Expr, dst_stride: int, src_stride: int,
                   direction: int) -> IntrinsicCall:
    """count elements: dst[doff + r * dst_stride] = src[soff + r * src_stride] (2D __memcpy, one
    element per segment)."""
    w = dt.itemsize(dst.dtype)
    return IntrinsicCall("__memcpy", (addr(dst, doff), addr(src, soff), Const(w, "int32"), Const(direction, "int32"),
                                      Const(dst_stride * w, "int32"), Const(src_stride * w, "int32"),
                                      simplify_expr(to_i32(count) - 1)),
                         reads=(src.name,), writes=(dst.name,))


def intrinsic(name: str, *args, reads=(), writes=()) -> IntrinsicCall:
    return IntrinsicCall(name, tuple(as_expr(a, "int32") if isinstance(a, int) else a for a in args),
                         reads=tuple(dict.fromkeys(reads)), writes=tuple(dict.fromkeys(writes)))


def stmts_of(s: Stmt) -> list[Stmt]:
    return list(s.stmts) if isinstance(s, Block) else [s]


def round_up(n: int, m: int) -> int:
    return (n + m - 1) // m * m


def lanes_of(dtype: str) -> int:
    return 128 // dt.itemsize(dtype)


def is_onchip(b: Buffer) -> bool:
    return b.scope in ONCHIP and b.const_shape() is not None


# ------------------------------------------------------------------------------------------ affine analysis

class Affine:
    """Linear forms of integer expressions over chosen loop variables, with constant coefficients,
    looking through the `Let`s bound inside the analysed region and through integer casts (index
    arithmetic of a correct program does not overflow)."""

    def __init__(self, lets: dict[str, Expr] | None = None):
        self.lets = dict(lets or {})
        self._inl: dict = {}

    def inline(self, e: Expr) -> Expr:
        key = e
        if key in self._inl:
            return self._inl[key]
        names = {n.name for n in walk(e) if isinstance(n, Var)} & set(self.lets)
        out = e
        if names:
            out = substitute(e, {n: self.inline(self.lets[n]) for n in names})
        self._inl[key] = out
        return out

    def depends(self, e: Expr, targets) -> bool:
        return any(isinstance(n, Var) and n.name in targets for n in walk(self.inline(e)))

    def form(self, e: Expr, targets) -> dict | None:
        """{var: coefficient} with e == sum(coef * var) + (a part free of `targets`), or None."""
        return self._form(self.inline(e), frozenset(targets))

    def _form(self, e: Expr, targets) -> dict | None:
        if isinstance(e, Const):
            return {}
        if isinstance(e, Var):
            return {e.name: 1} if e.name in targets else {}
        free = not any(isinstance(n, Var) and n.name in targets for n in walk(e))
        if free:
            return {}
        if isinstance(e, Cast) and dt.is_int(e.dtype) and dt.is_int(e.value.dtype):
            return self._form(e.value, targets)
        if isinstance(e, Unary) and e.op == "-":
            f = self._form(e.a, targets)
            return None if f is None else {k: -v for k, v in f.items()}
        if isinstance(e, Binary) and dt.is_int(e.dtype):
            if e.op in ("+", "-"):
                a, b = self._form(e.a, targets), self._form(e.b, targets)
                if a is None or b is None:
                    return None
                out = dict(a)
                for k, v in b.items():
                    out[k] = out.get(k, 0) + (v if e.op == "+" else -v)
                return {k: v for k, v in out.items() if v}
            if e.op == "*":
                a, b = self._form(e.a, targets), self._form(e.b, targets)
                if a is None or b is None:
                    return None
                if a and b:
                    return None
                lin, other = (a, e.b) if a else (b, e.a)
                c = const_int(other)
                if c is None:
                    return None
                return {k: v * c for k, v in lin.items() if v * c}
            if e.op == "<<":
                a = self._form(e.a, targets)
                c = const_int(e.b)
                if a is None or c is None or not 0 <= c < 62:
                    return None
                return {k: v << c for k, v in a.items()}
        return None

    def rest(self, e: Expr, targets) -> Expr:
        """e with the target variables set to 0 (the part free of them, for an affine e)."""
        inl = self.inline(e)
        return simplify_expr(substitute(inl, {t: Const(0, _var_dtype(inl, t)) for t in targets
                                              if _var_dtype(inl, t)}))

    def at(self, e: Expr, values: dict) -> Expr:
        inl = self.inline(e)
        m = {}
        for t, v in values.items():
            d = _var_dtype(inl, t)
            if d:
                m[t] = cast(d, v)
        return simplify_expr(substitute(inl, m))


def _var_dtype(e: Expr, name: str) -> str | None:
    for n in walk(e):
        if isinstance(n, Var) and n.name == name:
            return n.dtype
    return None


# ------------------------------------------------------------------------------------------ normalize

class _ScalarLocals(Mutator):
    """Single-element local buffers written only by statements of one block become `Let` chains."""

    def __init__(self, names: Names):
        self.names = names

    def visit_Block(self, b: Block):
        stmts = [self.visit(s) for s in b.stmts]
        for idx, s in enumerate(list(stmts)):
            if not (isinstance(s, Alloc) and s.buffer.scope == "local" and size_of(s.buffer) == 1):
                continue
            buf = s.buffer
            rest = stmts[idx + 1:]
            ok = True
            for x in rest:
                direct = isinstance(x, Store) and x.buffer.name == buf.name
                for n in walk(x):
                    if isinstance(n, Store) and n.buffer.name == buf.name and not direct:
                        ok = False
                    elif isinstance(n, (Address,)) and n.buffer.name == buf.name:
                        ok = False
                    elif isinstance(n, IntrinsicCall) and buf.name in (*n.reads, *n.writes):
                        ok = False
                    elif isinstance(n, (Load, Store)) and n.buffer.name == buf.name and \
                            any(const_int(i) != 0 for i in n.indices):
                        ok = False
                if not ok:
                    break
            if not ok:
                continue
            current: Expr = Const(0, buf.dtype)
            out = []
            for x in rest:
                x = _ReplaceLoad(buf.name, current).visit(x)
                if isinstance(x, Store) and x.buffer.name == buf.name:
                    v = Var(self.names.fresh(buf.name), buf.dtype)
                    out.append(Let(v, x.value))
                    current = v
                else:
                    out.append(x)
            stmts = stmts[:idx] + [Block(())] + out
        return Block(tuple(x for x in stmts if not (isinstance(x, Block) and not x.stmts)))


class _ReplaceLoad(Mutator):
    def __init__(self, name: str, value: Expr):
        self.name, self.value = name, value

    def visit_Load(self, e: Load):
        if e.buffer.name == self.name:
            return self.value
        return self.generic_visit(e)


def scalarize_locals(k: Kernel) -> Kernel:
    names = Names(all_names(k))
    body = _ScalarLocals(names).visit(Block((k.body,)))
    return k.with_body(body)


@register_pass("normalize_bang")
def normalize_bang(k: Kernel) -> Kernel:
    """Simplify, turn single-element locals into lets, drop dead stores and flatten GPU index
    domains (block x thread nests, grid-stride loops) into one parallel loop per map."""
    k = simplify(k)
    k = scalarize_locals(k)
    k = eliminate_dead_stores(k)
    k = simplify(k)
    k = flatten_domains(k)
    k = simplify(k)
    return k


# ------------------------------------------------------------------------------------------ map bodies

def map_body(stmts: list[Stmt]) -> bool:
    """Straight-line lets and stores only."""
    return all(isinstance(s, (Let, Store)) for s in stmts)


def written_buffers(stmts) -> set[str]:
    return {n.buffer.name for s in stmts for n in walk(s) if isinstance(n, Store)}


def accesses(stmts):
    """(node, buffer, indices, is_store) for every load and store."""
    for s in stmts:
        for n in walk(s):
            if isinstance(n, Store):
                yield n, n.buffer, n.indices, True
            elif isinstance(n, Load):
                yield n, n.buffer, n.indices, False


def independent_map(stmts: list[Stmt], aff: Affine) -> bool:
    """Every written buffer is accessed at one element per iteration (the same index expression
    in every access), so that iterations do not interact."""
    written = written_buffers(stmts)
    seen: dict[str, Expr] = {}
    for n, b, idx, _ in accesses(stmts):
        if b.name not in written:
            continue
        lin = simplify_expr(aff.inline(linear_index(b, idx)))
        if b.name in seen and seen[b.name] != lin:
            return False
        seen[b.name] = lin
    return True


# ------------------------------------------------------------------------------------------ flatten domains

class _Chain:
    def __init__(self):
        self.loops: list[Loop] = []
        self.lets: list[Let] = []        # lets between loops, in order
        self.guards: list[Expr] = []
        self.body: list[Stmt] = []


def _peel(s: Stmt) -> _Chain | None:
    ch = _Chain()
    cur = s
    while True:
        if isinstance(cur, Loop):
            ch.loops.append(cur)
            items = stmts_of(cur.body)
        elif isinstance(cur, If) and cur.otherwise is None:
            ch.guards.append(cur.cond)
            items = stmts_of(cur.then)
        else:
            return None
        lets = [x for x in items if isinstance(x, Let)]
        others = [x for x in items if not isinstance(x, Let)]
        if len(others) == 1 and isinstance(others[0], (Loop, If)) and items[-1] is others[0]:
            inner = others[0]
            if isinstance(inner, If) or (isinstance(inner, Loop) and not map_body(stmts_of(inner.body))
                                          or isinstance(inner, Loop)):
                ch.lets.extend(lets)
                cur = inner
                continue
        if not map_body(items):
            return None
        ch.body = items
        return ch


def _guard_bounds(cond: Expr, aff: Affine, coeffs: dict, targets) -> list[tuple[Expr, Expr]] | None:
    """cond as a conjunction of `lin(f) < bound` terms where lin has the index coefficients:
    returns [(rest_of_lhs, bound)] meaning f + rest < bound."""
    if isinstance(cond, Binary) and cond.op == "and":
        a = _guard_bounds(cond.a, aff, coeffs, targets)
        b = _guard_bounds(cond.b, aff, coeffs, targets)
        return None if a is None or b is None else a + b
    if not isinstance(cond, Compare) or not dt.is_int(cond.a.dtype):
        return None
    op, a, b = cond.op, cond.a, cond.b
    if op in (">", ">="):
        op, a, b = {">": "<", ">=": "<="}[op], b, a
    if op not in ("<", "<="):
        return None
    fa, fb = aff.form(a, targets), aff.form(b, targets)
    if fa != coeffs or fb != {}:
        return None
    bound = aff.inline(b)
    if op == "<=":
        bound = bound + 1
    return [(aff.rest(a, targets), bound)]


def _find_grid_bound(extent: Expr, aff: Affine, gvars) -> list[Expr]:
    """Candidate bounds X in an extent written as (g < X ? (X - g + S - 1) / S : 0)."""
    out = []
    for n in walk(aff.inline(extent)):
        if isinstance(n, Compare) and n.op in ("<", ">"):
            a, b = (n.a, n.b) if n.op == "<" else (n.b, n.a)
            if aff.depends(a, gvars) and not aff.depends(b, gvars):
                out.append(b)
    return out


def _sample_env(exprs, avoid, seed: int) -> list[dict]:
    names = sorted({n.name for e in exprs for n in walk(e) if isinstance(n, Var)} - set(avoid))
    rng = random.Random(seed)
    envs = []
    specials = [0, 1, 2, 3, 7, 31, 32, 33, 255, 256, 257, 1000, 4099]
    for i in range(48):
        envs.append({nm: (specials[(i + j) % len(specials)] if i < 24 else rng.randint(-5, 5000))
                     for j, nm in enumerate(names)})
    return envs


def _check_grid_stride(extent: Expr, X: Expr, g: Expr, S: int, gvars: dict, aff: Affine) -> bool:
    """extent(g) == max(0, ceildiv(X - g, S)) for every point of the other loops and sampled
    values of the remaining variables."""
    ext = aff.inline(extent)
    Xi = aff.inline(X)
    gi = aff.inline(g)
    names = list(gvars)
    total = math.prod(gvars.values())
    points = []
    if total <= 4096:
        def rec(i, cur):
            if i == len(names):
                points.append(dict(cur))
                return
            for v in range(gvars[names[i]]):
                cur[names[i]] = v
                rec(i + 1, cur)
        rec(0, {})
    else:
        rng = random.Random(7)
        for _ in range(512):
            points.append({nm: rng.randrange(gvars[nm]) for nm in names})
        points.append({nm: 0 for nm in names})
        points.append({nm: gvars[nm] - 1 for nm in names})
    for env in _sample_env([ext, Xi], names, 3)[:24 if total > 256 else 48]:
        for p in points:
            full = dict(env, **p)
            try:
                e = evaluate(ext, full)
                x = evaluate(Xi, full)
                gv = evaluate(gi, full)
            except Exception:
                return False
            want = max(0, -((gv - x) // S)) if x > gv else 0
            if e != want:
                return False
    return True


def _flatten(s: Loop, names: Names) -> Stmt | None:
    ch = _peel(s)
    if ch is None or len(ch.loops) < 1:
        return None
    lets = {x.var.name: x.value for x in ch.lets}
    lets.update({x.var.name: x.value for x in ch.body if isinstance(x, Let)})
    aff = Affine(lets)
    targets = [L.var.name for L in ch.loops]
    if not independent_map(ch.body, aff):
        return None
    stores = [n for x in ch.body for n in walk(x) if isinstance(n, Store)]
    if not stores or any(b.ndim != 1 for st in stores for b in [st.buffer]):
        return None
    forms = [aff.form(linear_index(st.buffer, st.indices), targets) for st in stores]
    if any(f is None for f in forms) or any(f != forms[0] for f in forms):
        return None
    coeffs = forms[0]
    if set(coeffs) != set(targets) or any(c <= 0 for c in coeffs.values()):
        return None
    # loops by coefficient: constant extents form a mixed radix; one loop may be a grid-stride loop
    const_ext = {L.var.name: const_int(L.extent) for L in ch.loops}
    order = sorted(ch.loops, key=lambda L: coeffs[L.var.name])
    radix = 1
    gridstride = None
    for L in order:
        c = coeffs[L.var.name]
        if c != radix:
            return None
        e = const_ext[L.var.name]
        if e is None or e <= 0:
            if L is not order[-1] or aff.depends(L.extent, [L.var.name]):
                return None
            gridstride = L
            break
        radix *= e
    # loops whose extents depend on outer loop variables only in the grid-stride form
    for L in ch.loops:
        if L is gridstride:
            continue
        if const_ext[L.var.name] is None:
            return None
    t = "int32"
    f = Var(names.fresh("f"), t)
    if gridstride is None:
        domain: Expr = Const(radix, t)
        total_guard = None
    else:
        gv = {L.var.name: const_ext[L.var.name] for L in ch.loops if L is not gridstride}
        gexpr = sum_expr([(coeffs[n], n) for n in gv], t) if gv else Const(0, t)
        found = None
        for X in _find_grid_bound(gridstride.extent, aff, list(gv) or [gridstride.var.name]):
            if any(isinstance(n, Var) and n.name in targets for n in walk(aff.inline(X))):
                continue
            if _check_grid_stride(gridstride.extent, X, gexpr if gv else Const(0, t), radix, gv, aff):
                found = X
                break
        if found is None:
            return None
        domain = to_i32(aff.inline(found))
    # guards in the form f + rest < bound restrict the domain; other guards must be invariant
    # (they stay as an If around the loop)
    outer_guards = []
    bounds = [domain]
    for g in ch.guards:
        gb = _guard_bounds(g, aff, coeffs, targets)
        if gb is not None:
            for rest, bound in gb:
                bounds.append(simplify_expr(to_i32(bound) - to_i32(rest) + to_i32(_rest_of_index(stores[0], aff, targets)))
                              if False else simplify_expr(to_i32(bound) - to_i32(rest)))
            continue
        if aff.depends(g, targets):
            return None
        if any(isinstance(n, Load) for n in walk(g)):
            return None
        outer_guards.append(aff.inline(g))
    ext = bounds[0]
    for b in bounds[1:]:
        ext = Binary("min", ext, b)
    ext = simplify_expr(ext)
    # the original variables as functions of f; the body re-binds the lets between the loops
    defs = []
    for L in ch.loops:
        c = coeffs[L.var.name]
        v = Binary("/", f, Const(c, t)) if c != 1 else f
        if L is not gridstride and L is not order[-1]:
            v = Binary("%", v, Const(const_ext[L.var.name], t))
        defs.append(Let(L.var, cast(L.var.dtype, v)))
    body = block(defs, ch.lets, ch.body)
    new: Stmt = Loop(f, ext, body, "parallel")
    for g in reversed(outer_guards):
        new = If(g, new)
    return new


def _rest_of_index(st, aff, targets):
    return aff.rest(linear_index(st.buffer, st.indices), targets)


def sum_expr(terms, t) -> Expr:
    out = None
    for c, n in terms:
        term = Binary("*", Var(n, t), Const(c, t)) if c != 1 else Var(n, t)
        out = term if out is None else Binary("+", out, term)
    return out if out is not None else Const(0, t)


class _Flatten(Mutator):
    def __init__(self, names):
        self.names = names
        self.count = 0

    def visit_Loop(self, s: Loop):
        try:
            out = _flatten(s, self.names)
        except (TypeError, ValueError):
            out = None
        if out is not None:
            self.count += 1
            return out
        return self.generic_visit(s)


@register_pass("flatten_domains")
def flatten_domains(k: Kernel) -> Kernel:
    """A nest of loops whose innermost body is an element-wise map and whose variables enumerate the
    stored elements in mixed radix (bx * T + tx, grid-stride loops, unrolled items) becomes one
    parallel loop over the linear element index, its bounds checks folded into the extent."""
    names = Names(all_names(k))
    fl = _Flatten(names)
    body = fl.visit(k.body)
    return k.with_body(body)


# ------------------------------------------------------------------------------------------ bind_tasks

def _has_barrier(s: Stmt) -> bool:
    return any(isinstance(n, Barrier) for n in walk(s))


def _writes(s: Stmt) -> set[str]:
    out = set()
    for n in walk(s):
        if isinstance(n, Store):
            out.add(n.buffer.name)
        elif isinstance(n, IntrinsicCall):
            out.update(n.writes)
    return out


def _reads(s: Stmt) -> set[str]:
    out = set()
    for n in walk(s):
        if isinstance(n, (Load, Address)):
            out.add(n.buffer.name)
        elif isinstance(n, IntrinsicCall):
            out.update(n.reads)
    return out


def _fuse_parallel(L: Loop, names: Names) -> Loop:
    """for o: [lets] for i (parallel, invariant extent): S  ->  for f in o*i: let o, i; lets; S."""
    items = stmts_of(L.body)
    lets = [x for x in items if isinstance(x, Let)]
    rest = [x for x in items if not isinstance(x, Let)]
    if len(rest) != 1 or not isinstance(rest[0], Loop) or rest[0].kind != "parallel" or items[-1] is not rest[0]:
        return L
    inner = rest[0]
    if _has_barrier(inner):
        return L
    ei = const_int(inner.extent)
    eo = const_int(L.extent)
    if ei is None or eo is None or ei <= 0 or eo <= 0 or L.var.dtype != inner.var.dtype:
        return L
    t = L.var.dtype
    f = Var(names.fresh(f"{L.var.name}_{inner.var.name}"), t)
    body = block(Let(L.var, f / Const(ei, t)), lets, Let(inner.var, f % Const(ei, t)), inner.body)
    return _fuse_parallel(Loop(f, Const(eo * ei, t), body, "parallel"), names)


@register_pass("bind_tasks")
def bind_tasks(k: Kernel, tasks: int | None = None) -> Kernel:
    """Distribute the outermost parallel loop over taskId in contiguous balanced chunks (task t runs
    iterations [t*q + min(t, r), ...) of E = q*T + r). Statements before it may only write on-chip
    buffers (each task runs them on its own copy), nothing after it may have an effect; otherwise
    the program runs as one Block task."""
    names = Names(all_names(k))
    items = stmts_of(k.body)
    local_allocs = {s.buffer.name for s in items if isinstance(s, Alloc)}
    params = {p.name for p in k.params}
    pick = None
    for i, s in enumerate(items):
        if isinstance(s, (Let, Alloc)):
            continue
        if isinstance(s, Loop) and s.kind == "parallel" and not _has_barrier(s):
            pick = i
            break
        if _writes(s) & params or _has_barrier(s):
            break
    single = set_attr(set_attr(k, "bang.tasks", 1), "bang.func_type", "block")
    if pick is None:
        return add_note(single, "no parallel loop to distribute: one Block task")
    L = items[pick]
    written_in = _writes(L)
    for s in items[pick + 1:]:
        if isinstance(s, (Let, Alloc)):
            continue
        if _writes(s) or _reads(s) & written_in:
            return add_note(single, "statements after the parallel loop depend on it: one Block task")
    for s in items[:pick]:
        if isinstance(s, (Let, Alloc)):
            continue
        if _writes(s) - local_allocs:
            return add_note(single, "statements before the parallel loop write global memory: one Block task")
    L = _fuse_parallel(L, names)
    E = L.extent
    n = const_int(E)
    if tasks is None:
        if n is None:
            tasks = 16
        else:
            tasks = 16 if n >= 16 else 4 if n >= 4 else 1
    if tasks <= 1:
        return add_note(single, f"loop {L.var.name} has {n} iteration(s): one Block task")
    t = L.var.dtype
    T = Const(tasks, t)
    tv = Var(names.fresh("task"), t)
    q = Var(names.fresh("per_task"), t)
    r = Var(names.fresh("rem"), t)
    b = Var(names.fresh("begin"), t)
    c = Var(names.fresh("count"), t)
    j = Var(names.fresh(L.var.name + "_t"), t)
    inner = Loop(j, c, block(Let(L.var, Binary("+", b, j)), L.body), "serial")
    dist = Loop(tv, T, block(
        Let(q, Binary("/", E, T)), Let(r, Binary("%", E, T)),
        Let(b, Binary("+", Binary("*", tv, q), Binary("min", tv, r))),
        Let(c, Binary("+", q, Select(Compare("<", tv, r), Const(1, t), Const(0, t)))),
        inner), "parallel", "taskId")
    items = items[:pick] + [dist] + items[pick + 1:]
    out = k.with_body(block(items))
    out = set_attr(set_attr(out, "bang.tasks", tasks), "bang.func_type", "union1")
    return set_attr(out, "bang.task_loop", L.var.name)
