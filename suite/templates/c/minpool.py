"""minpool (NHWC, valid windows): hand-written AVX-512, parametric. The window minimum of 16
channels at a time; masked-off lanes of the channel tail are neither read nor written."""


def render(shape):
    source = r'''
#include <immintrin.h>
#include <math.h>

void minpool2d_nhwc(const float* restrict x, float* restrict y,
                    int N, int H, int W, int C, int KH, int KW, int stride) {
  const int HO = (H - KH) / stride + 1, WO = (W - KW) / stride + 1;
  const int vecs = (C + 15) / 16;
  const __mmask16 tail = (C % 16) ? (__mmask16)((1u << (C % 16)) - 1u) : (__mmask16)0xFFFF;
  for (int n = 0; n < N; ++n)
    for (int oh = 0; oh < HO; ++oh)
      for (int ow = 0; ow < WO; ++ow)
        for (int v = 0; v < vecs; ++v) {
          const __mmask16 k = v == vecs - 1 ? tail : (__mmask16)0xFFFF;
          __m512 lo = _mm512_set1_ps(INFINITY);
          for (int i = 0; i < KH; ++i) {
            const float* row = x + ((long)(n * H + oh * stride + i) * W + ow * stride) * C + v * 16;
            for (int j = 0; j < KW; ++j)
              lo = _mm512_min_ps(lo, _mm512_mask_loadu_ps(lo, k, row + (long)j * C));
          }
          _mm512_mask_storeu_ps(y + ((long)(n * HO + oh) * WO + ow) * C + v * 16, k, lo);
        }
}
'''
    return {"source": source, "entry": "minpool2d_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"],
            "style": "hand-written AVX-512 intrinsics, masked tail", "parametric": True}
