"""layernorm over the last axis of [m, n]: hand-written, parametric, one 256-thread block per row.
Two-pass statistics (mean, then the centred sum of squares) for accuracy, each with a block
reduction: wave64 __shfl_xor butterfly, one value per wavefront through LDS, and a second butterfly
so every thread gets the result; then the affine normalisation pass."""

THREADS = 256


def render(shape):
    m = shape["m"]
    source = r'''
#include <hip/hip_runtime.h>

constexpr int kBlock = 256;
constexpr int kWaves = kBlock / 64;

__device__ __forceinline__ float wave_allreduce_sum(float v) {
#pragma unroll
  for (int mask = 32; mask > 0; mask >>= 1) v += __shfl_xor(v, mask);
  return v;
}

// Sum over the block, returned to every thread.
__device__ __forceinline__ float block_allreduce_sum(float v, float* scratch) {
  const int lane = threadIdx.x & 63, wave = threadIdx.x >> 6;
  v = wave_allreduce_sum(v);
  if (lane == 0) scratch[wave] = v;
  __syncthreads();
  v = lane < kWaves ? scratch[lane] : 0.0f;
  v = wave_allreduce_sum(v);
  __syncthreads();                // scratch may be reused right after
  return v;
}

__global__ void __launch_bounds__(kBlock) layernorm_rows(const float* __restrict__ x, const float* __restrict__ gamma,
                                                        const float* __restrict__ beta, float* __restrict__ y, int n) {
  constexpr float eps = 1e-5f;
  __shared__ float scratch[kWaves];
  const int row = blockIdx.x;
  const float* __restrict__ xr = x + (size_t)row * n;
  float* __restrict__ yr = y + (size_t)row * n;
  const float inv_n = 1.0f / (float)n;

  float s = 0.0f;
  for (int j = threadIdx.x; j < n; j += kBlock) s += xr[j];
  const float mean = block_allreduce_sum(s, scratch) * inv_n;

  float ss = 0.0f;
  for (int j = threadIdx.x; j < n; j += kBlock) {
    const float d = xr[j] - mean;
    ss = fmaf(d, d, ss);
  }
  const float rstd = rsqrtf(block_allreduce_sum(ss, scratch) * inv_n + eps);

  for (int j = threadIdx.x; j < n; j += kBlock) yr[j] = fmaf((xr[j] - mean) * rstd, gamma[j], beta[j]);
}
'''
    return {"source": source, "entry": "layernorm_rows", "args": ["x", "gamma", "beta", "y", "n"],
            "launch": {"grid": [m, 1, 1], "block": [THREADS, 1, 1]},
            "style": "hand-written: block per row, two-pass statistics, wave64 butterfly + LDS block allreduce",
            "parametric": True}
