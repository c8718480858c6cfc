// xpiler-suite: {"operator": "relu", "model": "hip", "entry": "default_function_kernel", "args": ["out", "x"], "dtypes": {}, "style": "compiler-generated (TVM): fused loop, constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 4096}, "launch": {"grid": [16, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ T_relu, float* __restrict__ placeholder) {
  T_relu[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = max(placeholder[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))], 0.000000e+00f);
}
