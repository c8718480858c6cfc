// xpiler-suite: {"operator": "batchnorm", "model": "c", "entry": "batchnorm_infer", "args": ["x", "mean", "var", "gamma", "beta", "y", "m", "n"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics, masked tail, OpenMP", "parametric": true, "inputs": {"x": "normal", "mean": "normal", "var": "positive", "gamma": "normal", "beta": "normal"}, "cases": [{"shape": {"m": 1, "n": 3}, "launch": null, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 3136, "n": 64}, "launch": null, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 784, "n": 128}, "launch": null, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 49, "n": 2048}, "launch": null, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 1000, "n": 33}, "launch": null, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 196, "n": 1024}, "launch": null, "tolerance": {"y": [0.0001, 1e-05]}}]}
#include <immintrin.h>
#include <stddef.h>

void batchnorm_infer(const float* x, const float* mean, const float* var, const float* gamma,
                     const float* beta, float* y, int m, int n) {
  float scale[n];                              /* gamma / sqrt(var + eps) */
  const __m512 eps = _mm512_set1_ps(1e-5f);
  for (int c = 0; c < n; c += 16) {
    const __mmask16 k = n - c >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - c)) - 1u);
    __m512 s = _mm512_div_ps(_mm512_maskz_loadu_ps(k, gamma + c),
                             _mm512_sqrt_ps(_mm512_add_ps(_mm512_maskz_loadu_ps(k, var + c), eps)));
    _mm512_mask_storeu_ps(scale + c, k, s);
  }
#pragma omp parallel for schedule(static)
  for (int r = 0; r < m; ++r) {
    const float* xr = x + (size_t)r * n;
    float* yr = y + (size_t)r * n;
    for (int c = 0; c < n; c += 16) {
      const __mmask16 k = n - c >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - c)) - 1u);
      __m512 centred = _mm512_sub_ps(_mm512_maskz_loadu_ps(k, xr + c), _mm512_maskz_loadu_ps(k, mean + c));
      __m512 v = _mm512_fmadd_ps(centred, _mm512_maskz_loadu_ps(k, scale + c), _mm512_maskz_loadu_ps(k, beta + c));
      _mm512_mask_storeu_ps(yr + c, k, v);
    }
  }
}
