"""The scalar meaning of the C model's AVX-512 / VNNI intrinsics as IR (detensorization).

Follows `xpiler.lift.calls` (read its call convention first). Every intrinsic of the C model's
table (`intrinsics.py`, parsed from its prototypes) plus the extra AVX-512F/BW names that the suite
uses (`EXTRA_PROTOTYPES`) has an entry in ``INTRINSICS``.

Register layout: a value type (``VALUE_TYPES``) is a local 1-D buffer of its lanes; ``__m512i`` is
typeless and kept as int32[16]: intrinsics that view it as bytes, int16 or int64 extract and insert
with shifts, masks and casts; float views use `Bitcast`. The builders read the storage dtype from
the buffer they are given, so a frontend that keeps ``__m512i`` as int8[64] works as well.
Memory is addressed through the pointer's buffer, whose dtype is the pointee type: a load or store
of another element type (``_mm512_loadu_si512`` from an ``int8_t*``) assembles / disassembles the
lanes from the pointee elements in little-endian order. Masked loads never read a masked-off
element (each guarded by a `Select`); masked stores never write one (an `If` per element; an
element wider than the mask granularity, e.g. an ``int32_t`` under a byte mask, is read, merged
and written back only when one of its bytes is selected).

Exactness (all checked against the real instructions by tests/test_c_lifting.py):

- float arithmetic is IEEE binary32 with the default MXCSR (nearest even, no FTZ/DAZ); fmadd and
  friends are one `fma` call; max/min are ``a > b ? a : b`` / ``a < b ? a : b`` (a NaN or
  ±0 pair gives the second operand, as the instructions do, unlike C's fmax/fmin);
- horizontal reductions follow GCC 12's avx512fintrin.h tree (512 -> 256 -> 128 -> 64 -> 32,
  upper half first), so sums are bitwise those of ``_mm512_reduce_add_ps``;
- scalef follows VSCALEFPS's special-case table (a QNaN times 2^+inf is +inf ...), roundscale
  and cvtps_ph honour the immediate's rounding (bit 2: MXCSR, i.e. nearest even), cvt(t)ps_epi32
  give INT32_MIN for NaN / out of range; VDPBF16PS is two fp32 FMAs per lane (odd pair first)
  with denormal inputs and results flushed to zero (checked on hardware);
- NaN payloads: a NaN result is a NaN; its payload and sign are bitwise those of the instruction
  (on the test data) except for the negated fused forms (fmsub/fnmadd/fnmsub: the IR negates a
  NaN operand, the instruction passes it through) and operations on two NaNs (which operand's
  payload survives an IR ``+`` is the C compiler's choice, e.g. in ``_mm512_reduce_add_ps``);
- ``rcp14``/``rsqrt14`` are approximations in hardware (relative error < 2^-14); they lift to the
  correctly rounded value with precision class "approx"; ``_mm512_exp_ps`` (SVML) lifts to
  ``exp`` (class "ulp");
- the AVX-VNNI-INT8/INT16 dot products (``dpbssd`` ...) follow Intel's pseudo-code; GCC 12 cannot
  compile them, so they are checked against a NumPy model only.
"""
from __future__ import annotations

import re
from typing import Callable

from ...ir import dtypes as dt
from ...ir.evaluate import NotConstant, evaluate
from ...ir.expr import (Address, Binary, Bitcast, Compare, Const, Expr, Load, Select, Var, call, cast, logical_and,
                        logical_not, logical_or)
from ...ir.names import Names
from ...ir.semantics import Undefined
from ...ir.stmt import If, Let, Loop, Stmt, Store, block
from ...lift.calls import IntrinsicLifting
from .intrinsics import INTRINSICS as TABLE

# ------------------------------------------------------------------------------------------ types
VALUE_TYPES: dict[str, tuple[str, int]] = {
    "__m512": ("float32", 16), "__m512i": ("int32", 16), "__m512d": ("float64", 8),
    "__m256": ("float32", 8), "__m256i": ("int32", 8), "__m256d": ("float64", 4),
    "__m128": ("float32", 4), "__m128i": ("int32", 4), "__m128d": ("float64", 2),
    "__m512bh": ("bfloat16", 32), "__m256bh": ("bfloat16", 16), "__m128bh": ("bfloat16", 8),
}
# AVX-512 mask registers are plain unsigned integers in C
SCALAR_TYPES: dict[str, str] = {"__mmask8": "uint8", "__mmask16": "uint16", "__mmask32": "uint32",
                                "__mmask64": "uint64"}

CONSTANTS: dict[str, int] = {
    # _mm512_cmp_ps_mask predicates (immintrin.h / avxintrin.h)
    "_CMP_EQ_OQ": 0x00, "_CMP_LT_OS": 0x01, "_CMP_LE_OS": 0x02, "_CMP_UNORD_Q": 0x03, "_CMP_NEQ_UQ": 0x04,
    "_CMP_NLT_US": 0x05, "_CMP_NLE_US": 0x06, "_CMP_ORD_Q": 0x07, "_CMP_EQ_UQ": 0x08, "_CMP_NGE_US": 0x09,
    "_CMP_NGT_US": 0x0a, "_CMP_FALSE_OQ": 0x0b, "_CMP_NEQ_OQ": 0x0c, "_CMP_GE_OS": 0x0d, "_CMP_GT_OS": 0x0e,
    "_CMP_TRUE_UQ": 0x0f, "_CMP_EQ_OS": 0x10, "_CMP_LT_OQ": 0x11, "_CMP_LE_OQ": 0x12, "_CMP_UNORD_S": 0x13,
    "_CMP_NEQ_US": 0x14, "_CMP_NLT_UQ": 0x15, "_CMP_NLE_UQ": 0x16, "_CMP_ORD_S": 0x17, "_CMP_EQ_US": 0x18,
    "_CMP_NGE_UQ": 0x19, "_CMP_NGT_UQ": 0x1a, "_CMP_FALSE_OS": 0x1b, "_CMP_NEQ_OS": 0x1c, "_CMP_GE_OQ": 0x1d,
    "_CMP_GT_OQ": 0x1e, "_CMP_TRUE_US": 0x1f,
    # integer comparison predicates (_mm512_cmp_epi32_mask)
    "_MM_CMPINT_EQ": 0, "_MM_CMPINT_LT": 1, "_MM_CMPINT_LE": 2, "_MM_CMPINT_UNUSED": 3, "_MM_CMPINT_NE": 4,
    "_MM_CMPINT_NLT": 5, "_MM_CMPINT_GE": 5, "_MM_CMPINT_NLE": 6, "_MM_CMPINT_GT": 6,
    # rounding control (roundscale, cvtps_ph, *_round_*)
    "_MM_FROUND_TO_NEAREST_INT": 0x00, "_MM_FROUND_TO_NEG_INF": 0x01, "_MM_FROUND_TO_POS_INF": 0x02,
    "_MM_FROUND_TO_ZERO": 0x03, "_MM_FROUND_CUR_DIRECTION": 0x04, "_MM_FROUND_RAISE_EXC": 0x00,
    "_MM_FROUND_NO_EXC": 0x08, "_MM_FROUND_NINT": 0x00, "_MM_FROUND_FLOOR": 0x01, "_MM_FROUND_CEIL": 0x02,
    "_MM_FROUND_TRUNC": 0x03, "_MM_FROUND_RINT": 0x04, "_MM_FROUND_NEARBYINT": 0x0c,
}

_C_SCALARS = {"int": "int32", "unsigned int": "uint32", "unsigned": "uint32", "char": "int8", "signed char": "int8",
              "unsigned char": "uint8", "short": "int16", "unsigned short": "uint16", "long long": "int64",
              "unsigned long long": "uint64", "float": "float32", "double": "float64", **SCALAR_TYPES}

# AVX-512 names the suite uses (and their mask/maskz siblings) that the model's table lacks
EXTRA_PROTOTYPES: dict[str, str] = {
    "_mm512_roundscale_ps": "__m512 _mm512_roundscale_ps(__m512 a, int imm)",
    "_mm512_scalef_ps": "__m512 _mm512_scalef_ps(__m512 a, __m512 b)",
    "_mm512_mask_blend_ps": "__m512 _mm512_mask_blend_ps(__mmask16 k, __m512 a, __m512 b)",
    "_mm512_mask_blend_epi32": "__m512i _mm512_mask_blend_epi32(__mmask16 k, __m512i a, __m512i b)",
    "_mm512_cmp_ps_mask": "__mmask16 _mm512_cmp_ps_mask(__m512 a, __m512 b, int imm)",
    "_mm512_mask_cmp_ps_mask": "__mmask16 _mm512_mask_cmp_ps_mask(__mmask16 k, __m512 a, __m512 b, int imm)",
    "_mm512_cmp_epi32_mask": "__mmask16 _mm512_cmp_epi32_mask(__m512i a, __m512i b, int imm)",
    "_mm512_mask_loadu_ps": "__m512 _mm512_mask_loadu_ps(__m512 src, __mmask16 k, void const* p)",
    "_mm512_mask_loadu_epi32": "__m512i _mm512_mask_loadu_epi32(__m512i src, __mmask16 k, void const* p)",
    "_mm512_loadu_epi32": "__m512i _mm512_loadu_epi32(void const* p)",
    "_mm512_storeu_epi32": "void _mm512_storeu_epi32(void* p, __m512i a)",
    "_mm512_maskz_mov_ps": "__m512 _mm512_maskz_mov_ps(__mmask16 k, __m512 a)",
    "_mm512_mask_mov_ps": "__m512 _mm512_mask_mov_ps(__m512 src, __mmask16 k, __m512 a)",
    "_mm512_maskz_mov_epi32": "__m512i _mm512_maskz_mov_epi32(__mmask16 k, __m512i a)",
    "_mm512_mask_mov_epi32": "__m512i _mm512_mask_mov_epi32(__m512i src, __mmask16 k, __m512i a)",
    "_mm512_test_epi32_mask": "__mmask16 _mm512_test_epi32_mask(__m512i a, __m512i b)",
    "_mm512_testn_epi32_mask": "__mmask16 _mm512_testn_epi32_mask(__m512i a, __m512i b)",
    "_mm512_castps_si512": "__m512i _mm512_castps_si512(__m512 a)",
    "_mm512_castsi512_ps": "__m512 _mm512_castsi512_ps(__m512i a)",
    "_mm512_abs_ps": "__m512 _mm512_abs_ps(__m512 a)",
    "_mm512_fnmsub_ps": "__m512 _mm512_fnmsub_ps(__m512 a, __m512 b, __m512 c)",
    "_mm512_and_si512": "__m512i _mm512_and_si512(__m512i a, __m512i b)",
    "_mm512_or_si512": "__m512i _mm512_or_si512(__m512i a, __m512i b)",
    "_mm512_xor_si512": "__m512i _mm512_xor_si512(__m512i a, __m512i b)",
    "_mm512_set1_epi16": "__m512i _mm512_set1_epi16(short x)",
    "_mm512_reduce_min_epi32": "int _mm512_reduce_min_epi32(__m512i a)",
    "_mm512_reduce_mul_ps": "float _mm512_reduce_mul_ps(__m512 a)",
    "_mm512_mask_reduce_max_ps": "float _mm512_mask_reduce_max_ps(__mmask16 k, __m512 a)",
    "_mm512_mask_reduce_min_ps": "float _mm512_mask_reduce_min_ps(__mmask16 k, __m512 a)",
}
for _op in ("add", "sub", "mul", "div", "max", "min"):
    EXTRA_PROTOTYPES[f"_mm512_mask_{_op}_ps"] = \
        f"__m512 _mm512_mask_{_op}_ps(__m512 src, __mmask16 k, __m512 a, __m512 b)"
    EXTRA_PROTOTYPES[f"_mm512_maskz_{_op}_ps"] = f"__m512 _mm512_maskz_{_op}_ps(__mmask16 k, __m512 a, __m512 b)"
EXTRA_PROTOTYPES.pop("_mm512_mask_max_ps")          # in the table
EXTRA_PROTOTYPES["_mm512_mask_sqrt_ps"] = "__m512 _mm512_mask_sqrt_ps(__m512 src, __mmask16 k, __m512 a)"
EXTRA_PROTOTYPES["_mm512_maskz_sqrt_ps"] = "__m512 _mm512_maskz_sqrt_ps(__mmask16 k, __m512 a)"
for _op in ("fmadd", "fmsub", "fnmadd", "fnmsub"):
    EXTRA_PROTOTYPES[f"_mm512_mask_{_op}_ps"] = \
        f"__m512 _mm512_mask_{_op}_ps(__m512 a, __mmask16 k, __m512 b, __m512 c)"
    EXTRA_PROTOTYPES[f"_mm512_mask3_{_op}_ps"] = \
        f"__m512 _mm512_mask3_{_op}_ps(__m512 a, __m512 b, __m512 c, __mmask16 k)"
    EXTRA_PROTOTYPES[f"_mm512_maskz_{_op}_ps"] = \
        f"__m512 _mm512_maskz_{_op}_ps(__mmask16 k, __m512 a, __m512 b, __m512 c)"

PROTOTYPES: dict[str, str] = {**{n: e.prototype for n, e in TABLE.items()}, **EXTRA_PROTOTYPES}


class LiftingError(ValueError):
    pass


def parse_prototype(proto: str) -> tuple[str, str, list[tuple[str, str]]]:
    """'__m512 _mm512_add_ps(__m512 a, __m512 b)' -> ('__m512', name, [('__m512', 'a'), ...])."""
    m = re.fullmatch(r"\s*(.+?)\s+(\w+)\s*\((.*)\)\s*", proto)
    if not m:
        raise LiftingError(f"cannot parse prototype {proto!r}")
    ret, name, plist = m.group(1).strip(), m.group(2), m.group(3).strip()
    params = []
    if plist and plist != "void":
        for p in plist.split(","):
            p = p.strip()
            pm = re.fullmatch(r"(.+?)\s*(\w+)", p)
            params.append((" ".join(pm.group(1).replace("*", " * ").split()).replace(" *", "*"), pm.group(2)))
    return ret, name, params


def _type_bits(vt: str) -> int:
    d, n = VALUE_TYPES[vt]
    return dt.bits(d) * n


# ----------------------------------------------------------------------------------- index algebra
class _Ix:
    """An int32 index ``term * coef + const`` (term an IR expression or None) that folds the
    divisions and remainders by powers of two the lane views need."""

    __slots__ = ("term", "coef", "const")

    def __init__(self, term: Expr | None = None, coef: int = 0, const: int = 0):
        if term is None or coef == 0:
            term, coef = None, 0
        self.term, self.coef, self.const = term, coef, const

    @staticmethod
    def of(x) -> "_Ix":
        if isinstance(x, _Ix):
            return x
        if isinstance(x, int):
            return _Ix(None, 0, x)
        if isinstance(x, Const):
            return _Ix(None, 0, int(x.value))
        return _Ix(x, 1, 0)

    def is_const(self) -> bool:
        return self.term is None

    def __add__(self, o) -> "_Ix":
        o = _Ix.of(o)
        if o.term is None:
            return _Ix(self.term, self.coef, self.const + o.const)
        if self.term is None:
            return _Ix(o.term, o.coef, o.const + self.const)
        if o.term is self.term or o.term == self.term:
            return _Ix(self.term, self.coef + o.coef, self.const + o.const)
        return _Ix(_iexpr(self.expr() + o.expr()), 1, 0)

    __radd__ = __add__

    def __mul__(self, k: int) -> "_Ix":
        return _Ix(self.term, self.coef * k, self.const * k)

    __rmul__ = __mul__

    def __floordiv__(self, k: int) -> "_Ix":
        if k == 1:
            return self
        if self.term is None:
            return _Ix(None, 0, self.const // k)
        if self.coef % k == 0:
            return _Ix(self.term, self.coef // k, self.const // k)
        return _Ix(_iexpr(self.expr() / k), 1, 0)          # indices are non-negative

    def __mod__(self, k: int) -> "_Ix":
        if k == 1:
            return _Ix(None, 0, 0)
        if self.term is None:
            return _Ix(None, 0, self.const % k)
        if self.coef % k == 0:
            return _Ix(None, 0, self.const % k)
        return _Ix(_iexpr(self.expr() % k), 1, 0)

    def expr(self) -> Expr:
        if self.term is None:
            return Const(self.const, "int32")
        e = self.term if self.coef == 1 else self.term * self.coef
        return e if self.const == 0 else e + self.const


def _iexpr(e: Expr) -> Expr:
    return cast("int32", e)


def _index(base: Expr, ix: _Ix) -> Expr:
    """``base + ix`` as an index expression."""
    if isinstance(base, Const):
        return (ix + int(base.value)).expr()
    if ix.is_const() and ix.const == 0:
        return base
    return base + ix.expr()


# ----------------------------------------------------------------------------------- bit helpers
def _udt(bits: int) -> str:
    return f"uint{bits}"


def _reinterp(x: Expr, dtype: str) -> Expr:
    if x.dtype == dtype:
        return x
    if dt.bits(x.dtype) != dt.bits(dtype):
        raise LiftingError(f"cannot reinterpret {x.dtype} as {dtype}")
    if isinstance(x, Bitcast) and x.value.dtype == dtype:
        return x.value
    return Bitcast(dtype, x)


def _bits(x: Expr) -> Expr:
    """The bits of `x` as the unsigned integer of its width."""
    return _reinterp(x, _udt(dt.bits(x.dtype)))


def _shr(word: Expr, sh) -> Expr:
    if isinstance(sh, _Ix):
        sh = sh.const if sh.is_const() else sh.expr()
    if isinstance(sh, int) and sh == 0:
        return word
    return word >> sh


def _extract(word: Expr, sh, width: int) -> Expr:
    """Bits [sh, sh + width) of the unsigned `word` as uint{width}."""
    if isinstance(sh, _Ix) and sh.is_const():
        sh = sh.const
    if isinstance(sh, int) and sh == 0 and width == dt.bits(word.dtype):
        return word
    return cast(_udt(width), _shr(word, sh))


def _combine(parts: list[Expr], width: int) -> Expr:
    """uint{width} from little-endian pieces (unsigned, all the same width)."""
    pb = dt.bits(parts[0].dtype)
    if len(parts) == 1:
        return cast(_udt(width), parts[0])
    wide = "uint64" if width > 32 else "uint32"
    acc = cast(wide, parts[0])
    for j, p in enumerate(parts[1:], 1):
        acc = acc | (cast(wide, p) << Const(j * pb, "int32"))
    return cast(_udt(width), acc)


def _view_raw(buf, base: Expr, width: int, ix: _Ix) -> Expr:
    """Element `ix` of the bytes of `buf` from `base` seen as `width`-bit elements: the raw element
    when the widths agree, else an unsigned integer of `width` bits."""
    sb = dt.bits(buf.dtype)
    if width == sb:
        return Load(buf, (_index(base, ix),))
    if width < sb:
        k = sb // width
        word = _bits(Load(buf, (_index(base, ix // k),)))
        return _extract(word, (ix % k) * width, width)
    k = width // sb
    return _combine([_bits(Load(buf, (_index(base, ix * k + j),))) for j in range(k)], width)


class _Vec:
    """A vector register argument or result: a local buffer of lanes (`Address(buf, (base,))`)."""

    def __init__(self, addr: Expr, total_bits: int):
        if not isinstance(addr, Address) or len(addr.indices) != 1:
            raise LiftingError(f"a vector argument must be the address of a 1-D buffer element, got {addr!r}")
        self.buf, self.base = addr.buffer, addr.indices[0]
        self.sdtype = self.buf.dtype
        self.sb = dt.bits(self.sdtype)
        self.total = total_bits
        self.lanes = total_bits // self.sb

    def raw(self, width: int, ix) -> Expr:
        return _view_raw(self.buf, self.base, width, _Ix.of(ix))

    def get(self, dtype: str, ix) -> Expr:
        return _reinterp(self.raw(dt.bits(dtype), ix), dtype)

    def n(self, dtype: str) -> int:
        return self.total // dt.bits(dtype)


class _Mem:
    """A pointer argument: `Address(buf, (offset,))`, the buffer's dtype being the pointee type."""

    def __init__(self, addr: Expr):
        if not isinstance(addr, Address) or len(addr.indices) != 1:
            raise LiftingError(f"a pointer argument must be the address of a 1-D buffer element, got {addr!r}")
        self.buf, self.base = addr.buffer, addr.indices[0]
        self.dtype = self.buf.dtype
        self.s = dt.bits(self.dtype)

    def raw(self, width: int, ix) -> Expr:
        return _view_raw(self.buf, self.base, width, _Ix.of(ix))

    def store(self, ix, value: Expr) -> Stmt:
        return Store(self.buf, (_index(self.base, _Ix.of(ix)),), _reinterp(value, self.dtype))


def _zero(dtype: str) -> Expr:
    return Const(0.0 if dt.is_float(dtype) else 0, dtype)


def _f32(v: float) -> Expr:
    return Const(v, "float32")


def _fbits(bits: int, dtype: str = "float32") -> Expr:
    return Bitcast(dtype, Const(bits, _udt(dt.bits(dtype))))


def _isnan(x: Expr) -> Expr:
    return call("isnan", x)


def _quiet(x: Expr) -> Expr:
    """x with the quiet bit set (x86 returns an SNaN operand quieted)."""
    b = dt.bits(x.dtype)
    q = 1 << ({16: 9, 32: 22, 64: 51}[b])
    return _reinterp(cast(_udt(b), _bits(x) | Const(q, _udt(b))), x.dtype)


def _sel(cond: Expr, a: Expr, b: Expr) -> Expr:
    if a.dtype != b.dtype:
        raise LiftingError(f"select of {a.dtype} and {b.dtype}")
    return Select(cond, a, b)


def _max(a, b):      # maxps: (a > b) ? a : b
    return _sel(a.gt(b), a, b)


def _min(a, b):
    return _sel(a.lt(b), a, b)


def _clamp(v: Expr, lo: int, hi: int) -> Expr:
    return _sel(v.gt(hi), Const(hi, v.dtype), _sel(v.lt(lo), Const(lo, v.dtype), v))


# ------------------------------------------------------------------------------------------ builder
class _Ctx:
    def __init__(self, names: Names):
        self.names = names
        self.out: list[Stmt] = []
        self.res = None

    def emit(self, *stmts: Stmt) -> None:
        self.out.extend(stmts)

    def let(self, hint: str, value: Expr) -> Expr:
        if isinstance(value, (Const, Var)):
            return value
        v = Var(self.names.fresh(hint), value.dtype)
        self.out.append(Let(v, value))
        return v

    def loop(self, n: int, body: Callable[[_Ix], None], kind: str = "vectorized", hint: str = "lane") -> None:
        var = Var(self.names.fresh(hint), "int32")
        saved, self.out = self.out, []
        body(_Ix.of(var))
        inner, self.out = self.out, saved
        self.out.append(Loop(var, Const(n, "int32"), block(inner), kind))

    # ---- results
    def write(self, res: _Vec, view: str, f: Callable[[_Ix], Expr], kind: str = "vectorized") -> None:
        """res element e (of dtype `view`) = f(e), for every element of the result."""
        vb, sb = dt.bits(view), res.sb
        n = res.total // vb

        def conv(x: Expr) -> Expr:
            if dt.bits(x.dtype) != vb:
                raise LiftingError(f"element of {x.dtype} for a {view} view")
            return x

        if vb == sb:
            self.loop(n, lambda i: self.emit(Store(res.buf, (_index(res.base, i),), _reinterp(conv(f(i)), res.sdtype))),
                      kind)
        elif vb < sb:
            k = sb // vb

            def body(i):
                parts = [_bits(conv(f(i * k + j))) for j in range(k)]
                self.emit(Store(res.buf, (_index(res.base, i),), _reinterp(_combine(parts, sb), res.sdtype)))
            self.loop(res.lanes, body, kind)
        else:
            k = vb // sb

            def body(e):
                v = self.let("v", _bits(conv(f(e))))
                for j in range(k):
                    self.emit(Store(res.buf, (_index(res.base, e * k + j),),
                                    _reinterp(_extract(v, j * sb, sb), res.sdtype)))
            self.loop(n, body, kind)

    def write_masked(self, res: _Vec, view: str, f, k: Expr | None, src: _Vec | None, kind="vectorized") -> None:
        """Lanes whose bit of `k` is 0 take `src`'s lane (merge masking) or zero (src None)."""
        if k is None:
            return self.write(res, view, f, kind)
        self.write(res, view, lambda e: _sel(_bit(k, e), f(e), src.get(view, e) if src is not None else _zero(view)),
                   kind)

    def write_mask(self, n: int, cond: Callable[[_Ix], Expr]) -> None:
        """A mask result: bit e = cond(e) for e < n."""
        buf, base = self.res
        ut = buf.dtype
        wide = "uint64" if n > 32 else "uint32"
        self.emit(Store(buf, (base,), Const(0, ut)))

        def body(e):
            bit = _sel(cond(e), Const(1, wide) << e.expr(), Const(0, wide))
            self.emit(Store(buf, (base,), cast(ut, cast(wide, Load(buf, (base,))) | bit)))
        self.loop(n, body, "serial")

    def set_scalar(self, value: Expr) -> None:
        buf, base = self.res
        self.emit(Store(buf, (base,), cast(buf.dtype, value) if value.dtype != buf.dtype else value))

    # ---- memory
    def load(self, res: _Vec, mem: _Mem, k: Expr | None = None, g: int = 0, src: _Vec | None = None) -> None:
        """res = memory at `mem` (little-endian); with mask `k` of granularity `g` bits, elements
        whose bit is 0 are not read and take src's bits (or zero)."""
        sb = res.sb
        if k is None:
            self.loop(res.lanes, lambda i: self.emit(
                Store(res.buf, (_index(res.base, i),), _reinterp(mem.raw(sb, i), res.sdtype))))
            return
        q = min(mem.s, g, sb)
        per = sb // q

        def piece(pidx: _Ix, as_dtype: str) -> Expr:
            other = _reinterp(src.raw(q, pidx), as_dtype) if src is not None else _zero(as_dtype)
            return _sel(_bit(k, pidx // (g // q)), _reinterp(mem.raw(q, pidx), as_dtype), other)

        def body(i):
            if per == 1:
                v = piece(i, res.sdtype)
            else:
                v = _reinterp(_combine([piece(i * per + t, _udt(q)) for t in range(per)], sb), res.sdtype)
            self.emit(Store(res.buf, (_index(res.base, i),), v))
        self.loop(res.lanes, body)

    def store(self, mem: _Mem, reg: _Vec, k: Expr | None = None, g: int = 0) -> None:
        """Memory at `mem` = reg's bytes; with mask `k` (granularity `g` bits) only the selected
        elements are written (an element wider than g is merged with its old value)."""
        s = mem.s
        n = reg.total // s
        if k is None:
            self.loop(n, lambda m: self.emit(mem.store(m, reg.raw(s, m))))
        elif s <= g:
            self.loop(n, lambda m: self.emit(If(_bit(k, m // (g // s)), mem.store(m, reg.raw(s, m)))))
        else:
            per = s // g

            def body(m):
                bits = [_bit(k, m * per + t) for t in range(per)]
                parts = [_sel(bits[t], _bits(reg.raw(g, m * per + t)), _bits(mem.raw(g, m * per + t)))
                         for t in range(per)]
                anyb = bits[0]
                for b in bits[1:]:
                    anyb = logical_or(anyb, b)
                self.emit(If(anyb, mem.store(m, _combine(parts, s))))
            self.loop(n, body)


def _bit(k: Expr, ix) -> Expr:
    """Bit `ix` of mask `k` as a bool."""
    ix = _Ix.of(ix)
    sh = ix.const if ix.is_const() else ix.expr()
    v = k if (isinstance(sh, int) and sh == 0) else (k >> sh)
    return Compare("!=", *_same(v & 1, 0))


def _same(a: Expr, b) -> tuple[Expr, Expr]:
    return a, Const(b, a.dtype)


def _imm(e: Expr, what: str) -> int:
    try:
        v = evaluate(e)
    except (NotConstant, Undefined) as exc:
        raise LiftingError(f"{what} must be a compile-time constant ({exc})") from None
    return int(v)


# ------------------------------------------------------------------------------------ arg wrapping
def _wrap_args(ctx: _Ctx, params, args):
    out = []
    for (ptype, pname), a in zip(params, args):
        if ptype.endswith("*"):
            out.append(_Mem(a))
        elif ptype in VALUE_TYPES:
            out.append(_Vec(a, _type_bits(ptype)))
        else:
            want = _C_SCALARS.get(ptype)
            if want is None:
                raise LiftingError(f"unknown parameter type {ptype}")
            if not isinstance(a, Expr) or a.dtype == "handle":
                raise LiftingError(f"scalar parameter {pname} ({ptype}) needs a value, got {a!r}")
            conv = cast(want, a)
            try:
                out.append(Const(evaluate(conv), want))
            except (NotConstant, Undefined, TypeError, ValueError):
                out.append(ctx.let(pname, conv))
    return out


def _make(name: str, proto: str, sem: Callable, doc: str = "") -> IntrinsicLifting:
    ret, _, params = parse_prototype(proto)
    if ret == "void":
        returns = None
    elif ret in VALUE_TYPES:
        returns = ret
    else:
        returns = _C_SCALARS[ret]

    def build(args: list[Expr], names: Names) -> Stmt:
        args = list(args)
        ctx = _Ctx(names)
        if returns is not None:
            if not args:
                raise LiftingError(f"{name}: missing the result address")
            r, args = args[0], args[1:]
            if returns in VALUE_TYPES:
                ctx.res = _Vec(r, _type_bits(returns))
            else:
                if not isinstance(r, Address) or len(r.indices) != 1:
                    raise LiftingError(f"{name}: the result must be the address of a 1-D buffer element")
                ctx.res = (r.buffer, r.indices[0])
        if len(args) != len(params):
            raise LiftingError(f"{name} takes {len(params)} arguments, got {len(args)}")
        sem(ctx, *_wrap_args(ctx, params, args))
        return block(ctx.out)

    return IntrinsicLifting(name, build, returns, doc or (TABLE[name].summary if name in TABLE else ""))


# ------------------------------------------------------------------------------------- semantics
SEMANTICS: dict[str, tuple[Callable, str]] = {}


def _sem(name: str, doc: str = ""):
    def deco(fn):
        SEMANTICS[name] = (fn, doc)
        return fn
    return deco


# ---- dot products
_DOT = {  # op: (element width, a signed?, b signed?, saturation: None | "s" | "u")
    "dpbusd": (8, False, True, None), "dpbusds": (8, False, True, "s"),
    "dpwssd": (16, True, True, None), "dpwssds": (16, True, True, "s"),
    "dpbssd": (8, True, True, None), "dpbssds": (8, True, True, "s"),
    "dpbsud": (8, True, False, None), "dpbsuds": (8, True, False, "s"),
    "dpbuud": (8, False, False, None), "dpbuuds": (8, False, False, "u"),
    "dpwsud": (16, True, False, None), "dpwsuds": (16, True, False, "s"),
    "dpwusd": (16, False, True, None), "dpwusds": (16, False, True, "s"),
    "dpwuud": (16, False, False, None), "dpwuuds": (16, False, False, "u"),
}


def _dot_lane(op: str, src: _Vec, a: _Vec, b: _Vec, i: _Ix) -> Expr:
    w, sa, sb_, sat = _DOT[op]
    k = 32 // w
    ta = ("int" if sa else "uint") + str(w)
    tb = ("int" if sb_ else "uint") + str(w)
    acc_t = "int64" if sat else "int32"
    if w == 16 and not sa and not sb_:
        acc_t = "int64"                      # u16 * u16 does not fit int32
    prods = [cast(acc_t, a.get(ta, i * k + j)) * cast(acc_t, b.get(tb, i * k + j)) for j in range(k)]
    s = prods[0]
    for p in prods[1:]:
        s = s + p
    s32 = src.get("int32", i)
    if sat is None:
        return cast("int32", cast(acc_t, s32) + s) if acc_t == "int64" else s32 + s
    if sat == "s":
        return cast("int32", _clamp(cast("int64", s32) + s, -2**31, 2**31 - 1))
    # unsigned saturation: the accumulator is read as unsigned
    u = cast("int64", cast("uint32", s32)) + s
    return _reinterp(cast("uint32", _clamp(u, 0, 2**32 - 1)), "int32")


def _dot_args(mask: str, args):
    """(src, k, a, b, merge) of a dot-product intrinsic: (src, a, b), mask (src, k, a, b) merging
    into src, maskz (k, src, a, b) zeroing."""
    if mask == "mask":
        src, k, a, b = args
        return src, k, a, b, src
    if mask == "maskz":
        k, src, a, b = args
        return src, k, a, b, None
    src, a, b = args
    return src, None, a, b, None


def _dot_sem(op: str, mask: str):
    def sem(c: _Ctx, *args):
        src, k, a, b, merge = _dot_args(mask, args)
        c.write_masked(c.res, "int32", lambda i: _dot_lane(op, src, a, b, i), k, merge)
    return sem


for _name, _e in TABLE.items():
    _m = re.fullmatch(r"_mm(?:256|512)?_(mask_|maskz_)?(dp[bw][su][su]ds?)(_avx)?_epi32", _name)
    if _m and _m.group(2) in _DOT:
        SEMANTICS[_name] = (_dot_sem(_m.group(2), (_m.group(1) or "").rstrip("_")), "")


# ---- bf16 dot product (VDPBF16PS: fp32 FMA per pair, DAZ in, FTZ out, RNE)
_FLT_MIN = 2.0 ** -126


def _daz(c: _Ctx, x: Expr, hint: str) -> Expr:
    """x with a denormal flushed to a zero of its sign, let-bound."""
    x = c.let(hint, x)
    return c.let(hint, _sel(call("abs", x).lt(_f32(_FLT_MIN)), call("copysign", _f32(0.0), x), x))


def _dpbf16_sem(mask: str):
    def sem(c: _Ctx, *args):
        src, k, a, b, merge = _dot_args(mask, args)

        def lane(i):
            acc = _daz(c, src.get("float32", i), "acc")
            for j in (1, 0):          # the odd pair first (Intel's pseudo-code; checked on hardware)
                x = _daz(c, cast("float32", a.get("bfloat16", i * 2 + j)), "x")
                y = _daz(c, cast("float32", b.get("bfloat16", i * 2 + j)), "y")
                acc = _daz(c, call("fma", x, y, acc), "acc")
            return acc
        c.write_masked(c.res, "float32", lane, k, merge)
    return sem


for _name in TABLE:
    _m = re.fullmatch(r"_mm(?:256|512)?_(mask_|maskz_)?dpbf16_ps", _name)
    if _m:
        SEMANTICS[_name] = (_dpbf16_sem((_m.group(1) or "").rstrip("_")),
                            "bf16 pairs: acc = fma(a[2i+1], b[2i+1], src); acc = fma(a[2i], b[2i], acc), fp32 with "
                            "denormal inputs and results flushed to zero, nearest even")


# ---- memory
def _mem_sem(kind: str, g: int = 0):
    """kind: load | maskz_load | mask_load | store | mask_store."""
    def sem(c: _Ctx, *args):
        if kind == "load":
            (mem,) = args
            c.load(c.res, mem)
        elif kind == "maskz_load":
            k, mem = args
            c.load(c.res, mem, k, g)
        elif kind == "mask_load":
            src, k, mem = args
            c.load(c.res, mem, k, g, src)
        elif kind == "store":
            mem, a = args
            c.store(mem, a)
        else:
            mem, k, a = args
            c.store(mem, a, k, g)
    return sem


for _name, _kind, _g in [
        ("_mm512_loadu_si512", "load", 0), ("_mm512_load_si512", "load", 0), ("_mm512_loadu_ps", "load", 0),
        ("_mm512_loadu_epi32", "load", 0),
        ("_mm512_storeu_si512", "store", 0), ("_mm512_store_si512", "store", 0), ("_mm512_storeu_ps", "store", 0),
        ("_mm512_storeu_epi32", "store", 0),
        ("_mm512_maskz_loadu_epi8", "maskz_load", 8), ("_mm512_maskz_loadu_ps", "maskz_load", 32),
        ("_mm512_maskz_loadu_epi32", "maskz_load", 32), ("_mm512_mask_loadu_ps", "mask_load", 32),
        ("_mm512_mask_loadu_epi32", "mask_load", 32),
        ("_mm512_mask_storeu_epi32", "mask_store", 32), ("_mm512_mask_storeu_ps", "mask_store", 32),
        ("_mm512_mask_storeu_epi8", "mask_store", 8)]:
    SEMANTICS[_name] = (_mem_sem(_kind, _g), "")


# ---- set
def _set_sem(view: str | None):
    def sem(c: _Ctx, *args):
        if view is None:
            c.write(c.res, c.res.sdtype, lambda i: _zero(c.res.sdtype))
        else:
            (x,) = args
            c.write(c.res, view, lambda i: x)
    return sem


SEMANTICS["_mm512_setzero_si512"] = (_set_sem(None), "")
SEMANTICS["_mm512_setzero_ps"] = (_set_sem(None), "")
SEMANTICS["_mm512_set1_epi32"] = (_set_sem("int32"), "")
SEMANTICS["_mm512_set1_epi16"] = (_set_sem("int16"), "")
SEMANTICS["_mm512_set1_epi8"] = (_set_sem("int8"), "")
SEMANTICS["_mm512_set1_ps"] = (_set_sem("float32"), "")


# ---- lane-wise operations, with mask / maskz forms
def _lanewise(view: str, fn: Callable, arity: int, mask: str = "", src_arg: int = 0):
    """mask "": fn(*vecs); "mask": (src, k, *vecs); "maskz": (k, *vecs); "mask3": (*vecs, k) with
    src = vecs[src_arg]; "maskfma": (a, k, b, c) with src = a."""
    def sem(c: _Ctx, *args):
        if mask == "":
            vecs, k, src = args, None, None
        elif mask == "mask":
            src, k, *vecs = args
        elif mask == "maskz":
            k, *vecs = args
            src = None
        elif mask == "maskfma":
            a, k, *rest = args
            vecs, src = [a, *rest], a
        else:           # mask3
            *vecs, k = args
            src = vecs[src_arg]
        c.write_masked(c.res, view, lambda e: fn(*(v.get(view, e) for v in vecs)), k, src)
    return sem


_F32_BIN = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
            "div": lambda a, b: a / b, "max": _max, "min": _min}
_FMA = {"fmadd": lambda a, b, c: call("fma", a, b, c), "fmsub": lambda a, b, c: call("fma", a, b, -c),
        "fnmadd": lambda a, b, c: call("fma", -a, b, c), "fnmsub": lambda a, b, c: call("fma", -a, b, -c)}

for _op, _fn in _F32_BIN.items():
    for _pre, _mk in (("", ""), ("mask_", "mask"), ("maskz_", "maskz")):
        SEMANTICS[f"_mm512_{_pre}{_op}_ps"] = (_lanewise("float32", _fn, 2, _mk), "")
for _op, _fn in _FMA.items():
    SEMANTICS[f"_mm512_{_op}_ps"] = (_lanewise("float32", _fn, 3), "")
    SEMANTICS[f"_mm512_mask_{_op}_ps"] = (_lanewise("float32", _fn, 3, "maskfma"), "")
    SEMANTICS[f"_mm512_mask3_{_op}_ps"] = (_lanewise("float32", _fn, 3, "mask3", 2), "")
    SEMANTICS[f"_mm512_maskz_{_op}_ps"] = (_lanewise("float32", _fn, 3, "maskz"), "")
SEMANTICS["_mm256_fmadd_ps"] = (_lanewise("float32", _FMA["fmadd"], 3), "")
_sqrt = lambda a: call("sqrt", a)   # noqa: E731
SEMANTICS["_mm512_sqrt_ps"] = (_lanewise("float32", _sqrt, 1), "")
SEMANTICS["_mm512_mask_sqrt_ps"] = (_lanewise("float32", _sqrt, 1, "mask"), "")
SEMANTICS["_mm512_maskz_sqrt_ps"] = (_lanewise("float32", _sqrt, 1, "maskz"), "")
SEMANTICS["_mm512_abs_ps"] = (_lanewise("float32", lambda a: _reinterp(cast("uint32", _bits(a) & 0x7FFFFFFF),
                                                                       "float32"), 1), "clear the sign bit")
SEMANTICS["_mm512_maskz_mov_ps"] = (_lanewise("float32", lambda a: a, 1, "maskz"), "")
SEMANTICS["_mm512_mask_mov_ps"] = (_lanewise("float32", lambda a: a, 1, "mask"), "")
SEMANTICS["_mm512_maskz_mov_epi32"] = (_lanewise("int32", lambda a: a, 1, "maskz"), "")
SEMANTICS["_mm512_mask_mov_epi32"] = (_lanewise("int32", lambda a: a, 1, "mask"), "")
SEMANTICS["_mm512_castps_si512"] = (_lanewise("int32", lambda a: a, 1), "reinterpret")
SEMANTICS["_mm512_castsi512_ps"] = (_lanewise("float32", lambda a: a, 1), "reinterpret")
SEMANTICS["_mm512_add_epi32"] = (_lanewise("int32", lambda a, b: a + b, 2), "")
SEMANTICS["_mm512_sub_epi32"] = (_lanewise("int32", lambda a, b: a - b, 2), "")
SEMANTICS["_mm512_mullo_epi32"] = (_lanewise("int32", lambda a, b: a * b, 2), "")
SEMANTICS["_mm512_max_epi32"] = (_lanewise("int32", lambda a, b: Binary("max", a, b), 2), "")
SEMANTICS["_mm512_min_epi32"] = (_lanewise("int32", lambda a, b: Binary("min", a, b), 2), "")
SEMANTICS["_mm512_and_si512"] = (_lanewise("int32", lambda a, b: a & b, 2), "")
SEMANTICS["_mm512_or_si512"] = (_lanewise("int32", lambda a, b: a | b, 2), "")
SEMANTICS["_mm512_xor_si512"] = (_lanewise("int32", lambda a, b: a ^ b, 2), "")


def _cvt(view_in: str, view_out: str, fn: Callable):
    def sem(c: _Ctx, a: _Vec, *rest):
        c.write(c.res, view_out, lambda e: fn(c, a.get(view_in, e), *rest))
    return sem


def _f2i(rounder: str):
    def fn(c, x):
        r = c.let("r", call(rounder, x))
        bad = logical_or(_isnan(r), logical_or(r.ge(_f32(2.0 ** 31)), r.lt(_f32(-2.0 ** 31))))
        return _sel(bad, Const(-2**31, "int32"), cast("int32", r))
    return fn


SEMANTICS["_mm512_cvtepi32_ps"] = (_cvt("int32", "float32", lambda c, x: cast("float32", x)), "")
SEMANTICS["_mm512_cvtps_epi32"] = (_cvt("float32", "int32", _f2i("rint")), "")
SEMANTICS["_mm512_cvttps_epi32"] = (_cvt("float32", "int32", _f2i("trunc")), "")
SEMANTICS["_mm512_cvtsepi32_epi8"] = (_cvt("int32", "int8", lambda c, x: cast("int8", _clamp(x, -128, 127))), "")
SEMANTICS["_mm512_cvtusepi32_epi8"] = (_cvt("uint32", "uint8", lambda c, x: cast("uint8", _sel(
    x.gt(Const(255, "uint32")), Const(255, "uint32"), x))), "")
SEMANTICS["_mm512_cvtepi32_epi8"] = (_cvt("int32", "int8", lambda c, x: cast("int8", x)), "")
SEMANTICS["_mm512_cvtepu8_epi32"] = (_cvt("uint8", "int32", lambda c, x: cast("int32", x)), "")
SEMANTICS["_mm512_cvtepi8_epi32"] = (_cvt("int8", "int32", lambda c, x: cast("int32", x)), "")
SEMANTICS["_mm512_cvtepi16_epi32"] = (_cvt("int16", "int32", lambda c, x: cast("int32", x)), "")
SEMANTICS["_mm512_cvtph_ps"] = (_cvt("float16", "float32", lambda c, x: cast("float32", x)), "")


@_sem("_mm512_cvtps_ph", "float -> binary16 with the immediate's rounding (bit 2: MXCSR, nearest even)")
def _cvtps_ph(c: _Ctx, a: _Vec, rounding: Expr):
    imm = _imm(rounding, "the rounding of _mm512_cvtps_ph")
    mode = 0 if imm & 4 else imm & 3

    def fn(e):
        x = c.let("x", a.get("float32", e))
        h = c.let("h", cast("float16", x))            # nearest even
        hb = c.let("hb", _bits(h))
        if mode == 0:
            return hb
        back = cast("float32", h)
        toward0 = _sel(call("abs", back).gt(call("abs", x)), cast("uint16", hb - 1), hb)   # magnitude - 1
        if mode == 3:
            return toward0
        neg = hb.ge(Const(0x8000, "uint16"))
        if mode == 1:      # toward -inf: too big -> step down
            too = back.gt(x)
            return _sel(too, cast("uint16", _sel(neg, cast("uint16", hb + 1), cast("uint16", hb - 1))), hb)
        too = back.lt(x)   # toward +inf: too small -> step up
        return _sel(too, cast("uint16", _sel(neg, cast("uint16", hb - 1), cast("uint16", hb + 1))), hb)
    c.write(c.res, "uint16", fn)


@_sem("_mm512_madd_epi16")
def _madd(c: _Ctx, a: _Vec, b: _Vec):
    c.write(c.res, "int32", lambda i: a.get("int16", i * 2) * b.get("int16", i * 2)
            + a.get("int16", i * 2 + 1) * b.get("int16", i * 2 + 1))


@_sem("_mm512_maddubs_epi16")
def _maddubs(c: _Ctx, a: _Vec, b: _Vec):
    c.write(c.res, "int16", lambda i: cast("int16", _clamp(
        a.get("uint8", i * 2) * b.get("int8", i * 2) + a.get("uint8", i * 2 + 1) * b.get("int8", i * 2 + 1),
        -32768, 32767)))


@_sem("_mm512_srai_epi32", "arithmetic right shift; counts above 31 fill with the sign")
def _srai(c: _Ctx, a: _Vec, count: Expr):
    c.write(c.res, "int32", lambda i: _sel(count.gt(Const(31, count.dtype)), a.get("int32", i) >> 31,
                                           a.get("int32", i) >> count))


# ---- rounding / scaling
@_sem("_mm512_roundscale_ps", "round to imm[7:4] fraction bits, direction imm[1:0] (imm[2]: MXCSR = nearest even)")
def _roundscale(c: _Ctx, a: _Vec, imm_e: Expr):
    imm = _imm(imm_e, "the immediate of _mm512_roundscale_ps")
    m = (imm >> 4) & 15
    fn = "rint" if imm & 4 else ("rint", "floor", "ceil", "trunc")[imm & 3]

    def lane(e):
        x = c.let("x", a.get("float32", e))
        if m == 0:
            r = call(fn, x)
        else:
            # exact in double: 2^M * x has at most 24 significant bits and no overflow for M <= 15
            d = cast("float64", x) * Const(float(2 ** m), "float64")
            r = cast("float32", call(fn, d) * Const(2.0 ** -m, "float64"))
        return _sel(_isnan(x), _quiet(x), r)          # libm's rintf may return a signalling NaN as is
    c.write(c.res, "float32", lane)


@_sem("_mm512_scalef_ps", "a * 2^floor(b), one rounding, with VSCALEFPS's special cases")
def _scalef(c: _Ctx, a: _Vec, b: _Vec):
    inf = _f32(float("inf"))
    indefinite = _fbits(0xFFC00000)

    def lane(e):
        x = c.let("x", a.get("float32", e))
        y = c.let("y", b.get("float32", e))
        f = c.let("f", call("floor", y))
        f = _sel(f.gt(_f32(300.0)), _f32(300.0), _sel(f.lt(_f32(-300.0)), _f32(-300.0), f))
        expo = cast("uint64", cast("int64", cast("int32", f)) + 1023) << 52
        scaled = cast("float32", cast("float64", x) * Bitcast("float64", expo))
        pos_inf = _sel(x.eq(_f32(0.0)), indefinite, call("copysign", inf, x))
        neg_inf = _sel(call("isinf", x), indefinite, call("copysign", _f32(0.0), x))
        quiet_x = Compare("!=", _bits(x) & 0x00400000, Const(0, "uint32"))
        # SDM table: a QNaN src1 with an infinite src2 gives +inf / +0; any other NaN src1 is quieted
        nan_x = _sel(logical_and(quiet_x, call("isinf", y)), _sel(y.gt(_f32(0.0)), inf, _f32(0.0)), _quiet(x))
        return _sel(_isnan(x), nan_x,
                    _sel(_isnan(y), _quiet(y),
                         _sel(y.eq(inf), pos_inf, _sel(y.eq(-inf), neg_inf, scaled))))
    c.write(c.res, "float32", lane)


SEMANTICS["_mm512_rcp14_ps"] = (_lanewise("float32", lambda a: call("pow", a, _f32(-1.0), precision="approx"), 1),
                                "1/a; hardware: within 2^-14 relative (precision class approx)")
SEMANTICS["_mm512_rsqrt14_ps"] = (_lanewise("float32", lambda a: call("rsqrt", a, precision="approx"), 1),
                                  "1/sqrt(a); hardware: within 2^-14 relative (precision class approx)")
SEMANTICS["_mm512_exp_ps"] = (_lanewise("float32", lambda a: call("exp", a), 1), "SVML e^x (precision class ulp)")


# ---- blends, compares, tests
@_sem("_mm512_mask_blend_ps")
def _blend_ps(c: _Ctx, k: Expr, a: _Vec, b: _Vec):
    c.write(c.res, "float32", lambda e: _sel(_bit(k, e), b.get("float32", e), a.get("float32", e)))


@_sem("_mm512_mask_blend_epi32")
def _blend_epi32(c: _Ctx, k: Expr, a: _Vec, b: _Vec):
    c.write(c.res, "int32", lambda e: _sel(_bit(k, e), b.get("int32", e), a.get("int32", e)))


def _fcmp(pred: int, a: Expr, b: Expr) -> Expr:
    p = pred & 15
    unord = logical_or(_isnan(a), _isnan(b))
    table = {
        0: Compare("==", a, b), 1: Compare("<", a, b), 2: Compare("<=", a, b), 3: unord,
        4: Compare("!=", a, b), 5: logical_not(Compare("<", a, b)), 6: logical_not(Compare("<=", a, b)),
        7: logical_not(unord), 8: logical_or(Compare("==", a, b), unord), 9: logical_not(Compare(">=", a, b)),
        10: logical_not(Compare(">", a, b)), 11: Const(0, "bool"),
        12: logical_and(Compare("!=", a, b), logical_not(unord)), 13: Compare(">=", a, b), 14: Compare(">", a, b),
        15: Const(1, "bool"),
    }
    return table[p]


def _icmp(pred: int, a: Expr, b: Expr) -> Expr:
    return {0: Compare("==", a, b), 1: Compare("<", a, b), 2: Compare("<=", a, b), 3: Const(0, "bool"),
            4: Compare("!=", a, b), 5: Compare(">=", a, b), 6: Compare(">", a, b), 7: Const(1, "bool")}[pred & 7]


@_sem("_mm512_cmp_ps_mask", "bit e = predicate imm (_CMP_*) on lane e")
def _cmp_ps(c: _Ctx, a: _Vec, b: _Vec, imm: Expr):
    p = _imm(imm, "the predicate of _mm512_cmp_ps_mask")
    c.write_mask(a.n("float32"), lambda e: _fcmp(p, a.get("float32", e), b.get("float32", e)))


@_sem("_mm512_mask_cmp_ps_mask")
def _mask_cmp_ps(c: _Ctx, k: Expr, a: _Vec, b: _Vec, imm: Expr):
    p = _imm(imm, "the predicate of _mm512_mask_cmp_ps_mask")
    c.write_mask(a.n("float32"), lambda e: logical_and(_bit(k, e), _fcmp(p, a.get("float32", e), b.get("float32", e))))


@_sem("_mm512_cmp_epi32_mask")
def _cmp_epi32(c: _Ctx, a: _Vec, b: _Vec, imm: Expr):
    p = _imm(imm, "the predicate of _mm512_cmp_epi32_mask")
    c.write_mask(a.n("int32"), lambda e: _icmp(p, a.get("int32", e), b.get("int32", e)))


@_sem("_mm512_test_epi32_mask")
def _test(c: _Ctx, a: _Vec, b: _Vec):
    c.write_mask(a.n("int32"), lambda e: Compare("!=", a.get("int32", e) & b.get("int32", e), Const(0, "int32")))


@_sem("_mm512_testn_epi32_mask")
def _testn(c: _Ctx, a: _Vec, b: _Vec):
    c.write_mask(a.n("int32"), lambda e: Compare("==", a.get("int32", e) & b.get("int32", e), Const(0, "int32")))


# ---- reductions (GCC 12 avx512fintrin.h __MM512_REDUCE_OP order)
def _tree16(c: _Ctx, x: list[Expr], op) -> Expr:
    t3 = [c.let("t", op(x[8 + i], x[i])) for i in range(8)]          # upper 256 op lower 256
    t6 = [c.let("t", op(t3[4 + i], t3[i])) for i in range(4)]        # upper 128 op lower 128
    t8 = [c.let("t", op(t6[0], t6[2])), c.let("t", op(t6[1], t6[3]))]  # op with shuffle {2,3,0,1}
    return op(t8[0], t8[1])


def _reduce(view: str, op, fill: float | None = None):
    def sem(c: _Ctx, *args):
        if fill is None:
            (a,) = args
            x = [a.get(view, j) for j in range(16)]
        else:
            k, a = args
            x = [_sel(_bit(k, j), a.get(view, j), Const(fill, view)) for j in range(16)]
        x = [c.let("x", v) for v in x]
        c.set_scalar(_tree16(c, x, op))
    return sem


SEMANTICS["_mm512_reduce_add_ps"] = (_reduce("float32", lambda a, b: a + b), "")
SEMANTICS["_mm512_reduce_mul_ps"] = (_reduce("float32", lambda a, b: a * b), "")
SEMANTICS["_mm512_reduce_max_ps"] = (_reduce("float32", _max), "")
SEMANTICS["_mm512_reduce_min_ps"] = (_reduce("float32", _min), "")
SEMANTICS["_mm512_mask_reduce_add_ps"] = (_reduce("float32", lambda a, b: a + b, 0.0), "masked-off lanes count as +0.0")
SEMANTICS["_mm512_mask_reduce_max_ps"] = (_reduce("float32", _max, float("-inf")), "masked-off lanes count as -inf")
SEMANTICS["_mm512_mask_reduce_min_ps"] = (_reduce("float32", _min, float("inf")), "masked-off lanes count as +inf")
SEMANTICS["_mm512_reduce_add_epi32"] = (_reduce("int32", lambda a, b: a + b), "wrapping")
SEMANTICS["_mm512_reduce_max_epi32"] = (_reduce("int32", lambda a, b: Binary("max", a, b)), "")
SEMANTICS["_mm512_reduce_min_epi32"] = (_reduce("int32", lambda a, b: Binary("min", a, b)), "")


# ---- masks
def _mask_conv(c: _Ctx, x: Expr):
    c.set_scalar(x)


SEMANTICS["_cvtu32_mask16"] = (_mask_conv, "")
SEMANTICS["_mm512_int2mask"] = (_mask_conv, "")
SEMANTICS["_mm512_mask2int"] = (_mask_conv, "")


# ------------------------------------------------------------------------------------------- table
def _build_table() -> dict[str, IntrinsicLifting]:
    out = {}
    for name, proto in PROTOTYPES.items():
        if name in SEMANTICS:
            fn, doc = SEMANTICS[name]
            out[name] = _make(name, proto, fn, doc)
    return out


INTRINSICS: dict[str, IntrinsicLifting] = _build_table()
# names of the model's table that have no lifting (none expected; kept for the report / tests)
NOT_LIFTED: tuple[str, ...] = tuple(sorted(set(TABLE) - set(INTRINSICS)))
