// xpiler-suite: {"operator": "sumpool", "model": "c", "entry": "sumpool_1x112x112x64_k3x3s2", "args": ["x", "y"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics, masked channel steps", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 112, "w": 112, "c": 64, "kh": 3, "kw": 3, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}]}
#include <immintrin.h>

static const int N = 1, H = 112, W = 112, C = 64;
static const int KH = 3, KW = 3, STRIDE = 2;
static const int HO = (112 - 3) / 2 + 1, WO = (112 - 3) / 2 + 1;

/* y[n][oh][ow][:] = sum of x over the KH x KW window at (oh*STRIDE, ow*STRIDE) */
void sumpool_1x112x112x64_k3x3s2(const float* x, float* y) {
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
