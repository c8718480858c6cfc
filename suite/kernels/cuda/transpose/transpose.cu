// xpiler-suite: {"operator": "transpose", "model": "cuda", "entry": "transpose_tiled", "args": ["x", "y", "m", "n"], "dtypes": {}, "style": "hand-written: 32x33 padded shared-memory tile", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": {"grid": [1, 1, 1], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 32, "n": 1000}, "launch": {"grid": [32, 1, 1], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 128, "n": 768}, "launch": {"grid": [24, 4, 1], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 64, "n": 4096}, "launch": {"grid": [128, 2, 1], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 3, "n": 50257}, "launch": {"grid": [1571, 1, 1], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}, {"shape": {"m": 257, "n": 129}, "launch": {"grid": [5, 9, 1], "block": [32, 8, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

#define TILE_DIM 32
#define BLOCK_ROWS 8

__global__ void transpose_tiled(const float* __restrict__ in, float* __restrict__ out, int rows, int cols) {
  __shared__ float tile[TILE_DIM][TILE_DIM + 1];     // +1: no bank conflicts on the transposed read

  int x = blockIdx.x * TILE_DIM + threadIdx.x;         // column in `in`
  int y = blockIdx.y * TILE_DIM + threadIdx.y;         // row in `in`
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) {
    if (x < cols && y + j < rows) tile[threadIdx.y + j][threadIdx.x] = in[(size_t)(y + j) * cols + x];
  }
  __syncthreads();

  x = blockIdx.y * TILE_DIM + threadIdx.x;             // column in `out` (= row in `in`)
  y = blockIdx.x * TILE_DIM + threadIdx.y;             // row in `out`
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) {
    if (x < rows && y + j < cols) out[(size_t)(y + j) * rows + x] = tile[threadIdx.x][threadIdx.y + j];
  }
}
