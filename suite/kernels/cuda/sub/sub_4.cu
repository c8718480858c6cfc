// xpiler-suite: {"operator": "sub", "model": "cuda", "entry": "default_function_kernel", "args": ["out", "x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused ax0 split outer/block/thread, constant sizes", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"n": 65553}, "launch": {"grid": [65, 1, 1], "block": [1024, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(1024) default_function_kernel(float* __restrict__ T_subtract, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  if (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) < 65553) {
    T_subtract[((((int)blockIdx.x) * 1024) + ((int)threadIdx.x))] = (placeholder[((((int)blockIdx.x) * 1024) + ((int)threadIdx.x))] - placeholder_1[((((int)blockIdx.x) * 1024) + ((int)threadIdx.x))]);
  }
}
