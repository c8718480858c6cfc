// xpiler-suite: {"operator": "gather", "model": "cuda", "entry": "embedding_gather", "args": ["table", "idx", "out", "m", "d"], "dtypes": {"idx": "int32"}, "style": "hand-written: row per warp-row of a 2-D block, float4 copies, __ldg", "parametric": true, "inputs": {"table": "normal", "idx": "index:v"}, "cases": [{"shape": {"v": 4, "d": 1, "m": 2}, "launch": {"grid": [1, 1, 1], "block": [32, 8, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 32000, "d": 64, "m": 128}, "launch": {"grid": [16, 1, 1], "block": [32, 8, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 50257, "d": 768, "m": 16}, "launch": {"grid": [2, 1, 1], "block": [32, 8, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 1000, "d": 512, "m": 256}, "launch": {"grid": [32, 1, 1], "block": [32, 8, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 97, "d": 33, "m": 1000}, "launch": {"grid": [125, 1, 1], "block": [32, 8, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 8, "d": 4096, "m": 8}, "launch": {"grid": [1, 1, 1], "block": [32, 8, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

__global__ void __launch_bounds__(256) embedding_gather(const float* __restrict__ table, const int* __restrict__ idx,
                                                        float* __restrict__ out, int num_rows, int dim) {
  for (int row = blockIdx.x * blockDim.y + threadIdx.y; row < num_rows; row += gridDim.x * blockDim.y) {
    const int src_row = __ldg(idx + row);
    const float* __restrict__ src = table + (size_t)src_row * dim;
    float* __restrict__ dst = out + (size_t)row * dim;
    if ((dim & 3) == 0) {
      const float4* __restrict__ src4 = reinterpret_cast<const float4*>(src);
      float4* __restrict__ dst4 = reinterpret_cast<float4*>(dst);
      for (int j = threadIdx.x; j < (dim >> 2); j += blockDim.x) dst4[j] = __ldg(src4 + j);
    } else {
      for (int j = threadIdx.x; j < dim; j += blockDim.x) dst[j] = __ldg(src + j);
    }
  }
}
