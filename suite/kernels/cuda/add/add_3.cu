// xpiler-suite: {"operator": "add", "model": "cuda", "shape": {"n": 50257}, "entry": "add_kernel", "args": ["x", "y", "out", "n"], "dtypes": {}, "launch": {"grid": [197, 1, 1], "block": [256, 1, 1]}, "style": "grid-stride loop", "parametric": true, "inputs": {"x": "normal", "y": "normal"}, "tolerance": {"out": [0.0001, 1e-05]}}
#include <cuda_runtime.h>

// out[i] = x[i] + y[i]; a grid-stride loop covers any n with a bounded grid.
__global__ void add_kernel(const float* __restrict__ x, const float* __restrict__ y, float* __restrict__ out, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    out[i] = x[i] + y[i];
  }
}
