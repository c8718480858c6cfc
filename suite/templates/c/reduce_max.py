"""reduce_max over the last axis of [m, n]: hand-written AVX-512, parametric.

The running maximum starts at -inf; the tail uses a mask-merging load whose masked-off lanes keep
-inf, so they never win."""


def render(shape):
    source = r'''
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
'''
    return {"source": source, "entry": "reduce_max_rows", "args": ["x", "out", "m", "n"],
            "style": "hand-written AVX-512 intrinsics, masked tail", "parametric": True}
