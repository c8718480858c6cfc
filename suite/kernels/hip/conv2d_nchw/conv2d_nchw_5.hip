// xpiler-suite: {"operator": "conv2d_nchw", "model": "hip", "entry": "default_function_kernel", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM): direct conv, shared weight cache, rfactor'ed local accumulators, constant sizes", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 3, "h": 19, "w": 23, "c": 7, "f": 9, "kh": 3, "kw": 2, "stride": 2}, "launch": {"grid": [5, 3, 1], "block": [64, 1, 1]}, "tolerance": {"y": [0.0001, 6.48074069840786e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(64) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ compute) {
  float compute_local[3];
  __shared__ float placeholder_shared[126];
  for (int ff_c_init = 0; ff_c_init < 3; ++ff_c_init) {
    compute_local[ff_c_init] = 0.000000e+00f;
  }
  __syncthreads();
  for (int ax0_ax1_fused_ax2_fused_ax3_fused_outer = 0; ax0_ax1_fused_ax2_fused_ax3_fused_outer < 2; ++ax0_ax1_fused_ax2_fused_ax3_fused_outer) {
    if (((ax0_ax1_fused_ax2_fused_ax3_fused_outer * 64) + ((int)threadIdx.x)) < 126) {
      placeholder_shared[((ax0_ax1_fused_ax2_fused_ax3_fused_outer * 64) + ((int)threadIdx.x))] = placeholder_1[(((((int)blockIdx.y) * 126) + ((((ax0_ax1_fused_ax2_fused_ax3_fused_outer * 64) + ((int)threadIdx.x)) / 42) * 42)) + (((ax0_ax1_fused_ax2_fused_ax3_fused_outer * 64) + ((int)threadIdx.x)) % 42))];
    }
  }
  __syncthreads();
  if (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) < 297) {
    for (int rc_inner = 0; rc_inner < 7; ++rc_inner) {
      for (int ry = 0; ry < 3; ++ry) {
        for (int rx = 0; rx < 2; ++rx) {
          for (int ff_c = 0; ff_c < 3; ++ff_c) {
            compute_local[ff_c] = (compute_local[ff_c] + (placeholder[(((((((((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) / 99) * 3059) + (rc_inner * 437)) + (((((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) % 99) / 11) * 46)) + (ry * 23)) + ((((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) % 11) * 2)) + rx)] * placeholder_shared[((((ff_c * 42) + (rc_inner * 6)) + (ry * 2)) + rx)]));
          }
        }
      }
    }
  }
  if (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) < 297) {
    for (int ff_inner = 0; ff_inner < 3; ++ff_inner) {
      compute[(((((((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) / 99) * 891) + (((int)blockIdx.y) * 297)) + (ff_inner * 99)) + (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) % 99))] = compute_local[ff_inner];
    }
  }
}
