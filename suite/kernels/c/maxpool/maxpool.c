// xpiler-suite: {"operator": "maxpool", "model": "c", "entry": "maxpool2d_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics, masked tail, OpenMP", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 4, "w": 4, "c": 1, "kh": 2, "kw": 2, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "h": 112, "w": 112, "c": 64, "kh": 3, "kw": 3, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 2, "h": 56, "w": 56, "c": 32, "kh": 2, "kw": 2, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "h": 14, "w": 14, "c": 512, "kh": 2, "kw": 2, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 3, "h": 17, "w": 23, "c": 13, "kh": 3, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 1, "h": 7, "w": 7, "c": 1024, "kh": 7, "kw": 7, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 7.000000000000001e-05]}}]}
#include <immintrin.h>
#include <math.h>
#include <stddef.h>

void maxpool2d_nhwc(const float* x, float* y, int N, int H, int W, int C, int KH, int KW, int stride) {
  const int HO = (H - KH) / stride + 1, WO = (W - KW) / stride + 1;
  const __m512 neg_inf = _mm512_set1_ps(-INFINITY);
#pragma omp parallel for collapse(2) schedule(static)
  for (int n = 0; n < N; ++n)
    for (int oh = 0; oh < HO; ++oh)
      for (int ow = 0; ow < WO; ++ow) {
        const float* win = x + (((size_t)n * H + oh * stride) * W + ow * stride) * C;
        float* out = y + (((size_t)n * HO + oh) * WO + ow) * C;
        for (int c0 = 0; c0 < C; c0 += 16) {
          const __mmask16 k = C - c0 >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (C - c0)) - 1u);
          __m512 best = neg_inf;
          for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j)
              best = _mm512_max_ps(best, _mm512_mask_loadu_ps(neg_inf, k, win + ((size_t)i * W + j) * C + c0));
          _mm512_mask_storeu_ps(out + c0, k, best);
        }
      }
}
