"""reduce_sum over the last axis of [m, n]: hand-written AVX-512, parametric, OpenMP over rows.

Four independent 16-lane accumulators per row (64 floats per step) hide the add latency and keep
each partial sum short; a masked tail folds in the last n % 16 floats, then one horizontal add."""


def render(shape):
    source = r'''
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
'''
    return {"source": source, "entry": "reduce_sum_rows", "args": ["x", "out", "m", "n"],
            "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": True}
