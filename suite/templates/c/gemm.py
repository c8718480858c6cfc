"""gemm with AVX-512 VNNI (vpdpbusd): uint8 A x int8 B -> int32 C, exact; hand-written, parametric.

B is repacked inside the function into the VNNI layout [K/4][N][4] (k groups of 4 zero-padded when
K % 4 != 0, columns zero-padded to a multiple of 16), so one 64-byte load feeds 16 output columns
with 4 k values each. Rows of C are spread over OpenMP threads; each row is computed 64 columns
(4 accumulators) at a time, the last columns with a masked store."""


def render(shape):
    source = r'''
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* C[M][N] = A[M][K] * B[K][N] in int32, exactly.
 *
 * Quantisation contract (the caller's float model does this before the call; gpu_cpu.md D.2):
 *   A (activations): uint8, asymmetric per tensor:  qa = clamp(rint(a / sa) + za, 0, 255)
 *   B (weights):     int8, symmetric per column n:   qb = clamp(rint(b / sb[n]), -127, 127)
 *   rint = round to nearest, ties to even. Dequantisation after the call, with colsum[n] = sum_k qb[k][n]:
 *     c[m][n] ~= sa * sb[n] * (C[m][n] - za * colsum[n])
 * vpdpbusd multiplies its second operand as unsigned bytes (A) by its third as signed bytes (B) and
 * adds groups of 4 products exactly; |sum| <= K * 255 * 128, so int32 cannot overflow for K < 65 793. */
void gemm_u8s8s32_vnni(const uint8_t* A, const int8_t* B, int32_t* C, int M, int N, int K) {
  const int KB = (K + 3) / 4;                 /* k groups of 4, the last one zero-padded */
  const int NP = (N + 15) & ~15;              /* columns padded to whole 16-lane vectors */
  int8_t* Bp = (int8_t*)aligned_alloc(64, (size_t)KB * NP * 4);   /* a multiple of 64 bytes */

  /* pack: Bp[(kb * NP + n) * 4 + i] = B[4 kb + i][n], 0 outside B */
  for (int kb = 0; kb < KB; ++kb)
    for (int n = 0; n < NP; ++n)
      for (int i = 0; i < 4; ++i) {
        const int k = 4 * kb + i;
        Bp[((size_t)kb * NP + n) * 4 + i] = (k < K && n < N) ? B[(size_t)k * N + n] : 0;
      }

#pragma omp parallel for schedule(static)
  for (int m = 0; m < M; ++m) {
    const uint8_t* a = A + (size_t)m * K;
    int n0 = 0;
    for (; n0 + 64 <= NP; n0 += 64) {         /* 4 x 16 columns share each broadcast of A */
      __m512i acc0 = _mm512_setzero_si512(), acc1 = _mm512_setzero_si512();
      __m512i acc2 = _mm512_setzero_si512(), acc3 = _mm512_setzero_si512();
      for (int kb = 0; kb < KB; ++kb) {
        int32_t a4 = 0;                       /* 4 consecutive u8 of row m, zero past K */
        memcpy(&a4, a + 4 * kb, K - 4 * kb >= 4 ? 4 : (size_t)(K - 4 * kb));
        const __m512i va = _mm512_set1_epi32(a4);
        const int8_t* b = Bp + ((size_t)kb * NP + n0) * 4;
        acc0 = _mm512_dpbusd_epi32(acc0, va, _mm512_load_si512(b));
        acc1 = _mm512_dpbusd_epi32(acc1, va, _mm512_load_si512(b + 64));
        acc2 = _mm512_dpbusd_epi32(acc2, va, _mm512_load_si512(b + 128));
        acc3 = _mm512_dpbusd_epi32(acc3, va, _mm512_load_si512(b + 192));
      }
      int32_t* c = C + (size_t)m * N + n0;
      const int left = N - n0;                /* > 48 here unless the padding starts in this block */
      _mm512_mask_storeu_epi32(c, left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1u), acc0);
      if (left > 16) _mm512_mask_storeu_epi32(c + 16, left >= 32 ? 0xFFFF : (__mmask16)((1u << (left - 16)) - 1u), acc1);
      if (left > 32) _mm512_mask_storeu_epi32(c + 32, left >= 48 ? 0xFFFF : (__mmask16)((1u << (left - 32)) - 1u), acc2);
      if (left > 48) _mm512_mask_storeu_epi32(c + 48, left >= 64 ? 0xFFFF : (__mmask16)((1u << (left - 48)) - 1u), acc3);
    }
    for (; n0 < NP; n0 += 16) {               /* remaining 16-column vectors */
      __m512i acc = _mm512_setzero_si512();
      for (int kb = 0; kb < KB; ++kb) {
        int32_t a4 = 0;
        memcpy(&a4, a + 4 * kb, K - 4 * kb >= 4 ? 4 : (size_t)(K - 4 * kb));
        acc = _mm512_dpbusd_epi32(acc, _mm512_set1_epi32(a4), _mm512_load_si512(Bp + ((size_t)kb * NP + n0) * 4));
      }
      const int left = N - n0;
      _mm512_mask_storeu_epi32(C + (size_t)m * N + n0, left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1u), acc);
    }
  }
  free(Bp);
}
'''
    return {"source": source, "entry": "gemm_u8s8s32_vnni", "args": ["a", "b", "c", "m", "n", "k"],
            "dtypes": {"a": "uint8", "b": "int8", "c": "int32"},
            "style": "hand-written AVX-512 VNNI (dpbusd), packed B, OpenMP", "parametric": True}
