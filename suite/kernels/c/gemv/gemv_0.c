// xpiler-suite: {"operator": "gemv", "model": "c", "entry": "gemv_s8u8s32_1x16", "args": ["a", "x", "y"], "dtypes": {"a": "int8", "x": "uint8", "y": "int32"}, "style": "hand-written AVX-512 VNNI (dpbusd), byte-masked tail, OpenMP", "parametric": false, "inputs": {"a": "normal", "x": "normal"}, "cases": [{"shape": {"m": 1, "k": 16}, "launch": null, "tolerance": {"y": [0, 0.0]}}]}
#include <immintrin.h>
#include <stdint.h>

#define M 1
#define K 16
#define K_VEC 0                       /* whole 64-byte steps per row */
#define TAIL_MASK ((__mmask64)0xffffULL)   /* K % 64 = 16 bytes */

/* y[m] = sum_k A[m][k] * x[k] in int32, exactly; A int8 [1][16] (weights), x uint8 [16] (activations).
 *
 * Quantisation contract (done by the caller's float model; gpu_cpu.md D.2):
 *   weights A: int8, symmetric per row m (output channel): qa = clamp(rint(a / sa[m]), -127, 127)
 *   input x:   uint8, asymmetric per tensor:               qx = clamp(rint(x / sx) + zx, 0, 255)
 *   rint = nearest, ties to even; afterwards y_float[m] ~= sa[m] * sx * (y[m] - zx * rowsum[m]),
 *   rowsum[m] = sum_k qa[m][k]. vpdpbusd takes x as the unsigned operand (its second argument) and A
 *   as the signed one; |y| <= K * 255 * 128 < 2^31 for K < 65 793, so the int32 sums are exact. */
void gemv_s8u8s32_1x16(const int8_t* A, const uint8_t* x, int32_t* y) {
#pragma omp parallel for schedule(static)
  for (int r = 0; r < M; ++r) {
    const int8_t* row = A + (long)r * K;
    __m512i acc = _mm512_setzero_si512();
    for (int v = 0; v < K_VEC; ++v)
      acc = _mm512_dpbusd_epi32(acc, _mm512_loadu_si512(x + v * 64), _mm512_loadu_si512(row + v * 64));
    /* the last 16 byte(s) of the row */
    acc = _mm512_dpbusd_epi32(acc, _mm512_maskz_loadu_epi8(TAIL_MASK, x + K_VEC * 64),
                              _mm512_maskz_loadu_epi8(TAIL_MASK, row + K_VEC * 64));
    y[r] = _mm512_reduce_add_epi32(acc);
  }
}
