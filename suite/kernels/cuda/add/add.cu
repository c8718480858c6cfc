// xpiler-suite: {"operator": "add", "model": "cuda", "entry": "add_kernel", "args": ["x", "y", "out", "n"], "dtypes": {}, "style": "grid-stride loop", "parametric": true, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"n": 1}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1000}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 4096}, "launch": {"grid": [16, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 50257}, "launch": {"grid": [197, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 65553}, "launch": {"grid": [257, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1048576}, "launch": {"grid": [1024, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

// out[i] = x[i] + y[i]; a grid-stride loop covers any n with a bounded grid.
__global__ void add_kernel(const float* __restrict__ x, const float* __restrict__ y, float* __restrict__ out, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    out[i] = x[i] + y[i];
  }
}
