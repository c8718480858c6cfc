// xpiler-suite: {"operator": "conv2d_nhwc", "model": "c", "entry": "conv2d_nhwc", "args": ["x", "weight", "y", "n", "h", "w", "c", "f", "kh", "kw", "stride"], "dtypes": {}, "style": "hand-written plain loops + OpenMP", "parametric": true, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 5, "w": 5, "c": 1, "f": 1, "kh": 3, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 1, "h": 56, "w": 56, "c": 64, "f": 64, "kh": 3, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 0.00024000000000000003]}}, {"shape": {"n": 2, "h": 28, "w": 28, "c": 128, "f": 128, "kh": 3, "kw": 3, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 0.0003394112549695428]}}, {"shape": {"n": 1, "h": 14, "w": 14, "c": 256, "f": 256, "kh": 1, "kw": 1, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 0.00016]}}, {"shape": {"n": 1, "h": 32, "w": 32, "c": 3, "f": 16, "kh": 5, "kw": 5, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 8.660254037844388e-05]}}, {"shape": {"n": 3, "h": 19, "w": 23, "c": 7, "f": 9, "kh": 3, "kw": 2, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 6.48074069840786e-05]}}]}
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
