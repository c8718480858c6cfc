// xpiler-suite: {"operator": "depthwise_conv2d", "model": "cuda", "entry": "default_function_kernel", "args": ["y", "x", "weight"], "dtypes": {}, "style": "compiler-generated (TVM): fused output axis, local accumulator, constant-folded indices", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 7, "w": 7, "c": 960, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [94, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ DepthwiseConv2d, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  float DepthwiseConv2d_local[1];
  if (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) < 24000) {
    DepthwiseConv2d_local[0] = 0.000000e+00f;
    for (int di = 0; di < 3; ++di) {
      for (int dj = 0; dj < 3; ++dj) {
        DepthwiseConv2d_local[0] = (DepthwiseConv2d_local[0] + (placeholder[((((((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) / 4800) * 6720) + (di * 6720)) + (((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 4800) / 960) * 960)) + (dj * 960)) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 960))] * placeholder_1[(((di * 2880) + (dj * 960)) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 960))]));
      }
    }
    DepthwiseConv2d[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = DepthwiseConv2d_local[0];
  }
}
