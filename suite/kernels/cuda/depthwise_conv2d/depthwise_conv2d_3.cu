// xpiler-suite: {"operator": "depthwise_conv2d", "model": "cuda", "entry": "default_function_kernel", "args": ["y", "x", "weight"], "dtypes": {}, "style": "compiler-generated (TVM): fused output axis, local accumulator, constant-folded indices", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 14, "w": 14, "c": 576, "kh": 5, "kw": 5, "stride": 1}, "launch": {"grid": [225, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 5e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ DepthwiseConv2d, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  float DepthwiseConv2d_local[1];
  DepthwiseConv2d_local[0] = 0.000000e+00f;
  for (int di = 0; di < 5; ++di) {
    for (int dj = 0; dj < 5; ++dj) {
      DepthwiseConv2d_local[0] = (DepthwiseConv2d_local[0] + (placeholder[((((((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) / 5760) * 8064) + (di * 8064)) + (((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 5760) / 576) * 576)) + (dj * 576)) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 576))] * placeholder_1[(((di * 2880) + (dj * 576)) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 576))]));
    }
  }
  DepthwiseConv2d[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = DepthwiseConv2d_local[0];
}
