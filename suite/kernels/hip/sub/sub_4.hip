// xpiler-suite: {"operator": "sub", "model": "hip", "entry": "default_function_kernel", "args": ["out", "x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused loop, constant sizes", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"n": 65553}, "launch": {"grid": [256, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ T_subtract, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  for (int ax0_fused_outer = 0; ax0_fused_outer < 2; ++ax0_fused_outer) {
    if (((((ax0_fused_outer * 256) + ((int)blockIdx.x)) * 256) + ((int)threadIdx.x)) < 65553) {
      T_subtract[(((ax0_fused_outer * 65536) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x))] = (placeholder[(((ax0_fused_outer * 65536) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x))] - placeholder_1[(((ax0_fused_outer * 65536) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x))]);
    }
  }
}
