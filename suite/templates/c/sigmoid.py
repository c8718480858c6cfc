"""sigmoid: hand-written AVX-512, fixed-size: 1 / (1 + e^-x) with a vectorised exp."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _c_common import EXP512  # noqa: E402


def render(shape):
    n = shape["n"]
    source = r'''
#include <immintrin.h>

enum { N = %d };
''' % n + EXP512 + r'''
/* out = 1 / (1 + e^-x), N floats; the last N % 16 through a masked load and store */
void sigmoid_f32(const float* x, float* out) {
  const __m512 one = _mm512_set1_ps(1.0f);
  for (int i = 0; i < N; i += 16) {
    const __mmask16 k = N - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (N - i)) - 1u);
    __m512 v = _mm512_maskz_loadu_ps(k, x + i);
    __m512 e = exp512_ps(_mm512_sub_ps(_mm512_setzero_ps(), v));
    _mm512_mask_storeu_ps(out + i, k, _mm512_div_ps(one, _mm512_add_ps(one, e)));
  }
}
'''
    return {"source": source, "entry": "sigmoid_f32", "args": ["x", "out"],
            "style": "hand-written AVX-512 intrinsics, masked loop", "parametric": False}
