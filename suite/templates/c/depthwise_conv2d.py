"""depthwise conv2d (NHWC, [KH, KW, C] filter, valid, strided): hand-written AVX-512, parametric.
Channels are contiguous in input, filter and output, so each output pixel is C/16 vectors of FMAs
over the window; the last C % 16 channels use a __mmask16."""


def render(shape):
    source = r'''
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
'''
    return {"source": source, "entry": "depthwise_conv2d_nhwc",
            "args": ["x", "weight", "y", "n", "h", "w", "c", "kh", "kw", "stride"],
            "style": "hand-written AVX-512 intrinsics (FMA over channels), masked tail, OpenMP", "parametric": True}
