"""raise_matmul(kernel, scalars): a program that computes a matrix product, rewritten as the plain nest.

Matrix-core code (MFMA fragments in lane-layout exchange buffers, WMMA tiles, warp-shuffle dot
products) lifts to correct loops that no tensorizer can read. This pass asks what the program
computes instead of how: it executes it abstractly, with index arithmetic exact and floating-point
values as polynomials over the input elements (sums of products; anything else is an opaque atom;
precision conversions are ignored). When every element written to the one output buffer is

    C[(b*M + m)*N + n] = sum_k X[x0 + b*xb + m*xm + k*xk] * Y[y0 + b*yb + k*yk + n*yn]  (+ Z[z0 + ...])

(every term with coefficient 1), the body is replaced by that nest, accumulating in float32, which
`tensorize_matmul` maps to the target's matrix instruction. A program with size parameters runs at
two small sizes of our choosing, and each size or stride that follows a parameter (or the product
of two) becomes that expression, so the rewrite stays size-generic; one without runs at the size it
has (`scalars`: the verified case's scalar arguments). Execution is bounded (WORK_BUDGET); the
translation is verified afterwards like any other, and other sizes are checked by the driver.
"""
from __future__ import annotations

from .. import dtypes as dt
from .. import semantics as sem
from ..buffer import Buffer
from ..dtypes import is_float
from ..expr import Binary, Call, Cast, Compare, Const, Expr, Load, Select, Unary, Var
from ..kernel import Kernel
from ..stmt import Alloc, Barrier, Block, If, IntrinsicCall, Let, Loop, Stmt, Store, While, block
from ..visitor import walk

WORK_BUDGET = 700_000        # stores, loop iterations and polynomial terms touched (about 1 s)
MAX_TERMS = 4096


class _Stop(Exception):
    pass


def _scale(p: dict, c: float) -> dict:
    return {m: v * c for m, v in p.items()} if c else {}


def _add(a: dict, b: dict, sign: float = 1.0) -> dict:
    out = dict(a)
    for m, v in b.items():
        out[m] = out.get(m, 0.0) + sign * v
        if out[m] == 0.0:
            del out[m]
    if len(out) > MAX_TERMS:
        raise _Stop()
    return out


def _const_of(p: dict):
    if not p:
        return 0.0
    if len(p) == 1 and () in p:
        return p[()]
    return None


def _wrapper(dtype: str):
    """A fast two's-complement wrap to an integer dtype."""
    if dtype == "bool":
        return lambda v: int(bool(v))
    bits = dt.bits(dtype)
    mask, top = (1 << bits) - 1, 1 << (bits - 1)
    if dt.is_signed(dtype):
        return lambda v: ((v & mask) - (1 << bits)) if (v & mask) >= top else (v & mask)
    return lambda v: v & mask


def _cdiv(a: int, b: int) -> int:
    return a // b if a >= 0 and b > 0 else sem.c_div(a, b)       # C truncates toward zero


def _cmod(a: int, b: int) -> int:
    return a % b if a >= 0 and b > 0 else sem.c_mod(a, b)


_INT_OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
            "/": lambda a, b: sem.c_div(a, b), "%": lambda a, b: sem.c_mod(a, b), "min": min, "max": max,
            "&": lambda a, b: a & b, "|": lambda a, b: a | b, "^": lambda a, b: a ^ b,
            "<<": lambda a, b: a << b, ">>": lambda a, b: a >> b}
_CMP = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}


class _Poly:
    """Abstract execution with polynomial values (see the module docstring): the program is
    compiled once into Python closures (env -> value)."""

    def __init__(self, params: set[str]):
        self.params = params                 # parameter buffers: unwritten elements are input atoms
        self.mem: dict[str, dict[int, object]] = {}
        self.steps = 0

    def opaque(self, *parts) -> dict:
        self.charge(sum(len(p) for p in parts if isinstance(p, dict)))
        key = ("opaque", hash(tuple(tuple(sorted(p.items())) if isinstance(p, dict) else p for p in parts)))
        return {(key,): 1.0}

    # ---------------------------------------------------------------- expressions
    def expr(self, e: Expr):
        if not is_float(e.dtype):
            return self.int_expr(e)
        return self.closure(e)

    def int_expr(self, e: Expr):
        """An integer expression as one generated Python lambda (index arithmetic dominates)."""
        ns = {"_cdiv": _cdiv, "_cmod": _cmod}
        src = self.source(e, ns)
        return eval("lambda env: " + src, ns)      # noqa: S307 -- source generated here from the IR

    def source(self, e: Expr, ns: dict) -> str:
        def wrap(x: str, dtype: str) -> str:
            if dtype == "bool":
                return f"(1 if ({x}) else 0)"
            bits = dt.bits(dtype)
            mask = (1 << bits) - 1
            if dt.is_signed(dtype):
                return f"((({x}) + {1 << (bits - 1)}) & {mask}) - {1 << (bits - 1)}"
            return f"(({x}) & {mask})"

        def sub(x: Expr) -> str:
            if is_float(x.dtype):
                raise _Stop()
            return self.source(x, ns)

        def hook(x: Expr) -> str:                 # anything else: its closure, called from the lambda
            name = f"_h{len(ns)}"
            ns[name] = self.closure(x)
            return f"{name}(env)"
        try:
            if isinstance(e, Const):
                return repr(int(e.value))
            if isinstance(e, Var):
                return f"env[{e.name!r}]"
            if isinstance(e, Binary):
                if e.op in ("and", "or"):
                    return f"(1 if (({sub(e.a)}) {e.op} ({sub(e.b)})) else 0)"
                a, b = sub(e.a), sub(e.b)
                if e.op in ("/", "%"):
                    return wrap(f"{'_cdiv' if e.op == '/' else '_cmod'}({a}, {b})", e.dtype)
                if e.op in ("min", "max"):
                    return f"{e.op}({a}, {b})"
                if e.op in ("+", "-", "*", "&", "|", "^", "<<", ">>"):
                    return wrap(f"({a}) {e.op} ({b})", e.dtype)
                raise _Stop()
            if isinstance(e, Compare):
                return f"(1 if ({sub(e.a)}) {e.op} ({sub(e.b)}) else 0)"
            if isinstance(e, Cast):
                return wrap(sub(e.value), e.dtype) if e.dtype != "bool" else f"(1 if ({sub(e.value)}) != 0 else 0)"
            if isinstance(e, Select):
                return f"(({sub(e.then)}) if ({self.source(e.cond, ns)}) else ({sub(e.otherwise)}))"
            if isinstance(e, Unary):
                if e.op == "-":
                    return wrap(f"-({sub(e.a)})", e.dtype)
                if e.op == "~":
                    return wrap(f"~({sub(e.a)})", e.dtype)
                if e.op == "!":
                    return f"(0 if ({sub(e.a)}) else 1)"
        except _Stop:
            pass
        return hook(e)

    def closure(self, e: Expr):
        f = is_float(e.dtype)
        if isinstance(e, Const):
            v = ({(): float(e.value)} if float(e.value) else {}) if f else e.value
            return lambda env: v
        if isinstance(e, Var):
            name = e.name

            def var(env):
                try:
                    return env[name]
                except KeyError:
                    raise _Stop() from None
            return var
        if isinstance(e, Load):
            return self.load(e)
        if isinstance(e, Select):
            c, a, b = self.expr(e.cond), self.expr(e.then), self.expr(e.otherwise)
            return lambda env: a(env) if c(env) else b(env)
        if isinstance(e, Cast):
            v = self.expr(e.value)
            src, dst = e.value.dtype, e.dtype
            if f and is_float(src):
                return v
            if f:
                return lambda env: (lambda x: {(): float(x)} if x else {})(v(env))
            if is_float(src):
                def f2i(env):
                    c = _const_of(v(env))
                    if c is None:
                        raise _Stop()
                    return sem.cast(c, src, dst)
                return f2i
            if dst == "bool":
                return lambda env: int(v(env) != 0)
            w = _wrapper(dst)
            return lambda env: w(v(env))
        if isinstance(e, Binary):
            a, b = self.expr(e.a), self.expr(e.b)
            if e.op == "and":
                return lambda env: int(bool(a(env)) and bool(b(env)))
            if e.op == "or":
                return lambda env: int(bool(a(env)) or bool(b(env)))
            if f:
                op = e.op
                return lambda env: self.arith(op, a(env), b(env))
            fn = _INT_OPS.get(e.op)
            if fn is None:
                raise _Stop()
            w = _wrapper(e.dtype)
            return lambda env: w(fn(a(env), b(env)))
        if isinstance(e, Compare):
            a, b = self.expr(e.a), self.expr(e.b)
            fn = _CMP[e.op]
            if is_float(e.a.dtype):
                def fcmp(env):
                    x, y = _const_of(a(env)), _const_of(b(env))
                    if x is None or y is None:
                        raise _Stop()
                    return int(fn(x, y))
                return fcmp
            return lambda env: int(fn(a(env), b(env)))
        if isinstance(e, Unary):
            a = self.expr(e.a)
            if f:
                op = e.op
                return lambda env: (lambda x: _scale(x, -1.0) if op == "-" else self.opaque(op, x))(a(env))
            op, dtype = e.op, e.dtype
            return lambda env: sem.unary(op, a(env), dtype)
        if isinstance(e, Call):
            args = [self.expr(x) for x in e.args]
            name = e.name
            if f and name == "fma":
                return lambda env: _add(self.arith("*", args[0](env), args[1](env)), args[2](env))
            if f:
                return lambda env: self.opaque(name, *[x(env) for x in args])
            if any(is_float(x.dtype) for x in e.args):
                raise _Stop()
            dtype = e.dtype
            return lambda env: sem.math_call(name, [x(env) for x in args], dtype)
        raise _Stop()

    def load(self, e: Load):
        b = e.buffer
        name, f = b.name, is_float(b.dtype)
        idx = self.index(b, [self.expr(i) for i in e.indices])
        param = name in self.params

        def load(env):
            i = idx(env)
            cell = self.mem.get(name)
            if cell is not None and i in cell:
                return cell[i]
            if param:
                if not f:
                    raise _Stop()
                return {((name, i),): 1.0}
            return {} if f else 0            # allocations start zeroed
        return load

    def charge(self, n: int) -> None:
        self.steps += n
        if self.steps > WORK_BUDGET:
            raise _Stop()

    def arith(self, op: str, a: dict, b: dict) -> dict:
        self.charge(1 + len(a) + len(b))
        if op == "+":
            return _add(a, b)
        if op == "-":
            return _add(a, b, -1.0)
        ca, cb = _const_of(a), _const_of(b)
        if op == "*":
            if ca is not None:
                return _scale(b, ca)
            if cb is not None:
                return _scale(a, cb)
            if len(a) * len(b) > MAX_TERMS:
                raise _Stop()
            out: dict = {}
            for ma, va in a.items():
                for mb, vb in b.items():
                    m = tuple(sorted(ma + mb))
                    if len(m) > 2:
                        return self.opaque("*", a, b)
                    out[m] = out.get(m, 0.0) + va * vb
            return {m: v for m, v in out.items() if v}
        if op == "/" and cb:
            return _scale(a, 1.0 / cb)
        return self.opaque(op, a, b)

    @staticmethod
    def index(b: Buffer, idx: list):
        shape = b.const_shape()
        if shape is None or len(idx) == 1:
            if len(idx) != 1:
                raise _Stop()
            return idx[0]
        dims = list(shape)

        def linear(env):
            off = 0
            for d, i in zip(dims, idx):
                off = off * d + i(env)
            return off
        return linear

    # ---------------------------------------------------------------- statements
    def compile(self, s: Stmt):
        if isinstance(s, Block):
            parts = [self.compile(x) for x in s.stmts]

            def run_block(env):
                for p in parts:
                    p(env)
            return run_block
        if isinstance(s, Let):
            name, v = s.var.name, self.expr(s.value)

            def let(env):
                env[name] = v(env)
            return let
        if isinstance(s, Store):
            name = s.buffer.name
            idx, v = self.index(s.buffer, [self.expr(i) for i in s.indices]), self.expr(s.value)

            def store(env):
                self.charge(1)
                self.mem.setdefault(name, {})[idx(env)] = v(env)
            return store
        if isinstance(s, Alloc):
            name = s.buffer.name
            return lambda env: self.mem.pop(name, None)
        if isinstance(s, If):
            c, t = self.expr(s.cond), self.compile(s.then)
            o = self.compile(s.otherwise) if s.otherwise is not None else (lambda env: None)
            return lambda env: t(env) if c(env) else o(env)
        if isinstance(s, Loop):
            name, n, body = s.var.name, self.expr(s.extent), self.compile(s.body)

            def loop(env):
                for i in range(max(n(env), 0)):
                    self.charge(1)
                    env[name] = i
                    body(env)
            return loop
        if isinstance(s, While):
            c, body = self.expr(s.cond), self.compile(s.body)

            def while_(env):
                while c(env):
                    self.charge(1)
                    body(env)
            return while_
        if isinstance(s, Barrier):
            return lambda env: None
        raise _Stop()            # IntrinsicCall: the lifted program has none left


def _affine(points: list[tuple], values: list[int]) -> list[int] | None:
    """Integer coefficients c0 + sum c_i * x_i fitting (points -> values) exactly, from unit steps."""
    if not points:
        return None
    base = dict(zip(points, values))
    dims = len(points[0])
    origin = tuple(0 for _ in range(dims))
    if origin not in base:
        return None
    coef = [base[origin]]
    for d in range(dims):
        unit = tuple(1 if i == d else 0 for i in range(dims))
        coef.append(base[unit] - base[origin] if unit in base else 0)
    for p, v in base.items():
        if coef[0] + sum(c * x for c, x in zip(coef[1:], p)) != v:
            return None
    return coef


def _fit(out: dict[int, dict], size: int):
    """(B, M, N, K, X, x-affine, Y, y-affine, Z, z-affine) or None (see the module docstring)."""
    written = sorted(out)
    if written != list(range(len(written))) or not written:
        return None
    total = len(written)
    pairs, bias = {}, {}
    names = None
    for p in written:
        poly = out[p]
        terms, single = [], []
        for m, c in poly.items():
            if c != 1.0:
                return None
            if len(m) == 2 and all(isinstance(a, tuple) and len(a) == 2 and isinstance(a[0], str) for a in m):
                terms.append(m)
            elif len(m) == 1 and isinstance(m[0], tuple) and len(m[0]) == 2 and isinstance(m[0][0], str):
                single.append(m[0])
            else:
                return None
        if len(single) > 1:
            return None
        bufs = {tuple(sorted({atom[0] for m in terms for atom in m}))}
        if names is None:
            names = bufs.pop()
        elif bufs.pop() != names:
            return None
        pairs[p] = terms
        bias[p] = single[0] if single else None
    if not names or len(names) != 2:
        return None
    K = len(pairs[0])
    if K == 0 or any(len(t) != K for t in pairs.values()):
        return None
    # split the output index into (b, m, n): the X indices depend on (b, m) only, the Y indices on
    # (b, n); of the two operand orders the one with more columns wins (a matrix-vector product
    # becomes a 1-row product against the matrix, which then sits in WRAM)
    fits = []
    for xname, yname in (names, names[::-1]):
        xs = {p: sorted(next(a[1] for a in m if a[0] == xname) for m in pairs[p]) for p in written}
        ys = {p: sorted(next(a[1] for a in m if a[0] == yname) for m in pairs[p]) for p in written}
        found = None
        for B in [d for d in range(1, total + 1) if total % d == 0]:          # fewest batches first
            for M in [d for d in range(1, total // B + 1) if (total // B) % d == 0]:
                N = total // (B * M)
                found = _fit_dims(written, pairs, bias, xname, yname, xs, ys, B, M, N, K)
                if found is not None:
                    break
            if found is not None:
                break
        if found is not None:
            fits.append(found)
    return max(fits, key=lambda f: (f[2], -f[0])) if fits else None


def _fit_dims(written, pairs, bias, xname, yname, xs, ys, B, M, N, K):
    # X rows equal along n, Y columns equal along m
    for p in written:
        b, r = divmod(p, M * N)
        m, n = divmod(r, N)
        if n and xs[p] != xs[p - 1] or m and ys[p] != ys[p - N]:
            return None
    # k order: the X index of each term, sorted, gives k; Y must follow the same k order
    pts_x, val_x, pts_y, val_y = [], [], [], []
    for p in written:
        b, r = divmod(p, M * N)
        m, n = divmod(r, N)
        terms = sorted(((next(a[1] for a in t if a[0] == xname), next(a[1] for a in t if a[0] == yname))
                        for t in pairs[p]))
        for k, (ix, iy) in enumerate(terms):
            pts_x.append((b, m, k)), val_x.append(ix)
            pts_y.append((b, k, n)), val_y.append(iy)
    ax, ay = _affine(pts_x, val_x), _affine(pts_y, val_y)
    if ax is None or ay is None or ax[3] == 0:
        return None
    z = None
    if any(v is not None for v in bias.values()):
        if any(v is None for v in bias.values()) or len({v[0] for v in bias.values()}) != 1:
            return None
        pts, vals = [], []
        for p in written:
            b, r = divmod(p, M * N)
            pts.append((b,) + divmod(r, N))
            vals.append(bias[p][1])
        az = _affine(pts, vals)
        if az is None:
            return None
        z = (next(iter(bias.values()))[0], az)
    return B, M, N, K, xname, ax, yname, ay, z


def _run(k: Kernel, C: Buffer, env: dict):
    ex = _Poly({b.name for b in k.buffers})
    try:
        ex.compile(k.body)(dict(env))
    except (_Stop, KeyError, sem.Undefined, ZeroDivisionError, TypeError, OverflowError, RecursionError):
        return None
    return _fit(ex.mem.get(C.name, {}), C.const_shape())


def _slots(fit) -> list[int]:
    B, M, N, K, _x, ax, _y, ay, z = fit
    return [B, M, N, K, *ax, *ay, *(z[1] if z else ())]


def raise_matmul(k: Kernel, scalars: dict) -> Kernel:
    outputs = [p.target for p in k.params if p.is_buffer and p.role in ("out", "inout")]
    if len(outputs) != 1 or not is_float(outputs[0].dtype):
        return k
    C = outputs[0]
    if C.ndim != 1:
        return k
    written = {n.buffer.name for n in walk(k.body) if isinstance(n, Store)}
    if any(isinstance(n, IntrinsicCall) for n in walk(k.body)):
        return k
    inputs = {b.name for b in k.buffers if b.name not in written}
    products = any(isinstance(n, Binary) and n.op == "*" and is_float(n.dtype) or
                   isinstance(n, Call) and n.name == "fma" for n in walk(k.body))
    if not products or len(inputs) < 2:
        return k
    env = {v.name: int(scalars[v.name]) for v in k.scalars if v.name in scalars}
    if len(env) != len(k.scalars):
        return k
    # with size parameters the program runs at two small sizes of our choosing (cheap, and every
    # number that follows a parameter shows which one); the emitted program is verified at the real
    # size afterwards. Without them it runs at the one size it has.
    sizes = sorted(n for n, v in env.items() if v >= 1)
    env_a, env_b = dict(env), dict(env)
    for i, n in enumerate(sizes):
        env_a[n], env_b[n] = 3 + 2 * i, 4 + 3 * i
    fit = _run(k, C, env_a)
    if fit is None:
        return k
    B, M, N, K, xname, ax, yname, ay, z = fit
    dtype_of = {v.name: v.dtype for v in k.scalars}
    exprs: list[Expr] = [Const(int(v), "int32") for v in _slots(fit)]
    if sizes:
        fit2 = _run(k, C, env_b)
        if fit2 is None or (fit2[4], fit2[6], fit2[8] and fit2[8][0]) != (xname, yname, z and z[0]):
            return k
        var = lambda n: Cast("int32", Var(n, dtype_of[n]))
        for i, (v1, v2) in enumerate(zip(_slots(fit), _slots(fit2))):
            if v1 == v2:
                continue
            single = [n for n in sizes if (env_a[n], env_b[n]) == (v1, v2)]
            pairs = [(a, b_) for a in sizes for b_ in sizes
                     if a < b_ and (env_a[a] * env_a[b_], env_b[a] * env_b[b_]) == (v1, v2)]
            if len(single) + len(pairs) != 1:
                return k                    # a size no parameter explains: keep the lifted program
            exprs[i] = var(single[0]) if single else Binary("*", var(pairs[0][0]), var(pairs[0][1]))
    Bx, Mx, Nx, Kx = exprs[:4]
    axe, aye = exprs[4:8], exprs[8:12]
    aze = exprs[12:16] if z else None
    bufs = {b.name: b for b in k.buffers}
    X, Y = bufs[xname], bufs[yname]
    b, m, n, kk = (Var(nm, "int32") for nm in ("mm_b", "mm_m", "mm_n", "mm_k"))

    def lin(coef, vs):
        terms = [Binary("*", c, v) for c, v in zip(coef[1:], vs) if not (isinstance(c, Const) and c.value == 0)]
        return _sum([coef[0]] + terms)
    acc = Buffer("mm_acc", "float32", (1,), "local")
    zero = (Const(0, "int64"),)
    f32 = lambda e: e if e.dtype == "float32" else Cast("float32", e)
    prod = Binary("*", f32(Load(X, (lin(axe, (b, m, kk)),))), f32(Load(Y, (lin(aye, (b, kk, n)),))))
    value: Expr = Load(acc, zero)
    if z is not None:
        value = Binary("+", value, f32(Load(bufs[z[0]], (lin(aze, (b, m, n)),))))
    if C.dtype != "float32":
        value = Cast(C.dtype, value)
    out_idx = Binary("+", Binary("*", Binary("+", Binary("*", b, Mx), m), Nx), n)
    body = Loop(b, Bx, Loop(m, Mx, Loop(n, Nx, block(
        Alloc(acc), Store(acc, zero, Const(0.0, "float32")),
        Loop(kk, Kx, Store(acc, zero, Binary("+", Load(acc, zero), prod))),
        Store(C, (out_idx,), value)), "parallel"), "parallel"), "parallel")
    return k.with_body(block(body))


def _sum(terms: list[Expr]) -> Expr:
    if not terms:
        return Const(0, "int32")
    out = terms[0]
    for t in terms[1:]:
        out = Binary("+", out, t)
    return out
