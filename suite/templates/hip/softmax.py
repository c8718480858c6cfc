"""softmax over the last axis of [m, n]: hand-written, parametric, one 256-thread block per row.
Single read pass with an online (max, sum) pair per thread, merged across the wavefront with
__shfl_xor and across wavefronts through LDS; a second pass writes exp(x - max) / sum."""

THREADS = 256


def render(shape):
    m = shape["m"]
    source = r'''
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
'''
    return {"source": source, "entry": "softmax_online", "args": ["x", "y", "n"],
            "launch": {"grid": [m, 1, 1], "block": [THREADS, 1, 1]},
            "style": "hand-written: block per row, online (max, sum) with __shfl_xor + LDS merge",
            "parametric": True}
