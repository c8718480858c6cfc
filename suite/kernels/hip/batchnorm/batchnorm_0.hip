// xpiler-suite: {"operator": "batchnorm", "model": "hip", "entry": "default_function_kernel", "args": ["y", "x", "mean", "var", "gamma", "beta"], "dtypes": {}, "style": "compiler-generated (TVM): fused injective chain, constant modulo, constant sizes", "parametric": false, "inputs": {"x": "normal", "mean": "normal", "var": "positive", "gamma": "normal", "beta": "normal"}, "cases": [{"shape": {"m": 1, "n": 3}, "launch": {"grid": [1, 1, 1], "block": [3, 1, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(3) default_function_kernel(float* __restrict__ T_add, float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ placeholder_2, float* __restrict__ placeholder_3, float* __restrict__ placeholder_4) {
  T_add[((int)threadIdx.x)] = ((((placeholder[((int)threadIdx.x)] - placeholder_1[((int)threadIdx.x)]) / sqrtf((placeholder_2[((int)threadIdx.x)] + 1.000000e-05f))) * placeholder_3[((int)threadIdx.x)]) + placeholder_4[((int)threadIdx.x)]);
}
