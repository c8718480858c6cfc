"""reduce_max over the last axis of [m, n]: hand-written, one wavefront per row (4 rows per 256-thread
block), butterfly all-reduce with __shfl_xor over the 64 lanes; parametric in m and n."""

WAVES_PER_BLOCK = 4


def render(shape):
    m = shape["m"]
    blocks = (m + WAVES_PER_BLOCK - 1) // WAVES_PER_BLOCK
    source = r'''
#include <hip/hip_runtime.h>
#include <float.h>

#define WAVES_PER_BLOCK %(waves)d

__global__ void __launch_bounds__(WAVES_PER_BLOCK * 64) row_max_wave(const float* __restrict__ x, float* __restrict__ out,
                                                                     int m, int n) {
  const int lane = threadIdx.x & (warpSize - 1);
  const int row = blockIdx.x * WAVES_PER_BLOCK + threadIdx.x / warpSize;
  if (row >= m) return;   // the whole wavefront leaves together, the shuffles below stay converged
  const float* __restrict__ xr = x + (size_t)row * n;
  float v = -FLT_MAX;
  for (int j = lane; j < n; j += warpSize) v = fmaxf(v, xr[j]);
#pragma unroll
  for (int mask = warpSize / 2; mask > 0; mask >>= 1) v = fmaxf(v, __shfl_xor(v, mask));
  if (lane == 0) out[row] = v;
}
''' % {"waves": WAVES_PER_BLOCK}
    return {"source": source, "entry": "row_max_wave", "args": ["x", "out", "m", "n"],
            "launch": {"grid": [blocks, 1, 1], "block": [WAVES_PER_BLOCK * 64, 1, 1]},
            "style": "hand-written: wavefront per row, __shfl_xor butterfly", "parametric": True}
