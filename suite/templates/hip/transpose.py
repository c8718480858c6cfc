"""transpose y[n, m] = x[m, n]: hand-written, parametric, the classic LDS-tiled transpose sized for
wave64: a 64 x 64 tile per block, 64 x 4 threads; each wavefront reads one 64-float row segment of x
and writes one 64-float row segment of y (both coalesced), and the tile row pitch of 65 floats keeps
the column reads of LDS free of bank conflicts."""

TILE = 64


def render(shape):
    m, n = shape["m"], shape["n"]
    grid = [(n + TILE - 1) // TILE, (m + TILE - 1) // TILE, 1]
    source = r'''
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
'''
    return {"source": source, "entry": "transpose_lds", "args": ["x", "y", "m", "n"],
            "launch": {"grid": grid, "block": [TILE, 4, 1]},
            "style": "hand-written: 64x64 LDS tile, padded pitch, coalesced loads and stores",
            "parametric": True}
