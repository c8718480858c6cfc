// xpiler-suite: {"operator": "rmsnorm", "model": "c", "entry": "rmsnorm_33x1024", "args": ["x", "gamma", "y"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal", "gamma": "normal"}, "cases": [{"shape": {"m": 33, "n": 1024}, "launch": null, "tolerance": {"y": [0.0001, 0.00032]}}]}
#include <immintrin.h>
#include <math.h>

#define M 33
#define N 1024
#define NV 64                              /* whole vectors per row */
#define EPS 1e-5f

void rmsnorm_33x1024(const float* x, const float* gamma, float* y) {
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
    const float ms = _mm512_reduce_add_ps(_mm512_add_ps(ss0, ss1)) / (float)N;
    const __m512 scale = _mm512_set1_ps(1.0f / sqrtf(ms + EPS));
    for (v = 0; v < NV; ++v)
      _mm512_storeu_ps(yr + v * 16, _mm512_mul_ps(_mm512_mul_ps(_mm512_loadu_ps(xr + v * 16), scale),
                                                  _mm512_loadu_ps(gamma + v * 16)));
  }
}
