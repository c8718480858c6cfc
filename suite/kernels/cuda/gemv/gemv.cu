// xpiler-suite: {"operator": "gemv", "model": "cuda", "entry": "gemv_warp_rows", "args": ["a", "x", "y", "m", "k"], "dtypes": {}, "style": "hand-written: x tiled in shared memory, warp per row, shuffle reduction", "parametric": true, "inputs": {"a": "normal", "x": "normal"}, "cases": [{"shape": {"m": 1, "k": 16}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 4e-05]}}, {"shape": {"m": 768, "k": 768}, "launch": {"grid": [96, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 4096, "k": 1024}, "launch": {"grid": [512, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00032]}}, {"shape": {"m": 1000, "k": 2048}, "launch": {"grid": [125, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0004525483399593905]}}, {"shape": {"m": 33, "k": 97}, "launch": {"grid": [5, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 9.848857801796105e-05]}}, {"shape": {"m": 11008, "k": 256}, "launch": {"grid": [1376, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00016]}}]}
#include <cuda_runtime.h>

#define WARPS_PER_BLOCK 8
#define TILE_K 1024

__global__ void __launch_bounds__(WARPS_PER_BLOCK * 32) gemv_warp_rows(const float* __restrict__ A, const float* __restrict__ x, float* __restrict__ y, int M, int K) {
  __shared__ float x_tile[TILE_K];
  const int lane = threadIdx.x & 31;
  const int row = blockIdx.x * WARPS_PER_BLOCK + (threadIdx.x >> 5);
  const bool active = row < M;       // rows past the end still help load x and reach every barrier
  const float* __restrict__ a_row = A + (size_t)(active ? row : 0) * K;

  float sum = 0.0f;
  for (int k0 = 0; k0 < K; k0 += TILE_K) {
    const int len = min(TILE_K, K - k0);
    for (int i = threadIdx.x; i < len; i += blockDim.x) x_tile[i] = x[k0 + i];
    __syncthreads();
    if (active) {
      for (int i = lane; i < len; i += 32) sum = fmaf(a_row[k0 + i], x_tile[i], sum);
    }
    __syncthreads();
  }
#pragma unroll
  for (int offset = 16; offset > 0; offset >>= 1) sum += __shfl_down_sync(0xffffffffu, sum, offset);
  if (active && lane == 0) y[row] = sum;
}
