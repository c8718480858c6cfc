// xpiler-suite: {"operator": "avgpool", "model": "c", "entry": "avgpool_1x4x4x1_k2x2s2", "args": ["x", "y"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 4, "w": 4, "c": 1, "kh": 2, "kw": 2, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 2e-05]}}]}
#include <immintrin.h>

#define N 1
#define H 4
#define W 4
#define C 1
#define KH 2
#define KW 2
#define STRIDE 2
#define HO 2
#define WO 2
#define CV 0                     /* whole 16-channel vectors */
#define TAIL_MASK ((__mmask16)0x0001)   /* C % 16 = 1 */

/* y[n][oh][ow][c] = mean of the 2x2 window of x at (oh*2, ow*2), channel c */
void avgpool_1x4x4x1_k2x2s2(const float* x, float* y) {
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
        {                                     /* channels 0..0 */
          __m512 sum = _mm512_setzero_ps();
          for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j)
              sum = _mm512_add_ps(sum, _mm512_maskz_loadu_ps(TAIL_MASK, win + (i * W + j) * C + CV * 16));
          _mm512_mask_storeu_ps(out + CV * 16, TAIL_MASK, _mm512_div_ps(sum, count));
        }
      }
}
