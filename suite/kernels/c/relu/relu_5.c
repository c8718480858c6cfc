// xpiler-suite: {"operator": "relu", "model": "c", "entry": "relu_1048576", "args": ["x", "out"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1048576}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <immintrin.h>

/* out[i] = max(x[i], 0) for the 1048576 floats of x (65536 whole vectors) */
void relu_1048576(const float* restrict x, float* restrict out) {
  const __m512 zero = _mm512_setzero_ps();
#pragma omp parallel for schedule(static)
  for (int v = 0; v < 65536; ++v) {
    __m512 xv = _mm512_loadu_ps(x + v * 16);
    _mm512_storeu_ps(out + v * 16, _mm512_max_ps(xv, zero));
  }
}
