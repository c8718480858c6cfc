// xpiler-suite: {"operator": "softmax", "model": "cuda", "entry": "softmax_online_warp", "args": ["x", "y", "m", "n"], "dtypes": {}, "style": "hand-written: warp per row, online softmax merged with __shfl_xor_sync", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 8}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2.8284271247461906e-05]}}, {"shape": {"m": 8, "n": 768}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 16, "n": 4096}, "launch": {"grid": [2, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00064]}}, {"shape": {"m": 100, "n": 1000}, "launch": {"grid": [13, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 33, "n": 1024}, "launch": {"grid": [5, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00032]}}, {"shape": {"m": 4, "n": 11008}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0010491901638883202]}}]}
#include <cuda_runtime.h>
#include <math_constants.h>

#define WARPS_PER_BLOCK 8

__global__ void __launch_bounds__(WARPS_PER_BLOCK * 32) softmax_online_warp(const float* __restrict__ x, float* __restrict__ y, int m, int n) {
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  for (int row = blockIdx.x * WARPS_PER_BLOCK + warp; row < m; row += gridDim.x * WARPS_PER_BLOCK) {
    const float* __restrict__ xr = x + (size_t)row * n;
    float* __restrict__ yr = y + (size_t)row * n;
    float row_max = -CUDART_INF_F, row_sum = 0.0f;
    for (int j = lane; j < n; j += 32) {
      const float v = xr[j];
      if (v > row_max) {
        row_sum = row_sum * expf(row_max - v) + 1.0f;
        row_max = v;
      } else {
        row_sum += expf(v - row_max);
      }
    }
#pragma unroll
    for (int offset = 16; offset > 0; offset /= 2) {
      const float other_max = __shfl_xor_sync(0xffffffffu, row_max, offset);
      const float other_sum = __shfl_xor_sync(0xffffffffu, row_sum, offset);
      const float new_max = fmaxf(row_max, other_max);
      // lanes that saw no element carry (-inf, 0): guard the exp of -inf - -inf
      row_sum = (row_max == -CUDART_INF_F ? 0.0f : row_sum * expf(row_max - new_max)) +
                (other_max == -CUDART_INF_F ? 0.0f : other_sum * expf(other_max - new_max));
      row_max = new_max;
    }
    const float inv = 1.0f / row_sum;
    for (int j = lane; j < n; j += 32) yr[j] = expf(xr[j] - row_max) * inv;
  }
}
