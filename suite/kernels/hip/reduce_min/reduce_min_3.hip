// xpiler-suite: {"operator": "reduce_min", "model": "hip", "entry": "row_min_tree<256>", "args": ["x", "out"], "dtypes": {}, "style": "hand-written: LDS tree reduction + final wavefront shuffle, template block size, constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 64, "n": 4096}, "launch": {"grid": [64, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.00064]}}]}
#include <hip/hip_runtime.h>
#include <float.h>

#define ROWS 64
#define COLS 4096

template <int BLOCK>
__global__ void __launch_bounds__(BLOCK) row_min_tree(const float* __restrict__ x, float* __restrict__ out) {
  static_assert(BLOCK % 64 == 0 && BLOCK <= 1024, "whole wavefronts only");
  __shared__ float sdata[BLOCK];
  const int tid = threadIdx.x;
  const float* __restrict__ xr = x + (size_t)blockIdx.x * COLS;

  float v = FLT_MAX;
  for (int j = tid; j < COLS; j += BLOCK) v = fminf(v, xr[j]);
  sdata[tid] = v;
  __syncthreads();

  // LDS tree down to 64 values (one wavefront)
#pragma unroll
  for (int s = BLOCK / 2; s >= 64; s >>= 1) {
    if (tid < s) sdata[tid] = fminf(sdata[tid], sdata[tid + s]);
    __syncthreads();
  }
  if (tid < 64) {
    v = sdata[tid];
#pragma unroll
    for (int offset = 32; offset > 0; offset >>= 1) v = fminf(v, __shfl_down(v, offset));
    if (tid == 0) out[blockIdx.x] = v;
  }
}

template __global__ void row_min_tree<256>(const float* __restrict__, float* __restrict__);
