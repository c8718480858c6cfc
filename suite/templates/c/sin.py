"""sin: hand-written AVX-512, parametric in n: Cody-Waite reduction by pi/2 and Cephes' minimax
polynomials for sin and cos on [-pi/4, pi/4], the quadrant chosen with masks."""


def render(shape):
    source = r'''
#include <immintrin.h>

/* sin of 16 floats. k = rint(x * 2/pi), r = x - k*pi/2 (pi/2 split in three parts so that r is
 * accurate), then by quadrant q = k mod 4:  q=0: sin r,  q=1: cos r,  q=2: -sin r,  q=3: -cos r.
 * Accurate to a few ulp for |x| up to a few thousand (the suite uses [-pi, pi]). */
static inline __m512 sin512_ps(__m512 x) {
  const __m512 k = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(0.636619772367581343f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(k, _mm512_set1_ps(1.5703125f), x);
  r = _mm512_fnmadd_ps(k, _mm512_set1_ps(4.837512969970703125e-4f), r);
  r = _mm512_fnmadd_ps(k, _mm512_set1_ps(7.54978995489188216e-8f), r);
  const __m512 z = _mm512_mul_ps(r, r);

  /* sin r = r + r z (s1 + z (s2 + z s3)) */
  __m512 s = _mm512_fmadd_ps(_mm512_set1_ps(-1.9515295891e-4f), z, _mm512_set1_ps(8.3321608736e-3f));
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(-1.6666654611e-1f));
  s = _mm512_fmadd_ps(_mm512_mul_ps(s, z), r, r);
  /* cos r = 1 - z/2 + z^2 (c1 + z (c2 + z c3)) */
  __m512 c = _mm512_fmadd_ps(_mm512_set1_ps(2.443315711809948e-5f), z, _mm512_set1_ps(-1.388731625493765e-3f));
  c = _mm512_fmadd_ps(c, z, _mm512_set1_ps(4.166664568298827e-2f));
  c = _mm512_fmadd_ps(_mm512_mul_ps(c, z), z, _mm512_fnmadd_ps(_mm512_set1_ps(0.5f), z, _mm512_set1_ps(1.0f)));

  const __m512i q = _mm512_cvtps_epi32(k);               /* k is integral: exact */
  const __mmask16 odd = _mm512_test_epi32_mask(q, _mm512_set1_epi32(1));
  const __mmask16 neg = _mm512_test_epi32_mask(q, _mm512_set1_epi32(2));
  __m512 y = _mm512_mask_blend_ps(odd, s, c);
  return _mm512_mask_sub_ps(y, neg, _mm512_setzero_ps(), y);
}

void sin_f32(const float* x, float* out, int n) {
  int i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, sin512_ps(_mm512_loadu_ps(x + i)));
  if (i < n) {
    const __mmask16 tail = _cvtu32_mask16((1u << (n - i)) - 1u);
    _mm512_mask_storeu_ps(out + i, tail, sin512_ps(_mm512_maskz_loadu_ps(tail, x + i)));
  }
}
'''
    return {"source": source, "entry": "sin_f32", "args": ["x", "out", "n"],
            "style": "hand-written AVX-512 intrinsics, polynomial approximation", "parametric": True}
