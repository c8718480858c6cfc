// xpiler-suite: {"operator": "concat", "model": "hip", "entry": "default_function_kernel", "args": ["out", "x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused axis, select on a constant split, constant sizes", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 128, "n1": 768, "n2": 768}, "launch": {"grid": [512, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ T_concat, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  for (int ax0_ax1_fused_outer = 0; ax0_ax1_fused_outer < 2; ++ax0_ax1_fused_outer) {
    if (((((ax0_ax1_fused_outer * 512) + ((int)blockIdx.x)) * 256) + ((int)threadIdx.x)) < 196608) {
      T_concat[(((ax0_ax1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x))] = ((768 <= ((((ax0_ax1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x)) % 1536)) ? placeholder_1[(((((((ax0_ax1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x)) / 1536) * 768) + ((((ax0_ax1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x)) % 1536)) - 768)] : placeholder[((((((ax0_ax1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x)) / 1536) * 768) + ((((ax0_ax1_fused_outer * 131072) + (((int)blockIdx.x) * 256)) + ((int)threadIdx.x)) % 1536))]);
    }
  }
}
