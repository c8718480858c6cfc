// xpiler-suite: {"operator": "avgpool", "model": "hip", "entry": "default_function_kernel", "args": ["x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused output axes, local window reduction, constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 2, "h": 56, "w": 56, "c": 32, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [196, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}]}
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__(256) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ tensor) {
  float tensor_1[1];
  tensor_1[0] = 0.000000e+00f;
  for (int rv0 = 0; rv0 < 2; ++rv0) {
    for (int rv1 = 0; rv1 < 2; ++rv1) {
      tensor_1[0] = (tensor_1[0] + placeholder[(((((((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) / 25088) * 100352) + (((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 25088) / 896) * 3584)) + (rv0 * 1792)) + (((((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 896) / 32) * 64)) + (rv1 * 32)) + (((((int)blockIdx.x) * 256) + ((int)threadIdx.x)) % 32))]);
    }
  }
  tensor[((((int)blockIdx.x) * 256) + ((int)threadIdx.x))] = (tensor_1[0] / 4.000000e+00f);
}
