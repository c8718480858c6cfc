// xpiler-suite: {"operator": "concat", "model": "cuda", "entry": "default_function_kernel", "args": ["out", "x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused ax0_ax1 with select, bounded grid, constant sizes", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 64, "n1": 256, "n2": 128}, "launch": {"grid": [24, 1, 1], "block": [1024, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(1024) default_function_kernel(float* __restrict__ T_concat, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  T_concat[((((int)blockIdx.x) * 1024) + ((int)threadIdx.x))] = ((256 <= (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 384)) ? placeholder_1[((((((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) / 384) * 128) + (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 384)) - 256)] : placeholder[(((((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) / 384) * 256) + (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 384))]);
}
