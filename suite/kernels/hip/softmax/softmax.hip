// xpiler-suite: {"operator": "softmax", "model": "hip", "entry": "softmax_online", "args": ["x", "y", "n"], "dtypes": {}, "style": "hand-written: block per row, online (max, sum) with __shfl_xor + LDS merge", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 8}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2.8284271247461906e-05]}}, {"shape": {"m": 8, "n": 768}, "launch": {"grid": [8, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 16, "n": 4096}, "launch": {"grid": [16, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00064]}}, {"shape": {"m": 100, "n": 1000}, "launch": {"grid": [100, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 33, "n": 1024}, "launch": {"grid": [33, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00032]}}, {"shape": {"m": 4, "n": 11008}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0010491901638883202]}}]}
#include <hip/hip_runtime.h>
#include <math.h>

constexpr int kBlock = 256;
constexpr int kWaves = kBlock / 64;

struct MaxSum {
  float m;   // running maximum
  float s;   // sum of exp(x - m)
};

// merge two partial (max, sum) pairs; an empty pair has m = -inf, s = 0
__device__ __forceinline__ MaxSum merge(MaxSum a, MaxSum b) {
  const float m = fmaxf(a.m, b.m);
  if (m == -INFINITY) return a;
  return {m, a.s * __expf(a.m - m) + b.s * __expf(b.m - m)};
}

__global__ void __launch_bounds__(kBlock) softmax_online(const float* __restrict__ x, float* __restrict__ y, int n) {
  __shared__ MaxSum wave_part[kWaves];
  const float* __restrict__ xr = x + (size_t)blockIdx.x * n;
  float* __restrict__ yr = y + (size_t)blockIdx.x * n;

  MaxSum t = {-INFINITY, 0.0f};
  for (int j = threadIdx.x; j < n; j += kBlock) {
    const float v = xr[j];
    if (v > t.m) {
      t.s = t.s * __expf(t.m - v) + 1.0f;
      t.m = v;
    } else {
      t.s += __expf(v - t.m);
    }
  }
#pragma unroll
  for (int mask = 32; mask > 0; mask >>= 1) {
    MaxSum o;
    o.m = __shfl_xor(t.m, mask);
    o.s = __shfl_xor(t.s, mask);
    t = merge(t, o);
  }
  if ((threadIdx.x & 63) == 0) wave_part[threadIdx.x >> 6] = t;
  __syncthreads();
  MaxSum row = wave_part[0];
#pragma unroll
  for (int w = 1; w < kWaves; ++w) row = merge(row, wave_part[w]);

  const float inv = 1.0f / row.s;
  for (int j = threadIdx.x; j < n; j += kBlock) yr[j] = __expf(xr[j] - row.m) * inv;
}
