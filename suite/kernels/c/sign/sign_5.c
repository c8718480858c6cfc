// xpiler-suite: {"operator": "sign", "model": "c", "entry": "sign_f32_1048576", "args": ["x", "out"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics, compare mask + blend", "parametric": false, "inputs": {"x": "nonzero"}, "cases": [{"shape": {"n": 1048576}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <immintrin.h>

#define N 1048576
#define N_FULL 1048576                /* N rounded down to whole 16-float vectors */

/* out[i] = x[i] < 0 ? -1 : +1, for the 1048576 floats of x */
void sign_f32_1048576(const float* x, float* out) {
  const __m512 zero = _mm512_setzero_ps();
  const __m512 plus_one = _mm512_set1_ps(1.0f);
  const __m512 minus_one = _mm512_set1_ps(-1.0f);
  for (int i = 0; i < N_FULL; i += 16) {
    __m512 v = _mm512_loadu_ps(x + i);
    __mmask16 neg = _mm512_cmp_ps_mask(v, zero, _CMP_LT_OQ);
    _mm512_storeu_ps(out + i, _mm512_mask_blend_ps(neg, plus_one, minus_one));
  }
}
