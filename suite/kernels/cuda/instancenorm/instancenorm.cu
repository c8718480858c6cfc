// xpiler-suite: {"operator": "instancenorm", "model": "cuda", "entry": "instancenorm_plane", "args": ["x", "gamma", "beta", "y", "c", "hw"], "dtypes": {}, "style": "hand-written: block per plane, shared-memory tree reduction, two-pass statistics", "parametric": true, "inputs": {"x": "normal", "gamma": "normal", "beta": "normal"}, "cases": [{"shape": {"n": 1, "c": 1, "hw": 4}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "c": 64, "hw": 3136}, "launch": {"grid": [64, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0005600000000000001]}}, {"shape": {"n": 2, "c": 128, "hw": 784}, "launch": {"grid": [256, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00028000000000000003]}}, {"shape": {"n": 4, "c": 32, "hw": 1024}, "launch": {"grid": [128, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00032]}}, {"shape": {"n": 3, "c": 7, "hw": 999}, "launch": {"grid": [21, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0003160696125855822]}}, {"shape": {"n": 1, "c": 512, "hw": 49}, "launch": {"grid": [512, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 7.000000000000001e-05]}}]}
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
