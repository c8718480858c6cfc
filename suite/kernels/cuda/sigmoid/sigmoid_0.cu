// xpiler-suite: {"operator": "sigmoid", "model": "cuda", "entry": "default_function_kernel", "args": ["out", "x"], "dtypes": {}, "style": "compiler-generated (TVM): one element per thread, constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1}, "launch": {"grid": [1, 1, 1], "block": [1, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(1) default_function_kernel(float* __restrict__ compute, float* __restrict__ placeholder) {
  compute[((int)threadIdx.x)] = (1.000000e+00f / (1.000000e+00f + __expf((0.000000e+00f - placeholder[((int)threadIdx.x)]))));
}
