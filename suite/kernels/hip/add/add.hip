// xpiler-suite: {"operator": "add", "model": "hip", "entry": "vector_add", "args": ["x", "y", "out", "n"], "dtypes": {}, "style": "hand-written: grid-stride loop", "parametric": true, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"n": 1}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1000}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 4096}, "launch": {"grid": [16, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 50257}, "launch": {"grid": [197, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 65553}, "launch": {"grid": [257, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1048576}, "launch": {"grid": [512, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

// out[i] = x[i] + y[i]. The grid is capped (a few waves per CU), and each thread strides over
// the whole range, so any n is covered without a grid of n / 256 blocks.
__global__ void __launch_bounds__(256) vector_add(const float* __restrict__ x, const float* __restrict__ y,
                                                  float* __restrict__ out, int n) {
  const int stride = gridDim.x * blockDim.x;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
    out[i] = x[i] + y[i];
  }
}
