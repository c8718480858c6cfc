// xpiler-suite: {"operator": "reduce_min", "model": "c", "entry": "reduce_min_128x768", "args": ["x", "out"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 128, "n": 768}, "launch": null, "tolerance": {"out": [0.0001, 0.0002771281292110204]}}]}
#include <immintrin.h>
#include <math.h>

#define M 128
#define N 768
#define N_VEC 48                       /* whole 16-float vectors per row */

/* out[r] = min_j x[r][j], x is float[128][768] */
void reduce_min_128x768(const float* x, float* out) {
  const __m512 pos_inf = _mm512_set1_ps(INFINITY);
#pragma omp parallel for
  for (int r = 0; r < M; ++r) {
    const float* row = x + r * N;
    __m512 lo = pos_inf;
    for (int v = 0; v < N_VEC; ++v) lo = _mm512_min_ps(lo, _mm512_loadu_ps(row + v * 16));
    out[r] = _mm512_reduce_min_ps(lo);
  }
}
