"""gelu (tanh approximation): hand-written AVX-512, parametric in n.

0.5 x (1 + tanh(u)) = x * sigmoid(2u) = x / (1 + e^(-2u)), u = sqrt(2/pi) (x + 0.044715 x^3): the
identity avoids the cancellation of 1 + tanh(u) for negative x and needs one exp."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _c_common import EXP512  # noqa: E402


def render(shape):
    source = r'''
#include <immintrin.h>
''' + EXP512 + r'''
static inline __m512 gelu512_ps(__m512 x) {
  const __m512 x3 = _mm512_mul_ps(_mm512_mul_ps(x, x), x);
  const __m512 u = _mm512_mul_ps(_mm512_set1_ps(0.7978845608028654f),
                                 _mm512_fmadd_ps(_mm512_set1_ps(0.044715f), x3, x));
  const __m512 e = exp512_ps(_mm512_mul_ps(_mm512_set1_ps(-2.0f), u));
  return _mm512_div_ps(x, _mm512_add_ps(_mm512_set1_ps(1.0f), e));
}

void gelu_f32(const float* x, float* out, int n) {
  int i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, gelu512_ps(_mm512_loadu_ps(x + i)));
  if (i < n) {
    const __mmask16 tail = (__mmask16)((1u << (n - i)) - 1u);
    _mm512_mask_storeu_ps(out + i, tail, gelu512_ps(_mm512_maskz_loadu_ps(tail, x + i)));
  }
}
'''
    return {"source": source, "entry": "gelu_f32", "args": ["x", "out", "n"],
            "style": "hand-written AVX-512 intrinsics, masked tail", "parametric": True}
