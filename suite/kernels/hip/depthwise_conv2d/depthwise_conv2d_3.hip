// xpiler-suite: {"operator": "depthwise_conv2d", "model": "hip", "entry": "depthwise_conv2d_nhwc<2, 3, 2>", "args": ["x", "weight", "y", "n", "h", "w", "c"], "dtypes": {}, "style": "hand-written: template window/stride, runtime sizes, grid-stride loop, channel-fastest", "parametric": true, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 3, "h": 15, "w": 17, "c": 5, "kh": 2, "kw": 3, "stride": 2}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2.449489742783178e-05]}}]}
#include <hip/hip_runtime.h>

template <int KH, int KW, int STRIDE>
__global__ void __launch_bounds__(256) depthwise_conv2d_nhwc(const float* __restrict__ x, const float* __restrict__ w,
                                                             float* __restrict__ y, int N, int H, int W, int C) {
  const int Ho = (H - KH) / STRIDE + 1;
  const int Wo = (W - KW) / STRIDE + 1;
  const int total = N * Ho * Wo * C;
  for (int idx = blockIdx.x * blockDim.x + threadIdx.x; idx < total; idx += gridDim.x * blockDim.x) {
    const int c = idx % C;
    int t = idx / C;
    const int wo = t % Wo;
    t /= Wo;
    const int ho = t % Ho;
    const int n = t / Ho;
    const float* __restrict__ xp = x + (((size_t)n * H + ho * STRIDE) * W + wo * STRIDE) * C + c;
    float acc = 0.0f;
#pragma unroll
    for (int i = 0; i < KH; ++i) {
#pragma unroll
      for (int j = 0; j < KW; ++j) acc = fmaf(xp[((size_t)i * W + j) * C], w[(i * KW + j) * C + c], acc);
    }
    y[idx] = acc;
  }
}

template __global__ void depthwise_conv2d_nhwc<2, 3, 2>(const float* __restrict__, const float* __restrict__,
                                                          float* __restrict__, int, int, int, int);
