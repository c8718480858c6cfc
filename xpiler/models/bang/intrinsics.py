"""The BANG C intrinsic table: the single description of every intrinsic the CPU engine emulates.

For each intrinsic: its family, its overloads (C signature patterns and the element types each
exists for), the architectures that have it, its documented constraints, and its semantics as a
NumPy function. Everything else derives from this table:

* `intrinsic_names()` (so the loader rejects unknown `__bang_*` names with the closest real one),
* the C++ declarations the engine compiles against (`generate_header(arch)`: one typed inline
  overload per signature, forwarding the call site to the engine runtime, and a compile-time error
  naming the architecture for intrinsics the selected architecture lacks), and
* tests/test_bang_intrinsics.py, which generates kernels that call every overload on random data
  and compares the engine with the NumPy semantics here.

Facts come from /work/shared/reference/bang.md (sections 3 and 4); where that reference marks a
detail as inferred, the choice made here is stated in `note`.

NumPy semantics take float64 (or int64) arrays holding the exact input values and return exact
results; the caller rounds them to the element type (round to nearest even unless the entry's
`rounding` says otherwise), which is what the engine does.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arch import Arch, available, describe_availability

# ---------------------------------------------------------------------------------------------
# element types

DTYPE = {"half": "DT_HALF", "float": "DT_FLOAT", "bfloat16_t": "DT_BF16", "char": "DT_I8", "signed char": "DT_I8",
         "int8_t": "DT_I8", "uint8_t": "DT_U8", "unsigned char": "DT_U8", "int16_t": "DT_I16", "short": "DT_I16",
         "uint16_t": "DT_U16", "unsigned short": "DT_U16", "int32_t": "DT_I32", "int": "DT_I32",
         "uint32_t": "DT_U32", "unsigned int": "DT_U32"}
NUMPY = {"half": "float16", "float": "float32", "bfloat16_t": "bfloat16", "char": "int8", "signed char": "int8",
         "int8_t": "int8", "uint8_t": "uint8", "unsigned char": "uint8", "int16_t": "int16", "short": "int16",
         "uint16_t": "uint16", "unsigned short": "uint16", "int32_t": "int32", "int": "int32", "uint32_t": "uint32",
         "unsigned int": "uint32"}
SIZE = {t: (2 if n in ("float16", "bfloat16") else np.dtype(n).itemsize) for t, n in NUMPY.items()}
BF16_ARCH = ">=500"          # bfloat16 vector forms exist from (m)tp_5xx on
INT_ARITH_ARCH = ">=300"     # integer add/sub/maxequal/cycle forms exist from (m)tp_3xx on

FLOATS = ("half", "float", "bfloat16_t")
HF = ("half", "float")
SINTS = ("int8_t", "int16_t", "int32_t")
ALL_INTS = ("int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t")


def is_int(ctype: str) -> bool:
    return ctype not in FLOATS


# ---------------------------------------------------------------------------------------------
# overload forms: C++ parameter patterns and the engine call each one makes

@dataclass(frozen=True)
class Form:
    ret: str
    params: str
    body: str


B = "::xpiler::bang::"
FORMS: dict[str, Form] = {
    "unary": Form("void", "{T}* dst, const {T}* src, unsigned int n", B + "ew_unary(s, {OP}, {DT}, {DT}, dst, src, n);"),
    "unary_widen": Form("void", "{D}* dst, const {S}* src, unsigned int n",
                        B + "ew_unary(s, {OP}, {DD}, {DS}, dst, src, n);"),
    "binary": Form("void", "{T}* dst, const {T}* src0, const {T}* src1, unsigned int n",
                   B + "ew_binary(s, {OP}, {DT}, dst, src0, src1, n);"),
    "scalar": Form("void", "{T}* dst, const {T}* src, {T} value, unsigned int n",
                   B + "ew_scalar(s, {OP}, {DT}, dst, src, &value, n);"),
    "cycle": Form("void", "{T}* dst, const {T}* src, const {T}* seg, unsigned int src_n, unsigned int seg_n",
                  B + "ew_cycle(s, {OP}, {DT}, dst, src, seg, src_n, seg_n);"),
    "distance": Form("void", "{T}* dst, const {T}* src, unsigned int distance, unsigned int n",
                     B + "ew_distance(s, {OP}, {DT}, dst, src, distance, n);"),
    "div_work": Form("void", "{T}* dst, const {T}* src0, const {T}* src1, {T}* work, unsigned int n",
                     B + "div_work(s, {DT}, dst, src0, src1, work, n);"),
    "fusion_vv": Form("void", "mluFusionOpCode op, {T}* dst, const {T}* src0, const {T}* src1, const {T}* src2, "
                      "unsigned int n", B + "fusion(s, (int)op, {DT}, dst, src0, src1, true, src2, true, n, 0);"),
    "fusion_sv": Form("void", "mluFusionOpCode op, {T}* dst, const {T}* src0, {T} src1, const {T}* src2, unsigned int n",
                      B + "fusion(s, (int)op, {DT}, dst, src0, &src1, false, src2, true, n, 0);"),
    "fusion_vs": Form("void", "mluFusionOpCode op, {T}* dst, const {T}* src0, const {T}* src1, {T} src2, unsigned int n",
                      B + "fusion(s, (int)op, {DT}, dst, src0, src1, true, &src2, false, n, 0);"),
    "fusion_ss": Form("void", "mluFusionOpCode op, {T}* dst, const {T}* src0, {T} src1, {T} src2, unsigned int n",
                      B + "fusion(s, (int)op, {DT}, dst, src0, &src1, false, &src2, false, n, 0);"),
    "fusion_seg": Form("void", "mluFusionOpCode op, {T}* dst, const {T}* src0, const {T}* src1, const {T}* src2, "
                       "unsigned int n, unsigned int seg_n",
                       B + "fusion(s, (int)op, {DT}, dst, src0, src1, true, src2, true, n, seg_n);"),
    "reduce_sum": Form("void", "{T}* dst, const {T}* src, unsigned int n", B + "reduce_sum(s, {DT}, dst, src, n);"),
    "sum": Form("{T}", "const {T}* src, unsigned int n", "{T} r; " + B + "sum(s, {DT}, src, n, &r); return r;"),
    "argext": Form("void", "{T}* dst, const {T}* src, unsigned int n", B + "arg_extreme(s, {OP}, {DT}, dst, src, n);"),
    "count": Form("unsigned int", "const {T}* src, unsigned int n", "return " + B + "count(s, {DT}, src, n);"),
    "find1": Form("unsigned int", "const {T}* src, unsigned int n", "return " + B + "find1(s, {OP}, {DT}, src, n);"),
    "filter": Form("unsigned int", "{T}* dst, const {T}* src, const {T}* index, unsigned int n",
                   "return " + B + "filter(s, false, {DT}, dst, src, index, n);"),
    "select": Form("void", "{T}* dst, const {T}* src, const {T}* index, unsigned int n",
                   B + "filter(s, true, {DT}, dst, src, index, n);"),
    "pool": Form("void", "{T}* dst, const {T}* src, unsigned int channel, unsigned int height, unsigned int width, "
                 "unsigned int kernel_height, unsigned int kernel_width, unsigned int stride_width, "
                 "unsigned int stride_height",
                 B + "pool(s, {OP}, {DT}, dst, src, channel, height, width, kernel_height, kernel_width, stride_width, "
                 "stride_height);"),
    "pool_nostride": Form("void", "{T}* dst, const {T}* src, unsigned int channel, unsigned int height, "
                          "unsigned int width, unsigned int kernel_height, unsigned int kernel_width",
                          B + "pool(s, {OP}, {DT}, dst, src, channel, height, width, kernel_height, kernel_width, "
                          "kernel_width, kernel_height);"),
    "conv": Form("void", "float* dst, const {S}* src, const {S}* kernel, unsigned int ci, unsigned int h, "
                 "unsigned int w, unsigned int kh, unsigned int kw, unsigned int sw, unsigned int sh, unsigned int co",
                 B + "conv(s, ::xpiler::bang::DT_FLOAT, {DS}, {DS}, dst, src, kernel, nullptr, ci, h, w, kh, kw, sw, sh, "
                 "co, 0);"),
    "conv_fix": Form("void", "{D}* dst, const {S}* src, const {S}* kernel, unsigned int ci, unsigned int h, "
                     "unsigned int w, unsigned int kh, unsigned int kw, unsigned int sw, unsigned int sh, "
                     "unsigned int co, int fix_position",
                     B + "conv(s, {DD}, {DS}, {DS}, dst, src, kernel, nullptr, ci, h, w, kh, kw, sw, sh, co, "
                     "fix_position);"),
    "conv_bias": Form("void", "{D}* dst, const {S}* src, const {S}* kernel, const {D}* bias, unsigned int ci, "
                      "unsigned int h, unsigned int w, unsigned int kh, unsigned int kw, unsigned int sw, "
                      "unsigned int sh, unsigned int co, int fix_position",
                      B + "conv(s, {DD}, {DS}, {DS}, dst, src, kernel, bias, ci, h, w, kh, kw, sw, sh, co, "
                      "fix_position);"),
    "mlp": Form("void", "float* dst, const {S}* src, const {S}* filter, int height, int width",
                B + "mlp(s, ::xpiler::bang::DT_FLOAT, {DS}, {DS}, dst, src, nullptr, filter, height, width, 0);"),
    "mlp_fix": Form("void", "{D}* dst, const {S}* src, const {S}* filter, unsigned int height, unsigned int width, "
                    "int fix_position",
                    B + "mlp(s, {DD}, {DS}, {DS}, dst, src, nullptr, filter, height, width, fix_position);"),
    "mlp_bias": Form("void", "{D}* dst, const {S}* src, const {D}* bias, const {S}* filter, unsigned int height, "
                     "unsigned int width, int fix_position",
                     B + "mlp(s, {DD}, {DS}, {DS}, dst, src, bias, filter, height, width, fix_position);"),
    "matmul": Form("void", "float* dst, const {S}* A, const {S}* B, unsigned int M, unsigned int K, unsigned int N",
                   B + "matmul(s, ::xpiler::bang::DT_FLOAT, {DS}, {DS}, dst, A, B, nullptr, M, K, N, 0);"),
    "matmul_fix": Form("void", "{D}* dst, const {S}* A, const {S}* B, unsigned int M, unsigned int K, unsigned int N, "
                       "int fix_position", B + "matmul(s, {DD}, {DS}, {DS}, dst, A, B, nullptr, M, K, N, fix_position);"),
    "matmul_bias": Form("void", "{D}* dst, const {S}* A, const {S}* B, const {D}* C, unsigned int M, unsigned int K, "
                        "unsigned int N, int fix_position",
                        B + "matmul(s, {DD}, {DS}, {DS}, dst, A, B, C, M, K, N, fix_position);"),
    "reshape_filter": Form("void", "{T}* dst, const {T}* src, unsigned int n, unsigned int h, unsigned int w, "
                           "unsigned int c", B + "reshape_filter(s, {DT}, dst, src, n, h, w, c);"),
    "transpose": Form("void", "{T}* dst, const {T}* src, unsigned int height, unsigned int width",
                      B + "transpose(s, sizeof({T}), dst, src, height, width);"),
    "convert": Form("void", "{D}* dst, const {S}* src, unsigned int n",
                    B + "convert(s, {DD}, {DS}, {OP}, dst, src, n, 0, false, 0, 0, 0);"),
    "convert_strided": Form("void", "{D}* dst, const {S}* src, unsigned int n, unsigned int dst_stride, "
                            "unsigned int src_stride, unsigned int segnum",
                            B + "convert(s, {DD}, {DS}, {OP}, dst, src, n, 0, true, dst_stride, src_stride, segnum);"),
    "convert_fix": Form("void", "{D}* dst, const {S}* src, unsigned int n, int fix_position",
                        B + "convert(s, {DD}, {DS}, {OP}, dst, src, n, fix_position, false, 0, 0, 0);"),
    "to_half": Form("half", "{S} value",
                    "(void)s; return half(::xpiler::raw_bits_t{}, " + B + "float_to_half_bits((float)value, {OP}));"),
    "to_bf16": Form("bfloat16_t", "{S} value",
                    "(void)s; return bfloat16_t(::xpiler::raw_bits_t{}, " + B + "float_to_bf16_bits((float)value, {OP}));"),
    "to_float": Form("float", "{S} value", "(void)s; return " + B + "round_to_float((double)value, {OP});"),
    "to_int": Form("int", "{S} value",
                   "(void)s; return (int)" + B + "float_to_int((double)(float)value, {OP}, -2147483647 - 1, 2147483647);"),
    "memcpy": Form("void", "void* dst, const void* src, unsigned int size, mluMemcpyDirection_t dir",
                   B + "memcpy_1d(s, dst, src, size, (int)dir);"),
    "memcpy_2d": Form("void", "void* dst, const void* src, unsigned int size, mluMemcpyDirection_t dir, "
                      "unsigned int dst_stride, int src_stride, unsigned int segnum",
                      B + "memcpy_2d(s, dst, src, size, (int)dir, dst_stride, src_stride, segnum);"),
    "memcpy_3d": Form("void", "void* dst, const void* src, unsigned int size, mluMemcpyDirection_t dir, "
                      "int dst_stride0, int dst_segnum1, int dst_stride1, int dst_segnum2, int src_stride0, "
                      "int src_segnum1, int src_stride1, int src_segnum2",
                      B + "memcpy_3d(s, dst, src, size, (int)dir, dst_stride0, dst_segnum1, dst_stride1, dst_segnum2, "
                      "src_stride0, src_segnum1, src_stride1, src_segnum2);"),
    "fill": Form("void", "void* dst, unsigned int n, {V} value",
                 B + "fill(s, ::xpiler::bang::Space::{OP}, dst, n, &value, sizeof(value));"),
    "fill_typed": Form("void", "{T}* dst, unsigned int n, {T} value",
                       B + "fill(s, ::xpiler::bang::Space::{OP}, dst, n, &value, sizeof(value));"),
    "write_zero": Form("void", "{T}* dst, unsigned int n",
                       "const {T} zero{}; " + B + "fill(s, ::xpiler::bang::Space::nram, dst, n, &zero, sizeof(zero));"),
    "move": Form("void", "void* dst, const void* src, unsigned int size",
                 B + "move(s, dst, src, size, false, 0, 0, 0);"),
    "move_strided": Form("void", "void* dst, const void* src, unsigned int size, unsigned int dst_stride, "
                         "unsigned int src_stride, unsigned int segnum",
                         B + "move(s, dst, src, size, true, dst_stride, src_stride, segnum);"),
    "barrier": Form("void", "", B + "barrier(s, ::xpiler::bang::Barrier::{OP});"),
    "fence": Form("void", "", "(void)s;"),
    "fence_pipes": Form("void", "bool io_producer = true, bool move_producer = true, bool compute_producer = true, "
                        "bool io_consumer = true, bool move_consumer = true, bool compute_consumer = true",
                        "(void)s; (void)io_producer; (void)move_producer; (void)compute_producer; (void)io_consumer; "
                        "(void)move_consumer; (void)compute_consumer;"),
}
# Forms implemented by hand in the engine headers (no generated overloads).
HANDWRITTEN = {"builtin", "printf", "host"}


@dataclass(frozen=True)
class Overload:
    form: str
    types: tuple = ({},)           # placeholder substitutions: {"T": "float"}, {"D": "float", "S": "int8_t"}
    arch: str = "all"              # availability of this overload group


@dataclass(frozen=True)
class Intrinsic:
    name: str
    family: str
    overloads: tuple
    semantics: object = None       # NumPy function (see the family's calling convention in the tests)
    constraints: str = ""
    arch: str = "all"
    op: str = ""                   # engine operation code
    deprecated: str = ""           # the current replacement, if deprecated
    rounding: str = "rn"           # rounding of results to the element type
    exact: bool = True             # the engine's results equal the rounded NumPy results exactly
    domain: tuple = (-4.0, 4.0)    # input range used when testing
    note: str = ""

    def signatures(self, arch: Arch | None = None) -> list[str]:
        """C signatures (all architectures, or those of `arch`)."""
        out = []
        for ov in self.overloads:
            if ov.form in HANDWRITTEN:
                continue
            form = FORMS[ov.form]
            for sub in ov.types:
                if arch is not None and not type_available(ov, sub, arch):
                    continue
                ret = _fill(form.ret, sub, self.op)
                out.append(f"{ret} {self.name}({_fill(form.params, sub, self.op)})")
        return out

    def availability(self) -> str:
        return describe_availability(self.arch)


def type_available(ov: Overload, sub: dict, arch: Arch) -> bool:
    if not available(ov.arch, arch):
        return False
    if "bfloat16_t" in sub.values() and not available(sub.get("@", BF16_ARCH), arch):
        return False
    if "@" in sub and not available(sub["@"], arch):
        return False
    return True


def _unavailable_tag(spec: str, arch: Arch) -> str:
    words = []
    for term in spec.split():
        if term == "all":
            continue
        for sym, word in ((">=", "ge_"), ("<=", "le_"), ("==", "eq_"), (">", "gt_"), ("<", "lt_"), ("!", "not_")):
            if term.startswith(sym):
                words.append(word + term[len(sym):])
                break
    return f"not_on_{arch.name}_needs_bang_arch_" + "_and_".join(words)


def _overload_spec(ov: Overload, sub: dict) -> str:
    spec = ov.arch
    if "bfloat16_t" in sub.values():
        spec += " " + sub.get("@", BF16_ARCH)
    elif "@" in sub:
        spec += " " + sub["@"]
    return spec


def _fill(text: str, sub: dict, op: str) -> str:
    out = text.replace("{OP}", op)
    for key, ctype in sub.items():
        if key == "@":
            continue
        out = out.replace("{" + key + "}", ctype)
        out = out.replace("{D" + key + "}", "::xpiler::bang::" + DTYPE[ctype]) if ctype in DTYPE else out
    return out


def T(*types, arch: str | None = None) -> tuple:
    return tuple(({"T": t, "@": arch} if arch else {"T": t}) for t in types)


def DS(*pairs, arch: str | None = None) -> tuple:
    return tuple(({"D": d, "S": s, "@": arch} if arch else {"D": d, "S": s}) for d, s in pairs)


def V(*types) -> tuple:
    return tuple({"V": t} for t in types)


# ---------------------------------------------------------------------------------------------
# NumPy semantics helpers

def _nan_any(*xs):
    m = np.zeros(np.shape(xs[0]), dtype=bool)
    for x in xs:
        if np.issubdtype(np.asarray(x).dtype, np.floating):
            m |= np.isnan(x)
    return m


def _cmp(fn):
    def f(a, b):
        return np.where(_nan_any(a, b), 0, fn(a, b)).astype(np.asarray(a).dtype)
    return f


def _int_div(a, b):
    if np.issubdtype(np.asarray(a).dtype, np.integer):
        q = np.abs(a) // np.abs(b)
        return np.where((a < 0) != (b < 0), -q, q)
    return a / b


def _maxequal(a, b):
    return np.where(_nan_any(a, b), a, np.where(a >= b, a, b))


def _minequal(a, b):
    return np.where(_nan_any(a, b), a, np.where(a <= b, a, b))


def _round_half_away(x):
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def _gelu(x):
    from math import erf, sqrt
    return np.array([0.5 * v * (1.0 + erf(v / sqrt(2.0))) for v in np.ravel(x)]).reshape(np.shape(x))


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _logical(fn):
    def f(a, b):
        return fn(a != 0, b != 0).astype(np.asarray(a).dtype)
    return f


def reduce_sum_semantics(x, lanes):
    """dst[j*lanes] = sum of 128-byte block j; the other dst lanes keep their values."""
    return x.reshape(-1, lanes).sum(axis=1)


def pool_semantics(op):
    def f(x, KH, KW, SW, SH):
        H, W, C = x.shape
        Ho, Wo = (H - KH) // SH + 1, (W - KW) // SW + 1
        out = np.empty((Ho, Wo, C), dtype=np.float64)
        for oh in range(Ho):
            for ow in range(Wo):
                win = x[oh * SH:oh * SH + KH, ow * SW:ow * SW + KW, :].reshape(-1, C)
                out[oh, ow] = {"sum": win.sum(0), "max": win.max(0), "min": win.min(0),
                               "avg": win.sum(0) / (KH * KW)}[op]
        return out
    return f


def conv_semantics(x, k, bias, SW, SH, pos):
    """x [H][W][Ci], k [Co][KH][KW][Ci] -> [Ho][Wo][Co], times 2^pos, plus bias[co]."""
    H, W, Ci = x.shape
    Co, KH, KW, _ = k.shape
    Ho, Wo = (H - KH) // SH + 1, (W - KW) // SW + 1
    out = np.zeros((Ho, Wo, Co))
    for oh in range(Ho):
        for ow in range(Wo):
            win = x[oh * SH:oh * SH + KH, ow * SW:ow * SW + KW, :]
            out[oh, ow] = np.einsum("hwc,ohwc->o", win, k)
    out *= 2.0 ** pos
    return out + (0 if bias is None else bias)


def mlp_semantics(x, f, bias, pos):
    """x [width], f [height][width] -> [height]."""
    out = (f @ x) * 2.0 ** pos
    return out + (0 if bias is None else bias)


def matmul_semantics(a, b_nk, c, pos):
    """A [M][K], B stored [N][K] (documented WRAM layout) -> [M][N], times 2^pos, plus C."""
    out = (a @ b_nk.T) * 2.0 ** pos
    return out + (0 if c is None else c)


def transpose_semantics(x):
    return x.T


def filter_semantics(x, idx):
    return x[idx != 0]


def argext_semantics(is_max):
    def f(x):
        i = int(np.nanargmax(x) if is_max else np.nanargmin(x))
        return x[i], i
    return f


def find1_semantics(last):
    def f(x):
        nz = np.flatnonzero(x)
        if not len(nz):
            return 0xFFFFFFFF
        return int(nz[-1] if last else nz[0])
    return f


def memcpy_2d_semantics(dst, src, size, dst_stride, src_stride, segnum):
    """Byte arrays; returns the new dst."""
    out = dst.copy()
    for r in range(segnum + 1):
        out[r * dst_stride:r * dst_stride + size] = src[r * src_stride:r * src_stride + size]
    return out


def memcpy_3d_semantics(dst, src, size, ds0, dn1, ds1, dn2, ss0, sn1, ss1, sn2):
    out = dst.copy()
    k = 0
    for j in range(sn2 + 1):
        for i in range(sn1 + 1):
            d = (k // (dn1 + 1)) * ds1 + (k % (dn1 + 1)) * ds0
            s = j * ss1 + i * ss0
            out[d:d + size] = src[s:s + size]
            k += 1
    return out


# ---------------------------------------------------------------------------------------------
# rounding to an element type with a rounding mode (conversions, add_tz)

ROUNDINGS = {"rn": "R_RN", "tz": "R_TZ", "oz": "R_OZ", "up": "R_UP", "dn": "R_DN", "rd": "R_RD", "rm": "R_RM"}


def round_int(x, mode):
    x = np.asarray(x, dtype=np.float64)
    return {"rn": np.rint, "tz": np.trunc, "up": np.ceil, "dn": np.floor,
            "oz": lambda v: np.where(v > 0, np.ceil(v), np.floor(v)),
            "rd": _round_half_away, "rm": lambda v: np.floor(v + 0.5)}[mode](x)


def _bf16_value(x32):
    from ...dtypes import bf16_bits_to_float, float_to_bf16_bits
    return bf16_bits_to_float(float_to_bf16_bits(np.asarray(x32, dtype=np.float32))).astype(np.float64)


def _grid_neighbours(v, ctype):
    """Representable values next above and below v (v itself representable)."""
    if ctype == "half":
        h = v.astype(np.float16)
        return (np.nextafter(h, np.float16(np.inf)).astype(np.float64),
                np.nextafter(h, np.float16(-np.inf)).astype(np.float64))
    if ctype == "float":
        f = v.astype(np.float32)
        return (np.nextafter(f, np.float32(np.inf)).astype(np.float64),
                np.nextafter(f, np.float32(-np.inf)).astype(np.float64))
    # bfloat16: step the bits
    from ...dtypes import bf16_bits_to_float, float_to_bf16_bits
    bits = float_to_bf16_bits(v.astype(np.float32)).astype(np.int32)
    neg = (bits & 0x8000) != 0
    zero = (bits & 0x7FFF) == 0
    up = np.where(zero, 1, np.where(neg, bits - 1, bits + 1))
    down = np.where(zero, 0x8001, np.where(neg, bits + 1, bits - 1))
    return (bf16_bits_to_float(up.astype(np.uint16)).astype(np.float64),
            bf16_bits_to_float(down.astype(np.uint16)).astype(np.float64))


def round_fp(x, ctype, mode="rn"):
    """Round float64 values to the floating element type `ctype` with a rounding mode."""
    x = np.asarray(x, dtype=np.float64)
    if ctype == "half":
        with np.errstate(over="ignore"):
            rn = x.astype(np.float32).astype(np.float16).astype(np.float64)
    elif ctype == "float":
        rn = x.astype(np.float32).astype(np.float64)
    else:
        rn = _bf16_value(x.astype(np.float32))
    if mode == "rn":
        return rn
    up, down = _grid_neighbours(rn, ctype)
    hi = np.where(rn >= x, rn, up)
    lo = np.where(rn <= x, rn, down)
    exact = rn == x
    dl, du = x - lo, hi - x
    nearest = np.where(dl < du, lo, np.where(du < dl, hi, np.nan))
    tie = dl == du
    overflow = ~np.isfinite(lo) | ~np.isfinite(hi)       # beyond the largest finite value: as IEEE rounds
    choice = {"tz": np.where(x > 0, lo, hi), "oz": np.where(x > 0, hi, lo), "up": hi, "dn": lo,
              "rd": np.where(overflow, rn, np.where(tie, np.where(x > 0, hi, lo), nearest)),
              "rm": np.where(overflow, rn, np.where(tie, hi, nearest))}[mode]
    return np.where(exact | ~np.isfinite(x), rn, choice)


def convert_semantics(src_type, dst_type, mode):
    def f(x, pos=0):
        x = np.asarray(x, dtype=np.float64)
        if is_int(dst_type):
            info = np.iinfo(NUMPY[dst_type])
            q = round_int(x if is_int(src_type) else x / 2.0 ** pos, mode)
            return np.clip(q, info.min, info.max)
        return round_fp(x * 2.0 ** pos if is_int(src_type) else x, dst_type, mode)
    return f


# ---------------------------------------------------------------------------------------------
# the table

INTRINSICS: dict[str, Intrinsic] = {}


def add(entry: Intrinsic) -> None:
    assert entry.name not in INTRINSICS, entry.name
    INTRINSICS[entry.name] = entry


ARITH = (Overload("binary", T(*FLOATS)), Overload("binary", T(*SINTS), arch=INT_ARITH_ARCH))
ALIAS_OK = "n > 0; all operands in NRAM; dst may be the same buffer as a source."

# ----- 4.1 element-wise arithmetic
for _name, _op, _fn in [("add", "B_ADD", np.add), ("sub", "B_SUB", np.subtract), ("mul", "B_MUL", np.multiply)]:
    add(Intrinsic(f"__bang_{_name}", "elementwise", ARITH, _fn, ALIAS_OK, op=f"::xpiler::bang::{_op}"))
    for _suffix, _dep in [("scalar", ""), ("const", f"__bang_{_name}_scalar")]:
        add(Intrinsic(f"__bang_{_name}_{_suffix}", "elementwise",
                      (Overload("scalar", T(*FLOATS)), Overload("scalar", T(*SINTS), arch=INT_ARITH_ARCH)), _fn,
                      ALIAS_OK + " The scalar has the element type.", op=f"::xpiler::bang::{_op}", deprecated=_dep))
add(Intrinsic("__bang_add_tz", "elementwise", (Overload("binary", T(*HF)),), np.add,
              ALIAS_OK + " The sum is rounded toward zero.", op="::xpiler::bang::B_ADD_TZ", rounding="tz"))
_DIV_T = T("half", "float", "bfloat16_t", "int16_t", "int32_t", "uint16_t", "uint32_t")
add(Intrinsic("__bang_div", "elementwise",
              (Overload("binary", _DIV_T, arch=">=322 !372"), Overload("scalar", _DIV_T, arch=">=322 !372"),
               Overload("div_work", T("half", "float"))),
              _int_div, "Divisor != 0. The 4-argument forms (vector or scalar divisor) exist only on tp_322 and later "
              "and not on mtp_372; the 5-argument form with a work buffer (as large as the inputs, no overlap with "
              "anything, n*sizeof(T) % 128 == 0) is the deprecated 2xx form. Integer quotients truncate toward zero.",
              op="::xpiler::bang::B_DIV", domain=(0.5, 4.0), note="on mtp_372 use __bang_recip + __bang_mul"))

_MATH = [("recip", "U_RECIP", lambda x: 1.0 / x, (0.25, 4.0)), ("sqrt", "U_SQRT", np.sqrt, (0.01, 9.0)),
         ("rsqrt", "U_RSQRT", lambda x: 1.0 / np.sqrt(x), (0.01, 9.0)), ("sin", "U_SIN", np.sin, (-6.0, 6.0)),
         ("cos", "U_COS", np.cos, (-6.0, 6.0)), ("pow2", "U_POW2", np.exp2, (-8.0, 8.0)),
         ("log", "U_LOG", np.log2, (0.01, 100.0))]
for _name, _op, _fn, _dom in _MATH:
    add(Intrinsic(f"__bang_{_name}", "elementwise", (Overload("unary", T("float", "bfloat16_t")),), _fn,
                  "n > 0; NRAM; dst may alias src." + (" __bang_log is the base-2 logarithm." if _name == "log" else ""),
                  arch=">=322", op=f"::xpiler::bang::{_op}", exact=_name in ("recip", "sqrt"), domain=_dom))
add(Intrinsic("__bang_square", "elementwise",
              (Overload("unary", T(*FLOATS)), Overload("unary_widen", DS(("uint16_t", "uint8_t"), ("int32_t", "int16_t")))),
              lambda x: x * x, "n > 0; NRAM; integer forms widen (u8 -> u16, s16 -> s32).", op="::xpiler::bang::U_SQUARE"))
add(Intrinsic("__bang_abs", "elementwise", (Overload("unary", T(*FLOATS, *SINTS)),), np.abs, ALIAS_OK,
              op="::xpiler::bang::U_ABS"))
add(Intrinsic("__bang_neg", "elementwise", (Overload("unary", T(*FLOATS, *SINTS)),), np.negative, ALIAS_OK,
              op="::xpiler::bang::U_NEG"))
add(Intrinsic("__bang_floor", "elementwise", (Overload("unary", T(*FLOATS)),), np.floor, ALIAS_OK,
              op="::xpiler::bang::U_FLOOR"))
add(Intrinsic("__bang_round", "elementwise", (Overload("unary", T(*FLOATS)),), _round_half_away, ALIAS_OK,
              op="::xpiler::bang::U_ROUND", note="ties round away from zero (inferred)"))
add(Intrinsic("__bang_relu", "elementwise", (Overload("unary", T(*FLOATS, *SINTS)),), lambda x: np.where(x > 0, x, 0),
              ALIAS_OK, arch=">=322", op="::xpiler::bang::U_RELU"))
for _name, _op, _fn, _note in [
        ("maxequal", "B_MAXEQUAL", _maxequal, "if either side is NaN the result is src0[i]"),
        ("minequal", "B_MINEQUAL", _minequal, "if either side is NaN the result is src0[i]")]:
    add(Intrinsic(f"__bang_{_name}", "elementwise", ARITH, _fn, ALIAS_OK + " " + _note + ".",
                  op=f"::xpiler::bang::{_op}"))
add(Intrinsic("__bang_maximum", "elementwise",
              (Overload("binary", T(*FLOATS)), Overload("distance", T(*HF))), np.fmax,
              ALIAS_OK + " A NaN loses against a number (__bang_nan_maximum propagates NaN). The deprecated BANG 3 form "
              "(dst, src, distance, n) compares src[i] with src[i + distance].", op="::xpiler::bang::B_MAXIMUM"))
add(Intrinsic("__bang_minimum", "elementwise",
              (Overload("binary", T(*FLOATS)), Overload("distance", T(*HF))), np.fmin,
              ALIAS_OK + " A NaN loses against a number. The deprecated BANG 3 form (dst, src, distance, n) compares "
              "src[i] with src[i + distance].", op="::xpiler::bang::B_MINIMUM"))
add(Intrinsic("__bang_nan_maximum", "elementwise", (Overload("binary", T(*FLOATS)),), np.maximum,
              ALIAS_OK + " NaN propagates.", op="::xpiler::bang::B_NAN_MAXIMUM"))
add(Intrinsic("__bang_nan_minimum", "elementwise", (Overload("binary", T(*FLOATS)),), np.minimum,
              ALIAS_OK + " NaN propagates.", op="::xpiler::bang::B_NAN_MINIMUM"))

# ----- 4.2 comparison and logic
_CMP = [("eq", np.equal), ("ne", np.not_equal), ("lt", np.less), ("le", np.less_equal), ("gt", np.greater),
        ("ge", np.greater_equal)]
CMP_TYPES = (Overload("binary", T(*FLOATS)), Overload("binary", T(*SINTS), arch=INT_ARITH_ARCH))
for _name, _fn in _CMP:
    add(Intrinsic(f"__bang_{_name}", "compare", CMP_TYPES, _cmp(_fn),
                  "Stores 1 or 0 in the element type; any comparison involving NaN gives 0.",
                  op=f"::xpiler::bang::B_{_name.upper()}", domain=(-2.0, 2.0)))
    add(Intrinsic(f"__bang_{_name}_scalar", "compare",
                  (Overload("scalar", T(*FLOATS)), Overload("scalar", T(*SINTS), arch=INT_ARITH_ARCH)), _cmp(_fn),
                  "Compares with a scalar of the element type; stores 1 or 0.", op=f"::xpiler::bang::B_{_name.upper()}",
                  domain=(-2.0, 2.0)))
for _name, _fn in [("and", np.logical_and), ("or", np.logical_or), ("xor", np.logical_xor)]:
    add(Intrinsic(f"__bang_{_name}", "logic", CMP_TYPES, _logical(_fn),
                  "Logical: operands are true when non-zero; stores 1 or 0.", op=f"::xpiler::bang::B_{_name.upper()}",
                  domain=(-1.0, 1.0)))
add(Intrinsic("__bang_not", "logic", (Overload("unary", T(*FLOATS)), Overload("unary", T(*SINTS), arch=INT_ARITH_ARCH)),
              lambda x: (x == 0).astype(np.asarray(x).dtype), "Logical not: 1 where the element is 0, else 0.",
              op="::xpiler::bang::U_NOT", domain=(-1.0, 1.0)))
for _name, _fn in [("band", np.bitwise_and), ("bor", np.bitwise_or), ("bxor", np.bitwise_xor)]:
    add(Intrinsic(f"__bang_{_name}", "logic", (Overload("binary", T(*ALL_INTS)),), _fn,
                  "Bitwise on integer elements.", op=f"::xpiler::bang::B_{_name.upper()}"))
add(Intrinsic("__bang_bnot", "logic", (Overload("unary", T(*ALL_INTS)),), np.invert, "Bitwise not on integer elements.",
              op="::xpiler::bang::U_BNOT"))

# ----- 4.3 cycle (broadcast) and fusion
_CYC = [("add", "B_ADD", np.add), ("sub", "B_SUB", np.subtract), ("mul", "B_MUL", np.multiply),
        ("maxequal", "B_MAXEQUAL", _maxequal), ("minequal", "B_MINEQUAL", _minequal)]
for _name, _op, _fn in _CYC:
    add(Intrinsic(f"__bang_cycle_{_name}", "cycle",
                  (Overload("cycle", T(*FLOATS)), Overload("cycle", T(*SINTS), arch=INT_ARITH_ARCH)), _fn,
                  "dst[i] = src[i] op seg[i % seg_n] for i < src_n; src_n % seg_n == 0; dst may alias src; NRAM.",
                  op=f"::xpiler::bang::{_op}"))
for _name, _fn in _CMP:
    add(Intrinsic(f"__bang_cycle_{_name}", "cycle", (Overload("cycle", T(*FLOATS)),), _cmp(_fn),
                  "dst[i] = (src[i] op seg[i % seg_n]) as 1/0; src_n % seg_n == 0; NRAM.",
                  op=f"::xpiler::bang::B_{_name.upper()}", domain=(-2.0, 2.0)))
add(Intrinsic("__bang_cycle_add_tz", "cycle", (Overload("cycle", T(*HF)),), np.add,
              "Like __bang_cycle_add, rounded toward zero.", op="::xpiler::bang::B_ADD_TZ", rounding="tz"))
FUSION_OPS = ["FUSION_FMA", "FUSION_FMS", "FUSION_FAM", "FUSION_FSM", "FUSION_FAA", "FUSION_FAS", "FUSION_FSS",
              "FUSION_FSA"]


def fusion_semantics(op, a, b, c, rnd):
    """rnd rounds to the element type: the engine rounds after each of the two operations."""
    first = {"FUSION_FMA": a * b, "FUSION_FMS": a * b, "FUSION_FAM": a + b, "FUSION_FSM": a - b,
             "FUSION_FAA": a + b, "FUSION_FAS": a + b, "FUSION_FSS": a - b, "FUSION_FSA": a - b}[op]
    t = rnd(first)
    return {"FUSION_FMA": t + c, "FUSION_FMS": t - c, "FUSION_FAM": t * c, "FUSION_FSM": t * c,
            "FUSION_FAA": t + c, "FUSION_FAS": t - c, "FUSION_FSS": t - c, "FUSION_FSA": t + c}[op]


add(Intrinsic("__bang_fusion", "fusion",
              (Overload("fusion_vv", T(*FLOATS)), Overload("fusion_sv", T(*FLOATS)), Overload("fusion_vs", T(*FLOATS)),
               Overload("fusion_ss", T(*FLOATS)), Overload("fusion_seg", T(*FLOATS))),
              fusion_semantics,
              "op is a mluFusionOpCode: FMA a*b+c, FMS a*b-c, FAM (a+b)*c, FSM (a-b)*c, FAA a+b+c, FAS a+b-c, "
              "FSS a-b-c, FSA a-b+c; b and c are vectors or scalars; with seg_n, b and c have seg_n elements and "
              "are cycled (n % seg_n == 0). NRAM.",
              note="the result is rounded to the element type after each of the two operations (inferred); the "
                   "enumerator values follow declaration order"))

# ----- 4.4 table-driven activations (ideal libm results)
_ACT = [("relu", lambda x: np.where(x > 0, x, 0.0), (-4, 4)), ("sign", lambda x: np.where(x >= 0, 1.0, -1.0), (-4, 4)),
        ("sigmoid", _sigmoid, (-7, 7)), ("exp", np.exp, (-7, 7)), ("exphp", np.exp, (-7, 7)),
        ("exp_less_0", np.exp, (-7, 0)), ("recip", lambda x: 1.0 / x, (0.01, 60)),
        ("reciphp", lambda x: 1.0 / x, (0.01, 60)), ("recip_greater_1", lambda x: 1.0 / x, (1.01, 60)),
        ("gelu", _gelu, (-3.5, 3.5)), ("gelup", _gelu, (-3.5, 3.5)), ("tanh", np.tanh, (-4, 4)),
        ("sqrt", np.sqrt, (0.01, 9)), ("sqrthp", np.sqrt, (0.01, 9)), ("rsqrt", lambda x: 1 / np.sqrt(x), (0.01, 9)),
        ("rsqrthp", lambda x: 1 / np.sqrt(x), (0.01, 9)), ("log", np.log, (0.01, 100)), ("loghp", np.log, (0.01, 100)),
        ("pow2", np.exp2, (-8, 8)), ("sin", np.sin, (-3, 3)), ("cos", np.cos, (-3, 3)), ("abs", np.abs, (-4, 4))]
for _name, _fn, _dom in _ACT:
    add(Intrinsic(f"__bang_active_{_name}", "activation", (Overload("unary", T(*HF)),), _fn,
                  "n > 0; NRAM; dst may alias src. A lookup-table approximation on hardware (average relative error "
                  "up to 1 %, saturating outside the documented input range); the engine returns the ideal result "
                  "(option bang_active='hardware' applies the documented exp/sigmoid/gelu saturation).",
                  op=f"::xpiler::bang::U_ACTIVE_{_name.upper()}", exact=_name in ("relu", "sign", "abs"),
                  domain=_dom))
for _deg in (3, 4):
    for _name, _fn, _dom in [("sin", np.sin, (-3, 3)), ("cos", np.cos, (-3, 3)), ("tanh", np.tanh, (-3, 3)),
                             ("sigmoid", _sigmoid, (-5, 5)), ("softplus", lambda x: np.log1p(np.exp(x)), (-5, 5))]:
        add(Intrinsic(f"__bang_taylor{_deg}_{_name}", "activation", (Overload("unary", T(*HF)),), _fn,
                      f"Degree-{_deg} Taylor approximation on hardware; the engine returns the ideal result.",
                      op=f"::xpiler::bang::U_TAYLOR{_deg}_{_name.upper()}", exact=False, domain=_dom))

# ----- 4.5 reductions and search
add(Intrinsic("__bang_reduce_sum", "reduction", (Overload("reduce_sum", T(*FLOATS)),), reduce_sum_semantics,
              "For each 128-byte block j of src: dst[j*E] = sum of its E = 128/sizeof(T) elements; the other dst lanes "
              "are left unchanged (3xx/5xx). n*sizeof(T) % 128 == 0; dst at least 128 bytes; may alias src.",
              exact=False))
add(Intrinsic("__bang_sum", "reduction", (Overload("sum", T(*FLOATS)),), np.sum,
              "Returns the sum of n elements (BANG 4).", exact=False))
for _name, _max, _dep in [("argmax", True, ""), ("argmin", False, ""), ("max", True, "__bang_argmax"),
                          ("min", False, "__bang_argmin")]:
    add(Intrinsic(f"__bang_{_name}", "reduction",
                  (Overload("argext", T(*FLOATS) if not _dep else T(*HF)),), argext_semantics(_max),
                  "dst[0] = the extreme value (first occurrence, NaN ignored), followed at byte sizeof(T) by its index "
                  "as a uint32 (byte 4 for float, byte 2 for half).", op="true" if _max else "false", deprecated=_dep))
add(Intrinsic("__bang_count", "reduction", (Overload("count", T(*FLOATS, *SINTS)),), np.count_nonzero,
              "Returns the number of non-zero elements.", domain=(-1.0, 1.0)))
add(Intrinsic("__bang_findfirst1", "reduction", (Overload("find1", T(*FLOATS, *SINTS)),), find1_semantics(False),
              "Returns the index of the first non-zero element, 0xFFFFFFFF if there is none.", op="false"))
add(Intrinsic("__bang_findlast1", "reduction", (Overload("find1", T(*FLOATS, *SINTS)),), find1_semantics(True),
              "Returns the index of the last non-zero element, 0xFFFFFFFF if there is none.", op="true"))
add(Intrinsic("__bang_filter", "reduction", (Overload("filter", T(*FLOATS, "int16_t", "int32_t")),),
              filter_semantics, "Packs the src[i] whose index[i] != 0 to the front of dst; returns their count."))
add(Intrinsic("__bang_select", "reduction", (Overload("select", T(*HF)),), filter_semantics,
              "Deprecated: writes the count as a uint32 in bytes 0-3, zeros up to byte 128, then the packed "
              "elements, zero-padded to a multiple of 128 bytes.", deprecated="__bang_filter"))

# ----- 4.6 pooling
for _name, _op, _dep in [("sumpool", "POOL_SUM", ""), ("maxpool", "POOL_MAX", ""), ("minpool", "POOL_MIN", ""),
                         ("avgpool", "POOL_AVG", "__bang_sumpool and a scale")]:
    add(Intrinsic(f"__bang_{_name}", "pooling",
                  (Overload("pool", T(*FLOATS)), Overload("pool_nostride", T("half"))),
                  pool_semantics(_name[:3]),
                  "HWC layout, valid windows (incomplete windows are dropped); the stride in WIDTH comes first "
                  "(SW, SH); the 7-argument half form uses SW = KW, SH = KH. KH*KW <= 65536; NRAM. dst may overlap src "
                  "(mlu-ops reduces in place; the engine computes into a temporary).",
                  op=f"::xpiler::bang::{_op}", deprecated=_dep, exact=_name in ("maxpool", "minpool")))

# ----- 4.7-4.10 tensor ops
FIX_PAIRS = DS(("float", "int8_t"), ("float", "int16_t"), ("half", "int8_t"), ("half", "int16_t"))
add(Intrinsic("__bang_conv", "tensor",
              (Overload("conv", ({"S": "float"}, {"S": "half"}, {"S": "bfloat16_t", "@": ">=500"}), arch=">=372"),
               Overload("conv_fix", FIX_PAIRS), Overload("conv_bias", FIX_PAIRS),
               Overload("conv_bias", DS(("float", "float"), ("float", "half")), arch=">=372")),
              conv_semantics,
              "src [H][W][Ci] in NRAM, kernel [Co][KH][KW][Ci] in WRAM (after __bang_reshape_filter, treated as the "
              "identity), dst [Ho][Wo][Co] in NRAM, no padding: Ho = (H-KH)/SH+1, Wo = (W-KW)/SW+1; result times "
              "2^fix_position plus bias[co]; strides in [1, 1023]; fix_position in [-127, 127]; dst must not overlap "
              "src. Floating forms exist on mtp_372 and mtp_592.", exact=False))
add(Intrinsic("__bang_mlp", "tensor",
              (Overload("mlp", ({"S": "float"}, {"S": "half"}, {"S": "bfloat16_t", "@": ">=500"}), arch=">=300"),
               Overload("mlp_fix", FIX_PAIRS), Overload("mlp_bias", FIX_PAIRS)),
              mlp_semantics,
              "Matrix-vector product: dst[h] = 2^pos * sum_w src[w] * filter[h*width + w] (+ bias[h]) for h < height; "
              "filter [height][width] in WRAM, src/dst/bias in NRAM; dst must not overlap src or bias; on 2xx "
              "height % 64 == 0.", exact=False))
add(Intrinsic("__bang_matmul", "tensor",
              (Overload("matmul", ({"S": "half"}, {"S": "float"}, {"S": "bfloat16_t", "@": ">=372"})),
               Overload("matmul_fix", DS(("float", "int8_t"), ("half", "int8_t"), ("int16_t", "int8_t"),
                                         ("float", "int16_t"), ("half", "int16_t"), ("int16_t", "int16_t"))),
               Overload("matmul_bias", DS(("float", "int8_t"), ("half", "int8_t"), ("float", "int16_t"),
                                          ("half", "int16_t")))),
              matmul_semantics,
              "dst[m*N + n] = 2^pos * sum_k A[m*K + k] * B[n*K + k] (+ C[m*N + n]): A [M][K] in NRAM; B stored [N][K] "
              "in WRAM (the documented column-major layout after __bang_reshape_filter(tmp, Bt, N, 1, 1, K), which "
              "the engine treats as the identity; option bang_matmul_layout='raw' reads the WRAM bytes as [K][N]); "
              "dst and C [M][N] in NRAM; dst must not overlap A (it may overlap C). The half-input form only has a "
              "float destination. BANG C 4.5 (mtp_372, mtp_592).", arch=">=372", exact=False))
add(Intrinsic("__bang_reshape_filter", "tensor", (Overload("reshape_filter", T(*FLOATS, "int8_t", "int16_t")),),
              lambda x: x,
              "Reshapes an NHWC filter for WRAM (NRAM to NRAM). n % 64 == 0; h*w*c*sizeof(T) % 32 == 0 (3xx+, 128 on "
              "2xx); no overlap. The engine keeps WRAM in the logical layout (convention (b) of bang.md 4.10), so this "
              "is a copy."))
add(Intrinsic("__bang_transpose", "tensor",
              (Overload("transpose", T("char", "int8_t", "uint8_t", "half", "bfloat16_t", "int16_t", "uint16_t",
                                       "float", "int32_t", "uint32_t")),),
              transpose_semantics, "dst[w*H + h] = src[h*W + w]; no overlap; NRAM; 1-, 2- or 4-byte elements."))

# ----- 4.12 conversions
_ROUND_ARCH = {"rn": ">=300", "rm": ">=300"}
_FP_SUFFIXES = ["rn", "tz", "oz", "up", "dn", "rd", "rm"]


def _conv_name(src, dst, suffix):
    short = {"float": "float", "half": "half", "bfloat16_t": "bfloat16", "int32_t": "int32", "int16_t": "int16",
             "int8_t": "int8"}
    return f"__bang_{short[src]}2{short[dst]}" + (f"_{suffix}" if suffix else "")


def _add_conversion(src, dst, suffix, mode, forms, arch="all"):
    name = _conv_name(src, dst, suffix)
    fix = any(f == "convert_fix" for f in forms)
    add(Intrinsic(name, "conversion", tuple(Overload(f, ({"D": dst, "S": src},)) for f in forms),
                  convert_semantics(src, dst, mode),
                  "Element-wise conversion; NRAM" + ("; fixed point: float -> int computes round(src / 2^pos), "
                                                     "int -> float computes src * 2^pos" if fix else "")
                  + (f"; rounding: {mode}" if mode else "") + ". The strided form converts the first n elements of "
                  "each of segnum+1 blocks (strides in bytes)." * ("convert_strided" in forms),
                  arch=arch, op=f"::xpiler::bang::{ROUNDINGS[mode]}", rounding=mode))


for _sfx in _FP_SUFFIXES:
    _add_conversion("float", "half", _sfx, _sfx, ["convert", "convert_strided"], _ROUND_ARCH.get(_sfx, "all"))
    _add_conversion("float", "bfloat16_t", _sfx, _sfx, ["convert", "convert_strided"], ">=500")
_add_conversion("half", "float", "", "rn", ["convert", "convert_strided"])
_add_conversion("bfloat16_t", "float", "", "rn", ["convert", "convert_strided"], ">=500")
# no suffix: the default rounding of the architecture (round half to even from mtp_372 on) -- inferred
for _src in ("float", "half"):
    for _dst in ("int32_t", "int16_t", "int8_t"):
        if _src == "half" and _dst == "int32_t":
            continue
        _add_conversion(_src, _dst, "", "rn", ["convert_fix"])
        for _sfx in ["rn", "tz", "oz", "up", "dn", "rd", "rm"]:
            _add_conversion(_src, _dst, _sfx, _sfx, ["convert_fix"], _ROUND_ARCH.get(_sfx, "all"))
for _src in ("int32_t", "int16_t", "int8_t"):
    for _dst in ("float", "half"):
        if _src == "int32_t" and _dst == "half":
            continue
        _add_conversion(_src, _dst, "", "rn", ["convert_fix"])
        if _src == "int32_t":
            _add_conversion(_src, _dst, "rn", "rn", ["convert_fix"], ">=300")

# scalar conversions (not in the strict __bang_ namespace)
for _sfx in ["", "rn", "tz", "oz", "up", "dn", "rd"]:
    add(Intrinsic("__float2half" + (f"_{_sfx}" if _sfx else ""), "scalar_conversion",
                  (Overload("to_half", ({"S": "float"},)),), convert_semantics("float", "half", _sfx or "rn"),
                  "Scalar float to half.", op=f"::xpiler::bang::{ROUNDINGS[_sfx or 'rn']}"))
add(Intrinsic("__half2float", "scalar_conversion", (Overload("to_float", ({"S": "half"},)),),
              convert_semantics("half", "float", "rn"), "Scalar half to float (exact).", op="::xpiler::bang::R_RN"))
add(Intrinsic("__float2bfloat16", "scalar_conversion", (Overload("to_bf16", ({"S": "float"},)),),
              convert_semantics("float", "bfloat16_t", "rn"), "Scalar float to bfloat16.", arch=">=500",
              op="::xpiler::bang::R_RN"))
add(Intrinsic("__bfloat162float", "scalar_conversion", (Overload("to_float", ({"S": "bfloat16_t", "@": "all"},)),),
              convert_semantics("bfloat16_t", "float", "rn"), "Scalar bfloat16 to float (exact).",
              op="::xpiler::bang::R_RN"))
for _sfx in ["rn", "tz", "oz", "up", "dn", "rd"]:
    add(Intrinsic(f"__float2int_{_sfx}", "scalar_conversion", (Overload("to_int", ({"S": "float"},)),),
                  convert_semantics("float", "int32_t", _sfx), "Scalar float to int with saturation.",
                  op=f"::xpiler::bang::{ROUNDINGS[_sfx]}"))
    add(Intrinsic(f"__half2int_{_sfx}", "scalar_conversion", (Overload("to_int", ({"S": "half"},)),),
                  convert_semantics("half", "int32_t", _sfx), "Scalar half to int with saturation.",
                  op=f"::xpiler::bang::{ROUNDINGS[_sfx]}"))
add(Intrinsic("__int2float_rn", "scalar_conversion", (Overload("to_float", ({"S": "int"},)),),
              convert_semantics("int32_t", "float", "rn"), "Scalar int to float.", op="::xpiler::bang::R_RN"))
add(Intrinsic("__int2half_rn", "scalar_conversion", (Overload("to_half", ({"S": "int"},)),),
              convert_semantics("int32_t", "half", "rn"), "Scalar int to half.", op="::xpiler::bang::R_RN"))

# ----- 3. data movement
add(Intrinsic("__memcpy", "movement",
              (Overload("memcpy"), Overload("memcpy_2d"), Overload("memcpy_3d", arch=">=322")),
              memcpy_2d_semantics,
              "Sizes and strides in bytes; segnum (number of segments minus one) in [0, 65535]; size > 0; "
              "dst_stride >= size; src_stride is signed (0 re-reads the same row); 3D: |stride| >= size unless it and "
              "its segnum are 0, and both sides have the same number of chunks. Source and destination must lie in the "
              "spaces the direction names (GDRAM: live device allocations or globals). WRAM: 8-byte aligned addresses, "
              "1D sizes a multiple of 16 bytes (64 on 2xx), 2D/3D strides multiples of 8 bytes. The forms with a "
              "destination cluster (SRAM2SRAM to another cluster) are not emulated.",
              note="3D chunk pairing follows bang.md 3.2 (inferred)"))
add(Intrinsic("__memcpy_async", "movement",
              (Overload("memcpy"), Overload("memcpy_2d"), Overload("memcpy_3d", arch=">=322")),
              memcpy_2d_semantics,
              "Same as __memcpy; executed eagerly (a race-free program gets the same result), so the fences are "
              "no-ops."))
add(Intrinsic("__bang_move", "movement", (Overload("move"), Overload("move_strided")), memcpy_2d_semantics,
              "NRAM to NRAM copy of size bytes (strided: segnum+1 rows); the 1D form allows overlap."))
MEMSET_V = V("char", "signed char", "unsigned char", "short", "unsigned short", "int", "unsigned int", "half", "float")
MEMSET_BF = ({"V": "bfloat16_t"},)
for _name, _space, _what in [("__memset_nram", "nram", "NRAM"), ("__bang_write_value", "nram", "NRAM"),
                             ("__gdramset", "gdram", "GDRAM"), ("__sramset", "sram", "SRAM"),
                             ("__ldramset", "ldram", "LDRAM")]:
    add(Intrinsic(_name, "movement", (Overload("fill", MEMSET_V), Overload("fill", MEMSET_BF)),
                  lambda n, v: np.full(n, v),
                  f"Writes n elements of the type of value into {_what}: the overload chosen by value's C++ type fixes "
                  "the element width (a literal 0 is an int, 4 bytes; a double matches no overload exactly and is "
                  "ambiguous).", op=_space))
add(Intrinsic("__nramset", "movement",
              (Overload("fill_typed", T("half", "float", "int16_t", "int32_t", "int8_t")),), lambda n, v: np.full(n, v),
              "Deprecated BANG 3 fill of n elements of the pointer's type in NRAM.", op="nram",
              deprecated="__memset_nram"))
for _name, _t in [("__nramset_float", "float"), ("__nramset_half", "half"), ("__nramset_int", "int32_t"),
                  ("__nramset_short", "int16_t")]:
    add(Intrinsic(_name, "movement", (Overload("fill_typed", T(_t)),), lambda n, v: np.full(n, v),
                  f"Deprecated BANG 3 fill of n {_t} elements in NRAM.", op="nram", deprecated="__memset_nram"))
add(Intrinsic("__bang_write_zero", "movement",
              (Overload("write_zero", T("char", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t",
                                        "half", "float", "bfloat16_t")),),
              lambda n: np.zeros(n), "Sets n elements of the pointer's type to zero; NRAM."))

# ----- 1.5 synchronisation
add(Intrinsic("__sync_cluster", "sync", (Overload("barrier"),), None,
              "Barrier over the 4 cores of the cluster (plus its memory core on hardware, not emulated). A core that "
              "finished, or waits at another barrier, makes it a deadlock (reported).", op="cluster"))
for _name in ("__sync_all", "__sync_all_ipu"):
    add(Intrinsic(_name, "sync", (Overload("barrier"),), None,
                  "Barrier over every compute core of the union job (4N cores for UnionN).", op="all"))
add(Intrinsic("__sync_all_ipu_within_cluster", "sync", (Overload("barrier"),), None,
              "Barrier over the compute cores of the cluster.", op="cluster"))
add(Intrinsic("__sync_all_mpu", "sync", (Overload("fence"),), None,
              "Barrier over the memory cores of the job; memory cores are not emulated, so it is a no-op."))
for _name in ("__sync", "__sync_io", "__sync_move", "__sync_compute", "__sync_copy_dram_to_nram",
              "__sync_copy_nram_to_dram", "__sync_copy_sram_to_nram", "__sync_copy_nram_to_sram",
              "__sync_copy_dram_to_sram", "__sync_copy_sram_to_dram", "__sync_copy_dram_to_wram",
              "__sync_copy_nram_to_wram"):
    add(Intrinsic(_name, "sync", (Overload("fence"),), None,
                  "Pipeline fence inside one core; asynchronous copies run eagerly, so it is a no-op."))
add(Intrinsic("__sync_io_move_compute", "sync", (Overload("fence_pipes"),), None,
              "Pipeline fence between the selected producer and consumer pipes (all by default); a no-op."))

# ----- built-ins, printing, host runtime (hand-written in the engine headers)
for _name in ("taskId", "taskIdX", "taskIdY", "taskIdZ", "taskDim", "taskDimX", "taskDimY", "taskDimZ", "clusterId",
              "clusterDim", "coreId", "coreDim", "__is_mpu", "__is_ipu"):
    add(Intrinsic(_name, "builtin", (Overload("builtin"),), None,
                  "int rvalue over the running task (see xpiler_bang/runtime.h for the geometry); __is_mpu() is false "
                  "because memory cores are not emulated."))
add(Intrinsic("__bang_printf", "builtin", (Overload("printf"),), None, "printf from a kernel (stdout)."))
for _name in ("cnrtMalloc", "cnrtFree", "cnrtMemcpy", "cnrtMemcpyAsync", "cnrtMemset", "cnrtQueueCreate",
              "cnrtQueueDestroy", "cnrtQueueSync", "cnrtCreateQueue", "cnrtDestroyQueue", "cnrtSyncQueue",
              "cnrtSetDevice", "cnrtGetDevice", "cnrtGetDeviceCount", "cnrtInit", "cnrtDestroy", "cnrtSyncDevice",
              "cnrtDeviceGetAttribute", "cnrtNotifierCreate", "cnrtNotifierDestroy", "cnrtCreateNotifier",
              "cnrtDestroyNotifier", "cnrtPlaceNotifier", "cnrtNotifierDuration", "cnrtWaitNotifier",
              "cnrtQueueWaitNotifier", "cnrtGetLastError", "cnrtGetErrorStr", "CNRT_CHECK"):
    add(Intrinsic(_name, "host", (Overload("host"),), None, "CNRT host runtime (xpiler_bang/cnrt_host.h)."))


# ---------------------------------------------------------------------------------------------
# derived views

def intrinsic_names() -> set[str]:
    return set(INTRINSICS)


def by_family() -> dict[str, list[Intrinsic]]:
    out: dict[str, list[Intrinsic]] = {}
    for e in INTRINSICS.values():
        out.setdefault(e.family, []).append(e)
    return out


def _fn_name(name: str) -> str:
    return "xpiler_bang_fn" + name


def generate_header(arch: Arch) -> str:
    """C++ declarations of every intrinsic available on `arch` (xpiler_bang_intrinsics.h)."""
    lines = [f"// Generated from xpiler/models/bang/intrinsics.py for {arch.name} (__BANG_ARCH__ {arch.number}).",
             "// Each intrinsic is a macro that passes its call site to typed overloads, which call the engine.",
             "#pragma once", '#include "xpiler_bang/ops.h"', ""]
    tags: set[str] = set()
    for entry in INTRINSICS.values():
        if all(ov.form in HANDWRITTEN for ov in entry.overloads):
            continue
        fn = _fn_name(entry.name)
        emitted = 0
        if available(entry.arch, arch):
            for ov in entry.overloads:
                form = FORMS[ov.form]
                for sub in ov.types:
                    ret = _fill(form.ret, sub, entry.op)
                    params = _fill(form.params, sub, entry.op)
                    sep = ", " if params else ""
                    if not type_available(ov, sub, arch):
                        # an overload this architecture lacks: choosing it is a compile error at the call,
                        # whose message names the requirement through the tag parameter's type
                        tag = _unavailable_tag(_overload_spec(ov, sub), arch)
                        if tag not in tags:
                            tags.add(tag)
                            lines.append(f"namespace xpiler_bang_unavailable {{ struct {tag} {{}}; }}")
                        lines.append(f"{ret} {fn}(const ::xpiler::Site& s{sep}{params}, "
                                     f"xpiler_bang_unavailable::{tag} = {{}}) = delete;")
                        continue
                    body = _fill(form.body, sub, entry.op)
                    lines.append(f"inline {ret} {fn}(const ::xpiler::Site& s{sep}{params}) {{ {body} }}")
                    emitted += 1
        if emitted:
            lines.append(f'#define {entry.name}(...) {fn}(XPILER_SITE("{entry.name}"), ##__VA_ARGS__)')
        else:
            why = (f"{entry.name} is not available on {arch.name} (__BANG_ARCH__ {arch.number}); it needs "
                   f"{describe_availability(entry.arch)}"
                   + (f", {entry.note}" if entry.note else ""))
            if available(entry.arch, arch):
                why = f"{entry.name} has no overload on {arch.name} (__BANG_ARCH__ {arch.number})"
            lines.append(f'#define {entry.name}(...) ([] {{ static_assert(sizeof(char) == 0, "{why}"); }}())')
        lines.append("")
    return "\n".join(lines) + "\n"


def markdown_table() -> str:
    """A readable listing of the table (family, name, signatures, availability, constraints)."""
    rows = ["| family | intrinsic | available | constraints |", "|---|---|---|---|"]
    for e in INTRINSICS.values():
        dep = f" (deprecated: use {e.deprecated})" if e.deprecated else ""
        rows.append(f"| {e.family} | `{e.name}`{dep} | {e.availability()} | {e.constraints} |")
    return "\n".join(rows)


__all__ = ["INTRINSICS", "Intrinsic", "Overload", "FORMS", "intrinsic_names", "generate_header", "markdown_table",
           "round_fp", "round_int", "NUMPY", "SIZE", "FUSION_OPS"]
