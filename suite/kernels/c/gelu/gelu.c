// xpiler-suite: {"operator": "gelu", "model": "c", "entry": "gelu_f32", "args": ["x", "out", "n"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics, masked tail", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1000}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 4096}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 50257}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 65553}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1048576}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <immintrin.h>

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
