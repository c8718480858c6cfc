"""Lowering a canonical loop program to CUDA / HIP: named passes (program -> program) and the printer.

    gpu_prepare            loops lose their source hardware axes; dead allocations go
    parallelize_independent  serial loops without a cross-iteration dependence (dependence.py, after
                           privatising scalars written before read in every iteration; flat accesses
                           with mixed-radix strides such as transposes, using the loop bounds) become
                           parallel
    bind_gpu               the outermost parallel nest becomes the grid (perfect nests fused; one block
                           per iteration, or blocks of threads over the flattened index when the body
                           has no parallel loop); cheap setup before it that only writes its own
                           storage is recomputed by every block; inside a block the parallel loops
                           become threadIdx.x loops (perfect nests fused, guarded or block-strided; a
                           long loop around short ones (vector lanes) as tiles of rows x lanes), the
                           rest stays uniform
    block_reduce           a uniform serial loop that only accumulates (+ max min) into one location
                           becomes per-thread partials plus a shared-memory tree
    place_memory           block-level buffers: replicated per thread (only uniform writes), registers
                           (every access indexed by the thread), sunk into their one thread loop, or
                           shared (beyond the static shared budget: fixed per-block __device__ pools;
                           run-time sizes bounded by size_bounds, else the device heap);
                           uniform statements with side effects run on thread 0
    insert_barriers        __syncthreads() between block-level parts where one writes what another
                           reads or writes (buffer granularity), never inside thread loops

The bound program is still a sequential loop program (thread loops are parallel loops on
threadIdx.x, the grid a parallel loop on blockIdx.x, thread-0 code an extent-1 thread loop), so
every pass is checked by `ir.verifier.verify` like any other; only the register demotion is a
printing decision (kernel attribute ``gpu_registers``). The kernel attributes ``gpu_block`` /
``gpu_grid`` give the launch.
"""
from __future__ import annotations

import dataclasses
import math

from ..ir import dtypes as dt
from ..ir.analysis.affine import to_poly
from ..ir.analysis.dependence import dependences
from ..ir.buffer import Buffer
from ..ir.expr import Address, Binary, Bitcast, Call, Cast, Compare, Const, Expr, Load, Select, Unary, Var, cast, lt
from ..ir.kernel import Kernel
from ..ir.passes import get_pass, register_pass
from ..ir.printer_c import _PREC, _POSTFIX, _UNARY, INDENT, CPrinter, PrintError
from ..ir.stmt import Alloc, Barrier, Block, If, IntrinsicCall, Let, Loop, Stmt, Store, While, block
from ..ir.transforms.util import all_names, buffers_read, buffers_written, fresh_name, rename
from ..ir.visitor import Mutator, Visitor, children, free_vars, substitute, walk

GRID = "blockIdx.x"
THREAD = "threadIdx.x"
PAR_KINDS = ("parallel", "vectorized")
SHARED_LIMIT = 48 * 1024          # static shared memory per block
LOCAL_LIMIT = 16 * 1024           # per-thread arrays above this live on the device heap
REGISTER_LIMIT = 64               # elements of a demoted per-thread array
MAX_GRID = 65535


# ------------------------------------------------------------------------------------------ helpers

def get_attr(k: Kernel, key: str, default=None):
    return dict(k.attrs).get(key, default)


def with_attrs(k: Kernel, **kv) -> Kernel:
    d = dict(k.attrs)
    d.update(kv)
    return dataclasses.replace(k, attrs=tuple(sorted(d.items())))


def _flat(s) -> list[Stmt]:
    if s is None:
        return []
    if isinstance(s, (list, tuple)):
        return [x for y in s for x in _flat(y)]
    if isinstance(s, Block):
        return [x for y in s.stmts for x in _flat(y)]
    return [s]


def _const(e) -> int | None:
    return int(e.value) if isinstance(e, Const) and dt.is_int(e.dtype) else None


def _pure(e: Expr) -> bool:
    return not any(isinstance(n, (Load, Address)) for n in walk(e))


def _is_thread_loop(s) -> bool:
    return isinstance(s, Loop) and s.axis == THREAD


def _has_par(s) -> bool:
    return any(isinstance(n, Loop) and n.kind in PAR_KINDS for n in walk(s))


def _has_thread_loop(s) -> bool:
    return any(_is_thread_loop(n) for n in walk(s))


def _refs(node) -> set[str]:
    """Buffers a statement reads or writes."""
    return buffers_read(node) | buffers_written(node)


def _declared_allocs(node) -> set[str]:
    return {n.buffer.name for n in walk(node) if isinstance(n, Alloc)}


def _round_block(n: int, max_block: int) -> int:
    if n <= 32:
        return max(n, 1)
    return min(max_block, (n + 31) // 32 * 32)


def _identity(op: str, dtype: str) -> Const:
    if op == "+":
        return Const(0, dtype)
    if dt.is_float(dtype):
        return Const(-math.inf if op == "max" else math.inf, dtype)
    lo, hi = dt.int_range(dtype)
    return Const(lo if op == "max" else hi, dtype)


class _Retarget(Mutator):
    """Every use of buffer `name` refers to `new` (a changed scope or shape)."""

    def __init__(self, name: str, new: Buffer):
        self.name, self.new = name, new

    def visit_Buffer(self, b: Buffer):
        return self.new if b.name == self.name else b


def retarget(node, name: str, new: Buffer):
    return _Retarget(name, new).visit(node)


# -------------------------------------------------------------------- widening (dependence helper)

_WIDE = ("int32", "uint32", "int64", "uint64")


class _Widen(Mutator):
    """Integer arithmetic of 32/64-bit types as int64 without conversions, so that index
    expressions such as ``int64(uint64(n) * uint64(i))`` become polynomials for the dependence test
    (which already assumes that index arithmetic does not wrap)."""

    def visit_Var(self, v):
        return Var(v.name, "int64") if v.dtype in _WIDE else v

    def visit_Const(self, c):
        return Const(c.value, "int64") if c.dtype in _WIDE else c

    def visit_Buffer(self, b):
        return b

    def visit_Cast(self, c):
        x = self.visit(c.value)
        if c.dtype in _WIDE:
            return x if x.dtype == "int64" else Cast("int64", x)
        return Cast(c.dtype, x)

    def visit_Load(self, e):
        out = Load(e.buffer, tuple(self.visit(i) for i in e.indices))
        return Cast("int64", out) if e.buffer.dtype in _WIDE else out

    def visit_Address(self, e):
        return Address(e.buffer, tuple(self.visit(i) for i in e.indices))

    def visit_Bitcast(self, e):
        v = self.visit(e.value)
        if v.dtype != e.value.dtype:
            v = Cast(e.value.dtype, v)
        out = Bitcast(e.dtype, v)
        return Cast("int64", out) if e.dtype in _WIDE else out

    def visit_Call(self, e):
        args = tuple(self.visit(a) for a in e.args)
        return Call(e.name, args, e.precision)

    def visit_Store(self, s):
        v = self.visit(s.value)
        if v.dtype != s.buffer.dtype:
            v = Cast(s.buffer.dtype, v)
        return Store(s.buffer, tuple(self.visit(i) for i in s.indices), v)

    def visit_Let(self, s):
        var = self.visit(s.var)
        v = self.visit(s.value)
        if v.dtype != var.dtype:
            v = Cast(var.dtype, v)
        return Let(var, v)


def _widen(node):
    return _Widen().visit(node)


# -------------------------------------------------------------------------------- gpu_prepare

def _strip_axes(s: Stmt) -> Stmt:
    class M(Mutator):
        def visit_Loop(self, L):
            L2 = self.generic_visit(L)
            return dataclasses.replace(L2, axis=None) if L2.axis is not None else L2
    return M().visit(s)


def _remove_dead_allocs(k: Kernel) -> Kernel:
    used = set()
    for n in walk(k.body):
        if isinstance(n, (Load, Address, Store)):
            used.add(n.buffer.name)
        elif isinstance(n, IntrinsicCall):
            used.update(n.reads)
            used.update(n.writes)

    class M(Mutator):
        def visit_Block(self, b):
            stmts = [self.visit(s) for s in b.stmts if not (isinstance(s, Alloc) and s.buffer.name not in used)]
            return Block(tuple(stmts))
    return k.with_body(M().visit(k.body))


GPU_RESERVED = {"threadIdx", "blockIdx", "blockDim", "gridDim", "warpSize", "half", "half2", "dim3", "uint3",
                "float2", "float4", "int2", "int4", "min", "max", "signbit", "nvcuda", "wmma", "printf", "malloc",
                "free", "memcpy", "memset", "assert", "hip", "size_t"}


@register_pass("gpu_prepare")
def gpu_prepare(program: Kernel) -> Kernel:
    """Loops forget the source's hardware axes (kinds stay); unused allocations are removed; names
    that CUDA/HIP reserve are renamed."""
    k = program.with_body(_strip_axes(program.body))
    k = _remove_dead_allocs(k)
    taken = all_names(k) | GPU_RESERVED
    clash = {n: fresh_name(n + "_v", taken) for n in all_names(k) if n in GPU_RESERVED}
    clash = {n: v for n, v in clash.items() if n not in {p.name for p in k.params}}
    if clash:
        k = k.with_body(rename(k.body, clash))
    return k


# -------------------------------------------------------------------- parallelize_independent

def _while_hazard(body: Stmt) -> bool:
    """A while condition reading a buffer the body writes (dependence.py does not see those reads)."""
    private = _declared_allocs(body)
    written = buffers_written(body) - private
    for n in walk(body):
        if isinstance(n, While) and buffers_read(n.cond) & written:
            return True
    return False


def independent(L: Loop) -> bool:
    """No dependence between iterations of `L` (every distance is 0)."""
    if any(isinstance(n, (Barrier, IntrinsicCall)) for n in walk(L.body)):
        return False
    if buffers_read(L.extent) & buffers_written(L.body):
        return False
    try:
        W = _widen(L)
        if _while_hazard(W.body):
            return False
        deps = dependences(W.body, (W.var.name,))
        return all(_injective(W, name) for name in {b for b, _ in deps})
    except Exception:
        return False


def _injective(L: Loop, name: str) -> bool:
    """Every access of flat buffer `name` in `L` has one index ``off + sum c_k x_k`` over loop
    variables x_k in [0, E_k) (L's and inner ones) with mixed-radix strides c_1 constant,
    c_{k+1} = c_k * E_k (a transpose ``t[h + w * H]`` for h < H): distinct iterations of `L` touch
    distinct elements. The dependence test, which does not use loop bounds, cannot see this."""
    from ..ir.analysis.affine import from_poly
    from ..ir.analysis.dependence import collect_accesses
    accs = [a for a in collect_accesses(L.body) if a.buffer == name]
    if not accs or any(a.indices is None or len(a.indices) != 1 for a in accs):
        return False
    p = _poly(accs[0].indices[0])
    if p is None or any(_poly(a.indices[0]) != p for a in accs[1:]):
        return False
    inner_lets = {n.var.name for n in walk(L.body) if isinstance(n, Let)}
    loops = {L.var.name: L.extent}
    for n in walk(L.body):
        if isinstance(n, Loop):
            loops[n.var.name] = n.extent
    bound = set(loops) | inner_lets
    for e in loops.values():
        if not _pure(e) or free_vars(e) & bound:
            return False
    coeff: dict[str, dict] = {}
    for m, c in p.terms:
        lv = [a for a in m if isinstance(a, Var) and a.name in loops]
        if any(free_vars(a) & bound for a in m if a not in lv):
            return False
        if len(lv) > 1 or (lv and m.count(lv[0]) > 1):
            return False
        if lv:
            rest = tuple(a for a in m if a != lv[0])
            coeff.setdefault(lv[0].name, {})[rest] = c
    if L.var.name not in coeff:
        return False
    from ..ir.analysis.affine import Poly
    cexpr = {v: from_poly(Poly.make(d, "int64")) for v, d in coeff.items()}
    consts = sorted((abs(_const(e)), v) for v, e in cexpr.items() if _const(e) not in (None, 0))
    if not consts or (len(consts) > 1 and consts[0][0] == consts[1][0]):
        return False
    chain, cur = [consts[0][1]], consts[0][1]
    while len(chain) < len(cexpr):
        want = _poly(Binary("*", cexpr[cur], cast("int64", loops[cur])))
        wc = want.constant if want is not None and want.is_constant() else None
        # constant strides may leave gaps: |c_next| >= |c * E| keeps the digits apart
        nxt = [v for v in cexpr if v not in chain and (_poly(cexpr[v]) == want or (
            wc is not None and _const(cexpr[v]) is not None and abs(_const(cexpr[v])) >= abs(want.signed(wc))))]
        if len(nxt) > 1 and all(_const(cexpr[v]) is not None for v in nxt):
            nxt.sort(key=lambda v: abs(_const(cexpr[v])))
            if abs(_const(cexpr[nxt[0]])) == abs(_const(cexpr[nxt[1]])):
                return False
            nxt = nxt[:1]
        if len(nxt) != 1:
            return False
        chain.append(nxt[0])
        cur = nxt[0]
    return True


def _written_first(items: list[Stmt], name: str) -> bool:
    """Every read of one-element buffer `name` in `items` follows a store to it in the same
    execution: the first statement using it stores it, or contains every use and is itself such a
    list (a loop or branch that stores before reading)."""
    uses = [i for i, s in enumerate(items) if name in _refs(s)]
    if not uses:
        return True
    first = items[uses[0]]
    if isinstance(first, Store) and first.buffer.name == name and name not in buffers_read(first):
        return True
    if len(uses) == 1 and isinstance(first, (Loop, While)) and name not in buffers_read(
            first.extent if isinstance(first, Loop) else first.cond):
        return _written_first(_flat(first.body), name)
    if len(uses) == 1 and isinstance(first, If) and name not in buffers_read(first.cond):
        return _written_first(_flat(first.then), name) and _written_first(_flat(first.otherwise), name)
    return False


def _privatize(L: Loop, later: set[str], local_allocs: dict, taken: set[str]) -> Loop:
    """Buffers allocated outside `L` (small local ones) that every iteration writes before it reads
    them and that nothing reads after `L` get a private copy inside the loop."""
    items = _flat(L.body)
    subst = []
    for name, buf in local_allocs.items():
        if name in later or buf.scope not in ("local", "nram", "wram"):
            continue
        shape = buf.const_shape()
        if shape is None or math.prod(shape) != 1:
            continue
        if name not in _refs(L.body) or not _written_first(items, name):
            continue
        subst.append(buf)
    if not subst:
        return L
    body = L.body
    allocs = []
    for buf in subst:
        new = dataclasses.replace(buf, name=fresh_name(buf.name + "_p", taken))
        body = retarget(body, buf.name, new)
        allocs.append(Alloc(new))
    return dataclasses.replace(L, body=block(allocs, _flat(body)))


def _worth(L: Loop) -> bool:
    n = _const(L.extent)
    if n is not None and n <= 1:
        return False
    if not buffers_written(L.body) - _declared_allocs(L.body):
        return False
    return True


class _Parallelizer:
    def __init__(self, k: Kernel, min_extent: int):
        self.taken = all_names(k)
        self.min_extent = min_extent
        self.count = 0

    def stmts(self, items: list[Stmt], later: set[str], allocs: dict) -> list[Stmt]:
        out = []
        allocs = dict(allocs)
        refs_after = [set() for _ in items]
        acc = set()
        for i in range(len(items) - 1, -1, -1):
            refs_after[i] = set(acc)
            acc |= _refs(items[i])
        for i, s in enumerate(items):
            if isinstance(s, Alloc):
                allocs[s.buffer.name] = s.buffer
            out.append(self.stmt(s, later | refs_after[i], allocs))
        return out

    def stmt(self, s: Stmt, later: set[str], allocs: dict) -> Stmt:
        if isinstance(s, Loop):
            if s.kind in ("serial", "unrolled") and _worth(s):
                cand = s
                if not independent(cand):
                    cand = _privatize(s, later, allocs, self.taken)
                if cand is not s or independent(cand):
                    if independent(cand):
                        small = _const(cand.extent) is not None and _const(cand.extent) < self.min_extent
                        if not (small and any(isinstance(n, Loop) and n is not cand and n.kind in ("serial", "unrolled")
                                              and independent(n) for n in walk(cand.body))):
                            self.count += 1
                            return dataclasses.replace(cand, kind="parallel")
            if s.kind in PAR_KINDS:
                return s            # its body runs in one thread (or is sunk / fused when bound)
            return dataclasses.replace(s, body=block(self.stmts(_flat(s.body), later, allocs)))
        if isinstance(s, While):
            # the body runs again: everything it touches is live after any statement of it
            return dataclasses.replace(s, body=block(self.stmts(_flat(s.body), later | _refs(s), allocs)))
        if isinstance(s, If):
            then = block(self.stmts(_flat(s.then), later, allocs))
            other = block(self.stmts(_flat(s.otherwise), later, allocs)) if s.otherwise is not None else None
            return dataclasses.replace(s, then=then, otherwise=other)
        if isinstance(s, Block):
            return block(self.stmts(_flat(s), later, allocs))
        return s


@register_pass("parallelize_independent")
def parallelize_independent(program: Kernel, min_extent: int = 8) -> Kernel:
    """Serial loops whose iterations are independent (dependence analysis, after privatising
    scalars that each iteration writes before reading) become parallel. Loops inside a parallel loop
    are left alone except in the outermost parallel nest (the grid), whose body is a block."""
    p = _Parallelizer(program, min_extent)
    body = _flat(program.body)

    def inside_grid(stmts):
        out = []
        for s in stmts:
            if isinstance(s, Loop) and s.kind in PAR_KINDS:
                out.append(dataclasses.replace(s, body=block(inside_grid(_flat(s.body)))))
            else:
                out.append(s)
        return p.stmts(out, set(), {}) if not any(isinstance(s, Loop) and s.kind in PAR_KINDS for s in stmts) \
            else out
    prelude_ok = all(isinstance(s, Let) and _pure(s.value) for s in body[:-1])
    if body and prelude_ok and isinstance(body[-1], Loop) and body[-1].kind in PAR_KINDS:
        new = body[:-1] + [_descend_nest(body[-1], p)]
    else:
        new = p.stmts(body, set(), {})
        if new and isinstance(new[-1], Loop) and new[-1].kind in PAR_KINDS and _replicable(new[:-1], new[-1]):
            # (setup that bind_gpu recomputes in every block, then) the grid nest
            new[-1] = _descend_nest(new[-1], p)
    return program.with_body(block(new))


def _descend_nest(L: Loop, p: _Parallelizer) -> Loop:
    """Parallelise inside the body of the outermost parallel nest (its innermost level)."""
    items = _flat(L.body)
    lets = [s for s in items if isinstance(s, Let) and _pure(s.value)]
    rest = items[len(lets):]
    if len(rest) == 1 and isinstance(rest[0], Loop) and rest[0].kind in PAR_KINDS and len(lets) == len(items) - 1 \
            and all(isinstance(s, Let) for s in items[:-1]):
        return dataclasses.replace(L, body=block(lets, _descend_nest(rest[0], p)))
    return dataclasses.replace(L, body=block(p.stmts(items, set(), {})))


# ------------------------------------------------------------------------------------- bind_gpu

def _perfect_nest(L: Loop):
    """Loops of the perfect parallel nest starting at `L` (pure lets between them are carried),
    its lets and its innermost body."""
    loops, lets = [L], []
    bound = {L.var.name}
    cur = L.body
    while True:
        items = _flat(cur)
        pre = []
        i = 0
        while i < len(items) and isinstance(items[i], Let) and _pure(items[i].value):
            pre.append(items[i])
            i += 1
        if i == len(items) - 1 and isinstance(items[i], Loop) and items[i].kind in PAR_KINDS \
                and not (free_vars(items[i].extent) & (bound | {x.var.name for x in pre})) \
                and not buffers_read(items[i].extent):
            lets += pre
            bound |= {x.var.name for x in pre} | {items[i].var.name}
            loops.append(items[i])
            cur = items[i].body
            continue
        return loops, lets, items


def _fuse(loops: list[Loop], lets: list[Let], taken: set[str], hint: str):
    """One index over the fused nest: (var, extent, statements defining the loops' variables)."""
    if len(loops) == 1:
        return loops[0].var, loops[0].extent, list(lets)
    dtype = "int64" if any(L.var.dtype == "int64" or L.extent.dtype == "int64" for L in loops) else "int32"
    exts = [cast(dtype, L.extent) for L in loops]
    consts = [_const(e) for e in exts]
    if all(c is not None for c in consts) and math.prod(consts) >= 2 ** 31:
        dtype = "int64"
        exts = [cast(dtype, L.extent) for L in loops]
    f = Var(fresh_name(hint, taken), dtype)
    total = exts[0]
    for e in exts[1:]:
        total = _mul(total, e)
    defs = []
    for i, L in enumerate(loops):
        stride = None
        for e in exts[i + 1:]:
            stride = e if stride is None else _mul(stride, e)
        v: Expr = f
        if stride is not None and _const(stride) != 1:
            v = Binary("/", v, stride)
        if i > 0 and _const(exts[i]) != 1:
            v = Binary("%", v, exts[i])
        elif i > 0:
            v = Const(0, dtype)
        defs.append(Let(L.var, cast(L.var.dtype, v)))
    return f, total, defs + list(lets)


def _mul(a: Expr, b: Expr) -> Expr:
    ca, cb = _const(a), _const(b)
    if ca is not None and cb is not None:
        return Const(ca * cb, a.dtype)
    if ca == 1:
        return b
    if cb == 1:
        return a
    return Binary("*", a, b)


def _thread_loop(L: Loop, taken: set[str]) -> Loop:
    loops, lets, body = _perfect_nest(L)
    var, ext, defs = _fuse(loops, lets, taken, "tid")
    return Loop(var, ext, block(defs, body) if (defs or body) else Block(()), "parallel", THREAD)


class _Prefix(Mutator):
    """Accesses of `name` get the leading index `w` (the buffer gained a leading dimension)."""

    def __init__(self, name: str, new: Buffer, w: Var):
        self.name, self.new, self.w = name, new, w

    def visit_Load(self, e):
        idx = tuple(self.visit(i) for i in e.indices)
        if e.buffer.name == self.name:
            return Load(self.new, (self.w,) + idx)
        return Load(e.buffer, idx) if idx != e.indices else e

    def visit_Address(self, e):
        idx = tuple(self.visit(i) for i in e.indices)
        if e.buffer.name == self.name:
            return Address(self.new, (self.w,) + idx)
        return Address(e.buffer, idx) if idx != e.indices else e

    def visit_Store(self, s):
        idx = tuple(self.visit(i) for i in s.indices)
        v = self.visit(s.value)
        if s.buffer.name == self.name:
            return Store(self.new, (self.w,) + idx, v)
        return Store(s.buffer, idx, v)


def _safe_let(s: Let) -> bool:
    """A let that may be evaluated where the source would not evaluate it (no loads, no division
    by a non-constant)."""
    for n in walk(s.value):
        if isinstance(n, (Load, Address)):
            return False
        if isinstance(n, Binary) and n.op in ("/", "%") and _const(n.b) in (None, 0):
            return False
    return True


class _Sinker:
    """`for w par { body }` whose body has parallel loops below other statements, as block-level
    statements: the parallel loop is distributed over the body's statements and moved inward
    through serial loops (a w-dependent trip count becomes the maximum with a guard) and ifs, until
    it sits directly around the inner parallel loops (which then fuse with it). Iterations of a
    parallel loop are independent, so fission and interchange are legal; per-iteration storage used
    by several parts gets a leading dimension of the loop's extent, values (lets) are recomputed or,
    when they read memory, kept in a per-iteration array."""

    MAX_UNROLL = 64

    def __init__(self, taken: set[str]):
        self.taken = taken
        self.pre: list[Stmt] = []

    def sink(self, L: Loop) -> list[Stmt] | None:
        if buffers_read(L.extent):
            return None
        try:
            body = self.items(L.var, L.extent, _flat(L.body), [], [])
        except _NoSink:
            return None
        return self.pre + body

    def fresh(self, name):
        return fresh_name(name, self.taken)

    # statements used by `stmts` among `lets` (transitively), in order
    @staticmethod
    def needed(lets, exprs_stmts) -> list:
        names = set()
        for x in exprs_stmts:
            names |= free_vars(x)
        out = []
        for let, level in reversed(lets):
            if let.var.name in names:
                out.append((let, level))
                names |= free_vars(let.value)
        return list(reversed(out))

    def build(self, w, W, lets, guards, stmts, push_into: Loop | None = None) -> Loop:
        w2 = Var(self.fresh(w.name), w.dtype)
        need = self.needed(lets, list(stmts) + list(guards) + ([push_into] if push_into is not None else []))
        mapping = {w.name: w2.name}
        for let, _ in need:
            mapping[let.var.name] = self.fresh(let.var.name)

        def nest(level, inner):
            here = [l for l, lv in need if lv == level]
            if level == len(guards):
                return here + inner
            return here + [If(guards[level], block(nest(level + 1, inner)))]
        if push_into is not None:
            # every value goes inside the inner parallel loop, so that the two loops nest perfectly
            P = push_into
            body = block(dataclasses.replace(P, body=block(nest(0, _flat(P.body)))))
        else:
            body = block(nest(0, list(stmts)))
        return Loop(w2, W, rename(body, mapping), "parallel")

    def items(self, w: Var, W: Expr, items: list[Stmt], lets: list, guards: list) -> list[Stmt]:
        lets = list(lets)
        level = len(guards)
        # groups: runs of statements without parallel loops, and single statements with them
        groups, run = [], []
        for s in items:
            if isinstance(s, (Let, Alloc)) or not _has_par(s):
                run.append(s)
            else:
                if run:
                    groups.append(run)
                groups.append([s])
                run = []
        if run:
            groups.append(run)
        # storage and impure values used by several groups
        group_of = {}
        for gi, g in enumerate(groups):
            for s in g:
                if isinstance(s, Alloc):
                    group_of[s.buffer.name] = gi
        expand = set()
        allocs_here: list[Stmt] = []      # storage of this level (allocated where the source had it)
        for name, gi in group_of.items():
            if any(name in _refs(block(g)) for gj, g in enumerate(groups) if gj != gi):
                expand.add(name)
        bound_here = {s.var.name for g in groups for s in g if isinstance(s, Let)} | {w.name} | {l.var.name for l, _ in lets}
        for gi, g in enumerate(groups):
            for s in list(g):
                if isinstance(s, Alloc) and s.buffer.name in expand:
                    b = s.buffer
                    if any(free_vars(d) & bound_here for d in b.shape) or any(buffers_read(d) for d in b.shape):
                        raise _NoSink()
                    nb = Buffer(self.fresh(b.name), b.dtype, (W,) + b.shape, b.scope)
                    allocs_here.append(Alloc(nb))
                    groups = [[_Prefix(b.name, nb, w).visit(x) for x in gg if x is not s] for gg in groups]
        promote = {}
        for gi, g in enumerate(groups):
            later = set()
            for gg in groups[gi + 1:]:
                later |= free_vars(block(gg)) if gg else set()
            for s in g:
                if isinstance(s, Let) and not _safe_let(s) and s.var.name in later:
                    arr = Buffer(self.fresh(s.var.name + "_w"), s.var.dtype, (W,), "local")
                    allocs_here.append(Alloc(arr))
                    promote[s.var.name] = arr
        out: list[Stmt] = list(allocs_here)
        for g in groups:
            if len(g) == 1 and not isinstance(g[0], (Let, Alloc)) and _has_par(g[0]):
                out.extend(self.par_stmt(w, W, g[0], lets, guards))
                continue
            body, side = [], False
            for s in g:
                body.append(s)
                if isinstance(s, Let) and s.var.name in promote:
                    body.append(Store(promote[s.var.name], (w,), s.var))
                    side = True
                elif not isinstance(s, (Let, Alloc)):
                    side = True
            if side:
                out.append(_as_thread_loop(self.build(w, W, lets, guards, body), self.taken))
            for s in g:
                if isinstance(s, Let):
                    if s.var.name in promote:
                        lets.append((Let(s.var, Load(promote[s.var.name], (w,))), 0))
                    else:
                        lets.append((s, level))
        return out

    def par_stmt(self, w, W, s: Stmt, lets, guards) -> list[Stmt]:
        all_names_ = {l.var.name for l, _ in lets} | {w.name}
        if isinstance(s, Loop) and s.kind in PAR_KINDS:
            if not (free_vars(s.extent) & all_names_) and not buffers_read(s.extent):
                return [self.build(w, W, lets, guards, [], push_into=s)]
            return [_as_thread_loop(self.build(w, W, lets, guards, [s]), self.taken)]
        if isinstance(s, Loop):
            ext = s.extent
            if not (free_vars(ext) & all_names_) and not buffers_read(ext):
                return [dataclasses.replace(s, kind="serial", body=block(self.items(w, W, _flat(s.body), lets, guards)))]
            n = _const(W)
            if n is not None and 1 <= n <= self.MAX_UNROLL and _pure(ext):
                e = ext
                for let, _ in reversed(self.needed(lets, [ext])):
                    e = substitute(e, {let.var.name: let.value})
                if _pure(e) and not (free_vars(e) & (all_names_ - {w.name})):
                    from ..ir.transforms.simplify import simplify_expr
                    terms = [simplify_expr(substitute(e, {w.name: Const(c, w.dtype)})) for c in range(n)]
                    if all(_const(t) is not None for t in terms):
                        mx = Const(max(_const(t) for t in terms), ext.dtype)
                    else:
                        mx = terms[0]
                        for t in terms[1:]:
                            mx = mx if t == mx else Binary("max", mx, t)
                    guard = lt(s.var, ext)
                    return [dataclasses.replace(s, kind="serial", extent=mx,
                                                body=block(self.items(w, W, _flat(s.body), lets, guards + [guard])))]
            return [_as_thread_loop(self.build(w, W, lets, guards, [s]), self.taken)]
        if isinstance(s, If):
            c = s.cond
            if not (free_vars(c) & all_names_) and _pure(c):
                return [If(c, block(self.items(w, W, _flat(s.then), lets, guards)),
                           block(self.items(w, W, _flat(s.otherwise), lets, guards)) if s.otherwise is not None else None)]
            if not _pure(c):
                arr = Buffer(self.fresh("cond_w"), "bool", (W,), "local")
                out = [Alloc(arr), _as_thread_loop(self.build(w, W, lets, guards, [Store(arr, (w,), c)]), self.taken)]
                c = Load(arr, (w,))
            else:
                out = []
            out += self.items(w, W, _flat(s.then), lets, guards + [c])
            if s.otherwise is not None:
                out += self.items(w, W, _flat(s.otherwise), lets, guards + [Unary("!", c)])
            return out
        return [_as_thread_loop(self.build(w, W, lets, guards, [s]), self.taken)]


class _NoSink(Exception):
    pass


def _as_thread_loop(L: Loop, taken: set[str]) -> Loop:
    """A parallel loop whose body is run by one thread per iteration."""
    return dataclasses.replace(L, axis=THREAD)


def _bind_par(s: Loop, taken: set[str]) -> list[Stmt]:
    loops, lets, inner = _perfect_nest(s)
    if not _has_par(block(inner)) if inner else True:
        return [_thread_loop(s, taken)]
    var, ext, defs = _fuse(loops, lets, taken, "tid")
    n = _const(ext)
    if n is None or n > _Sinker.MAX_UNROLL:
        # many iterations (rows of a matrix ...) with short inner parallel loops (vector lanes):
        # a uniform loop over tiles of rows, each tile's rows x lanes on the threads
        width = _inner_width(inner)
        tiled = _tile_sink(var, ext, defs, inner, width, taken) if width is not None else None
        if tiled is not None:
            return tiled
        # else one thread per iteration, their inner parallel loops serial
        return [_thread_loop(s, taken)]
    F = Loop(var, ext, block(defs, inner) if (defs or inner) else Block(()), "parallel")
    res = _Sinker(taken).sink(F)
    if res is None:
        return [_thread_loop(s, taken)]
    return _bind_block(res, taken)


TILE_THREADS = 256      # rows x lanes of a tile (_tile_sink)


def _inner_width(inner: list[Stmt]) -> int | None:
    """The largest extent of the parallel loops in `inner` when all are short constants."""
    w = 1
    for n in walk(block(inner)):
        if isinstance(n, Loop) and n.kind in PAR_KINDS:
            c = _const(n.extent)
            if c is None or c > _Sinker.MAX_UNROLL:
                return None
            w = max(w, c)
    return w


def _tile_sink(var: Var, ext: Expr, defs: list[Stmt], inner: list[Stmt], width: int, taken: set[str]):
    """``for var < ext par { inner }`` as a uniform loop over tiles of TILE_THREADS // width
    iterations whose parallel loop is sunk into the inner parallel loops (_Sinker), or None."""
    tw = max(1, min(_Sinker.MAX_UNROLL, TILE_THREADS // max(width, 1)))
    dtype = ext.dtype
    to = Var(fresh_name(var.name + "_o", taken), dtype)
    ti = Var(fresh_name(var.name + "_i", taken), dtype)
    twc = Const(tw, dtype)
    n = _const(ext)
    trips = Const(-(-n // tw), dtype) if n is not None else Binary("/", Binary("+", ext, Const(tw - 1, dtype)), twc)
    body = block(defs, inner)
    if not (n is not None and n % tw == 0):
        body = If(lt(var, ext), body)
    F = Loop(ti, twc, block(Let(var, Binary("+", Binary("*", to, twc), cast(dtype, ti))), body), "parallel")
    res = _Sinker(taken).sink(F)
    if res is None:
        return None
    bound = _bind_block(res, taken)
    if any(isinstance(x, Loop) and x.kind in PAR_KINDS and x.axis is None for x in walk(block(bound))):
        return None         # lanes still serial (under a while ...): a thread per iteration is better
    return [Loop(to, trips, block(bound), "serial")]


def _bind_block(items: list[Stmt], taken: set[str], sink: bool = True) -> list[Stmt]:
    out = []
    for s in items:
        if _is_thread_loop(s):
            out.append(s)
        elif isinstance(s, Loop) and s.kind in PAR_KINDS:
            out.extend(_bind_par(s, taken) if sink else [_thread_loop(s, taken)])
        elif isinstance(s, Loop) and _has_par(s.body):
            out.append(dataclasses.replace(s, body=block(_bind_block(_flat(s.body), taken, sink))))
        elif isinstance(s, While) and _has_par(s.body):
            out.append(dataclasses.replace(s, body=block(_bind_block(_flat(s.body), taken, sink))))
        elif isinstance(s, If) and _has_par(s):
            out.append(dataclasses.replace(s, then=block(_bind_block(_flat(s.then), taken, sink)),
                                           otherwise=block(_bind_block(_flat(s.otherwise), taken, sink))
                                           if s.otherwise is not None else None))
        elif isinstance(s, Block):
            out.extend(_bind_block(_flat(s), taken, sink))
        else:
            out.append(s)
    return out


def _block_context(items: list[Stmt]):
    """Statements of a block context that are not inside a thread loop (recursively)."""
    for s in items:
        yield s
        if _is_thread_loop(s):
            continue
        if isinstance(s, (Loop, While)):
            yield from _block_context(_flat(s.body))
        elif isinstance(s, If):
            yield from _block_context(_flat(s.then))
            yield from _block_context(_flat(s.otherwise))


def _choose_block(items: list[Stmt], default_block: int, max_block: int) -> int:
    ext, dynamic = 1, False
    for s in _block_context(items):
        if _is_thread_loop(s):
            n = _const(s.extent)
            if n is None:
                dynamic = True
            else:
                ext = max(ext, n)
        elif isinstance(s, Loop) and match_reduction(s) is not None:
            dynamic = True
    if ext > max_block:
        return default_block
    t = _round_block(ext, max_block)
    return max(t, default_block) if dynamic else t


def _grid_estimate(k: Kernel, per_block: int) -> int:
    sizes = [math.prod(b.const_shape() or (1,)) for b in k.buffers]
    return max(1, min(1024, -(-max(sizes + [1]) // max(per_block, 1))))


REPLICATE_LIMIT = 4096      # statement executions of setup code that every block may repeat


def _cost(s) -> float:
    if isinstance(s, (list, tuple)):
        return sum(_cost(x) for x in s)
    if isinstance(s, Block):
        return _cost(list(s.stmts))
    if isinstance(s, Loop):
        n = _const(s.extent)
        return math.inf if n is None else max(n, 0) * max(_cost(s.body), 1)
    if isinstance(s, While):
        return math.inf
    if isinstance(s, If):
        return 1 + max(_cost(s.then), _cost(s.otherwise) if s.otherwise is not None else 0)
    return 1


def _replicable(setup: list[Stmt], main: Loop) -> bool:
    """Whether every block may run `setup` itself before its share of `main`: it only writes
    storage it allocates (so blocks cannot race), is cheap, has no barriers or intrinsics, and
    `main` writes nothing that `setup` reads (`main` is parallel: its iterations never read what
    another iteration writes, so a per-block copy of the setup's storage serves them all)."""
    mine = _declared_allocs(block(setup))
    if buffers_written(block(setup)) - mine:
        return False
    if any(isinstance(n, Alloc) and n.buffer.scope == "shared" for n in walk(block(setup))):
        return False        # the source's iterations share a block on purpose (warps of one block)
    if any(isinstance(n, (Barrier, IntrinsicCall)) for n in walk(block(setup))):
        return False
    if buffers_read(block(setup)) & buffers_written(main):
        return False
    return _cost(setup) <= REPLICATE_LIMIT


@register_pass("bind_gpu")
def bind_gpu(program: Kernel, block_size: int | None = None, default_block: int = 256, max_block: int = 1024,
             max_grid: int = MAX_GRID, grid: int | None = None, sink_parallel: bool = True) -> Kernel:
    """Bind parallel loops to the grid (blockIdx.x) and to threads (threadIdx.x); see the module
    docstring. Sets the kernel attributes gpu_mode (grid | flat | single), gpu_block and gpu_grid."""
    k = program
    taken = all_names(k)
    body = _flat(k.body)
    prelude = []
    i = 0
    while i < len(body) and isinstance(body[i], Let) and _pure(body[i].value):
        prelude.append(body[i])
        i += 1
    rest = body[i:]
    # statements before the last loop that every block may recompute (setup of small local
    # constants): they move into the block context so that the loop still spans the grid
    per_block: list[Stmt] = []
    if len(rest) > 1 and isinstance(rest[-1], Loop) and rest[-1].kind in PAR_KINDS and _replicable(rest[:-1], rest[-1]):
        per_block, rest = rest[:-1], rest[-1:]
    if len(rest) == 1 and isinstance(rest[0], Loop) and rest[0].kind in PAR_KINDS:
        loops, lets, inner = _perfect_nest(rest[0])
        if not _has_par(block(inner)) if inner else True:
            # flat: blocks of threads over the fused index (a grid-mode block context when there is
            # setup that every block recomputes first)
            var, ext, defs = _fuse(loops, lets, taken, "gid")
            n = _const(ext)
            T = block_size or (_round_block(min(n, default_block), max_block) if n is not None else default_block)
            b = Var(fresh_name("bid", taken), ext.dtype)
            t = Var(fresh_name("tid", taken), ext.dtype)
            Tc = Const(T, ext.dtype)
            nblocks = Const(-(-n // T), ext.dtype) if n is not None else Binary("/", Binary("+", ext, Const(T - 1, ext.dtype)), Tc)
            g = Let(var, Binary("+", Binary("*", b, Tc), t))
            guarded = block(defs, inner)
            if not (n is not None and n % T == 0):
                guarded = If(lt(var, ext), guarded)
            tl = Loop(t, Tc, block(g, guarded), "parallel", THREAD)
            nb = _const(nblocks)
            G = grid or (nb if nb is not None and nb <= max_grid else
                         (max_grid if nb is not None else _grid_estimate(k, T)))
            if per_block:
                items = _bind_block(per_block, taken, sink_parallel) + [tl]
                out = block(prelude, Loop(b, nblocks, block(items), "parallel", GRID))
                return with_attrs(k.with_body(out), gpu_mode="grid", gpu_block=T, gpu_grid=G)
            out = block(prelude, Loop(b, nblocks, tl, "parallel", GRID))
            return with_attrs(k.with_body(out), gpu_mode="flat", gpu_block=T, gpu_grid=G)
        var, ext, defs = _fuse(loops, lets, taken, "bid")
        inner_b = _bind_block(per_block + defs + inner, taken, sink_parallel)
        T = block_size or _choose_block(inner_b, default_block, max_block)
        n = _const(ext)
        G = grid or (n if n is not None and n <= max_grid else (max_grid if n is not None else _grid_estimate(k, T * 4)))
        out = block(prelude, Loop(var, ext, block(inner_b), "parallel", GRID))
        return with_attrs(k.with_body(out), gpu_mode="grid", gpu_block=T, gpu_grid=G)
    items = _bind_block(body, taken, sink_parallel)
    T = block_size or _choose_block(items, default_block, max_block)
    return with_attrs(k.with_body(block(items)), gpu_mode="single", gpu_block=T, gpu_grid=1)


# --------------------------------------------------------------------------------- tensorize_mma

MMA = "xp_mma_16x16x16_f16f32"     # IntrinsicCall: one M x N x K f16 tile product of a group of lanes in 16x16x16 steps (gpu_mma.py)


def match_reduction(L: Loop, min_extent: int = 32):
    """(buffer, indices, op, term, lets) when serial loop `L` only accumulates into one location."""
    if L.kind not in ("serial", "unrolled"):
        return None
    n = _const(L.extent)
    if n is not None and n < min_extent:
        return None
    if buffers_read(L.extent):
        return None
    items = _flat(L.body)
    if not items or not isinstance(items[-1], Store) or not all(isinstance(s, Let) for s in items[:-1]):
        return None
    st, lets = items[-1], items[:-1]
    bound = {L.var.name} | {x.var.name for x in lets}
    if any(free_vars(i) & bound for i in st.indices) or any(not _pure(i) for i in st.indices):
        return None
    v = st.value
    if not isinstance(v, Binary) or v.op not in ("+", "max", "min"):
        return None
    acc = Load(st.buffer, st.indices)
    if v.a == acc:
        term = v.b
    elif v.b == acc:
        term = v.a
    else:
        return None
    name = st.buffer.name
    if name in buffers_read(term) or any(name in buffers_read(x.value) for x in lets):
        return None
    if st.buffer.dtype == "bool":
        return None
    return st.buffer, st.indices, v.op, term, lets


def _is_pow2(n: int) -> bool:
    return n > 0 and n & (n - 1) == 0


@register_pass("block_reduce")
def block_reduce(program: Kernel, min_extent: int = 32) -> Kernel:
    """Uniform accumulation loops of a block become per-thread partials in shared memory and a tree
    (float sums are reassociated: the translation is verified with the suite's tolerance)."""
    mode = get_attr(program, "gpu_mode")
    if mode not in ("grid", "single"):
        return program
    T = get_attr(program, "gpu_block")
    taken = all_names(program)
    red_bufs: dict[str, Buffer] = {}

    def red_buffer(dtype):
        if dtype not in red_bufs:
            red_bufs[dtype] = Buffer(fresh_name(f"red_{dtype}", taken), dtype, (T,), "shared")
        return red_bufs[dtype]

    def rewrite(L: Loop, m) -> list[Stmt]:
        acc, idx, op, term, lets = m
        red = red_buffer(acc.dtype)
        vt = L.var.dtype
        t = Var(fresh_name("rt", taken), "int32")
        j = Var(fresh_name("rj", taken), vt)
        tv = cast(vt, t)
        Tc = Const(T, vt)
        chunks = Binary("/", Binary("+", L.extent, Const(T - 1, vt)), Tc)
        if _const(L.extent) is not None:
            chunks = Const(-(-_const(L.extent) // T), vt)
        body = block(Let(L.var, Binary("+", Binary("*", j, Tc), tv)),
                     If(lt(L.var, L.extent), block(lets, Store(red, (t,), Binary(op, Load(red, (t,)), term)))))
        out = [Loop(t, Const(T, "int32"), block(Store(red, (t,), _identity(op, acc.dtype)), Loop(j, chunks, body)),
                    "parallel", THREAD)]
        s = 1
        while s * 2 < T:
            s *= 2
        while s >= 1:
            u = Var(fresh_name("rt", taken), "int32")
            upd = Store(red, (u,), Binary(op, Load(red, (u,)), Load(red, (Binary("+", u, Const(s, "int32")),))))
            if not _is_pow2(T):         # the first step pairs u with u + s < T only
                upd = If(lt(Binary("+", u, Const(s, "int32")), Const(T, "int32")), upd)
            out.append(Loop(u, Const(s, "int32"), upd, "parallel", THREAD))
            s //= 2
        out.append(Store(acc, idx, Binary(op, Load(acc, idx), Load(red, (Const(0, "int32"),)))))
        return out

    count = [0]

    def visit(items: list[Stmt]) -> list[Stmt]:
        out = []
        for s in items:
            if _is_thread_loop(s):
                out.append(s)
                continue
            if isinstance(s, Loop) and T >= 32:
                m = match_reduction(s, min_extent)
                if m is not None:
                    out.extend(rewrite(s, m))
                    count[0] += 1
                    continue
            if isinstance(s, (Loop, While)):
                out.append(dataclasses.replace(s, body=block(visit(_flat(s.body)))))
            elif isinstance(s, If):
                out.append(dataclasses.replace(s, then=block(visit(_flat(s.then))),
                                               otherwise=block(visit(_flat(s.otherwise))) if s.otherwise is not None else None))
            else:
                out.append(s)
        return out

    k = _map_block_context(program, visit)
    if not count[0]:
        return program
    allocs = [Alloc(b) for b in red_bufs.values()]
    k = _map_block_context(k, lambda items: allocs + items)
    return with_attrs(k, gpu_reductions=get_attr(program, "gpu_reductions", 0) + count[0])


def _map_block_context(k: Kernel, fn) -> Kernel:
    """Apply `fn` to the statement list of the block context (the grid loop's body, or the body)."""
    mode = get_attr(k, "gpu_mode")
    body = _flat(k.body)
    if mode == "grid":
        g = body[-1]
        assert isinstance(g, Loop) and g.axis == GRID
        return k.with_body(block(body[:-1], dataclasses.replace(g, body=block(fn(_flat(g.body))))))
    if mode == "single":
        return k.with_body(block(fn(body)))
    return k


def _block_items(k: Kernel) -> list[Stmt]:
    mode = get_attr(k, "gpu_mode")
    body = _flat(k.body)
    if mode == "grid":
        return _flat(body[-1].body)
    if mode == "single":
        return body
    return []


# ---------------------------------------------------------------------------------- place_memory

class _ThreadAccesses(Visitor):
    """Accesses (buffer name -> list of (thread loop, indices with lets substituted)) inside thread
    loops, and buffers accessed by uniform code of the block context."""

    def __init__(self):
        self.in_thread: dict[str, list] = {}
        self.uniform: set[str] = set()
        self.loop = None
        self.lets: dict = {}

    def _note(self, name, indices):
        if self.loop is None:
            self.uniform.add(name)
        else:
            idx = tuple(substitute(i, self.lets) for i in indices) if indices is not None else None
            self.in_thread.setdefault(name, []).append((self.loop, idx))

    def _expr(self, e):
        for n in walk(e):
            if isinstance(n, (Load, Address)):
                self._note(n.buffer.name, n.indices)

    def visit_Loop(self, s):
        self._expr(s.extent)
        if s.axis == THREAD and self.loop is None:
            self.loop, saved = s, dict(self.lets)
            self.visit(s.body)
            self.loop, self.lets = None, saved
        else:
            self.visit(s.body)

    def visit_Let(self, s):
        self._expr(s.value)
        if self.loop is not None:
            self.lets[s.var.name] = substitute(s.value, self.lets)

    def visit_Store(self, s):
        for i in s.indices:
            self._expr(i)
        self._expr(s.value)
        self._note(s.buffer.name, s.indices)

    def visit_If(self, s):
        self._expr(s.cond)
        self.visit(s.then)
        if s.otherwise is not None:
            self.visit(s.otherwise)

    def visit_While(self, s):
        self._expr(s.cond)
        self.visit(s.body)

    def visit_IntrinsicCall(self, s):
        for a in s.args:
            self._expr(a)
        for b in (*s.reads, *s.writes):
            self._note(b, None)

    def visit_Alloc(self, s):
        pass


class _StripIntCasts(Mutator):
    def visit_Cast(self, c):
        x = self.visit(c.value)
        if dt.is_int(c.dtype) and dt.is_int(x.dtype) and dt.bits(c.dtype) >= 32 and dt.bits(x.dtype) >= 32:
            return _as(x, c.dtype)
        return Cast(c.dtype, x)


def _as(x: Expr, dtype: str) -> Expr:
    """`x` as an expression of `dtype` with every wide integer cast removed (for comparisons only)."""
    if x.dtype == dtype:
        return x
    if isinstance(x, Var):
        return Var(x.name, dtype)
    if isinstance(x, Const):
        return Const(x.value, dtype)
    if isinstance(x, Binary) and x.op in ("+", "-", "*", "/", "%"):
        return Binary(x.op, _as(x.a, dtype), _as(x.b, dtype))
    return Cast(dtype, x)


def _recombine(poly_terms: dict) -> dict:
    """(x / c) * c + x % c -> x, repeatedly (monomials of one atom)."""
    changed = True
    while changed:
        changed = False
        for m, c in list(poly_terms.items()):
            if len(m) != 1 or not isinstance(m[0], Binary) or m[0].op != "%" or _const(m[0].b) is None:
                continue
            x, d = m[0].a, _const(m[0].b)
            q = (Binary("/", x, m[0].b),)
            if poly_terms.get(q) == c * d:
                del poly_terms[m], poly_terms[q]
                xm = (x,)
                poly_terms[xm] = poly_terms.get(xm, 0) + c
                if poly_terms[xm] == 0:
                    del poly_terms[xm]
                changed = True
                break
    return poly_terms


def is_thread_index(e: Expr, var: Var) -> bool:
    """Whether index expression `e` (lets substituted) is the thread loop's variable."""
    if not dt.is_int(e.dtype):
        return False
    try:
        x = _as(_StripIntCasts().visit(e), "int64")
        p = to_poly(x)
        terms = _recombine({m: p.signed(c) for m, c in p.terms})
        # an atom may itself be a (x / c) * c + x % c expression kept whole: expand once more
        if len(terms) == 1:
            (m, c), = terms.items()
            if c == 1 and len(m) == 1 and isinstance(m[0], Var) and m[0].name == var.name:
                return True
        return False
    except Exception:
        return False


def _demote_depth(b: Buffer, uses) -> int | None:
    """How many leading dimensions of `b` together are the thread index at every use (the rest is
    one thread's registers), or None."""
    shape = b.const_shape()
    if shape is None or b.ndim == 0:
        return None
    for nd in range(1, min(b.ndim, 3) + 1):
        if math.prod(shape[nd:]) > REGISTER_LIMIT:
            continue
        ok = True
        for L, idx in uses:
            if idx is None or len(idx) < nd:
                ok = False
                break
            lin = idx[0]
            for j in range(1, nd):
                lin = lin * shape[j] + idx[j]
            if not is_thread_index(lin, L.var):
                ok = False
                break
        if ok:
            return nd
    return None


def _always_loads(e: Expr) -> list[Load]:
    """Loads that evaluating `e` always performs (not the unchosen side of a select or the second
    operand of a short-circuit operator)."""
    out = []

    def go(x):
        if isinstance(x, Load):
            out.append(x)
        if isinstance(x, Select):
            go(x.cond)
        elif isinstance(x, Binary) and x.op in ("and", "or"):
            go(x.a)
        else:
            for c in children(x):
                if isinstance(c, Expr):
                    go(c)
    go(e)
    return out


def _poly(e: Expr):
    try:
        return to_poly(_as(_StripIntCasts().visit(_widen(e)), "int64"))
    except Exception:
        return None


def _copy_bound(L: Loop, size, fixed: dict) -> int | None:
    """Elements at most of a buffer of `size` elements when loop `L` of that extent accesses a
    fixed-size buffer at ``off + v`` in every iteration v (off independent of v): any execution in
    which the source stays inside its own fixed-size array has size <= that array's size."""
    if not _pure(L.extent) or _poly(L.extent) != size:
        return None
    v = L.var.name
    lets: dict = {}
    best = None
    items = _flat(L.body)
    while len(items) == 1 and _is_thread_loop(items[0]) and _const(items[0].extent) == 1:
        items = _flat(items[0].body)
    for s in items:
        if isinstance(s, Let):
            loads = _always_loads(s.value)
        elif isinstance(s, Store):
            loads = [Load(s.buffer, s.indices)] + [x for e in (*s.indices, s.value) for x in _always_loads(e)]
        else:
            loads = []
        for ld in loads:
            b = fixed.get(ld.buffer.name)
            if b is None or len(ld.indices) != 1:
                continue
            idx = substitute(ld.indices[0], lets)
            if not _pure(idx) or not dt.is_int(idx.dtype):
                continue
            p = _poly(idx)
            if p is None:
                continue
            lin = {m: p.signed(c) for m, c in p.terms}
            mv = (Var(v, "int64"),)
            if lin.get(mv) != 1 or any(v in free_vars(a) for m in lin if m != mv for a in m):
                continue
            n = math.prod(b.const_shape())
            best = n if best is None else min(best, n)
        if isinstance(s, Let):
            lets[s.var.name] = substitute(s.value, lets)
    return best


def size_bounds(body: Stmt) -> dict[str, int]:
    """Upper bounds (elements) of run-time-sized allocations, from a loop over exactly their
    extent that follows the allocation in the same statement list and walks a fixed-size array
    allocated by the kernel (detensorized copies and transposes of on-chip data: the temporary
    has at most as many elements as the on-chip array it is copied from or to). A parameter's size
    is no bound: the translation must serve other problem sizes."""
    fixed = {n.buffer.name: n.buffer for n in walk(body) if isinstance(n, Alloc) and n.buffer.const_shape() is not None}
    out: dict[str, int] = {}

    def scan(stmts):
        flat = []
        for s in stmts:     # one thread's code (thread 0) runs exactly once: see through it
            if _is_thread_loop(s) and _const(s.extent) == 1:
                flat.extend(_flat(s.body))
            else:
                flat.append(s)
        for i, s in enumerate(flat):
            if not isinstance(s, Alloc) or s.buffer.const_shape() is not None:
                continue
            b = s.buffer
            if not all(_pure(d) for d in b.shape):
                continue
            size = b.shape[0]
            for d in b.shape[1:]:
                size = Binary("*", cast("int64", size), cast("int64", d))
            size = _poly(cast("int64", size))
            if size is None:
                continue
            for x in flat[i + 1:]:
                if isinstance(x, Loop):
                    n = _copy_bound(x, size, fixed)
                    if n is not None:
                        out[b.name] = min(out.get(b.name, n), n)
    for n in walk(body):
        if isinstance(n, Block):
            scan(list(n.stmts))
    if not isinstance(body, Block):
        scan([body])
    return out


def _elements(b: Buffer, bounds: dict) -> int | None:
    shape = b.const_shape()
    return math.prod(shape) if shape is not None else bounds.get(b.name)


def _small(b: Buffer) -> bool:
    """Cheap enough for one copy per thread."""
    shape = b.const_shape()
    return shape is not None and math.prod(shape) * dt.itemsize(b.dtype) <= LOCAL_LIMIT


POOL_BUDGET = 256 * 1024 * 1024     # bytes of __device__ pools in all (the grid shrinks to fit)


@register_pass("place_memory")
def place_memory(program: Kernel, shared_limit: int = SHARED_LIMIT) -> Kernel:
    """Decide where each block-level buffer lives; run uniform side effects on thread 0. Buffers of
    run-time size get a static bound where one can be proven (size_bounds) and then live in shared
    memory or fixed-size __device__ pools like those of constant size; the grid shrinks (blocks
    stride over the grid loop) so that the pools stay within POOL_BUDGET."""
    mode = get_attr(program, "gpu_mode")
    bounds = size_bounds(program.body)
    if bounds:
        program = with_attrs(program, gpu_bounds=tuple(sorted(bounds.items())))
    if mode not in ("grid", "single"):
        return _fit_pools(program, bounds)
    T = get_attr(program, "gpu_block")
    k = program
    taken = all_names(k)
    for _round in range(20):
        items = _block_items(k)
        allocs = {s.buffer.name: s.buffer for s in _block_context(items) if isinstance(s, Alloc)}
        acc = _ThreadAccesses()
        acc.visit(block(items))
        written_in_threads = set()
        for s in _block_context(items):
            if _is_thread_loop(s):
                written_in_threads |= buffers_written(s)
        # per-thread copies only of small buffers: a big or run-time-sized one is the block's, its
        # uniform writes run on thread 0
        replicated = {n for n, b in allocs.items() if b.scope in ("local", "nram", "wram", "sram")
                      and n not in written_in_threads and _small(b)}
        registers, sink, shared = {}, {}, []
        for n, b in allocs.items():
            if n in replicated or b.scope == "shared":
                continue
            uses = acc.in_thread.get(n, [])
            loops = {id(L): L for L, _ in uses}
            depth = None
            if (n not in acc.uniform and uses
                    and all(_const(L.extent) is not None and _const(L.extent) <= T for L in loops.values())):
                depth = _demote_depth(b, uses)
            if depth is not None:
                registers[n] = depth
            elif n not in acc.uniform and len(loops) == 1 and _small(b) \
                    and _sibling_after(items, n, next(iter(loops.values()))):
                sink[n] = next(iter(loops.values()))
            else:
                shared.append(n)
        # uniform statements that write anything but replicated buffers run on thread 0
        private = replicated | set(registers)
        new_items, changed = _wrap_singles(items, private, taken)
        if changed:
            k = _map_block_context(k, lambda _: new_items)
            continue
        break
    # apply: sink, shared / scratch
    items = _block_items(k)
    body = block(items)
    for n, L in sink.items():
        body = _sink_alloc(body, n)
    budget = 1024           # room for the scratch pointers
    scratch = list(get_attr(k, "gpu_scratch", ()))
    originals = [s.buffer.name for s in _block_context(_flat(body))
                 if isinstance(s, Alloc) and s.buffer.scope == "shared"]
    allocs.update({s.buffer.name: s.buffer for s in _block_context(_flat(body)) if isinstance(s, Alloc)})
    for n in originals + shared:
        b = allocs[n]
        shape = b.const_shape()
        elems = _elements(b, bounds)
        size = elems * dt.itemsize(b.dtype) if elems is not None else None
        if size is not None and budget + size <= shared_limit:
            budget += size
            body = retarget(body, n, dataclasses.replace(b, scope="shared"))
        else:
            if shape is not None:
                body = retarget(body, n, dataclasses.replace(b, scope="local"))
            scratch.append(n)
    k = _map_block_context(k, lambda _: _flat(body))
    k = with_attrs(k, gpu_registers=tuple(sorted(registers.items())), gpu_scratch=tuple(sorted(scratch)),
                   gpu_replicated=tuple(sorted(replicated)))
    return _fit_pools(k, bounds)


def _fit_pools(k: Kernel, bounds: dict) -> Kernel:
    """Fewer blocks (a grid-stride loop) when the __device__ pools of all blocks would exceed
    POOL_BUDGET: per block the scratch buffers, per thread the big arrays inside thread loops
    (the printer's choices, GpuPrinter._alloc)."""
    T, G = int(get_attr(k, "gpu_block", 1)), int(get_attr(k, "gpu_grid", 1))
    scratch = set(get_attr(k, "gpu_scratch", ()))
    registers = dict(get_attr(k, "gpu_registers", ()))
    seen = set()

    def visit(s, in_thread):
        if isinstance(s, Alloc) and s.buffer.name not in seen:
            seen.add(s.buffer.name)
            b = s.buffer
            elems = _elements(b, bounds)
            if elems is None or b.name in registers:
                return 0
            size = elems * dt.itemsize(b.dtype)
            if b.name in scratch:
                return size
            if in_thread and b.scope != "shared" and not _small(b):
                return size * T
            return 0
        if _is_thread_loop(s):
            in_thread = True
        return sum(visit(c, in_thread) for c in children(s) if isinstance(c, Stmt))
    per_block = visit(k.body, get_attr(k, "gpu_mode") == "flat")
    if per_block and G * per_block > POOL_BUDGET and get_attr(k, "gpu_mode") in ("grid", "flat"):
        k = with_attrs(k, gpu_grid=max(1, POOL_BUDGET // per_block))
    return k


def _sibling_after(items: list[Stmt], name: str, L: Loop) -> bool:
    """Whether thread loop L follows the allocation of `name` in the same statement list (so it runs
    once per lifetime of the buffer)."""
    for s in walk(block(items)):
        if isinstance(s, Block):
            names = [x.buffer.name for x in s.stmts if isinstance(x, Alloc)]
            if name in names:
                i = names and next(k for k, x in enumerate(s.stmts) if isinstance(x, Alloc) and x.buffer.name == name)
                return any(x is L for x in s.stmts[i + 1:])
    names = [x for x in items if isinstance(x, Alloc) and x.buffer.name == name]
    if names:
        i = items.index(names[0])
        return any(x is L for x in items[i + 1:])
    return False


def _sink_alloc(body: Stmt, name: str) -> Stmt:
    """Move the allocation of `name` into the one thread loop that uses it (a sibling after it)."""
    class M(Mutator):
        def visit_Block(self, b):
            stmts = list(b.stmts)
            for i, s in enumerate(stmts):
                if isinstance(s, Alloc) and s.buffer.name == name:
                    for j in range(i + 1, len(stmts)):
                        if name in _refs(stmts[j]):
                            L = stmts[j]
                            if _is_thread_loop(L):
                                stmts[j] = dataclasses.replace(L, body=block(s, _flat(L.body)))
                                del stmts[i]
                                return Block(tuple(stmts))
                            break
                    return b
            return self.generic_visit(b)
    return M().visit(body)


def _wrap_singles(items: list[Stmt], private: set[str], taken: set[str]):
    changed = [False]

    def single(stmts: list[Stmt]) -> Stmt:
        changed[0] = True
        return Loop(Var(fresh_name("t0", taken), "int32"), Const(1, "int32"), block(stmts), "parallel", THREAD)

    def effectful(s) -> bool:
        return bool(buffers_written(s) - private - _declared_allocs(s))

    def visit(stmts: list[Stmt]) -> list[Stmt]:
        out, run = [], []

        def flush():
            if run:
                out.append(single(list(run)))
                run.clear()
        for s in stmts:
            if _is_thread_loop(s) or isinstance(s, (Alloc, Let, Barrier)):
                flush()
                out.append(s)
            elif _has_thread_loop(s):
                flush()
                if isinstance(s, (Loop, While)):
                    out.append(dataclasses.replace(s, body=block(visit(_flat(s.body)))))
                elif isinstance(s, If):
                    out.append(dataclasses.replace(s, then=block(visit(_flat(s.then))),
                                                   otherwise=block(visit(_flat(s.otherwise)))
                                                   if s.otherwise is not None else None))
                else:
                    out.append(s)
            elif effectful(s):
                run.append(s)
            else:
                flush()
                out.append(s)
        flush()
        return out
    return visit(items), changed[0]


# ------------------------------------------------------------------------------- insert_barriers

class _Barriers:
    def __init__(self, private: set[str]):
        self.private = private
        self.count = 0

    def access(self, s, thread: bool):
        # storage allocated inside a thread loop is the thread's own; block-level storage allocated
        # inside a uniform loop is the same memory in every iteration (shared arrays are static)
        local = {n.buffer.name for L in walk(s) if _is_thread_loop(L) for n in walk(L.body) if isinstance(n, Alloc)}
        r = buffers_read(s) - self.private - local
        w = buffers_written(s) - self.private - local
        return r, w

    @staticmethod
    def conflict(pending, r, w) -> bool:
        pr, pw = pending
        return bool(pw & (r | w)) or bool(pr & w)

    def sync_if_conflict(self, out: list, pending, r, w):
        """Append a block barrier to `out` when reads r / writes w conflict with the pending accesses;
        the pending accesses after it."""
        if not self.conflict(pending, r, w):
            return pending
        out.append(Barrier("block"))
        self.count += 1
        return (set(), set())

    def stmts(self, items: list[Stmt], pending):
        out = []
        for s in items:
            if _is_thread_loop(s) or not _has_thread_loop(s):
                if isinstance(s, (Alloc, Barrier)):
                    out.append(s)
                    if isinstance(s, Barrier):
                        pending = (set(), set())
                    continue
                r, w = self.access(s, _is_thread_loop(s))
                pending = self.sync_if_conflict(out, pending, r, w)
                pending = (pending[0] | r, pending[1] | w)
                out.append(s)
                continue
            # uniform compound statement around thread loops
            if isinstance(s, (Loop, While)):
                head = s.extent if isinstance(s, Loop) else s.cond
                hr = buffers_read(head) - self.private
                pending = self.sync_if_conflict(out, pending, hr, set())
                p0 = (pending[0] | hr, set(pending[1]))
                body, p_end = self.stmts(_flat(s.body), p0)
                br, bw = self.access(s.body, False)
                p_end = self.sync_if_conflict(body, p_end, br | hr, bw)
                out.append(dataclasses.replace(s, body=block(body)))
                pending = (p0[0] | p_end[0], p0[1] | p_end[1])
            elif isinstance(s, If):
                hr = buffers_read(s.cond) - self.private
                pending = self.sync_if_conflict(out, pending, hr, set())
                p0 = (pending[0] | hr, set(pending[1]))
                then, p1 = self.stmts(_flat(s.then), p0)
                other, p2 = (self.stmts(_flat(s.otherwise), p0) if s.otherwise is not None else (None, p0))
                out.append(dataclasses.replace(s, then=block(then), otherwise=block(other) if other is not None else None))
                pending = (p1[0] | p2[0], p1[1] | p2[1])
            else:
                out.append(s)
        return out, pending


@register_pass("insert_barriers")
def insert_barriers(program: Kernel) -> Kernel:
    """__syncthreads() between parts of a block that touch one buffer (one of them writing)."""
    mode = get_attr(program, "gpu_mode")
    if mode not in ("grid", "single"):
        return program
    private = set(get_attr(program, "gpu_replicated", ())) | {n for n, _ in get_attr(program, "gpu_registers", ())}
    bar = _Barriers(private)
    k = program
    if mode == "grid":
        body = _flat(k.body)
        g = body[-1]
        items, p_end = bar.stmts(_flat(g.body), (set(), set()))
        # the grid-stride loop runs the block context again
        br, bw = bar.access(g.body, False)
        bar.sync_if_conflict(items, p_end, br, bw)
        k = k.with_body(block(body[:-1], dataclasses.replace(g, body=block(items))))
    else:
        items, _ = bar.stmts(_flat(k.body), (set(), set()))
        k = k.with_body(block(items))
    return with_attrs(k, gpu_barriers=bar.count)


# ------------------------------------------------------------------------------------------ printer

TARGETS = {
    "cuda": {"header": "#include <cuda_runtime.h>", "fp16": "#include <cuda_fp16.h>", "half": "half",
             "bf16": "__nv_bfloat16", "bf16_header": "#include <cuda_bf16.h>", "warp": 32, "name": "CUDA"},
    "hip": {"header": "#include <hip/hip_runtime.h>", "fp16": "", "half": "_Float16",
            "bf16": "__hip_bfloat16", "bf16_header": "#include <hip/hip_bf16.h>", "warp": 64, "name": "HIP"},
}

_SCALAR_CTYPES = {"int32": "int", "uint32": "unsigned int", "int64": "long long", "uint64": "unsigned long long",
                  "int8": "int8_t", "uint8": "uint8_t", "int16": "int16_t", "uint16": "uint16_t", "bool": "bool",
                  "float32": "float", "float64": "double"}


class GpuPrinter(CPrinter):
    """Prints a bound program (bind_gpu .. insert_barriers) as a CUDA or HIP kernel."""

    def __init__(self, target: str):
        super().__init__(restrict=True)
        self.target = target
        self.t = TARGETS[target]
        self.shared_decls: list[str] = []
        self.uses_half = self.uses_bf16 = self.uses_mma = self.used_shuffle = False

    # ------------------------------------------------------------------ types
    def ctype(self, dtype: str) -> str:
        if dtype == "float16":
            self.uses_half = True
            return self.t["half"]
        if dtype == "bfloat16":
            self.uses_bf16 = True
            return self.t["bf16"]
        return dt.c_type(dtype)

    def _need_type(self, dtype: str) -> None:
        if dtype == "float16":
            self.uses_half = True
        elif dtype == "bfloat16":
            self.uses_bf16 = True

    def param_ctype(self, dtype: str) -> str:
        if dtype in ("float16", "bfloat16"):
            return self.ctype(dtype)
        return _SCALAR_CTYPES.get(dtype, dt.c_type(dtype))

    # ------------------------------------------------------------------ unit
    def kernel_text(self, k: Kernel, source) -> str:
        self.k = k
        self.T = get_attr(k, "gpu_block", 1)
        self.G = get_attr(k, "gpu_grid", 1)
        self.registers = dict(get_attr(k, "gpu_registers", ()))
        self.scratch = set(get_attr(k, "gpu_scratch", ()))
        self.bounds = dict(get_attr(k, "gpu_bounds", ()))
        self.taken = all_names(k)
        self.thread_depth = 0
        self._cleanup: list[list[str]] = []
        self.device_decls: list[str] = []
        lines: list[str] = []
        self._stmts(k.body, lines, 1)
        decls = [INDENT + d for d in self.shared_decls]
        pools = "".join(d + "\n" for d in self.device_decls) + ("\n" if self.device_decls else "")
        return pools + self.signature_gpu(k, source) + " {\n" + "".join(l + "\n" for l in decls + lines) + "}"

    def _pool(self, b: Buffer, t: str, per: int, workers: int, index: str) -> str:
        """A fixed-size slice of a file-scope `__device__` array per worker (block or thread): big
        scratch without the device heap, whose size (8 MiB by default) the host would have to raise."""
        pool = fresh_name(b.name + "_pool", self.taken)
        self.device_decls.append(f"__device__ {t} {pool}[{max(per, 1) * max(workers, 1)}];  "
                                 f"// scratch of {b.name}: {per} per worker x {workers}")
        return f"{t}* {b.name} = {pool} + (size_t)({index}) * {max(per, 1)};"

    def signature_gpu(self, k: Kernel, source) -> str:
        by_name = {p.name: p for p in k.params}
        ps = []
        for sp in source.params:
            p = by_name.get(sp.name)
            dtype = p.target.dtype if p is not None else sp.dtype
            if sp.is_pointer:
                const = "const " if (sp.is_const or (p is not None and p.role == "in")) else ""
                ps.append(f"{const}{self.param_ctype(dtype)}* __restrict__ {sp.name}")
            else:
                ps.append(f"{self.param_ctype(dtype)} {sp.name}")
        return f"__global__ void {source.name}({', '.join(ps)})"

    def unit_gpu(self, body: str, comment: str = "") -> str:
        head = []
        if comment:
            head.append(comment)
        head.append(self.t["header"])
        if self.uses_half and self.t["fp16"]:
            head.append(self.t["fp16"])
        if self.uses_bf16:
            head.append(self.t["bf16_header"])
        if self.uses_mma and self.target == "cuda":
            head.append("#include <mma.h>")
        head += ["#include <math.h>", "#include <stdint.h>", "#include <stdlib.h>", "#include <string.h>", ""]
        helpers = []
        if self.uses_half and self.target == "cuda":
            h = self.t["half"]
            helpers += [f"static __device__ __forceinline__ float xp_h2f({h} v) {{ return __half2float(v); }}",
                        f"static __device__ __forceinline__ {h} xp_f2h(float v) {{ return __float2half(v); }}"]
        elif self.uses_half:
            helpers += ["static __device__ __forceinline__ float xp_h2f(_Float16 v) { return (float)v; }",
                        "static __device__ __forceinline__ _Float16 xp_f2h(float v) { return (_Float16)v; }"]
        if self.uses_mma and self.target == "hip":
            helpers += ["typedef _Float16 xp_halfx4 __attribute__((ext_vector_type(4)));",
                        "typedef float xp_floatx4 __attribute__((ext_vector_type(4)));"]
        if self.uses_bf16:
            b = self.t["bf16"]
            helpers += [f"static __device__ __forceinline__ float xp_b2f({b} v) {{ return __bfloat162float(v); }}",
                        f"static __device__ __forceinline__ {b} xp_f2b(float v) {{ return __float2bfloat16(v); }}"]
        for key in sorted(self.helpers):
            if key == "bf16":
                continue
            helpers.append(self.helpers[key].replace("static inline", "static __device__ __forceinline__"))
        return "\n".join(head + helpers + ([""] if helpers else []) + [body]) + "\n"

    # ------------------------------------------------------------------ statements
    def _stmts(self, s: Stmt, out: list[str], depth: int) -> None:
        cleanup: list[str] = []
        self._cleanup.append(cleanup)
        items = list(s.stmts if isinstance(s, Block) else (s,))
        i = 0
        while i < len(items):
            n = self._warp_tree(items, i, out, depth) if not self.thread_depth else 0
            if n:
                i += n
                continue
            self._stmt(items[i], out, depth)
            i += 1
        self._cleanup.pop()
        for line in reversed(cleanup):
            out.append(INDENT * depth + line)

    def _stmt(self, s: Stmt, out: list[str], depth: int) -> None:
        pad = INDENT * depth
        if isinstance(s, Loop):
            self._loop(s, out, depth)
        elif isinstance(s, Alloc):
            self._alloc(s, out, depth)
        elif isinstance(s, Barrier):
            if self.thread_depth:
                raise PrintError("barrier inside a thread loop")
            out.append(pad + "__syncthreads();")
        elif isinstance(s, Let):
            out.append(pad + f"const {self.ctype(s.var.dtype)} {s.var.name} = {self.expr(s.value)};")
        elif isinstance(s, IntrinsicCall):
            raise PrintError(f"intrinsic {s.name} has no CUDA/HIP form")
        else:
            super()._stmt(s, out, depth)

    @staticmethod
    def _tree_step(x):
        """(buffer, op, s) of a reduction tree step `for u < s: red[u] = red[u] op red[u + s]`."""
        if not (_is_thread_loop(x) and _const(x.extent)):
            return None
        st = x.body
        if not isinstance(st, Store) or len(st.indices) != 1 or st.indices[0] != x.var:
            return None
        v, n = st.value, _const(x.extent)
        if not (isinstance(v, Binary) and v.op in ("+", "max", "min") and v.a == Load(st.buffer, (x.var,))):
            return None
        if not (isinstance(v.b, Load) and v.b.buffer == st.buffer and
                v.b.indices == (Binary("+", x.var, Const(n, x.var.dtype)),)):
            return None
        return st.buffer, v.op, n

    def _warp_tree(self, items, i, out, depth) -> int:
        """The tree steps s = warp/2 .. 1 of a block reduction (with their barriers) as a warp-shuffle
        reduction by the first warp; returns how many items it replaced (0: not here)."""
        warp = self.t["warp"]
        first = self._tree_step(items[i])
        if first is None or first[2] != warp // 2 or self.T < warp or self.T & (self.T - 1):
            return 0
        buf, op, _ = first
        if buf.dtype not in ("float32", "float64", "int32", "uint32", "int64"):
            return 0
        j, s_ = i, warp // 2
        while True:
            st = self._tree_step(items[j]) if j < len(items) else None
            if st is None or st[0] != buf or st[1] != op or st[2] != s_:
                return 0
            if s_ == 1:
                break
            if not (j + 1 < len(items) and isinstance(items[j + 1], Barrier)):
                return 0
            j += 2
            s_ //= 2
        self.used_shuffle = True
        pad, ind = INDENT * depth, INDENT
        t = self.ctype(buf.dtype)
        a, b = Var("xp_v", buf.dtype), Var("xp_u", buf.dtype)
        comb = self.expr(Binary(op, a, b))
        shfl = (f"__shfl_down_sync(0xffffffffu, xp_v, xp_o, {warp})" if self.target == "cuda"
                else f"__shfl_down(xp_v, xp_o, {warp})")
        out += [pad + f"if (threadIdx.x < {warp}u) {{  // the last {warp.bit_length() - 1} steps of the tree: warp shuffles",
                pad + ind + f"{t} xp_v = {buf.name}[threadIdx.x];",
                pad + ind + f"for (int xp_o = {warp // 2}; xp_o > 0; xp_o >>= 1) {{",
                pad + ind * 2 + f"const {t} xp_u = {shfl};",
                pad + ind * 2 + f"xp_v = {comb};",
                pad + ind + "}",
                pad + ind + f"if (threadIdx.x == 0) {buf.name}[0] = xp_v;",
                pad + "}"]
        return j - i + 1

    def _loop(self, s: Loop, out: list[str], depth: int) -> None:
        pad = INDENT * depth
        v, ct = s.var, self.ctype(s.var.dtype)
        n = _const(s.extent)
        if s.axis == GRID and self.thread_depth == 0:
            if n is not None and n == self.G:
                out.append(pad + "{")
                out.append(pad + INDENT + f"const {ct} {v.name} = ({ct})blockIdx.x;")
            else:
                out.append(pad + f"for ({ct} {v.name} = ({ct})blockIdx.x; {v.name} < {self.expr(s.extent, 10)}; "
                                 f"{v.name} += ({ct})gridDim.x) {{")
            self._stmts(s.body, out, depth + 1)
            out.append(pad + "}")
            return
        if s.axis == THREAD and self.thread_depth == 0:
            items = _flat(s.body)
            mma = (len(items) == 2 and isinstance(items[0], Let) and (
                (isinstance(items[1], IntrinsicCall) and items[1].name == MMA) or
                (isinstance(items[1], If) and isinstance(items[1].then, IntrinsicCall) and items[1].then.name == MMA
                 and items[1].otherwise is None)))
            if n is not None and n == self.T:
                out.append(pad + "{")
                out.append(pad + INDENT + f"const {ct} {v.name} = ({ct})threadIdx.x;")
            elif n is not None and n < self.T:
                out.append(pad + f"if (threadIdx.x < {n}u) {{")
                out.append(pad + INDENT + f"const {ct} {v.name} = ({ct})threadIdx.x;")
            else:
                out.append(pad + f"for ({ct} {v.name} = ({ct})threadIdx.x; {v.name} < {self.expr(s.extent, 10)}; "
                                 f"{v.name} += ({ct})blockDim.x) {{")
            self.thread_depth += 1
            if mma:
                call, guard = (items[1], None) if isinstance(items[1], IntrinsicCall) else (items[1].then, items[1].cond)
                self._mma(s.var, items[0], call, guard, out, depth + 1)
            else:
                self._stmts(s.body, out, depth + 1)
            self.thread_depth -= 1
            out.append(pad + "}")
            return
        out.append(pad + f"for ({ct} {v.name} = 0; {v.name} < {self.expr(s.extent, 10)}; ++{v.name}) {{")
        self._stmts(s.body, out, depth + 1)
        out.append(pad + "}")

    def _mma(self, f: Var, lead: Let, call: IntrinsicCall, guard, out: list[str], depth: int) -> None:
        """One M x N x K product per group of g lanes (g = 32 or 64) as 16x16x16 tiles (K zero-padded), by
        all lanes of the group: WMMA on tiles gathered into shared memory (CUDA), MFMA on register
        fragments gathered in its lane layout (HIP)."""
        from .gpu_mma import mma_operands
        self.uses_mma = True
        self.uses_half = True
        mc = mma_operands(call)
        M, N, K, g = mc.M, mc.N, mc.K, mc.group
        A, B, C, D = (mc.buffer(x) for x in "ABCD")
        iv = lambda name: Var(name, "int32")
        at = lambda op, r, c: f"{mc.buffer(op)}[{self.expr(mc.index(op, r, c))}]"
        # a half operand element: float buffers of the lifted MFMA exchange hold half values
        half = lambda op, r, c: (at(op, r, c) if self._mma_dtype(call, op) == "float16" else f"xp_f2h({at(op, r, c)})")
        pad_k = K % 16 != 0
        ct = self.ctype(lead.var.dtype)
        lines: list[str] = []
        emit = lambda level, text: lines.append(INDENT * level + text)

        def close(level: int, to: int) -> int:
            """Close the blocks opened at levels to .. level - 1; the level is then `to`."""
            for lv in range(level - 1, to - 1, -1):
                emit(lv, "}")
            return to
        off = lambda t, e: e if t is None else Binary("+", t, e)     # tile origin + element offset
        what = f"{M}x{N}x{K} f16 -> f32" + (" (K zero-padded)" if pad_k else "")
        if self.target == "hip":
            per = 64 // g if g < 64 else 1
            emit(0, f"for (int xp_s = 0; xp_s < {per}; ++xp_s) {{  // MFMA 16x16x16: one {what} product per group of {g} lanes")
            emit(1, f"const {ct} {lead.var.name} = ({ct})({f.name} / 64 * 64 + xp_s * {g});")
            emit(1, f"if (!({self.expr(guard)})) continue;" if guard is not None else "// all lanes of the wavefront")
            emit(1, f"const int xp_l = (int)({f.name} % 64), xp_lr = xp_l % 16, xp_lk = 4 * (xp_l / 16);")
            lvl = 1
            ti = tj = tk = None
            for name, n in (("xp_ti", M), ("xp_tj", N)):
                if n > 16:
                    emit(lvl, f"for (int {name} = 0; {name} < {n}; {name} += 16) {{")
                    lvl += 1
            ti, tj = (iv("xp_ti") if M > 16 else None), (iv("xp_tj") if N > 16 else None)
            lr, ke = iv("xp_lr"), Binary("+", iv("xp_lk"), iv("xp_e"))
            emit(lvl, "xp_floatx4 xp_c;")
            emit(lvl, f"for (int xp_e = 0; xp_e < 4; ++xp_e) xp_c[xp_e] = {at('C', off(ti, ke), off(tj, lr))};")
            if K > 16:
                emit(lvl, f"for (int xp_tk = 0; xp_tk < {K}; xp_tk += 16) {{")
                lvl += 1
                tk = iv("xp_tk")
            emit(lvl, "xp_halfx4 xp_a, xp_b;")
            emit(lvl, "for (int xp_e = 0; xp_e < 4; ++xp_e) {")
            if pad_k:
                emit(lvl + 1, f"const bool xp_in = {self.expr(off(tk, ke))} < {K};")
                emit(lvl + 1, f"xp_a[xp_e] = xp_in ? {half('A', off(ti, lr), off(tk, ke))} : xp_f2h(0.0f);")
                emit(lvl + 1, f"xp_b[xp_e] = xp_in ? {half('B', off(tk, ke), off(tj, lr))} : xp_f2h(0.0f);")
            else:
                emit(lvl + 1, f"xp_a[xp_e] = {half('A', off(ti, lr), off(tk, ke))};")
                emit(lvl + 1, f"xp_b[xp_e] = {half('B', off(tk, ke), off(tj, lr))};")
            emit(lvl, "}")
            emit(lvl, "xp_c = __builtin_amdgcn_mfma_f32_16x16x16f16(xp_a, xp_b, xp_c, 0, 0, 0);")
            if K > 16:
                lvl = close(lvl, lvl - 1)
            emit(lvl, f"for (int xp_e = 0; xp_e < 4; ++xp_e) {at('D', off(ti, ke), off(tj, lr))} = xp_c[xp_e];")
            close(lvl, 0)
        else:
            if mc.stage is None:
                raise PrintError("WMMA needs a staging buffer (tensorize_mma staging=True)")
            h = self.t["half"]
            wm = "nvcuda::wmma"
            warps, tiles = g // 32, (M // 16) * (N // 16)
            emit(0, f"{{  // WMMA: one {what} product per group of {g} lanes, as 16x16x16 tiles staged in shared memory")
            emit(1, f"const {ct} {lead.var.name} = ({ct})({f.name} - {f.name} % {g});")
            emit(1, f"float* xp_base = (float*)(((uintptr_t){mc.stage} + 31) & ~(uintptr_t)31) + ({f.name} / 32) * 512;")
            emit(1, f"{h}* xp_sa = ({h}*)xp_base;")
            emit(1, f"{h}* xp_sb = xp_sa + 256;")
            emit(1, "float* xp_sc = xp_base + 256;")
            lvl = 1
            cond = [f"({self.expr(guard)})"] if guard is not None else []
            if tiles == 1:
                if warps > 1:
                    cond.append(f"({f.name} / 32) % {warps} == 0")
                ti = tj = None
            if cond:
                emit(lvl, f"if ({' && '.join(cond)}) {{")
                lvl += 1
            if tiles > 1:
                first = f"(int)({f.name} / 32 % {warps})" if warps > 1 else "0"
                emit(lvl, f"for (int xp_t = {first}; xp_t < {tiles}; xp_t += {warps}) {{  // the tiles of this warp")
                lvl += 1
                emit(lvl, f"const int xp_ti = xp_t / {N // 16} * 16, xp_tj = xp_t % {N // 16} * 16;")
                ti, tj = iv("xp_ti"), iv("xp_tj")
            r, c = iv("xp_r"), iv("xp_c")
            coords = lambda: emit(lvl + 1, "const int xp_r = xp_e / 16, xp_c = xp_e % 16;")
            lane = f"{f.name} % 32"
            one_pass = K <= 16
            emit(lvl, f"{wm}::fragment<{wm}::matrix_a, 16, 16, 16, {h}, {wm}::row_major> xp_fa;")
            emit(lvl, f"{wm}::fragment<{wm}::matrix_b, 16, 16, 16, {h}, {wm}::row_major> xp_fb;")
            emit(lvl, f"{wm}::fragment<{wm}::accumulator, 16, 16, 16, float> xp_fc;")
            tk = None
            if not one_pass:
                emit(lvl, f"for (int xp_e = {lane}; xp_e < 256; xp_e += 32) {{")
                coords()
                emit(lvl + 1, f"xp_sc[xp_e] = {at('C', off(ti, r), off(tj, c))};")
                emit(lvl, "}")
                emit(lvl, "__syncwarp();")
                emit(lvl, f"{wm}::load_matrix_sync(xp_fc, xp_sc, 16, {wm}::mem_row_major);")
                emit(lvl, f"for (int xp_tk = 0; xp_tk < {K}; xp_tk += 16) {{")
                lvl += 1
                tk = iv("xp_tk")
                emit(lvl, "__syncwarp();  // the previous tiles are loaded")
            emit(lvl, f"for (int xp_e = {lane}; xp_e < 256; xp_e += 32) {{")
            coords()
            if pad_k:
                emit(lvl + 1, f"xp_sa[xp_e] = {self.expr(off(tk, c))} < {K} ? {half('A', off(ti, r), off(tk, c))} : xp_f2h(0.0f);")
                emit(lvl + 1, f"xp_sb[xp_e] = {self.expr(off(tk, r))} < {K} ? {half('B', off(tk, r), off(tj, c))} : xp_f2h(0.0f);")
            else:
                emit(lvl + 1, f"xp_sa[xp_e] = {half('A', off(ti, r), off(tk, c))};")
                emit(lvl + 1, f"xp_sb[xp_e] = {half('B', off(tk, r), off(tj, c))};")
            if one_pass:
                emit(lvl + 1, f"xp_sc[xp_e] = {at('C', off(ti, r), off(tj, c))};")
            emit(lvl, "}")
            emit(lvl, "__syncwarp();")
            emit(lvl, f"{wm}::load_matrix_sync(xp_fa, xp_sa, 16);")
            emit(lvl, f"{wm}::load_matrix_sync(xp_fb, xp_sb, 16);")
            if one_pass:
                emit(lvl, f"{wm}::load_matrix_sync(xp_fc, xp_sc, 16, {wm}::mem_row_major);")
            emit(lvl, f"{wm}::mma_sync(xp_fc, xp_fa, xp_fb, xp_fc);")
            if not one_pass:
                lvl = close(lvl, lvl - 1)
            emit(lvl, f"{wm}::store_matrix_sync(xp_sc, xp_fc, 16, {wm}::mem_row_major);")
            emit(lvl, "__syncwarp();")
            emit(lvl, f"for (int xp_e = {lane}; xp_e < 256; xp_e += 32) {{")
            coords()
            emit(lvl + 1, f"{at('D', off(ti, r), off(tj, c))} = xp_sc[xp_e];")
            emit(lvl, "}")
            emit(lvl, "__syncwarp();")
            close(lvl, 0)
        out.extend(INDENT * depth + line for line in lines)

    @staticmethod
    def _mma_dtype(call: IntrinsicCall, op: str) -> str:
        return call.args["ABCD".index(op)].buffer.dtype

    def _alloc(self, s: Alloc, out: list[str], depth: int) -> None:
        pad = INDENT * depth
        b = s.buffer
        t = self.ctype(b.dtype)
        shape = b.const_shape()
        if b.name in self.registers:
            n = math.prod(shape[self.registers[b.name]:]) if shape else 1
            out.append(pad + f"{t} {b.name}[{max(n, 1)}] = {{}};  // registers (one per thread)")
            return
        if b.name in self.scratch and shape is not None:
            if self.thread_depth:
                raise PrintError(f"scratch buffer {b.name} inside a thread loop")
            n = math.prod(shape)
            out.append(pad + self._pool(b, t, n, int(self.G), "blockIdx.x"))
            out.append(pad + f"for (size_t xp_i = threadIdx.x; xp_i < {n}; xp_i += blockDim.x) {b.name}[xp_i] = 0;")
            out.append(pad + "__syncthreads();")
            return
        count = " * ".join(f"(size_t)({self.expr(d)})" for d in b.shape) or "1"
        bound = self.bounds.get(b.name) if shape is None else None
        if bound is not None and (b.name in self.scratch or (b.scope == "shared" and not self.thread_depth)):
            # run-time size with a proven bound: a fixed slice per block, zeroed like an allocation
            if self.thread_depth:
                raise PrintError(f"scratch buffer {b.name} inside a thread loop")
            if b.name in self.scratch:
                decl = self._pool(b, t, bound, int(self.G), "blockIdx.x")
            else:
                self.shared_decls.append(f"__shared__ {t} {b.name}[{bound}];  // run-time size, at most {bound}")
                decl = None
            out.append(pad + "__syncthreads();  // earlier users of this storage are done")
            if decl:
                out.append(pad + decl)
            out.append(pad + f"for (size_t xp_i = threadIdx.x; xp_i < {count}; xp_i += blockDim.x) {b.name}[xp_i] = 0;")
            out.append(pad + "__syncthreads();")
            return
        if b.name in self.scratch:
            if self.thread_depth:
                raise PrintError(f"scratch buffer {b.name} inside a thread loop")
            ptr = fresh_name(b.name + "_sp", self.taken)
            self.shared_decls.append(f"__shared__ {t}* {ptr};")
            count = " * ".join(f"(size_t)({self.expr(d)})" for d in b.shape) or "1"
            out.append(pad + f"if (threadIdx.x == 0) {ptr} = ({t}*)malloc({count} * sizeof({t}));  "
                             f"// block scratch (device heap)")
            out.append(pad + "__syncthreads();")
            out.append(pad + f"{t}* {b.name} = {ptr};")
            self._cleanup[-1].extend([f"if (threadIdx.x == 0) free({b.name});", "__syncthreads();"])
            return
        if b.scope == "shared" and not self.thread_depth:
            n = math.prod(shape) if shape else 1
            self.shared_decls.append(f"__shared__ {t} {b.name}[{max(n, 1)}];")
            return
        if shape is not None and math.prod(shape) * dt.itemsize(b.dtype) <= LOCAL_LIMIT:
            n = math.prod(shape)
            out.append(pad + f"{t} {b.name}[{max(n, 1)}] = {{}};")
            return
        if shape is not None:          # big per-thread array: a slice of a device pool per thread
            n = math.prod(shape)
            out.append(pad + self._pool(b, t, n, int(self.G) * int(self.T), "blockIdx.x * blockDim.x + threadIdx.x"))
            out.append(pad + f"memset({b.name}, 0, {n} * sizeof({t}));")
            return
        if bound is not None:          # per-thread, run-time size with a proven bound
            if bound * dt.itemsize(b.dtype) <= LOCAL_LIMIT:
                out.append(pad + f"{t} {b.name}[{max(bound, 1)}] = {{}};  // run-time size, at most {bound}")
                return
            out.append(pad + self._pool(b, t, bound, int(self.G) * int(self.T), "blockIdx.x * blockDim.x + threadIdx.x"))
            out.append(pad + f"memset({b.name}, 0, {count} * sizeof({t}));")
            return
        out.append(pad + f"{t}* {b.name} = ({t}*)malloc({count} * sizeof({t}) + 1);")
        out.append(pad + f"memset({b.name}, 0, {count} * sizeof({t}));")
        self._cleanup[-1].append(f"free({b.name});")

    # ------------------------------------------------------------------ expressions
    def _element(self, b: Buffer, indices) -> str:
        drop = self.registers.get(b.name) if hasattr(self, "registers") else None
        if drop:
            rest = Buffer(b.name, b.dtype, b.shape[drop:], "local")
            return super()._element(rest, tuple(indices)[drop:])
        return super()._element(b, indices)

    def _h2f(self, e: Expr) -> str:
        if e.dtype == "float16":
            return f"xp_h2f({self.expr(e)})"
        if e.dtype == "bfloat16":
            return f"xp_b2f({self.expr(e)})"
        return self.expr(e, _UNARY)

    def _f2x(self, dtype: str, text: str) -> str:
        return f"xp_f2h({text})" if dtype == "float16" else f"xp_f2b({text})"

    def _expr(self, e: Expr):
        low = ("float16", "bfloat16")
        if isinstance(e, Compare) and e.a.dtype in low:
            return f"{self._h2f(e.a)} {e.op} {self._h2f(e.b)}", _PREC[e.op]
        if isinstance(e, Unary) and e.dtype in low:
            return self._f2x(e.dtype, f"-{self._h2f(e.a)}"), _POSTFIX
        if isinstance(e, Bitcast):
            src, dst = self.ctype(e.value.dtype), self.ctype(e.dtype)
            key = f"bitcast_{e.value.dtype}_{e.dtype}"
            self.helpers[key] = (f"static inline {dst} xp_{key}({src} v) {{ {dst} r; memcpy(&r, &v, sizeof r); "
                                 "return r; }")
            return f"xp_{key}({self.expr(e.value)})", _POSTFIX
        return super()._expr(e)

    def _const(self, e: Const):
        if e.dtype in ("float16", "bfloat16"):
            self._need_type(e.dtype)
            text, _ = super()._const(Const(e.value, "float32"))
            return self._f2x(e.dtype, text), _POSTFIX
        return super()._const(e)

    def _binary(self, e: Binary):
        t, op = e.dtype, e.op
        if t in ("float16", "bfloat16"):
            a, b = self._h2f(e.a), self._h2f(e.b)
            if op in ("min", "max"):
                return self._f2x(t, f"f{op}f({a}, {b})"), _POSTFIX
            return self._f2x(t, f"{a} {op} {b}"), _POSTFIX
        return super()._binary(e)

    def _cast(self, e: Cast):
        src, dst = e.value.dtype, e.dtype
        low = ("float16", "bfloat16")
        if src == dst:
            return self._expr(e.value)
        if dst in low:
            inner = self._h2f(e.value) if src in low else f"(float){self.expr(e.value, _UNARY)}"
            return self._f2x(dst, inner), _POSTFIX
        if src in low:
            f = self._h2f(e.value)
            return (f, _POSTFIX) if dst == "float32" else (f"({self.ctype(dst)}){f}", _UNARY)
        return super()._cast(e)

    def _call(self, e: Call):
        t = e.args[0].dtype
        if t in ("float16", "bfloat16"):
            from ..ir.mathfns import lookup
            fn = lookup(e.name)
            args = [self._h2f(a) for a in e.args]
            if fn.result == "bool":
                return f"{e.name}({args[0]})", _POSTFIX
            if e.name == "rsqrt":
                text = f"1.0f / sqrtf({args[0]})"
            else:
                text = f"{(fn.c_name or fn.name)}f({', '.join(args)})"
            return self._f2x(t, text), _POSTFIX
        return super()._call(e)


# ---------------------------------------------------------------------------------- translate

DEFAULT_PASSES = ("gpu_prepare", "parallelize_independent", "bind_gpu", "tensorize_mma", "block_reduce",
                  "place_memory", "insert_barriers")


def lower(program: Kernel, options: dict | None = None, target: str = "cuda") -> tuple[Kernel, list[str]]:
    """The bound program and the passes applied (with parameters)."""
    options = dict(options or {})
    params = {"bind_gpu": {k: options[k] for k in ("block_size", "default_block", "grid") if k in options},
              "parallelize_independent": {}, "block_reduce": {}, "tensorize_mma": {"wave": TARGETS[target]["warp"], "staging": target == "cuda"}}
    if options.get("matrix") is False:
        options.setdefault("skip_passes", []).append("tensorize_mma")
    skip = set(options.get("skip_passes", ()))
    if options.get("reductions") is False:
        skip.add("block_reduce")
    applied = []
    k = program
    for name in DEFAULT_PASSES:
        if name in skip:
            continue
        p = get_pass(name, **params.get(name, {}))
        k = p.apply(k)
        applied.append(_describe(name, p.params, k))
    return k, applied


def _describe(name: str, params: dict, k: Kernel) -> str:
    extra = dict(params)
    if name == "bind_gpu":
        extra.update(mode=get_attr(k, "gpu_mode"), block=get_attr(k, "gpu_block"), grid=get_attr(k, "gpu_grid"))
    elif name == "block_reduce":
        extra.update(reductions=get_attr(k, "gpu_reductions", 0))
    elif name == "tensorize_mma":
        extra.update(tiles=get_attr(k, "gpu_mma", 0))
    elif name == "place_memory":
        extra.update(registers=len(get_attr(k, "gpu_registers", ())), scratch=len(get_attr(k, "gpu_scratch", ())))
    elif name == "insert_barriers":
        extra.update(barriers=get_attr(k, "gpu_barriers", 0))
    args = ", ".join(f"{a}={b}" for a, b in extra.items())
    return f"{name}({args})" if args else name


def features_of(k: Kernel) -> set[str]:
    out = set()
    if any(_is_thread_loop(n) and _const(n.extent) != 1 for n in walk(k.body)):
        out.add("parallel")
    if any(isinstance(n, Alloc) and n.buffer.scope == "shared" for n in walk(k.body)):
        out.add("onchip")
    if any(isinstance(n, IntrinsicCall) and n.name == MMA for n in walk(k.body)):
        out.update({"matrix", "onchip"})
    return out


def unbound_parallel_loops(k: Kernel) -> int:
    """Parallel loops of the original program that ended up neither on the grid nor on threads
    (run serially inside a thread)."""
    return sum(1 for n in walk(k.body) if isinstance(n, Loop) and n.kind in PAR_KINDS and n.axis is None)


def _raised_if_better(program: Kernel, k: Kernel, applied: list[str], options: dict, target: str):
    """When the lowering leaves parallel loops serial or runs one block (SIMD source code: VNNI
    lanes under while loops), the program recognised as a matrix product (raise_matmul, integer
    products included) may bind better: lower that too and keep whichever binds more."""
    left, single = unbound_parallel_loops(k), get_attr(k, "gpu_mode") == "single"
    if not (left or single) or options.get("example_scalars") is None:
        return k, applied
    raised = get_pass("raise_matmul", scalars=options["example_scalars"], integer=True).apply(program)
    if raised is program:
        return k, applied
    k2, applied2 = lower(raised, options, target)
    left2, single2 = unbound_parallel_loops(k2), get_attr(k2, "gpu_mode") == "single"
    keeps_mma = "matrix" in features_of(k2) or "matrix" not in features_of(k)
    if (left2, single2) < (left, single) and keeps_mma:
        return k2, ["raise_matmul"] + applied2
    return k, applied


def translate_gpu(program: Kernel, source, options: dict | None, target: str):
    from ..models.base import Launch
    from ..translate.target import Emitted
    options = dict(options or {})
    k, applied = lower(program, options, target)
    k, applied = _raised_if_better(program, k, applied, options, target)
    pr = GpuPrinter(target)
    body = pr.kernel_text(k, source)
    comment = f"/* {TARGETS[target]['name']} kernel generated by xpiler (lifted path): {', '.join(applied)} */"
    text = pr.unit_gpu(body, comment)
    T, G = get_attr(k, "gpu_block", 1), get_attr(k, "gpu_grid", 1)
    launch = Launch(grid=(int(G), 1, 1), block=(int(T), 1, 1), shared_bytes=0)
    feats = features_of(k)
    if pr.used_shuffle:
        feats.add("vector")
    notes = []
    bounds = dict(get_attr(k, "gpu_bounds", ()))
    heap = sorted({n.buffer.name for n in walk(k.body) if isinstance(n, Alloc) and n.buffer.const_shape() is None
                   and n.buffer.name not in bounds and n.buffer.name not in dict(get_attr(k, "gpu_registers", ()))})
    if heap:
        notes.append(f"run-time-sized storage on the device heap (8 MiB unless the host raises it): {', '.join(heap)}")
    left = unbound_parallel_loops(k)
    if left:
        notes.append(f"{left} parallel loop(s) run serially inside a thread")
    return Emitted(text=text, entry=source.name, launch=launch, passes=applied, features=feats, notes=notes)


from .gpu_mma import tensorize_mma  # noqa: E402  (registered by import; it builds on the helpers above)

PASSES = (gpu_prepare, parallelize_independent, bind_gpu, tensorize_mma, block_reduce, place_memory, insert_barriers)
