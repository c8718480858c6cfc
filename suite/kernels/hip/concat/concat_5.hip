// xpiler-suite: {"operator": "concat", "model": "hip", "entry": "default_function_kernel", "args": ["out", "x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused axis, select on a constant split, constant sizes", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 8, "n1": 4096, "n2": 4096}, "launch": {"grid": [256, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ T_concat, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  T_concat[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = ((4096 <= (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 8192)) ? placeholder_1[((((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) / 8192) * 4096) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 8192)) - 4096)] : placeholder[(((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) / 8192) * 4096) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 8192))]);
}
