// xpiler-suite: {"operator": "conv2d_nchw", "model": "hip", "entry": "default_function_kernel", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM): direct conv, shared weight cache, rfactor'ed local accumulators, constant sizes", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 5, "w": 5, "c": 1, "f": 1, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [1, 1, 1], "block": [9, 1, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(9) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ compute) {
  float compute_local[1];
  __shared__ float placeholder_shared[9];
  compute_local[0] = 0.000000e+00f;
  __syncthreads();
  placeholder_shared[((int)threadIdx.x)] = placeholder_1[((int)threadIdx.x)];
  __syncthreads();
  for (int ry = 0; ry < 3; ++ry) {
    for (int rx = 0; rx < 3; ++rx) {
      compute_local[0] = (compute_local[0] + (placeholder[(((((((int)threadIdx.x) / 3) * 5) + (ry * 5)) + (((int)threadIdx.x) % 3)) + rx)] * placeholder_shared[((ry * 3) + rx)]));
    }
  }
  compute[((int)threadIdx.x)] = compute_local[0];
}
