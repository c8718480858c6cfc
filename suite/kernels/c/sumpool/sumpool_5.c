// xpiler-suite: {"operator": "sumpool", "model": "c", "entry": "sumpool_1x7x7x1024_k7x7s1", "args": ["x", "y"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics, masked channel steps", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 7, "w": 7, "c": 1024, "kh": 7, "kw": 7, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 7.000000000000001e-05]}}]}
#include <immintrin.h>

static const int N = 1, H = 7, W = 7, C = 1024;
static const int KH = 7, KW = 7, STRIDE = 1;
static const int HO = (7 - 7) / 1 + 1, WO = (7 - 7) / 1 + 1;

/* y[n][oh][ow][:] = sum of x over the KH x KW window at (oh*STRIDE, ow*STRIDE) */
void sumpool_1x7x7x1024_k7x7s1(const float* x, float* y) {
  for (int n = 0; n < N; ++n)
    for (int oh = 0; oh < HO; ++oh)
      for (int ow = 0; ow < WO; ++ow)
        for (int c0 = 0; c0 < C; c0 += 16) {
          const __mmask16 k = _cvtu32_mask16(C - c0 >= 16 ? 0xFFFFu : (1u << (C - c0)) - 1u);
          __m512 acc = _mm512_setzero_ps();
          for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j)
              acc = _mm512_add_ps(acc, _mm512_maskz_loadu_ps(k, &x[((n * H + oh * STRIDE + i) * W + ow * STRIDE + j) * C + c0]));
          _mm512_mask_storeu_ps(&y[((n * HO + oh) * WO + ow) * C + c0], k, acc);
        }
}
