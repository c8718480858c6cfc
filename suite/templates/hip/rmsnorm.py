"""rmsnorm over the last axis of [m, n]: hand-written, parametric, one 64-lane wavefront per row
(4 rows per block) with no LDS and no barriers: float4 loads when the row length allows it, a
__shfl_xor butterfly so every lane has the sum of squares, then the scaled write-back."""

WAVES = 4


def render(shape):
    m = shape["m"]
    source = r'''
#include <hip/hip_runtime.h>

__device__ __forceinline__ float wave_allreduce_sum(float v) {
#pragma unroll
  for (int mask = warpSize / 2; mask > 0; mask >>= 1) v += __shfl_xor(v, mask);
  return v;
}

__global__ void __launch_bounds__(256) rmsnorm_wave_per_row(const float* __restrict__ x, const float* __restrict__ gamma,
                                                            float* __restrict__ y, int m, int n) {
  const int lane = threadIdx.x % warpSize;
  const int row = blockIdx.x * (blockDim.x / warpSize) + threadIdx.x / warpSize;
  if (row >= m) return;                       // whole wavefronts only
  const float* __restrict__ xr = x + (size_t)row * n;
  float* __restrict__ yr = y + (size_t)row * n;
  const bool vec = (n & 3) == 0;              // rows start 16-byte aligned

  float ss = 0.0f;
  if (vec) {
    const float4* __restrict__ x4 = reinterpret_cast<const float4*>(xr);
    for (int j = lane; j < (n >> 2); j += warpSize) {
      const float4 v = x4[j];
      ss += v.x * v.x + v.y * v.y + v.z * v.z + v.w * v.w;
    }
  } else {
    for (int j = lane; j < n; j += warpSize) ss = fmaf(xr[j], xr[j], ss);
  }
  const float scale = rsqrtf(wave_allreduce_sum(ss) / (float)n + 1e-5f);

  if (vec) {
    const float4* __restrict__ x4 = reinterpret_cast<const float4*>(xr);
    const float4* __restrict__ g4 = reinterpret_cast<const float4*>(gamma);
    float4* __restrict__ y4 = reinterpret_cast<float4*>(yr);
    for (int j = lane; j < (n >> 2); j += warpSize) {
      const float4 v = x4[j], g = g4[j];
      y4[j] = make_float4(v.x * scale * g.x, v.y * scale * g.y, v.z * scale * g.z, v.w * scale * g.w);
    }
  } else {
    for (int j = lane; j < n; j += warpSize) yr[j] = xr[j] * scale * gamma[j];
  }
}
'''
    return {"source": source, "entry": "rmsnorm_wave_per_row", "args": ["x", "gamma", "y", "m", "n"],
            "launch": {"grid": [(m + WAVES - 1) // WAVES, 1, 1], "block": [64 * WAVES, 1, 1]},
            "style": "hand-written: wavefront per row, float4 loads, __shfl_xor allreduce, no LDS",
            "parametric": True}
