// xpiler-suite: {"operator": "depthwise_conv2d", "model": "cuda", "entry": "default_function_kernel", "args": ["y", "x", "weight"], "dtypes": {}, "style": "compiler-generated (TVM): fused output axis, local accumulator, constant-folded indices", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 3, "h": 15, "w": 17, "c": 5, "kh": 2, "kw": 3, "stride": 2}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2.449489742783178e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ DepthwiseConv2d, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  float DepthwiseConv2d_local[1];
  if (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) < 840) {
    DepthwiseConv2d_local[0] = 0.000000e+00f;
    for (int di = 0; di < 2; ++di) {
      for (int dj = 0; dj < 3; ++dj) {
        DepthwiseConv2d_local[0] = (DepthwiseConv2d_local[0] + (placeholder[(((((((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) / 280) * 1275) + (((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 280) / 40) * 170)) + (di * 85)) + (((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 40) / 5) * 10)) + (dj * 5)) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 5))] * placeholder_1[(((di * 15) + (dj * 5)) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 5))]));
      }
    }
    DepthwiseConv2d[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = DepthwiseConv2d_local[0];
  }
}
