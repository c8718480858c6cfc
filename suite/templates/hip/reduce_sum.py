"""reduce_sum over the last axis of [m, n]: hand-written block reduction, one block per row with a
grid-stride loop over rows. Each thread accumulates a strided partial sum, the wavefront reduces with
__shfl_down from warpSize/2 (= 32 on CDNA), one partial per wavefront goes through LDS and the first
wavefront reduces those. Parametric in m and n."""

THREADS = 256


def render(shape):
    m = shape["m"]
    blocks = max(1, min(m, 480))
    source = r'''
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
'''
    return {"source": source, "entry": "row_sum", "args": ["x", "out", "m", "n"],
            "launch": {"grid": [blocks, 1, 1], "block": [THREADS, 1, 1]},
            "style": "hand-written: block reduction (wave64 __shfl_down + LDS partials), grid-stride rows",
            "parametric": True}
