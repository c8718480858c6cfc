// xpiler-suite: {"operator": "reduce_min", "model": "c", "entry": "reduce_min_32x1000", "args": ["x", "out"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 32, "n": 1000}, "launch": null, "tolerance": {"out": [0.0001, 0.00031622776601683794]}}]}
#include <immintrin.h>
#include <math.h>

#define M 32
#define N 1000
#define N_VEC 62                       /* whole 16-float vectors per row */
#define TAIL_MASK ((__mmask16)0x00ff)  /* N % 16 = 8 */

/* out[r] = min_j x[r][j], x is float[32][1000] */
void reduce_min_32x1000(const float* x, float* out) {
  const __m512 pos_inf = _mm512_set1_ps(INFINITY);
#pragma omp parallel for
  for (int r = 0; r < M; ++r) {
    const float* row = x + r * N;
    __m512 lo = pos_inf;
    for (int v = 0; v < N_VEC; ++v) lo = _mm512_min_ps(lo, _mm512_loadu_ps(row + v * 16));
    /* the last 8 column(s): masked-off lanes load +inf */
    lo = _mm512_min_ps(lo, _mm512_mask_loadu_ps(pos_inf, TAIL_MASK, row + N_VEC * 16));
    out[r] = _mm512_reduce_min_ps(lo);
  }
}
