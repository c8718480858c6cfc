"""The C target printer: `ir.printer_c.CPrinter` plus what the lowering passes marked (`lower.py`):

- loops in ``c.omp_parallel`` get ``#pragma omp parallel for schedule(static)``;
- loops in ``c.avx512`` (at most 16 lanes) print as straight-line AVX-512 code: the loop variable
  is the lane, values that depend on it are ``__m512`` / ``__m512i`` / ``__mmask16``, values that do
  not stay scalars (broadcast where mixed); unit-stride accesses are ``_mm512_loadu_ps`` /
  ``_mm512_storeu_ps``, constant-stride and computed indices (``i % c``, loaded offsets) are
  gathers / scatters, fewer than 16 lanes or a condition mask them (``_mm512_maskz_loadu_ps`` /
  ``_mm512_mask_storeu_ps``), and a load under a false condition never touches memory (C's
  guarded-load semantics of `Select` and `If`); int32 ``/`` and ``%`` divide in double (exact);
  64-bit index arithmetic the 32-bit lanes cannot hold (a quotient, an order) runs lane by lane;
  loops and while loops inside the lanes (an outer loop vectorised) step all lanes together;
- buffers in ``c.vreg`` (16 lanes indexed by the lane) are vector registers, loops in
  ``c.vreduce`` fold one into a scalar with ``_mm512_reduce_*``;
- loops in ``c.vnni`` (4 int8 products per int32 lane) print as ``_mm512_dpbusd_epi32``.

A marked loop the vector code generator cannot lower prints as the plain C loop (with ``#pragma
omp simd``), so the output always computes what the program says. The output builds with the
compiler's <immintrin.h> and with SIMDe 0.7.4's (the C engine's two paths): the few instructions
SIMDe lacks (masked gathers, variable arithmetic shifts) go through helpers that run lane by lane
when SIMDe is the header in use (also scatters and integer division). Math functions without an
AVX-512 instruction run lane by lane through the scalar libm function (bit-identical to scalar C).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ...ir import dtypes as dt
from ...ir.buffer import Buffer
from ...ir.expr import Binary, Bitcast, Call, Cast, Compare, Const, Expr, Load, Select, Unary, Var
from ...ir.kernel import Kernel
from ...ir.mathfns import lookup
from ...ir.printer_c import INDENT, CPrinter
from ...ir.stmt import Alloc, Block, If, Let, Loop, Stmt, Store, While
from ...ir.transforms.simplify import simplify_expr
from ...ir.visitor import substitute, walk
from .lower import (ATTR_AVX, ATTR_OMP, ATTR_VNNI, ATTR_VREDUCE, ATTR_VREG, LANES, as_i64, get_attr,
                    is_lane_index, lane_coefficient)


class VecUnsupported(Exception):
    """The vector code generator has no lowering for this construct."""


@dataclass
class V:
    text: str
    kind: str         # "f": __m512 of float32, "i": __m512i of int32/uint32, "m": __mmask16, "u": uniform scalar
    dtype: str        # the lanes' (or the scalar's) IR dtype


_HELPERS = {
    "iota": "static inline __m512i xp_iota(void) { return _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15); }",
    "tail16": "static inline __mmask16 xp_tail_mask16(int64_t n) { return (__mmask16)(n >= 16 ? 0xFFFF : n <= 0 ? 0 : (1u << n) - 1u); }",
    "tail64": "static inline __mmask64 xp_tail_mask64(int64_t n) { return (__mmask64)(n >= 64 ? ~0ULL : n <= 0 ? 0ULL : (1ULL << n) - 1ULL); }",
    "fmax": ("static inline __m512 xp_fmax_ps(__m512 a, __m512 b) {  /* fmaxf lane by lane: a NaN yields the other operand */\n"
             "  return _mm512_mask_mov_ps(_mm512_max_ps(a, b), _mm512_cmp_ps_mask(b, b, _CMP_UNORD_Q), a);\n}"),
    "fmin": ("static inline __m512 xp_fmin_ps(__m512 a, __m512 b) {  /* fminf lane by lane: a NaN yields the other operand */\n"
             "  return _mm512_mask_mov_ps(_mm512_min_ps(a, b), _mm512_cmp_ps_mask(b, b, _CMP_UNORD_Q), a);\n}"),
    # masked gathers and variable arithmetic shifts: the instruction, or lane by lane where the
    # <immintrin.h> in use is SIMDe's (0.7.4 has neither)
    "mgather_ps": ("static inline __m512 xp_mask_gather_ps(__mmask16 m, __m512i idx, const float* base) {\n"
                   "#ifdef SIMDE_VERSION_MAJOR\n"
                   "  float t[16] = {0}; int32_t ix[16]; _mm512_storeu_si512((void*)ix, idx);\n"
                   "  for (int l = 0; l < 16; ++l) if ((m >> l) & 1) t[l] = base[ix[l]];\n"
                   "  return _mm512_loadu_ps(t);\n"
                   "#else\n"
                   "  return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, idx, base, 4);\n"
                   "#endif\n}"),
    "mgather_epi32": ("static inline __m512i xp_mask_gather_epi32(__mmask16 m, __m512i idx, const void* base) {\n"
                      "#ifdef SIMDE_VERSION_MAJOR\n"
                      "  int32_t t[16] = {0}; int32_t ix[16]; _mm512_storeu_si512((void*)ix, idx);\n"
                      "  for (int l = 0; l < 16; ++l) if ((m >> l) & 1) memcpy(&t[l], (const char*)base + 4 * (int64_t)ix[l], 4);\n"
                      "  return _mm512_loadu_si512((const void*)t);\n"
                      "#else\n"
                      "  return _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, idx, base, 4);\n"
                      "#endif\n}"),
    "srav": ("static inline __m512i xp_srav_epi32(__m512i a, __m512i n) {\n"
             "#ifdef SIMDE_VERSION_MAJOR\n"
             "  int32_t x[16], c[16]; _mm512_storeu_si512((void*)x, a); _mm512_storeu_si512((void*)c, n);\n"
             "  for (int l = 0; l < 16; ++l) x[l] = (uint32_t)c[l] > 31u ? (x[l] < 0 ? -1 : 0) : x[l] >> c[l];\n"
             "  return _mm512_loadu_si512((const void*)x);\n"
             "#else\n"
             "  return _mm512_srav_epi32(a, n);\n"
             "#endif\n}"),
    # integer division of int32 lanes: an int32 quotient is exact in double (|a| < 2^53 leaves no
    # rounding across an integer) and vcvttpd2dq truncates like C; a zero divisor (a lane that is
    # masked off) gives 0x80000000 without a trap, INT_MIN / -1 wraps
    "div_epi32": ("static inline __m512i xp_div_epi32(__m512i a, __m512i b) {\n"
                  "#ifdef SIMDE_VERSION_MAJOR\n"
                  "  int32_t x[16], y[16]; _mm512_storeu_si512((void*)x, a); _mm512_storeu_si512((void*)y, b);\n"
                  "  for (int l = 0; l < 16; ++l) x[l] = y[l] == 0 ? 0 : y[l] == -1 ? (int32_t)(0u - (uint32_t)x[l]) : x[l] / y[l];\n"
                  "  return _mm512_loadu_si512((const void*)x);\n"
                  "#else\n"
                  "  const __m512d lo = _mm512_div_pd(_mm512_cvtepi32_pd(_mm512_castsi512_si256(a)), _mm512_cvtepi32_pd(_mm512_castsi512_si256(b)));\n"
                  "  const __m512d hi = _mm512_div_pd(_mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(a, 1)), _mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(b, 1)));\n"
                  "  return _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvttpd_epi32(lo)), _mm512_cvttpd_epi32(hi), 1);\n"
                  "#endif\n}"),
    "div_epu32": ("static inline __m512i xp_div_epu32(__m512i a, __m512i b) {\n"
                  "#ifdef SIMDE_VERSION_MAJOR\n"
                  "  uint32_t x[16], y[16]; _mm512_storeu_si512((void*)x, a); _mm512_storeu_si512((void*)y, b);\n"
                  "  for (int l = 0; l < 16; ++l) x[l] = y[l] == 0 ? 0 : x[l] / y[l];\n"
                  "  return _mm512_loadu_si512((const void*)x);\n"
                  "#else\n"
                  "  const __m512d lo = _mm512_div_pd(_mm512_cvtepu32_pd(_mm512_castsi512_si256(a)), _mm512_cvtepu32_pd(_mm512_castsi512_si256(b)));\n"
                  "  const __m512d hi = _mm512_div_pd(_mm512_cvtepu32_pd(_mm512_extracti64x4_epi64(a, 1)), _mm512_cvtepu32_pd(_mm512_extracti64x4_epi64(b, 1)));\n"
                  "  return _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvttpd_epu32(lo)), _mm512_cvttpd_epu32(hi), 1);\n"
                  "#endif\n}"),
    # scatters (lanes write in order, as the instruction does when indices repeat)
    "mscatter_ps": ("static inline void xp_mask_scatter_ps(float* base, __mmask16 m, __m512i idx, __m512 v) {\n"
                    "#ifdef SIMDE_VERSION_MAJOR\n"
                    "  float t[16]; int32_t ix[16]; _mm512_storeu_ps(t, v); _mm512_storeu_si512((void*)ix, idx);\n"
                    "  for (int l = 0; l < 16; ++l) if ((m >> l) & 1) base[ix[l]] = t[l];\n"
                    "#else\n"
                    "  _mm512_mask_i32scatter_ps(base, m, idx, v, 4);\n"
                    "#endif\n}"),
    "mscatter_epi32": ("static inline void xp_mask_scatter_epi32(void* base, __mmask16 m, __m512i idx, __m512i v) {\n"
                       "#ifdef SIMDE_VERSION_MAJOR\n"
                       "  int32_t t[16]; int32_t ix[16]; _mm512_storeu_si512((void*)t, v); _mm512_storeu_si512((void*)ix, idx);\n"
                       "  for (int l = 0; l < 16; ++l) if ((m >> l) & 1) memcpy((char*)base + 4 * (int64_t)ix[l], &t[l], 4);\n"
                       "#else\n"
                       "  _mm512_mask_i32scatter_epi32(base, m, idx, v, 4);\n"
                       "#endif\n}"),
    "neg": "static inline __m512 xp_neg_ps(__m512 a) { return _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(a), _mm512_set1_epi32((int)0x80000000u))); }",
    "copysign": ("static inline __m512 xp_copysign_ps(__m512 a, __m512 b) { return _mm512_castsi512_ps(_mm512_ternarylogic_epi32("
                 "_mm512_castps_si512(a), _mm512_castps_si512(b), _mm512_set1_epi32(0x7FFFFFFF), 0xD8)); }"),
}

_FCMP = {"<": "_CMP_LT_OQ", "<=": "_CMP_LE_OQ", ">": "_CMP_GT_OQ", ">=": "_CMP_GE_OQ", "==": "_CMP_EQ_OQ", "!=": "_CMP_NEQ_UQ"}
_ICMP = {"<": "cmplt", "<=": "cmple", ">": "cmpgt", ">=": "cmpge", "==": "cmpeq", "!=": "cmpneq"}
_ROUND = {"trunc": "_MM_FROUND_TO_ZERO", "rint": "_MM_FROUND_CUR_DIRECTION"}
_VEC_DTYPES = ("float32", "int32", "uint32")


def _mask_and(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return f"(__mmask16)({a} & {b})"


class VectorEmitter:
    """Prints one ≤16-lane loop as AVX-512 code (raises VecUnsupported)."""

    def __init__(self, printer: "CTargetPrinter", loop: Loop, vregs: set[str]):
        self.p = printer
        self.loop = loop
        self.lane = loop.var.name
        self.vregs = vregs
        self.ivals: dict[str, Expr] = {}          # lane-dependent integer lets: substituted values
        self.vvars: dict[str, str] = {}           # lets / privates printed as vectors: name -> kind
        self.privates: set[str] = set()           # 0-d buffers declared in the body: vector variables
        self.unit_stride = 0
        self.value_used = _value_uses(loop.body)
        self.pending: list[str] = []              # declarations the current statement needs first
        self.matrix = False                       # a vpdpbusd was emitted

    # ---------------------------------------------------------------- helpers
    def hoist(self, mask_text: str) -> str:
        """A mask used more than once: computed once into a named constant before the statement."""
        if mask_text.isidentifier() or len(mask_text) < 24:
            return mask_text
        name = self.fresh("m")
        self.pending.append(f"const __mmask16 {name} = {mask_text};")
        return name

    def need(self, key: str) -> str:
        self.p.helpers["~" + key] = _HELPERS[key]
        return key

    def fresh(self, base: str) -> str:
        self.p.counter += 1
        return f"xp_{base}{self.p.counter}"

    def lane_dep(self, e: Expr) -> bool:
        for n in walk(e):
            if isinstance(n, Var) and (n.name == self.lane or n.name in self.ivals or n.name in self.vvars):
                return True
            if isinstance(n, Load) and (n.buffer.name in self.vregs or n.buffer.name in self.privates):
                return True
        return False

    def scalar(self, e: Expr, mask: str | None) -> str:
        text = self.p.expr(e)
        risky = any(isinstance(n, Load) or (isinstance(n, Binary) and n.op in ("/", "%") and dt.is_int(n.dtype))
                    for n in walk(e))
        if mask is not None and risky:      # evaluated only when some lane is active (a guarded load stays guarded)
            zero = self.p.expr(Const(0, e.dtype)) if e.dtype not in ("bfloat16",) else "0"
            return f"({mask} ? {self.p.expr(e, 3)} : {zero})"
        return text

    def splat(self, v: V, kind: str, dtype: str) -> str:
        """`v` as a vector of `kind`."""
        if v.kind == kind:
            return v.text
        if v.kind != "u":
            raise VecUnsupported(f"cannot use a {v.kind} vector as {kind}")
        if kind == "f":
            if v.dtype != "float32":
                raise VecUnsupported(f"broadcast of {v.dtype} as float32")
            return f"_mm512_set1_ps({v.text})"
        if kind == "i":
            if not dt.is_int(v.dtype):
                raise VecUnsupported(f"broadcast of {v.dtype} as int32")
            text = v.text if v.dtype in ("int32", "uint32") else f"(int32_t)({v.text})"
            return f"_mm512_set1_epi32({text})"
        if kind == "m":
            if v.dtype != "bool":
                raise VecUnsupported("broadcast of a non-bool as a mask")
            return f"(__mmask16)(({v.text}) ? 0xFFFF : 0)"
        raise VecUnsupported(kind)

    @staticmethod
    def kind_of(dtype: str) -> str:
        if dtype == "float32":
            return "f"
        if dtype in ("int32", "uint32", "int64", "uint64"):
            return "i"      # 64-bit lanes are held modulo 2^32 (exact for + - * & | ^ << and a final narrowing)
        if dtype == "bool":
            return "m"
        raise VecUnsupported(f"no vector type for {dtype}")

    # ---------------------------------------------------------------- addresses
    def address(self, b: Buffer, indices) -> tuple[int, str]:
        """(stride in elements, C address of lane 0's element)."""
        idx = self.p._linear(b, indices)
        if self.ivals:
            idx = substitute(idx, self.ivals)
        for n in walk(idx):
            if isinstance(n, Var) and n.name in self.vvars:
                raise VecUnsupported("index computed from vector values")
            if isinstance(n, Load) and (n.buffer.name in self.vregs or n.buffer.name in self.privates):
                raise VecUnsupported("index loaded from a vector")
        coef = lane_coefficient(idx, self.lane)
        if coef is None:
            raise VecUnsupported(f"index of {b.name} is not affine in the lane")
        base = simplify_expr(substitute(idx, {self.lane: Const(0, self.loop.var.dtype)}))
        return coef, f"&{b.name}[{self.p.expr(base)}]"

    def index_lanes(self, b: Buffer, indices, mask: str | None) -> str:
        """The element index of `b[indices]` as 16 int32 lanes, for an index that is not affine in
        the lane (a gather / scatter). Sound when each active lane's index fits in int32: an int32
        index widened, or any index into a buffer of fewer than 2^31 elements (an active lane makes
        the access the scalar program makes, in bounds, so the low 32 bits are the index)."""
        if b.dtype not in ("float32", "int32", "uint32"):
            raise VecUnsupported(f"gather / scatter of {b.dtype}")
        idx = self.p._linear(b, indices)
        while isinstance(idx, Cast) and dt.is_int(idx.value.dtype) and dt.bits(idx.value.dtype) >= 32 \
                and dt.bits(idx.dtype) >= dt.bits(idx.value.dtype):
            idx = idx.value
        shape = b.const_shape()
        if idx.dtype != "int32" and (shape is None or math.prod(shape) >= 1 << 31):
            raise VecUnsupported(f"index of {b.name} may not fit in 32 bits")
        v = self.val(idx, mask)
        if v.kind != "i":
            raise VecUnsupported(f"index of {b.name} is not an integer vector")
        return v.text

    def stride_vector(self, coef: int) -> str:
        if abs(coef) * LANES >= 1 << 27:
            raise VecUnsupported("stride too large for a 32-bit gather")
        self.need("iota")
        return f"_mm512_mullo_epi32(xp_iota(), _mm512_set1_epi32({coef}))"

    # ---------------------------------------------------------------- expressions
    def val(self, e: Expr, mask: str | None) -> V:
        if not self.lane_dep(e):
            return V(self.scalar(e, mask), "u", e.dtype)
        if isinstance(e, Var):
            if e.name == self.lane:
                self.need("iota")
                return V("xp_iota()", "i", "int32")
            if e.name in self.vvars:
                return V(e.name, self.vvars[e.name], e.dtype)
            if e.name in self.ivals:
                return self.val(self.ivals[e.name], mask)
            raise VecUnsupported(f"variable {e.name}")
        if isinstance(e, Load):
            return self.load(e, mask)
        if isinstance(e, Cast):
            return self.cast(e, mask)
        if isinstance(e, Binary):
            return self.binary(e, mask)
        if isinstance(e, Compare):
            return self.compare(e, mask)
        if isinstance(e, Unary):
            a = self.val(e.a, mask)
            if e.op == "!":
                return V(f"(__mmask16)~{self.splat(a, 'm', 'bool')}", "m", "bool")
            k = self.kind_of(e.dtype)
            if e.op == "-" and k == "f":
                self.need("neg")
                return V(f"xp_neg_ps({self.splat(a, 'f', e.dtype)})", "f", e.dtype)
            if e.op == "-" and k == "i":
                return V(f"_mm512_sub_epi32(_mm512_setzero_si512(), {self.splat(a, 'i', e.dtype)})", "i", e.dtype)
            if e.op == "~" and k == "i":
                return V(f"_mm512_xor_si512({self.splat(a, 'i', e.dtype)}, _mm512_set1_epi32(-1))", "i", e.dtype)
            raise VecUnsupported(f"unary {e.op} on {e.dtype}")
        if isinstance(e, Select):
            c = self.val(e.cond, mask)
            cm = self.hoist(self.splat(c, "m", "bool"))
            t = self.val(e.then, _mask_and(mask, cm))
            o = self.val(e.otherwise, _mask_and(mask, f"(__mmask16)~{cm}"))
            k = self.kind_of(e.dtype)
            ts, os_ = self.splat(t, k, e.dtype), self.splat(o, k, e.dtype)
            if k == "f":
                return V(f"_mm512_mask_blend_ps({cm}, {os_}, {ts})", "f", e.dtype)
            if k == "i":
                return V(f"_mm512_mask_blend_epi32({cm}, {os_}, {ts})", "i", e.dtype)
            return V(f"(__mmask16)(({cm} & {ts}) | (~{cm} & {os_}))", "m", "bool")
        if isinstance(e, Call):
            return self.call(e, mask)
        if isinstance(e, Bitcast):
            packed = self.packed_bytes(e, mask) if e.dtype == "int32" else None
            if packed is not None:
                return packed
            a = self.val(e.value, mask)
            if e.dtype == "float32" and e.value.dtype in ("int32", "uint32"):
                return V(f"_mm512_castsi512_ps({self.splat(a, 'i', e.value.dtype)})", "f", "float32")
            if e.dtype in ("int32", "uint32") and e.value.dtype == "float32":
                return V(f"_mm512_castps_si512({self.splat(a, 'f', 'float32')})", "i", e.dtype)
            if e.dtype in ("int32", "uint32") and e.value.dtype in ("int32", "uint32"):
                return V(self.splat(a, "i", e.value.dtype), "i", e.dtype)
            raise VecUnsupported(f"bitcast {e.value.dtype} -> {e.dtype}")
        raise VecUnsupported(type(e).__name__)

    def load(self, e: Load, mask: str | None, want: str | None = None) -> V:
        b = e.buffer
        if b.name in self.privates:
            return V(b.name, self.vvars[b.name], b.dtype)
        if b.name in self.vregs:
            if not is_lane_index(b, e.indices, self.lane, self.ivals):
                raise VecUnsupported(f"vector register {b.name} indexed by something else than the lane")
            return V(b.name, self.kind_of(b.dtype), b.dtype)
        try:
            coef, addr = self.address(b, e.indices)
        except VecUnsupported:        # an index computed lane by lane: a gather
            vi = self.index_lanes(b, e.indices, mask)
            if b.dtype == "float32":
                if mask:
                    self.need("mgather_ps")
                    return V(f"xp_mask_gather_ps({mask}, {vi}, {b.name})", "f", b.dtype)
                return V(f"_mm512_i32gather_ps({vi}, (const void*){b.name}, 4)", "f", b.dtype)
            if mask:
                self.need("mgather_epi32")
                return V(f"xp_mask_gather_epi32({mask}, {vi}, {b.name})", "i", b.dtype)
            return V(f"_mm512_i32gather_epi32({vi}, (const void*){b.name}, 4)", "i", b.dtype)
        if coef == 0:
            return V(self.scalar(e, mask), "u", b.dtype)
        if coef == 1:
            self.unit_stride += 1
        t = b.dtype
        if t == "float32":
            if coef == 1:
                return V(f"_mm512_maskz_loadu_ps({mask}, {addr})" if mask else f"_mm512_loadu_ps({addr})", "f", t)
            vi = self.stride_vector(coef)
            if mask:
                self.need("mgather_ps")
                return V(f"xp_mask_gather_ps({mask}, {vi}, {addr})", "f", t)
            return V(f"_mm512_i32gather_ps({vi}, {addr}, 4)", "f", t)
        if t in ("int32", "uint32"):
            if coef == 1:
                return V(f"_mm512_maskz_loadu_epi32({mask}, {addr})" if mask
                         else f"_mm512_loadu_si512((const void*){addr})", "i", t)
            vi = self.stride_vector(coef)
            if mask:
                self.need("mgather_epi32")
                return V(f"xp_mask_gather_epi32({mask}, {vi}, {addr})", "i", t)
            return V(f"_mm512_i32gather_epi32({vi}, {addr}, 4)", "i", t)
        if coef != 1:
            raise VecUnsupported(f"strided load of {t}")
        # narrow element types: only as the operand of a widening conversion (`want` says to what)
        if want == "float32" and t == "float16":
            raw = (f"_mm512_castsi512_si256(_mm512_maskz_loadu_epi16((__mmask32){mask}, {addr}))" if mask
                   else f"_mm256_loadu_si256((const __m256i*){addr})")
            return V(f"_mm512_cvtph_ps({raw})", "f", "float32")
        if want in ("int32", "float32") and t in ("int8", "uint8", "int16", "uint16"):
            if dt.bits(t) == 8:
                raw = f"_mm_maskz_loadu_epi8({mask}, {addr})" if mask else f"_mm_loadu_si128((const __m128i*){addr})"
                conv = "_mm512_cvtepi8_epi32" if t == "int8" else "_mm512_cvtepu8_epi32"
            else:
                raw = (f"_mm512_castsi512_si256(_mm512_maskz_loadu_epi16((__mmask32){mask}, {addr}))" if mask
                       else f"_mm256_loadu_si256((const __m256i*){addr})")
                conv = "_mm512_cvtepi16_epi32" if t == "int16" else "_mm512_cvtepu16_epi32"
            iv = f"{conv}({raw})"
            return V(iv, "i", "int32") if want == "int32" else V(f"_mm512_cvtepi32_ps({iv})", "f", "float32")
        raise VecUnsupported(f"load of {t}")

    # ---------------------------------------------------------------- int8 dot products (VNNI)
    def byte_dot(self, e: Binary, mask: str | None) -> V | None:
        """``rest + sum_j part_j(A) * part_j(B)`` over the 4 bytes (or 2 int16 halves) j of two int32
        lane vectors -- what a lifted ``_mm512_dpbusd_epi32`` / ``_mm512_dpwssd_epi32`` looks like:
        one VNNI instruction."""
        terms: list[Expr] = []

        def flat(x):
            if isinstance(x, Binary) and x.op == "+" and x.dtype == "int32":
                flat(x.a)
                flat(x.b)
            else:
                terms.append(x)
        flat(e)
        prods, rest, widths = {}, [], set()
        for x in terms:
            p = _part_product(x)
            if p is None or p[0] in prods:
                rest.append(x)
            else:
                prods[p[0]] = (p[2], p[3])
                widths.add(p[1])
        if len(widths) != 1:
            return None
        width = widths.pop()
        if set(prods) != set(range(32 // width)):
            return None
        (wa, sa), (wb, sb) = prods[0]
        for j in prods:
            if prods[j] != ((wa, sa), (wb, sb)) and prods[j] != ((wb, sb), (wa, sa)):
                return None
        if not (self.lane_dep(wa) or self.lane_dep(wb)):
            return None
        if width == 16 and not (sa and sb):
            return None
        va = self.splat(self.val(wa, mask), "i", "int32")
        vb = self.splat(self.val(wb, mask), "i", "int32")
        acc = None
        for x in rest:
            v = self.splat(self.val(x, mask), "i", "int32")
            acc = v if acc is None else f"_mm512_add_epi32({acc}, {v})"
        acc = acc or "_mm512_setzero_si512()"
        self.matrix = True
        if width == 16:
            return V(f"_mm512_dpwssd_epi32({acc}, {va}, {vb})", "i", "int32")
        if sa and not sb:
            (va, sa), (vb, sb) = (vb, sb), (va, sa)
        if not sa and sb:
            return V(f"_mm512_dpbusd_epi32({acc}, {va}, {vb})", "i", "int32")
        bias = "_mm512_set1_epi8((char)0x80)"
        if sa and sb:           # a*b = (a + 128)*b - 128*b
            return V(f"_mm512_sub_epi32(_mm512_dpbusd_epi32({acc}, _mm512_xor_si512({va}, {bias}), {vb}), "
                     f"_mm512_slli_epi32(_mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_set1_epi8(1), {vb}), 7))", "i", "int32")
        return V(f"_mm512_add_epi32(_mm512_dpbusd_epi32({acc}, {va}, _mm512_xor_si512({vb}, {bias})), "
                 f"_mm512_slli_epi32(_mm512_dpbusd_epi32(_mm512_setzero_si512(), {va}, _mm512_set1_epi8(1)), 7))", "i", "int32")

    def packed_bytes(self, e: Bitcast, mask: str | None) -> V | None:
        """``(int32)(p0 | p1 << w | ...)`` with p_j the 8- or 16-bit elements buf[n * lane + j + base]
        (n = 32 / w): the 64 bytes at &buf[base] as 16 int32 lanes (one load)."""
        if e.value.dtype != "uint32":
            return None
        terms: list[Expr] = []

        def flat(x):
            if isinstance(x, Binary) and x.op == "|":
                flat(x.a)
                flat(x.b)
            else:
                terms.append(x)
        flat(e.value)
        if len(terms) not in (2, 4):
            return None
        width = 32 // len(terms)
        scale = {1 << (width * j): j for j in range(1, len(terms))}
        found = {}
        for x in terms:
            j = 0
            if isinstance(x, Binary) and x.op == "*" and isinstance(x.b, Const) and int(x.b.value) in scale:
                j, x = scale[int(x.b.value)], x.a
            elif isinstance(x, Binary) and x.op == "<<" and isinstance(x.b, Const) and int(x.b.value) in \
                    [width * i for i in range(1, len(terms))]:
                j, x = int(x.b.value) // width, x.a
            if not (isinstance(x, Cast) and x.value.dtype == f"uint{width}"):
                return None
            guard, x = None, x.value
            if isinstance(x, Select) and isinstance(x.otherwise, Const) and x.otherwise.value == 0:
                guard, x = x.cond, x.then
            if isinstance(x, Bitcast) and x.value.dtype == f"int{width}":
                x = x.value
            if not isinstance(x, Load) or x.dtype not in (f"int{width}", f"uint{width}") or j in found:
                return None
            found[j] = (x, guard)
        n = len(terms)
        first, guard0 = found[0]
        base = self.p._linear(first.buffer, first.indices)
        for j, (ld, g) in found.items():
            idx = self.p._linear(ld.buffer, ld.indices)
            if ld.buffer.name != first.buffer.name or lane_coefficient(idx, self.lane) != n or not _differ_by(idx, base, j):
                return None
            if (g is None) != (guard0 is None):
                return None
        elem_mask = None
        if guard0 is not None:        # ((W >> (n * lane + j)) & 1) != 0 for a uniform W: element mask W
            if width != 8:
                return None
            g = guard0
            if not (isinstance(g, Compare) and g.op == "!=" and isinstance(g.b, Const) and g.b.value == 0
                    and isinstance(g.a, Binary) and g.a.op == "&" and isinstance(g.a.b, Const) and g.a.b.value == 1
                    and isinstance(g.a.a, Binary) and g.a.a.op == ">>" and not self.lane_dep(g.a.a.a)):
                return None
            for j, (ld, gj) in found.items():
                if not (isinstance(gj, Compare) and isinstance(gj.a, Binary) and isinstance(gj.a.a, Binary)
                        and gj.a.a.a == g.a.a.a and lane_coefficient(gj.a.a.b, self.lane) == n
                        and _differ_by(gj.a.a.b, g.a.a.b, j)):
                    return None
            bit0 = simplify_expr(as_i64(substitute(g.a.a.b, {self.lane: Const(0, self.loop.var.dtype)})))
            if lane_coefficient(g.a.a.b, self.lane) != n or not (isinstance(bit0, Const) and bit0.value == 0):
                return None
            elem_mask = f"(__mmask64)({self.scalar(g.a.a.a, mask)})"
        if mask is not None:
            raise VecUnsupported("packed elements under a lane mask")
        coef, addr = self.address(first.buffer, first.indices)
        self.unit_stride += 1
        if elem_mask is not None:
            return V(f"_mm512_maskz_loadu_epi8({elem_mask}, {addr})", "i", "int32")
        return V(f"_mm512_loadu_si512((const void*){addr})", "i", "int32")

    def cast(self, e: Cast, mask: str | None) -> V:
        src, dst = e.value.dtype, e.dtype
        if src == dst:
            return self.val(e.value, mask)
        if isinstance(e.value, Load) and src in ("float16", "int8", "uint8", "int16", "uint16") and dst in ("float32", "int32") \
                and self.lane_dep(e.value):
            return self.load(e.value, mask, want=dst)
        a = self.val(e.value, mask)
        if dst == "float32":
            if src == "int32":
                return V(f"_mm512_cvtepi32_ps({self.splat(a, 'i', src)})", "f", dst)
            if src == "uint32":
                return V(f"_mm512_cvtepu32_ps({self.splat(a, 'i', src)})", "f", dst)
            if src == "bool":
                return V(f"_mm512_maskz_mov_ps({self.splat(a, 'm', src)}, _mm512_set1_ps(1.0f))", "f", dst)
        if dst in ("int32", "uint32"):
            if src == "float32":
                if dst == "int32":
                    return V(f"_mm512_cvttps_epi32({self.splat(a, 'f', src)})", "i", dst)
            if dt.is_int(src) and dt.bits(src) >= 32:
                return V(self.splat(a, "i", src), "i", dst)
            if src == "bool":
                return V(f"_mm512_maskz_set1_epi32({self.splat(a, 'm', src)}, 1)", "i", dst)
        if dst in ("int64", "uint64") and src in ("int32", "uint32", "int64", "uint64"):
            return V(self.splat(a, "i", src), "i", dst)     # widening: the low 32 bits do not change
        if dst == "bool":
            if src in ("int32", "uint32"):
                return V(f"_mm512_test_epi32_mask({self.splat(a, 'i', src)}, {self.splat(a, 'i', src)})", "m", dst)
            if src == "float32":
                return V(f"_mm512_cmp_ps_mask({self.splat(a, 'f', src)}, _mm512_setzero_ps(), _CMP_NEQ_UQ)", "m", dst)
        raise VecUnsupported(f"conversion {src} -> {dst}")

    def binary(self, e: Binary, mask: str | None) -> V:
        t, op = e.dtype, e.op
        if op == "+" and t == "int32":
            dot = self.byte_dot(e, mask)
            if dot is not None:
                return dot
        a, b = self.val(e.a, mask), self.val(e.b, mask)
        if op in ("and", "or") or (t == "bool" and op in ("&", "|", "^")):
            c = {"and": "&", "or": "|"}.get(op, op)
            return V(f"(__mmask16)({self.splat(a, 'm', t)} {c} {self.splat(b, 'm', t)})", "m", "bool")
        wide = t in ("int64", "uint64")
        if wide and op not in ("+", "-", "*", "&", "|", "^", "<<"):
            return self.lanewise(e, mask)
        if op in ("<<", ">>"):
            if a.dtype not in ("int32", "uint32", "int64", "uint64"):
                raise VecUnsupported(f"shift of {a.dtype}")
            av = self.splat(a, "i", a.dtype)
            if b.kind == "u" and isinstance(e.b, Const) and 0 <= int(e.b.value) < 32:
                fn = {"<<": "_mm512_slli_epi32", ">>": "_mm512_srai_epi32" if t == "int32" else "_mm512_srli_epi32"}[op]
                return V(f"{fn}({av}, {int(e.b.value)})", "i", t)
            bv = self.splat(b, "i", b.dtype) if b.kind != "u" else f"_mm512_set1_epi32((int32_t)({b.text}))"
            if b.kind != "u" and b.dtype not in ("int32", "uint32"):
                raise VecUnsupported("shift count vector")
            if op == ">>" and t == "int32":
                self.need("srav")
                return V(f"xp_srav_epi32({av}, {bv})", "i", t)
            fn = {"<<": "_mm512_sllv_epi32", ">>": "_mm512_srlv_epi32"}[op]
            return V(f"{fn}({av}, {bv})", "i", t)
        k = self.kind_of(t)
        x, y = self.splat(a, k, t), self.splat(b, k, t)
        if k == "f":
            if op in ("min", "max"):
                # C's fmin/fmax: a NaN operand yields the other one; vminps/vmaxps return the second
                # operand when either is NaN, which agrees when the second one is never NaN
                def never_nan(ex):
                    return isinstance(ex, Const) and not math.isnan(ex.value)
                if never_nan(e.a) and not never_nan(e.b):
                    x, y = y, x
                elif not never_nan(e.b):
                    return V(f"xp_f{op}_ps({x}, {y})", "f", t) if self.need(f"f{op}") else None
                return V(f"_mm512_{op}_ps({x}, {y})", "f", t)
            fn = {"+": "add", "-": "sub", "*": "mul", "/": "div"}.get(op)
            if fn is None:
                raise VecUnsupported(f"float {op}")
            return V(f"_mm512_{fn}_ps({x}, {y})", "f", t)
        if k == "i":
            u = t == "uint32"
            fn = {"+": "_mm512_add_epi32", "-": "_mm512_sub_epi32", "*": "_mm512_mullo_epi32", "&": "_mm512_and_si512",
                  "|": "_mm512_or_si512", "^": "_mm512_xor_si512",
                  "min": "_mm512_min_epu32" if u else "_mm512_min_epi32",
                  "max": "_mm512_max_epu32" if u else "_mm512_max_epi32"}.get(op)
            if op in ("/", "%") and t in ("int32", "uint32"):
                q = f"xp_{self.need('div_epu32' if u else 'div_epi32')}({x}, {y})"
                return V(q if op == "/" else f"_mm512_sub_epi32({x}, _mm512_mullo_epi32({q}, {y}))", "i", t)
            if fn is None:
                raise VecUnsupported(f"integer {op}")
            return V(f"{fn}({x}, {y})", "i", t)
        raise VecUnsupported(f"{op} on {t}")

    def compare(self, e: Compare, mask: str | None) -> V:
        t = e.a.dtype
        # ((u >> lane) & 1) != 0: bit `lane` of a uniform mask word
        if e.op == "!=" and isinstance(e.b, Const) and e.b.value == 0 and isinstance(e.a, Binary) and e.a.op == "&" \
                and isinstance(e.a.b, Const) and e.a.b.value == 1 and isinstance(e.a.a, Binary) and e.a.a.op == ">>" \
                and isinstance(e.a.a.b, Var) and e.a.a.b.name == self.lane and not self.lane_dep(e.a.a.a):
            return V(f"(__mmask16)({self.scalar(e.a.a.a, mask)})", "m", "bool")
        # lane < n: the tail mask
        if e.op == "<" and isinstance(e.a, Var) and e.a.name == self.lane and not self.lane_dep(e.b):
            self.need("tail16")
            return V(f"xp_tail_mask16({self.scalar(e.b, mask)})", "m", "bool")
        a, b = self.val(e.a, mask), self.val(e.b, mask)
        if t == "float32":
            return V(f"_mm512_cmp_ps_mask({self.splat(a, 'f', t)}, {self.splat(b, 'f', t)}, {_FCMP[e.op]})", "m", "bool")
        if t in ("int32", "uint32"):
            x, y = self.splat(a, "i", t), self.splat(b, "i", t)
            if t == "uint32" and e.op not in ("==", "!="):     # unsigned order = signed order of x ^ 0x80000000
                x, y = (f"_mm512_xor_si512({v}, _mm512_set1_epi32((int)0x80000000u))" for v in (x, y))
            return V(f"_mm512_{_ICMP[e.op]}_epi32_mask({x}, {y})", "m", "bool")
        if t == "bool" and e.op in ("==", "!="):
            x = f"({self.splat(a, 'm', t)} ^ {self.splat(b, 'm', t)})"
            return V(f"(__mmask16)~{x}" if e.op == "==" else f"(__mmask16){x}", "m", "bool")
        if t in ("int64", "uint64"):
            return self.lanewise(e, mask)
        raise VecUnsupported(f"comparison of {t}")

    def lanewise(self, e: Expr, mask: str | None) -> V:
        """A 64-bit integer value or condition that AVX-512's 32-bit lanes cannot hold exactly
        (a quotient, an order) computed lane by lane in scalar C, then loaded as a vector: only for
        expressions of the lane, lane-dependent integer lets and uniform values (index arithmetic)."""
        x = substitute(e, self.ivals) if self.ivals else e
        for n in walk(x):
            if isinstance(n, Var) and n.name in self.vvars:
                raise VecUnsupported("lane by lane: a vector value")
            if isinstance(n, Load) and (n.buffer.name in self.vregs or n.buffer.name in self.privates):
                raise VecUnsupported("lane by lane: a vector register")
        if e.dtype != "bool" and not dt.is_int(e.dtype):
            raise VecUnsupported(f"lane by lane: {e.dtype}")
        lv = self.fresh("l")
        text = self.p.expr(substitute(x, {self.lane: Var(lv, self.loop.var.dtype)}))
        active = f"if (({mask} >> {lv}) & 1) " if mask else ""
        if e.dtype == "bool":
            name = self.fresh("lm")
            self.pending.append(f"__mmask16 {name} = 0;")
            self.pending.append(f"for (int32_t {lv} = 0; {lv} < 16; ++{lv}) {active}{name} |= (__mmask16)((unsigned)({text}) << {lv});")
            return V(name, "m", "bool")
        name = self.fresh("lw")
        self.pending.append(f"int32_t {name}[16] = {{0}};")
        self.pending.append(f"for (int32_t {lv} = 0; {lv} < 16; ++{lv}) {active}{name}[{lv}] = (int32_t)({text});")
        return V(f"_mm512_loadu_si512((const void*){name})", "i", e.dtype)

    def call(self, e: Call, mask: str | None) -> V:
        t = e.args[0].dtype
        args = [self.val(a, mask) for a in e.args]
        if t in ("int32",) and e.name == "abs":
            return V(f"_mm512_abs_epi32({self.splat(args[0], 'i', t)})", "i", t)
        if t != "float32":
            raise VecUnsupported(f"{e.name} on {t}")
        xs = [self.splat(a, "f", t) for a in args]
        fn = lookup(e.name)
        if e.name == "sqrt":
            return V(f"_mm512_sqrt_ps({xs[0]})", "f", t)
        if e.name == "rsqrt":
            return V(f"_mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_sqrt_ps({xs[0]}))", "f", t)
        if e.name == "abs":
            return V(f"_mm512_abs_ps({xs[0]})", "f", t)
        if e.name in ("floor", "ceil"):
            return V(f"_mm512_{e.name}_ps({xs[0]})", "f", t)
        if e.name in _ROUND:       # (SIMDe 0.7.4 misreads _MM_FROUND_NO_EXC in the immediate)
            return V(f"_mm512_roundscale_ps({xs[0]}, {_ROUND[e.name]})", "f", t)
        if e.name == "fma":
            return V(f"_mm512_fmadd_ps({xs[0]}, {xs[1]}, {xs[2]})", "f", t)
        if e.name == "copysign":
            self.need("copysign")
            return V(f"xp_copysign_ps({xs[0]}, {xs[1]})", "f", t)
        if e.name == "isnan":
            return V(f"_mm512_cmp_ps_mask({xs[0]}, {xs[0]}, _CMP_UNORD_Q)", "m", "bool")
        if e.name in ("isinf", "isfinite"):
            op = "_CMP_EQ_OQ" if e.name == "isinf" else "_CMP_LT_OQ"
            return V(f"_mm512_cmp_ps_mask(_mm512_abs_ps({xs[0]}), _mm512_set1_ps(INFINITY), {op})", "m", "bool")
        # lane by lane through libm: bit-identical to the scalar program
        cname = (fn.c_name or fn.name) + "f"
        key = f"v_{cname}_{fn.arity}"
        params = ", ".join(f"__m512 a{i}" for i in range(fn.arity))
        stores = " ".join(f"float t{i}[16]; _mm512_storeu_ps(t{i}, a{i});" for i in range(fn.arity))
        call = f"{cname}({', '.join(f't{i}[l]' for i in range(fn.arity))})"
        self.p.helpers["~" + key] = (f"static inline __m512 xp_{key}({params}) {{ {stores} "
                                     f"for (int l = 0; l < 16; ++l) t0[l] = {call}; return _mm512_loadu_ps(t0); }}")
        return V(f"xp_{key}({', '.join(xs)})", "f", t)

    # ---------------------------------------------------------------- statements
    def body(self, mask: str | None, depth: int) -> list[str]:
        out: list[str] = []
        self.stmt(self.loop.body, out, depth, mask)
        return out

    def flush(self, out: list[str], mark: int, pad: str) -> None:
        out[mark:mark] = [pad + x for x in self.pending]
        self.pending = []

    def stmt(self, s: Stmt, out: list[str], depth: int, mask: str | None) -> None:
        pad = INDENT * depth
        mark = len(out)
        self.pending = []
        if isinstance(s, Block):
            for x in s.stmts:
                self.stmt(x, out, depth, mask)
        elif isinstance(s, Let):
            name, t = s.var.name, s.var.dtype
            if not self.lane_dep(s.value):
                self.p._need_type(t)
                out.append(pad + f"const {dt.c_type(t)} {name} = {self.scalar(s.value, mask)};")
                return
            if dt.is_int(t):
                # a vector when it can be one (computed indices reuse it; unused ones the C
                # compiler drops), else only substituted into addresses
                saved = list(self.pending)
                try:
                    v = self.val(s.value, mask)
                except VecUnsupported:
                    if name in self.value_used:
                        raise
                    v, self.pending = None, saved
                if v is not None:
                    if v.kind == "u":
                        v = V(self.splat(v, "i", t), "i", t)
                    if v.kind != "i":
                        raise VecUnsupported(f"let {name}")
                    out.append(pad + f"const __m512i {name} = {v.text};")
                    self.vvars[name] = "i"
                # addresses see through it (substituted), values use the vector
                self.ivals[name] = substitute(s.value, self.ivals) if self.ivals else s.value
                self.flush(out, mark, pad)
                return
            k = self.kind_of(t)
            v = self.val(s.value, mask)
            ctype = {"f": "__m512", "i": "__m512i", "m": "__mmask16"}[k]
            out.append(pad + f"const {ctype} {name} = {self.splat(v, k, t)};")
            self.vvars[name] = k
            self.flush(out, mark, pad)
        elif isinstance(s, Store):
            self.store(s, out, pad, mask)
            self.flush(out, mark, pad)
        elif isinstance(s, If):
            c = self.val(s.cond, mask)
            has_else = s.otherwise is not None and not (isinstance(s.otherwise, Block) and not s.otherwise.stmts)
            if c.kind == "u":
                self.flush(out, mark, pad)
                out.append(pad + f"if ({c.text}) {{")
                self.stmt(s.then, out, depth + 1, mask)
                if has_else:
                    out.append(pad + "} else {")
                    self.stmt(s.otherwise, out, depth + 1, mask)
                out.append(pad + "}")
                return
            cm = self.hoist(c.text) if has_else else c.text
            self.flush(out, mark, pad)
            m = self.fresh("m")
            out.append(pad + f"const __mmask16 {m} = {_mask_and(mask, cm)};")
            out.append(pad + f"if ({m}) {{")
            self.stmt(s.then, out, depth + 1, m)
            out.append(pad + "}")
            if has_else:
                m2 = self.fresh("m")
                out.append(pad + f"const __mmask16 {m2} = {_mask_and(mask, f'(__mmask16)~{cm}')};")
                out.append(pad + f"if ({m2}) {{")
                self.stmt(s.otherwise, out, depth + 1, m2)
                out.append(pad + "}")
        elif isinstance(s, Loop):
            self.inner_loop(s, out, depth, mask)
        elif isinstance(s, While):
            # lanes leave one by one; a lane that has left stays out (its state no longer changes)
            live, m = self.fresh("live"), self.fresh("m")
            self.flush(out, mark, pad)
            out.append(pad + f"__mmask16 {live} = {mask or '(__mmask16)0xFFFF'};")
            out.append(pad + "for (;;) {")
            inner: list[str] = []
            c = self.val(s.cond, live)
            self.flush(inner, 0, pad + INDENT)
            out.extend(inner)
            out.append(pad + INDENT + f"const __mmask16 {m} = {_mask_and(live, self.splat(c, 'm', 'bool'))};")
            out.append(pad + INDENT + f"if (!{m}) break;")
            self.stmt(s.body, out, depth + 1, m)
            out.append(pad + INDENT + f"{live} = {m};")
            out.append(pad + "}")
        elif isinstance(s, Alloc):
            b = s.buffer
            shape = b.const_shape()
            if shape is None or math.prod(shape) != 1 or b.dtype not in _VEC_DTYPES:
                raise VecUnsupported(f"buffer {b.name} declared in a vector loop")
            k = self.kind_of(b.dtype)
            zero = "_mm512_setzero_ps()" if k == "f" else "_mm512_setzero_si512()"
            out.append(pad + f"{'__m512' if k == 'f' else '__m512i'} {b.name} = {zero};")
            self.privates.add(b.name)
            self.vvars[b.name] = k
        else:
            raise VecUnsupported(type(s).__name__)

    def inner_loop(self, s: Loop, out: list[str], depth: int, mask: str | None) -> None:
        """A loop inside the lanes (an outer loop vectorised): all lanes step through it together,
        its variable a scalar. A trip count that differs between lanes runs to the largest one,
        each lane masked off once its own count is done."""
        pad = INDENT * depth
        var, t = s.var.name, s.var.dtype
        if var in self.p.omp:
            raise VecUnsupported("a parallel loop inside vector lanes")
        self.p._need_type(t)
        ctype = dt.c_type(t)
        if not self.lane_dep(s.extent):
            ext = self.scalar(s.extent, mask)
            self.flush(out, len(out), pad)
            out.append(pad + f"for ({ctype} {var} = 0; {var} < {ext}; ++{var}) {{")
            self.stmt(s.body, out, depth + 1, mask)
            out.append(pad + "}")
            return
        if t != "int32":
            raise VecUnsupported(f"lane-dependent trip count of {t}")
        mark = len(out)
        n = self.splat(self.val(s.extent, mask), "i", s.extent.dtype)
        nv, top, m = self.fresh("n"), self.fresh("top"), self.fresh("m")
        self.pending.append(f"const __m512i {nv} = {n};")
        live = f"_mm512_maskz_mov_epi32({mask}, {nv})" if mask else nv
        self.pending.append(f"const int32_t {top} = _mm512_reduce_max_epi32({live});")
        self.flush(out, mark, pad)
        out.append(pad + f"for (int32_t {var} = 0; {var} < {top}; ++{var}) {{")
        out.append(pad + INDENT + f"const __mmask16 {m} = {_mask_and(mask, f'_mm512_cmpgt_epi32_mask({nv}, _mm512_set1_epi32({var}))')};")
        self.stmt(s.body, out, depth + 1, m)
        out.append(pad + "}")

    def store(self, s: Store, out: list[str], pad: str, mask: str | None) -> None:
        b = s.buffer
        t = b.dtype
        if t not in _VEC_DTYPES:
            raise VecUnsupported(f"store of {t}")
        k = self.kind_of(t)
        value = self.splat(self.val(s.value, mask), k, t)
        if b.name in self.privates or b.name in self.vregs:
            if b.name in self.vregs and not is_lane_index(b, s.indices, self.lane, self.ivals):
                raise VecUnsupported(f"vector register {b.name} indexed by something else than the lane")
            if mask is None:
                out.append(pad + f"{b.name} = {value};")
            else:
                fn = "_mm512_mask_mov_ps" if k == "f" else "_mm512_mask_mov_epi32"
                out.append(pad + f"{b.name} = {fn}({b.name}, {mask}, {value});")
            return
        try:
            coef, addr = self.address(b, s.indices)
        except VecUnsupported:        # an index computed lane by lane: a scatter
            coef, addr = None, None
        if coef == 0:
            raise VecUnsupported(f"every lane stores to one element of {b.name}")
        if coef != 1:                 # lanes store in order, as the scalar loop does
            vi = self.index_lanes(b, s.indices, mask) if coef is None else self.stride_vector(coef)
            base = b.name if coef is None else addr
            m = mask or "(__mmask16)0xFFFF"
            if k == "f":
                self.need("mscatter_ps")
                out.append(pad + f"xp_mask_scatter_ps({base}, {m}, {vi}, {value});")
            else:
                self.need("mscatter_epi32")
                out.append(pad + f"xp_mask_scatter_epi32({base}, {m}, {vi}, {value});")
            return
        if coef == 1:
            self.unit_stride += 1
            if k == "f":
                out.append(pad + (f"_mm512_mask_storeu_ps({addr}, {mask}, {value});" if mask
                                  else f"_mm512_storeu_ps({addr}, {value});"))
            else:
                out.append(pad + (f"_mm512_mask_storeu_epi32({addr}, {mask}, {value});" if mask
                                  else f"_mm512_storeu_si512((void*){addr}, {value});"))
            return


def _value_uses(body: Stmt) -> set[str]:
    """Names of the variables a loop body uses as values (not only inside buffer indices),
    closed under lets: a let used as a value makes the variables of its definition values too."""
    direct: set[str] = set()
    lets: dict[str, Expr] = {}

    def expr(e: Expr):
        if isinstance(e, Load):
            return            # indices are addresses
        if isinstance(e, Var):
            direct.add(e.name)
            return
        from ...ir.visitor import children
        for c in children(e):
            if isinstance(c, Expr):
                expr(c)

    for n in walk(body):
        if isinstance(n, Let):
            lets[n.var.name] = n.value
        elif isinstance(n, Store):
            expr(n.value)
        elif isinstance(n, If):
            expr(n.cond)
    # values of lets that are themselves used as values
    changed = True
    while changed:
        changed = False
        for name, v in lets.items():
            if name in direct:
                before = len(direct)
                expr(v)
                changed |= len(direct) != before
    # selects inside loads' indices are addresses; loads' own values are values (handled by Store/If)
    return direct


# ------------------------------------------------------------------------------------ the printer

class CTargetPrinter(CPrinter):
    def __init__(self, k: Kernel):
        super().__init__(restrict=True)
        self.omp = set(get_attr(k, ATTR_OMP))
        self.avx = set(get_attr(k, ATTR_AVX))
        self.vnni = set(get_attr(k, ATTR_VNNI))
        self.vreduce = set(get_attr(k, ATTR_VREDUCE))
        self.vregs: dict[str, str] = {}          # active vector registers: name -> dtype
        self.vreg_names = set(get_attr(k, ATTR_VREG))
        self.counter = 0
        self.used: set[str] = set()
        self.vector_loops: list[str] = []
        self.fallbacks: list[str] = []
        self._axes, self._heap = [], []

    # ---------------------------------------------------------------- set-up
    def prepare(self, k: Kernel) -> None:
        """Decide which marked loops lower (dry run); vector registers stay registers only when every
        loop that touches them lowers."""
        loops = {n.var.name: n for n in walk(k.body) if isinstance(n, Loop)}
        allocs = {n.buffer.name: n.buffer for n in walk(k.body) if isinstance(n, Alloc)}
        active = {name for name in self.vreg_names if name in allocs and allocs[name].dtype in _VEC_DTYPES}
        while True:
            failed = set()
            for name in sorted(self.avx | self.vnni):
                L = loops.get(name)
                if L is None:
                    continue
                try:
                    scratch = CTargetPrinter.__new__(CTargetPrinter)
                    scratch.__dict__.update(self.__dict__)
                    scratch.helpers = dict(self.helpers)
                    scratch.used, scratch.vector_loops, scratch.fallbacks = set(), [], []
                    scratch.vregs = {n: allocs[n].dtype for n in active}
                    scratch._axes, scratch._heap = [], [[]]
                    if name in self.vnni:
                        scratch._vnni_loop(L, [], 1)
                    else:
                        scratch._vector_loop(L, [], 1)
                except Exception:          # VecUnsupported, PrintError, or an IR it does not expect
                    failed.add(name)
            touched = set()
            for name in failed:
                touched |= {n.buffer.name for n in walk(loops[name].body) if isinstance(n, (Load, Store))} & active
            self.avx -= failed
            self.vnni -= failed
            self.fallbacks.extend(sorted(failed))
            if not touched:
                break
            active -= touched
        self.vregs = {n: allocs[n].dtype for n in active}

    # ---------------------------------------------------------------- statements
    def _stmt(self, s: Stmt, out: list[str], depth: int) -> None:
        pad = INDENT * depth
        if isinstance(s, Alloc) and s.buffer.name in self.vregs:
            if s.buffer.dtype == "float32":
                out.append(pad + f"__m512 {s.buffer.name} = _mm512_setzero_ps();  // 16 lanes")
            else:
                out.append(pad + f"__m512i {s.buffer.name} = _mm512_setzero_si512();  // 16 lanes")
            return
        if isinstance(s, Loop):
            name = s.var.name
            if name in self.vnni:
                self._vnni_loop(s, out, depth)
                self.used.add("matrix")
                return
            if name in self.avx:
                self._vector_loop(s, out, depth)
                self.used.add("vector")
                self.vector_loops.append(name)
                return
            if name in self.vreduce and self._reduce_loop(s, out, depth):
                return
            if name in self.omp:
                out.append(pad + "#pragma omp parallel for schedule(static)")
                self.used.add("parallel")
            elif s.kind in ("vectorized",) or name in self.fallbacks:
                out.append(pad + "#pragma omp simd")
                self.used.add("simd")
        super()._stmt(s, out, depth)

    def _vector_loop(self, s: Loop, out: list[str], depth: int) -> None:
        pad = INDENT * depth
        ext = s.extent
        em = VectorEmitter(self, s, set(self.vregs))
        if isinstance(ext, Const):
            n = int(ext.value)
            if n > LANES:
                raise VecUnsupported("more than 16 lanes")
            if n <= 0:
                return
            mask = None if n == LANES else f"(__mmask16){hex((1 << n) - 1)}"
            head = [pad + f"// {s.var.name} = 0..{n - 1} as {n} AVX-512 lanes"]
        else:
            em.need("tail16")
            mask = em.fresh("tail")
            head = [pad + f"// {s.var.name} = 0..{self.expr(ext)}-1 (fewer than 16) as masked AVX-512 lanes",
                    pad + f"const __mmask16 {mask} = xp_tail_mask16({self.expr(ext)});"]
        lines = em.body(mask, depth)
        if len(lines) > 1 or mask is not None:
            out.extend(head)
        out.extend(lines)
        if em.matrix:
            self.used.add("matrix")

    def _reduce_loop(self, s: Loop, out: list[str], depth: int) -> bool:
        body = s.body
        if not (isinstance(body, Store) and isinstance(body.value, Binary) and isinstance(body.value.b, Load)):
            return False
        part = body.value.b
        if part.buffer.name not in self.vregs or body.value.a != Load(body.buffer, body.indices):
            return False
        op, t = body.value.op, part.buffer.dtype
        fn = {"+": "add", "max": "max", "min": "min"}[op]
        red = f"_mm512_reduce_{fn}_{'ps' if t == 'float32' else 'epi32'}({part.buffer.name})"
        target = self._element(body.buffer, body.indices)
        cur = self.expr(body.value.a)
        if op == "+":
            out.append(INDENT * depth + f"{target} = {cur} + {red};")
        elif t == "float32":
            out.append(INDENT * depth + f"{target} = f{fn}f({cur}, {red});")
        else:
            from ...ir.printer_c import _minmax_helper
            self.helpers[f"{op}_{t}"] = _minmax_helper(op, t)
            out.append(INDENT * depth + f"{target} = xp_{op}_{t}({cur}, {red});")
        return True

    def _vnni_loop(self, s: Loop, out: list[str], depth: int) -> None:
        """acc[l] = acc[l] + sum_j (int32)a[.. 4l + j ..] * (int32)b[.. 4l + j ..] (j < 4, maybe guarded
        by 4l + j < rem) -> one vpdpbusd on 64 bytes of each operand."""
        pad = INDENT * depth
        st = s.body
        lane = s.var.name
        if not (isinstance(st, Store) and st.buffer.name in self.vregs and st.buffer.dtype == "int32"
                and isinstance(st.value, Binary) and st.value.op == "+" and st.value.a == Load(st.buffer, st.indices)):
            raise VecUnsupported("not a VNNI group")
        terms = []

        def collect(e):
            if isinstance(e, Binary) and e.op == "+":
                collect(e.a)
                collect(e.b)
            else:
                terms.append(e)
        collect(st.value.b)
        if len(terms) != 4:
            raise VecUnsupported("not 4 products")
        rem = None
        loads = []
        for j, term in enumerate(terms):
            if isinstance(term, Select):
                c = term.cond
                if not (isinstance(c, Compare) and c.op == "<" and isinstance(term.otherwise, Const)):
                    raise VecUnsupported("tail guard")
                rem = c.b
                term = term.then
            if not (isinstance(term, Binary) and term.op == "*" and all(
                    isinstance(x, Cast) and x.dtype == "int32" and isinstance(x.value, Load)
                    and x.value.dtype in ("int8", "uint8") for x in (term.a, term.b))):
                raise VecUnsupported("not an int8 product")
            loads.append((term.a.value, term.b.value))
        em = VectorEmitter(self, s, set(self.vregs))
        addrs = []
        for side in (0, 1):
            base = None
            for j, pair in enumerate(loads):
                ld = pair[side]
                idx = self._linear(ld.buffer, ld.indices)
                if lane_coefficient(idx, lane) != 4:
                    raise VecUnsupported("operand stride")
                if base is None:
                    base = idx
                    first = ld
                elif ld.buffer.name != first.buffer.name or not _differ_by(idx, base, j):
                    raise VecUnsupported("operand layout")
            coef, addr = em.address(first.buffer, first.indices)
            addrs.append((first.buffer.dtype, addr))
        mask = None
        if rem is not None:
            em.need("tail64")
            mask = f"xp_tail_mask64({self.expr(rem)})"

        def ld(addr):
            return f"_mm512_maskz_loadu_epi8({mask}, {addr})" if mask else f"_mm512_loadu_si512((const void*){addr})"
        (ta, aa), (tb, ab) = addrs
        if ta == "int8" and tb == "uint8":
            (ta, aa), (tb, ab) = (tb, ab), (ta, aa)
        acc = st.buffer.name
        va, vb = em.fresh("a"), em.fresh("b")
        out.append(pad + f"// {lane} = 0..15: 16 int32 lanes x 4 int8 products (VNNI){', masked tail' if mask else ''}")
        out.append(pad + f"const __m512i {va} = {ld(aa)};")
        out.append(pad + f"const __m512i {vb} = {ld(ab)};")
        if ta == "uint8" and tb == "int8":
            out.append(pad + f"{acc} = _mm512_dpbusd_epi32({acc}, {va}, {vb});")
        elif ta == "int8" and tb == "int8":      # a*b = (a + 128)*b - 128*b
            out.append(pad + f"{acc} = _mm512_sub_epi32(_mm512_dpbusd_epi32({acc}, _mm512_xor_si512({va}, _mm512_set1_epi8((char)0x80)), {vb}),")
            out.append(pad + f"    _mm512_slli_epi32(_mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_set1_epi8(1), {vb}), 7));")
        else:                                     # u8 x u8: a*b = a*(b - 128) + 128*a
            out.append(pad + f"{acc} = _mm512_add_epi32(_mm512_dpbusd_epi32({acc}, {va}, _mm512_xor_si512({vb}, _mm512_set1_epi8((char)0x80))),")
            out.append(pad + f"    _mm512_slli_epi32(_mm512_dpbusd_epi32(_mm512_setzero_si512(), {va}, _mm512_set1_epi8(1)), 7));")

    # ---------------------------------------------------------------- unit
    def unit(self) -> str:
        head = ["/* generated by xpiler (C target: C11, AVX-512" + (", OpenMP" if "parallel" in self.used or "simd" in self.used else "")
                + "); signed integer arithmetic wraps (compile with -fwrapv) */",
                "#include <immintrin.h>", "#include <math.h>"]
        if "parallel" in self.used:
            head.append("#include <omp.h>")
        head += ["#include <stdbool.h>", "#include <stdint.h>", "#include <stdlib.h>", "#include <string.h>", ""]
        keys = sorted(self.helpers, key=lambda k: (k != "bf16", k.startswith("~"), k))
        helpers = [self.helpers[k] for k in keys]
        return "\n".join(head + helpers + ([""] if helpers else []) + ["\n\n".join(self.functions)]) + "\n"


def _part_of(x: Expr):
    """(int32 word, part index j, signed, width) when `x` is the j-th 8- or 16-bit part of a 32-bit
    word (as an unsigned or signed narrow integer)."""
    signed = False
    if isinstance(x, Bitcast) and x.dtype in ("int8", "int16") and x.value.dtype == "u" + x.dtype:
        signed, x = True, x.value
    if not (isinstance(x, Cast) and x.dtype in ("uint8", "uint16")):
        return None
    width = dt.bits(x.dtype)
    x = x.value
    j = 0
    if isinstance(x, Binary) and x.op == ">>" and isinstance(x.b, Const) and int(x.b.value) % width == 0 \
            and 0 < int(x.b.value) < 32:
        j, x = int(x.b.value) // width, x.a
    if isinstance(x, Bitcast) and x.dtype == "uint32" and x.value.dtype == "int32":
        return x.value, j, signed, width
    if x.dtype == "uint32":
        return x, j, signed, width
    return None


def _part_product(x: Expr):
    """(j, width, (word_a, signed_a), (word_b, signed_b)) for ``(int32)part_j(A) * (int32)part_j(B)``."""
    if not (isinstance(x, Binary) and x.op == "*" and x.dtype == "int32"):
        return None
    ops = []
    for y in (x.a, x.b):
        if not (isinstance(y, Cast) and y.value.dtype in ("int8", "uint8", "int16", "uint16")):
            return None
        b = _part_of(y.value)
        if b is None:
            return None
        ops.append(b)
    (wa, ja, sa, na), (wb, jb, sb, nb) = ops
    if ja != jb or na != nb:
        return None
    return ja, na, (wa, sa), (wb, sb)


def _differ_by(a: Expr, b: Expr, j: int) -> bool:
    from ...ir.analysis.affine import to_poly
    pa, pb = to_poly(as_i64(a)), to_poly(as_i64(b))
    d = dict(pa.terms)
    for m, c in pb.terms:
        d[m] = d.get(m, 0) - c
    d = {m: c for m, c in d.items() if c % (1 << 64)}
    return set(d) <= {()} and (pa.signed(d.get((), 0)) if d else 0) == j


def can_vectorize(stmt: Stmt, vec_loops: set[str], vregs: set[str], require_unit_stride: bool = False) -> bool:
    """Would every loop of `vec_loops` inside `stmt` lower to AVX-512 (with `vregs` as registers)?"""
    p = CTargetPrinter(Kernel("xp_probe", (), Block(())))
    p.vregs = {}
    allocs = {n.buffer.name: n.buffer.dtype for n in walk(stmt) if isinstance(n, Alloc)}
    p.vregs = {n: allocs.get(n, "float32") for n in vregs}
    p._axes, p._heap = [], [[]]
    unit = 0
    for n in walk(stmt):
        if isinstance(n, Loop) and n.var.name in vec_loops:
            try:
                em = VectorEmitter(p, n, set(p.vregs))
                ext = n.extent
                mask = None if isinstance(ext, Const) and int(ext.value) == LANES else "xp_probe_mask"
                em.body(mask, 1)
            except Exception:                  # VecUnsupported, PrintError, or an IR it does not expect
                return False
            unit += em.unit_stride + sum(1 for x in walk(n.body) if isinstance(x, (Load, Store)) and x.buffer.name in p.vregs)
    return unit > 0 or not require_unit_stride
