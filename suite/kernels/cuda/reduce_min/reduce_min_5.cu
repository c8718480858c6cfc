// xpiler-suite: {"operator": "reduce_min", "model": "cuda", "entry": "default_function_kernel", "args": ["x", "out"], "dtypes": {}, "style": "compiler-generated (TVM): block allreduce (warp shuffle + red_buf_staging), constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 257, "n": 129}, "launch": {"grid": [257, 1, 1], "block": [32, 1, 1]}, "tolerance": {"out": [0.0001, 0.00011357816691600547]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(32) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ placeholder_red) {
  float normal_reduce_temp0[1];
  float red_buf0[1];
  normal_reduce_temp0[0] = 3.402823e+38f;
  for (int k1_outer = 0; k1_outer < 5; ++k1_outer) {
    if (((k1_outer * 32) + ((int)threadIdx.x)) < 129) {
      normal_reduce_temp0[0] = min(normal_reduce_temp0[0], placeholder[(((((int)blockIdx.x) * 129) + (k1_outer * 32)) + ((int)threadIdx.x))]);
    }
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
    placeholder_red[((int)blockIdx.x)] = red_buf0[0];
  }
}
