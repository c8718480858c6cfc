// xpiler-suite: {"operator": "reduce_sum", "model": "hip", "entry": "row_sum", "args": ["x", "out", "m", "n"], "dtypes": {}, "style": "hand-written: block reduction (wave64 __shfl_down + LDS partials), grid-stride rows", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 2.645751311064591e-05]}}, {"shape": {"m": 32, "n": 1000}, "launch": {"grid": [32, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 128, "n": 768}, "launch": {"grid": [128, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 64, "n": 4096}, "launch": {"grid": [64, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.00064]}}, {"shape": {"m": 3, "n": 50257}, "launch": {"grid": [3, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.002241807306616695]}}, {"shape": {"m": 257, "n": 129}, "launch": {"grid": [257, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.00011357816691600547]}}]}
#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
constexpr int kWaves = kBlock / 64;   // CDNA wavefronts are 64 lanes wide

__device__ __forceinline__ float wave_reduce_sum(float v) {
#pragma unroll
  for (int offset = warpSize / 2; offset > 0; offset >>= 1) v += __shfl_down(v, offset);
  return v;   // lane 0 holds the wavefront total
}

// Total of `v` over the block, valid in thread 0. The trailing barrier makes it safe to call again.
__device__ __forceinline__ float block_reduce_sum(float v) {
  __shared__ float wave_partials[kWaves];
  const int lane = threadIdx.x % warpSize;
  const int wave = threadIdx.x / warpSize;
  v = wave_reduce_sum(v);
  if (lane == 0) wave_partials[wave] = v;
  __syncthreads();
  if (wave == 0) {
    v = lane < kWaves ? wave_partials[lane] : 0.0f;
    v = wave_reduce_sum(v);
  }
  __syncthreads();
  return v;
}

__global__ void __launch_bounds__(kBlock) row_sum(const float* __restrict__ x, float* __restrict__ out, int m, int n) {
  for (int row = blockIdx.x; row < m; row += gridDim.x) {
    const float* __restrict__ xr = x + (size_t)row * n;
    float acc = 0.0f;
    for (int j = threadIdx.x; j < n; j += kBlock) acc += xr[j];
    acc = block_reduce_sum(acc);
    if (threadIdx.x == 0) out[row] = acc;
  }
}
