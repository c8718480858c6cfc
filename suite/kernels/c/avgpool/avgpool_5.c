// xpiler-suite: {"operator": "avgpool", "model": "c", "entry": "avgpool_1x7x7x1024_k7x7s1", "args": ["x", "y"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 7, "w": 7, "c": 1024, "kh": 7, "kw": 7, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 7.000000000000001e-05]}}]}
#include <immintrin.h>

#define N 1
#define H 7
#define W 7
#define C 1024
#define KH 7
#define KW 7
#define STRIDE 1
#define HO 1
#define WO 1
#define CV 64                     /* whole 16-channel vectors */

/* y[n][oh][ow][c] = mean of the 7x7 window of x at (oh*1, ow*1), channel c */
void avgpool_1x7x7x1024_k7x7s1(const float* x, float* y) {
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
