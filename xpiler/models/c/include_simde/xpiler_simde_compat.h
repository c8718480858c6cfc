/* Xpiler, SIMDe path: intrinsics that SIMDe 0.7.4 (Debian 12's libsimde-dev) lacks, and corrections
 * where its portable code differs from the hardware. Valid C11 and C++17.
 *
 * - Missing intrinsics are added only when SIMDe does not define the Intel spelling (SIMDe's native
 *   aliases are macros, so `#ifndef _mm512_reduce_add_ps` tells). A newer SIMDe keeps its own.
 * - Corrections replace SIMDe's spelling unconditionally:
 *     _mm*_dpwssds_epi32 (and mask/maskz): SIMDe adds the two word products in int32 before the
 *       saturating add, so a pair of products 2^30 + 2^30 wraps to INT32_MIN; the hardware
 *       saturates the exact sum to INT32_MAX (gpu_cpu.md C.1 / C.5).
 *     _mm*_fmadd/fmsub/fnmadd/fnmsub_ps/pd (and the 512-bit mask/maskz/mask3 forms): SIMDe computes
 *       a*b+c with two roundings when FMA is not native; the hardware rounds once.
 * - Float reductions follow GCC's tree order (512 -> 256 -> 128 -> 64 -> 32 bits), so they give the
 *   same bits as the native path.
 * Every helper works lane by lane on arrays copied out of the vector: slow, exact and faithful.
 */
#ifndef XPILER_SIMDE_COMPAT_H
#define XPILER_SIMDE_COMPAT_H

#include <stdint.h>
#include <math.h>
#include <stddef.h>

#define XPILER_FN static inline
#define XPILER_OUT(arr, v) __builtin_memcpy((arr), &(v), sizeof(arr))
#define XPILER_IN(v, arr) __builtin_memcpy(&(v), (arr), sizeof(v))
#define XPILER_BIT(k, i) ((((uint64_t)(k)) >> (i)) & 1u)

/* ---------------------------------------------------------------- types and constants
 * SIMDe 0.7.4 names the mask types simde__mmaskN only; a repeated identical typedef is valid C11
 * and C++, so this stays right if a newer SIMDe adds the aliases itself. */
typedef simde__mmask8 __mmask8;
typedef simde__mmask16 __mmask16;
typedef simde__mmask32 __mmask32;
typedef simde__mmask64 __mmask64;
#ifndef _MM_FROUND_NO_EXC
#  define _MM_FROUND_NO_EXC SIMDE_MM_FROUND_NO_EXC
#endif
#ifndef _MM_FROUND_RAISE_EXC
#  define _MM_FROUND_RAISE_EXC SIMDE_MM_FROUND_RAISE_EXC
#endif
#ifndef _MM_ROUND_NEAREST
#  define _MM_ROUND_NEAREST 0x0000
#  define _MM_ROUND_DOWN 0x2000
#  define _MM_ROUND_UP 0x4000
#  define _MM_ROUND_TOWARD_ZERO 0x6000
#endif
#ifndef _MM_CMPINT_EQ
#  define _MM_CMPINT_EQ 0
#  define _MM_CMPINT_LT 1
#  define _MM_CMPINT_LE 2
#  define _MM_CMPINT_FALSE 3
#  define _MM_CMPINT_NE 4
#  define _MM_CMPINT_NLT 5
#  define _MM_CMPINT_GE 5
#  define _MM_CMPINT_NLE 6
#  define _MM_CMPINT_GT 6
#  define _MM_CMPINT_TRUE 7
#endif

/* ---------------------------------------------------------------- scalar bit helpers
 * The compiler's versions (x86gprintrin.h) need -mpopcnt / -mbmi / -mlzcnt, which the SIMDe path
 * does not pass; these give the same results with plain builtins (tzcnt/lzcnt of 0 = width). */
XPILER_FN int xpiler_popcnt_u32(unsigned int a) { return __builtin_popcount(a); }
XPILER_FN long long xpiler_popcnt_u64(unsigned long long a) { return __builtin_popcountll(a); }
XPILER_FN unsigned int xpiler_tzcnt_u32(unsigned int a) { return a ? (unsigned)__builtin_ctz(a) : 32u; }
XPILER_FN unsigned long long xpiler_tzcnt_u64(unsigned long long a) { return a ? (unsigned long long)__builtin_ctzll(a) : 64u; }
XPILER_FN unsigned int xpiler_lzcnt_u32(unsigned int a) { return a ? (unsigned)__builtin_clz(a) : 32u; }
XPILER_FN unsigned long long xpiler_lzcnt_u64(unsigned long long a) { return a ? (unsigned long long)__builtin_clzll(a) : 64u; }
#undef _mm_popcnt_u32
#undef _mm_popcnt_u64
#undef _tzcnt_u32
#undef _tzcnt_u64
#undef _lzcnt_u32
#undef _lzcnt_u64
#define _mm_popcnt_u32(a) xpiler_popcnt_u32(a)
#define _mm_popcnt_u64(a) xpiler_popcnt_u64(a)
#define _tzcnt_u32(a) xpiler_tzcnt_u32(a)
#define _tzcnt_u64(a) xpiler_tzcnt_u64(a)
#define _lzcnt_u32(a) xpiler_lzcnt_u32(a)
#define _lzcnt_u64(a) xpiler_lzcnt_u64(a)

/* ---------------------------------------------------------------- masks */
XPILER_FN simde__mmask16 xpiler_cvtu32_mask16(uint32_t a) { return (simde__mmask16)a; }
XPILER_FN uint32_t xpiler_cvtmask16_u32(simde__mmask16 a) { return (uint32_t)a; }
XPILER_FN simde__mmask64 xpiler_cvtu64_mask64(uint64_t a) { return (simde__mmask64)a; }
XPILER_FN uint64_t xpiler_cvtmask64_u64(simde__mmask64 a) { return (uint64_t)a; }
XPILER_FN simde__mmask16 xpiler_mm512_int2mask(int a) { return (simde__mmask16)a; }
XPILER_FN int xpiler_mm512_mask2int(simde__mmask16 a) { return (int)a; }
XPILER_FN simde__mmask16 xpiler_kand_mask16(simde__mmask16 a, simde__mmask16 b) { return (simde__mmask16)(a & b); }
XPILER_FN simde__mmask16 xpiler_kor_mask16(simde__mmask16 a, simde__mmask16 b) { return (simde__mmask16)(a | b); }
XPILER_FN simde__mmask16 xpiler_knot_mask16(simde__mmask16 a) { return (simde__mmask16)(~a & 0xFFFF); }
XPILER_FN unsigned char xpiler_kortestz_mask16_u8(simde__mmask16 a, simde__mmask16 b) { return (unsigned char)((a | b) == 0); }
XPILER_FN int xpiler_mm512_kortestz(simde__mmask16 a, simde__mmask16 b) { return (a | b) == 0; }
#ifndef _cvtu32_mask16
#  define _cvtu32_mask16(a) xpiler_cvtu32_mask16(a)
#endif
#ifndef _cvtmask16_u32
#  define _cvtmask16_u32(a) xpiler_cvtmask16_u32(a)
#endif
#ifndef _cvtu64_mask64
#  define _cvtu64_mask64(a) xpiler_cvtu64_mask64(a)
#endif
#ifndef _cvtmask64_u64
#  define _cvtmask64_u64(a) xpiler_cvtmask64_u64(a)
#endif
#ifndef _mm512_int2mask
#  define _mm512_int2mask(a) xpiler_mm512_int2mask(a)
#endif
#ifndef _mm512_mask2int
#  define _mm512_mask2int(a) xpiler_mm512_mask2int(a)
#endif
#ifndef _kand_mask16
#  define _kand_mask16(a, b) xpiler_kand_mask16(a, b)
#endif
#ifndef _mm512_kand
#  define _mm512_kand(a, b) xpiler_kand_mask16(a, b)
#endif
#ifndef _kor_mask16
#  define _kor_mask16(a, b) xpiler_kor_mask16(a, b)
#endif
#ifndef _mm512_kor
#  define _mm512_kor(a, b) xpiler_kor_mask16(a, b)
#endif
#ifndef _knot_mask16
#  define _knot_mask16(a) xpiler_knot_mask16(a)
#endif
#ifndef _mm512_knot
#  define _mm512_knot(a) xpiler_knot_mask16(a)
#endif
#ifndef _kortestz_mask16_u8
#  define _kortestz_mask16_u8(a, b) xpiler_kortestz_mask16_u8(a, b)
#endif
#ifndef _mm512_kortestz
#  define _mm512_kortestz(a, b) xpiler_mm512_kortestz(a, b)
#endif

/* ---------------------------------------------------------------- masked loads and stores
 * Masked-off elements are neither read nor written (no fault), as on the hardware: the usual tail
 * idiom `_mm512_maskz_loadu_epi8((1ull << rem) - 1, p)` stays inside the buffer. */
#define XPILER_MASKED_MEMORY(W, SUF, VT, ET, N, MT)                                                   \
  XPILER_FN VT xpiler_mm##W##_maskz_loadu_##SUF(MT k, void const* p) {                                 \
    ET r[N];                                                                                          \
    for (int i = 0; i < N; ++i) {                                                                     \
      r[i] = (ET)0;                                                                                   \
      if (XPILER_BIT(k, i)) __builtin_memcpy(&r[i], (const char*)p + (size_t)i * sizeof(ET), sizeof(ET)); \
    }                                                                                                 \
    VT v; XPILER_IN(v, r); return v;                                                                  \
  }                                                                                                   \
  XPILER_FN VT xpiler_mm##W##_mask_loadu_##SUF(VT src, MT k, void const* p) {                          \
    ET r[N]; XPILER_OUT(r, src);                                                                      \
    for (int i = 0; i < N; ++i)                                                                       \
      if (XPILER_BIT(k, i)) __builtin_memcpy(&r[i], (const char*)p + (size_t)i * sizeof(ET), sizeof(ET)); \
    VT v; XPILER_IN(v, r); return v;                                                                  \
  }                                                                                                   \
  XPILER_FN void xpiler_mm##W##_mask_storeu_##SUF(void* p, MT k, VT a) {                               \
    ET r[N]; XPILER_OUT(r, a);                                                                        \
    for (int i = 0; i < N; ++i)                                                                       \
      if (XPILER_BIT(k, i)) __builtin_memcpy((char*)p + (size_t)i * sizeof(ET), &r[i], sizeof(ET));   \
  }

XPILER_MASKED_MEMORY(512, epi8, simde__m512i, int8_t, 64, simde__mmask64)
XPILER_MASKED_MEMORY(512, epi16, simde__m512i, int16_t, 32, simde__mmask32)
XPILER_MASKED_MEMORY(512, epi32, simde__m512i, int32_t, 16, simde__mmask16)
XPILER_MASKED_MEMORY(512, epi64, simde__m512i, int64_t, 8, simde__mmask8)
XPILER_MASKED_MEMORY(512, ps, simde__m512, float, 16, simde__mmask16)
XPILER_MASKED_MEMORY(512, pd, simde__m512d, double, 8, simde__mmask8)
XPILER_MASKED_MEMORY(256, epi8, simde__m256i, int8_t, 32, simde__mmask32)
XPILER_MASKED_MEMORY(256, epi32, simde__m256i, int32_t, 8, simde__mmask8)
XPILER_MASKED_MEMORY(256, ps, simde__m256, float, 8, simde__mmask8)
XPILER_MASKED_MEMORY(, epi8, simde__m128i, int8_t, 16, simde__mmask16)
XPILER_MASKED_MEMORY(, epi32, simde__m128i, int32_t, 4, simde__mmask8)
XPILER_MASKED_MEMORY(, ps, simde__m128, float, 4, simde__mmask8)

#ifndef _mm512_maskz_loadu_epi8
#  define _mm512_maskz_loadu_epi8(k, p) xpiler_mm512_maskz_loadu_epi8(k, p)
#endif
#ifndef _mm512_mask_loadu_epi8
#  define _mm512_mask_loadu_epi8(s, k, p) xpiler_mm512_mask_loadu_epi8(s, k, p)
#endif
#ifndef _mm512_mask_storeu_epi8
#  define _mm512_mask_storeu_epi8(p, k, a) xpiler_mm512_mask_storeu_epi8(p, k, a)
#endif
#ifndef _mm512_maskz_loadu_epi16
#  define _mm512_maskz_loadu_epi16(k, p) xpiler_mm512_maskz_loadu_epi16(k, p)
#endif
#ifndef _mm512_mask_loadu_epi16
#  define _mm512_mask_loadu_epi16(s, k, p) xpiler_mm512_mask_loadu_epi16(s, k, p)
#endif
#ifndef _mm512_mask_storeu_epi16
#  define _mm512_mask_storeu_epi16(p, k, a) xpiler_mm512_mask_storeu_epi16(p, k, a)
#endif
#ifndef _mm512_maskz_loadu_epi32
#  define _mm512_maskz_loadu_epi32(k, p) xpiler_mm512_maskz_loadu_epi32(k, p)
#endif
#ifndef _mm512_mask_loadu_epi32
#  define _mm512_mask_loadu_epi32(s, k, p) xpiler_mm512_mask_loadu_epi32(s, k, p)
#endif
#ifndef _mm512_mask_storeu_epi32
#  define _mm512_mask_storeu_epi32(p, k, a) xpiler_mm512_mask_storeu_epi32(p, k, a)
#endif
#ifndef _mm512_maskz_loadu_epi64
#  define _mm512_maskz_loadu_epi64(k, p) xpiler_mm512_maskz_loadu_epi64(k, p)
#endif
#ifndef _mm512_mask_loadu_epi64
#  define _mm512_mask_loadu_epi64(s, k, p) xpiler_mm512_mask_loadu_epi64(s, k, p)
#endif
#ifndef _mm512_mask_storeu_epi64
#  define _mm512_mask_storeu_epi64(p, k, a) xpiler_mm512_mask_storeu_epi64(p, k, a)
#endif
#ifndef _mm512_maskz_loadu_ps
#  define _mm512_maskz_loadu_ps(k, p) xpiler_mm512_maskz_loadu_ps(k, p)
#endif
#ifndef _mm512_mask_loadu_ps
#  define _mm512_mask_loadu_ps(s, k, p) xpiler_mm512_mask_loadu_ps(s, k, p)
#endif
#ifndef _mm512_mask_storeu_ps
#  define _mm512_mask_storeu_ps(p, k, a) xpiler_mm512_mask_storeu_ps(p, k, a)
#endif
#ifndef _mm512_maskz_loadu_pd
#  define _mm512_maskz_loadu_pd(k, p) xpiler_mm512_maskz_loadu_pd(k, p)
#endif
#ifndef _mm512_mask_loadu_pd
#  define _mm512_mask_loadu_pd(s, k, p) xpiler_mm512_mask_loadu_pd(s, k, p)
#endif
#ifndef _mm512_mask_storeu_pd
#  define _mm512_mask_storeu_pd(p, k, a) xpiler_mm512_mask_storeu_pd(p, k, a)
#endif
#ifndef _mm256_maskz_loadu_epi8
#  define _mm256_maskz_loadu_epi8(k, p) xpiler_mm256_maskz_loadu_epi8(k, p)
#endif
#ifndef _mm256_mask_storeu_epi8
#  define _mm256_mask_storeu_epi8(p, k, a) xpiler_mm256_mask_storeu_epi8(p, k, a)
#endif
#ifndef _mm256_maskz_loadu_epi32
#  define _mm256_maskz_loadu_epi32(k, p) xpiler_mm256_maskz_loadu_epi32(k, p)
#endif
#ifndef _mm256_mask_loadu_epi32
#  define _mm256_mask_loadu_epi32(s, k, p) xpiler_mm256_mask_loadu_epi32(s, k, p)
#endif
#ifndef _mm256_mask_storeu_epi32
#  define _mm256_mask_storeu_epi32(p, k, a) xpiler_mm256_mask_storeu_epi32(p, k, a)
#endif
#ifndef _mm256_maskz_loadu_ps
#  define _mm256_maskz_loadu_ps(k, p) xpiler_mm256_maskz_loadu_ps(k, p)
#endif
#ifndef _mm256_mask_loadu_ps
#  define _mm256_mask_loadu_ps(s, k, p) xpiler_mm256_mask_loadu_ps(s, k, p)
#endif
#ifndef _mm256_mask_storeu_ps
#  define _mm256_mask_storeu_ps(p, k, a) xpiler_mm256_mask_storeu_ps(p, k, a)
#endif
#ifndef _mm_maskz_loadu_epi8
#  define _mm_maskz_loadu_epi8(k, p) xpiler_mm_maskz_loadu_epi8(k, p)
#endif
#ifndef _mm_mask_storeu_epi8
#  define _mm_mask_storeu_epi8(p, k, a) xpiler_mm_mask_storeu_epi8(p, k, a)
#endif
#ifndef _mm_maskz_loadu_epi32
#  define _mm_maskz_loadu_epi32(k, p) xpiler_mm_maskz_loadu_epi32(k, p)
#endif
#ifndef _mm_mask_storeu_epi32
#  define _mm_mask_storeu_epi32(p, k, a) xpiler_mm_mask_storeu_epi32(p, k, a)
#endif
#ifndef _mm_maskz_loadu_ps
#  define _mm_maskz_loadu_ps(k, p) xpiler_mm_maskz_loadu_ps(k, p)
#endif
#ifndef _mm_mask_storeu_ps
#  define _mm_mask_storeu_ps(p, k, a) xpiler_mm_mask_storeu_ps(p, k, a)
#endif

/* ---------------------------------------------------------------- aligned loads and stores
 * The hardware faults (#GP) when the address is not aligned to the vector size; SIMDe's portable
 * code would not (or only at 16 bytes). These check the alignment and then fault the same way
 * (a read of address 0, which the engine reports at the intrinsic's line). */
XPILER_FN void xpiler_check_aligned(const void* p, uintptr_t align) {
  if ((uintptr_t)p & (align - 1)) {
    const volatile char* volatile nowhere = 0;
    (void)*nowhere;
  }
}
#define XPILER_ALIGNED(W, SUF, VT, BYTES)                                                             \
  XPILER_FN VT xpiler_mm##W##_load_##SUF(void const* p) {                                             \
    VT v; xpiler_check_aligned(p, BYTES); __builtin_memcpy(&v, p, sizeof(v)); return v;               \
  }                                                                                                   \
  XPILER_FN void xpiler_mm##W##_store_##SUF(void* p, VT a) {                                          \
    xpiler_check_aligned(p, BYTES); __builtin_memcpy(p, &a, sizeof(a));                               \
  }
XPILER_ALIGNED(512, ps, simde__m512, 64)
XPILER_ALIGNED(512, pd, simde__m512d, 64)
XPILER_ALIGNED(512, si512, simde__m512i, 64)
XPILER_ALIGNED(256, ps, simde__m256, 32)
XPILER_ALIGNED(256, pd, simde__m256d, 32)
XPILER_ALIGNED(256, si256, simde__m256i, 32)
#undef _mm512_load_ps
#undef _mm512_load_pd
#undef _mm512_load_si512
#undef _mm512_load_epi32
#undef _mm512_load_epi64
#undef _mm512_store_ps
#undef _mm512_store_pd
#undef _mm512_store_si512
#undef _mm512_store_epi32
#undef _mm512_store_epi64
#undef _mm256_load_ps
#undef _mm256_load_pd
#undef _mm256_load_si256
#undef _mm256_store_ps
#undef _mm256_store_pd
#undef _mm256_store_si256
#define _mm512_load_ps(p) xpiler_mm512_load_ps(p)
#define _mm512_load_pd(p) xpiler_mm512_load_pd(p)
#define _mm512_load_si512(p) xpiler_mm512_load_si512(p)
#define _mm512_load_epi32(p) xpiler_mm512_load_si512(p)
#define _mm512_load_epi64(p) xpiler_mm512_load_si512(p)
#define _mm512_store_ps(p, a) xpiler_mm512_store_ps(p, a)
#define _mm512_store_pd(p, a) xpiler_mm512_store_pd(p, a)
#define _mm512_store_si512(p, a) xpiler_mm512_store_si512(p, a)
#define _mm512_store_epi32(p, a) xpiler_mm512_store_si512(p, a)
#define _mm512_store_epi64(p, a) xpiler_mm512_store_si512(p, a)
#define _mm256_load_ps(p) xpiler_mm256_load_ps(p)
#define _mm256_load_pd(p) xpiler_mm256_load_pd(p)
#define _mm256_load_si256(p) xpiler_mm256_load_si256(p)
#define _mm256_store_ps(p, a) xpiler_mm256_store_ps(p, a)
#define _mm256_store_pd(p, a) xpiler_mm256_store_pd(p, a)
#define _mm256_store_si256(p, a) xpiler_mm256_store_si256(p, a)

/* ---------------------------------------------------------------- horizontal reductions
 * GCC's avx512fintrin.h order: t3[i] = a[8+i] op a[i]; t6[i] = t3[4+i] op t3[i];
 * t8 = {t6[0] op t6[2], t6[1] op t6[3]}; result = t8[0] op t8[1]. min/max use the *_ps instruction
 * semantics (first operand if the compare holds, else the second), in the same operand order. */
XPILER_FN float xpiler_maxps1(float a, float b) { return a > b ? a : b; }
XPILER_FN float xpiler_minps1(float a, float b) { return a < b ? a : b; }
#define XPILER_REDUCE16(T, OPF, x)                                                                    \
  T t3[8], t6[4], t8[2];                                                                              \
  for (int i = 0; i < 8; ++i) t3[i] = OPF(x[8 + i], x[i]);                                            \
  for (int i = 0; i < 4; ++i) t6[i] = OPF(t3[4 + i], t3[i]);                                          \
  t8[0] = OPF(t6[0], t6[2]);                                                                          \
  t8[1] = OPF(t6[1], t6[3]);                                                                          \
  return OPF(t8[0], t8[1])
#define XPILER_ADDF(a, b) ((a) + (b))
#define XPILER_MULF(a, b) ((a) * (b))
#define XPILER_ANDI(a, b) ((a) & (b))
#define XPILER_ORI(a, b) ((a) | (b))
#define XPILER_MAXI(a, b) ((a) > (b) ? (a) : (b))
#define XPILER_MINI(a, b) ((a) < (b) ? (a) : (b))

XPILER_FN float xpiler_mm512_reduce_add_ps(simde__m512 a) { float x[16]; XPILER_OUT(x, a); XPILER_REDUCE16(float, XPILER_ADDF, x); }
XPILER_FN float xpiler_mm512_reduce_mul_ps(simde__m512 a) { float x[16]; XPILER_OUT(x, a); XPILER_REDUCE16(float, XPILER_MULF, x); }
XPILER_FN float xpiler_mm512_reduce_max_ps(simde__m512 a) { float x[16]; XPILER_OUT(x, a); XPILER_REDUCE16(float, xpiler_maxps1, x); }
XPILER_FN float xpiler_mm512_reduce_min_ps(simde__m512 a) { float x[16]; XPILER_OUT(x, a); XPILER_REDUCE16(float, xpiler_minps1, x); }
XPILER_FN float xpiler_mm512_mask_reduce_add_ps(simde__mmask16 k, simde__m512 a) {
  float x[16]; XPILER_OUT(x, a);
  for (int i = 0; i < 16; ++i) if (!XPILER_BIT(k, i)) x[i] = 0.0f;
  XPILER_REDUCE16(float, XPILER_ADDF, x);
}
XPILER_FN float xpiler_mm512_mask_reduce_max_ps(simde__mmask16 k, simde__m512 a) {
  float x[16]; XPILER_OUT(x, a);
  for (int i = 0; i < 16; ++i) if (!XPILER_BIT(k, i)) x[i] = -__builtin_inff();
  XPILER_REDUCE16(float, xpiler_maxps1, x);
}
/* integer sums wrap: computed in uint32_t */
XPILER_FN int xpiler_mm512_reduce_add_epi32(simde__m512i a) { uint32_t x[16]; XPILER_OUT(x, a); { XPILER_REDUCE16(uint32_t, XPILER_ADDF, x); } }
XPILER_FN int xpiler_mm512_reduce_mul_epi32(simde__m512i a) { uint32_t x[16]; XPILER_OUT(x, a); { XPILER_REDUCE16(uint32_t, XPILER_MULF, x); } }
XPILER_FN int xpiler_mm512_reduce_and_epi32(simde__m512i a) { uint32_t x[16]; XPILER_OUT(x, a); { XPILER_REDUCE16(uint32_t, XPILER_ANDI, x); } }
XPILER_FN int xpiler_mm512_reduce_or_epi32(simde__m512i a) { uint32_t x[16]; XPILER_OUT(x, a); { XPILER_REDUCE16(uint32_t, XPILER_ORI, x); } }
XPILER_FN int xpiler_mm512_reduce_max_epi32(simde__m512i a) { int32_t x[16]; XPILER_OUT(x, a); { XPILER_REDUCE16(int32_t, XPILER_MAXI, x); } }
XPILER_FN int xpiler_mm512_reduce_min_epi32(simde__m512i a) { int32_t x[16]; XPILER_OUT(x, a); { XPILER_REDUCE16(int32_t, XPILER_MINI, x); } }
XPILER_FN unsigned int xpiler_mm512_reduce_max_epu32(simde__m512i a) { uint32_t x[16]; XPILER_OUT(x, a); { XPILER_REDUCE16(uint32_t, XPILER_MAXI, x); } }
XPILER_FN unsigned int xpiler_mm512_reduce_min_epu32(simde__m512i a) { uint32_t x[16]; XPILER_OUT(x, a); { XPILER_REDUCE16(uint32_t, XPILER_MINI, x); } }
XPILER_FN int xpiler_mm512_mask_reduce_add_epi32(simde__mmask16 k, simde__m512i a) {
  uint32_t x[16]; XPILER_OUT(x, a);
  for (int i = 0; i < 16; ++i) if (!XPILER_BIT(k, i)) x[i] = 0;
  { XPILER_REDUCE16(uint32_t, XPILER_ADDF, x); }
}
XPILER_FN long long xpiler_mm512_reduce_add_epi64(simde__m512i a) {
  uint64_t x[8]; XPILER_OUT(x, a);
  uint64_t t3[4], t6[2];
  for (int i = 0; i < 4; ++i) t3[i] = x[4 + i] + x[i];
  for (int i = 0; i < 2; ++i) t6[i] = t3[2 + i] + t3[i];
  return (long long)(t6[0] + t6[1]);
}
XPILER_FN double xpiler_mm512_reduce_add_pd(simde__m512d a) {
  double x[8]; XPILER_OUT(x, a);
  double t3[4], t6[2];
  for (int i = 0; i < 4; ++i) t3[i] = x[4 + i] + x[i];
  for (int i = 0; i < 2; ++i) t6[i] = t3[2 + i] + t3[i];
  return t6[0] + t6[1];
}
XPILER_FN double xpiler_mm512_reduce_mul_pd(simde__m512d a) {
  double x[8]; XPILER_OUT(x, a);
  double t3[4], t6[2];
  for (int i = 0; i < 4; ++i) t3[i] = x[4 + i] * x[i];
  for (int i = 0; i < 2; ++i) t6[i] = t3[2 + i] * t3[i];
  return t6[0] * t6[1];
}
#ifndef _mm512_reduce_add_ps
#  define _mm512_reduce_add_ps(a) xpiler_mm512_reduce_add_ps(a)
#endif
#ifndef _mm512_reduce_mul_ps
#  define _mm512_reduce_mul_ps(a) xpiler_mm512_reduce_mul_ps(a)
#endif
#ifndef _mm512_reduce_max_ps
#  define _mm512_reduce_max_ps(a) xpiler_mm512_reduce_max_ps(a)
#endif
#ifndef _mm512_reduce_min_ps
#  define _mm512_reduce_min_ps(a) xpiler_mm512_reduce_min_ps(a)
#endif
#ifndef _mm512_mask_reduce_add_ps
#  define _mm512_mask_reduce_add_ps(k, a) xpiler_mm512_mask_reduce_add_ps(k, a)
#endif
#ifndef _mm512_mask_reduce_max_ps
#  define _mm512_mask_reduce_max_ps(k, a) xpiler_mm512_mask_reduce_max_ps(k, a)
#endif
#ifndef _mm512_reduce_add_epi32
#  define _mm512_reduce_add_epi32(a) xpiler_mm512_reduce_add_epi32(a)
#endif
#ifndef _mm512_reduce_mul_epi32
#  define _mm512_reduce_mul_epi32(a) xpiler_mm512_reduce_mul_epi32(a)
#endif
#ifndef _mm512_reduce_and_epi32
#  define _mm512_reduce_and_epi32(a) xpiler_mm512_reduce_and_epi32(a)
#endif
#ifndef _mm512_reduce_or_epi32
#  define _mm512_reduce_or_epi32(a) xpiler_mm512_reduce_or_epi32(a)
#endif
#ifndef _mm512_reduce_max_epi32
#  define _mm512_reduce_max_epi32(a) xpiler_mm512_reduce_max_epi32(a)
#endif
#ifndef _mm512_reduce_min_epi32
#  define _mm512_reduce_min_epi32(a) xpiler_mm512_reduce_min_epi32(a)
#endif
#ifndef _mm512_reduce_max_epu32
#  define _mm512_reduce_max_epu32(a) xpiler_mm512_reduce_max_epu32(a)
#endif
#ifndef _mm512_reduce_min_epu32
#  define _mm512_reduce_min_epu32(a) xpiler_mm512_reduce_min_epu32(a)
#endif
#ifndef _mm512_mask_reduce_add_epi32
#  define _mm512_mask_reduce_add_epi32(k, a) xpiler_mm512_mask_reduce_add_epi32(k, a)
#endif
#ifndef _mm512_reduce_add_epi64
#  define _mm512_reduce_add_epi64(a) xpiler_mm512_reduce_add_epi64(a)
#endif
#ifndef _mm512_reduce_add_pd
#  define _mm512_reduce_add_pd(a) xpiler_mm512_reduce_add_pd(a)
#endif
#ifndef _mm512_reduce_mul_pd
#  define _mm512_reduce_mul_pd(a) xpiler_mm512_reduce_mul_pd(a)
#endif

/* ---------------------------------------------------------------- conversions */
/* float -> int32 with the current rounding mode (nearest even by default) / truncation; NaN and
 * out-of-range values give the "integer indefinite" 0x80000000, as cvtps2dq / cvttps2dq do. */
XPILER_FN int32_t xpiler_f2i_indefinite(float r) {
  return (r >= -2147483648.0f && r < 2147483648.0f) ? (int32_t)r : INT32_MIN;
}
XPILER_FN simde__m512i xpiler_mm512_cvtps_epi32(simde__m512 a) {
  float x[16]; int32_t r[16]; simde__m512i v; XPILER_OUT(x, a);
  for (int i = 0; i < 16; ++i) r[i] = xpiler_f2i_indefinite(nearbyintf(x[i]));
  XPILER_IN(v, r); return v;
}
XPILER_FN simde__m512i xpiler_mm512_cvttps_epi32(simde__m512 a) {
  float x[16]; int32_t r[16]; simde__m512i v; XPILER_OUT(x, a);
  for (int i = 0; i < 16; ++i) r[i] = xpiler_f2i_indefinite(truncf(x[i]));
  XPILER_IN(v, r); return v;
}
XPILER_FN simde__m512 xpiler_mm512_cvtepi32_ps(simde__m512i a) {
  int32_t x[16]; float r[16]; simde__m512 v; XPILER_OUT(x, a);
  for (int i = 0; i < 16; ++i) r[i] = (float)x[i];
  XPILER_IN(v, r); return v;
}
XPILER_FN simde__m512 xpiler_mm512_cvtepu32_ps(simde__m512i a) {
  uint32_t x[16]; float r[16]; simde__m512 v; XPILER_OUT(x, a);
  for (int i = 0; i < 16; ++i) r[i] = (float)x[i];
  XPILER_IN(v, r); return v;
}
XPILER_FN simde__m512d xpiler_mm512_cvtepi32_pd(simde__m256i a) {
  int32_t x[8]; double r[8]; simde__m512d v; XPILER_OUT(x, a);
  for (int i = 0; i < 8; ++i) r[i] = (double)x[i];
  XPILER_IN(v, r); return v;
}
XPILER_FN simde__m256 xpiler_mm512_cvtpd_ps(simde__m512d a) {
  double x[8]; float r[8]; simde__m256 v; XPILER_OUT(x, a);
  for (int i = 0; i < 8; ++i) r[i] = (float)x[i];
  XPILER_IN(v, r); return v;
}
XPILER_FN simde__m512d xpiler_mm512_cvtps_pd(simde__m256 a) {
  float x[8]; double r[8]; simde__m512d v; XPILER_OUT(x, a);
  for (int i = 0; i < 8; ++i) r[i] = (double)x[i];
  XPILER_IN(v, r); return v;
}
/* widening: FROM elements of the source vector -> TO elements of the 512-bit result */
#define XPILER_WIDEN(NAME, SRCV, FT, TT, N)                                                           \
  XPILER_FN simde__m512i xpiler_##NAME(SRCV a) {                                                      \
    FT x[N]; TT r[N]; simde__m512i v;                                                                 \
    __builtin_memcpy(x, &a, sizeof(x));                                                               \
    for (int i = 0; i < N; ++i) r[i] = (TT)x[i];                                                      \
    XPILER_IN(v, r); return v;                                                                        \
  }
XPILER_WIDEN(mm512_cvtepi8_epi32, simde__m128i, int8_t, int32_t, 16)
XPILER_WIDEN(mm512_cvtepu8_epi32, simde__m128i, uint8_t, int32_t, 16)
XPILER_WIDEN(mm512_cvtepi16_epi32, simde__m256i, int16_t, int32_t, 16)
XPILER_WIDEN(mm512_cvtepu16_epi32, simde__m256i, uint16_t, int32_t, 16)
XPILER_WIDEN(mm512_cvtepi8_epi16, simde__m256i, int8_t, int16_t, 32)
XPILER_WIDEN(mm512_cvtepu8_epi16, simde__m256i, uint8_t, int16_t, 32)
XPILER_WIDEN(mm512_cvtepi32_epi64, simde__m256i, int32_t, int64_t, 8)
XPILER_WIDEN(mm512_cvtepu32_epi64, simde__m256i, uint32_t, int64_t, 8)
/* narrowing: truncate (cvtepi32), saturate signed (cvtsepi32), saturate the unsigned reading of
 * the source (cvtusepi32: -7 -> 255) */
XPILER_FN uint32_t xpiler_usat(uint32_t x, uint32_t hi) { return x > hi ? hi : x; }
XPILER_FN int32_t xpiler_ssat(int32_t x, int32_t lo, int32_t hi) { return x < lo ? lo : (x > hi ? hi : x); }
#define XPILER_NARROW(NAME, DSTV, ST, DT, N, EXPR)                                                    \
  XPILER_FN DSTV xpiler_##NAME(simde__m512i a) {                                                      \
    ST x[N]; DT r[N]; DSTV v;                                                                         \
    XPILER_OUT(x, a);                                                                                 \
    for (int i = 0; i < N; ++i) r[i] = (DT)(EXPR);                                                    \
    __builtin_memset(&v, 0, sizeof(v));                                                               \
    __builtin_memcpy(&v, r, sizeof(r));                                                               \
    return v;                                                                                         \
  }
XPILER_NARROW(mm512_cvtepi32_epi8, simde__m128i, uint32_t, uint8_t, 16, x[i] & 0xFFu)
XPILER_NARROW(mm512_cvtusepi32_epi8, simde__m128i, uint32_t, uint8_t, 16, xpiler_usat(x[i], 255u))
XPILER_NARROW(mm512_cvtsepi32_epi8, simde__m128i, int32_t, int8_t, 16, xpiler_ssat(x[i], -128, 127))
XPILER_NARROW(mm512_cvtepi32_epi16, simde__m256i, uint32_t, uint16_t, 16, x[i] & 0xFFFFu)
XPILER_NARROW(mm512_cvtusepi32_epi16, simde__m256i, uint32_t, uint16_t, 16, xpiler_usat(x[i], 65535u))
XPILER_NARROW(mm512_cvtsepi32_epi16, simde__m256i, int32_t, int16_t, 16, xpiler_ssat(x[i], -32768, 32767))
XPILER_NARROW(mm512_cvtepi16_epi8, simde__m256i, uint16_t, uint8_t, 32, x[i] & 0xFFu)
XPILER_NARROW(mm512_cvtsepi16_epi8, simde__m256i, int16_t, int8_t, 32, xpiler_ssat(x[i], -128, 127))

/* binary16 <-> binary32, round to nearest even (vcvtps2ph with imm 0 / _MM_FROUND_CUR_DIRECTION in
 * the default MXCSR mode; other rounding immediates are not emulated) */
XPILER_FN float xpiler_half_to_float(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1Fu, man = h & 0x3FFu, bits;
  if (exp == 0x1Fu) bits = sign | 0x7F800000u | (man << 13) | (man ? 0x400000u : 0u);  /* NaN: quiet */
  else if (exp != 0) bits = sign | ((exp + 112u) << 23) | (man << 13);
  else if (man == 0) bits = sign;
  else {
    int e = -1;
    do { ++e; man <<= 1; } while (!(man & 0x400u));
    bits = sign | ((uint32_t)(112 - e) << 23) | ((man & 0x3FFu) << 13);
  }
  float f; __builtin_memcpy(&f, &bits, 4); return f;
}
XPILER_FN uint16_t xpiler_float_to_half(float f) {
  uint32_t x; __builtin_memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000u, ax = x & 0x7FFFFFFFu;
  if (ax > 0x7F800000u) return (uint16_t)(sign | 0x7E00u | ((ax >> 13) & 0x3FFu));   /* NaN, quiet */
  if (ax >= 0x477FF000u) return (uint16_t)(sign | 0x7C00u);                          /* overflow -> inf */
  if (ax < 0x38800000u) {                                                              /* subnormal or 0 */
    if (ax < 0x33000000u) return (uint16_t)sign;                                       /* < 2^-25: 0 */
    uint32_t man = (ax & 0x7FFFFFu) | 0x800000u;
    int shift = 126 - (int)(ax >> 23);                                                 /* 14..24 */
    uint32_t q = man >> shift, rem = man & ((1u << shift) - 1u), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (q & 1u))) ++q;
    return (uint16_t)(sign | q);
  }
  uint32_t q = ((ax >> 13) - (112u << 10)), rem = ax & 0x1FFFu;
  if (rem > 0x1000u || (rem == 0x1000u && (q & 1u))) ++q;
  return (uint16_t)(sign | q);
}
XPILER_FN simde__m512 xpiler_mm512_cvtph_ps(simde__m256i a) {
  uint16_t x[16]; float r[16]; simde__m512 v; XPILER_OUT(x, a);
  for (int i = 0; i < 16; ++i) r[i] = xpiler_half_to_float(x[i]);
  XPILER_IN(v, r); return v;
}
XPILER_FN simde__m256i xpiler_mm512_cvtps_ph(simde__m512 a, int rounding) {
  float x[16]; uint16_t r[16]; simde__m256i v; XPILER_OUT(x, a); (void)rounding;
  for (int i = 0; i < 16; ++i) r[i] = xpiler_float_to_half(x[i]);
  XPILER_IN(v, r); return v;
}

#ifndef _mm512_cvtps_epi32
#  define _mm512_cvtps_epi32(a) xpiler_mm512_cvtps_epi32(a)
#endif
#ifndef _mm512_cvttps_epi32
#  define _mm512_cvttps_epi32(a) xpiler_mm512_cvttps_epi32(a)
#endif
#ifndef _mm512_cvtepi32_ps
#  define _mm512_cvtepi32_ps(a) xpiler_mm512_cvtepi32_ps(a)
#endif
#ifndef _mm512_cvtepu32_ps
#  define _mm512_cvtepu32_ps(a) xpiler_mm512_cvtepu32_ps(a)
#endif
#ifndef _mm512_cvtepi32_pd
#  define _mm512_cvtepi32_pd(a) xpiler_mm512_cvtepi32_pd(a)
#endif
#ifndef _mm512_cvtpd_ps
#  define _mm512_cvtpd_ps(a) xpiler_mm512_cvtpd_ps(a)
#endif
#ifndef _mm512_cvtps_pd
#  define _mm512_cvtps_pd(a) xpiler_mm512_cvtps_pd(a)
#endif
#ifndef _mm512_cvtepi8_epi32
#  define _mm512_cvtepi8_epi32(a) xpiler_mm512_cvtepi8_epi32(a)
#endif
#ifndef _mm512_cvtepu8_epi32
#  define _mm512_cvtepu8_epi32(a) xpiler_mm512_cvtepu8_epi32(a)
#endif
#ifndef _mm512_cvtepi16_epi32
#  define _mm512_cvtepi16_epi32(a) xpiler_mm512_cvtepi16_epi32(a)
#endif
#ifndef _mm512_cvtepu16_epi32
#  define _mm512_cvtepu16_epi32(a) xpiler_mm512_cvtepu16_epi32(a)
#endif
#ifndef _mm512_cvtepi8_epi16
#  define _mm512_cvtepi8_epi16(a) xpiler_mm512_cvtepi8_epi16(a)
#endif
#ifndef _mm512_cvtepu8_epi16
#  define _mm512_cvtepu8_epi16(a) xpiler_mm512_cvtepu8_epi16(a)
#endif
#ifndef _mm512_cvtepi32_epi64
#  define _mm512_cvtepi32_epi64(a) xpiler_mm512_cvtepi32_epi64(a)
#endif
#ifndef _mm512_cvtepu32_epi64
#  define _mm512_cvtepu32_epi64(a) xpiler_mm512_cvtepu32_epi64(a)
#endif
#ifndef _mm512_cvtepi32_epi8
#  define _mm512_cvtepi32_epi8(a) xpiler_mm512_cvtepi32_epi8(a)
#endif
#ifndef _mm512_cvtusepi32_epi8
#  define _mm512_cvtusepi32_epi8(a) xpiler_mm512_cvtusepi32_epi8(a)
#endif
#ifndef _mm512_cvtsepi32_epi8
#  define _mm512_cvtsepi32_epi8(a) xpiler_mm512_cvtsepi32_epi8(a)
#endif
#ifndef _mm512_cvtepi32_epi16
#  define _mm512_cvtepi32_epi16(a) xpiler_mm512_cvtepi32_epi16(a)
#endif
#ifndef _mm512_cvtusepi32_epi16
#  define _mm512_cvtusepi32_epi16(a) xpiler_mm512_cvtusepi32_epi16(a)
#endif
#ifndef _mm512_cvtsepi32_epi16
#  define _mm512_cvtsepi32_epi16(a) xpiler_mm512_cvtsepi32_epi16(a)
#endif
#ifndef _mm512_cvtepi16_epi8
#  define _mm512_cvtepi16_epi8(a) xpiler_mm512_cvtepi16_epi8(a)
#endif
#ifndef _mm512_cvtsepi16_epi8
#  define _mm512_cvtsepi16_epi8(a) xpiler_mm512_cvtsepi16_epi8(a)
#endif
#ifndef _mm512_cvtph_ps
#  define _mm512_cvtph_ps(a) xpiler_mm512_cvtph_ps(a)
#endif
#ifndef _mm512_cvtps_ph
#  define _mm512_cvtps_ph(a, r) xpiler_mm512_cvtps_ph(a, r)
#endif

/* ---------------------------------------------------------------- shifts, compares, lanes */
XPILER_FN simde__m512i xpiler_mm512_srai_epi32(simde__m512i a, unsigned int imm) {
  int32_t x[16]; simde__m512i v; XPILER_OUT(x, a);
  unsigned int s = imm > 31u ? 31u : imm;
  for (int i = 0; i < 16; ++i) x[i] = x[i] >> s;
  XPILER_IN(v, x); return v;
}
XPILER_FN simde__mmask16 xpiler_mm512_cmplt_epi32_mask(simde__m512i a, simde__m512i b) {
  int32_t x[16], y[16]; XPILER_OUT(x, a); XPILER_OUT(y, b);
  unsigned r = 0;
  for (int i = 0; i < 16; ++i) r |= (unsigned)(x[i] < y[i]) << i;
  return (simde__mmask16)r;
}
XPILER_FN simde__mmask16 xpiler_mm512_cmpneq_epi32_mask(simde__m512i a, simde__m512i b) {
  int32_t x[16], y[16]; XPILER_OUT(x, a); XPILER_OUT(y, b);
  unsigned r = 0;
  for (int i = 0; i < 16; ++i) r |= (unsigned)(x[i] != y[i]) << i;
  return (simde__mmask16)r;
}
XPILER_FN simde__m256 xpiler_mm512_extractf32x8_ps(simde__m512 a, int imm) {
  float x[16]; simde__m256 v; XPILER_OUT(x, a);
  __builtin_memcpy(&v, x + ((imm & 1) ? 8 : 0), sizeof(v)); return v;
}
XPILER_FN simde__m256i xpiler_mm512_extracti32x8_epi32(simde__m512i a, int imm) {
  int32_t x[16]; simde__m256i v; XPILER_OUT(x, a);
  __builtin_memcpy(&v, x + ((imm & 1) ? 8 : 0), sizeof(v)); return v;
}
XPILER_FN simde__m512i xpiler_mm512_zextsi256_si512(simde__m256i a) {
  simde__m512i v; __builtin_memset(&v, 0, sizeof(v)); __builtin_memcpy(&v, &a, sizeof(a)); return v;
}
XPILER_FN float xpiler_mm512_cvtss_f32(simde__m512 a) { float x[16]; XPILER_OUT(x, a); return x[0]; }
XPILER_FN int xpiler_mm512_cvtsi512_si32(simde__m512i a) { int32_t x[16]; XPILER_OUT(x, a); return x[0]; }
XPILER_FN simde__m512 xpiler_mm512_i32gather_ps(simde__m512i index, void const* base, int scale) {
  int32_t ix[16]; float r[16]; simde__m512 v; XPILER_OUT(ix, index);
  for (int i = 0; i < 16; ++i) __builtin_memcpy(&r[i], (const char*)base + (ptrdiff_t)ix[i] * scale, 4);
  XPILER_IN(v, r); return v;
}
XPILER_FN simde__m512i xpiler_mm512_i32gather_epi32(simde__m512i index, void const* base, int scale) {
  int32_t ix[16], r[16]; simde__m512i v; XPILER_OUT(ix, index);
  for (int i = 0; i < 16; ++i) __builtin_memcpy(&r[i], (const char*)base + (ptrdiff_t)ix[i] * scale, 4);
  XPILER_IN(v, r); return v;
}
/* approximations: the hardware guarantees a relative error below 2^-14; these return the exactly
 * rounded value, which meets that bound but does not reproduce the hardware's low bits */
XPILER_FN simde__m512 xpiler_mm512_rcp14_ps(simde__m512 a) {
  float x[16]; simde__m512 v; XPILER_OUT(x, a);
  for (int i = 0; i < 16; ++i) x[i] = 1.0f / x[i];
  XPILER_IN(v, x); return v;
}
XPILER_FN simde__m512 xpiler_mm512_rsqrt14_ps(simde__m512 a) {
  float x[16]; simde__m512 v; XPILER_OUT(x, a);
  for (int i = 0; i < 16; ++i) x[i] = 1.0f / sqrtf(x[i]);
  XPILER_IN(v, x); return v;
}
#ifndef _mm512_srai_epi32
#  define _mm512_srai_epi32(a, imm) xpiler_mm512_srai_epi32(a, imm)
#endif
#ifndef _mm512_cmplt_epi32_mask
#  define _mm512_cmplt_epi32_mask(a, b) xpiler_mm512_cmplt_epi32_mask(a, b)
#endif
#ifndef _mm512_cmpneq_epi32_mask
#  define _mm512_cmpneq_epi32_mask(a, b) xpiler_mm512_cmpneq_epi32_mask(a, b)
#endif
#ifndef _mm512_extractf32x8_ps
#  define _mm512_extractf32x8_ps(a, imm) xpiler_mm512_extractf32x8_ps(a, imm)
#endif
#ifndef _mm512_extracti32x8_epi32
#  define _mm512_extracti32x8_epi32(a, imm) xpiler_mm512_extracti32x8_epi32(a, imm)
#endif
#ifndef _mm512_zextsi256_si512
#  define _mm512_zextsi256_si512(a) xpiler_mm512_zextsi256_si512(a)
#endif
#ifndef _mm512_cvtss_f32
#  define _mm512_cvtss_f32(a) xpiler_mm512_cvtss_f32(a)
#endif
#ifndef _mm512_cvtsi512_si32
#  define _mm512_cvtsi512_si32(a) xpiler_mm512_cvtsi512_si32(a)
#endif
#ifndef _mm512_i32gather_ps
#  define _mm512_i32gather_ps(i, b, s) xpiler_mm512_i32gather_ps(i, b, s)
#endif
#ifndef _mm512_i32gather_epi32
#  define _mm512_i32gather_epi32(i, b, s) xpiler_mm512_i32gather_epi32(i, b, s)
#endif
#ifndef _mm512_rcp14_ps
#  define _mm512_rcp14_ps(a) xpiler_mm512_rcp14_ps(a)
#endif
#ifndef _mm512_rsqrt14_ps
#  define _mm512_rsqrt14_ps(a) xpiler_mm512_rsqrt14_ps(a)
#endif

/* ---------------------------------------------------------------- VNNI corrections and spellings */
/* dpwssds: the exact sum src + p0 + p1 (in 64 bits), saturated to int32 */
#define XPILER_DPWSSDS(W, VT, N)                                                                      \
  XPILER_FN VT xpiler_mm##W##_dpwssds_epi32(VT src, VT a, VT b) {                                     \
    int32_t s[N]; int16_t x[2 * N], y[2 * N]; VT v;                                                   \
    XPILER_OUT(s, src); XPILER_OUT(x, a); XPILER_OUT(y, b);                                           \
    for (int j = 0; j < N; ++j) {                                                                     \
      int64_t t = (int64_t)s[j] + (int64_t)x[2 * j] * y[2 * j] + (int64_t)x[2 * j + 1] * y[2 * j + 1]; \
      s[j] = t > INT32_MAX ? INT32_MAX : (t < INT32_MIN ? INT32_MIN : (int32_t)t);                    \
    }                                                                                                 \
    XPILER_IN(v, s); return v;                                                                        \
  }                                                                                                   \
  XPILER_FN VT xpiler_mm##W##_mask_dpwssds_epi32(VT src, simde__mmask16 k, VT a, VT b) {              \
    VT full = xpiler_mm##W##_dpwssds_epi32(src, a, b), v;                                             \
    int32_t f[N], s[N]; XPILER_OUT(f, full); XPILER_OUT(s, src);                                      \
    for (int j = 0; j < N; ++j) if (XPILER_BIT(k, j)) s[j] = f[j];                                    \
    XPILER_IN(v, s); return v;                                                                        \
  }                                                                                                   \
  XPILER_FN VT xpiler_mm##W##_maskz_dpwssds_epi32(simde__mmask16 k, VT src, VT a, VT b) {             \
    VT full = xpiler_mm##W##_dpwssds_epi32(src, a, b), v;                                             \
    int32_t f[N]; XPILER_OUT(f, full);                                                                \
    for (int j = 0; j < N; ++j) if (!XPILER_BIT(k, j)) f[j] = 0;                                      \
    XPILER_IN(v, f); return v;                                                                        \
  }
XPILER_DPWSSDS(512, simde__m512i, 16)
XPILER_DPWSSDS(256, simde__m256i, 8)
XPILER_DPWSSDS(, simde__m128i, 4)
#undef _mm512_dpwssds_epi32
#undef _mm512_mask_dpwssds_epi32
#undef _mm512_maskz_dpwssds_epi32
#undef _mm256_dpwssds_epi32
#undef _mm256_mask_dpwssds_epi32
#undef _mm256_maskz_dpwssds_epi32
#undef _mm_dpwssds_epi32
#undef _mm_mask_dpwssds_epi32
#undef _mm_maskz_dpwssds_epi32
#define _mm512_dpwssds_epi32(s, a, b) xpiler_mm512_dpwssds_epi32(s, a, b)
#define _mm512_mask_dpwssds_epi32(s, k, a, b) xpiler_mm512_mask_dpwssds_epi32(s, k, a, b)
#define _mm512_maskz_dpwssds_epi32(k, s, a, b) xpiler_mm512_maskz_dpwssds_epi32(k, s, a, b)
#define _mm256_dpwssds_epi32(s, a, b) xpiler_mm256_dpwssds_epi32(s, a, b)
#define _mm256_mask_dpwssds_epi32(s, k, a, b) xpiler_mm256_mask_dpwssds_epi32(s, k, a, b)
#define _mm256_maskz_dpwssds_epi32(k, s, a, b) xpiler_mm256_maskz_dpwssds_epi32(k, s, a, b)
#define _mm_dpwssds_epi32(s, a, b) xpiler_mm_dpwssds_epi32(s, a, b)
#define _mm_mask_dpwssds_epi32(s, k, a, b) xpiler_mm_mask_dpwssds_epi32(s, k, a, b)
#define _mm_maskz_dpwssds_epi32(k, s, a, b) xpiler_mm_maskz_dpwssds_epi32(k, s, a, b)

/* AVX-VNNI (VEX) spellings: the same operations as the EVEX 256/128-bit forms */
#ifndef _mm256_dpbusd_avx_epi32
#  define _mm256_dpbusd_avx_epi32(s, a, b) _mm256_dpbusd_epi32(s, a, b)
#endif
#ifndef _mm256_dpbusds_avx_epi32
#  define _mm256_dpbusds_avx_epi32(s, a, b) _mm256_dpbusds_epi32(s, a, b)
#endif
#ifndef _mm256_dpwssd_avx_epi32
#  define _mm256_dpwssd_avx_epi32(s, a, b) _mm256_dpwssd_epi32(s, a, b)
#endif
#ifndef _mm256_dpwssds_avx_epi32
#  define _mm256_dpwssds_avx_epi32(s, a, b) _mm256_dpwssds_epi32(s, a, b)
#endif
#ifndef _mm_dpbusd_avx_epi32
#  define _mm_dpbusd_avx_epi32(s, a, b) _mm_dpbusd_epi32(s, a, b)
#endif
#ifndef _mm_dpbusds_avx_epi32
#  define _mm_dpbusds_avx_epi32(s, a, b) _mm_dpbusds_epi32(s, a, b)
#endif
#ifndef _mm_dpwssd_avx_epi32
#  define _mm_dpwssd_avx_epi32(s, a, b) _mm_dpwssd_epi32(s, a, b)
#endif
#ifndef _mm_dpwssds_avx_epi32
#  define _mm_dpwssds_avx_epi32(s, a, b) _mm_dpwssds_epi32(s, a, b)
#endif

/* ---------------------------------------------------------------- fused multiply-add, one rounding
 * The negations of fmsub/fnmadd/fnmsub belong to the operation: a NaN input comes back with its own
 * sign, as the hardware returns it (which NaN wins when several are NaN depends on the instruction
 * form the compiler picks, and is not modelled). */
#define XPILER_NEG(v) ((v) != (v) ? (v) : -(v))
#define XPILER_FMA_LANES(W, SUF, VT, ET, N, FMA, MT)                                                  \
  XPILER_FN VT xpiler_fma##W##SUF(VT a, VT b, VT c, int na, int nc) {                                 \
    ET x[N], y[N], z[N]; VT v;                                                                        \
    XPILER_OUT(x, a); XPILER_OUT(y, b); XPILER_OUT(z, c);                                             \
    for (int i = 0; i < N; ++i)                                                                       \
      x[i] = FMA(na ? XPILER_NEG(x[i]) : x[i], y[i], nc ? XPILER_NEG(z[i]) : z[i]);                   \
    XPILER_IN(v, x); return v;                                                                        \
  }                                                                                                   \
  XPILER_FN VT xpiler_fma##W##SUF##_m(VT keep, MT k, int zero, VT r) {                                \
    ET o[N], q[N]; VT v;                                                                              \
    XPILER_OUT(o, keep); XPILER_OUT(q, r);                                                            \
    for (int i = 0; i < N; ++i) if (!XPILER_BIT(k, i)) q[i] = zero ? (ET)0 : o[i];                    \
    XPILER_IN(v, q); return v;                                                                        \
  }
XPILER_FMA_LANES(512, ps, simde__m512, float, 16, __builtin_fmaf, simde__mmask16)
XPILER_FMA_LANES(512, pd, simde__m512d, double, 8, __builtin_fma, simde__mmask8)
XPILER_FMA_LANES(256, ps, simde__m256, float, 8, __builtin_fmaf, simde__mmask8)
XPILER_FMA_LANES(256, pd, simde__m256d, double, 4, __builtin_fma, simde__mmask8)
XPILER_FMA_LANES(128, ps, simde__m128, float, 4, __builtin_fmaf, simde__mmask8)
XPILER_FMA_LANES(128, pd, simde__m128d, double, 2, __builtin_fma, simde__mmask8)

/* masked 512-bit forms: mask keeps a, maskz zeroes, mask3 keeps c (arguments evaluated once) */
#define XPILER_FMA_MASKED(OP, SUF, VT, MT, NA, NC)                                                    \
  XPILER_FN VT xpiler_mm512_mask_##OP##_##SUF(VT a, MT k, VT b, VT c) {                               \
    return xpiler_fma512##SUF##_m(a, k, 0, xpiler_fma512##SUF(a, b, c, NA, NC));                      \
  }                                                                                                   \
  XPILER_FN VT xpiler_mm512_maskz_##OP##_##SUF(MT k, VT a, VT b, VT c) {                              \
    return xpiler_fma512##SUF##_m(a, k, 1, xpiler_fma512##SUF(a, b, c, NA, NC));                      \
  }                                                                                                   \
  XPILER_FN VT xpiler_mm512_mask3_##OP##_##SUF(VT a, VT b, VT c, MT k) {                              \
    return xpiler_fma512##SUF##_m(c, k, 0, xpiler_fma512##SUF(a, b, c, NA, NC));                      \
  }
XPILER_FMA_MASKED(fmadd, ps, simde__m512, simde__mmask16, 0, 0)
XPILER_FMA_MASKED(fmsub, ps, simde__m512, simde__mmask16, 0, 1)
XPILER_FMA_MASKED(fnmadd, ps, simde__m512, simde__mmask16, 1, 0)
XPILER_FMA_MASKED(fnmsub, ps, simde__m512, simde__mmask16, 1, 1)
XPILER_FMA_MASKED(fmadd, pd, simde__m512d, simde__mmask8, 0, 0)
XPILER_FMA_MASKED(fmsub, pd, simde__m512d, simde__mmask8, 0, 1)
XPILER_FMA_MASKED(fnmadd, pd, simde__m512d, simde__mmask8, 1, 0)
XPILER_FMA_MASKED(fnmsub, pd, simde__m512d, simde__mmask8, 1, 1)
#undef _mm512_fmadd_ps
#define _mm512_fmadd_ps(a, b, c) xpiler_fma512ps(a, b, c, 0, 0)
#undef _mm512_fmsub_ps
#define _mm512_fmsub_ps(a, b, c) xpiler_fma512ps(a, b, c, 0, 1)
#undef _mm512_fnmadd_ps
#define _mm512_fnmadd_ps(a, b, c) xpiler_fma512ps(a, b, c, 1, 0)
#undef _mm512_fnmsub_ps
#define _mm512_fnmsub_ps(a, b, c) xpiler_fma512ps(a, b, c, 1, 1)
#undef _mm512_fmadd_pd
#define _mm512_fmadd_pd(a, b, c) xpiler_fma512pd(a, b, c, 0, 0)
#undef _mm512_fmsub_pd
#define _mm512_fmsub_pd(a, b, c) xpiler_fma512pd(a, b, c, 0, 1)
#undef _mm512_fnmadd_pd
#define _mm512_fnmadd_pd(a, b, c) xpiler_fma512pd(a, b, c, 1, 0)
#undef _mm512_fnmsub_pd
#define _mm512_fnmsub_pd(a, b, c) xpiler_fma512pd(a, b, c, 1, 1)
#undef _mm256_fmadd_ps
#define _mm256_fmadd_ps(a, b, c) xpiler_fma256ps(a, b, c, 0, 0)
#undef _mm256_fmsub_ps
#define _mm256_fmsub_ps(a, b, c) xpiler_fma256ps(a, b, c, 0, 1)
#undef _mm256_fnmadd_ps
#define _mm256_fnmadd_ps(a, b, c) xpiler_fma256ps(a, b, c, 1, 0)
#undef _mm256_fnmsub_ps
#define _mm256_fnmsub_ps(a, b, c) xpiler_fma256ps(a, b, c, 1, 1)
#undef _mm256_fmadd_pd
#define _mm256_fmadd_pd(a, b, c) xpiler_fma256pd(a, b, c, 0, 0)
#undef _mm256_fmsub_pd
#define _mm256_fmsub_pd(a, b, c) xpiler_fma256pd(a, b, c, 0, 1)
#undef _mm256_fnmadd_pd
#define _mm256_fnmadd_pd(a, b, c) xpiler_fma256pd(a, b, c, 1, 0)
#undef _mm256_fnmsub_pd
#define _mm256_fnmsub_pd(a, b, c) xpiler_fma256pd(a, b, c, 1, 1)
#undef _mm_fmadd_ps
#define _mm_fmadd_ps(a, b, c) xpiler_fma128ps(a, b, c, 0, 0)
#undef _mm_fmsub_ps
#define _mm_fmsub_ps(a, b, c) xpiler_fma128ps(a, b, c, 0, 1)
#undef _mm_fnmadd_ps
#define _mm_fnmadd_ps(a, b, c) xpiler_fma128ps(a, b, c, 1, 0)
#undef _mm_fnmsub_ps
#define _mm_fnmsub_ps(a, b, c) xpiler_fma128ps(a, b, c, 1, 1)
#undef _mm_fmadd_pd
#define _mm_fmadd_pd(a, b, c) xpiler_fma128pd(a, b, c, 0, 0)
#undef _mm_fmsub_pd
#define _mm_fmsub_pd(a, b, c) xpiler_fma128pd(a, b, c, 0, 1)
#undef _mm_fnmadd_pd
#define _mm_fnmadd_pd(a, b, c) xpiler_fma128pd(a, b, c, 1, 0)
#undef _mm_fnmsub_pd
#define _mm_fnmsub_pd(a, b, c) xpiler_fma128pd(a, b, c, 1, 1)
#undef _mm512_mask_fmadd_ps
#define _mm512_mask_fmadd_ps(a, k, b, c) xpiler_mm512_mask_fmadd_ps(a, k, b, c)
#undef _mm512_maskz_fmadd_ps
#define _mm512_maskz_fmadd_ps(k, a, b, c) xpiler_mm512_maskz_fmadd_ps(k, a, b, c)
#undef _mm512_mask3_fmadd_ps
#define _mm512_mask3_fmadd_ps(a, b, c, k) xpiler_mm512_mask3_fmadd_ps(a, b, c, k)
#undef _mm512_mask_fmsub_ps
#define _mm512_mask_fmsub_ps(a, k, b, c) xpiler_mm512_mask_fmsub_ps(a, k, b, c)
#undef _mm512_maskz_fmsub_ps
#define _mm512_maskz_fmsub_ps(k, a, b, c) xpiler_mm512_maskz_fmsub_ps(k, a, b, c)
#undef _mm512_mask3_fmsub_ps
#define _mm512_mask3_fmsub_ps(a, b, c, k) xpiler_mm512_mask3_fmsub_ps(a, b, c, k)
#undef _mm512_mask_fnmadd_ps
#define _mm512_mask_fnmadd_ps(a, k, b, c) xpiler_mm512_mask_fnmadd_ps(a, k, b, c)
#undef _mm512_maskz_fnmadd_ps
#define _mm512_maskz_fnmadd_ps(k, a, b, c) xpiler_mm512_maskz_fnmadd_ps(k, a, b, c)
#undef _mm512_mask3_fnmadd_ps
#define _mm512_mask3_fnmadd_ps(a, b, c, k) xpiler_mm512_mask3_fnmadd_ps(a, b, c, k)
#undef _mm512_mask_fnmsub_ps
#define _mm512_mask_fnmsub_ps(a, k, b, c) xpiler_mm512_mask_fnmsub_ps(a, k, b, c)
#undef _mm512_maskz_fnmsub_ps
#define _mm512_maskz_fnmsub_ps(k, a, b, c) xpiler_mm512_maskz_fnmsub_ps(k, a, b, c)
#undef _mm512_mask3_fnmsub_ps
#define _mm512_mask3_fnmsub_ps(a, b, c, k) xpiler_mm512_mask3_fnmsub_ps(a, b, c, k)
#undef _mm512_mask_fmadd_pd
#define _mm512_mask_fmadd_pd(a, k, b, c) xpiler_mm512_mask_fmadd_pd(a, k, b, c)
#undef _mm512_maskz_fmadd_pd
#define _mm512_maskz_fmadd_pd(k, a, b, c) xpiler_mm512_maskz_fmadd_pd(k, a, b, c)
#undef _mm512_mask3_fmadd_pd
#define _mm512_mask3_fmadd_pd(a, b, c, k) xpiler_mm512_mask3_fmadd_pd(a, b, c, k)
#undef _mm512_mask_fmsub_pd
#define _mm512_mask_fmsub_pd(a, k, b, c) xpiler_mm512_mask_fmsub_pd(a, k, b, c)
#undef _mm512_maskz_fmsub_pd
#define _mm512_maskz_fmsub_pd(k, a, b, c) xpiler_mm512_maskz_fmsub_pd(k, a, b, c)
#undef _mm512_mask3_fmsub_pd
#define _mm512_mask3_fmsub_pd(a, b, c, k) xpiler_mm512_mask3_fmsub_pd(a, b, c, k)
#undef _mm512_mask_fnmadd_pd
#define _mm512_mask_fnmadd_pd(a, k, b, c) xpiler_mm512_mask_fnmadd_pd(a, k, b, c)
#undef _mm512_maskz_fnmadd_pd
#define _mm512_maskz_fnmadd_pd(k, a, b, c) xpiler_mm512_maskz_fnmadd_pd(k, a, b, c)
#undef _mm512_mask3_fnmadd_pd
#define _mm512_mask3_fnmadd_pd(a, b, c, k) xpiler_mm512_mask3_fnmadd_pd(a, b, c, k)
#undef _mm512_mask_fnmsub_pd
#define _mm512_mask_fnmsub_pd(a, k, b, c) xpiler_mm512_mask_fnmsub_pd(a, k, b, c)
#undef _mm512_maskz_fnmsub_pd
#define _mm512_maskz_fnmsub_pd(k, a, b, c) xpiler_mm512_maskz_fnmsub_pd(k, a, b, c)
#undef _mm512_mask3_fnmsub_pd
#define _mm512_mask3_fnmsub_pd(a, b, c, k) xpiler_mm512_mask3_fnmsub_pd(a, b, c, k)

/* ---------------------------------------------------------------- SIMDe 0.7.4 alias slips
 * These Intel spellings are defined by SIMDe 0.7.4 as macros with the wrong number of parameters
 * (e.g. `#define _mm512_madd_epi16(src, k, a, b)`), so no source could call them; they are
 * redefined here onto the right SIMDe function. (Generated by comparing every alias macro with the
 * function it names.) */
#undef _mm256_mask_cmpge_epi16_mask
#define _mm256_mask_cmpge_epi16_mask(a0, a1, a2) simde_mm256_mask_cmpge_epi16_mask(a0, a1, a2)
#undef _mm256_mask_cmpge_epi32_mask
#define _mm256_mask_cmpge_epi32_mask(a0, a1, a2) simde_mm256_mask_cmpge_epi32_mask(a0, a1, a2)
#undef _mm256_mask_cmpge_epi64_mask
#define _mm256_mask_cmpge_epi64_mask(a0, a1, a2) simde_mm256_mask_cmpge_epi64_mask(a0, a1, a2)
#undef _mm256_mask_cmpge_epi8_mask
#define _mm256_mask_cmpge_epi8_mask(a0, a1, a2) simde_mm256_mask_cmpge_epi8_mask(a0, a1, a2)
#undef _mm256_mask_cmpge_epu16_mask
#define _mm256_mask_cmpge_epu16_mask(a0, a1, a2) simde_mm256_mask_cmpge_epu16_mask(a0, a1, a2)
#undef _mm256_mask_cmpge_epu32_mask
#define _mm256_mask_cmpge_epu32_mask(a0, a1, a2) simde_mm256_mask_cmpge_epu32_mask(a0, a1, a2)
#undef _mm256_mask_cmpge_epu64_mask
#define _mm256_mask_cmpge_epu64_mask(a0, a1, a2) simde_mm256_mask_cmpge_epu64_mask(a0, a1, a2)
#undef _mm256_mask_cmpge_epu8_mask
#define _mm256_mask_cmpge_epu8_mask(a0, a1, a2) simde_mm256_mask_cmpge_epu8_mask(a0, a1, a2)
#undef _mm256_mask_cmple_epi16_mask
#define _mm256_mask_cmple_epi16_mask(a0, a1, a2) simde_mm256_mask_cmple_epi16_mask(a0, a1, a2)
#undef _mm256_mask_cmple_epi32_mask
#define _mm256_mask_cmple_epi32_mask(a0, a1, a2) simde_mm256_mask_cmple_epi32_mask(a0, a1, a2)
#undef _mm256_mask_cmple_epi64_mask
#define _mm256_mask_cmple_epi64_mask(a0, a1, a2) simde_mm256_mask_cmple_epi64_mask(a0, a1, a2)
#undef _mm256_mask_cmple_epi8_mask
#define _mm256_mask_cmple_epi8_mask(a0, a1, a2) simde_mm256_mask_cmple_epi8_mask(a0, a1, a2)
#undef _mm256_mask_cmple_epu16_mask
#define _mm256_mask_cmple_epu16_mask(a0, a1, a2) simde_mm256_mask_cmple_epu16_mask(a0, a1, a2)
#undef _mm256_mask_cmple_epu32_mask
#define _mm256_mask_cmple_epu32_mask(a0, a1, a2) simde_mm256_mask_cmple_epu32_mask(a0, a1, a2)
#undef _mm256_mask_cmple_epu64_mask
#define _mm256_mask_cmple_epu64_mask(a0, a1, a2) simde_mm256_mask_cmple_epu64_mask(a0, a1, a2)
#undef _mm256_mask_cmple_epu8_mask
#define _mm256_mask_cmple_epu8_mask(a0, a1, a2) simde_mm256_mask_cmple_epu8_mask(a0, a1, a2)
#undef _mm256_mask_cmpneq_epi16_mask
#define _mm256_mask_cmpneq_epi16_mask(a0, a1, a2) simde_mm256_mask_cmpneq_epi16_mask(a0, a1, a2)
#undef _mm256_mask_cmpneq_epi32_mask
#define _mm256_mask_cmpneq_epi32_mask(a0, a1, a2) simde_mm256_mask_cmpneq_epi32_mask(a0, a1, a2)
#undef _mm256_mask_cmpneq_epi64_mask
#define _mm256_mask_cmpneq_epi64_mask(a0, a1, a2) simde_mm256_mask_cmpneq_epi64_mask(a0, a1, a2)
#undef _mm256_mask_cmpneq_epi8_mask
#define _mm256_mask_cmpneq_epi8_mask(a0, a1, a2) simde_mm256_mask_cmpneq_epi8_mask(a0, a1, a2)
#undef _mm256_mask_cmpneq_epu16_mask
#define _mm256_mask_cmpneq_epu16_mask(a0, a1, a2) simde_mm256_mask_cmpneq_epu16_mask(a0, a1, a2)
#undef _mm256_mask_cmpneq_epu32_mask
#define _mm256_mask_cmpneq_epu32_mask(a0, a1, a2) simde_mm256_mask_cmpneq_epu32_mask(a0, a1, a2)
#undef _mm256_mask_cmpneq_epu64_mask
#define _mm256_mask_cmpneq_epu64_mask(a0, a1, a2) simde_mm256_mask_cmpneq_epu64_mask(a0, a1, a2)
#undef _mm256_mask_cmpneq_epu8_mask
#define _mm256_mask_cmpneq_epu8_mask(a0, a1, a2) simde_mm256_mask_cmpneq_epu8_mask(a0, a1, a2)
#undef _mm256_mask_maddubs_epi16
#define _mm256_mask_maddubs_epi16(a0, a1, a2, a3) simde_mm256_mask_maddubs_epi16(a0, a1, a2, a3)
#undef _mm256_maskz_madd_epi16
#define _mm256_maskz_madd_epi16(a0, a1, a2) simde_mm256_maskz_madd_epi16(a0, a1, a2)
#undef _mm256_maskz_maddubs_epi16
#define _mm256_maskz_maddubs_epi16(a0, a1, a2) simde_mm256_maskz_maddubs_epi16(a0, a1, a2)
#undef _mm256_maskz_multishift_epi64_epi8
#define _mm256_maskz_multishift_epi64_epi8(a0, a1, a2) simde_mm256_maskz_multishift_epi64_epi8(a0, a1, a2)
#undef _mm512_madd_epi16
#define _mm512_madd_epi16(a0, a1) simde_mm512_madd_epi16(a0, a1)
#undef _mm512_mask_cmpge_epi16_mask
#define _mm512_mask_cmpge_epi16_mask(a0, a1, a2) simde_mm512_mask_cmpge_epi16_mask(a0, a1, a2)
#undef _mm512_mask_cmpge_epi32_mask
#define _mm512_mask_cmpge_epi32_mask(a0, a1, a2) simde_mm512_mask_cmpge_epi32_mask(a0, a1, a2)
#undef _mm512_mask_cmpge_epi64_mask
#define _mm512_mask_cmpge_epi64_mask(a0, a1, a2) simde_mm512_mask_cmpge_epi64_mask(a0, a1, a2)
#undef _mm512_mask_cmpge_epi8_mask
#define _mm512_mask_cmpge_epi8_mask(a0, a1, a2) simde_mm512_mask_cmpge_epi8_mask(a0, a1, a2)
#undef _mm512_mask_cmpge_epu16_mask
#define _mm512_mask_cmpge_epu16_mask(a0, a1, a2) simde_mm512_mask_cmpge_epu16_mask(a0, a1, a2)
#undef _mm512_mask_cmpge_epu32_mask
#define _mm512_mask_cmpge_epu32_mask(a0, a1, a2) simde_mm512_mask_cmpge_epu32_mask(a0, a1, a2)
#undef _mm512_mask_cmpge_epu64_mask
#define _mm512_mask_cmpge_epu64_mask(a0, a1, a2) simde_mm512_mask_cmpge_epu64_mask(a0, a1, a2)
#undef _mm512_mask_cmpge_epu8_mask
#define _mm512_mask_cmpge_epu8_mask(a0, a1, a2) simde_mm512_mask_cmpge_epu8_mask(a0, a1, a2)
#undef _mm512_mask_cmple_epi16_mask
#define _mm512_mask_cmple_epi16_mask(a0, a1, a2) simde_mm512_mask_cmple_epi16_mask(a0, a1, a2)
#undef _mm512_mask_cmple_epi32_mask
#define _mm512_mask_cmple_epi32_mask(a0, a1, a2) simde_mm512_mask_cmple_epi32_mask(a0, a1, a2)
#undef _mm512_mask_cmple_epi64_mask
#define _mm512_mask_cmple_epi64_mask(a0, a1, a2) simde_mm512_mask_cmple_epi64_mask(a0, a1, a2)
#undef _mm512_mask_cmple_epi8_mask
#define _mm512_mask_cmple_epi8_mask(a0, a1, a2) simde_mm512_mask_cmple_epi8_mask(a0, a1, a2)
#undef _mm512_mask_cmple_epu16_mask
#define _mm512_mask_cmple_epu16_mask(a0, a1, a2) simde_mm512_mask_cmple_epu16_mask(a0, a1, a2)
#undef _mm512_mask_cmple_epu32_mask
#define _mm512_mask_cmple_epu32_mask(a0, a1, a2) simde_mm512_mask_cmple_epu32_mask(a0, a1, a2)
#undef _mm512_mask_cmple_epu64_mask
#define _mm512_mask_cmple_epu64_mask(a0, a1, a2) simde_mm512_mask_cmple_epu64_mask(a0, a1, a2)
#undef _mm512_mask_cmple_epu8_mask
#define _mm512_mask_cmple_epu8_mask(a0, a1, a2) simde_mm512_mask_cmple_epu8_mask(a0, a1, a2)
#undef _mm512_mask_maddubs_epi16
#define _mm512_mask_maddubs_epi16(a0, a1, a2, a3) simde_mm512_mask_maddubs_epi16(a0, a1, a2, a3)
#undef _mm512_maskz_madd_epi16
#define _mm512_maskz_madd_epi16(a0, a1, a2) simde_mm512_maskz_madd_epi16(a0, a1, a2)
#undef _mm512_maskz_maddubs_epi16
#define _mm512_maskz_maddubs_epi16(a0, a1, a2) simde_mm512_maskz_maddubs_epi16(a0, a1, a2)
#undef _mm512_maskz_multishift_epi64_epi8
#define _mm512_maskz_multishift_epi64_epi8(a0, a1, a2) simde_mm512_maskz_multishift_epi64_epi8(a0, a1, a2)
#undef _mm512_maskz_sll_epi16
#define _mm512_maskz_sll_epi16(a0, a1, a2) simde_mm512_maskz_sll_epi16(a0, a1, a2)
#undef _mm_clflush
#define _mm_clflush(a0) simde_mm_clflush(a0)
#undef _mm_mask_cmpge_epi16_mask
#define _mm_mask_cmpge_epi16_mask(a0, a1, a2) simde_mm_mask_cmpge_epi16_mask(a0, a1, a2)
#undef _mm_mask_cmpge_epi32_mask
#define _mm_mask_cmpge_epi32_mask(a0, a1, a2) simde_mm_mask_cmpge_epi32_mask(a0, a1, a2)
#undef _mm_mask_cmpge_epi64_mask
#define _mm_mask_cmpge_epi64_mask(a0, a1, a2) simde_mm_mask_cmpge_epi64_mask(a0, a1, a2)
#undef _mm_mask_cmpge_epi8_mask
#define _mm_mask_cmpge_epi8_mask(a0, a1, a2) simde_mm_mask_cmpge_epi8_mask(a0, a1, a2)
#undef _mm_mask_cmpge_epu16_mask
#define _mm_mask_cmpge_epu16_mask(a0, a1, a2) simde_mm_mask_cmpge_epu16_mask(a0, a1, a2)
#undef _mm_mask_cmpge_epu32_mask
#define _mm_mask_cmpge_epu32_mask(a0, a1, a2) simde_mm_mask_cmpge_epu32_mask(a0, a1, a2)
#undef _mm_mask_cmpge_epu64_mask
#define _mm_mask_cmpge_epu64_mask(a0, a1, a2) simde_mm_mask_cmpge_epu64_mask(a0, a1, a2)
#undef _mm_mask_cmpge_epu8_mask
#define _mm_mask_cmpge_epu8_mask(a0, a1, a2) simde_mm_mask_cmpge_epu8_mask(a0, a1, a2)
#undef _mm_mask_cmple_epi16_mask
#define _mm_mask_cmple_epi16_mask(a0, a1, a2) simde_mm_mask_cmple_epi16_mask(a0, a1, a2)
#undef _mm_mask_cmple_epi32_mask
#define _mm_mask_cmple_epi32_mask(a0, a1, a2) simde_mm_mask_cmple_epi32_mask(a0, a1, a2)
#undef _mm_mask_cmple_epi64_mask
#define _mm_mask_cmple_epi64_mask(a0, a1, a2) simde_mm_mask_cmple_epi64_mask(a0, a1, a2)
#undef _mm_mask_cmple_epi8_mask
#define _mm_mask_cmple_epi8_mask(a0, a1, a2) simde_mm_mask_cmple_epi8_mask(a0, a1, a2)
#undef _mm_mask_cmple_epu16_mask
#define _mm_mask_cmple_epu16_mask(a0, a1, a2) simde_mm_mask_cmple_epu16_mask(a0, a1, a2)
#undef _mm_mask_cmple_epu32_mask
#define _mm_mask_cmple_epu32_mask(a0, a1, a2) simde_mm_mask_cmple_epu32_mask(a0, a1, a2)
#undef _mm_mask_cmple_epu64_mask
#define _mm_mask_cmple_epu64_mask(a0, a1, a2) simde_mm_mask_cmple_epu64_mask(a0, a1, a2)
#undef _mm_mask_cmple_epu8_mask
#define _mm_mask_cmple_epu8_mask(a0, a1, a2) simde_mm_mask_cmple_epu8_mask(a0, a1, a2)
#undef _mm_mask_cmpneq_epi16_mask
#define _mm_mask_cmpneq_epi16_mask(a0, a1, a2) simde_mm_mask_cmpneq_epi16_mask(a0, a1, a2)
#undef _mm_mask_cmpneq_epi32_mask
#define _mm_mask_cmpneq_epi32_mask(a0, a1, a2) simde_mm_mask_cmpneq_epi32_mask(a0, a1, a2)
#undef _mm_mask_cmpneq_epi64_mask
#define _mm_mask_cmpneq_epi64_mask(a0, a1, a2) simde_mm_mask_cmpneq_epi64_mask(a0, a1, a2)
#undef _mm_mask_cmpneq_epi8_mask
#define _mm_mask_cmpneq_epi8_mask(a0, a1, a2) simde_mm_mask_cmpneq_epi8_mask(a0, a1, a2)
#undef _mm_mask_cmpneq_epu16_mask
#define _mm_mask_cmpneq_epu16_mask(a0, a1, a2) simde_mm_mask_cmpneq_epu16_mask(a0, a1, a2)
#undef _mm_mask_cmpneq_epu32_mask
#define _mm_mask_cmpneq_epu32_mask(a0, a1, a2) simde_mm_mask_cmpneq_epu32_mask(a0, a1, a2)
#undef _mm_mask_cmpneq_epu64_mask
#define _mm_mask_cmpneq_epu64_mask(a0, a1, a2) simde_mm_mask_cmpneq_epu64_mask(a0, a1, a2)
#undef _mm_mask_cmpneq_epu8_mask
#define _mm_mask_cmpneq_epu8_mask(a0, a1, a2) simde_mm_mask_cmpneq_epu8_mask(a0, a1, a2)
#undef _mm_mask_maddubs_epi16
#define _mm_mask_maddubs_epi16(a0, a1, a2, a3) simde_mm_mask_maddubs_epi16(a0, a1, a2, a3)
#undef _mm_maskz_madd_epi16
#define _mm_maskz_madd_epi16(a0, a1, a2) simde_mm_maskz_madd_epi16(a0, a1, a2)
#undef _mm_maskz_maddubs_epi16
#define _mm_maskz_maddubs_epi16(a0, a1, a2) simde_mm_maskz_maddubs_epi16(a0, a1, a2)
#undef _mm_maskz_multishift_epi64_epi8
#define _mm_maskz_multishift_epi64_epi8(a0, a1, a2) simde_mm_maskz_multishift_epi64_epi8(a0, a1, a2)

#endif /* XPILER_SIMDE_COMPAT_H */
