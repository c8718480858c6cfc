// xpiler-suite: {"operator": "sin", "model": "hip", "entry": "default_function_kernel", "args": ["out", "x"], "dtypes": {}, "style": "compiler-generated (TVM): fused loop, fast-math intrinsic, constant sizes", "parametric": false, "inputs": {"x": "uniform:-3.14159:3.14159"}, "cases": [{"shape": {"n": 1000}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ T_sin, float* __restrict__ placeholder) {
  if (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) < 1000) {
    T_sin[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = __sinf(placeholder[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))]);
  }
}
