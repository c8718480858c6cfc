// xpiler-suite: {"operator": "conv2d_nchw", "model": "hip", "entry": "default_function_kernel", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM): direct conv, shared weight cache, rfactor'ed local accumulators, constant sizes", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 14, "w": 14, "c": 256, "f": 256, "kh": 1, "kw": 1, "stride": 1}, "launch": {"grid": [4, 32, 1], "block": [64, 1, 1]}, "tolerance": {"y": [0.0001, 0.00016]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(64) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ compute) {
  float compute_local[8];
  __shared__ float placeholder_shared[64];
  for (int ff_c_init = 0; ff_c_init < 8; ++ff_c_init) {
    compute_local[ff_c_init] = 0.000000e+00f;
  }
  for (int rc_outer = 0; rc_outer < 32; ++rc_outer) {
    __syncthreads();
    placeholder_shared[((int)threadIdx.x)] = placeholder_1[((((((int)blockIdx.y) * 2048) + ((((int)threadIdx.x) / 8) * 256)) + (rc_outer * 8)) + (((int)threadIdx.x) % 8))];
    __syncthreads();
    if (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) < 196) {
      for (int rc_inner = 0; rc_inner < 8; ++rc_inner) {
        for (int ff_c = 0; ff_c < 8; ++ff_c) {
          compute_local[ff_c] = (compute_local[ff_c] + (placeholder[((((rc_outer * 1568) + (rc_inner * 196)) + ((((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) / 14) * 14)) + (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) % 14))] * placeholder_shared[((ff_c * 8) + rc_inner)]));
        }
      }
    }
  }
  if (((((int)blockIdx.x) * 64) + ((int)threadIdx.x)) < 196) {
    for (int ff_inner = 0; ff_inner < 8; ++ff_inner) {
      compute[(((((int)blockIdx.y) * 1568) + (ff_inner * 196)) + ((((int)blockIdx.x) * 64) + ((int)threadIdx.x)))] = compute_local[ff_inner];
    }
  }
}
