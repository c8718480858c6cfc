// xpiler-suite: {"operator": "rmsnorm", "model": "hip", "entry": "rmsnorm_wave_per_row", "args": ["x", "gamma", "y", "m", "n"], "dtypes": {}, "style": "hand-written: wavefront per row, float4 loads, __shfl_xor allreduce, no LDS", "parametric": true, "inputs": {"x": "normal", "gamma": "normal"}, "cases": [{"shape": {"m": 1, "n": 8}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2.8284271247461906e-05]}}, {"shape": {"m": 8, "n": 768}, "launch": {"grid": [2, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 16, "n": 4096}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00064]}}, {"shape": {"m": 100, "n": 1000}, "launch": {"grid": [25, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 33, "n": 1024}, "launch": {"grid": [9, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00032]}}, {"shape": {"m": 4, "n": 11008}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0010491901638883202]}}]}
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
