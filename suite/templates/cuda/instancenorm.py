"""instancenorm (x [n, c, hw], statistics over hw per (n, c), eps 1e-5): hand-written, parametric.

One block per (n, c) plane, classic shared-memory tree reductions (power-of-two block, halving
stride with __syncthreads each step) - first the mean, then the centred sum of squares - followed
by the normalise + affine sweep."""

THREADS = 256


def render(s):
    source = r'''
#include <cuda_runtime.h>

#define BLOCK 256

// Tree reduction of buf[0..BLOCK) in shared memory; every thread gets the total.
__device__ float block_sum(float* buf, float v) {
  const int tid = threadIdx.x;
  buf[tid] = v;
  __syncthreads();
  for (int s = BLOCK / 2; s > 0; s >>= 1) {
    if (tid < s) buf[tid] += buf[tid + s];
    __syncthreads();
  }
  const float total = buf[0];
  __syncthreads();          // buf is reused by the next call
  return total;
}

__global__ void __launch_bounds__(BLOCK) instancenorm_plane(const float* __restrict__ x, const float* __restrict__ gamma,
                                                            const float* __restrict__ beta, float* __restrict__ y, int C, int HW) {
  __shared__ float buf[BLOCK];
  const int plane = blockIdx.x;            // n * C + c
  const int c = plane % C;
  const float* __restrict__ xp = x + (size_t)plane * HW;
  float* __restrict__ yp = y + (size_t)plane * HW;

  float s = 0.0f;
  for (int i = threadIdx.x; i < HW; i += BLOCK) s += xp[i];
  const float mean = block_sum(buf, s) / HW;

  float sq = 0.0f;
  for (int i = threadIdx.x; i < HW; i += BLOCK) {
    const float d = xp[i] - mean;
    sq += d * d;
  }
  const float var = block_sum(buf, sq) / HW;
  const float scale = gamma[c] * rsqrtf(var + 1e-5f);
  const float shift = beta[c] - mean * scale;
  for (int i = threadIdx.x; i < HW; i += BLOCK) yp[i] = xp[i] * scale + shift;
}
'''
    return {"source": source, "entry": "instancenorm_plane", "args": ["x", "gamma", "beta", "y", "c", "hw"],
            "launch": {"grid": [s["n"] * s["c"], 1, 1], "block": [THREADS, 1, 1]},
            "style": "hand-written: block per plane, shared-memory tree reduction, two-pass statistics",
            "parametric": True}
