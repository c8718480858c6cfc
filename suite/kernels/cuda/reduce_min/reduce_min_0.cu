// xpiler-suite: {"operator": "reduce_min", "model": "cuda", "entry": "default_function_kernel", "args": ["x", "out"], "dtypes": {}, "style": "compiler-generated (TVM): block allreduce (warp shuffle + red_buf_staging), constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": {"grid": [1, 1, 1], "block": [32, 1, 1]}, "tolerance": {"out": [0.0001, 2.645751311064591e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(32) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ placeholder_red) {
  float normal_reduce_temp0[1];
  float red_buf0[1];
  normal_reduce_temp0[0] = 3.402823e+38f;
  if (((int)threadIdx.x) < 7) {
    normal_reduce_temp0[0] = min(normal_reduce_temp0[0], placeholder[((int)threadIdx.x)]);
  }
  uint mask[1];
  float t0[1];
  red_buf0[0] = normal_reduce_temp0[0];
  mask[0] = __activemask();
  t0[0] = __shfl_down_sync(mask[0], red_buf0[0], 16, 32);
  red_buf0[0] = min(red_buf0[0], t0[0]);
  t0[0] = __shfl_down_sync(mask[0], red_buf0[0], 8, 32);
  red_buf0[0] = min(red_buf0[0], t0[0]);
  t0[0] = __shfl_down_sync(mask[0], red_buf0[0], 4, 32);
  red_buf0[0] = min(red_buf0[0], t0[0]);
  t0[0] = __shfl_down_sync(mask[0], red_buf0[0], 2, 32);
  red_buf0[0] = min(red_buf0[0], t0[0]);
  t0[0] = __shfl_down_sync(mask[0], red_buf0[0], 1, 32);
  red_buf0[0] = min(red_buf0[0], t0[0]);
  red_buf0[0] = __shfl_sync(mask[0], red_buf0[0], 0, 32);
  if (((int)threadIdx.x) == 0) {
    placeholder_red[0] = red_buf0[0];
  }
}
