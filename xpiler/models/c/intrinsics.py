"""The intrinsic table of the C (AVX-512 VNNI) model: semantics as NumPy functions, and availability.

Each entry names what the native instruction needs (`isa`, /proc/cpuinfo spellings) and how the
SIMDe path provides it (`simde`):

- "simde":  SIMDe 0.7.4 (Debian 12's libsimde-dev) implements it as the hardware does;
- "shim":   SIMDe 0.7.4 lacks it; Xpiler's fallback (include_simde/xpiler_simde_compat.h) supplies it;
- "fixed":  SIMDe's portable code differs from the hardware; the shim replaces it;
- "none":   not available on the SIMDe path.

`native` is False where GCC itself has no such intrinsic (SVML functions) or cannot compile it (AVX-
VNNI-INT8 needs a newer GCC than 12).

NumPy conventions: a vector argument is a 1-D array of its lane type (for `dpbusd`, `src` int32[N],
`a` uint8[4N], `b` int8[4N]); a mask is a Python int; results come back the same way. The argument
order is the C order, so `f(*args)` mirrors the intrinsic call.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import numpy as np

VNNI_512 = ("avx512f", "avx512_vnni")
VNNI_VL = ("avx512f", "avx512vl", "avx512_vnni")
AVX_VNNI = ("avx_vnni",)


@dataclass(frozen=True)
class Intrinsic:
    name: str
    prototype: str
    isa: tuple[str, ...]
    summary: str
    simde: str = "simde"            # "simde" | "shim" | "fixed" | "none"
    numpy: Callable | None = None
    native: bool = True             # GCC 12 has it (given the CPU features in `isa`)

    def available(self, path: str, cpu_flags=None) -> bool:
        """Can a source use it on `path` ("native" or "simde")? `cpu_flags` defaults to this CPU's."""
        if path == "simde":
            return self.simde != "none"
        if not self.native:
            return False
        if cpu_flags is None:
            from .cpu import cpu_flags as host_flags
            cpu_flags = host_flags()
        return all(f in cpu_flags for f in self.isa)


# ---------------------------------------------------------------------------------------- semantics
def _wrap32(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.int64)
    return (((x + 2**31) % 2**32) - 2**31).astype(np.int32)


def _sat32(x: np.ndarray) -> np.ndarray:
    return np.clip(np.asarray(x, dtype=np.int64), -2**31, 2**31 - 1).astype(np.int32)


def _bits(k: int, n: int) -> np.ndarray:
    return np.array([(int(k) >> i) & 1 for i in range(n)], dtype=bool)


def dpbusd(src, a, b, saturate: bool = False) -> np.ndarray:
    """src[j] + sum_i (uint8)a[4j+i] * (int8)b[4j+i]; the exact sum wraps (or saturates) once."""
    src = np.asarray(src, dtype=np.int64)
    n = src.size
    prod = (np.asarray(a).view(np.uint8).astype(np.int64).reshape(n, 4)
            * np.asarray(b).view(np.int8).astype(np.int64).reshape(n, 4)).sum(axis=1)
    return (_sat32 if saturate else _wrap32)(src + prod)


def dpwssd(src, a, b, saturate: bool = False) -> np.ndarray:
    """src[j] + (int16)a[2j]*(int16)b[2j] + (int16)a[2j+1]*(int16)b[2j+1]; exact, then wrap/saturate."""
    src = np.asarray(src, dtype=np.int64)
    n = src.size
    prod = (np.asarray(a).view(np.int16).astype(np.int64).reshape(n, 2)
            * np.asarray(b).view(np.int16).astype(np.int64).reshape(n, 2)).sum(axis=1)
    return (_sat32 if saturate else _wrap32)(src + prod)


def _masked(fn: Callable, zero: bool) -> Callable:
    if zero:
        def maskz(k, src, a, b):
            full = fn(src, a, b)
            return np.where(_bits(k, full.size), full, 0).astype(np.int32)
        return maskz

    def mask(src, k, a, b):
        full = fn(src, a, b)
        return np.where(_bits(k, full.size), full, np.asarray(src, dtype=np.int32)).astype(np.int32)
    return mask


def _round_f32(value: Fraction) -> np.float32:
    """Correctly rounded (nearest even) float32 of an exact rational."""
    guess = np.float32(float(value))
    if not np.isfinite(guess):
        return guess
    best = None
    for c in (np.nextafter(guess, np.float32(-np.inf)), guess, np.nextafter(guess, np.float32(np.inf))):
        if not np.isfinite(c):
            continue
        d = abs(Fraction(float(c)) - value)
        key = (d, int(np.asarray(c).view(np.uint32)) & 1)
        if best is None or key < best[0]:
            best = (key, c)
    return np.float32(best[1])


def fmadd_ps(a, b, c) -> np.ndarray:
    """a*b + c with a single rounding (exact rational arithmetic per lane)."""
    a, b, c = (np.asarray(x, dtype=np.float32) for x in (a, b, c))
    out = np.empty_like(a)
    for i in range(a.size):
        if not all(np.isfinite([a[i], b[i], c[i]])):
            out[i] = np.float32(np.float64(a[i]) * np.float64(b[i]) + np.float64(c[i]))
        else:
            out[i] = _round_f32(Fraction(float(a[i])) * Fraction(float(b[i])) + Fraction(float(c[i])))
    return out


def max_ps(a, b) -> np.ndarray:
    """(a > b) ? a : b per lane, so a NaN in either input gives b."""
    a, b = np.asarray(a, dtype=np.float32), np.asarray(b, dtype=np.float32)
    return np.where(a > b, a, b)


def min_ps(a, b) -> np.ndarray:
    a, b = np.asarray(a, dtype=np.float32), np.asarray(b, dtype=np.float32)
    return np.where(a < b, a, b)


def _tree16(x, op):
    """GCC's reduction order: 512 -> 256 -> 128 -> 64 -> 32 bits."""
    t3 = [op(x[8 + i], x[i]) for i in range(8)]
    t6 = [op(t3[4 + i], t3[i]) for i in range(4)]
    return op(op(t6[0], t6[2]), op(t6[1], t6[3]))


def reduce_add_ps(a) -> np.float32:
    a = np.asarray(a, dtype=np.float32)
    return _tree16(list(a), lambda x, y: np.float32(x + y))


def reduce_max_ps(a) -> np.float32:
    a = np.asarray(a, dtype=np.float32)
    return _tree16(list(a), lambda x, y: x if x > y else y)


def reduce_add_epi32(a) -> np.int32:
    return _wrap32(np.asarray(a, dtype=np.int64).sum())[()]


def cvtps_epi32(a) -> np.ndarray:
    """Round to nearest even (default MXCSR); NaN / out of range -> INT32_MIN."""
    a = np.asarray(a, dtype=np.float32)
    r = np.rint(a.astype(np.float64))
    ok = np.isfinite(r) & (r >= -2**31) & (r < 2**31)
    return np.where(ok, np.where(ok, r, 0).astype(np.int64), -2**31).astype(np.int32)


def cvttps_epi32(a) -> np.ndarray:
    a = np.asarray(a, dtype=np.float32)
    r = np.trunc(a.astype(np.float64))
    ok = np.isfinite(r) & (r >= -2**31) & (r < 2**31)
    return np.where(ok, np.where(ok, r, 0).astype(np.int64), -2**31).astype(np.int32)


def cvtepi32_ps(a) -> np.ndarray:
    return np.asarray(a, dtype=np.int32).astype(np.float32)


def cvtsepi32_epi8(a) -> np.ndarray:
    return np.clip(np.asarray(a, dtype=np.int64), -128, 127).astype(np.int8)


def cvtusepi32_epi8(a) -> np.ndarray:
    """Saturates the source read as unsigned: -7 -> 255."""
    return np.minimum(np.asarray(a, dtype=np.int32).view(np.uint32), 255).astype(np.uint8)


def cvtepi32_epi8(a) -> np.ndarray:
    return (np.asarray(a, dtype=np.int32).view(np.uint32) & 0xFF).astype(np.uint8).view(np.int8)


def cvtepu8_epi32(a) -> np.ndarray:
    return np.asarray(a).view(np.uint8)[:16].astype(np.int32)


def cvtepi8_epi32(a) -> np.ndarray:
    return np.asarray(a).view(np.int8)[:16].astype(np.int32)


def add_epi32(a, b) -> np.ndarray:
    return _wrap32(np.asarray(a, dtype=np.int64) + np.asarray(b, dtype=np.int64))


def mullo_epi32(a, b) -> np.ndarray:
    return _wrap32(np.asarray(a, dtype=np.int64) * np.asarray(b, dtype=np.int64))


def madd_epi16(a, b) -> np.ndarray:
    """Pairs of int16 products summed into int32 (wraps only for four -32768)."""
    p = np.asarray(a).view(np.int16).astype(np.int64) * np.asarray(b).view(np.int16).astype(np.int64)
    return _wrap32(p.reshape(-1, 2).sum(axis=1))


def maddubs_epi16(a, b) -> np.ndarray:
    """u8 x s8 pair sums saturated to int16 (not a drop-in for dpbusd)."""
    p = np.asarray(a).view(np.uint8).astype(np.int64) * np.asarray(b).view(np.int8).astype(np.int64)
    return np.clip(p.reshape(-1, 2).sum(axis=1), -32768, 32767).astype(np.int16)


def maskz_loadu_epi8(k, mem) -> np.ndarray:
    mem = np.asarray(mem).view(np.int8)
    out = np.zeros(64, dtype=np.int8)
    bits = _bits(k, 64)[:mem.size]
    out[:mem.size][bits] = mem[bits]
    return out


def mask_storeu_epi32(mem, k, a) -> np.ndarray:
    """Returns the memory after the store: lanes with k bit 1 written, others untouched."""
    mem = np.array(mem, dtype=np.int32, copy=True)
    a = np.asarray(a, dtype=np.int32)
    bits = _bits(k, 16)[:mem.size]
    mem[bits] = a[:mem.size][bits]
    return mem


def set1_epi32(x) -> np.ndarray:
    return np.full(16, x, dtype=np.int32)


# ------------------------------------------------------------------------------------------- table
def _vnni_entries() -> list[Intrinsic]:
    out = []
    widths = [("_mm512_", "__m512i", "__mmask16", VNNI_512), ("_mm256_", "__m256i", "__mmask8", VNNI_VL),
              ("_mm_", "__m128i", "__mmask8", VNNI_VL)]
    ops = [("dpbusd", dpbusd, False, "u8 x s8 groups of 4 summed into int32, wrapping"),
           ("dpbusds", dpbusd, True, "u8 x s8 groups of 4 summed into int32, saturating once"),
           ("dpwssd", dpwssd, False, "s16 x s16 pairs summed into int32, wrapping"),
           ("dpwssds", dpwssd, True, "s16 x s16 pairs summed into int32, saturating the exact sum")]
    for prefix, vt, mt, isa in widths:
        for op, fn, sat, summary in ops:
            base = (lambda f, s: (lambda src, a, b: f(src, a, b, saturate=s)))(fn, sat)
            how = "fixed" if op == "dpwssds" else "simde"
            out.append(Intrinsic(f"{prefix}{op}_epi32", f"{vt} {prefix}{op}_epi32({vt} src, {vt} a, {vt} b)",
                                 isa, summary, how, base))
            out.append(Intrinsic(f"{prefix}mask_{op}_epi32",
                                 f"{vt} {prefix}mask_{op}_epi32({vt} src, {mt} k, {vt} a, {vt} b)",
                                 isa, summary + "; lanes with k=0 keep src", how, _masked(base, False)))
            out.append(Intrinsic(f"{prefix}maskz_{op}_epi32",
                                 f"{vt} {prefix}maskz_{op}_epi32({mt} k, {vt} src, {vt} a, {vt} b)",
                                 isa, summary + "; lanes with k=0 become 0", how, _masked(base, True)))
    for prefix, vt in (("_mm256_", "__m256i"), ("_mm_", "__m128i")):
        for op, fn, sat, summary in ops:
            base = (lambda f, s: (lambda src, a, b: f(src, a, b, saturate=s)))(fn, sat)
            out.append(Intrinsic(f"{prefix}{op}_avx_epi32", f"{vt} {prefix}{op}_avx_epi32({vt} src, {vt} a, {vt} b)",
                                 AVX_VNNI, summary + " (AVX-VNNI, VEX encoding)", "shim", base))
    for prefix, vt, mt in (("_mm512_", "__m512", "__mmask16"), ("_mm256_", "__m256", "__mmask8"),
                           ("_mm_", "__m128", "__mmask8")):
        isa = ("avx512_bf16",) + (("avx512vl",) if prefix != "_mm512_" else ())
        summary = "bf16 pairs multiplied and accumulated into fp32 (rounding/denormal details not modelled here)"
        out.append(Intrinsic(f"{prefix}dpbf16_ps", f"{vt} {prefix}dpbf16_ps({vt} src, {vt}bh a, {vt}bh b)",
                             isa, summary, "simde"))
        out.append(Intrinsic(f"{prefix}mask_dpbf16_ps", f"{vt} {prefix}mask_dpbf16_ps({vt} src, {mt} k, {vt}bh a, {vt}bh b)",
                             isa, summary, "simde"))
        out.append(Intrinsic(f"{prefix}maskz_dpbf16_ps", f"{vt} {prefix}maskz_dpbf16_ps({mt} k, {vt} src, {vt}bh a, {vt}bh b)",
                             isa, summary, "simde"))
    # newer dot products (AVX-VNNI-INT8 / INT16, AVX10.2): real Intel names that GCC 12 cannot compile
    for op, what in [("dpbssd", "INT8"), ("dpbssds", "INT8"), ("dpbsud", "INT8"), ("dpbsuds", "INT8"),
                     ("dpbuud", "INT8"), ("dpbuuds", "INT8"), ("dpwsud", "INT16"), ("dpwsuds", "INT16"),
                     ("dpwusd", "INT16"), ("dpwusds", "INT16"), ("dpwuud", "INT16"), ("dpwuuds", "INT16")]:
        for prefix, vt in (("_mm512_", "__m512i"), ("_mm256_", "__m256i"), ("_mm_", "__m128i")):
            out.append(Intrinsic(f"{prefix}{op}_epi32", f"{vt} {prefix}{op}_epi32({vt} src, {vt} a, {vt} b)",
                                 (f"avx_vnni_{what.lower()}",), f"AVX-VNNI-{what} dot products (needs GCC >= 13)",
                                 "none", native=False))
    return out


_H = [
    # memory
    ("_mm512_loadu_si512", "__m512i _mm512_loadu_si512(void const* p)", ("avx512f",), "unaligned 64-byte load", "simde", None),
    ("_mm512_storeu_si512", "void _mm512_storeu_si512(void* p, __m512i a)", ("avx512f",), "unaligned 64-byte store", "simde", None),
    ("_mm512_load_si512", "__m512i _mm512_load_si512(void const* p)", ("avx512f",), "64-byte aligned load (faults otherwise)", "simde", None),
    ("_mm512_store_si512", "void _mm512_store_si512(void* p, __m512i a)", ("avx512f",), "64-byte aligned store", "simde", None),
    ("_mm512_loadu_ps", "__m512 _mm512_loadu_ps(void const* p)", ("avx512f",), "16 floats, unaligned", "simde", None),
    ("_mm512_storeu_ps", "void _mm512_storeu_ps(void* p, __m512 a)", ("avx512f",), "16 floats, unaligned", "simde", None),
    ("_mm512_maskz_loadu_epi8", "__m512i _mm512_maskz_loadu_epi8(__mmask64 k, void const* p)", ("avx512bw",),
     "masked byte load; masked-off bytes are 0 and not accessed", "shim", maskz_loadu_epi8),
    ("_mm512_mask_storeu_epi32", "void _mm512_mask_storeu_epi32(void* p, __mmask16 k, __m512i a)", ("avx512f",),
     "masked int32 store; masked-off lanes untouched", "shim", mask_storeu_epi32),
    ("_mm512_maskz_loadu_ps", "__m512 _mm512_maskz_loadu_ps(__mmask16 k, void const* p)", ("avx512f",),
     "masked float load (tail idiom)", "shim", None),
    ("_mm512_mask_storeu_ps", "void _mm512_mask_storeu_ps(void* p, __mmask16 k, __m512 a)", ("avx512f",),
     "masked float store", "shim", None),
    ("_mm512_maskz_loadu_epi32", "__m512i _mm512_maskz_loadu_epi32(__mmask16 k, void const* p)", ("avx512f",),
     "masked int32 load", "shim", None),
    ("_mm512_mask_storeu_epi8", "void _mm512_mask_storeu_epi8(void* p, __mmask64 k, __m512i a)", ("avx512bw",),
     "masked byte store", "shim", None),
    # set
    ("_mm512_setzero_si512", "__m512i _mm512_setzero_si512(void)", ("avx512f",), "zero", "simde", None),
    ("_mm512_setzero_ps", "__m512 _mm512_setzero_ps(void)", ("avx512f",), "zero", "simde", None),
    ("_mm512_set1_epi32", "__m512i _mm512_set1_epi32(int x)", ("avx512f",), "broadcast", "simde", set1_epi32),
    ("_mm512_set1_epi8", "__m512i _mm512_set1_epi8(char x)", ("avx512f",), "broadcast", "simde", None),
    ("_mm512_set1_ps", "__m512 _mm512_set1_ps(float x)", ("avx512f",), "broadcast", "simde", None),
    # integer arithmetic
    ("_mm512_add_epi32", "__m512i _mm512_add_epi32(__m512i a, __m512i b)", ("avx512f",), "wrapping add", "simde", add_epi32),
    ("_mm512_mullo_epi32", "__m512i _mm512_mullo_epi32(__m512i a, __m512i b)", ("avx512f",), "low 32 bits of the product", "simde", mullo_epi32),
    ("_mm512_madd_epi16", "__m512i _mm512_madd_epi16(__m512i a, __m512i b)", ("avx512bw",), "s16 pairs into int32", "simde", madd_epi16),
    ("_mm512_maddubs_epi16", "__m512i _mm512_maddubs_epi16(__m512i a, __m512i b)", ("avx512bw",),
     "u8 x s8 pairs saturated to int16", "simde", maddubs_epi16),
    ("_mm512_srai_epi32", "__m512i _mm512_srai_epi32(__m512i a, unsigned int imm)", ("avx512f",),
     "arithmetic right shift (counts > 31 fill with the sign)", "shim", None),
    # conversions
    ("_mm512_cvtepi32_ps", "__m512 _mm512_cvtepi32_ps(__m512i a)", ("avx512f",), "int32 -> float, nearest even", "shim", cvtepi32_ps),
    ("_mm512_cvtps_epi32", "__m512i _mm512_cvtps_epi32(__m512 a)", ("avx512f",),
     "float -> int32, nearest even; NaN/out of range -> INT32_MIN", "shim", cvtps_epi32),
    ("_mm512_cvttps_epi32", "__m512i _mm512_cvttps_epi32(__m512 a)", ("avx512f",),
     "float -> int32, truncating; NaN/out of range -> INT32_MIN", "shim", cvttps_epi32),
    ("_mm512_cvtsepi32_epi8", "__m128i _mm512_cvtsepi32_epi8(__m512i a)", ("avx512f",), "int32 -> int8, signed saturation", "simde", cvtsepi32_epi8),
    ("_mm512_cvtusepi32_epi8", "__m128i _mm512_cvtusepi32_epi8(__m512i a)", ("avx512f",),
     "int32 read as unsigned -> uint8, saturating (-7 -> 255)", "shim", cvtusepi32_epi8),
    ("_mm512_cvtepi32_epi8", "__m128i _mm512_cvtepi32_epi8(__m512i a)", ("avx512f",), "int32 -> int8, truncating", "shim", cvtepi32_epi8),
    ("_mm512_cvtepu8_epi32", "__m512i _mm512_cvtepu8_epi32(__m128i a)", ("avx512f",), "16 u8 -> int32", "shim", cvtepu8_epi32),
    ("_mm512_cvtepi8_epi32", "__m512i _mm512_cvtepi8_epi32(__m128i a)", ("avx512f",), "16 s8 -> int32", "shim", cvtepi8_epi32),
    ("_mm512_cvtepi16_epi32", "__m512i _mm512_cvtepi16_epi32(__m256i a)", ("avx512f",), "16 s16 -> int32", "shim", None),
    ("_mm512_cvtph_ps", "__m512 _mm512_cvtph_ps(__m256i a)", ("avx512f",), "16 binary16 -> float", "shim", None),
    ("_mm512_cvtps_ph", "__m256i _mm512_cvtps_ph(__m512 a, int rounding)", ("avx512f",),
     "float -> binary16 (the SIMDe path rounds to nearest even whatever the immediate)", "shim", None),
    # float arithmetic
    ("_mm512_fmadd_ps", "__m512 _mm512_fmadd_ps(__m512 a, __m512 b, __m512 c)", ("avx512f",),
     "a*b + c, one rounding", "fixed", fmadd_ps),
    ("_mm512_fmsub_ps", "__m512 _mm512_fmsub_ps(__m512 a, __m512 b, __m512 c)", ("avx512f",), "a*b - c, one rounding", "fixed", None),
    ("_mm512_fnmadd_ps", "__m512 _mm512_fnmadd_ps(__m512 a, __m512 b, __m512 c)", ("avx512f",), "-(a*b) + c, one rounding", "fixed", None),
    ("_mm256_fmadd_ps", "__m256 _mm256_fmadd_ps(__m256 a, __m256 b, __m256 c)", ("fma",), "a*b + c, one rounding", "fixed", fmadd_ps),
    ("_mm512_add_ps", "__m512 _mm512_add_ps(__m512 a, __m512 b)", ("avx512f",), "add", "simde", None),
    ("_mm512_mul_ps", "__m512 _mm512_mul_ps(__m512 a, __m512 b)", ("avx512f",), "multiply", "simde", None),
    ("_mm512_sub_ps", "__m512 _mm512_sub_ps(__m512 a, __m512 b)", ("avx512f",), "subtract", "simde", None),
    ("_mm512_div_ps", "__m512 _mm512_div_ps(__m512 a, __m512 b)", ("avx512f",), "divide (correctly rounded)", "simde", None),
    ("_mm512_sqrt_ps", "__m512 _mm512_sqrt_ps(__m512 a)", ("avx512f",), "square root (correctly rounded)", "simde", None),
    ("_mm512_mask_max_ps", "__m512 _mm512_mask_max_ps(__m512 src, __mmask16 k, __m512 a, __m512 b)", ("avx512f",),
     "max_ps on the lanes with k=1, src elsewhere", "simde", None),
    ("_mm512_max_epi32", "__m512i _mm512_max_epi32(__m512i a, __m512i b)", ("avx512f",), "signed max", "simde", None),
    ("_mm512_min_epi32", "__m512i _mm512_min_epi32(__m512i a, __m512i b)", ("avx512f",), "signed min", "simde", None),
    ("_mm512_sub_epi32", "__m512i _mm512_sub_epi32(__m512i a, __m512i b)", ("avx512f",), "wrapping subtract", "simde", None),
    ("_mm512_max_ps", "__m512 _mm512_max_ps(__m512 a, __m512 b)", ("avx512f",), "(a > b) ? a : b (NaN -> b)", "simde", max_ps),
    ("_mm512_min_ps", "__m512 _mm512_min_ps(__m512 a, __m512 b)", ("avx512f",), "(a < b) ? a : b (NaN -> b)", "simde", min_ps),
    ("_mm512_rcp14_ps", "__m512 _mm512_rcp14_ps(__m512 a)", ("avx512f",),
     "1/a within 2^-14 (SIMDe path: exactly rounded 1/a, low bits differ from hardware)", "shim", None),
    ("_mm512_rsqrt14_ps", "__m512 _mm512_rsqrt14_ps(__m512 a)", ("avx512f",),
     "1/sqrt(a) within 2^-14 (SIMDe path: exactly rounded, low bits differ from hardware)", "shim", None),
    ("_mm512_exp_ps", "__m512 _mm512_exp_ps(__m512 a)", ("avx512f",),
     "SVML library function (Intel compilers), not an instruction: GCC lacks it", "simde", None, False),
    # reductions (compiler sequences, GCC tree order)
    ("_mm512_reduce_add_ps", "float _mm512_reduce_add_ps(__m512 a)", ("avx512f",),
     "horizontal sum in GCC's 512->256->128->64->32 order", "shim", reduce_add_ps),
    ("_mm512_reduce_max_ps", "float _mm512_reduce_max_ps(__m512 a)", ("avx512f",), "horizontal max (max_ps tree)", "shim", reduce_max_ps),
    ("_mm512_reduce_min_ps", "float _mm512_reduce_min_ps(__m512 a)", ("avx512f",), "horizontal min (min_ps tree)", "shim", None),
    ("_mm512_reduce_add_epi32", "int _mm512_reduce_add_epi32(__m512i a)", ("avx512f",), "horizontal wrapping sum", "shim", reduce_add_epi32),
    ("_mm512_reduce_max_epi32", "int _mm512_reduce_max_epi32(__m512i a)", ("avx512f",), "horizontal max", "shim", None),
    ("_mm512_mask_reduce_add_ps", "float _mm512_mask_reduce_add_ps(__mmask16 k, __m512 a)", ("avx512f",),
     "horizontal sum of the lanes with k=1", "shim", None),
    # masks
    ("_cvtu32_mask16", "__mmask16 _cvtu32_mask16(unsigned int a)", ("avx512f",), "int -> mask", "shim", None),
    ("_mm512_int2mask", "__mmask16 _mm512_int2mask(int a)", ("avx512f",), "int -> mask", "shim", None),
    ("_mm512_mask2int", "int _mm512_mask2int(__mmask16 k)", ("avx512f",), "mask -> int", "shim", None),
]


def _helper_entries() -> list[Intrinsic]:
    out = []
    for row in _H:
        name, proto, isa, summary, how, fn = row[:6]
        native = row[6] if len(row) > 6 else True
        out.append(Intrinsic(name, proto, isa, summary, how, fn, native))
    return out


INTRINSICS: dict[str, Intrinsic] = {i.name: i for i in _vnni_entries() + _helper_entries()}

# names in these families must be in the table (a misspelt VNNI intrinsic is caught at load time
# with a suggestion, rather than as an implicit declaration or a link error)
STRICT_PREFIXES = tuple(f"{p}{m}dp{t}" for p in ("_mm512_", "_mm256_", "_mm_") for m in ("", "mask_", "maskz_")
                        for t in ("bu", "bs", "ws", "wu", "bf"))


def intrinsic_names() -> set[str]:
    return set(INTRINSICS)


def lookup(name: str) -> Intrinsic | None:
    return INTRINSICS.get(name)
