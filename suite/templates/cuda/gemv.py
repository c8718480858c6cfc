"""gemv y[m] = A[m,k] x[k]: hand-written, parametric. x is staged through shared memory in chunks
of TILE_K (each chunk is loaded once per block and reused by all its warps); one warp per row with
coalesced reads of A, lane-strided partial dot products and a __shfl_down_sync reduction."""

WARPS = 8
TILE_K = 1024


def render(shape):
    m = shape["m"]
    blocks = (m + WARPS - 1) // WARPS
    source = r'''
#include <cuda_runtime.h>

#define WARPS_PER_BLOCK %(warps)d
#define TILE_K %(tile_k)d

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
''' % {"warps": WARPS, "tile_k": TILE_K}
    return {"source": source, "entry": "gemv_warp_rows", "args": ["a", "x", "y", "m", "k"],
            "launch": {"grid": [blocks, 1, 1], "block": [WARPS * 32, 1, 1]},
            "style": "hand-written: x tiled in shared memory, warp per row, shuffle reduction", "parametric": True}
