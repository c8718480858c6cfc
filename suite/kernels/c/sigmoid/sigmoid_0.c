// xpiler-suite: {"operator": "sigmoid", "model": "c", "entry": "sigmoid_f32", "args": ["x", "out"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics, masked loop", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <immintrin.h>

enum { N = 1 };

/* e^x for 16 floats: x = k*ln2 + r with |r| <= ln2/2 (ln2 split in two for an exact k*ln2_hi),
 * e^r by Cephes' degree-6 polynomial, then scaled by 2^k (vscalefps). Max error ~2 ulp over the
 * clamped range [-87.3, 88.7]; below it the result is ~1e-38 instead of a denormal or 0. */
static inline __m512 exp512_ps(__m512 x) {
  x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.33654f)), _mm512_set1_ps(88.72283f));
  const __m512 k = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(k, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(k, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(p, k);
}

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
