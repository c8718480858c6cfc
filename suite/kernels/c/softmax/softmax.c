// xpiler-suite: {"operator": "softmax", "model": "c", "entry": "softmax_rows", "args": ["x", "y", "m", "n"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics, masked tail, OpenMP", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 8}, "launch": null, "tolerance": {"y": [0.0001, 2.8284271247461906e-05]}}, {"shape": {"m": 8, "n": 768}, "launch": null, "tolerance": {"y": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 16, "n": 4096}, "launch": null, "tolerance": {"y": [0.0001, 0.00064]}}, {"shape": {"m": 100, "n": 1000}, "launch": null, "tolerance": {"y": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 33, "n": 1024}, "launch": null, "tolerance": {"y": [0.0001, 0.00032]}}, {"shape": {"m": 4, "n": 11008}, "launch": null, "tolerance": {"y": [0.0001, 0.0010491901638883202]}}]}
#include <immintrin.h>
#include <math.h>
#include <stddef.h>

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
