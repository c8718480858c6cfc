"""add: hand-written AVX-512, parametric in n; 16-float vectors with a __mmask16 masked tail."""


def render(shape):
    source = r'''
#include <immintrin.h>

/* out[i] = x[i] + y[i] for i < n.
 * Whole 16-float vectors first, then one masked vector for the n % 16 leftover elements: masked-off
 * lanes are neither loaded nor stored, so nothing past the end of the buffers is touched. */
void add_f32(const float* x, const float* y, float* out, int n) {
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    __m512 vx = _mm512_loadu_ps(x + i);
    __m512 vy = _mm512_loadu_ps(y + i);
    _mm512_storeu_ps(out + i, _mm512_add_ps(vx, vy));
  }
  if (i < n) {
    __mmask16 tail = (__mmask16)((1u << (n - i)) - 1u);
    __m512 vx = _mm512_maskz_loadu_ps(tail, x + i);
    __m512 vy = _mm512_maskz_loadu_ps(tail, y + i);
    _mm512_mask_storeu_ps(out + i, tail, _mm512_add_ps(vx, vy));
  }
}
'''
    return {"source": source, "entry": "add_f32", "args": ["x", "y", "out", "n"],
            "style": "hand-written AVX-512 intrinsics, masked tail", "parametric": True}
