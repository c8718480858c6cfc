"""softmax over the last axis of [m, n]: hand-written AVX-512, parametric, OpenMP over rows.
Three passes per row: the max (masked lanes hold -inf), e^(x - max) stored to y while summing (a
vectorised exp), then y *= 1/sum."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _c_common import EXP512  # noqa: E402


def render(shape):
    source = r'''
#include <immintrin.h>
#include <math.h>
#include <stddef.h>
''' + EXP512 + r'''
void softmax_rows(const float* x, float* y, int m, int n) {
  const __m512 neg_inf = _mm512_set1_ps(-INFINITY);
#pragma omp parallel for schedule(static)
  for (int r = 0; r < m; ++r) {
    const float* xr = x + (size_t)r * n;
    float* yr = y + (size_t)r * n;
    __m512 vmax = neg_inf;
    for (int j = 0; j < n; j += 16) {
      const __mmask16 k = n - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - j)) - 1u);
      vmax = _mm512_max_ps(vmax, _mm512_mask_loadu_ps(neg_inf, k, xr + j));
    }
    const __m512 row_max = _mm512_set1_ps(_mm512_reduce_max_ps(vmax));
    __m512 vsum = _mm512_setzero_ps();
    for (int j = 0; j < n; j += 16) {
      const __mmask16 k = n - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - j)) - 1u);
      __m512 e = exp512_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, xr + j), row_max));
      vsum = _mm512_mask_add_ps(vsum, k, vsum, e);           /* off lanes must not add e^(0 - max) */
      _mm512_mask_storeu_ps(yr + j, k, e);
    }
    const __m512 inv = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(vsum));
    for (int j = 0; j < n; j += 16) {
      const __mmask16 k = n - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - j)) - 1u);
      _mm512_mask_storeu_ps(yr + j, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, yr + j), inv));
    }
  }
}
'''
    return {"source": source, "entry": "softmax_rows", "args": ["x", "y", "m", "n"],
            "style": "hand-written AVX-512 intrinsics, masked tail, OpenMP", "parametric": True}
