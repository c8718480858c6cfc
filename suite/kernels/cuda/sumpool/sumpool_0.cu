// xpiler-suite: {"operator": "sumpool", "model": "cuda", "entry": "default_function_kernel", "args": ["y", "x"], "dtypes": {}, "style": "compiler-generated (TVM): fused output axis split outer/block/thread, unrolled window, constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1, "h": 4, "w": 4, "c": 1, "kh": 2, "kw": 2, "stride": 2}, "launch": {"grid": [1, 1, 1], "block": [4, 1, 1]}, "tolerance": {"y": [0.0001, 2e-05]}}]}
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__(4) default_function_kernel(float* __restrict__ tensor, float* __restrict__ placeholder) {
  tensor[((int)threadIdx.x)] = (((placeholder[(((((int)threadIdx.x) / 2) * 8) + ((((int)threadIdx.x) % 2) * 2))] + placeholder[((((((int)threadIdx.x) / 2) * 8) + ((((int)threadIdx.x) % 2) * 2)) + 1)]) + placeholder[((((((int)threadIdx.x) / 2) * 8) + 4) + ((((int)threadIdx.x) % 2) * 2))]) + placeholder[(((((((int)threadIdx.x) / 2) * 8) + 4) + ((((int)threadIdx.x) % 2) * 2)) + 1)]);
}
