"""transpose y[n,m] = x[m,n]^T: hand-written, parametric. The classic 32x32 shared-memory tile with
one column of padding (tile[32][33]) so the column-wise reads hit 32 different banks; 32x8 threads,
each moving 4 elements, both global reads and writes coalesced."""

TILE, ROWS = 32, 8


def render(shape):
    m, n = shape["m"], shape["n"]
    grid = [(n + TILE - 1) // TILE, (m + TILE - 1) // TILE, 1]
    source = r'''
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
'''
    return {"source": source, "entry": "transpose_tiled", "args": ["x", "y", "m", "n"],
            "launch": {"grid": grid, "block": [TILE, ROWS, 1]},
            "style": "hand-written: 32x33 padded shared-memory tile", "parametric": True}
