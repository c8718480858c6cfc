// xpiler-suite: {"operator": "rmsnorm", "model": "cuda", "entry": "rmsnorm_warp_vec4", "args": ["x", "gamma", "y", "m", "n"], "dtypes": {}, "style": "hand-written: warp per row, float4 vector loads, __shfl_xor_sync allreduce", "parametric": true, "inputs": {"x": "normal", "gamma": "normal"}, "cases": [{"shape": {"m": 1, "n": 8}, "launch": {"grid": [1, 1, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.0001, 2.8284271247461906e-05]}}, {"shape": {"m": 8, "n": 768}, "launch": {"grid": [2, 1, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 16, "n": 4096}, "launch": {"grid": [4, 1, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.0001, 0.00064]}}, {"shape": {"m": 100, "n": 1000}, "launch": {"grid": [25, 1, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 33, "n": 1024}, "launch": {"grid": [9, 1, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.0001, 0.00032]}}, {"shape": {"m": 4, "n": 11008}, "launch": {"grid": [1, 1, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.0001, 0.0010491901638883202]}}]}
#include <cuda_runtime.h>

#define WARPS_PER_BLOCK 4
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
