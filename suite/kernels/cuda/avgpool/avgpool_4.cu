// xpiler-suite: {"operator": "avgpool", "model": "cuda", "entry": "default_function_kernel", "args": ["x", "y"], "dtypes": {}, "style": "compiler-generated (TVM): fused output axis, local window sum, constant divide", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 3, "h": 17, "w": 23, "c": 13, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [12, 1, 1], "block": [1024, 1, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(1024) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ tensor) {
  float tensor_local[1];
  if (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) < 12285) {
    tensor_local[0] = 0.000000e+00f;
    for (int rv0 = 0; rv0 < 3; ++rv0) {
      for (int rv1 = 0; rv1 < 3; ++rv1) {
        tensor_local[0] = (tensor_local[0] + placeholder[(((((((((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) / 4095) * 5083) + (((((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 4095) / 273) * 299)) + (rv0 * 299)) + (((((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 273) / 13) * 13)) + (rv1 * 13)) + (((((int)blockIdx.x) * 1024) + ((int)threadIdx.x)) % 13))]);
      }
    }
    tensor[((((int)blockIdx.x) * 1024) + ((int)threadIdx.x))] = (tensor_local[0] / 9.000000e+00f);
  }
}
