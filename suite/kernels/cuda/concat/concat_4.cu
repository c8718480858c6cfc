// xpiler-suite: {"operator": "concat", "model": "cuda", "entry": "default_function_kernel", "args": ["out", "x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused ax0_ax1 with select, bounded grid, constant sizes", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 33, "n1": 100, "n2": 1}, "launch": {"grid": [4, 1, 1], "block": [1024, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(1024) default_function_kernel(float* __restrict__ T_concat, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {
  if (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) < 3333) {
    T_concat[((((int)blockIdx.x) * 1024) + ((int)threadIdx.x))] = ((100 <= (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 101)) ? placeholder_1[(((((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) / 101) + (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 101)) - 100)] : placeholder[(((((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) / 101) * 100) + (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 101))]);
  }
}
