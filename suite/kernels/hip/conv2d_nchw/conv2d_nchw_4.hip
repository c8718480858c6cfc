// xpiler-suite: {"operator": "conv2d_nchw", "model": "hip", "entry": "default_function_kernel", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM): direct conv, shared weight cache, rfactor'ed local accumulators, constant sizes", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 32, "w": 32, "c": 3, "f": 16, "kh": 5, "kw": 5, "stride": 1}, "launch": {"grid": [13, 2, 1], "block": [64, 1, 1]}, "tolerance": {"y": [0.0001, 8.660254037844388e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(64) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ compute) {
  float compute_local[8];
  __shared__ float placeholder_shared[600];
  for (int ff_c_init = 0; ff_c_init < 8; ++ff_c_init) {
    compute_local[ff_c_init] = 0.000000e+00f;
  }
  __syncthreads();
  for (int ax0_ax1_fused_ax2_fused_ax3_fused_outer = 0; ax0_ax1_fused_ax2_fused_ax3_fused_outer < 10; ++ax0_ax1_fused_ax2_fused_ax3_fused_outer) {
    if (((ax0_ax1_fused_ax2_fused_ax3_fused_outer * 64) + ((int)threadIdx.x)) < 600) {
      placeholder_shared[((ax0_ax1_fused_ax2_fused_ax3_fused_outer * 64) + ((int)threadIdx.x))] = placeholder_1[(((((int)blockIdx.y) * 600) + ((((ax0_ax1_fused_ax2_fused_ax3_fused_outer * 64) + ((int)threadIdx.x)) / 75) * 75)) + (((ax0_ax1_fused_ax2_fused_ax3_fused_outer * 64) + ((int)threadIdx.x)) % 75))];
    }
  }
  __syncthreads();
  if (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) < 784) {
    for (int rc_inner = 0; rc_inner < 3; ++rc_inner) {
      for (int ry = 0; ry < 5; ++ry) {
        for (int rx = 0; rx < 5; ++rx) {
          for (int ff_c = 0; ff_c < 8; ++ff_c) {
            compute_local[ff_c] = (compute_local[ff_c] + (placeholder[(((((rc_inner * 1024) + ((((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) / 28) * 32)) + (ry * 32)) + (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) % 28)) + rx)] * placeholder_shared[((((ff_c * 75) + (rc_inner * 25)) + (ry * 5)) + rx)]));
          }
        }
      }
    }
  }
  if (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) < 784) {
    for (int ff_inner = 0; ff_inner < 8; ++ff_inner) {
      compute[(((((int)blockIdx.y) * 6272) + (ff_inner * 784)) + ((((int)blockIdx.x) * 64) + ((int)threadIdx.x)))] = compute_local[ff_inner];
    }
  }
}
