// xpiler-suite: {"operator": "minpool", "model": "cuda", "entry": "minpool2d_nhwc_2d", "args": ["x", "y", "h", "w", "c", "kh", "kw", "stride"], "dtypes": {}, "style": "hand-written: 2-D thread blocks (channels x output columns), 3-D grid", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 4, "w": 4, "c": 1, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [1, 1, 2], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "h": 112, "w": 112, "c": 64, "kh": 3, "kw": 3, "stride": 2}, "launch": {"grid": [2, 7, 55], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 2, "h": 56, "w": 56, "c": 32, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [1, 4, 56], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "h": 14, "w": 14, "c": 512, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [16, 1, 7], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 3, "h": 17, "w": 23, "c": 13, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [1, 3, 45], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 1, "h": 7, "w": 7, "c": 1024, "kh": 7, "kw": 7, "stride": 1}, "launch": {"grid": [32, 1, 1], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 7.000000000000001e-05]}}]}
#include <cuda_runtime.h>
#include <math_constants.h>

__global__ void __launch_bounds__(256) minpool2d_nhwc_2d(const float* __restrict__ in, float* __restrict__ out, int H, int W, int C,
                                                         int kernel_h, int kernel_w, int stride) {
  const int out_h = (H - kernel_h) / stride + 1;
  const int out_w = (W - kernel_w) / stride + 1;
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  const int ow = blockIdx.y * blockDim.y + threadIdx.y;
  const int n = blockIdx.z / out_h;
  const int oh = blockIdx.z % out_h;
  if (c >= C || ow >= out_w) return;

  const float* __restrict__ window = in + ((size_t)(n * H + oh * stride) * W + ow * stride) * C + c;
  float v = CUDART_INF_F;
  for (int i = 0; i < kernel_h; ++i) {
    const float* __restrict__ r = window + (size_t)i * W * C;
    for (int j = 0; j < kernel_w; ++j) v = fminf(v, r[j * C]);
  }
  out[((size_t)(n * out_h + oh) * out_w + ow) * C + c] = v;
}
