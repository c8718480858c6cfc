"""reduce_min over the last axis of [m, n]: hand-written, fixed-size. The row length is a
compile-time constant and the block size a template parameter; the block reduces through an LDS tree
(halving strides with a barrier each) down to one wavefront, which finishes with __shfl_down."""

BLOCK = 256


def render(shape):
    m, n = shape["m"], shape["n"]
    block = 64 if n <= 64 else BLOCK
    source = r'''
#include <hip/hip_runtime.h>
#include <float.h>

#define ROWS %(m)d
#define COLS %(n)d

template <int BLOCK>
__global__ void __launch_bounds__(BLOCK) row_min_tree(const float* __restrict__ x, float* __restrict__ out) {
  static_assert(BLOCK %% 64 == 0 && BLOCK <= 1024, "whole wavefronts only");
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

template __global__ void row_min_tree<%(block)d>(const float* __restrict__, float* __restrict__);
''' % {"m": m, "n": n, "block": block}
    return {"source": source, "entry": f"row_min_tree<{block}>", "args": ["x", "out"],
            "launch": {"grid": [m, 1, 1], "block": [block, 1, 1]},
            "style": "hand-written: LDS tree reduction + final wavefront shuffle, template block size, constant sizes",
            "parametric": False}
