// xpiler-suite: {"operator": "gqa", "model": "c", "entry": "gqa_b2_h4_kv4_s17_d16", "args": ["q", "k", "v", "out"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"q": "normal", "k": "normal", "v": "normal"}, "cases": [{"shape": {"b": 2, "heads": 4, "kv_heads": 4, "seq": 17, "dim": 16}, "launch": null, "tolerance": {"out": [0.0001, 0.00016492422502470644]}}]}
#include <immintrin.h>
#include <math.h>

#define B 2
#define HEADS 4
#define KV_HEADS 4
#define GROUP 1                 /* query heads per kv head */
#define SEQ 17
#define DIM 16
#define DV 1                    /* 16-float vectors per head row */
#define SCALE 2.500000000e-01f   /* 1 / sqrt(DIM) */

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

void gqa_b2_h4_kv4_s17_d16(const float* q, const float* k, const float* v, float* out) {
#pragma omp parallel for collapse(3) schedule(static)
  for (int bi = 0; bi < B; ++bi)
    for (int hi = 0; hi < HEADS; ++hi)
      for (int i = 0; i < SEQ; ++i) {
        const float* qi = q + ((bi * HEADS + hi) * SEQ + i) * DIM;
        const float* kb = k + (bi * KV_HEADS + hi / GROUP) * SEQ * DIM;
        const float* vb = v + (bi * KV_HEADS + hi / GROUP) * SEQ * DIM;
        float* oi = out + ((bi * HEADS + hi) * SEQ + i) * DIM;
        float p[(SEQ + 15) / 16 * 16];

        __m512 qv[DV];
        for (int t = 0; t < DV; ++t) qv[t] = _mm512_loadu_ps(qi + t * 16);
        float row_max = -INFINITY;
        for (int j = 0; j < SEQ; ++j) {
          __m512 acc = _mm512_mul_ps(qv[0], _mm512_loadu_ps(kb + j * DIM));
          for (int t = 1; t < DV; ++t) acc = _mm512_fmadd_ps(qv[t], _mm512_loadu_ps(kb + j * DIM + t * 16), acc);
          p[j] = _mm512_reduce_add_ps(acc) * SCALE;
          row_max = fmaxf(row_max, p[j]);
        }

        const __m512 vmax = _mm512_set1_ps(row_max);
        __m512 vsum = _mm512_setzero_ps();
        for (int j = 0; j < SEQ; j += 16) {
          const __mmask16 m = SEQ - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (SEQ - j)) - 1u);
          __m512 e = _mm512_maskz_mov_ps(m, exp512_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, p + j), vmax)));
          vsum = _mm512_add_ps(vsum, e);
          _mm512_mask_storeu_ps(p + j, m, e);
        }
        const float inv = 1.0f / _mm512_reduce_add_ps(vsum);

        __m512 o[DV];
        for (int t = 0; t < DV; ++t) o[t] = _mm512_setzero_ps();
        for (int j = 0; j < SEQ; ++j) {
          const __m512 w = _mm512_set1_ps(p[j] * inv);
          for (int t = 0; t < DV; ++t) o[t] = _mm512_fmadd_ps(w, _mm512_loadu_ps(vb + j * DIM + t * 16), o[t]);
        }
        for (int t = 0; t < DV; ++t) _mm512_storeu_ps(oi + t * 16, o[t]);
      }
}
