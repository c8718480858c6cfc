// xpiler-suite: {"operator": "maxpool", "model": "hip", "entry": "maxpool2d_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"], "dtypes": {}, "style": "hand-written: thread per output, channel-fastest, grid-stride loop", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 4, "w": 4, "c": 1, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "h": 112, "w": 112, "c": 64, "kh": 3, "kw": 3, "stride": 2}, "launch": {"grid": [757, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 2, "h": 56, "w": 56, "c": 32, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [196, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "h": 14, "w": 14, "c": 512, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [98, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 3, "h": 17, "w": 23, "c": 13, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [48, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 1, "h": 7, "w": 7, "c": 1024, "kh": 7, "kw": 7, "stride": 1}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 7.000000000000001e-05]}}]}
#include <hip/hip_runtime.h>
#include <float.h>

__global__ void __launch_bounds__(256) maxpool2d_nhwc(const float* __restrict__ x, float* __restrict__ y,
                                                      int N, int H, int W, int C, int KH, int KW, int stride) {
  const int Ho = (H - KH) / stride + 1;
  const int Wo = (W - KW) / stride + 1;
  const long total = (long)N * Ho * Wo * C;
  for (long idx = blockIdx.x * (long)blockDim.x + threadIdx.x; idx < total; idx += (long)gridDim.x * blockDim.x) {
    const int c = (int)(idx % C);
    long t = idx / C;
    const int ow = (int)(t % Wo);
    t /= Wo;
    const int oh = (int)(t % Ho);
    const int n = (int)(t / Ho);
    const float* __restrict__ xw = x + (((long)n * H + oh * stride) * W + ow * stride) * C + c;
    float v = -FLT_MAX;
    for (int i = 0; i < KH; ++i)
      for (int j = 0; j < KW; ++j) v = fmaxf(v, xw[((long)i * W + j) * C]);
    y[idx] = v;
  }
}
