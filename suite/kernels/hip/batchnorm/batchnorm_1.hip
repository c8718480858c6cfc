// xpiler-suite: {"operator": "batchnorm", "model": "hip", "entry": "default_function_kernel", "args": ["y", "x", "mean", "var", "gamma", "beta"], "dtypes": {}, "style": "compiler-generated (TVM): fused injective chain, constant modulo, constant sizes", "parametric": false, "inputs": {"x": "normal", "mean": "normal", "var": "positive", "gamma": "normal", "beta": "normal"}, "cases": [{"shape": {"m": 3136, "n": 64}, "launch": {"grid": [512, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ T_add, float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ placeholder_2, float* __restrict__ placeholder_3, float* __restrict__ placeholder_4) {
  for (int i0_i1_fused_outer = 0; i0_i1_fused_outer < 2; ++i0_i1_fused_outer) {
    if (((((i0_i1_fused_outer * 512) + ((int)blockIdx.x)) * 256) + ((int)threadIdx.x)) < 200704) {
      T_add[(((i0_i1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x))] = ((((placeholder[(((i0_i1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x))] - placeholder_1[((((i0_i1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x)) % 64)]) / sqrtf((placeholder_2[((((i0_i1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x)) % 64)] + 1.000000e-05f))) * placeholder_3[((((i0_i1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x)) % 64)]) + placeholder_4[((((i0_i1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x)) % 64)]);
    }
  }
}
