// xpiler-suite: {"operator": "relu", "model": "c", "entry": "relu_1", "args": ["x", "out"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <immintrin.h>

/* out[i] = max(x[i], 0) for the 1 floats of x (0 whole vectors + 1) */
void relu_1(const float* restrict x, float* restrict out) {
  const __m512 zero = _mm512_setzero_ps();
  /* 1 leftover float(s): one masked vector */
  const __mmask16 tail = (__mmask16)0x0001;
  _mm512_mask_storeu_ps(out + 0, tail, _mm512_max_ps(_mm512_maskz_loadu_ps(tail, x + 0), zero));
}
