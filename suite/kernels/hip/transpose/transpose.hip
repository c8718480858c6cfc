// xpiler-suite: {"operator": "transpose", "model": "hip", "entry": "transpose_lds", "args": ["x", "y", "m", "n"], "dtypes": {}, "style": "hand-written: 64x64 LDS tile, padded pitch, coalesced loads and stores", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": {"grid": [1, 1, 1], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 32, "n": 1000}, "launch": {"grid": [16, 1, 1], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 128, "n": 768}, "launch": {"grid": [12, 2, 1], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 64, "n": 4096}, "launch": {"grid": [64, 1, 1], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 3, "n": 50257}, "launch": {"grid": [786, 1, 1], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 257, "n": 129}, "launch": {"grid": [3, 5, 1], "block": [64, 4, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

#define TILE 64
#define ROWS 4      // blockDim.y: each thread moves TILE / ROWS elements

__global__ void __launch_bounds__(TILE * ROWS) transpose_lds(const float* __restrict__ x, float* __restrict__ y, int m, int n) {
  __shared__ float tile[TILE][TILE + 1];
  const int bx = blockIdx.x * TILE;           // column block of x = row block of y
  const int by = blockIdx.y * TILE;           // row block of x
  const int tx = threadIdx.x;

  const int col = bx + tx;
  for (int r = threadIdx.y; r < TILE; r += ROWS) {
    const int row = by + r;
    if (row < m && col < n) tile[r][tx] = x[(size_t)row * n + col];
  }
  __syncthreads();

  const int ycol = by + tx;                   // column of y = row of x
  for (int r = threadIdx.y; r < TILE; r += ROWS) {
    const int yrow = bx + r;
    if (yrow < n && ycol < m) y[(size_t)yrow * m + ycol] = tile[tx][r];
  }
}
