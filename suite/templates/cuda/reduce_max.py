"""reduce_max over the last axis of [m, n]: hand-written, one warp per row, butterfly reduction with
__shfl_xor_sync (every lane ends with the row maximum); parametric in m and n."""

WARPS_PER_BLOCK = 4


def render(shape):
    m = shape["m"]
    blocks = (m + WARPS_PER_BLOCK - 1) // WARPS_PER_BLOCK
    source = r'''
#include <cuda_runtime.h>
#include <math_constants.h>

#define WARPS_PER_BLOCK %(warps)d

__global__ void __launch_bounds__(WARPS_PER_BLOCK * 32) reduce_max_warp_per_row(const float* __restrict__ x, float* __restrict__ out, int m, int n) {
  const int lane = threadIdx.x %% 32;
  const int row = blockIdx.x * WARPS_PER_BLOCK + threadIdx.x / 32;
  if (row >= m) return;               // whole warps leave together: the shuffles below stay converged
  const float* __restrict__ xr = x + (size_t)row * n;
  float v = -CUDART_INF_F;
  for (int j = lane; j < n; j += 32) v = fmaxf(v, xr[j]);
#pragma unroll
  for (int mask = 16; mask > 0; mask >>= 1)
    v = fmaxf(v, __shfl_xor_sync(0xffffffff, v, mask));
  if (lane == 0) out[row] = v;
}
''' % {"warps": WARPS_PER_BLOCK}
    return {"source": source, "entry": "reduce_max_warp_per_row", "args": ["x", "out", "m", "n"],
            "launch": {"grid": [blocks, 1, 1], "block": [WARPS_PER_BLOCK * 32, 1, 1]},
            "style": "hand-written: warp per row, __shfl_xor_sync butterfly", "parametric": True}
