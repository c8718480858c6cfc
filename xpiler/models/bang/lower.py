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
from ...ir.expr import (Address, Binary, Call, Cast, Compare, Const, Expr, Load, Select, Unary, Var, as_expr,
                        cast)
from ...ir.kernel import Kernel
from ...ir.names import Names
from ...ir.passes import PassError, register_pass
from ...ir.stmt import Alloc, Barrier, Block, If, IntrinsicCall, Let, Loop, Stmt, Store, While, block
from ...ir.transforms.dead_store import eliminate_dead_stores
from ...ir.transforms.vector_constants import forward_vector_constants
from ...ir.transforms.lane_sums import raise_lane_sums
from ...ir.transforms.simplify import simplify, simplify_expr
from ...ir.transforms.util import buffers_read, buffers_written
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


# ------------------------------------------------------------------------------------------ registry

IMPLEMENTATION = "bang"


def bang_pass(name: str):
    """Register `fn` as implementation ``bang`` of pass `name` (what the BANG target asks for) and,
    when the name is still free, as its default ``symbolic`` implementation."""
    def deco(fn):
        for impl in (IMPLEMENTATION, "symbolic"):
            try:
                register_pass(name, implementation=impl)(fn)
            except PassError:
                pass
        return fn
    return deco


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
    if e.dtype == "int32":
        return e
    if isinstance(e, Const) and dt.is_int(e.dtype):
        return Const(dt.wrap(int(e.value), "int32"), "int32")
    return Cast("int32", e)


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

    def sym(self, e: Expr, targets) -> dict | None:
        """{var: coefficient expression (int64, free of the targets)} or None: like `form` but
        coefficients may be run-time values (row strides such as ``i * K``)."""
        out = self._sym(self.inline(e), frozenset(targets))
        if out is None:
            return None
        return {k: simplify_expr(v) for k, v in out.items()}

    def _sym(self, e: Expr, targets) -> dict | None:
        has = lambda x: any(isinstance(n, Var) and n.name in targets for n in walk(x))
        if not has(e):
            return {}
        if isinstance(e, Var):
            return {e.name: Const(1, "int64")}
        if isinstance(e, Cast) and dt.is_int(e.dtype) and dt.is_int(e.value.dtype):
            return self._sym(e.value, targets)
        if isinstance(e, Unary) and e.op == "-":
            f = self._sym(e.a, targets)
            return None if f is None else {k: Unary("-", v) for k, v in f.items()}
        if isinstance(e, Binary) and dt.is_int(e.dtype):
            if e.op in ("+", "-"):
                a, b = self._sym(e.a, targets), self._sym(e.b, targets)
                if a is None or b is None:
                    return None
                out = dict(a)
                for k, v in b.items():
                    v = v if e.op == "+" else Unary("-", v)
                    out[k] = Binary("+", out[k], v) if k in out else v
                return out
            if e.op == "*":
                if has(e.a) and has(e.b):
                    return None
                lin, other = (e.a, e.b) if has(e.a) else (e.b, e.a)
                f = self._sym(lin, targets)
                if f is None or any(isinstance(n, Load) for n in walk(other)):
                    return None
                return {k: Binary("*", v, cast("int64", other)) for k, v in f.items()}
            if e.op == "<<" and const_int(e.b) is not None:
                f = self._sym(e.a, targets)
                return None if f is None else {k: Binary("*", v, Const(1 << const_int(e.b), "int64"))
                                                for k, v in f.items()}
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


class _RoundTrip(Mutator):
    def visit_Cast(self, e: Cast):
        e = self.generic_visit(e)
        v = e.value
        # (int32)(int64)x with x an int32 is x (a widening and back is exact)
        if isinstance(v, Cast) and dt.is_int(e.dtype) and dt.is_int(v.dtype) and v.value.dtype == e.dtype and \
                dt.is_int(v.value.dtype) and dt.bits(v.dtype) >= dt.bits(e.dtype) and \
                (dt.is_signed(v.dtype) == dt.is_signed(e.dtype) or dt.bits(v.dtype) > dt.bits(e.dtype)):
            return v.value
        return e


def strip_roundtrip_casts(k: Kernel) -> Kernel:
    return k.with_body(_RoundTrip().visit(k.body))


def scalarize_locals(k: Kernel) -> Kernel:
    names = Names(all_names(k))
    body = _ScalarLocals(names).visit(Block((k.body,)))
    return k.with_body(body)


@bang_pass("normalize_bang")
def normalize_bang(k: Kernel) -> Kernel:
    """Simplify, turn single-element locals into lets, drop dead stores and flatten GPU index
    domains (block x thread nests, grid-stride loops) into one parallel loop per map."""
    from .items import fuse_item_loops
    k = simplify(k)
    k = forward_vector_constants(k)
    k = scalarize_locals(k)
    k = eliminate_dead_stores(k)
    k = simplify(k)
    k = raise_lane_sums(k)
    k = fuse_item_loops(k)
    k = scalarize_locals(k)
    k = flatten_domains(k)
    k = simplify(strip_roundtrip_casts(k))
    k = eliminate_dead_stores(k)
    k = simplify(delinearize(k))
    k = wrap_scalar_maps(k)
    return k


def wrap_scalar_maps(k: Kernel) -> Kernel:
    """Top-level straight-line code on single elements (a kernel specialised to one element:
    ``y[0] = f(x[0])``) as a one-iteration loop over element c + z, so that it is staged and
    vectorized like any other element-wise map."""
    items = stmts_of(k.body)
    if not items or not all(isinstance(s, (Let, Store, Alloc)) for s in items):
        return k
    stores = [s for s in items if isinstance(s, Store)]
    if not stores or any(s.buffer.ndim != 1 or const_int(s.indices[0]) is None for s in stores):
        return k
    allocs = [s for s in items if isinstance(s, Alloc)]
    rest = [s for s in items if not isinstance(s, Alloc)]
    names = Names(all_names(k))
    z = Var(names.fresh("z"), "int32")

    class Shift(Mutator):
        def visit_Load(self, e: Load):
            if e.buffer.ndim == 1 and e.buffer.scope == "global" and const_int(e.indices[0]) is not None:
                return Load(e.buffer, (Binary("+", cast("int32", e.indices[0]), z),))
            return self.generic_visit(e)

        def visit_Store(self, st: Store):
            return Store(st.buffer, (Binary("+", cast("int32", st.indices[0]), z),), self.visit(st.value))
    body = [Shift().visit(x) for x in rest]
    return k.with_body(block(allocs, Loop(z, Const(1, "int32"), block(body), "parallel")))


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


def guarded_loads(stmts: list[Stmt], aff: Affine) -> set:
    """(buffer, index) of loads that run only under a select branch (a guarded load: C evaluates
    only the chosen operand), i.e. that no unconditional position also reads."""
    always, maybe = set(), set()

    def visit(e: Expr, cond: bool):
        if isinstance(e, Select):
            visit(e.cond, cond)
            visit(e.then, True)
            visit(e.otherwise, True)
            return
        if isinstance(e, Load):
            key = (e.buffer.name, simplify_expr(aff.inline(linear_index(e.buffer, e.indices))))
            (maybe if cond else always).add(key)
        for f in dataclasses.fields(e):
            x = getattr(e, f.name)
            if isinstance(x, Expr):
                visit(x, cond)
            elif isinstance(x, tuple):
                for y in x:
                    if isinstance(y, Expr):
                        visit(y, cond)
    for st in stmts:
        if isinstance(st, Let):
            visit(st.value, False)
        elif isinstance(st, Store):
            visit(st.value, False)
            for i in st.indices:
                visit(i, False)
    return maybe - always


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
            ch.lets.extend(lets)
            cur = others[0]
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
    if total <= 64:
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
        for _ in range(62):
            points.append({nm: rng.randrange(gvars[nm]) for nm in names})
        points.append({nm: 0 for nm in names})
        points.append({nm: gvars[nm] - 1 for nm in names})
    for env in _sample_env([ext, Xi], names, 3)[:12 if total > 64 else 32]:
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
                bounds.append(simplify_expr(to_i32(bound) - to_i32(rest)))
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
    # accesses with the index's coefficients address element f + rest directly

    class Reindex(Mutator):
        def _index(self, b, idx):
            if b.ndim != 1:
                return None
            lin = linear_index(b, idx)
            if aff.form(lin, targets) != coeffs:
                return None
            rest = aff.rest(lin, targets)
            if any(isinstance(n, Var) and n.name in targets for n in walk(rest)):
                return None
            return (simplify_expr(Binary("+", Cast("int64", f), cast("int64", rest))),)

        def visit(self, node):
            # any integer subexpression that recomposes the linear index is f + rest
            if isinstance(node, Expr) and not isinstance(node, (Const, Var, Load)) and dt.is_int(node.dtype) \
                    and aff.depends(node, targets):
                fm = aff.form(node, targets)
                if fm == coeffs:
                    rest = aff.rest(node, targets)
                    if not any(isinstance(n, Var) and n.name in targets for n in walk(rest)):
                        return cast(node.dtype, simplify_expr(Binary("+", Cast("int64", f), cast("int64", rest))))
            return super().visit(node)

        def visit_Load(self, e: Load):
            idx = self._index(e.buffer, e.indices)
            return Load(e.buffer, idx) if idx is not None else self.generic_visit(e)

        def visit_Store(self, st: Store):
            value = self.visit(st.value)
            idx = self._index(st.buffer, st.indices)
            return Store(st.buffer, idx if idx is not None else tuple(self.visit(i) for i in st.indices), value)

        def visit_Let(self, st: Let):
            return Let(st.var, self.visit(st.value))

    # a comparison that restates a guard (``i < n ? x[i] : 0`` under ``if (i < n)``) holds on the domain
    implied = {simplify_expr(to_i32(b)) for b in bounds[1:]}

    class Implied(Mutator):
        def visit_Compare(self, c: Compare):
            gb = _guard_bounds(c, aff, coeffs, targets)
            if gb is not None and len(gb) == 1 and \
                    simplify_expr(to_i32(gb[0][1]) - to_i32(gb[0][0])) in implied:
                return Const(1, "bool")
            return self.generic_visit(c)

    rb = Reindex()
    lets_items = [rb.visit(Implied().visit(x)) for x in ch.lets]
    body_items = [rb.visit(Implied().visit(x)) for x in ch.body]
    body = block(defs, lets_items, body_items)
    new: Stmt = Loop(f, ext, body, "parallel")
    for g in reversed(outer_guards):
        new = If(g, new)
    return new


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


@bang_pass("flatten_domains")
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


def _independent(L: Loop) -> bool:
    """No loop-carried dependence in a serial loop: every buffer the body writes (and did not
    allocate itself) is accessed at one index form c*v + inner + rest with the same invariant rest
    and inner-loop terms that stay below |c|, so iterations touch disjoint elements."""
    if L.kind == "parallel":
        return True
    body = L.body
    v = L.var.name
    lets = {n.var.name: n.value for n in walk(body) if isinstance(n, Let)}
    inner = {n.var.name: n for n in walk(body) if isinstance(n, Loop)}
    private = {n.buffer.name for n in walk(body) if isinstance(n, Alloc)}
    written = set()
    for n in walk(body):
        if isinstance(n, IntrinsicCall):
            return False
        if isinstance(n, Store) and n.buffer.name not in private:
            written.add(n.buffer.name)
    if not written:
        return False
    aff = Affine(lets)
    targets = [v] + list(inner)
    seen: dict[str, tuple] = {}
    for n in walk(body):
        if isinstance(n, Address) and n.buffer.name in written:
            return False
        if not isinstance(n, (Load, Store)) or n.buffer.name not in written:
            continue
        lin = linear_index(n.buffer, n.indices)
        f = aff.form(lin, targets)
        if f is None or f.get(v, 0) == 0:
            return False
        key = (tuple(sorted(f.items())), aff.rest(lin, targets))
        if n.buffer.name in seen and seen[n.buffer.name] != key:
            return False
        seen[n.buffer.name] = key
        cv = abs(f[v])
        span = 0
        for name, c in f.items():
            if name == v:
                continue
            e = const_int(inner[name].extent)
            if e is None or c < 0:
                return False
            span += c * max(e - 1, 0)
        if span >= cv:
            return False
    return True


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


@bang_pass("bind_tasks")
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
        if _has_barrier(s):
            break
        # statements that only fill the program's own buffers run on every task (each its copy);
        # the loop that writes the kernel's outputs is the one to distribute
        if not (buffers_written(s) & params) and not buffers_written(s) - local_allocs:
            if any(not isinstance(x, (Let, Alloc)) and buffers_written(x) & params for x in items[i + 1:]):
                continue
        if isinstance(s, Loop) and (s.kind == "parallel" or _independent(s)):
            pick = i
        break
    single = set_attr(set_attr(k, "bang.tasks", 1), "bang.func_type", "block")
    if pick is None:
        return add_note(single, "no parallel loop to distribute: one Block task")
    L = items[pick]
    written_in = buffers_written(L)
    for s in items[pick + 1:]:
        if isinstance(s, (Let, Alloc)):
            continue
        if buffers_written(s) or buffers_read(s) & written_in:
            return add_note(single, "statements after the parallel loop depend on it: one Block task")
    for s in items[:pick]:
        if isinstance(s, (Let, Alloc)):
            continue
        if buffers_written(s) - local_allocs:
            return add_note(single, "statements before the parallel loop write global memory: one Block task")
    if const_int(L.extent) is not None and const_int(L.extent) < 4:
        L = _fuse_parallel(L, names)        # too few outer iterations: spread the inner ones too
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
    if n is not None:
        out = set_attr(out, "bang.bounds", tuple(get_attr(k, "bang.bounds", ())) + ((j.name, -(-n // tasks)),))
    return set_attr(out, "bang.task_loop", L.var.name)


# ------------------------------------------------------------------------------------------ vector compiler

class _Vec:
    """A vector operand: elements off .. off + n of an on-chip buffer."""

    def __init__(self, buf: Buffer, off: Expr, temp: bool = False):
        self.buf, self.off, self.temp = buf, off, temp

    @property
    def dtype(self) -> str:
        return self.buf.dtype

    def same(self, other) -> bool:
        return isinstance(other, _Vec) and other.buf.name == self.buf.name and other.off == self.off


class _Scal:
    def __init__(self, e: Expr):
        self.e = e

    @property
    def dtype(self) -> str:
        return self.e.dtype


_VV = {"+": "__bang_add", "-": "__bang_sub", "*": "__bang_mul", "/": "__bang_div", "max": "__bang_maximum",
       "min": "__bang_minimum"}
_VS = {"+": "__bang_add_scalar", "-": "__bang_sub_scalar", "*": "__bang_mul_scalar", "/": "__bang_div"}
_INT_OK = ("+", "-", "*")
_UNARY_CALLS = {"sqrt": "__bang_sqrt", "rsqrt": "__bang_rsqrt", "sin": "__bang_sin", "cos": "__bang_cos",
                "exp2": "__bang_pow2", "log2": "__bang_log", "abs": "__bang_abs", "floor": "__bang_floor"}
_HALF_OK_CALLS = ("abs", "floor")


class VecCompiler:
    """Compiles the straight-line body of a loop over on-chip data (every access unit-stride in the
    loop variable or invariant) into __bang_* calls of `count` elements."""

    def __init__(self, names: Names, var: str, count: Expr, bound: int, pad: bool, aff: Affine, written: set[str]):
        self.names, self.v, self.n, self.bound, self.aff = names, var, count, bound, aff
        self.written = written
        self.stmts: list[Stmt] = []
        self.allocs: list[Alloc] = []
        self.pre: list[Stmt] = []          # invariant lets, before the vector code
        self.env: dict[str, object] = {}   # let var -> operand
        self.free: dict[str, list[Buffer]] = {}
        self.pad = pad
        self.ops = 0
        self.features: set[str] = set()

    # counts
    def count(self, dtype: str) -> Expr:
        if not self.pad:
            return self.n
        L = lanes_of(dtype)
        c = const_int(self.n)
        if c is not None:
            return Const(round_up(c, L), "int32")
        return simplify_expr(Binary("*", Binary("/", Binary("+", to_i32(self.n), Const(L - 1, "int32")),
                                                Const(L, "int32")), Const(L, "int32")))

    def capacity(self, dtype: str) -> int:
        return round_up(self.bound, 64)

    def temp(self, dtype: str) -> _Vec:
        pool = self.free.get(dtype)
        if pool:
            return _Vec(pool.pop(), Const(0, "int32"), True)
        b = Buffer(self.names.fresh("vtmp"), dtype, (max(self.capacity(dtype), 1),), "nram")
        self.allocs.append(Alloc(b))
        return _Vec(b, Const(0, "int32"), True)

    def release(self, op) -> None:
        if isinstance(op, _Vec) and op.temp and not getattr(op, "pinned", False):
            self.free.setdefault(op.dtype, []).append(op.buf)

    def emit(self, name: str, dst: _Vec, *srcs, scalars=(), count: Expr | None = None, extra=()) -> None:
        args = [addr(dst.buf, dst.off)]
        reads = []
        for s in srcs:
            args.append(addr(s.buf, s.off))
            reads.append(s.buf.name)
        args.extend(scalars)
        args.append(count if count is not None else self.count(dst.dtype))
        args.extend(extra)
        self.stmts.append(intrinsic(name, *args, reads=reads, writes=[dst.buf.name]))
        self.ops += 1
        self.features.add("vector")

    def _dst(self, dtype: str, dst: _Vec | None, *used) -> _Vec:
        if dst is not None:
            return dst
        for u in used:
            if isinstance(u, _Vec) and u.temp and u.dtype == dtype and not getattr(u, "pinned", False):
                return u
        return self.temp(dtype)

    # expressions
    def invariant(self, e: Expr) -> bool:
        if self.aff.depends(e, {self.v}):
            return False
        for n in walk(self.aff.inline(e)):
            if isinstance(n, Load) and n.buffer.name in self.written:
                return False
            if isinstance(n, Var) and n.name in self.env:
                return False
        return True

    def compile(self, e: Expr, dst: _Vec | None = None):
        if isinstance(e, Var) and e.name in self.env:
            return self.env[e.name]
        if self.invariant(e):
            return _Scal(e)
        t = e.dtype
        if isinstance(e, Load):
            b = e.buffer
            if not is_onchip(b):
                raise NotLowerable(f"{b.name} is not on chip")
            f = self.aff.form(linear_index(b, e.indices), [self.v])
            if f is None or f.get(self.v, 0) != 1:
                raise NotLowerable(f"access to {b.name} is not unit-stride")
            return _Vec(b, to_i32(self.aff.rest(linear_index(b, e.indices), [self.v])))
        if t not in VEC_TYPES and not (t == "int32" and isinstance(e, Binary) and e.op in _INT_OK):
            raise NotLowerable(f"{t} arithmetic")
        if isinstance(e, Cast):
            src = e.value.dtype
            if src == t:
                return self.compile(e.value, dst)
            # (float)(a < b), (float)(int)(a < b): the comparison's 1 / 0 mask
            inner = e.value.value if isinstance(e.value, Cast) and dt.is_int(src) else e.value
            if dt.is_float(t) and isinstance(inner, Compare) and inner.op in self._CMP and inner.a.dtype == t:
                return self.mask(inner)
            # small-integer arithmetic on comparison results ((int)(x > 0) - (int)(x < 0)) is exact in float
            fl = _int_of_masks_as_float(e.value, t) if dt.is_float(t) and dt.is_int(src) else None
            if fl is not None:
                return self.compile(fl, dst)
            if {src, t} == {"float16", "float32"}:
                a = self.compile(e.value)
                a = self.vec(a, src)
                out = dst if dst is not None else self.temp(t)
                self.emit("__bang_half2float" if t == "float32" else "__bang_float2half_rn", out, a)
                self.release(a)
                return out
            raise NotLowerable(f"cast {src} -> {t}")
        if isinstance(e, Unary) and e.op == "-":
            a = self.compile(e.a)
            out = self._dst(t, dst, a)
            self.emit("__bang_mul_scalar", out, self.vec(a, t), scalars=(Const(-1.0, t),))
            if a is not out:
                self.release(a)
            return out
        if isinstance(e, Binary):
            return self.binary(e, dst)
        if isinstance(e, Select):
            return self.select(e, dst)
        if isinstance(e, Call):
            return self.call(e, dst)
        raise NotLowerable(f"no vector form for {type(e).__name__}")

    def vec(self, op, dtype: str) -> _Vec:
        """A scalar operand broadcast into a temporary (for operations without a scalar form)."""
        if isinstance(op, _Vec):
            return op
        tmp = self.temp(dtype)
        self.fill(tmp, op.e)
        return tmp

    def fill(self, dst: _Vec, value: Expr) -> None:
        self.stmts.append(intrinsic("__bang_write_value", addr(dst.buf, dst.off), self.count(dst.dtype),
                                    cast(dst.dtype, value), writes=[dst.buf.name]))
        self.ops += 1

    def binary(self, e: Binary, dst):
        t = e.dtype
        op = e.op
        if t == "float16" and op not in ("+", "-", "*", "max", "min", "/"):
            raise NotLowerable(f"half {op}")
        # max(x, 0) is a ReLU
        if op == "max" and t in VEC_TYPES:
            for x, z in ((e.a, e.b), (e.b, e.a)):
                if isinstance(z, Const) and z.value == 0.0:
                    a = self.compile(x)
                    if isinstance(a, _Vec):
                        out = self._dst(t, dst, a)
                        self.emit("__bang_relu", out, a)
                        if a is not out:
                            self.release(a)
                        return out
        a = self.compile(e.a)
        b = self.compile(e.b)
        if isinstance(a, _Scal) and isinstance(b, _Scal):
            return _Scal(e)
        if op not in _VV:
            raise NotLowerable(f"operator {op}")
        if isinstance(a, _Vec) and isinstance(b, _Vec):
            out = self._dst(t, dst, a, b)
            self.emit(_VV[op], out, a, b)
        elif isinstance(a, _Vec):
            out = self._dst(t, dst, a)
            if op in _VS:
                self.emit(_VS[op], out, a, scalars=(cast(t, b.e),))
            else:
                bb = self.vec(b, t)
                self.emit(_VV[op], out, a, bb)
                self.release(bb)
        else:
            out = self._dst(t, dst, b)
            if op in ("+", "*"):
                self.emit(_VS[op], out, b, scalars=(cast(t, a.e),))
            elif op == "-" and dt.is_float(t):
                self.emit("__bang_mul_scalar", out, b, scalars=(Const(-1.0, t),))
                if not (isinstance(a.e, Const) and a.e.value == 0.0):     # 0 - x is -x (up to the sign of 0)
                    self.emit("__bang_add_scalar", out, out, scalars=(cast(t, a.e),))
            elif op == "/" and t == "float32" and isinstance(a.e, Const) and a.e.value == 1.0:
                self.emit("__bang_recip", out, b)
            else:
                aa = self.vec(a, t)
                if out is aa:
                    out = self.temp(t)
                self.emit(_VV[op], out, aa, b)
                self.release(aa)
        for x in (a, b):
            if x is not out:
                self.release(x)
        return out

    def select(self, e: Select, dst):
        c, x, y = e.cond, e.then, e.otherwise
        t = e.dtype
        if not isinstance(c, Compare) or t not in VEC_TYPES:
            raise NotLowerable("select")
        op, p, q = c.op, c.a, c.b
        # ReLU: x > 0 ? x : 0
        zero = lambda z: isinstance(z, Const) and z.value == 0.0
        if op in (">", ">=") and p == x and zero(q) and zero(y) or \
                op in ("<", "<=") and q == x and zero(p) and zero(y):
            a = self.compile(x)
            out = self._dst(t, dst, a)
            self.emit("__bang_relu", out, self.vec(a, t))
            return out
        # p > q ? p : q  ==  maxequal(q, p);  p < q ? p : q  ==  minequal(q, p)
        if op in ("<", ">") and ((p == x and q == y) or (p == y and q == x)):
            if p == y:                       # q op' p ? q : p with the flipped comparison
                op, p, q = {"<": ">", ">": "<"}[op], q, p
            name = "__bang_maxequal" if op == ">" else "__bang_minequal"
            a, b = self.compile(q), self.compile(p)
            if isinstance(a, _Scal) and isinstance(b, _Scal):
                return _Scal(e)
            av, bv = self.vec(a, t), self.vec(b, t)
            out = self._dst(t, dst, av, bv)
            self.emit(name, out, av, bv)
            for z in (av, bv):
                if z is not out:
                    self.release(z)
            return out
        # a comparison mask m (1 or 0) blends the branches: a*m + b*(1 - m), exact for finite
        # values; only constant branches (or blends of them) qualify, so no NaN/inf can enter
        if op in ("<", "<=", ">", ">=", "==") and self._finite(x) and self._finite(y):
            m = self.mask(c)
            a, b = self.compile(x), self.compile(y)
            out = self._dst(t, dst, m)
            zero_ = lambda o: isinstance(o, _Scal) and isinstance(o.e, Const) and o.e.value == 0.0
            one_ = lambda o: isinstance(o, _Scal) and isinstance(o.e, Const) and o.e.value == 1.0
            const_ = lambda o: isinstance(o, _Scal) and isinstance(o.e, Const)
            if const_(a) and const_(b) and not zero_(a) and not zero_(b):
                # a*m + b*(1 - m) == (a - b)*m + b, exact for the small constants of a sign-like map
                diff = float(a.e.value) - float(b.e.value)
                if Const(diff, t).value == diff:
                    self.emit("__bang_mul_scalar", out, m, scalars=(Const(diff, t),))
                    self.emit("__bang_add_scalar", out, out, scalars=(cast(t, b.e),))
                    if m is not out:
                        self.release(m)
                    return out
            if zero_(b) or zero_(a):
                keep = a if zero_(b) else b
                if zero_(a):                  # the mask of the other branch: 1 - m
                    self.emit("__bang_mul_scalar", out, m, scalars=(Const(-1.0, t),))
                    self.emit("__bang_add_scalar", out, out, scalars=(Const(1.0, t),))
                    src = out
                else:
                    src = m
                if isinstance(keep, _Scal):
                    if not one_(keep) or src is not out:
                        self.emit("__bang_mul_scalar", out, src, scalars=(cast(t, keep.e),))
                else:
                    self.emit("__bang_mul", out, src, keep)
                    self.release(keep)
                if m is not out:
                    self.release(m)
                return out
            tmp = self.temp(t)
            # tmp = 1 - m
            self.emit("__bang_mul_scalar", tmp, m, scalars=(Const(-1.0, t),))
            self.emit("__bang_add_scalar", tmp, tmp, scalars=(Const(1.0, t),))
            for op_, val, w in (("a", a, m), ("b", b, tmp)):
                if one_(val):
                    continue
                if isinstance(val, _Scal):
                    self.emit("__bang_mul_scalar", w, w, scalars=(cast(t, val.e),))
                else:
                    self.emit("__bang_mul", w, w, val)
                    self.release(val)
            self.emit("__bang_add", out, m, tmp)
            self.release(tmp)
            if m is not out:
                self.release(m)
            return out
        raise NotLowerable("select")

    def _finite(self, e: Expr) -> bool:
        if isinstance(e, Const):
            return math.isfinite(float(e.value))
        if isinstance(e, Select):
            return self._finite(e.then) and self._finite(e.otherwise)
        return False

    _CMP = {"<": "__bang_lt", "<=": "__bang_le", ">": "__bang_gt", ">=": "__bang_ge", "==": "__bang_eq"}
    _FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}

    def mask(self, c: Compare) -> _Vec:
        """1 / 0 per element (comparisons with NaN give 0, as in C)."""
        t = c.a.dtype
        if t not in VEC_TYPES:
            raise NotLowerable(f"comparison of {t}")
        a, b = self.compile(c.a), self.compile(c.b)
        op = c.op
        if isinstance(a, _Scal) and isinstance(b, _Scal):
            raise NotLowerable("invariant condition")
        if isinstance(a, _Scal):
            a, b, op = b, a, self._FLIP[op]
        out = self.temp(t)
        if isinstance(b, _Scal):
            self.emit(self._CMP[op] + "_scalar", out, a, scalars=(cast(t, b.e),))
        else:
            self.emit(self._CMP[op], out, a, b)
            self.release(b)
        self.release(a)
        return out

    def call(self, e: Call, dst):
        t = e.dtype
        name = e.name
        if name == "fma" and t in VEC_TYPES:
            # a * b + c rounded twice (within an ulp of the fused result)
            return self.binary(Binary("+", Binary("*", e.args[0], e.args[1]), e.args[2]), dst)
        if len(e.args) != 1:
            raise NotLowerable(name)
        a = self.compile(e.args[0])
        if isinstance(a, _Scal):
            return _Scal(e)
        out = self._dst(t, dst, a)
        if t == "float16" and name not in _HALF_OK_CALLS:
            name = "__scalar__" + name
        if name in _UNARY_CALLS:
            self.emit(_UNARY_CALLS[name], out, a)
        elif name == "exp":
            self.emit("__bang_mul_scalar", out, a, scalars=(Const(LOG2E, t),))
            self.emit("__bang_pow2", out, out)
        elif name == "log":
            self.emit("__bang_log", out, a)
            self.emit("__bang_mul_scalar", out, out, scalars=(Const(LN2, t),))
        elif name == "tanh":                  # 1 - 2 / (exp(2x) + 1)
            self.emit("__bang_mul_scalar", out, a, scalars=(Const(2 * LOG2E, t),))
            self.emit("__bang_pow2", out, out)
            self.emit("__bang_add_scalar", out, out, scalars=(Const(1.0, t),))
            self.emit("__bang_recip", out, out)
            self.emit("__bang_mul_scalar", out, out, scalars=(Const(-2.0, t),))
            self.emit("__bang_add_scalar", out, out, scalars=(Const(1.0, t),))
        else:
            # no accurate vector form (erf, expm1, ...): the function element by element on chip
            if a is not out:
                self.stmts.append(memcpy(out.buf, out.off, a.buf, a.off, self.n, NRAM2NRAM))
            ev = Var(self.names.fresh("e"), "int32")
            at = (lambda b, off: elem(b, simplify_expr(Binary("+", to_i32(off), ev))))
            self.stmts.append(Loop(ev, to_i32(self.n), Store(out.buf, at(out.buf, out.off),
                                                             Call(e.name, (Load(out.buf, at(out.buf, out.off)),),
                                                                  e.precision))))
            self.features.add("scalar-on-chip")
        if a is not out:
            self.release(a)
        return out

    # statements
    def store_into(self, target: _Vec, value: Expr) -> None:
        op = self.compile(value, target)
        if isinstance(op, _Vec):
            if op.same(target):
                return
            self.stmts.append(memcpy(target.buf, target.off, op.buf, op.off, self.n, NRAM2NRAM))
            self.ops += 1
            self.release(op)
        else:
            self.fill(target, op.e)

    def let(self, s: Let) -> None:
        if self.invariant(s.value):
            self.pre.append(s)
            return
        if s.var.dtype not in VEC_TYPES:
            return          # index arithmetic: the affine analysis sees through it
        op = self.compile(s.value)
        if isinstance(op, _Scal):
            self.pre.append(s)
            return
        if not op.temp and op.buf.name in self.written:
            tmp = self.temp(op.dtype)
            self.stmts.append(memcpy(tmp.buf, tmp.off, op.buf, op.off, self.n, NRAM2NRAM))
            op = tmp
        op.pinned = True
        self.env[s.var.name] = op


def _int_of_masks_as_float(e: Expr, t: str, depth: int = 0) -> Expr | None:
    """An integer expression of comparison results and small constants (+, -, *), as the same
    arithmetic in float type `t` (exact: the values are small integers), or None."""
    if depth > 6:
        return None
    if isinstance(e, Const) and dt.is_int(e.dtype) and abs(int(e.value)) < 1024:
        return Const(float(e.value), t)
    if isinstance(e, Cast) and dt.is_int(e.dtype):
        if isinstance(e.value, Compare) and e.value.a.dtype == t:
            return Cast(t, e.value)
        if dt.is_int(e.value.dtype):
            return _int_of_masks_as_float(e.value, t, depth + 1)
        return None
    if isinstance(e, Unary) and e.op == "-":
        a = _int_of_masks_as_float(e.a, t, depth + 1)
        return None if a is None else Unary("-", a)
    if isinstance(e, Binary) and e.op in ("+", "-", "*"):
        a, b = _int_of_masks_as_float(e.a, t, depth + 1), _int_of_masks_as_float(e.b, t, depth + 1)
        return None if a is None or b is None else Binary(e.op, a, b)
    return None


def reduction_of(st: Store, aff: Affine, v: str):
    """(kind, f, rebuild) when `st` is acc = combine(acc, f(v)) at an index invariant in v:
    kind sum / max / min; rebuild(r) gives the stored value with f replaced by r."""
    acc = Load(st.buffer, st.indices)
    val = st.value
    t = st.buffer.dtype
    if t not in VEC_TYPES:
        return None
    uses_acc = lambda e: any(isinstance(n, Load) and n.buffer.name == st.buffer.name for n in walk(e))
    if isinstance(val, Binary) and val.op in ("+", "max", "min"):
        for x, f in ((val.a, val.b), (val.b, val.a)):
            if x == acc and not uses_acc(f):
                kind = {"+": "sum", "max": "max", "min": "min"}[val.op]
                op = val.op
                first = x is val.a
                return kind, f, (lambda r, op=op, first=first: Binary(op, acc, r) if first else Binary(op, r, acc))
    if isinstance(val, Select) and isinstance(val.cond, Compare):
        c = val.cond
        # f > acc ? f : acc  /  acc < f ? f : acc  (a NaN f keeps acc, as argmax ignores NaN)
        for op, kind in ((">", "max"), ("<", "min")):
            flip = {">": "<", "<": ">"}[op]
            f = val.then
            if val.otherwise == acc and not uses_acc(f) and (
                    (c.op == op and c.a == f and c.b == acc) or (c.op == flip and c.a == acc and c.b == f)):
                cond_op, ca = c.op, c.a
                return kind, f, (lambda r, cond_op=cond_op, first=(ca == f): Select(
                    Compare(cond_op, r if first else acc, acc if first else r), r, acc))
    return None


def _inline_single_use(items: list[Stmt]) -> list[Stmt]:
    """A float let used once by the next statement (nothing stored in between) is substituted into it,
    so that its value is computed straight into the store's destination."""
    out = list(items)
    changed = True
    while changed:
        changed = False
        for i, s in enumerate(out[:-1]):
            if not isinstance(s, Let) or not dt.is_float(s.var.dtype):
                continue
            uses = [j for j, x in enumerate(out) if j != i and any(isinstance(n, Var) and n.name == s.var.name
                                                                   for n in walk(x))]
            if len(uses) != 1 or uses[0] != i + 1:
                continue
            nxt = out[i + 1]
            count = sum(1 for n in walk(nxt) if isinstance(n, Var) and n.name == s.var.name)
            if count != 1:
                continue
            out[i + 1] = substitute(nxt, {s.var.name: s.value})
            del out[i]
            changed = True
            break
    return out


def compile_loop(L: Loop, names: Names, bound: int | None, tiles: dict | None = None, positive=()):
    """The vector code for loop L (body: lets and stores over on-chip data), or NotLowerable.
    Returns (allocs, stmts, features)."""
    items = stmts_of(L.body)
    if not map_body(items):
        raise NotLowerable("the body is not straight-line")
    v = L.var.name
    items = _inline_single_use(items)
    lets = {s.var.name: s.value for s in items if isinstance(s, Let)}
    aff = Affine(lets)
    written = written_buffers(items)
    if bound is None:
        bound = const_int(L.extent)
    if bound is None:
        raise NotLowerable("no bound on the trip count")
    if bound <= 0:
        raise NotLowerable("empty loop")
    # reductions and map stores
    reductions = {}
    views = []
    for n, b, idx, is_store in accesses(items):
        f = aff.form(linear_index(b, idx), [v])
        if f is None:
            raise NotLowerable(f"non-affine access to {b.name}")
        c = f.get(v, 0)
        if b.name in written:
            if c == 0:
                continue                        # checked as a reduction below
            if c != 1:
                raise NotLowerable(f"strided store to {b.name}")
        if c == 0:
            continue
        if c != 1:
            raise NotLowerable(f"strided access to {b.name}")
        if not is_onchip(b):
            raise NotLowerable(f"{b.name} is in {b.scope} memory")
        views.append((b, simplify_expr(aff.rest(linear_index(b, idx), [v]))))
    if not independent_map([s for s in items if not (isinstance(s, Store) and reduction_of(s, aff, v))], aff):
        raise NotLowerable("iterations interact")
    for name, idx in guarded_loads(items, aff):
        if aff.depends(idx, [v]):
            raise NotLowerable(f"guarded load of {name}")
    for s in items:
        if isinstance(s, Store):
            f = aff.form(linear_index(s.buffer, s.indices), [v])
            if f.get(v, 0) == 0:
                red = reduction_of(s, aff, v)
                if red is None:
                    raise NotLowerable(f"store to {s.buffer.name} at an invariant index")
                others = [x for x in items if x is not s]
                if any(isinstance(n, (Load, Store)) and n.buffer.name == s.buffer.name
                       for x in others for n in walk(x)):
                    raise NotLowerable(f"accumulator {s.buffer.name} is used elsewhere in the loop")
                reductions[id(s)] = red
    # padding to whole 128-byte rows: only on our own tiles (program buffers may hold live data
    # past the loop's elements)
    tiles = tiles or {}
    pad = bool(views) and all(const_int(off) == 0 and tiles.get(b.name, 0) >= round_up(bound, 64) for b, off in views)
    vc = VecCompiler(names, v, L.extent, bound, pad, aff, written)
    for s in items:
        if isinstance(s, Let):
            vc.let(s)
        elif id(s) in reductions:
            kind, f, rebuild = reductions[id(s)]
            _reduce(vc, s, kind, f, rebuild)
        else:
            b = s.buffer
            off = to_i32(simplify_expr(aff.rest(linear_index(b, s.indices), [v])))
            vc.store_into(_Vec(b, off), s.value)
    if vc.ops == 0:
        raise NotLowerable("nothing to vectorize")
    body: list[Stmt] = list(vc.stmts)
    n = const_int(L.extent)
    if (n is not None and n > 0) or L.var.name in (positive or ()):
        code = block(body)
    else:
        code = If(Compare(">", to_i32(L.extent), Const(0, "int32")), block(body))
    return vc.allocs, block(vc.pre, code), vc.features | ({"reduce"} if reductions else set())


def _reduce(vc: VecCompiler, s: Store, kind: str, f: Expr, rebuild) -> None:
    t = s.buffer.dtype
    L = lanes_of(t)
    op = vc.compile(f)
    if isinstance(op, _Scal):
        raise NotLowerable("reduction of an invariant value")
    r = Buffer(vc.names.fresh("red"), t, (L,), "nram")
    vc.allocs.append(Alloc(r))
    if kind == "sum":
        cap = round_up(vc.bound, L)
        # a zero-padded copy with a whole number of 128-byte rows
        if not (op.temp and const_int(op.off) == 0 and size_of(op.buf) >= cap):
            tmp = vc.temp(t)
            if size_of(tmp.buf) < cap:
                raise NotLowerable("no room for the padded reduction")
            vc.stmts.append(memcpy(tmp.buf, tmp.off, op.buf, op.off, vc.n, NRAM2NRAM))
            op = tmp
        n = vc.n
        rows = Binary("/", Binary("+", to_i32(n), Const(L - 1, "int32")), Const(L, "int32"))
        rows = simplify_expr(rows)
        padded = simplify_expr(Binary("*", rows, Const(L, "int32")))
        tail = simplify_expr(Binary("-", padded, to_i32(n)))
        zero = intrinsic("__bang_write_zero", addr(op.buf, to_i32(n)), tail, writes=[op.buf.name])
        ct = const_int(tail)
        if ct is None:
            vc.stmts.append(If(Compare(">", tail, Const(0, "int32")), zero))
        elif ct > 0:
            vc.stmts.append(zero)
        vc.stmts.append(intrinsic("__bang_sumpool", addr(r, 0), addr(op.buf, op.off), Const(L, "int32"),
                                  Const(1, "int32"), rows, Const(1, "int32"), rows, Const(1, "int32"),
                                  Const(1, "int32"), reads=[op.buf.name], writes=[r.name]))
        vc.stmts.append(intrinsic("__bang_reduce_sum", addr(r, 0), addr(r, 0), Const(L, "int32"),
                                  reads=[r.name], writes=[r.name]))
    else:
        vc.stmts.append(intrinsic("__bang_argmax" if kind == "max" else "__bang_argmin", addr(r, 0),
                                  addr(op.buf, op.off), vc.n, reads=[op.buf.name], writes=[r.name]))
    vc.release(op)
    vc.ops += 2
    vc.features.add("vector")
    vc.stmts.append(Store(s.buffer, s.indices, rebuild(Load(r, (Const(0, "int32"),)))))


# ------------------------------------------------------------------------------------------ stage_nram

def _access_key(b: Buffer, idx, aff: Affine, v: str):
    lin = linear_index(b, idx)
    f = aff.form(lin, [v])
    if f is None:
        return None
    return b.name, f.get(v, 0), simplify_expr(aff.rest(lin, [v]))


class _Staging:
    def __init__(self, k: Kernel, names: Names, share: int):
        self.k, self.names, self.share = k, names, share
        self.allocs: list[Alloc] = []
        self.tiles: dict[str, int] = {}
        self.regions = 0
        self.notes: list[str] = []
        self.bytes = 0
        self.bounds = dict(get_attr(k, "bang.bounds", ()))
        self.positive: set = set()


def _stage_loop(L: Loop, st: _Staging) -> Stmt | None:
    if isinstance(L.extent, (Var, Const)):
        return _stage_inner(L, st)
    # a computed trip count is named once (it appears in every copy and vector call)
    ev = Var(st.names.fresh("n_elems"), L.var.dtype)
    out = _stage_inner(Loop(L.var, ev, L.body, L.kind, L.axis), st)
    return None if out is None else block(Let(ev, L.extent), out)


def _stage_inner(L: Loop, st: _Staging) -> Stmt | None:
    items = stmts_of(L.body)
    if not map_body(items):
        return None
    v = L.var.name
    lets = {s.var.name: s.value for s in items if isinstance(s, Let)}
    aff = Affine(lets)
    written = written_buffers(items)
    operands: dict = {}          # key -> dict(buf, stride, rest, read, write)
    for n, b, idx, is_store in accesses(items):
        key = _access_key(b, idx, aff, v)
        if key is None:
            return None
        _, c, rest = key
        if c == 0:
            continue
        if b.scope != "global" and not (is_onchip(b) and c != 1):
            if not is_onchip(b):
                return None
            continue                                    # unit-stride on-chip: used in place
        if c < 0 or (b.name in written and c != 1 and b.scope != "global"):
            return None
        if b.dtype == "bool":
            return None
        o = operands.setdefault(key, {"buf": b, "stride": c, "rest": rest, "read": False, "write": False})
        o["write" if is_store else "read"] = True
    if not operands:
        return None
    # a load guarded by a select may lie outside the buffer: it cannot be copied in whole
    guarded = {name for name, _ in guarded_loads(items, aff)}
    if any(o["buf"].name in guarded and o["read"] for o in operands.values()):
        st.notes.append(f"loop {v} stays scalar (guarded loads)")
        return None
    # written buffers must be accessed at one element per iteration (or be reduction accumulators)
    red_stores = [s for s in items if isinstance(s, Store) and (_access_key(s.buffer, s.indices, aff, v) or (0, 0))[1] == 0]
    for s in red_stores:
        if reduction_of(s, aff, v) is None:
            return None
    if not independent_map([s for s in items if s not in red_stores], aff):
        return None
    # trip count bound: from the extent, the task split or the on-chip buffers walked with a
    # stride. GDRAM buffer sizes are the verified case's, not the program's: a trip count that
    # depends on run-time values gets capacity-sized tiles and a chunk loop, so the output is
    # right at any size
    bound = const_int(L.extent)
    if bound is None:
        bound = st.bounds.get(v)
    for o in operands.values():
        sz = size_of(o["buf"])
        if sz is not None and o["buf"].scope != "global":
            b = -(-sz // o["stride"])
            bound = b if bound is None else min(bound, b)
    if bound is not None and bound <= 0:
        return None
    t_bytes = max(dt.itemsize(o["buf"].dtype) for o in operands.values())
    ntiles = len(operands) + 3
    cap = max(64, st.share // (ntiles * t_bytes) // 64 * 64)
    if any(o["stride"] != 1 for o in operands.values()):
        cap = min(cap, 65536)
    tile = cap if bound is None else min(cap, round_up(bound, 64))
    names = st.names
    t = "int32"
    E = to_i32(L.extent)
    chunked = bound is None or bound > tile
    if chunked:
        c = Var(names.fresh("chunk"), t)
        base: Expr = Var(names.fresh("base"), t)
        ln: Expr = Var(names.fresh("len"), t)
    else:
        base, ln = Const(0, t), E
    bufs = {}
    for key, o in operands.items():
        b = o["buf"]
        tb = Buffer(names.fresh(f"{b.name}_nram"), b.dtype, (tile,), "nram")
        bufs[key] = tb
    v2 = Var(names.fresh(v + "_v"), L.var.dtype)

    class Rewrite(Mutator):
        def visit_Load(self, e: Load):
            key = _access_key(e.buffer, e.indices, aff, v)
            if key in bufs:
                return Load(bufs[key], (v2,))
            return self.generic_visit(e)

        def visit_Store(self, s: Store):
            value = self.visit(s.value)
            key = _access_key(s.buffer, s.indices, aff, v)
            if key in bufs:
                return Store(bufs[key], (v2,), value)
            return dataclasses.replace(s, value=value, indices=tuple(self.visit(i) for i in s.indices))

    rw = Rewrite()
    new_items = [rw.visit(s) for s in items]
    new_items = [substitute(s, {v: cast(L.var.dtype, Binary("+", base, v2) if chunked else v2)}) for s in new_items]
    inner = Loop(v2, ln if chunked else E, block(new_items), "serial")

    def start(o):
        return simplify_expr(to_i32(o["rest"]) + to_i32(base) * o["stride"]) if chunked else to_i32(o["rest"])

    def copy_in(o, tb):
        if o["stride"] == 1:
            return memcpy(tb, 0, o["buf"], start(o), ln, GDRAM2NRAM if o["buf"].scope == "global" else NRAM2NRAM)
        return memcpy_strided(tb, 0, o["buf"], start(o), ln, 1, o["stride"],
                              GDRAM2NRAM if o["buf"].scope == "global" else NRAM2NRAM)

    def copy_out(o, tb):
        if o["stride"] == 1:
            return memcpy(o["buf"], start(o), tb, 0, ln, NRAM2GDRAM)
        return memcpy_strided(o["buf"], start(o), tb, 0, ln, o["stride"], 1, NRAM2GDRAM)

    # a loop that only copies between GDRAM and on-chip memory is one __memcpy
    direct = None
    only = [x for x in items if not isinstance(x, Let)]
    if len(only) == 1 and isinstance(only[0], Store) and isinstance(only[0].value, Load):
        s0 = only[0]
        kd = _access_key(s0.buffer, s0.indices, aff, v)
        ks = _access_key(s0.value.buffer, s0.value.indices, aff, v)
        if kd and ks and kd[1] == 1 and ks[1] == 1 and s0.buffer.dtype == s0.value.buffer.dtype:
            db, sb = s0.buffer, s0.value.buffer
            if db.scope == "global" and is_onchip(sb) and sb.name != db.name:
                direct = memcpy(db, to_i32(kd[2]), sb, to_i32(ks[2]), E, NRAM2GDRAM)
            elif sb.scope == "global" and is_onchip(db) and sb.name != db.name:
                direct = memcpy(db, to_i32(kd[2]), sb, to_i32(ks[2]), E, GDRAM2NRAM)
    # a copy between two GDRAM buffers goes through one tile: in, then straight out
    if direct is None and len(only) == 1 and isinstance(only[0], Store) and isinstance(only[0].value, Load):
        s0 = only[0]
        kd = _access_key(s0.buffer, s0.indices, aff, v)
        ks = _access_key(s0.value.buffer, s0.value.indices, aff, v)
        if kd in bufs and ks in bufs and s0.buffer.dtype == s0.value.buffer.dtype and kd != ks \
                and s0.buffer.name != s0.value.buffer.name:
            tb = bufs[ks]
            body = [copy_in(operands[ks], tb), copy_out(operands[kd], tb)]
            st.allocs.append(Alloc(tb))
            st.tiles[tb.name] = tile
            st.bytes += tile * dt.itemsize(tb.dtype)
            st.regions += 1
            if chunked:
                return Loop(c, simplify_expr(Binary("/", Binary("+", E, Const(tile - 1, t)), Const(tile, t))), block(
                    Let(base, Binary("*", c, Const(tile, t))),
                    Let(ln, Binary("min", Const(tile, t), Binary("-", E, base))), body))
            n = const_int(E)
            return block(body) if n is not None and n > 0 else If(Compare(">", E, Const(0, t)), block(body))
    if direct is not None:
        st.regions += 1
        n = const_int(E)
        return direct if n is not None and n > 0 else If(Compare(">", E, Const(0, t)), direct)
    # the chunk's computation must vectorize, else the loop stays as it is (scalar on GDRAM)
    tiles = {tb.name: tile for tb in bufs.values()}
    st.positive.add(inner.var.name)
    try:
        compile_loop(inner, Names(set(names.taken)), tile, tiles)
    except NotLowerable as e:
        st.notes.append(f"loop {v} stays scalar ({e})")
        return None
    body = []
    for key, o in operands.items():
        if o["read"]:
            body.append(copy_in(o, bufs[key]))
    body.append(inner)
    for key, o in operands.items():
        if o["write"]:
            body.append(copy_out(o, bufs[key]))
    for tb in bufs.values():
        st.allocs.append(Alloc(tb))
        st.tiles[tb.name] = tile
        st.bytes += tile * dt.itemsize(tb.dtype)
    st.regions += 1
    if chunked:
        out = Loop(c, simplify_expr(Binary("/", Binary("+", E, Const(tile - 1, t)), Const(tile, t))), block(
            Let(base, Binary("*", c, Const(tile, t))),
            Let(ln, Binary("min", Const(tile, t), Binary("-", E, base))), body))
        return out
    n = const_int(E)
    return block(body) if n is not None and n > 0 else If(Compare(">", E, Const(0, t)), block(body))


class _StageMutator(Mutator):
    def __init__(self, st: _Staging):
        self.st = st

    def visit_Loop(self, s: Loop):
        if s.axis == "taskId" or (s.kind == "parallel" and s.axis is not None and s.axis.startswith("task")):
            return self.generic_visit(s)
        out = _stage_loop(s, self.st)
        if out is not None:
            return out
        return self.generic_visit(s)


def _prepend_allocs(k: Kernel, allocs: list[Alloc]) -> Kernel:
    if not allocs:
        return k
    return k.with_body(block(allocs, k.body))


@bang_pass("stage_nram")
def stage_nram(k: Kernel) -> Kernel:
    """Loops whose body is an element-wise map or reduction over GDRAM (unit-stride or strided
    accesses) are tiled: each chunk is copied into NRAM tiles with __memcpy (GDRAM2NRAM, 2D for
    strides), computed there and copied back (NRAM2GDRAM); chunk lengths fit the NRAM budget
    (tail chunk handled). A loop that only copies between GDRAM and on-chip memory becomes one
    __memcpy. Loops whose computation would not vectorize stay as they are."""
    budget = nram_budget(k)
    share = budget // 4
    for _ in range(8):
        st = _Staging(k, Names(all_names(k)), share)
        body = _StageMutator(st).visit(k.body)
        if st.bytes <= budget // 2 or share < 4096:
            break
        share //= 2
    out = _prepend_allocs(k.with_body(body), st.allocs)
    tiles = dict(get_attr(k, "bang.tiles", ()))
    tiles.update(st.tiles)
    out = set_attr(out, "bang.tiles", tuple(sorted(tiles.items())))
    for note in st.notes:
        out = add_note(out, note)
    out = set_attr(out, "bang.positive", tuple(get_attr(k, "bang.positive", ())) + tuple(st.positive))
    return set_attr(out, "bang.staged", get_attr(k, "bang.staged", 0) + st.regions)


# ------------------------------------------------------------------------------------------ tensorize_bang

class _TensorizeMutator(Mutator):
    def __init__(self, names: Names, tiles: dict):
        self.names, self.tiles = names, tiles
        self.allocs: list[Alloc] = []
        self.features: set[str] = set()
        self.count = 0
        self.notes: list[str] = []

    def visit_Loop(self, s: Loop):
        if s.axis is None or s.kind != "parallel":
            items = stmts_of(s.body)
            if map_body(items) and any(isinstance(n, Store) for n in items):
                try:
                    bound = self._bound(s)
                    allocs, code, feats = compile_loop(s, self.names, bound, self.tiles, self.positive)
                except NotLowerable as e:
                    self.notes.append(f"loop {s.var.name} stays scalar ({e})")
                else:
                    self.allocs.extend(allocs)
                    self.features |= feats
                    self.count += 1
                    return code
        return self.generic_visit(s)

    def _bound(self, s: Loop) -> int | None:
        n = const_int(s.extent)
        if n is not None:
            return n
        if s.var.name in self.bounds:
            return self.bounds[s.var.name]
        # staged chunks: the length is at most the tile
        items = stmts_of(s.body)
        caps = [self.tiles[n.buffer.name] for x in items for n in walk(x)
                if isinstance(n, (Load, Store)) and n.buffer.name in self.tiles]
        if caps:
            return min(caps)
        sizes = [size_of(n.buffer) for x in items for n in walk(x)
                 if isinstance(n, (Load, Store)) and is_onchip(n.buffer)]
        sizes = [z for z in sizes if z]
        return min(sizes) if sizes else None


@bang_pass("tensorize_bang")
def tensorize_bang(k: Kernel) -> Kernel:
    """Loops over on-chip data whose body is an element-wise map (+ - * /, max/min, ReLU, exp via
    pow2, sqrt, rsqrt, sin, cos, log, tanh, half<->float casts) or a sum/max/min reduction become
    __bang_* calls on whole vectors (staged chunks padded to 128-byte rows; reductions through
    __bang_sumpool + __bang_reduce_sum or __bang_argmax/argmin)."""
    tiles = dict(get_attr(k, "bang.tiles", ()))
    m = _TensorizeMutator(Names(all_names(k)), tiles)
    m.bounds = dict(get_attr(k, "bang.bounds", ()))
    m.positive = set(get_attr(k, "bang.positive", ()))
    body = m.visit(k.body)
    out = _prepend_allocs(k.with_body(body), m.allocs)
    out = set_attr(out, "bang.tensorized", get_attr(k, "bang.tensorized", 0) + m.count)
    feats = set(get_attr(k, "bang.features", ())) | m.features
    out = set_attr(out, "bang.features", tuple(sorted(feats)))
    for note in m.notes:
        out = add_note(out, note)
    tiles.update({a.buffer.name: size_of(a.buffer) for a in m.allocs})
    return set_attr(out, "bang.tiles", tuple(sorted(tiles.items())))


# ------------------------------------------------------------------------------------------ tensorize_matmul

def _mm_operand(e: Expr):
    """(load, source dtype) of an operand of the product: a load, or a load widened to float."""
    if isinstance(e, Load):
        return e, e.dtype
    if isinstance(e, Cast) and e.dtype == "float32" and isinstance(e.value, Load) and e.value.dtype == "float16":
        return e.value, "float16"
    return None


def _bound_of(extent: Expr, var: str, bounds: dict) -> int | None:
    n = const_int(extent)
    if n is not None:
        return n
    return bounds.get(var)


class _MatmulCtx:
    def __init__(self, k: Kernel, names: Names):
        self.names = names
        self.bounds = dict(get_attr(k, "bang.bounds", ()))
        self.allocs: list[Alloc] = []
        self.count = 0
        self.nram = nram_budget(k) // 2
        self.wram = int(get_attr(k, "bang.wram_bytes", 512 * 1024))
        self.notes: list[str] = []


def _matmul(L1: Loop, ctx: _MatmulCtx) -> Stmt | None:
    items1 = stmts_of(L1.body)
    non1 = [x for x in items1 if not isinstance(x, Let)]
    if len(non1) != 1 or not isinstance(non1[0], Loop) or items1[-1] is not non1[0]:
        return None
    L2 = non1[0]
    items2 = stmts_of(L2.body)
    loops = [x for x in items2 if isinstance(x, Loop)]
    if len(loops) != 1:
        return None
    Lk = loops[0]
    pos = items2.index(Lk)
    pre, post = items2[:pos], items2[pos + 1:]
    if not all(isinstance(x, (Let, Store, Alloc)) for x in pre + post):
        return None
    itemsk = stmts_of(Lk.body)
    stores = [x for x in itemsk if not isinstance(x, Let)]
    if len(stores) != 1 or not isinstance(stores[0], Store):
        return None
    S = stores[0]
    acc = Load(S.buffer, S.indices)
    if S.buffer.dtype != "float32" or not isinstance(S.value, Binary) or S.value.op != "+":
        return None
    prod = S.value.b if S.value.a == acc else S.value.a if S.value.b == acc else None
    if prod is None or not isinstance(prod, Binary) or prod.op != "*":
        return None
    x, y = _mm_operand(prod.a), _mm_operand(prod.b)
    if x is None or y is None or x[1] != y[1]:
        return None
    src_t = x[1]
    lets = {}
    for item in items1 + items2 + itemsk:
        if isinstance(item, Let):
            lets[item.var.name] = item.value
    aff = Affine(lets)
    o1, o2, kv = L1.var.name, L2.var.name, Lk.var.name
    targets = [o1, o2, kv]
    if aff.depends(linear_index(S.buffer, S.indices), [kv]):
        return None
    for ext in (L2.extent, Lk.extent):
        if aff.depends(ext, targets):
            return None
    fx, fy = aff.sym(linear_index(x[0].buffer, x[0].indices), targets), \
        aff.sym(linear_index(y[0].buffer, y[0].indices), targets)
    if fx is None or fy is None or kv not in fx or kv not in fy:
        return None
    # A carries the output row variable m, B the column variable n
    if o1 in fx and o2 not in fx and o2 in fy and o1 not in fy:
        (A, fa), (B, fb), m, n, Lm, Ln = (x[0], fx), (y[0], fy), o1, o2, L1, L2
    elif o2 in fx and o1 not in fx and o1 in fy and o2 not in fy:
        (A, fa), (B, fb), m, n, Lm, Ln = (x[0], fx), (y[0], fy), o2, o1, L2, L1
    elif o1 in fy and o2 not in fy and o2 in fx and o1 not in fx:
        (A, fa), (B, fb), m, n, Lm, Ln = (y[0], fy), (x[0], fx), o1, o2, L1, L2
    elif o2 in fy and o1 not in fy and o1 in fx and o2 not in fx:
        (A, fa), (B, fb), m, n, Lm, Ln = (y[0], fy), (x[0], fx), o2, o1, L2, L1
    else:
        return None
    if const_int(fa[kv]) != 1:
        return None
    if const_int(fb[kv]) == 1:
        layout = "nk"
    elif const_int(fb[n]) == 1:
        layout = "kn"
    else:
        return None
    # the operands are not written anywhere in the nest
    written = {st.buffer.name for st in pre + post + [S] if isinstance(st, Store)}
    if A.buffer.name in written or B.buffer.name in written:
        return None
    for b in (A.buffer, B.buffer):
        if not (b.scope == "global" or is_onchip(b)):
            return None
    # sizes: run-time counts, constant bounds for the buffers
    bounds = ctx.bounds
    # GDRAM buffer sizes are the verified case's: bounds taken from them are checked at run time
    # (other sizes run the scalar nest)
    on_chip = lambda b: size_of(b) if b.scope != "global" else None
    exact = [_bound_of(Lm.extent, m, bounds), _bound_of(Ln.extent, n, bounds), _bound_of(Lk.extent, kv, bounds)]
    hints = [size_of(A.buffer), size_of(B.buffer),
             min((z for z in (size_of(A.buffer), size_of(B.buffer)) if z), default=None)]
    trusted = [e or on_chip(b) for e, b in zip(exact, (A.buffer, B.buffer, A.buffer))]
    Mb, Nb, Kb = (e or h for e, h in zip(trusted, hints))
    if not (Mb and Nb and Kb):
        return None
    s = dt.itemsize(src_t)
    kal = 32 // s
    Kpb, Npb = round_up(Kb, kal), round_up(Nb, 64)
    nram_bytes = Mb * Kpb * s + 2 * Npb * Kpb * s + (Kpb * Npb * s if layout == "kn" else 0) + Mb * Npb * 4
    names = ctx.names
    t = "int32"
    M, N, K = (to_i32(aff.inline(x.extent)) for x in (Lm, Ln, Lk))
    for e in (M, N, K, *fa.values(), *fb.values()):
        if any(isinstance(q, Var) and q.name in lets for q in walk(e)):
            return None
    if not all(trusted) or nram_bytes > ctx.nram or Npb * Kpb * s > ctx.wram:
        # run-time sizes (or too large for one piece): blocks of fixed size, K in chunks
        nest = _MatmulNest(L1, L2, Lk, items1, pre, post, itemsk, S, A, fa, B, fb, m, n, kv, Lm, layout, src_t,
                           aff, M, N, K)
        out = _matmul_blocked(nest, (Mb, Nb, Kb), ctx)
        if out is None:
            ctx.notes.append(f"matmul nest {L1.var.name}: {Mb}x{Nb}x{Kb} cannot be blocked, stays scalar")
        return out

    def pad(e, q):
        c = const_int(e)
        if c is not None:
            return Const(round_up(c, q), t)
        return simplify_expr(Binary("*", Binary("/", Binary("+", e, Const(q - 1, t)), Const(q, t)), Const(q, t)))
    Kp, Np = pad(K, kal), pad(N, 64)
    nb = lambda hint, dtype, n_, scope="nram": Buffer(names.fresh(hint), dtype, (n_,), scope)
    An = nb("mm_a", src_t, Mb * Kpb)
    Bt = nb("mm_bt", src_t, Npb * Kpb)
    Br = nb("mm_br", src_t, Npb * Kpb)
    Bw = nb("mm_w", src_t, Npb * Kpb, "wram")
    Dn = nb("mm_d", "float32", Mb * Npb)
    Bkn = nb("mm_bkn", src_t, Kpb * Npb) if layout == "kn" else None
    zero = {m: Const(0, "int32"), n: Const(0, "int32"), kv: Const(0, "int32")}
    a_off = to_i32(aff.at(linear_index(A.buffer, A.indices), zero))
    b_off = to_i32(aff.at(linear_index(B.buffer, B.indices), zero))
    i32s = lambda e: to_i32(simplify_expr(e))

    def direction(b):
        return GDRAM2NRAM if b.scope == "global" else NRAM2NRAM

    def copy2d(dst, src, off, size_elems, dst_stride, src_stride, segs):
        return intrinsic("__memcpy", addr(dst, 0), addr(src, off), i32s(to_i32(size_elems) * s), Const(direction(src), t),
                         i32s(to_i32(dst_stride) * s), i32s(to_i32(src_stride) * s), i32s(to_i32(segs) - 1),
                         reads=[src.name], writes=[dst.name])

    code: list[Stmt] = []
    if const_int(Kp) != const_int(K) or const_int(K) is None:
        code.append(intrinsic("__bang_write_zero", addr(An, 0), i32s(M * Kp), writes=[An.name]))
    code.append(copy2d(An, A.buffer, a_off, K, Kp, fa[m], M))
    if layout == "nk":
        code.append(intrinsic("__bang_write_zero", addr(Bt, 0), i32s(Np * Kp), writes=[Bt.name]))
        code.append(copy2d(Bt, B.buffer, b_off, K, Kp, fb[n], N))
    else:
        code.append(intrinsic("__bang_write_zero", addr(Bkn, 0), i32s(Kp * Np), writes=[Bkn.name]))
        code.append(copy2d(Bkn, B.buffer, b_off, N, Np, fb[kv], K))
        code.append(intrinsic("__bang_transpose", addr(Bt, 0), addr(Bkn, 0), Kp, Np, reads=[Bkn.name], writes=[Bt.name]))
    code.append(intrinsic("__bang_reshape_filter", addr(Br, 0), addr(Bt, 0), Np, Const(1, t), Const(1, t), Kp,
                          reads=[Bt.name], writes=[Br.name]))
    code.append(memcpy(Bw, 0, Br, 0, i32s(Np * Kp), NRAM2WRAM))
    code.append(intrinsic("__bang_matmul", addr(Dn, 0), addr(An, 0), addr(Bw, 0), M, Kp, Np,
                          reads=[An.name, Bw.name], writes=[Dn.name]))
    cond = Binary("and", Compare(">", M, Const(0, t)), Compare(">", N, Const(0, t)))
    kpos = Compare(">", K, Const(0, t))
    if const_int(K) is not None and const_int(K) > 0:
        staged: Stmt = block(code)
    else:
        staged = block(intrinsic("__bang_write_zero", addr(Dn, 0), i32s(M * Np), writes=[Dn.name]), If(kpos, block(code)))
    cm, cn = const_int(M), const_int(N)
    if not (cm is not None and cm > 0 and cn is not None and cn > 0):
        staged = If(cond, staged)
    # the (m, n) nest keeps its prologue and epilogue; the k loop becomes acc += D[m][n]
    dval = Load(Dn, (to_i32(simplify_expr(Binary("+", Binary("*", Var(m, Lm.var.dtype), Np), Var(n, Ln.var.dtype)))),))
    upd = Store(S.buffer, S.indices, Binary("+", acc, dval))
    kl = [x for x in itemsk if isinstance(x, Let) and not aff.depends(Var(x.var.name, x.var.dtype), [kv])]
    new2 = Loop(L2.var, L2.extent, block(pre, kl, upd, post), L2.kind, L2.axis)
    items1n = [x for x in items1 if x is not L2] + [new2]
    new1 = Loop(L1.var, L1.extent, block(items1n), L1.kind, L1.axis)
    for b in (An, Bt, Br, Bw, Dn) + ((Bkn,) if Bkn is not None else ()):
        ctx.allocs.append(Alloc(b))
    ctx.count += 1
    return block(staged, new1)


@dataclasses.dataclass
class _MatmulNest:
    """A matched matmul nest (see `_matmul`): loops, the accumulation store, the operand loads with
    their index forms over (m, n, k), and the run-time extents."""
    L1: Loop
    L2: Loop
    Lk: Loop
    items1: list
    pre: list
    post: list
    itemsk: list
    S: Store
    A: Load
    fa: dict
    B: Load
    fb: dict
    m: str
    n: str
    kv: str
    Lm: Loop
    layout: str
    src_t: str
    aff: Affine
    M: Expr
    N: Expr
    K: Expr


def _reorderable(x: _MatmulNest) -> bool:
    """The (m, n) iterations touch disjoint elements, so they may run block by block: every buffer
    the nest writes (other than its own locals) is accessed at one index, c*m + n or m + c*n with c
    the other loop's extent."""
    aff = x.aff
    private = {a.buffer.name for a in x.pre if isinstance(a, Alloc)}
    kl = [s for s in x.itemsk if isinstance(s, Let)]
    items = [s for s in x.pre + kl + [x.S] + x.post if isinstance(s, (Let, Store))]
    if not independent_map(items, aff):
        return False
    ext = {x.m: x.M, x.n: x.N}
    for st in items:
        if not isinstance(st, Store) or st.buffer.name in private:
            continue
        f = aff.sym(linear_index(st.buffer, st.indices), [x.m, x.n, x.kv])
        if f is None or set(f) != {x.m, x.n}:
            return False
        unit = [v for v in (x.m, x.n) if const_int(f[v]) == 1]
        if not unit:
            return False
        other = x.n if unit[0] == x.m else x.m
        if simplify_expr(f[other]) != simplify_expr(cast("int64", ext[unit[0]])):
            return False
    return True


def _matmul_blocked(x: _MatmulNest, hints, ctx) -> Stmt | None:
    """The matmul nest in blocks of TM x TN outputs (K in chunks of TK): per block, A and B chunks
    are staged (zero-padded) into NRAM / WRAM, the chunk products summed into an NRAM block with
    __bang_add, and the (m, n) nest restricted to the block reads its results. Tile sizes come from
    the on-chip capacity (the verified sizes only cap them), so any size runs."""
    if not _reorderable(x):
        return None
    t = "int32"
    s = dt.itemsize(x.src_t)
    kal = 32 // s
    Mh, Nh, Kh = hints
    TM, TN, TK = max(1, min(Mh, 128)), min(round_up(Nh, 64), 256), min(round_up(Kh, kal), 512)

    def need(tm, tn, tk):
        return tm * tk * s + 2 * tn * tk * s + (tk * tn * s if x.layout == "kn" else 0) + 2 * tm * tn * 4
    while need(TM, TN, TK) > ctx.nram or TN * TK * s > ctx.wram:
        if TK > max(kal, 64) and TK >= TM:
            TK = round_up(TK // 2, kal)
        elif TM > 8:
            TM //= 2
        elif TN > 64:
            TN //= 2
        elif TK > kal:
            TK = round_up(TK // 2, kal)
        else:
            return None
    names = ctx.names
    aff = x.aff
    nb = lambda hint, dtype, n_, scope="nram": Buffer(names.fresh(hint), dtype, (n_,), scope)
    An = nb("mm_a", x.src_t, TM * TK)
    Bt = nb("mm_bt", x.src_t, TN * TK)
    Br = nb("mm_br", x.src_t, TN * TK)
    Bw = nb("mm_w", x.src_t, TN * TK, "wram")
    Dk = nb("mm_dk", "float32", TM * TN)
    Dn = nb("mm_d", "float32", TM * TN)
    Bkn = nb("mm_bkn", x.src_t, TK * TN) if x.layout == "kn" else None
    C = lambda v: Const(v, t)
    i32s = lambda e: to_i32(simplify_expr(e))

    def chunks(extent, tile, hint):
        c = Var(names.fresh(hint + "_blk"), t)
        b0 = Var(names.fresh(hint + "0"), t)
        ln = Var(names.fresh(hint + "_len"), t)
        count = simplify_expr(Binary("/", Binary("+", extent, C(tile - 1)), C(tile)))
        lets = [Let(b0, Binary("*", c, C(tile))), Let(ln, Binary("min", C(tile), Binary("-", extent, b0)))]
        return c, count, b0, ln, lets

    def direction(b):
        return GDRAM2NRAM if b.scope == "global" else NRAM2NRAM

    def copy2d(dst, src, off, size_elems, dst_stride, src_stride, segs):
        return intrinsic("__memcpy", addr(dst, 0), addr(src, off), i32s(to_i32(size_elems) * s),
                         C(direction(src)), i32s(to_i32(dst_stride) * s), i32s(to_i32(src_stride) * s),
                         i32s(to_i32(segs) - 1), reads=[src.name], writes=[dst.name])

    mc, mcount, m0, ml, mlets = chunks(x.M, TM, "mm_m")
    nc, ncount, n0, nl, nlets = chunks(x.N, TN, "mm_n")
    kc, kcount, k0, kl, klets = chunks(x.K, TK, "mm_k")
    at = {x.m: m0, x.n: n0, x.kv: k0}
    a_off = i32s(aff.at(linear_index(x.A.buffer, x.A.indices), at))
    b_off = i32s(aff.at(linear_index(x.B.buffer, x.B.indices), at))
    kbody: list[Stmt] = list(klets)
    kbody.append(intrinsic("__bang_write_zero", addr(An, 0), C(TM * TK), writes=[An.name]))
    kbody.append(copy2d(An, x.A.buffer, a_off, kl, C(TK), x.fa[x.m], ml))
    if x.layout == "nk":
        kbody.append(intrinsic("__bang_write_zero", addr(Bt, 0), C(TN * TK), writes=[Bt.name]))
        kbody.append(copy2d(Bt, x.B.buffer, b_off, kl, C(TK), x.fb[x.n], nl))
    else:
        kbody.append(intrinsic("__bang_write_zero", addr(Bkn, 0), C(TK * TN), writes=[Bkn.name]))
        kbody.append(copy2d(Bkn, x.B.buffer, b_off, nl, C(TN), x.fb[x.kv], kl))
        kbody.append(intrinsic("__bang_transpose", addr(Bt, 0), addr(Bkn, 0), C(TK), C(TN),
                               reads=[Bkn.name], writes=[Bt.name]))
    kbody.append(intrinsic("__bang_reshape_filter", addr(Br, 0), addr(Bt, 0), C(TN), C(1), C(1), C(TK),
                           reads=[Bt.name], writes=[Br.name]))
    kbody.append(memcpy(Bw, 0, Br, 0, C(TN * TK), NRAM2WRAM))
    kbody.append(intrinsic("__bang_matmul", addr(Dk, 0), addr(An, 0), addr(Bw, 0), ml, C(TK), C(TN),
                           reads=[An.name, Bw.name], writes=[Dk.name]))
    kbody.append(intrinsic("__bang_add", addr(Dn, 0), addr(Dn, 0), addr(Dk, 0), i32s(ml * C(TN)),
                           reads=[Dn.name, Dk.name], writes=[Dn.name]))
    # the (m, n) nest over the block, in its original loop order, reads the block's sums
    mv, nv = Var(x.m, x.Lm.var.dtype), Var(x.n, (x.L2 if x.Lm is x.L1 else x.L1).var.dtype)
    dval = Load(Dn, (i32s(Binary("+", Binary("*", Binary("-", to_i32(mv), m0), C(TN)), Binary("-", to_i32(nv), n0))),))
    acc = Load(x.S.buffer, x.S.indices)
    upd = Store(x.S.buffer, x.S.indices, Binary("+", acc, dval))
    kl_lets = [s_ for s_ in x.itemsk if isinstance(s_, Let) and not aff.depends(Var(s_.var.name, s_.var.dtype), [x.kv])]
    start = {x.m: (m0, ml), x.n: (n0, nl)}
    o1, o2 = x.L1.var, x.L2.var
    v1, v2 = Var(names.fresh(o1.name + "_b"), t), Var(names.fresh(o2.name + "_b"), t)
    inner2 = Loop(v2, start[o2.name][1], block(Let(o2, cast(o2.dtype, Binary("+", start[o2.name][0], v2))),
                                               x.pre, kl_lets, upd, x.post))
    lets1 = [s_ for s_ in x.items1 if isinstance(s_, Let)]
    inner1 = Loop(v1, start[o1.name][1], block(Let(o1, cast(o1.dtype, Binary("+", start[o1.name][0], v1))),
                                               lets1, inner2))
    nbody = block(nlets, intrinsic("__bang_write_zero", addr(Dn, 0), C(TM * TN), writes=[Dn.name]),
                  Loop(kc, kcount, block(kbody)), inner1)
    out = Loop(mc, mcount, block(mlets, Loop(nc, ncount, nbody)))
    for b in (An, Bt, Br, Bw, Dk, Dn) + ((Bkn,) if Bkn is not None else ()):
        ctx.allocs.append(Alloc(b))
    ctx.count += 1
    return out


class _MatmulMutator(Mutator):
    def __init__(self, ctx: _MatmulCtx):
        self.ctx = ctx

    def visit_Loop(self, s: Loop):
        if s.axis != "taskId":
            try:
                out = _matmul(s, self.ctx)
            except (TypeError, ValueError, NotLowerable):
                out = None
            if out is not None:
                return out
        return self.generic_visit(s)


@bang_pass("tensorize_matmul")
def tensorize_matmul(k: Kernel) -> Kernel:
    """A nest for m: for n: (prologue) for k: acc += A[m][k] * B[k][n] (or B[n][k]) (epilogue) over
    float or half data becomes __bang_matmul: A staged row-major into NRAM (2D __memcpy, K padded
    for the filter layout), B staged as [N][K] (__bang_transpose when stored [K][N]), padded to 64
    columns, __bang_reshape_filter, NRAM2WRAM; the product lands in NRAM and the (m, n) nest keeps
    its prologue and epilogue with the k loop replaced by acc += D[m][n]. When a size is a run-time
    value (or the product does not fit on chip) the nest runs in fixed TM x TN blocks with K in
    chunks (`_matmul_blocked`), provided its (m, n) iterations are independent."""
    ctx = _MatmulCtx(k, Names(all_names(k)))
    body = _MatmulMutator(ctx).visit(k.body)
    if not ctx.count:
        out = k
        for note in ctx.notes:
            out = add_note(out, note)
        return out
    out = _prepend_allocs(k.with_body(body), ctx.allocs)
    out = scalarize_locals(out)
    out = simplify(out)
    tiles = dict(get_attr(k, "bang.tiles", ()))
    tiles.update({a.buffer.name: size_of(a.buffer) for a in ctx.allocs})
    out = set_attr(out, "bang.tiles", tuple(sorted(tiles.items())))
    feats = set(get_attr(k, "bang.features", ())) | {"matrix"}
    out = set_attr(out, "bang.features", tuple(sorted(feats)))
    for note in ctx.notes:
        out = add_note(out, note)
    return set_attr(out, "bang.matmuls", ctx.count)


# ------------------------------------------------------------------------------------------ split_guards

def _cond_atoms(e: Expr):
    """The comparisons a condition is built from (through and / or / not)."""
    if isinstance(e, Binary) and e.op in ("and", "or"):
        yield from _cond_atoms(e.a)
        yield from _cond_atoms(e.b)
    elif isinstance(e, Unary) and e.op == "!":
        yield from _cond_atoms(e.a)
    else:
        yield e


def _conditions(items: list[Stmt]):
    for s in items:
        for n in walk(s):
            if isinstance(n, Select):
                yield n.cond
            elif isinstance(n, If):
                yield n.cond


class _ReplaceExpr(Mutator):
    def __init__(self, old: Expr, new: Expr):
        self.old, self.new = old, new

    def visit(self, node):
        if isinstance(node, Expr) and node == self.old:
            return self.new
        return super().visit(node)


def _straight(items: list[Stmt]) -> bool:
    for s in items:
        if isinstance(s, (Let, Store)):
            continue
        if isinstance(s, If) and not any(isinstance(n, (Loop, While, Alloc, IntrinsicCall, Barrier)) for n in walk(s)):
            continue
        return False
    return True


def _split_once(L: Loop, names: Names) -> Stmt | None:
    items = stmts_of(L.body)
    if not _straight(items) or not any(isinstance(n, Store) for s in items for n in walk(s)):
        return None
    v = L.var.name
    lets = {n.var.name: n.value for s in items for n in walk(s) if isinstance(n, Let)}
    aff = Affine(lets)
    t = L.var.dtype
    for cond in _conditions(items):
        for atom in _cond_atoms(cond):
            if isinstance(atom, Const) or atom.dtype != "bool":
                continue
            inl = aff.inline(atom)
            if any(isinstance(n, Load) for n in walk(inl)):
                continue                    # evaluating it up front could read what a guard protects
            if not aff.depends(atom, [v]):
                # unswitch: the loop once with the condition true, once false
                yes = substitute_loop(L, atom, Const(1, "bool"), names)
                no = substitute_loop(L, atom, Const(0, "bool"), names)
                return If(inl, yes, no)
            if not isinstance(atom, Compare) or not dt.is_signed(atom.a.dtype) or \
                    atom.op not in ("<", "<=", ">", ">="):
                continue
            fa, fb = aff.form(atom.a, [v]), aff.form(atom.b, [v])
            if fa is None or fb is None:
                continue
            c = fa.get(v, 0) - fb.get(v, 0)
            if c not in (1, -1):
                continue
            # a - b = c*v + r  (r invariant): the atom as v < p (true below p) or v >= p
            r = simplify_expr(Binary("-", cast("int64", aff.rest(atom.a, [v])), cast("int64", aff.rest(atom.b, [v]))))
            op = atom.op if c == 1 else {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(atom.op)
            if op is None:
                continue
            rr = r if c == 1 else Unary("-", r)      # c*v + r OP 0  <=>  v OP' -r/c
            # v OP -rr  with rr = r for c = 1, and v OP' r for c = -1 (after dividing by -1)
            bound = Unary("-", rr) if c == 1 else r
            if op == "<":
                p, low = bound, True
            elif op == "<=":
                p, low = Binary("+", bound, Const(1, "int64")), True
            elif op == ">=":
                p, low = bound, False
            else:
                p, low = Binary("+", bound, Const(1, "int64")), False
            E = to_i32(L.extent)
            pc = Binary("min", Binary("max", to_i32(simplify_expr(p)), Const(0, "int32")), E)
            pcs = simplify_expr(pc)
            pv = pcs if isinstance(pcs, Const) else Var(names.fresh(v + "_split"), "int32")
            first = substitute_loop(Loop(L.var, cast(t, pv), L.body, L.kind, L.axis), atom,
                                    Const(1 if low else 0, "bool"), names, rename=False)
            v2 = Var(names.fresh(v + "_hi"), t)
            body2 = _ReplaceExpr(atom, Const(0 if low else 1, "bool")).visit(L.body)
            body2 = substitute(body2, {v: Binary("+", v2, cast(t, pv))})
            second = substitute_loop(Loop(v2, cast(t, Binary("-", E, pv)), body2, L.kind, L.axis), atom,
                                     Const(0 if low else 1, "bool"), names)
            return block([] if isinstance(pv, Const) else Let(pv, pcs), first, second)
    return None


def substitute_loop(L: Loop, atom: Expr, value: Const, names: Names, rename: bool = True) -> Stmt:
    from ...ir.transforms.util import rename_declared
    body = _ReplaceExpr(atom, value).visit(L.body)
    out = Loop(L.var, L.extent, body, L.kind, L.axis)
    if rename:
        out = rename_declared(out, names.taken)
    s = simplify(Kernel("tmp", (), out))
    return s.body


class _SplitMutator(Mutator):
    def __init__(self, names: Names):
        self.names = names
        self.count = 0

    def visit_Loop(self, s: Loop):
        if s.axis == "taskId":
            return self.generic_visit(s)
        out = self._split(s, 0)
        return out if out is not None else self.generic_visit(s)

    def _split(self, s: Loop, depth: int):
        if depth >= 4:
            return None
        try:
            out = _split_once(s, self.names)
        except (TypeError, ValueError):
            return None
        if out is None:
            return None
        self.count += 1

        class Again(Mutator):
            def visit_Loop(inner, x: Loop):
                y = self._split(x, depth + 1)
                return y if y is not None else x
        return Again().visit(out)


@bang_pass("split_guards")
def split_guards(k: Kernel) -> Kernel:
    """Conditions of a loop's straight-line body that do not depend on the loop variable unswitch
    the loop (if (c) loop[c=1] else loop[c=0]); comparisons v +- r < X split its iteration range
    at the point where they change (index-set splitting keeps the order, so both are always
    legal). Guarded loads (concatenations, padded borders) become plain loads on each piece."""
    names = Names(all_names(k))
    m = _SplitMutator(names)
    body = m.visit(k.body)
    out = k.with_body(body)
    return set_attr(out, "bang.splits", get_attr(k, "bang.splits", 0) + m.count)


# ------------------------------------------------------------------------------------------ delinearize

def _moduli(L: Loop, aff: Affine) -> list[int]:
    v = L.var.name
    out = []
    for n in walk(L.body):
        if isinstance(n, Binary) and n.op in ("%", "/") and dt.is_int(n.dtype):
            m = const_int(n.b)
            if m is None or m <= 1:
                continue
            if aff.form(n.a, [v]) == {v: 1} and const_int(aff.rest(n.a, [v])) == 0:
                out.append(m)
    return out


def _delinearize(L: Loop, names: Names, depth: int = 0) -> Stmt | None:
    E = const_int(L.extent)
    if E is None or depth > 4 or L.axis is not None:
        return None
    items = stmts_of(L.body)
    lets = {n.var.name: n.value for s in items for n in walk(s) if isinstance(n, Let)}
    aff = Affine(lets)
    for M in sorted(set(_moduli(L, aff)), reverse=True):
        if E % M or M >= E:
            continue
        t = L.var.dtype
        vo, vi = Var(names.fresh(L.var.name + "_o"), t), Var(names.fresh(L.var.name + "_i"), t)
        # integer lets of the index arithmetic are substituted, so that f % M and f / M fold
        pure = {nm: aff.inline(val) for nm, val in lets.items()
                if dt.is_int(val.dtype) and not any(isinstance(q, Load) for q in walk(aff.inline(val)))}
        body = _SubstUses(pure).visit(L.body) if pure else L.body
        body = substitute(body, {L.var.name: Binary("+", Binary("*", vo, Const(M, t)), vi)})
        inner = Loop(vi, Const(M, t), body, L.kind)
        outer = Loop(vo, Const(E // M, t), inner, L.kind)
        outer = simplify(Kernel("tmp", (), outer)).body
        return outer
    return None


class _SubstUses(Mutator):
    """Uses of let variables replaced by their values (the lets themselves stay)."""

    def __init__(self, values: dict):
        self.values = values

    def visit_Var(self, v: Var):
        e = self.values.get(v.name)
        return e if e is not None and e.dtype == v.dtype else v

    def visit_Let(self, s: Let):
        value = self.visit(s.value)
        return s if value is s.value else Let(s.var, value)

    def visit_Loop(self, s: Loop):
        return Loop(s.var, self.visit(s.extent), self.visit(s.body), s.kind, s.axis)


class _Delinearize(Mutator):
    def __init__(self, names):
        self.names = names

    def visit_Loop(self, s: Loop):
        out = _delinearize(s, self.names)
        if out is None:
            return self.generic_visit(s)
        return self.visit(out)


@bang_pass("delinearize")
def delinearize(k: Kernel) -> Kernel:
    """A loop over a flat index f whose body splits it with f % M and f / M (a flattened 2-D
    domain, e.g. rows of a concatenation or a transpose) becomes the nest f / M, f % M (same
    order), so that the row accesses are unit-stride in the inner loop."""
    names = Names(all_names(k))
    return k.with_body(_Delinearize(names).visit(k.body))
