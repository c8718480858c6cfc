// xpiler-suite: {"operator": "batchnorm", "model": "hip", "entry": "default_function_kernel", "args": ["y", "x", "mean", "var", "gamma", "beta"], "dtypes": {}, "style": "compiler-generated (TVM): fused injective chain, constant modulo, constant sizes", "parametric": false, "inputs": {"x": "normal", "mean": "normal", "var": "positive", "gamma": "normal", "beta": "normal"}, "cases": [{"shape": {"m": 1000, "n": 33}, "launch": {"grid": [129, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ T_add, float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ placeholder_2, float* __restrict__ placeholder_3, float* __restrict__ placeholder_4) {
  if (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) < 33000) {
    T_add[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = ((((placeholder[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] - placeholder_1[(((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 33)]) / sqrtf((placeholder_2[(((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 33)] + 1.000000e-05f))) * placeholder_3[(((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 33)]) + placeholder_4[(((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 33)]);
  }
}
