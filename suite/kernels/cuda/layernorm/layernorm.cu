// xpiler-suite: {"operator": "layernorm", "model": "cuda", "entry": "layernorm_welford", "args": ["x", "gamma", "beta", "y", "n"], "dtypes": {}, "style": "hand-written: block per row, Welford + warp-shuffle/shared merge", "parametric": true, "inputs": {"x": "normal", "gamma": "normal", "beta": "normal"}, "cases": [{"shape": {"m": 1, "n": 8}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2.8284271247461906e-05]}}, {"shape": {"m": 8, "n": 768}, "launch": {"grid": [8, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 16, "n": 4096}, "launch": {"grid": [16, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00064]}}, {"shape": {"m": 100, "n": 1000}, "launch": {"grid": [100, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 33, "n": 1024}, "launch": {"grid": [33, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00032]}}, {"shape": {"m": 4, "n": 11008}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0010491901638883202]}}]}
#include <cuda_runtime.h>

#define LN_EPS 1e-5f

struct Welford {
  float count, mean, m2;
};

__device__ __forceinline__ Welford welford_merge(Welford a, Welford b) {
  const float count = a.count + b.count;
  if (count == 0.0f) return a;
  const float delta = b.mean - a.mean;
  const float wb = b.count / count;
  Welford r;
  r.count = count;
  r.mean = a.mean + delta * wb;
  r.m2 = a.m2 + b.m2 + delta * delta * a.count * wb;
  return r;
}

__device__ __forceinline__ Welford warp_welford(Welford w) {
#pragma unroll
  for (int mask = 16; mask > 0; mask >>= 1) {
    Welford o;
    o.count = __shfl_xor_sync(0xffffffffu, w.count, mask);
    o.mean = __shfl_xor_sync(0xffffffffu, w.mean, mask);
    o.m2 = __shfl_xor_sync(0xffffffffu, w.m2, mask);
    w = welford_merge(w, o);
  }
  return w;
}

__global__ void __launch_bounds__(256) layernorm_welford(const float* __restrict__ x, const float* __restrict__ gamma,
                                                         const float* __restrict__ beta, float* __restrict__ y, int n) {
  __shared__ Welford warp_stats[32];
  __shared__ float s_mean, s_rstd;
  const int row = blockIdx.x;
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int num_warps = blockDim.x >> 5;
  const float* __restrict__ xr = x + (size_t)row * n;
  float* __restrict__ yr = y + (size_t)row * n;

  Welford w = {0.0f, 0.0f, 0.0f};
  for (int j = threadIdx.x; j < n; j += blockDim.x) {
    const float v = xr[j];
    w.count += 1.0f;
    const float delta = v - w.mean;
    w.mean += delta / w.count;
    w.m2 += delta * (v - w.mean);
  }
  w = warp_welford(w);
  if (lane == 0) warp_stats[warp] = w;
  __syncthreads();
  if (warp == 0) {
    Welford t = lane < num_warps ? warp_stats[lane] : Welford{0.0f, 0.0f, 0.0f};
    t = warp_welford(t);
    if (lane == 0) {
      s_mean = t.mean;
      s_rstd = rsqrtf(t.m2 / (float)n + LN_EPS);
    }
  }
  __syncthreads();
  const float mean = s_mean, rstd = s_rstd;
  for (int j = threadIdx.x; j < n; j += blockDim.x) yr[j] = (xr[j] - mean) * rstd * gamma[j] + beta[j];
}
