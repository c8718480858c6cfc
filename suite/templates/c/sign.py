"""sign: hand-written AVX-512, fixed-size (n baked in as N; the tail mask is a folded constant).

One compare into a __mmask16 and one masked blend per 16 floats: lanes with x < 0 take -1, the others
+1 (the suite never feeds 0, whose sign differs by convention)."""


def render(shape):
    n = shape["n"]
    full, rem = n // 16 * 16, n % 16
    tail = "" if rem == 0 else f'''
  {{                                             /* the last {rem} element(s) */
    const __mmask16 tail = (__mmask16)0x{(1 << rem) - 1:04x};
    __m512 v = _mm512_maskz_loadu_ps(tail, x + N_FULL);
    __mmask16 neg = _mm512_cmp_ps_mask(v, zero, _CMP_LT_OQ);
    _mm512_mask_storeu_ps(out + N_FULL, tail, _mm512_mask_blend_ps(neg, plus_one, minus_one));
  }}'''
    source = f'''
#include <immintrin.h>

#define N {n}
#define N_FULL {full}                /* N rounded down to whole 16-float vectors */

/* out[i] = x[i] < 0 ? -1 : +1, for the {n} floats of x */
void sign_f32_{n}(const float* x, float* out) {{
  const __m512 zero = _mm512_setzero_ps();
  const __m512 plus_one = _mm512_set1_ps(1.0f);
  const __m512 minus_one = _mm512_set1_ps(-1.0f);
  for (int i = 0; i < N_FULL; i += 16) {{
    __m512 v = _mm512_loadu_ps(x + i);
    __mmask16 neg = _mm512_cmp_ps_mask(v, zero, _CMP_LT_OQ);
    _mm512_storeu_ps(out + i, _mm512_mask_blend_ps(neg, plus_one, minus_one));
  }}{tail}
}}
'''
    return {"source": source, "entry": f"sign_f32_{n}", "args": ["x", "out"],
            "style": "hand-written AVX-512 intrinsics, compare mask + blend", "parametric": False}
