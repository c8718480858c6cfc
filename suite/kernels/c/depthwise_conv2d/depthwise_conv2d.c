// xpiler-suite: {"operator": "depthwise_conv2d", "model": "c", "entry": "depthwise_conv2d_nhwc", "args": ["x", "weight", "y", "n", "h", "w", "c", "kh", "kw", "stride"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics (FMA over channels), masked tail, OpenMP", "parametric": true, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 4, "w": 4, "c": 1, "kh": 3, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 1, "h": 112, "w": 112, "c": 32, "kh": 3, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 2, "h": 56, "w": 56, "c": 144, "kh": 3, "kw": 3, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 1, "h": 14, "w": 14, "c": 576, "kh": 5, "kw": 5, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 5e-05]}}, {"shape": {"n": 1, "h": 7, "w": 7, "c": 960, "kh": 3, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 3, "h": 15, "w": 17, "c": 5, "kh": 2, "kw": 3, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 2.449489742783178e-05]}}]}
#include <immintrin.h>
#include <stddef.h>

void depthwise_conv2d_nhwc(const float* x, const float* wt, float* y,
                           int N, int H, int W, int C, int KH, int KW, int stride) {
  const int HO = (H - KH) / stride + 1, WO = (W - KW) / stride + 1;
#pragma omp parallel for collapse(2) schedule(static)
  for (int n = 0; n < N; ++n)
    for (int oh = 0; oh < HO; ++oh)
      for (int ow = 0; ow < WO; ++ow)
        for (int c0 = 0; c0 < C; c0 += 16) {
          const __mmask16 k = C - c0 >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (C - c0)) - 1u);
          __m512 acc = _mm512_setzero_ps();
          for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j) {
              const float* xp = x + (((size_t)n * H + oh * stride + i) * W + ow * stride + j) * C + c0;
              const float* wp = wt + ((size_t)i * KW + j) * C + c0;
              acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, xp), _mm512_maskz_loadu_ps(k, wp), acc);
            }
          _mm512_mask_storeu_ps(y + (((size_t)n * HO + oh) * WO + ow) * C + c0, k, acc);
        }
}
