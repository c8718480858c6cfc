// xpiler-suite: {"operator": "avgpool", "model": "cuda", "entry": "default_function_kernel", "args": ["x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused output axis, local window sum, constant divide", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 4, "w": 4, "c": 1, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [1, 1, 1], "block": [4, 1, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(4) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ tensor) {
  float tensor_local[1];
  tensor_local[0] = 0.000000e+00f;
  for (int rv0 = 0; rv0 < 2; ++rv0) {
    for (int rv1 = 0; rv1 < 2; ++rv1) {
      tensor_local[0] = (tensor_local[0] + placeholder[(((((((int)threadIdx.x) / 2) * 8) + (rv0 * 4)) + ((((int)threadIdx.x) % 2) * 2)) + rv1)]);
    }
  }
  tensor[((int)threadIdx.x)] = (tensor_local[0] / 4.000000e+00f);
}
