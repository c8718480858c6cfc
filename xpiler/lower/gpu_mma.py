"""tensorize_mma: tile products computed by one lane of a group become one matrix instruction.

The lifted form of a WMMA / MFMA collective (one lane of each group of 32 or 64 threads computes an
M x N x K half-precision tile product with float accumulation) becomes IntrinsicCall MMA, which the
GPU printer writes as WMMA on CUDA and MFMA on HIP (16x16x16 tiles; K is zero-padded to a multiple
of 16).

The product is found by evaluating its index expressions over the nest: the output points group
into rows (points that read the same A elements for every k) and columns (the same B elements), and
each operand's offset becomes a function of the tile coordinates (row, k), (k, column) or (row,
column). A WMMA tile product lifts to strided tiles; an MFMA lifts to register fragments exchanged in
the instruction's lane layout, so its operands are permutations of the tiles. Both are recorded as
a base and the weights of the bits of the tile coordinates (every WMMA / MFMA layout is a sum of bit
fields), from which the printer writes the index expressions that gather the tiles. Float operands
qualify when their buffer only ever holds converted half values (the MFMA exchange buffers).
"""
from __future__ import annotations

import dataclasses

import numpy as np

from ..ir import dtypes as dt
from ..ir.analysis.affine import from_poly, to_poly, Poly
from ..ir.buffer import Buffer
from ..ir.expr import (Address, Binary, Call, Cast, Compare, Const, Expr, Load, Select, Unary, Var, add, cast, div,
                       mod, mul)
from ..ir.kernel import Kernel
from ..ir.passes import register_pass
from ..ir.stmt import Alloc, If, IntrinsicCall, Let, Loop, Stmt, Store, While, block
from ..ir.transforms.util import all_names, buffers_written, fresh_name
from ..ir.visitor import free_vars, substitute, walk
from .gpu import (MMA, _StripIntCasts, _as, _const, _flat, _is_thread_loop, _map_block_context, _pure, get_attr,
                  with_attrs)

# IntrinsicCall MMA args: the operands A (M x K), B (K x N), C and D (M x N) as Address(buffer, (base,)),
# M, N, K, lanes per group, then for A, B, C, D the weights of the bits of the row and of the column
# coordinate (element (r, c) is at base + sum of the weights of the set bits; `operand_index`), then
# the staging buffer (CUDA) if any. `mma_operands` decodes them.
MAX_POINTS = 1 << 16          # elements of a product the matcher evaluates


def _norm_index(e: Expr) -> Expr:
    return _as(_StripIntCasts().visit(e), "int64")


def _wrap_np(v, dtype: str):
    """Two's-complement wrap of int64 values to an integer dtype (bool: nonzero -> 1)."""
    if dtype == "bool":
        return (v != 0).astype(np.int64)
    b = dt.bits(dtype)
    if b >= 64:
        if not dt.is_signed(dtype) and np.any(v < 0):
            raise ValueError("unsigned 64-bit value out of range")
        return v
    v = v & ((1 << b) - 1)
    return v - ((v >= (1 << (b - 1))) << b) if dt.is_signed(dtype) else v


def _integral(dtype: str) -> bool:
    return dt.is_int(dtype) or dtype == "bool"


def _eval_np(e: Expr, env: dict):
    """Integer or bool `e` over NumPy int64 arrays of the variables in `env`, with C semantics
    (wrap-around, truncating division); ValueError for anything else (loads, floats, ...)."""
    if isinstance(e, Const) and _integral(e.dtype):
        return np.int64(int(e.value))
    if isinstance(e, Var):
        if e.name not in env:
            raise ValueError(e.name)
        return env[e.name]
    if isinstance(e, Cast) and _integral(e.dtype) and _integral(e.value.dtype):
        return _wrap_np(np.asarray(_eval_np(e.value, env), dtype=np.int64), e.dtype)
    if isinstance(e, Compare) and _integral(e.a.dtype):
        a, b = _eval_np(e.a, env), _eval_np(e.b, env)
        ops = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal, "==": np.equal,
               "!=": np.not_equal}
        return ops[e.op](a, b).astype(np.int64)
    if isinstance(e, Unary) and e.op in ("-", "!", "~"):
        a = _eval_np(e.a, env)
        return (a == 0).astype(np.int64) if e.op == "!" else _wrap_np(np.asarray(-a if e.op == "-" else ~a), e.dtype)
    if isinstance(e, Binary) and e.op in ("and", "or"):
        a, b = _eval_np(e.a, env) != 0, _eval_np(e.b, env) != 0
        return (a & b if e.op == "and" else a | b).astype(np.int64)
    if isinstance(e, Select) and _integral(e.dtype):
        return np.where(_eval_np(e.cond, env) != 0, _eval_np(e.then, env), _eval_np(e.otherwise, env))
    if isinstance(e, Binary) and dt.is_int(e.dtype):
        a, b = np.asarray(_eval_np(e.a, env)), np.asarray(_eval_np(e.b, env))
        if e.op == "+":
            v = a + b
        elif e.op == "-":
            v = a - b
        elif e.op == "*":
            v = a * b
        elif e.op in ("/", "%"):
            if np.any(b == 0):
                raise ValueError("division by zero")
            q = (np.abs(a) // np.abs(b)) * np.sign(a) * np.sign(b)
            v = q if e.op == "/" else a - b * q
        elif e.op in ("<<", ">>") and isinstance(e.b, Const) and 0 <= int(e.b.value) < dt.bits(e.dtype):
            v = a << int(e.b.value) if e.op == "<<" else a >> int(e.b.value)
        elif e.op in ("&", "|", "^"):
            v = a & b if e.op == "&" else (a | b if e.op == "|" else a ^ b)
        else:
            raise ValueError(f"operator {e.op}")
        return _wrap_np(np.asarray(v, dtype=np.int64), e.dtype)
    raise ValueError(f"cannot evaluate {type(e).__name__}")


def _split(e: Expr, loop: set):
    """(base, offset) with e = base + offset: `base` (e with the loop variables at 0) free of them,
    `offset` a function of the loop variables only that is 0 there; None when terms mix them."""
    try:
        p = to_poly(_norm_index(e))
    except Exception:
        return None
    rel = {}
    for m, c in p.terms:
        names = set()
        for a in m:
            names |= free_vars(a)
        if names & loop:
            if names - loop:
                return None
            rel[m] = c
    zero = {v: Const(0, "int32") for v in loop}
    return cast("int64", substitute(e, zero)), from_poly(Poly.make(rel, p.dtype))


def _offsets(rel: Expr, env: dict, shape: tuple, origin: dict):
    """Values of `rel` over the grid `env` (broadcast to `shape`), relative to its value at `origin`."""
    v = np.broadcast_to(np.asarray(_eval_np(rel, env), dtype=np.int64), shape)
    return v - np.int64(_eval_np(rel, origin))


def _bit_fields(f: np.ndarray):
    """(constant, bit weights of x, bit weights of y) when f(x, y) = constant + sum over the set bits
    of x and y of their weights (every MFMA / WMMA lane layout has this form), else None."""
    n1, n2 = f.shape
    c0 = int(f[0, 0])
    wx = [int(f[1 << b, 0]) - c0 for b in range((n1 - 1).bit_length())]
    wy = [int(f[0, 1 << b]) - c0 for b in range((n2 - 1).bit_length())]

    def part(n, ws):
        x = np.arange(n, dtype=np.int64)
        return sum((w * ((x >> b) & 1) for b, w in enumerate(ws)), np.zeros(n, np.int64))
    if not np.array_equal(f, c0 + part(n1, wx)[:, None] + part(n2, wy)[None, :]):
        return None
    return c0, wx, wy


def _field_expr(v: Expr, ws) -> Expr | None:
    """sum over the bits b of v of ws[b] * bit b, written as runs of bits whose weights double:
    (v / 2^lo % 2^len) * weight."""
    out, b = None, 0
    while b < len(ws):
        if ws[b] == 0:
            b += 1
            continue
        e = b
        while e + 1 < len(ws) and ws[e + 1] == 2 * ws[e]:
            e += 1
        t = v if b == 0 else div(v, 1 << b)
        if e + 1 < len(ws):
            t = mod(t, 1 << (e + 1 - b))
        t = t if ws[b] == 1 else mul(t, int(ws[b]))
        out = t if out is None else add(out, t)
        b = e + 1
    return out


def operand_index(addr: Address, wr, wc, r: Expr, c: Expr) -> Expr:
    """The index of element (r, c) of an MMA operand: its base plus the bit fields of r and c."""
    out = addr.indices[0]
    for v, ws in ((r, wr), (c, wc)):
        f = _field_expr(v, ws)
        if f is not None:
            out = add(out, cast("int64", f))
    return out


def _half_valued(program: Kernel) -> set[str]:
    """Buffers allocated in the kernel that only ever hold float16 values: every store converts one
    (the exchange buffers of a lifted MFMA), so converting them back to half is exact."""
    ok, bad = set(), {p.name for p in program.params}
    for n in walk(program.body):
        if isinstance(n, Store):
            v = n.value
            if (isinstance(v, Cast) and v.value.dtype == "float16") or (
                    isinstance(v, Const) and float(np.float16(v.value)) == float(v.value)):
                ok.add(n.buffer.name)
            else:
                bad.add(n.buffer.name)
        elif isinstance(n, IntrinsicCall):
            bad.update(n.writes)
        elif isinstance(n, Call):
            bad.update(a.buffer.name for a in n.args if isinstance(a, Address))
    return ok - bad


def _operand(x: Expr, half_ok) -> Load | None:
    """The half-precision load of one factor: (float)h with h a float16 load, or a load of a float
    buffer that holds half values."""
    if isinstance(x, Cast) and x.dtype == "float32" and isinstance(x.value, Load) and x.value.dtype == "float16":
        return x.value
    if isinstance(x, Load) and x.dtype == "float32" and half_ok(x.buffer.name):
        return x
    return None


@dataclasses.dataclass(frozen=True)
class Product:
    """D[i][j] = C[i][j] + sum_k A[i][k] * B[k][j] over an M x N x K tile; each operand is (buffer,
    base, (constant, row bit weights, column bit weights)) (see _bit_fields)."""
    A: tuple
    B: tuple
    C: tuple
    D: tuple
    M: int
    N: int
    K: int


def _match_mma_nest(stmts: list[Stmt], lets: dict, half_ok) -> Product | None:
    """A tile product: a nest of loops over the output points around either `acc = C[p]; for k: acc +=
    A * B; D[p] = acc` or `for k: C[p] += A * B` (A and B half values, C and D float32, 1-d buffers)."""
    outs, items = [], stmts
    while len(items) == 1 and isinstance(items[0], Loop) and _const(items[0].extent):
        body = [x for x in _flat(items[0].body) if not isinstance(x, Alloc)]
        if len(body) == 1 and isinstance(body[0], Store):
            break                       # items[0] is the reduction loop
        outs.append(items[0])
        items = body
        acc_names = {x.buffer.name for x in _flat(outs[-1].body) if isinstance(x, Alloc)}
    if not outs:
        return None
    if len(items) == 3 and isinstance(items[0], Store) and isinstance(items[1], Loop) and isinstance(items[2], Store):
        init, kloop, fin = items
        if init.buffer.name not in acc_names or not isinstance(init.value, Load):
            return None
        cl, dl = init.value, fin
        if not (isinstance(fin.value, Load) and fin.value.buffer.name == init.buffer.name
                and fin.value.indices == init.indices):
            return None
        acc_loc = (init.buffer.name, init.indices)
    elif len(items) == 1 and isinstance(items[0], Loop):
        kloop, cl, dl, acc_loc = items[0], None, None, None
    else:
        return None
    K = _const(kloop.extent)
    kb = _flat(kloop.body)
    if not K or len(kb) != 1 or not isinstance(kb[0], Store):
        return None
    st = kb[0]
    v = st.value
    if not (isinstance(v, Binary) and v.op == "+") or st.buffer.dtype != "float32":
        return None
    acc = Load(st.buffer, st.indices)
    prod = v.b if v.a == acc else (v.a if v.b == acc else None)
    if prod is None or not (isinstance(prod, Binary) and prod.op == "*"):
        return None
    if acc_loc is not None:
        if (st.buffer.name, st.indices) != acc_loc:
            return None
    else:
        cl, dl = acc, st
    ops = [_operand(x, half_ok) for x in (prod.a, prod.b)]
    if None in ops or any(len(x.indices) != 1 for x in ops + [cl, dl]):
        return None
    if cl.buffer.dtype != "float32" or dl.buffer.dtype != "float32":
        return None
    if dl.buffer.name in {x.buffer.name for x in ops}:
        return None
    # the grid of output points (row-major over the nest) and the reduction index
    P = 1
    for L in outs:
        P *= _const(L.extent)
    if P * K > MAX_POINTS:
        return None
    loop = {L.var.name for L in outs} | {kloop.var.name}
    env, stride = {}, P
    for L in outs:
        n = _const(L.extent)
        stride //= n
        env[L.var.name] = (np.arange(P, dtype=np.int64) // stride % n)[:, None]
    env[kloop.var.name] = np.arange(K, dtype=np.int64)[None, :]
    origin = {n: np.int64(0) for n in loop}
    inl = lambda e: substitute(e, lets)
    parts = {}
    for key, x in (("a", ops[0]), ("b", ops[1]), ("c", cl), ("d", dl)):
        s = _split(inl(x.indices[0]), loop)
        if s is None:
            return None
        try:
            off = _offsets(s[1], env, (P, K), origin)
        except ValueError:
            return None
        if key in ("c", "d"):
            if np.any(off != off[:, :1]):       # the result does not move with k
                return None
            off = off[:, 0]
        parts[key] = (x.buffer, s[0], off)
    for (ka, kb_) in (("a", "b"), ("b", "a")):
        r = _tile_product(parts[ka], parts[kb_], parts["c"], parts["d"], K)
        if r is not None:
            return r
    return None


def _tile_product(a, b, c, d, K: int) -> Product | None:
    """Rows: output points reading the same A elements for every k; columns: the same for B; the
    points must be exactly the rows x columns."""
    (ba, base_a, oa), (bb, base_b, ob), (bc, base_c, oc), (bd, base_d, od) = a, b, c, d
    rows, ri = np.unique(oa, axis=0, return_inverse=True)
    cols, ci = np.unique(ob, axis=0, return_inverse=True)
    ri, ci = ri.reshape(-1), ci.reshape(-1)
    M, N = len(rows), len(cols)
    if M * N != len(oa) or len(np.unique(ri * N + ci)) != M * N or M % 16 or N % 16:
        return None
    if len(np.unique(od)) != len(od):           # every result element written once
        return None
    tc, td = np.zeros((M, N), np.int64), np.zeros((M, N), np.int64)
    tc[ri, ci], td[ri, ci] = oc, od
    if bc.name == bd.name and (base_c != base_d or not (tc == td).all()):
        return None                             # an in-place result must overwrite exactly its inputs
    offs = [_bit_fields(rows), _bit_fields(cols.T), _bit_fields(tc), _bit_fields(td)]
    if None in offs:
        return None
    return Product(*((buf, base, off) for buf, base, off in zip((ba, bb, bc, bd), (base_a, base_b, base_c, base_d),
                                                                  offs)), M, N, K)


def _lane_group(cond: Expr, f: Var, E: int, loops: dict | None = None) -> int | None:
    """g when `cond` (a function of the thread index f and of enclosing loop counters, `loops`:
    name -> extent) holds exactly for f % g == 0, at every value of those counters."""
    outer = sorted(free_vars(cond) - {f.name})
    loops = loops or {}
    if any(n not in loops for n in outer):
        return None
    shape = (E,) + tuple(loops[n] for n in outer)
    if int(np.prod(shape)) > MAX_POINTS:
        return None
    grid = np.indices(shape, dtype=np.int64)
    try:
        vals = np.broadcast_to(_eval_np(cond, dict(zip([f.name] + outer, grid))), shape) != 0
    except ValueError:
        return None
    lane = np.arange(E).reshape((E,) + (1,) * len(outer))
    for g in (32, 64):
        if E % g == 0 and np.array_equal(vals, np.broadcast_to(lane % g == 0, shape)):
            return g
    return None


@register_pass("tensorize_mma")
def tensorize_mma(program: Kernel, wave: int = 32, staging: bool = False) -> Kernel:
    """A thread loop in which one lane of each group of 32 (or 64) threads computes an M x N x K
    half-precision tile product with float accumulation (M, N multiples of 16) becomes one matrix
    operation per group (IntrinsicCall MMA, printed as WMMA on CUDA and MFMA on HIP); `wave` is the
    target's SIMD width, which the thread loop must fill; `staging` adds a shared buffer of one A, B
    and C tile per warp (WMMA loads from aligned tiles with a fixed leading dimension). Other guards
    around the product are evaluated at the group's leading lane (the only lane that ran the product
    before)."""
    mode = get_attr(program, "gpu_mode")
    if mode not in ("grid", "single"):
        return program
    T = get_attr(program, "gpu_block")
    taken = all_names(program)
    count = [0]
    stage = []
    half: list[set] = []

    def half_ok(name: str) -> bool:
        if not half:
            half.append(_half_valued(program))
        return name in half[0]

    def rewrite(L: Loop, loops: dict):
        E = _const(L.extent)
        if E is None or E > T or E % wave or E % 32:
            return None
        # values read before the product (lets, guards, bases) may load what the loop does not write:
        # the group's leading lane reads the same at the matrix operation
        written = buffers_written(L.body)
        stable = lambda e: not any(isinstance(n, Address) or (isinstance(n, Load) and n.buffer.name in written)
                                   for n in walk(e))
        lets, conds = {}, []
        items = _flat(L.body)
        while True:
            if not items or not all(isinstance(x, Let) and stable(x.value) for x in items[:-1]):
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
        m = _match_mma_nest(items, lets, half_ok) if len(items) == 1 else None
        if m is None:
            return None
        groups = [(c, _lane_group(c, L.var, E, loops)) for c in conds]
        lane = [g for c, g in groups if g is not None]
        if len(lane) != 1:
            return None
        g = lane[0]
        lead = Var(fresh_name("lead", taken), L.var.dtype)
        outer = _outer_names(program, L, taken)
        guard = None
        for c, gg in groups:
            if gg is None:
                c = substitute(c, {L.var.name: lead})
                if free_vars(c) - {lead.name} - outer or not stable(c):
                    return None
                guard = c if guard is None else Binary("and", guard, c)
        from ..ir.transforms.simplify import simplify_expr
        args = []
        weights = []
        for buf, base, (c0, wr, wc) in (m.A, m.B, m.C, m.D):
            base = _lead_affine(add(substitute(base, {L.var.name: lead}), Const(c0, "int64")), lead, E, g)
            try:
                base = simplify_expr(base)
            except Exception:
                pass
            if free_vars(base) - {lead.name} - outer or not stable(base):
                return None
            args.append(Address(buf, (base,)))
            weights += [Const(w, "int64") for w in wr + wc]
        reads = {m.A[0].name, m.B[0].name, m.C[0].name}
        writes = {m.D[0].name}
        extra = ()
        if staging:
            if not stage:
                stage.append(Buffer(fresh_name("mma_stage", taken), "float32", (max(T // 32, 1) * 512 + 8,), "shared"))
            extra = (Address(stage[0], (Const(0, "int32"),)),)
            reads.add(stage[0].name)
            writes.add(stage[0].name)
        count[0] += 1
        call = IntrinsicCall(MMA, tuple(args) + tuple(Const(x, "int32") for x in (m.M, m.N, m.K, g)) + tuple(weights)
                             + extra,
                             reads=tuple(sorted(reads)), writes=tuple(sorted(writes)))
        gl = Const(g, L.var.dtype)
        return dataclasses.replace(L, body=block(Let(lead, Binary("-", L.var, Binary("%", L.var, gl))),
                                                 If(guard, call) if guard is not None else call))

    def visit(items, loops):
        """`loops`: the enclosing loops of constant extent (counter name -> extent)."""
        out = []
        for x in items:
            if _is_thread_loop(x):
                r = rewrite(x, loops)
                out.append(r if r is not None else x)
            elif isinstance(x, (Loop, While)):
                inner = {**loops, x.var.name: _const(x.extent)} if isinstance(x, Loop) and _const(x.extent) else loops
                out.append(dataclasses.replace(x, body=block(visit(_flat(x.body), inner))))
            elif isinstance(x, If):
                other = block(visit(_flat(x.otherwise), loops)) if x.otherwise is not None else None
                out.append(dataclasses.replace(x, then=block(visit(_flat(x.then), loops)), otherwise=other))
            else:
                out.append(x)
        return out
    top = {}
    if mode == "grid":
        g = _flat(program.body)[-1]
        if _const(g.extent):
            top[g.var.name] = _const(g.extent)
    k = _map_block_context(program, lambda items: visit(items, top))
    if not count[0]:
        return program
    if stage:
        k = _map_block_context(k, lambda items: [Alloc(stage[0])] + items)
    return with_attrs(k, gpu_mma=get_attr(program, "gpu_mma", 0) + count[0])


def _lead_affine(base: Expr, lead: Var, E: int, g: int) -> Expr:
    """`base` as c + s * lead when it depends on the group's leading lane only, and is affine on the
    leading lanes 0, g, 2g, ... < E (exact: checked at each of them)."""
    from ..ir.evaluate import evaluate
    if free_vars(base) != {lead.name} or not _pure(base):
        return base
    try:
        vals = [int(evaluate(base, {lead.name: x})) for x in range(0, E, g)]
    except Exception:
        return base
    step = (vals[1] - vals[0]) if len(vals) > 1 else 0
    if step % g or any(v != vals[0] + step * i for i, v in enumerate(vals)):
        return base
    return add(mul(cast("int64", lead), Const(step // g, "int64")), Const(vals[0], "int64"))


def _outer_names(k: Kernel, L: Loop, names: set[str]) -> set[str]:
    """Names in scope around thread loop L (conservatively: every name of the kernel, `names`, not
    declared in it)."""
    inside = {n.var.name for n in walk(L) if isinstance(n, (Loop, Let))}
    return (names - inside) | {p.name for p in k.params}


@dataclasses.dataclass(frozen=True)
class MmaCall:
    """A decoded MMA call; `index(op, r, c)` is the index of element (r, c) of operand op ("A".."D")
    in op's buffer (`buffer(op)`)."""
    ops: dict
    M: int
    N: int
    K: int
    group: int
    stage: str | None

    def buffer(self, op: str) -> str:
        return self.ops[op][0].buffer.name

    def index(self, op: str, r: Expr, c: Expr) -> Expr:
        addr, wr, wc = self.ops[op]
        return operand_index(addr, wr, wc, r, c)


def mma_operands(call: IntrinsicCall) -> MmaCall:
    a = call.args
    M, N, K, g = (int(x.value) for x in a[4:8])
    bits = lambda n: (n - 1).bit_length()
    ops, i = {}, 8
    for op, (nr, nc) in zip("ABCD", ((M, K), (K, N), (M, N), (M, N))):
        w = [int(x.value) for x in a[i:i + bits(nr) + bits(nc)]]
        ops[op] = (a["ABCD".index(op)], w[:bits(nr)], w[bits(nr):])
        i += bits(nr) + bits(nc)
    stage = a[i].buffer.name if len(a) > i else None
    return MmaCall(ops, M, N, K, g, stage)
