// xpiler-suite: {"operator": "sign", "model": "cuda", "entry": "default_function_kernel", "args": ["x", "out"], "dtypes": {}, "style": "compiler-generated (TVM): fused i0 split outer/block/thread, constant sizes", "parametric": false, "inputs": {"x": "nonzero"}, "cases": [{"shape": {"n": 1048576}, "launch": {"grid": [64, 1, 1], "block": [1024, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(1024) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ T_sign) {
  for (int i0_fused_outer = 0; i0_fused_outer < 16; ++i0_fused_outer) {
    T_sign[(((i0_fused_outer * 65536) + (((int)blockIdx.x) * 1024)) + ((int)threadIdx.x))] = ((0.000000e+00f < placeholder[(((i0_fused_outer * 65536) + (((int)blockIdx.x) * 1024)) + ((int)threadIdx.x))]) ? 1.000000e+00f : ((placeholder[(((i0_fused_outer * 65536) + (((int)blockIdx.x) * 1024)) + ((int)threadIdx.x))] < 0.000000e+00f) ? -1.000000e+00f : 0.000000e+00f));
  }
}
