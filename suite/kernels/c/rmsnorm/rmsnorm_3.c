// xpiler-suite: {"operator": "rmsnorm", "model": "c", "entry": "rmsnorm_100x1000", "args": ["x", "gamma", "y"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal", "gamma": "normal"}, "cases": [{"shape": {"m": 100, "n": 1000}, "launch": null, "tolerance": {"y": [0.0001, 0.00031622776601683794]}}]}
#include <immintrin.h>
#include <math.h>

#define M 100
#define N 1000
#define NV 62                              /* whole vectors per row */
#define TAIL_MASK ((__mmask16)0x00ff)   /* N % 16 = 8 */
#define EPS 1e-5f

void rmsnorm_100x1000(const float* x, const float* gamma, float* y) {
#pragma omp parallel for
  for (int r = 0; r < M; ++r) {
    const float* xr = x + r * N;
    float* yr = y + r * N;
    __m512 ss0 = _mm512_setzero_ps(), ss1 = _mm512_setzero_ps();
    int v = 0;
    for (; v + 2 <= NV; v += 2) {
      __m512 a = _mm512_loadu_ps(xr + v * 16), b = _mm512_loadu_ps(xr + v * 16 + 16);
      ss0 = _mm512_fmadd_ps(a, a, ss0);
      ss1 = _mm512_fmadd_ps(b, b, ss1);
    }
    for (; v < NV; ++v) { __m512 a = _mm512_loadu_ps(xr + v * 16); ss0 = _mm512_fmadd_ps(a, a, ss0); }
    { __m512 v = _mm512_maskz_loadu_ps(TAIL_MASK, xr + NV * 16); ss0 = _mm512_fmadd_ps(v, v, ss0); }
    const float ms = _mm512_reduce_add_ps(_mm512_add_ps(ss0, ss1)) / (float)N;
    const __m512 scale = _mm512_set1_ps(1.0f / sqrtf(ms + EPS));
    for (v = 0; v < NV; ++v)
      _mm512_storeu_ps(yr + v * 16, _mm512_mul_ps(_mm512_mul_ps(_mm512_loadu_ps(xr + v * 16), scale),
                                                  _mm512_loadu_ps(gamma + v * 16)));
    _mm512_mask_storeu_ps(yr + NV * 16, TAIL_MASK,
                          _mm512_mul_ps(_mm512_mul_ps(_mm512_maskz_loadu_ps(TAIL_MASK, xr + NV * 16), scale),
                                        _mm512_maskz_loadu_ps(TAIL_MASK, gamma + NV * 16)));
  }
}
