"""The scalar meaning of BANG intrinsics (xpiler/models/bang/lifting.py) against the intrinsic table.

For every overload of every lifted intrinsic a small IR kernel is built: global buffers hold the
operands at a non-zero offset (Address(buf, (3,))), the builder's statement is the body. The kernels
of a group run natively in one process (`ir.run_many`), and the outputs are compared with the
table's NumPy semantics rounded to the element type (exactly for exact entries), including the
guard elements around every output, which must keep their values.
"""
from __future__ import annotations

import numpy as np
import pytest

from xpiler import ir
from xpiler.dtypes import bf16_bits_to_float, float_to_bf16_bits
from xpiler.ir.buffer import Buffer
from xpiler.ir.expr import Address, Const, Var
from xpiler.ir.names import Names
from xpiler.models.bang import lifting as L
from xpiler.models.bang.intrinsics import (FUSION_OPS, INTRINSICS as TABLE, NUMPY, SIZE, conv_semantics, is_int,
                                           matmul_semantics, memcpy_2d_semantics, memcpy_3d_semantics, mlp_semantics,
                                           round_fp)

OFF = 3
INT_RANGE = {"int8_t": (-100, 100), "uint8_t": (0, 250), "int16_t": (-30000, 30000), "uint16_t": (0, 60000),
             "int32_t": (-10 ** 6, 10 ** 6), "uint32_t": (0, 4 * 10 ** 6), "char": (-100, 100)}
TOL = {"float": 2e-6, "half": 2e-3, "bfloat16_t": 1.6e-2}
CTYPE = {"float16": "half", "float32": "float", "bfloat16": "bfloat16_t", "int8": "int8_t", "uint8": "uint8_t",
         "int16": "int16_t", "uint16": "uint16_t", "int32": "int32_t", "uint32": "uint32_t"}


def irt(ctype: str) -> str:
    return NUMPY[ctype]


def to_type(ctype: str, exact, mode="rn") -> np.ndarray:
    if is_int(ctype):
        return np.asarray(exact).astype(np.int64).astype(NUMPY[ctype]).astype(np.int64)
    return round_fp(exact, ctype, mode)


def host(dtype: str, values) -> np.ndarray:
    """Values as the array compile_and_run takes for an IR dtype (bfloat16 as float32 values)."""
    v = np.asarray(values)
    if dtype == "bfloat16":
        return v.astype(np.float32)
    return v.astype(dtype)


def back(dtype: str, arr) -> np.ndarray:
    arr = np.asarray(arr).reshape(-1)
    if dt_is_int(dtype):
        return arr.astype(np.int64)
    return arr.astype(np.float64)


def dt_is_int(dtype: str) -> bool:
    return dtype.startswith(("int", "uint"))


def bytes_of(dtype: str, values) -> bytes:
    if dtype == "bfloat16":
        return float_to_bf16_bits(np.asarray(values, np.float32)).tobytes()
    return np.asarray(values).astype(dtype).tobytes()


def from_bytes(dtype: str, raw: bytes) -> np.ndarray:
    if dtype == "bfloat16":
        return bf16_bits_to_float(np.frombuffer(raw, np.uint16)).astype(np.float64)
    return back(dtype, np.frombuffer(raw, dtype))


class Case:
    """One IR kernel around one intrinsic call, with its checks."""

    def __init__(self, key, rng):
        self.key = key
        self.rng = rng
        self.names = Names()
        self.params: list = []
        self.args: dict = {}
        self.checks: list = []        # (buffer name, offset, want, rtol) or a callable(results)
        self.body = None

    def _buffer(self, hint, dtype, values, off, role, guard):
        name = self.names.fresh(hint)
        n = len(values) + off + 2
        if dt_is_int(dtype):
            data = self.rng.integers(-50, 50, n) if guard else np.zeros(n)
            if dtype.startswith("uint"):
                data = np.abs(data)
        else:
            data = self.rng.uniform(-9, 9, n) if guard else np.zeros(n)
        data = np.asarray(data, np.float64 if not dt_is_int(dtype) else np.int64)
        data[off:off + len(values)] = values
        if dtype == "bfloat16":
            data = round_fp(data, "bfloat16_t")
        buf = Buffer(name, dtype, (n,))
        self.params.append((buf, role))
        self.args[name] = host(dtype, data)
        return buf

    def inp(self, dtype, values, off=OFF) -> Address:
        buf = self._buffer("x", dtype, np.asarray(values), off, "in", False)
        return Address(buf, (Const(off),))

    def out(self, dtype, n, off=OFF, init=None) -> Address:
        """An inout buffer with random guard values (or `init` at the operand)."""
        vals = init if init is not None else np.zeros(n)
        buf = self._buffer("y", dtype, np.asarray(vals), off, "inout", True)
        return Address(buf, (Const(off),))

    def result(self, dtype) -> Address:
        buf = self._buffer("r", dtype, np.zeros(1), 0, "inout", False)
        return Address(buf, (Const(0),))

    def scalar(self, value, dtype="int32", dynamic=False):
        """A scalar argument: a constant or a kernel parameter (exercises the run-time paths)."""
        if not dynamic:
            return Const(value, dtype)
        name = self.names.fresh("s")
        v = Var(name, dtype)
        self.params.append(v)
        self.args[name] = np.dtype(dtype if dtype != "bfloat16" else "float32").type(value)
        return v

    def call(self, name, args):
        self.body = L.INTRINSICS[name].build(args, self.names)

    def expect(self, addr: Address, want, rtol=0.0, atol=0.0):
        """The operand region equals `want`; every other element keeps its initial value."""
        self.checks.append((addr.buffer.name, int(addr.indices[0].value), np.asarray(want), rtol, atol))

    def kernel(self):
        return ir.kernel("k", self.params, self.body)

    def verify(self, res) -> list[str]:
        bad = []
        for name, off, want, rtol, atol in self.checks:
            buf = next(p[0] for p in self.params if isinstance(p, tuple) and p[0].name == name)
            got = back(buf.dtype, res[name])
            init = back(buf.dtype, self.args[name])
            want = np.asarray(want, np.float64 if not dt_is_int(buf.dtype) else np.int64).reshape(-1)
            full = init.copy()
            full[off:off + len(want)] = want
            if rtol == 0 and atol == 0:
                ok = (got == full) | (np.isnan(got) & np.isnan(full)) if not dt_is_int(buf.dtype) else got == full
            else:
                ok = np.isclose(got, full, rtol=rtol, atol=atol, equal_nan=True)
            if not np.all(ok):
                i = int(np.argmax(~ok))
                bad.append(f"{' '.join(map(str, self.key))}: {name}[{i}] = {got[i]!r}, want {full[i]!r} "
                           f"({int(np.sum(~ok))} differ)")
        return bad


def values(rng, ctype, n, domain=(-4.0, 4.0)):
    if is_int(ctype):
        lo, hi = INT_RANGE[ctype]
        if domain[1] - domain[0] <= 2:
            lo, hi = max(lo, int(domain[0])), min(hi, int(domain[1]))
        return rng.integers(lo, hi + 1, n).astype(np.int64)
    return round_fp(rng.uniform(domain[0], domain[1], n), ctype)


def tol(e, ctype):
    if e.exact or is_int(ctype):
        return 0.0, 0.0
    r = TOL[ctype]
    if e.family == "activation":
        r = max(r, 1e-3)
    elif not e.exact and e.family == "elementwise" and ctype == "float":
        r = 1e-5
    return r, r * 1e-2


# ------------------------------------------------------------------------------- cases per form

def case_unary(c: Case, e, form, sub, i):
    d, s = (sub["D"], sub["S"]) if "D" in sub else (sub["T"], sub["T"])
    n = 37
    x = values(c.rng, s, n, e.domain)
    want = to_type(d, e.semantics(x), e.rounding)
    if d == s and i % 2:                                    # in place
        dst = src = c.out(irt(d), n, init=x)
    else:
        src, dst = c.inp(irt(s), x), c.out(irt(d), n)
    c.call(e.name, [dst, src, c.scalar(n, dynamic=i % 3 == 0)])
    c.expect(dst, want, *tol(e, d))


def _pair(c, e, t, n):
    a = values(c.rng, t, n, e.domain)
    b = values(c.rng, t, n, e.domain)
    if e.family in ("compare", "elementwise") and "div" not in e.name:
        b = np.where(c.rng.random(n) < 0.3, a, b)
    if "div" in e.name:
        b = np.where(b == 0, 3, b)
    return a, b


def case_binary(c: Case, e, form, sub, i):
    t = sub["T"]
    n = 41
    a, b = _pair(c, e, t, n)
    want = to_type(t, e.semantics(a, b), e.rounding)
    mode = i % 3
    if mode == 1:                                           # in place: dst == src0
        dst = s0 = c.out(irt(t), n, init=a)
        s1 = c.inp(irt(t), b)
    elif mode == 2:                                         # dst overlaps src1 shifted by 2: staged
        both = np.concatenate([b, np.zeros(2)])
        s1 = c.out(irt(t), n + 2, init=both)
        dst = Address(s1.buffer, (Const(OFF + 2),))
        s0 = c.inp(irt(t), a)
        c.call(e.name, [dst, s0, s1, c.scalar(n)])
        c.expect(s1, np.concatenate([b[:2], want]), *tol(e, t))
        return
    else:
        s0, s1, dst = c.inp(irt(t), a), c.inp(irt(t), b), c.out(irt(t), n)
    c.call(e.name, [dst, s0, s1, c.scalar(n, dynamic=i % 2 == 0)])
    c.expect(dst, want, *tol(e, t))


def case_scalar(c: Case, e, form, sub, i):
    t = sub["T"]
    n = 29
    a, b = _pair(c, e, t, n)
    v = b[3]
    if "div" in e.name and not is_int(t):
        v = round_fp([1.75], t)[0]
    want = to_type(t, e.semantics(a, np.full(n, v)), e.rounding)
    src, dst = c.inp(irt(t), a), c.out(irt(t), n)
    # the scalar as C passes it: float for floating types (converted to half/bfloat16 by the call)
    value = c.scalar(float(v), "float32", dynamic=i % 2 == 0) if not is_int(t) else c.scalar(int(v), "int32")
    c.call(e.name, [dst, src, value, c.scalar(n)])
    c.expect(dst, want, *tol(e, t))


def case_scalar_from_memory(c: Case, e, t="float"):
    """__bang_sub_scalar(x, x, x[0], n): the scalar is read before the call changes x."""
    n = 16
    x = values(c.rng, t, n)
    buf = c.out(irt(t), n, init=x)
    value = ir.Load(buf.buffer, (Const(OFF),))
    c.call(e.name, [buf, buf, value, c.scalar(n)])
    c.expect(buf, to_type(t, e.semantics(x, np.full(n, x[0]))))


def case_cycle(c: Case, e, form, sub, i):
    t = sub["T"]
    seg_n, n = 8, 32
    a = values(c.rng, t, n, e.domain)
    seg = values(c.rng, t, seg_n, e.domain)
    want = to_type(t, e.semantics(a, np.tile(seg, n // seg_n)), e.rounding)
    dst = src = c.out(irt(t), n, init=a)
    c.call(e.name, [dst, src, c.inp(irt(t), seg), c.scalar(n), c.scalar(seg_n, dynamic=True)])
    c.expect(dst, want, *tol(e, t))


def case_distance(c: Case, e, form, sub, i):
    t = sub["T"]
    n, dist = 20, 5
    x = values(c.rng, t, n + dist, e.domain)
    want = to_type(t, e.semantics(x[:n], x[dist:dist + n]))
    buf = c.out(irt(t), n + dist, init=x)                   # in place: dst == src, staged
    c.call(e.name, [buf, buf, c.scalar(dist, "uint32"), c.scalar(n)])
    c.expect(buf, np.concatenate([want, x[n:]]), *tol(e, t))


def case_div_work(c: Case, e, form, sub, i):
    t = sub["T"]
    n = 128 // SIZE[t]
    a, b = values(c.rng, t, n), values(c.rng, t, n, (0.5, 4))
    dst, work = c.out(irt(t), n), c.out(irt(t), n)
    c.call(e.name, [dst, c.inp(irt(t), a), c.inp(irt(t), b), work, c.scalar(n)])
    c.expect(dst, to_type(t, a / b))
    c.checks.append(lambda res, w=work: None if np.all(np.isnan(back(irt(t), res[w.buffer.name])[OFF:OFF + n]))
                    else "work not filled with 0xff bytes")


def case_fusion(c: Case, e, form, sub, i):
    t = sub["T"]
    n, seg_n = 24, 8
    op = FUSION_OPS[i % 8] if form != "fusion_vv" else FUSION_OPS[(i * 3 + 1) % 8]
    a, bb, cc = (values(c.rng, t, n, (-3, 3)) for _ in range(3))
    if form == "fusion_seg":
        bb, cc = bb[:seg_n], cc[:seg_n]
        bv, cv = np.tile(bb, n // seg_n), np.tile(cc, n // seg_n)
        args = [c.inp(irt(t), bb), c.inp(irt(t), cc), c.scalar(n), c.scalar(seg_n)]
    else:
        b_vec, c_vec = form in ("fusion_vv", "fusion_vs"), form in ("fusion_vv", "fusion_sv")
        bv = bb if b_vec else np.full(n, bb[0])
        cv = cc if c_vec else np.full(n, cc[0])
        args = [c.inp(irt(t), bb) if b_vec else c.scalar(float(bb[0]), "float32"),
                c.inp(irt(t), cc) if c_vec else c.scalar(float(cc[0]), "float32"), c.scalar(n)]
    want = to_type(t, e.semantics(op, a, bv, cv, lambda v: to_type(t, v)))
    code = c.scalar(L.CONSTANTS[op], dynamic=i % 2 == 1)
    dst = c.out(irt(t), n)
    c.call(e.name, [code, dst, c.inp(irt(t), a), *args])
    c.key = (*c.key, op)
    c.expect(dst, want)


def case_fusion_in_place(c: Case, e):
    """__bang_fusion(FUSION_FMA, acc, x, w, acc, n) as the bilinear kernels use it."""
    t = "float"
    n = 16
    acc, x = values(c.rng, t, n), values(c.rng, t, n)
    w = round_fp([0.375], t)[0]
    buf = c.out("float32", n, init=acc)
    c.call(e.name, [c.scalar(L.CONSTANTS["FUSION_FMA"]), buf, c.inp("float32", x), c.scalar(float(w), "float32"), buf,
                    c.scalar(n)])
    c.expect(buf, to_type(t, to_type(t, x * w) + acc))


def case_reduce_sum(c: Case, e, form, sub, i):
    t = sub["T"]
    lanes = 128 // SIZE[t]
    n = lanes * 3
    x = values(c.rng, t, n)
    sums = to_type(t, e.semantics(x, lanes))
    if i % 2:                                               # in place (dst == src)
        dst = src = c.out(irt(t), n, init=x)
        want = x.copy()
    else:
        init = values(c.rng, t, n)
        src, dst = c.inp(irt(t), x), c.out(irt(t), n, init=init)
        want = init.copy()
    want[::lanes] = sums
    c.call(e.name, [dst, src, c.scalar(n)])
    c.expect(dst, want, TOL[t], TOL[t] * 0.1)


def case_sum(c: Case, e, form, sub, i):
    t = sub["T"]
    n = 45
    x = values(c.rng, t, n)
    r = c.result(L.INTRINSICS[e.name].returns)
    c.call(e.name, [r, c.inp(irt(t), x), c.scalar(n)])
    c.expect(r, to_type(t, [e.semantics(x)]), TOL[t], TOL[t] * 0.1)


def case_argext(c: Case, e, form, sub, i):
    t = sub["T"]
    n = 33
    x = values(c.rng, t, n, (-100, 100))
    x[5] = np.nan
    value, index = e.semantics(x)
    es = SIZE[t]
    dst = c.out(irt(t), 1 + 4 // es)
    c.call(e.name, [dst, c.inp(irt(t), x), c.scalar(n)])
    want = from_bytes(irt(t), bytes_of(irt(t), [value]) + np.uint32(index).tobytes())
    c.expect(dst, want)


def _sparse(c, t, n):
    x = values(c.rng, t, n, (1, 3) if is_int(t) else (0.5, 3))
    return np.where(c.rng.random(n) < 0.6, 0, x)


def case_count_find(c: Case, e, form, sub, i):
    t = sub["T"]
    n = 31
    x = _sparse(c, t, n) if i % 3 else np.zeros(n)
    want = int(e.semantics(x))
    r = c.result("uint32")
    c.call(e.name, [r, c.inp(irt(t), x), c.scalar(n)])
    c.expect(r, [want])


def case_filter(c: Case, e, form, sub, i):
    t = sub["T"]
    n = 30
    x = values(c.rng, t, n)
    idx = np.where(c.rng.random(n) < 0.5, 0, 1)
    packed = to_type(t, e.semantics(x, idx))
    k = len(packed)
    if form == "filter":
        r = c.result("uint32")
        if i % 2:                                           # dst == src: staged
            dst = src = c.out(irt(t), n, init=x)
            rest = x[k:]
        else:
            src, dst = c.inp(irt(t), x), c.out(irt(t), k)
            rest = []
        c.call(e.name, [r, dst, src, c.inp(irt(t), idx), c.scalar(n)])
        c.expect(r, [k])
        c.expect(dst, np.concatenate([packed, rest]))
    else:
        es = SIZE[t]
        size = 128 + (k * es + 127) // 128 * 128
        dst = c.out(irt(t), size // es)
        c.call(e.name, [dst, c.inp(irt(t), x), c.inp(irt(t), idx), c.scalar(n)])
        raw = np.uint32(k).tobytes() + bytes(124) + bytes_of(irt(t), packed) + bytes(size - 128 - k * es)
        c.expect(dst, from_bytes(irt(t), raw))


def case_pool(c: Case, e, form, sub, i):
    t = sub["T"]
    C, H, W = 4, 5, 7
    KH, KW, SW, SH = (3, 2, 2, 1) if form == "pool" else (2, 3, 3, 2)
    x = values(c.rng, t, H * W * C)
    want = to_type(t, e.semantics(x.reshape(H, W, C), KH, KW, SW, SH)).ravel()
    dyn = i % 2 == 0
    args = [c.scalar(v, dynamic=dyn) for v in (C, H, W, KH, KW)] + \
        ([c.scalar(SW, dynamic=dyn), c.scalar(SH, dynamic=dyn)] if form == "pool" else [])
    if i % 2:                                               # in place, as mlu-ops reduces
        dst = src = c.out(irt(t), len(x), init=x)
        want = np.concatenate([want, x[len(want):]])
    else:
        src, dst = c.inp(irt(t), x), c.out(irt(t), len(want))
    c.call(e.name, [dst, src, *args])
    c.expect(dst, want, *(tol(e, t) if e.name not in ("__bang_sumpool", "__bang_avgpool") else (TOL[t], TOL[t] * .1)))


def _tensor_inputs(c, s, shape):
    if is_int(s):
        return c.rng.integers(-20, 21, shape).astype(np.int64)
    return values(c.rng, s, int(np.prod(shape)), (-2, 2)).reshape(shape)


def _round_tensor(d, exact):
    if is_int(d):
        info = np.iinfo(NUMPY[d])
        return np.clip(np.rint(exact), info.min, info.max).astype(np.int64)
    return round_fp(exact, d)


def _tensor_tol(d):
    return (0.0, 0.0) if is_int(d) else (TOL[d], TOL[d] * 0.1)


def case_conv(c: Case, e, form, sub, i):
    s = sub["S"]
    d = sub.get("D", "float")
    ci, h, w, kh, kw, sw, sh, co = 3, 5, 6, 3, 2, 2, 1, 4
    x = _tensor_inputs(c, s, (h, w, ci))
    k = _tensor_inputs(c, s, (co, kh, kw, ci))
    pos = 0 if form == "conv" else -3 - i % 2
    bias = values(c.rng, d, co, (-2, 2)) if form == "conv_bias" else None
    want = _round_tensor(d, conv_semantics(x.astype(np.float64), k.astype(np.float64), bias, sw, sh, pos).ravel())
    dst = c.out(irt(d), len(want))
    args = [dst, c.inp(irt(s), x.ravel()), c.inp(irt(s), k.ravel())]
    if bias is not None:
        args.append(c.inp(irt(d), bias))
    args += [c.scalar(v) for v in (ci, h, w, kh, kw, sw, sh, co)]
    if form != "conv":
        args.append(c.scalar(pos, dynamic=i % 2 == 0))
    c.call(e.name, args)
    c.expect(dst, want, *_tensor_tol(d))


def case_mlp(c: Case, e, form, sub, i):
    s = sub["S"]
    d = sub.get("D", "float")
    height, width = 6, 20
    x = _tensor_inputs(c, s, (width,))
    f = _tensor_inputs(c, s, (height, width))
    pos = 0 if form == "mlp" else 2
    bias = values(c.rng, d, height, (-2, 2)) if form == "mlp_bias" else None
    want = _round_tensor(d, mlp_semantics(x.astype(np.float64), f.astype(np.float64), bias, pos))
    dst = c.out(irt(d), height)
    args = [dst, c.inp(irt(s), x)]
    if bias is not None:
        args.append(c.inp(irt(d), bias))
    args += [c.inp(irt(s), f.ravel()), c.scalar(height), c.scalar(width, dynamic=True)]
    if form != "mlp":
        args.append(c.scalar(pos))
    c.call(e.name, args)
    c.expect(dst, want, *_tensor_tol(d))


def case_matmul(c: Case, e, form, sub, i):
    s = sub["S"]
    d = sub.get("D", "float")
    M, K, N = 3, 12, 5
    a = _tensor_inputs(c, s, (M, K))
    b_nk = _tensor_inputs(c, s, (N, K))
    pos = 0 if form == "matmul" else -1
    cm = values(c.rng, d, M * N, (-2, 2)).reshape(M, N) if form == "matmul_bias" else None
    want = _round_tensor(d, matmul_semantics(a.astype(np.float64), b_nk.astype(np.float64), cm, pos).ravel())
    if cm is not None and i % 2:                           # dst == C (allowed): accumulate in place
        dst = cmat = c.out(irt(d), M * N, init=cm.ravel())
    else:
        dst = c.out(irt(d), M * N)
        cmat = c.inp(irt(d), cm.ravel()) if cm is not None else None
    args = [dst, c.inp(irt(s), a.ravel()), c.inp(irt(s), b_nk.ravel())] + ([cmat] if cmat is not None else []) + \
        [c.scalar(M, dynamic=True), c.scalar(K), c.scalar(N)] + ([c.scalar(pos)] if form != "matmul" else [])
    c.call(e.name, args)
    c.expect(dst, want, *_tensor_tol(d))


def case_reshape_filter(c: Case, e, form, sub, i):
    t = sub["T"]
    cc = 32 // SIZE[t]
    n = 64 * cc
    x = values(c.rng, t, n)
    dst = c.out(irt(t), n)
    c.call(e.name, [dst, c.inp(irt(t), x), c.scalar(64), c.scalar(1), c.scalar(1), c.scalar(cc)])
    c.expect(dst, to_type(t, e.semantics(x)))


def case_transpose(c: Case, e, form, sub, i):
    t = sub["T"]
    H, W = 4, 7
    x = values(c.rng, t, H * W)
    dst = c.out(irt(t), H * W)
    c.call(e.name, [dst, c.inp(irt(t), x), c.scalar(H, dynamic=i % 2 == 0), c.scalar(W)])
    c.expect(dst, to_type(t, e.semantics(x.reshape(H, W)).ravel()))


def _conversion_inputs(c, s, d, n, pos):
    if is_int(s):
        lo, hi = INT_RANGE[s]
        return c.rng.integers(lo, hi + 1, n).astype(np.int64)
    third = n // 3
    rnd = values(c.rng, s, third, (-300, 300))
    if is_int(d):
        ties = (c.rng.integers(-100, 100, third) + 0.5) * 2.0 ** pos
    else:
        base = round_fp(c.rng.uniform(-50, 50, third), d)
        up = np.where(base >= 0, np.nextafter(base.astype(np.float16), np.float16(np.inf)).astype(np.float64), base) \
            if d == "half" else base * (1 + 2 ** -7)
        ties = round_fp((base + round_fp(up, d)) / 2, s)
    big = c.rng.choice([-1e5, 1e5, -70000.0, 3e4], n - 2 * third)
    return round_fp(np.concatenate([rnd, ties, big]), s)


def case_convert(c: Case, e, form, sub, i):
    d, s = sub["D"], sub["S"]
    n = 24
    pos = {"convert_fix": (-1 if is_int(d) else 2)}.get(form, 0)
    x = _conversion_inputs(c, s, d, n, pos)
    want = e.semantics(x, pos)
    if form == "convert_strided":
        per, segs, sst, dstr = 8, 3, 12, 10
        xs = np.zeros(segs * sst)
        for g in range(segs):
            xs[g * sst:g * sst + per] = x[g * per:(g + 1) * per]
        init = values(c.rng, d, segs * dstr)
        dst = c.out(irt(d), segs * dstr, init=init)
        c.call(e.name, [dst, c.inp(irt(s), xs), c.scalar(per), c.scalar(dstr * SIZE[d], "uint32"),
                        c.scalar(sst * SIZE[s], "uint32", dynamic=True), c.scalar(segs - 1)])
        full = init.copy()
        for g in range(segs):
            full[g * dstr:g * dstr + per] = want[g * per:(g + 1) * per]
        c.expect(dst, full)
        return
    dst = c.out(irt(d), n)
    args = [dst, c.inp(irt(s), x), c.scalar(n)] + ([c.scalar(pos, dynamic=i % 2 == 0)] if form == "convert_fix" else [])
    c.call(e.name, args)
    c.expect(dst, want)


def case_scalar_convert(c: Case, e, form, sub, i):
    s = sub["S"]
    n = 9
    src_t = "int32_t" if s == "int" else s
    d = {"to_half": "half", "to_bf16": "bfloat16_t", "to_float": "float", "to_int": "int32_t"}[form]
    x = _conversion_inputs(c, src_t, d, n, 0)
    want = e.semantics(x)
    rbuf = c.out(irt(d), n)
    xbuf = c.inp(irt(src_t), x)
    # one call per element: the builder writes result[0]; wrap it in a loop over the elements
    j = Var(c.names.fresh("j"))
    res_buf = Buffer(c.names.fresh("res"), L.INTRINSICS[e.name].returns, (1,), "local")
    stmt = L.INTRINSICS[e.name].build([Address(res_buf, (Const(0),)), ir.Load(xbuf.buffer, (j + OFF,))], c.names)
    c.body = ir.loop(j, n, [ir.Alloc(res_buf), stmt,
                            ir.Store(rbuf.buffer, (j + OFF,), ir.Load(res_buf, (Const(0),)))])
    c.expect(rbuf, want)


def case_memcpy(c: Case, e, form, sub, i):
    rng = c.rng
    if form in ("memcpy", "move"):
        if i == 0:      # float32 via sizeof: size = n * sizeof(float) as uint64
            x = values(rng, "float", 40)
            n = c.scalar(40, dynamic=True)
            size = ir.cast("uint64", n) * Const(4, "uint64")
            dst = c.out("float32", 40)
            direction = [c.scalar(L.CONSTANTS["GDRAM2NRAM"])] if form == "memcpy" else []
            args = [dst, c.inp("float32", x), size, *direction]
            c.call(e.name, args)
            c.expect(dst, x)
        return
    if form in ("memcpy_2d", "move_strided"):
        src = rng.integers(-128, 128, 40 * 12).astype(np.int64)
        init = rng.integers(-128, 128, 240).astype(np.int64)
        dst = c.out("int8", 240, init=init)
        direction = [c.scalar(L.CONSTANTS["GDRAM2NRAM"])] if form == "memcpy_2d" else []
        # gather 10 rows of 12 bytes, source stride 40, destination stride 20
        c.call(e.name, [dst, c.inp("int8", src), c.scalar(12), *direction, c.scalar(20, "uint32"),
                        c.scalar(40, dynamic=True), c.scalar(9, "uint32")])
        c.expect(dst, memcpy_2d_semantics(init, src, 12, 20, 40, 9))
        return
    src = rng.integers(-128, 128, 256).astype(np.int64)
    init = rng.integers(-128, 128, 128).astype(np.int64)
    args = (8, 8, 5, 48, 1, 16, 2, 64, 3)
    dst = c.out("int8", 128, init=init)
    c.call(e.name, [dst, c.inp("int8", src), c.scalar(8), c.scalar(L.CONSTANTS["GDRAM2NRAM"]),
                    *[c.scalar(v) for v in args[1:]]])
    c.expect(dst, memcpy_3d_semantics(init, src, *args))


def memcpy_extra_cases(rng) -> list[Case]:
    """Typed copies: reinterpretation between element types, strides in elements, memmove."""
    out = []
    e = "__memcpy"

    def new(key):
        c = Case((e, key), rng)
        out.append(c)
        return c
    # float32 -> int8 bytes and back (different widths), float16 -> int16 (same width)
    x = values(rng, "float", 12)
    c = new("f32_to_i8")
    dst = c.out("int8", 48)
    c.call(e, [dst, c.inp("float32", x), c.scalar(48), c.scalar(L.CONSTANTS["NRAM2NRAM"])])
    c.expect(dst, np.frombuffer(np.asarray(x, np.float32).tobytes(), np.int8).astype(np.int64))
    c = new("i8_to_f32")
    raw = np.frombuffer(np.asarray(x, np.float32).tobytes(), np.int8).astype(np.int64)
    dst = c.out("float32", 12)
    c.call(e, [dst, c.inp("int8", raw), c.scalar(48, "uint64"), c.scalar(L.CONSTANTS["NRAM2NRAM"])])
    c.expect(dst, x)
    h = values(rng, "half", 10)
    c = new("f16_to_i16")
    dst = c.out("int16", 10)
    c.call(e, [dst, c.inp("float16", h), c.scalar(20), c.scalar(L.CONSTANTS["NRAM2NRAM"])])
    c.expect(dst, np.frombuffer(np.asarray(h, np.float16).tobytes(), np.int16).astype(np.int64))
    c = new("bf16_to_i32")
    b = values(rng, "bfloat16_t", 8)
    dst = c.out("int32", 4)
    c.call(e, [dst, c.inp("bfloat16", b), c.scalar(16), c.scalar(L.CONSTANTS["NRAM2NRAM"])])
    c.expect(dst, np.frombuffer(bytes_of("bfloat16", b), np.int32).astype(np.int64))
    # 2D over float32 rows: 5 rows of 6 floats out of a [5][9] matrix, broadcast with stride 0
    m = values(rng, "float", 45)
    c = new("2d_f32_rows")
    dst = c.out("float32", 30)
    c.call(e, [dst, c.inp("float32", m), c.scalar(24), c.scalar(L.CONSTANTS["GDRAM2NRAM"]), c.scalar(24, "uint32"),
               c.scalar(36), c.scalar(4, "uint32")])
    c.expect(dst, m.reshape(5, 9)[:, :6].ravel())
    c = new("2d_broadcast")
    dst = c.out("float32", 24)
    c.call(e, [dst, c.inp("float32", m), c.scalar(32), c.scalar(L.CONSTANTS["GDRAM2NRAM"]), c.scalar(32, "uint32"),
               c.scalar(0), c.scalar(2, "uint32")])
    c.expect(dst, np.tile(m[:8], 3))
    # negative source stride, into a wider type
    c = new("2d_negative")
    src = rng.integers(-128, 128, 64).astype(np.int64)
    dst = c.out("int16", 16)
    c.call(e, [dst, Address(c.inp("int8", src).buffer, (Const(OFF + 48),)), c.scalar(8),
               c.scalar(L.CONSTANTS["NRAM2GDRAM"]), c.scalar(8, "uint32"), c.scalar(-12), c.scalar(3, "uint32")])
    rows = [src[48 - 12 * r:56 - 12 * r] for r in range(4)]
    want = np.frombuffer(np.concatenate(rows).astype(np.int8).tobytes(), np.int16).astype(np.int64)
    c.expect(dst, want)
    # memmove within one buffer (overlapping, both directions) with __bang_move
    for shift, key in ((4, "move_forward_overlap"), (-4, "move_backward_overlap")):
        c = Case(("__bang_move", key), rng)
        out.append(c)
        data = values(rng, "float", 30)
        buf = c.out("float32", 30, init=data)
        base = 8
        dst = Address(buf.buffer, (Const(OFF + base + shift),))
        src = Address(buf.buffer, (Const(OFF + base),))
        c.call("__bang_move", [dst, src, c.scalar(40)])
        want = data.copy()
        want[base + shift:base + shift + 10] = data[base:base + 10]
        c.expect(buf, want)
    # a double value (no exact cncc overload) fills with the destination's float type
    c = Case(("__bang_write_value", "double value"), rng)
    out.append(c)
    dst = c.out("float32", 9)
    c.call("__bang_write_value", [dst, c.scalar(9), Const(-0.5, "float64")])
    c.expect(dst, np.full(9, -0.5))
    # a pointer into a 2-D local buffer (&buf[1][2]) and a 0-d scalar as a 1-element vector
    c = Case(("__bang_add", "2-D buffer"), rng)
    out.append(c)
    x = values(rng, "float", 20)
    src = c.inp("float32", x)
    loc = Buffer(c.names.fresh("loc"), "float32", (4, 6), "local")
    dst = c.out("float32", 10)
    c.body = ir.block(
        ir.Alloc(loc),
        L.INTRINSICS["__memcpy"].build([Address(loc, (Const(1), Const(2))), src, Const(64), Const(8)], c.names),
        L.INTRINSICS["__bang_add"].build([dst, Address(loc, (Const(1), Const(2))), Address(loc, (Const(2), Const(2))),
                                          Const(10)], c.names))
    c.expect(dst, to_type("float", x[:10] + x[6:16]))
    return out


FILL_VALUES = {"int8": -7, "uint8": 200, "int16": -1234, "uint16": 60000, "int32": -123456, "uint32": 4000000000,
               "float16": 1.5, "float32": -2.25, "bfloat16": 3.5}
FILL_CTYPES = {"char": "int8", "signed char": "int8", "unsigned char": "uint8", "short": "int16",
               "unsigned short": "uint16", "int": "int32", "unsigned int": "uint32", "half": "float16",
               "float": "float32", "bfloat16_t": "bfloat16", "int16_t": "int16", "int32_t": "int32", "int8_t": "int8"}


def case_fill(c: Case, e, form, sub, i):
    vt = FILL_CTYPES[sub.get("V") or sub["T"]]
    n = 13
    v = FILL_VALUES[vt]
    # the pointer's element type differs from the value's for some cases: the width comes from the value
    width = {"float16": 2, "bfloat16": 2}.get(vt) or np.dtype(vt).itemsize
    nbytes = n * width
    pt = vt if form == "fill_typed" or i % 2 == 0 else ("int8", "int16", "float32")[i % 3]
    pw = 2 if pt == "bfloat16" else np.dtype(pt).itemsize
    if nbytes % pw:
        pt, pw = "int8", 1
    dst = c.out(pt, nbytes // pw)
    c.call(e.name, [dst, c.scalar(n, "uint32"), c.scalar(v, vt) if vt != "bfloat16" else Const(v, "bfloat16")])
    c.expect(dst, from_bytes(pt, bytes_of(vt, np.full(n, v))))


def case_write_zero(c: Case, e, form, sub, i):
    t = irt(sub["T"])
    n = 11
    dst = c.out(t, n, init=np.full(n, 5))
    c.call(e.name, [dst, c.scalar(n, dynamic=True)])
    c.expect(dst, np.zeros(n))


def case_sync(c: Case, e, form, sub, i):
    c.call(e.name, [])
    kind = c.body
    assert isinstance(kind, (ir.Barrier, ir.Block)), kind
    if isinstance(kind, ir.Barrier):
        assert kind.scope == ("block" if e.op == "cluster" else "grid")
    c.body = None                       # nothing to run


CASES = {"unary": case_unary, "unary_widen": case_unary, "binary": case_binary, "scalar": case_scalar,
         "cycle": case_cycle, "distance": case_distance, "div_work": case_div_work, "fusion_vv": case_fusion,
         "fusion_sv": case_fusion, "fusion_vs": case_fusion, "fusion_ss": case_fusion, "fusion_seg": case_fusion,
         "reduce_sum": case_reduce_sum, "sum": case_sum, "argext": case_argext, "count": case_count_find,
         "find1": case_count_find, "filter": case_filter, "select": case_filter, "pool": case_pool,
         "pool_nostride": case_pool, "conv": case_conv, "conv_fix": case_conv, "conv_bias": case_conv,
         "mlp": case_mlp, "mlp_fix": case_mlp, "mlp_bias": case_mlp, "matmul": case_matmul, "matmul_fix": case_matmul,
         "matmul_bias": case_matmul, "reshape_filter": case_reshape_filter, "transpose": case_transpose,
         "convert": case_convert, "convert_strided": case_convert, "convert_fix": case_convert,
         "to_half": case_scalar_convert, "to_bf16": case_scalar_convert, "to_float": case_scalar_convert,
         "to_int": case_scalar_convert, "memcpy": case_memcpy, "memcpy_2d": case_memcpy, "memcpy_3d": case_memcpy,
         "move": case_memcpy, "move_strided": case_memcpy, "fill": case_fill, "fill_typed": case_fill,
         "write_zero": case_write_zero, "barrier": case_sync, "fence": case_sync, "fence_pipes": case_sync}

GROUPS = {
    "elementwise": ("elementwise", "compare", "logic"),
    "cycle_fusion_reduction_pooling": ("cycle", "fusion", "reduction", "pooling"),
    "activation_conversion": ("activation", "conversion", "scalar_conversion"),
    "tensor_movement_sync": ("tensor", "movement", "sync"),
}


def build_cases(group: str, rng) -> list[Case]:
    cases = []
    for name, e in TABLE.items():
        if name not in L.INTRINSICS or e.family not in GROUPS[group]:
            continue
        for ov in e.overloads:
            for i, sub in enumerate(ov.types):
                c = Case((name, ov.form, *[v for k, v in sub.items() if k != "@"]), rng)
                CASES[ov.form](c, e, ov.form, sub, i)
                if c.body is not None:
                    cases.append(c)
    if group == "elementwise":
        for name in ("__bang_sub_scalar", "__bang_mul_scalar"):
            c = Case((name, "scalar from dst"), rng)
            case_scalar_from_memory(c, TABLE[name])
            cases.append(c)
    if group == "cycle_fusion_reduction_pooling":
        c = Case(("__bang_fusion", "in place"), rng)
        case_fusion_in_place(c, TABLE["__bang_fusion"])
        cases.append(c)
    if group == "tensor_movement_sync":
        cases += memcpy_extra_cases(rng)
    return cases


def run_cases(cases: list[Case]) -> None:
    results = ir.run_many([(c.kernel(), c.args) for c in cases])
    failures = []
    for c, res in zip(cases, results):
        for chk in c.checks:
            if callable(chk):
                msg = chk(res)
                if msg:
                    failures.append(f"{' '.join(map(str, c.key))}: {msg}")
        c.checks = [x for x in c.checks if not callable(x)]
        failures += c.verify(res)
    assert not failures, f"{len(failures)} of {len(cases)} lifted calls differ from the table:\n" + "\n".join(failures)


@pytest.mark.parametrize("group", list(GROUPS))
def test_lifting_matches_table(group):
    run_cases(build_cases(group, np.random.default_rng(1234)))


def test_every_table_entry_is_lifted():
    """Every intrinsic that computes or moves data has a lifting; only built-ins and host calls lack one."""
    missing = {n for n, e in TABLE.items() if n not in L.INTRINSICS and e.family not in ("builtin", "host")}
    assert not missing, sorted(missing)
    for name, entry in L.INTRINSICS.items():
        assert entry.name == name and callable(entry.build)


def test_constants_match_engine_header():
    assert L.CONSTANTS["GDRAM2NRAM"] == 0 and L.CONSTANTS["NRAM2GDRAM"] == 1 and L.CONSTANTS["NRAM2NRAM"] == 8
    assert L.CONSTANTS["GDRAM2GDRAM"] == 19 and L.CONSTANTS["SRAM2NRAM"] == 15 and L.CONSTANTS["GDRAM2SRAM"] == 11
    assert [L.CONSTANTS[k] for k in FUSION_OPS] == list(range(8))
    assert L.VALUE_TYPES == {}


def test_returns():
    assert L.INTRINSICS["__bang_count"].returns == "uint32"
    assert L.INTRINSICS["__float2half_rn"].returns == "float16"
    assert L.INTRINSICS["__bang_add"].returns is None


def test_bad_arguments_are_value_errors():
    names = Names()
    x = Buffer("x", "float32", (64,))
    h = Buffer("h", "float16", (64,))
    p = Address(x, (Const(0),))
    q = Address(h, (Const(0),))
    with pytest.raises(ValueError, match="no overload"):
        L.INTRINSICS["__bang_add"].build([p, p, Const(1.0), Const(4)], names)     # a scalar where a pointer goes
    with pytest.raises(ValueError, match="int8|overload"):
        L.INTRINSICS["__bang_sin"].build([Address(Buffer("c", "int8", (8,)), (Const(0),))] * 2 + [Const(4)], names)
    with pytest.raises(ValueError, match="float16|operation works on"):
        L.INTRINSICS["__bang_add"].build([p, q, p, Const(4)], names)
    with pytest.raises(ValueError, match="whole number"):
        L.INTRINSICS["__memcpy"].build([p, p, Const(6), Const(8)], names)


def test_memcpy_lifts_to_a_plain_copy_loop():
    """`__memcpy(y + 3, x + 3, n * sizeof(float), GDRAM2NRAM)` is one loop over n elements."""
    names = Names(["x", "y", "n"])
    x, y = Buffer("x", "float32", (64,)), Buffer("y", "float32", (64,))
    n = Var("n")
    s = L.INTRINSICS["__memcpy"].build([Address(y, (Const(3),)), Address(x, (Const(3),)),
                                        ir.cast("uint64", n) * Const(4, "uint64"), Const(0)], names)
    assert isinstance(s, ir.Loop) and s.extent == n
    assert isinstance(s.body, ir.Store) and s.body.value.buffer.name == "x"


def test_sums_are_bit_identical_to_the_engine():
    """Sums accumulate in float64 in the engine's order and round as the engine does, so the lifted
    tensor ops and reductions equal the BANG CPU engine bit for bit (the table only bounds them)."""
    import xpiler
    from xpiler.models.base import Launch
    rng = np.random.default_rng(7)
    M, K, N = 5, 300, 7
    ci, h, w, kh, kw, co = 4, 6, 5, 3, 2, 4
    ho, wo = h - kh + 1, (w - kw) // 2 + 1
    nk = co * kh * kw * ci
    data = {"a": rng.standard_normal(M * K).astype(np.float32), "b": rng.standard_normal(N * K).astype(np.float32),
            "x": rng.standard_normal(96).astype(np.float32), "hx": rng.standard_normal(192).astype(np.float16),
            "ci8": rng.integers(-100, 100, h * w * ci).astype(np.int8),
            "k8": rng.integers(-100, 100, nk).astype(np.int8),
            "hf": (rng.standard_normal(nk) * 3).astype(np.float16)}
    # out: matmul [M*N] | reduce_sum [96] | sum [1] | avgpool [20]; hout: sumpool [192] | conv | mlp (as float bits)
    o_red, o_sum, o_avg = M * N, M * N + 96, M * N + 97
    h_conv, h_mlp = 192, 192 + ho * wo * co
    n_out, n_hout = o_avg + 20, h_mlp + 2 * co
    src = f"""
#include <bang.h>
__nram__ float A[{M * K}]; __wram__ float B[{N * K}]; __nram__ float C[{M * N}];
__nram__ float X[96]; __nram__ half H[192]; __nram__ float P[20];
__nram__ int8_t CI[{h * w * ci}]; __wram__ int8_t K8[{nk}]; __nram__ half CO[{ho * wo * co}];
__wram__ half HF[{nk}]; __nram__ half HS[{kh * kw * ci}]; __nram__ float HM[{co}];
__mlu_global__ void k(float* out, half* hout, const float* a, const float* b, const float* x, const half* hx,
                      const int8_t* ci8, const int8_t* k8, const half* hf) {{
  __memcpy(A, a, {M * K * 4}, GDRAM2NRAM); __memcpy(B, b, {N * K * 4}, GDRAM2WRAM);
  __bang_matmul(C, A, B, {M}, {K}, {N});
  __memcpy(out, C, {M * N * 4}, NRAM2GDRAM);
  __memcpy(X, x, 384, GDRAM2NRAM);
  out[{o_sum}] = __bang_sum(X, 96);
  __bang_avgpool(P, X, 1, 12, 8, 3, 5, 3, 1);
  __memcpy(out + {o_avg}, P, 80, NRAM2GDRAM);
  __bang_reduce_sum(X, X, 96);
  __memcpy(out + {o_red}, X, 384, NRAM2GDRAM);
  __memcpy(H, hx, 384, GDRAM2NRAM);
  __bang_sumpool(H, H, 16, 12, 1, 3, 1, 1, 1);
  __memcpy(hout, H, 384, NRAM2GDRAM);
  __memcpy(CI, ci8, {h * w * ci}, GDRAM2NRAM); __memcpy(K8, k8, {nk}, GDRAM2WRAM);
  __bang_conv(CO, CI, K8, {ci}, {h}, {w}, {kh}, {kw}, 2, 1, {co}, -3);
  __memcpy(hout + {h_conv}, CO, {ho * wo * co * 2}, NRAM2GDRAM);
  __memcpy(HF, hf, {nk * 2}, GDRAM2WRAM); __memcpy(HS, hx, {kh * kw * ci * 2}, GDRAM2NRAM);
  __bang_mlp(HM, HS, HF, {co}, {kh * kw * ci});
  __memcpy(hout + {h_mlp}, HM, {co * 4}, NRAM2GDRAM);
}}
"""
    r = xpiler.run(src, platform="bang", entry="k", args=[np.zeros(n_out, np.float32), np.zeros(n_hout, np.float16),
                                                         *data.values()],
                   launch=Launch(grid=(1, 1, 1), func_type="block"))
    r.raise_for_error()

    names = Names(["out", "hout", *data])
    O, HO = Buffer("out", "float32", (n_out,)), Buffer("hout", "float16", (n_hout,))
    bufs = {k: Buffer(k, str(v.dtype), (v.size,)) for k, v in data.items()}
    res = Buffer("res", "float32", (1,), "local")
    hm = Buffer("hm", "float32", (co,), "local")

    def ad(b, o=0):
        return Address(b, (Const(o),))

    def call(name, *args):
        return L.INTRINSICS[name].build([a if isinstance(a, ir.Expr) else Const(a) for a in args], names)
    body = [
        call("__bang_matmul", ad(O), ad(bufs["a"]), ad(bufs["b"]), M, K, N),
        call("__memcpy", ad(O, o_red), ad(bufs["x"]), 384, 0),
        ir.Alloc(res), call("__bang_sum", ad(res), ad(O, o_red), 96),
        ir.Store(O, (Const(o_sum),), ir.Load(res, (Const(0),))),
        call("__bang_avgpool", ad(O, o_avg), ad(O, o_red), 1, 12, 8, 3, 5, 3, 1),
        call("__bang_reduce_sum", ad(O, o_red), ad(O, o_red), 96),
        call("__memcpy", ad(HO), ad(bufs["hx"]), 384, 0),
        call("__bang_sumpool", ad(HO), ad(HO), 16, 12, 1, 3, 1, 1, 1),
        call("__bang_conv", ad(HO, h_conv), ad(bufs["ci8"]), ad(bufs["k8"]), ci, h, w, kh, kw, 2, 1, co, -3),
        ir.Alloc(hm), call("__bang_mlp", ad(hm), ad(bufs["hx"]), ad(bufs["hf"]), co, kh * kw * ci),
        call("__memcpy", ad(HO, h_mlp), ad(hm), co * 4, 8),
    ]
    mine = ir.compile_and_run(ir.kernel("k", [(O, "out"), (HO, "out"), *bufs.values()], body), data)
    assert np.array_equal(mine["out"].view(np.uint32), r["out"].view(np.uint32))
    assert np.array_equal(mine["hout"].view(np.uint16), r["hout"].view(np.uint16))
