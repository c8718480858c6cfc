// xpiler-suite: {"operator": "maxpool", "model": "cuda", "entry": "maxpool2d_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"], "dtypes": {}, "style": "hand-written: grid-stride loop, 64-bit flattened index", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 4, "w": 4, "c": 1, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "h": 112, "w": 112, "c": 64, "kh": 3, "kw": 3, "stride": 2}, "launch": {"grid": [320, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 2, "h": 56, "w": 56, "c": 32, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [196, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "h": 14, "w": 14, "c": 512, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [98, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 3, "h": 17, "w": 23, "c": 13, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [48, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 1, "h": 7, "w": 7, "c": 1024, "kh": 7, "kw": 7, "stride": 1}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 7.000000000000001e-05]}}]}
#include <cuda_runtime.h>
#include <cfloat>

__global__ void maxpool2d_nhwc(const float* __restrict__ x, float* __restrict__ y, int N, int H, int W, int C,
                               int KH, int KW, int stride) {
  const int Ho = (H - KH) / stride + 1;
  const int Wo = (W - KW) / stride + 1;
  const long long total = (long long)N * Ho * Wo * C;
  for (long long idx = blockIdx.x * (long long)blockDim.x + threadIdx.x; idx < total; idx += (long long)gridDim.x * blockDim.x) {
    const int c = idx % C;
    long long t = idx / C;
    const int ow = t % Wo; t /= Wo;
    const int oh = t % Ho;
    const int n = t / Ho;
    const float* __restrict__ base = x + (((long long)n * H + oh * stride) * W + ow * stride) * C + c;
    float m = -FLT_MAX;
    for (int i = 0; i < KH; ++i) {
      for (int j = 0; j < KW; ++j) m = fmaxf(m, base[((long long)i * W + j) * C]);
    }
    y[idx] = m;
  }
}
