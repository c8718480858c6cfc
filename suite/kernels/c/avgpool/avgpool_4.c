// xpiler-suite: {"operator": "avgpool", "model": "c", "entry": "avgpool_3x17x23x13_k3x3s1", "args": ["x", "y"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 3, "h": 17, "w": 23, "c": 13, "kh": 3, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}]}
#include <immintrin.h>

#define N 3
#define H 17
#define W 23
#define C 13
#define KH 3
#define KW 3
#define STRIDE 1
#define HO 15
#define WO 21
#define CV 0                     /* whole 16-channel vectors */
#define TAIL_MASK ((__mmask16)0x1fff)   /* C % 16 = 13 */

/* y[n][oh][ow][c] = mean of the 3x3 window of x at (oh*1, ow*1), channel c */
void avgpool_3x17x23x13_k3x3s1(const float* x, float* y) {
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
        {                                     /* channels 0..12 */
          __m512 sum = _mm512_setzero_ps();
          for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j)
              sum = _mm512_add_ps(sum, _mm512_maskz_loadu_ps(TAIL_MASK, win + (i * W + j) * C + CV * 16));
          _mm512_mask_storeu_ps(out + CV * 16, TAIL_MASK, _mm512_div_ps(sum, count));
        }
      }
}
