// xpiler-suite: {"operator": "sub", "model": "hip", "entry": "default_function_kernel", "args": ["out", "x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused loop, constant sizes", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"n": 1}, "launch": {"grid": [1, 1, 1], "block": [1, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(1) default_function_kernel(float* __restrict__ T_subtract, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  T_subtract[((int)threadIdx.x)] = (placeholder[((int)threadIdx.x)] - placeholder_1[((int)threadIdx.x)]);
}
