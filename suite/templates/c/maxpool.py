"""maxpool (NHWC, valid windows): hand-written AVX-512, parametric, OpenMP over output rows.
Channels are contiguous, so the window max runs on 16 channels at a time; the last C % 16
channels load through a mask whose off lanes hold -inf."""


def render(shape):
    source = r'''
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
'''
    return {"source": source, "entry": "maxpool2d_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"],
            "style": "hand-written AVX-512 intrinsics, masked tail, OpenMP", "parametric": True}
