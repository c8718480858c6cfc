// xpiler-suite: {"operator": "relu", "model": "c", "entry": "relu_1000", "args": ["x", "out"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1000}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <immintrin.h>

/* out[i] = max(x[i], 0) for the 1000 floats of x (62 whole vectors + 8) */
void relu_1000(const float* restrict x, float* restrict out) {
  const __m512 zero = _mm512_setzero_ps();
#pragma omp parallel for schedule(static)
  for (int v = 0; v < 62; ++v) {
    __m512 xv = _mm512_loadu_ps(x + v * 16);
    _mm512_storeu_ps(out + v * 16, _mm512_max_ps(xv, zero));
  }
  /* 8 leftover float(s): one masked vector */
  const __mmask16 tail = (__mmask16)0x00ff;
  _mm512_mask_storeu_ps(out + 992, tail, _mm512_max_ps(_mm512_maskz_loadu_ps(tail, x + 992), zero));
}
