// xpiler-suite: {"operator": "concat", "model": "hip", "entry": "default_function_kernel", "args": ["out", "x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused axis, select on a constant split, constant sizes", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 1000, "n1": 3, "n2": 5}, "launch": {"grid": [32, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ T_concat, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  if (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) < 8000) {
    T_concat[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = ((3 <= (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 8)) ? placeholder_1[((((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) / 8) * 5) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 8)) - 3)] : placeholder[(((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) / 8) * 3) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 8))]);
  }
}
