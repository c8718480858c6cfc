// xpiler-suite: {"operator": "layernorm", "model": "c", "entry": "layernorm_rows", "args": ["x", "gamma", "beta", "y", "m", "n"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics, masked tail, OpenMP", "parametric": true, "inputs": {"x": "normal", "gamma": "normal", "beta": "normal"}, "cases": [{"shape": {"m": 1, "n": 8}, "launch": null, "tolerance": {"y": [0.0001, 2.8284271247461906e-05]}}, {"shape": {"m": 8, "n": 768}, "launch": null, "tolerance": {"y": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 16, "n": 4096}, "launch": null, "tolerance": {"y": [0.0001, 0.00064]}}, {"shape": {"m": 100, "n": 1000}, "launch": null, "tolerance": {"y": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 33, "n": 1024}, "launch": null, "tolerance": {"y": [0.0001, 0.00032]}}, {"shape": {"m": 4, "n": 11008}, "launch": null, "tolerance": {"y": [0.0001, 0.0010491901638883202]}}]}
#include <immintrin.h>
#include <math.h>
#include <stddef.h>

static inline __mmask16 tail_mask(int left) {
  return left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1u);
}

void layernorm_rows(const float* x, const float* gamma, const float* beta, float* y, int m, int n) {
#pragma omp parallel for schedule(static)
  for (int r = 0; r < m; ++r) {
    const float* xr = x + (size_t)r * n;
    float* yr = y + (size_t)r * n;
    __m512 acc = _mm512_setzero_ps();
    for (int j = 0; j < n; j += 16) acc = _mm512_add_ps(acc, _mm512_maskz_loadu_ps(tail_mask(n - j), xr + j));
    const float mu = _mm512_reduce_add_ps(acc) / (float)n;
    const __m512 vmu = _mm512_set1_ps(mu);

    __m512 sq = _mm512_setzero_ps();
    for (int j = 0; j < n; j += 16) {
      const __mmask16 k = tail_mask(n - j);
      __m512 d = _mm512_maskz_sub_ps(k, _mm512_maskz_loadu_ps(k, xr + j), vmu);   /* 0 in the off lanes */
      sq = _mm512_fmadd_ps(d, d, sq);
    }
    const float rstd = 1.0f / sqrtf(_mm512_reduce_add_ps(sq) / (float)n + 1e-5f);
    const __m512 vrstd = _mm512_set1_ps(rstd);

    for (int j = 0; j < n; j += 16) {
      const __mmask16 k = tail_mask(n - j);
      __m512 d = _mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, xr + j), vmu), vrstd);
      __m512 v = _mm512_fmadd_ps(d, _mm512_maskz_loadu_ps(k, gamma + j), _mm512_maskz_loadu_ps(k, beta + j));
      _mm512_mask_storeu_ps(yr + j, k, v);
    }
  }
}
