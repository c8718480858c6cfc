"""Lowering passes of the C (AVX-512 / VNNI) target: canonical program -> program, each a plain
function registered in the pass registry (``xpiler.ir.passes``) so that a tuner can find it.

Every pass returns a valid IR program that the plain C printer (and so ``ir.verify``) runs as it
stands; what the C target does with it in addition is said in the kernel's `attrs` (loops by
name, since names are unique in a kernel), and the target printer (`emit.py`) turns those into
OpenMP pragmas and intrinsics. A loop the printer cannot lower after all prints as plain C, so an
annotation never changes what the program computes.

- `localize_buffers`: barriers go (the C target runs a program in order), on-chip scopes (GPU
  shared memory, BANG NRAM/WRAM/SRAM) become plain local arrays.
- `tensorize_vnni`: an innermost loop ``acc += (int32)a[k] * (int32)b[k]`` over int8/uint8 operands
  (unit stride in k) becomes 16-lane groups of 4 products into an int32 accumulator vector (one
  ``_mm512_dpbusd_epi32`` per 64 k), a masked tail, and a final horizontal sum.
- `vectorize_inner_loops`: an innermost loop whose iterations are independent (kind parallel /
  vectorized, or proven by dependence analysis), or that only carries sum/max/min reductions
  (``R = R op f``, also under an ``if``), is strip-mined into 16-lane vector steps plus a tail of
  fewer than 16 lanes; reductions get 16-lane partial accumulators and a final horizontal
  reduction. A parallel loop (a GPU thread loop) around a nest whose innermost loop does not
  vectorize is first interchanged to the innermost position (`sink_parallel_loop`) when that
  makes it vectorize. Where nothing inside a loop nest vectorizes (pooling windows, strided or
  recurrent per-output loops, while loops), an outer loop whose iterations are independent becomes
  the lanes itself (`outer_vector_candidate`): inner loops step all lanes together, masked where
  their trip counts differ, 1-element temporaries become per-lane vectors. Only loops the AVX-512
  printer can lower are marked (a dry run decides).
- `promote_vector_registers`: 16-element local buffers accessed only lane-wise inside AVX-512
  loops become ``__m512`` / ``__m512i`` variables.
- `parallelize_outer_loop`: the outermost loops that are legal to run in parallel get
  ``#pragma omp parallel for``; temporaries declared inside their bodies are private.

Legality: a loop of kind parallel / vectorized is independent by the IR's definition; otherwise
`carried_dependences` asks `ir.analysis.dependence` (indices with their integer conversions
removed: index arithmetic is taken not to wrap) and, where that cannot decide a flattened index
``c * i + r``, the inner loops' bounds.
"""
from __future__ import annotations

import dataclasses

from ...ir import dtypes as dt
from ...ir.analysis.affine import to_poly
from ...ir.analysis.dependence import Access, _Collect, directions
from ...ir.buffer import Buffer
from ...ir.expr import Binary, Cast, Compare, Const, Expr, Load, Select, Unary, Var
from ...ir.kernel import Kernel
from ...ir.stmt import Alloc, Barrier, Block, If, IntrinsicCall, Let, Loop, Stmt, Store, While
from ...ir.transforms.simplify import simplify_expr
from ...ir.transforms.util import all_names, rename_declared
from ...ir.visitor import Mutator, free_vars, substitute, walk

LANES = 16

# kernel attributes the C printer reads (values: tuples of loop / buffer names)
ATTR_OMP = "c.omp_parallel"      # loops that get `#pragma omp parallel for`
ATTR_AVX = "c.avx512"            # loops of at most 16 lanes printed as AVX-512 intrinsics
ATTR_VREG = "c.vreg"             # 16-element local buffers held in one vector register
ATTR_VREDUCE = "c.vreduce"       # loops over a vector register's 16 lanes that fold them into a scalar
ATTR_VNNI = "c.vnni"             # 16-lane loops of 4 int8 products each, printed as vpdpbusd


# ------------------------------------------------------------------------------------ attributes

def get_attr(k: Kernel, key: str) -> tuple:
    return dict(k.attrs).get(key, ())


def add_attr(k: Kernel, key: str, values) -> Kernel:
    values = tuple(values)
    if not values:
        return k
    attrs = dict(k.attrs)
    attrs[key] = tuple(attrs.get(key, ())) + tuple(v for v in values if v not in attrs.get(key, ()))
    return dataclasses.replace(k, attrs=tuple(attrs.items()))


# ------------------------------------------------------------------------------------ analysis

def as_i64(e: Expr) -> Expr:
    """An integer index expression with its integer conversions removed, in int64: the analyses
    below take index arithmetic not to wrap (as `ir.analysis.dependence` does)."""
    if not dt.is_int(e.dtype):
        return e
    if isinstance(e, Const):
        return Const(e.value, "int64")
    if isinstance(e, Var):
        return Var(e.name, "int64")
    if isinstance(e, Cast) and dt.is_int(e.value.dtype) and dt.bits(e.dtype) >= 32:
        return as_i64(e.value)      # a narrowing to 8/16 bits stays (it wraps in practice)
    if isinstance(e, Binary) and e.op in ("+", "-", "*"):
        return Binary(e.op, as_i64(e.a), as_i64(e.b))
    if isinstance(e, Binary) and e.op == "<<" and isinstance(e.b, Const) and 0 <= int(e.b.value) < 31:
        return Binary("*", as_i64(e.a), Const(1 << int(e.b.value), "int64"))
    if isinstance(e, Unary) and e.op == "-":
        return Unary("-", as_i64(e.a))
    return e if e.dtype == "int64" else Cast("int64", e)


class _Accesses(_Collect):
    """`dependence._Collect` that also sees the condition and body of a While loop."""

    def visit_While(self, s: While):
        self._reads(s.cond)
        self.visit(s.body)

    def visit_Barrier(self, s: Barrier):
        pass


def accesses(region: Stmt) -> list[Access]:
    c = _Accesses()
    c.visit(region)
    return [Access(a.buffer, None if a.indices is None else tuple(as_i64(i) for i in a.indices), a.write, a.inner)
            for a in c.out]


def carried_dependences(loop: Loop, ignore=()) -> list[tuple[str, tuple]]:
    """Dependences between different iterations of `loop` (buffers in `ignore` left out).
    `dependence.directions` decides first; where it cannot (a flattened index ``c * i + r``, the
    inner loop variables in r free), loop bounds settle it: |r_b - r_a| < |c| means the two
    accesses meet only within one iteration."""
    accs = [a for a in accesses(loop.body) if a.buffer not in ignore]
    band = (loop.var.name,)
    env = extents = written = None
    out = []
    for i, x in enumerate(accs):
        for y in accs[i:]:
            if x.buffer != y.buffer or not (x.write or y.write):
                continue
            d = directions(x, y, band)
            if d is not None and any(v != 0 for v in d):
                if env is None:
                    env, extents = loop_ranges(loop), _extents(loop)
                    written = {a.buffer for a in accs if a.write} | {
                        n.buffer.name for n in walk(loop.body) if isinstance(n, Store)}
                try:
                    if _disjoint_iterations(x, y, loop.var.name, env, extents, written):
                        continue
                except (TypeError, ValueError):      # an index form the bounds test does not know
                    pass
                out.append((x.buffer, d))
    return out


def _extents(loop: Loop) -> dict[str, Expr]:
    return {n.var.name: simplify_expr(as_i64(n.extent)) for n in walk(loop) if isinstance(n, Loop)}


def loop_ranges(loop: Loop) -> dict[str, tuple[int, int]]:
    """Ranges [0, extent - 1] of `loop`'s variable and of the loops inside it, where the extents'
    bounds are known (copies for the second access of a pair carry the suffix ``__b``)."""
    from ...ir.analysis.ranges import bounds
    env: dict[str, tuple[int, int]] = {}

    def add(L: Loop, outer: dict):
        r = bounds(as_i64(L.extent), outer)
        if r is not None and r[1] >= 1:
            env[L.var.name] = env[L.var.name + "__b"] = (0, r[1] - 1)
    add(loop, {})
    for n in walk(loop.body):
        if isinstance(n, Loop):
            add(n, env)
    return env


def _disjoint_iterations(x: Access, y: Access, var: str, env: dict, extents: dict | None = None,
                         written: set[str] = frozenset()) -> bool:
    from ...ir.analysis.ranges import poly_bounds
    if x.indices is None or y.indices is None or len(x.indices) != len(y.indices):
        return False
    from ...ir.transforms.util import rename
    mapping = {n: n + "__b" for n in y.inner}
    for ex, ey in zip(x.indices, y.indices):
        px, py = to_poly(ex), to_poly(rename(ey, mapping) if mapping else ey)
        cx = cy = 0
        diff: dict = {}
        ok = True
        for p, sign in ((px, -1), (py, 1)):
            for m, k in p.terms:
                k = p.signed(k)
                if len(m) == 1 and isinstance(m[0], Var) and m[0].name == var:
                    if sign < 0:
                        cx += k
                    else:
                        cy += k
                elif any(var in free_vars(a) for a in m) or _reads_memory(m, written):
                    ok = False          # a loaded value may differ between the two iterations
                else:
                    diff[m] = diff.get(m, 0) + sign * k
        if ok and cx == cy and cx != 0:
            r = poly_bounds(tuple((m, k) for m, k in diff.items() if k), env)
            if r is not None and -abs(cx) < r[0] and r[1] < abs(cx):
                return True
        elif _symbolic_stride(px, py, var, extents or {}, written):
            return True
    return False


def _reads_memory(monomial, written: set[str]) -> bool:
    """Does a term read memory that the loop writes (so that it may differ between iterations)?"""
    return any((isinstance(n, Load) and n.buffer.name in written) or type(n).__name__ == "Address"
               for a in monomial for n in walk(a))


def _symbolic_stride(px, py, var: str, extents: dict, written: set[str]) -> bool:
    """``var * X + c + inv`` in both accesses, c an inner loop variable of extent X (the usual
    row-major flattening with a run-time row length): iterations of `var` touch disjoint rows."""
    def parts(p):
        stride, inner, inv = None, None, {}
        for m, k in p.terms:
            k = p.signed(k)
            names = [a.name for a in m if isinstance(a, Var)]
            if var in names:
                if stride is not None or k != 1 or len(m) != 2:
                    return None
                other = [a for a in m if not (isinstance(a, Var) and a.name == var)]
                if _reads_memory(other, written):
                    return None
                stride = other[0]
            elif len(m) == 1 and isinstance(m[0], Var) and m[0].name.replace("__b", "") in extents \
                    and m[0].name.replace("__b", "") != var:
                if inner is not None or k != 1:
                    return None
                inner = m[0].name.replace("__b", "")
            elif any(free_vars(a) & set(extents) for a in m) or _reads_memory(m, written):
                return None
            else:
                inv[m] = k
        return stride, inner, inv
    a, b = parts(px), parts(py)
    if a is None or b is None or a[0] is None or a[0] != b[0] or a[2] != b[2]:
        return False
    for inner in (a[1], b[1]):
        if inner is not None and extents.get(inner) != a[0]:
            return False
    return True


def lane_coefficient(index: Expr, lane: str) -> int | None:
    """c such that `index` = base + c * lane with `base` free of `lane`; None when it is not
    affine in `lane` with a constant coefficient."""
    p = to_poly(as_i64(index))
    coef = 0
    for m, k in p.terms:
        if len(m) == 1 and isinstance(m[0], Var) and m[0].name == lane:
            coef += p.signed(k)
        elif any(lane in free_vars(a) for a in m):
            return None
    return coef


def _innermost(loop: Loop) -> bool:
    return not any(isinstance(n, (Loop, While)) for n in walk(loop.body))


def _body_lets(body: Stmt) -> dict[str, Expr]:
    """Lets at the top level of a loop body (in order, substituted into each other)."""
    lets = {}
    for s in (body.stmts if isinstance(body, Block) else (body,)):
        if isinstance(s, Let):
            lets[s.var.name] = substitute(s.value, lets)
    return lets


def _stmts(s: Stmt) -> tuple[Stmt, ...]:
    return s.stmts if isinstance(s, Block) else (s,)


def _flatten(s: Stmt) -> Stmt:
    """Nested blocks spliced into their parent (names are unique in a kernel, so scopes may widen)."""
    class F(Mutator):
        def visit_Block(self, b):
            b = self.generic_visit(b)
            items = []
            for x in b.stmts:
                items.extend(x.stmts if isinstance(x, Block) else (x,))
            return Block(tuple(items)) if len(items) != len(b.stmts) or any(a is not c for a, c in zip(items, b.stmts)) else b
    return F().visit(s)


def _replace_loops(k: Kernel, fn) -> Kernel:
    """Rebuild `k` with `fn(loop)` (a statement, or None to keep and descend) for every loop,
    outermost first."""
    class R(Mutator):
        def visit_Loop(self, s):
            out = fn(s)
            if out is None:
                return self.generic_visit(s)
            return out
    body = R().visit(k.body)
    return k if body is k.body else k.with_body(_flatten(body))


# ------------------------------------------------------------------------------------ localize_buffers

def localize_buffers(program: Kernel) -> Kernel:
    """Barriers removed and on-chip buffers (shared, nram, wram, sram) made plain local arrays:
    the C target runs the program's loops in order on one address space."""
    renamed: dict[str, Buffer] = {}
    for n in walk(program.body):
        if isinstance(n, Alloc) and n.buffer.scope not in ("local", "global"):
            renamed[n.buffer.name] = dataclasses.replace(n.buffer, scope="local")

    class M(Mutator):
        def visit_Buffer(self, b):
            return renamed.get(b.name, b) if b.scope != "global" else b

        def visit_Block(self, b):
            b = self.generic_visit(b)
            items = tuple(x for x in b.stmts if not isinstance(x, Barrier))
            return b if len(items) == len(b.stmts) else Block(items)

        def visit_Barrier(self, s):
            return Block(())
    body = M().visit(program.body)
    return program if body is program.body else program.with_body(body)


# ------------------------------------------------------------------------------------ parallelize_outer_loop

def parallel_legal(loop: Loop) -> bool:
    """Iterations may run concurrently: kind parallel/vectorized (independent by construction) or
    no dependence between iterations; never with a barrier or an opaque intrinsic inside."""
    if any(isinstance(n, (Barrier, IntrinsicCall)) for n in walk(loop.body)):
        return False
    if loop.kind in ("parallel", "vectorized"):
        return True
    return not carried_dependences(loop)


def parallelize_outer_loop(program: Kernel, min_extent: int = 2) -> Kernel:
    """Mark the outermost legal loops (see `parallel_legal`) of every nest for
    ``#pragma omp parallel for``; inner loops of a chosen loop stay serial. Loops of a constant
    extent below `min_extent` are looked through."""
    chosen: list[str] = []
    vector = set(get_attr(program, ATTR_AVX)) | set(get_attr(program, ATTR_VNNI)) | set(get_attr(program, ATTR_VREDUCE))

    def visit(s: Stmt):
        if isinstance(s, Block):
            for x in s.stmts:
                visit(x)
        elif isinstance(s, Loop):
            small = isinstance(s.extent, Const) and int(s.extent.value) < min_extent
            # SIMD lanes (kind vectorized) stay on one thread: `omp simd` / AVX-512 is their place
            if s.var.name not in vector and s.kind != "vectorized" and not small and parallel_legal(s):
                chosen.append(s.var.name)
                return
            if s.var.name not in vector:
                visit(s.body)
        elif isinstance(s, If):
            visit(s.then)
            if s.otherwise is not None:
                visit(s.otherwise)
        elif isinstance(s, While):
            visit(s.body)
    visit(program.body)
    return add_attr(program, ATTR_OMP, chosen)


# ------------------------------------------------------------------------------------ reductions

@dataclasses.dataclass(frozen=True)
class Reduction:
    store: Store
    op: str               # "+", "max", "min"
    operand: Expr         # the value folded in each iteration
    guard: If | None = None   # ``if (c) R = R op f``: folds ``c ? f : identity``


_IDENTITY = {"+": lambda t: Const(0, t), "max": lambda t: Const(float("-inf"), t) if dt.is_float(t) else Const(dt.int_range(t)[0], t),
             "min": lambda t: Const(float("inf"), t) if dt.is_float(t) else Const(dt.int_range(t)[1], t)}


def find_reductions(loop: Loop) -> list[Reduction] | None:
    """Top-level stores ``R[u] = R[u] op f`` (op +, max, min; R float32/int32, u the same in every
    iteration, R touched nowhere else in the body). None when a store looks like one but is not
    usable (then the loop is not vectorizable as a reduction)."""
    out = []
    written_in_loop = {n.buffer.name for n in walk(loop.body) if isinstance(n, Store)}
    lets = _body_lets(loop.body)
    varying = {loop.var.name} | {name for name, v in lets.items() if loop.var.name in free_vars(v)}
    for top in _stmts(loop.body):
        s, guard = top, None
        if isinstance(top, If) and top.otherwise is None and isinstance(top.then, Store):
            s, guard = top.then, top
        if not isinstance(s, Store) or s.buffer.dtype not in ("float32", "int32"):
            continue
        if guard is not None and s.buffer.name in _buffers_in(guard.cond):
            continue
        v = s.value
        if not (isinstance(v, Binary) and v.op in _IDENTITY):
            continue
        me = Load(s.buffer, s.indices)
        if v.a == me and s.buffer.name not in _buffers_in(v.b):
            operand = v.b
        elif v.b == me and s.buffer.name not in _buffers_in(v.a):
            operand = v.a
        else:
            continue
        idx_vars = set().union(*(free_vars(i) for i in s.indices)) if s.indices else set()
        if idx_vars & varying or _buffers_in_all(s.indices) & written_in_loop:
            continue
        if guard is not None:
            operand = Select(guard.cond, operand, _IDENTITY[v.op](s.buffer.dtype))
        out.append(Reduction(s, v.op, operand, guard))
    names = [r.store.buffer.name for r in out]
    if len(set(names)) != len(names):
        return None
    for r in out:     # R used nowhere else in the body
        uses = [n for n in walk(loop.body) if isinstance(n, (Load, Store)) and n.buffer.name == r.store.buffer.name]
        if len(uses) != 2:
            return None
    return out


def _buffers_in(e: Expr) -> set[str]:
    return {n.buffer.name for n in walk(e) if isinstance(n, Load)}


def _buffers_in_all(es) -> set[str]:
    out = set()
    for e in es:
        out |= _buffers_in(e)
    return out


# ------------------------------------------------------------------------------------ strip-mining

class _Builder:
    """Strip-mines an innermost loop into 16-lane steps + tail (shared by vectorize and VNNI)."""

    def __init__(self, program: Kernel):
        self.taken = all_names(program)

    def fresh(self, base: str) -> str:
        from ...ir.transforms.util import fresh_name
        return fresh_name(base.lstrip("_") or "v", self.taken)


def _lane_body(loop: Loop, index: Expr, body_fn, b: _Builder, rename: bool) -> Stmt:
    """`let i = index; body` with the loop's declared names renamed when `rename`."""
    i = loop.var
    body = body_fn(loop.body)
    stmt = Block((Let(i, index if index.dtype == i.dtype else Cast(i.dtype, index)), *_stmts(body)))
    if rename:
        stmt = rename_declared(stmt, b.taken)
    return stmt


def strip_mine(program: Kernel, loop: Loop, reductions: list[Reduction], b: _Builder, chunk_kind: str):
    """The statements that replace `loop`: (stmts, vector loop names, vreg names, reduce loop names)."""
    t = loop.var.dtype
    E = loop.extent
    stmts: list[Stmt] = []
    vec_loops, vregs, reduce_loops = [], [], []
    parts: dict[str, Buffer] = {}
    for r in reductions:
        rb = r.store.buffer
        part = Buffer(b.fresh(f"{rb.name}_part"), rb.dtype, (Const(LANES),), "local")
        parts[rb.name] = part
        vregs.append(part.name)
        stmts.append(Alloc(part))             # zero-filled: the identity of +
        if r.op != "+":
            ln = Var(b.fresh(f"{part.name}_l"), "int32")
            stmts.append(Loop(ln, Const(LANES), Store(part, (ln,), _IDENTITY[r.op](rb.dtype)), "vectorized"))
            vec_loops.append(ln.name)

    def body_for(lane: Var):
        def fn(body):
            if not reductions:
                return body
            by_store = {r.store: r for r in reductions if r.guard is None}
            by_guard = {r.guard: r for r in reductions if r.guard is not None}

            def update(r):
                part = parts[r.store.buffer.name]
                return Store(part, (lane,), Binary(r.op, Load(part, (lane,)), r.operand))

            class M(Mutator):
                def visit_Store(self, s):
                    r = by_store.get(s)
                    return s if r is None else update(r)

                def visit_If(self, s):
                    r = by_guard.get(s)
                    return self.generic_visit(s) if r is None else update(r)
            return M().visit(body)
        return fn

    if isinstance(E, Const) and int(E.value) <= LANES:
        # the loop itself is the lanes
        stmts.append(Loop(loop.var, loop.extent, body_for(loop.var)(loop.body), "vectorized"))
        vec_loops.append(loop.var.name)
    else:
        if isinstance(E, Const):
            nv, rem = Const(int(E.value) // LANES, t), Const(int(E.value) % LANES, t)
        else:
            if isinstance(E, Var):
                n_var = E
            else:
                n_var = Var(b.fresh(f"{loop.var.name}_n"), t)
                stmts.append(Let(n_var, E))
            nv_var = Var(b.fresh(f"{loop.var.name}_nv"), t)
            stmts.append(Let(nv_var, Binary("/", n_var, Const(LANES, t))))
            nv, rem = nv_var, Binary("-", n_var, Binary("*", nv_var, Const(LANES, t)))
        if not (isinstance(nv, Const) and nv.value == 0):
            v = Var(b.fresh(f"{loop.var.name}_v"), t)
            lane = Var(b.fresh(f"{loop.var.name}_l"), "int32")
            base = Binary("*", v, Const(LANES, t)) if not (isinstance(nv, Const) and nv.value == 1) else Const(0, t)
            idx = Binary("+", base, Cast(t, lane) if t != "int32" else lane) if not (isinstance(base, Const) and base.value == 0) \
                else (Cast(t, lane) if t != "int32" else lane)
            inner = Loop(lane, Const(LANES), _lane_body(loop, idx, body_for(lane), b, False), "vectorized")
            vec_loops.append(lane.name)
            if isinstance(nv, Const) and nv.value == 1:
                stmts.append(inner)
            else:
                stmts.append(Loop(v, nv, inner, chunk_kind))
        if not (isinstance(rem, Const) and rem.value == 0):
            r_var = Var(b.fresh(f"{loop.var.name}_r"), t)
            lane = Var(b.fresh(f"{loop.var.name}_t"), "int32")
            start = simplify_expr(Binary("*", nv, Const(LANES, t)))
            idx = Binary("+", start, Cast(t, lane) if t != "int32" else lane)
            if isinstance(rem, Const):
                tail = Loop(lane, Const(int(rem.value)), _lane_body(loop, simplify_expr(idx), body_for(lane), b, True), "vectorized")
                stmts.append(tail)
            else:
                tail_ext = Cast("int32", r_var) if t != "int32" else r_var
                tail = Loop(lane, tail_ext, _lane_body(loop, idx, body_for(lane), b, True), "vectorized")
                stmts.append(Let(r_var, rem))
                stmts.append(tail)
            vec_loops.append(lane.name)
    for r in reductions:
        rb = r.store.buffer
        part = parts[rb.name]
        rv = Var(b.fresh(f"{part.name}_r"), "int32")
        me = Load(rb, r.store.indices)
        stmts.append(Loop(rv, Const(LANES), Store(rb, r.store.indices, Binary(r.op, me, Load(part, (rv,)))), "serial"))
        reduce_loops.append(rv.name)
    return stmts, vec_loops, vregs, reduce_loops


# ------------------------------------------------------------------------------------ vectorize_inner_loops

def vector_candidate(loop: Loop) -> tuple[bool, list[Reduction]]:
    """(legal, reductions): may `loop` run as 16-lane vector steps?"""
    if not _innermost(loop) or any(isinstance(n, (Barrier, IntrinsicCall)) for n in walk(loop.body)):
        return False, []
    if loop.kind in ("parallel", "vectorized"):
        return True, []
    reds = find_reductions(loop)
    if reds is None:
        return False, []
    deps = carried_dependences(loop, ignore={r.store.buffer.name for r in reds})
    if deps and not output_only(loop, {name for name, _ in deps}):
        return False, []
    return True, reds


def output_only(loop: Loop, buffers: set[str]) -> bool:
    """Are the dependences on `buffers` only between writes (one store statement each, the buffer
    never read in the loop)? Vector stores keep the scalar loop's final state then: lanes write in
    order (a scatter too), vector steps run in order, so the last iteration writing an element wins."""
    for name in buffers:
        stores = [n for n in walk(loop.body) if isinstance(n, Store) and n.buffer.name == name]
        reads = [n for n in walk(loop.body) if (isinstance(n, Load) or type(n).__name__ == "Address")
                 and n.buffer.name == name]
        if len(stores) != 1 or reads:
            return False
    return True


def outer_vector_candidate(loop: Loop) -> bool:
    """May the iterations of a loop with loops inside run as 16 lanes in lock step (inner loops
    stepped together, masked where their trip counts differ)? When they are independent: kind
    parallel / vectorized, or no dependence carried by the loop at all."""
    if _innermost(loop) or any(isinstance(n, (Barrier, IntrinsicCall)) for n in walk(loop.body)):
        return False
    if any(isinstance(n, Alloc) and (n.buffer.const_shape() is None or _prod(n.buffer.const_shape()) != 1)
           for n in walk(loop.body)):
        return False            # only scalar temporaries become per-lane vectors
    return loop.kind in ("parallel", "vectorized") or not carried_dependences(loop)


def vectorize_inner_loops(program: Kernel, min_extent: int = 2) -> Kernel:
    """Strip-mine every vectorizable innermost loop (see the module doc) whose body the AVX-512
    printer can lower (unit-stride float32/int32 accesses, arithmetic, comparisons, selects, math
    calls) into 16-lane steps plus a tail; the 16-lane loops are marked for AVX-512."""
    from .emit import can_vectorize
    b = _Builder(program)
    marks = {ATTR_AVX: [], ATTR_VREG: list(get_attr(program, ATTR_VREG)), ATTR_VREDUCE: []}
    skip = set(get_attr(program, ATTR_AVX)) | set(get_attr(program, ATTR_VNNI)) | set(get_attr(program, ATTR_VREDUCE))

    def fn(loop: Loop):
        if loop.var.name in skip:
            return loop
        if not _innermost(loop):
            sunk = sink_parallel_loop(loop) if loop.kind == "parallel" else None
            if sunk is None:
                return outer(loop)
            # the parallel loop moved innermost: worth it when the old innermost loop does not
            # vectorize and the parallel one does
            inner_old = _innermost_of(loop)
            if inner_old is not None and probe(inner_old):
                return None
            inner_new = _innermost_of(sunk)
            p = plan(inner_new) if inner_new is not None else None
            if p is None:
                return outer(loop)
            return _flatten(_replace_stmt(sunk, inner_new, commit(p)))
        p = plan(loop)
        return commit(p) if p is not None else loop

    def probe(loop: Loop) -> bool:
        p = plan(loop)
        if p is not None:
            b.taken = p[4]
        return p is not None

    def outer(loop: Loop):
        """`loop` itself as the lanes (see `outer_vector_candidate`) when nothing inside it
        vectorizes on its own; None to descend."""
        if not outer_vector_candidate(loop):
            return None
        if any(n.kind == "parallel" for n in walk(loop.body) if isinstance(n, Loop)):
            return None          # a thread loop inside: it may sink and vectorize with unit strides
        if any(probe(n) for n in walk(loop.body) if isinstance(n, Loop) and _innermost(n)):
            return None
        p = plan(loop, outer=True)
        return commit(p) if p is not None else None

    def plan(loop: Loop, outer: bool = False):
        """(replacement, vector loops, vector registers, reduce loops) for `loop`, or None."""
        if isinstance(loop.extent, Const) and int(loop.extent.value) < min_extent:
            return None
        ok, reds = (True, []) if outer else vector_candidate(loop)
        if not ok:
            return None
        saved = set(b.taken)
        independent = loop.kind in ("parallel", "vectorized") or (not reds and not carried_dependences(loop))
        chunk_kind = "parallel" if independent else "serial"
        stmts, vloops, vregs, rloops = strip_mine(program, loop, reds, b, chunk_kind)
        new = Block(tuple(stmts))
        if not can_vectorize(new, set(vloops), set(marks[ATTR_VREG]) | set(vregs), require_unit_stride=True):
            b.taken = saved
            return None
        return new, vloops, vregs, rloops, saved

    def commit(p):
        new, vloops, vregs, rloops, _ = p
        marks[ATTR_AVX].extend(vloops)
        marks[ATTR_VREG].extend(vregs)
        marks[ATTR_VREDUCE].extend(rloops)
        return new

    out = _replace_loops(program, fn)
    for key in (ATTR_AVX, ATTR_VREG, ATTR_VREDUCE):
        out = add_attr(out, key, marks[key])
    return out


def is_lane_index(b: Buffer, indices, lane: str, lets: dict | None = None) -> bool:
    """Does the element index of `b[indices]` equal the lane variable itself (0..15)?"""
    from ...ir.printer_c import CPrinter
    idx = CPrinter()._linear(b, indices)
    if lets:
        idx = substitute(idx, lets)
    if lane_coefficient(idx, lane) != 1:
        return False
    base = simplify_expr(as_i64(substitute(idx, {lane: Const(0, "int32")})))
    return isinstance(base, Const) and base.value == 0


def promote_vector_registers(program: Kernel) -> Kernel:
    """Local 16-element float32/int32 buffers that are only accessed lane-wise inside AVX-512
    loops (element = lane) become vector registers (``__m512`` variables) instead of arrays."""
    avx = set(get_attr(program, ATTR_AVX))
    lets: dict[str, Expr] = {}
    for n in walk(program.body):
        if isinstance(n, Let):
            lets[n.var.name] = n.value
    for name in list(lets):       # transitively substituted (lets are immutable, names unique)
        lets[name] = substitute(lets[name], {k: v for k, v in lets.items() if k != name})
    candidates = {}
    for n in walk(program.body):
        if isinstance(n, Alloc) and n.buffer.scope == "local" and n.buffer.dtype in ("float32", "int32", "uint32"):
            shape = n.buffer.const_shape()
            if shape is not None and len(shape) >= 1 and _prod(shape) == LANES:
                candidates[n.buffer.name] = True
    if not candidates:
        return program
    bad: set[str] = set()

    def visit(s: Stmt, loop: Loop | None):
        for n in _children_stmts(s):
            visit(n, s if isinstance(s, Loop) else loop)
        for e in _exprs_of(s):
            for x in walk(e):
                if isinstance(x, Load) and x.buffer.name in candidates:
                    check(x.buffer, x.indices, loop)
                elif type(x).__name__ == "Address" and x.buffer.name in candidates:
                    bad.add(x.buffer.name)
        if isinstance(s, Store) and s.buffer.name in candidates:
            check(s.buffer, s.indices, loop)
        if isinstance(s, IntrinsicCall):
            bad.update(set(s.reads) | set(s.writes))

    def check(b, indices, loop):
        if loop is None or loop.var.name not in avx or not is_lane_index(b, indices, loop.var.name, lets):
            bad.add(b.name)
    visit(program.body, None)
    chosen = [n for n in candidates if n not in bad]
    return add_attr(program, ATTR_VREG, chosen)


def _prod(shape) -> int:
    out = 1
    for d in shape:
        out *= d
    return out


def _children_stmts(s: Stmt):
    if isinstance(s, Block):
        return s.stmts
    if isinstance(s, (Loop, While)):
        return (s.body,)
    if isinstance(s, If):
        return (s.then,) + ((s.otherwise,) if s.otherwise is not None else ())
    return ()


def _exprs_of(s: Stmt):
    if isinstance(s, Store):
        return (*s.indices, s.value)
    if isinstance(s, Let):
        return (s.value,)
    if isinstance(s, Loop):
        return (s.extent,)
    if isinstance(s, (If, While)):
        return (s.cond,)
    if isinstance(s, IntrinsicCall):
        return s.args
    if isinstance(s, Alloc):
        return s.buffer.shape
    return ()


def sink_parallel_loop(loop: Loop, depth: int = 3) -> Stmt | None:
    """Interchange a parallel loop with the loop nest under it (GPU thread loops around per-thread
    loops): ``for p (parallel): lets; for j: body`` -> ``for j: for p: lets; body``, as deep as the
    pattern goes (at most `depth` levels). Legal because different iterations of a parallel loop
    are independent and each one's own order over j is kept; the per-iteration lets move inside
    (they must not read what the nest writes), the inner extent must not depend on p. None when
    the pattern does not match."""
    stmts = _stmts(loop.body)
    if depth <= 0 or not stmts or not isinstance(stmts[-1], Loop) or not all(isinstance(x, Let) for x in stmts[:-1]):
        return None
    inner = stmts[-1]
    lets = stmts[:-1]
    bound = {loop.var.name} | {x.var.name for x in lets}
    if free_vars(inner.extent) & bound:
        return None
    written = {n.buffer.name for n in walk(loop.body) if isinstance(n, Store)}
    if any(_buffers_in(x.value) & written for x in lets) or _buffers_in(inner.extent) & written:
        return None
    if any(isinstance(n, (Barrier, IntrinsicCall, Alloc, While)) for n in walk(loop.body)):
        return None
    moved = Loop(loop.var, loop.extent, Block((*lets, *_stmts(inner.body))), loop.kind, loop.axis)
    deeper = sink_parallel_loop(moved, depth - 1) if not _innermost(moved) else None
    return Loop(inner.var, inner.extent, deeper if deeper is not None else moved, inner.kind, inner.axis)


def _innermost_of(s: Stmt) -> Loop | None:
    """The single innermost loop of a perfect-ish nest (None when there are several)."""
    loops = [n for n in walk(s) if isinstance(n, Loop) and _innermost(n)]
    return loops[0] if len(loops) == 1 else None


def _replace_stmt(root: Stmt, old: Stmt, new: Stmt) -> Stmt:
    class M(Mutator):
        def visit(self, node):
            if node is old:
                return new
            return super().visit(node)
    return M().visit(root)


# ------------------------------------------------------------------------------------ tensorize_vnni

@dataclasses.dataclass(frozen=True)
class DotProduct:
    store: Store
    a: Load               # int8/uint8 operand, unit stride in the loop variable
    b: Load


def _int8_operand(e: Expr) -> Load | None:
    if isinstance(e, Cast) and e.dtype == "int32" and isinstance(e.value, Load) and e.value.dtype in ("int8", "uint8"):
        return e.value
    return None


def find_dot_product(loop: Loop) -> DotProduct | None:
    """The loop is `[lets;] R[u] = R[u] + (int32)a[.. k ..] * (int32)b[.. k ..]` with int8/uint8
    operands of unit stride in k, R int32 at an index that does not depend on k."""
    if not _innermost(loop):
        return None
    stmts = _stmts(loop.body)
    if not stmts or not all(isinstance(s, Let) for s in stmts[:-1]) or not isinstance(stmts[-1], Store):
        return None
    reds = find_reductions(loop)
    if not reds or len(reds) != 1 or reds[0].op != "+" or reds[0].store is not stmts[-1]:
        return None
    r = reds[0]
    if r.store.buffer.dtype != "int32":
        return None
    prod = substitute(r.operand, _body_lets(loop.body))
    if not (isinstance(prod, Binary) and prod.op == "*"):
        return None
    a, bb = _int8_operand(prod.a), _int8_operand(prod.b)
    if a is None or bb is None:
        return None
    k = loop.var.name
    for ld in (a, bb):
        idx = _linear(ld)
        if lane_coefficient(idx, k) != 1:
            return None
    if carried_dependences(loop, ignore={r.store.buffer.name}):
        return None
    return DotProduct(r.store, a, bb)


def _linear(ld: Load) -> Expr:
    from ...ir.printer_c import CPrinter
    return CPrinter()._linear(ld.buffer, ld.indices)


def tensorize_vnni(program: Kernel) -> Kernel:
    """Int8 dot-product loops -> 16 int32 lanes x 4 products per step (``_mm512_dpbusd_epi32``),
    with a masked tail and a horizontal sum into the accumulator."""
    b = _Builder(program)
    marks = {ATTR_VNNI: [], ATTR_VREG: [], ATTR_VREDUCE: []}

    def fn(loop: Loop):
        if not _innermost(loop):
            return None
        dot = find_dot_product(loop)
        if dot is None:
            return loop
        t = loop.var.dtype
        k = loop.var
        R = dot.store.buffer
        acc = Buffer(b.fresh(f"{R.name}_vnni"), "int32", (Const(LANES),), "local")
        stmts: list[Stmt] = [Alloc(acc)]
        n_var = Var(b.fresh(f"{k.name}_n"), t)
        ng = Var(b.fresh(f"{k.name}_ng"), t)
        stmts += [Let(n_var, loop.extent), Let(ng, Binary("/", n_var, Const(4 * LANES, t)))]

        def group(base: Expr, lane: Var, rem: Expr | None) -> Expr:
            total = None
            for j in range(4):
                kk = Binary("+", base, Cast(t, Binary("+", Binary("*", Const(4), lane), Const(j))) if t != "int32"
                            else Binary("+", Binary("*", Const(4), lane), Const(j)))
                sub = {k.name: kk}
                pa = Cast("int32", substitute(dot.a, sub))
                pb = Cast("int32", substitute(dot.b, sub))
                term = Binary("*", pa, pb)
                if rem is not None:
                    term = Select(Compare("<", Binary("+", Binary("*", Const(4), lane), Const(j)), rem), term, Const(0))
                total = term if total is None else Binary("+", total, term)
            return total

        g = Var(b.fresh(f"{k.name}_g"), t)
        lane = Var(b.fresh(f"{k.name}_l"), "int32")
        main_base = Binary("*", g, Const(4 * LANES, t))
        main = Loop(g, ng, Loop(lane, Const(LANES), Store(acc, (lane,), Binary("+", Load(acc, (lane,)),
                                                                              group(main_base, lane, None))),
                                "vectorized"), "serial")
        rem = Var(b.fresh(f"{k.name}_rem"), t)
        tl = Var(b.fresh(f"{k.name}_t"), "int32")
        tail_base = Binary("*", ng, Const(4 * LANES, t))
        rem32 = Cast("int32", rem) if t != "int32" else rem
        tail = If(Compare(">", rem, Const(0, t)),
                  Loop(tl, Const(LANES), Store(acc, (tl,), Binary("+", Load(acc, (tl,)), group(tail_base, tl, rem32))),
                       "vectorized"))
        rv = Var(b.fresh(f"{acc.name}_r"), "int32")
        me = Load(R, dot.store.indices)
        fin = Loop(rv, Const(LANES), Store(R, dot.store.indices, Binary("+", me, Load(acc, (rv,)))), "serial")
        stmts += [main, Let(rem, Binary("-", n_var, tail_base)), tail, fin]
        marks[ATTR_VNNI].extend([lane.name, tl.name])
        marks[ATTR_VREG].append(acc.name)
        marks[ATTR_VREDUCE].append(rv.name)
        return Block(tuple(stmts))
    out = _replace_loops(program, fn)
    for key, vals in marks.items():
        out = add_attr(out, key, vals)
    return out


# ------------------------------------------------------------------------------------ registry

def _register():
    from ...ir.passes import PassError, register_pass
    for name, fn in (("localize_buffers", localize_buffers), ("tensorize_vnni", tensorize_vnni),
                     ("vectorize_inner_loops", vectorize_inner_loops),
                     ("promote_vector_registers", promote_vector_registers),
                     ("parallelize_outer_loop", parallelize_outer_loop)):
        try:
            register_pass(name)(fn)
        except PassError:      # another target registered the name first: this one is the C target's
            try:
                register_pass(name, implementation="c")(fn)
            except PassError:
                pass


_register()
