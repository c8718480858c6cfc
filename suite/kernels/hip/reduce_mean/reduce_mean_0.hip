// xpiler-suite: {"operator": "reduce_mean", "model": "hip", "entry": "default_function_kernel", "args": ["out", "x"], "dtypes": {}, "style": "compiler-generated (TVM): rfactor + wavefront allreduce (red_buf0), constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": {"grid": [1, 1, 1], "block": [64, 1, 1]}, "tolerance": {"out": [0.0001, 2.645751311064591e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(64) default_function_kernel(float* __restrict__ T_divide, float* __restrict__ placeholder) {
  float placeholder_red_rf[1];
  float red_buf0[1];
  placeholder_red_rf[0] = 0.000000e+00f;
  if ((((int)threadIdx.x) < 7)) {
    placeholder_red_rf[0] = (placeholder_red_rf[0] + placeholder[((int)threadIdx.x)]);
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
    T_divide[0] = (red_buf0[0] / 7.000000e+00f);
  }
}
