"""The BANG engine against its intrinsic table.

Kernels are generated from xpiler/models/bang/intrinsics.py: every overload of every intrinsic
(every signature pattern and element type the selected architecture has) is called on random data,
and the engine's output is compared with the table's NumPy semantics rounded to the element type.
Many calls share one kernel (one compile per family group): inputs and outputs live at known byte
offsets of two int8 buffers.
"""
from __future__ import annotations

import numpy as np
import pytest

import xpiler
from xpiler.dtypes import bf16_bits_to_float, float_to_bf16_bits
from xpiler.models.base import Launch
from xpiler.models.bang.arch import available, get_arch
from xpiler.models.bang.intrinsics import (FUSION_OPS, INTRINSICS, NUMPY, SIZE, conv_semantics, is_int,
                                           matmul_semantics, memcpy_2d_semantics, memcpy_3d_semantics, mlp_semantics,
                                           round_fp, type_available)

BLOCK = Launch(grid=(1, 1, 1), func_type="block")
INT_RANGE = {"int8_t": (-100, 100), "uint8_t": (0, 250), "int16_t": (-30000, 30000), "uint16_t": (0, 60000),
             "int32_t": (-10 ** 6, 10 ** 6), "uint32_t": (0, 4 * 10 ** 6), "char": (-100, 100)}
TOL = {"float": 2e-6, "half": 2e-3, "bfloat16_t": 1.6e-2}


# ------------------------------------------------------------------------------- values and bytes

def to_bytes(ctype: str, values) -> bytes:
    v = np.asarray(values)
    if ctype == "bfloat16_t":
        return float_to_bf16_bits(v.astype(np.float32)).tobytes()
    return v.astype(NUMPY[ctype]).tobytes()


def from_bytes(ctype: str, raw) -> np.ndarray:
    raw = bytes(raw)
    if ctype == "bfloat16_t":
        return bf16_bits_to_float(np.frombuffer(raw, np.uint16)).astype(np.float64)
    arr = np.frombuffer(raw, NUMPY[ctype])
    return arr.astype(np.int64) if is_int(ctype) else arr.astype(np.float64)


def to_type(ctype: str, exact, mode="rn") -> np.ndarray:
    """Exact results rounded (floats) or wrapped (integers) to the element type."""
    if is_int(ctype):
        return np.asarray(exact).astype(np.int64).astype(NUMPY[ctype]).astype(np.int64)
    return round_fp(exact, ctype, mode)


def literal(ctype: str, value) -> str:
    if ctype in ("half", "bfloat16_t"):
        return f"{ctype}({float(value)!r}f)"
    if ctype == "float":
        return f"{float(value)!r}f"
    return f"({ctype}){int(value)}"


class Batch:
    """One generated kernel: cases append code, inputs and checks."""

    def __init__(self, rng, arch="mtp_592"):
        self.rng = rng
        self.arch = get_arch(arch)
        self.inp = bytearray()
        self.out_size = 0
        self.code: list[str] = []
        self.checks: list = []
        self.covered: set = set()

    def input(self, data: bytes) -> int:
        off = len(self.inp)
        self.inp += data + b"\0" * ((-len(data)) % 64)
        return off

    def output(self, nbytes: int) -> int:
        off = self.out_size
        self.out_size += nbytes + (-nbytes) % 64
        return off

    def values(self, ctype: str, n: int, domain=(-4.0, 4.0)) -> np.ndarray:
        if is_int(ctype):
            lo, hi = INT_RANGE[ctype]
            if domain[1] - domain[0] <= 2:
                lo, hi = max(lo, int(domain[0])), min(hi, int(domain[1]))
            return self.rng.integers(lo, hi + 1, n).astype(np.int64)
        return round_fp(self.rng.uniform(domain[0], domain[1], n), ctype)

    def load(self, ctype: str, values, nram_off: int, space="NRAM", base="np") -> str:
        data = to_bytes(ctype, values)
        off = self.input(data)
        direction = {"NRAM": "GDRAM2NRAM", "WRAM": "GDRAM2WRAM", "SRAM": "GDRAM2SRAM"}[space]
        return f"__memcpy({base} + {nram_off}, in + {off}, {len(data)}, {direction});"

    def store(self, nram_off: int, nbytes: int, base="np") -> tuple[str, int]:
        off = self.output(nbytes)
        return f"__memcpy(out + {off}, {base} + {nram_off}, {nbytes}, NRAM2GDRAM);", off

    def add(self, key, lines: list[str], check) -> None:
        self.covered.add(key)
        self.code.append("  {  // " + " ".join(map(str, key)) + "\n    " + "\n    ".join(lines) + "\n  }")
        self.checks.append((key, check))

    def source(self) -> str:
        body = "\n".join(self.code)
        sram = "__mlu_shared__ int8_t sp[16 * 1024];\n" if self.arch.sram_kb else ""
        return ("#include <bang.h>\n__nram__ int8_t np[256 * 1024];\n__wram__ int8_t wp[64 * 1024];\n"
                f"{sram}__ldram__ int8_t lp[16 * 1024];\n"
                f"__mlu_global__ void batch(int8_t* out, const int8_t* in) {{\n{body}\n}}\n")

    def run(self):
        inp = np.frombuffer(bytes(self.inp) or b"\0", np.int8).copy()
        out = np.full(max(self.out_size, 1), 0x55, np.int8)
        r = xpiler.run(self.source(), platform="bang", entry="batch", args=[out, inp], launch=BLOCK,
                       options={"bang_arch": self.arch.name})
        r.raise_for_error()
        raw = r["out"].tobytes()
        failures = []
        for key, check in self.checks:
            try:
                check(raw)
            except AssertionError as e:
                failures.append(f"{' '.join(map(str, key))}: {str(e).strip().splitlines()[0:6]}")
        assert not failures, f"{len(failures)} of {len(self.checks)} calls differ from the table:\n" + "\n".join(failures)


def compare(ctype, got, want, exact, what=""):
    if exact or is_int(ctype):
        np.testing.assert_array_equal(got, want, err_msg=what)
    else:
        np.testing.assert_allclose(got, want, rtol=TOL[ctype], atol=TOL[ctype] * 1e-2, err_msg=what)


def checker(ctype, off, n, want, exact):
    nbytes = n * SIZE[ctype]
    return lambda raw: compare(ctype, from_bytes(ctype, raw[off:off + nbytes]), want, exact)


# ------------------------------------------------------------------------------- cases per form

def case_unary(b: Batch, e, ov, sub, i):
    d, s = (sub["D"], sub["S"]) if "D" in sub else (sub["T"], sub["T"])
    n = 67
    x = b.values(s, n, e.domain)
    inplace = d == s and i % 2 == 1
    dst_off = 0 if inplace else 1024
    want = to_type(d, e.semantics(x), e.rounding)
    st, off = b.store(dst_off, n * SIZE[d])
    b.add((e.name, ov.form, d, s), [b.load(s, x, 0), f"{e.name}(({d}*)(np + {dst_off}), ({s}*)(np + 0), {n});", st],
          checker(d, off, n, want, e.exact))


def _pair(b, e, t, n):
    a = b.values(t, n, e.domain)
    c = b.values(t, n, e.domain)
    if e.family in ("compare", "elementwise") and "div" not in e.name:
        c = np.where(b.rng.random(n) < 0.3, a, c)         # equal elements matter for comparisons and max/min
    if "div" in e.name and is_int(t):
        c = np.where(c == 0, 3, c)
    return a, c


def case_binary(b: Batch, e, ov, sub, i):
    t = sub["T"]
    n = 70
    a, c = _pair(b, e, t, n)
    want = to_type(t, e.semantics(a, c), e.rounding)
    dst = 0 if i % 3 == 1 else 2048                          # sometimes in place (dst == src0)
    st, off = b.store(dst, n * SIZE[t])
    b.add((e.name, ov.form, t), [b.load(t, a, 0), b.load(t, c, 1024),
                                 f"{e.name}(({t}*)(np + {dst}), ({t}*)(np + 0), ({t}*)(np + 1024), {n});", st],
          checker(t, off, n, want, e.exact))


def case_scalar(b: Batch, e, ov, sub, i):
    t = sub["T"]
    n = 45
    a, c = _pair(b, e, t, n)
    v = c[3]
    if "div" in e.name and not is_int(t):
        v = round_fp([1.75], t)[0]
    want = to_type(t, e.semantics(a, np.full(n, v)), e.rounding)
    st, off = b.store(1024, n * SIZE[t])
    b.add((e.name, ov.form, t), [b.load(t, a, 0),
                                 f"{e.name}(({t}*)(np + 1024), ({t}*)(np + 0), {literal(t, v)}, {n});", st],
          checker(t, off, n, want, e.exact))


def case_cycle(b: Batch, e, ov, sub, i):
    t = sub["T"]
    seg_n, n = 24, 96
    a = b.values(t, n, e.domain)
    seg = b.values(t, seg_n, e.domain)
    seg_full = np.tile(seg, n // seg_n)
    want = to_type(t, e.semantics(a, seg_full), e.rounding)
    st, off = b.store(0, n * SIZE[t])
    b.add((e.name, ov.form, t), [b.load(t, a, 0), b.load(t, seg, 1024),
                                 f"{e.name}(({t}*)(np + 0), ({t}*)(np + 0), ({t}*)(np + 1024), {n}, {seg_n});", st],
          checker(t, off, n, want, e.exact))


def case_distance(b: Batch, e, ov, sub, i):
    t = sub["T"]
    n, dist = 40, 5
    x = b.values(t, n + dist, e.domain)
    want = to_type(t, e.semantics(x[:n], x[dist:dist + n]))
    st, off = b.store(1024, n * SIZE[t])
    b.add((e.name, ov.form, t), [b.load(t, x, 0), f"{e.name}(({t}*)(np + 1024), ({t}*)(np + 0), {dist}u, {n});", st],
          checker(t, off, n, want, e.exact))


def case_div_work(b: Batch, e, ov, sub, i):
    t = sub["T"]
    n = 128 // SIZE[t] * 2
    a = b.values(t, n, (-4, 4))
    c = b.values(t, n, (0.5, 4))
    want = to_type(t, a / c)
    st, off = b.store(2048, n * SIZE[t])
    b.add((e.name, ov.form, t), [b.load(t, a, 0), b.load(t, c, 1024),
                                 f"{e.name}(({t}*)(np + 2048), ({t}*)(np + 0), ({t}*)(np + 1024), ({t}*)(np + 4096), "
                                 f"{n});", st], checker(t, off, n, want, True))


def case_fusion(b: Batch, e, ov, sub, i):
    t = sub["T"]
    n, seg_n = 48, 16
    ops = FUSION_OPS if ov.form == "fusion_vv" else [FUSION_OPS[i % 8], FUSION_OPS[(i + 3) % 8]]
    for op in ops:
        a, bb, cc = (b.values(t, n, (-3, 3)) for _ in range(3))
        lines = [b.load(t, a, 0)]
        if ov.form == "fusion_seg":
            bb, cc = bb[:seg_n], cc[:seg_n]
            bv, cv = np.tile(bb, n // seg_n), np.tile(cc, n // seg_n)
            lines += [b.load(t, bb, 1024), b.load(t, cc, 2048)]
            args = f"({t}*)(np + 1024), ({t}*)(np + 2048), {n}, {seg_n}"
        else:
            b_vec, c_vec = ov.form in ("fusion_vv", "fusion_vs"), ov.form in ("fusion_vv", "fusion_sv")
            bv = bb if b_vec else np.full(n, bb[0])
            cv = cc if c_vec else np.full(n, cc[0])
            if b_vec:
                lines.append(b.load(t, bb, 1024))
            if c_vec:
                lines.append(b.load(t, cc, 2048))
            args = (f"({t}*)(np + 1024)" if b_vec else literal(t, bb[0])) + ", " + \
                   (f"({t}*)(np + 2048)" if c_vec else literal(t, cc[0])) + f", {n}"
        want = to_type(t, e.semantics(op, a, bv, cv, lambda v: to_type(t, v)))
        st, off = b.store(4096, n * SIZE[t])
        b.add((e.name, ov.form, t, op), lines + [f"{e.name}({op}, ({t}*)(np + 4096), ({t}*)(np + 0), {args});", st],
              checker(t, off, n, want, True))


def case_reduce_sum(b: Batch, e, ov, sub, i):
    t = sub["T"]
    lanes = 128 // SIZE[t]
    n = lanes * 3
    x = b.values(t, n)
    init = b.values(t, n)
    sums = e.semantics(x, lanes)
    want = init.copy()
    want[::lanes][:3] = to_type(t, sums)
    st, off = b.store(2048, n * SIZE[t])
    b.add((e.name, ov.form, t), [b.load(t, x, 0), b.load(t, init, 2048),
                                 f"{e.name}(({t}*)(np + 2048), ({t}*)(np + 0), {n});", st],
          checker(t, off, n, want, False))


def case_sum(b: Batch, e, ov, sub, i):
    t = sub["T"]
    n = 77
    x = b.values(t, n)
    want = to_type(t, [e.semantics(x)])
    off = b.output(SIZE[t])
    b.add((e.name, ov.form, t), [b.load(t, x, 0), f"*({t}*)(out + {off}) = {e.name}(({t}*)(np + 0), {n});"],
          checker(t, off, 1, want, False))


def case_argext(b: Batch, e, ov, sub, i):
    t = sub["T"]
    n = 53
    x = b.values(t, n, (-100, 100))
    value, index = e.semantics(x)
    st, off = b.store(1024, SIZE[t] + 4)

    def check(raw, t=t, off=off, value=value, index=index):
        assert from_bytes(t, raw[off:off + SIZE[t]])[0] == value
        assert int(np.frombuffer(raw[off + SIZE[t]:off + SIZE[t] + 4], np.uint32)[0]) == index
    b.add((e.name, ov.form, t), [b.load(t, x, 0), f"{e.name}(({t}*)(np + 1024), ({t}*)(np + 0), {n});", st], check)


def _sparse(b, t, n):
    x = b.values(t, n, (1, 3) if is_int(t) else (0.5, 3))
    return np.where(b.rng.random(n) < 0.6, 0, x)


def case_count_find(b: Batch, e, ov, sub, i):
    t = sub["T"]
    n = 61
    for x in ([_sparse(b, t, n)] + ([np.zeros(n)] if ov.form == "find1" else [])):
        want = int(e.semantics(x))
        off = b.output(4)
        b.add((e.name, ov.form, t, int(x.any())), [b.load(t, x, 0), f"*(uint32_t*)(out + {off}) = {e.name}(({t}*)(np + 0), {n});"],
              lambda raw, off=off, want=want: np.testing.assert_equal(int(np.frombuffer(raw[off:off + 4], np.uint32)[0]), want))


def case_filter(b: Batch, e, ov, sub, i):
    t = sub["T"]
    n = 50
    x = b.values(t, n)
    idx = np.where(b.rng.random(n) < 0.5, 0, 1)
    packed = to_type(t, e.semantics(x, idx))
    k = len(packed)
    if ov.form == "filter":
        st, off = b.store(2048, n * SIZE[t])
        cnt = b.output(4)
        lines = [b.load(t, x, 0), b.load(t, idx, 1024),
                 f"*(uint32_t*)(out + {cnt}) = {e.name}(({t}*)(np + 2048), ({t}*)(np + 0), ({t}*)(np + 1024), {n});", st]

        def check(raw, off=off, cnt=cnt):
            assert int(np.frombuffer(raw[cnt:cnt + 4], np.uint32)[0]) == k
            compare(t, from_bytes(t, raw[off:off + k * SIZE[t]]), packed, True)
    else:
        size = 128 + (k * SIZE[t] + 127) // 128 * 128
        st, off = b.store(2048, size)
        lines = [b.load(t, x, 0), b.load(t, idx, 1024),
                 f"{e.name}(({t}*)(np + 2048), ({t}*)(np + 0), ({t}*)(np + 1024), {n});", st]

        def check(raw, off=off, size=size):
            body = raw[off:off + size]
            assert int(np.frombuffer(body[:4], np.uint32)[0]) == k and not any(body[4:128])
            compare(t, from_bytes(t, body[128:128 + k * SIZE[t]]), packed, True)
            assert not any(body[128 + k * SIZE[t]:])
    b.add((e.name, ov.form, t), lines, check)


def case_pool(b: Batch, e, ov, sub, i):
    t = sub["T"]
    C, H, W = 8, 5, 7
    KH, KW, SW, SH = (3, 2, 2, 1) if ov.form == "pool" else (2, 3, 3, 2)
    x = b.values(t, H * W * C)
    want = to_type(t, e.semantics(x.reshape(H, W, C), KH, KW, SW, SH)).ravel()
    n = len(want)
    dst = 0 if i % 2 else 4096                               # in place (mlu-ops) or not
    args = f"{C}, {H}, {W}, {KH}, {KW}" + (f", {SW}, {SH}" if ov.form == "pool" else "")
    st, off = b.store(dst, n * SIZE[t])
    b.add((e.name, ov.form, t), [b.load(t, x, 0), f"{e.name}(({t}*)(np + {dst}), ({t}*)(np + 0), {args});", st],
          checker(t, off, n, want, e.exact))


def _tensor_inputs(b, s, shape):
    if is_int(s):
        return b.rng.integers(-20, 21, shape).astype(np.int64)
    return b.values(s, int(np.prod(shape)), (-2, 2)).reshape(shape)


def case_conv(b: Batch, e, ov, sub, i):
    s = sub["S"]
    d = sub.get("D", "float")
    ci, h, w, kh, kw, sw, sh, co = 4, 5, 6, 3, 2, 2, 1, 8
    x = _tensor_inputs(b, s, (h, w, ci))
    k = _tensor_inputs(b, s, (co, kh, kw, ci))
    pos = 0 if ov.form == "conv" else -3
    bias = b.values(d, co, (-2, 2)) if ov.form == "conv_bias" else None
    want = conv_semantics(x.astype(np.float64), k.astype(np.float64), bias, sw, sh, pos)
    want = _round_tensor(d, want.ravel())
    n = len(want)
    lines = [b.load(s, x.ravel(), 0), b.load(s, k.ravel(), 0, space="WRAM", base="wp")]
    bias_arg = ""
    if bias is not None:
        lines.append(b.load(d, bias, 8192))
        bias_arg = f"({d}*)(np + 8192), "
    tail = "" if ov.form == "conv" else f", {pos}"
    st, off = b.store(4096, n * SIZE[d])
    lines += [f"{e.name}(({d}*)(np + 4096), ({s}*)(np + 0), ({s}*)(wp + 0), {bias_arg}{ci}, {h}, {w}, {kh}, {kw}, "
              f"{sw}, {sh}, {co}{tail});", st]
    b.add((e.name, ov.form, d, s), lines, checker(d, off, n, want, is_int(d)))


def _round_tensor(d, exact):
    if is_int(d):
        info = np.iinfo(NUMPY[d])
        return np.clip(np.rint(exact), info.min, info.max).astype(np.int64)
    return round_fp(exact, d)


def case_mlp(b: Batch, e, ov, sub, i):
    s = sub["S"]
    d = sub.get("D", "float")
    height, width = 8, 24
    x = _tensor_inputs(b, s, (width,))
    f = _tensor_inputs(b, s, (height, width))
    pos = 0 if ov.form == "mlp" else 2
    bias = b.values(d, height, (-2, 2)) if ov.form == "mlp_bias" else None
    want = _round_tensor(d, mlp_semantics(x.astype(np.float64), f.astype(np.float64), bias, pos))
    lines = [b.load(s, x, 0), b.load(s, f.ravel(), 0, space="WRAM", base="wp")]
    st, off = b.store(4096, height * SIZE[d])
    if ov.form == "mlp":
        call = f"{e.name}((float*)(np + 4096), ({s}*)(np + 0), ({s}*)(wp + 0), {height}, {width});"
    elif ov.form == "mlp_fix":
        call = f"{e.name}(({d}*)(np + 4096), ({s}*)(np + 0), ({s}*)(wp + 0), {height}, {width}, {pos});"
    else:
        lines.append(b.load(d, bias, 8192))
        call = f"{e.name}(({d}*)(np + 4096), ({s}*)(np + 0), ({d}*)(np + 8192), ({s}*)(wp + 0), {height}, {width}, {pos});"
    b.add((e.name, ov.form, d, s), lines + [call, st], checker(d, off, height, want, is_int(d)))


def case_matmul(b: Batch, e, ov, sub, i):
    s = sub["S"]
    d = sub.get("D", "float")
    M, K, N = 4, 16, 8
    a = _tensor_inputs(b, s, (M, K))
    b_nk = _tensor_inputs(b, s, (N, K))
    pos = 0 if ov.form == "matmul" else -1
    c = b.values(d, M * N, (-2, 2)).reshape(M, N) if ov.form == "matmul_bias" else None
    want = _round_tensor(d, matmul_semantics(a.astype(np.float64), b_nk.astype(np.float64), c, pos).ravel())
    lines = [b.load(s, a.ravel(), 0), b.load(s, b_nk.ravel(), 0, space="WRAM", base="wp")]
    st, off = b.store(4096, M * N * SIZE[d])
    c_arg = ""
    if c is not None:
        lines.append(b.load(d, c.ravel(), 8192))
        c_arg = f"({d}*)(np + 8192), "
    tail = "" if ov.form == "matmul" else f", {pos}"
    lines += [f"{e.name}(({d}*)(np + 4096), ({s}*)(np + 0), ({s}*)(wp + 0), {c_arg}{M}, {K}, {N}{tail});", st]
    b.add((e.name, ov.form, d, s), lines, checker(d, off, M * N, want, is_int(d)))


def case_reshape_filter(b: Batch, e, ov, sub, i):
    t = sub["T"]
    c = 32 // SIZE[t]
    n = 64 * c
    x = b.values(t, n)
    st, off = b.store(8192, n * SIZE[t])
    b.add((e.name, ov.form, t), [b.load(t, x, 0), f"{e.name}(({t}*)(np + 8192), ({t}*)(np + 0), 64, 1, 1, {c});", st],
          checker(t, off, n, to_type(t, e.semantics(x)), True))


def case_transpose(b: Batch, e, ov, sub, i):
    t = sub["T"]
    H, W = 6, 10
    x = b.values(t, H * W)
    want = to_type(t, e.semantics(x.reshape(H, W)).ravel())
    st, off = b.store(1024, H * W * SIZE[t])
    b.add((e.name, ov.form, t), [b.load(t, x, 0), f"{e.name}(({t}*)(np + 1024), ({t}*)(np + 0), {H}, {W});", st],
          checker(t, off, H * W, want, True))


def _conversion_inputs(b, s, d, n, pos):
    """Random values, exact ties of the destination grid, and out-of-range values."""
    if is_int(s):
        lo, hi = INT_RANGE[s]
        return b.rng.integers(lo, hi + 1, n).astype(np.int64)
    third = n // 3
    rnd = b.values(s, third, (-300, 300))
    if is_int(d):
        ties = (b.rng.integers(-100, 100, third) + 0.5) * 2.0 ** pos
    else:
        base = round_fp(b.rng.uniform(-50, 50, third), d)
        up = np.where(base >= 0, np.nextafter(base.astype(np.float16), np.float16(np.inf)).astype(np.float64), base) \
            if d == "half" else base * (1 + 2 ** -7)
        ties = round_fp((base + round_fp(up, d)) / 2, s)
    big = b.rng.choice([-1e5, 1e5, -70000.0, 3e4], n - 2 * third)
    return round_fp(np.concatenate([rnd, ties, big]), s)


def case_convert(b: Batch, e, ov, sub, i):
    d, s = sub["D"], sub["S"]
    n = 48
    pos = {"convert_fix": (-1 if is_int(d) else 2)}.get(ov.form, 0)
    x = _conversion_inputs(b, s, d, n, pos)
    want = e.semantics(x, pos)
    want = want.astype(np.int64) if is_int(d) else want
    if ov.form == "convert_strided":
        per, segs, sst, dst_ = 16, 3, 24 * SIZE[s], 20 * SIZE[d]
        xs = np.zeros(segs * 24)
        for g in range(segs):
            xs[g * 24:g * 24 + per] = x[g * per:(g + 1) * per]
        init = np.zeros(segs * 20)
        st, off = b.store(4096, segs * 20 * SIZE[d])
        lines = [b.load(s, xs, 0), b.load(d, init, 4096),
                 f"{e.name}(({d}*)(np + 4096), ({s}*)(np + 0), {per}, {dst_}, {sst}, {segs - 1});", st]

        def check(raw, off=off):
            got = from_bytes(d, raw[off:off + segs * 20 * SIZE[d]]).reshape(segs, 20)
            compare(d, got[:, :per].ravel(), want[:segs * per], True)
            assert not got[:, per:].any()
        b.add((e.name, ov.form, d, s), lines, check)
        return
    tail = f", {pos}" if ov.form == "convert_fix" else ""
    st, off = b.store(4096, n * SIZE[d])
    b.add((e.name, ov.form, d, s), [b.load(s, x, 0), f"{e.name}(({d}*)(np + 4096), ({s}*)(np + 0), {n}{tail});", st],
          checker(d, off, n, want, True))


def case_scalar_convert(b: Batch, e, ov, sub, i):
    s = sub["S"]
    d = {"to_half": "half", "to_bf16": "bfloat16_t", "to_float": "float", "to_int": "int32_t"}[ov.form]
    n = 12
    x = _conversion_inputs(b, s if s != "int" else "int32_t", d, n, 0)
    src_t = "int32_t" if s == "int" else s
    want = e.semantics(x)
    want = want.astype(np.int64) if is_int(d) else want
    inp = b.input(to_bytes(src_t, x))
    off = b.output(n * SIZE[d])
    b.add((e.name, ov.form, d, s), [f"for (int i = 0; i < {n}; ++i) (({d}*)(out + {off}))[i] = "
                                    f"{e.name}((({s}*)(in + {inp}))[i]);"], checker(d, off, n, want, True))


def case_memcpy(b: Batch, e, ov, sub, i):
    rng = b.rng
    if ov.form == "memcpy":
        # every direction, in three chains that start and end in GDRAM
        data = rng.integers(-128, 128, 256).astype(np.int8)
        src = b.input(data.tobytes())
        o1, o2, o3, o4, o5 = (b.output(256) for _ in range(5))
        N0, N1, N2, W0, S0, S1, L0, L1 = "np + 0", "np + 512", "np + 1024", "wp + 0", "sp + 0", "sp + 512", "lp + 0", "lp + 512"
        chain = [(N0, f"in + {src}", "GDRAM2NRAM"), (N1, N0, "NRAM2NRAM"), (L0, N1, "NRAM2LDRAM"),
                 (L1, L0, "LDRAM2LDRAM"), (N2, L1, "LDRAM2NRAM"), (W0, N2, "NRAM2WRAM"), (N0, W0, "WRAM2NRAM"),
                 (S0, N0, "NRAM2SRAM"), (S1, S0, "SRAM2SRAM"), (N1, S1, "SRAM2NRAM"), (f"out + {o1}", N1, "NRAM2GDRAM"),
                 (W0, f"in + {src}", "GDRAM2WRAM"), (L0, W0, "WRAM2LDRAM"), (S0, L0, "LDRAM2SRAM"),
                 (W0, S0, "SRAM2WRAM"), (S1, W0, "WRAM2SRAM"), (L1, S1, "SRAM2LDRAM"), (W0, L1, "LDRAM2WRAM"),
                 (f"out + {o2}", W0, "WRAM2GDRAM"), (S0, f"in + {src}", "GDRAM2SRAM"), (f"out + {o3}", S0, "SRAM2GDRAM"),
                 (f"out + {o4}", f"out + {o3}", "GDRAM2GDRAM"), (L0, f"out + {o4}", "GDRAM2LDRAM"),
                 (f"out + {o5}", L0, "LDRAM2GDRAM")]
        lines = [f"{e.name}({d}, {s_}, 256, {dir_});" for d, s_, dir_ in chain]
        b.add((e.name, ov.form), lines, lambda raw, outs=(o1, o2, o3, o4, o5): [
            np.testing.assert_array_equal(np.frombuffer(raw[o:o + 256], np.int8), data) for o in outs])
    elif ov.form == "memcpy_2d":
        src = rng.integers(-128, 128, 40 * 16).astype(np.int8)
        init = rng.integers(-128, 128, 2048).astype(np.int8)
        so = b.input(src.tobytes())
        lines = [f"__memcpy(np + 0, in + {b.input(init.tobytes())}, 2048, GDRAM2NRAM);",
                 f"{e.name}(np + 0, in + {so}, 12, GDRAM2NRAM, 20, 40, 9);",          # gather 10 rows of 12 bytes
                 f"{e.name}(np + 512, in + {so} + 8, 16, GDRAM2NRAM, 16, 0, 5);"]      # broadcast one row 6 times
        want = memcpy_2d_semantics(init, src, 12, 20, 40, 9)
        want[512:] = memcpy_2d_semantics(want[512:], src[8:], 16, 16, 0, 5)
        o = b.output(2048)
        out_init = rng.integers(-128, 128, 256).astype(np.int8)
        o2 = b.output(256)
        lines += [f"__memcpy(out + {o}, np + 0, 2048, NRAM2GDRAM);",
                  f"__memcpy(out + {o2}, in + {b.input(out_init.tobytes())}, 256, GDRAM2GDRAM);",
                  f"{e.name}(out + {o2}, np + 100, 8, NRAM2GDRAM, 24, -12, 7);"]   # scatter, negative source stride
        want2 = out_init.copy()
        for r in range(8):
            want2[24 * r:24 * r + 8] = want[100 - 12 * r:108 - 12 * r]
        b.add((e.name, ov.form), lines,
              lambda raw, o=o, o2=o2: (np.testing.assert_array_equal(np.frombuffer(raw[o:o + 2048], np.int8), want),
                                       np.testing.assert_array_equal(np.frombuffer(raw[o2:o2 + 256], np.int8), want2)))
    else:
        src = rng.integers(-128, 128, 256).astype(np.int8)
        init = rng.integers(-128, 128, 128).astype(np.int8)
        args = (8, 8, 5, 48, 1, 16, 2, 64, 3)        # size, dst (stride0, segnum1, stride1, segnum2), src (...)
        want = memcpy_3d_semantics(init, src, *args)
        o = b.output(128)
        b.add((e.name, ov.form), [f"__memcpy(np + 0, in + {b.input(init.tobytes())}, 128, GDRAM2NRAM);",
                                  f"{e.name}(np + 0, in + {b.input(src.tobytes())}, 8, GDRAM2NRAM, "
                                  + ", ".join(map(str, args[1:])) + ");",
                                  f"__memcpy(out + {o}, np + 0, 128, NRAM2GDRAM);"],
              lambda raw, o=o: np.testing.assert_array_equal(np.frombuffer(raw[o:o + 128], np.int8), want))


def case_move(b: Batch, e, ov, sub, i):
    data = b.rng.integers(-128, 128, 256).astype(np.int8)
    o = b.output(256)
    lines = [f"__memcpy(np + 0, in + {b.input(data.tobytes())}, 256, GDRAM2NRAM);"]
    want = data.copy()
    if ov.form == "move":
        lines.append(f"{e.name}(np + 16, np + 0, 200);")                          # overlapping: memmove semantics
        want[16:216] = data[0:200]
    else:
        lines.append(f"{e.name}(np + 128, np + 0, 8, 16, 24, 3);")
        moved = memcpy_2d_semantics(np.zeros(128, np.int8), data, 8, 16, 24, 3)
        for r in range(4):
            want[128 + 16 * r:128 + 16 * r + 8] = moved[16 * r:16 * r + 8]
    lines.append(f"__memcpy(out + {o}, np + 0, 256, NRAM2GDRAM);")
    b.add((e.name, ov.form), lines, lambda raw, o=o: np.testing.assert_array_equal(np.frombuffer(raw[o:o + 256], np.int8),
                                                                                   want))


FILL_VALUES = {"char": -7, "signed char": -100, "unsigned char": 200, "short": -1234, "unsigned short": 60000,
               "int": -123456, "unsigned int": 4000000000, "half": 1.5, "float": -2.25, "bfloat16_t": 3.5,
               "int16_t": -42, "int32_t": 77777, "int8_t": -3}


def case_fill(b: Batch, e, ov, sub, i):
    t = sub.get("V") or sub["T"]
    n = 37
    v = FILL_VALUES[t]
    size = n * SIZE[t] + 8
    guard = b.rng.integers(-128, 128, size).astype(np.int8)
    space = e.op
    base = {"nram": "np", "sram": "sp", "ldram": "lp"}.get(space)
    o = b.output(size)
    if space == "gdram":
        lines = [f"__memcpy(out + {o}, in + {b.input(guard.tobytes())}, {size}, GDRAM2GDRAM);",
                 f"{e.name}(({'void' if ov.form == 'fill' else t}*)(out + {o}), {n}, {literal(t, v)});"]
    else:
        up = {"nram": "NRAM", "sram": "SRAM", "ldram": "LDRAM"}[space]
        lines = [f"__memcpy({base} + 0, in + {b.input(guard.tobytes())}, {size}, GDRAM2{up});",
                 f"{e.name}(({'void' if ov.form == 'fill' else t}*)({base} + 0), {n}, {literal(t, v)});",
                 f"__memcpy(out + {o}, {base} + 0, {size}, {up}2GDRAM);"]
    want = guard.copy()
    want[:n * SIZE[t]] = np.frombuffer(to_bytes(t, np.full(n, v)), np.int8)
    b.add((e.name, ov.form, t), lines,
          lambda raw, o=o, size=size, want=want: np.testing.assert_array_equal(np.frombuffer(raw[o:o + size], np.int8), want))


def case_write_zero(b: Batch, e, ov, sub, i):
    t = sub["T"]
    n = 29
    size = n * SIZE[t] + 8
    guard = b.rng.integers(1, 128, size).astype(np.int8)
    o = b.output(size)
    want = guard.copy()
    want[:n * SIZE[t]] = 0
    b.add((e.name, ov.form, t), [f"__memcpy(np + 0, in + {b.input(guard.tobytes())}, {size}, GDRAM2NRAM);",
                                 f"{e.name}(({t}*)(np + 0), {n});", f"__memcpy(out + {o}, np + 0, {size}, NRAM2GDRAM);"],
          lambda raw, o=o, size=size, want=want: np.testing.assert_array_equal(np.frombuffer(raw[o:o + size], np.int8), want))


def case_sync(b: Batch, e, ov, sub, i):
    o = b.output(4)
    call = f"{e.name}();" if ov.form != "fence_pipes" else f"{e.name}(); {e.name}(true, false, true, false, true, false);"
    b.add((e.name, ov.form), [call, f"*(int*)(out + {o}) = 7;"],
          lambda raw, o=o: np.testing.assert_equal(int(np.frombuffer(raw[o:o + 4], np.int32)[0]), 7))


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
         "move": case_move, "move_strided": case_move, "fill": case_fill, "fill_typed": case_fill,
         "write_zero": case_write_zero, "barrier": case_sync, "fence": case_sync, "fence_pipes": case_sync}

GROUPS = {
    "elementwise": ("elementwise", "compare", "logic"),
    "cycle_fusion_reduction": ("cycle", "fusion", "reduction", "pooling"),
    "activation_conversion": ("activation", "conversion", "scalar_conversion"),
    "tensor_movement_sync": ("tensor", "movement", "sync"),
}


def build(group: str, rng, arch="mtp_592") -> tuple[Batch, set]:
    b = Batch(rng, arch)
    expected = set()
    for e in INTRINSICS.values():
        if e.family not in GROUPS[group] or not available(e.arch, b.arch):
            continue
        if not b.arch.sram_kb and (e.name == "__sramset" or e.name.startswith("__memcpy")):
            continue
        for ov in e.overloads:
            for i, sub in enumerate(ov.types):
                if not type_available(ov, sub, b.arch):
                    continue
                before = set(b.covered)
                CASES[ov.form](b, e, ov, sub, i)
                assert b.covered - before, (e.name, ov.form, sub)
                expected.add((e.name, ov.form, tuple(sorted(sub.items()))))
    return b, expected


@pytest.mark.parametrize("group", list(GROUPS))
def test_engine_matches_table(group, rng):
    batch, _ = build(group, rng)
    batch.run()


def test_every_table_entry_is_exercised():
    forms = set()
    for e in INTRINSICS.values():
        for ov in e.overloads:
            if ov.form in ("builtin", "printf", "host"):
                continue
            assert ov.form in CASES, f"no test recipe for form {ov.form} ({e.name})"
            assert e.family in {f for fams in GROUPS.values() for f in fams}, e.family
            forms.add(ov.form)
    assert forms <= set(CASES)


@pytest.mark.parametrize("group", list(GROUPS))
def test_engine_matches_table_on_mtp_372(group, rng):
    """The same calls compiled for mtp_372: no bfloat16 vector forms, no 4-argument __bang_div."""
    batch, _ = build(group, rng, arch="mtp_372")
    assert not any(key[0] == "__bang_div" and key[1] in ("binary", "scalar") for key in batch.covered)
    if group == "elementwise":
        assert not any("bfloat16_t" in key for key in batch.covered)
    batch.run()
