// xpiler-suite: {"operator": "reduce_min", "model": "c", "entry": "reduce_min_1x7", "args": ["x", "out"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": null, "tolerance": {"out": [0.0001, 2.645751311064591e-05]}}]}
#include <immintrin.h>
#include <math.h>

#define M 1
#define N 7
#define N_VEC 0                       /* whole 16-float vectors per row */
#define TAIL_MASK ((__mmask16)0x007f)  /* N % 16 = 7 */

/* out[r] = min_j x[r][j], x is float[1][7] */
void reduce_min_1x7(const float* x, float* out) {
  const __m512 pos_inf = _mm512_set1_ps(INFINITY);
#pragma omp parallel for
  for (int r = 0; r < M; ++r) {
    const float* row = x + r * N;
    __m512 lo = pos_inf;
    for (int v = 0; v < N_VEC; ++v) lo = _mm512_min_ps(lo, _mm512_loadu_ps(row + v * 16));
    /* the last 7 column(s): masked-off lanes load +inf */
    lo = _mm512_min_ps(lo, _mm512_mask_loadu_ps(pos_inf, TAIL_MASK, row + N_VEC * 16));
    out[r] = _mm512_reduce_min_ps(lo);
  }
}
