"""raise_matmul(kernel, scalars): a program that computes a matrix product, rewritten as the plain nest.

Matrix-core code (MFMA fragments in lane-layout exchange buffers, WMMA tiles, warp-shuffle dot
products, VNNI byte packing) lifts to correct loops that no tensorizer can read. This pass asks what
the program computes instead of how: it executes it abstractly, with index arithmetic exact,
floating-point values as polynomials over the input elements (sums of products; anything else is
an opaque atom; precision conversions are ignored) and integer input data byte by byte (`_Bytes`:
shifts, masks, ors and bitcasts move bytes; arithmetic reads them as the element's value). When
every element written to the one output buffer is

    C[(b*M + m)*N + n] = sum_k X[x0 + b*xb + m*xm + k*xk] * Y[y0 + b*yb + k*yk + n*yn]  (+ Z[z0 + ...])

(every term with coefficient 1), the body is replaced by that nest, accumulating in float32 (int32
for integer outputs), which `tensorize_matmul` maps to the target's matrix instruction (GPU targets
use it when it binds better than the lifted loops: `lower/gpu.py`). A program with size parameters runs at
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
from ..expr import Binary, Bitcast, Call, Cast, Compare, Const, Expr, Load, Select, Unary, Var
from ..kernel import Kernel
from ..names import Names
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
            "/": _cdiv, "%": _cmod, "min": min, "max": max,
            "&": lambda a, b: a & b, "|": lambda a, b: a | b, "^": lambda a, b: a ^ b,
            "<<": lambda a, b: a << b, ">>": lambda a, b: a >> b}
_CMP = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}


class _Bytes:
    """An integer whose bytes are known one by one: each slot is a concrete byte (0..255), byte i
    of an input element ((buffer, index), i), or ("sx", slot): the sign fill of a symbolic byte.
    Integer input data (int8 / uint8 / int16 elements packed into words, as VNNI code does) flows
    through shifts, masks, ors and bitcasts in this form until arithmetic reads it as a value."""

    __slots__ = ("slots",)

    def __init__(self, slots):
        self.slots = tuple(slots)


def _is_sym(slot) -> bool:
    return not isinstance(slot, int)


def _to_bytes(v, nbytes: int) -> _Bytes:
    if isinstance(v, _Bytes):
        return v
    if isinstance(v, int):
        return _Bytes((v >> (8 * i)) & 255 for i in range(nbytes))
    raise _Stop()


def _from_bytes(v: _Bytes, signed: bool, elem_dtypes: dict):
    """The value a byte-wise integer holds: a concrete int, or the polynomial of one input element
    when its bytes sit in place and the rest is its zero / sign extension."""
    if not any(_is_sym(x) for x in v.slots):
        out = sum(x << (8 * i) for i, x in enumerate(v.slots))
        if signed and v.slots and v.slots[-1] >= 128:
            out -= 1 << (8 * len(v.slots))
        return out
    first = v.slots[0]
    if not (_is_sym(first) and first[0] != "sx" and first[1] == 0):
        raise _Stop()
    atom = first[0]
    width = dt.bits(elem_dtypes[atom[0]]) // 8
    elem_signed = dt.is_signed(elem_dtypes[atom[0]])
    if len(v.slots) < width or any(v.slots[i] != (atom, i) for i in range(width)):
        raise _Stop()
    rest = v.slots[width:]
    top = (atom, width - 1)
    if elem_signed:
        ok = all(x == ("sx", top) for x in rest) and (rest or signed)
    else:
        ok = all(x == 0 for x in rest) and (rest or not signed)
    if not ok:
        raise _Stop()
    return {(atom,): 1}


def _cast_bytes(v: _Bytes, src: str, dst: str) -> _Bytes:
    n = dt.bits(dst) // 8
    slots = list(v.slots[:n])
    if len(slots) < n:
        top = v.slots[-1]
        if dt.is_signed(src):
            fill = ("sx", top) if _is_sym(top) and top[0] != "sx" else top if _is_sym(top) else (255 if top >= 128 else 0)
        else:
            fill = 0
        slots += [fill] * (n - len(slots))
    return _Bytes(slots)


def _bytewise(op: str, a: _Bytes, b: _Bytes) -> _Bytes:
    out = []
    for x, y in zip(a.slots, b.slots):
        if not _is_sym(x) and not _is_sym(y):
            out.append({"&": x & y, "|": x | y, "^": x ^ y}[op])
        elif op == "&" and (x == 0 or y == 0):
            out.append(0)
        elif op == "&" and (x == 255 or y == 255):
            out.append(y if x == 255 else x)
        elif op in ("|", "^") and (x == 0 or y == 0):
            out.append(y if x == 0 else x)
        else:
            raise _Stop()
    return _Bytes(out)


def _shift_bytes(op: str, a: _Bytes, count: int, signed: bool) -> _Bytes:
    if count % 8:
        raise _Stop()
    k, n = count // 8, len(a.slots)
    if op == "<<":
        return _Bytes(([0] * k + list(a.slots))[:n])
    top = a.slots[-1]
    fill = 0
    if signed:
        fill = ("sx", top) if _is_sym(top) and top[0] != "sx" else top if _is_sym(top) else (255 if top >= 128 else 0)
    return _Bytes((list(a.slots) + [fill] * k)[k:k + n])


class _Poly:
    """Abstract execution with polynomial values (see the module docstring): the program is
    compiled once into Python closures (env -> value)."""

    def __init__(self, params: dict[str, str]):
        self.params = params                 # parameter buffer -> dtype: unwritten elements are input atoms
        self.mem: dict[str, dict[int, object]] = {}
        self.steps = 0
        self.data_vars: set[str] = set()     # integer lets that may hold input data (see int_expr)

    def opaque(self, *parts) -> dict:
        self.charge(sum(len(p) for p in parts if isinstance(p, dict)))
        key = ("opaque", hash(tuple(tuple(sorted(p.items())) if isinstance(p, dict) else p for p in parts)))
        return {(key,): 1.0}

    # ---------------------------------------------------------------- expressions
    def expr(self, e: Expr):
        if not is_float(e.dtype) and not self.touches_data(e):
            return self.int_expr(e)
        return self.closure(e)

    def cond(self, e: Expr):
        """An integer (condition, extent, index) that must be a number when it runs."""
        f = self.expr(e)
        if not self.touches_data(e):
            return f
        dtype = e.dtype
        return lambda env: self.concrete(f(env), dtype)

    def touches_data(self, e: Expr) -> bool:
        return any(isinstance(n, (Load, Call, Bitcast)) or isinstance(n, Var) and n.name in self.data_vars
                   for n in walk(e))

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
            c, a, b = self.cond(e.cond), self.expr(e.then), self.expr(e.otherwise)
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
                return lambda env: int(self.concrete(v(env), src) != 0)
            w = _wrapper(dst)

            def icast(env):
                x = v(env)
                if isinstance(x, int):
                    return w(x)
                if isinstance(x, dict):          # a value: only widening keeps it
                    if dt.bits(dst) < dt.bits(src):
                        raise _Stop()
                    return x
                return _cast_bytes(x, src, dst)
            return icast
        if isinstance(e, Binary):
            if e.op in ("and", "or"):
                ca, cb = self.cond(e.a), self.cond(e.b)
                if e.op == "and":
                    return lambda env: int(bool(ca(env)) and bool(cb(env)))
                return lambda env: int(bool(ca(env)) or bool(cb(env)))
            a, b = self.expr(e.a), self.expr(e.b)
            if f:
                op = e.op
                return lambda env: self.arith(op, a(env), b(env))
            fn = _INT_OPS.get(e.op)
            if fn is None:
                raise _Stop()
            w = _wrapper(e.dtype)
            op, dtype, rdtype = e.op, e.dtype, e.b.dtype

            def ibin(env):
                x, y = a(env), b(env)
                if isinstance(x, int) and isinstance(y, int):
                    return w(fn(x, y))
                return self.int_data(op, x, y, dtype, rdtype)
            return ibin
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
            da, db = e.a.dtype, e.b.dtype
            return lambda env: int(fn(self.concrete(a(env), da), self.concrete(b(env), db)))
        if isinstance(e, Bitcast):
            if is_float(e.dtype) or is_float(e.value.dtype):
                raise _Stop()                   # float bit patterns are not followed
            v, w = self.expr(e.value), _wrapper(e.dtype)

            def bitcast(env):
                x = v(env)
                if isinstance(x, int):
                    return w(x)
                if isinstance(x, dict):
                    raise _Stop()
                return x                        # the same bytes, read as the other type
            return bitcast
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
        idx = self.index(b, [self.cond(i) for i in e.indices])
        param = name in self.params
        width = dt.bits(b.dtype) // 8 if not f else 0

        def load(env):
            i = idx(env)
            cell = self.mem.get(name)
            if cell is not None and i in cell:
                return cell[i]
            if param:
                if not f:
                    self.charge(2)
                    return _Bytes(((name, i), j) for j in range(width))
                return {((name, i),): 1.0}
            return {} if f else 0            # allocations start zeroed
        return load

    def concrete(self, x, dtype: str) -> int:
        """An integer that decides control flow or an index: data must have become a number."""
        if isinstance(x, int):
            return x
        if isinstance(x, _Bytes):
            v = _from_bytes(x, dt.is_signed(dtype), self.params)
            if isinstance(v, int):
                return v
        raise _Stop()

    def int_data(self, op: str, x, y, dtype: str, rdtype: str):
        """Integer arithmetic with input data: bytes move through shifts, masks and ors;
        +, -, * read them as values (polynomials over the elements)."""
        self.charge(4)                           # byte-wise work costs several arithmetic steps
        n = dt.bits(dtype) // 8
        if op in ("&", "|", "^") and not isinstance(x, dict) and not isinstance(y, dict):
            return _bytewise(op, _to_bytes(x, n), _to_bytes(y, n))
        if op in ("<<", ">>") and not isinstance(x, dict) and isinstance(y, int):
            return _shift_bytes(op, _to_bytes(x, n), y, dt.is_signed(dtype))
        if op == "*" and (isinstance(x, _Bytes) or isinstance(y, _Bytes)):
            data, c = (x, y) if isinstance(x, _Bytes) else (y, x)
            if isinstance(c, int) and c > 0 and c & (c - 1) == 0 and (c.bit_length() - 1) % 8 == 0:
                return _shift_bytes("<<", data, c.bit_length() - 1, False)      # b * 256: a byte move
        if op == "+" and isinstance(x, _Bytes) and isinstance(y, _Bytes):
            try:                                 # bytes in disjoint places: the sum is an or
                return _bytewise("|", x, y)
            except _Stop:
                pass
        if op in ("+", "-", "*"):
            val = lambda z: z if isinstance(z, dict) else ({(): z} if z else {}) if isinstance(z, int) \
                else (lambda w: w if isinstance(w, dict) else ({(): w} if w else {}))(_from_bytes(z, dt.is_signed(dtype), self.params))
            return self.arith(op, val(x), val(y))
        raise _Stop()

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
            if not is_float(s.var.dtype) and self.touches_data(s.value):
                self.data_vars.add(s.var.name)
            name, v = s.var.name, self.expr(s.value)

            def let(env):
                env[name] = v(env)
            return let
        if isinstance(s, Store):
            name = s.buffer.name
            idx, v = self.index(s.buffer, [self.cond(i) for i in s.indices]), self.expr(s.value)

            def store(env):
                self.charge(1)
                self.mem.setdefault(name, {})[idx(env)] = v(env)
            return store
        if isinstance(s, Alloc):
            name = s.buffer.name
            return lambda env: self.mem.pop(name, None)
        if isinstance(s, If):
            c, t = self.cond(s.cond), self.compile(s.then)
            o = self.compile(s.otherwise) if s.otherwise is not None else (lambda env: None)
            return lambda env: t(env) if c(env) else o(env)
        if isinstance(s, Loop):
            name, n, body = s.var.name, self.cond(s.extent), self.compile(s.body)

            def loop(env):
                for i in range(max(n(env), 0)):
                    self.charge(1)
                    env[name] = i
                    body(env)
            return loop
        if isinstance(s, While):
            c, body = self.cond(s.cond), self.compile(s.body)

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


def _fit(out: dict[int, dict]):
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
    ex = _Poly({b.name: b.dtype for b in k.buffers})
    try:
        ex.compile(k.body)(dict(env))
    except (_Stop, KeyError, sem.Undefined, ZeroDivisionError, TypeError, OverflowError, RecursionError):
        return None
    return _fit(ex.mem.get(C.name, {}))


def _slots(fit) -> list[int]:
    B, M, N, K, _x, ax, _y, ay, z = fit
    return [B, M, N, K, *ax, *ay, *(z[1] if z else ())]


def raise_matmul(k: Kernel, scalars: dict, integer: bool = True) -> Kernel:
    """`integer`: also raise integer products (int32 outputs of int8 / int16 data)."""
    outputs = [p.target for p in k.params if p.is_buffer and p.role in ("out", "inout")]
    if len(outputs) != 1 or outputs[0].dtype not in ("float32", "float16") + (("int32",) if integer else ()):
        return k
    C = outputs[0]
    if C.ndim != 1:
        return k
    written = {n.buffer.name for n in walk(k.body) if isinstance(n, Store)}
    if any(isinstance(n, IntrinsicCall) for n in walk(k.body)):
        return k
    inputs = {b.name for b in k.buffers if b.name not in written}
    products = any(isinstance(n, Binary) and n.op == "*" and (is_float(n.dtype) or C.dtype == "int32") or
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
    xname, yname, z = fit[4], fit[6], fit[8]
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
    names = Names({p.name for p in k.params})     # the body is replaced: only parameters are taken
    b, m, n, kk = (Var(names.fresh(nm), "int32") for nm in ("mm_b", "mm_m", "mm_n", "mm_k"))

    def lin(coef, vs):
        const = lambda c, x: isinstance(c, Const) and c.value == x
        terms = [v if const(c, 1) else Binary("*", c, v) for c, v in zip(coef[1:], vs) if not const(c, 0)]
        return _sum(([] if const(coef[0], 0) else [coef[0]]) + terms)
    acc_t = "int32" if C.dtype == "int32" else "float32"     # integer products are exact in int32
    acc = Buffer(names.fresh("mm_acc"), acc_t, (1,), "local")
    zero = (Const(0, "int64"),)
    to_acc = lambda e: e if e.dtype == acc_t else Cast(acc_t, e)
    prod = Binary("*", to_acc(Load(X, (lin(axe, (b, m, kk)),))), to_acc(Load(Y, (lin(aye, (b, kk, n)),))))
    value: Expr = Load(acc, zero)
    if z is not None:
        value = Binary("+", value, to_acc(Load(bufs[z[0]], (lin(aze, (b, m, n)),))))
    if C.dtype != acc_t:
        value = Cast(C.dtype, value)
    out_idx = Binary("+", Binary("*", Binary("+", Binary("*", b, Mx), m), Nx), n)
    body = Loop(b, Bx, Loop(m, Mx, Loop(n, Nx, block(
        Alloc(acc), Store(acc, zero, Const(0, acc_t)),
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
