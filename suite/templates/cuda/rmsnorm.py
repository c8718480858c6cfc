"""rmsnorm over rows of [m, n] (eps 1e-5): hand-written, parametric. One warp per row, 128-bit
float4 loads when the row length allows (rows then start 16-byte aligned) with a scalar fallback,
sum of squares reduced with __shfl_xor_sync so every lane holds the scale; no shared memory."""

WARPS = 4


def render(s):
    m = s["m"]
    source = r'''
#include <cuda_runtime.h>

#define WARPS_PER_BLOCK %(warps)d
#define RMS_EPS 1e-5f

__device__ __forceinline__ float warp_allreduce_sum(float v) {
#pragma unroll
  for (int mask = 16; mask >= 1; mask /= 2) v += __shfl_xor_sync(0xffffffff, v, mask, 32);
  return v;
}

__global__ void __launch_bounds__(WARPS_PER_BLOCK * 32) rmsnorm_warp_vec4(const float* __restrict__ x, const float* __restrict__ gamma, float* __restrict__ y, int m, int n) {
  const int row = blockIdx.x * WARPS_PER_BLOCK + (threadIdx.x >> 5);
  const int lane = threadIdx.x & 31;
  if (row >= m) return;
  const float* __restrict__ xr = x + (size_t)row * n;
  float* __restrict__ yr = y + (size_t)row * n;

  if ((n & 3) == 0) {
    const int n4 = n >> 2;
    const float4* __restrict__ x4 = reinterpret_cast<const float4*>(xr);
    const float4* __restrict__ g4 = reinterpret_cast<const float4*>(gamma);
    float4* __restrict__ y4 = reinterpret_cast<float4*>(yr);
    float ss = 0.0f;
    for (int i = lane; i < n4; i += 32) {
      const float4 v = x4[i];
      ss += v.x * v.x + v.y * v.y + v.z * v.z + v.w * v.w;
    }
    const float scale = rsqrtf(warp_allreduce_sum(ss) / n + RMS_EPS);
    for (int i = lane; i < n4; i += 32) {
      const float4 v = x4[i], g = g4[i];
      y4[i] = make_float4(v.x * scale * g.x, v.y * scale * g.y, v.z * scale * g.z, v.w * scale * g.w);
    }
  } else {
    float ss = 0.0f;
    for (int i = lane; i < n; i += 32) ss += xr[i] * xr[i];
    const float scale = rsqrtf(warp_allreduce_sum(ss) / n + RMS_EPS);
    for (int i = lane; i < n; i += 32) yr[i] = xr[i] * scale * gamma[i];
  }
}
''' % {"warps": WARPS}
    return {"source": source, "entry": "rmsnorm_warp_vec4", "args": ["x", "gamma", "y", "m", "n"],
            "launch": {"grid": [(m + WARPS - 1) // WARPS, 1, 1], "block": [WARPS * 32, 1, 1]},
            "style": "hand-written: warp per row, float4 vector loads, __shfl_xor_sync allreduce", "parametric": True}
