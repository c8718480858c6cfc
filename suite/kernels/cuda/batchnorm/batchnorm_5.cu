// xpiler-suite: {"operator": "batchnorm", "model": "cuda", "entry": "default_function_kernel", "args": ["y", "x", "mean", "var", "gamma", "beta"], "dtypes": {}, "style": "compiler-generated (TVM): fused inference batchnorm over ax0_ax1_fused, constant sizes", "parametric": false, "inputs": {"x": "normal", "mean": "normal", "var": "positive", "gamma": "normal", "beta": "normal"}, "cases": [{"shape": {"m": 196, "n": 1024}, "launch": {"grid": [64, 1, 1], "block": [1024, 1, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(1024) default_function_kernel(float* __restrict__ T_add, float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ placeholder_2, float* __restrict__ placeholder_3, float* __restrict__ placeholder_4) {
  for (int ax0_ax1_fused_outer = 0; ax0_ax1_fused_outer < 4; ++ax0_ax1_fused_outer) {
    if ((((ax0_ax1_fused_outer * 65536) + (((int)blockIdx.x) * 1024)) + ((int)threadIdx.x)) < 200704) {
      T_add[(((ax0_ax1_fused_outer * 65536) + (((int)blockIdx.x) * 1024)) + ((int)threadIdx.x))] = (((placeholder[(((ax0_ax1_fused_outer * 65536) + (((int)blockIdx.x) * 1024)) + ((int)threadIdx.x))] - placeholder_1[((((ax0_ax1_fused_outer * 65536) + (((int)blockIdx.x) * 1024)) + ((int)threadIdx.x)) % 1024)]) * (placeholder_3[((((ax0_ax1_fused_outer * 65536) + (((int)blockIdx.x) * 1024)) + ((int)threadIdx.x)) % 1024)] / sqrtf((placeholder_2[((((ax0_ax1_fused_outer * 65536) + (((int)blockIdx.x) * 1024)) + ((int)threadIdx.x)) % 1024)] + 1.000000e-05f)))) + placeholder_4[((((ax0_ax1_fused_outer * 65536) + (((int)blockIdx.x) * 1024)) + ((int)threadIdx.x)) % 1024)]);
    }
  }
}
