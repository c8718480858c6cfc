// xpiler-suite: {"operator": "conv2d_nchw", "model": "hip", "entry": "default_function_kernel", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM): direct conv, shared weight cache, rfactor'ed local accumulators, constant sizes", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 56, "w": 56, "c": 64, "f": 64, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [46, 8, 1], "block": [64, 1, 1]}, "tolerance": {"y": [0.0001, 0.00024000000000000003]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(64) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ compute) {
  float compute_local[8];
  __shared__ float placeholder_shared[576];
  for (int ff_c_init = 0; ff_c_init < 8; ++ff_c_init) {
    compute_local[ff_c_init] = 0.000000e+00f;
  }
  for (int rc_outer = 0; rc_outer < 8; ++rc_outer) {
    __syncthreads();
    for (int ax0_ax1_fused_ax2_fused_ax3_fused_outer = 0; ax0_ax1_fused_ax2_fused_ax3_fused_outer < 9; ++ax0_ax1_fused_ax2_fused_ax3_fused_outer) {
      placeholder_shared[((ax0_ax1_fused_ax2_fused_ax3_fused_outer * 64) + ((int)threadIdx.x))] = placeholder_1[((((((int)blockIdx.y) * 4608) + ((((ax0_ax1_fused_ax2_fused_ax3_fused_outer * 64) + ((int)threadIdx.x)) / 72) * 576)) + (rc_outer * 72)) + (((ax0_ax1_fused_ax2_fused_ax3_fused_outer * 64) + ((int)threadIdx.x)) % 72))];
    }
    __syncthreads();
    if (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) < 2916) {
      for (int rc_inner = 0; rc_inner < 8; ++rc_inner) {
        for (int ry = 0; ry < 3; ++ry) {
          for (int rx = 0; rx < 3; ++rx) {
            for (int ff_c = 0; ff_c < 8; ++ff_c) {
              compute_local[ff_c] = (compute_local[ff_c] + (placeholder[((((((rc_outer * 25088) + (rc_inner * 3136)) + ((((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) / 54) * 56)) + (ry * 56)) + (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) % 54)) + rx)] * placeholder_shared[((((ff_c * 72) + (rc_inner * 9)) + (ry * 3)) + rx)]));
            }
          }
        }
      }
    }
  }
  if (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) < 2916) {
    for (int ff_inner = 0; ff_inner < 8; ++ff_inner) {
      compute[(((((int)blockIdx.y) * 23328) + (ff_inner * 2916)) + ((((int)blockIdx.x) * 64) + ((int)threadIdx.x)))] = compute_local[ff_inner];
    }
  }
}
