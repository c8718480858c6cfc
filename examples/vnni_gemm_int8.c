/* Quantised int8 linear layer with AVX-512 VNNI (_mm512_dpbusd_epi32): Y = X * W, X float, W int8.
 *
 *   python -m xpiler run examples/vnni_gemm_int8.c --entry gemm_u8s8_s32 --random-size 2048 \
 *       --set M=8 --set N=32 --set K=64                  (XPILER_VNNI_PATH=simde: the portable path)
 *   or from Python: xpiler.run("examples/vnni_gemm_int8.c", entry="qlinear", args=[...])
 *   (tests/test_c_engine.py::test_int8_gemm_dpbusd_example checks both entries against NumPy)
 *
 * Quantisation contract (all four parts explicit, gpu_cpu.md D.2):
 *   activations X (float, M x K) -> uint8, asymmetric, per tensor:
 *       qx = clamp(rint(x / x_scale) + x_zero, 0, 255)
 *   weights W: already int8, symmetric, per output column n: w = w_scale[n] * qw   (qw in [-127, 127])
 *   rounding: to nearest, ties to even (_mm512_cvtps_epi32 under the default MXCSR mode; numpy.rint)
 *   dequantisation, with colsum[n] = sum_k qw[k][n]:
 *       Y[m][n] = (float)(acc[m][n] - x_zero * colsum[n]) * (x_scale * w_scale[n])
 *       where acc[m][n] = sum_k qx[m][k] * qw[k][n]   (exact in int32 while K < 65 800, D.1)
 *
 * VNNI multiplies unsigned bytes (its second argument) by signed bytes (its third): the activations
 * are the u8 side, the weights the s8 side. B is repacked into the "VNNI layout" [K/4][N][4]:
 *   Wp[(kb * N + n) * 4 + i] = W[4 * kb + i][n]
 * so that one 64-byte load holds 4 consecutive k values for 16 columns. K must be a multiple of 4;
 * any M and N work (the last columns use masked loads and stores).
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* W (K x N, row-major int8) -> Wp [K/4][N][4] */
void pack_vnni(const int8_t* W, int8_t* Wp, int K, int N) {
  for (int kb = 0; kb < K / 4; ++kb)
    for (int n = 0; n < N; ++n)
      for (int i = 0; i < 4; ++i) Wp[(kb * N + n) * 4 + i] = W[(4 * kb + i) * N + n];
}

/* X (M x K float) -> uint8 with scale and zero point, rounding to nearest even */
void quantize_u8(const float* X, uint8_t* Q, int count, float scale, int zero) {
  const __m512 vs = _mm512_set1_ps(scale);
  const __m512i vz = _mm512_set1_epi32(zero), lo = _mm512_setzero_si512(), hi = _mm512_set1_epi32(255);
  for (int i = 0; i < count; i += 16) {
    int rem = count - i < 16 ? count - i : 16;
    __mmask16 k = (__mmask16)((1u << rem) - 1u);
    __m512 x = _mm512_maskz_loadu_ps(k, X + i);
    __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(_mm512_div_ps(x, vs)), vz);
    q = _mm512_min_epi32(_mm512_max_epi32(q, lo), hi);
    __m128i bytes = _mm512_cvtepi32_epi8(q);               /* already in [0, 255]: truncation is exact */
    uint8_t tmp[16];
    _mm_storeu_si128((__m128i*)tmp, bytes);
    memcpy(Q + i, tmp, (size_t)rem);
  }
}

/* C (M x N int32) = A (M x K u8) * B, B given packed as Bp [K/4][N][4] (s8) */
void gemm_u8s8_s32(const uint8_t* A, const int8_t* Bp, int32_t* C, int M, int N, int K) {
  for (int m = 0; m < M; ++m) {
    for (int n0 = 0; n0 < N; n0 += 16) {
      int cols = N - n0 < 16 ? N - n0 : 16;
      __mmask16 kc = (__mmask16)((1u << cols) - 1u);
      __mmask64 kb64 = cols == 16 ? ~(__mmask64)0 : (((__mmask64)1 << (4 * cols)) - 1);
      __m512i acc = _mm512_setzero_si512();
      for (int kb = 0; kb < K / 4; ++kb) {
        int32_t a4;
        memcpy(&a4, &A[m * K + 4 * kb], 4);                 /* 4 consecutive u8 of row m */
        __m512i va = _mm512_set1_epi32(a4);                  /* broadcast to the 16 lanes */
        __m512i vb = _mm512_maskz_loadu_epi8(kb64, &Bp[(kb * N + n0) * 4]);
        acc = _mm512_dpbusd_epi32(acc, va, vb);
      }
      _mm512_mask_storeu_epi32(&C[m * N + n0], kc, acc);
    }
  }
}

/* the whole layer: quantise X, pack W, integer GEMM, dequantise. acc (M x N) is returned too. */
void qlinear(const float* X, const int8_t* W, const float* w_scale, float* Y, int32_t* acc,
             int M, int N, int K, float x_scale, int x_zero) {
  uint8_t* qx = (uint8_t*)malloc((size_t)M * K);
  int8_t* wp = (int8_t*)malloc((size_t)K * N);
  int32_t* colsum = (int32_t*)calloc((size_t)N, sizeof(int32_t));
  quantize_u8(X, qx, M * K, x_scale, x_zero);
  pack_vnni(W, wp, K, N);
  for (int k = 0; k < K; ++k)
    for (int n = 0; n < N; ++n) colsum[n] += W[k * N + n];
  gemm_u8s8_s32(qx, wp, acc, M, N, K);
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < N; ++n)
      Y[m * N + n] = (float)(acc[m * N + n] - x_zero * colsum[n]) * (x_scale * w_scale[n]);
  free(qx);
  free(wp);
  free(colsum);
}
