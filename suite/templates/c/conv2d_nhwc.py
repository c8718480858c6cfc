"""conv2d (NHWC input, [F, KH, KW, C] filters, valid, strided): hand-written plain C loops,
parametric, OpenMP over output pixels. The innermost loop runs along C, contiguous in both the input
and the filter."""


def render(shape):
    source = r'''
#include <stddef.h>

/* y[n][oh][ow][f] = sum_{i,j,c} x[n][oh*stride+i][ow*stride+j][c] * wt[f][i][j][c] */
void conv2d_nhwc(const float* x, const float* wt, float* y,
                 int N, int H, int W, int C, int F, int KH, int KW, int stride) {
  const int HO = (H - KH) / stride + 1, WO = (W - KW) / stride + 1;
#pragma omp parallel for collapse(3) schedule(static)
  for (int n = 0; n < N; ++n)
    for (int oh = 0; oh < HO; ++oh)
      for (int ow = 0; ow < WO; ++ow) {
        float* out = y + (((size_t)n * HO + oh) * WO + ow) * F;
        for (int f = 0; f < F; ++f) {
          float acc = 0.0f;
          for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j) {
              const float* xp = x + (((size_t)n * H + oh * stride + i) * W + ow * stride + j) * C;
              const float* wp = wt + (((size_t)f * KH + i) * KW + j) * C;
              for (int c = 0; c < C; ++c) acc += xp[c] * wp[c];
            }
          out[f] = acc;
        }
      }
}
'''
    return {"source": source, "entry": "conv2d_nhwc",
            "args": ["x", "weight", "y", "n", "h", "w", "c", "f", "kh", "kw", "stride"],
            "style": "hand-written plain loops + OpenMP", "parametric": True}
