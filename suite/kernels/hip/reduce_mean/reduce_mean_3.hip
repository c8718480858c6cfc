// xpiler-suite: {"operator": "reduce_mean", "model": "hip", "entry": "default_function_kernel", "args": ["out", "x"], "dtypes": {}, "style": "compiler-generated (TVM): rfactor + wavefront allreduce (red_buf0), constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 64, "n": 4096}, "launch": {"grid": [16, 1, 1], "block": [64, 4, 1]}, "tolerance": {"out": [0.0001, 0.00064]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ T_divide, float* __restrict__ placeholder) {
  float placeholder_red_rf[1];
  float red_buf0[1];
  placeholder_red_rf[0] = 0.000000e+00f;
  for (int k1_outer = 0; k1_outer < 64; ++k1_outer) {
    placeholder_red_rf[0] = (placeholder_red_rf[0] + placeholder[((((((int)blockIdx.x) * 16384) + (((int)threadIdx.y) * 4096)) + (k1_outer * 64)) + ((int)threadIdx.x))]);
  }
  float t0[1];
  red_buf0[0] = placeholder_red_rf[0];
  t0[0] = __shfl_down(red_buf0[0], 32, 64);
  red_buf0[0] = (red_buf0[0] + t0[0]);
  t0[0] = __shfl_down(red_buf0[0], 16, 64);
  red_buf0[0] = (red_buf0[0] + t0[0]);
  t0[0] = __shfl_down(red_buf0[0], 8, 64);
  red_buf0[0] = (red_buf0[0] + t0[0]);
  t0[0] = __shfl_down(red_buf0[0], 4, 64);
  red_buf0[0] = (red_buf0[0] + t0[0]);
  t0[0] = __shfl_down(red_buf0[0], 2, 64);
  red_buf0[0] = (red_buf0[0] + t0[0]);
  t0[0] = __shfl_down(red_buf0[0], 1, 64);
  red_buf0[0] = (red_buf0[0] + t0[0]);
  red_buf0[0] = __shfl(red_buf0[0], 0, 64);
  if (((int)threadIdx.x) == 0) {
    T_divide[((((int)blockIdx.x) * 4) + ((int)threadIdx.y))] = (red_buf0[0] / 4.096000e+03f);
  }
}
