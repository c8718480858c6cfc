// xpiler-suite: {"operator": "concat", "model": "hip", "entry": "default_function_kernel", "args": ["out", "x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused axis, select on a constant split, constant sizes", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 64, "n1": 256, "n2": 128}, "launch": {"grid": [96, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ T_concat, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  T_concat[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = ((256 <= (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 384)) ? placeholder_1[((((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) / 384) * 128) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 384)) - 256)] : placeholder[(((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) / 384) * 256) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 384))]);
}
