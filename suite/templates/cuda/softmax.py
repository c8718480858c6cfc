"""softmax over rows of [m, n]: hand-written, parametric. One warp per row with the online
(single-pass) max/sum recurrence per lane, merged across the warp with __shfl_xor_sync
(m = max(m_a, m_b), s = s_a e^(m_a - m) + s_b e^(m_b - m)); a second sweep writes exp(x - m) / s."""

WARPS = 8


def render(s):
    m = s["m"]
    source = r'''
#include <cuda_runtime.h>
#include <math_constants.h>

#define WARPS_PER_BLOCK %(warps)d

__global__ void __launch_bounds__(WARPS_PER_BLOCK * 32) softmax_online_warp(const float* __restrict__ x, float* __restrict__ y, int m, int n) {
  const int warp = threadIdx.x / 32, lane = threadIdx.x %% 32;
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
''' % {"warps": WARPS}
    blocks = min((m + WARPS - 1) // WARPS, 1024)
    return {"source": source, "entry": "softmax_online_warp", "args": ["x", "y", "m", "n"],
            "launch": {"grid": [blocks, 1, 1], "block": [WARPS * 32, 1, 1]},
            "style": "hand-written: warp per row, online softmax merged with __shfl_xor_sync", "parametric": True}
