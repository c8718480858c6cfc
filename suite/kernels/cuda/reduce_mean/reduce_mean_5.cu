// xpiler-suite: {"operator": "reduce_mean", "model": "cuda", "entry": "default_function_kernel", "args": ["out", "x"], "dtypes": {}, "style": "compiler-generated (TVM): rfactor + warp allreduce (red_buf0, __activemask), constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 257, "n": 129}, "launch": {"grid": [9, 1, 1], "block": [32, 32, 1]}, "tolerance": {"out": [0.0001, 0.00011357816691600547]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(1024) default_function_kernel(float* __restrict__ T_divide, float* __restrict__ placeholder) {
  float placeholder_red_rf[1];
  float red_buf0[1];
  placeholder_red_rf[0] = 0.000000e+00f;
  for (int k1_outer = 0; k1_outer < 5; ++k1_outer) {
    if (((((int)blockIdx.x) * 32) + ((int)threadIdx.y)) < 257) {
      if (((k1_outer * 32) + ((int)threadIdx.x)) < 129) {
        placeholder_red_rf[0] = (placeholder_red_rf[0] + placeholder[((((((int)blockIdx.x) * 4128) + (((int)threadIdx.y) * 129)) + (k1_outer * 32)) + ((int)threadIdx.x))]);
      }
    }
  }
  uint mask[1];
  float t0[1];
  red_buf0[0] = placeholder_red_rf[0];
  mask[0] = __activemask();
  t0[0] = __shfl_down_sync(mask[0], red_buf0[0], 16, 32);
  red_buf0[0] = (red_buf0[0] + t0[0]);
  t0[0] = __shfl_down_sync(mask[0], red_buf0[0], 8, 32);
  red_buf0[0] = (red_buf0[0] + t0[0]);
  t0[0] = __shfl_down_sync(mask[0], red_buf0[0], 4, 32);
  red_buf0[0] = (red_buf0[0] + t0[0]);
  t0[0] = __shfl_down_sync(mask[0], red_buf0[0], 2, 32);
  red_buf0[0] = (red_buf0[0] + t0[0]);
  t0[0] = __shfl_down_sync(mask[0], red_buf0[0], 1, 32);
  red_buf0[0] = (red_buf0[0] + t0[0]);
  red_buf0[0] = __shfl_sync(mask[0], red_buf0[0], 0, 32);
  if (((int)threadIdx.x) == 0) {
    if (((((int)blockIdx.x) * 32) + ((int)threadIdx.y)) < 257) {
      T_divide[((((int)blockIdx.x) * 32) + ((int)threadIdx.y))] = (red_buf0[0] / 1.290000e+02f);
    }
  }
}
