// xpiler-suite: {"operator": "reduce_max", "model": "hip", "entry": "row_max_wave", "args": ["x", "out", "m", "n"], "dtypes": {}, "style": "hand-written: wavefront per row, __shfl_xor butterfly", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 2.645751311064591e-05]}}, {"shape": {"m": 32, "n": 1000}, "launch": {"grid": [8, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.00031622776601683794]}}, {"shape": {"m": 128, "n": 768}, "launch": {"grid": [32, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 64, "n": 4096}, "launch": {"grid": [16, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.00064]}}, {"shape": {"m": 3, "n": 50257}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.002241807306616695]}}, {"shape": {"m": 257, "n": 129}, "launch": {"grid": [65, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 0.00011357816691600547]}}]}
#include <hip/hip_runtime.h>
#include <float.h>

#define WAVES_PER_BLOCK 4

__global__ void __launch_bounds__(WAVES_PER_BLOCK * 64) row_max_wave(const float* __restrict__ x, float* __restrict__ out,
                                                                     int m, int n) {
  const int lane = threadIdx.x & (warpSize - 1);
  const int row = blockIdx.x * WAVES_PER_BLOCK + threadIdx.x / warpSize;
  if (row >= m) return;   // the whole wavefront leaves together, the shuffles below stay converged
  const float* __restrict__ xr = x + (size_t)row * n;
  float v = -FLT_MAX;
  for (int j = lane; j < n; j += warpSize) v = fmaxf(v, xr[j]);
#pragma unroll
  for (int mask = warpSize / 2; mask > 0; mask >>= 1) v = fmaxf(v, __shfl_xor(v, mask));
  if (lane == 0) out[row] = v;
}
