// xpiler-suite: {"operator": "concat", "model": "cuda", "entry": "default_function_kernel", "args": ["out", "x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused ax0_ax1 with select, bounded grid, constant sizes", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 8, "n1": 4096, "n2": 4096}, "launch": {"grid": [64, 1, 1], "block": [1024, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(1024) default_function_kernel(float* __restrict__ T_concat, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  T_concat[((((int)blockIdx.x) * 1024) + ((int)threadIdx.x))] = ((4096 <= (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 8192)) ? placeholder_1[((((((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) / 8192) * 4096) + (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 8192)) - 4096)] : placeholder[(((((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) / 8192) * 4096) + (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 8192))]);
}
