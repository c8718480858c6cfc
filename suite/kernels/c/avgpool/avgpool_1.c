// xpiler-suite: {"operator": "avgpool", "model": "c", "entry": "avgpool_1x112x112x64_k3x3s2", "args": ["x", "y"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 112, "w": 112, "c": 64, "kh": 3, "kw": 3, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}]}
#include <immintrin.h>

#define N 1
#define H 112
#define W 112
#define C 64
#define KH 3
#define KW 3
#define STRIDE 2
#define HO 55
#define WO 55
#define CV 4                     /* whole 16-channel vectors */

/* y[n][oh][ow][c] = mean of the 3x3 window of x at (oh*2, ow*2), channel c */
void avgpool_1x112x112x64_k3x3s2(const float* x, float* y) {
  const __m512 count = _mm512_set1_ps((float)(KH * KW));
#pragma omp parallel for collapse(2)
  for (int n = 0; n < N; ++n)
    for (int oh = 0; oh < HO; ++oh)
      for (int ow = 0; ow < WO; ++ow) {
        const float* win = x + ((n * H + oh * STRIDE) * W + ow * STRIDE) * C;
        float* out = y + ((n * HO + oh) * WO + ow) * C;
        for (int v = 0; v < CV; ++v) {
          __m512 sum = _mm512_setzero_ps();
          for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j)
              sum = _mm512_add_ps(sum, _mm512_loadu_ps(win + (i * W + j) * C + v * 16));
          _mm512_storeu_ps(out + v * 16, _mm512_div_ps(sum, count));
        }
      }
}
