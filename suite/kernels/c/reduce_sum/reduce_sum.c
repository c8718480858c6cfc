// xpiler-suite: {"operator": "reduce_sum", "model": "c", "entry": "reduce_sum_rows", "args": ["x", "out", "m", "n"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": null, "tolerance": {"out": [0.0001, 2.645751311064591e-05]}}, {"shape": {"m": 32, "n": 1000}, "launch": null, "tolerance": {"out": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 128, "n": 768}, "launch": null, "tolerance": {"out": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 64, "n": 4096}, "launch": null, "tolerance": {"out": [0.0001, 0.00064]}}, {"shape": {"m": 3, "n": 50257}, "launch": null, "tolerance": {"out": [0.0001, 0.002241807306616695]}}, {"shape": {"m": 257, "n": 129}, "launch": null, "tolerance": {"out": [0.0001, 0.00011357816691600547]}}]}
#include <immintrin.h>

void reduce_sum_rows(const float* x, float* out, int m, int n) {
#pragma omp parallel for schedule(static)
  for (int r = 0; r < m; ++r) {
    const float* row = x + (size_t)r * n;
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    __m512 acc2 = _mm512_setzero_ps(), acc3 = _mm512_setzero_ps();
    int j = 0;
    for (; j + 64 <= n; j += 64) {
      acc0 = _mm512_add_ps(acc0, _mm512_loadu_ps(row + j));
      acc1 = _mm512_add_ps(acc1, _mm512_loadu_ps(row + j + 16));
      acc2 = _mm512_add_ps(acc2, _mm512_loadu_ps(row + j + 32));
      acc3 = _mm512_add_ps(acc3, _mm512_loadu_ps(row + j + 48));
    }
    for (; j + 16 <= n; j += 16) acc0 = _mm512_add_ps(acc0, _mm512_loadu_ps(row + j));
    if (j < n) {
      const __mmask16 tail = (__mmask16)((1u << (n - j)) - 1u);
      acc1 = _mm512_add_ps(acc1, _mm512_maskz_loadu_ps(tail, row + j));   /* masked-off lanes add 0 */
    }
    out[r] = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(acc0, acc1), _mm512_add_ps(acc2, acc3)));
  }
}
