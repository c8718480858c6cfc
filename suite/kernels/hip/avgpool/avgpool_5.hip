// xpiler-suite: {"operator": "avgpool", "model": "hip", "entry": "default_function_kernel", "args": ["x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused output axes, local window reduction, constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 7, "w": 7, "c": 1024, "kh": 7, "kw": 7, "stride": 1}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 7.000000000000001e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ tensor) {
  float tensor_1[1];
  tensor_1[0] = 0.000000e+00f;
  for (int rv0 = 0; rv0 < 7; ++rv0) {
    for (int rv1 = 0; rv1 < 7; ++rv1) {
      tensor_1[0] = (tensor_1[0] + placeholder[(((rv0 * 7168) + (rv1 * 1024)) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 1024))]);
    }
  }
  tensor[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = (tensor_1[0] / 4.900000e+01f);
}
