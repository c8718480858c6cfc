// xpiler-suite: {"operator": "concat", "model": "hip", "entry": "default_function_kernel", "args": ["out", "x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused axis, select on a constant split, constant sizes", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 1, "n1": 1, "n2": 1}, "launch": {"grid": [1, 1, 1], "block": [2, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(2) default_function_kernel(float* __restrict__ T_concat, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  T_concat[((int)threadIdx.x)] = ((1 <= ((int)threadIdx.x)) ? placeholder_1[(((int)threadIdx.x) - 1)] : placeholder[((int)threadIdx.x)]);
}
