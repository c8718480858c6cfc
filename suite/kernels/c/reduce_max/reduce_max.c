// xpiler-suite: {"operator": "reduce_max", "model": "c", "entry": "reduce_max_rows", "args": ["x", "out", "m", "n"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics, masked tail", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": null, "tolerance": {"out": [0.0001, 2.645751311064591e-05]}}, {"shape": {"m": 32, "n": 1000}, "launch": null, "tolerance": {"out": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 128, "n": 768}, "launch": null, "tolerance": {"out": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 64, "n": 4096}, "launch": null, "tolerance": {"out": [0.0001, 0.00064]}}, {"shape": {"m": 3, "n": 50257}, "launch": null, "tolerance": {"out": [0.0001, 0.002241807306616695]}}, {"shape": {"m": 257, "n": 129}, "launch": null, "tolerance": {"out": [0.0001, 0.00011357816691600547]}}]}
#include <immintrin.h>
#include <math.h>

void reduce_max_rows(const float* x, float* out, int m, int n) {
  const __m512 neg_inf = _mm512_set1_ps(-INFINITY);
  for (int r = 0; r < m; ++r) {
    const float* row = x + (size_t)r * n;
    __m512 best0 = neg_inf, best1 = neg_inf;
    int j = 0;
    for (; j + 32 <= n; j += 32) {
      best0 = _mm512_max_ps(best0, _mm512_loadu_ps(row + j));
      best1 = _mm512_max_ps(best1, _mm512_loadu_ps(row + j + 16));
    }
    for (; j < n; j += 16) {
      const __mmask16 k = n - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - j)) - 1u);
      best0 = _mm512_max_ps(best0, _mm512_mask_loadu_ps(neg_inf, k, row + j));
    }
    out[r] = _mm512_reduce_max_ps(_mm512_max_ps(best0, best1));
  }
}
