// xpiler-suite: {"operator": "gelu", "model": "cuda", "entry": "default_function_kernel", "args": ["out", "x"], "dtypes": {}, "style": "compiler-generated (TVM): fused elementwise chain, constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 4096}, "launch": {"grid": [8, 1, 1], "block": [512, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(512) default_function_kernel(float* __restrict__ T_multiply, float* __restrict__ placeholder) {
  float v_ = placeholder[((((int)blockIdx.x) * 512) + ((int)threadIdx.x))];
  T_multiply[((((int)blockIdx.x) * 512) + ((int)threadIdx.x))] = ((v_ * 5.000000e-01f) * (1.000000e+00f + tanhf(((v_ + (((v_ * v_) * v_) * 4.471500e-02f)) * 7.978846e-01f))));
}
