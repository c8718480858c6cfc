// xpiler-suite: {"operator": "reduce_sum", "model": "cuda", "entry": "reduce_sum_rows", "args": ["x", "out", "m", "n"], "dtypes": {}, "style": "hand-written: block reduction (warp shuffle + shared partials), grid-stride rows", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 2.645751311064591e-05]}}, {"shape": {"m": 32, "n": 1000}, "launch": {"grid": [32, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 128, "n": 768}, "launch": {"grid": [128, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 64, "n": 4096}, "launch": {"grid": [64, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.00064]}}, {"shape": {"m": 3, "n": 50257}, "launch": {"grid": [3, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.002241807306616695]}}, {"shape": {"m": 257, "n": 129}, "launch": {"grid": [257, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.00011357816691600547]}}]}
#include <cuda_runtime.h>

__device__ __forceinline__ float warp_reduce_sum(float v) {
#pragma unroll
  for (int offset = warpSize / 2; offset > 0; offset >>= 1)
    v += __shfl_down_sync(0xffffffffu, v, offset);
  return v;
}

// Sum of all blockDim.x values; the result is valid in thread 0. Re-entrant: the trailing barrier
// protects `partials` from the next call.
__device__ __forceinline__ float block_reduce_sum(float v) {
  __shared__ float partials[32];
  const int lane = threadIdx.x & (warpSize - 1);
  const int warp = threadIdx.x / warpSize;
  v = warp_reduce_sum(v);
  if (lane == 0) partials[warp] = v;
  __syncthreads();
  if (warp == 0) {
    v = lane < (blockDim.x + warpSize - 1) / warpSize ? partials[lane] : 0.0f;
    v = warp_reduce_sum(v);
  }
  __syncthreads();
  return v;
}

__global__ void __launch_bounds__(256) reduce_sum_rows(const float* __restrict__ x, float* __restrict__ out, int m, int n) {
  for (int row = blockIdx.x; row < m; row += gridDim.x) {
    const float* __restrict__ xr = x + static_cast<size_t>(row) * n;
    float acc = 0.0f;
    for (int j = threadIdx.x; j < n; j += blockDim.x) acc += xr[j];
    acc = block_reduce_sum(acc);
    if (threadIdx.x == 0) out[row] = acc;
  }
}
