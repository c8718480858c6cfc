// xpiler-suite: {"operator": "avgpool", "model": "hip", "entry": "default_function_kernel", "args": ["x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused output axes, local window reduction, constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 112, "w": 112, "c": 64, "kh": 3, "kw": 3, "stride": 2}, "launch": {"grid": [757, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ tensor) {
  float tensor_1[1];
  if (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) < 193600) {
    tensor_1[0] = 0.000000e+00f;
    for (int rv0 = 0; rv0 < 3; ++rv0) {
      for (int rv1 = 0; rv1 < 3; ++rv1) {
        tensor_1[0] = (tensor_1[0] + placeholder[((((((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) / 3520) * 14336) + (rv0 * 7168)) + (((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 3520) / 64) * 128)) + (rv1 * 64)) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 64))]);
      }
    }
    tensor[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = (tensor_1[0] / 9.000000e+00f);
  }
}
