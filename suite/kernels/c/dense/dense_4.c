// xpiler-suite: {"operator": "dense", "model": "c", "entry": "dense_u8s8s32_10x100x300", "args": ["x", "weight", "bias", "y"], "dtypes": {"x": "uint8", "weight": "int8", "bias": "int32", "y": "int32"}, "style": "hand-written AVX-512 VNNI (dpbusd), static packed weights, OpenMP", "parametric": false, "inputs": {"x": "normal", "weight": "normal", "bias": "normal"}, "cases": [{"shape": {"m": 10, "n": 100, "k": 300}, "launch": null, "tolerance": {"y": [0, 0.0]}}]}
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define M 10
#define N 100
#define K 300
#define KB 75                 /* ceil(K / 4) */
#define NP 112                /* N rounded up to 16 */
#define NV 7                 /* 16-column vectors */

static int8_t Wp[KB * NP * 4] __attribute__((aligned(64)));   /* VNNI-packed weights */

/* y[m][n] = bias[n] + sum_k x[m][k] * W[n][k], all int32 and exact.
 *
 * Quantisation contract (the caller's float model; gpu_cpu.md D.2):
 *   x: uint8, asymmetric per tensor:            qx = clamp(rint(x / sx) + zx, 0, 255)
 *   W: int8, symmetric per output channel n:    qw = clamp(rint(w / sw[n]), -127, 127)
 *   bias: int32 with scale sx * sw[n], zero point 0, and the zero-point correction folded in:
 *         qbias[n] = rint(b[n] / (sx * sw[n])) - zx * sum_k qw[n][k]
 *   rint = nearest, ties to even; the float output is y_float[m][n] ~= sx * sw[n] * y[m][n].
 * |x W^T| <= K * 255 * 128, exact in int32 for K < 65 793 (plus the bias, which the caller bounds). */
void dense_u8s8s32_10x100x300(const uint8_t* x, const int8_t* W, const int32_t* bias, int32_t* y) {
  /* pack the weights: Wp[(kb * NP + n) * 4 + i] = W[n][4 kb + i] */
#pragma omp parallel for schedule(static)
  for (int kb = 0; kb < KB; ++kb) {
    for (int n = 0; n < NP; ++n) {
      int8_t* dst = Wp + ((long)kb * NP + n) * 4;
      int32_t w4 = 0;
      if (n < N) memcpy(&w4, W + (long)n * K + 4 * kb, K - 4 * kb >= 4 ? 4 : K - 4 * kb);
      memcpy(dst, &w4, 4);
    }
  }

#pragma omp parallel for collapse(2) schedule(static)
  for (int m = 0; m < M; ++m) {
    for (int v = 0; v < NV; ++v) {
      const int n0 = v * 16;
      const __mmask16 cols = N - n0 >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (N - n0)) - 1u);
      __m512i acc = _mm512_maskz_loadu_epi32(cols, bias + n0);
      const uint8_t* xr = x + (long)m * K;
      for (int kb = 0; kb < KB; ++kb) {
        int32_t x4 = 0;                       /* 4 consecutive u8 of row m, 0 past K */
        memcpy(&x4, xr + 4 * kb, K - 4 * kb >= 4 ? 4 : K - 4 * kb);
        acc = _mm512_dpbusd_epi32(acc, _mm512_set1_epi32(x4), _mm512_load_si512(Wp + ((long)kb * NP + n0) * 4));
      }
      _mm512_mask_storeu_epi32(y + (long)m * N + n0, cols, acc);
    }
  }
}
