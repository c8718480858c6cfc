"""reduce_sum over the last axis of [m, n]: hand-written block reduction, one block per row
(grid-stride over rows): strided per-thread partial sums, warp-shuffle tree (__shfl_down_sync),
one partial per warp through shared memory, final warp reduction. Parametric in m and n."""

THREADS = 256


def render(shape):
    m = shape["m"]
    blocks = min(m, 1024)
    source = r'''
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
'''
    return {"source": source, "entry": "reduce_sum_rows", "args": ["x", "out", "m", "n"],
            "launch": {"grid": [blocks, 1, 1], "block": [THREADS, 1, 1]},
            "style": "hand-written: block reduction (warp shuffle + shared partials), grid-stride rows",
            "parametric": True}
