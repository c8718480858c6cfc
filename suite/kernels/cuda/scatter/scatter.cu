// xpiler-suite: {"operator": "scatter", "model": "cuda", "entry": "scatter_rows", "args": ["src", "idx", "out", "m", "d"], "dtypes": {"idx": "int32"}, "style": "hand-written: flat grid-stride loop", "parametric": true, "inputs": {"src": "normal", "idx": "unique_index:v", "out": "normal"}, "cases": [{"shape": {"v": 4, "d": 1, "m": 2}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 4096, "d": 64, "m": 512}, "launch": {"grid": [128, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 1000, "d": 128, "m": 1000}, "launch": {"grid": [500, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 32000, "d": 16, "m": 64}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 97, "d": 33, "m": 50}, "launch": {"grid": [7, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 512, "d": 768, "m": 7}, "launch": {"grid": [21, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

__global__ void scatter_rows(const float* __restrict__ src, const int* __restrict__ idx, float* __restrict__ out, int m, int d) {
  const int total = m * d;
  for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < total; e += blockDim.x * gridDim.x) {
    const int i = e / d;
    const int j = e - i * d;
    out[(size_t)idx[i] * d + j] = src[e];
  }
}
