// xpiler-suite: {"operator": "minpool", "model": "hip", "entry": "minpool2d_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"], "dtypes": {}, "style": "hand-written: 3-D launch mapping (channel slab x output column x output row)", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 4, "w": 4, "c": 1, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [1, 2, 1], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "h": 112, "w": 112, "c": 64, "kh": 3, "kw": 3, "stride": 2}, "launch": {"grid": [14, 55, 1], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 2, "h": 56, "w": 56, "c": 32, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [7, 28, 2], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "h": 14, "w": 14, "c": 512, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [2, 7, 8], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 3, "h": 17, "w": 23, "c": 13, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [6, 15, 3], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 1, "h": 7, "w": 7, "c": 1024, "kh": 7, "kw": 7, "stride": 1}, "launch": {"grid": [1, 1, 16], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 7.000000000000001e-05]}}]}
#include <hip/hip_runtime.h>
#include <float.h>

__global__ void __launch_bounds__(256) minpool2d_nhwc(const float* __restrict__ x, float* __restrict__ y,
                                                      int N, int H, int W, int C, int KH, int KW, int stride) {
  const int Ho = (H - KH) / stride + 1;
  const int Wo = (W - KW) / stride + 1;
  const int slabs = (C + 63) / 64;
  const int c = (blockIdx.z % slabs) * 64 + threadIdx.x;
  const int n = blockIdx.z / slabs;
  const int oh = blockIdx.y;
  const int ow = blockIdx.x * blockDim.y + threadIdx.y;
  if (c >= C || ow >= Wo) return;
  const float* __restrict__ xw = x + (((size_t)n * H + oh * stride) * W + ow * stride) * C + c;
  float v = FLT_MAX;
  for (int i = 0; i < KH; ++i) {
    const float* __restrict__ xr = xw + (size_t)i * W * C;
    for (int j = 0; j < KW; ++j) v = fminf(v, xr[j * C]);
  }
  y[(((size_t)n * Ho + oh) * Wo + ow) * C + c] = v;
}
